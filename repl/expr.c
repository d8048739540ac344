/*
 * expr.c - C expressions over the stopped program: variables of the
 * selected frame and globals, literals, arithmetic, comparisons, logic,
 * `.`, `->`, `[]`, unary `*` and `&`, casts, sizeof, assignment.
 *
 * How it works
 * - A recursive-descent parser that evaluates as it parses (no tree); every
 *   error sets one message and unwinds (E->err), and the caller prints it.
 * - Values (ReplValue): a scalar is loaded into `bits` when used (integers
 *   sign- or zero-extended to 64 bits by their type, floating values as
 *   the bits of a double); aggregates stay in memory.  Lvalues remember
 *   where they live (memory or a register of a frame), so `=` stores back.
 * - Types are the module's debug types; literals, results of arithmetic
 *   and pointers made by & get session types (repl_basic_type,
 *   repl_pointer_to).
 *
 * Invariants
 * - Guest memory is only read and written through vm_debug_read/write, so
 *   a bad pointer is an error message, never a host fault; recursion depth
 *   is bounded (hostile input cannot exhaust the C stack).
 */
#include "repl/internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 200

typedef struct Eval {
    Repl *R;
    const char *s;   /* next character */
    char err[256];
    int depth;
    bool no_side;    /* sizeof: types only, no loads */
} Eval;

/* ------------------------------------------------------------ types */

const FirDbgType *repl_type(const Repl *R, uint32_t t)
{
    const FirModule *m = vm_debug_module(R->p);
    if (t == 0)
        return NULL;
    if (t <= m->ndbg_types)
        return &m->dbg_types[t - 1];
    t -= m->ndbg_types;
    return t <= R->nxtypes ? &R->xtypes[t - 1] : NULL;
}

static uint32_t add_xtype(Repl *R, FirDbgType t)
{
    if (R->nxtypes == R->cap_xtypes) {
        uint32_t cap = R->cap_xtypes ? 2 * R->cap_xtypes : 16;
        FirDbgType *x = realloc(R->xtypes, cap * sizeof *x);
        if (!x)
            return 0;
        R->xtypes = x;
        R->cap_xtypes = cap;
    }
    R->xtypes[R->nxtypes++] = t;
    return vm_debug_module(R->p)->ndbg_types + R->nxtypes;
}

uint32_t repl_basic_type(Repl *R, FirDbgKind kind, uint64_t size, const char *name)
{
    const FirModule *m = vm_debug_module(R->p);
    for (uint32_t i = 0; i < m->ndbg_types; i++)
        if (m->dbg_types[i].kind == kind && m->dbg_types[i].size == size &&
            m->dbg_types[i].name && strcmp(m->dbg_types[i].name, name) == 0)
            return i + 1;
    for (uint32_t i = 0; i < R->nxtypes; i++)
        if (R->xtypes[i].kind == kind && R->xtypes[i].size == size && R->xtypes[i].name &&
            strcmp(R->xtypes[i].name, name) == 0)
            return m->ndbg_types + i + 1;
    char *n = strdup(name);
    if (!n)
        return 0;
    return add_xtype(R, (FirDbgType){.kind = kind, .name = n, .size = size});
}

uint32_t repl_pointer_to(Repl *R, uint32_t t)
{
    const FirModule *m = vm_debug_module(R->p);
    for (uint32_t i = 0; i < m->ndbg_types; i++)
        if (m->dbg_types[i].kind == FIR_DK_PTR && m->dbg_types[i].base == t)
            return i + 1;
    for (uint32_t i = 0; i < R->nxtypes; i++)
        if (R->xtypes[i].kind == FIR_DK_PTR && R->xtypes[i].base == t)
            return m->ndbg_types + i + 1;
    return add_xtype(R, (FirDbgType){.kind = FIR_DK_PTR, .size = 8, .base = t});
}

/* ----------------------------------------------------------- variables */

bool repl_var_value(Repl *R, uint32_t depth, const FirDbgVar *var, ReplValue *v)
{
    *v = (ReplValue){.type = var->type};
    if (var->in_memory) {
        uint64_t addr;
        if (!vm_debug_reg(R->p, depth, var->reg, &addr))
            return false;
        v->where = RW_MEM;
        v->addr = addr;
    } else {
        v->where = RW_REG;
        v->depth = depth;
        v->reg = var->reg;
    }
    return true;
}

/* The variable of frame depth's function called name that is visible at
 * its line: declared at or before it, the latest such. */
static const FirDbgVar *find_local(Repl *R, uint32_t depth, const char *name)
{
    VmDebugFrame f;
    if (!vm_debug_frame(R->p, depth, &f))
        return NULL;
    const FirFunc *fn = &vm_debug_module(R->p)->funcs[f.func];
    uint32_t line = repl_line(R, f.func, f.pc, NULL);
    const FirDbgVar *best = NULL;
    for (uint32_t i = 0; i < fn->ndbg_vars; i++) {
        const FirDbgVar *v = &fn->dbg_vars[i];
        if (strcmp(v->name, name) != 0)
            continue;
        if (!v->is_param && line && v->line > line)
            continue;
        if (!best || v->line >= best->line)
            best = v;
    }
    return best;
}

