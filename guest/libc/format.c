/*
 * format.c - the printf engine (every printf-family function ends here).
 *
 * __libc_vformat walks the format once, writing literal runs and one
 * conversion at a time to a sink (a stream or a string buffer).  Its loop
 * handles the plain common conversions itself (%d %s %x ... without flags,
 * width or precision), writing digits in place (reserve) with constant
 * divisors; the first other conversion hands the rest to vformat_general.
 * The hot paths have no address-taken locals, since each one costs a frame
 * block per call in FIR.  Arguments
 * come straight from the va_list, except when the format uses positional
 * arguments ("%2$d"): then a first pass finds the type of every argument and
 * fetches them all in order, as va_arg requires.
 *
 * Floating point is printed exactly like glibc: the double's binary value
 * m * 2^e is turned into its exact decimal expansion with a small big integer
 * in base 10^9 (m * 2^e, or m * 5^-e shifted by -e decimal places: at most
 * 767 significant digits), which is then rounded once at the requested
 * position, round-half-even on exact ties (glibc in round-to-nearest mode).
 * %g picks %e or %f style from the exponent after that rounding, as C says.
 * %a prints the binary digits directly.
 *
 * Output matches glibc's for flags, widths, precisions and the GNU cases:
 * "(nil)" for a null %p, "(null)" for a null %s (when the precision allows
 * six characters), "-nan", %m.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "libc.h"

/* ---------------------------------------------------------------- sink */

void __libc_sink_flush(__LibcSink *sink)
{
    if (sink->file && sink->nstage > 0) {
        if (__libc_fwrite_bytes(sink->stage, (size_t)sink->nstage, sink->file) !=
            (size_t)sink->nstage)
            sink->error = 1;
        sink->nstage = 0;
    }
}

void __libc_sink_put(__LibcSink *sink, const char *s, size_t n)
{
    if (sink->file) {
        if (sink->nstage + n > sizeof sink->stage) {
            __libc_sink_flush(sink);
            if (n > sizeof sink->stage) {
                if (__libc_fwrite_bytes(s, n, sink->file) != n)
                    sink->error = 1;
                sink->len += n;
                return;
            }
        }
        if (n == 1)
            sink->stage[sink->nstage] = *s;
        else if (n)
            __host_memcpy(sink->stage + sink->nstage, s, (long)n);
        sink->nstage += (int)n;
    } else if (sink->len + 1 < sink->cap) {
        size_t room = sink->cap - 1 - sink->len;
        size_t k = n < room ? n : room;
        if (k == 1)
            sink->buf[sink->len] = *s;
        else if (k)
            __host_memcpy(sink->buf + sink->len, s, (long)k);
    }
    sink->len += n;
}

/* Room for n more bytes written in place, counted as output; NULL when a
 * string sink would truncate them (then the caller goes through put). */
static char *reserve(__LibcSink *sink, size_t n)
{
    char *d;
    if (sink->file) {
        if (sink->nstage + n > sizeof sink->stage) {
            __libc_sink_flush(sink);
            if (n > sizeof sink->stage)
                return NULL;
        }
        d = sink->stage + sink->nstage;
        sink->nstage += (int)n;
    } else {
        if (sink->len + n >= sink->cap)
            return NULL;
        d = sink->buf + sink->len;
    }
    sink->len += n;
    return d;
}

#define put __libc_sink_put

static void pad(__LibcSink *sink, char c, long n)
{
    char block[32];
    if (n <= 0)
        return;
    memset(block, c, sizeof block);
    while (n > 0) {
        long k = n < (long)sizeof block ? n : (long)sizeof block;
        put(sink, block, (size_t)k);
        n -= k;
    }
}

/* -------------------------------------------------------- specifications */

enum {
    F_MINUS = 1,  /* left-justify */
    F_PLUS = 2,   /* always a sign */
    F_SPACE = 4,  /* space for a missing sign */
    F_ALT = 8,    /* '#' */
    F_ZERO = 16,  /* pad with zeros */
};

/* Length modifiers. */
enum { L_NONE, L_HH, L_H, L_L, L_LL, L_J, L_Z, L_T, L_BIGL };

typedef struct Spec {
    int flags;
    int width;      /* -1: none */
    int prec;       /* -1: none */
    int len;
    char conv;
    int argpos;     /* n of "%n$", 0 for the next argument */
    int width_arg;  /* -1: literal; 0: '*'; n: "*n$" */
    int prec_arg;
    int overflow;   /* a width or precision beyond INT_MAX */
} Spec;

/* Reads decimal digits, capping at INT_MAX + 1 (reported as overflow). */
static const char *read_num(const char *p, int *out, int *overflow)
{
    long v = 0;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (*p - '0');
        if (v > INT_MAX) {
            *overflow = 1;
            v = (long)INT_MAX + 1;
        }
        p++;
    }
    *out = v > INT_MAX ? INT_MAX : (int)v;
    return p;
}

