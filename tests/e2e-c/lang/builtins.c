#include <stdio.h>
#include <stddef.h>
struct s { int a; char b[10]; double c; };
int main(void)
{
    printf("%d %d %d\n", __builtin_clz(1), __builtin_clz(0x80000000u), __builtin_clzl(1UL));
    printf("%d %d %d\n", __builtin_ctz(8), __builtin_ctzll(1ULL << 40), __builtin_ctz(0x80000000u));
    printf("%d %d %d\n", __builtin_popcount(0xff), __builtin_popcountl(-1L), __builtin_popcount(0));
    printf("%x %x %lx\n", __builtin_bswap16(0x1234), __builtin_bswap32(0x12345678),
           __builtin_bswap64(0x0102030405060708UL));
    printf("%lu %lu %lu\n", __builtin_offsetof(struct s, b), offsetof(struct s, b[3]), offsetof(struct s, c));
    printf("%d %d\n", __builtin_types_compatible_p(int, int), __builtin_types_compatible_p(int, long));
    int v = 3;
    printf("%d %d\n", __builtin_constant_p(10), __builtin_constant_p(v));
    printf("%g %g %d\n", __builtin_inf(), -__builtin_huge_val(), __builtin_nan("") != __builtin_nan(""));
    printf("%s %s\n", __func__, __FUNCTION__);
    if (__builtin_expect(v > 100, 0))
        __builtin_unreachable();
    printf("%g\n", (double)__builtin_inff());
    return 0;
}
