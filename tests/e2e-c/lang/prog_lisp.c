/* A tiny Lisp: reader, printer, eval with closures, recursion and tail
 * calls in `if`; cons cells from a fixed arena with a mark-free bump. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NUM, SYM, CONS, PRIM, LAMBDA, NIL };
typedef struct Obj Obj;
typedef Obj *(*Prim)(Obj *args);
struct Obj {
    int type;
    union {
        long num;
        const char *sym;
        struct { Obj *car, *cdr; } c;
        Prim prim;
        struct { Obj *params, *body, *env; } fn;
    } u;
};

static Obj arena[400000];
static int used;
static Obj nil_obj = { NIL, { 0 } };
static Obj *nil = &nil_obj, *symbols, *tru;

static Obj *alloc(int type)
{
    if (used == (int)(sizeof arena / sizeof arena[0])) {
        fprintf(stderr, "out of cells\n");
        exit(1);
    }
    Obj *o = &arena[used++];
    o->type = type;
    return o;
}
static Obj *num(long n) { Obj *o = alloc(NUM); o->u.num = n; return o; }
static Obj *cons(Obj *a, Obj *d) { Obj *o = alloc(CONS); o->u.c.car = a; o->u.c.cdr = d; return o; }
#define car(o) ((o)->u.c.car)
#define cdr(o) ((o)->u.c.cdr)

static Obj *intern(const char *name)
{
    for (Obj *s = symbols; s != nil; s = cdr(s))
        if (strcmp(car(s)->u.sym, name) == 0)
            return car(s);
    Obj *o = alloc(SYM);
    size_t n = strlen(name) + 1;
    char *copy = malloc(n);
    memcpy(copy, name, n);
    o->u.sym = copy;
    symbols = cons(o, symbols);
    return o;
}

static const char *src;
static Obj *read_expr(void);

static void skip(void)
{
    while (isspace((unsigned char)*src) || *src == ';') {
        if (*src == ';')
            while (*src && *src != '\n')
                src++;
        else
            src++;
    }
}

static Obj *read_list(void)
{
    skip();
    if (*src == ')') {
        src++;
        return nil;
    }
    Obj *head = read_expr();
    return cons(head, read_list());
}

static Obj *read_expr(void)
{
    skip();
    if (*src == '(') {
        src++;
        return read_list();
    }
    if (*src == '\'') {
        src++;
        return cons(intern("quote"), cons(read_expr(), nil));
    }
    char buf[64];
    int n = 0;
    while (*src && !isspace((unsigned char)*src) && *src != '(' && *src != ')' && n < 63)
        buf[n++] = *src++;
    buf[n] = 0;
    char *end;
    long v = strtol(buf, &end, 10);
    if (*end == 0 && n > 0 && (isdigit((unsigned char)buf[0]) || (buf[0] == '-' && n > 1)))
        return num(v);
    return intern(buf);
}

static void print(Obj *o)
{
    switch (o->type) {
    case NUM: printf("%ld", o->u.num); break;
    case SYM: printf("%s", o->u.sym); break;
    case NIL: printf("()"); break;
    case PRIM: printf("<prim>"); break;
    case LAMBDA: printf("<lambda>"); break;
    default:
        putchar('(');
        for (;;) {
            print(car(o));
            o = cdr(o);
            if (o->type != CONS)
                break;
            putchar(' ');
        }
        if (o != nil) {
            printf(" . ");
            print(o);
        }
        putchar(')');
    }
}

static Obj *lookup(Obj *env, Obj *sym)
{
    for (; env != nil; env = cdr(env))
        if (car(car(env)) == sym)
            return car(env);
    fprintf(stderr, "unbound %s\n", sym->u.sym);
    exit(1);
}

static Obj *eval(Obj *e, Obj *env);

static Obj *eval_list(Obj *l, Obj *env)
{
    if (l == nil)
        return nil;
    Obj *h = eval(car(l), env);
    return cons(h, eval_list(cdr(l), env));
}

static Obj *eval(Obj *e, Obj *env)
{
    for (;;) {
        if (e->type == NUM || e->type == NIL)
            return e;
        if (e->type == SYM)
            return cdr(lookup(env, e));
        Obj *op = car(e);
        if (op->type == SYM) {
            const char *s = op->u.sym;
            if (!strcmp(s, "quote"))
                return car(cdr(e));
            if (!strcmp(s, "if")) {
                Obj *c = eval(car(cdr(e)), env);
                e = c != nil ? car(cdr(cdr(e))) : car(cdr(cdr(cdr(e))));
                continue; /* tail call */
            }
            if (!strcmp(s, "lambda")) {
                Obj *f = alloc(LAMBDA);
                f->u.fn.params = car(cdr(e));
                f->u.fn.body = car(cdr(cdr(e)));
                f->u.fn.env = env;
                return f;
            }
            if (!strcmp(s, "define")) {
                Obj *v = eval(car(cdr(cdr(e))), env);
                Obj *cell = cons(car(cdr(e)), v);
                /* splice after the head so that closures see it */
                cdr(env) = cons(car(env), cdr(env));
                car(env) = cell;
                return car(cdr(e));
            }
        }
        Obj *f = eval(op, env);
        Obj *args = eval_list(cdr(e), env);
        if (f->type == PRIM)
            return f->u.prim(args);
        Obj *newenv = f->u.fn.env;
        for (Obj *p = f->u.fn.params; p != nil; p = cdr(p), args = cdr(args))
            newenv = cons(cons(car(p), car(args)), newenv);
        e = f->u.fn.body;
        env = newenv;
    }
}

