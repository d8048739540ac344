/* static/extern linkage, tentative definitions, file-scope initializers. */
#include <stdio.h>

int tent;
int tent;               /* tentative definitions of the same object */
int tent2;
int tent2 = 5;          /* ... completed by a real definition */
extern int later;
int later = 12;
static int internal = 3;
static int internal;    /* still the same internal object */
extern int internal;    /* refers to the static above */
int arr_tent[];         /* completed as one element at the end */
static const double pi_ish = 3.25;
int *ptr_to_later = &later;
char *str_ptr = "pointer to literal";
char str_arr[] = "array";
int calc = 6 * 7 + (3 << 2);
static int counter;

static int bump(void) { return ++counter; }
int shared(int x);
extern int shared(int x);
int shared(int x) { return x + internal; }
static int helper(void);

static double area(double r) { return pi_ish * r * r; }

int main(void)
{
    printf("%d %d %d %d\n", tent, tent2, later, internal);
    printf("%d\n", *ptr_to_later);
    later = 13;
    printf("%d\n", *ptr_to_later);
    printf("%s %s %zu\n", str_ptr, str_arr, sizeof str_arr);
    printf("%d\n", calc);
    int b1 = bump();
    int b2 = bump();
    printf("%d %d %d\n", b1, b2, counter);
    printf("%d %d\n", shared(1), helper());
    printf("%g\n", area(2.0));
    arr_tent[0] = 99;
    printf("%d\n", arr_tent[0]);
    {
        extern int tent2;
        tent2++;
        static int local_static = 10;
        local_static += tent2;
        printf("%d %d\n", tent2, local_static);
    }
    printf("%d\n", tent2);
    register int reg = 5;
    reg *= 2;
    printf("%d\n", reg);
    auto int au = 8;
    printf("%d\n", au);
    extern int shared(int);
    printf("%d\n", shared(10));
    return 0;
}

static int helper(void) { return internal * 100; }
