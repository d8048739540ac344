/* Function definitions and declarations: old-style (K&R) definitions, prototypes,
   unnamed parameters, void parameter lists, default argument promotions. */
#include <stdio.h>

int old_add(a, b)
    int a;
    int b;
{
    return a + b;
}

double old_mix(c, f, s)
    char c;
    float f;
    short s;
{
    return c + f + s;
}

long old_default(x)
    int x;
{
    return x * 2L;
}

static int proto(int, double);
static int proto(int n, double d) { return n + (int)d; }

static int no_params(void) { return 7; }

static int unnamed(int a, int b) { return a - b; }

static int (*fp_unspecified)() = (int (*)())old_add;

static void by_array(int a[static 3]) { printf("%d\n", a[0] + a[1] + a[2]); }

static int const_param(const int x) { return x + 1; }

static const char *ret_str(void) { return "returned"; }

static void noreturn_ok(int *out) { *out = 5; return; }

int main(void)
{
    printf("%d\n", old_add(2, 3));
    printf("%g\n", old_mix('a', 1.5f, 10));
    printf("%ld\n", old_default(21));
    printf("%d\n", proto(3, 4.9));
    printf("%d\n", no_params());
    printf("%d\n", unnamed(10, 4));
    printf("%d\n", fp_unspecified(20, 22));
    int arr[4] = { 1, 2, 3, 4 };
    by_array(arr);
    printf("%d\n", const_param(41));
    printf("%s\n", ret_str());
    int o = 0;
    noreturn_ok(&o);
    printf("%d\n", o);
    int (*local_fp)(int, int) = old_add;
    printf("%d\n", local_fp(100, 1));
    extern int old_add();
    printf("%d\n", old_add(1, 1));
    return 0;
}
