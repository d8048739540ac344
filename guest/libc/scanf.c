/*
 * scanf.c - the scanf family.
 *
 * One engine reads from a stream or a string through get/unget with one
 * character of look-back, like glibc: a number is first gathered as text
 * (sign, base prefix, digits, fraction, exponent; at most `width`
 * characters) and then converted with strtoll/strtoull/strtod, so values
 * and overflow behave exactly as those functions do, and the stored value is
 * truncated to the target type (glibc does the same).  The character that
 * ends a field is pushed back; a partly matched field ("0x" or "1e+" followed
 * by junk) keeps what was consumed.
 *
 * Return value (glibc's rule): the count of assignments, or EOF when input
 * ends before anything was assigned.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "libc.h"

typedef struct Input {
    FILE *f;
    const char *s;
    long count; /* characters consumed, for %n */
} Input;

static int get(Input *in)
{
    int c;
    if (in->f) {
        c = fgetc(in->f);
    } else {
        c = *in->s ? (unsigned char)*in->s : EOF;
        if (c != EOF)
            in->s++;
    }
    if (c != EOF)
        in->count++;
    return c;
}

static void unget(Input *in, int c)
{
    if (c == EOF)
        return;
    in->count--;
    if (in->f)
        ungetc(c, in->f);
    else
        in->s--;
}

/* Skips white space; returns the first other character (consumed) or EOF. */
static int skip_space(Input *in)
{
    int c;
    do
        c = get(in);
    while (c != EOF && isspace(c));
    return c;
}

/* A growing text buffer for a field. */
typedef struct Field {
    char *p;
    size_t n, cap;
    char local[128];
    int oom;
} Field;

static void field_init(Field *fd)
{
    fd->p = fd->local;
    fd->n = 0;
    fd->cap = sizeof fd->local;
    fd->oom = 0;
}

static void field_add(Field *fd, int c)
{
    if (fd->n + 1 >= fd->cap) {
        size_t cap = fd->cap * 2;
        char *q = fd->p == fd->local ? malloc(cap) : realloc(fd->p, cap);
        if (!q) {
            fd->oom = 1;
            return;
        }
        if (fd->p == fd->local)
            memcpy(q, fd->local, fd->n);
        fd->p = q;
        fd->cap = cap;
    }
    fd->p[fd->n++] = (char)c;
    fd->p[fd->n] = '\0';
}

static void field_free(Field *fd)
{
    if (fd->p != fd->local)
        free(fd->p);
}

enum { L_NONE, L_HH, L_H, L_L, L_LL, L_BIGL };

static int digit_in_base(int c, int base)
{
    int d;
    if (c >= '0' && c <= '9')
        d = c - '0';
    else if (c >= 'a' && c <= 'z')
        d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z')
        d = c - 'A' + 10;
    else
        return 0;
    return d < base;
}

/* Gathers an integer's text; c is its first character (already read).
 * Returns the base to convert with, or 0 if no digits matched. */
static int scan_int_text(Input *in, int c, long width, int base, Field *fd)
{
    long used = 0;
    int digits = 0;
    if ((c == '+' || c == '-') && used < width) {
        field_add(fd, c);
        used++;
        c = get(in);
    }
    if (c == '0' && used < width && (base == 0 || base == 16)) {
        field_add(fd, c);
        used++;
        digits = 1;
        c = get(in);
        if ((c == 'x' || c == 'X') && used < width) {
            base = 16;
            used++;
            digits = 1; /* "0x" alone still converts as 0 */
            c = get(in);
        } else if (base == 0) {
            base = 8;
        }
    }
    if (base == 0)
        base = 10;
    int zero_kept = digits, significant = 0;
    while (c != EOF && used < width && digit_in_base(c, base)) {
        /* Leading zeros need no room; past 100 digits the value overflows
         * anyway, so the rest is consumed but not kept. */
        if (!significant && c == '0') {
            if (!zero_kept)
                field_add(fd, c);
            zero_kept = 1;
        } else {
            significant = 1;
            if (fd->n < 100)
                field_add(fd, c);
        }
        digits = 1;
        used++;
        c = get(in);
    }
    unget(in, c);
    return digits ? base : 0;
}

