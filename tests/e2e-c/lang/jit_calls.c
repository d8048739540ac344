/* Calls between compiled functions: deep recursion with many arguments (some
 * held in machine registers, some floats), mutual recursion, calls through
 * pointers, and temporaries used once around calls. */
#include <stdio.h>

static long many(long a, long b, int c, double d, long e, int f, long g, long h, int depth)
{
    if (depth == 0)
        return a + b + c + (long)d + e + f + g + h;
    long t = a * 3 + 1;
    long u = many(b, t, f, d * 0.5 + 1.0, h - e, c + 1, g ^ depth, a - h, depth - 1);
    long v = u % 1000003;
    return v + (t & 7);
}

static int is_odd(unsigned n, int acc);
static int is_even(unsigned n, int acc)
{
    return n == 0 ? acc : is_odd(n - 1, acc + (int)(n & 3));
}
static int is_odd(unsigned n, int acc)
{
    return n == 0 ? -acc : is_even(n - 1, acc ^ (int)n);
}

typedef long (*op_fn)(long, long, long);
static long add3(long a, long b, long c) { return a + b + c; }
static long mix3(long a, long b, long c) { return (a ^ b) - c; }

static long chain(op_fn *ops, int n, long x)
{
    if (n == 0)
        return x;
    long y = ops[n % 2](x, n, x >> 3);
    return chain(ops, n - 1, y % 99991);
}

int main(void)
{
    printf("%ld\n", many(1, 2, 3, 4.0, 5, 6, 7, 8, 5000));
    printf("%ld\n", many(-9, 4, 17, 1e6, 3, -2, 99, 12, 15000));
    printf("%d %d\n", is_even(9000, 0), is_even(9001, 1));
    op_fn ops[2] = {add3, mix3};
    printf("%ld\n", chain(ops, 12000, 5));
    long s = 0;
    for (int i = 0; i < 300; i++)
        s += many(i, i + 1, i % 7, i * 0.25, 3, 4, i, 2, 40);
    printf("%ld\n", s);
    return 0;
}
