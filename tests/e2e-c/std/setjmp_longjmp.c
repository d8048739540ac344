/* setjmp/longjmp: nested, across functions, return values, volatile locals. */
#include <stdio.h>
#include <setjmp.h>

static jmp_buf env;
static jmp_buf outer, inner;
static int depth;

static void deep(int n)
{
    depth = n;
    if (n == 5)
        longjmp(env, n * 10);
    deep(n + 1);
    printf("not reached\n");
}

static void thrower(int code) { longjmp(env, code); }

static int try_div(int a, int b, int *out)
{
    jmp_buf local;
    int code = setjmp(local);
    if (code == 0) {
        if (b == 0)
            longjmp(local, 7);
        *out = a / b;
        return 0;
    }
    return code;
}

static void level2(void)
{
    if (setjmp(inner) == 0) {
        printf("level2 set\n");
        longjmp(inner, 1);
    }
    printf("level2 caught\n");
    longjmp(outer, 2);
}

int main(void)
{
    int r = setjmp(env);
    if (r == 0) {
        printf("first return 0\n");
        deep(0);
    } else {
        printf("came back with %d depth %d\n", r, depth);
    }
    volatile int count = 0;
    r = setjmp(env);
    count++;
    if (r < 3)
        thrower(r + 1);
    printf("r %d count %d\n", r, count);
    r = setjmp(env);
    if (r == 0)
        longjmp(env, 0);
    printf("longjmp 0 gives %d\n", r);
    int q = -1;
    int code = try_div(10, 2, &q);
    printf("%d %d\n", code, q);
    printf("%d\n", try_div(1, 0, &q));
    if ((r = setjmp(outer)) == 0) {
        level2();
    } else {
        printf("outer caught %d\n", r);
    }
    volatile int acc = 0;
    jmp_buf loop;
    int k = setjmp(loop);
    acc += k;
    if (k < 10)
        longjmp(loop, k + 1);
    printf("acc %d\n", acc);
    switch (setjmp(env)) {
    case 0:
        printf("switch 0\n");
        longjmp(env, 2);
    case 2:
        printf("switch 2\n");
        break;
    default:
        printf("switch ?\n");
    }
    if (!setjmp(env))
        printf("not zero test\n");
    return 0;
}
