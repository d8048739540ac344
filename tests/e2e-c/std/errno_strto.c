/* errno and range errors from strtol/strtoul/strtoll/strtod. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <limits.h>
#include <math.h>

static void tl(const char *s, int base)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, base);
    printf("strtol(\"%s\",%d) = %ld erange=%d end=%td\n", s, base, v, errno == ERANGE,
           end - s);
}

static void tul(const char *s, int base)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, base);
    printf("strtoul(\"%s\",%d) = %lu erange=%d end=%td\n", s, base, v, errno == ERANGE,
           end - s);
}

static void td(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    printf("strtod(\"%s\") = %.17g erange=%d end=%td\n", s, v, errno == ERANGE, end - s);
}

int main(void)
{
    printf("%d\n", errno);
    tl("9223372036854775807", 10);
    tl("9223372036854775808", 10);
    tl("-9223372036854775808", 10);
    tl("-9223372036854775809", 10);
    tl("99999999999999999999999", 10);
    tl("7fffffffffffffff", 16);
    tl("8000000000000000", 16);
    tl("  -42abc", 10);
    tl("abc", 10);
    tl("0x", 16);
    tl("0x", 0);
    tl("+", 10);
    tul("18446744073709551615", 10);
    tul("18446744073709551616", 10);
    tul("-1", 10);
    tul("-18446744073709551615", 10);
    tul("ffffffffffffffffff", 16);
    errno = 0;
    long long ll = strtoll("-9223372036854775809", NULL, 10);
    printf("%lld %d\n", ll, errno == ERANGE);
    errno = 0;
    unsigned long long ull = strtoull("99999999999999999999", NULL, 10);
    printf("%llu %d\n", ull, errno == ERANGE);
    td("1e400");
    td("-1e400");
    printf("%g\n", strtod("1e-400", NULL));
    td("1.5");
    td("  0x1p4xyz");
    td("inf");
    td("-Infinity");
    td("nan");
    td("1e308");
    td(".");
    td("-.5e1");
    td("1e");
    td("123abc");
    errno = 0;
    double h = strtod("1e999", NULL);
    printf("%d %d\n", h == HUGE_VAL, errno == ERANGE);
    errno = 0;
    float f = strtof("1e50", NULL);
    printf("%d %d\n", f == HUGE_VALF, errno == ERANGE);
    errno = 0;
    f = strtof("3.5", NULL);
    printf("%g %d\n", f, errno);
    errno = 0;
    errno = EDOM;
    printf("%d\n", errno == EDOM);
    errno = 0;
    double s = sqrt(4.0);
    printf("%g %d\n", s, errno);
    printf("%d %d %d\n", EDOM != 0, ERANGE != 0, EDOM != ERANGE);
    return 0;
}
