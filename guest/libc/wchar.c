/*
 * wchar.c - wide strings and the conversions of the "C" locale, where a
 * multibyte character is one ASCII byte (bytes above 0x7f do not convert,
 * as in glibc's C locale).  Wide stream I/O works byte by byte on the
 * ordinary stream functions.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "libc.h"

size_t wcslen(const wchar_t *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

size_t wcsnlen(const wchar_t *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i])
        i++;
    return i;
}

wchar_t *wcscpy(wchar_t *dst, const wchar_t *src)
{
    return wmemcpy(dst, src, wcslen(src) + 1);
}

wchar_t *wcsncpy(wchar_t *dst, const wchar_t *src, size_t n)
{
    size_t k = wcsnlen(src, n);
    wmemcpy(dst, src, k);
    wmemset(dst + k, 0, n - k);
    return dst;
}

wchar_t *wcscat(wchar_t *dst, const wchar_t *src)
{
    wcscpy(dst + wcslen(dst), src);
    return dst;
}

wchar_t *wcsncat(wchar_t *dst, const wchar_t *src, size_t n)
{
    wchar_t *d = dst + wcslen(dst);
    size_t k = wcsnlen(src, n);
    wmemcpy(d, src, k);
    d[k] = 0;
    return dst;
}

int wcscmp(const wchar_t *a, const wchar_t *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a < *b ? -1 : *a > *b;
}

int wcsncmp(const wchar_t *a, const wchar_t *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return *a < *b ? -1 : 1;
        if (!*a)
            return 0;
    }
    return 0;
}

int wcscoll(const wchar_t *a, const wchar_t *b)
{
    return wcscmp(a, b);
}

wchar_t *wcschr(const wchar_t *s, wchar_t c)
{
    for (;; s++) {
        if (*s == c)
            return (wchar_t *)s;
        if (!*s)
            return NULL;
    }
}

wchar_t *wcsrchr(const wchar_t *s, wchar_t c)
{
    const wchar_t *found = NULL;
    for (;; s++) {
        if (*s == c)
            found = s;
        if (!*s)
            return (wchar_t *)found;
    }
}

size_t wcsspn(const wchar_t *s, const wchar_t *accept)
{
    size_t n = 0;
    while (s[n] && wcschr(accept, s[n]))
        n++;
    return n;
}

size_t wcscspn(const wchar_t *s, const wchar_t *reject)
{
    size_t n = 0;
    while (s[n] && !wcschr(reject, s[n]))
        n++;
    return n;
}

wchar_t *wcspbrk(const wchar_t *s, const wchar_t *accept)
{
    s += wcscspn(s, accept);
    return *s ? (wchar_t *)s : NULL;
}

wchar_t *wcsstr(const wchar_t *hay, const wchar_t *needle)
{
    size_t n = wcslen(needle);
    if (n == 0)
        return (wchar_t *)hay;
    for (; *hay; hay++)
        if (wcsncmp(hay, needle, n) == 0)
            return (wchar_t *)hay;
    return NULL;
}

wchar_t *wcstok(wchar_t *s, const wchar_t *delim, wchar_t **save)
{
    if (!s)
        s = *save;
    s += wcsspn(s, delim);
    if (!*s) {
        *save = s;
        return NULL;
    }
    wchar_t *tok = s;
    s += wcscspn(s, delim);
    if (*s)
        *s++ = 0;
    *save = s;
    return tok;
}

wchar_t *wcsdup(const wchar_t *s)
{
    size_t n = wcslen(s) + 1;
    wchar_t *p = malloc(n * sizeof *p);
    if (p)
        wmemcpy(p, s, n);
    return p;
}

wchar_t *wmemcpy(wchar_t *dst, const wchar_t *src, size_t n)
{
    memcpy(dst, src, n * sizeof *dst);
    return dst;
}

wchar_t *wmemmove(wchar_t *dst, const wchar_t *src, size_t n)
{
    memmove(dst, src, n * sizeof *dst);
    return dst;
}

wchar_t *wmemset(wchar_t *s, wchar_t c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        s[i] = c;
    return s;
}

int wmemcmp(const wchar_t *a, const wchar_t *b, size_t n)
{
    for (; n; n--, a++, b++)
        if (*a != *b)
            return *a < *b ? -1 : 1;
    return 0;
}

wchar_t *wmemchr(const wchar_t *s, wchar_t c, size_t n)
{
    for (; n; n--, s++)
        if (*s == c)
            return (wchar_t *)s;
    return NULL;
}

/* Wide number parsing: narrow the ASCII prefix, parse, map the end back. */
static size_t narrow_prefix(const wchar_t *s, char *buf, size_t cap)
{
    size_t n = 0;
    while (n + 1 < cap && s[n] > 0 && s[n] < 128) {
        buf[n] = (char)s[n];
        n++;
    }
    buf[n] = '\0';
    return n;
}

