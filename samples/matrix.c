/*
 * matrix: a numeric kernel. Solves a linear system by Gaussian elimination with partial
 * pivoting, checks the residual, and computes the dominant eigenvalue by power iteration.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static double *new_matrix(int n) { return calloc((size_t)n * n, sizeof(double)); }

static void solve(int n, double *a, double *b, double *x)
{
    for (int k = 0; k < n; k++) {
        int pivot = k;
        for (int i = k + 1; i < n; i++)
            if (fabs(a[i * n + k]) > fabs(a[pivot * n + k]))
                pivot = i;
        if (pivot != k) {
            for (int j = 0; j < n; j++) {
                double t = a[k * n + j];
                a[k * n + j] = a[pivot * n + j];
                a[pivot * n + j] = t;
            }
            double t = b[k]; b[k] = b[pivot]; b[pivot] = t;
        }
        for (int i = k + 1; i < n; i++) {
            double f = a[i * n + k] / a[k * n + k];
            for (int j = k; j < n; j++)
                a[i * n + j] -= f * a[k * n + j];
            b[i] -= f * b[k];
        }
    }
    for (int i = n - 1; i >= 0; i--) {
        double s = b[i];
        for (int j = i + 1; j < n; j++)
            s -= a[i * n + j] * x[j];
        x[i] = s / a[i * n + i];
    }
}

int main(void)
{
    const int n = 60;
    double *a = new_matrix(n), *saved = new_matrix(n);
    double *b = malloc(n * sizeof *b), *b0 = malloc(n * sizeof *b0), *x = malloc(n * sizeof *x);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++)
            a[i * n + j] = 1.0 / (i + j + 1) + (i == j ? n : 0);
        b[i] = b0[i] = sin(i + 1.0);
    }
    for (int i = 0; i < n * n; i++)
        saved[i] = a[i];
    solve(n, a, b, x);
    double residual = 0;
    for (int i = 0; i < n; i++) {
        double s = -b0[i];
        for (int j = 0; j < n; j++)
            s += saved[i * n + j] * x[j];
        residual = fmax(residual, fabs(s));
    }
    printf("x[0] = %.12f, x[%d] = %.12f\n", x[0], n - 1, x[n - 1]);
    printf("residual below 1e-12: %s\n", residual < 1e-12 ? "yes" : "no");

    double *v = malloc(n * sizeof *v), *w = malloc(n * sizeof *w), lambda = 0;
    for (int i = 0; i < n; i++)
        v[i] = 1;
    for (int iter = 0; iter < 200; iter++) {
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++)
                s += saved[i * n + j] * v[j];
            w[i] = s;
            norm += s * s;
        }
        norm = sqrt(norm);
        for (int i = 0; i < n; i++)
            v[i] = w[i] / norm;
        lambda = norm;
    }
    printf("dominant eigenvalue: %.9f\n", lambda);
    free(a); free(saved); free(b); free(b0); free(x); free(v); free(w);
    return 0;
}