bool repl_lookup_var(Repl *R, uint32_t depth, const char *name, ReplValue *v)
{
    const FirDbgVar *lv = R->running || vm_debug_faulted(R->p) ? find_local(R, depth, name)
                                                               : NULL;
    if (lv)
        return repl_var_value(R, depth, lv, v);
    const FirModule *m = vm_debug_module(R->p);
    for (uint32_t g = 0; g < m->nglobals; g++) {
        const FirGlobal *gl = &m->globals[g];
        const char *cname = gl->dbg_name ? gl->dbg_name : gl->name;
        if (!gl->dbg_type || strcmp(cname, name) != 0)
            continue;
        *v = (ReplValue){.type = gl->dbg_type, .where = RW_MEM,
                         .addr = vm_debug_global_ptr(R->p, g)};
        return true;
    }
    return false;
}

/* ------------------------------------------------------------ values */

static bool fail(Eval *E, const char *fmt, ...) FIR_PRINTF(2, 3);
static bool fail(Eval *E, const char *fmt, ...)
{
    if (!E->err[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(E->err, sizeof E->err, fmt, ap);
        va_end(ap);
    }
    return false;
}

static FirDbgKind kind_of(const Repl *R, uint32_t t)
{
    const FirDbgType *ty = repl_type(R, t);
    return ty ? (FirDbgKind)ty->kind : FIR_DK_VOID;
}

static bool is_int_kind(FirDbgKind k)
{
    return k == FIR_DK_SINT || k == FIR_DK_UINT || k == FIR_DK_BOOL || k == FIR_DK_SCHAR ||
           k == FIR_DK_UCHAR || k == FIR_DK_ENUM;
}

static bool is_signed_kind(FirDbgKind k)
{
    return k == FIR_DK_SINT || k == FIR_DK_SCHAR || k == FIR_DK_ENUM;
}

/* Sign- or zero-extends raw bits of a value of type t to 64 bits; floats
 * become the bits of a double. */
static uint64_t canonical(const Repl *R, uint32_t t, uint64_t raw)
{
    const FirDbgType *ty = repl_type(R, t);
    if (!ty)
        return raw;
    if (ty->kind == FIR_DK_FLOAT) {
        if (ty->size == 4) {
            float f;
            uint32_t b = (uint32_t)raw;
            memcpy(&f, &b, 4);
            double d = f;
            memcpy(&raw, &d, 8);
        }
        return raw;
    }
    if (ty->kind == FIR_DK_BOOL)
        return (raw & 0xff) != 0;
    uint64_t size = ty->size;
    if (size >= 8 || size == 0)
        return raw;
    uint64_t mask = ((uint64_t)1 << (8 * size)) - 1;
    raw &= mask;
    if (is_signed_kind((FirDbgKind)ty->kind) && (raw >> (8 * size - 1)) & 1)
        raw |= ~mask;
    return raw;
}

/* The canonical bits back to the representation of type t (size bytes). */
static uint64_t raw_of(const Repl *R, uint32_t t, uint64_t bits)
{
    const FirDbgType *ty = repl_type(R, t);
    if (ty && ty->kind == FIR_DK_FLOAT && ty->size == 4) {
        double d;
        memcpy(&d, &bits, 8);
        float f = (float)d;
        uint32_t b;
        memcpy(&b, &f, 4);
        return b;
    }
    return bits;
}

uint64_t repl_type_size(const Repl *R, uint32_t t)
{
    const FirDbgType *ty = repl_type(R, t);
    return ty ? ty->size : 0;
}

bool repl_is_float(const Repl *R, uint32_t t)
{
    return kind_of(R, t) == FIR_DK_FLOAT;
}

bool repl_is_scalar(const Repl *R, uint32_t t)
{
    FirDbgKind k = kind_of(R, t);
    return is_int_kind(k) || k == FIR_DK_FLOAT || k == FIR_DK_PTR;
}

const char *repl_read(Repl *R, uint64_t ptr, void *buf, uint64_t n)
{
    if (R->view)
        return repl_read_at_level(R, R->view, ptr, buf, n) ? NULL
                                                           : "not there when the level began";
    return vm_debug_read(R->p, ptr, buf, n);
}

bool repl_load_value(Repl *R, ReplValue *v)
{
    uint64_t raw = 0;
    if (v->where == RW_REG) {
        VmDebugFrame f;
        if (R->view) {
            if (!vm_debug_frame(R->p, v->depth, &f) ||
                !vm_debug_level_reg(R->view, f.serial, v->reg, &raw))
                return false;
        } else if (!vm_debug_reg(R->p, v->depth, v->reg, &raw)) {
            return false;
        }
    } else if (v->where == RW_MEM) {
        uint64_t n = repl_type_size(R, v->type);
        if (v->bitfield)
            n = repl_type_size(R, v->type);
        if (n > 8 || repl_read(R, v->addr, &raw, n))
            return false;
        if (v->bitfield) {
            raw >>= v->bit_offset;
            uint64_t mask = v->bit_width >= 64 ? ~(uint64_t)0
                                               : ((uint64_t)1 << v->bit_width) - 1;
            raw &= mask;
            if (is_signed_kind(kind_of(R, v->type)) && (raw >> (v->bit_width - 1)) & 1)
                raw |= ~mask;
            v->bits = raw;
            return true;
        }
    } else {
        return true;
    }
    v->bits = canonical(R, v->type, raw);
    return true;
}

int64_t repl_value_int(const Repl *R, const ReplValue *v)
{
    if (repl_is_float(R, v->type)) {
        double d;
        memcpy(&d, &v->bits, 8);
        return d != d ? 0 : d >= 9.2e18 ? INT64_MAX : d <= -9.2e18 ? INT64_MIN : (int64_t)d;
    }
    return (int64_t)v->bits;
}

double repl_value_double(const Repl *R, const ReplValue *v)
{
    if (repl_is_float(R, v->type)) {
        double d;
        memcpy(&d, &v->bits, 8);
        return d;
    }
    FirDbgKind k = kind_of(R, v->type);
    return is_signed_kind(k) ? (double)(int64_t)v->bits : (double)v->bits;
}

static ReplValue make_int(Repl *R, int64_t x, bool is_unsigned, bool wide)
{
    uint32_t t = wide ? repl_basic_type(R, is_unsigned ? FIR_DK_UINT : FIR_DK_SINT, 8,
                                        is_unsigned ? "unsigned long" : "long")
                      : repl_basic_type(R, is_unsigned ? FIR_DK_UINT : FIR_DK_SINT, 4,
                                        is_unsigned ? "unsigned int" : "int");
    ReplValue v = {.type = t, .bits = (uint64_t)x};
    v.bits = canonical(R, t, v.bits);
    return v;
}

static ReplValue make_double(Repl *R, double d)
{
    ReplValue v = {.type = repl_basic_type(R, FIR_DK_FLOAT, 8, "double")};
    memcpy(&v.bits, &d, 8);
    return v;
}

/* An rvalue: arrays decay to a pointer to their first element; scalars
 * are loaded. */
static bool rvalue(Eval *E, ReplValue *v)
{
    Repl *R = E->R;
    const FirDbgType *ty = repl_type(R, v->type);
    if (!ty)
        return fail(E, "Value has no known type.");
    if (ty->kind == FIR_DK_ARRAY) {
        if (v->where != RW_MEM)
            return fail(E, "Array is not in memory.");
        *v = (ReplValue){.type = repl_pointer_to(R, ty->base), .bits = v->addr};
        return true;
    }
    if (ty->kind == FIR_DK_STRUCT || ty->kind == FIR_DK_UNION)
        return fail(E, "A struct or union cannot be used as a number.");
    if (ty->kind == FIR_DK_VOID || ty->kind == FIR_DK_FUNC)
        return fail(E, "Attempt to use a value of type void.");
    if (E->no_side) {
        v->where = RW_NONE;
        return true;
    }
    if (!repl_load_value(R, v)) {
        if (v->where == RW_MEM)
            return fail(E, "Cannot access memory at address 0x%llx.",
                        (unsigned long long)v->addr);
        return fail(E, "Value is not available.");
    }
    v->where = RW_NONE;
    v->bitfield = false;
    return true;
}

/* ------------------------------------------------------------ lexing */

static void space(Eval *E)
{
    while (*E->s == ' ' || *E->s == '\t')
        E->s++;
}

static bool peek(Eval *E, const char *tok)
{
    space(E);
    size_t n = strlen(tok);
    if (strncmp(E->s, tok, n) != 0)
        return false;
    /* "<" is not "<=" or "<<", "&" is not "&&", and so on */
    if (n == 1 && strchr("<>&|=!-+", tok[0]) && E->s[1] &&
        (E->s[1] == '=' || (E->s[1] == tok[0] && tok[0] != '!' && tok[0] != '=') ||
         (tok[0] == '-' && E->s[1] == '>')))
        return false;
    if (n == 2 && (strcmp(tok, "<<") == 0 || strcmp(tok, ">>") == 0) && E->s[2] == '=')
        return false;
    return true;
}

static bool eat(Eval *E, const char *tok)
{
    if (!peek(E, tok))
        return false;
    E->s += strlen(tok);
    return true;
}

static bool ident(Eval *E, char *buf, size_t n)
{
    space(E);
    if (!isalpha((unsigned char)*E->s) && *E->s != '_')
        return false;
    size_t k = 0;
    while (isalnum((unsigned char)E->s[k]) || E->s[k] == '_')
        k++;
    if (k >= n)
        return fail(E, "Name too long.");
    memcpy(buf, E->s, k);
    buf[k] = 0;
    E->s += k;
    return true;
}

/* ------------------------------------------------------------- types */

/* A type name (for casts and sizeof): base type then stars; 0 if the text
 * is not one (nothing consumed). */
static uint32_t parse_type(Eval *E)
{
    Repl *R = E->R;
    const char *start = E->s;
    char w[128], name[300] = "";
    bool is_unsigned = false, is_signed = false;
    int longs = 0;
    bool sh = false, ch = false, in = false, dbl = false, flt = false, vd = false, bl = false;
    uint32_t t = 0;
    for (;;) {
        const char *before = E->s;
        if (!ident(E, w, sizeof w))
            break;
        if (strcmp(w, "unsigned") == 0) is_unsigned = true;
        else if (strcmp(w, "signed") == 0) is_signed = true;
        else if (strcmp(w, "long") == 0) longs++;
        else if (strcmp(w, "short") == 0) sh = true;
        else if (strcmp(w, "char") == 0) ch = true;
        else if (strcmp(w, "int") == 0) in = true;
        else if (strcmp(w, "double") == 0) dbl = true;
        else if (strcmp(w, "float") == 0) flt = true;
        else if (strcmp(w, "void") == 0) vd = true;
        else if (strcmp(w, "_Bool") == 0) bl = true;
        else if (strcmp(w, "const") == 0 || strcmp(w, "volatile") == 0) continue;
        else if (strcmp(w, "struct") == 0 || strcmp(w, "union") == 0 || strcmp(w, "enum") == 0) {
            char tag[128];
            if (!ident(E, tag, sizeof tag)) {
                E->s = start;
                return 0;
            }
            snprintf(name, sizeof name, "%s %s", w, tag);
            const FirModule *m = vm_debug_module(R->p);
            for (uint32_t i = 0; i < m->ndbg_types && !t; i++)
                if (m->dbg_types[i].name && strcmp(m->dbg_types[i].name, name) == 0)
                    t = i + 1;
            if (!t) {
                fail(E, "No %s type named %s.", w, tag);
                E->s = start;
                return 0;
            }
            break;
        } else {
            E->s = before;
            break;
        }
    }
    if (!t) {
        if (vd) t = repl_basic_type(R, FIR_DK_VOID, 0, "void");
        else if (bl) t = repl_basic_type(R, FIR_DK_BOOL, 1, "_Bool");
        else if (dbl) t = repl_basic_type(R, FIR_DK_FLOAT, 8, "double");
        else if (flt) t = repl_basic_type(R, FIR_DK_FLOAT, 4, "float");
        else if (ch)
            t = is_unsigned ? repl_basic_type(R, FIR_DK_UCHAR, 1, "unsigned char")
                : is_signed ? repl_basic_type(R, FIR_DK_SCHAR, 1, "signed char")
                            : repl_basic_type(R, FIR_DK_SCHAR, 1, "char");
        else if (sh)
            t = repl_basic_type(R, is_unsigned ? FIR_DK_UINT : FIR_DK_SINT, 2,
                                is_unsigned ? "unsigned short" : "short");
        else if (longs)
            t = repl_basic_type(R, is_unsigned ? FIR_DK_UINT : FIR_DK_SINT, 8,
                                is_unsigned ? (longs > 1 ? "unsigned long long" : "unsigned long")
                                            : (longs > 1 ? "long long" : "long"));
        else if (in || is_unsigned || is_signed)
            t = repl_basic_type(R, is_unsigned ? FIR_DK_UINT : FIR_DK_SINT, 4,
                                is_unsigned ? "unsigned int" : "int");
        else {
            E->s = start;
            return 0;
        }
    }
    while (eat(E, "*"))
        t = repl_pointer_to(R, t);
    return t;
}

/* ----------------------------------------------------------- grammar */

static bool expr(Eval *E, ReplValue *v);
static bool assign(Eval *E, ReplValue *v);
static bool unary(Eval *E, ReplValue *v);

static bool number(Eval *E, ReplValue *v)
{
    Repl *R = E->R;
    const char *s = E->s;
    char *end;
    bool is_float = false;
    for (const char *q = s; isalnum((unsigned char)*q) || *q == '.'; q++)
        if (*q == '.' || ((*q == 'e' || *q == 'E') && !(s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))))
            is_float = true;
    errno = 0;
    if (is_float) {
        double d = strtod(s, &end);
        if (end == s || errno)
            return fail(E, "Invalid number \"%.20s\".", s);
        if (*end == 'f' || *end == 'F')
            end++;
        E->s = end;
        *v = make_double(R, d);
        return true;
    }
    unsigned long long x = strtoull(s, &end, 0);
    if (end == s || errno)
        return fail(E, "Invalid number \"%.20s\".", s);
    bool is_unsigned = false, wide = x > 0x7fffffffu;
    while (*end == 'u' || *end == 'U' || *end == 'l' || *end == 'L') {
        if (*end == 'u' || *end == 'U')
            is_unsigned = true;
        else
            wide = true;
        end++;
    }
    if (isalnum((unsigned char)*end) || *end == '_')
        return fail(E, "Invalid number \"%.*s\".", (int)(end - s + 1), s);
    E->s = end;
    *v = make_int(R, (int64_t)x, is_unsigned, wide);
    return true;
}

