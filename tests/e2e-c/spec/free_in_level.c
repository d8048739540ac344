/* A free inside a level is deferred, but the block is gone for the program
 * at once: a use is a use after free. */
#include <speculate.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int *p = malloc(4 * sizeof *p);
    p[2] = 7;
    int l = speculate();
    free(p);
    printf("freed in level %d\n", l);
    fflush(stdout); /* held: released at exit, as the process ends */
    printf("p[2]=%d\n", p[2]);
    commit(l);
    return 0;
}
