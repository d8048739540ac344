/* atexit handlers run in reverse order, may register more, and output
 * buffered before exit is flushed. */
#include <stdio.h>
#include <stdlib.h>

static void third(void)
{
    printf("third (registered by second)\n");
}

static void first(void)
{
    printf("first registered, runs last\n");
}

static void second(void)
{
    printf("second\n");
    atexit(third);
}

static void many(void)
{
    static int n;
    n++;
    if (n == 40)
        printf("40 handlers ran\n");
}

int main(void)
{
    atexit(first);
    atexit(second);
    for (int i = 0; i < 40; i++)
        atexit(many);
    printf("main returns 7 (buffered)");
    return 7;
}
