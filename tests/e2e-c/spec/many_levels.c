/* Ten thousand open levels, each changing the heap, committed in a random
 * (seeded, deterministic) order; then ten thousand again, rolled back all
 * at once by aborting the first. */
#include <speculate.h>
#include <stdio.h>
#include <stdlib.h>

#define N 10000

struct node {
    int id, val;
    struct node *next;
};

static unsigned long long seed = 42;
static unsigned next_rand(void)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(seed >> 33);
}

static long sum(const struct node *l)
{
    long s = 0;
    for (; l; l = l->next)
        s += l->val;
    return s;
}

int main(void)
{
    struct node *list = NULL;
    long total = 0;
    for (int i = 0; i < N; i++) {
        int id = speculate();
        struct node *n = malloc(sizeof *n);
        n->id = id;
        n->val = i + 1;
        n->next = list;
        list = n;
        total += i + 1;
    }
    printf("opened %d levels, innermost id %d\n", N, list->id);
    int *ids = malloc(N * sizeof *ids);
    int k = 0;
    for (struct node *n = list; n; n = n->next)
        ids[k++] = n->id;
    for (int i = N - 1; i > 0; i--) { /* Fisher-Yates */
        int j = (int)(next_rand() % (unsigned)(i + 1));
        int t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
    }
    printf("first commits: %d %d %d\n", ids[0], ids[1], ids[2]);
    for (int i = 0; i < N; i++)
        commit(ids[i]);
    printf("sum=%ld expected=%ld\n", sum(list), total);

    int first = speculate();
    if (first == 0) {
        printf("after aborting %d levels: sum=%ld\n", N, sum(list));
        return 0;
    }
    struct node *n = list;
    for (int i = 1; i < N; i++, n = n->next) {
        speculate();
        n->val = -i;
        struct node *junk = malloc(sizeof *junk); /* reclaimed by the abort */
        junk->next = list;
        list = junk;
    }
    abort(first);
}
