#include <stdio.h>
struct big { int v[10]; char tag; };
struct small { char c; short s; };
static struct big make(int base)
{
    struct big b;
    for (int i = 0; i < 10; i++)
        b.v[i] = base + i;
    b.tag = 'm';
    return b;
}
static int total(struct big b)
{
    int s = 0;
    for (int i = 0; i < 10; i++)
        s += b.v[i];
    b.v[0] = -1; /* the callee owns its copy */
    return s;
}
static struct small flip(struct small s) { struct small r = {(char)(s.c + 1), (short)-s.s}; return r; }
struct big global_big;
int main(void)
{
    struct big b = make(10);
    printf("%d %d %c\n", total(b), b.v[0], b.tag);
    global_big = make(100);
    printf("%d\n", global_big.v[9]);
    struct small s = flip(flip((struct small){'a', 5}));
    printf("%c %d\n", s.c, s.s);
    printf("%d\n", make(3).v[4]);
    struct big arr[2];
    arr[1] = make(7);
    arr[0] = arr[1];
    printf("%d %d\n", arr[0].v[2], total(arr[0]));
    struct small x = {1, 2}, y;
    y = x;
    x.s = 99;
    printf("%d ", y.s);
    printf("%d\n", (y = x).s);
    struct small *ps = &y;
    *ps = flip(*ps);
    printf("%d %d\n", ps->c, ps->s);
    int cond = 1;
    struct small z = cond ? x : y;
    printf("%d\n", z.s);
    return 0;
}
