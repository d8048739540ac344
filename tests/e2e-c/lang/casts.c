#include <stdio.h>
#include <stdint.h>
int main(void)
{
    double d = -2.75;
    printf("%d %u %ld\n", (int)d, (unsigned char)(int)d, (long)(d * 1e10));
    int i = 0x12345678;
    printf("%d %d %d\n", (char)i, (short)i, (unsigned short)i);
    long l = (long)(int)0xffffffffu;
    printf("%ld\n", l);
    uintptr_t up = (uintptr_t)&i;
    int *back = (int *)up;
    printf("%d\n", *back == i);
    float f = (float)1 / 3;
    printf("%.6f\n", f);
    printf("%d\n", (int)(unsigned char)-1);
    printf("%lld\n", (long long)(unsigned)-1);
    printf("%d\n", (_Bool)0.0 + (_Bool)-0.5);
    void *vp = (void *)0;
    printf("%d\n", vp == 0);
    printf("%u\n", (unsigned)(char)200);
    (void)i;
    return 0;
}
