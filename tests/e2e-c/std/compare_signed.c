/* Comparisons between signed and unsigned operands. */
#include <stdio.h>

int main(void)
{
    int m1 = -1;
    unsigned u1 = 1;
    printf("%d\n", m1 < u1);
    printf("%d\n", -1 < 1u);
    printf("%d\n", -1L < 1u);
    printf("%d\n", -1 < (unsigned char)1);
    printf("%d\n", -1 < (unsigned short)1);
    printf("%d\n", -1LL < 1ULL);
    printf("%d\n", -1 < 1UL);
    printf("%d\n", (unsigned)-1 == 0xffffffffu);
    printf("%d\n", m1 == 0xffffffff);
    printf("%d\n", (long)m1 == 0xffffffff);
    printf("%d\n", (unsigned char)255 == (char)-1);
    printf("%d\n", (signed char)-1 == (char)-1);
    printf("%d\n", 0u > -1);
    printf("%d\n", 2147483648 > -1);
    printf("%d %d %d %d %d %d\n", 3 < 4, 3 <= 3, 4 > 5, 5 >= 5, 6 == 6, 6 != 6);
    printf("%d\n", 1 < 2 < 3);
    printf("%d\n", 3 > 2 > 1);
    printf("%d\n", (1 == 1) + (2 == 2) + (3 != 3));

    long vals[] = { -3, -1, 0, 1, 3 };
    for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) {
            unsigned long a = (unsigned long)vals[i], b = (unsigned long)vals[j];
            printf("%c%c", vals[i] < vals[j] ? '<' : vals[i] == vals[j] ? '=' : '>',
                   a < b ? '<' : a == b ? '=' : '>');
            printf(j == 4 ? "\n" : " ");
        }
    }
    double d = -1.0;
    printf("%d %d\n", d < 0u, d < 1u);
    float f = 0.1f;
    printf("%d %d\n", f == 0.1, f == 0.1f);
    printf("%d\n", (double)f == 0.1f);
    int *p = 0;
    printf("%d %d\n", p == 0, !p);
    return 0;
}
