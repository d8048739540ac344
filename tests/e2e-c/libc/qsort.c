/* qsort (stable like glibc's merge sort) and bsearch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int key;
    int order;
} Item;

static int calls;

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    calls++;
    return (x > y) - (x < y);
}

static int cmp_item(const void *a, const void *b)
{
    return ((const Item *)a)->key - ((const Item *)b)->key;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(void)
{
    int v[100];
    unsigned s = 12345;
    for (int i = 0; i < 100; i++) {
        s = s * 1103515245 + 12345;
        v[i] = (int)(s >> 16) % 1000 - 500;
    }
    calls = 0;
    qsort(v, 100, sizeof v[0], cmp_int);
    for (int i = 0; i < 100; i++)
        printf("%d%c", v[i], i % 20 == 19 ? '\n' : ' ');
    printf("comparisons %d\n", calls);

    Item items[40];
    for (int i = 0; i < 40; i++) {
        items[i].key = (i * 7) % 5;
        items[i].order = i;
    }
    qsort(items, 40, sizeof items[0], cmp_item);
    for (int i = 0; i < 40; i++)
        printf("%d:%d%c", items[i].key, items[i].order, i % 10 == 9 ? '\n' : ' ');

    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "apple", "kiwi"};
    qsort(words, 8, sizeof words[0], cmp_str);
    for (int i = 0; i < 8; i++)
        printf("%s ", words[i]);
    printf("\n");

    for (int k = -510; k <= 510; k += 85) {
        int *found = bsearch(&k, v, 100, sizeof v[0], cmp_int);
        printf("bsearch %d: %s\n", k, found ? "found" : "missing");
    }
    int key = v[37];
    int *f = bsearch(&key, v, 100, sizeof v[0], cmp_int);
    printf("bsearch existing: %d\n", f && *f == key);
    qsort(v, 0, sizeof v[0], cmp_int);
    qsort(v, 1, sizeof v[0], cmp_int);
    printf("done\n");
    return 0;
}
