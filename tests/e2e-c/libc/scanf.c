/* sscanf: every conversion, widths, %*, %n, %[ sets, lengths, return
 * values on matching and input failures. */
#include <stdio.h>
#include <string.h>

int main(void)
{
    int a = -1, b = -1, c = -1, n = -1, r;
    unsigned u = 0;
    long l = 0;
    long long ll = 0;
    short h = 0;
    signed char hh = 0;
    double d = 0;
    float f = 0;
    char s1[64], s2[64], ch[8];

    r = sscanf("12 34 56", "%d %d %d", &a, &b, &c);
    printf("1: r=%d %d %d %d\n", r, a, b, c);
    r = sscanf("  -7+8", "%d%d", &a, &b);
    printf("2: r=%d %d %d\n", r, a, b);
    r = sscanf("0x1f 017 10", "%i %i %i", &a, &b, &c);
    printf("3: r=%d %d %d %d\n", r, a, b, c);
    r = sscanf("ff 777 101", "%x %o %u", &a, &b, &u);
    printf("4: r=%d %d %d %u\n", r, a, b, u);
    r = sscanf("123456", "%2d%3d%d", &a, &b, &c);
    printf("5: r=%d %d %d %d\n", r, a, b, c);
    r = sscanf("abc", "%d", &a);
    printf("6: r=%d\n", r);
    r = sscanf("", "%d", &a);
    printf("7: r=%d\n", r);
    r = sscanf("   ", "%d", &a);
    printf("8: r=%d\n", r);
    r = sscanf("5", "%d %d", &a, &b);
    printf("9: r=%d %d\n", r, a);
    r = sscanf("hello world", "%s %s", s1, s2);
    printf("10: r=%d [%s] [%s]\n", r, s1, s2);
    r = sscanf("hello", "%3s%s", s1, s2);
    printf("11: r=%d [%s] [%s]\n", r, s1, s2);
    memset(ch, 0, sizeof ch);
    r = sscanf("  xyz", "%c%3c", ch, ch + 2);
    printf("12: r=%d [%c] [%s]\n", r, ch[0], ch + 2);
    r = sscanf("abc123def", "%[a-z]%[0-9]%[^\n]", s1, s2, ch);
    printf("13: r=%d [%s] [%s] [%s]\n", r, s1, s2, ch);
    r = sscanf("]]x", "%[]]", s1);
    printf("14: r=%d [%s]\n", r, s1);
    r = sscanf("a-b-c", "%[-a]", s1);
    printf("15: r=%d [%s]\n", r, s1);
    r = sscanf("1 2 3", "%*d %d %n%d", &a, &n, &b);
    printf("16: r=%d %d %d %d\n", r, a, n, b);
    r = sscanf("3.25 -1e3 .5e-2", "%lf %f %lf", &d, &f, &d);
    printf("17: r=%d %g %g\n", r, d, (double)f);
    r = sscanf("inf -nan 0x1.8p3", "%lf %f %lf", &d, &f, &d);
    printf("18: r=%d %g %g\n", r, d, (double)f);
    r = sscanf("1e5x", "%lf%s", &d, s1);
    printf("19: r=%d %g [%s]\n", r, d, s1);
    r = sscanf("9223372036854775807 -9223372036854775808", "%ld %lld", &l, &ll);
    printf("20: r=%d %ld %lld\n", r, l, ll);
    r = sscanf("70000 300", "%hd %hhd", &h, &hh);
    printf("21: r=%d %d %d\n", r, h, hh);
    r = sscanf("99999999999", "%d", &a);
    printf("22: r=%d %d\n", r, a);
    r = sscanf("-1", "%u", &u);
    printf("23: r=%d %u\n", r, u);
    r = sscanf("12:34:56", "%d:%d:%d", &a, &b, &c);
    printf("24: r=%d %d %d %d\n", r, a, b, c);
    r = sscanf("12-34", "%d:%d", &a, &b);
    printf("25: r=%d %d\n", r, a);
    r = sscanf("100%", "%d%%", &a);
    printf("26: r=%d %d\n", r, a);
    r = sscanf("key = value", "%s = %s", s1, s2);
    printf("27: r=%d [%s] [%s]\n", r, s1, s2);
    r = sscanf("0x", "%x%n", &a, &n);
    printf("28: r=%d %d %d\n", r, a, n);
    r = sscanf("  42", "%n%d%n", &a, &b, &c);
    printf("29: r=%d %d %d %d\n", r, a, b, c);
    r = sscanf("1.5", "%d.%d", &a, &b);
    printf("30: r=%d %d %d\n", r, a, b);
    r = sscanf("abc", "%*s%n", &n);
    printf("31: r=%d %d\n", r, n);
    r = sscanf("x", "%*c%c", ch);
    printf("32: r=%d\n", r);
    r = sscanf("  +0012", "%4d", &a);
    printf("33: r=%d %d\n", r, a);
    r = sscanf("1e", "%lf", &d);
    printf("34: r=%d %g\n", r, d);
    r = sscanf("-0x10", "%i", &a);
    printf("35: r=%d %d\n", r, a);
    r = sscanf("3.5e+2end", "%4lf%s", &d, s1);
    printf("36: r=%d %g [%s]\n", r, d, s1);
    r = sscanf("nano", "%lf%s", &d, s1);
    printf("37: r=%d %g [%s]\n", r, d, s1);
    r = sscanf("a b", "%c %c", ch, ch + 1);
    printf("38: r=%d [%c%c]\n", r, ch[0], ch[1]);
    r = sscanf("  \n\t7", "%d", &a);
    printf("39: r=%d %d\n", r, a);
    r = sscanf("0.1 0.2", "%le %lg", &d, &d);
    printf("40: r=%d %.17g\n", r, d);

    /* Partial floating-point fields: what is consumed and what converts. */
    const char *fl[] = {"0x", "0x.", "0x.5", "0x.g", "0xg", "0x1", "0x.p1", "0xp1", "-0x",
                        "0.", ".", "-.", "0x1p", "0x1p+", "1e+", "0x1.8p1x", "infinit",
                        "-infinityx", "NaN(abc)", "1.5e-3z"};
    for (int i = 0; i < (int)(sizeof fl / sizeof fl[0]); i++) {
        d = -1;
        n = -1;
        r = sscanf(fl[i], "%lf%n", &d, &n);
        int n4 = -1;
        double d4 = -1;
        int r4 = sscanf(fl[i], "%4lf%n", &d4, &n4);
        printf("[%s] r=%d d=%g n=%d | w4 r=%d d=%g n=%d\n", fl[i], r, d, n, r4, d4, n4);
    }
    return 0;
}
