/*
 * math.c - math.h.  The double functions the VM provides are host calls (the
 * host's libm, so results match a native build on the same machine); the
 * others are computed here from the bits.  float and long double versions
 * compute in double and round the result once (long double is double).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "libc.h"

int signgam;

static uint64_t bits_of(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static double of_bits(uint64_t b)
{
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

/* ------------------------------------------------------- classification */

int __fpclassify(double x)
{
    uint64_t b = bits_of(x);
    int e = (int)((b >> 52) & 0x7ff);
    uint64_t m = b & 0xfffffffffffffULL;
    if (e == 0x7ff)
        return m ? FP_NAN : FP_INFINITE;
    if (e == 0)
        return m ? FP_SUBNORMAL : FP_ZERO;
    return FP_NORMAL;
}

int __fpclassifyf(float x)
{
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    int e = (int)((b >> 23) & 0xff);
    uint32_t m = b & 0x7fffffu;
    if (e == 0xff)
        return m ? FP_NAN : FP_INFINITE;
    if (e == 0)
        return m ? FP_SUBNORMAL : FP_ZERO;
    return FP_NORMAL;
}

int __signbit(double x)
{
    return (int)(bits_of(x) >> 63);
}

int __signbitf(float x)
{
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    return (int)(b >> 31);
}

int __isinf(double x)
{
    return __fpclassify(x) == FP_INFINITE ? (__signbit(x) ? -1 : 1) : 0;
}

int __isinff(float x)
{
    return __fpclassifyf(x) == FP_INFINITE ? (__signbitf(x) ? -1 : 1) : 0;
}

int __isgreater(double x, double y)
{
    return !isunordered(x, y) && x > y;
}

int __isgreaterequal(double x, double y)
{
    return !isunordered(x, y) && x >= y;
}

int __isless(double x, double y)
{
    return !isunordered(x, y) && x < y;
}

int __islessequal(double x, double y)
{
    return !isunordered(x, y) && x <= y;
}

int __islessgreater(double x, double y)
{
    return !isunordered(x, y) && x != y;
}

/* ------------------------------------------------------- host functions */

/* errno as glibc sets it (math_errhandling includes MATH_ERRNO): a NaN
 * from numbers is a domain error, an infinity from finite numbers is a pole
 * or an overflow, and exp, exp2 and pow also report underflow to zero. */
static int finite(double x)
{
    return x - x == 0; /* inf - inf and NaN - NaN are NaN; cheaper than classifying bits */
}

static double check1(double r, double x)
{
    if (r != r && x == x)
        errno = EDOM;
    else if (!finite(r) && r == r && finite(x))
        errno = ERANGE;
    return r;
}

static double check2(double r, double x, double y)
{
    if (r != r && x == x && y == y)
        errno = EDOM;
    else if (!finite(r) && r == r && finite(x) && finite(y))
        errno = ERANGE;
    return r;
}

static double check_under1(double r, double x)
{
    if (r == 0 && finite(x))
        errno = ERANGE;
    return check1(r, x);
}

static double check_under2(double r, double x, double y)
{
    if (r == 0 && x != 0 && finite(x) && finite(y))
        errno = ERANGE;
    return check2(r, x, y);
}

/* The functions that are a host call plus glibc's errno rules: the rows of
 * HOST_MATH1/2 (host_calls.h), each with its rule check1/check2 or the
 * underflow-aware check_under1/2, exact (the result is finite, infinite or
 * NaN exactly when x is: never an error) or edom_neg; `own` rows are
 * written out below. */
