/* Values from <limits.h>, <stdint.h> and <float.h> on an LP64 target. */
#include <stdio.h>
#include <limits.h>
#include <stdint.h>
#include <float.h>
#include <stddef.h>
#include <wchar.h>

int main(void)
{
    printf("CHAR_BIT %d SCHAR %d %d UCHAR %d CHAR %d %d\n", CHAR_BIT, SCHAR_MIN, SCHAR_MAX,
           UCHAR_MAX, CHAR_MIN, CHAR_MAX);
    printf("SHRT %d %d USHRT %d\n", SHRT_MIN, SHRT_MAX, USHRT_MAX);
    printf("INT %d %d UINT %u\n", INT_MIN, INT_MAX, UINT_MAX);
    printf("LONG %ld %ld ULONG %lu\n", LONG_MIN, LONG_MAX, ULONG_MAX);
    printf("LLONG %lld %lld ULLONG %llu\n", LLONG_MIN, LLONG_MAX, ULLONG_MAX);
    printf("MB_LEN_MAX>=1 %d\n", MB_LEN_MAX >= 1);
    printf("INT8 %d %d UINT8 %d\n", INT8_MIN, INT8_MAX, UINT8_MAX);
    printf("INT16 %d %d UINT16 %d\n", INT16_MIN, INT16_MAX, UINT16_MAX);
    printf("INT32 %d %d UINT32 %u\n", INT32_MIN, INT32_MAX, UINT32_MAX);
    printf("INT64 %lld %lld UINT64 %llu\n", (long long)INT64_MIN, (long long)INT64_MAX,
           (unsigned long long)UINT64_MAX);
    printf("INTMAX %lld UINTMAX %llu\n", (long long)INTMAX_MAX, (unsigned long long)UINTMAX_MAX);
    printf("SIZE_MAX %zu PTRDIFF %td %td\n", SIZE_MAX, PTRDIFF_MIN, PTRDIFF_MAX);
    printf("INTPTR %lld UINTPTR %llu\n", (long long)INTPTR_MAX, (unsigned long long)UINTPTR_MAX);
    printf("LEAST8 %d FAST8 %d LEAST64 %lld\n", INT_LEAST8_MAX, INT_FAST8_MAX,
           (long long)INT_LEAST64_MAX);
    printf("sizes least16 %zu least32 %zu fast16>=2 %d fast32>=4 %d\n", sizeof(int_least16_t),
           sizeof(int_least32_t), sizeof(int_fast16_t) >= 2, sizeof(int_fast32_t) >= 4);
    printf("INT64_C %lld UINT32_C %u INTMAX_C %lld\n", (long long)INT64_C(123456789012),
           (unsigned)UINT32_C(4000000000), (long long)INTMAX_C(-5));
    printf("WCHAR %d %d\n", WCHAR_MIN, WCHAR_MAX);
    printf("SIG_ATOMIC_MAX>=127 %d\n", SIG_ATOMIC_MAX >= 127);
    printf("FLT_RADIX %d FLT_MANT_DIG %d DBL_MANT_DIG %d\n", FLT_RADIX, FLT_MANT_DIG,
           DBL_MANT_DIG);
    printf("FLT_DIG %d DBL_DIG %d\n", FLT_DIG, DBL_DIG);
    printf("FLT_MIN_EXP %d FLT_MAX_EXP %d DBL_MIN_EXP %d DBL_MAX_EXP %d\n", FLT_MIN_EXP,
           FLT_MAX_EXP, DBL_MIN_EXP, DBL_MAX_EXP);
    printf("FLT_MIN_10_EXP %d FLT_MAX_10_EXP %d DBL_MIN_10_EXP %d DBL_MAX_10_EXP %d\n",
           FLT_MIN_10_EXP, FLT_MAX_10_EXP, DBL_MIN_10_EXP, DBL_MAX_10_EXP);
    printf("FLT_MAX %e FLT_MIN %e FLT_EPSILON %g\n", FLT_MAX, FLT_MIN, FLT_EPSILON);
    printf("DBL_MAX %e DBL_MIN %e DBL_EPSILON %g\n", DBL_MAX, DBL_MIN, DBL_EPSILON);
    printf("DBL_MAX %.17g\n", DBL_MAX);
    printf("DBL_EPSILON %a FLT_EPSILON %a\n", DBL_EPSILON, FLT_EPSILON);
    printf("FLT_TRUE_MIN %g DBL_TRUE_MIN %g\n", FLT_TRUE_MIN, DBL_TRUE_MIN);
    printf("FLT_DECIMAL_DIG %d DBL_DECIMAL_DIG %d\n", FLT_DECIMAL_DIG, DBL_DECIMAL_DIG);
    printf("FLT_EVAL_METHOD %d FLT_ROUNDS %d\n", FLT_EVAL_METHOD, FLT_ROUNDS);
    printf("1+eps>1 %d 1+eps/2>1 %d\n", 1.0 + DBL_EPSILON > 1.0, 1.0 + DBL_EPSILON / 2 > 1.0);
    printf("%d %d\n", FLT_MAX > 3.4e38f, DBL_MIN < 2.3e-308);
    printf("%d\n", INT_MAX + 1u == 0x80000000u);
    printf("%d\n", (unsigned char)(UCHAR_MAX + 1) == 0);
    return 0;
}
