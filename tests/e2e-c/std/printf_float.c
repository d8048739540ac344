/* printf floating conversions: %f %e %g %a with flags, widths, precisions. */
#include <stdio.h>
#include <math.h>

int main(void)
{
    double v[] = { 0.0, 1.0, -1.5, 3.14159265358979, 123456.789, 1e-5, 1e21, 0.000123456,
                   2.5, 0.125, 1e100, 9.9999996 };
    for (int i = 0; i < 12; i++)
        printf("[%f] [%e] [%g] [%.3f] [%.2e] [%.3g] [%.0f] [%.0e] [%G] [%E]\n",
               v[i], v[i], v[i], v[i], v[i], v[i], v[i], v[i], v[i], v[i]);
    printf("[%10.3f] [%-10.3f] [%+.2f] [% .2f] [%010.3f] [%-+10.1f]\n",
           3.14159, 3.14159, 3.14159, 3.14159, -3.14159, 2.0);
    printf("[%#.0f] [%#.0e] [%#g] [%#.3g] [%g] [%#x]\n", 3.0, 3.0, 1.0, 100.0, 100.0, 0);
    printf("[%.0f] [%.0f] [%.0f] [%.0f] [%.0f]\n", 0.5, 1.5, 2.5, 3.5, -0.5);
    printf("[%.2f] [%.2f] [%.1f] [%.3f]\n", 2.675, 1.005, 0.05, 1.0005);
    printf("[%g] [%g] [%g] [%g] [%g] [%g]\n", 100000.0, 1000000.0, 0.0001, 0.00001,
           123456789.0, 1e-10);
    printf("[%.10g] [%.1g] [%.0g] [%.17g]\n", 1.0 / 3, 15.0, 25.0, 0.1);
    printf("[%f] [%e] [%g] [%F] [%E] [%G]\n", INFINITY, INFINITY, -INFINITY, INFINITY,
           -INFINITY, INFINITY);
    printf("[%f] [%e] [%g] [%F] [%5.1f] [%-6f]\n", NAN, NAN, -NAN, NAN, NAN, NAN);
    printf("[%f] [%e] [%g] [%a] [%+f] [% f]\n", -0.0, -0.0, -0.0, -0.0, 0.0, 0.0);
    printf("[%8.2f] [%-8.2e] [%08.2f] [%+08.2f]\n", INFINITY, -INFINITY, INFINITY, INFINITY);
    printf("[%a] [%a] [%a] [%a] [%a] [%a]\n", 1.0, 0.5, 2.0, 3.14, -10.0, 0.0);
    printf("[%A] [%.3a] [%.0a] [%.1a] [%20a] [%-20a]\n", 255.0, 3.14, 1.0, 1.25, 1.0, 1.0);
    printf("[%a] [%a]\n", 0x1p-1022, 0x1.fffffffffffffp1023);
    printf("[%#a] [%+a] [%.13a]\n", 1.0, 1.0, 0.1);
    printf("[%.0f]\n", 1180591620717411303424.0);
    printf("[%f]\n", 1e22);
    printf("[%.30f]\n", 0.1);
    printf("[%.20e]\n", 1.0 / 3);
    printf("[%.3e] [%.3e]\n", 9.9995, 9.9994);
    printf("[%e] [%e]\n", 1e-300, 1e300);
    printf("[%g] [%g] [%#g]\n", 1e-300, 4.9406564584124654e-324, 0.0);
    printf("[%*.*f] [%-*.*e]\n", 12, 4, 2.718281828, 14, 3, 2.718281828);
    float f = 1.1f;
    printf("[%f] [%.10f] [%a]\n", f, f, f);
    printf("[%.15g] [%.16g] [%.17g]\n", 0.3, 0.3, 0.3);
    printf("[%g] [%g] [%g]\n", 0.0001234, 12345.6, 123456.7);
    printf("[%5g] [%-8g] [%08g] [%+g]\n", 1.5, 1.5, -1.5, 1.5);
    printf("[%.3f] [%.3f] [%.1f] [%.1f]\n", 0.0005, 0.0015, 0.25, 0.35);
    for (int p = 0; p <= 8; p++)
        printf("%.*f|", p, 1.23456789);
    printf("\n");
    for (int p = 0; p <= 6; p++)
        printf("%.*g|", p, 0.000123456789);
    printf("\n");
    return 0;
}
