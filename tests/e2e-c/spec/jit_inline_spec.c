/* Inlined calls inside speculations: the first store of a level to a block
   leaves the inlined code (the copy-on-write slow path) in the callee's
   frame; an abort rolls back what the inlined stores wrote, a commit keeps
   it, in every tier. */
#include <stdio.h>
#include <stdlib.h>
#include <speculate.h>

static long globals[32];

static void put(long *a, int i, long v) { a[i & 31] = v; }
static long get(const long *a, int i) { return a[i & 31]; }
static void add_to(int i, long v) { globals[i & 31] += v; }

int main(void)
{
    long *heap = calloc(32, sizeof *heap);
    long total = 0;
    for (int r = 0; r < 40; r++) {
        int l = speculate();
        if (l > 0) {
            for (int i = 0; i < 32; i++) {
                put(heap, i * 7 + r, get(heap, i) + i + r);
                add_to(i + r, get(heap, i * 3));
            }
            total += get(heap, r) + get(globals, r);
            if (r % 3 == 1)
                abort(l);
            commit(l);
        }
    }
    for (int i = 0; i < 32; i++)
        total += get(heap, i) * (i + 1) + get(globals, i);
    printf("%ld\n", total);
    free(heap);
    return 0;
}
