/* Stringizing and pasting: the C11 6.10.3.5 examples, printed. */
#include <stdio.h>
#include <string.h>

#define str(s) # s
#define xstr(s) str(s)
#define debug(s, t) printf("x" # s "= %d, x" # t "= %s\n", \
                           x ## s, x ## t)
#define INCFILE(n) vers ## n
#define glue(a, b) a ## b
#define xglue(a, b) glue(a, b)
#define HIGHLOW "hello"
#define LOW LOW ", world"

#define hash_hash # ## #
#define mkstr(a) # a
#define in_between(a) mkstr(a)
#define join(c, d) in_between(c hash_hash d)

#define t(x, y, z) x ## y ## z

#define showlist(...) puts(#__VA_ARGS__)
#define report(test, ...) ((test) ? puts(#test) : printf(__VA_ARGS__))

int main(void)
{
    int x1 = 7;
    const char *x2 = "two";
    debug(1, 2);
    puts(str(strncmp("abc\0d", "abc", '\4') // this goes away
             == 0) str(: @\n));
    puts(xstr(INCFILE(2).h));
    puts(glue(HIGH, LOW));
    puts(xglue(HIGH, LOW));
    char p[] = join(x, y);
    puts(p);
    int j[] = {t(1, 2, 3), t(, 4, 5), t(6, , 7), t(8, 9, ), t(10, , ), t(, 11, ), t(, , 12), t(, , )};
    for (size_t i = 0; i < sizeof j / sizeof j[0]; i++)
        printf("%d ", j[i]);
    printf("(%d)\n", (int)(sizeof j / sizeof j[0]));
    showlist(The first, second, and third items.);
    int x = 3, y = 4;
    report(x > y, "x is %d but y is %d\n", x, y);
    report(x < y, "never\n");
    puts(str());
    puts(str(  spaces   between    tokens  ));
    puts(str('"' "\\" "\n"));
    printf("%d\n", (int)strlen(str(a
                                   b)));
    return 0;
}
