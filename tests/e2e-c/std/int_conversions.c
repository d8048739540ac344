/* Conversions between integer types: truncation, sign and zero extension. */
#include <stdio.h>
#include <stdint.h>

int main(void)
{
    int big = 300;
    printf("%d\n", (char)big);
    printf("%d\n", (signed char)200);
    printf("%d\n", (unsigned char)-1);
    printf("%d\n", (short)70000);
    printf("%d\n", (unsigned short)-2);
    printf("%u\n", (unsigned)-1);
    printf("%d\n", (int)3000000000u);
    printf("%d\n", (int)0x123456789LL);
    printf("%ld\n", (long)(int)-5);
    printf("%lu\n", (unsigned long)(int)-1);
    printf("%lu\n", (unsigned long)(unsigned)-1);
    printf("%ld\n", (long)(unsigned)-1);
    printf("%lld\n", (long long)(short)-32768);
    printf("%lld\n", (long long)(unsigned short)-32768);
    printf("%d\n", (int)(char)0x80);
    printf("%d\n", (int)(unsigned char)0x80);

    signed char sc = -100;
    int i = sc;
    unsigned u = sc;
    long l = sc;
    unsigned long ul = sc;
    printf("%d %u %ld %lu\n", i, u, l, ul);

    unsigned char uc = 0xfe;
    int j = uc;
    long lj = uc;
    printf("%d %ld\n", j, lj);

    int64_t w = -1234567890123LL;
    int32_t n32 = (int32_t)w;
    int16_t n16 = (int16_t)w;
    int8_t n8 = (int8_t)w;
    uint32_t u32 = (uint32_t)w;
    printf("%d %d %d %u\n", n32, n16, n8, u32);

    uint64_t big64 = 0xfedcba9876543210ULL;
    printf("%x %x %x\n", (uint32_t)big64, (uint16_t)big64, (uint8_t)big64);
    printf("%d %d %d\n", (int32_t)big64, (int16_t)big64, (int8_t)big64);

    short s = -2;
    unsigned short us = s;
    int back = (short)us;
    printf("%u %d\n", us, back);

    long long ll = 0x7fffffff;
    ll += 1;
    int trunc = (int)ll;
    printf("%lld %d\n", ll, trunc);

    char buf[4] = { (char)0x81, (char)0x7f, (char)0xff, 0 };
    for (int k = 0; k < 4; k++)
        printf("%d/%u ", buf[k], (unsigned char)buf[k]);
    printf("\n");

    int arr[3];
    arr[0] = (unsigned char)-3;
    arr[1] = (signed char)253;
    arr[2] = (unsigned short)(short)-3;
    printf("%d %d %d\n", arr[0], arr[1], arr[2]);

    unsigned long long m = (unsigned long long)-1 >> 1;
    printf("%llu %lld\n", m, (long long)m);
    printf("%d\n", (_Bool)256);
    printf("%d\n", (char)256);
    return 0;
}
