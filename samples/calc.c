/*
 * calc: a small expression interpreter with variables.
 * Reads lines like "x = 3 * (4 + 5)" or "x / 2 - 1" and prints each result.
 * Grammar (recursive descent):
 *   line   = ident "=" expr | expr
 *   expr   = term (("+" | "-") term)*
 *   term   = unary (("*" | "/" | "%") unary)*
 *   unary  = "-" unary | power
 *   power  = primary ("^" unary)?
 *   primary = number | ident | ident "(" expr ")" | "(" expr ")"
 */
#include <ctype.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { char name[32]; double value; } Var;

static Var vars[64];
static int nvars;
static const char *p;
static jmp_buf on_error;
static char error_text[128];

static void fail(const char *msg)
{
    if (*p)
        snprintf(error_text, sizeof error_text, "%s at '%.10s'", msg, p);
    else
        snprintf(error_text, sizeof error_text, "%s at end of line", msg);
    longjmp(on_error, 1);
}

static void skip(void) { while (isspace((unsigned char)*p)) p++; }

static Var *lookup(const char *name, int create)
{
    for (int i = 0; i < nvars; i++)
        if (strcmp(vars[i].name, name) == 0)
            return &vars[i];
    if (!create || nvars == 64)
        return NULL;
    strcpy(vars[nvars].name, name);
    vars[nvars].value = 0;
    return &vars[nvars++];
}

static int read_ident(char *out)
{
    skip();
    if (!isalpha((unsigned char)*p))
        return 0;
    int n = 0;
    while (isalnum((unsigned char)*p) && n < 31)
        out[n++] = *p++;
    out[n] = 0;
    return 1;
}

static double expr(void);
static double unary(void);

static double primary(void)
{
    skip();
    if (*p == '(') {
        p++;
        double v = expr();
        skip();
        if (*p != ')') fail("expected ')'");
        p++;
        return v;
    }
    if (isdigit((unsigned char)*p) || *p == '.') {
        char *end;
        double v = strtod(p, &end);
        p = end;
        return v;
    }
    char name[32];
    if (read_ident(name)) {
        skip();
        if (*p == '(') {
            p++;
            double a = expr();
            skip();
            if (*p != ')') fail("expected ')'");
            p++;
            if (strcmp(name, "sqrt") == 0) return sqrt(a);
            if (strcmp(name, "sin") == 0) return sin(a);
            if (strcmp(name, "abs") == 0) return fabs(a);
            fail("unknown function");
        }
        Var *v = lookup(name, 0);
        if (!v) fail("undefined variable");
        return v->value;
    }
    fail("expected a number");
    return 0;
}

static double power(void)
{
    double base = primary();
    skip();
    if (*p == '^') {
        p++;
        return pow(base, unary());
    }
    return base;
}

static double unary(void)
{
    skip();
    if (*p == '-') {
        p++;
        return -unary();
    }
    return power();
}

static double term(void)
{
    double v = unary();
    for (;;) {
        skip();
        char op = *p;
        if (op != '*' && op != '/' && op != '%') return v;
        p++;
        double r = unary();
        if (op == '*') v *= r;
        else if (r == 0) fail("division by zero");
        else if (op == '/') v /= r;
        else v = fmod(v, r);
    }
}

static double expr(void)
{
    double v = term();
    for (;;) {
        skip();
        if (*p == '+') { p++; v += term(); }
        else if (*p == '-') { p++; v -= term(); }
        else return v;
    }
}

static void run_line(const char *line)
{
    p = line;
    if (setjmp(on_error)) {
        printf("error: %s\n", error_text);
        return;
    }
    const char *start = p;
    char name[32];
    Var *target = NULL;
    if (read_ident(name)) {
        skip();
        if (*p == '=' && p[1] != '=') {
            p++;
            target = lookup(name, 1);
        } else {
            p = start;
        }
    }
    double v = expr();
    skip();
    if (*p) fail("unexpected input");
    if (target) {
        target->value = v;
        printf("%s = %.10g\n", target->name, v);
    } else {
        printf("%.10g\n", v);
    }
}

int main(void)
{
    static const char *const script[] = {
        "1 + 2 * 3", "x = 3 * (4 + 5)", "y = x / 2 - 1", "x ^ 2 + y", "-2 ^ 2",
        "r = sqrt(2)", "r * r", "17 % 5", "10 / (5 - 5)", "z + 1", "3 +", "pi = 3.14159265358979",
        "sin(pi / 6)", "abs(-7.25) * 4",
    };
    char line[256];
    for (size_t i = 0; i < sizeof script / sizeof script[0]; i++) {
        printf("> %s\n", script[i]);
        run_line(script[i]);
    }
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        if (line[0]) {
            printf("> %s\n", line);
            run_line(line);
        }
    }
    return 0;
}