/* "n$" after a '%' or a '*': stores n and returns the position after it,
 * or stores 0 and returns p.  (No address-taken locals: each would cost a
 * frame block per call.) */
static const char *read_pos(const char *p, int *out)
{
    long v = 0;
    const char *q = p;
    *out = 0;
    if (*q < '1' || *q > '9')
        return p;
    while (*q >= '0' && *q <= '9') {
        v = v * 10 + (*q - '0');
        if (v > INT_MAX)
            return p;
        q++;
    }
    if (*q != '$')
        return p;
    *out = (int)v;
    return q + 1;
}

/* Parses the specification after '%'; returns the position after the
 * conversion character, or NULL if the format ends inside it. */
static const char *parse_spec(const char *p, Spec *s)
{
    s->flags = 0;
    s->width = -1;
    s->prec = -1;
    s->len = L_NONE;
    s->width_arg = -1;
    s->prec_arg = -1;
    s->overflow = 0;
    p = read_pos(p, &s->argpos);
    for (;; p++) {
        if (*p == '-')
            s->flags |= F_MINUS;
        else if (*p == '+')
            s->flags |= F_PLUS;
        else if (*p == ' ')
            s->flags |= F_SPACE;
        else if (*p == '#')
            s->flags |= F_ALT;
        else if (*p == '0')
            s->flags |= F_ZERO;
        else if (*p != '\'' && *p != 'I')
            break;
    }
    if (*p == '*') {
        p++;
        p = read_pos(p, &s->width_arg);
    } else if (*p >= '1' && *p <= '9') {
        p = read_num(p, &s->width, &s->overflow);
    }
    if (*p == '.') {
        p++;
        if (*p == '*') {
            p++;
            p = read_pos(p, &s->prec_arg);
        } else {
            s->prec = 0;
            p = read_num(p, &s->prec, &s->overflow);
        }
    }
    switch (*p) {
    case 'h':
        p++;
        s->len = L_H;
        if (*p == 'h') {
            p++;
            s->len = L_HH;
        }
        break;
    case 'l':
        p++;
        s->len = L_L;
        if (*p == 'l') {
            p++;
            s->len = L_LL;
        }
        break;
    case 'q': p++; s->len = L_LL; break;
    case 'L': p++; s->len = L_BIGL; break;
    case 'j': p++; s->len = L_J; break;
    case 'z': case 'Z': p++; s->len = L_Z; break;
    case 't': p++; s->len = L_T; break;
    default: break;
    }
    if (!*p)
        return NULL;
    s->conv = *p;
    return p + 1;
}

/* ------------------------------------------------------------ arguments */

enum { A_NONE, A_INT, A_LONG, A_PTR, A_DBL, A_LDBL };

typedef union ArgVal {
    long l;
    double d;
    void *p;
} ArgVal;

#define MAX_POS_ARGS 128

typedef struct Args {
    va_list ap;
    int positional;
    int next;               /* next sequential argument (positional mode) */
    ArgVal *vals;           /* positional mode: vals[1..max], heap */
    int nvals;
} Args;

static int arg_type(const Spec *s)
{
    switch (s->conv) {
    case 'd': case 'i': case 'o': case 'u': case 'x': case 'X': case 'b': case 'B':
        return (s->len == L_NONE || s->len == L_H || s->len == L_HH) ? A_INT : A_LONG;
    case 'c':
        return A_INT;
    case 's': case 'p': case 'n':
        return A_PTR;
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
        return s->len == L_BIGL ? A_LDBL : A_DBL;
    default:
        return A_NONE;
    }
}

static void note_type(int *types, int *max, int pos, int type)
{
    if (pos < 1 || pos > MAX_POS_ARGS)
        return;
    if (types[pos] == A_NONE)
        types[pos] = type;
    if (pos > *max)
        *max = pos;
}

/* First pass of a positional format: fetch every argument in order. */
static int fetch_positional(Args *a, const char *fmt)
{
    int types[MAX_POS_ARGS + 1];
    int max = 0, seq = 1;
    memset(types, 0, sizeof types);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        Spec s;
        const char *q = parse_spec(p + 1, &s);
        if (!q)
            break;
        if (s.width_arg >= 0)
            note_type(types, &max, s.width_arg ? s.width_arg : seq++, A_INT);
        if (s.prec_arg >= 0)
            note_type(types, &max, s.prec_arg ? s.prec_arg : seq++, A_INT);
        int t = arg_type(&s);
        if (t != A_NONE)
            note_type(types, &max, s.argpos ? s.argpos : seq++, t);
        p = q - 1;
    }
    a->vals = malloc(((size_t)max + 1) * sizeof *a->vals);
    if (!a->vals)
        return -1;
    a->nvals = max;
    for (int i = 1; i <= max; i++) {
        switch (types[i]) {
        case A_LONG: a->vals[i].l = va_arg(a->ap, long); break;
        case A_PTR: a->vals[i].p = va_arg(a->ap, void *); break;
        case A_DBL: a->vals[i].d = va_arg(a->ap, double); break;
        case A_LDBL: a->vals[i].d = (double)va_arg(a->ap, long double); break;
        default: a->vals[i].l = va_arg(a->ap, int); break;
        }
    }
    return 0;
}

