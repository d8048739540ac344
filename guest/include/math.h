/* math.h - FIR guest C library.  All C99 functions with their float (f) and
 * long double (l) versions; long double is double in FIR, and the float
 * versions compute in double.  Most double functions are host calls. */
#ifndef _MATH_H
#define _MATH_H

typedef float float_t;
typedef double double_t;

#define HUGE_VAL (__builtin_huge_val())
#define HUGE_VALF ((float)__builtin_huge_val())
#define HUGE_VALL ((long double)__builtin_huge_val())
#define INFINITY ((float)__builtin_inf())
#define NAN ((float)__builtin_nan(""))

#define FP_NAN 0
#define FP_INFINITE 1
#define FP_ZERO 2
#define FP_SUBNORMAL 3
#define FP_NORMAL 4

#define FP_ILOGB0 (-2147483647 - 1)
#define FP_ILOGBNAN (-2147483647 - 1)
#define MATH_ERRNO 1
#define MATH_ERREXCEPT 2
#define math_errhandling (MATH_ERRNO | MATH_ERREXCEPT)

int __fpclassify(double x);
int __fpclassifyf(float x);
int __signbit(double x);
int __signbitf(float x);
int __isinf(double x);
int __isinff(float x);

/* Type-generic: sizeof does not evaluate its operand, and only one arm of
 * the conditional is evaluated, so the argument is evaluated once. */
#define __FIR_FLT(x) (sizeof(x) == sizeof(float))
#define fpclassify(x) (__FIR_FLT(x) ? __fpclassifyf(x) : __fpclassify(x))
#define isnan(x) (fpclassify(x) == FP_NAN)
#define isinf(x) (__FIR_FLT(x) ? __isinff(x) : __isinf(x)) /* -1 for -inf, like glibc */
#define isfinite(x) (fpclassify(x) >= FP_ZERO)
#define isnormal(x) (fpclassify(x) == FP_NORMAL)
#define signbit(x) (__FIR_FLT(x) ? __signbitf(x) : __signbit(x))

#define isunordered(x, y) (isnan(x) || isnan(y))
#define isgreater(x, y) __isgreater((double)(x), (double)(y))
#define isgreaterequal(x, y) __isgreaterequal((double)(x), (double)(y))
#define isless(x, y) __isless((double)(x), (double)(y))
#define islessequal(x, y) __islessequal((double)(x), (double)(y))
#define islessgreater(x, y) __islessgreater((double)(x), (double)(y))
int __isgreater(double x, double y);
int __isgreaterequal(double x, double y);
int __isless(double x, double y);
int __islessequal(double x, double y);
int __islessgreater(double x, double y);

#if !defined(__STRICT_ANSI__) || defined(_GNU_SOURCE) || defined(_DEFAULT_SOURCE) || \
    defined(_XOPEN_SOURCE) || defined(_POSIX_C_SOURCE) || defined(_BSD_SOURCE)
#define M_E 2.7182818284590452354
#define M_LOG2E 1.4426950408889634074
#define M_LOG10E 0.43429448190325182765
#define M_LN2 0.69314718055994530942
#define M_LN10 2.30258509299404568402
#define M_PI 3.14159265358979323846
#define M_PI_2 1.57079632679489661923
#define M_PI_4 0.78539816339744830962
#define M_1_PI 0.31830988618379067154
#define M_2_PI 0.63661977236758134308
#define M_2_SQRTPI 1.12837916709551257390
#define M_SQRT2 1.41421356237309504880
#define M_SQRT1_2 0.70710678118654752440
#define MAXFLOAT 3.40282346638528859812e+38F
extern int signgam;
#endif

