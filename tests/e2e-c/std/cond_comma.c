/* Conditional operator with mixed operand types; comma operator. */
#include <stdio.h>

#define TYPE(x) _Generic((x), int: "int", unsigned int: "unsigned", long: "long", \
    unsigned long: "unsigned long", double: "double", float: "float", \
    char *: "char*", const char *: "const char*", void *: "void*", \
    const void *: "const void*", default: "other")

static int calls;
static int side(int v) { calls++; return v; }

int main(void)
{
    int t = 1, f = 0;
    printf("%s %s %s\n", TYPE(t ? 1 : 2.0), TYPE(t ? 1 : 2u), TYPE(t ? 1L : 2u));
    printf("%s %s\n", TYPE(t ? 1.0f : 2), TYPE(t ? 'a' : 'b'));
    char buf[] = "x";
    const char *cs = "y";
    void *vp = buf;
    printf("%s %s\n", TYPE(t ? buf : cs), TYPE(t ? vp : buf));
    printf("%s\n", TYPE(t ? (void *)0 : buf));
    printf("%g %g\n", t ? 1 : 2.5, f ? 1 : 2.5);
    printf("%u\n", f ? 1 : -1u);
    printf("%d\n", (t ? -1 : 1u) > 0);
    printf("%ld\n", f ? 1L : -1);
    printf("%s\n", t ? "yes" : "no");
    int a = 5, b = 9;
    int mx = a > b ? a : b;
    printf("%d\n", mx);
    *(a < b ? &a : &b) = 100;
    printf("%d %d\n", a, b);
    int n = 15;
    printf("%s\n", n % 15 == 0 ? "FizzBuzz" : n % 5 == 0 ? "Buzz" : n % 3 == 0 ? "Fizz" : "num");
    for (int i = 1; i <= 15; i++)
        printf("%s%s", i % 3 ? "" : "F", i % 5 ? (i % 3 ? "." : "") : "B");
    printf("\n");
    calls = 0;
    int r = t ? side(1) : side(2);
    printf("%d %d\n", r, calls);
    r = f ? side(3) : (side(4), side(5));
    printf("%d %d\n", r, calls);

    int c = (1, 2, 3);
    printf("%d\n", c);
    int x = 0, y;
    y = (x++, x++, x * 10);
    printf("%d %d\n", x, y);
    int k, m;
    for (k = 0, m = 10; k < m; k++, m--)
        ;
    printf("%d %d\n", k, m);
    printf("%zu %s\n", sizeof(0, (char)1), TYPE((0, 1.5)));
    double d = (calls = 0, side(7), 2.5);
    printf("%g %d\n", d, calls);
    int arr[3] = { 1, 2, 3 };
    int idx = 0;
    printf("%d\n", arr[(idx++, idx++, idx)]);
    int v = t ? f ? 1 : 2 : 3;
    printf("%d\n", v);
    int w = f ? 1 : t ? 2 : 3;
    printf("%d\n", w);
    struct s { int q; } s1 = { 1 }, s2 = { 2 };
    printf("%d\n", (f ? s1 : s2).q);
    const int ci = 4;
    int ni = 6;
    printf("%d\n", t ? ci : ni);
    return 0;
}