/* vals[0] is a zero value for arguments the format never typed. */
static int pos_index(Args *a, int pos)
{
    if (pos == 0)
        pos = a->next++;
    return pos >= 1 && pos <= a->nvals ? pos : 0;
}

static long get_int(Args *a, int pos)
{
    if (a->positional)
        return (int)a->vals[pos_index(a, pos)].l;
    return va_arg(a->ap, int);
}

static long get_long(Args *a, int pos)
{
    if (a->positional)
        return a->vals[pos_index(a, pos)].l;
    return va_arg(a->ap, long);
}

static void *get_ptr(Args *a, int pos)
{
    if (a->positional)
        return a->vals[pos_index(a, pos)].p;
    return va_arg(a->ap, void *);
}

static double get_dbl(Args *a, int pos, int is_long)
{
    if (a->positional)
        return a->vals[pos_index(a, pos)].d;
    if (is_long)
        return (double)va_arg(a->ap, long double);
    return va_arg(a->ap, double);
}

/* ------------------------------------------------------------ integers */

/* "00" "01" ... "99": two decimal digits per division. */
static const char dec_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* Writes the digits of u (at least one) for conversion conv (d i u, o, x X
 * p, b B) so that they end at `end`; returns their count.  Every divisor is
 * a constant. */
static int digits_rev(char *end, unsigned long u, char conv)
{
    char *e = end;
    if (conv == 'x' || conv == 'p' || conv == 'X') {
        const char *xdig = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        do {
            *--e = xdig[u & 15];
            u >>= 4;
        } while (u);
    } else if (conv == 'o') {
        do {
            *--e = (char)('0' + (u & 7));
            u >>= 3;
        } while (u);
    } else if (conv == 'b' || conv == 'B') {
        do {
            *--e = (char)('0' + (u & 1));
            u >>= 1;
        } while (u);
    } else {
        while (u >= 100) {
            unsigned long r = u % 100;
            u /= 100;
            e -= 2;
            memcpy(e, dec_pairs + 2 * r, 2);
        }
        if (u >= 10) {
            e -= 2;
            memcpy(e, dec_pairs + 2 * u, 2);
        } else {
            *--e = (char)('0' + u);
        }
    }
    return (int)(end - e);
}

/* The number of digits digits_rev writes. */
static int digits_count(unsigned long u, char conv)
{
    int n = 1;
    if (conv == 'x' || conv == 'X' || conv == 'p') {
        /* one compare per digit for the common sizes */
        if (u < 0x10) return 1;
        if (u < 0x100) return 2;
        if (u < 0x1000) return 3;
        if (u < 0x10000) return 4;
        if (u < 0x100000) return 5;
        if (u < 0x1000000) return 6;
        for (u >>= 24, n = 6; u; u >>= 4)
            n++;
    } else if (conv == 'u' || conv == 'd' || conv == 'i') {
        if (u < 10) return 1;
        if (u < 100) return 2;
        if (u < 1000) return 3;
        if (u < 10000) return 4;
        if (u < 100000) return 5;
        if (u < 1000000) return 6;
        unsigned long p = 1000000;
        for (n = 6; n < 20 && u >= p; n++)
            p *= 10;
    } else {
        int shift = conv == 'o' ? 3 : 1;
        while (u >>= shift)
            n++;
    }
    return n;
}

/* The fast path of a conversion without flags, width or precision. */
static void put_uint_slow(__LibcSink *sink, unsigned long u, int neg, char conv)
{
    char digits[72];
    int nd = digits_rev(digits + sizeof digits, u, conv);
    if (neg)
        digits[sizeof digits - 1 - nd++] = '-';
    put(sink, digits + sizeof digits - nd, (size_t)nd);
}

static void put_uint(__LibcSink *sink, unsigned long u, int neg, char conv)
{
    int nd = digits_count(u, conv);
    char *d = reserve(sink, (size_t)(nd + neg));
    if (!d) {
        put_uint_slow(sink, u, neg, conv);
        return;
    }
    if (neg)
        *d = '-';
    digits_rev(d + neg + nd, u, conv);
}

/* Prints an integer: sign (for signed conversions), prefix, zeros to the
 * precision, digits, padded to the width. */
