/* atexit handlers run in reverse order of registration, after main returns. */
#include <stdio.h>
#include <stdlib.h>

static int counter;

static void first(void) { printf("first registered, runs last (counter %d)\n", counter); }
static void second(void) { printf("second\n"); counter++; }
static void third(void) { printf("third registered, runs first\n"); counter += 10; }
static void again(void) { printf("registered twice\n"); }

int main(void)
{
    printf("%d\n", atexit(first));
    printf("%d\n", atexit(second));
    printf("%d\n", atexit(again));
    printf("%d\n", atexit(third));
    printf("%d\n", atexit(again));
    printf("main returns 7\n");
    return 7;
}
