/* const, volatile and restrict qualifiers. */
#include <stdio.h>
#include <string.h>

static void add_arrays(int n, int *restrict dst, const int *restrict a, const int *restrict b)
{
    for (int i = 0; i < n; i++)
        dst[i] = a[i] + b[i];
}

static size_t count_char(const char *s, char c)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

static const int table[4] = { 2, 3, 5, 7 };
static volatile int vglobal;

static int read_const(const int *p) { return *p * 2; }

int main(void)
{
    const int ci = 10;
    int x = 5;
    const int *pc = &x;      /* pointer to const */
    int *const cp = &x;      /* const pointer */
    const int *const cpc = &ci;
    *cp = 6;
    printf("%d %d %d %d\n", ci, *pc, *cp, *cpc);
    pc = &ci;
    printf("%d\n", *pc);
    int y = 42;
    const int *view = &y;
    int *mut = (int *)view;  /* casting away const of a non-const object is fine */
    *mut = 43;
    printf("%d\n", y);
    printf("%d\n", read_const(&y));
    volatile int v = 0;
    for (int i = 0; i < 100; i++)
        v += i;
    printf("%d\n", v);
    vglobal = 3;
    vglobal *= 7;
    printf("%d\n", vglobal);
    volatile double vd = 1.5;
    vd = vd * vd;
    printf("%g\n", vd);
    int a[5] = { 1, 2, 3, 4, 5 }, b[5] = { 10, 20, 30, 40, 50 }, c[5];
    add_arrays(5, c, a, b);
    for (int i = 0; i < 5; i++)
        printf("%d ", c[i]);
    printf("\n");
    printf("%zu\n", count_char("mississippi", 's'));
    printf("%d %zu\n", table[3], sizeof table);
    const char *const names[] = { "a", "b" };
    printf("%s%s\n", names[0], names[1]);
    const struct { int a; double b; } cs = { 1, 2.0 };
    printf("%d %g\n", cs.a, cs.b);
    char buf[16];
    const char *src = "copy";
    char *restrict dst = buf;
    strcpy(dst, src);
    printf("%s\n", buf);
    const volatile int cv = 9;
    printf("%d\n", cv + 1);
    int *volatile pv = &x;
    *pv = 77;
    printf("%d\n", x);
    printf("%s\n", _Generic(&ci, const int *: "const int*", int *: "int*"));
    printf("%s\n", _Generic(cp, int *: "int*", default: "other"));
    return 0;
}
