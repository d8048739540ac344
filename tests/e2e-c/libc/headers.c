/* Every header of the library compiles together, and the types and limits
 * have the FIR data model's (x86-64 Linux) sizes and values. */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <iso646.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <uchar.h>
#include <wchar.h>
#include <wctype.h>

static_assert(sizeof(long) == 8, "LP64");
static_assert(sizeof(void *) == 8, "64-bit pointers");
static_assert(sizeof(wchar_t) == 4, "32-bit wchar_t");

struct S {
    char c;
    double d;
    int i;
};

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

int main(void)
{
    printf("sizes: char %zu short %zu int %zu long %zu llong %zu ptr %zu float %zu double %zu\n",
           sizeof(char), sizeof(short), sizeof(int), sizeof(long), sizeof(long long),
           sizeof(void *), sizeof(float), sizeof(double));
    printf("size_t %zu ptrdiff_t %zu intmax_t %zu wint_t %zu time_t %zu clock_t %zu\n",
           sizeof(size_t), sizeof(ptrdiff_t), sizeof(intmax_t), sizeof(wint_t), sizeof(time_t),
           sizeof(clock_t));
    printf("struct tm %zu struct timespec %zu div_t %zu ldiv_t %zu fpos_t %zu\n",
           sizeof(struct tm), sizeof(struct timespec), sizeof(div_t), sizeof(ldiv_t),
           sizeof(fpos_t));
    printf("offsetof %zu %zu %zu size %zu align %zu\n", offsetof(struct S, c),
           offsetof(struct S, d), offsetof(struct S, i), sizeof(struct S), alignof(struct S));
    printf("limits: %d %d %d %u %ld %lu %lld %llu\n", CHAR_MIN, SCHAR_MIN, SHRT_MIN, UINT_MAX,
           LONG_MIN, ULONG_MAX, LLONG_MIN, ULLONG_MAX);
    printf("stdint: %d %d %ld %lu %lu %ld %lu\n", INT8_MIN, INT16_MAX, INT64_MIN, UINT64_MAX,
           SIZE_MAX, INTPTR_MAX, UINTMAX_MAX);
    printf("C macros: %lld %llu %d %u\n", (long long)INT64_C(-5), (unsigned long long)UINT64_C(7),
           INT8_C(3), UINT32_C(9));
    printf("float.h: %d %d %d %d %.9g %.17g %.17g %.17g\n", FLT_MANT_DIG, DBL_MANT_DIG, FLT_DIG,
           DBL_DIG, (double)FLT_MAX, DBL_MAX, DBL_MIN, DBL_EPSILON);
    printf("float.h 2: %d %d %d %d %.9g %.17g\n", FLT_MAX_EXP, DBL_MIN_EXP, DBL_MAX_10_EXP,
           FLT_MIN_10_EXP, (double)FLT_EPSILON, DBL_TRUE_MIN);
    printf("stdio: %d %d %d %d %d %d %d\n", EOF, BUFSIZ, SEEK_SET, SEEK_CUR, SEEK_END, _IOFBF,
           _IONBF);
    printf("stdlib: %d %d %d\n", EXIT_SUCCESS, EXIT_FAILURE, RAND_MAX);
    printf("errno: %d %d %d %d %d\n", EDOM, ERANGE, EILSEQ, ENOENT, EINVAL);
    printf("signal: %d %d %d %d %d %d\n", SIGABRT, SIGFPE, SIGILL, SIGINT, SIGSEGV, SIGTERM);
    printf("locale: %d %d %d\n", LC_ALL, LC_NUMERIC, LC_CTYPE);
    printf("math: %d %d %d %d %d\n", FP_NAN, FP_INFINITE, FP_ZERO, FP_SUBNORMAL, FP_NORMAL);
    printf("time: %ld\n", (long)CLOCKS_PER_SEC);
    bool b = true;
    printf("bool %d %d iso646 %d\n", b, false, 1 and not 0);
    printf("varargs %d\n", sum(4, 1, 2, 3, 4));
    printf("WEOF %u\n", (unsigned)WEOF);
    char16_t c16 = 65;
    char32_t c32 = 66;
    printf("uchar %d %d\n", (int)c16, (int)c32);
    return 0;
}
