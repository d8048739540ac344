/*
 * stdlib.c - sorting and searching, random numbers, integer arithmetic,
 * the environment, multibyte conversions of the "C" locale.
 *
 * qsort is glibc's algorithm: a top-down merge sort (left half n/2 first,
 * ties taken from the left), so equal keys keep their order and the
 * comparator sees the same calls as under glibc.
 *
 * rand is glibc's random(): the TYPE_3 additive feedback generator
 * r[i] = r[i-3] + r[i-31] (mod 2^32) over 31 words, seeded with the
 * 16807 * x mod (2^31 - 1) sequence and run 310 steps before use; each call
 * returns the new word shifted right by one.  srand(1); rand() gives glibc's
 * numbers.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "libc.h"

/* ------------------------------------------------------------ qsort */

typedef int (*Compar)(const void *, const void *);

static void msort(char *b, size_t n, size_t size, Compar cmp, char *tmp)
{
    if (n <= 1)
        return;
    size_t n1 = n / 2, n2 = n - n1;
    char *b1 = b, *b2 = b + n1 * size;
    msort(b1, n1, size, cmp, tmp);
    msort(b2, n2, size, cmp, tmp);
    char *t = tmp;
    while (n1 > 0 && n2 > 0) {
        if (cmp(b1, b2) <= 0) {
            memcpy(t, b1, size);
            b1 += size;
            n1--;
        } else {
            memcpy(t, b2, size);
            b2 += size;
            n2--;
        }
        t += size;
    }
    if (n1 > 0)
        memcpy(t, b1, n1 * size);
    memcpy(b, tmp, (n - n2) * size);
}

/* Without memory for the merge buffer: a stable insertion sort. */
static void isort(char *b, size_t n, size_t size, Compar cmp)
{
    char swap[64];
    for (size_t i = 1; i < n; i++) {
        for (size_t j = i; j > 0 && cmp(b + (j - 1) * size, b + j * size) > 0; j--) {
            char *x = b + (j - 1) * size, *y = b + j * size;
            for (size_t k = 0; k < size; k += sizeof swap) {
                size_t m = size - k < sizeof swap ? size - k : sizeof swap;
                memcpy(swap, x + k, m);
                memcpy(x + k, y + k, m);
                memcpy(y + k, swap, m);
            }
        }
    }
}

void qsort(void *base, size_t n, size_t size, int (*compar)(const void *, const void *))
{
    if (n <= 1 || size == 0)
        return;
    char *tmp = malloc(n * size);
    if (!tmp) {
        isort(base, n, size, compar);
        return;
    }
    msort(base, n, size, compar, tmp);
    free(tmp);
}

void *bsearch(const void *key, const void *base, size_t n, size_t size,
              int (*compar)(const void *, const void *))
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *p = (const char *)base + mid * size;
        int c = compar(key, p);
        if (c < 0)
            hi = mid;
        else if (c > 0)
            lo = mid + 1;
        else
            return (void *)p;
    }
    return NULL;
}

/* ------------------------------------------------------------ random */

#define RAND_DEG 31
#define RAND_SEP 3

static int32_t rand_state[RAND_DEG];
static int rand_f = RAND_SEP, rand_r = 0;
static int rand_seeded = 0;

void srandom(unsigned int seed)
{
    int32_t word = (int32_t)seed;
    if (seed == 0)
        word = 1;
    rand_state[0] = word;
    for (int i = 1; i < RAND_DEG; i++) {
        /* 16807 * word mod (2^31 - 1) without overflow (Schrage). */
        long hi = word / 127773;
        long lo = word % 127773;
        word = (int32_t)(16807 * lo - 2836 * hi);
        if (word < 0)
            word += 2147483647;
        rand_state[i] = word;
    }
    rand_f = RAND_SEP;
    rand_r = 0;
    rand_seeded = 1;
    for (int i = 0; i < 10 * RAND_DEG; i++)
        random();
}

long random(void)
{
    if (!rand_seeded)
        srandom(1);
    uint32_t v = (uint32_t)rand_state[rand_f] + (uint32_t)rand_state[rand_r];
    rand_state[rand_f] = (int32_t)v;
    if (++rand_f >= RAND_DEG) {
        rand_f = 0;
        rand_r++;
    } else if (++rand_r >= RAND_DEG) {
        rand_r = 0;
    }
    return (long)(v >> 1);
}

