/* Values the JIT keeps in a scratch register from one instruction to the
   next (a pointer just computed, a loaded or divided value) must be right
   when the interpreter resumes the compiled code between the two: after a
   division by -1 (left to the interpreter), after the first store to a block
   in a speculation (the copy-on-write slow path), after a store that grows
   nothing but lands in a block allocated in the loop. */
#include <stdio.h>
#include <stdlib.h>
#include <speculate.h>

static int table[16];

static int divide_and_index(const int *den, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++) {
        int q = (i * 7 - 20) / den[i % 4];      /* den includes -1 */
        table[q & 15] += q;
        sum += table[(q + i) & 15] * (i & 3);
    }
    return sum;
}

/* many live variables, so the quotients stay in their slots */
static long crowded(const int *den, int n)
{
    long a0 = 1, a1 = 2, a2 = 3, a3 = 4, a4 = 5, a5 = 6, a6 = 7, a7 = 8, a8 = 9, a9 = 10;
    int idx[8] = {0};
    for (int i = 0; i < n; i++) {
        a0 += i; a1 ^= a0; a2 += a1 >> 3; a3 -= a2; a4 += a3 & 255; a5 ^= a4;
        a6 += a5 % 1000; a7 -= a6 >> 2; a8 += a7 & 15; a9 ^= a8;
        idx[(i * 3 + 1) / den[i & 3] & 7] += i;
        long q = (long)(i - 40) / den[(i + 1) & 3];
        a9 += idx[q & 7] + (q >> 1);
    }
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + idx[0] + idx[7];
}

static long speculative_stores(int rounds)
{
    long total = 0;
    int *a = malloc(64 * sizeof *a);
    for (int i = 0; i < 64; i++)
        a[i] = i;
    for (int r = 0; r < rounds; r++) {
        int l = speculate();
        if (l > 0) {
            for (int i = 0; i < 64; i++)
                a[(i * 5 + r) & 63] += a[i] * 3 + r;   /* the first store of each round exits */
            for (int i = 0; i < 64; i++)
                total += a[i];
            if (r % 2)
                abort(l);
            commit(l);
        }
    }
    for (int i = 0; i < 64; i++)
        total += a[i] * (i + 1);
    free(a);
    return total;
}

static long fresh_blocks(int n)
{
    long total = 0;
    for (int i = 0; i < n; i++) {
        char *p = malloc((size_t)(i % 13 + 1));
        for (int j = 0; j <= i % 13; j++)
            p[j] = (char)(i + j);
        total += p[i % 13] * 3 + p[0];
        free(p);
    }
    return total;
}

int main(void)
{
    int den[4] = {3, -1, 7, -1};
    printf("%d\n", divide_and_index(den, 5000));
    for (int i = 0; i < 16; i++)
        printf("%d%c", table[i], i == 15 ? '\n' : ' ');
    printf("%ld\n", crowded(den, 4000));
    printf("%ld\n", speculative_stores(40));
    printf("%ld\n", fresh_blocks(3000));
    return 0;
}
