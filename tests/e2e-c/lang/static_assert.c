#include <stdio.h>
#include <assert.h>
_Static_assert(sizeof(int) == 4, "int is 32 bits");
_Static_assert(sizeof(void *) == 8, "pointers are 64 bits");
struct s {
    int a;
    _Static_assert(1, "inside struct");
};
int main(void)
{
    _Static_assert(sizeof(long) == 8, "long is 64 bits");
    static_assert(-1 >> 1 == -1, "arithmetic shift");
    printf("ok\n");
    return 0;
}
