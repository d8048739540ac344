/* typedef names: scoping, shadowing, function/array/pointer typedefs. */
#include <stdio.h>

typedef int T;
typedef T *TP;
typedef int A3[3];
typedef int (*binop)(int, int);
typedef int fn_t(int);
typedef struct node { int v; struct node *next; } node, *nodeptr;
typedef const char *str;
typedef unsigned long size_type;

static int add(int a, int b) { return a + b; }
static int twice(int x) { return 2 * x; }
static fn_t triple;
static int triple(int x) { return 3 * x; }

static int apply(fn_t *f, int x) { return f(x); }

int main(void)
{
    T x = 5;
    TP p = &x;
    printf("%d %zu\n", *p, sizeof(T));
    A3 arr = { 1, 2, 3 };
    printf("%zu %d\n", sizeof(A3), arr[2]);
    A3 *pa = &arr;
    printf("%d\n", (*pa)[1]);
    binop op = add;
    printf("%d\n", op(2, 3));
    printf("%d %d\n", apply(twice, 7), apply(triple, 7));
    node n2 = { 2, 0 };
    node n1 = { 1, &n2 };
    nodeptr np = &n1;
    printf("%d %d\n", np->v, np->next->v);
    str s = "typedef";
    printf("%s\n", s);
    size_type big = 1UL << 40;
    printf("%lu\n", big);
    {
        typedef double T;
        T y = 2.5;
        printf("%g %zu\n", y, sizeof(T));
        {
            int T = 3;          /* an ordinary identifier hides the typedef */
            printf("%d\n", T * 2);
        }
        T z = 1.25;
        printf("%g\n", z);
    }
    T after = 9;
    printf("%d %zu\n", after, sizeof after);
    for (int i = 0; i < 2; i++) {
        typedef char T;
        T c = 'a' + i;
        printf("%c %zu\n", c, sizeof(T));
    }
    typedef T T2, *T2p;
    T2 v = 11;
    T2p vp = &v;
    printf("%d\n", *vp);
    typedef struct { int a, b; } pair;
    pair pr = { 4, 5 };
    printf("%d\n", pr.a * pr.b);
    typedef int matrix[2][2];
    matrix m = { { 1, 2 }, { 3, 4 } };
    printf("%d %zu\n", m[1][0], sizeof(matrix));
    typedef binop ops[2];
    ops table = { add, add };
    printf("%d\n", table[1](10, 20));
    const T ct = 8;
    printf("%d\n", ct);
    return 0;
}
