/* A const struct object is const data: a store through a cast pointer
 * faults at run time. Members of const objects are const. */
#include <stdio.h>
typedef const struct S CS;     /* qualified before the struct is complete */
struct S { int a; char name[8]; };
struct P { int x, y; };
static const struct P origin = { 3, 4 };
static CS table[2] = { { 1, "one" }, { 2, "two" } };
#define T(x) _Generic((x), int *: "int *", const int *: "const int *", default: "other")
int main(void)
{
    const struct P p = { 5, 6 };
    struct P q = p;           /* copying from a const object is fine */
    q.x += origin.x;
    printf("%d %d %s %s %s\n", q.x, q.y, table[1].name, T(&p.x), T(&q.x));
    printf("%zu %d\n", sizeof table, table[0].a + table[1].a);
    struct P *w = (struct P *)&origin;
    fflush(stdout);
    w->y = 9;                 /* store to constant data */
    printf("not reached\n");
    return 0;
}
