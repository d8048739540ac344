#include <stdio.h>
#include <stdlib.h>
static int twice(int x) { return 2 * x; }
static int square(int x) { return x * x; }
static void (*handler)(int);
static void on(int s) { printf("signal %d\n", s); }
void (*install(int sig, void (*h)(int)))(int)
{
    void (*old)(int) = handler;
    handler = h;
    (void)sig;
    return old;
}
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
int apply(int (*f)(int), int v) { return f(v); }
struct ops { int (*op)(int); const char *name; };
int main(void)
{
    int (*table[2])(int) = {twice, square};
    for (int i = 0; i < 2; i++)
        printf("%d ", table[i](5));
    printf("\n");
    printf("%d %d\n", apply(square, 7), (*table[0])(8));
    install(1, on);
    handler(3);
    void (*prev)(int) = install(2, 0);
    prev(4);
    int v[] = {5, 3, 9, 1, 7};
    qsort(v, 5, sizeof v[0], cmp);
    for (int i = 0; i < 5; i++)
        printf("%d ", v[i]);
    printf("\n");
    struct ops o[] = {{twice, "twice"}, {square, "square"}};
    for (int i = 0; i < 2; i++)
        printf("%s=%d\n", o[i].name, o[i].op(i + 3));
    printf("%d\n", twice == table[0]);
    return 0;
}
