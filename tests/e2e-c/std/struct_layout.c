/* Struct layout: offsets, padding, nesting, arrays of structs (x86-64 ABI). */
#include <stdio.h>
#include <stddef.h>

struct a { char c; int i; };
struct b { char c; double d; char e; };
struct c { char x, y, z; };
struct d { short s; char c; };
struct e { int i; char c; long l; short s; };
struct f { struct a a; char c; struct c cc; double d; };
struct g { char c; int arr[3]; char tail; };
struct h { long l; char c; };
struct fam { int n; double d; char data[]; };
struct fam2 { char c; int items[]; };
struct ptrs { char c; void *p; char *q; int (*fp)(void); };
struct empty_arr { int n; char name[5]; };

#define SHOW(T) printf("%-12s size %2zu align %zu\n", #T, sizeof(T), _Alignof(T))

int main(void)
{
    SHOW(struct a);
    SHOW(struct b);
    SHOW(struct c);
    SHOW(struct d);
    SHOW(struct e);
    SHOW(struct f);
    SHOW(struct g);
    SHOW(struct h);
    SHOW(struct fam);
    SHOW(struct fam2);
    SHOW(struct ptrs);
    SHOW(struct empty_arr);
    printf("a: %zu %zu\n", offsetof(struct a, c), offsetof(struct a, i));
    printf("b: %zu %zu %zu\n", offsetof(struct b, c), offsetof(struct b, d), offsetof(struct b, e));
    printf("e: %zu %zu %zu %zu\n", offsetof(struct e, i), offsetof(struct e, c),
           offsetof(struct e, l), offsetof(struct e, s));
    printf("f: %zu %zu %zu %zu %zu\n", offsetof(struct f, a), offsetof(struct f, c),
           offsetof(struct f, cc), offsetof(struct f, d), offsetof(struct f, cc.z));
    printf("g: %zu %zu %zu\n", offsetof(struct g, arr), offsetof(struct g, arr[2]),
           offsetof(struct g, tail));
    printf("fam: %zu fam2: %zu\n", offsetof(struct fam, data), offsetof(struct fam2, items));
    printf("ptrs: %zu %zu %zu\n", offsetof(struct ptrs, p), offsetof(struct ptrs, q),
           offsetof(struct ptrs, fp));

    struct b arr[3];
    printf("%zu %td\n", sizeof arr, (char *)&arr[2] - (char *)&arr[0]);
    printf("%td\n", (char *)&arr[1].e - (char *)arr);

    struct e v = { 1, 'x', 3L, 4 };
    printf("%d %c %ld %d\n", v.i, v.c, v.l, v.s);
    struct f nested = { { 'a', 10 }, 'b', { 'x', 'y', 'z' }, 2.5 };
    printf("%c %d %c %c%c%c %g\n", nested.a.c, nested.a.i, nested.c, nested.cc.x, nested.cc.y,
           nested.cc.z, nested.d);
    struct f *np = &nested;
    np->a.i += 5;
    (*np).cc.y = 'Y';
    printf("%d %c\n", nested.a.i, np->cc.y);

    struct { int x; struct { int y; int z; } in; } anon = { 1, { 2, 3 } };
    printf("%d %d %d %zu\n", anon.x, anon.in.y, anon.in.z, sizeof anon);

    struct rec { int key; const char *name; } table[] = {
        { 3, "three" }, { 1, "one" }, { 2, "two" },
    };
    size_t n = sizeof table / sizeof table[0];
    printf("%zu %zu\n", n, sizeof table[0]);
    for (size_t i = 0; i < n; i++)
        printf("%d=%s ", table[i].key, table[i].name);
    printf("\n");
    struct rec *rp = table + 1;
    printf("%s %d\n", rp->name, rp[1].key);
    struct list { int v; struct list *next; } n3 = { 3, 0 }, n2 = { 2, &n3 }, n1 = { 1, &n2 };
    for (struct list *l = &n1; l; l = l->next)
        printf("%d", l->v);
    printf("\n");
    return 0;
}
