/* A fault inside an inlined call reports the callee's function and line,
   called from the caller's line, as the interpreter does. */
#include <stdio.h>

static int read_at(const int *a, int i) { return a[i] * 2; }

int main(void)
{
    int table[50];
    long sum = 0;
    for (int i = 0; i < 50; i++)
        table[i] = i;
    for (int i = 0; i < 100; i++)
        sum += read_at(table, i);
    printf("%ld\n", sum);
    return 0;
}
