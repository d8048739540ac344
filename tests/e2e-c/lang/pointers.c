#include <stdio.h>
void swap(int *a, int *b) { int t = *a; *a = *b; *b = t; }
int main(void)
{
    int a = 1, b = 2;
    swap(&a, &b);
    printf("%d %d\n", a, b);
    int arr[10];
    for (int i = 0; i < 10; i++)
        arr[i] = i * i;
    int *p = arr, *q = &arr[7];
    printf("%ld %d %d\n", q - p, *(p + 3), p[4]);
    printf("%d %d\n", q > p, p == arr);
    p += 2;
    int first = *p++;
    printf("%d %d\n", first, *p);
    printf("%d\n", *--q);
    int **pp = &p;
    **pp = 100;
    printf("%d\n", arr[3]);
    char s[] = "hello";
    char *c = s;
    while (*c)
        c++;
    printf("%ld\n", c - s);
    void *v = arr;
    int *back = v;
    printf("%d\n", back[9]);
    int *np = 0;
    printf("%d %d\n", np == NULL, !np);
    long diff = (char *)&arr[5] - (char *)arr;
    printf("%ld\n", diff);
    const char *strs[] = {"one", "two", "three"};
    printf("%s %c\n", strs[2], *strs[1]);
    printf("%c\n", 2["xyz"]);
    return 0;
}
