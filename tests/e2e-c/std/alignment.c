/* _Alignof and _Alignas (C11 6.2.8, 6.7.5). */
#include <stdio.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>

struct s1 { char c; _Alignas(16) int i; };
struct s2 { _Alignas(8) char c; char d; };
struct s3 { char c; alignas(double) char buf[3]; };
struct s4 { int i; _Alignas(32) char big; };
union u1 { char c; _Alignas(16) char d; };

static _Alignas(64) char aligned_global[10];
static alignas(int) char int_aligned[4];

int main(void)
{
    printf("%zu %zu %zu %zu %zu\n", _Alignof(char), _Alignof(short), _Alignof(int),
           _Alignof(long), _Alignof(long long));
    printf("%zu %zu %zu %zu\n", _Alignof(float), _Alignof(double), _Alignof(void *),
           _Alignof(_Bool));
    printf("%zu %zu\n", alignof(int[10]), alignof(struct { char a; double b; }));
    printf("%zu %zu\n", sizeof(struct s1), alignof(struct s1));
    printf("%zu %zu\n", offsetof(struct s1, i), offsetof(struct s2, d));
    printf("%zu %zu\n", sizeof(struct s2), alignof(struct s2));
    printf("%zu %zu %zu\n", sizeof(struct s3), alignof(struct s3), offsetof(struct s3, buf));
    printf("%zu %zu %zu\n", sizeof(struct s4), alignof(struct s4), offsetof(struct s4, big));
    printf("%zu %zu\n", sizeof(union u1), alignof(union u1));
    printf("%zu %zu\n", alignof(int8_t), alignof(int64_t));

    _Alignas(16) int local = 5;
    _Alignas(double) char cbuf[8];
    alignas(32) double d = 1.0;
    printf("%d %d\n", (int)((uintptr_t)&local % 16), (int)((uintptr_t)cbuf % 8));
    printf("%d\n", (int)((uintptr_t)&d % 32));
    printf("%d %d\n", (int)((uintptr_t)aligned_global % 64), (int)((uintptr_t)int_aligned % 4));
    struct s4 arr[2];
    printf("%d\n", (int)(((uintptr_t)&arr[1].big) % 32));
    printf("%d\n", __alignas_is_defined && __alignof_is_defined);
    _Alignas(0) int zero_ignored = 3;
    printf("%d %d %g\n", local, zero_ignored, d);
    return 0;
}
