/* a small expression evaluator: recursion, pointers to pointers, switch, strings */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
typedef enum { NUM, OP, END } kind_t;
typedef struct { kind_t kind; long value; char op; } token_t;
typedef struct { const char *src; token_t cur; } lexer_t;
static void next(lexer_t *lx)
{
    while (isspace((unsigned char)*lx->src))
        lx->src++;
    if (!*lx->src) {
        lx->cur = (token_t){END, 0, 0};
    } else if (isdigit((unsigned char)*lx->src)) {
        char *end;
        lx->cur = (token_t){.kind = NUM, .value = strtol(lx->src, &end, 10)};
        lx->src = end;
    } else {
        lx->cur = (token_t){OP, 0, *lx->src++};
    }
}
static long expr(lexer_t *lx);
static long primary(lexer_t *lx)
{
    if (lx->cur.kind == NUM) {
        long v = lx->cur.value;
        next(lx);
        return v;
    }
    if (lx->cur.op == '(') {
        next(lx);
        long v = expr(lx);
        next(lx); /* ')' */
        return v;
    }
    if (lx->cur.op == '-') {
        next(lx);
        return -primary(lx);
    }
    return 0;
}
static long term(lexer_t *lx)
{
    long v = primary(lx);
    while (lx->cur.kind == OP && strchr("*/%", lx->cur.op)) {
        char op = lx->cur.op;
        next(lx);
        long r = primary(lx);
        switch (op) {
        case '*': v *= r; break;
        case '/': v = r ? v / r : 0; break;
        default: v = r ? v % r : 0; break;
        }
    }
    return v;
}
static long expr(lexer_t *lx)
{
    long v = term(lx);
    while (lx->cur.kind == OP && (lx->cur.op == '+' || lx->cur.op == '-')) {
        char op = lx->cur.op;
        next(lx);
        long r = term(lx);
        v = op == '+' ? v + r : v - r;
    }
    return v;
}
int main(void)
{
    static const char *inputs[] = {"1 + 2 * 3", "(1 + 2) * 3", "100 / 7 % 4", "-(4 - 10) * -2",
                                   "2 * (3 + (4 - 1)) * 5", "123456789 * 1000"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        lexer_t lx = {inputs[i], {0}};
        next(&lx);
        printf("%-24s = %ld\n", inputs[i], expr(&lx));
    }
    char buf[64];
    int n = sprintf(buf, "%s|%5d|%-5s|%c", "x", 42, "ab", 'z');
    printf("%s %d\n", buf, n);
    return 0;
}
