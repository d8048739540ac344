#include <stdio.h>
#include <string.h>
struct point { int x, y; };
struct rect { struct point tl, br; char name[8]; };
union num { int i; float f; unsigned char bytes[4]; };
struct node { int val; struct node *next; };
struct anon { int kind; union { int i; double d; }; struct { short a, b; }; };
int area(const struct rect *r) { return (r->br.x - r->tl.x) * (r->br.y - r->tl.y); }
int main(void)
{
    struct rect r = {{1, 2}, {4, 6}, "box"};
    printf("%d %s\n", area(&r), r.name);
    struct rect r2 = r;
    r2.tl.x = 0;
    printf("%d %d\n", area(&r2), area(&r));
    union num u;
    u.f = 1.0f;
    printf("%x %d\n", u.i, u.bytes[3]);
    struct node n3 = {3, NULL}, n2 = {2, &n3}, n1 = {1, &n2};
    for (struct node *p = &n1; p; p = p->next)
        printf("%d ", p->val);
    printf("\n");
    struct anon a;
    a.kind = 1;
    a.d = 2.5;
    a.a = 7;
    a.b = 8;
    printf("%d %g %d %d %lu\n", a.kind, a.d, a.a, a.b, sizeof a);
    printf("%lu %lu %lu\n", sizeof(struct point), sizeof(struct rect), sizeof(union num));
    struct point pts[3] = {{1, 1}, {2, 2}, {3, 3}};
    struct point *pp = pts;
    pp[1] = pts[2];
    printf("%d %d\n", pts[1].x, (pp + 2)->y);
    struct { char c; double d; char e; } mix;
    printf("%lu\n", sizeof mix);
    memset(&mix, 0, sizeof mix);
    mix.e = 'z';
    printf("%c\n", mix.e);
    struct point q = {.y = 9};
    q = (struct point){q.y, q.x};
    printf("%d %d\n", q.x, q.y);
    return 0;
}
