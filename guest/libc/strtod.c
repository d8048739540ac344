/*
 * strtod.c - text to numbers: strtod/strtof/strtold/atof (correctly
 * rounded) and the strtol family.
 *
 * Decimal input is read as an integer D of at most MAX_DIGITS significant
 * digits and a power of ten: value = D * 10^E.  Digits beyond MAX_DIGITS only
 * matter as a "sticky" bit (a midpoint between two doubles has at most 767
 * significant digits, so truncating after 800 and remembering that something
 * nonzero was dropped rounds the same way).  Small cases (D < 10^15,
 * |E| <= 22) are one exact IEEE operation, which is correctly rounded.  The
 * rest is exact: with 10^E = 5^E * 2^E, the quotient (D * 5^E) / 1 or
 * D / 5^-E is computed with big integers, scaled so that it has 63 or 64
 * bits, and the remainder becomes the sticky bit; make_float() rounds that to
 * 53 (double) or 24 (float) bits, half-even, with gradual underflow.
 * Hex input ("0x1.8p3") is read into 64 bits plus a sticky bit directly.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "libc.h"

#define MAX_DIGITS 800
#define BIG_WORDS 100

/* ------------------------------------------------------------ big integers */

typedef struct Big {
    int n; /* words in use; w[n-1] != 0 unless n == 0 */
    uint32_t w[BIG_WORDS];
} Big;

static void big_set(Big *b, uint32_t v)
{
    b->n = v ? 1 : 0;
    b->w[0] = v;
}

static void big_mul_add(Big *b, uint32_t k, uint32_t add)
{
    uint64_t carry = add;
    for (int i = 0; i < b->n; i++) {
        uint64_t t = (uint64_t)b->w[i] * k + carry;
        b->w[i] = (uint32_t)t;
        carry = t >> 32;
    }
    if (carry && b->n < BIG_WORDS)
        b->w[b->n++] = (uint32_t)carry;
}

static int big_bitlen(const Big *b)
{
    if (b->n == 0)
        return 0;
    int bits = 32 * (b->n - 1);
    for (uint32_t top = b->w[b->n - 1]; top; top >>= 1)
        bits++;
    return bits;
}

static void big_shl(Big *b, int s)
{
    if (b->n == 0 || s <= 0)
        return;
    int words = s / 32, bits = s % 32;
    int n = b->n + words + 1;
    if (n > BIG_WORDS)
        n = BIG_WORDS;
    for (int i = n - 1; i >= 0; i--) {
        int src = i - words;
        uint32_t hi = src >= 0 && src < b->n ? b->w[src] : 0;
        uint32_t lo = src - 1 >= 0 && src - 1 < b->n ? b->w[src - 1] : 0;
        b->w[i] = bits ? (hi << bits) | (lo >> (32 - bits)) : hi;
    }
    b->n = n;
    while (b->n > 0 && b->w[b->n - 1] == 0)
        b->n--;
}

static void big_shr1(Big *b)
{
    for (int i = 0; i < b->n; i++) {
        uint32_t next = i + 1 < b->n ? b->w[i + 1] : 0;
        b->w[i] = (b->w[i] >> 1) | (next << 31);
    }
    while (b->n > 0 && b->w[b->n - 1] == 0)
        b->n--;
}

static int big_cmp(const Big *a, const Big *b)
{
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    for (int i = a->n - 1; i >= 0; i--)
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    return 0;
}

/* a -= b, with a >= b. */
static void big_sub(Big *a, const Big *b)
{
    int64_t borrow = 0;
    for (int i = 0; i < a->n; i++) {
        int64_t t = (int64_t)a->w[i] - (i < b->n ? b->w[i] : 0) - borrow;
        borrow = t < 0;
        a->w[i] = (uint32_t)(t + (borrow ? ((int64_t)1 << 32) : 0));
    }
    while (a->n > 0 && a->w[a->n - 1] == 0)
        a->n--;
}

static void big_pow5(Big *b, int e)
{
    for (; e >= 13; e -= 13)
        big_mul_add(b, 1220703125u, 0);
    uint32_t p = 1;
    for (; e > 0; e--)
        p *= 5;
    big_mul_add(b, p, 0);
}

