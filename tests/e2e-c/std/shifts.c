/* Shift operators: result type is the promoted left operand. */
#include <stdio.h>

int main(void)
{
    unsigned u = 1;
    for (int i = 0; i < 32; i += 5)
        printf("%u ", u << i);
    printf("\n");
    printf("%u\n", 0x80000000u >> 31);
    printf("%u\n", 0xffffffffu >> 4);
    printf("%u\n", 0xffffffffu << 4);
    printf("%d\n", -16 >> 2);
    printf("%d\n", -1 >> 10);
    printf("%d\n", -17 >> 1);
    printf("%ld\n", -1000000000000L >> 8);
    printf("%llu\n", 1ULL << 63);
    printf("%llu\n", (1ULL << 63) >> 63);
    printf("%lld\n", (long long)(0xfffffffffffffff8ULL) >> 1);
    printf("%lx\n", 1L << 40);
    printf("%lx\n", 0xff00000000000000UL >> 56);
    printf("%d\n", 1 << 30);

    unsigned char c = 0x81;
    printf("%d\n", c << 1);
    printf("%d\n", c >> 1);
    signed char sc = -128;
    printf("%d\n", sc >> 3);
    printf("%d\n", sc * 2);

    int n = 3;
    unsigned long v = 0xabcdefUL;
    printf("%lx %lx\n", v << n, v >> n);
    long long shift = 4;
    printf("%d\n", 256 >> shift);
    printf("%zu\n", sizeof(1 << 2LL));
    printf("%zu\n", sizeof(1LL << 2));

    unsigned x = 0x12345678u;
    unsigned rotl = (x << 8) | (x >> 24);
    unsigned rotr = (x >> 8) | (x << 24);
    printf("%08x %08x\n", rotl, rotr);
    unsigned long long y = 0x0123456789abcdefULL;
    for (int k = 0; k < 64; k += 16)
        printf("%04llx ", (y >> k) & 0xffff);
    printf("\n");

    int acc = 1;
    acc <<= 4;
    acc >>= 1;
    printf("%d\n", acc);
    unsigned w = 0xf0f0f0f0u;
    w >>= 4;
    printf("%x\n", w);
    w <<= 8;
    printf("%x\n", w);
    for (int k = 0; k < 8; k++)
        printf("%d", (0xa5 >> (7 - k)) & 1);
    printf("\n");
    return 0;
}
