/* assert.h - FIR guest C library.  May be included more than once, with and
 * without NDEBUG.  The failure message is glibc's:
 *   prog: file.c:12: func: Assertion `x' failed.
 * followed by abort() (exit status 134). */
#undef assert
#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
_Noreturn void __assert_fail(const char *expr, const char *file, unsigned int line,
                             const char *func);
#define assert(expr) ((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#ifndef _ASSERT_H_STATIC
#define _ASSERT_H_STATIC
#ifndef __cplusplus
#define static_assert _Static_assert
#endif
#endif