static bool char_lit(Eval *E, ReplValue *v)
{
    const char *s = E->s + 1;
    int c;
    if (*s == '\\') {
        s++;
        switch (*s) {
        case 'n': c = '\n'; break;
        case 't': c = '\t'; break;
        case 'r': c = '\r'; break;
        case '0': c = 0; break;
        case '\\': c = '\\'; break;
        case '\'': c = '\''; break;
        default: return fail(E, "Unknown escape in character literal.");
        }
    } else if (*s && *s != '\'') {
        c = (unsigned char)*s;
    } else {
        return fail(E, "Empty character literal.");
    }
    if (s[1] != '\'')
        return fail(E, "Unmatched single quote.");
    E->s = s + 2;
    *v = (ReplValue){.type = repl_basic_type(E->R, FIR_DK_SCHAR, 1, "char"),
                     .bits = (uint64_t)(int64_t)(signed char)c};
    return true;
}

static bool primary(Eval *E, ReplValue *v)
{
    space(E);
    if (eat(E, "(")) {
        if (!expr(E, v))
            return false;
        if (!eat(E, ")"))
            return fail(E, "Expected ')'.");
        return true;
    }
    if (isdigit((unsigned char)*E->s) || (*E->s == '.' && isdigit((unsigned char)E->s[1])))
        return number(E, v);
    if (*E->s == '\'')
        return char_lit(E, v);
    char name[128];
    if (ident(E, name, sizeof name)) {
        if (!repl_lookup_var(E->R, E->R->frame, name, v))
            return fail(E, "No symbol \"%s\" in current context.", name);
        return true;
    }
    if (E->err[0])
        return false;
    if (!*E->s)
        return fail(E, "Expression expected at the end.");
    return fail(E, "A syntax error in expression, near `%.20s'.", E->s);
}