long long wcstoll(const wchar_t *s, wchar_t **end, int base)
{
    char buf[128];
    char *e;
    narrow_prefix(s, buf, sizeof buf);
    long long v = strtoll(buf, &e, base);
    if (end)
        *end = (wchar_t *)s + (e - buf);
    return v;
}

unsigned long long wcstoull(const wchar_t *s, wchar_t **end, int base)
{
    char buf[128];
    char *e;
    narrow_prefix(s, buf, sizeof buf);
    unsigned long long v = strtoull(buf, &e, base);
    if (end)
        *end = (wchar_t *)s + (e - buf);
    return v;
}

long wcstol(const wchar_t *s, wchar_t **end, int base)
{
    return wcstoll(s, end, base);
}

unsigned long wcstoul(const wchar_t *s, wchar_t **end, int base)
{
    return wcstoull(s, end, base);
}

long wcstoimax(const wchar_t *s, wchar_t **end, int base)
{
    return wcstoll(s, end, base);
}

unsigned long wcstoumax(const wchar_t *s, wchar_t **end, int base)
{
    return wcstoull(s, end, base);
}

double wcstod(const wchar_t *s, wchar_t **end)
{
    char buf[1024];
    char *e;
    narrow_prefix(s, buf, sizeof buf);
    double v = strtod(buf, &e);
    if (end)
        *end = (wchar_t *)s + (e - buf);
    return v;
}

wint_t btowc(int c)
{
    return c >= 0 && c < 128 ? (wint_t)c : WEOF;
}

int wctob(wint_t c)
{
    return c < 128 ? (int)c : EOF;
}

int mbsinit(const mbstate_t *ps)
{
    return !ps || ps->__count == 0;
}

size_t mbrtowc(wchar_t *pwc, const char *s, size_t n, mbstate_t *ps)
{
    (void)ps;
    if (!s)
        return 0;
    if (n == 0)
        return (size_t)-2;
    unsigned char c = (unsigned char)*s;
    if (c > 0x7f) {
        errno = EILSEQ;
        return (size_t)-1;
    }
    if (pwc)
        *pwc = c;
    return c ? 1 : 0;
}

size_t mbrlen(const char *s, size_t n, mbstate_t *ps)
{
    return mbrtowc(NULL, s, n, ps);
}

size_t wcrtomb(char *s, wchar_t wc, mbstate_t *ps)
{
    (void)ps;
    if (!s)
        return 1;
    if (wc < 0 || wc > 0x7f) {
        errno = EILSEQ;
        return (size_t)-1;
    }
    *s = (char)wc;
    return 1;
}

size_t mbsrtowcs(wchar_t *dst, const char **src, size_t n, mbstate_t *ps)
{
    (void)ps;
    const char *s = *src;
    size_t i = 0;
    for (; !dst || i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c > 0x7f) {
            errno = EILSEQ;
            if (dst)
                *src = s + i;
            return (size_t)-1;
        }
        if (dst)
            dst[i] = c;
        if (!c) {
            if (dst)
                *src = NULL;
            return i;
        }
    }
    *src = s + i;
    return i;
}

size_t wcsrtombs(char *dst, const wchar_t **src, size_t n, mbstate_t *ps)
{
    (void)ps;
    const wchar_t *s = *src;
    size_t i = 0;
    for (; !dst || i < n; i++) {
        wchar_t c = s[i];
        if (c < 0 || c > 0x7f) {
            errno = EILSEQ;
            if (dst)
                *src = s + i;
            return (size_t)-1;
        }
        if (dst)
            dst[i] = (char)c;
        if (!c) {
            if (dst)
                *src = NULL;
            return i;
        }
    }
    *src = s + i;
    return i;
}

/* ------------------------------------------------------------ wide I/O */

wint_t fgetwc(FILE *f)
{
    int c = fgetc(f);
    if (c == EOF)
        return WEOF;
    if (c > 0x7f) {
        errno = EILSEQ;
        return WEOF;
    }
    return (wint_t)c;
}

wint_t getwc(FILE *f)
{
    return fgetwc(f);
}

wint_t getwchar(void)
{
    return fgetwc(stdin);
}

wint_t fputwc(wchar_t c, FILE *f)
{
    if (c < 0 || c > 0x7f) {
        errno = EILSEQ;
        return WEOF;
    }
    return fputc(c, f) == EOF ? WEOF : (wint_t)c;
}

wint_t putwc(wchar_t c, FILE *f)
{
    return fputwc(c, f);
}

wint_t putwchar(wchar_t c)
{
    return fputwc(c, stdout);
}

int fputws(const wchar_t *s, FILE *f)
{
    for (; *s; s++)
        if (fputwc(*s, f) == WEOF)
            return -1;
    return 1;
}

int fwide(FILE *f, int mode)
{
    (void)f;
    return mode;
}
