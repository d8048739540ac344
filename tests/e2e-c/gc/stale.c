/* A stale pointer keeps its index out of reuse through any number of
 * collections: after 200000 allocations the access is still reported as a
 * use after free, never as an access to some newer block. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int *p = malloc(16);
    p[1] = 5;
    free(p);
    long n = 0;
    for (int i = 0; i < 200000; i++) {
        int *q = malloc(16); /* would get p's index if it were reused */
        q[1] = 7;
        n += q[1];
        free(q);
    }
    printf("%ld\n", n);
    fflush(stdout);
    return p[1];
}
