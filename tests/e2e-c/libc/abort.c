/* abort(): status 134, no flush; a SIGABRT handler runs first. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static void on_abort(int sig)
{
    printf("handler got %d\n", sig);
    fflush(stdout);
}

int main(void)
{
    printf("before\n");
    fflush(stdout);
    signal(SIGABRT, on_abort);
    printf("lost\n");
    abort();
}
