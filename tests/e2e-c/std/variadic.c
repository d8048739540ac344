/* Variadic functions: va_arg of mixed types, va_list passed down, va_copy. */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>

static int sum_ints(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    int s = 0;
    for (int i = 0; i < n; i++)
        s += va_arg(ap, int);
    va_end(ap);
    return s;
}

static double avg(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += va_arg(ap, double);
    va_end(ap);
    return n ? s / n : 0;
}

/* fmt letters: i int, l long, d double, s string, p int pointer, c char */
static void show(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *f = fmt; *f; f++) {
        switch (*f) {
        case 'i': printf("i:%d ", va_arg(ap, int)); break;
        case 'l': printf("l:%ld ", va_arg(ap, long)); break;
        case 'd': printf("d:%g ", va_arg(ap, double)); break;
        case 's': printf("s:%s ", va_arg(ap, const char *)); break;
        case 'p': printf("p:%d ", *va_arg(ap, int *)); break;
        case 'c': printf("c:%c ", va_arg(ap, int)); break;
        }
    }
    va_end(ap);
    printf("\n");
}

static int my_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    return vsnprintf(buf, n, fmt, ap);
}

static int fmt(char *buf, size_t n, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = my_vsnprintf(buf, n, f, ap);
    va_end(ap);
    return r;
}

static void twice(const char *f, ...)
{
    va_list ap, ap2;
    va_start(ap, f);
    va_copy(ap2, ap);
    vprintf(f, ap);
    vprintf(f, ap2);
    va_end(ap2);
    va_end(ap);
}

static long max_of(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    long m = va_arg(ap, long);
    for (int i = 1; i < n; i++) {
        long v = va_arg(ap, long);
        if (v > m)
            m = v;
    }
    va_end(ap);
    return m;
}

static void skip_then_copy(int n, ...)
{
    va_list ap, rest;
    va_start(ap, n);
    int first = va_arg(ap, int);
    va_copy(rest, ap);
    int s1 = 0, s2 = 0;
    for (int i = 1; i < n; i++)
        s1 += va_arg(ap, int);
    for (int i = 1; i < n; i++)
        s2 += va_arg(rest, int) * 2;
    va_end(rest);
    va_end(ap);
    printf("first %d s1 %d s2 %d\n", first, s1, s2);
}

static const char *join(char *out, const char *sep, ...)
{
    va_list ap;
    va_start(ap, sep);
    out[0] = 0;
    const char *s;
    int first = 1;
    while ((s = va_arg(ap, const char *)) != NULL) {
        if (!first)
            strcat(out, sep);
        strcat(out, s);
        first = 0;
    }
    va_end(ap);
    return out;
}

int main(void)
{
    printf("%d %d %d\n", sum_ints(0), sum_ints(3, 1, 2, 3), sum_ints(5, -1, -2, 3, 40, 500));
    printf("%g %g\n", avg(2, 1.0, 2.0), avg(4, 1.5, 2.5, 3.5, 10.0));
    int v = 77;
    char ch = 'Q';
    short sh = -12;
    float fl = 0.25f;
    show("ildspc", 1, 2L, 3.5, "four", &v, 'z');
    show("ciid", ch, sh, (unsigned char)250, fl);
    show("llll", 1L << 40, -5L, 0L, 123456789012L);
    show("dididi", 0.5, 1, 1.5, 2, 2.5, 3);
    show("iiiiiiiiiiii", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    show("dddddddddd", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
    char buf[64];
    int r = fmt(buf, sizeof buf, "%d-%s-%.2f", 7, "x", 3.14159);
    printf("%d [%s]\n", r, buf);
    r = fmt(buf, 5, "%s", "truncated");
    printf("%d [%s]\n", r, buf);
    twice("%d %s|", 5, "again");
    printf("\n");
    printf("%ld\n", max_of(4, 3L, 99L, -5L, 42L));
    skip_then_copy(4, 100, 1, 2, 3);
    char out[64];
    printf("%s\n", join(out, ", ", "a", "bb", "ccc", (char *)NULL));
    printf("[%s]\n", join(out, "-", (char *)NULL));
    return 0;
}
