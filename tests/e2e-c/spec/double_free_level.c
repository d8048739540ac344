/* A second free of a block freed (deferred) in an open level is a double
 * free, as without speculation. */
#include <speculate.h>
#include <stdlib.h>

int main(void)
{
    char *p = malloc(10);
    int l = speculate();
    free(p);
    if (l > 0)
        free(p);
    return 0;
}
