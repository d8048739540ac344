/* An out-of-bounds store in a loop hot enough to be compiled. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int *a = malloc(100 * sizeof *a);
    long s = 0;
    for (int i = 0; i <= 1000; i++) {
        a[i % 100] = i;
        s += a[i % 100];
        if (i == 1000)
            a[i] = 0; /* line 13: past the block */
    }
    printf("%ld\n", s);
    return 0;
}
