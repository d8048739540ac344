/* A call that frees the block between two accesses through pointers to it in
   one loop body: the second is a use after free at i == 700 in every tier
   (the JIT forgets what it checked at a call). */
#include <stdio.h>
#include <stdlib.h>

static void release_if(int *p, int now)
{
    if (now)
        free(p);
}

int main(void)
{
    int *p = malloc(16 * sizeof *p);
    long s = 0;
    for (int i = 0; i < 16; i++)
        p[i] = i;
    for (int i = 0; i < 1000; i++) {
        int *q = p + 1;
        s += p[0] + q[0];
        release_if(p, i == 700);
        s += q[i % 8];
    }
    printf("%ld\n", s);
    return 0;
}
