/* A block allocated inside an aborted level is reclaimed: a pointer to it
 * faults.  Every guest value is rolled back, so the program forges the
 * pointer from the next block index (the VM hands indexes out in order). */
#include <speculate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int *before = malloc(sizeof *before);
    *before = 1;
    int l = speculate();
    if (l > 0) {
        int *inside = malloc(sizeof *inside);
        *inside = 2;
        abort(l);
    }
    int *stale = (int *)((uintptr_t)before + ((uintptr_t)1 << 32));
    printf("before=%d\n", *before);
    fflush(stdout);
    printf("stale=%d\n", *stale);
    return 0;
}
