/* A failing assert aborts (status 134); passing asserts have no effect. */
#include <stdio.h>
#include <assert.h>

static int square(int x) { return x * x; }

int main(void)
{
    assert(1);
    assert(square(3) == 9);
    int checked = 0;
    for (int i = 0; i < 5; i++) {
        assert(square(i) >= 0);
        checked++;
    }
    printf("checked %d\n", checked);
    fflush(stdout);
    assert(square(2) == 5);
    printf("not reached\n");
    return 0;
}
