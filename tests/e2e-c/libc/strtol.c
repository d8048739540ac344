/* strtol family: bases 0 and 2..36, prefixes, signs, overflow to the limits
 * with ERANGE, end pointers, atoi/atol/atoll. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

static void try_l(const char *s, int base)
{
    char *end = (char *)s; /* glibc leaves it alone for a bad base */
    errno = 0;
    long v = strtol(s, &end, base);
    printf("strtol(\"%s\", %d) = %ld, end +%d, errno %d\n", s, base, v, (int)(end - s), errno);
}

static void try_ul(const char *s, int base)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, base);
    printf("strtoul(\"%s\", %d) = %lu, end +%d, errno %d\n", s, base, v, (int)(end - s), errno);
}

static void try_ll(const char *s, int base)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, base);
    unsigned long long u = strtoull(s, NULL, base);
    printf("strtoll(\"%s\", %d) = %lld, end +%d, errno %d; strtoull = %llu\n", s, base, v,
           (int)(end - s), errno, u);
}

int main(void)
{
    const char *inputs[] = {"0", "42", "-42", "+17", "  \t\n 99xyz", "0x1F", "0X1f", "0x",
                            "0xg", "017", "08", "0b101", "z", "Zz", "-0", "",
                            "   ", "-", "+", "123abc", "9223372036854775807",
                            "9223372036854775808", "-9223372036854775808",
                            "-9223372036854775809", "18446744073709551615",
                            "18446744073709551616", "-1", "99999999999999999999999",
                            "7fffffffffffffff", "ffffffffffffffff", "1010", "777",
                            "  -0x80000000", "0x7FFFFFFFFFFFFFFF", "1e5", " +-5"};
    int bases[] = {0, 10, 16, 8, 2, 36};
    int ni = (int)(sizeof inputs / sizeof inputs[0]);
    for (int b = 0; b < 6; b++)
        for (int i = 0; i < ni; i++)
            try_l(inputs[i], bases[b]);
    for (int i = 0; i < ni; i++)
        try_ul(inputs[i], 0);
    for (int i = 0; i < ni; i++)
        try_ll(inputs[i], 16);
    try_l("12", 1);
    try_l("12", 37);
    try_l("zzzz", 36);
    try_l("ZZZZ", 35);
    printf("atoi: %d %d %d %d\n", atoi("123"), atoi("  -45junk"), atoi("junk"), atoi("2147483647"));
    printf("atol: %ld %ld\n", atol("-9000000000"), atol("+77"));
    printf("atoll: %lld\n", atoll("123456789012345"));
    char *end;
    long v = strtol("  42  ", &end, 10);
    printf("rest [%s] %ld\n", end, v);
    return 0;
}
