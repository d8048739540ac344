/* abort() ends the program abnormally (status 134) without running atexit handlers. */
#include <stdio.h>
#include <stdlib.h>

static void handler(void) { printf("handler must not run\n"); }

int main(void)
{
    atexit(handler);
    printf("about to abort\n");
    fflush(stdout);
    abort();
}
