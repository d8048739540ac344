/* Chained assignments whose destination is also the base of the inner
 * assignment's address: the store must use the old value (C11 6.5.16p3). */
#include <stdio.h>
#include <stdlib.h>

struct node { int v; struct node *next; };

static struct node *append(struct node *last, struct node *x)
{
    return last = last->next = x;
}

int main(void)
{
    struct node head = {0, NULL}, *last = &head;
    for (int i = 1; i <= 4; i++) {
        struct node *x = malloc(sizeof *x);
        x->v = i * 10;
        x->next = NULL;
        last = last->next = x;
    }
    for (struct node *p = head.next; p; p = p->next)
        printf("%d ", p->v);
    printf("\n");

    struct node extra = {99, NULL};
    struct node *end = append(last, &extra);
    printf("%d %d\n", last->next->v, end->v);

    int a[4] = {0}, *p = a, *q;
    q = p = &p[2];                 /* plain chain */
    *q = 5;
    int *r = a;
    r = (int *)(*r = 7, r + 1);    /* store through r, then r moves */
    *r = 8;
    printf("%d %d %d %d\n", a[0], a[1], a[2], a[3]);

    long vals[3] = {1, 2, 3};
    long *w = vals;
    w = (long *)(w[1] = (long)&vals[2]);  /* w[1] written through the old w */
    printf("%d %ld\n", w == &vals[2], vals[0]);
    return 0;
}