static bool member(Eval *E, ReplValue *v, const char *name)
{
    const FirDbgType *ty = repl_type(E->R, v->type);
    if (!ty || (ty->kind != FIR_DK_STRUCT && ty->kind != FIR_DK_UNION))
        return fail(E, "Attempt to extract a component of a value that is not a structure.");
    if (v->where != RW_MEM)
        return fail(E, "Structure is not in memory.");
    for (uint32_t i = 0; i < ty->nfields; i++) {
        const FirDbgField *f = &ty->fields[i];
        if (!f->name || strcmp(f->name, name) != 0)
            continue;
        ReplValue r = {.type = f->type, .where = RW_MEM, .addr = v->addr + (uint64_t)f->value};
        if (f->bit_width) {
            r.bitfield = true;
            r.bit_offset = f->bit_offset;
            r.bit_width = f->bit_width;
        }
        *v = r;
        return true;
    }
    return fail(E, "There is no member named %s.", name);
}

static bool deref(Eval *E, ReplValue *v)
{
    if (!rvalue(E, v))
        return false;
    const FirDbgType *ty = repl_type(E->R, v->type);
    if (!ty || ty->kind != FIR_DK_PTR)
        return fail(E, "Attempt to take contents of a non-pointer value.");
    const FirDbgType *bt = repl_type(E->R, ty->base);
    if (!bt || bt->kind == FIR_DK_VOID)
        return fail(E, "Attempt to take contents of a pointer to void.");
    *v = (ReplValue){.type = ty->base, .where = RW_MEM, .addr = v->bits};
    return true;
}

