/* The retry pattern: while ((l = speculate()) == 0) ;  The first try fails
 * and aborts; the second try succeeds and commits. */
#include <speculate.h>
#include <stdio.h>

static int attempts; /* rolled back too: counts only the surviving try */

static int try_step(int *balance, int amount, int fail)
{
    *balance -= amount;
    attempts++;
    return fail ? -1 : 0;
}

int main(void)
{
    int balance = 100;
    int tries = 0; /* restored by the abort, like every local */
    int l;
    int fail_first = 1;
    while ((l = speculate()) == 0)
        fail_first = 0; /* runs after each abort: the next try will succeed */
    tries++;
    if (try_step(&balance, 30, fail_first) < 0)
        abort(l);
    commit(l);
    printf("level %d, balance %d, attempts %d, tries %d\n", l, balance, attempts, tries);
    return 0;
}
