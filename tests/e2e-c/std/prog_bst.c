/* Binary search tree: insert, search, traversals, height, delete. */
#include <stdio.h>
#include <stdlib.h>

struct tree { int key; int count; struct tree *left, *right; };

static struct tree *insert(struct tree *t, int key)
{
    if (!t) {
        t = calloc(1, sizeof *t);
        t->key = key;
        t->count = 1;
        return t;
    }
    if (key < t->key)
        t->left = insert(t->left, key);
    else if (key > t->key)
        t->right = insert(t->right, key);
    else
        t->count++;
    return t;
}

static const struct tree *find(const struct tree *t, int key)
{
    while (t && t->key != key)
        t = key < t->key ? t->left : t->right;
    return t;
}

static void inorder(const struct tree *t)
{
    if (!t)
        return;
    inorder(t->left);
    printf(" %d", t->key);
    if (t->count > 1)
        printf("x%d", t->count);
    inorder(t->right);
}

static void preorder(const struct tree *t)
{
    if (!t)
        return;
    printf(" %d", t->key);
    preorder(t->left);
    preorder(t->right);
}

static int height(const struct tree *t)
{
    if (!t)
        return 0;
    int l = height(t->left), r = height(t->right);
    return 1 + (l > r ? l : r);
}

static struct tree *delete(struct tree *t, int key)
{
    if (!t)
        return NULL;
    if (key < t->key) {
        t->left = delete(t->left, key);
    } else if (key > t->key) {
        t->right = delete(t->right, key);
    } else {
        if (!t->left || !t->right) {
            struct tree *child = t->left ? t->left : t->right;
            free(t);
            return child;
        }
        struct tree *m = t->right;
        while (m->left)
            m = m->left;
        t->key = m->key;
        t->count = m->count;
        m->count = 1;
        t->right = delete(t->right, m->key);
    }
    return t;
}

static void destroy(struct tree *t)
{
    if (!t)
        return;
    destroy(t->left);
    destroy(t->right);
    free(t);
}

int main(void)
{
    int keys[] = { 50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 30, 50, 50 };
    struct tree *root = NULL;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        root = insert(root, keys[i]);
    printf("inorder:");
    inorder(root);
    printf("\npreorder:");
    preorder(root);
    printf("\nheight %d\n", height(root));
    int probes[] = { 45, 55, 80, 10 };
    for (int i = 0; i < 4; i++) {
        const struct tree *f = find(root, probes[i]);
        printf("find %d: %s\n", probes[i], f ? "yes" : "no");
    }
    root = delete(root, 20);
    root = delete(root, 30);
    root = delete(root, 50);
    root = delete(root, 99);
    printf("after deletes:");
    inorder(root);
    printf("\npreorder:");
    preorder(root);
    printf("\nheight %d\n", height(root));
    destroy(root);
    root = NULL;
    for (int i = 1; i <= 100; i++)
        root = insert(root, (i * 37) % 101);
    printf("height of 100 keys %d\n", height(root));
    int sum = 0;
    for (int i = 0; i <= 101; i++)
        sum += find(root, i) != NULL;
    printf("found %d\n", sum);
    destroy(root);
    return 0;
}
