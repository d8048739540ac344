/* Many values live across a loop body (more than the JIT's machine registers
 * of each class), kept across calls of compiled functions and host calls,
 * 32-bit values that must stay zero-extended, floats and doubles, bit-pattern
 * moves between integer and float registers, and compares feeding branches. */
#include <stdio.h>
#include <string.h>

static unsigned mix(unsigned a, int b) { return a * 31 + ((unsigned)b ^ (a >> 3)); }
static double fmix(double x, float y) { return x * 0.5 + y; }
static unsigned long long bits_of(double d) { unsigned long long u; memcpy(&u, &d, 8); return u; }
static unsigned fbits_of(float f) { unsigned u; memcpy(&u, &f, 4); return u; }

int main(void)
{
    unsigned a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8, i2 = 9, j = 10, k = 11;
    unsigned u = 0xfffffff0u, v = 3;
    unsigned long long l1 = 5, l2 = 1ULL << 40;
    double x1 = 1.5, x2 = -2.25, x3 = 0.125, x4 = 3.0, x5 = 1e-3, x6 = 7.75, x7 = -0.5;
    double x8 = 2.0, x9 = 9.5, x10 = 0.3, x11 = 1.1, x12 = 12.0, x13 = 13.5, x14 = -14.0;
    double x15 = 15.25, x16 = 0.0625;
    float f1 = 1.25f, f2 = -3.5f, f3 = 0.1f;
    for (int n = 0; n < 2000; n++) {
        a += b; b ^= c; c = mix(c, (int)(d & 0xffff)); d -= e; e += f * 3; f = (f << 1) | (g & 1);
        g += h >> 2; h = h * 5 + 1; i2 -= j; j += k % 7 + 1; k = k * 3 - a;
        u += v; v = v * 2654435761u; l1 = l1 * 3 + u; l2 ^= l1 >> 7;
        x1 += x2 * 0.001; x2 -= x3; x3 = x3 * 1.0001 + x4 * 1e-6; x4 = fmix(x4, f1);
        x5 += x6 * 1e-4; x6 -= x7; x7 = -x7; x8 *= 1.00001; x9 += x10; x10 -= x11 * 1e-5;
        x11 += x12 * 1e-6; x12 -= x13 * 1e-6; x13 += x14 * 1e-6; x14 += x15 * 1e-7;
        x15 -= x16; x16 *= 0.9999;
        f1 = f1 * 1.001f + f3; f2 = -f2; f3 = f3 * 0.999f;
        if ((int)(a & 0xffff) < (int)(b & 0xfff) - 100 && c != d)
            a ^= 0x5555;
        if (u < v || (unsigned)a > u)
            v += 17;
        if (x1 < x2 || x9 > x12)
            x1 += 1.0;
        if (f1 <= f2)
            f1 -= 0.5f;
        if (n % 500 == 0)
            printf("%d: %u %u %u %u %u %u %u %u %u %u %u %u %u %llu %llu\n", n, a, b, c, d, e,
                   f, g, h, i2, j, k, u, v, l1, l2);
    }
    printf("%.6f %.6f %.6f %.6f %.6f %.6f %.6f %.6f\n", x1, x2, x3, x4, x5, x6, x7, x8);
    printf("%.6f %.6f %.6f %.6f %.6f %.6f %.6f %.6f\n", x9, x10, x11, x12, x13, x14, x15, x16);
    printf("%.6f %.6f %.6f\n", f1, f2, f3);
    printf("%llx %x %x\n", bits_of(x9), fbits_of(f1), fbits_of(f2));
    /* 32-bit wrap and truncation in registers */
    unsigned w = 0xffffffffu;
    long long wide = 0;
    for (int n = 0; n < 10; n++) {
        w += 0x10000001u;
        wide += w;
        wide += (int)w;
        wide += (unsigned short)w + (signed char)w;
    }
    printf("%u %lld\n", w, wide);
    return 0;
}