static void fmt_int(__LibcSink *sink, const Spec *s, unsigned long u, int neg, int is_signed)
{
    char digits[72];
    int nd = u ? digits_rev(digits + sizeof digits, u, s->conv) : 0;
    const char *d = digits + sizeof digits - nd;

    int prec = s->prec;
    int flags = s->flags;
    if (prec >= 0)
        flags &= ~F_ZERO;
    else
        prec = 1;
    if (s->conv == 'o' && (flags & F_ALT) && prec <= nd)
        prec = nd + 1;
    int zeros = prec > nd ? prec - nd : 0;

    char prefix[3];
    int np = 0;
    if (is_signed) {
        if (neg)
            prefix[np++] = '-';
        else if (flags & F_PLUS)
            prefix[np++] = '+';
        else if (flags & F_SPACE)
            prefix[np++] = ' ';
    }
    if ((flags & F_ALT) && u != 0) {
        if (s->conv == 'x' || s->conv == 'X' || s->conv == 'p') {
            prefix[np++] = '0';
            prefix[np++] = s->conv == 'p' ? 'x' : s->conv;
        } else if (s->conv == 'b' || s->conv == 'B') {
            prefix[np++] = '0';
            prefix[np++] = s->conv;
        }
    }
    long total = (long)np + zeros + nd;
    long fill = s->width > total ? s->width - total : 0;
    if (!(flags & F_MINUS) && !(flags & F_ZERO))
        pad(sink, ' ', fill);
    put(sink, prefix, (size_t)np);
    if (!(flags & F_MINUS) && (flags & F_ZERO))
        pad(sink, '0', fill);
    pad(sink, '0', zeros);
    put(sink, d, (size_t)nd);
    if (flags & F_MINUS)
        pad(sink, ' ', fill);
}

/* Text padded to the width (%s, %c, "(nil)", inf and nan). */
static void fmt_text(__LibcSink *sink, const Spec *s, const char *t, size_t n)
{
    long fill = s->width > (long)n ? s->width - (long)n : 0;
    if (!(s->flags & F_MINUS))
        pad(sink, ' ', fill);
    put(sink, t, n);
    if (s->flags & F_MINUS)
        pad(sink, ' ', fill);
}

/* ------------------------------------------------- exact decimal values */

/* value = 0.d[0] d[1] ... d[n-1] * 10^exp, digits 0..9, no trailing zeros;
 * n == 0 is zero. */
typedef struct Decimal {
    int n;
    int exp;
    unsigned char d[800];
} Decimal;

#define LIMB_BASE 1000000000u
#define MAX_LIMBS 90

static int limbs_mul(uint32_t *limb, int n, uint32_t k)
{
    uint64_t carry = 0;
    for (int i = 0; i < n; i++) {
        uint64_t t = (uint64_t)limb[i] * k + carry;
        limb[i] = (uint32_t)(t % LIMB_BASE);
        carry = t / LIMB_BASE;
    }
    while (carry) {
        limb[n++] = (uint32_t)(carry % LIMB_BASE);
        carry /= LIMB_BASE;
    }
    return n;
}

static void strip_zeros(Decimal *dec)
{
    while (dec->n > 0 && dec->d[dec->n - 1] == 0)
        dec->n--;
}

/* The exact decimal expansion of a finite x >= 0. */
static void decimal_of(double x, Decimal *dec)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int be = (int)((bits >> 52) & 0x7ff);
    uint64_t m = bits & 0xfffffffffffffULL;
    int e;
    if (be == 0) {
        e = -1074;
    } else {
        m |= 1ULL << 52;
        e = be - 1075;
    }
    dec->n = 0;
    dec->exp = 1;
    if (m == 0)
        return;
    while (!(m & 1)) {
        m >>= 1;
        e++;
    }
    uint32_t limb[MAX_LIMBS];
    int nl = 0;
    while (m) {
        limb[nl++] = (uint32_t)(m % LIMB_BASE);
        m /= LIMB_BASE;
    }
    if (e > 0) {
        int k = e;
        for (; k >= 29; k -= 29)
            nl = limbs_mul(limb, nl, 1u << 29);
        if (k)
            nl = limbs_mul(limb, nl, 1u << k);
    } else if (e < 0) {
        int k = -e;
        for (; k >= 13; k -= 13)
            nl = limbs_mul(limb, nl, 1220703125u); /* 5^13 */
        uint32_t p = 1;
        for (; k > 0; k--)
            p *= 5;
        nl = limbs_mul(limb, nl, p);
    }
    /* Most significant limb without leading zeros, then 9 digits each. */
    int n = 0;
    char top[10];
    int nt = 0;
    for (uint32_t v = limb[nl - 1]; v; v /= 10)
        top[nt++] = (char)(v % 10);
    while (nt > 0)
        dec->d[n++] = (unsigned char)top[--nt];
    for (int i = nl - 2; i >= 0; i--) {
        uint32_t v = limb[i];
        for (int j = 8; j >= 0; j--) {
            dec->d[n + j] = (unsigned char)(v % 10);
            v /= 10;
        }
        n += 9;
    }
    dec->n = n;
    dec->exp = e < 0 ? n + e : n;
    strip_zeros(dec);
}

