/* inline functions: static inline, and inline with an external definition. */
#include <stdio.h>

static inline int sq(int x) { return x * x; }
static inline double lerp(double a, double b, double t) { return a + (b - a) * t; }

inline int cube(int x) { return x * x * x; }
extern int cube(int x);          /* makes this translation unit's definition external */

static inline int rec_sum(int n) { return n <= 0 ? 0 : n + rec_sum(n - 1); }

static inline void swap(int *a, int *b)
{
    int t = *a;
    *a = *b;
    *b = t;
}

int main(void)
{
    printf("%d %d\n", sq(7), sq(-3));
    printf("%g %g\n", lerp(0, 10, 0.25), lerp(-1, 1, 0.5));
    printf("%d %d\n", cube(3), cube(-2));
    int (*fp)(int) = cube;
    printf("%d\n", fp(4));
    int (*sp)(int) = sq;
    printf("%d\n", sp(12));
    printf("%d\n", rec_sum(100));
    int a = 1, b = 2;
    swap(&a, &b);
    printf("%d %d\n", a, b);
    int total = 0;
    for (int i = 0; i < 10; i++)
        total += sq(i) - cube(i) / (i + 1);
    printf("%d\n", total);
    return 0;
}
