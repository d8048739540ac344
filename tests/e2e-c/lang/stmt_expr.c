#include <stdio.h>
#define max(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
int main(void)
{
    int x = 3, y = 7;
    printf("%d\n", max(x++, y));
    printf("%d\n", x);
    int v = ({ int t = 0; for (int i = 0; i < 5; i++) t += i; t; });
    printf("%d\n", v);
    double d = ({ 1.5; });
    printf("%g\n", d);
    ({ printf("side effect\n"); });
    int w = x + ({ int q = 10; q * 2; });
    printf("%d\n", w);
    return 0;
}
