#include <stdio.h>
#include <setjmp.h>
static jmp_buf env;
static int depth;
static void dive(int n)
{
    depth = n;
    if (n == 5)
        longjmp(env, n * 10);
    dive(n + 1);
}
int main(void)
{
    int r = setjmp(env);
    if (r == 0) {
        printf("first\n");
        dive(0);
        printf("not reached\n");
    } else {
        printf("back %d depth %d\n", r, depth);
    }
    jmp_buf again;
    volatile int count = 0;
    if (setjmp(again) < 3) {
        count++;
        if (count < 3)
            longjmp(again, count);
    }
    printf("count %d\n", count);
    return 0;
}
