/* Variable length arrays (C11 6.7.6.2): 2D, sizeof, parameters, typedefs. */
#include <stdio.h>

static int sum2d(int rows, int cols, int a[rows][cols])
{
    int s = 0;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            s += a[i][j];
    return s;
}

static void transpose(int n, int m, int in[n][m], int out[m][n])
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            out[j][i] = in[i][j];
}

static size_t row_bytes(int n, int a[][n]) { return sizeof a[0]; }

static void matmul(int n, double a[n][n], double b[n][n], double c[n][n])
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            c[i][j] = 0;
            for (int k = 0; k < n; k++)
                c[i][j] += a[i][k] * b[k][j];
        }
}

int main(void)
{
    int n = 3, m = 4;
    int a[n][m];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            a[i][j] = i * m + j;
    printf("%zu %zu %zu\n", sizeof a, sizeof a[0], sizeof a[0][0]);
    printf("%d\n", sum2d(n, m, a));
    int t[m][n];
    transpose(n, m, a, t);
    for (int i = 0; i < m; i++)
        printf("%d %d %d\n", t[i][0], t[i][1], t[i][2]);
    printf("%zu %zu\n", row_bytes(m, a), row_bytes(n, t));
    for (int k = 1; k <= 5; k++) {
        char buf[k * 2];
        for (int i = 0; i < k * 2 - 1; i++)
            buf[i] = 'a' + i;
        buf[k * 2 - 1] = 0;
        printf("%zu %s\n", sizeof buf, buf);
    }
    typedef int row_t[m];
    m = 100;                     /* the typedef keeps the size it had */
    row_t r;
    printf("%zu\n", sizeof r);
    int sz = 4;
    double x[sz][sz], y[sz][sz], z[sz][sz];
    for (int i = 0; i < sz; i++)
        for (int j = 0; j < sz; j++) {
            x[i][j] = i + j;
            y[i][j] = i == j ? 2 : 0;
        }
    matmul(sz, x, y, z);
    for (int i = 0; i < sz; i++)
        printf("%g %g %g %g\n", z[i][0], z[i][1], z[i][2], z[i][3]);
    int (*p)[sz] = (int (*)[sz])0;
    printf("%d %zu\n", p == 0, sizeof(int[sz]));
    int count = 0;
    for (int len = 1; len < 200; len *= 3) {
        int big[len];
        for (int i = 0; i < len; i++)
            big[i] = i;
        count += big[len - 1];
    }
    printf("%d\n", count);
    int d1 = 2, d2 = 3, d3 = 4;
    int cube[d1][d2][d3];
    printf("%zu %zu %zu\n", sizeof cube, sizeof cube[0], sizeof cube[0][0]);
    int v = 0;
    for (int i = 0; i < d1; i++)
        for (int j = 0; j < d2; j++)
            for (int k = 0; k < d3; k++)
                cube[i][j][k] = v++;
    printf("%d %d\n", cube[1][2][3], cube[1][0][2]);
    int *flat = &cube[0][0][0];
    printf("%d\n", flat[17]);
    return 0;
}
