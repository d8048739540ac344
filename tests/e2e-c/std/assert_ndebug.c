/* With NDEBUG defined before <assert.h>, assert does not evaluate its argument. */
#define NDEBUG
#include <stdio.h>
#include <assert.h>

static int calls;
static int side(void) { calls++; return 0; }

int main(void)
{
    assert(side());
    assert(0);
    printf("calls %d\n", calls);
    return 0;
}
