/*
 * host.h - the host calls under the guest C library (private to libc/).
 *
 * The calls are listed once, in host_calls.h, shared with vm/host.c.  A
 * declaration `RET __host_NAME(PARAMS);` without a definition compiles to
 * an import of host call NAME (common brief: int -> i32, long -> i64,
 * pointers -> ptr, double -> f64).  Failures come back as a negative errno;
 * the library turns them into errno plus C's error value.
 *
 * When the library is compiled natively by gcc for testing (no __FIR__), the
 * heap builtins become calls to a test shim that provides every __host_*.
 */
#ifndef FIR_LIBC_HOST_H
#define FIR_LIBC_HOST_H

#include "host_calls.h"

/* `RET __host_NAME(PARAMS);` for every row of host_calls.h. */
#define HOST_C_VOID void
#define HOST_C_INT int
#define HOST_C_LONG long
#define HOST_C_DOUBLE double
#define HOST_C_PTR void *
#define HOST_C_IN const void *
#define HOST_C_OUT void *
#define HOST_C_STR const char *
#define HOST_DECL0(name, r) HOST_C_##r __host_##name(void);
#define HOST_DECL1(name, r, a) HOST_C_##r __host_##name(HOST_C_##a);
#define HOST_DECL2(name, r, a, b) HOST_C_##r __host_##name(HOST_C_##a, HOST_C_##b);
#define HOST_DECL3(name, r, a, b, c) \
    HOST_C_##r __host_##name(HOST_C_##a, HOST_C_##b, HOST_C_##c);
#define HOST_DECL_MATH1(name, rule) double __host_##name(double);
#define HOST_DECL_MATH2(name, rule) double __host_##name(double, double);
HOST_CALLS(HOST_DECL0, HOST_DECL1, HOST_DECL2, HOST_DECL3)
HOST_MATH1(HOST_DECL_MATH1)
HOST_MATH2(HOST_DECL_MATH2)
#undef HOST_DECL0
#undef HOST_DECL1
#undef HOST_DECL2
#undef HOST_DECL3
#undef HOST_DECL_MATH1
#undef HOST_DECL_MATH2

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
