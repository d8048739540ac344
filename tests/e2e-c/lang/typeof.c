#include <stdio.h>
int main(void)
{
    int a = 5;
    typeof(a) b = 6;
    __typeof__(a * 2.0) c = 1.5;
    typeof(int *) p = &a;
    typeof(char[4]) arr = "abc";
    printf("%d %g %d %s %lu\n", b, c, *p, arr, sizeof arr);
    typeof(p) q = p;
    printf("%d\n", *q);
    return 0;
}
