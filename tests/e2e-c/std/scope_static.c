/* Block scope, shadowing, and static local variables. */
#include <stdio.h>

int x = 1;
static int hidden = 100;

static int counter(void)
{
    static int n;
    return ++n;
}

static int fib_memo(int k)
{
    static long memo[50];
    if (k < 2)
        return k;
    if (memo[k])
        return (int)memo[k];
    memo[k] = fib_memo(k - 1) + fib_memo(k - 2);
    return (int)memo[k];
}

static const char *next_word(void)
{
    static const char *words[] = { "alpha", "beta", "gamma" };
    static int i = 0;
    const char *w = words[i];
    i = (i + 1) % 3;
    return w;
}

static int *static_addr(void)
{
    static int cell = 40;
    cell++;
    return &cell;
}

int main(void)
{
    printf("%d\n", x);
    int x = 2;
    printf("%d\n", x);
    {
        int x = 3;
        printf("%d\n", x);
        {
            extern int x;
            printf("%d\n", x);
        }
        x++;
        printf("%d\n", x);
    }
    printf("%d\n", x);
    for (int x = 10; x < 12; x++)
        printf("for %d\n", x);
    printf("%d\n", x);
    int y = x;
    {
        int y = 20;
        printf("inner y %d\n", y);
    }
    printf("%d\n", y);
    for (int i = 0; i < 3; i++) {
        int i2 = i * 2;
        static int total;
        total += i2;
        printf("i=%d total=%d\n", i, total);
    }
    for (int i = 0; i < 4; i++)
        printf("counter %d\n", counter());
    printf("%d %d\n", fib_memo(40), fib_memo(45));
    for (int i = 0; i < 5; i++)
        printf("%s ", next_word());
    printf("\n");
    int *c1 = static_addr();
    int *c2 = static_addr();
    printf("%d %d %d\n", c1 == c2, *c1, *c2);
    *c1 = 0;
    printf("%d\n", *static_addr());
    printf("%d\n", hidden);
    int hidden = 5;
    printf("%d\n", hidden);
    if (1) {
        int z = 7;
        printf("%d\n", z);
    }
    while (x-- > 0) {
        int w = 0;
        w++;
        if (x == 0)
            printf("w %d\n", w);
    }
    switch (3) {
        int s;
    case 3:
        s = 30;
        printf("%d\n", s);
    }
    return 0;
}
