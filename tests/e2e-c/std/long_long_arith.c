/* 64-bit arithmetic: multiplication, division, mixed widths, large constants. */
#include <stdio.h>
#include <stdint.h>

static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m)
{
    uint64_t r = 0;
    a %= m;
    while (b) {
        if (b & 1)
            r = (r + a) % m;
        a = (a * 2) % m;
        b >>= 1;
    }
    return r;
}

static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m)
{
    uint64_t r = 1;
    b %= m;
    while (e) {
        if (e & 1)
            r = mulmod(r, b, m);
        b = mulmod(b, b, m);
        e >>= 1;
    }
    return r;
}

static uint64_t isqrt(uint64_t n)
{
    if (n < 2)
        return n;
    uint64_t x = n, y = x / 2 + 1;
    while (y < x) {
        x = y;
        y = (x + n / x) / 2;
    }
    return x;
}

int main(void)
{
    long long a = 3037000499LL;
    printf("%lld\n", a * a);
    long long b = -4611686018427387904LL;
    printf("%lld %lld\n", b / 3, b % 1000003);
    unsigned long long u = 0xfedcba9876543210ULL;
    printf("%llu %llu\n", u / 0x123456789ULL, u % 0x123456789ULL);
    printf("%llx\n", u * 0x10001ULL);
    int i = -7;
    long long mixed = i * 1000000000LL;
    printf("%lld\n", mixed);
    unsigned ui = 4000000000u;
    long long m2 = ui * 3LL;
    printf("%lld\n", m2);
    long long m3 = ui * 3u;          /* 32-bit multiply wraps before widening */
    printf("%lld\n", m3);
    int64_t big = INT64_MAX;
    printf("%lld %lld\n", (long long)(big / 7), (long long)(big % 7));
    printf("%llu\n", powmod(2, 1000000, 1000000007ULL));
    printf("%llu\n", powmod(123456789, 987654321, 998244353ULL));
    printf("%llu\n", mulmod(0xffffffffffffffULL, 0xfffffffffffffULL, 0x7fffffffffffffe7ULL));
    printf("%llu %llu %llu\n", isqrt(0), isqrt(99), isqrt(18446744073709551615ULL));
    uint64_t fib[94];
    fib[0] = 0;
    fib[1] = 1;
    for (int k = 2; k < 94; k++)
        fib[k] = fib[k - 1] + fib[k - 2];
    printf("%llu\n", (unsigned long long)fib[93]);
    long long neg = -1;
    unsigned long long as_u = (unsigned long long)neg;
    printf("%llu %lld\n", as_u, (long long)(as_u >> 1));
    printf("%lld\n", -9223372036854775807LL / -1);
    long long x = 1;
    for (int k = 0; k < 62; k++)
        x *= 2;
    printf("%lld %lld\n", x, x + (x - 1));
    printf("%d\n", (int)(0x100000000LL >> 32));
    long l = 1L << 62;
    printf("%ld %ld\n", l / 3, l % 3);
    unsigned long long h = 0;
    for (int k = 1; k <= 20; k++)
        h = h * 31 + (unsigned long long)k * 0x9e3779b97f4a7c15ULL;
    printf("%016llx\n", h);
    return 0;
}
