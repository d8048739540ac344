/* Examples from the C11 standard (6.5.2.5, 6.5.3.4, 6.7.2.1, 6.7.3, 6.7.6.3,
 * 6.7.9, 6.8.6.1), made into one program. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

struct point { int x, y; };
static int drawline(struct point *a, struct point *b) { return a->x * 1000 + a->y * 100 + b->x * 10 + b->y; }

/* 6.7.6.3 EXAMPLE 2 */
static int take_long(long l) { return (int)l * 2; }
static int sum_va(int n, ...) { return n; }
static int (*fpfi(int (*f)(long), int k))(int, ...) { return f(k) > 0 ? sum_va : NULL; }

/* 6.5.3.4 EXAMPLE 3 */
static size_t fsize3(int n)
{
    char b[n + 3];
    return sizeof b;
}

/* 6.7.2.1 EXAMPLE: flexible array member */
struct s { int n; double d[]; };

/* 6.7.9 EXAMPLE 12 */
enum { member_one, member_two };
static const char *nm[] = { [member_two] = "member two", [member_one] = "member one" };

int main(void)
{
    /* 6.5.2.5 compound literals */
    int *p = (int []){ 2, 4 };
    printf("%d %d\n", p[0], p[1]);
    printf("%d\n", drawline(&(struct point){ .x = 1, .y = 1 }, &(struct point){ 3, 4 }));
    const char *cs = (const char []){ "abc" };
    printf("%s %zu\n", cs, sizeof((const float []){ 1e0, 1e1, 1e2 }));
    struct sl { int i; } *q = NULL, *pp;
    int j = 0;
again:
    pp = q, q = &((struct sl){ j++ });
    if (j < 2)
        goto again;
    printf("%d %d\n", pp == q, q->i);   /* 6.5.2.5 EXAMPLE 8: same object */

    /* 6.5.3.4 */
    int array[] = { 1, 2, 3, 4, 5 };
    printf("%zu %zu\n", sizeof array / sizeof array[0], fsize3(10));

    /* 6.7.2.1 flexible array member */
    struct s *sp = malloc(sizeof(struct s) + sizeof(double[4]));
    sp->n = 4;
    for (int i = 0; i < sp->n; i++)
        sp->d[i] = i * 0.5;
    printf("%zu %zu %g\n", sizeof(struct s), offsetof(struct s, d), sp->d[3]);
    free(sp);

    /* 6.7.3 EXAMPLE 3 */
    const struct qs { int mem; } qcs = { 1 };
    struct qs ncs;
    const int *pci = &qcs.mem;
    int *pi = &ncs.mem;
    ncs = qcs;
    *pi = *pci + 1;
    printf("%d %d\n", ncs.mem, qcs.mem);

    /* 6.7.6.3 */
    int (*f)(int, ...) = fpfi(take_long, 3);
    printf("%d\n", f ? f(7, 1, 2) : -1);

    /* 6.7.9 initializers */
    int x[] = { 1, 3, 5 };
    int y[4][3] = { { 1, 3, 5 }, { 2, 4, 6 }, { 3, 5, 7 } };
    int y2[4][3] = { 1, 3, 5, 2, 4, 6, 3, 5, 7 };
    int z[4][3] = { { 1 }, { 2 }, { 3 }, { 4 } };
    struct { int a[3], b; } w[] = { { 1 }, 2 };
    short qq[4][3][2] = { { 1 }, { 2, 3 }, { 4, 5, 6 } };
    short qq2[4][3][2] = { 1, 0, 0, 0, 0, 0, 2, 3, 0, 0, 0, 0, 4, 5, 6 };
    typedef struct { int quot, rem; } mydiv;
    mydiv answer = { .quot = 2, .rem = -1 };
    union { int any_member; char c; } u = { .any_member = 42 };
    enum { MAX = 12 };
    int a[MAX] = { 1, 3, 5, 7, 9, [MAX - 5] = 8, 6, 4, 2, 0 };
    printf("%zu %d %d\n", sizeof x / sizeof x[0], y[2][1], y2[2][1] == y[2][1]);
    printf("%d %d %d %d\n", z[0][0], z[1][0], z[2][1], z[3][0]);
    printf("%zu %d %d %d\n", sizeof w / sizeof w[0], w[0].a[0], w[1].a[0], w[0].b);
    int same = 1;
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 3; k++)
            for (int m = 0; m < 2; m++)
                same &= qq[i][k][m] == qq2[i][k][m];
    printf("%d %d %d %d\n", same, qq[2][0][1], answer.quot + answer.rem, u.any_member);
    for (int i = 0; i < MAX; i++)
        printf("%d%c", a[i], i + 1 < MAX ? ' ' : '\n');
    printf("%s, %s\n", nm[0], nm[1]);
    char s1[] = "abc", t1[3] = "abc";
    printf("%zu %zu %c\n", sizeof s1, sizeof t1, t1[2]);

    /* 6.8.6.1 goto with a VLA: jump back before the declaration is fine */
    int n = 1, rounds = 0;
lab:
    {
        double vla[n];
        vla[n - 1] = n;
        rounds += (int)vla[n - 1];
    }
    if (++n <= 4)
        goto lab;
    printf("%d\n", rounds);
    return 0;
}
