/* strtod/strtof/atof: correct rounding (incl. halfway cases and long
 * inputs), hex floats, inf/nan, subnormals, overflow/underflow with ERANGE,
 * end pointers. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void t(const char *s)
{
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    int e = errno;
    errno = 0;
    char *fend;
    float f = strtof(s, &fend);
    int fe = errno;
    printf("[%s] -> %.17g %a end +%d errno %d | f %.9g %a end +%d errno %d\n", s, d, d,
           (int)(end - s), e, (double)f, (double)f, (int)(fend - s), fe);
}

int main(void)
{
    const char *inputs[] = {
        "0", "-0", "1", "-1", "0.1", "0.2", "0.3", "1e10", "1E-10", "123.456e7", ".5", "5.",
        ".", "e5", "1e", "1e+", "1e-x", "  +3.25abc", "-.75", "0x1p3", "0x1.8p1", "0X.8P-1",
        "0x", "0x.p1", "0xabc.defp-10", "0x1.fffffffffffffp1023", "0x1p-1074", "0x1p-1075",
        "0x1.8p-1075", "0x1p1024", "inf", "-INF", "infinity", "-Infinity", "infinit", "nan",
        "NAN", "-nan", "nan(123)", "nan(", "nanx", "1.7976931348623157e308",
        "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e400", "2.2250738585072014e-308",
        "2.2250738585072011e-308", "4.9406564584124654e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "1e-324", "1e-400", "9007199254740993",
        "9007199254740992.5", "9007199254740993.0000000000000000000001",
        "0.500000000000000166533453693773481063544750213623046875",
        "0.500000000000000166533453693773481063544750213623046874",
        "0.500000000000000166533453693773481063544750213623046876",
        "3.14159265358979323846264338327950288419716939937510582097494459",
        "123456789012345678901234567890", "0.000000000000000000000000000000000001",
        "00000000000000000000000000001.5", "1.00000000000000000000000000000000000000000000001",
        "3.4028235e38", "3.4028236e38", "1.17549435e-38", "1.4e-45", "7e-46", "8e-46",
        "1e-45", "16777217", "16777219", "0.1f", "1,5", "+", "-", "", "   ",
        "1.5e-1074", "2e-308", "1e23", "8.98846567431158e307", "1e22", "5e-324",
    };
    int n = (int)(sizeof inputs / sizeof inputs[0]);
    for (int i = 0; i < n; i++)
        t(inputs[i]);
    /* 1000 digits: the tail decides the rounding. */
    char big[1200];
    strcpy(big, "1.");
    for (int i = 0; i < 1000; i++)
        big[2 + i] = '0';
    strcpy(big + 1002, "1e-300");
    t(big);
    big[2] = '5';
    t(big);
    printf("atof: %g %g %g\n", atof("2.5"), atof("-1e-3xyz"), atof("junk"));
    printf("strtold: %.17g\n", (double)strtold("0.1", NULL));
    return 0;
}
