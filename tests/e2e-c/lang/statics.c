#include <stdio.h>
int tentative;
int tentative;
int initialized = 5;
extern int later;
int later = 7;
static int counter(void)
{
    static int n;
    return ++n;
}
static int other(void)
{
    static int n = 100;
    return n++;
}
static const char *msgs[] = {"a", "b"};
static int *ptr_to_global = &initialized;
static char *str_global = "global string";
static char arr_global[] = "array";
int arr_unsized[];
int main(void)
{
    counter();
    counter();
    int c3 = counter(), o1 = other(), o2 = other();
    printf("%d %d %d\n", c3, o1, o2);
    printf("%d %d %d\n", tentative, initialized, later);
    printf("%s %d %s %s\n", msgs[1], *ptr_to_global, str_global, arr_global);
    arr_global[0] = 'A';
    printf("%s\n", arr_global);
    for (int i = 0; i < 3; i++) {
        static int inner = 10;
        inner += i;
        printf("%d ", inner);
    }
    printf("\n");
    return 0;
}