static bool add_values(Eval *E, ReplValue *a, ReplValue *b, bool sub);

static bool postfix(Eval *E, ReplValue *v)
{
    if (!primary(E, v))
        return false;
    for (;;) {
        char name[128];
        if (eat(E, "[")) {
            ReplValue idx;
            if (!expr(E, &idx))
                return false;
            if (!eat(E, "]"))
                return fail(E, "Expected ']'.");
            if (!add_values(E, v, &idx, false) || !deref(E, v))
                return false;
        } else if (eat(E, "->")) {
            if (!ident(E, name, sizeof name))
                return fail(E, "Expected a member name after '->'.");
            if (!deref(E, v) || !member(E, v, name))
                return false;
        } else if (peek(E, ".") && !isdigit((unsigned char)E->s[1])) {
            E->s++;
            if (!ident(E, name, sizeof name))
                return fail(E, "Expected a member name after '.'.");
            if (!member(E, v, name))
                return false;
        } else {
            return true;
        }
    }
}

/* Converts the rvalue v to type t (scalars). */
static bool convert(Eval *E, ReplValue *v, uint32_t t)
{
    Repl *R = E->R;
    FirDbgKind to = kind_of(R, t);
    if (to == FIR_DK_VOID) {
        v->type = t;
        return true;
    }
    if (!repl_is_scalar(R, t))
        return fail(E, "Invalid cast: the target is not a scalar type.");
    if (to == FIR_DK_FLOAT) {
        double d = repl_value_double(R, v);
        if (repl_type_size(R, t) == 4)
            d = (float)d;
        memcpy(&v->bits, &d, 8);
    } else if (repl_is_float(R, v->type)) {
        double d = repl_value_double(R, v);
        if (to == FIR_DK_BOOL)
            v->bits = d != 0;
        else if (to == FIR_DK_PTR || !is_signed_kind(to))
            v->bits = d != d || d < 0 ? (uint64_t)repl_value_int(R, v)
                    : d >= 1.8e19 ? UINT64_MAX : (uint64_t)d;
        else
            v->bits = (uint64_t)repl_value_int(R, v);
        v->bits = canonical(R, t, v->bits);
    } else if (to == FIR_DK_BOOL) {
        v->bits = v->bits != 0;
    } else {
        v->bits = canonical(R, t, v->bits);
    }
    v->type = t;
    return true;
}

