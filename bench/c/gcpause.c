/* Collector pauses on a ~100 MB live heap: two million 48-byte records
 * reachable from one table, then churn (records replaced at random, short
 * lived temporaries), so that minor and major collections both run with the
 * whole heap live.  `firvm --stats` reports the pauses (bench/gcpause.sh). */
#include <stdio.h>
#include <stdlib.h>

typedef struct Rec {
    struct Rec *next;
    long key;
    long val[4];
} Rec;

enum { N = 2000000, CHURN = 3000000 };

static unsigned long seed = 42;

static unsigned long rnd(void)
{
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    return seed >> 33;
}

static Rec *make(long key, Rec *next)
{
    Rec *r = malloc(sizeof *r);
    if (!r) {
        printf("out of memory\n");
        exit(1);
    }
    r->next = next;
    r->key = key;
    for (int i = 0; i < 4; i++)
        r->val[i] = key * (i + 1);
    return r;
}

int main(void)
{
    Rec **table = malloc(N * sizeof *table);
    for (long i = 0; i < N; i++)
        table[i] = make(i, i ? table[i - 1] : NULL); /* a chain through the heap */
    long sum = 0;
    for (long k = 0; k < CHURN; k++) {
        long i = (long)(rnd() % N);
        Rec *tmp = make(k, NULL); /* dies young */
        sum += tmp->val[3] & 7;
        free(tmp);
        if (k % 4 == 0) { /* an old record is replaced: old garbage */
            Rec *old = table[i];
            table[i] = make(old->key + 1, old->next);
            free(old);
            if (i + 1 < N)
                table[i + 1]->next = table[i];
        }
    }
    for (long i = 0; i < N; i += 1000)
        sum += table[i]->key + (table[i]->next ? table[i]->next->val[1] : 0);
    printf("%ld\n", sum);
    return 0;
}
