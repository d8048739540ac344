/* loop.c - an instruction-heavy loop with an array load and store per
 * iteration; bench/fir/loop.firs is the same computation written in FIR. */
#include <stdio.h>

static unsigned a[1024];

int main(void)
{
    unsigned long sum = 0;
    for (unsigned i = 0; i < 100000000u; i++) {
        unsigned j = i & 1023;
        unsigned v = a[j] + i * i % 1009;
        a[j] = v;
        sum += v;
    }
    printf("%lu\n", sum);
    return 0;
}
