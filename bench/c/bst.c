/* malloc/free and pointer chasing: an unbalanced binary search tree of malloc'd nodes
   with keys from an LCG; inserts 200k keys, looks keys up, deletes half, frees the rest;
   several rounds; prints counts, sums and the tree height. */
#include <stdio.h>
#include <stdlib.h>

typedef struct Node {
    int key;
    int val;
    struct Node *left, *right;
} Node;

#define NKEYS 200000
#define ROUNDS 2

static unsigned long long seed;

static int next_key(void)
{
    seed = (seed * 1103515245ULL + 12345ULL) & 0x7fffffffULL;
    return (int)(seed % 1000000);
}

/* returns 1 if a new node was added, 0 if the key was there (its value is updated) */
static int insert(Node **root, int key, int val)
{
    Node **p = root;
    while (*p) {
        if (key < (*p)->key) p = &(*p)->left;
        else if (key > (*p)->key) p = &(*p)->right;
        else { (*p)->val = val; return 0; }
    }
    Node *n = malloc(sizeof(Node));
    n->key = key;
    n->val = val;
    n->left = n->right = NULL;
    *p = n;
    return 1;
}

static Node *find(Node *t, int key)
{
    while (t) {
        if (key < t->key) t = t->left;
        else if (key > t->key) t = t->right;
        else return t;
    }
    return NULL;
}

static int delete(Node **root, int key)
{
    Node **p = root;
    while (*p && (*p)->key != key)
        p = key < (*p)->key ? &(*p)->left : &(*p)->right;
    Node *n = *p;
    if (!n) return 0;
    if (!n->left) *p = n->right;
    else if (!n->right) *p = n->left;
    else {
        Node **s = &n->right;
        while ((*s)->left) s = &(*s)->left;
        Node *m = *s;
        n->key = m->key;
        n->val = m->val;
        *s = m->right;
        n = m;
    }
    free(n);
    return 1;
}

static int height(Node *t)
{
    if (!t) return 0;
    int l = height(t->left), r = height(t->right);
    return 1 + (l > r ? l : r);
}

static long long sum_keys(Node *t)
{
    if (!t) return 0;
    return sum_keys(t->left) + t->key + sum_keys(t->right);
}

static int free_tree(Node *t)
{
    if (!t) return 0;
    int n = 1 + free_tree(t->left) + free_tree(t->right);
    free(t);
    return n;
}

int main(void)
{
    for (int round = 0; round < ROUNDS; round++) {
        Node *root = NULL;
        int added = 0, found = 0, deleted = 0;
        long long vsum = 0;
        seed = 1000 + round;
        for (int i = 0; i < NKEYS; i++)
            added += insert(&root, next_key(), i);
        int h = height(root);
        seed = 5000 + round;
        for (int i = 0; i < NKEYS; i++) {
            Node *n = find(root, next_key());
            if (n) { found++; vsum += n->val; }
        }
        seed = 1000 + round;
        for (int i = 0; i < NKEYS; i++) {
            Node *n = find(root, next_key());
            if (n) { found++; vsum += n->val; }
        }
        seed = 1000 + round;
        for (int i = 0; i < NKEYS / 2; i++)
            deleted += delete(&root, next_key());
        int h2 = height(root);
        long long ksum = sum_keys(root);
        int freed = free_tree(root);
        printf("round %d: added %d height %d found %d vsum %lld deleted %d height %d "
               "ksum %lld freed %d\n", round, added, h, found, vsum, deleted, h2, ksum, freed);
    }
    return 0;
}
