/* a guest fault names the C file and line, and the callers */
#include <stdio.h>
static int get(int *a, int i)
{
    return a[i];
}
int main(void)
{
    int arr[4] = {1, 2, 3, 4};
    printf("%d\n", get(arr, 3));
    fflush(stdout);
    return get(arr, 4);
}
