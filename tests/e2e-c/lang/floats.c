#include <stdio.h>
int main(void)
{
    float f = 1.5f;
    double d = 2.25;
    printf("%f %f %f\n", f * d, f + 1, d / 3);
    printf("%.3f %.10g\n", 1.0f / 3.0f, 1.0 / 3.0);
    int i = (int)3.99;
    int n = (int)-3.99;
    printf("%d %d\n", i, n);
    unsigned u = (unsigned)3000000000.0;
    printf("%u\n", u);
    long l = (long)-1e18;
    printf("%ld\n", l);
    double from = 4000000000u;
    printf("%f\n", from);
    float g = 16777217;
    printf("%.1f\n", g);
    printf("%g %g\n", 0x1.8p1, 1e-3);
    double z = 0.0;
    printf("%d %d %d\n", z == 0, -z == 0, 1.0 / 3 > 0.33);
    double nan = 0.0 / z;
    printf("%d %d %d\n", nan == nan, nan != nan, nan < 1.0);
    if (!(nan < 1.0))
        printf("not less\n");
    float arr[3] = {1.25f, 2.5f, 3.75f};
    float sum = 0;
    for (int k = 0; k < 3; k++)
        sum += arr[k];
    printf("%g\n", sum);
    printf("%g\n", (double)(float)0.1);
    unsigned long big = 18446744073709551615ul;
    printf("%g\n", (double)big);
    printf("%lu\n", (unsigned long)1e19);
    printf("%d\n", (char)65.7);
    return 0;
}
