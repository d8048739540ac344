#include <stdio.h>
struct flags {
    unsigned a : 1;
    unsigned b : 3;
    int c : 5;
    unsigned : 0;
    unsigned d : 7;
    long e : 40;
    char f : 2;
};
struct pack { unsigned char x : 4, y : 4; short z : 9; };
struct straddle { int a : 30; int b : 4; };
struct s64 { unsigned long lo : 60; unsigned long hi : 4; };
static struct flags gf = {1, 5, -3, 99, -12345678901L, 1};
int main(void)
{
    struct flags f = {0};
    f.a = 3;
    f.b = 9;
    f.c = -7;
    f.d = 200;
    f.e = 0x7fffffffffL;
    f.f = -1;
    printf("%u %u %d %u %ld %d\n", f.a, f.b, f.c, f.d, f.e, f.f);
    printf("%lu %lu %lu %lu\n", sizeof(struct flags), sizeof(struct pack),
           sizeof(struct straddle), sizeof(struct s64));
    printf("%u %u %d %u %ld %d\n", gf.a, gf.b, gf.c, gf.d, gf.e, gf.f);
    struct pack p = {.y = 15, .x = 3, .z = -200};
    p.x++;
    p.y += 2;
    printf("%d %d %d\n", p.x, p.y, p.z);
    int r = (f.c = 20);
    printf("%d %d\n", r, f.c);
    struct straddle s = {123456789, -2};
    printf("%d %d\n", s.a, s.b);
    struct s64 w;
    w.lo = 0xfffffffffffffffUL;
    w.hi = 0xa;
    printf("%lx %lx\n", (unsigned long)w.lo, (unsigned long)w.hi);
    unsigned char *bytes = (unsigned char *)&p;
    printf("%02x %02x %02x\n", bytes[0], bytes[2], bytes[3]);
    f.b = 0;
    for (int i = 0; i < 10; i++)
        f.b++;
    printf("%u\n", f.b);
    return 0;
}
