/* __attribute__ in every declarator position gcc's grammar allows: before and
   after pointers, inside the parentheses of nested and abstract declarators (casts,
   sizeof, compound literals, _Generic), on parameters, members, enums, labels and
   statements. */
#include <stdio.h>
static int seven(void) { return 7; }
int __attribute__((unused)) g1 __attribute__((unused)) = 1;
int * __attribute__((unused)) g2 = &g1;
int (__attribute__((unused)) *g3)(void) = seven;
int __attribute__((noinline)) twice(int x __attribute__((unused)), int y) __attribute__((used));
int twice(int x, int y) { return 2 * y + 0 * x; }
struct __attribute__((packed)) pk { char c; int i __attribute__((aligned(1))); } __attribute__((unused));
typedef int __attribute__((aligned(8))) aint;
static int main1(void)
{
    void *fp = (void *)seven;
    printf("%d\n", ((int (__attribute__((unused)) *)(void)) fp)());
    printf("%d\n", ((int (* __attribute__((unused)))(void)) fp)());
    printf("%d\n", ((int __attribute__((unused)) (*)(void)) fp)());
    printf("%zu %zu\n", sizeof(int __attribute__((unused)) *), sizeof(int (__attribute__((unused)) *)[3]));
    int * __attribute__((unused)) const p = &g1;
    int arr[2] __attribute__((unused)) = {1, 2};
    int (__attribute__((unused)) *pa)[2] = &arr;
    char * __attribute__((aligned(8))) __attribute__((unused)) q = 0;
    printf("%d %d %d %d %d %zu\n", *p, (*pa)[1], *g2, g3(), twice(1, 4), sizeof(struct pk));
    printf("%d\n", q == 0);
    _Alignas(8) aint z = 3;
    printf("%d\n", z + (int)_Alignof(aint));
    return 0;
}
struct __attribute__((packed)) pk3 { char c; int i; };
struct pk2 { char c; int i; } __attribute__((packed));
enum __attribute__((unused)) color { RED, GREEN __attribute__((unused)) = 5, BLUE };
typedef struct { int a; } __attribute__((aligned(16))) al16;
static __attribute__((unused)) int spare;
__attribute__((unused)) static int spare2;
static int add(int a, int __attribute__((unused)) b, __attribute__((unused)) int c) { return a + b + c; }
static int apply(int (__attribute__((unused)) *fn)(int, int, int), int x) { return fn(x, 1, 1); }
static void (* __attribute__((unused)) handlers[2])(int);
static int counter;
static void bump(int n) { counter += n; }
static int main2(void)
{
    int v = 0;
    switch (v) {
    case 0:
        v = 1;
        __attribute__((fallthrough));
    case 1:
        v += 10;
        break;
    }
    lbl: __attribute__((unused));
    handlers[0] = bump;
    handlers[0](4);
    int (__attribute__((unused)) *arrp)[3] = (int (__attribute__((unused)) *)[3]) 0;
    int n = (int __attribute__((unused))) 3.7;
    long sz = sizeof(struct pk3) + sizeof(struct pk2) * 10 + sizeof(al16) * 100;
    int *cl = (int __attribute__((unused)) []){ 1, 2, 3 };
    int g = _Generic((int __attribute__((unused)) *)0, int *: 1, default: 0);
    printf("%d %d %d %ld %d %d %d %d %d\n", v, apply(add, 5), counter, sz, n, cl[2], g,
           arrp == 0, (int)_Alignof(int __attribute__((unused))));
    printf("%d %d %d\n", RED, GREEN, BLUE);
    return 0;
}
int main(void)
{
    return main1() + main2();
}
