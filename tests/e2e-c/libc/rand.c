/* rand/srand: glibc's generator, so the sequences match. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("unseeded:");
    for (int i = 0; i < 5; i++)
        printf(" %d", rand());
    printf("\n");
    unsigned seeds[] = {1, 0, 42, 12345, 4294967295u, 2147483648u};
    for (int s = 0; s < 6; s++) {
        srand(seeds[s]);
        printf("seed %u:", seeds[s]);
        for (int i = 0; i < 8; i++)
            printf(" %d", rand());
        printf("\n");
    }
    srand(7);
    long sum = 0;
    for (int i = 0; i < 10000; i++)
        sum += rand() % 100;
    printf("sum %ld\n", sum);
    printf("RAND_MAX %d\n", RAND_MAX);
    return 0;
}
