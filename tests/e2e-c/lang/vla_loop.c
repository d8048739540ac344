/* A VLA declared in a loop reuses its block while the size stays the same:
 * a million iterations of a 4000-byte VLA must not exhaust memory. */
#include <stdio.h>
static long fill(int n, int seed)
{
    long s = 0;
    for (int rep = 0; rep < 250000; rep++) {
        int v[n];                       /* new object each iteration */
        for (int j = 0; j < n; j += 100)
            v[j] = seed + j + rep;
        s += v[n - 100];
    }
    return s;
}
int main(void)
{
    long total = 0;
    for (int k = 1; k <= 4; k++)
        total += fill(1000 * k, k);
    printf("%ld\n", total);
    int m = 3;
    for (int i = 0; i < 3; i++) {
        char name[m + i];               /* a different size each time */
        for (int j = 0; j < m + i - 1; j++)
            name[j] = 'a' + j;
        name[m + i - 1] = 0;
        printf("%zu %s\n", sizeof name, name);
    }
    return 0;
}
