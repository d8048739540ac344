#include <stdio.h>
int main(void)
{
    int a = -16;
    unsigned b = 0xf0000000u;
    printf("%d %d\n", a >> 2, a << 3);
    printf("%u %u\n", b >> 4, b << 1);
    long l = -1L;
    printf("%ld %lu\n", l >> 60, (unsigned long)l >> 60);
    int n = 5;
    printf("%d %ld\n", 1 << n, 1L << (n + 30));
    char c = -128;
    printf("%d\n", c >> 1);
    unsigned char uc = 0x81;
    printf("%d %d\n", uc >> 1, uc << 1);
    long long x = 0x123456789abcdefLL;
    for (int i = 0; i < 64; i += 12)
        printf("%llx ", (unsigned long long)x >> i);
    printf("\n");
    int s = 3;
    s <<= 2;
    s >>= 1;
    printf("%d\n", s);
    return 0;
}