/* Rounds to `keep` significant digits (keep may be <= 0), half-even. */
static void decimal_round(Decimal *dec, int keep)
{
    if (keep >= dec->n)
        return;
    if (keep < 0) {
        dec->n = 0;
        return;
    }
    int r = dec->d[keep];
    int up;
    if (r != 5)
        up = r > 5;
    else if (keep + 1 < dec->n)
        up = 1;
    else
        up = keep > 0 ? (dec->d[keep - 1] & 1) : 0;
    dec->n = keep;
    if (up) {
        int i = keep - 1;
        while (i >= 0 && dec->d[i] == 9)
            i--;
        if (i < 0) {
            dec->d[0] = 1;
            dec->n = 1;
            dec->exp++;
        } else {
            dec->d[i]++;
            dec->n = i + 1;
        }
    } else {
        strip_zeros(dec);
    }
}

/* Writes the digits at positions [from, from + count), zeros outside. */
static void put_digits(__LibcSink *sink, const Decimal *dec, int from, long count)
{
    char buf[64];
    int nb = 0;
    for (long i = 0; i < count; i++) {
        long k = from + i;
        buf[nb++] = (char)('0' + (k >= 0 && k < dec->n ? dec->d[k] : 0));
        if (nb == (int)sizeof buf) {
            put(sink, buf, (size_t)nb);
            nb = 0;
        }
    }
    put(sink, buf, (size_t)nb);
}

/* Sign and padding around a number body of `body` characters; the body is
 * written by the caller between fmt_open and fmt_close. */
static long fmt_open(__LibcSink *sink, const Spec *s, char sign, long body)
{
    long total = body + (sign ? 1 : 0);
    long fill = s->width > total ? s->width - total : 0;
    if (!(s->flags & F_MINUS) && !(s->flags & F_ZERO))
        pad(sink, ' ', fill);
    if (sign)
        put(sink, &sign, 1);
    if (!(s->flags & F_MINUS) && (s->flags & F_ZERO))
        pad(sink, '0', fill);
    return fill;
}

static void fmt_close(__LibcSink *sink, const Spec *s, long fill)
{
    if (s->flags & F_MINUS)
        pad(sink, ' ', fill);
}

