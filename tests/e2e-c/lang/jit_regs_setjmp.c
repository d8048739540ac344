/* longjmp back into a frame whose locals live in machine registers: values
 * changed after setjmp and before the call that longjmps are seen as the
 * call left them (the slots are always exactly what the interpreter has;
 * gcc -O0 keeps such locals in memory and agrees), in a loop. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;
static int depth;

static void maybe_jump(int v)
{
    if (v % 3 == 0)
        longjmp(env, v + 1);
    depth++;
}

int main(void)
{
    int total = 0, a = 0, b = 100;
    long long wide = 1;
    double d = 0.5;
    for (int i = 0; i < 30; i++) {
        a = i;
        int r = setjmp(env);
        if (r) {
            total += r + a + b;
            wide = wide * 3 + a;
            d += a * 0.25;
            continue;
        }
        a = i * 7;
        b = b + 1;
        d *= 1.01;
        maybe_jump(i);
        total -= a;
    }
    printf("%d %d %lld %.6f %d\n", total, a, wide, d, depth);
    return 0;
}
