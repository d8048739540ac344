/*
 * host.h - the host calls under the guest C library (private to libc/).
 *
 * A declaration `RET __host_NAME(PARAMS);` without a definition compiles to
 * an import of host call NAME (common brief: int -> i32, long -> i64,
 * pointers -> ptr, double -> f64).  Failures come back as a negative errno;
 * the library turns them into errno plus C's error value.
 *
 * When the library is compiled natively by gcc for testing (no __FIR__), the
 * heap builtins become calls to a test shim that provides every __host_*.
 */
#ifndef FIR_LIBC_HOST_H
#define FIR_LIBC_HOST_H

long __host_write(int fd, const void *buf, long n);
long __host_read(int fd, void *buf, long n);
int __host_open(const char *path, int flags, int mode);
int __host_close(int fd);
long __host_lseek(int fd, long off, int whence);
int __host_unlink(const char *path);
int __host_rename(const char *oldpath, const char *newpath);
int __host_isatty(int fd);
void __host_exit(int status);
long __host_clock(void);
long __host_time(void);
long __host_time_ns(int clock);
long __host_getenv(const char *name, char *buf, long n);
/* message operations (msg.c; dist/ops.c) */
long __host_msg(int op, int peer, void *buf, long len, long arg, void *state);

void *__host_memcpy(void *dst, const void *src, long n);
void *__host_memmove(void *dst, const void *src, long n);
void *__host_memset(void *s, int c, long n);
int __host_memcmp(const void *a, const void *b, long n);
long __host_strlen(const char *s);

double __host_fma(double x, double y, double z);
double __host_ldexp(double x, int e);
double __host_acos(double x);
double __host_acosh(double x);
double __host_asin(double x);
double __host_asinh(double x);
double __host_atan(double x);
double __host_atanh(double x);
double __host_cbrt(double x);
double __host_ceil(double x);
double __host_cos(double x);
double __host_cosh(double x);
double __host_erf(double x);
double __host_erfc(double x);
double __host_exp(double x);
double __host_exp2(double x);
double __host_expm1(double x);
double __host_fabs(double x);
double __host_floor(double x);
double __host_lgamma(double x);
double __host_log(double x);
double __host_log10(double x);
double __host_log1p(double x);
double __host_log2(double x);
double __host_nearbyint(double x);
double __host_rint(double x);
double __host_round(double x);
double __host_sin(double x);
double __host_sinh(double x);
double __host_sqrt(double x);
double __host_tan(double x);
double __host_tanh(double x);
double __host_tgamma(double x);
double __host_trunc(double x);
double __host_atan2(double x, double y);
double __host_copysign(double x, double y);
double __host_fdim(double x, double y);
double __host_fmax(double x, double y);
double __host_fmin(double x, double y);
double __host_fmod(double x, double y);
double __host_hypot(double x, double y);
double __host_nextafter(double x, double y);
double __host_pow(double x, double y);
double __host_remainder(double x, double y);

/* open() flags (Linux x86-64 values, octal). */
#define HOST_O_RDONLY 0
#define HOST_O_WRONLY 01
#define HOST_O_RDWR 02
#define HOST_O_CREAT 0100
#define HOST_O_EXCL 0200
#define HOST_O_TRUNC 01000
#define HOST_O_APPEND 02000

#ifndef __FIR__
void *__shim_fir_alloc(unsigned long n);
void __shim_fir_free(void *p);
unsigned long __shim_fir_blocksize(void *p);
#define __builtin_fir_alloc(n) __shim_fir_alloc(n)
#define __builtin_fir_free(p) __shim_fir_free(p)
#define __builtin_fir_blocksize(p) __shim_fir_blocksize(p)
#endif

#endif