static bool unary(Eval *E, ReplValue *v)
{
    Repl *R = E->R;
    if (++E->depth > MAX_DEPTH)
        return fail(E, "Expression nested too deeply.");
    bool ok;
    space(E);
    if (eat(E, "-") || eat(E, "+")) {
        bool neg = E->s[-1] == '-';
        if (!(ok = unary(E, v) && rvalue(E, v)))
            goto out;
        if (repl_is_float(R, v->type)) {
            double d = repl_value_double(R, v);
            *v = make_double(R, neg ? -d : d);
        } else if (kind_of(R, v->type) == FIR_DK_PTR) {
            ok = fail(E, "Wrong type argument to unary %c.", neg ? '-' : '+');
        } else {
            bool w = repl_type_size(R, v->type) == 8;
            bool u = !is_signed_kind(kind_of(R, v->type)) && repl_type_size(R, v->type) >= 4;
            *v = make_int(R, neg ? (int64_t)(0 - v->bits) : (int64_t)v->bits, u, w);
        }
    } else if (eat(E, "!")) {
        if ((ok = unary(E, v) && rvalue(E, v)))
            *v = make_int(R, repl_is_float(R, v->type) ? repl_value_double(R, v) == 0
                                                        : v->bits == 0, false, false);
    } else if (eat(E, "~")) {
        if ((ok = unary(E, v) && rvalue(E, v))) {
            if (!is_int_kind(kind_of(R, v->type)))
                ok = fail(E, "Wrong type argument to ~.");
            else
                *v = make_int(R, (int64_t)~v->bits, !is_signed_kind(kind_of(R, v->type)),
                              repl_type_size(R, v->type) == 8);
        }
    } else if (eat(E, "*")) {
        ok = unary(E, v) && deref(E, v);
    } else if (eat(E, "&")) {
        if ((ok = unary(E, v))) {
            if (v->where == RW_MEM && !v->bitfield)
                *v = (ReplValue){.type = repl_pointer_to(R, v->type), .bits = v->addr};
            else if (v->where == RW_REG)
                ok = fail(E, "Address requested for a variable which is in a register.");
            else
                ok = fail(E, "Attempt to take address of value not located in memory.");
        }
    } else if (strncmp(E->s, "sizeof", 6) == 0 && !isalnum((unsigned char)E->s[6]) &&
               E->s[6] != '_') {
        E->s += 6;
        const char *save = E->s;
        uint32_t t = 0;
        if (eat(E, "(")) {
            t = parse_type(E);
            if (t && !eat(E, ")"))
                t = 0;
            if (!t)
                E->s = save;
        }
        if (!t) {
            bool ns = E->no_side;
            E->no_side = true;
            ok = unary(E, v);
            E->no_side = ns;
            if (!ok)
                goto out;
            t = v->type;
        }
        *v = make_int(R, (int64_t)repl_type_size(R, t), true, true);
        ok = true;
    } else if (peek(E, "(")) {
        const char *save = E->s;
        E->s++;
        uint32_t t = parse_type(E);
        if (t && eat(E, ")")) {
            ok = unary(E, v) && rvalue(E, v) && convert(E, v, t);
        } else {
            if (E->err[0])
                return false;
            E->s = save;
            ok = postfix(E, v);
        }
    } else {
        ok = postfix(E, v);
    }
out:
    E->depth--;
    return ok;
}

/* ----------------------------------------------------- binary operators */

/* Usual arithmetic conversions of two loaded scalars: the common type. */
static uint32_t common(Eval *E, const ReplValue *a, const ReplValue *b)
{
    Repl *R = E->R;
    if (repl_is_float(R, a->type) || repl_is_float(R, b->type))
        return repl_basic_type(R, FIR_DK_FLOAT, 8, "double");
    uint64_t sa = repl_type_size(R, a->type), sb = repl_type_size(R, b->type);
    bool ua = !is_signed_kind(kind_of(R, a->type)), ub = !is_signed_kind(kind_of(R, b->type));
    if (sa < 4)
        sa = 4, ua = false;
    if (sb < 4)
        sb = 4, ub = false;
    uint64_t s = sa > sb ? sa : sb;
    bool u = (sa == s && ua) || (sb == s && ub);
    return make_int(R, 0, u, s == 8).type;
}

static bool add_values(Eval *E, ReplValue *a, ReplValue *b, bool sub)
{
    Repl *R = E->R;
    if (!rvalue(E, a) || !rvalue(E, b))
        return false;
    FirDbgKind ka = kind_of(R, a->type), kb = kind_of(R, b->type);
    if (ka == FIR_DK_PTR && kb == FIR_DK_PTR) {
        if (!sub)
            return fail(E, "Cannot add two pointers.");
        uint64_t sz = repl_type_size(R, repl_type(R, a->type)->base);
        int64_t d = (int64_t)(a->bits - b->bits);
        *a = make_int(R, sz ? d / (int64_t)sz : d, false, true);
        return true;
    }
    if (ka == FIR_DK_PTR || kb == FIR_DK_PTR) {
        if (kb == FIR_DK_PTR && sub)
            return fail(E, "Cannot subtract a pointer from a number.");
        ReplValue *pv = ka == FIR_DK_PTR ? a : b, *iv = ka == FIR_DK_PTR ? b : a;
        if (!is_int_kind(kind_of(R, iv->type)))
            return fail(E, "Pointer arithmetic needs an integer.");
        uint64_t sz = repl_type_size(R, repl_type(R, pv->type)->base);
        if (sz == 0)
            sz = 1;
        int64_t k = (int64_t)iv->bits * (int64_t)sz;
        uint64_t p = pv->bits;
        /* only the offset part moves (DESIGN.md rule 2) */
        uint64_t off = (uint32_t)(p + (uint64_t)(sub ? -k : k));
        *a = (ReplValue){.type = pv->type, .bits = (p & 0xFFFFFFFF00000000u) | off};
        return true;
    }
    uint32_t t = common(E, a, b);
    if (repl_is_float(R, t)) {
        double x = repl_value_double(R, a), y = repl_value_double(R, b);
        *a = make_double(R, sub ? x - y : x + y);
        return true;
    }
    a->bits = canonical(R, t, sub ? a->bits - b->bits : a->bits + b->bits);
    a->type = t;
    return true;
}

