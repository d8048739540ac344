/*
 * libc.h - names shared between the files of the guest C library.
 *
 * Everything here is a reserved identifier (__libc_*) so it cannot collide
 * with a program's names: the library is linked into every program.
 * All library state is ordinary guest memory (globals and heap blocks), so
 * it is checkpointed, rolled back and migrated with the program.
 */
#ifndef FIR_LIBC_LIBC_H
#define FIR_LIBC_LIBC_H

#include <stdarg.h>
#include <stddef.h>

#include "host.h"

/* Program name for diagnostics (basename of argv[0]), set by __fir_start. */
extern const char *__libc_progname;

/* Flushes every stream (exit, and before reading a line-buffered terminal). */
void __libc_stdio_flush_all(void);
/* Flushes stdout if it is line buffered: done before a stream reads input. */
void __libc_stdio_flush_linebuf(void);

/* Ends the process as SIGABRT would: status 134, no stream flushing. */
_Noreturn void __libc_die_abort(void);

/* ------------------------------------------------------- formatted output */

/* Where vformat writes: a stream, or a string buffer of `cap` bytes (the
 * text is truncated to cap - 1 bytes and NUL-terminated when cap > 0). */
typedef struct __LibcSink {
    struct __fir_file *file;
    char *buf;
    size_t cap;
    size_t len;   /* characters produced so far (also past cap) */
    int error;    /* an output error happened */
    int nstage;   /* file sinks gather output here before writing it */
    char stage[256];
} __LibcSink;

/* printf's engine: returns the count of characters produced, or -1 with
 * errno set (EOVERFLOW past INT_MAX, EINVAL on a bad format, EILSEQ). */
int __libc_vformat(__LibcSink *sink, const char *fmt, va_list ap);
/* Appends n bytes to a sink; flush writes a file sink's staged bytes. */
void __libc_sink_put(__LibcSink *sink, const char *s, size_t n);
void __libc_sink_flush(__LibcSink *sink);
/* Writes to a stream (fwrite without the size * n arithmetic). */
size_t __libc_fwrite_bytes(const void *buf, size_t n, struct __fir_file *f);

/* ---------------------------------------------------------- numbers */

/* Correctly rounded decimal/hex text to binary: `bits` is 53 (double) or 24
 * (float).  Sets *end past the text used (or to s if nothing was
 * converted) and *range_err on overflow/underflow.  Returns the value as a
 * double (exact for the float case too). */
double __libc_strtod(const char *s, char **end, int bits, int *range_err);

/* Integer conversion shared by strto* and scanf: parses like strtoull and
 * reports the sign and overflow separately. */
unsigned long long __libc_strtou(const char *s, char **end, int base, int *neg, int *overflow);

#endif
