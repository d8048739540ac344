#include <stdio.h>
#include <stdlib.h>
__attribute__((noreturn)) static void die(int code) { exit(code); }
static int unused_fn(void) __attribute__((unused));
static int unused_fn(void) { return 1; }
__attribute__((always_inline)) static inline int sq(int x) { return x * x; }
int __attribute__((aligned(8))) aligned_global = 3;
struct __attribute__((packed)) wire { char tag; int len; };
extern int printf(const char *, ...) __attribute__((format(printf, 1, 2)));
int main(void)
{
    int x __attribute__((unused)) = 5;
    __extension__ long long big = 1LL << 40;
    printf("%d %d %lld %lu\n", sq(4), aligned_global, big, sizeof(struct wire));
    _Noreturn void (*fp)(int) = die;
    (void)fp;
    printf("%d\n", __builtin_expect(x == 5, 1));
    if (x == 6)
        die(3);
    die(0);
}
