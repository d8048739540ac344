/* Floating point and function calls in nested loops: the spectral norm of the infinite
   matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1), by 10 power iterations of A^T A. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define N 1800

static double a(int i, int j)
{
    return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1);
}

static void mul_av(int n, const double *v, double *av)
{
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++)
            s += a(i, j) * v[j];
        av[i] = s;
    }
}

static void mul_atv(int n, const double *v, double *atv)
{
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++)
            s += a(j, i) * v[j];
        atv[i] = s;
    }
}

static void mul_atav(int n, const double *v, double *out, double *tmp)
{
    mul_av(n, v, tmp);
    mul_atv(n, tmp, out);
}

int main(void)
{
    double *u = malloc(N * sizeof(double));
    double *v = malloc(N * sizeof(double));
    double *tmp = malloc(N * sizeof(double));
    for (int i = 0; i < N; i++)
        u[i] = 1.0;
    for (int k = 0; k < 10; k++) {
        mul_atav(N, u, v, tmp);
        mul_atav(N, v, u, tmp);
    }
    double vbv = 0, vv = 0;
    for (int i = 0; i < N; i++) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    printf("%.9f\n", sqrt(vbv / vv));
    free(u); free(v); free(tmp);
    return 0;
}
