/* rand() sequences after srand(1), srand(42) and the default seed. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("RAND_MAX %d\n", RAND_MAX);
    for (int i = 0; i < 10; i++)
        printf("%d\n", rand());
    srand(1);
    for (int i = 0; i < 10; i++)
        printf("s1 %d\n", rand());
    srand(42);
    for (int i = 0; i < 10; i++)
        printf("s42 %d\n", rand());
    srand(0);
    int r0 = rand();
    int r1 = rand() % 100;
    printf("s0 %d %d\n", r0, r1);
    srand(12345);
    int hist[6] = { 0 };
    for (int i = 0; i < 600; i++)
        hist[rand() % 6]++;
    for (int i = 0; i < 6; i++)
        printf("%d ", hist[i]);
    printf("\n");
    srand(1);
    int a = rand();
    srand(1);
    int b = rand();
    printf("%d\n", a == b);
    return 0;
}
