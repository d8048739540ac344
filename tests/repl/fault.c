/* A guest fault stops the program at the faulting line (tests/repl/fault.cmd). */
#include <stdio.h>

static void fill(int *a, int n)
{
    for (int i = 0; i <= n; i++)
        a[i] = i * i;
}

int main(void)
{
    int a[4];
    fill(a, 4);
    printf("%d\n", a[0]);
    return 0;
}
