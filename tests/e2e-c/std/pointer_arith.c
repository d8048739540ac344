/* Pointer arithmetic and comparison within one array object. */
#include <stdio.h>
#include <stddef.h>

struct pt { int x, y; };

static int sum(const int *b, const int *e)
{
    int s = 0;
    while (b < e)
        s += *b++;
    return s;
}

int main(void)
{
    int a[10];
    for (int i = 0; i < 10; i++)
        a[i] = i * i;
    int *p = a, *q = a + 10;
    printf("%td %td\n", q - p, p - q);
    printf("%d %d %d\n", *(p + 3), p[4], 5[a]);
    printf("%d %d %d %d\n", p < q, p > q, p <= p, q >= p);
    printf("%d %d\n", p == &a[0], q == &a[10]);
    int *m = &a[5];
    printf("%d %d %td\n", m[-1], *(m - 5), m - a);
    printf("%d\n", sum(a, a + 10));
    printf("%d\n", sum(a + 2, a + 5));
    ptrdiff_t d = &a[7] - &a[2];
    printf("%td %zu\n", d, sizeof d);
    int *r = a;
    r += 3;
    r -= 1;
    r++;
    ++r;
    printf("%d %td\n", *r, r - a);
    int v = *r++;
    printf("%d %d\n", v, *r);
    v = *++r;
    printf("%d\n", v);
    v = (*r)++;
    printf("%d %d\n", v, a[7]);
    v = ++*r;
    printf("%d %d\n", v, a[7]);

    struct pt pts[4] = { { 1, 2 }, { 3, 4 }, { 5, 6 }, { 7, 8 } };
    struct pt *sp = pts;
    sp += 2;
    printf("%d %d %td\n", sp->x, (sp - 1)->y, sp - pts);
    int *ip = &pts[1].y;
    printf("%d\n", *ip);
    printf("%td\n", (char *)&pts[3] - (char *)&pts[0]);
    printf("%td\n", &pts[3].y - &pts[0].x);

    unsigned int word = 0x11223344;
    unsigned char *bp = (unsigned char *)&word;
    for (int i = 0; i < 4; i++)
        printf("%02x ", bp[i]);
    printf("\n");
    int arr[5] = { 10, 20, 30, 40, 50 };
    char *cp = (char *)arr;
    cp += sizeof(int) * 2;
    printf("%d\n", *(int *)cp);
    int *end = arr + 5;
    int count = 0;
    for (int *it = end; it != arr;) {
        --it;
        printf("%d ", *it);
        count++;
    }
    printf("| %d\n", count);
    void *vp = arr;
    int *back = vp;
    printf("%d\n", back[4]);
    const char *s = "abcdef";
    const char *t = s + 6;
    printf("%td %c %d\n", t - s, *(t - 1), *t);
    int *null = NULL;
    printf("%d %d\n", null == NULL, null == 0);
    int **pp = &p;
    (*pp)++;
    printf("%d\n", **pp);
    return 0;
}
