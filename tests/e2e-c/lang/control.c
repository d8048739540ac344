#include <stdio.h>
int main(void)
{
    int primes = 0;
    for (int n = 2; n < 100; n++) {
        int p = 1;
        for (int d = 2; d * d <= n; d++)
            if (n % d == 0) {
                p = 0;
                break;
            }
        primes += p;
    }
    printf("%d\n", primes);
    int i = 10;
    while (i --> 0)
        if (i % 3 == 0)
            printf("%d ", i);
    printf("\n");
    unsigned u = 5;
    while (u)
        u--;
    long l = 3;
    do printf("%ld ", l); while (--l);
    printf("\n");
    double x = 1.0;
    while (x < 100.0)
        x *= 3;
    printf("%g\n", x);
    char *p = "abc";
    if (p)
        printf("nonnull\n");
    for (;;) {
        if (++i > 3)
            break;
    }
    printf("%d\n", i);
    if (i > 2 && i < 10 || i == 100)
        printf("range\n");
    if (!(i == 4))
        printf("bad\n");
    else
        printf("four\n");
    return 0;
}
