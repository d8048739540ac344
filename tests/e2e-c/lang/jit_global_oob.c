/* A read past a global array in a hot loop: out of bounds at i == 300 in
   every tier, with the interpreter's message and line. */
#include <stdio.h>

static int small[300];

int main(void)
{
    long s = 0;
    for (int i = 0; i < 1000; i++) {
        small[i % 300] = i;
        s += small[i < 300 ? i : i - (i - 300) * (i > 600)] + small[i % 299];
    }
    printf("%ld\n", s);
    return 0;
}
