/* A chained hash table with string keys: insert, lookup, delete, resize, word counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

struct entry { char *key; int value; struct entry *next; };
struct table { struct entry **buckets; size_t nbuckets, count; };

static unsigned long hash(const char *s)
{
    unsigned long h = 5381;
    for (; *s; s++)
        h = h * 33 + (unsigned char)*s;
    return h;
}

static void resize(struct table *t, size_t n)
{
    struct entry **nb = calloc(n, sizeof *nb);
    for (size_t i = 0; i < t->nbuckets; i++) {
        struct entry *e = t->buckets[i];
        while (e) {
            struct entry *next = e->next;
            size_t b = hash(e->key) % n;
            e->next = nb[b];
            nb[b] = e;
            e = next;
        }
    }
    free(t->buckets);
    t->buckets = nb;
    t->nbuckets = n;
}

static int *lookup(struct table *t, const char *key, int create)
{
    if (!t->nbuckets)
        resize(t, 4);
    size_t b = hash(key) % t->nbuckets;
    for (struct entry *e = t->buckets[b]; e; e = e->next)
        if (strcmp(e->key, key) == 0)
            return &e->value;
    if (!create)
        return NULL;
    if (t->count + 1 > t->nbuckets * 3 / 4) {
        resize(t, t->nbuckets * 2);
        b = hash(key) % t->nbuckets;
    }
    struct entry *e = malloc(sizeof *e);
    e->key = malloc(strlen(key) + 1);
    strcpy(e->key, key);
    e->value = 0;
    e->next = t->buckets[b];
    t->buckets[b] = e;
    t->count++;
    return &e->value;
}

static int delete(struct table *t, const char *key)
{
    if (!t->nbuckets)
        return 0;
    struct entry **pp = &t->buckets[hash(key) % t->nbuckets];
    for (; *pp; pp = &(*pp)->next) {
        if (strcmp((*pp)->key, key) == 0) {
            struct entry *dead = *pp;
            *pp = dead->next;
            free(dead->key);
            free(dead);
            t->count--;
            return 1;
        }
    }
    return 0;
}

static int cmp_entries(const void *a, const void *b)
{
    const struct entry *x = *(const struct entry *const *)a, *y = *(const struct entry *const *)b;
    if (x->value != y->value)
        return y->value - x->value;
    return strcmp(x->key, y->key);
}

int main(void)
{
    const char *text = "It was the best of times, it was the worst of times, it was the age of "
                       "wisdom, it was the age of foolishness, it was the epoch of belief, it was "
                       "the epoch of incredulity, it was the season of Light, it was the season "
                       "of Darkness";
    struct table t = { 0 };
    char word[32];
    size_t wl = 0;
    for (const char *p = text;; p++) {
        if (isalpha((unsigned char)*p)) {
            if (wl < sizeof word - 1)
                word[wl++] = (char)tolower((unsigned char)*p);
        } else if (wl) {
            word[wl] = 0;
            (*lookup(&t, word, 1))++;
            wl = 0;
        }
        if (!*p)
            break;
    }
    printf("distinct %zu buckets %zu\n", t.count, t.nbuckets);
    struct entry **all = malloc(t.count * sizeof *all);
    size_t n = 0;
    for (size_t i = 0; i < t.nbuckets; i++)
        for (struct entry *e = t.buckets[i]; e; e = e->next)
            all[n++] = e;
    qsort(all, n, sizeof *all, cmp_entries);
    for (size_t i = 0; i < n; i++)
        printf("%s=%d%s", all[i]->key, all[i]->value, i + 1 < n ? " " : "\n");
    free(all);
    int *v = lookup(&t, "was", 0);
    printf("was %d\n", v ? *v : -1);
    printf("missing %d\n", lookup(&t, "dickens", 0) == NULL);
    int d1 = delete(&t, "the");
    int d2 = delete(&t, "the");
    int d3 = delete(&t, "nothing");
    printf("delete %d %d %d\n", d1, d2, d3);
    printf("distinct %zu\n", t.count);
    for (int i = 0; i < 1000; i++) {
        char key[16];
        snprintf(key, sizeof key, "k%d", i);
        *lookup(&t, key, 1) = i * i;
    }
    long sum = 0;
    for (int i = 0; i < 1000; i += 7) {
        char key[16];
        snprintf(key, sizeof key, "k%d", i);
        sum += *lookup(&t, key, 0);
    }
    printf("count %zu buckets %zu sum %ld\n", t.count, t.nbuckets, sum);
    for (size_t i = 0; i < t.nbuckets; i++) {
        struct entry *e = t.buckets[i];
        while (e) {
            struct entry *next = e->next;
            free(e->key);
            free(e);
            e = next;
        }
    }
    free(t.buckets);
    return 0;
}
