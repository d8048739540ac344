/* Unsigned arithmetic is modulo 2^N (C11 6.2.5p9). */
#include <stdio.h>
#include <limits.h>
#include <stdint.h>

int main(void)
{
    unsigned u = UINT_MAX;
    printf("%u\n", u + 1);
    printf("%u\n", 0u - 1);
    printf("%u\n", u * u);
    printf("%u\n", u * 2);
    printf("%u\n", -u);
    printf("%u\n", 0x80000000u * 2);
    printf("%u\n", 3000000000u + 3000000000u);

    unsigned char uc = 250;
    uc += 10;
    printf("%u\n", uc);
    uc = 0;
    uc--;
    printf("%u\n", uc);
    unsigned short us = 65535;
    us++;
    printf("%u\n", us);
    us = 300 * 300;
    printf("%u\n", us);

    unsigned long ul = ULONG_MAX;
    printf("%lu\n", ul + 1);
    printf("%lu\n", ul * 3);
    printf("%lu\n", 0ul - 12345);
    unsigned long long ull = 0xffffffffffffffffULL;
    printf("%llu\n", ull + 2);
    printf("%llu\n", ull * ull);
    printf("%llu\n", -ull);

    uint8_t a8 = 200;
    a8 = a8 * 3;
    printf("%u\n", a8);
    uint16_t a16 = 60000;
    a16 += 60000;
    printf("%u\n", a16);
    uint32_t a32 = 4000000000u;
    a32 += 500000000u;
    printf("%u\n", a32);
    uint64_t a64 = UINT64_MAX - 5;
    for (int i = 0; i < 10; i++)
        a64++;
    printf("%llu\n", (unsigned long long)a64);

    unsigned h = 2166136261u;
    const char *s = "hello, world";
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    printf("fnv1a %u\n", h);

    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 5; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        printf("xorshift %llu\n", (unsigned long long)x);
    }
    unsigned lcg = 12345;
    for (int i = 0; i < 5; i++) {
        lcg = lcg * 1103515245u + 12345u;
        printf("lcg %u\n", lcg);
    }
    unsigned cnt = 0;
    for (unsigned k = 10; k < 20; k--)
        cnt++;
    printf("countdown %u\n", cnt);
    return 0;
}
