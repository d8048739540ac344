/* sizeof: of types, expressions (unevaluated), arrays, VLAs (evaluated). */
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

struct s { char c; int i; };

static int calls;
static int f(void) { calls++; return 4; }

int main(void)
{
    printf("%zu %zu %zu %zu %zu\n", sizeof(char), sizeof(short), sizeof(int), sizeof(long),
           sizeof(long long));
    printf("%zu %zu %zu %zu\n", sizeof(float), sizeof(double), sizeof(void *), sizeof(int (*)(void)));
    printf("%zu %zu %zu %zu\n", sizeof(_Bool), sizeof(size_t), sizeof(ptrdiff_t), sizeof(intptr_t));
    printf("%zu %zu %zu\n", sizeof(signed char), sizeof(unsigned long), sizeof(struct s));
    int i = 0;
    size_t n = sizeof(i++);
    printf("%zu %d\n", n, i);
    n = sizeof(f());
    printf("%zu %d\n", n, calls);
    int arr[17];
    printf("%zu %zu %zu\n", sizeof arr, sizeof arr[0], sizeof arr / sizeof arr[0]);
    printf("%zu %zu\n", sizeof &arr, sizeof *&arr);
    printf("%zu %zu\n", sizeof(arr + 0), sizeof(int[3][5]));
    printf("%zu %zu %zu\n", sizeof "hello", sizeof("hi" "there"), sizeof(char *));
    char c = 'a';
    printf("%zu %zu %zu\n", sizeof c, sizeof(c + 1), sizeof(c = 5));
    printf("%c\n", c);
    short sh;
    printf("%zu %zu\n", sizeof sh, sizeof(-sh));
    printf("%zu %zu %zu\n", sizeof 1.0f, sizeof(1.0f + 1), sizeof(1.0f * 1.0));
    printf("%zu %zu\n", sizeof(struct s *), sizeof(struct s[4]));
    struct s sv;
    printf("%zu %zu\n", sizeof sv.c, sizeof sv.i);
    printf("%zu\n", sizeof(i ? 1.0 : 2));
    double *dp = 0;
    printf("%zu\n", sizeof *dp);      /* no dereference happens */

    int k = 5;
    char vla[k + 3];
    printf("%zu\n", sizeof vla);
    int vla2[k][k * 2];
    printf("%zu %zu\n", sizeof vla2, sizeof vla2[0]);
    calls = 0;
    size_t vs = sizeof(int[f()]);     /* the size expression is evaluated */
    printf("%zu %d\n", vs, calls);
    k = 1;
    printf("%zu\n", sizeof vla);      /* the VLA keeps its size */
    size_t total = 0;
    for (int m = 1; m <= 4; m++) {
        double d[m];
        total += sizeof d;
    }
    printf("%zu\n", total);
    printf("%zu\n", sizeof(int) * 3);
    printf("%d\n", (int)sizeof(long) - 10);
    printf("%s\n", _Generic(sizeof(int), size_t: "size_t", default: "other"));
    return 0;
}
