/* Recursion over arrays: quicksort of pseudo-random integers. */
#include <stdio.h>

#define N 1000000
static int v[N];

static void sort(int *a, int lo, int hi)
{
    while (lo < hi) {
        int p = a[(lo + hi) / 2], i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) {
                int t = a[i]; a[i] = a[j]; a[j] = t;
                i++; j--;
            }
        }
        if (j - lo < hi - i) { sort(a, lo, j); lo = i; }
        else { sort(a, i, hi); hi = j; }
    }
}

int main(void)
{
    unsigned x = 12345;
    for (int i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        v[i] = (int)(x >> 8) % 1000000;
    }
    sort(v, 0, N - 1);
    long s = 0;
    for (int i = 0; i < N; i += 1000)
        s += v[i];
    printf("%ld %d %d\n", s, v[0], v[N - 1]);
    return 0;
}
