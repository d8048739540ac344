/* Stepping, breakpoints and frames (tests/repl/basic.cmd). */
#include <stdio.h>

struct point {
    int x, y;
};

static int square(int n)
{
    int r = n * n;
    return r;
}

static int fact(int n)
{
    if (n <= 1)
        return 1;
    return n * fact(n - 1);
}

static int sum_points(const struct point *p, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += p[i].x + p[i].y;
    return total;
}

int main(void)
{
    struct point pts[3] = {{1, 2}, {3, 4}, {5, 6}};
    int s = square(7);
    int f = fact(4);
    int t = sum_points(pts, 3);
    printf("%d %d %d\n", s, f, t);
    return 0;
}
