/* Which functions the JIT compiles: square is called 1000 times (hot), main
   loops (compiled through its loop head), once is called once and has no loop. */
#include <stdio.h>

static long square(long x) { return x * x; }
static int once(int x) { return x + 1; }

int main(void)
{
    long s = 0;
    for (int i = 0; i < 1000; i++)
        s += square(i);
    printf("%ld %d\n", s, once(41));
    return 0;
}
