/* exit() from a nested call flushes streams; _Exit would not. */
#include <stdio.h>
#include <stdlib.h>

static void deep(int n)
{
    if (n == 0) {
        printf("leaving from deep\n");
        exit(3);
    }
    deep(n - 1);
}

int main(void)
{
    printf("start\n");
    deep(10);
    printf("not reached\n");
    return 0;
}
