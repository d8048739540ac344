/* Compound literals (C11 6.5.2.5): file scope, block scope, in loops. */
#include <stdio.h>

struct pt { int x, y; };

static int *file_arr = (int[]){ 10, 20, 30 };
static struct pt *file_pt = &(struct pt){ 7, 8 };
static const char *file_str = (const char[]){ 'h', 'i', 0 };

static int sum(const int *a, int n)
{
    int s = 0;
    for (int i = 0; i < n; i++)
        s += a[i];
    return s;
}

static struct pt add(struct pt a, struct pt b) { return (struct pt){ a.x + b.x, a.y + b.y }; }

struct node { int v; struct node *next; };

int main(void)
{
    printf("%d %d %d\n", file_arr[0], file_arr[2], sum(file_arr, 3));
    file_arr[1] = 25;
    printf("%d\n", sum(file_arr, 3));
    printf("%d %d %s\n", file_pt->x, file_pt->y, file_str);

    printf("%d\n", sum((int[]){ 1, 2, 3, 4 }, 4));
    printf("%d\n", sum((int[10]){ [9] = 5 }, 10));
    struct pt p = add((struct pt){ 1, 2 }, (struct pt){ .y = 10, .x = 20 });
    printf("%d %d\n", p.x, p.y);
    int *ip = (int[]){ 5, 6 };
    ip[0] += 100;
    printf("%d %d\n", ip[0], ip[1]);
    printf("%zu\n", sizeof (int[]){ 1, 2, 3, 4, 5 });
    p = (struct pt){ 0 };
    printf("%d %d\n", p.x, p.y);

    /* in a loop the literal is one object re-initialized each iteration */
    int *ptrs[3];
    for (int i = 0; i < 3; i++) {
        int *q = (int[]){ i, i * i };
        ptrs[i] = q;
        printf("iter %d: %d %d\n", i, q[0], q[1]);
    }
    printf("%d\n", ptrs[0] != 0);

    struct node *head = 0;
    struct node n3 = (struct node){ 3, 0 };
    head = &(struct node){ 1, &(struct node){ 2, &n3 } };
    for (struct node *n = head; n; n = n->next)
        printf("%d ", n->v);
    printf("\n");
    const char *names = (const char *[]){ "zero", "one", "two" }[2];
    printf("%s\n", names);
    char *mut = (char[]){ "mutable" };
    mut[0] = 'M';
    printf("%s\n", mut);
    double d = ((double[]){ 1.5, 2.5 })[1];
    printf("%g\n", d);
    int m2[2][2] = { 0 };
    int (*mp)[2] = (int[2][2]){ { 1, 2 }, { 3, 4 } };
    m2[1][1] = mp[1][0] + mp[0][1];
    printf("%d\n", m2[1][1]);
    struct pt *pa = (struct pt[]){ { 1, 1 }, { 2, 4 }, { 3, 9 } };
    int ys = 0;
    for (int i = 0; i < 3; i++)
        ys += pa[i].y;
    printf("%d\n", ys);
    int x = (int){ 42 };
    printf("%d\n", x);
    int *lp = &(int){ 9 };
    (*lp)++;
    printf("%d\n", *lp);
    return 0;
}
