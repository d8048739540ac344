#include <stdio.h>
#include <limits.h>
int main(void)
{
    unsigned u = UINT_MAX;
    u += 1;
    printf("%u\n", u);
    u = 0;
    u--;
    printf("%u\n", u);
    unsigned long ul = 0;
    ul -= 1;
    printf("%lu\n", ul);
    unsigned short us = 65535;
    us += 1;
    printf("%u\n", us);
    unsigned x = 0x80000000u;
    printf("%u %u\n", x * 2, x + x + 5);
    unsigned a = 7, b = 9;
    printf("%u\n", a - b);
    printf("%d\n", a - b > 0);
    unsigned long long m = 0xffffffffffffffffULL;
    printf("%llu %llu\n", m * m, m / 3);
    printf("%u %u\n", 100u / 7u, 100u % 7u);
    printf("%u\n", 4000000000u / 3u);
    printf("%lu\n", 18000000000000000000ul / 7);
    return 0;
}
