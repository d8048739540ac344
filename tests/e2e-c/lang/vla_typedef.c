/* VLA sizes are fixed where the VLA type is declared (C11 6.7.8p3, 6.7.6.2):
 * a typedef keeps the size it had, typeof reuses the type, a declaration
 * built on a typedef only sizes its own new dimensions. */
#include <stdio.h>
static size_t f(int n, int a[][n])
{
    n = 1;                          /* the parameter type keeps its size */
    typeof(a[0]) *p = a;
    return sizeof *p + sizeof(typeof(*a)) * 100;
}
int main(void)
{
    int m = 3;
    typedef int row[m];
    m = 10;
    row r;
    row grid[m];                    /* 10 rows of 3 */
    typedef row two[2];
    m = 50;
    two t;
    typeof(grid) g2;
    printf("%zu %zu %zu %zu %zu\n", sizeof r, sizeof grid, sizeof grid[0], sizeof t, sizeof g2);
    for (int k = 1; k <= 3; k++) {
        typedef char buf[k * 2];
        k += 0;
        buf b;
        printf("%zu ", sizeof b);
    }
    int a[4][5];
    printf("\n%zu\n", f(5, a));
    return 0;
}
