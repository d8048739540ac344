/*
 * literal.c - the parser's conversion of literal spellings: integer and
 * floating constants (C11 6.4.4.1 types, hex floats), character constants
 * (gcc's multi-character values) and string literals (escapes, adjacent
 * concatenation, L/u/U/u8 encodings).
 *
 * Narrow strings keep source bytes as they are and encode \u and \U escapes
 * as UTF-8; wide strings decode the UTF-8 source into code points (UTF-16
 * with surrogate pairs for u"").  Octal and hex escapes give a code unit
 * value unchanged.  Everything malformed is a diagnostic, never a crash.
 */
#include "frontend-c/cc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------------------- numbers */

static bool is_float_spelling(const char *p, int len)
{
    bool hex = len > 1 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
    for (int i = 0; i < len; i++) {
        char c = p[i];
        if (c == '.')
            return true;
        if (hex && (c == 'p' || c == 'P'))
            return true;
        if (!hex && (c == 'e' || c == 'E'))
            return true;
    }
    return false;
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

static FcNode *parse_float(const FcToken *tok)
{
    char *s = fc_strndup(tok->loc, tok->len);
    int len = tok->len;
    FcType *ty = fc__ty_double;
    if (len > 0 && (s[len - 1] == 'f' || s[len - 1] == 'F')) {
        ty = fc__ty_float;
        s[--len] = '\0';
    } else if (len > 0 && (s[len - 1] == 'l' || s[len - 1] == 'L')) {
        ty = fc__ty_ldouble;
        s[--len] = '\0';
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end != s + len || len == 0)
        fc_error_at(tok, "invalid suffix \"%s\" on floating constant", end);
    FcNode *n = fc__new_num(0, ty, tok);
    n->fval = ty == fc__ty_float ? (double)(float)v : v;
    return n;
}

FcNode *fc__parse_number(const FcToken *tok)
{
    const char *p = tok->loc;
    int len = tok->len;
    if (is_float_spelling(p, len))
        return parse_float(tok);

    int base = 10, i = 0;
    if (len > 1 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        i = 2;
    } else if (len > 1 && p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) {
        base = 2;
        i = 2;
    } else if (p[0] == '0') {
        base = 8;
    }
    uint64_t val = 0;
    bool overflow = false;
    int start = i;
    for (; i < len && digit_value(p[i]) < base; i++) {
        uint64_t d = (uint64_t)digit_value(p[i]);
        if (val > (UINT64_MAX - d) / (uint64_t)base)
            overflow = true;
        val = val * (uint64_t)base + d;
    }
    if (i == start && base != 8)
        fc_error_at(tok, "invalid integer constant '%.*s'", len, p);
    if (base == 8 && i < len && p[i] >= '8' && p[i] <= '9')
        fc_error_at(tok, "invalid digit \"%c\" in octal constant", p[i]);

    /* suffix */
    bool u = false;
    int l = 0;
    const char *suf = p + i;
    int slen = len - i;
    for (int k = 0; k < slen;) {
        if ((suf[k] == 'u' || suf[k] == 'U') && !u) {
            u = true;
            k++;
        } else if ((suf[k] == 'l' || suf[k] == 'L') && l == 0) {
            if (k + 1 < slen && suf[k + 1] == suf[k]) {
                l = 2;
                k += 2;
            } else {
                l = 1;
                k++;
            }
        } else {
            fc_error_at(tok, "invalid suffix \"%.*s\" on integer constant", slen, suf);
        }
    }
    if (overflow)
        fc_error_at(tok, "integer constant is too large for its type");

    FcType *ty;
    bool dec = base == 10;
    if (u) {
        if (l == 0 && val <= UINT32_MAX)
            ty = fc__ty_uint;
        else
            ty = l == 2 ? fc__ty_ullong : fc__ty_ulong;
    } else if (l == 0) {
        if (val <= INT32_MAX)
            ty = fc__ty_int;
        else if (!dec && val <= UINT32_MAX)
            ty = fc__ty_uint;
        else if (val <= INT64_MAX)
            ty = fc__ty_long;
        else
            ty = fc__ty_ulong;
    } else {
        FcType *s = l == 2 ? fc__ty_llong : fc__ty_long;
        FcType *us = l == 2 ? fc__ty_ullong : fc__ty_ulong;
        ty = val <= INT64_MAX ? s : us;
    }
    if (dec && !u && val > INT64_MAX && fc_warnings_enabled)
        fc_warn_at(tok, "integer constant is so large that it is unsigned");
    return fc__new_num((int64_t)val, ty, tok);
}

/* ------------------------------------------------------- escapes, UTF-8 */

/* Decodes one UTF-8 sequence at *p (advancing); bad bytes decode as themselves. */
static uint32_t decode_utf8(const char **p, const char *end)
{
    const unsigned char *s = (const unsigned char *)*p;
    uint32_t c = s[0];
    int n = c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xc0 && c < 0xe0 ? 1 : 0;
    if (n == 0 || (const char *)s + n >= end) {
        /* ASCII, a stray continuation byte, or a truncated sequence */
        (*p)++;
        return c;
    }
    uint32_t v = c & (0x3f >> n);
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            (*p)++;
            return c;
        }
        v = (v << 6) | (s[i] & 0x3f);
    }
    *p += n + 1;
    return v;
}

