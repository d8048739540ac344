/* exit() runs atexit handlers; a handler's output is flushed too. */
#include <stdio.h>
#include <stdlib.h>

static void bye(void) { printf("bye from handler"); }
static void flush_note(void) { printf("[handler 2]\n"); }

static void work(int depth)
{
    if (depth == 0) {
        printf("calling exit(0) from depth\n");
        exit(EXIT_SUCCESS);
    }
    work(depth - 1);
}

int main(void)
{
    atexit(bye);
    atexit(flush_note);
    printf("%d %d\n", EXIT_SUCCESS, EXIT_FAILURE != 0);
    work(10);
    return 3;
}
