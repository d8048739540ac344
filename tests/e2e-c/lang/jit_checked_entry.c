/* Loads and stores through pointers that share a block within one loop body
   (the JIT checks such a block's index once per body): struct fields, several
   elements of one array, pointers copied and offset, a pointer moved to
   another block, blocks that realloc moves and free releases between
   accesses, and stores under speculate() whose first one copies the block. */
#include <speculate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct body { double x, y, vx, vy; int id; };

static double fields(struct body *b, int n)
{
    double e = 0;
    for (int r = 0; r < 50; r++)
        for (int i = 0; i < n; i++) {
            b[i].x += b[i].vx * 0.5;
            b[i].y += b[i].vy * 0.5;
            e += b[i].x * b[i].y + b[i].id;
        }
    return e;
}

static long neighbours(const int *a, int n)
{
    long s = 0;
    for (int r = 0; r < 40; r++)
        for (int i = 1; i < n - 1; i++)
            s += a[i - 1] + 2 * a[i] + a[i + 1];
    return s;
}

/* p walks; q is p offset; r switches between two blocks of other sizes */
static long aliases(int *a, int *b, int n)
{
    long s = 0;
    for (int i = 0; i + 3 < n; i++) {
        int *p = a + i, *q = p + 2;
        int *r = (i & 1) ? b : a;
        s += p[0] * 3 + q[1] - r[i % 8] + p[1];
        *q += 1;
        r[(i * 5) % 8] ^= i;
    }
    return s;
}

static long grow(int rounds)
{
    int n = 4;
    int *v = calloc(n, sizeof *v);
    long s = 0;
    for (int i = 0; i < rounds; i++) {
        v[i % n] += i;
        int old = v[0];
        if (i % 7 == 6 && n < 512) {  /* moves the block: later accesses see the new one */
            n *= 2;
            v = realloc(v, n * sizeof *v);
            for (int k = n / 2; k < n; k++)
                v[k] = k;
        }
        s += old + v[n - 1] + v[i % n];
    }
    free(v);
    return s;
}

static long fresh(int rounds)
{
    long s = 0;
    for (int i = 0; i < rounds; i++) {
        int *p = malloc(4 * sizeof *p);
        p[0] = i, p[1] = i * 2, p[2] = p[0] + p[1], p[3] = p[2] * 2;
        s += p[3] - p[1];
        free(p);
        int *q = malloc(8 * sizeof *q);   /* may reuse p's table index */
        memset(q, 0, 8 * sizeof *q);
        q[7] = i;
        s += q[0] + q[7];
        free(q);
    }
    return s;
}

static long speculative(int *a, int n)
{
    long s = 0;
    for (int round = 0; round < 30; round++) {
        int l = speculate();
        if (l > 0) {
            for (int i = 0; i + 1 < n; i++) {
                a[i] += 1;        /* the first store copies the block */
                a[i + 1] += 2;
                s += a[i];
            }
            if (round % 3 == 0)
                abort(l);
            commit(l);
        } else {
            s += 1000;            /* rolled back: a as before the level */
        }
    }
    for (int i = 0; i < n; i++)
        s += a[i] * (i + 1);
    return s;
}

int main(void)
{
    enum { N = 64 };
    struct body *b = malloc(N * sizeof *b);
    for (int i = 0; i < N; i++)
        b[i] = (struct body){i, -i, 0.25 * i, 1.0 / (i + 1), i % 5};
    printf("fields %.6f\n", fields(b, N));
    int *a = malloc(N * sizeof *a), *c = malloc(8 * sizeof *c);
    for (int i = 0; i < N; i++)
        a[i] = i * i % 17;
    for (int i = 0; i < 8; i++)
        c[i] = 100 + i;
    printf("neighbours %ld\n", neighbours(a, N));
    printf("aliases %ld\n", aliases(a, c, N));
    printf("grow %ld\n", grow(300));
    printf("fresh %ld\n", fresh(500));
    printf("speculative %ld\n", speculative(a, N));
    free(a), free(b), free(c);
    return 0;
}
