/* Bit-fields: widths, signedness, wrap, and gcc's x86-64 layout. */
#include <stdio.h>
#include <string.h>

struct s1 { unsigned a : 3; unsigned b : 5; unsigned c : 8; };
struct s2 { signed a : 4; unsigned b : 4; };
struct s3 { unsigned a : 1; unsigned : 0; unsigned b : 1; };
struct s4 { char c; unsigned x : 7; unsigned y : 9; };
struct s5 { unsigned long long big : 40; unsigned small : 4; };
struct s6 { int a : 20; int b : 20; };
struct s7 { unsigned char a : 3; unsigned char b : 6; };
struct s8 { short s : 9; char c; int i : 3; };
struct s9 { _Bool f : 1; unsigned pad : 2; unsigned : 3; unsigned z : 2; };
struct s10 { unsigned a : 31; unsigned b : 2; };

static unsigned raw(const void *p, size_t n)
{
    unsigned r = 0;
    memcpy(&r, p, n < 4 ? n : 4);
    return r;
}

int main(void)
{
    printf("%zu %zu %zu %zu %zu %zu %zu %zu %zu %zu\n", sizeof(struct s1), sizeof(struct s2),
           sizeof(struct s3), sizeof(struct s4), sizeof(struct s5), sizeof(struct s6),
           sizeof(struct s7), sizeof(struct s8), sizeof(struct s9), sizeof(struct s10));

    struct s1 x;
    memset(&x, 0, sizeof x);
    x.a = 5;
    x.b = 17;
    x.c = 200;
    printf("%u %u %u raw=%08x\n", x.a, x.b, x.c, raw(&x, sizeof x));
    x.a = 9;            /* wraps modulo 8 */
    x.b += 20;
    printf("%u %u\n", x.a, x.b);
    x.c++;
    x.c += 100;
    printf("%u\n", x.c);

    struct s2 y = { -3, 15 };
    printf("%d %u raw=%02x\n", y.a, y.b, raw(&y, 1) & 0xff);
    y.a = 7;
    printf("%d\n", y.a);
    y.a = -8;
    printf("%d %d\n", y.a, y.a - 1);
    y.b = 0;
    y.b--;
    printf("%u\n", y.b);

    struct s3 z;
    memset(&z, 0, sizeof z);
    z.a = 1;
    z.b = 1;
    printf("raw3 %08x %08x\n", raw(&z, 4), raw((char *)&z + 4, 4));
    struct s4 w;
    memset(&w, 0, sizeof w);
    w.c = 1;
    w.x = 127;
    w.y = 511;
    printf("raw4 %08x\n", raw(&w, 4));
    struct s5 v;
    memset(&v, 0, sizeof v);
    v.big = 0xffffffffffULL;
    v.small = 15;
    printf("%llx %u\n", (unsigned long long)v.big, v.small);
    v.big += 2;
    printf("%llx\n", (unsigned long long)v.big);
    struct s6 u = { -1, 524287 };
    printf("%d %d\n", u.a, u.b);
    u.b = -524288;
    printf("%d\n", u.b);
    struct s7 t;
    memset(&t, 0, sizeof t);
    t.a = 7;
    t.b = 63;
    printf("raw7 %04x\n", raw(&t, 2) & 0xffff);
    struct s8 r;
    memset(&r, 0, sizeof r);
    r.s = -1;
    r.c = 2;
    r.i = -4;
    printf("%d %d %d raw8 %08x\n", r.s, r.c, r.i, raw(&r, 4));
    struct s9 q = { 1, 3, 2 };
    printf("%d %u %u\n", q.f, q.pad, q.z);
    q.f = 5;
    printf("%d\n", q.f);
    struct s10 p = { 0x7fffffff, 3 };
    printf("%x %u\n", p.a, p.b);
    printf("%d %d\n", p.b - 4 < 0, x.a - 8 < 0);
    struct s1 arr[3] = { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } };
    int sum = 0;
    for (int i = 0; i < 3; i++)
        sum += arr[i].a + arr[i].b + arr[i].c;
    printf("%d\n", sum);
    struct s2 neg = { .b = 1, .a = -1 };
    int promoted = neg.a;
    printf("%d %d\n", promoted, neg.a * 3);
    return 0;
}
