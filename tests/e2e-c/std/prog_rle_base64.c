/* Run-length encoding and Base64 encode/decode round trips. */
#include <stdio.h>
#include <string.h>

static size_t rle_encode(const char *in, char *out)
{
    size_t o = 0;
    for (size_t i = 0; in[i];) {
        size_t j = i;
        while (in[j] == in[i] && j - i < 9)
            j++;
        out[o++] = (char)('0' + (j - i));
        out[o++] = in[i];
        i = j;
    }
    out[o] = 0;
    return o;
}

static size_t rle_decode(const char *in, char *out)
{
    size_t o = 0;
    for (size_t i = 0; in[i] && in[i + 1]; i += 2)
        for (int k = 0; k < in[i] - '0'; k++)
            out[o++] = in[i + 1];
    out[o] = 0;
    return o;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t b64_encode(const unsigned char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = in[i] << 16;
        if (i + 1 < n)
            v |= in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        out[o++] = b64[(v >> 18) & 63];
        out[o++] = b64[(v >> 12) & 63];
        out[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? b64[v & 63] : '=';
    }
    out[o] = 0;
    return o;
}

static int b64_value(char c)
{
    const char *p = strchr(b64, c);
    return c && p ? (int)(p - b64) : -1;
}

static long b64_decode(const char *in, unsigned char *out)
{
    size_t n = strlen(in), o = 0;
    if (n % 4)
        return -1;
    for (size_t i = 0; i < n; i += 4) {
        int v[4];
        for (int k = 0; k < 4; k++)
            v[k] = in[i + k] == '=' ? 0 : b64_value(in[i + k]);
        if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0)
            return -1;
        unsigned w = (unsigned)v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3];
        out[o++] = (unsigned char)(w >> 16);
        if (in[i + 2] != '=')
            out[o++] = (unsigned char)(w >> 8);
        if (in[i + 3] != '=')
            out[o++] = (unsigned char)w;
    }
    return (long)o;
}

int main(void)
{
    const char *rle_in[] = { "", "a", "aaabccdddd", "WWWWWWWWWWWWBWWWWWWWWWWWWBBB", "abc" };
    for (int i = 0; i < 5; i++) {
        char enc[128], dec[128];
        size_t e = rle_encode(rle_in[i], enc);
        size_t d = rle_decode(enc, dec);
        printf("rle [%s] -> [%s] (%zu) -> ok %d (%zu)\n", rle_in[i], enc, e,
               strcmp(dec, rle_in[i]) == 0, d);
    }
    const char *texts[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar",
                            "Man is distinguished, not only by his reason" };
    for (int i = 0; i < 8; i++) {
        char enc[128];
        unsigned char dec[128];
        size_t n = strlen(texts[i]);
        b64_encode((const unsigned char *)texts[i], n, enc);
        long d = b64_decode(enc, dec);
        printf("b64 [%s] -> [%s] round trip %d\n", texts[i], enc,
               d == (long)n && memcmp(dec, texts[i], n) == 0);
    }
    unsigned char bin[256];
    for (int i = 0; i < 256; i++)
        bin[i] = (unsigned char)(255 - i);
    char enc[400];
    size_t e = b64_encode(bin, 256, enc);
    unsigned char back[256];
    long d = b64_decode(enc, back);
    printf("binary %zu %ld %d %.16s...%s\n", e, d, memcmp(bin, back, 256) == 0, enc,
           enc + e - 8);
    printf("bad %ld %ld\n", b64_decode("abc", back), b64_decode("ab!d", back));
    return 0;
}
