/* Arrays of arrays, array parameters and pointers to arrays. */
#include <stdio.h>

static int trace(int n, int m[][4])
{
    int t = 0;
    for (int i = 0; i < n; i++)
        t += m[i][i];
    return t;
}

static size_t param_size(int a[10]) { return sizeof a; }
static size_t row_size(int (*r)[4]) { return sizeof *r; }

static void fill(int (*m)[3], int rows)
{
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < 3; j++)
            m[i][j] = i * 10 + j;
}

static int sum3(int a[2][3][4])
{
    int s = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 4; k++)
                s += a[i][j][k];
    return s;
}

int main(void)
{
    int m[4][4];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            m[i][j] = i * 4 + j;
    printf("%zu %zu %zu\n", sizeof m, sizeof m[0], sizeof m[0][0]);
    printf("%d\n", trace(4, m));
    printf("%zu %zu\n", param_size(m[0]), row_size(m));
    int (*row)[4] = m;
    printf("%d %d\n", (*row)[3], row[2][1]);
    row++;
    printf("%d %td\n", **row, row - m);
    int *flat = &m[0][0];
    printf("%d %d\n", flat[5], flat[15]);
    printf("%d\n", *(*(m + 2) + 3));
    printf("%td\n", &m[3][0] - &m[0][0]);

    int g[5][3];
    fill(g, 5);
    for (int i = 0; i < 5; i++)
        printf("%d %d %d\n", g[i][0], g[i][1], g[i][2]);

    int cube[2][3][4];
    int n = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 4; k++)
                cube[i][j][k] = n++;
    printf("%d %d %zu %zu\n", sum3(cube), cube[1][2][3], sizeof cube[1], sizeof cube[1][2]);

    int init[][3] = { { 1, 2, 3 }, { 4 }, { 5, 6 } };
    printf("%zu\n", sizeof init / sizeof init[0]);
    for (int i = 0; i < 3; i++)
        printf("%d %d %d\n", init[i][0], init[i][1], init[i][2]);
    int flatinit[2][2] = { 1, 2, 3 };
    printf("%d %d %d %d\n", flatinit[0][0], flatinit[0][1], flatinit[1][0], flatinit[1][1]);

    char names[3][8] = { "one", "two", "three" };
    for (int i = 0; i < 3; i++)
        printf("%s/%zu ", names[i], sizeof names[i]);
    printf("\n");
    const char *ptrs[] = { "alpha", "beta", "gamma" };
    printf("%zu %c %c\n", sizeof ptrs / sizeof *ptrs, ptrs[1][0], *(ptrs[2] + 4));
    int a[3] = { 7, 8, 9 };
    int (*pa)[3] = &a;
    printf("%d %zu\n", (*pa)[2], sizeof *pa);
    int (*mats[2])[3];
    mats[0] = &a;
    mats[1] = (int (*)[3])g[1];
    printf("%d %d\n", (*mats[0])[1], (*mats[1])[2]);
    return 0;
}
