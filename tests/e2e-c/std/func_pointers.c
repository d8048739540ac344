/* Function pointers: arrays of them, returning them, callbacks, qsort. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int divi(int a, int b) { return a / b; }

typedef int (*op_fn)(int, int);

static op_fn pick(char c)
{
    switch (c) {
    case '+': return add;
    case '-': return sub;
    case '*': return mul;
    default: return divi;
    }
}

/* returns a pointer to a function without a typedef */
static int (*pick2(int i))(int, int)
{
    static int (*const tab[])(int, int) = { add, sub, mul, divi };
    return tab[i];
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_int_desc(const void *a, const void *b) { return cmp_int(b, a); }
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void each(const int *a, int n, void (*f)(int))
{
    for (int i = 0; i < n; i++)
        f(a[i]);
}
static void print_sq(int x) { printf("%d ", x * x); }

struct shape {
    const char *name;
    double (*area)(double);
};
static double square(double s) { return s * s; }
static double circle(double r) { return 3.0 * r * r; }

static int counter_calls;
static void hook(void) { counter_calls++; }

int main(void)
{
    op_fn ops[4] = { add, sub, mul, divi };
    const char *names = "+-*/";
    for (int i = 0; i < 4; i++)
        printf("%c %d %d\n", names[i], ops[i](20, 6), (*ops[i])(-7, 2));
    printf("%d %d\n", pick('*')(6, 7), pick2(1)(10, 4));
    printf("%d %d\n", pick('+') == add, pick('-') == add);
    op_fn f = &mul;
    printf("%d\n", (**f)(3, 3));
    int (*(*getter)(int))(int, int) = pick2;
    printf("%d\n", getter(2)(5, 5));

    int nums[] = { 42, -1, 17, 8, 99, 0, -50, 23 };
    qsort(nums, 8, sizeof nums[0], cmp_int);
    for (int i = 0; i < 8; i++)
        printf("%d ", nums[i]);
    printf("\n");
    qsort(nums, 8, sizeof nums[0], cmp_int_desc);
    for (int i = 0; i < 8; i++)
        printf("%d ", nums[i]);
    printf("\n");
    const char *words[] = { "pear", "apple", "fig", "banana", "cherry" };
    qsort(words, 5, sizeof words[0], cmp_str);
    for (int i = 0; i < 5; i++)
        printf("%s ", words[i]);
    printf("\n");
    each(nums, 4, print_sq);
    printf("\n");
    struct shape shapes[] = { { "square", square }, { "circle", circle } };
    for (int i = 0; i < 2; i++)
        printf("%s %.2f\n", shapes[i].name, shapes[i].area(2.0));
    void (*hooks[3])(void) = { hook, hook, hook };
    for (int i = 0; i < 3; i++)
        hooks[i]();
    printf("%d\n", counter_calls);
    void (*nullfp)(void) = 0;
    printf("%d\n", nullfp == NULL);
    int (*cmp)(const void *, const void *) = cmp_int;
    int a = 1, b = 2;
    printf("%d %d %d\n", cmp(&a, &b), cmp(&b, &a), cmp(&a, &a));
    op_fn table[2][2] = { { add, sub }, { mul, divi } };
    printf("%d\n", table[1][0](table[0][0](1, 2), table[0][1](10, 3)));
    return 0;
}
