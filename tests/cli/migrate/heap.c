/* A heap with lists, freed blocks and a big array live across the migration;
 * the pointer-table indexes of blocks allocated after it must be the same in
 * the resumed process as in the original that checkpointed. */
#include <migrate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
    struct node *next;
    int value;
    char name[12];
};

static unsigned idx(const void *p)
{
    return (unsigned)((uintptr_t)p >> 32);
}

int main(int argc, char **argv)
{
    struct node *head = NULL;
    for (int i = 0; i < 5000; i++) {
        struct node *n = malloc(sizeof *n);
        n->value = i * 7;
        snprintf(n->name, sizeof n->name, "n%d", i);
        n->next = head;
        head = n;
    }
    /* free every third node: dead entries, some reusable after a pass */
    for (struct node **pp = &head; *pp;) {
        if ((*pp)->value % 3 == 0) {
            struct node *d = *pp;
            *pp = d->next;
            free(d);
        } else {
            pp = &(*pp)->next;
        }
    }
    size_t big = 3u << 20;
    unsigned char *arr = malloc(big);
    for (size_t i = 0; i < big; i++)
        arr[i] = (unsigned char)(i * 31 + 7);
    printf("before: first %s\n", head->name);
    fflush(stdout);
    int r = strcmp(argv[1], "none") ? migrate(argv[1]) : 0;
    printf("migrate returned %d\n", r);
    long sum = 0;
    for (struct node *n = head; n; n = n->next)
        sum += n->value;
    unsigned long h = 0;
    for (size_t i = 0; i < big; i += 4096)
        h = h * 33 + arr[i];
    printf("sum %ld hash %lu\n", sum, h);
    for (int i = 0; i < 5; i++) {
        void *q = malloc(16 + (size_t)i);
        printf("index of new block %d: %u\n", i, idx(q));
    }
    free(arr);
    return 0;
}
