/* Speculation levels entered, committed and rolled back from compiled loops:
   every rolled-back iteration's stores are undone. */
#include <speculate.h>
#include <stdio.h>

static int data[64];

static void scribble(int seed)
{
    for (int k = 0; k < 64; k++)
        data[k] = data[k] * 3 + seed + k;
}

int main(void)
{
    long sum = 0;
    for (int i = 0; i < 2000; i++) {
        int l = speculate();
        if (l == 0)
            continue; /* rolled back: data is as before */
        scribble(i);
        if (i % 3 == 0)
            abort(l);
        commit(l);
    }
    for (int k = 0; k < 64; k++)
        sum += data[k] % 1000003;
    printf("%ld\n", sum);
    return 0;
}
