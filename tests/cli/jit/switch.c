/* Dense switches by jump table in compiled code: i32 and i64 operands, tables
   starting below zero, values just outside the table and values that differ
   from a case only in the high dword (the default); a sparse switch stays
   with the interpreter. */
#include <stdint.h>
#include <stdio.h>

static int small(int x)
{
    switch (x) {
    case -3: return 11;
    case -2: return 12;
    case -1: return 13;
    case 0: return 14;
    case 1: return 15;
    case 2: return 16;
    case 4: return 18;
    case 5: return 19;
    case 6: return 20;
    default: return -1;
    }
}

static long wide(int64_t x)
{
    switch (x) {
    case 1000000000000LL: return 1;
    case 1000000000001LL: return 2;
    case 1000000000002LL: return 3;
    case 1000000000003LL: return 4;
    case 1000000000005LL: return 6;
    case 1000000000006LL: return 7;
    case 1000000000007LL: return 8;
    default: return 0;
    }
}

static long low(uint64_t x)
{
    switch (x) {
    case 0: return 5;
    case 1: return 6;
    case 2: return 7;
    case 3: return 8;
    case 4: return 9;
    case 6: return 10;
    case 7: return 11;
    default: return 100;
    }
}

static int sparse(int x)
{
    switch (x) {
    case 1: return 1;
    case 1000: return 2;
    case 1000000: return 3;
    default: return 4;
    }
}

int main(void)
{
    long s = 0;
    for (int r = 0; r < 200; r++)
        for (int x = -6; x < 10; x++) {
            s = s * 31 + small(x);
            s = s * 31 + wide(1000000000000LL + x);
            s = s * 31 + low((uint64_t)x);
            s = s * 31 + low(((uint64_t)1 << 32) + (uint64_t)(x & 7));
            s = s * 31 + wide(((int64_t)x << 32) | 0xD4A51000LL);
            s = s * 31 + sparse(x * x * x * 1000);
            s %= 1000000007;
        }
    printf("%ld %d %ld %ld\n", s, small(INT32_MIN), wide(INT64_MIN), low(UINT64_MAX));
    return (int)(s & 63);
}
