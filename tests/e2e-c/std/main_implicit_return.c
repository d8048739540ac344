/* Reaching the closing brace of main returns 0 (C11 5.1.2.2.3). */
#include <stdio.h>

static int helper(int x) { return x * 3; }

int main(void)
{
    int total = 0;
    for (int i = 0; i < 4; i++)
        total += helper(i);
    printf("total %d\n", total);
}
