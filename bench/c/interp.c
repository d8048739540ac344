/* An interpreter inside the interpreter: a tiny stack bytecode machine (a switch over
   opcodes in a loop) running three small programs many times: a sum of squares, an
   iterative Fibonacci modulo a prime, and Collatz step counts; prints the totals. */
#include <stdio.h>

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, DIV, MOD, LT, JZ, JMP, HALT };

/* sum of i*i mod 1000003 for i < v0 */
static const int prog_sumsq[] = {
    PUSH, 0, STORE, 1, PUSH, 0, STORE, 2,
    /* 8 */ LOAD, 1, LOAD, 0, LT, JZ, 37,
    /* 15 */ LOAD, 2, LOAD, 1, LOAD, 1, MUL, ADD, PUSH, 1000003, MOD, STORE, 2,
    /* 28 */ LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, 8,
    /* 37 */ LOAD, 2, HALT,
};

/* fib(v0) mod 1000000007 */
static const int prog_fib[] = {
    PUSH, 0, STORE, 1, PUSH, 1, STORE, 2, PUSH, 0, STORE, 3,
    /* 12 */ LOAD, 3, LOAD, 0, LT, JZ, 46,
    /* 19 */ LOAD, 1, LOAD, 2, ADD, PUSH, 1000000007, MOD, STORE, 4,
    /* 29 */ LOAD, 2, STORE, 1, LOAD, 4, STORE, 2,
    /* 37 */ LOAD, 3, PUSH, 1, ADD, STORE, 3, JMP, 12,
    /* 46 */ LOAD, 1, HALT,
};

/* number of Collatz steps from v0 down to 1 */
static const int prog_collatz[] = {
    PUSH, 0, STORE, 1,
    /* 4 */ PUSH, 1, LOAD, 0, LT, JZ, 46,
    /* 11 */ LOAD, 0, PUSH, 2, MOD, JZ, 30,
    /* 18 */ LOAD, 0, PUSH, 3, MUL, PUSH, 1, ADD, STORE, 0, JMP, 37,
    /* 30 */ LOAD, 0, PUSH, 2, DIV, STORE, 0,
    /* 37 */ LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, 4,
    /* 46 */ LOAD, 1, HALT,
};

static long long steps;

static long long run(const int *code, long long arg)
{
    long long stack[32], vars[8] = {0};
    int sp = 0, pc = 0;
    long long a, b;
    vars[0] = arg;
    for (;;) {
        steps++;
        switch (code[pc++]) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = vars[code[pc++]]; break;
        case STORE: vars[code[pc++]] = stack[--sp]; break;
        case ADD: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a + b; break;
        case SUB: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a - b; break;
        case MUL: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a * b; break;
        case DIV: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a / b; break;
        case MOD: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a % b; break;
        case LT: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a < b; break;
        case JZ: if (stack[--sp] == 0) pc = code[pc]; else pc++; break;
        case JMP: pc = code[pc]; break;
        case HALT: return stack[--sp];
        default: return -1;
        }
    }
}

int main(void)
{
    long long s1 = 0, s2 = 0, s3 = 0;
    for (int rep = 0; rep < 750; rep++) {
        s1 += run(prog_sumsq, 2000 + rep);
        s2 += run(prog_fib, 3000 + rep);
    }
    for (int n = 1; n <= 75000; n++)
        s3 += run(prog_collatz, n);
    printf("sumsq %lld\nfib %lld\ncollatz %lld\nsteps %lld\n", s1, s2, s3, steps);
    return 0;
}
