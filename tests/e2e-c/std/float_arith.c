/* float/double arithmetic and conversions (IEEE 754, FLT_EVAL_METHOD 0). */
#include <stdio.h>

static double half(double x) { return x / 2; }
static float halff(float x) { return x / 2; }

int main(void)
{
    float a = 0.1f, b = 0.2f;
    double x = 0.1, y = 0.2;
    printf("%.17g %.17g\n", a + b, x + y);
    printf("%d %d\n", a + b == 0.3f, x + y == 0.3);
    float big = 16777216.0f;
    printf("%.1f %d\n", big + 1.0f, big + 1.0f == big);
    printf("%.1f\n", (double)big + 1.0);
    printf("%.17g\n", (float)16777217);
    printf("%.17g\n", (float)16777219);
    printf("%.17g\n", (double)9007199254740993LL);
    printf("%.17g\n", (double)9007199254740995LL);
    printf("%.17g\n", (double)18446744073709551615ULL);
    printf("%.17g\n", (float)4294967295u);
    printf("%.17g\n", (double)-9223372036854775807LL);

    double ds[] = { 3.99, -3.99, 0.5, -0.5, 2147483647.9, -2147483648.9, 1e18, 123.0 };
    for (int i = 0; i < 8; i++)
        printf("(int/long)%.17g = %d %lld\n", ds[i], i == 4 || i == 5 || i == 6 ? 0 : (int)ds[i],
               (long long)ds[i]);
    printf("%u %lu\n", (unsigned)3.7, (unsigned long)1.8e19);
    printf("%d %d\n", (unsigned char)200.7, (short)-1234.9);
    printf("%d\n", (int)(float)0.99999999);

    printf("%.17g\n", (double)(float)0.1);
    printf("%.17g\n", (float)(1.0 / 3.0));
    printf("%.17g\n", 1.0 / 3.0);
    printf("%.17g\n", 1.0f / 3.0f);
    printf("%.17g\n", 2.0 / 3.0);
    printf("%.17g\n", half(1e-300));
    printf("%.17g\n", halff(3.0f));
    printf("%.17g\n", 1e308 * 10);
    printf("%.17g\n", -1e308 * 10);
    printf("%.17g\n", 1.0 / 0.0 - 1.0 / 0.0 != 0 ? 1.0 : 0.0);
    double zero = 0.0, negz = -0.0;
    printf("%d %g %g\n", zero == negz, 1 / zero, 1 / negz);
    printf("%g %g\n", negz, -zero);
    double inf = 1e300 * 1e300;
    double nan = inf - inf;
    printf("%d %d %d %d\n", nan == nan, nan != nan, nan < 1, nan > 1);
    printf("%d %d\n", inf > 1e308, -inf < -1e308);

    float acc = 0;
    for (int i = 0; i < 10; i++)
        acc += 0.1f;
    printf("%.17g\n", acc);
    double dacc = 0;
    for (int i = 0; i < 10; i++)
        dacc += 0.1;
    printf("%.17g\n", dacc);
    double p = 1;
    for (int i = 0; i < 60; i++)
        p *= 2;
    printf("%.17g\n", p);
    float fp = 1;
    for (int i = 0; i < 130; i++)
        fp /= 2;
    printf("%.17g\n", fp);
    double m = 1e16;
    printf("%.17g %.17g\n", m + 1, m + 2);
    printf("%.17g\n", 0.1 * 3);
    printf("%.17g\n", 1e16 / 3);
    double c = 5;
    c *= 1.5;
    c -= 0.25;
    c /= 2;
    printf("%.17g\n", c);
    int i = 7;
    i *= 1.5;
    printf("%d\n", i);
    i += 0.9;
    printf("%d\n", i);
    float f = 3;
    f = f / 2 + i;
    printf("%.17g\n", f);
    printf("%.17g\n", -x);
    printf("%d\n", (float)0.1 == (float)(double)0.1f);
    return 0;
}