static Obj *p_add(Obj *a) { long s = 0; for (; a != nil; a = cdr(a)) s += car(a)->u.num; return num(s); }
static Obj *p_sub(Obj *a) { long s = car(a)->u.num; for (a = cdr(a); a != nil; a = cdr(a)) s -= car(a)->u.num; return num(s); }
static Obj *p_mul(Obj *a) { long s = 1; for (; a != nil; a = cdr(a)) s *= car(a)->u.num; return num(s); }
static Obj *p_lt(Obj *a) { return car(a)->u.num < car(cdr(a))->u.num ? tru : nil; }
static Obj *p_eq(Obj *a) { Obj *x = car(a), *y = car(cdr(a));
    return (x == y || (x->type == NUM && y->type == NUM && x->u.num == y->u.num)) ? tru : nil; }
static Obj *p_cons(Obj *a) { return cons(car(a), car(cdr(a))); }
static Obj *p_car(Obj *a) { return car(car(a)); }
static Obj *p_cdr(Obj *a) { return cdr(car(a)); }
static Obj *p_null(Obj *a) { return car(a) == nil ? tru : nil; }

int main(void)
{
    symbols = nil;
    tru = intern("t");
    struct { const char *name; Prim fn; } prims[] = {
        { "+", p_add }, { "-", p_sub }, { "*", p_mul }, { "<", p_lt }, { "=", p_eq },
        { "cons", p_cons }, { "car", p_car }, { "cdr", p_cdr }, { "null?", p_null },
    };
    Obj *env = cons(cons(tru, tru), nil);
    for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++) {
        Obj *p = alloc(PRIM);
        p->u.prim = prims[i].fn;
        env = cons(cons(intern(prims[i].name), p), env);
    }
    src = "(define fact (lambda (n) (if (< n 2) 1 (* n (fact (- n 1))))))\n"
          "(fact 20)\n"
          "(define fib (lambda (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))\n"
          "(fib 15)\n"
          "(define map (lambda (f l) (if (null? l) '() (cons (f (car l)) (map f (cdr l))))))\n"
          "(define range (lambda (a b) (if (< a b) (cons a (range (+ a 1) b)) '())))\n"
          "(map (lambda (x) (* x x)) (range 1 11))\n"
          "(define count (lambda (n acc) (if (= n 0) acc (count (- n 1) (+ acc 1)))))\n"
          "(count 10000 0) ; a tail call loop\n"
          "(define make-adder (lambda (k) (lambda (x) (+ x k))))\n"
          "((make-adder 7) 35)\n"
          "'(a (b . c) \"d\" -5)\n"
          "(cons 1 2)\n";
    for (;;) {
        skip();
        if (!*src)
            break;
        Obj *e = read_expr();
        print(eval(e, env));
        printf("\n");
    }
    printf("cells %d\n", used);
    return 0;
}