static bool truth(Eval *E, ReplValue *v, bool *out)
{
    if (!rvalue(E, v))
        return false;
    *out = repl_is_float(E->R, v->type) ? repl_value_double(E->R, v) != 0 : v->bits != 0;
    return true;
}

/* One binary operation a OP b (both already parsed). */
static bool binop(Eval *E, const char *op, ReplValue *a, ReplValue *b)
{
    Repl *R = E->R;
    if (strcmp(op, "+") == 0 || strcmp(op, "-") == 0)
        return add_values(E, a, b, op[0] == '-');
    if (!rvalue(E, a) || !rvalue(E, b))
        return false;
    bool cmp = strcmp(op, "==") == 0 || strcmp(op, "!=") == 0 || op[0] == '<' || op[0] == '>';
    cmp = cmp && strcmp(op, "<<") != 0 && strcmp(op, ">>") != 0;
    FirDbgKind ka = kind_of(R, a->type), kb = kind_of(R, b->type);
    if (cmp && (ka == FIR_DK_PTR || kb == FIR_DK_PTR)) {
        uint64_t x = a->bits, y = b->bits;
        bool r = strcmp(op, "==") == 0 ? x == y : strcmp(op, "!=") == 0 ? x != y
               : strcmp(op, "<") == 0 ? x < y : strcmp(op, "<=") == 0 ? x <= y
               : strcmp(op, ">") == 0 ? x > y : x >= y;
        *a = make_int(R, r, false, false);
        return true;
    }
    if (!repl_is_scalar(R, a->type) || !repl_is_scalar(R, b->type) || ka == FIR_DK_PTR ||
        kb == FIR_DK_PTR)
        return fail(E, "Argument to arithmetic operation not a number or boolean.");
    uint32_t t = common(E, a, b);
    if (repl_is_float(R, t)) {
        double x = repl_value_double(R, a), y = repl_value_double(R, b), r;
        if (strcmp(op, "*") == 0) r = x * y;
        else if (strcmp(op, "/") == 0) r = x / y;
        else if (cmp) {
            bool c = strcmp(op, "==") == 0 ? x == y : strcmp(op, "!=") == 0 ? x != y
                   : strcmp(op, "<") == 0 ? x < y : strcmp(op, "<=") == 0 ? x <= y
                   : strcmp(op, ">") == 0 ? x > y : x >= y;
            *a = make_int(R, c, false, false);
            return true;
        } else
            return fail(E, "Integer only operation %s.", op);
        *a = make_double(R, r);
        return true;
    }
    bool u = !is_signed_kind(kind_of(R, t));
    uint64_t x = canonical(R, t, a->bits), y = canonical(R, t, b->bits), r = 0;
    int64_t sx = (int64_t)x, sy = (int64_t)y;
    if (cmp) {
        bool c = strcmp(op, "==") == 0 ? x == y : strcmp(op, "!=") == 0 ? x != y
               : strcmp(op, "<") == 0 ? (u ? x < y : sx < sy)
               : strcmp(op, "<=") == 0 ? (u ? x <= y : sx <= sy)
               : strcmp(op, ">") == 0 ? (u ? x > y : sx > sy) : (u ? x >= y : sx >= sy);
        *a = make_int(R, c, false, false);
        return true;
    }
    switch (op[0]) {
    case '*': r = x * y; break;
    case '/':
    case '%':
        if (y == 0)
            return fail(E, "Division by zero.");
        if (!u && sy == -1)
            r = op[0] == '/' ? 0 - x : 0;
        else if (op[0] == '/')
            r = u ? x / y : (uint64_t)(sx / sy);
        else
            r = u ? x % y : (uint64_t)(sx % sy);
        break;
    case '&': r = x & y; break;
    case '|': r = x | y; break;
    case '^': r = x ^ y; break;
    case '<': r = y >= 64 ? 0 : x << y; break;
    case '>': r = y >= 64 ? (u || sx >= 0 ? 0 : UINT64_MAX) : u ? x >> y : (uint64_t)(sx >> y); break;
    default: return fail(E, "Unknown operator %s.", op);
    }
    a->type = t;
    a->bits = canonical(R, t, r);
    return true;
}

/* Binary operators by precedence level, lowest first. */
static const char *const levels[][6] = {
    {"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<=", ">=", "<", ">"},
    {"<<", ">>"}, {"+", "-"}, {"*", "/", "%"},
};
#define NLEVELS (sizeof levels / sizeof *levels)