double acos(double);
double acosh(double);
double asin(double);
double asinh(double);
double atan(double);
double atanh(double);
double cbrt(double);
double ceil(double);
double cos(double);
double cosh(double);
double erf(double);
double erfc(double);
double exp(double);
double exp2(double);
double expm1(double);
double fabs(double);
double floor(double);
double lgamma(double);
double log(double);
double log10(double);
double log1p(double);
double log2(double);
double logb(double);
double nearbyint(double);
double rint(double);
double round(double);
double sin(double);
double sinh(double);
double sqrt(double);
double tan(double);
double tanh(double);
double tgamma(double);
double trunc(double);
double atan2(double, double);
double copysign(double, double);
double fdim(double, double);
double fmax(double, double);
double fmin(double, double);
double fmod(double, double);
double hypot(double, double);
double nextafter(double, double);
double pow(double, double);
double remainder(double, double);
double fma(double, double, double);
double frexp(double, int *);
double ldexp(double, int);
double modf(double, double *);
int ilogb(double);
double scalbn(double, int);
double scalbln(double, long);
long lrint(double);
long long llrint(double);
long lround(double);
long long llround(double);
double remquo(double, double, int *);
double nan(const char *);
double nexttoward(double, long double);

float acosf(float);
float acoshf(float);
float asinf(float);
float asinhf(float);
float atanf(float);
float atanhf(float);
float cbrtf(float);
float ceilf(float);
float cosf(float);
float coshf(float);
float erff(float);
float erfcf(float);
float expf(float);
float exp2f(float);
float expm1f(float);
float fabsf(float);
float floorf(float);
float lgammaf(float);
float logf(float);
float log10f(float);
float log1pf(float);
float log2f(float);
float logbf(float);
float nearbyintf(float);
float rintf(float);
float roundf(float);
float sinf(float);
float sinhf(float);
float sqrtf(float);
float tanf(float);
float tanhf(float);
float tgammaf(float);
float truncf(float);
float atan2f(float, float);
float copysignf(float, float);
float fdimf(float, float);
float fmaxf(float, float);
float fminf(float, float);
float fmodf(float, float);
float hypotf(float, float);
float nextafterf(float, float);
float powf(float, float);
float remainderf(float, float);
float fmaf(float, float, float);
float frexpf(float, int *);
float ldexpf(float, int);
float modff(float, float *);
int ilogbf(float);
float scalbnf(float, int);
float scalblnf(float, long);
long lrintf(float);
long long llrintf(float);
long lroundf(float);
long long llroundf(float);
float remquof(float, float, int *);
float nanf(const char *);
float nexttowardf(float, long double);

long double acosl(long double);
long double acoshl(long double);
long double asinl(long double);
long double asinhl(long double);
long double atanl(long double);
long double atanhl(long double);
long double cbrtl(long double);
long double ceill(long double);
long double cosl(long double);
long double coshl(long double);
long double erfl(long double);
long double erfcl(long double);
long double expl(long double);
long double exp2l(long double);
long double expm1l(long double);
long double fabsl(long double);
long double floorl(long double);
long double lgammal(long double);
long double logl(long double);
long double log10l(long double);
long double log1pl(long double);
long double log2l(long double);
long double logbl(long double);
long double nearbyintl(long double);
long double rintl(long double);
long double roundl(long double);
long double sinl(long double);
long double sinhl(long double);
long double sqrtl(long double);
long double tanl(long double);
long double tanhl(long double);
long double tgammal(long double);
long double truncl(long double);
long double atan2l(long double, long double);
long double copysignl(long double, long double);
long double fdiml(long double, long double);
long double fmaxl(long double, long double);
long double fminl(long double, long double);
long double fmodl(long double, long double);
long double hypotl(long double, long double);
long double nextafterl(long double, long double);
long double powl(long double, long double);
long double remainderl(long double, long double);
long double fmal(long double, long double, long double);
long double frexpl(long double, int *);
long double ldexpl(long double, int);
long double modfl(long double, long double *);
int ilogbl(long double);
long double scalbnl(long double, int);
long double scalblnl(long double, long);
long lrintl(long double);
long long llrintl(long double);
long lroundl(long double);
long long llroundl(long double);
long double remquol(long double, long double, int *);
long double nanl(const char *);
long double nexttowardl(long double, long double);

#endif
