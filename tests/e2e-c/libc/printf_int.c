/* printf integer conversions: every flag, width, precision and length. */
#include <limits.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const char *const int_formats[] = {
    "%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+5d", "%-+5d|", "% 05d", "%.3d",
    "%8.3d", "%-8.3d|", "%08.3d", "%.0d", "%5.0d", "%+.0d", "%x", "%X", "%#x", "%#X",
    "%#o", "%o", "%#.0o", "%#8x", "%#08x", "%-#8x|", "%#.5x", "%u", "%10u", "%-10u|",
    "%+u", "% u", "%#.3o", "%.10d", "%+010d", "%-010d|", "%*d", "%-*d|", "%.*d", "%*.*d",
};

static const int int_values[] = {0, 1, -1, 7, 42, -42, 255, 1000, -32768, 65535, 123456789,
                                 INT_MAX, INT_MIN};

int main(void)
{
    int nf = (int)(sizeof int_formats / sizeof int_formats[0]);
    int nv = (int)(sizeof int_values / sizeof int_values[0]);
    for (int i = 0; i < nf; i++) {
        printf("%-8s:", int_formats[i]);
        for (int j = 0; j < nv; j++) {
            printf(" [");
            const char *star = strchr(int_formats[i], '*');
            if (star && strchr(star + 1, '*'))
                printf(int_formats[i], 7, 3, int_values[j]);
            else if (star)
                printf(int_formats[i], j - 6, int_values[j]);
            else
                printf(int_formats[i], int_values[j]);
            printf("]");
        }
        printf("\n");
    }

    /* Length modifiers. */
    printf("hh: %hhd %hhu %hhx %hhd\n", 300, 300, -1, -129);
    printf("h: %hd %hu %hx %ho\n", 70000, 70000, -1, -1);
    printf("l: %ld %lu %lx %lo\n", LONG_MAX, ULONG_MAX, LONG_MIN, 8L);
    printf("ll: %lld %llu %llx %#llo\n", LLONG_MIN, ULLONG_MAX, 0x123456789abcdefLL, 01234LL);
    printf("j: %jd %ju\n", INTMAX_MIN, UINTMAX_MAX);
    printf("z: %zd %zu %zx\n", (ptrdiff_t)-5, (size_t)12345, SIZE_MAX);
    printf("t: %td %tx\n", (ptrdiff_t)-77, (ptrdiff_t)255);
    printf("neg l: %ld %+ld %li %lx\n", -9000000000L, 9000000000L, -1L, -1L);
    printf("wide: %20ld|%-20lu|%020lx\n", -1234567890123L, 98765432109876UL, 0xdeadbeefUL);

    /* Characters and strings. */
    printf("c: [%c] [%3c] [%-3c] [%c]\n", 'a', 'b', 'c', 65);
    printf("s: [%s] [%10s] [%-10s] [%.2s] [%10.3s] [%-10.1s] [%.0s]\n", "hello", "right",
           "left", "truncate", "abcdef", "xyz", "gone");
    printf("null s: [%s] [%.3s] [%.6s] [%10s]\n", (char *)NULL, (char *)NULL, (char *)NULL,
           (char *)NULL);
    printf("p: [%p] [%10p] [%-10p]\n", (void *)0, (void *)0, (void *)0);
    printf("percent: [%%] [%5%]\n");
    int n1 = 0, n2 = 0;
    long n3 = 0;
    signed char n4 = 0;
    short n5 = 0;
    printf("count%n here%n %ln%hhn%hn\n", &n1, &n2, &n3, &n4, &n5);
    printf("n: %d %d %ld %d %d\n", n1, n2, n3, n4, n5);
    printf("positional: %2$s %1$s %2$s %3$d %4$*5$d|\n", "world", "hello", 42, 7, 4);
    int r = printf("%s=%d\n", "return", 12345);
    printf("returned %d\n", r);

    char buf[16];
    r = snprintf(buf, sizeof buf, "%s-%d-%s", "abcdefgh", 123456, "tail");
    printf("snprintf: %d [%s]\n", r, buf);
    r = snprintf(buf, 0, "%d", 12345);
    printf("snprintf 0: %d\n", r);
    r = snprintf(NULL, 0, "%ld and %s", 1234567890123L, "more");
    printf("snprintf NULL: %d\n", r);
    r = sprintf(buf, "%05.1f", 3.25);
    printf("sprintf: %d [%s]\n", r, buf);
    fprintf(stdout, "fprintf %s\n", "to stdout");
    return 0;
}
