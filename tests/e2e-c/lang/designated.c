#include <stdio.h>
struct in { int a, b; };
struct out { int x; struct in i; int arr[4]; char name[6]; };
union u { int i; char c[4]; double d; };
static int table[10] = {[2] = 5, [7] = 9, 11, [0 ... 1] = 3};
static struct out go = {.i.b = 7, .arr = {[3] = 4}, .name = "abc", .x = 1};
static union u gu = {.c = {1, 2, 3, 4}};
int main(void)
{
    for (int i = 0; i < 10; i++)
        printf("%d ", table[i]);
    printf("\n");
    printf("%d %d %d %d %s\n", go.x, go.i.a, go.i.b, go.arr[3], go.name);
    printf("%x\n", gu.i);
    struct out lo = {2, {3, 4}, {5, 6}, "xy", };
    printf("%d %d %d %d %d %s\n", lo.x, lo.i.a, lo.i.b, lo.arr[1], lo.arr[2], lo.name);
    struct out elided = {1, 2, 3, 4, 5, 6, 7};
    printf("%d %d %d %d %d\n", elided.i.a, elided.i.b, elided.arr[0], elided.arr[3], elided.name[0]);
    int local[8] = {[1 ... 3] = 7, [5] = 1, 2};
    for (int i = 0; i < 8; i++)
        printf("%d", local[i]);
    printf("\n");
    struct in arr[] = {[2].b = 5, [0] = {1, 1}};
    printf("%lu %d %d\n", sizeof arr / sizeof arr[0], arr[2].b, arr[0].a);
    int m[2][3] = {1, 2, 3, [1][1] = 8};
    printf("%d %d %d %d\n", m[0][2], m[1][0], m[1][1], m[1][2]);
    union u lu = {.d = 1.0};
    printf("%g\n", lu.d);
    char s[] = {"braced"};
    printf("%s %lu\n", s, sizeof s);
    int scalar = {5};
    printf("%d\n", scalar);
    return 0;
}