static char exp_buf_fill(char *buf, int x, int min_digits)
{
    /* "+dd" or "-ddd": at least min_digits digits. */
    char t[8];
    int n = 0, i = 0;
    buf[i++] = x < 0 ? '-' : '+';
    unsigned v = (unsigned)(x < 0 ? -x : x);
    do {
        t[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < min_digits)
        t[n++] = '0';
    while (n > 0)
        buf[i++] = t[--n];
    buf[i] = '\0';
    return (char)i;
}

/* %f body: rounded dec with precision prec. */
static void body_f(__LibcSink *sink, const Decimal *dec, int prec, int alt, long *len, int emit)
{
    long nint = dec->n > 0 && dec->exp > 0 ? dec->exp : 1;
    long total = nint + ((prec > 0 || alt) ? 1 : 0) + prec;
    if (len)
        *len = total;
    if (!emit)
        return;
    if (dec->n > 0 && dec->exp > 0)
        put_digits(sink, dec, 0, dec->exp);
    else
        put(sink, "0", 1);
    if (prec > 0 || alt)
        put(sink, ".", 1);
    put_digits(sink, dec, dec->n > 0 ? dec->exp : 0, prec);
}

/* %e body. */
static void body_e(__LibcSink *sink, const Decimal *dec, int prec, int alt, char e, long *len,
                   int emit)
{
    char xb[8];
    int x = dec->n > 0 ? dec->exp - 1 : 0;
    int nx = exp_buf_fill(xb, x, 2);
    if (len)
        *len = 1 + ((prec > 0 || alt) ? 1 : 0) + prec + 1 + nx;
    if (!emit)
        return;
    put_digits(sink, dec, 0, 1);
    if (prec > 0 || alt)
        put(sink, ".", 1);
    put_digits(sink, dec, 1, prec);
    put(sink, &e, 1);
    put(sink, xb, (size_t)nx);
}

static void fmt_hex_float(__LibcSink *sink, const Spec *s, double x, char sign);

static void fmt_float(__LibcSink *sink, const Spec *s, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int upper = s->conv == 'F' || s->conv == 'E' || s->conv == 'G' || s->conv == 'A';
    char sign = 0;
    if (bits >> 63)
        sign = '-';
    else if (s->flags & F_PLUS)
        sign = '+';
    else if (s->flags & F_SPACE)
        sign = ' ';
    if (((bits >> 52) & 0x7ff) == 0x7ff) {
        const char *t = (bits & 0xfffffffffffffULL) ? (upper ? "NAN" : "nan")
                                                     : (upper ? "INF" : "inf");
        char buf[5];
        int n = 0;
        if (sign)
            buf[n++] = sign;
        memcpy(buf + n, t, 3);
        Spec sp = *s;
        sp.flags &= ~F_ZERO;
        fmt_text(sink, &sp, buf, (size_t)n + 3);
        return;
    }
    if (s->conv == 'a' || s->conv == 'A') {
        fmt_hex_float(sink, s, x, sign);
        return;
    }
    if (sign == '-')
        x = -x;
    Decimal dec;
    decimal_of(x, &dec);
    int prec = s->prec < 0 ? 6 : s->prec;
    int alt = (s->flags & F_ALT) != 0;
    char e = upper ? 'E' : 'e';
    long len = 0, fill;
    switch (s->conv) {
    case 'f': case 'F':
        decimal_round(&dec, dec.exp + prec);
        body_f(sink, &dec, prec, alt, &len, 0);
        fill = fmt_open(sink, s, sign, len);
        body_f(sink, &dec, prec, alt, NULL, 1);
        fmt_close(sink, s, fill);
        return;
    case 'e': case 'E':
        decimal_round(&dec, prec + 1);
        body_e(sink, &dec, prec, alt, e, &len, 0);
        fill = fmt_open(sink, s, sign, len);
        body_e(sink, &dec, prec, alt, e, NULL, 1);
        fmt_close(sink, s, fill);
        return;
    default: { /* g G */
        int p = prec == 0 ? 1 : prec;
        int xbefore = dec.n > 0 ? dec.exp - 1 : 0;
        decimal_round(&dec, p);
        int xexp = dec.n > 0 ? dec.exp - 1 : 0;
        if (p > xexp && xexp >= -4) {
            int fp = p - 1 - xexp;
            if (!alt) {
                int shown = dec.n > 0 ? dec.n - dec.exp : 0;
                if (shown < fp)
                    fp = shown > 0 ? shown : 0;
            }
            body_f(sink, &dec, fp, alt, &len, 0);
            fill = fmt_open(sink, s, sign, len);
            body_f(sink, &dec, fp, alt, NULL, 1);
        } else {
            int ep = p - 1;
            /* glibc quirk, kept for identical output: when rounding carries
             * a number from %f style (by its exponent before rounding) into
             * %e style, '#' shows no fraction digits ("1.e+06"). */
            if (alt && p > xbefore && xbefore >= -4)
                ep = 0;
            if (!alt && dec.n - 1 < ep)
                ep = dec.n > 1 ? dec.n - 1 : 0;
            body_e(sink, &dec, ep, alt, e, &len, 0);
            fill = fmt_open(sink, s, sign, len);
            body_e(sink, &dec, ep, alt, e, NULL, 1);
        }
        fmt_close(sink, s, fill);
        return;
    }
    }
}

/* %a: 0x1.hhhp+d for normal numbers, 0x0.hhhp-1022 for subnormals. */
static void fmt_hex_float(__LibcSink *sink, const Spec *s, double x, char sign)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int be = (int)((bits >> 52) & 0x7ff);
    uint64_t frac = bits & 0xfffffffffffffULL;
    int lead, exp;
    if (be == 0) {
        lead = 0;
        exp = frac ? -1022 : 0;
    } else {
        lead = 1;
        exp = be - 1023;
    }
    int upper = s->conv == 'A';
    const char *xdig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int prec = s->prec;
    int nd;
    if (prec < 0) {
        nd = 13;
        while (nd > 0 && ((frac >> (4 * (13 - nd))) & 0xf) == 0)
            nd--;
    } else if (prec < 13) {
        int shift = 52 - 4 * prec;
        uint64_t rem = frac & ((1ULL << shift) - 1);
        uint64_t half = 1ULL << (shift - 1);
        frac >>= shift;
        uint64_t low = prec > 0 ? frac : (uint64_t)lead;
        if (rem > half || (rem == half && (low & 1))) {
            frac++;
            if (prec == 0 || frac >> (4 * prec)) {
                frac = prec == 0 ? 0 : frac & ((1ULL << (4 * prec)) - 1);
                lead++;
            }
        }
        frac <<= shift;
        nd = prec;
    } else {
        nd = prec;
    }
    char body[40];
    int n = 0;
    body[n++] = '0';
    body[n++] = upper ? 'X' : 'x';
    int prefix_len = n;
    body[n++] = (char)('0' + lead);
    if (nd > 0 || (s->flags & F_ALT))
        body[n++] = '.';
    int ndig = nd < 13 ? nd : 13;
    for (int i = 0; i < ndig; i++)
        body[n++] = xdig[(frac >> (48 - 4 * i)) & 0xf];
    long extra_zeros = nd > 13 ? nd - 13 : 0;
    char xb[8];
    int nx = exp_buf_fill(xb, exp, 1);
    long total = (sign ? 1 : 0) + n + extra_zeros + 1 + nx;
    long fill = s->width > total ? s->width - total : 0;
    if (!(s->flags & F_MINUS) && !(s->flags & F_ZERO))
        pad(sink, ' ', fill);
    if (sign)
        put(sink, &sign, 1);
    put(sink, body, (size_t)prefix_len);
    if (!(s->flags & F_MINUS) && (s->flags & F_ZERO))
        pad(sink, '0', fill);
    put(sink, body + prefix_len, (size_t)(n - prefix_len));
    pad(sink, '0', extra_zeros);
    put(sink, upper ? "P" : "p", 1);
    put(sink, xb, (size_t)nx);
    if (s->flags & F_MINUS)
        pad(sink, ' ', fill);
}

