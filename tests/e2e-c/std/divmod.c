/* Division and remainder truncate toward zero (C11 6.5.5p6). */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int ns[] = { 7, -7, 7, -7, 0, 1, -1, 100, -100 };
    int ds[] = { 2, 2, -2, -2, 3, 3, 3, 7, 7 };
    for (int i = 0; i < 9; i++) {
        int q = ns[i] / ds[i], r = ns[i] % ds[i];
        printf("%4d / %2d = %3d  %% = %3d  check %d\n", ns[i], ds[i], q, r,
               q * ds[i] + r == ns[i]);
    }
    long la = -9000000000L, lb = 7;
    printf("%ld %ld\n", la / lb, la % lb);
    printf("%ld %ld\n", la / -lb, la % -lb);
    long long lla = -123456789012345LL;
    printf("%lld %lld\n", lla / 1000, lla % 1000);
    unsigned ua = 7, ub = 2;
    printf("%u %u\n", ua / ub, ua % ub);
    printf("%u %u\n", (unsigned)-7 / 2u, (unsigned)-7 % 2u);
    printf("%d\n", -7 / 2 * 2 + -7 % 2);
    printf("%d %d\n", -1 / 2, -1 % 2);
    printf("%d %d\n", 2147483647 / -1, -2147483647 % 10);
    printf("%d\n", (-2147483647 - 1) / 2);
    printf("%d\n", (-2147483647 - 1) % 3);
    signed char sc = -128;
    printf("%d\n", sc / -1);
    short s = -32768;
    printf("%d %d\n", s / -1, s % 7);

    div_t d = div(-17, 5);
    printf("div %d %d\n", d.quot, d.rem);
    ldiv_t ld = ldiv(17L, -5L);
    printf("ldiv %ld %ld\n", ld.quot, ld.rem);
    lldiv_t lld = lldiv(-10000000000LL, -3LL);
    printf("lldiv %lld %lld\n", lld.quot, lld.rem);

    int x = 100;
    x /= 7;
    printf("%d\n", x);
    x %= 5;
    printf("%d\n", x);
    x = -100;
    x /= 7;
    printf("%d\n", x);
    x = -100;
    x %= 7;
    printf("%d\n", x);

    for (int k = -5; k <= 5; k++) {
        int m = ((k % 3) + 3) % 3;
        printf("%d", m);
    }
    printf("\n");
    unsigned long long big = 18446744073709551615ULL;
    printf("%llu %llu\n", big / 10, big % 10);
    printf("%llu\n", big / 0x100000000ULL);
    return 0;
}