void srand(unsigned int seed)
{
    srandom(seed);
}

int rand(void)
{
    return (int)random();
}

/* ------------------------------------------------------------ arithmetic */

int abs(int j)
{
    return j < 0 ? -j : j;
}

long labs(long j)
{
    return j < 0 ? -j : j;
}

long long llabs(long long j)
{
    return j < 0 ? -j : j;
}

intmax_t imaxabs(intmax_t j)
{
    return j < 0 ? -j : j;
}

div_t div(int numer, int denom)
{
    div_t r;
    r.quot = numer / denom;
    r.rem = numer % denom;
    return r;
}

ldiv_t ldiv(long numer, long denom)
{
    ldiv_t r;
    r.quot = numer / denom;
    r.rem = numer % denom;
    return r;
}

lldiv_t lldiv(long long numer, long long denom)
{
    lldiv_t r;
    r.quot = numer / denom;
    r.rem = numer % denom;
    return r;
}

imaxdiv_t imaxdiv(intmax_t numer, intmax_t denom)
{
    imaxdiv_t r;
    r.quot = numer / denom;
    r.rem = numer % denom;
    return r;
}

/* ------------------------------------------------------------ environment */

/* Values fetched from the host are kept, so a name's pointer stays valid
 * and repeated calls return the same string. */
typedef struct EnvEntry {
    struct EnvEntry *next;
    char *name;
    char *value; /* NULL: unset */
} EnvEntry;

static EnvEntry *env_cache;

char *getenv(const char *name)
{
    if (!name || !*name || strchr(name, '='))
        return NULL;
    for (EnvEntry *e = env_cache; e; e = e->next)
        if (strcmp(e->name, name) == 0)
            return e->value;
    char small[256];
    long n = __host_getenv(name, small, sizeof small);
    char *value = NULL;
    if (n >= 0) {
        value = malloc((size_t)n + 1);
        if (!value)
            return NULL;
        if (n < (long)sizeof small)
            memcpy(value, small, (size_t)n + 1);
        else
            __host_getenv(name, value, n + 1);
    }
    EnvEntry *e = malloc(sizeof *e);
    char *copy = strdup(name);
    if (!e || !copy) {
        free(e);
        free(copy);
        return value;
    }
    e->name = copy;
    e->value = value;
    e->next = env_cache;
    env_cache = e;
    return value;
}

/* There is no shell in the VM: system(NULL) says so, and commands fail. */
int system(const char *command)
{
    if (!command)
        return 0;
    errno = ENOSYS;
    return -1;
}

/* ------------------------------------------------------------ multibyte */

/* The "C" locale: one byte is one character, and only ASCII converts to and
 * from wide characters (like glibc's C locale). */

int mblen(const char *s, size_t n)
{
    if (!s)
        return 0;
    if (n == 0)
        return -1;
    if ((unsigned char)*s > 0x7f) {
        errno = EILSEQ;
        return -1;
    }
    return *s ? 1 : 0;
}

int mbtowc(wchar_t *pwc, const char *s, size_t n)
{
    if (!s)
        return 0;
    if (n == 0)
        return -1;
    if ((unsigned char)*s > 0x7f) {
        errno = EILSEQ;
        return -1;
    }
    if (pwc)
        *pwc = (unsigned char)*s;
    return *s ? 1 : 0;
}

int wctomb(char *s, wchar_t wc)
{
    if (!s)
        return 0;
    if (wc < 0 || wc > 0x7f) {
        errno = EILSEQ;
        return -1;
    }
    *s = (char)wc;
    return 1;
}

size_t mbstowcs(wchar_t *pwcs, const char *s, size_t n)
{
    size_t i = 0;
    for (;; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c > 0x7f) {
            errno = EILSEQ;
            return (size_t)-1;
        }
        if (!pwcs) {
            if (!c)
                return i;
            continue;
        }
        if (i >= n)
            return i;
        pwcs[i] = c;
        if (!c)
            return i;
    }
}

size_t wcstombs(char *s, const wchar_t *pwcs, size_t n)
{
    size_t i = 0;
    for (;; i++) {
        wchar_t c = pwcs[i];
        if (c < 0 || c > 0x7f) {
            errno = EILSEQ;
            return (size_t)-1;
        }
        if (!s) {
            if (!c)
                return i;
            continue;
        }
        if (i >= n)
            return i;
        s[i] = (char)c;
        if (!c)
            return i;
    }
}
