/*
 * wordfreq: counts the words of its input (or a built-in text) in a chained hash table
 * that grows, then prints the most frequent words, ties broken alphabetically.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Entry {
    char *word;
    int count;
    struct Entry *next;
} Entry;

typedef struct {
    Entry **slots;
    size_t nslots, nentries;
} Table;

static unsigned long hash(const char *s)
{
    unsigned long h = 14695981039346656037ul;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ul;
    return h;
}

static void grow(Table *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 16;
    Entry **slots = calloc(n, sizeof *slots);
    for (size_t i = 0; i < t->nslots; i++) {
        Entry *e = t->slots[i];
        while (e) {
            Entry *next = e->next;
            size_t k = hash(e->word) % n;
            e->next = slots[k];
            slots[k] = e;
            e = next;
        }
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
}

static void add(Table *t, const char *word)
{
    if (t->nentries >= t->nslots * 3 / 4)
        grow(t);
    size_t k = hash(word) % t->nslots;
    for (Entry *e = t->slots[k]; e; e = e->next)
        if (strcmp(e->word, word) == 0) {
            e->count++;
            return;
        }
    Entry *e = malloc(sizeof *e);
    e->word = strdup(word);
    e->count = 1;
    e->next = t->slots[k];
    t->slots[k] = e;
    t->nentries++;
}

static int by_count(const void *a, const void *b)
{
    const Entry *x = *(const Entry *const *)a, *y = *(const Entry *const *)b;
    if (x->count != y->count)
        return y->count - x->count;
    return strcmp(x->word, y->word);
}

static void count_text(Table *t, const char *text)
{
    char word[64];
    size_t n = 0;
    for (const char *s = text;; s++) {
        if (isalpha((unsigned char)*s) || (*s == '\'' && n > 0)) {
            if (n < sizeof word - 1)
                word[n++] = (char)tolower((unsigned char)*s);
        } else {
            if (n) {
                word[n] = 0;
                add(t, word);
                n = 0;
            }
            if (!*s)
                break;
        }
    }
}

int main(int argc, char **argv)
{
    Table t = {0};
    int top = argc > 1 ? atoi(argv[1]) : 10;
    char line[1024];
    int lines = 0;
    while (fgets(line, sizeof line, stdin)) {
        count_text(&t, line);
        lines++;
    }
    if (lines == 0)
        count_text(&t, "It was the best of times, it was the worst of times, it was the age "
                       "of wisdom, it was the age of foolishness, it was the epoch of belief, "
                       "it was the epoch of incredulity, it was the season of Light, it was "
                       "the season of Darkness.");
    Entry **all = malloc(t.nentries * sizeof *all);
    size_t n = 0;
    for (size_t i = 0; i < t.nslots; i++)
        for (Entry *e = t.slots[i]; e; e = e->next)
            all[n++] = e;
    qsort(all, n, sizeof *all, by_count);
    printf("%zu distinct words\n", n);
    for (size_t i = 0; i < n && (int)i < top; i++)
        printf("%7d  %s\n", all[i]->count, all[i]->word);
    return 0;
}
