/* Matrix determinant (Gaussian elimination with partial pivoting), inverse, product. */
#include <stdio.h>
#include <math.h>

#define N 4

static double det(int n, double m[n][n])
{
    double a[n][n];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = m[i][j];
    double d = 1;
    for (int c = 0; c < n; c++) {
        int p = c;
        for (int r = c + 1; r < n; r++)
            if (fabs(a[r][c]) > fabs(a[p][c]))
                p = r;
        if (a[p][c] == 0)
            return 0;
        if (p != c) {
            for (int j = 0; j < n; j++) {
                double t = a[c][j];
                a[c][j] = a[p][j];
                a[p][j] = t;
            }
            d = -d;
        }
        d *= a[c][c];
        for (int r = c + 1; r < n; r++) {
            double f = a[r][c] / a[c][c];
            for (int j = c; j < n; j++)
                a[r][j] -= f * a[c][j];
        }
    }
    return d;
}

static int inverse(int n, double m[n][n], double inv[n][n])
{
    double a[n][2 * n];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 2 * n; j++)
            a[i][j] = j < n ? m[i][j] : (j - n == i);
    for (int c = 0; c < n; c++) {
        int p = c;
        for (int r = c + 1; r < n; r++)
            if (fabs(a[r][c]) > fabs(a[p][c]))
                p = r;
        if (fabs(a[p][c]) < 1e-12)
            return 0;
        for (int j = 0; j < 2 * n; j++) {
            double t = a[c][j];
            a[c][j] = a[p][j];
            a[p][j] = t;
        }
        double piv = a[c][c];
        for (int j = 0; j < 2 * n; j++)
            a[c][j] /= piv;
        for (int r = 0; r < n; r++) {
            if (r == c)
                continue;
            double f = a[r][c];
            for (int j = 0; j < 2 * n; j++)
                a[r][j] -= f * a[c][j];
        }
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            inv[i][j] = a[i][j + n];
    return 1;
}

static void print(int n, double m[n][n])
{
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++)
            printf(" %10.6f", fabs(m[i][j]) < 5e-10 ? 0.0 : m[i][j]);
        printf("\n");
    }
}

int main(void)
{
    double a[N][N] = { { 2, -1, 0, 3 }, { 1, 4, -2, 0.5 }, { 0, 3, 5, -1 }, { 7, 0, 1, 2 } };
    double b[3][3] = { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 10 } };
    double s[3][3] = { { 1, 2, 3 }, { 2, 4, 6 }, { 1, 0, 1 } };
    double h[5][5];
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++)
            h[i][j] = 1.0 / (i + j + 1);
    printf("det a = %.6f\n", det(N, a));
    printf("det b = %.6f\n", det(3, b));
    printf("det s = %.6f\n", det(3, s));
    printf("det hilbert5 = %.6e\n", det(5, h));
    double id[2][2] = { { 1, 0 }, { 0, 1 } };
    printf("det id = %.6f\n", det(2, id));
    double inv[N][N];
    if (inverse(N, a, inv)) {
        printf("inverse a:\n");
        print(N, inv);
        double prod[N][N];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                prod[i][j] = 0;
                for (int k = 0; k < N; k++)
                    prod[i][j] += a[i][k] * inv[k][j];
            }
        printf("a * inverse:\n");
        print(N, prod);
    }
    double inv3[3][3];
    printf("s invertible %d\n", inverse(3, s, inv3));
    inverse(3, b, inv3);
    printf("inverse b:\n");
    print(3, inv3);
    return 0;
}
