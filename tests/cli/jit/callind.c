/* Indirect calls between compiled functions: tables of function pointers of
   several signatures (i64, double, void, many arguments, recursion through a
   pointer); with an argument, a call through a bad pointer, each with the
   interpreter's message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef long (*binop)(long, long);
static long add(long a, long b) { return a + b; }
static long sub(long a, long b) { return a - b; }
static long mulm(long a, long b) { return a * b % 1000003; }
static long big(long a, long b)
{
    long t[20];
    for (int i = 0; i < 20; i++)
        t[i] = a * i - b;
    return (t[7] ^ t[13]) % 999983;
}
static double scale(double x, int k) { return x * k + 0.25; }
static long sink;
static void note(long v) { sink += v; }
static int ret7(int x) { return x + 7; }
static long many(long a, long b, long c, long d, long e, long f, long g, long h)
{
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}
static long (*self)(long);
static long down(long n) { return n <= 0 ? 0 : n + self(n - 1); }

static long apply(binop f, long a, long b) { return f(a, b); }

int main(int argc, char **argv)
{
    binop ops[4] = {add, sub, mulm, big};
    double (*fs)(double, int) = scale;
    void (*v)(long) = note;
    long (*m)(long, long, long, long, long, long, long, long) = many;
    long acc = 1;
    double d = 0;
    for (int i = 0; i < 4000; i++) {
        acc = apply(ops[i % 4], acc, i) % 1000003;
        d = fs(d, i % 3) / 2;
        v(acc & 15);
        acc += m(i, 1, 2, 3, 4, 5, 6, -i) % 7;
    }
    self = down;
    /* a void call of a function returning int: the interpreter accepts it */
    void (*loose)(int) = (void (*)(int))ret7;
    loose(3);
    printf("%ld %.17g %ld %ld\n", acc, d, sink, self(500));
    fflush(stdout);
    int which = argc > 1 ? atoi(argv[1]) : 0;
    binop bad = 0;
    if (which == 2)
        bad = (binop)((char *)add + 1);
    else if (which == 3)
        bad = (binop)(void *)&acc;
    else if (which == 4)
        bad = (binop)(void *)scale;
    else if (which == 5)
        bad = (binop)(uintptr_t)((uint64_t)0xFFFFFF << 32);
    if (which)
        acc = apply(bad, 1, 2);
    return (int)(acc % 50);
}
