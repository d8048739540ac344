/* #if arithmetic in intmax_t/uintmax_t, defined, __has_include, nesting. */
#include <stdio.h>

#define ZERO 0
#define ONE 1
#define EXPR (ONE + 2) * 3

int main(void)
{
#if EXPR == 9 && defined ONE && defined(ZERO) && !defined TWO
    puts("arith ok");
#endif
#if -1 < 0u
    puts("wrong: -1 < 0u");
#else
    puts("unsigned conversion ok");
#endif
#if 0xffffffffffffffff == -1 && 18446744073709551615u == -1
    puts("64-bit ok");
#endif
#if (1 << 62) > 0 && -1 >> 63 == -1 && 7 % -3 == 1 && -7 / 2 == -3
    puts("shifts and division ok");
#endif
#if 'A' == 65 && '\n' == 10 && '\0' == 0 && '\x41' == 'A'
    puts("char constants ok");
#endif
#if ZERO && (1 / ZERO)
    puts("wrong: short circuit");
#elif ONE || (1 / ZERO)
    puts("short circuit ok");
#endif
#if ONE ? 2 : (1 / ZERO)
    puts("conditional ok");
#endif
#if undefined_macro == 0 && !undefined_macro
    puts("undefined names are 0");
#endif
#ifdef ONE
#  ifndef ZERO
    puts("wrong: nested");
#  elif ONE
    puts("nested ok");
#  else
    puts("wrong: nested else");
#  endif
#else
#  error "not reached"
#endif
#if defined(__has_include) && __has_include(<stdio.h>) && !__has_include("no_such_header.h")
    puts("__has_include ok");
#endif
#if __STDC_HOSTED__ && __CHAR_BIT__ == 8 && __SIZEOF_LONG__ == 8 && __SIZEOF_POINTER__ == 8
    puts("data model ok");
#endif
#if 0
    this is 'not C at all " and is skipped
#  if 1/0
#  endif
#endif
    puts("done");
    return 0;
}
