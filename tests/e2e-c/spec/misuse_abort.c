/* abort of a level that was never entered. */
#include <speculate.h>
#include <stdio.h>

static void fail(int level)
{
    abort(level);
}

int main(void)
{
    int a = speculate();
    printf("level %d\n", a);
    commit(a);
    fail(a + 1);
    return 0;
}
