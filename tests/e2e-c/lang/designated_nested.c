#include <stdio.h>
struct In { int x, y, z; };
struct Out { struct In a; int b; int c[3]; };
struct An { int k; struct { int p, q; }; int r; };
union U { struct In s; int w; };
struct Out g1 = { .a.y = 1, 2, 3, .c[1] = 7, 8 };
struct Out g2[2] = { [0].a.z = 5, 6, [1].c[0] = 9, 10, 11 };
struct An g3 = { .p = 1, 2, 3 };
int g4[2][3] = { [0][1] = 1, 2, 3, 4 };
union U g5 = { .s.y = 4, 5 };
struct Out g6 = { .a = { 1 }, 2, .a.z = 3 };
static void pr(const struct Out *o)
{
    printf("%d %d %d %d %d %d %d\n", o->a.x, o->a.y, o->a.z, o->b, o->c[0], o->c[1], o->c[2]);
}
int main(void)
{
    struct Out l1 = { .a.y = 1, 2, 3, .c[1] = 7, 8 };
    struct Out l2[2] = { [0].a.z = 5, 6, [1].c[0] = 9, 10, 11 };
    struct An l3 = { .p = 1, 2, 3 };
    int l4[2][3] = { [0][1] = 1, 2, 3, 4 };
    union U l5 = { .s.y = 4, 5 };
    struct Out l6 = { .a = { 1 }, 2, .a.z = 3 };
    pr(&g1); pr(&g2[0]); pr(&g2[1]); pr(&g6);
    printf("%d %d %d %d\n", g3.k, g3.p, g3.q, g3.r);
    for (int i = 0; i < 6; i++) printf("%d ", g4[i / 3][i % 3]);
    printf("\n%d %d %d\n", g5.s.x, g5.s.y, g5.s.z);
    pr(&l1); pr(&l2[0]); pr(&l2[1]); pr(&l6);
    printf("%d %d %d %d\n", l3.k, l3.p, l3.q, l3.r);
    for (int i = 0; i < 6; i++) printf("%d ", l4[i / 3][i % 3]);
    printf("\n%d %d %d\n", l5.s.x, l5.s.y, l5.s.z);
    return 0;
}
