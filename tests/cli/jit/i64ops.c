/* i64 multiplication, division, remainder, shifts by a register and
   comparisons, signed and unsigned, of edge values (INT64_MIN, -1, 0,
   2^32 +- 1, large unsigned; shift counts 0-127, masked to 6 bits); with an
   argument, a division that faults with the interpreter's message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static const int64_t vals[] = {
    0, 1, -1, 2, -2, 3, -3, 7, -7, 10, INT64_MIN, INT64_MAX, INT64_MIN + 1, INT64_MAX - 1,
    0x100000000LL, 0xFFFFFFFFLL, 0x100000001LL, -0x100000000LL, -0xFFFFFFFFLL,
    0x7FFFFFFFLL, -0x80000000LL, 1000000007LL, -1000000007LL, 0x123456789ABCDEFLL,
    (int64_t)0xFEDCBA9876543210ULL, 0x8000000000000001LL, 65536, -65536, 999999999999LL,
};
#define N (int)(sizeof vals / sizeof *vals)

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001B3ULL; }

static uint64_t sweep(void)
{
    uint64_t h = 14695981039346656037ULL;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int64_t a = vals[i], b = vals[j];
            uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
            h = mix(h, (uint64_t)(a * b));
            h = mix(h, ua * ub);
            if (b != 0) {
                h = mix(h, ua / ub);
                h = mix(h, ua % ub);
                if (!(a == INT64_MIN && b == -1)) {
                    h = mix(h, (uint64_t)(a / b));
                    h = mix(h, (uint64_t)(a % b));
                }
            }
        }
    return h;
}

static uint64_t shifts(void)
{
    uint64_t h = 1;
    for (int i = 0; i < N; i++)
        for (int n = 0; n < 128; n++) {
            int64_t a = vals[i];
            h = mix(h, (uint64_t)a << (n & 63));
            h = mix(h, (uint64_t)(a >> (n & 63)));
            h = mix(h, (uint64_t)a >> (n & 63));
        }
    return h;
}

static uint64_t compares(void)
{
    uint64_t h = 7;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int64_t a = vals[i], b = vals[j];
            uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
            int bits = (a < b) | (a <= b) << 1 | (a > b) << 2 | (a >= b) << 3 |
                       (ua < ub) << 4 | (ua <= ub) << 5 | (ua > ub) << 6 | (ua >= ub) << 7;
            h = mix(h, (uint64_t)bits);
        }
    return h;
}

static int64_t divs(int64_t a, int64_t b) { return a / b; }
static int64_t rems(int64_t a, int64_t b) { return a % b; }
static uint64_t remu(uint64_t a, uint64_t b) { return a % b; }
static int32_t div32(int32_t a, int32_t b) { return a / b; }

int main(int argc, char **argv)
{
    uint64_t h = 0;
    for (int r = 0; r < 3; r++)
        h ^= sweep() + (uint64_t)r;
    printf("%016llx %016llx %016llx\n", (unsigned long long)h, (unsigned long long)shifts(),
           (unsigned long long)compares());
    printf("%lld %lld %llu %lld\n", (long long)(INT64_MIN * (int64_t)vals[2]),
           (long long)divs(INT64_MIN, 2), (unsigned long long)remu(UINT64_MAX, 10),
           (long long)rems(INT64_MIN, 3));
    printf("%lld %lld\n", (long long)divs(INT64_MAX, -1), (long long)rems(INT64_MIN + 1, -1));
    fflush(stdout);
    int which = argc > 1 ? atoi(argv[1]) : 0;
    int64_t zero = vals[0], m1 = vals[2];
    if (which == 1)
        h = (uint64_t)divs(5, zero);
    else if (which == 2)
        h = (uint64_t)divs(INT64_MIN, m1);
    else if (which == 3)
        h = (uint64_t)rems(INT64_MIN, m1);
    else if (which == 4)
        h = remu(5, (uint64_t)zero);
    else if (which == 5)
        h = (uint64_t)div32(INT32_MIN, (int32_t)m1);
    return (int)(h & 63);
}
