/* Struct assignment, passing and returning structs by value. */
#include <stdio.h>
#include <string.h>

struct small { int a, b; };
struct tiny { char c; };
struct mix { char c; double d; };
struct large { int v[20]; char name[16]; double w; };
struct fl { float x, y, z; };

static struct small make_small(int a, int b) { struct small s = { a, b }; return s; }
static struct small swap(struct small s) { int t = s.a; s.a = s.b; s.b = t; return s; }
static struct tiny make_tiny(char c) { return (struct tiny){ c }; }
static struct mix make_mix(double d) { struct mix m = { 'm', d }; return m; }
static struct fl scale(struct fl p, float k) { p.x *= k; p.y *= k; p.z *= k; return p; }

static struct large make_large(int seed)
{
    struct large l;
    for (int i = 0; i < 20; i++)
        l.v[i] = seed * i;
    strcpy(l.name, "large");
    l.w = seed / 4.0;
    return l;
}

static int sum_large(struct large l)
{
    int s = 0;
    for (int i = 0; i < 20; i++)
        s += l.v[i];
    l.v[0] = 999;           /* changes only the copy */
    return s;
}

static struct large modify(struct large l)
{
    l.v[19] = -1;
    l.name[0] = 'L';
    return l;
}

static void by_pointer(struct small *p) { p->a *= 10; }

static struct small pass_many(struct small a, struct mix m, struct small b, int k)
{
    struct small r = { a.a + b.a + (int)m.d + k, a.b + b.b + m.c };
    return r;
}

int main(void)
{
    struct small s1 = make_small(1, 2), s2;
    s2 = s1;
    s2.a = 100;
    printf("%d %d %d %d\n", s1.a, s1.b, s2.a, s2.b);
    struct small sw = swap(s1);
    printf("%d %d\n", sw.a, sw.b);
    printf("%d\n", make_small(7, 8).b);
    printf("%c\n", make_tiny('t').c);
    struct mix m = make_mix(2.75);
    printf("%c %g\n", m.c, m.d);
    struct fl p = scale((struct fl){ 1.0f, 2.0f, 3.0f }, 1.5f);
    printf("%g %g %g\n", p.x, p.y, p.z);

    struct large l = make_large(3);
    printf("%d %d %s %g\n", l.v[5], sum_large(l), l.name, l.w);
    printf("%d\n", l.v[0]);
    struct large l2 = modify(l);
    printf("%d %d %s %s\n", l.v[19], l2.v[19], l.name, l2.name);
    l = l2;
    printf("%d %s\n", l.v[19], l.name);
    printf("%d\n", make_large(2).v[19]);

    by_pointer(&s1);
    printf("%d\n", s1.a);
    struct small r = pass_many(s1, m, s2, 5);
    printf("%d %d\n", r.a, r.b);

    struct small arr[3] = { { 1, 1 }, { 2, 2 }, { 3, 3 } };
    arr[0] = arr[2];
    arr[2] = swap(make_small(9, 8));
    for (int i = 0; i < 3; i++)
        printf("(%d,%d)", arr[i].a, arr[i].b);
    printf("\n");
    struct wrap { struct small in; int arr[3]; } w1 = { { 5, 6 }, { 7, 8, 9 } }, w2;
    w2 = w1;
    w1.arr[1] = 0;
    printf("%d %d %d\n", w2.in.b, w2.arr[1], w1.arr[1]);
    struct small *ps = &arr[1];
    struct small cp = *ps;
    ps->a = 50;
    printf("%d %d\n", cp.a, arr[1].a);
    const struct small cs = { 3, 4 };
    struct small nc = cs;
    nc.a++;
    printf("%d %d\n", cs.a, nc.a);
    struct small chain = swap(swap(swap(make_small(1, 2))));
    printf("%d %d\n", chain.a, chain.b);
    int x = (s2 = s1).a;
    printf("%d %d\n", x, s2.a);
    return 0;
}
