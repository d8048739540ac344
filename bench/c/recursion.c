/* Deep and branching recursion with several arguments: Ackermann(2..3, n), Takeuchi's
   tak, naive binomial coefficients, and 3-D lattice paths; prints the integer results. */
#include <stdio.h>

static int ack(int m, int n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static int tak(int x, int y, int z)
{
    if (y < x)
        return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
    return z;
}

static int binom(int n, int k)
{
    if (k == 0 || k == n) return 1;
    return binom(n - 1, k - 1) + binom(n - 1, k);
}

static int paths(int x, int y, int z)
{
    int s = 0;
    if (x == 0 && y == 0 && z == 0) return 1;
    if (x > 0) s += paths(x - 1, y, z);
    if (y > 0) s += paths(x, y - 1, z);
    if (z > 0) s += paths(x, y, z - 1);
    return s;
}

int main(void)
{
    for (int n = 1; n <= 9; n++)
        printf("ack(2,%d)=%d ack(3,%d)=%d\n", n, ack(2, n), n, ack(3, n));
    printf("tak(24,16,8)=%d\n", tak(24, 16, 8));
    printf("binom(28,14)=%d\n", binom(28, 14));
    printf("paths(6,6,6)=%d\n", paths(6, 6, 6));
    return 0;
}
