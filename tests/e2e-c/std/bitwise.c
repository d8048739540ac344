/* Bitwise operators and common bit tricks. */
#include <stdio.h>

static int popcount(unsigned x)
{
    int n = 0;
    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}

static unsigned reverse(unsigned x)
{
    unsigned r = 0;
    for (int i = 0; i < 32; i++) {
        r = (r << 1) | (x & 1);
        x >>= 1;
    }
    return r;
}

int main(void)
{
    printf("%x %x %x\n", 0xf0 & 0x3c, 0xf0 | 0x3c, 0xf0 ^ 0x3c);
    printf("%x %d\n", ~0u, ~0);
    printf("%d %d %d\n", -1 & 0xff, -256 | 0xff, -1 ^ 1);
    printf("%d\n", ~5);
    printf("%lx\n", ~0UL);
    printf("%llx\n", 0x00ff00ff00ff00ffULL ^ 0xffffffffffffffffULL);

    unsigned vals[] = { 0, 1, 2, 3, 0xff, 0x80000000u, 0xffffffffu, 0x12345678u };
    for (int i = 0; i < 8; i++) {
        unsigned v = vals[i];
        printf("%08x pop=%2d low=%08x clrlow=%08x pow2=%d rev=%08x\n", v, popcount(v),
               v & -v, v & (v - 1), v && !(v & (v - 1)), reverse(v));
    }

    int a = 12, b = 10;
    a ^= b;
    b ^= a;
    a ^= b;
    printf("swap %d %d\n", a, b);

    unsigned flags = 0;
    flags |= 1u << 3;
    flags |= 1u << 7;
    flags &= ~(1u << 3);
    flags ^= 0x3;
    printf("flags %x\n", flags);

    int x = -37;
    int mask = x >> 31;
    printf("abs %d\n", (x + mask) ^ mask);
    printf("sign %d %d %d\n", (5 > 0) - (5 < 0), (0 > 0) - (0 < 0), (x > 0) - (x < 0));
    printf("%d %d\n", (7 & 3) == 3, 7 & 3 == 3);
    printf("%d\n", 1 | 2 ^ 3 & 4);
    printf("%d\n", !0x10 | !!0x10 << 1);

    unsigned n = 37;
    unsigned p = n - 1;
    p |= p >> 1; p |= p >> 2; p |= p >> 4; p |= p >> 8; p |= p >> 16;
    printf("next pow2 of %u: %u\n", n, p + 1);

    unsigned char bytes[4] = { 0xde, 0xad, 0xbe, 0xef };
    unsigned word = (unsigned)bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3];
    printf("%08x\n", word);
    short sh = (short)0xabcd;
    printf("%x %x\n", sh & 0xffff, (unsigned short)sh >> 8);
    unsigned long long q = 0x5555555555555555ULL;
    printf("%llx %llx\n", (unsigned long long)(q & (q << 1)), (unsigned long long)(q | (q << 1)));
    return 0;
}
