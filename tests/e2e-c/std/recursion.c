/* Direct and mutual recursion. */
#include <stdio.h>

static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static int ackermann(int m, int n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static long fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static int gcd(int a, int b) { return b == 0 ? a : gcd(b, a % b); }

static int moves;
static void hanoi(int n, char from, char to, char via)
{
    if (n == 0)
        return;
    hanoi(n - 1, from, via, to);
    if (n >= 4)
        printf("move %d %c->%c\n", n, from, to);
    moves++;
    hanoi(n - 1, via, to, from);
}

static int depth(int n) { return n == 0 ? 0 : 1 + depth(n - 1); }

/* expression parser: mutual recursion over a string */
static const char *pos;
static int expr(void);
static int atom(void)
{
    if (*pos == '(') {
        pos++;
        int v = expr();
        pos++;
        return v;
    }
    if (*pos == '-') {
        pos++;
        return -atom();
    }
    int v = 0;
    while (*pos >= '0' && *pos <= '9')
        v = v * 10 + (*pos++ - '0');
    return v;
}
static int term(void)
{
    int v = atom();
    while (*pos == '*' || *pos == '/') {
        char op = *pos++;
        int r = atom();
        v = op == '*' ? v * r : v / r;
    }
    return v;
}
static int expr(void)
{
    int v = term();
    while (*pos == '+' || *pos == '-') {
        char op = *pos++;
        int r = term();
        v = op == '+' ? v + r : v - r;
    }
    return v;
}
static int eval(const char *s) { pos = s; return expr(); }

static void permute(char *s, int k, int n)
{
    if (k == n) {
        printf("%s ", s);
        return;
    }
    for (int i = k; i < n; i++) {
        char t = s[k]; s[k] = s[i]; s[i] = t;
        permute(s, k + 1, n);
        t = s[k]; s[k] = s[i]; s[i] = t;
    }
}

int main(void)
{
    printf("%d %d %d %d\n", is_even(10), is_odd(10), is_even(7), is_odd(7777));
    printf("%d %d %d\n", ackermann(1, 2), ackermann(2, 3), ackermann(3, 3));
    printf("%ld %ld\n", fact(10), fact(20));
    printf("%d %d\n", fib(20), fib(25));
    printf("%d %d\n", gcd(1071, 462), gcd(17, 5));
    hanoi(5, 'A', 'C', 'B');
    printf("moves %d\n", moves);
    printf("%d\n", depth(10000));
    printf("%d %d %d\n", eval("1+2*3"), eval("(1+2)*3"), eval("100/(2+3)-4*-2"));
    printf("%d\n", eval("((((7))))-((2*3)-(8/4))"));
    char s[] = "abc";
    permute(s, 0, 3);
    printf("\n");
    return 0;
}
