/* Array loops over doubles: a 2-D 5-point Jacobi (heat) stencil on a 400x400 grid with
   fixed hot and cold edges and a random interior, 1200 iterations, two grids
   swapped; prints checksums. */
#include <stdio.h>
#include <stdlib.h>

#define W 400
#define H 400
#define ITERS 1200

static unsigned long long seed = 7;

int main(void)
{
    double *a = malloc(W * H * sizeof(double));
    double *b = malloc(W * H * sizeof(double));
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++) {
            double v;
            seed = (seed * 1103515245ULL + 12345ULL) & 0x7fffffffULL;
            v = (double)(seed % 1000) / 100.0;
            if (i == 0) v = 100.0;
            else if (j == 0) v = 50.0;
            else if (i == H - 1) v = 25.0;
            a[i * W + j] = v;
            b[i * W + j] = v;
        }
    for (int it = 0; it < ITERS; it++) {
        for (int i = 1; i < H - 1; i++) {
            int row = i * W;
            for (int j = 1; j < W - 1; j++) {
                int k = row + j;
                b[k] = 0.25 * (a[k - W] + a[k + W] + a[k - 1] + a[k + 1]);
            }
        }
        double *t = a; a = b; b = t;
    }
    double sum = 0.0, wsum = 0.0;
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++) {
            sum += a[i * W + j];
            wsum += a[i * W + j] * (double)((i * 7 + j * 13) % 17);
        }
    printf("%.6f\n%.6f\n%.6f\n", sum, wsum, a[(H / 2) * W + W / 2]);
    free(a);
    free(b);
    return 0;
}
