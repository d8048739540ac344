#include <stdio.h>
int main(void)
{
    int v[] = {7, -7};
    int d[] = {2, -2};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            printf("%d/%d=%d %d%%%d=%d\n", v[i], d[j], v[i] / d[j], v[i], d[j], v[i] % d[j]);
    long a = -9000000000L;
    printf("%ld %ld\n", a / 7, a % 7);
    unsigned u = 4294967295u;
    printf("%u %u\n", u / 10, u % 10);
    double x = 7.0, y = 2.0;
    printf("%g %g\n", x / y, -x / y);
    int q = 100;
    q /= 7;
    q %= 5;
    printf("%d\n", q);
    printf("%d\n", -2147483647 / 2);
    return 0;
}
