/* Iteration statements: while, do-while, for with comma, break/continue. */
#include <stdio.h>

int main(void)
{
    int i = 0;
    while (i < 5)
        printf("%d", i++);
    printf("\n");
    i = 10;
    do
        printf("%d ", i);
    while (i++ < 12);
    printf("| %d\n", i);
    i = 100;
    do {
        printf("once %d\n", i);
    } while (0);
    for (int a = 0, b = 10; a < b; a += 2, b -= 1)
        printf("(%d,%d)", a, b);
    printf("\n");
    int x, y;
    for (x = 0, y = 0; x < 5; x++, y += x)
        ;
    printf("%d %d\n", x, y);
    for (int k = 0; k < 20; k++) {
        if (k % 3 == 0)
            continue;
        if (k > 14)
            break;
        printf("%d ", k);
    }
    printf("\n");
    int n = 0;
    for (;;) {
        if (++n == 7)
            break;
    }
    printf("%d\n", n);
    int count = 0;
    for (int a = 0; a < 5; a++)
        for (int b = 0; b < 5; b++) {
            if (b > a)
                break;
            if ((a + b) % 2)
                continue;
            count++;
        }
    printf("%d\n", count);
    int j = 0;
    while (1) {
        j++;
        if (j < 3)
            continue;
        if (j >= 6)
            break;
        printf("j%d ", j);
    }
    printf("\n");
    int d = 0;
    do {
        d++;
        if (d == 2)
            continue;
        printf("d%d ", d);
    } while (d < 4);
    printf("\n");
    unsigned u = 5;
    while (u--)
        printf("%u", u);
    printf(" %u\n", u);
    int sum = 0;
    for (int a = 1; a <= 100; sum += a, a++)
        ;
    printf("%d\n", sum);
    int fact = 1, f = 1;
    while (f <= 10 && (fact *= f++, fact < 100000))
        ;
    printf("%d %d\n", fact, f);
    char s[] = "reverse me";
    for (char *p = s, *q = s + sizeof s - 2; p < q; p++, q--) {
        char t = *p;
        *p = *q;
        *q = t;
    }
    printf("%s\n", s);
    int primes = 0;
    for (int c = 2; c < 100; c++) {
        int dv;
        for (dv = 2; dv * dv <= c; dv++)
            if (c % dv == 0)
                break;
        if (dv * dv > c)
            primes++;
    }
    printf("primes %d\n", primes);
    int w = 3;
    while (w --> 0)
        printf("w%d", w);
    printf("\n");
    long long collatz = 27;
    int steps = 0;
    while (collatz != 1) {
        collatz = collatz % 2 ? 3 * collatz + 1 : collatz / 2;
        steps++;
    }
    printf("collatz %d\n", steps);
    return 0;
}