/* Gathers a floating-point number's text; 0 if it is not one. */
static int scan_float_text(Input *in, int c, long width, Field *fd)
{
    long used = 0;
    if ((c == '+' || c == '-') && used < width) {
        field_add(fd, c);
        used++;
        c = get(in);
    }
    if (c == 'i' || c == 'I' || c == 'n' || c == 'N') {
        const char *word = (c == 'i' || c == 'I') ? "infinity" : "nan";
        size_t i = 0;
        while (word[i] && used < width && c != EOF && tolower(c) == word[i]) {
            field_add(fd, c);
            used++;
            i++;
            c = get(in);
        }
        unget(in, c);
        /* "inf" and "nan" are complete; "infinity" may follow "inf". */
        return i == 3 || i == 8;
    }
    int hex = 0, digits = 0, hex_dot = 0;
    if (c == '0' && used < width) {
        field_add(fd, c);
        used++;
        digits = 1;
        c = get(in);
        if ((c == 'x' || c == 'X') && used < width) {
            field_add(fd, c);
            used++;
            hex = 1;
            digits = 0; /* like glibc, "0x" needs hex digits */
            c = get(in);
        }
    }
    while (c != EOF && used < width && (hex ? isxdigit(c) : isdigit(c))) {
        field_add(fd, c);
        used++;
        digits = 1;
        c = get(in);
    }
    if (c == '.' && used < width) {
        field_add(fd, c);
        used++;
        if (hex)
            hex_dot = 1; /* glibc quirk: "0x." converts (as 0) */
        c = get(in);
        while (c != EOF && used < width && (hex ? isxdigit(c) : isdigit(c))) {
            field_add(fd, c);
            used++;
            digits = 1;
            c = get(in);
        }
    }
    if (digits && used < width && (hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E'))) {
        field_add(fd, c);
        used++;
        c = get(in);
        if ((c == '+' || c == '-') && used < width) {
            field_add(fd, c);
            used++;
            c = get(in);
        }
        while (c != EOF && used < width && isdigit(c)) {
            field_add(fd, c);
            used++;
            c = get(in);
        }
    }
    unget(in, c);
    return digits || hex_dot;
}

static void store_int(void *p, int len, unsigned long long v)
{
    switch (len) {
    case L_HH: *(unsigned char *)p = (unsigned char)v; break;
    case L_H: *(unsigned short *)p = (unsigned short)v; break;
    case L_L: case L_LL: case L_BIGL: *(unsigned long *)p = (unsigned long)v; break;
    default: *(unsigned int *)p = (unsigned int)v; break;
    }
}

/* Parses a %[ set after '['; returns the position after ']' (or the end). */
static const char *parse_set(const char *f, unsigned char set[256])
{
    int neg = 0;
    memset(set, 0, 256);
    if (*f == '^') {
        neg = 1;
        f++;
    }
    if (*f == ']') {
        set[']'] = 1;
        f++;
    }
    for (; *f && *f != ']'; f++) {
        if (f[1] == '-' && f[2] && f[2] != ']' && (unsigned char)f[2] >= (unsigned char)*f) {
            for (int c = (unsigned char)*f; c <= (unsigned char)f[2]; c++)
                set[c] = 1;
            f += 2;
        } else {
            set[(unsigned char)*f] = 1;
        }
    }
    if (neg)
        for (int c = 0; c < 256; c++)
            set[c] = !set[c];
    if (*f == ']')
        f++;
    return f;
}

static int vscan(Input *in, const char *fmt, va_list ap)
{
    int done = 0;
    const char *f = fmt;
    while (*f) {
        if (isspace((unsigned char)*f)) {
            while (isspace((unsigned char)*f))
                f++;
            unget(in, skip_space(in));
            continue;
        }
        if (*f != '%' || f[1] == '%') {
            int c;
            if (*f == '%') {
                f++;
                c = skip_space(in);
            } else {
                c = get(in);
            }
            if (c != (unsigned char)*f) {
                unget(in, c);
                if (c == EOF)
                    goto input_failure;
                return done;
            }
            f++;
            continue;
        }
        f++;
        int suppress = 0;
        if (*f == '*') {
            suppress = 1;
            f++;
        }
        long width = 0;
        while (isdigit((unsigned char)*f)) {
            if (width < 100000000)
                width = width * 10 + (*f - '0');
            f++;
        }
        int len = L_NONE;
        switch (*f) {
        case 'h':
            f++;
            len = L_H;
            if (*f == 'h') {
                f++;
                len = L_HH;
            }
            break;
        case 'l':
            f++;
            len = L_L;
            if (*f == 'l') {
                f++;
                len = L_LL;
            }
            break;
        case 'q': case 'j': case 'z': case 't': f++; len = L_LL; break;
        case 'L': f++; len = L_BIGL; break;
        default: break;
        }
        char conv = *f;
        if (!conv)
            return done;
        f++;
        if (conv == 'n') {
            if (!suppress)
                store_int(va_arg(ap, void *), len, (unsigned long long)in->count);
            continue;
        }
        if (conv == 'c') {
            long n = width ? width : 1;
            char *dst = suppress ? NULL : va_arg(ap, char *);
            int c = get(in);
            if (c == EOF)
                goto input_failure;
            for (long i = 0; i < n; i++) {
                if (i > 0) {
                    c = get(in);
                    if (c == EOF)
                        break;
                }
                if (dst) {
                    if (len == L_L)
                        ((wchar_t *)(void *)dst)[i] = (wchar_t)c;
                    else
                        dst[i] = (char)c;
                }
            }
            if (!suppress)
                done++;
            continue;
        }
        if (conv == 's' || conv == '[') {
            unsigned char set[256];
            int c;
            if (conv == '[') {
                f = parse_set(f, set);
                c = get(in);
            } else {
                for (int i = 0; i < 256; i++)
                    set[i] = !isspace(i);
                set[0] = 1;
                c = skip_space(in);
            }
            if (c == EOF)
                goto input_failure;
            char *dst = suppress ? NULL : va_arg(ap, char *);
            long n = 0;
            long max = width ? width : -1;
            while (c != EOF && set[c] && (max < 0 || n < max)) {
                if (dst) {
                    if (len == L_L)
                        ((wchar_t *)(void *)dst)[n] = (wchar_t)c;
                    else
                        dst[n] = (char)c;
                }
                n++;
                c = get(in);
            }
            unget(in, c);
            if (n == 0)
                return done;
            if (dst) {
                if (len == L_L)
                    ((wchar_t *)(void *)dst)[n] = 0;
                else
                    dst[n] = '\0';
                done++;
            }
            continue;
        }
        long w = width ? width : -1;
        if (w < 0)
            w = 0x7fffffffL;
        switch (conv) {
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p': {
            int c = skip_space(in);
            if (c == EOF)
                goto input_failure;
            int base = conv == 'd' || conv == 'u' ? 10 : conv == 'o' ? 8 : conv == 'i' ? 0 : 16;
            Field fd;
            field_init(&fd);
            field_add(&fd, '\0');
            fd.n = 0;
            base = scan_int_text(in, c, w, base, &fd);
            if (!base) {
                field_free(&fd);
                return done;
            }
            if (fd.n == 0 || !isxdigit((unsigned char)fd.p[fd.n - 1]))
                field_add(&fd, '0'); /* "0x" or "-0x" alone */
            unsigned long long v;
            if (conv == 'd' || conv == 'i')
                v = (unsigned long long)strtoll(fd.p, NULL, base);
            else
                v = strtoull(fd.p, NULL, base);
            field_free(&fd);
            if (!suppress) {
                if (conv == 'p')
                    *va_arg(ap, void **) = (void *)(uintptr_t)v;
                else
                    store_int(va_arg(ap, void *), len, v);
                done++;
            }
            break;
        }
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A': {
            int c = skip_space(in);
            if (c == EOF)
                goto input_failure;
            Field fd;
            field_init(&fd);
            field_add(&fd, '\0');
            fd.n = 0;
            if (!scan_float_text(in, c, w, &fd) || fd.oom) {
                field_free(&fd);
                return done;
            }
            char *end;
            double v;
            float fv = 0;
            if (len == L_NONE)
                fv = strtof(fd.p, &end);
            v = len == L_NONE ? fv : strtod(fd.p, &end);
            int ok = end != fd.p;
            field_free(&fd);
            if (!ok)
                return done;
            if (!suppress) {
                if (len == L_BIGL)
                    *va_arg(ap, long double *) = v;
                else if (len == L_L || len == L_LL)
                    *va_arg(ap, double *) = v;
                else
                    *va_arg(ap, float *) = fv;
                done++;
            }
            break;
        }
        default:
            return done;
        }
    }
    return done;
input_failure:
    return done ? done : EOF;
}

int vfscanf(FILE *f, const char *fmt, va_list ap)
{
    Input in;
    in.f = f;
    in.s = NULL;
    in.count = 0;
    va_list ap2;
    va_copy(ap2, ap);
    int r = vscan(&in, fmt, ap2);
    va_end(ap2);
    return r;
}

int vscanf(const char *fmt, va_list ap)
{
    return vfscanf(stdin, fmt, ap);
}

int vsscanf(const char *s, const char *fmt, va_list ap)
{
    Input in;
    in.f = NULL;
    in.s = s;
    in.count = 0;
    va_list ap2;
    va_copy(ap2, ap);
    int r = vscan(&in, fmt, ap2);
    va_end(ap2);
    return r;
}

int fscanf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfscanf(f, fmt, ap);
    va_end(ap);
    return r;
}

int scanf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfscanf(stdin, fmt, ap);
    va_end(ap);
    return r;
}

int sscanf(const char *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsscanf(s, fmt, ap);
    va_end(ap);
    return r;
}