/* ---------------------------------------------------------- the engine */

static int store_count(void *p, int len, long count)
{
    switch (len) {
    case L_HH: *(signed char *)p = (signed char)count; break;
    case L_H: *(short *)p = (short)count; break;
    case L_L: case L_LL: case L_J: case L_Z: case L_T: case L_BIGL: *(long *)p = count; break;
    default: *(int *)p = (int)count; break;
    }
    return 0;
}

/* %lc and %ls: the "C" locale converts only ASCII. */
static int put_wide(__LibcSink *sink, const Spec *s, const wchar_t *ws, size_t wn)
{
    char buf[256];
    size_t n = 0;
    size_t limit = s->prec >= 0 ? (size_t)s->prec : (size_t)-1;
    for (size_t i = 0; i < wn && n < limit && n < sizeof buf; i++) {
        if (ws[i] < 0 || ws[i] > 0x7f) {
            errno = EILSEQ;
            return -1;
        }
        buf[n++] = (char)ws[i];
    }
    fmt_text(sink, s, buf, n);
    return 0;
}

/* The end of a format: flush, and the count or -1. */
static int finish(__LibcSink *sink, int result)
{
    __libc_sink_flush(sink);
    if (result < 0)
        return -1;
    if (sink->error)
        return -1;
    if (sink->len > INT_MAX) {
        errno = EOVERFLOW;
        return -1;
    }
    return (int)sink->len;
}

