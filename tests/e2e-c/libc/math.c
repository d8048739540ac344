/* math.h values printed with %.17g (and %a for the bit-exact helpers). */
#include <float.h>
#include <math.h>
#include <stdio.h>

int main(void)
{
    double xs[] = {0.0, -0.0, 0.5, 1.0, -1.0, 2.0, 3.7, -3.7, 10.0, 1e-300, 1e300, M_PI,
                   -M_PI / 3, 0.1, 100.5, -2.5, 2.5, 1e-310};
    int n = (int)(sizeof xs / sizeof xs[0]);
    for (int i = 0; i < n; i++) {
        double x = xs[i];
        printf("x=%.17g\n", x);
        printf(" sin %.17g cos %.17g tan %.17g\n", sin(x), cos(x), tan(x));
        printf(" asin %.17g acos %.17g atan %.17g\n", asin(x / 4), acos(x / 4), atan(x));
        printf(" sinh %.17g cosh %.17g tanh %.17g\n", sinh(x / 8), cosh(x / 8), tanh(x));
        printf(" exp %.17g exp2 %.17g expm1 %.17g\n", exp(x / 4), exp2(x / 4), expm1(x / 4));
        printf(" log %.17g log2 %.17g log10 %.17g log1p %.17g\n", log(fabs(x)), log2(fabs(x)),
               log10(fabs(x)), log1p(fabs(x)));
        printf(" sqrt %.17g cbrt %.17g hypot %.17g pow %.17g\n", sqrt(fabs(x)), cbrt(x),
               hypot(x, 3), pow(fabs(x), 1.5));
        printf(" floor %g ceil %g trunc %g round %g rint %g nearbyint %g\n", floor(x), ceil(x),
               trunc(x), round(x), rint(x), nearbyint(x));
        printf(" lround %ld llround %lld lrint %ld\n", lround(fmod(x, 1e9)),
               llround(fmod(x, 1e9)), lrint(fmod(x, 1e9)));
        printf(" fmod %.17g remainder %.17g atan2 %.17g\n", fmod(x, 0.75), remainder(x, 0.75),
               atan2(x, -1.5));
        int e;
        double m = frexp(x, &e);
        double ip;
        double fp = modf(x, &ip);
        printf(" frexp %a %d modf %a %a ilogb %d logb %g\n", m, e, fp, ip,
               x == 0 ? -1 : ilogb(x), x == 0 ? 0.0 : logb(x));
        printf(" ldexp %a scalbn %a copysign %g\n", ldexp(x, 5), scalbn(x, -3),
               copysign(3.0, x));
        printf(" erf %.17g erfc %.17g tgamma %.17g lgamma %.17g\n", erf(x), erfc(x),
               tgamma(x / 2 + 0.25), lgamma(fabs(x) + 0.5));
        printf(" fpclassify %d isnan %d isinf %d isfinite %d isnormal %d signbit %d\n",
               fpclassify(x), isnan(x), isinf(x), isfinite(x), isnormal(x), signbit(x) != 0);
    }
    printf("fma %.17g fmin %g fmax %g fdim %g\n", fma(0.1, 0.2, 0.3), fmin(1, 2), fmax(1, 2),
           fdim(5, 3));
    printf("nextafter %a %a\n", nextafter(1.0, 2.0), nextafter(0.0, -1.0));
    printf("nextafterf %a %a\n", (double)nextafterf(1.0f, 2.0f), (double)nextafterf(0.0f, 1.0f));
    int q;
    double r = remquo(17.0, 5.0, &q);
    printf("remquo %g %d\n", r, q);
    r = remquo(-17.0, 5.0, &q);
    printf("remquo %g %d\n", r, q);
    printf("inf: %g %g %d %d\n", HUGE_VAL, -INFINITY, isinf(INFINITY), isinf(-HUGE_VAL));
    printf("nan: %d %d %d\n", isnan(NAN), isnan(nan("")), isnan(1.0));
    printf("float classify %d %d %d\n", fpclassify(1e-40f), isnormal(1e-40f), isnormal(1e-40));
    printf("float funcs %.9g %.9g %.9g %.9g\n", (double)sqrtf(2.0f), (double)fabsf(-3.5f),
           (double)floorf(2.7f), (double)powf(2.0f, 10.0f));
    printf("ilogb special %d %d\n", ilogb(0.0) == FP_ILOGB0, ilogb(INFINITY));
    printf("isgreater %d %d %d\n", isgreater(2.0, 1.0), isless(NAN, 1.0), isunordered(NAN, 1.0));
    printf("M_E %.17g M_SQRT2 %.17g\n", M_E, M_SQRT2);
    return 0;
}
