#include <stdio.h>
typedef int myint;
typedef myint *intp;
typedef struct list { int v; struct list *next; } list;
typedef int (*binop)(int, int);
typedef char str8[8];
static int add(int a, int b) { return a + b; }
int main(void)
{
    myint x = 3;
    intp p = &x;
    list a = {1, 0}, b = {2, &a};
    binop f = add;
    str8 s = "typedef";
    printf("%d %d %d %s %lu\n", *p, b.next->v, f(2, 3), s, sizeof(str8));
    {
        typedef double myint;
        myint d = 1.5;
        printf("%g\n", d);
    }
    myint myint_var = 4;
    printf("%d\n", myint_var);
    /* a typedef name used as a variable in an inner scope */
    {
        int list = 5;
        printf("%d\n", list);
    }
    list *lp = &b;
    printf("%d\n", lp->v);
    return 0;
}
