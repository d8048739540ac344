/* The value returned from main is the exit status; buffered output is flushed. */
#include <stdio.h>

static int compute(void) { return 1 + 2; }

int main(void)
{
    printf("returning %d\n", compute());
    printf("no newline at the end");
    return compute();
}
