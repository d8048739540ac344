/* 2D arrays: dense matrix multiplication. */
#include <stdio.h>

#define N 250
static double a[N][N], b[N][N], c[N][N];

int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (i * 7 + j * 3) % 17 - 8;
            b[i][j] = (i * 5 + j * 11) % 13 - 6;
        }
    for (int rep = 0; rep < 3; rep++)
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                double s = 0;
                for (int k = 0; k < N; k++)
                    s += a[i][k] * b[k][j];
                c[i][j] = s + rep;
            }
    double trace = 0;
    for (int i = 0; i < N; i++)
        trace += c[i][i] + c[i][N - 1 - i];
    printf("%.1f\n", trace);
    return 0;
}
