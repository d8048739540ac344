/* _Generic selection (C11 6.5.1.1). */
#include <stdio.h>
#include <math.h>

#define NAME(x) _Generic((x), \
    char: "char", signed char: "schar", unsigned char: "uchar", \
    short: "short", unsigned short: "ushort", int: "int", unsigned: "uint", \
    long: "long", unsigned long: "ulong", long long: "llong", unsigned long long: "ullong", \
    float: "float", double: "double", long double: "ldouble", \
    char *: "char*", const char *: "const char*", int *: "int*", void *: "void*", \
    int (*)[3]: "int(*)[3]", struct pt: "struct pt", struct pt *: "struct pt*", \
    int (*)(int): "fn(int)", default: "default")

#define ABS(x) _Generic((x), int: abs_i, long: abs_l, double: fabs, default: abs_i)(x)
#define MAX(a, b) _Generic((a) + (b), int: max_i, double: max_d)((a), (b))

struct pt { int x; };
static int abs_i(int x) { return x < 0 ? -x : x; }
static long abs_l(long x) { return x < 0 ? -x : x; }
static int max_i(int a, int b) { return a > b ? a : b; }
static double max_d(double a, double b) { return a > b ? a : b; }
static int id(int x) { return x; }

int main(void)
{
    char c = 0; signed char sc = 0; unsigned char uc = 0;
    short s = 0; unsigned short us = 0;
    printf("%s %s %s %s %s\n", NAME(c), NAME(sc), NAME(uc), NAME(s), NAME(us));
    printf("%s %s %s %s %s %s\n", NAME(1), NAME(1u), NAME(1l), NAME(1ul), NAME(1ll), NAME(1ull));
    printf("%s %s %s\n", NAME(1.0f), NAME(1.0), NAME(1.0L));
    char buf[4] = "ab";
    const char *cp = buf;
    int i3[3];
    int *ip = i3;
    struct pt p = { 1 };
    printf("%s %s %s %s\n", NAME(buf), NAME(cp), NAME(ip), NAME(i3));
    printf("%s %s %s\n", NAME(&i3), NAME(p), NAME(&p));
    printf("%s %s\n", NAME(id), NAME(&id));
    printf("%s %s\n", NAME((void *)0), NAME("literal"));
    const int ci = 1;
    volatile long vl = 2;
    printf("%s %s\n", NAME(ci), NAME(vl));
    printf("%s %s %s\n", NAME(c + c), NAME(uc * 1u), NAME(s + 1L));
    printf("%s %s\n", NAME(1 ? 1 : 1.0), NAME((char)1));
    printf("%s\n", NAME(i3[0]++));
    int **pp = 0;
    printf("%s\n", NAME(pp));
    printf("%d %ld %g\n", ABS(-5), ABS(-7L), ABS(-2.5));
    printf("%d %g\n", MAX(3, 9), MAX(2, 7.5));
    int n = 0;
    int r = _Generic(n++, int: 10, default: 20);
    printf("%d %d\n", r, n);            /* operand not evaluated */
    printf("%s\n", _Generic(1, default: "only default"));
    printf("%s\n", _Generic(&buf, char (*)[4]: "char(*)[4]", default: "other"));
    printf("%s\n", _Generic(+c, char: "char", int: "promoted int"));
    printf("%zu\n", sizeof(_Generic(1.0f, float: (char)0, default: 0)));
    return 0;
}
