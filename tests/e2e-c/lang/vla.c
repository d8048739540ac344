#include <stdio.h>
static int sum(int n, int a[n])
{
    int s = 0;
    for (int i = 0; i < n; i++)
        s += a[i];
    return s;
}
static void fill(int r, int c, int m[r][c])
{
    for (int i = 0; i < r; i++)
        for (int j = 0; j < c; j++)
            m[i][j] = i * 10 + j;
}
int main(void)
{
    int n = 5;
    int v[n];
    for (int i = 0; i < n; i++)
        v[i] = i + 1;
    printf("%d %lu\n", sum(n, v), sizeof v);
    int rows = 3, cols = 4;
    int m[rows][cols];
    fill(rows, cols, m);
    printf("%d %d %lu %lu\n", m[2][3], m[1][0], sizeof m, sizeof m[0]);
    for (int k = 1; k <= 3; k++) {
        char buf[k * 2];
        printf("%lu ", sizeof buf);
    }
    printf("\n");
    int (*p)[cols] = m;
    printf("%d\n", p[2][1]);
    typedef int row_t[cols];
    printf("%lu\n", sizeof(row_t));
    return 0;
}
