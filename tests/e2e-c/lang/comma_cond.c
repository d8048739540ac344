#include <stdio.h>
static int calls;
static int f(int x) { calls++; return x; }
int main(void)
{
    int a = (f(1), f(2), f(3));
    printf("%d %d\n", a, calls);
    int b = a > 2 ? 10 : 20;
    int c = a < 2 ? 10 : a < 3 ? 20 : 30;
    printf("%d %d\n", b, c);
    int d = f(0) ?: f(7);
    int e = f(5) ?: f(8);
    printf("%d %d %d\n", d, e, calls);
    const char *s = a ? "yes" : "no";
    printf("%s\n", s);
    double m = a ? 1 : 2.5;
    printf("%g\n", m);
    int x = 0, y = 0;
    *(a ? &x : &y) = 9;
    int *p = a ? &x : &y;
    printf("%d %d %d\n", x, y, *p);
    for (int i = 0, j = 10; i < j; i += 3, j -= 3)
        printf("%d-%d ", i, j);
    printf("\n");
    printf("%d %d\n", 1 && 0, 0 || 5);
    int z = 0;
    if (z && f(100))
        printf("no\n");
    if (z || f(0) || f(1))
        printf("yes %d\n", calls);
    return 0;
}
