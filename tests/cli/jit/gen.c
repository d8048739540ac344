/*
 * gen.c - writes a random C program for the differential test of the JIT
 * (tests/cli/jit_diff.sh): integer (signed and unsigned, 32 and 64 bits),
 * floating-point and pointer arithmetic, arrays, structs, loops, switches,
 * calls and recursion, every result folded into a checksum that is printed.
 * No undefined behaviour: divisors are made non-zero, shifts are masked,
 * signed overflow goes through unsigned arithmetic, indexes are reduced.
 *
 * usage: gen SEED > prog.c
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned long long state;

static unsigned rnd(unsigned n)
{
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)((state >> 33) % n);
}

static const char *const ivars[] = {"a", "b", "c", "d"};
static const char *const uvars[] = {"u", "v"};
static const char *const lvars[] = {"l", "m"};
static const char *const dvars[] = {"x", "y"};

/* An int expression of depth at most `depth`, without undefined behaviour. */
static void int_expr(int depth)
{
    if (depth == 0 || rnd(4) == 0) {
        switch (rnd(5)) {
        case 0: printf("%d", (int)rnd(2000) - 1000); break;
        case 1: printf("arr[%u]", rnd(16)); break;
        case 2: printf("(int)(%s & 0x7fff)", uvars[rnd(2)]); break;
        default: printf("%s", ivars[rnd(4)]); break;
        }
        return;
    }
    switch (rnd(12)) {
    case 0: printf("(int)((unsigned)("); int_expr(depth - 1); printf(") + (unsigned)(");
        int_expr(depth - 1); printf("))"); break;
    case 1: printf("(int)((unsigned)("); int_expr(depth - 1); printf(") * (unsigned)(");
        int_expr(depth - 1); printf("))"); break;
    case 2: printf("(("); int_expr(depth - 1); printf(") %% 1000 / ((("); int_expr(depth - 1);
        printf(") & 15) + 1))"); break;
    case 3: printf("(("); int_expr(depth - 1); printf(") ^ ("); int_expr(depth - 1); printf("))"); break;
    case 4: printf("(("); int_expr(depth - 1); printf(") < ("); int_expr(depth - 1); printf("))"); break;
    case 5: printf("((("); int_expr(depth - 1); printf(") & 0xffff) >> (%u))", rnd(8)); break;
    case 6: printf("(int)(%s %% 1000)", lvars[rnd(2)]); break;
    case 7: printf("(int)%s %% 1000", dvars[rnd(2)]); break;
    case 8: printf("(("); int_expr(depth - 1); printf(") ? ("); int_expr(depth - 1); printf(") : (");
        int_expr(depth - 1); printf("))"); break;
    case 9: printf("f%u(", rnd(3)); int_expr(depth - 1); printf(")"); break;
    case 10: printf("(int)(signed char)("); int_expr(depth - 1); printf(")"); break;
    default: printf("s.f[%u]", rnd(4)); break;
    }
}

static void statement(int depth)
{
    switch (rnd(depth > 0 ? 11 : 7)) {
    case 0: printf("%s = ", ivars[rnd(4)]); int_expr(3); printf(";\n"); break;
    case 1: printf("%s = %s * %uu + (unsigned)(", uvars[rnd(2)], uvars[rnd(2)], rnd(100000));
        int_expr(2); printf(");\n"); break;
    case 2: printf("%s = %s * %d + (long)(", lvars[rnd(2)], lvars[rnd(2)], (int)rnd(50) - 25);
        int_expr(2); printf(") %% 100000;\n"); break;
    case 3: printf("%s = %s * 0.75 + (double)(", dvars[rnd(2)], dvars[rnd(2)]); int_expr(2);
        printf(") / 8.0;\n"); break;
    case 4: printf("arr[(unsigned)("); int_expr(2); printf(") %% 16] = "); int_expr(2); printf(";\n"); break;
    case 5: printf("s.f[%u] += ", rnd(4)); int_expr(2); printf(";\n"); break;
    case 6: printf("sum = sum * 31 + (unsigned)%s + (unsigned)(%s >> %u) + (unsigned long)%s;\n",
                   ivars[rnd(4)], uvars[rnd(2)], rnd(16), lvars[rnd(2)]); break;
    case 7: printf("for (int i%d = 0; i%d < %u; i%d++) {\n", depth, depth, 2 + rnd(30), depth);
        for (unsigned n = 1 + rnd(4); n; n--) statement(depth - 1);
        printf("}\n"); break;
    case 8: printf("if ("); int_expr(2); printf(") {\n"); statement(depth - 1);
        printf("} else {\n"); statement(depth - 1); printf("}\n"); break;
    case 9: printf("switch ((unsigned)("); int_expr(2); printf(") %% 6) {\n");
        for (unsigned c = 0; c < 5; c++) {
            printf("case %u:\n", c);
            statement(depth - 1);
            if (rnd(3))
                printf("break;\n");
        }
        printf("default: sum ^= 0x5a5a;\n}\n"); break;
    default: printf("{ int *p = &arr[%u]; *p += %s; p[%u] ^= %s; }\n", rnd(8), ivars[rnd(4)],
                    rnd(8), ivars[rnd(4)]); break;
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen SEED\n");
        return 2;
    }
    state = strtoull(argv[1], NULL, 10) * 2654435761u + 1;
    printf("#include <stdio.h>\n");
    printf("static int arr[16];\nstatic struct { int f[4]; } s;\n");
    printf("static int f0(int x) { return x * 3 + 1; }\n");
    printf("static int f1(int x) { return (x & 255) > 100 ? x - 7 : x + arr[x & 15]; }\n");
    printf("static int f2(int x) { int n = x & 7; return n < 2 ? n : f2(n - 1) + f2(n - 2); }\n");
    printf("int main(void)\n{\n");
    printf("    int a = %d, b = %d, c = %d, d = %d;\n", (int)rnd(100), (int)rnd(100), (int)rnd(100), (int)rnd(100));
    printf("    unsigned u = %uu, v = %uu;\n    long l = %u, m = %u;\n", rnd(1000000), rnd(1000000), rnd(1000), rnd(1000));
    printf("    double x = %u.5, y = %u.25;\n    unsigned long sum = 17;\n", rnd(100), rnd(100));
    printf("    for (int round = 0; round < 300; round++) {\n");
    for (unsigned n = 4 + rnd(8); n; n--)
        statement(2);
    printf("    }\n");
    printf("    for (int i = 0; i < 16; i++) sum = sum * 7 + (unsigned)arr[i];\n");
    printf("    printf(\"%%lu %%d %%d %%d %%d %%u %%u %%ld %%ld %%.6f %%.6f\\n\", sum, a, b, c, d, u, v, l, m, x, y);\n");
    printf("    return 0;\n}\n");
    return 0;
}
