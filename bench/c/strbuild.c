/* String building: words made with strcpy/strcat and a hand-written integer-to-decimal
   conversion, compared with strcmp, appended to a realloc-grown buffer with memcpy;
   prints the lengths (strlen), hashes, and how many words sorted lower. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORDS 20000
#define ROUNDS 160

typedef struct { char *p; size_t len, cap; } Buf;

static unsigned long long seed = 12345;

static unsigned long long next_rand(void)
{
    seed = (seed * 1103515245ULL + 12345ULL) & 0x7fffffffULL;
    return seed;
}

static void buf_add(Buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        while (b->len + n + 1 > b->cap)
            b->cap = b->cap ? b->cap * 2 : 16;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* writes the decimal digits of v and a terminating NUL to out; returns the length */
static int utoa10(unsigned long long v, char *out)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
    return n;
}

int main(void)
{
    char word[64], prev[64], num[24];
    long long total_len = 0, hash_sum = 0, total_less = 0;
    for (int r = 0; r < ROUNDS; r++) {
        Buf b = {NULL, 0, 0};
        int less = 0;
        prev[0] = '\0';
        for (int i = 0; i < WORDS; i++) {
            unsigned long long v = next_rand();
            v >>= next_rand() % 24;
            strcpy(word, (v & 1) ? "key" : "k");
            utoa10(v, num);
            strcat(word, num);
            strcat(word, "=");
            utoa10((unsigned long long)i * (unsigned long long)(r + 1), num);
            strcat(word, num);
            strcat(word, ";");
            if (strcmp(word, prev) < 0)
                less++;
            strcpy(prev, word);
            buf_add(&b, word, strlen(word));
        }
        size_t len = strlen(b.p);
        unsigned int h = 0;
        for (size_t i = 0; i < len; i++)
            h = h * 31u + (unsigned char)b.p[i];
        if (r % 20 == 0)
            printf("round %d: len %d cap %d hash %08x less %d\n", r, (int)len, (int)b.cap, h, less);
        total_len += (long long)len;
        hash_sum += h;
        total_less += less;
        free(b.p);
    }
    printf("total len %lld hash sum %lld less %lld\n", total_len, hash_sum, total_less);
    return 0;
}
