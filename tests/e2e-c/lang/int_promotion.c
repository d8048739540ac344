/* integer promotions and the usual arithmetic conversions */
#include <stdio.h>
int main(void)
{
    unsigned char uc = 200;
    signed char sc = -100;
    short s = -30000;
    unsigned short us = 60000;
    printf("%d %d %d %d\n", uc + uc, sc * 2, s - 10000, us * 2);
    printf("%d\n", (unsigned char)(uc + 100));
    printf("%d\n", -1 < 0u);          /* 0: -1 becomes unsigned */
    printf("%d\n", -1 < (long)0u);    /* 1 */
    printf("%d\n", (short)-1 < (unsigned short)1); /* 1: both promote to int */
    printf("%lu\n", sizeof(uc + uc));
    printf("%lu %lu\n", sizeof(1 + 1L), sizeof('a'));
    unsigned int u = 3000000000u;
    long l = u;
    printf("%ld %d\n", l, (int)u);
    char c = 'A';
    c += 200;
    printf("%d\n", c);
    int i = 7;
    i *= 2.5;
    printf("%d\n", i);
    unsigned char b = 255;
    b++;
    printf("%d\n", b);
    long long big = 1LL << 40;
    printf("%lld %d\n", big, (int)(big >> 35));
    printf("%d %u\n", ~0, ~0u);
    printf("%d\n", (char)300);
    _Bool t = 42;
    printf("%d %d\n", t, (_Bool)0.5);
    return 0;
}
