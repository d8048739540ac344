/* Stores in a loop under speculation: the first store to a block in each
 * write epoch takes the copy-on-write slow path, also when the pointer and
 * the values stay in machine registers across the loop; rollback restores
 * the memory (values in registers come back as speculate() saved them) and
 * commit keeps it. */
#include <speculate.h>
#include <stdio.h>
#include <stdlib.h>

static long long sum(const int *a, int n)
{
    long long s = 0;
    for (int i = 0; i < n; i++)
        s += a[i];
    return s;
}

int main(void)
{
    int n = 1000;
    int *a = malloc(n * sizeof *a);
    int *b = malloc(n * sizeof *b);
    for (int i = 0; i < n; i++)
        a[i] = i, b[i] = 2 * i;
    int kept = 0, undone = 0;
    for (int round = 0; round < 20; round++) {
        int x = round * 3, y = round + 100;
        int l = speculate();
        if (l == 0) { /* rolled back: x and y as before the level */
            undone += x + y;
            continue;
        }
        for (int i = 0; i < n; i++) {
            a[i] += x;   /* one slow store per block and level, then fast ones */
            b[i] -= y;
            x ^= i;
        }
        y = -1;
        if (round % 2)
            commit(l), kept++;
        else
            abort(l);
    }
    printf("%lld %lld %d %d\n", sum(a, n), sum(b, n), kept, undone);
    return 0;
}
