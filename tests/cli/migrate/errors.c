/* migrate() failures return a negative errno value and the process goes on. */
#include <migrate.h>
#include <speculate.h>
#include <stdio.h>

int main(void)
{
    printf("unknown target: %d\n", migrate("teleport:x"));
    printf("empty file name: %d\n", migrate("checkpoint:"));
    printf("missing directory: %d\n", migrate("checkpoint:/nonexistent-dir/x.img"));
    int l = speculate();
    if (l > 0) {
        /* a failure inside a level: the level goes on */
        printf("inside a speculation: %d\n", migrate("checkpoint:/nonexistent-dir/y.img"));
        commit(l);
    }
    printf("still running\n");
    return 0;
}
