/* Unions: size, shared storage, type punning (C11 6.5.2.3 note 95). */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

union num { int i; float f; double d; char c[8]; };
union mixed { char c; struct { short a, b; } s; long l; };
union small { char c; short s; };
union arr { int a[3]; char c[13]; };

struct tagged {
    enum { T_INT, T_DBL, T_STR } tag;
    union { int i; double d; const char *s; } u;
};

static void show(struct tagged t)
{
    switch (t.tag) {
    case T_INT: printf("int %d\n", t.u.i); break;
    case T_DBL: printf("dbl %g\n", t.u.d); break;
    case T_STR: printf("str %s\n", t.u.s); break;
    }
}

int main(void)
{
    printf("%zu %zu %zu %zu\n", sizeof(union num), sizeof(union mixed), sizeof(union small),
           sizeof(union arr));
    printf("%zu %zu\n", _Alignof(union num), _Alignof(union arr));

    union { float f; uint32_t u; } fu;
    fu.f = 1.0f;
    printf("%08x\n", fu.u);
    fu.f = -2.5f;
    printf("%08x\n", fu.u);
    fu.u = 0x40490fdb;
    printf("%.7g\n", fu.f);
    union { double d; uint64_t u; } du;
    du.d = 0.1;
    printf("%016llx\n", (unsigned long long)du.u);
    du.u = 0x7ff0000000000000ULL;
    printf("%g\n", du.d);
    du.u = 0x8000000000000000ULL;
    printf("%g\n", du.d);

    union num n;
    memset(&n, 0, sizeof n);
    n.i = 0x41424344;
    printf("%c%c%c%c %d\n", n.c[0], n.c[1], n.c[2], n.c[3], n.c[4]);
    union { uint32_t w; uint16_t h[2]; uint8_t b[4]; } pun = { 0x11223344 };
    printf("%x %x %x %x\n", pun.h[0], pun.h[1], pun.b[0], pun.b[3]);
    pun.b[1] = 0xff;
    printf("%08x\n", pun.w);

    union mixed m = { .l = 0 };
    m.s.a = 1;
    m.s.b = 2;
    printf("%ld\n", m.l);
    m.c = 'z';
    printf("%d %d\n", m.s.a, m.c);

    union num init = { 65 };
    printf("%d\n", init.i);
    union num des = { .d = 2.0 };
    printf("%g\n", des.d);
    union num copy = des;
    printf("%g\n", copy.d);

    struct tagged ts[3] = { { T_INT, { .i = 42 } }, { T_DBL, { .d = 3.5 } },
                            { T_STR, { .s = "text" } } };
    for (int i = 0; i < 3; i++)
        show(ts[i]);
    union arr ua;
    for (int i = 0; i < 13; i++)
        ua.c[i] = (char)i;
    printf("%08x %08x %08x\n", ua.a[0], ua.a[1], ua.a[2]);
    union num *up = &n;
    up->f = 0.5f;
    printf("%08x\n", (unsigned)up->i);
    return 0;
}
