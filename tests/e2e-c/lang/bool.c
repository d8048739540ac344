#include <stdio.h>
#include <stdbool.h>
int main(void)
{
    bool a = 5, b = 0, c = 0.1, d = (void *)&a;
    printf("%d %d %d %d %lu\n", a, b, c, d, sizeof(bool));
    bool e = true;
    e++;
    printf("%d\n", e);
    e = e + 1;
    printf("%d\n", e);
    bool arr[3] = {1, 0, 2};
    printf("%d %d %d\n", arr[0], arr[1], arr[2]);
    int n = !a + !b;
    printf("%d\n", n);
    bool f = false;
    f |= 4;
    printf("%d\n", f);
    return 0;
}
