/* printf floating-point conversions: exact decimal expansion, round-half-even
 * ties, %g style selection, %a, flags, special values, many precisions. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *const formats[] = {
    "%f", "%.0f", "%.1f", "%.2f", "%.3f", "%.10f", "%.20f", "%#.0f", "%e", "%.0e", "%.1e",
    "%.3e", "%.10e", "%.16e", "%#.0e", "%E", "%g", "%.0g", "%.1g", "%.2g", "%.3g", "%.10g",
    "%.17g", "%#g", "%#.3g", "%G", "%a", "%.0a", "%.1a", "%.3a", "%.13a", "%.15a", "%A",
    "%#.0a", "%12.3f", "%-12.3f|", "%+f", "% f", "%012.2f", "%+012.2e", "%-+12.4g|",
    "%020a", "%F", "%+.3F", "%12g", "%-12G|", "%012g",
};

static double from_bits(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

int main(void)
{
    double values[48];
    int nv = 0;
    values[nv++] = 0.0;
    values[nv++] = -0.0;
    values[nv++] = 0.5;
    values[nv++] = 1.5;
    values[nv++] = 2.5;
    values[nv++] = -3.5;
    values[nv++] = 0.125;
    values[nv++] = 0.375;
    values[nv++] = 1e-5;
    values[nv++] = 123.456;
    values[nv++] = -987654.321;
    values[nv++] = 1e15;
    values[nv++] = 1e16;
    values[nv++] = 1e21;
    values[nv++] = 1e22;
    values[nv++] = 1e23;
    values[nv++] = 1e100;
    values[nv++] = DBL_MAX;
    values[nv++] = DBL_MIN;
    values[nv++] = from_bits(1); /* smallest subnormal */
    values[nv++] = from_bits(0x000fffffffffffffULL);
    values[nv++] = 0.1;
    values[nv++] = 1.0 / 3.0;
    values[nv++] = 2.0 / 3.0;
    values[nv++] = 9.9999999;
    values[nv++] = 999999.5;
    values[nv++] = 0.000123456;
    values[nv++] = 0.0001;
    values[nv++] = 0.00001234;
    values[nv++] = 100000.0;
    values[nv++] = 1000000.0;
    values[nv++] = 9.5;
    values[nv++] = 0.05;
    values[nv++] = 0.15;
    values[nv++] = 1.0;
    values[nv++] = 3.14159265358979;
    values[nv++] = 1.0 + DBL_EPSILON;
    values[nv++] = 65536.0;
    values[nv++] = 4503599627370497.5;
    values[nv++] = 0x1.fffffffffffffp-1;
    values[nv++] = 0x1.8p+1;
    values[nv++] = HUGE_VAL;
    values[nv++] = -HUGE_VAL;
    values[nv++] = NAN;
    values[nv++] = -NAN;

    int nf = (int)(sizeof formats / sizeof formats[0]);
    for (int i = 0; i < nf; i++) {
        printf("== %s\n", formats[i]);
        for (int j = 0; j < nv; j++) {
            printf("[");
            printf(formats[i], values[j]);
            printf("]%s", j % 4 == 3 ? "\n" : " ");
        }
        printf("\n");
    }

    /* Long expansions. */
    printf("%.60f\n", 0.1);
    printf("%.70e\n", 1.0 / 3.0);
    printf("%f\n", DBL_MAX);
    printf("%.1074f\n", from_bits(1));
    printf("%.30g\n", 0.3);
    printf("%.0f %.0f %.0f %.0f %.0f\n", 0.5, 1.5, 2.5, 3.5, 4.5);
    printf("%.1f %.1f %.1f %.1f\n", 0.25, 0.35, 0.45, 0.55);
    printf("%.2f %.2f %.2f\n", 1.005, 1.015, 1.025);
    printf("%.3g %.3g %.3g\n", 99.95, 999.5, 0.0009995);
    printf("%g %g %g %g %g\n", 1e-4, 1e-5, 123456.0, 1234567.0, 0.0);
    printf("%Lf %Le %Lg\n", (long double)1.25, (long double)-2.5e10, (long double)0.001);
    printf("%f %e %g %a\n", (float)0.1, (float)1e10, (float)3.3, (float)1.1);

    /* Pseudo-random bit patterns: %.17g and %a must round-trip. */
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 300; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double d = from_bits(x);
        if (d != d)
            continue;
        printf("%.17g %.3e %.6g %a %.20e\n", d, d, d, d, d);
    }
    return 0;
}