static int encode_utf8(uint8_t *buf, uint32_t c)
{
    if (c < 0x80) {
        buf[0] = (uint8_t)c;
        return 1;
    }
    if (c < 0x800) {
        buf[0] = (uint8_t)(0xc0 | (c >> 6));
        buf[1] = (uint8_t)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        buf[0] = (uint8_t)(0xe0 | (c >> 12));
        buf[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
        buf[2] = (uint8_t)(0x80 | (c & 0x3f));
        return 3;
    }
    buf[0] = (uint8_t)(0xf0 | (c >> 18));
    buf[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3f));
    buf[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
    buf[3] = (uint8_t)(0x80 | (c & 0x3f));
    return 4;
}

/*
 * Reads one character of a literal body at *p: an escape or a source
 * character.  *is_cp says whether the value is a code point (a \u escape or
 * a decoded source character, when `decode` is set) rather than a raw code
 * unit value.
 */
static uint32_t read_char(const FcToken *tok, const char **p, const char *end, bool decode,
                          bool *is_cp)
{
    const char *s = *p;
    *is_cp = false;
    if (*s != '\\') {
        if (decode) {
            *is_cp = true;
            return decode_utf8(p, end);
        }
        (*p)++;
        return (unsigned char)*s;
    }
    s++;
    if (s >= end)
        fc_error_at(tok, "incomplete escape sequence");
    char c = *s++;
    uint32_t v;
    switch (c) {
    case 'a': v = 7; break;
    case 'b': v = 8; break;
    case 'f': v = 12; break;
    case 'n': v = 10; break;
    case 'r': v = 13; break;
    case 't': v = 9; break;
    case 'v': v = 11; break;
    case 'e': case 'E': v = 27; break;
    case '\\': case '\'': case '"': case '?': v = (unsigned char)c; break;
    case 'x': {
        if (s >= end || digit_value(*s) >= 16)
            fc_error_at(tok, "\\x used with no following hex digits");
        uint64_t x = 0;
        while (s < end && digit_value(*s) < 16) {
            x = x * 16 + (uint64_t)digit_value(*s++);
            if (x > 0xffffffffu)
                fc_error_at(tok, "hex escape sequence out of range");
        }
        v = (uint32_t)x;
        break;
    }
    case 'u': case 'U': {
        int n = c == 'u' ? 4 : 8;
        uint32_t x = 0;
        for (int i = 0; i < n; i++) {
            if (s >= end || digit_value(*s) >= 16)
                fc_error_at(tok, "incomplete universal character name");
            x = x * 16 + (uint32_t)digit_value(*s++);
        }
        if (x > 0x10ffff || (x >= 0xd800 && x <= 0xdfff))
            fc_error_at(tok, "\\%c%.*s is not a valid universal character", c, n, s - n);
        v = x;
        *is_cp = true;
        break;
    }
    default:
        if (c >= '0' && c <= '7') {
            v = (uint32_t)(c - '0');
            for (int i = 0; i < 2 && s < end && *s >= '0' && *s <= '7'; i++)
                v = v * 8 + (uint32_t)(*s++ - '0');
        } else {
            if (fc_warnings_enabled)
                fc_warn_at(tok, "unknown escape sequence: '\\%c'", c);
            v = (unsigned char)c;
        }
    }
    *p = s;
    return v;
}

/* ------------------------------------------------------------ characters */

FcNode *fc__parse_char(const FcToken *tok)
{
    const char *p = tok->loc, *end = tok->loc + tok->len;
    FcType *ty = fc__ty_int;
    int kind = 0; /* 0 narrow, 'L', 'u', 'U' */
    if (*p == 'L' || *p == 'U') {
        kind = *p++;
        ty = kind == 'L' ? fc__ty_int : fc__ty_uint;
    } else if (p[0] == 'u' && p[1] == '8') {
        p += 2;
        ty = fc__ty_uchar;
    } else if (*p == 'u') {
        kind = *p++;
        ty = fc__ty_ushort;
    }
    if (*p != '\'' || end - p < 2 || end[-1] != '\'')
        fc_error_at(tok, "malformed character constant");
    p++;
    end--;
    if (p == end)
        fc_error_at(tok, "empty character constant");
    int64_t val = 0;
    int count = 0;
    while (p < end) {
        bool is_cp;
        uint32_t c = read_char(tok, &p, end, kind != 0, &is_cp);
        if (kind == 0) {
            if (is_cp) {
                /* a universal character in a narrow constant: its UTF-8 bytes */
                uint8_t buf[4];
                int n = encode_utf8(buf, c);
                for (int i = 0; i < n; i++)
                    val = (int64_t)(uint32_t)((uint32_t)val << 8 | buf[i]), count++;
                continue;
            }
            if (c > 0xff)
                fc_error_at(tok, "escape sequence out of range");
            if (count == 0)
                val = (int8_t)(uint8_t)c;
            else
                val = (int64_t)(uint32_t)((uint32_t)val << 8 | c);
            count++;
        } else {
            if (count == 0)
                val = kind == 'u' ? (int64_t)(c & 0xffff) : (int64_t)(int32_t)c;
            count++;
        }
    }
    if (kind == 0 && count > 1) {
        if (count > 4 && fc_warnings_enabled)
            fc_warn_at(tok, "character constant too long for its type");
        else if (fc_warnings_enabled)
            fc_warn_at(tok, "multi-character character constant");
        val = (int32_t)(uint32_t)val;
    } else if (kind != 0 && count > 1 && fc_warnings_enabled) {
        fc_warn_at(tok, "character constant too long for its type");
    }
    if (ty == fc__ty_uchar)
        ty = fc__ty_int, val = (uint8_t)val;
    return fc__new_num(val, ty, tok);
}

/* --------------------------------------------------------------- strings */

typedef struct Buf {
    uint8_t *data;
    int64_t len, cap; /* in bytes */
} Buf;

static void put(Buf *b, uint32_t unit, int size)
{
    if (b->len + size > b->cap) {
        int64_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + size)
            cap *= 2;
        uint8_t *d = fc_alloc((size_t)cap);
        if (b->len)
            memcpy(d, b->data, (size_t)b->len);
        b->data = d;
        b->cap = cap;
    }
    for (int i = 0; i < size; i++)
        b->data[b->len++] = (uint8_t)(unit >> (8 * i));
}

