#include <stdio.h>
#include <stdarg.h>
struct pair { int a; double b; };
static int sum(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    int s = 0;
    for (int i = 0; i < n; i++)
        s += va_arg(ap, int);
    va_end(ap);
    return s;
}
static double mixed(const char *fmt, ...)
{
    va_list ap;
    double total = 0;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        switch (*p) {
        case 'i': total += va_arg(ap, int); break;
        case 'l': total += va_arg(ap, long); break;
        case 'd': total += va_arg(ap, double); break;
        case 'p': { struct pair pr = va_arg(ap, struct pair); total += pr.a + pr.b; break; }
        case 's': total += *va_arg(ap, char *); break;
        }
    }
    va_end(ap);
    return total;
}
static void vlog(const char *fmt, va_list ap)
{
    vprintf(fmt, ap);
}
static void logf_(const char *fmt, ...)
{
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    vlog(fmt, ap);
    vlog(fmt, copy);
    va_end(copy);
    va_end(ap);
}
int main(void)
{
    printf("%d %d\n", sum(3, 1, 2, 3), sum(0));
    struct pair p = {4, 0.5};
    printf("%g\n", mixed("ildps", 1, 2L, 3.25, p, "A"));
    char c = 'x';
    float f = 1.5f;
    printf("%c %g %d\n", c, f, (short)-2);
    logf_("%s-%d\n", "twice", 2);
    return 0;
}
