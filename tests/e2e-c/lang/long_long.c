#include <stdio.h>
long long fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
unsigned long long fib(int n)
{
    unsigned long long a = 0, b = 1;
    while (n--) {
        unsigned long long t = a + b;
        a = b;
        b = t;
    }
    return a;
}
int main(void)
{
    for (int i = 15; i <= 20; i++)
        printf("%d! = %lld\n", i, fact(i));
    printf("%llu\n", fib(90));
    long long m = -9223372036854775807LL - 1;
    printf("%lld %lld\n", m, m + 1);
    printf("%llx\n", 0xdeadbeefcafebabeULL);
    long long x = 123456789;
    x *= x;
    printf("%lld\n", x);
    printf("%d\n", (int)(x >> 32));
    printf("%lld\n", (long long)-5 * 3000000000LL);
    printf("%d\n", 3000000000LL > 2000000000);
    return 0;
}
