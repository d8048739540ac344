/* A failed assert prints glibc's message on stderr and aborts (status 134)
 * without flushing stdout. */
#include <assert.h>
#include <stdio.h>

static int check(int x)
{
    assert(x < 10);
    return x * 2;
}

int main(void)
{
    printf("flushed line\n");
    fflush(stdout);
    printf("%d\n", check(3));
    printf("this line stays in the buffer\n");
    check(42);
    printf("not reached\n");
    return 0;
}
