#include <stdio.h>
static int ackermann(int m, int n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}
static int is_even(int n);
static int is_odd(int n) { return n == 0 ? 0 : is_even(n - 1); }
static int is_even(int n) { return n == 0 ? 1 : is_odd(n - 1); }
static void hanoi(int n, char a, char b, char c, int *moves)
{
    if (!n)
        return;
    hanoi(n - 1, a, c, b, moves);
    (*moves)++;
    hanoi(n - 1, c, b, a, moves);
}
static long depth(long n) { return n == 0 ? 0 : 1 + depth(n - 1); }
int main(void)
{
    printf("%d\n", ackermann(2, 3));
    printf("%d %d\n", is_even(10), is_odd(7));
    int moves = 0;
    hanoi(10, 'a', 'b', 'c', &moves);
    printf("%d\n", moves);
    printf("%ld\n", depth(10000));
    return 0;
}
