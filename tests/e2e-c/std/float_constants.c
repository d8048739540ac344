/* Floating constants: decimal and hexadecimal forms, suffixes, types. */
#include <stdio.h>

#define TYPE(x) _Generic((x), float: "float", double: "double", \
    long double: "long double", default: "other")

int main(void)
{
    printf("%s %s %s %s\n", TYPE(1.0), TYPE(1.0f), TYPE(1.0F), TYPE(1.0L));
    printf("%s %s %s\n", TYPE(1e3), TYPE(.5f), TYPE(0x1p0));
    printf("%zu %zu %zu\n", sizeof 1.0, sizeof 1.0f, sizeof 0x1p3f);

    double d[] = { 0x1p-2, 0x1.8p1, 0x.8p0, 0x10p0, 0xAp-1, 0x1.fffffffffffffp1023,
                   0x1p-1022, 0x1p-1074, 0x1.921fb54442d18p1, 0X1P+4, 0x0.0p0, 0x3.0p-2 };
    for (unsigned i = 0; i < sizeof d / sizeof d[0]; i++)
        printf("%.17g\n", d[i]);

    printf("%.17g %.17g %.17g\n", 1e10, 1E-5, 123.456e2);
    printf("%.17g %.17g %.17g\n", 1., .1, 0.1e1);
    printf("%.17g %.17g\n", 1.7976931348623157e308, 2.2250738585072014e-308);
    printf("%.17g\n", 4.9406564584124654e-324);
    printf("%.17g\n", 0.1);
    printf("%.17g\n", 0.1f);
    printf("%.17g\n", 1.1f);
    printf("%.17g\n", 3.4028234663852886e38f);
    printf("%.17g\n", 1e-45f);
    printf("%.17g\n", 16777217.0f);
    printf("%.17g\n", 9007199254740993.0);
    printf("%.17g\n", 0.30000000000000004);
    printf("%.17g\n", 123456789012345678901234567890.0);
    printf("%.17g\n", 2.5e-3f);

    float f1 = 0x1.fffffep127f;
    float f2 = 0x1p-149f;
    printf("%a %a\n", f1, f2);
    printf("%a %a %a\n", 1.0, 0.1, 1e100);
    printf("%d\n", 0x1p4 == 16.0);
    printf("%d\n", 1e2 == 100);
    printf("%d\n", 0.5 == 0x1p-1);
    printf("%d\n", 0.1f == 0.1);
    printf("%d\n", 0.5f == 0.5);
    printf("%d\n", 100000000.0f == 1e8);
    printf("%d\n", 1e23 == 100000000000000000000000.0);
    printf("%.17g\n", 1e23);
    printf("%.17g\n", 8.589973e9);
    printf("%.17g %.17g\n", 2.2204460492503131e-16, 1 + 2.2204460492503131e-16);
    printf("%.17g\n", 1 + 1.1102230246251565e-16);
    return 0;
}
