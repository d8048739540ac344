/* A backtracking regex matcher (. * + ? ^ $ [] classes, escapes) used like
 * grep, and an LZ77 compressor/decompressor with a hash chain, checked by a
 * round trip. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ regex */

static int match_here(const char *re, const char *text);

/* Length of the single-character item at re (a literal, '.', '\x' or a class). */
static int item_len(const char *re)
{
    if (re[0] == '\\')
        return re[1] ? 2 : 1;
    if (re[0] == '[') {
        int i = 1;
        if (re[i] == '^')
            i++;
        if (re[i] == ']')
            i++;
        while (re[i] && re[i] != ']')
            i++;
        return re[i] ? i + 1 : i;
    }
    return 1;
}

static int item_matches(const char *re, char c)
{
    if (!c)
        return 0;
    if (re[0] == '.')
        return 1;
    if (re[0] == '\\') {
        switch (re[1]) {
        case 'd': return c >= '0' && c <= '9';
        case 'w': return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                         (c >= '0' && c <= '9');
        case 's': return c == ' ' || c == '\t';
        default: return c == re[1];
        }
    }
    if (re[0] == '[') {
        int i = 1, neg = 0, hit = 0;
        if (re[i] == '^') {
            neg = 1;
            i++;
        }
        do {
            if (re[i + 1] == '-' && re[i + 2] && re[i + 2] != ']') {
                hit |= c >= re[i] && c <= re[i + 2];
                i += 3;
            } else {
                hit |= c == re[i];
                i++;
            }
        } while (re[i] && re[i] != ']');
        return hit != neg;
    }
    return c == re[0];
}

static int match_repeat(const char *item, int ilen, char op, const char *rest, const char *text)
{
    (void)ilen;
    int min = op == '+' ? 1 : 0, max = op == '?' ? 1 : 1 << 30;
    int n = 0;
    while (n < max && item_matches(item, text[n]))
        n++;
    for (; n >= min; n--) /* greedy, backtracking */
        if (match_here(rest, text + n))
            return 1;
    return 0;
}

static int match_here(const char *re, const char *text)
{
    if (!re[0])
        return 1;
    if (re[0] == '$' && !re[1])
        return !*text;
    int len = item_len(re);
    char op = re[len];
    if (op == '*' || op == '+' || op == '?')
        return match_repeat(re, len, op, re + len + 1, text);
    if (item_matches(re, *text))
        return match_here(re + len, text + 1);
    return 0;
}

static int match(const char *re, const char *text)
{
    if (re[0] == '^')
        return match_here(re + 1, text);
    do {
        if (match_here(re, text))
            return 1;
    } while (*text++);
    return 0;
}

/* ------------------------------------------------------------- LZ77 */

#define WINDOW 4096
#define MIN_MATCH 3
#define MAX_MATCH 18
#define HASH 1024

/* Output: flag bytes, each for 8 items; an item is a literal byte or a
 * 2-byte (offset 12 bits, length-3 4 bits) reference. */
static size_t compress(const unsigned char *in, size_t n, unsigned char *out)
{
    int head[HASH], *prev = malloc(n * sizeof *prev);
    for (int i = 0; i < HASH; i++)
        head[i] = -1;
    size_t o = 0, flagpos = 0, i = 0;
    int bit = 8;
    while (i < n) {
        if (bit == 8) {
            flagpos = o++;
            out[flagpos] = 0;
            bit = 0;
        }
        int best = 0, bestoff = 0;
        if (i + MIN_MATCH <= n) {
            unsigned h = (unsigned)(in[i] * 31 * 31 + in[i + 1] * 31 + in[i + 2]) % HASH;
            for (int c = head[h], tries = 0; c >= 0 && i - (size_t)c <= WINDOW && tries < 32;
                 c = prev[c], tries++) {
                int l = 0;
                while (l < MAX_MATCH && i + (size_t)l < n && in[c + l] == in[i + l])
                    l++;
                if (l > best) {
                    best = l;
                    bestoff = (int)(i - (size_t)c);
                }
            }
        }
        size_t step = best >= MIN_MATCH ? (size_t)best : 1;
        if (best >= MIN_MATCH) {
            out[flagpos] |= (unsigned char)(1 << bit);
            out[o++] = (unsigned char)((bestoff - 1) >> 4);
            out[o++] = (unsigned char)(((bestoff - 1) & 15) << 4 | (best - MIN_MATCH));
        } else {
            out[o++] = in[i];
        }
        for (size_t k = 0; k < step; k++, i++) {
            if (i + MIN_MATCH <= n) {
                unsigned h = (unsigned)(in[i] * 31 * 31 + in[i + 1] * 31 + in[i + 2]) % HASH;
                prev[i] = head[h];
                head[h] = (int)i;
            }
        }
        bit++;
    }
    free(prev);
    return o;
}

static size_t decompress(const unsigned char *in, size_t n, unsigned char *out)
{
    size_t i = 0, o = 0;
    while (i < n) {
        unsigned flags = in[i++];
        for (int bit = 0; bit < 8 && i < n; bit++) {
            if (flags & (1u << bit)) {
                int off = (in[i] << 4 | in[i + 1] >> 4) + 1, len = (in[i + 1] & 15) + MIN_MATCH;
                i += 2;
                for (int k = 0; k < len; k++, o++)
                    out[o] = out[o - (size_t)off];
            } else {
                out[o++] = in[i++];
            }
        }
    }
    return o;
}

int main(void)
{
    const char *lines[] = {
        "int main(void) { return 0; }", "  x = y + 42;", "foo_bar = 0x1F;",
        "// a comment line", "while (n-- > 0) p++;", "Total: 1234 items",
        "aaaaab", "colour", "color", "",
    };
    const char *pats[] = { "^int", "\\d+", "[a-z_]+ = ", ";$", "colou?r", "a*b",
                           "^[^ ]+$", "^$", "\\w+\\s*\\(", "x.*y" };
    for (size_t p = 0; p < sizeof pats / sizeof *pats; p++) {
        printf("%-12s:", pats[p]);
        for (size_t l = 0; l < sizeof lines / sizeof *lines; l++)
            if (match(pats[p], lines[l]))
                printf(" %zu", l);
        printf("\n");
    }

    size_t n = 0, cap = 1 << 16;
    unsigned char *text = malloc(cap);
    unsigned seed = 12345;
    const char *words[] = { "the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ",
                            "dog ", "and ", "runs ", "\n" };
    while (n + 8 < cap) {
        seed = seed * 1103515245u + 12345u;
        const char *w = words[(seed >> 16) % 11];
        size_t l = strlen(w);
        memcpy(text + n, w, l);
        n += l;
    }
    unsigned char *packed = malloc(n + n / 8 + 16), *back = malloc(n);
    size_t pn = compress(text, n, packed);
    size_t bn = decompress(packed, pn, back);
    printf("%zu -> %zu bytes (%.1f%%), round trip %s\n", n, pn, 100.0 * (double)pn / (double)n,
           bn == n && memcmp(text, back, n) == 0 ? "ok" : "FAILED");
    unsigned long sum = 0;
    for (size_t i = 0; i < pn; i++)
        sum = sum * 31 + packed[i];
    printf("checksum %lu\n", sum);
    free(text);
    free(packed);
    free(back);
    return 0;
}
