/* A speculation stepped into by hand (tests/repl/spec.cmd). */
#include <speculate.h>
#include <stdio.h>
#include <stdlib.h>

static int balance[2] = {100, 50};

static int transfer(int amount)
{
    int level = speculate();
    if (level == 0) {
        printf("rolled back\n");
        return -1;
    }
    balance[0] -= amount;
    balance[1] += amount;
    if (balance[0] < 0)
        abort(level);
    commit(level);
    printf("committed %d\n", amount);
    return 0;
}

int main(void)
{
    int *log = malloc(3 * sizeof *log);
    log[0] = transfer(30);
    log[1] = transfer(500);
    log[2] = transfer(10);
    printf("%d %d %d %d %d\n", balance[0], balance[1], log[0], log[1], log[2]);
    free(log);
    return 0;
}
