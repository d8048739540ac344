/* Dense switches (jump tables) whose cases start at 0, at a negative value,
   at a large positive one and at a 64-bit one, fed every value around both
   ends of the table and far outside it (negative values must not index a
   table that starts at 0). */
#include <stdio.h>

static int from_zero(int v)
{
    switch (v) {
    case 0: return 10; case 1: return 11; case 2: return 12; case 3: return 13;
    case 4: return 14; case 5: return 15; case 7: return 17;
    default: return -1;
    }
}

static int from_negative(int v)
{
    switch (v) {
    case -3: return 1; case -2: return 2; case -1: return 3; case 0: return 4;
    case 1: return 5; case 2: return 6; case 3: return 7;
    default: return 0;
    }
}

static int from_large(unsigned v)
{
    switch (v) {
    case 4000000000u: return 1; case 4000000001u: return 2; case 4000000002u: return 3;
    case 4000000003u: return 4; case 4000000004u: return 5; case 4000000005u: return 6;
    default: return 9;
    }
}

static int from_wide(long long v)
{
    switch (v) {
    case 5000000000LL: return 1; case 5000000001LL: return 2; case 5000000002LL: return 3;
    case 5000000003LL: return 4; case 5000000004LL: return 5; case 5000000005LL: return 6;
    default: return 7;
    }
}

int main(void)
{
    int probes[] = {-2147483647 - 1, -1000, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
                    1000, 2147483647};
    int n = (int)(sizeof probes / sizeof *probes);
    long sum = 0;
    for (int rep = 0; rep < 300; rep++)
        for (int i = 0; i < n; i++) {
            int v = probes[i];
            int a = from_zero(v), b = from_negative(v);
            int c = from_large(4000000000u + (unsigned)v), d = from_wide(5000000000LL + v);
            if (rep == 0)
                printf("%d: %d %d %d %d\n", v, a, b, c, d);
            sum += a * 1000 + b * 100 + c * 10 + d;
        }
    printf("%ld\n", sum);
    return 0;
}
