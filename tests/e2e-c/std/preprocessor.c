/* Preprocessor: object/function macros, # and ##, variadic macros, #if arithmetic. */
#include <stdio.h>

#define STR(x) #x
#define XSTR(x) STR(x)
#define CAT(a, b) a##b
#define XCAT(a, b) CAT(a, b)
#define SQUARE(x) ((x) * (x))
#define BAD_SQUARE(x) x * x
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define VERSION 3
#define NAME hello
#define LOG(fmt, ...) printf("log: " fmt "\n", __VA_ARGS__)
#define COUNT_ARGS(...) COUNT_IMPL(__VA_ARGS__, 5, 4, 3, 2, 1, 0)
#define COUNT_IMPL(a, b, c, d, e, n, ...) n
#define EMPTY
#define SWAP(t, a, b) do { t tmp_ = (a); (a) = (b); (b) = tmp_; } while (0)
#define FIELD_LIST X(alpha, 1) X(beta, 2) X(gamma, 3)
int recur = 4;
#define recur (recur * 10)      /* a macro is not expanded inside itself */
#define PAREN (1 + 2)
#define FN_LIKE() 42
#define OBJ_LIKE (7)

#if VERSION > 2 && defined(NAME)
#define FEATURE "new"
#elif VERSION == 2
#define FEATURE "old"
#else
#define FEATURE "none"
#endif

#if (1 << 4) != 16 || -1 >= 0
#error "preprocessor arithmetic"
#endif

#if 0xffffffffffffffff == -1
#define WRAP "unsigned wrap in #if"
#else
#define WRAP "no wrap"
#endif

#ifdef UNDEFINED_THING
#error "should not be defined"
#endif

#ifndef VERSION
#error "VERSION missing"
#endif

#undef VERSION
#if defined VERSION
#error "undef failed"
#endif

enum fields {
#define X(name, val) F_##name = val,
    FIELD_LIST
#undef X
};

static const char *field_names[] = {
#define X(name, val) #name,
    FIELD_LIST
#undef X
};

int main(void)
{
    int CAT(var, 1) = 10;
    int xy = 5;
    printf("%d %d\n", var1, CAT(x, y));
    printf("%s %s %s\n", STR(NAME), XSTR(NAME), STR(a + b   *  c));
    printf("%s\n", STR("quoted\n" 'c'  x));
    printf("%d %d\n", SQUARE(1 + 2), BAD_SQUARE(1 + 2));
    int i = 3;
    printf("%d\n", MAX(i, 2 * i));
    printf("%s %s\n", FEATURE, WRAP);
    LOG("%d + %d = %d", 1, 2, 3);
    LOG("%s", "one arg");
    printf("%d %d %d\n", COUNT_ARGS(a), COUNT_ARGS(a, b, c), COUNT_ARGS(1, 2, 3, 4, 5));
    int a = 1, b = 2;
    SWAP(int, a, b);
    printf("%d %d\n", a, b);
    printf("%d %d %d %s\n", F_alpha, F_beta, F_gamma, field_names[2]);
    printf("%d\n", recur);
    printf("%d %d %d\n", PAREN * 2, FN_LIKE(), OBJ_LIKE);
    int VAR = 9;
    printf("%d\n", XCAT(VAR, EMPTY));
    printf("line %d\n", __LINE__);
#line 1000
    printf("line %d\n", __LINE__);
    printf("%s\n", __func__);
    printf("%d %d\n", __STDC__, __STDC_VERSION__ >= 201112L);
    printf("%d\n", __STDC_HOSTED__);
#define LATE 1
#if LATE
    printf("late macro\n");
#endif
    printf("%s\n", XSTR(__LINE__));
    return 0;
}
