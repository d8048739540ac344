/* Array loops: sieve of Eratosthenes, repeated. */
#include <stdio.h>

#define N 2000000
static char composite[N + 1];

int main(void)
{
    long total = 0;
    for (int rep = 0; rep < 12; rep++) {
        for (int i = 0; i <= N; i++)
            composite[i] = 0;
        int count = 0;
        for (int i = 2; i <= N; i++) {
            if (!composite[i]) {
                count++;
                for (long j = (long)i * i; j <= N; j += i)
                    composite[j] = 1;
            }
        }
        total += count;
    }
    printf("%ld\n", total);
    return 0;
}
