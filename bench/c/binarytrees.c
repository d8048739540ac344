/* Allocation heavy: build and walk many binary trees (malloc/free). */
#include <stdio.h>
#include <stdlib.h>

typedef struct Node { struct Node *left, *right; } Node;

static Node *make(int depth)
{
    Node *n = malloc(sizeof *n);
    if (depth > 0) {
        n->left = make(depth - 1);
        n->right = make(depth - 1);
    } else {
        n->left = n->right = NULL;
    }
    return n;
}

static int check(Node *n) { return n->left ? 1 + check(n->left) + check(n->right) : 1; }

static void release(Node *n)
{
    if (n->left) {
        release(n->left);
        release(n->right);
    }
    free(n);
}

int main(void)
{
    const int max_depth = 16;
    Node *long_lived = make(max_depth);
    long total = 0;
    for (int d = 4; d <= max_depth; d += 2) {
        int iterations = 1 << (max_depth - d + 4);
        for (int i = 0; i < iterations; i++) {
            Node *t = make(d);
            total += check(t);
            release(t);
        }
    }
    total += check(long_lived);
    release(long_lived);
    printf("%ld\n", total);
    return 0;
}
