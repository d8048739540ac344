/* Calls through function pointers from compiled code: a table of operations,
   qsort's comparator, a callee with more registers than the caller, and at the
   end a call through a pointer of the wrong type (a guest fault). */
#include <stdio.h>
#include <stdlib.h>

static long add(long a, long b) { return a + b; }
static long mul(long a, long b) { return a * b % 1000003; }
static long mix(long a, long b)
{
    long t[8];
    for (int i = 0; i < 8; i++)
        t[i] = a * i + b;
    return (t[3] ^ t[5]) % 1000003;
}
static int cmp(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}
static double half(double x) { return x / 2; }

int main(void)
{
    long (*ops[3])(long, long) = {add, mul, mix};
    long acc = 1;
    for (int i = 0; i < 3000; i++)
        acc = ops[i % 3](acc, i) % 1000003;
    int v[500];
    for (int i = 0; i < 500; i++)
        v[i] = (i * 7919) % 1009;
    qsort(v, 500, sizeof *v, cmp);
    printf("%ld %d %d %d\n", acc, v[0], v[250], v[499]);
    fflush(stdout);
    void *p = (void *)half;
    long (*wrong)(long, long) = (long (*)(long, long))p;
    printf("%ld\n", wrong(1, 2)); /* line 37: fault */
    return 0;
}