/* ------------------------------------------------------------ rounding */

static double from_bits(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

static double float_from_bits(uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static int bitlen64(uint64_t v)
{
    int n = 0;
    for (; v; v >>= 1)
        n++;
    return n;
}

/* Rounds (q + sticky * tiny) * 2^k, q != 0, to `bits` bits (53 or 24),
 * half-even, with gradual underflow.  *range_err on overflow or an inexact
 * tiny result (glibc's underflow rule). */
static double make_float(uint64_t q, int k, int sticky, int bits, int *range_err)
{
    int emin = bits == 53 ? -1074 : -149;
    int emax = bits == 53 ? 1024 : 128;
    int shift = bitlen64(q) - bits;
    if (k + shift < emin)
        shift = emin - k;
    uint64_t mant;
    int inexact = sticky;
    if (shift <= 0) {
        mant = q << -shift;
    } else if (shift >= 64) {
        int up = shift == 64 && (q > (1ULL << 63) || (q == (1ULL << 63) && sticky));
        mant = up;
        inexact = 1;
    } else {
        uint64_t dropped = q & ((1ULL << shift) - 1);
        uint64_t half = 1ULL << (shift - 1);
        mant = q >> shift;
        if (dropped)
            inexact = 1;
        if (dropped > half || (dropped == half && (sticky || (mant & 1))))
            mant++;
    }
    int e = k + shift;
    if (mant >> bits) {
        mant >>= 1;
        e++;
    }
    if (mant == 0) {
        *range_err = 1;
        return 0.0;
    }
    if ((mant >> (bits - 1)) == 0 && inexact)
        *range_err = 1; /* tiny and inexact */
    if (e + bits > emax) {
        *range_err = 1;
        return bits == 53 ? from_bits(0x7ff0000000000000ULL) : float_from_bits(0x7f800000u);
    }
    if (bits == 53) {
        if ((mant >> 52) == 0)
            return from_bits(mant);
        return from_bits(((uint64_t)(e + 1075) << 52) | (mant & 0xfffffffffffffULL));
    }
    if ((mant >> 23) == 0)
        return float_from_bits((uint32_t)mant);
    return float_from_bits(((uint32_t)(e + 150) << 23) | ((uint32_t)mant & 0x7fffffu));
}

/* ------------------------------------------------------------ parsing */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads an exponent "[+-]digits" at p (after e/p); returns the end, or p if
 * there are no digits.  The value saturates at +-1000000. */
static const char *read_exp(const char *p, long *out)
{
    const char *q = p;
    int neg = 0;
    if (*q == '+' || *q == '-')
        neg = *q++ == '-';
    if (!isdigit((unsigned char)*q))
        return p;
    long v = 0;
    while (isdigit((unsigned char)*q)) {
        if (v < 1000000)
            v = v * 10 + (*q - '0');
        q++;
    }
    *out = neg ? -v : v;
    return q;
}

/* After "0x": hex digits into 61-64 bits of q (the rest becomes sticky),
 * with a binary exponent. */
static double parse_hex(const char *p, const char **end, int bits, int *range_err)
{
    uint64_t q = 0;
    int sticky = 0;
    long exp = 0;
    for (; hexval(*p) >= 0; p++) {
        int v = hexval(*p);
        if ((q >> 60) == 0) {
            q = (q << 4) | (uint64_t)v;
        } else {
            exp += 4;
            sticky |= v != 0;
        }
    }
    if (*p == '.') {
        for (p++; hexval(*p) >= 0; p++) {
            int v = hexval(*p);
            if ((q >> 60) == 0) {
                q = (q << 4) | (uint64_t)v;
                if (exp > -10000000)
                    exp -= 4;
            } else {
                sticky |= v != 0;
            }
        }
    }
    if (*p == 'p' || *p == 'P') {
        long x = 0;
        const char *e = read_exp(p + 1, &x);
        if (e != p + 1) {
            exp += x;
            p = e;
        }
    }
    *end = p;
    if (q == 0)
        return 0.0;
    while (!(q >> 63)) {
        q <<= 1;
        exp--;
    }
    if (exp > 100000)
        exp = 100000;
    if (exp < -100000)
        exp = -100000;
    return make_float(q, (int)exp, sticky, bits, range_err);
}

/* value = D * 10^E with D the digit string (nd digits, no leading zeros). */
static double decimal_to_binary(const char *digits, int nd, long e, int sticky, int bits,
                                int *range_err)
{
    /* Out of range whatever the digits. */
    long mag = nd + e; /* value < 10^mag and >= 10^(mag-1) */
    if (mag > (bits == 53 ? 310 : 40)) {
        *range_err = 1;
        return bits == 53 ? from_bits(0x7ff0000000000000ULL) : float_from_bits(0x7f800000u);
    }
    if (mag < (bits == 53 ? -324 : -46)) {
        *range_err = 1;
        return 0.0;
    }
    /* Fast path: one correctly rounded operation on exact operands. */
    if (bits == 53 && nd <= 15 && !sticky && e >= -22 && e <= 22) {
        double d = 0;
        for (int i = 0; i < nd; i++)
            d = d * 10 + (digits[i] - '0');
        double p = 1;
        for (long i = 0; i < (e < 0 ? -e : e); i++)
            p *= 10;
        return e < 0 ? d / p : d * p;
    }
    Big num, den;
    big_set(&num, 0);
    int i = 0;
    while (i < nd) {
        uint32_t chunk = 0, scale = 1;
        for (int j = 0; j < 9 && i < nd; j++, i++) {
            chunk = chunk * 10 + (uint32_t)(digits[i] - '0');
            scale *= 10;
        }
        if (num.n == 0)
            big_set(&num, chunk);
        else
            big_mul_add(&num, scale, chunk);
    }
    big_set(&den, 1);
    if (e >= 0)
        big_pow5(&num, (int)e);
    else
        big_pow5(&den, (int)-e);
    int s = 63 - (big_bitlen(&num) - big_bitlen(&den));
    if (s > 0)
        big_shl(&num, s);
    else
        big_shl(&den, -s);
    int k = (int)e - s;
    /* num / den is now in [2^62, 2^64): shift-and-subtract division. */
    Big ds = den;
    big_shl(&ds, 63);
    uint64_t q = 0;
    for (int b = 63; b >= 0; b--) {
        if (big_cmp(&num, &ds) >= 0) {
            big_sub(&num, &ds);
            q |= 1ULL << b;
        }
        big_shr1(&ds);
    }
    return make_float(q, k, sticky || num.n != 0, bits, range_err);
}

static int match_word(const char *p, const char *word)
{
    return strncasecmp(p, word, strlen(word)) == 0;
}

double __libc_strtod(const char *s, char **end, int bits, int *range_err)
{
    const char *p = s;
    *range_err = 0;
    while (isspace((unsigned char)*p))
        p++;
    int neg = 0;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    double v;
    if (match_word(p, "inf")) {
        p += match_word(p, "infinity") ? 8 : 3;
        v = from_bits(0x7ff0000000000000ULL);
    } else if (match_word(p, "nan")) {
        p += 3;
        if (*p == '(') {
            const char *q = p + 1;
            while (isalnum((unsigned char)*q) || *q == '_')
                q++;
            if (*q == ')')
                p = q + 1;
        }
        v = from_bits(0x7ff8000000000000ULL);
    } else if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
               (hexval(p[2]) >= 0 || (p[2] == '.' && hexval(p[3]) >= 0))) {
        const char *e;
        v = parse_hex(p + 2, &e, bits, range_err);
        p = e;
    } else {
        char digits[MAX_DIGITS];
        int nd = 0, sticky = 0, any = 0;
        long dexp = 0;
        for (; isdigit((unsigned char)*p); p++) {
            any = 1;
            if (nd == 0 && *p == '0')
                continue;
            if (nd < MAX_DIGITS)
                digits[nd++] = *p;
            else {
                dexp++;
                sticky |= *p != '0';
            }
        }
        if (*p == '.') {
            const char *q = p + 1;
            for (; isdigit((unsigned char)*q); q++) {
                any = 1;
                if (nd == 0 && *q == '0') {
                    dexp--;
                    continue;
                }
                if (nd < MAX_DIGITS) {
                    digits[nd++] = *q;
                    dexp--;
                } else {
                    sticky |= *q != '0';
                }
            }
            if (any)
                p = q;
        }
        if (!any) {
            if (end)
                *end = (char *)s;
            return 0.0;
        }
        if (*p == 'e' || *p == 'E') {
            long x = 0;
            const char *q = read_exp(p + 1, &x);
            if (q != p + 1) {
                dexp += x;
                p = q;
            }
        }
        while (nd > 0 && digits[nd - 1] == '0') {
            nd--;
            dexp++;
        }
        v = nd == 0 ? 0.0 : decimal_to_binary(digits, nd, dexp, sticky, bits, range_err);
    }
    if (end)
        *end = (char *)p;
    return neg ? -v : v;
}

double strtod(const char *s, char **end)
{
    int range_err;
    double v = __libc_strtod(s, end, 53, &range_err);
    if (range_err)
        errno = ERANGE;
    return v;
}

float strtof(const char *s, char **end)
{
    int range_err;
    double v = __libc_strtod(s, end, 24, &range_err);
    if (range_err)
        errno = ERANGE;
    return (float)v;
}

long double strtold(const char *s, char **end)
{
    return strtod(s, end);
}

double atof(const char *s)
{
    return strtod(s, NULL);
}

/* ------------------------------------------------------------ integers */

unsigned long long __libc_strtou(const char *s, char **end, int base, int *neg, int *overflow)
{
    const char *p = s;
    *neg = 0;
    *overflow = 0;
    if (base < 0 || base == 1 || base > 36) {
        errno = EINVAL;
        if (end)
            *end = (char *)s;
        return 0;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        *neg = *p++ == '-';
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        hexval(p[2]) >= 0) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = p[0] == '0' ? 8 : 10;
    }
    unsigned long long v = 0;
    unsigned long long limit = ULLONG_MAX / (unsigned)base;
    int any = 0;
    for (;; p++) {
        int d;
        if (*p >= '0' && *p <= '9')
            d = *p - '0';
        else if (*p >= 'a' && *p <= 'z')
            d = *p - 'a' + 10;
        else if (*p >= 'A' && *p <= 'Z')
            d = *p - 'A' + 10;
        else
            break;
        if (d >= base)
            break;
        any = 1;
        if (v > limit || v * (unsigned)base > ULLONG_MAX - (unsigned)d)
            *overflow = 1;
        else
            v = v * (unsigned)base + (unsigned)d;
    }
    if (end)
        *end = (char *)(any ? p : s);
    if (!any)
        *neg = 0;
    return v;
}

long long strtoll(const char *s, char **end, int base)
{
    int neg, ov;
    unsigned long long v = __libc_strtou(s, end, base, &neg, &ov);
    if (ov || (!neg && v > (unsigned long long)LLONG_MAX) ||
        (neg && v > (unsigned long long)LLONG_MAX + 1)) {
        errno = ERANGE;
        return neg ? LLONG_MIN : LLONG_MAX;
    }
    return neg ? (long long)(0 - v) : (long long)v;
}

long strtol(const char *s, char **end, int base)
{
    return strtoll(s, end, base);
}

unsigned long long strtoull(const char *s, char **end, int base)
{
    int neg, ov;
    unsigned long long v = __libc_strtou(s, end, base, &neg, &ov);
    if (ov) {
        errno = ERANGE;
        return ULLONG_MAX;
    }
    return neg ? 0 - v : v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
    return strtoull(s, end, base);
}

long strtoimax(const char *s, char **end, int base)
{
    return strtoll(s, end, base);
}

unsigned long strtoumax(const char *s, char **end, int base)
{
    return strtoull(s, end, base);
}

int atoi(const char *s)
{
    return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
    return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
    return strtoll(s, NULL, 10);
}