#define MATH_DEF1_check1(name) \
    double name(double x) { return check1(__host_##name(x), x); }
#define MATH_DEF1_check_under1(name) \
    double name(double x) { return check_under1(__host_##name(x), x); }
#define MATH_DEF1_own(name)
#define MATH_DEF1_exact(name) \
    double name(double x) { return __host_##name(x); }
#define MATH_DEF1_edom_neg(name) \
    double name(double x) { if (x < 0) errno = EDOM; return __host_##name(x); }
#define MATH_DEF2_check2(name) \
    double name(double x, double y) { return check2(__host_##name(x, y), x, y); }
#define MATH_DEF2_check_under2(name) \
    double name(double x, double y) { return check_under2(__host_##name(x, y), x, y); }
#define MATH_DEF1(name, rule) MATH_DEF1_##rule(name)
#define MATH_DEF2(name, rule) MATH_DEF2_##rule(name)
HOST_MATH1(MATH_DEF1)
HOST_MATH2(MATH_DEF2)
#undef MATH_DEF1
#undef MATH_DEF2

double lgamma(double x)
{
    signgam = 1;
    if (x < 0 && x == x) {
        double f = __host_floor(x);
        if (f != x && __host_fmod(f, 2.0) != 0)
            signgam = -1;
    }
    return check1(__host_lgamma(x), x);
}

double fma(double x, double y, double z)
{
    return __host_fma(x, y, z);
}

double ldexp(double x, int e)
{
    return __host_ldexp(x, e);
}

/* ------------------------------------------------------- computed here */

double scalbn(double x, int e)
{
    return __host_ldexp(x, e);
}

double scalbln(double x, long e)
{
    if (e > INT_MAX)
        e = INT_MAX;
    if (e < INT_MIN)
        e = INT_MIN;
    return __host_ldexp(x, (int)e);
}

double frexp(double x, int *e)
{
    uint64_t b = bits_of(x);
    int be = (int)((b >> 52) & 0x7ff);
    *e = 0;
    if (be == 0x7ff || x == 0)
        return x;
    if (be == 0) {
        /* Subnormal: scale into the normal range first. */
        x *= 18014398509481984.0; /* 2^54 */
        b = bits_of(x);
        be = (int)((b >> 52) & 0x7ff) - 54;
    }
    *e = be - 1022;
    return of_bits((b & 0x800fffffffffffffULL) | (1022ULL << 52));
}

int ilogb(double x)
{
    int c = __fpclassify(x);
    if (c == FP_ZERO || c == FP_NAN)
        return FP_ILOGB0;
    if (c == FP_INFINITE)
        return INT_MAX;
    int e;
    frexp(x, &e);
    return e - 1;
}

double logb(double x)
{
    int c = __fpclassify(x);
    if (c == FP_ZERO)
        return -1.0 / fabs(x);
    if (c == FP_NAN)
        return x;
    if (c == FP_INFINITE)
        return fabs(x);
    return (double)ilogb(x);
}

double modf(double x, double *ip)
{
    int c = __fpclassify(x);
    if (c == FP_NAN) {
        *ip = x;
        return x;
    }
    double t = __host_trunc(x);
    *ip = t;
    if (c == FP_INFINITE)
        return __host_copysign(0.0, x);
    return __host_copysign(x - t, x);
}

long lrint(double x)
{
    return (long)__host_rint(x);
}

long long llrint(double x)
{
    return (long long)__host_rint(x);
}

long lround(double x)
{
    return (long)__host_round(x);
}

long long llround(double x)
{
    return (long long)__host_round(x);
}

double remquo(double x, double y, int *quo)
{
    double r = __host_remainder(x, y);
    double q = __host_rint((x - r) / y);
    /* The low bits of the quotient, with its sign. */
    double aq = __host_fmod(fabs(q), 2147483648.0);
    int v = (int)aq & 0x7fffffff;
    *quo = q < 0 ? -v : v;
    return r;
}

double nan(const char *tag)
{
    (void)tag;
    return of_bits(0x7ff8000000000000ULL);
}

double nexttoward(double x, long double y)
{
    return __host_nextafter(x, (double)y);
}

float nextafterf(float x, float y)
{
    uint32_t b;
    if (x != x || y != y)
        return x + y;
    if (x == y)
        return y;
    if (x == 0) {
        b = 1;
        if (__signbitf(y))
            b |= 0x80000000u;
    } else {
        memcpy(&b, &x, sizeof b);
        if ((x < y) == !(b >> 31))
            b++;
        else
            b--;
    }
    float r;
    memcpy(&r, &b, sizeof r);
    return r;
}

float nexttowardf(float x, long double y)
{
    if ((double)x == (double)y)
        return (float)y;
    return nextafterf(x, (double)x < (double)y ? INFINITY : -INFINITY);
}

/* ---- float versions */

float acosf(float x)
{
    return (float)acos((double)x);
}

float acoshf(float x)
{
    return (float)acosh((double)x);
}

float asinf(float x)
{
    return (float)asin((double)x);
}

float asinhf(float x)
{
    return (float)asinh((double)x);
}

float atanf(float x)
{
    return (float)atan((double)x);
}

float atanhf(float x)
{
    return (float)atanh((double)x);
}

float cbrtf(float x)
{
    return (float)cbrt((double)x);
}

float ceilf(float x)
{
    return (float)ceil((double)x);
}

float cosf(float x)
{
    return (float)cos((double)x);
}

float coshf(float x)
{
    return (float)cosh((double)x);
}

float erff(float x)
{
    return (float)erf((double)x);
}

float erfcf(float x)
{
    return (float)erfc((double)x);
}

float expf(float x)
{
    return (float)exp((double)x);
}

float exp2f(float x)
{
    return (float)exp2((double)x);
}

float expm1f(float x)
{
    return (float)expm1((double)x);
}

float fabsf(float x)
{
    return (float)fabs((double)x);
}

float floorf(float x)
{
    return (float)floor((double)x);
}

float lgammaf(float x)
{
    return (float)lgamma((double)x);
}

float logf(float x)
{
    return (float)log((double)x);
}

float log10f(float x)
{
    return (float)log10((double)x);
}

float log1pf(float x)
{
    return (float)log1p((double)x);
}

float log2f(float x)
{
    return (float)log2((double)x);
}

float logbf(float x)
{
    return (float)logb((double)x);
}

float nearbyintf(float x)
{
    return (float)nearbyint((double)x);
}

float rintf(float x)
{
    return (float)rint((double)x);
}

float roundf(float x)
{
    return (float)round((double)x);
}

float sinf(float x)
{
    return (float)sin((double)x);
}

float sinhf(float x)
{
    return (float)sinh((double)x);
}

float sqrtf(float x)
{
    return (float)sqrt((double)x);
}

float tanf(float x)
{
    return (float)tan((double)x);
}

float tanhf(float x)
{
    return (float)tanh((double)x);
}

float tgammaf(float x)
{
    return (float)tgamma((double)x);
}

float truncf(float x)
{
    return (float)trunc((double)x);
}

float atan2f(float x, float y)
{
    return (float)atan2((double)x, (double)y);
}

float copysignf(float x, float y)
{
    return (float)copysign((double)x, (double)y);
}

float fdimf(float x, float y)
{
    return (float)fdim((double)x, (double)y);
}

float fmaxf(float x, float y)
{
    return (float)fmax((double)x, (double)y);
}

float fminf(float x, float y)
{
    return (float)fmin((double)x, (double)y);
}

float fmodf(float x, float y)
{
    return (float)fmod((double)x, (double)y);
}

float hypotf(float x, float y)
{
    return (float)hypot((double)x, (double)y);
}

float powf(float x, float y)
{
    return (float)pow((double)x, (double)y);
}

float remainderf(float x, float y)
{
    return (float)remainder((double)x, (double)y);
}

float fmaf(float x, float y, float z)
{
    return (float)fma((double)x, (double)y, (double)z);
}

float frexpf(float x, int *y)
{
    return (float)frexp((double)x, y);
}

float ldexpf(float x, int y)
{
    return (float)ldexp((double)x, y);
}

float modff(float x, float *y)
{
    double tmp;
    float r = (float)modf((double)x, &tmp);
    *y = (float)tmp;
    return r;
}

int ilogbf(float x)
{
    return ilogb((double)x);
}

float scalbnf(float x, int y)
{
    return (float)scalbn((double)x, y);
}

float scalblnf(float x, long y)
{
    return (float)scalbln((double)x, y);
}

long lrintf(float x)
{
    return lrint((double)x);
}

long long llrintf(float x)
{
    return llrint((double)x);
}

long lroundf(float x)
{
    return lround((double)x);
}

long long llroundf(float x)
{
    return llround((double)x);
}

float remquof(float x, float y, int *z)
{
    return (float)remquo((double)x, (double)y, z);
}

float nanf(const char *x)
{
    return (float)nan(x);
}


/* ---- long double versions */

long double acosl(long double x)
{
    return (long double)acos((double)x);
}

long double acoshl(long double x)
{
    return (long double)acosh((double)x);
}

long double asinl(long double x)
{
    return (long double)asin((double)x);
}

long double asinhl(long double x)
{
    return (long double)asinh((double)x);
}

long double atanl(long double x)
{
    return (long double)atan((double)x);
}

long double atanhl(long double x)
{
    return (long double)atanh((double)x);
}

long double cbrtl(long double x)
{
    return (long double)cbrt((double)x);
}

long double ceill(long double x)
{
    return (long double)ceil((double)x);
}

long double cosl(long double x)
{
    return (long double)cos((double)x);
}

long double coshl(long double x)
{
    return (long double)cosh((double)x);
}

long double erfl(long double x)
{
    return (long double)erf((double)x);
}

long double erfcl(long double x)
{
    return (long double)erfc((double)x);
}

long double expl(long double x)
{
    return (long double)exp((double)x);
}

long double exp2l(long double x)
{
    return (long double)exp2((double)x);
}

long double expm1l(long double x)
{
    return (long double)expm1((double)x);
}

long double fabsl(long double x)
{
    return (long double)fabs((double)x);
}

long double floorl(long double x)
{
    return (long double)floor((double)x);
}

long double lgammal(long double x)
{
    return (long double)lgamma((double)x);
}

long double logl(long double x)
{
    return (long double)log((double)x);
}

long double log10l(long double x)
{
    return (long double)log10((double)x);
}

long double log1pl(long double x)
{
    return (long double)log1p((double)x);
}

long double log2l(long double x)
{
    return (long double)log2((double)x);
}

long double logbl(long double x)
{
    return (long double)logb((double)x);
}

long double nearbyintl(long double x)
{
    return (long double)nearbyint((double)x);
}

long double rintl(long double x)
{
    return (long double)rint((double)x);
}

long double roundl(long double x)
{
    return (long double)round((double)x);
}

long double sinl(long double x)
{
    return (long double)sin((double)x);
}

long double sinhl(long double x)
{
    return (long double)sinh((double)x);
}

long double sqrtl(long double x)
{
    return (long double)sqrt((double)x);
}

long double tanl(long double x)
{
    return (long double)tan((double)x);
}

long double tanhl(long double x)
{
    return (long double)tanh((double)x);
}

long double tgammal(long double x)
{
    return (long double)tgamma((double)x);
}

long double truncl(long double x)
{
    return (long double)trunc((double)x);
}

long double atan2l(long double x, long double y)
{
    return (long double)atan2((double)x, (double)y);
}

long double copysignl(long double x, long double y)
{
    return (long double)copysign((double)x, (double)y);
}

long double fdiml(long double x, long double y)
{
    return (long double)fdim((double)x, (double)y);
}

long double fmaxl(long double x, long double y)
{
    return (long double)fmax((double)x, (double)y);
}

long double fminl(long double x, long double y)
{
    return (long double)fmin((double)x, (double)y);
}

long double fmodl(long double x, long double y)
{
    return (long double)fmod((double)x, (double)y);
}

long double hypotl(long double x, long double y)
{
    return (long double)hypot((double)x, (double)y);
}

long double nextafterl(long double x, long double y)
{
    return (long double)nextafter((double)x, (double)y);
}

long double powl(long double x, long double y)
{
    return (long double)pow((double)x, (double)y);
}

long double remainderl(long double x, long double y)
{
    return (long double)remainder((double)x, (double)y);
}

long double fmal(long double x, long double y, long double z)
{
    return (long double)fma((double)x, (double)y, (double)z);
}

long double frexpl(long double x, int *y)
{
    return (long double)frexp((double)x, y);
}

long double ldexpl(long double x, int y)
{
    return (long double)ldexp((double)x, y);
}

long double modfl(long double x, long double *y)
{
    double tmp;
    long double r = (long double)modf((double)x, &tmp);
    *y = (long double)tmp;
    return r;
}

int ilogbl(long double x)
{
    return ilogb((double)x);
}

long double scalbnl(long double x, int y)
{
    return (long double)scalbn((double)x, y);
}

long double scalblnl(long double x, long y)
{
    return (long double)scalbln((double)x, y);
}

long lrintl(long double x)
{
    return lrint((double)x);
}

long long llrintl(long double x)
{
    return llrint((double)x);
}

long lroundl(long double x)
{
    return lround((double)x);
}

long long llroundl(long double x)
{
    return llround((double)x);
}

long double remquol(long double x, long double y, int *z)
{
    return (long double)remquo((double)x, (double)y, z);
}

long double nanl(const char *x)
{
    return (long double)nan(x);
}

long double nexttowardl(long double x, long double y)
{
    return (long double)nexttoward((double)x, y);
}

