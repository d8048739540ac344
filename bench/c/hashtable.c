/* Hash tables: open addressing with linear probing and tombstones for integer keys, and
   separate chaining with malloc'd nodes for string keys (char arrays, FNV-1a hash,
   strcmp); inserts, looks up and deletes keys from an LCG; prints counts and sums. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUNDS 6

static unsigned long long seed;

static unsigned long long next_rand(void)
{
    seed = (seed * 1103515245ULL + 12345ULL) & 0x7fffffffULL;
    return seed;
}

/* ---- integer keys, open addressing ---- */
#define IBITS 18
#define ISIZE (1 << IBITS)
#define IMASK (ISIZE - 1)
#define EMPTY (-1)
#define TOMB (-2)

static long long ikeys[ISIZE];
static long long ivals[ISIZE];

static int islot(long long k)
{
    return (int)(((unsigned long long)k * 2654435761ULL >> 7) & IMASK);
}

static int iinsert(long long k, long long v)
{
    int i = islot(k), tomb = -1;
    while (ikeys[i] != EMPTY) {
        if (ikeys[i] == k) { ivals[i] += v; return 0; }
        if (ikeys[i] == TOMB && tomb < 0) tomb = i;
        i = (i + 1) & IMASK;
    }
    if (tomb >= 0) i = tomb;
    ikeys[i] = k;
    ivals[i] = v;
    return 1;
}

static int ifind(long long k)
{
    int i = islot(k);
    while (ikeys[i] != EMPTY) {
        if (ikeys[i] == k) return i;
        i = (i + 1) & IMASK;
    }
    return -1;
}

static void int_table(int round)
{
    int added = 0, found = 0, deleted = 0, probes = 0;
    long long vsum = 0;
    for (int i = 0; i < ISIZE; i++) ikeys[i] = EMPTY;
    seed = 100 + round;
    for (int i = 0; i < 150000; i++)
        added += iinsert((long long)(next_rand() % 400000), i);
    seed = 200 + round;
    for (int i = 0; i < 300000; i++) {
        int s = ifind((long long)(next_rand() % 400000));
        if (s >= 0) { found++; vsum += ivals[s]; }
    }
    seed = 100 + round;
    for (int i = 0; i < 60000; i++) {
        int s = ifind((long long)(next_rand() % 400000));
        if (s >= 0) { ikeys[s] = TOMB; deleted++; }
    }
    seed = 300 + round;
    for (int i = 0; i < 100000; i++)
        added += iinsert((long long)(next_rand() % 400000), i);
    seed = 200 + round;
    for (int i = 0; i < 300000; i++) {
        int s = ifind((long long)(next_rand() % 400000));
        if (s >= 0) { found++; vsum += ivals[s]; }
    }
    for (int i = 0; i < ISIZE; i++)
        if (ikeys[i] >= 0) probes += (i - islot(ikeys[i])) & IMASK;
    printf("int round %d: added %d found %d deleted %d vsum %lld probes %d\n",
           round, added, found, deleted, vsum, probes);
}

/* ---- string keys, separate chaining ---- */
#define SBUCKETS 65536

typedef struct SNode {
    char key[16];
    long long val;
    struct SNode *next;
} SNode;

static SNode *buckets[SBUCKETS];

static unsigned int fnv1a(const char *s)
{
    unsigned int h = 2166136261u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

static void make_key(char *out, unsigned long long v)
{
    char tmp[24];
    int n = 0;
    do { tmp[n++] = (char)('a' + v % 26); v /= 26; } while (v);
    out[0] = 'k';
    out[1] = '_';
    for (int i = 0; i < n; i++) out[2 + i] = tmp[i];
    out[2 + n] = '\0';
}

static int sinsert(const char *k, long long v)
{
    unsigned int b = fnv1a(k) & (SBUCKETS - 1);
    for (SNode *n = buckets[b]; n; n = n->next)
        if (strcmp(n->key, k) == 0) { n->val += v; return 0; }
    SNode *n = malloc(sizeof(SNode));
    strcpy(n->key, k);
    n->val = v;
    n->next = buckets[b];
    buckets[b] = n;
    return 1;
}

static SNode *sfind(const char *k)
{
    for (SNode *n = buckets[fnv1a(k) & (SBUCKETS - 1)]; n; n = n->next)
        if (strcmp(n->key, k) == 0) return n;
    return NULL;
}

static int sdelete(const char *k)
{
    SNode **p = &buckets[fnv1a(k) & (SBUCKETS - 1)];
    for (; *p; p = &(*p)->next)
        if (strcmp((*p)->key, k) == 0) {
            SNode *n = *p;
            *p = n->next;
            free(n);
            return 1;
        }
    return 0;
}

static void string_table(int round)
{
    char key[16];
    int added = 0, found = 0, deleted = 0, left = 0, longest = 0;
    long long vsum = 0;
    seed = 400 + round;
    for (int i = 0; i < 100000; i++) {
        make_key(key, next_rand() % 200000);
        added += sinsert(key, i);
    }
    seed = 500 + round;
    for (int i = 0; i < 150000; i++) {
        make_key(key, next_rand() % 200000);
        SNode *n = sfind(key);
        if (n) { found++; vsum += n->val; }
    }
    seed = 400 + round;
    for (int i = 0; i < 50000; i++) {
        make_key(key, next_rand() % 200000);
        deleted += sdelete(key);
    }
    for (int b = 0; b < SBUCKETS; b++) {
        int len = 0;
        while (buckets[b]) {
            SNode *n = buckets[b];
            buckets[b] = n->next;
            vsum += n->val;
            free(n);
            len++;
        }
        left += len;
        if (len > longest) longest = len;
    }
    printf("str round %d: added %d found %d deleted %d left %d longest %d vsum %lld\n",
           round, added, found, deleted, left, longest, vsum);
}

int main(void)
{
    for (int r = 0; r < ROUNDS; r++) {
        int_table(r);
        string_table(r);
    }
    return 0;
}
