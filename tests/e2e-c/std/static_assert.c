/* _Static_assert at file, block and struct scope (C11 6.7.10). */
#include <stdio.h>
#include <assert.h>
#include <limits.h>

_Static_assert(sizeof(int) == 4, "int is 32 bits");
_Static_assert(CHAR_BIT == 8, "bytes are 8 bits");
static_assert(sizeof(void *) == 8, "LP64");
_Static_assert(-1 >> 1 == -1, "arithmetic right shift");
_Static_assert((char)-1 < 0, "char is signed");

struct with_assert {
    int a;
    _Static_assert(sizeof(int) >= 2, "inside a struct");
    char b;
};

enum { N = 10 };
_Static_assert(N * 2 == 20, "enum constant expression");

int main(void)
{
    _Static_assert(sizeof(long) == 8, "long is 64 bits");
    static_assert(1 + 1 == 2, "arithmetic");
    int x = 3;
    for (int i = 0; i < 2; i++) {
        _Static_assert(N > 0, "in a loop body");
        x += i;
    }
    printf("%d %zu\n", x, sizeof(struct with_assert));
    _Static_assert(_Alignof(double) == 8, "double alignment");
    _Static_assert(sizeof(struct with_assert) == 8, "no padding from asserts");
    printf("static asserts passed\n");
    return 0;
}
