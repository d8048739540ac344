/* Comparisons, arithmetic, shifts and pointer offsets with constant operands
   inside loops (where the JIT uses them as immediates): every condition with
   the constant on either side, signed and unsigned, 32 and 64 bits, values at
   the limits of a 32-bit immediate; shift counts past the width are masked
   as x86 and FIR do, so they are kept below it here. */
#include <stdint.h>
#include <stdio.h>

static uint64_t seed = 0x9E3779B97F4A7C15ULL;

static uint64_t next(void)
{
    seed ^= seed >> 12;
    seed ^= seed << 25;
    seed ^= seed >> 27;
    return seed * 2685821657736338717ULL;
}

static const int64_t vals[] = {0, 1, -1, 2, 0x7fffffff, 0x80000000LL, -0x80000000LL,
                               -0x80000001LL, 0xffffffffLL, 0x100000000LL, INT64_MAX,
                               INT64_MIN, 12345, -12345};
#define NV (int)(sizeof vals / sizeof *vals)

#define CMPS(T, K)                                                                   \
    (((T)x < (T)(K)) | ((T)x <= (T)(K)) << 1 | ((T)x > (T)(K)) << 2 |                \
     ((T)x >= (T)(K)) << 3 | ((T)x == (T)(K)) << 4 | ((T)x != (T)(K)) << 5 |          \
     ((T)(K) < (T)x) << 6 | ((T)(K) <= (T)x) << 7 | ((T)(K) > (T)x) << 8 |            \
     ((T)(K) >= (T)x) << 9 | ((T)(K) == (T)x) << 10 | ((T)(K) != (T)x) << 11)

#define CMPTEST(NAME, T, K)                                                          \
    static unsigned NAME(void)                                                       \
    {                                                                                \
        unsigned h = 0;                                                              \
        for (int i = 0; i < NV + 400; i++) {                                         \
            int64_t x = i < NV ? vals[i] : (int64_t)next() >> (i % 40);              \
            h = h * 31 + (unsigned)CMPS(T, K);                                       \
            if ((T)x < (T)(K))                                                       \
                h += 7;                                                              \
            if ((T)(K) >= (T)x)                                                      \
                h ^= 0x55;                                                           \
        }                                                                            \
        return h;                                                                    \
    }

CMPTEST(c_i32_0, int32_t, 0)
CMPTEST(c_i32_m1, int32_t, -1)
CMPTEST(c_i32_max, int32_t, 0x7fffffff)
CMPTEST(c_i32_min, int32_t, INT32_MIN)
CMPTEST(c_u32_0, uint32_t, 0)
CMPTEST(c_u32_big, uint32_t, 0x80000000u)
CMPTEST(c_u32_max, uint32_t, 0xffffffffu)
CMPTEST(c_i64_0, int64_t, 0)
CMPTEST(c_i64_imax, int64_t, 0x7fffffffLL)
CMPTEST(c_i64_past, int64_t, 0x80000000LL)
CMPTEST(c_i64_neg, int64_t, -0x80000000LL)
CMPTEST(c_i64_negpast, int64_t, -0x80000001LL)
CMPTEST(c_i64_max, int64_t, INT64_MAX)
CMPTEST(c_u64_u32max, uint64_t, 0xffffffffULL)
CMPTEST(c_u64_top, uint64_t, 0x8000000000000000ULL)
CMPTEST(c_u64_m1, uint64_t, 0xffffffffffffffffULL)

static uint64_t arith(void)
{
    uint64_t h = 0;
    uint32_t a32 = 0;
    uint64_t a64 = 0;
    for (int i = 0; i < 500; i++) {
        int64_t x = (int64_t)next();
        int32_t y = (int32_t)(uint32_t)x;
        a32 = (a32 + 1000003) * 7 - 0x7fffffff;
        a32 ^= (uint32_t)y & 0x0f0f0f0f;
        a32 |= (uint32_t)((int32_t)0x80000000u >> 3);
        a64 = a64 * 0x100000001ULL + 0x123456789ULL;
        a64 -= (uint64_t)x & 0xffffffffULL;
        a64 ^= 0xdeadbeefcafef00dULL;
        a64 += (uint64_t)x * 1000000007ULL;
        h = h * 131 + a32 + a64;
        h += ((uint32_t)y << 5) + ((uint32_t)y >> 31) + (uint64_t)(y >> 17);
        h += ((uint64_t)x << 40) + ((uint64_t)x >> 63) + (uint64_t)(x >> 33);
    }
    return h;
}

static long offsets(void)
{
    int a[64];
    for (int i = 0; i < 64; i++)
        a[i] = i * i;
    long s = 0;
    for (int r = 0; r < 100; r++)
        for (int i = 8; i < 56; i++) {
            int *p = a + i;
            s += p[-8] + p[7] - p[-1] * p[3];
        }
    return s;
}

int main(void)
{
#define RUN(NAME) printf("%-14s %08x\n", #NAME, NAME());
    RUN(c_i32_0) RUN(c_i32_m1) RUN(c_i32_max) RUN(c_i32_min) RUN(c_u32_0) RUN(c_u32_big)
    RUN(c_u32_max) RUN(c_i64_0) RUN(c_i64_imax) RUN(c_i64_past) RUN(c_i64_neg)
    RUN(c_i64_negpast) RUN(c_i64_max) RUN(c_u64_u32max) RUN(c_u64_top) RUN(c_u64_m1)
    printf("arith %016llx\n", (unsigned long long)arith());
    printf("offsets %ld\n", offsets());
    return 0;
}