/* Everything from the first conversion the fast loop does not handle. */
static int vformat_general(__LibcSink *sink, const char *fmt, va_list ap)
{
    Args args;
    va_copy(args.ap, ap);
    args.positional = 0;
    args.next = 1;
    args.vals = NULL;
    args.nvals = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
            int pos;
            read_pos(p + 1, &pos);
            if (pos) {
                args.positional = 1;
                if (fetch_positional(&args, fmt) < 0) {
                    va_end(args.ap);
                    return -1;
                }
                args.vals[0].l = 0;
                break;
            }
        }
    }

    int result = 0;
    const char *p = fmt;
    while (*p) {
        if (*p != '%') {
            const char *q = p;
            while (*q && *q != '%')
                q++;
            put(sink, p, (size_t)(q - p));
            p = q;
            continue;
        }
        const char *start = p;
        Spec s;
        const char *q = parse_spec(p + 1, &s);
        if (!q) {
            /* The format ends inside a specification: glibc fails. */
            (void)start;
            errno = EINVAL;
            result = -1;
            break;
        }
        p = q;
        if (s.width_arg >= 0) {
            long w = get_int(&args, s.width_arg);
            if (w < 0) {
                s.flags |= F_MINUS;
                w = -w;
            }
            if (w > INT_MAX)
                s.overflow = 1;
            else
                s.width = (int)w;
        }
        if (s.prec_arg >= 0) {
            long pr = get_int(&args, s.prec_arg);
            s.prec = pr < 0 ? -1 : (int)pr;
        }
        if (s.overflow) {
            errno = EOVERFLOW;
            result = -1;
            break;
        }
        switch (s.conv) {
        case 'd': case 'i': {
            long v;
            if (s.len == L_NONE || s.len == L_H || s.len == L_HH) {
                v = get_int(&args, s.argpos);
                if (s.len == L_H)
                    v = (short)v;
                else if (s.len == L_HH)
                    v = (signed char)v;
            } else {
                v = get_long(&args, s.argpos);
            }
            unsigned long u = v < 0 ? 0 - (unsigned long)v : (unsigned long)v;
            fmt_int(sink, &s, u, v < 0, 1);
            break;
        }
        case 'o': case 'u': case 'x': case 'X': case 'b': case 'B': {
            unsigned long u;
            if (s.len == L_NONE || s.len == L_H || s.len == L_HH) {
                u = (unsigned int)get_int(&args, s.argpos);
                if (s.len == L_H)
                    u = (unsigned short)u;
                else if (s.len == L_HH)
                    u = (unsigned char)u;
            } else {
                u = (unsigned long)get_long(&args, s.argpos);
            }
            fmt_int(sink, &s, u, 0, 0);
            break;
        }
        case 'p': {
            void *ptr = get_ptr(&args, s.argpos);
            if (!ptr) {
                Spec sp = s;
                sp.prec = -1;
                fmt_text(sink, &sp, "(nil)", 5);
            } else {
                Spec sp = s;
                sp.flags |= F_ALT;
                fmt_int(sink, &sp, (unsigned long)(uintptr_t)ptr, 0, 1);
            }
            break;
        }
        case 'c': {
            long c = get_int(&args, s.argpos);
            if (s.len == L_L) {
                wchar_t wc = (wchar_t)c;
                Spec sp = s;
                sp.prec = -1;
                if (put_wide(sink, &sp, &wc, 1) < 0) {
                    result = -1;
                    goto done;
                }
            } else {
                char ch = (char)c;
                fmt_text(sink, &s, &ch, 1);
            }
            break;
        }
        case 's': {
            const char *str = get_ptr(&args, s.argpos);
            if (!str) {
                if (s.prec < 0 || s.prec >= 6)
                    fmt_text(sink, &s, "(null)", 6);
                else
                    fmt_text(sink, &s, "", 0);
            } else if (s.len == L_L) {
                const wchar_t *ws = (const wchar_t *)str;
                size_t wn = 0;
                while (ws[wn] && (s.prec < 0 || wn < (size_t)s.prec))
                    wn++;
                if (put_wide(sink, &s, ws, wn) < 0) {
                    result = -1;
                    goto done;
                }
            } else {
                size_t n = s.prec >= 0 ? strnlen(str, (size_t)s.prec) : strlen(str);
                fmt_text(sink, &s, str, n);
            }
            break;
        }
        case 'm': {
            const char *msg = strerror(errno);
            size_t n = s.prec >= 0 ? strnlen(msg, (size_t)s.prec) : strlen(msg);
            fmt_text(sink, &s, msg, n);
            break;
        }
        case 'n': {
            void *ptr = get_ptr(&args, s.argpos);
            store_count(ptr, s.len, (long)sink->len);
            break;
        }
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
            fmt_float(sink, &s, get_dbl(&args, s.argpos, s.len == L_BIGL));
            break;
        case '%':
            put(sink, "%", 1);
            break;
        default:
            /* Unknown conversion: glibc prints the specification as is. */
            put(sink, start, (size_t)(p - start));
            break;
        }
    }
done:
    va_end(args.ap);
    free(args.vals);
    return finish(sink, result);
}

/*
 * The common conversions (%d %i %u %x %X %s %c %%, %ld %lu %lx %zu) without
 * flags, width or precision go straight to the sink; the first other one
 * hands the rest of the format and the arguments to vformat_general.  A
 * positional format ("%1$d") has a positional first conversion, so it gets
 * there before any argument is taken.
 */
int __libc_vformat(__LibcSink *sink, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    const char *p = fmt;
    for (;;) {
        const char *q = p;
        char ch;
        while ((ch = *q) != '%' && ch)
            q++;
        if (q != p)
            put(sink, p, (size_t)(q - p));
        if (!*q)
            break;
        char c = q[1];
        p = q + 2;
        if (c == 'l' || c == 'z') {
            c = q[2];
            if (c == 'd' || c == 'i') {
                long v = va_arg(aq, long);
                put_uint(sink, v < 0 ? 0 - (unsigned long)v : (unsigned long)v, v < 0, 'd');
            } else if (c == 'u' || c == 'x' || c == 'X') {
                put_uint(sink, va_arg(aq, unsigned long), 0, c);
            } else {
                int r = vformat_general(sink, q, aq);
                va_end(aq);
                return r;
            }
            p = q + 3;
        } else if (c == 'd' || c == 'i') {
            int v = va_arg(aq, int);
            put_uint(sink, v < 0 ? 0 - (unsigned long)v : (unsigned long)v, v < 0, 'd');
        } else if (c == 'u' || c == 'x' || c == 'X') {
            put_uint(sink, va_arg(aq, unsigned int), 0, c);
        } else if (c == 's') {
            const char *str = va_arg(aq, const char *);
            if (!str)
                str = "(null)";
            put(sink, str, (size_t)__host_strlen(str));
        } else if (c == 'c') {
            char ch = (char)va_arg(aq, int);
            char *d = reserve(sink, 1);
            if (d)
                *d = ch;
            else
                sink->len++;
        } else if (c == '%') {
            put(sink, "%", 1);
        } else {
            int r = vformat_general(sink, q, aq);
            va_end(aq);
            return r;
        }
    }
    va_end(aq);
    return finish(sink, 0);
}
