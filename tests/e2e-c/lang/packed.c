#include <stdio.h>
#include <stddef.h>
struct __attribute__((packed)) P { char c; int i; short s; };
struct Q { char c; int i; } __attribute__((packed));
struct A { char c; int x __attribute__((aligned(16))); };
struct __attribute__((aligned(32))) B { int v; };
typedef struct { char a; long b; } __attribute__((packed)) T;
struct PB { unsigned a : 3; unsigned b : 7; unsigned c : 9; } __attribute__((packed));
int main(void)
{
    printf("%lu %lu %lu\n", sizeof(struct P), offsetof(struct P, i), offsetof(struct P, s));
    printf("%lu %lu\n", sizeof(struct Q), _Alignof(struct Q));
    printf("%lu %lu %lu\n", sizeof(struct A), offsetof(struct A, x), _Alignof(struct A));
    printf("%lu %lu\n", sizeof(struct B), _Alignof(struct B));
    printf("%lu\n", sizeof(T));
    printf("%lu\n", sizeof(struct PB));
    struct P p = {'a', 0x12345678, 77};
    p.i += 1;
    printf("%c %x %d\n", p.c, p.i, p.s);
    struct PB pb = {5, 100, 400};
    printf("%u %u %u\n", pb.a, pb.b, pb.c);
    _Alignas(16) char buf[3];
    printf("%lu\n", sizeof buf);
    return 0;
}