static bool binary(Eval *E, ReplValue *v, size_t level)
{
    if (level == NLEVELS)
        return unary(E, v);
    if (++E->depth > MAX_DEPTH)
        return fail(E, "Expression nested too deeply.");
    bool ok = binary(E, v, level + 1);
    while (ok) {
        const char *op = NULL;
        for (size_t k = 0; k < 6 && levels[level][k] && !op; k++)
            if (eat(E, levels[level][k]))
                op = levels[level][k];
        if (!op)
            break;
        ReplValue w;
        if (level <= 1) { /* || and && */
            bool x, y;
            if (!truth(E, v, &x) || !binary(E, &w, level + 1) || !truth(E, &w, &y)) {
                ok = false;
                break;
            }
            *v = make_int(E->R, level == 0 ? (x || y) : (x && y), false, false);
            continue;
        }
        ok = binary(E, &w, level + 1) && binop(E, op, v, &w);
    }
    E->depth--;
    return ok;
}

static bool conditional(Eval *E, ReplValue *v)
{
    if (!binary(E, v, 0))
        return false;
    if (!eat(E, "?"))
        return true;
    bool c;
    ReplValue a, b;
    if (!truth(E, v, &c) || !assign(E, &a) || !eat(E, ":"))
        return E->err[0] ? false : fail(E, "Expected ':'.");
    if (!conditional(E, &b))
        return false;
    *v = c ? a : b;
    return true;
}

bool repl_assign(Repl *R, const ReplValue *dst, const ReplValue *src)
{
    Eval E = {.R = R};
    ReplValue v = *src;
    bool ok = false;
    if (dst->where == RW_NONE) {
        fail(&E, "Left operand of assignment is not an lvalue.");
    } else if (!repl_is_scalar(R, dst->type)) {
        /* a whole struct or array: same type, copied byte by byte */
        uint64_t n = repl_type_size(R, dst->type);
        uint8_t buf[4096];
        const char *why;
        if (src->type != dst->type || src->where != RW_MEM)
            fail(&E, "Invalid assignment: the types differ.");
        else if (n > sizeof buf)
            fail(&E, "Object too large to assign (%llu bytes).", (unsigned long long)n);
        else if ((why = repl_read(R, src->addr, buf, n)))
            fail(&E, "Cannot access memory at address 0x%llx.", (unsigned long long)src->addr);
        else if ((why = vm_debug_write(R->p, dst->addr, buf, n)))
            fail(&E, "Cannot write memory at address 0x%llx: %s.",
                 (unsigned long long)dst->addr, why);
        else
            ok = true;
    } else if (rvalue(&E, &v) && convert(&E, &v, dst->type)) {
        uint64_t raw = raw_of(R, dst->type, v.bits);
        if (dst->where == RW_REG) {
            if (!vm_debug_set_reg(R->p, dst->depth, dst->reg, raw))
                fail(&E, "Register is not available.");
            else
                ok = true;
        } else {
            uint64_t n = repl_type_size(R, dst->type), old = 0;
            const char *why = NULL;
            if (dst->bitfield) {
                why = vm_debug_read(R->p, dst->addr, &old, n);
                uint64_t mask = ((dst->bit_width >= 64 ? 0 : (uint64_t)1 << dst->bit_width) - 1)
                                << dst->bit_offset;
                raw = (old & ~mask) | ((raw << dst->bit_offset) & mask);
            }
            if (!why)
                why = vm_debug_write(R->p, dst->addr, &raw, n);
            if (why)
                fail(&E, "Cannot write memory at address 0x%llx: %s.",
                     (unsigned long long)dst->addr, why);
            else
                ok = true;
        }
    }
    if (!ok)
        repl_error(R, "%s", E.err);
    return ok;
}

static bool assign(Eval *E, ReplValue *v)
{
    if (!conditional(E, v))
        return false;
    if (!eat(E, "="))
        return true;
    ReplValue rhs;
    if (++E->depth > MAX_DEPTH)
        return fail(E, "Expression nested too deeply.");
    bool ok = assign(E, &rhs);
    E->depth--;
    if (!ok)
        return false;
    if (v->where == RW_NONE)
        return fail(E, "Left operand of assignment is not an lvalue.");
    if (!repl_assign(E->R, v, &rhs)) {
        E->err[0] = '\1'; /* printed already */
        return false;
    }
    return true;
}

static bool expr(Eval *E, ReplValue *v)
{
    if (!assign(E, v))
        return false;
    while (eat(E, ","))
        if (!assign(E, v))
            return false;
    return true;
}

bool repl_eval(Repl *R, const char *text, ReplValue *v)
{
    Eval E = {.R = R, .s = text};
    space(&E);
    if (!*E.s) {
        repl_error(R, "An expression is needed.");
        return false;
    }
    bool ok = expr(&E, v);
    space(&E);
    if (ok && *E.s)
        ok = fail(&E, "A syntax error in expression, near `%.20s'.", E.s);
    if (!ok && E.err[0] != '\1')
        repl_error(R, "%s", E.err[0] ? E.err : "Bad expression.");
    return ok;
}
