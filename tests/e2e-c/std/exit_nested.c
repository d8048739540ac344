/* exit() from a nested call ends the program with that status after flushing. */
#include <stdio.h>
#include <stdlib.h>

static void level3(int n)
{
    printf("level3 %d\n", n);
    if (n == 3)
        exit(5);
    printf("not reached\n");
}

static void level2(int n) { printf("level2\n"); level3(n + 1); printf("after level3\n"); }
static void level1(int n) { printf("level1\n"); level2(n + 1); }

int main(void)
{
    printf("start (buffered, no flush)");
    putchar('\n');
    level1(1);
    printf("not reached in main\n");
    return 0;
}
