/* Garbage of every shape: cycles, long lists, trees, all leaked; the live
 * structure (a ring of 1000 nodes reached from a global) survives every
 * minor and major collection in between with its contents intact. */
#include <stdio.h>
#include <stdlib.h>

typedef struct Node {
    struct Node *next, *other;
    long value;
} Node;

static Node *ring;

static Node *node(Node *next, long v)
{
    Node *n = malloc(sizeof *n);
    n->next = next;
    n->other = NULL;
    n->value = v;
    return n;
}

static long ring_sum(void)
{
    long s = 0;
    Node *n = ring;
    do {
        s += n->value;
        n = n->next;
    } while (n != ring);
    return s;
}

static Node *tree(int depth, long v)
{
    Node *n = node(NULL, v);
    if (depth > 0) {
        n->next = tree(depth - 1, 2 * v);
        n->other = tree(depth - 1, 2 * v + 1);
    }
    return n;
}

int main(void)
{
    Node *last = ring = node(NULL, 0);
    for (long i = 1; i < 1000; i++) {
        last->next = node(NULL, i);
        last = last->next;
    }
    last->next = ring; /* a cycle that stays live */
    printf("ring %ld\n", ring_sum());
    long garbage = 0;
    for (int round = 0; round < 40; round++) {
        Node *a = node(NULL, 1), *b = node(a, 2);
        a->next = b; /* a dead cycle */
        Node *list = NULL;
        for (int i = 0; i < 20000; i++)
            list = node(list, i); /* a dead list */
        garbage += list->value + tree(12, 1)->value + a->next->value;
        Node *n = ring; /* old blocks now point to young ones */
        for (int k = 0; k < round; k++)
            n = n->next;
        n->other = node(NULL, round);
    }
    long others = 0;
    Node *n = ring;
    do {
        others += n->other ? n->other->value : 0;
        n = n->next;
    } while (n != ring);
    printf("garbage %ld ring %ld others %ld\n", garbage, ring_sum(), others);
    return 0;
}
