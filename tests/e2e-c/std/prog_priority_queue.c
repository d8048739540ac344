/* Binary min-heap priority queue and a Dijkstra shortest-path run on it. */
#include <stdio.h>
#include <stdlib.h>

struct entry { int prio; int value; };
struct heap { struct entry *a; int n, cap; };

static void heap_push(struct heap *h, int prio, int value)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 4;
        h->a = realloc(h->a, (size_t)h->cap * sizeof *h->a);
    }
    int i = h->n++;
    while (i > 0) {
        int p = (i - 1) / 2;
        if (h->a[p].prio < prio || (h->a[p].prio == prio && h->a[p].value <= value))
            break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = (struct entry){ prio, value };
}

static struct entry heap_pop(struct heap *h)
{
    struct entry top = h->a[0];
    struct entry last = h->a[--h->n];
    int i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && (h->a[c + 1].prio < h->a[c].prio ||
                             (h->a[c + 1].prio == h->a[c].prio &&
                              h->a[c + 1].value < h->a[c].value)))
            c++;
        if (last.prio < h->a[c].prio ||
            (last.prio == h->a[c].prio && last.value <= h->a[c].value))
            break;
        h->a[i] = h->a[c];
        i = c;
    }
    h->a[i] = last;
    return top;
}

#define N 8
static const int graph[N][N] = {
    { 0, 4, 0, 0, 0, 0, 0, 8 }, { 4, 0, 8, 0, 0, 0, 0, 11 }, { 0, 8, 0, 7, 0, 4, 0, 0 },
    { 0, 0, 7, 0, 9, 14, 0, 0 }, { 0, 0, 0, 9, 0, 10, 0, 0 }, { 0, 0, 4, 14, 10, 0, 2, 0 },
    { 0, 0, 0, 0, 0, 2, 0, 1 }, { 8, 11, 0, 0, 0, 0, 1, 0 },
};

int main(void)
{
    struct heap h = { 0 };
    int input[] = { 42, 7, 19, 3, 88, 7, 1, 56, 23, 3, 99, 0, -5 };
    for (int i = 0; i < 13; i++)
        heap_push(&h, input[i], i);
    while (h.n) {
        struct entry e = heap_pop(&h);
        printf("(%d,%d) ", e.prio, e.value);
    }
    printf("\n");

    int dist[N], prev[N], done[N] = { 0 };
    for (int i = 0; i < N; i++) {
        dist[i] = 1 << 30;
        prev[i] = -1;
    }
    dist[0] = 0;
    heap_push(&h, 0, 0);
    while (h.n) {
        struct entry e = heap_pop(&h);
        int u = e.value;
        if (done[u])
            continue;
        done[u] = 1;
        for (int v = 0; v < N; v++) {
            if (graph[u][v] && dist[u] + graph[u][v] < dist[v]) {
                dist[v] = dist[u] + graph[u][v];
                prev[v] = u;
                heap_push(&h, dist[v], v);
            }
        }
    }
    for (int i = 0; i < N; i++) {
        printf("node %d dist %2d path", i, dist[i]);
        int path[N], len = 0;
        for (int v = i; v != -1; v = prev[v])
            path[len++] = v;
        while (len--)
            printf(" %d", path[len]);
        printf("\n");
    }
    unsigned seed = 99;
    for (int i = 0; i < 500; i++) {
        seed = seed * 1664525u + 1013904223u;
        heap_push(&h, (int)(seed >> 20), i);
    }
    int last = -1, ok = 1, count = 0;
    while (h.n) {
        struct entry e = heap_pop(&h);
        if (e.prio < last)
            ok = 0;
        last = e.prio;
        count++;
    }
    printf("heap sort ok %d count %d max %d cap %d\n", ok, count, last, h.cap);
    free(h.a);
    return 0;
}
