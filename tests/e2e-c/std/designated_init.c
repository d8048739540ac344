/* Designated initializers, overriding, and zero-fill of the rest. */
#include <stdio.h>

struct pt { int x, y, z; };
struct rect { struct pt a, b; const char *name; };
struct arrs { int n; int v[4]; char tag[6]; };
union u { int i; double d; char c[8]; };

static int g_arr[10] = { [2] = 2, [7] = 7, 8 };
static struct rect g_rect = { .b.y = 5, .name = "g", .a = { 1, 2, 3 } };
static char g_str[10] = "ab";
static int g_zero[5];

int main(void)
{
    for (int i = 0; i < 10; i++)
        printf("%d ", g_arr[i]);
    printf("\n");
    printf("%d %d %d %d %d %d %s\n", g_rect.a.x, g_rect.a.y, g_rect.a.z, g_rect.b.x, g_rect.b.y,
           g_rect.b.z, g_rect.name);
    for (int i = 0; i < 10; i++)
        printf("%d ", g_str[i]);
    printf("\n%d %d\n", g_zero[0], g_zero[4]);

    int a[] = { [5] = 1, [1] = 2 };
    printf("%zu:", sizeof a / sizeof a[0]);
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
        printf(" %d", a[i]);
    printf("\n");
    int over[5] = { 1, 2, 3, [1] = 20, 30 };
    for (int i = 0; i < 5; i++)
        printf("%d ", over[i]);
    printf("\n");
    struct pt p = { .z = 3, .x = 1 };
    printf("%d %d %d\n", p.x, p.y, p.z);
    struct pt q = { .y = 1, 2 };        /* continues with z */
    printf("%d %d %d\n", q.x, q.y, q.z);
    struct pt r = { .x = 1, .x = 9 };
    printf("%d %d %d\n", r.x, r.y, r.z);
    struct rect rc = { .a.x = 1, .b = { .z = 6 }, .a.z = 3 };
    printf("%d %d %d %d %d %d %d\n", rc.a.x, rc.a.y, rc.a.z, rc.b.x, rc.b.y, rc.b.z,
           rc.name == 0);
    struct arrs s = { .v[2] = 5, .tag = "hey", .n = 4, .v[0] = 1 };
    printf("%d [%d %d %d %d] %s %d\n", s.n, s.v[0], s.v[1], s.v[2], s.v[3], s.tag, s.tag[5]);
    struct arrs s2 = { 1, 2, 3, 4, 5, 'a', 'b' };
    printf("%d [%d %d %d %d] %c%c%d\n", s2.n, s2.v[0], s2.v[1], s2.v[2], s2.v[3], s2.tag[0],
           s2.tag[1], s2.tag[2]);
    struct arrs s3 = { 1, { 2 }, "x" };
    printf("%d [%d %d] %s\n", s3.n, s3.v[0], s3.v[3], s3.tag);
    struct pt pts[3] = { [1] = { .y = 5 }, [2].x = 8, [0] = { 1, 1, 1 } };
    for (int i = 0; i < 3; i++)
        printf("(%d %d %d)", pts[i].x, pts[i].y, pts[i].z);
    printf("\n");
    int m[3][3] = { [0][0] = 1, [1][1] = 5, [2] = { 7, 8 } };
    for (int i = 0; i < 3; i++)
        printf("%d %d %d\n", m[i][0], m[i][1], m[i][2]);
    union u u1 = { .d = 1.5 };
    union u u2 = { 7 };
    union u u3 = { .c = { 'o', 'k' } };
    printf("%g %d %s\n", u1.d, u2.i, u3.c);
    char letters[26] = { ['a' - 'a'] = 'A', ['z' - 'a'] = 'Z' };
    printf("%c %c %d\n", letters[0], letters[25], letters[1]);
    int zeros[100] = { 0 };
    int nz = 0;
    for (int i = 0; i < 100; i++)
        nz += zeros[i] != 0;
    printf("%d\n", nz);
    struct rect empty = { 0 };
    printf("%d %d %d\n", empty.a.x, empty.b.z, empty.name == 0);
    double ds[4] = { 1.5 };
    printf("%g %g %g\n", ds[0], ds[1], ds[3]);
    struct { int a; struct { int b, c; } in; int d; } nest = { 1, 2, 3, 4 };
    printf("%d %d %d %d\n", nest.a, nest.in.b, nest.in.c, nest.d);
    struct { int a; struct { int b, c; } in; int d; } nest2 = { 1, { 2 }, 4 };
    printf("%d %d %d %d\n", nest2.a, nest2.in.b, nest2.in.c, nest2.d);
    const char *msgs[] = { [3] = "three", [1] = "one" };
    printf("%zu %s %s %d\n", sizeof msgs / sizeof *msgs, msgs[1], msgs[3], msgs[0] == 0);
    int n = 3;
    int rt[4] = { n, n * 2, [3] = n * 3 };
    printf("%d %d %d %d\n", rt[0], rt[1], rt[2], rt[3]);
    return 0;
}
