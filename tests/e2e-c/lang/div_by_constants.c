/* Division and remainder by constants of every kind (powers of two, odd,
   even, large, negative, 1, the type's extremes) for int, unsigned, long long
   and unsigned long long, over edge values and a pseudo-random stream: C's
   truncating division, compared with gcc's results. */
#include <limits.h>
#include <stdio.h>

static unsigned long long seed = 88172645463325252ULL;

static unsigned long long next(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

static const long long edges[] = {
    0, 1, -1, 2, -2, 3, -3, 7, -7, 9, 10, -10, 99, 100, -100, 1000000007, -1000000007,
    INT_MAX, INT_MIN, INT_MAX - 1, INT_MIN + 1, UINT_MAX, (long long)UINT_MAX + 1,
    LLONG_MAX, LLONG_MIN, LLONG_MAX - 1, LLONG_MIN + 1, 0x5555555555555555LL,
    (long long)0xAAAAAAAAAAAAAAAAULL, 1LL << 32, (1LL << 32) - 1, 1LL << 62, -(1LL << 62),
};

#define NE (int)(sizeof edges / sizeof *edges)

/* one function per type and divisor: the divisor is a literal */
#define DIVTEST(T, NAME, D)                                                \
    static unsigned long long NAME(void)                                   \
    {                                                                      \
        unsigned long long h = 0;                                          \
        for (int i = 0; i < NE + 3000; i++) {                              \
            T x = i < NE ? (T)edges[i] : (T)next();                        \
            if (i >= NE && i % 3 == 0)                                     \
                x = (T)((long long)x >> (i % 61));                         \
            T q = x / (D), r = x % (D);                                    \
            h = h * 1000003u ^ (unsigned long long)q;                      \
            h = h * 1000003u ^ (unsigned long long)r;                      \
        }                                                                  \
        return h;                                                          \
    }

#define EACH(X)                                                                       \
    X(int, i_1, 1) X(int, i_2, 2) X(int, i_3, 3) X(int, i_7, 7) X(int, i_10, 10)      \
    X(int, i_16, 16) X(int, i_25, 25) X(int, i_641, 641) X(int, i_m1_, -2)            \
    X(int, i_m3, -3) X(int, i_m8, -8) X(int, i_m10, -10) X(int, i_big, 1000000007)    \
    X(int, i_max, INT_MAX) X(int, i_min1, INT_MIN + 1) X(int, i_p30, 1 << 30)         \
    X(unsigned, u_1, 1u) X(unsigned, u_2, 2u) X(unsigned, u_3, 3u) X(unsigned, u_7, 7u) \
    X(unsigned, u_10, 10u) X(unsigned, u_64, 64u) X(unsigned, u_641, 641u)            \
    X(unsigned, u_big, 4000000007u) X(unsigned, u_max, UINT_MAX)                      \
    X(unsigned, u_p31, 1u << 31) X(unsigned, u_6, 6u)                                 \
    X(long long, l_1, 1LL) X(long long, l_3, 3LL) X(long long, l_7, 7LL)              \
    X(long long, l_10, 10LL) X(long long, l_32, 32LL) X(long long, l_1e9, 1000000000LL) \
    X(long long, l_m7, -7LL) X(long long, l_m16, -16LL)                               \
    X(long long, l_big, 1000000000000000003LL) X(long long, l_max, LLONG_MAX)         \
    X(long long, l_min1, LLONG_MIN + 1) X(long long, l_p62, 1LL << 62)                \
    X(long long, l_int, 4294967296LL)                                                 \
    X(unsigned long long, ul_1, 1ULL) X(unsigned long long, ul_3, 3ULL)               \
    X(unsigned long long, ul_7, 7ULL) X(unsigned long long, ul_10, 10ULL)             \
    X(unsigned long long, ul_1024, 1024ULL) X(unsigned long long, ul_641, 641ULL)     \
    X(unsigned long long, ul_big, 10000000000000000019ULL)                            \
    X(unsigned long long, ul_max, ULLONG_MAX) X(unsigned long long, ul_p63, 1ULL << 63) \
    X(unsigned long long, ul_12, 12ULL) X(unsigned long long, ul_m3, 0xFFFFFFFFFFFFFFFDULL)

EACH(DIVTEST)

int main(void)
{
#define CALL(T, NAME, D) printf("%-8s %-20s %016llx\n", #NAME, #D, NAME());
    EACH(CALL)
    return 0;
}
