/* Bit manipulation on 64-bit unsigned integers: a xorshift64 generator, popcount by a
   shift loop and by clearing the lowest bit, rotates, bit reversal by a loop, and
   unsigned comparisons; prints the results in hex. */
#include <stdint.h>
#include <stdio.h>

#define N 2500000

static int popcount_shift(uint64_t x)
{
    int c = 0;
    while (x) {
        c += (int)(x & 1);
        x >>= 1;
    }
    return c;
}

static int popcount_kernighan(uint64_t x)
{
    int c = 0;
    while (x) {
        x &= x - 1;
        c++;
    }
    return c;
}

static uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static uint64_t rotr(uint64_t x, int r)
{
    return (x >> r) | (x << (64 - r));
}

static uint64_t reverse(uint64_t x)
{
    uint64_t r = 0;
    for (int i = 0; i < 64; i++) {
        r = (r << 1) | (x & 1);
        x >>= 1;
    }
    return r;
}

int main(void)
{
    uint64_t x = 0x123456789abcdef1ULL, prev = 0;
    uint64_t acc = 0, mix = 0, revx = 0;
    long long pop1 = 0, pop2 = 0;
    int below = 0, mismatch = 0;
    for (int i = 0; i < N; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int r = i % 63 + 1;
        int p1 = popcount_shift(x), p2 = popcount_kernighan(x);
        pop1 += p1;
        pop2 += p2;
        uint64_t rev = reverse(x);
        if (reverse(rev) != x || rotr(rotl(x, r), r) != x) mismatch++;
        revx ^= rev;
        acc += rotl(x, r) * 0x9E3779B97F4A7C15ULL;
        mix = rotr(mix ^ (x >> (p1 & 31)), 7) + (x & ~mix);
        if (x < prev) below++;
        prev = x;
    }
    printf("x    %016llx\n", (unsigned long long)x);
    printf("acc  %016llx\n", (unsigned long long)acc);
    printf("mix  %016llx\n", (unsigned long long)mix);
    printf("revx %016llx\n", (unsigned long long)revx);
    printf("pop %lld %lld below %d mismatch %d\n", pop1, pop2, below, mismatch);
    return 0;
}
