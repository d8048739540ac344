/* Integer constants: bases, suffixes, and the type C11 6.4.4.1 gives them. */
#include <stdio.h>

#define TYPE(x) _Generic((x), \
    int: "int", unsigned int: "unsigned int", \
    long: "long", unsigned long: "unsigned long", \
    long long: "long long", unsigned long long: "unsigned long long", \
    char: "char", default: "other")

#define SHOW(x) printf("%-24s %-20s size %zu\n", #x, TYPE(x), sizeof(x))

int main(void)
{
    printf("%d %d %d %d\n", 10, 010, 0x10, 0X1f);
    printf("%d %d %d\n", 0, 00, 0x0);
    printf("%u %u\n", 0xDeadBeef, 0XABCDEFu);
    printf("%lld %lld\n", 1000000000000LL, 0x7fffffffffffffffLL);
    printf("%llu\n", 18446744073709551615ULL);
    printf("%lo %lx\n", 0777777777777l, 0x123456789abcdefl);

    SHOW(0);
    SHOW(2147483647);
    SHOW(2147483648);
    SHOW(-2147483648);
    SHOW(0x7fffffff);
    SHOW(0x80000000);
    SHOW(0xffffffff);
    SHOW(0x100000000);
    SHOW(037777777777);
    SHOW(040000000000);
    SHOW(4294967295);
    SHOW(10u);
    SHOW(10U);
    SHOW(4294967295u);
    SHOW(4294967296u);
    SHOW(10l);
    SHOW(10L);
    SHOW(10ul);
    SHOW(10lu);
    SHOW(10UL);
    SHOW(10LU);
    SHOW(10ll);
    SHOW(10LL);
    SHOW(10ull);
    SHOW(10llu);
    SHOW(10uLL);
    SHOW(10LLU);
    SHOW(9223372036854775807);
    SHOW(0x7fffffffffffffff);
    SHOW(0x8000000000000000);
    SHOW(01000000000000000000000);
    SHOW(0xffffffffffffffffLL);
    SHOW(0xffffffffLL);
    SHOW(0x7fffffffL);
    SHOW(0xffffffffffffffffL);
    SHOW('a');
    SHOW('\0');
    SHOW((char)'a');

    printf("%d %d %d %d %d\n", 'a', '\n', '\x41', '\101', '\'');
    printf("%d %d %d\n", '\377' < 0, '\xff', '\x7f');
    printf("%d\n", -2147483647 - 1 == (int)0x80000000);
    printf("%ld\n", -2147483648);
    printf("%d\n", -0x80000000 > 0);
    printf("%lld\n", -9223372036854775807LL - 1);
    printf("%d %d\n", 1 ? 0x80000000 > 0 : 0, -1 < 0x80000000);
    return 0;
}
