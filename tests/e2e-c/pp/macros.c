/* Macro expansion: recursion, rescanning, variadics, builtins, pragmas. */
#include <stdio.h>

#define foo foo
#define a b
#define b a
#define f(x) x f
#define g f(1)(2)
#define lparen (
#define id(x) x
static const char *(id)(const char *s) { return s; }

#define e(fmt, args...) printf(fmt, ## args)
#define P(...) printf("P" __VA_ARGS__)
#define Q(fmt, ...) printf(fmt, ## __VA_ARGS__)
#define COUNT_ARGS(...) COUNT_(, ## __VA_ARGS__, 4, 3, 2, 1, 0)
#define COUNT_(z, a, b, c, d, n, ...) n

#define CAT(a, b) a ## b
#define XCAT(a, b) CAT(a, b)
#define UNIQUE(name) XCAT(name, __LINE__)
#define STR(x) #x
#define XSTR(x) STR(x)

#define SQUARE(x) ((x) * (x))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define EMPTY

static int foo = 1, a_var = 2;
static int f_fn(int v) { return v * 10; }
#define call_f(v) f_fn(v)

int main(void)
{
    int UNIQUE(v) = 5, UNIQUE(w) = 6;
    puts(XSTR(UNIQUE(v)) " " XSTR(UNIQUE(w)));
    printf("foo=%d\n", foo);
    printf("%s\n", id(id)("rescan"));
    e("none\n");
    e("%d %d\n", 1, 2);
    P("\n");
    P("%s\n", ": with args");
    Q("q\n");
    Q("q %d\n", 3);
    printf("%d %d %d\n", COUNT_ARGS(), COUNT_ARGS(x), COUNT_ARGS(x, y, z));
    printf("%d %d\n", SQUARE(1 + 2), MAX(SQUARE(2), SQUARE(-3)));
    printf("%d\n", id(call_f)(4));
    printf("%d %s\n", __LINE__, __FILE__);
#line 1000 "renamed.c"
    printf("%d %s\n", __LINE__, __FILE__);
    printf("%d %d %d\n", __COUNTER__, __COUNTER__, __COUNTER__);
    printf("%d\n", __INCLUDE_LEVEL__);
    printf("%d\n", __STDC__ + (__STDC_VERSION__ >= 201112L));
#define X 1
#pragma push_macro("X")
#undef X
#define X 2
    printf("X=%d\n", X);
#pragma pop_macro("X")
    printf("X=%d\n", X);
    _Pragma("push_macro(\"X\")")
#undef X
#define X 3
    printf("X=%d\n", X);
    _Pragma("pop_macro(\"X\")")
    printf("X=%d\n", X);
    printf("%d\n", a_var);
    return 0;
}