static int prefix_of(const FcToken *t, int *skip)
{
    const char *p = t->loc;
    if (p[0] == 'u' && p[1] == '8') {
        *skip = 2;
        return '8';
    }
    if (*p == 'L' || *p == 'u' || *p == 'U') {
        *skip = 1;
        return *p;
    }
    *skip = 0;
    return 0;
}

FcString fc__parse_string(const FcToken **ptok)
{
    const FcToken *first = *ptok, *t;
    int kind = 0;
    for (t = first; t->kind == FC_TK_STR; t = t->next) {
        int skip, k = prefix_of(t, &skip);
        if (k == '8')
            k = 0;
        if (k && kind && k != kind)
            fc_error_at(t, "unsupported non-standard concatenation of string literals");
        if (k)
            kind = k;
    }
    int size = kind == 0 ? 1 : kind == 'u' ? 2 : 4;
    Buf b = {0};
    for (t = first; t->kind == FC_TK_STR; t = t->next) {
        int skip;
        prefix_of(t, &skip);
        const char *p = t->loc + skip, *end = t->loc + t->len;
        if (*p != '"' || end - p < 2 || end[-1] != '"')
            fc_error_at(t, "malformed string literal");
        p++;
        end--;
        while (p < end) {
            bool is_cp;
            uint32_t c = read_char(t, &p, end, kind != 0, &is_cp);
            if (size == 1) {
                if (is_cp) {
                    uint8_t buf[4];
                    int n = encode_utf8(buf, c);
                    for (int i = 0; i < n; i++)
                        put(&b, buf[i], 1);
                } else {
                    if (c > 0xff)
                        fc_error_at(t, "escape sequence out of range");
                    put(&b, c, 1);
                }
            } else if (size == 2) {
                if (is_cp && c >= 0x10000) {
                    c -= 0x10000;
                    put(&b, 0xd800 + (c >> 10), 2);
                    put(&b, 0xdc00 + (c & 0x3ff), 2);
                } else {
                    if (c > 0xffff)
                        fc_error_at(t, "escape sequence out of range");
                    put(&b, c, 2);
                }
            } else {
                put(&b, c, 4);
            }
        }
    }
    put(&b, 0, size);
    *ptok = t;
    FcString s;
    s.data = b.data;
    s.len = b.len / size;
    s.elem = kind == 0 ? fc__ty_char : kind == 'u' ? fc__ty_ushort : kind == 'U' ? fc__ty_uint
                                                                                 : fc__ty_int;
    return s;
}
