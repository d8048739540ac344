/* Linkage across translation units: extern objects and functions, static functions and
 * objects with the same name in two files, tentative definitions, and a function
 * pointer that crosses files. */
#include <stdio.h>

extern int shared_counter;
extern const char *const greeting;
int tentative;               /* defined (zero) here, declared extern in util.c */
int bump(int by);
int (*get_op(void))(int, int);
static int helper(void) { return 1; }
static int hidden = 100;

int main(void)
{
    printf("%s\n", greeting);
    printf("%d\n", bump(5));
    printf("%d\n", bump(7));
    printf("shared_counter=%d\n", shared_counter);
    printf("tentative=%d\n", tentative);
    printf("op=%d\n", get_op()(6, 7));
    printf("helper=%d hidden=%d\n", helper(), hidden);
    return 0;
}
