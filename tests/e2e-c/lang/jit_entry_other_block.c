/* A pointer moved to a smaller block within one loop body: the access through
   it is checked against that block, not the one checked before (the JIT's
   checked entry); out of bounds at i == 900 in every tier. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int *a = calloc(64, sizeof *a), *b = calloc(8, sizeof *b);
    long s = 0;
    for (int i = 0; i < 1000; i++) {
        int *p = a;
        s += p[i % 50] + p[1];
        p = b;
        s += p[3 + (i / 900) * 37];
        a[i % 64] = i;
    }
    printf("%ld\n", s);
    return 0;
}
