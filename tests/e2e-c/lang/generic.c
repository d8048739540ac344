#include <stdio.h>
#define type_name(x) _Generic((x), int: "int", long: "long", double: "double", \
    char *: "char *", const char *: "const char *", default: "other")
#define abs_val(x) _Generic((x), int: abs_i, double: abs_d)(x)
static int abs_i(int x) { return x < 0 ? -x : x; }
static double abs_d(double x) { return x < 0 ? -x : x; }
int main(void)
{
    int i = 0;
    const int ci = 1;
    char buf[4];
    printf("%s %s %s %s\n", type_name(i), type_name(1L), type_name(2.0), type_name(buf));
    printf("%s %s %s\n", type_name("lit"), type_name(ci), type_name('c'));
    printf("%s\n", type_name((short)1));
    printf("%d %g\n", abs_val(-3), abs_val(-2.5));
    return 0;
}
