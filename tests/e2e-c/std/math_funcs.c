/* <math.h> on fixed inputs: exact results with %.17g, others with %.10g. */
#include <stdio.h>
#include <math.h>

int main(void)
{
    double xs[] = { 2.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 1e10, 0.1, 7.0 };
    for (int i = 0; i < 10; i++) {
        double x = xs[i];
        printf("x=%g sqrt=%.17g fabs=%.17g floor=%.17g ceil=%.17g trunc=%.17g round=%.17g\n", x,
               x >= 0 ? sqrt(x) : 0.0, fabs(x), floor(x), ceil(x), trunc(x), round(x));
    }
    printf("%.17g %.17g %.17g %.17g\n", fmod(10.0, 3.0), fmod(-10.0, 3.0), fmod(10.0, -3.0),
           fmod(5.5, 1.25));
    printf("%.17g %.17g\n", fmod(1e20, 7.0), fmod(0.3, 0.1));
    printf("%.17g %.17g %.17g\n", ldexp(1.0, 10), ldexp(3.0, -2), ldexp(1.0, -1074));
    int e;
    double m = frexp(48.0, &e);
    printf("frexp %.17g %d\n", m, e);
    m = frexp(-0.1, &e);
    printf("frexp %.17g %d\n", m, e);
    m = frexp(0.0, &e);
    printf("frexp %.17g %d\n", m, e);
    double ip;
    double fp = modf(3.75, &ip);
    printf("modf %.17g %.17g\n", fp, ip);
    fp = modf(-2.5, &ip);
    printf("modf %.17g %.17g\n", fp, ip);
    printf("%.17g %.17g %.17g\n", copysign(3.0, -0.0), copysign(-2.0, 1.0), copysign(0.0, -1.0));
    printf("%.17g %.17g %.17g %.17g\n", fmin(1.0, 2.0), fmax(1.0, 2.0), fmin(NAN, 3.0),
           fmax(-1.0, NAN));
    printf("%.17g %.17g\n", sqrt(2.0), sqrt(1e-300));
    printf("%.17g %.17g\n", round(0.49999999999999994), round(-0.5));
    printf("%.17g %.17g %.17g\n", floor(-0.0), ceil(-0.5), trunc(-0.7));
    printf("%.17g %.17g\n", fabs(-INFINITY), sqrt(INFINITY));
    printf("%d %d %d\n", isnan(sqrt(-1.0)), isinf(HUGE_VAL), isfinite(1e308));
    printf("%d %d %d %d\n", signbit(-0.0), signbit(0.0), signbit(-3.0), signbit(NAN));
    printf("%d %d %d %d %d\n", fpclassify(0.0) == FP_ZERO, fpclassify(1.0) == FP_NORMAL,
           fpclassify(1e-310) == FP_SUBNORMAL, fpclassify(INFINITY) == FP_INFINITE,
           fpclassify(NAN) == FP_NAN);

    printf("sin %.10g %.10g %.10g\n", sin(0.0), sin(1.0), sin(-2.5));
    printf("cos %.10g %.10g %.10g\n", cos(0.0), cos(1.0), cos(3.0));
    printf("tan %.10g %.10g\n", tan(0.5), tan(-1.2));
    printf("asin %.10g acos %.10g atan %.10g\n", asin(0.5), acos(0.5), atan(1.0));
    printf("atan2 %.10g %.10g %.10g %.10g\n", atan2(1.0, 1.0), atan2(1.0, -1.0),
           atan2(-1.0, -1.0), atan2(0.0, -1.0));
    printf("exp %.10g %.10g %.10g\n", exp(0.0), exp(1.0), exp(-3.5));
    printf("log %.10g %.10g %.10g\n", log(1.0), log(10.0), log(0.25));
    printf("log10 %.10g %.10g log2 %.10g %.10g\n", log10(1000.0), log10(2.0), log2(1024.0),
           log2(3.0));
    printf("pow %.10g %.10g %.10g %.10g\n", pow(2.0, 10.0), pow(2.0, 0.5), pow(-2.0, 3.0),
           pow(10.0, -2.0));
    printf("pow %.10g %.10g\n", pow(0.0, 0.0), pow(1.0, NAN));
    printf("sinh %.10g cosh %.10g tanh %.10g\n", sinh(1.0), cosh(1.0), tanh(0.5));
    printf("cbrt %.10g %.10g hypot %.10g %.10g\n", cbrt(27.0), cbrt(-8.0), hypot(3.0, 4.0),
           hypot(1e200, 1e200));
    printf("expm1 %.10g log1p %.10g\n", expm1(1e-10), log1p(1e-10));
    printf("exp2 %.10g %.10g\n", exp2(10.0), exp2(0.5));
    printf("erf %.10g erfc %.10g\n", erf(0.5), erfc(0.5));
    printf("tgamma %.10g %.10g lgamma %.10g\n", tgamma(5.0), tgamma(0.5), lgamma(10.0));
    printf("fma %.17g\n", fma(2.0, 3.0, 1.0));
    printf("remainder %.17g %.17g\n", remainder(10.0, 3.0), remainder(11.0, 3.0));
    printf("fdim %.17g %.17g\n", fdim(5.0, 3.0), fdim(3.0, 5.0));
    printf("rint %.17g %.17g nearbyint %.17g\n", rint(2.5), rint(3.5), nearbyint(-1.5));
    printf("nextafter %.17g %.17g\n", nextafter(1.0, 2.0), nextafter(0.0, -1.0));
    printf("asinh %.10g acosh %.10g atanh %.10g\n", asinh(1.0), acosh(2.0), atanh(0.5));
    printf("%ld %ld %lld\n", lround(2.5), lrint(2.5), llround(-3.5));
    printf("%.10g\n", acos(-1.0));
    printf("%.10g %.10g\n", sinf(1.0f), sqrtf(2.0f));
    printf("%.17g %.17g\n", floorf(2.7f), fabsf(-1.25f));
    return 0;
}
