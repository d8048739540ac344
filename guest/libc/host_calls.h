/*
 * host_calls.h - the one list of host calls, the interface between the
 * guest C library and the VM.  vm/host.c builds its table (names, type
 * letters, pointer checks) from it; host.h declares `__host_NAME` from it;
 * math.c defines the libm wrappers from it.  Only macros: it is read by
 * gcc (the VM) and by firc's preprocessor (the library).
 *
 * HOST_CALLS(X0, X1, X2, X3): Xn(name, RET, P1..Pn), a call of n parameters.
 * HOST_MATH1(X), HOST_MATH2(X): X(name, RULE), the libm functions of one or
 * two doubles returning a double; RULE is the errno rule math.c applies
 * (check1/check2, check_under1/2 for exp, exp2 and pow; exact: never an
 * error, no check; edom_neg: a domain error below 0 (sqrt); own: math.c
 * writes the wrapper itself).
 *
 * Types (RET and P): VOID, INT (i32), LONG (i64), DOUBLE (f64) and four
 * pointers (ptr) that say what the VM checks before it touches the memory:
 *   PTR  not dereferenced (a returned pointer)
 *   IN   read: a buffer of the call's length inside one live block
 *   OUT  written: the same, and the block must be writable
 *   STR  a NUL-terminated string that ends before its block does (strcmp,
 *        strncmp, strchr: read only up to the first difference, the limit
 *        or the byte looked for, as the C loops do)
 * Adding a row: add the h_NAME implementation in vm/host.c; the declaration
 * and the table entry follow.  Host calls are bound by name, so the order
 * of the rows does not matter.
 */
#ifndef FIR_GUEST_HOST_CALLS_H
#define FIR_GUEST_HOST_CALLS_H

#define HOST_CALLS(X0, X1, X2, X3)             \
    X3(write, LONG, INT, IN, LONG)             \
    X3(read, LONG, INT, OUT, LONG)             \
    X3(open, INT, STR, INT, INT)               \
    X1(close, INT, INT)                        \
    X3(lseek, LONG, INT, LONG, INT)            \
    X1(unlink, INT, STR)                       \
    X2(rename, INT, STR, STR)                  \
    X1(isatty, INT, INT)                       \
    X1(exit, VOID, INT)                        \
    X0(clock, LONG)                            \
    X0(time, LONG)                             \
    X1(time_ns, LONG, INT)                     \
    X3(getenv, LONG, STR, OUT, LONG)           \
    X3(memcpy, PTR, OUT, IN, LONG)             \
    X3(memmove, PTR, OUT, IN, LONG)            \
    X3(memset, PTR, OUT, INT, LONG)            \
    X3(memcmp, INT, IN, IN, LONG)              \
    X1(strlen, LONG, STR)                      \
    X2(strcmp, INT, STR, STR)                  \
    X3(strncmp, INT, STR, STR, LONG)           \
    X2(strchr, PTR, STR, INT)                  \
    X3(fma, DOUBLE, DOUBLE, DOUBLE, DOUBLE)    \
    X2(ldexp, DOUBLE, DOUBLE, INT)             \
    X2(msg, LONG, OUT, LONG)

#define HOST_MATH1(X)                                                                    \
    X(acos, check1) X(acosh, check1) X(asin, check1) X(asinh, check1) X(atan, check1)    \
    X(atanh, check1) X(cbrt, check1) X(ceil, exact) X(cos, check1) X(cosh, check1)       \
    X(erf, check1) X(erfc, check1) X(exp, check_under1) X(exp2, check_under1)            \
    X(expm1, check1) X(fabs, exact) X(floor, exact) X(lgamma, own) X(log, check1)        \
    X(log10, check1) X(log1p, check1) X(log2, check1) X(nearbyint, exact)                \
    X(rint, exact) X(round, exact) X(sin, check1) X(sinh, check1) X(sqrt, edom_neg)      \
    X(tan, check1) X(tanh, check1) X(tgamma, check1) X(trunc, exact)

#define HOST_MATH2(X)                                                                    \
    X(atan2, check2) X(copysign, check2) X(fdim, check2) X(fmax, check2)                 \
    X(fmin, check2) X(fmod, check2) X(hypot, check2) X(nextafter, check2)                \
    X(pow, check_under2) X(remainder, check2)

#endif
