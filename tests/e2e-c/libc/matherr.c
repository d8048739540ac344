/* errno after math domain, pole, overflow and underflow errors. */
#include <errno.h>
#include <math.h>
#include <stdio.h>

#define T(expr)                                                    \
    do {                                                           \
        errno = 0;                                                 \
        double r_ = (expr);                                        \
        printf("%-22s = %-12g errno %d\n", #expr, r_, errno);      \
    } while (0)

int main(void)
{
    T(sqrt(-1.0));
    T(sqrt(4.0));
    T(log(0.0));
    T(log(-1.0));
    T(log10(0.0));
    T(log2(-2.0));
    T(log1p(-1.0));
    T(exp(1000.0));
    T(exp(-1000.0));
    T(exp(1.0));
    T(exp2(2000.0));
    T(pow(10.0, 400.0));
    T(pow(0.0, -1.0));
    T(pow(-8.0, 1.0 / 3.0));
    T(pow(0.5, 5000.0));
    T(pow(2.0, 10.0));
    T(acos(2.0));
    T(asin(-2.0));
    T(atanh(1.0));
    T(acosh(0.5));
    T(cosh(1000.0));
    T(sinh(-1000.0));
    T(tgamma(-1.0));
    T(lgamma(0.0));
    T(fmod(1.0, 0.0));
    T(remainder(1.0, 0.0));
    T(hypot(1e308, 1e308));
    T(sqrt(NAN));
    T(log(INFINITY));
    T(atan2(0.0, 0.0));
    T(sqrt(-0.0));
    T(sqrt(-INFINITY));
    T(sqrt(INFINITY));
    T(sqrt(-1e-300));
    T(fabs(-INFINITY));
    T(fabs(NAN));
    T(floor(-INFINITY));
    T(ceil(NAN));
    T(trunc(-1e308));
    T(round(INFINITY));
    T(rint(-2.5));
    T(nearbyint(NAN));
    return 0;
}
