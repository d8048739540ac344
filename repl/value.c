/*
 * value.c - printing values and types as gdb does, and the commands that
 * show them: print, set var, ptype, info locals, info args, x.
 *
 * Aggregates are printed whole, read from guest memory element by element
 * through vm_debug_read (a bad pointer prints <error: ...>); at most 200
 * elements of an array, runs of 10 or more equal elements as
 * "V <repeats N times>", nesting at most 8 deep.
 */
#include "repl/internal.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define PRINT_MAX 200
#define REPEAT_MIN 10
#define NEST_MAX 8

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* ---------------------------------------------------------------- types */

/* The C declarator of type t around `inner` ("*p", "a[5]"), written into
 * suffix/prefix form: returns the base type. */
/* buf = pre + buf + post, truncated to n bytes. */
static void wrap(char *buf, size_t n, const char *pre, const char *post)
{
    size_t lp = strlen(pre), lb = strlen(buf), lq = strlen(post);
    if (lp + lb + lq + 1 > n)
        return; /* too deep to show: keep what there is */
    memmove(buf + lp, buf, lb);
    memcpy(buf, pre, lp);
    memcpy(buf + lp + lb, post, lq + 1);
}

static uint32_t declarator(Repl *R, uint32_t t, char *buf, size_t n)
{
    const FirDbgType *ty = repl_type(R, t);
    int guard = 0;
    while (ty && guard++ < 64 &&
           (ty->kind == FIR_DK_PTR || ty->kind == FIR_DK_ARRAY || ty->kind == FIR_DK_FUNC)) {
        const FirDbgType *bt = repl_type(R, ty->base);
        bool paren = bt && (bt->kind == FIR_DK_ARRAY || bt->kind == FIR_DK_FUNC);
        char num[32];
        if (ty->kind == FIR_DK_PTR) {
            wrap(buf, n, paren ? "(*" : "*", paren ? ")" : "");
        } else if (ty->kind == FIR_DK_ARRAY) {
            snprintf(num, sizeof num, "[%" PRIu64 "]", ty->count);
            wrap(buf, n, "", num);
        } else {
            wrap(buf, n, "", "()");
        }
        t = ty->base;
        ty = bt;
    }
    return t;
}

static void type_text(Repl *R, uint32_t t, const char *name, char *out, size_t n)
{
    char d[512];
    snprintf(d, sizeof d, "%s", name);
    uint32_t base = declarator(R, t, d, sizeof d);
    const FirDbgType *bt = repl_type(R, base);
    const char *bn = bt && bt->name ? bt->name : bt ? "void" : "<unknown type>";
    snprintf(out, n, "%s%s%s", bn, d[0] && d[0] != '[' && d[0] != '(' ? " " : d[0] == '(' ? " " : "", d);
}

void repl_print_type(Repl *R, uint32_t t)
{
    char buf[640];
    type_text(R, t, "", buf, sizeof buf);
    repl_printf(R, "%s", buf);
}

/* --------------------------------------------------------------- values */

static void print_char(Repl *R, int c, char quote)
{
    switch (c) {
    case '\n': repl_printf(R, "\\n"); return;
    case '\t': repl_printf(R, "\\t"); return;
    case '\r': repl_printf(R, "\\r"); return;
    case '\\': repl_printf(R, "\\\\"); return;
    default: break;
    }
    if (c == quote)
        repl_printf(R, "\\%c", c);
    else if (c >= 32 && c < 127)
        repl_printf(R, "%c", c);
    else
        repl_printf(R, "\\%03o", c & 0xff);
}

static void print_double(Repl *R, double d, bool single)
{
    char buf[64];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (single ? (float)strtod(buf, NULL) == (float)d : strtod(buf, NULL) == d)
            break;
    }
    repl_printf(R, "%s", buf);
}

/* A C string at ptr, at most 200 characters. */
static void print_string_at(Repl *R, uint64_t ptr)
{
    repl_printf(R, " \"");
    for (int i = 0; i < PRINT_MAX; i++) {
        unsigned char c;
        if (repl_read(R, ptr + (uint64_t)i, &c, 1)) {
            repl_printf(R, "\"%s", i ? "" : " <error: cannot read>"); /* the block ends */
            return;
        }
        if (!c) {
            repl_printf(R, "\"");
            return;
        }
        print_char(R, c, '"');
    }
    repl_printf(R, "\"...");
}

static void print_scalar(Repl *R, uint32_t t, uint64_t bits, bool top)
{
    const FirDbgType *ty = repl_type(R, t);
    if (!ty) {
        repl_printf(R, "0x%" PRIx64, bits);
        return;
    }
    switch ((FirDbgKind)ty->kind) {
    case FIR_DK_SINT: repl_printf(R, "%" PRId64, (int64_t)bits); break;
    case FIR_DK_UINT: repl_printf(R, "%" PRIu64, bits); break;
    case FIR_DK_BOOL: repl_printf(R, "%s", bits ? "true" : "false"); break;
    case FIR_DK_SCHAR:
    case FIR_DK_UCHAR:
        repl_printf(R, "%" PRId64 " '", (int64_t)bits);
        print_char(R, (int)(bits & 0xff), '\'');
        repl_printf(R, "'");
        break;
    case FIR_DK_FLOAT: {
        double d;
        memcpy(&d, &bits, 8);
        print_double(R, d, ty->size == 4);
        break;
    }
    case FIR_DK_ENUM:
        for (uint32_t i = 0; i < ty->nfields; i++)
            if (ty->fields[i].value == (int64_t)bits && ty->fields[i].name) {
                repl_printf(R, "%s", ty->fields[i].name);
                return;
            }
        repl_printf(R, "%" PRId64, (int64_t)bits);
        break;
    case FIR_DK_PTR: {
        const FirDbgType *bt = repl_type(R, ty->base);
        if (top && (!bt || bt->kind != FIR_DK_FUNC)) {
            repl_printf(R, "(");
            repl_print_type(R, t);
            repl_printf(R, ") ");
        }
        repl_printf(R, "0x%" PRIx64, bits);
        int64_t f = vm_debug_func_of(R->p, bits);
        if (f >= 0)
            repl_printf(R, " <%s>", vm_debug_module(R->p)->funcs[f].name);
        else if (bits && bt && (bt->kind == FIR_DK_SCHAR || bt->kind == FIR_DK_UCHAR))
            print_string_at(R, bits);
        break;
    }
    default: repl_printf(R, "0x%" PRIx64, bits); break;
    }
}

static void print_at(Repl *R, uint32_t t, uint64_t addr, int depth, bool top);

/* Element i of an array value equals element j (compared as bytes). */
static bool same_elem(Repl *R, uint64_t addr, uint64_t size, uint64_t i, uint64_t j)
{
    uint8_t a[64], b[64];
    if (size > sizeof a)
        return false;
    return !repl_read(R, addr + i * size, a, size) &&
           !repl_read(R, addr + j * size, b, size) && memcmp(a, b, size) == 0;
}

static void print_array(Repl *R, const FirDbgType *ty, uint64_t addr, int depth)
{
    const FirDbgType *et = repl_type(R, ty->base);
    uint64_t es = et ? et->size : 0, n = ty->count;
    if (et && (et->kind == FIR_DK_SCHAR || et->kind == FIR_DK_UCHAR) && n > 0) {
        /* a char array: as a string when the rest after its first NUL is NULs */
        uint8_t buf[PRINT_MAX];
        uint64_t k = n < PRINT_MAX ? n : PRINT_MAX;
        if (!repl_read(R, addr, buf, k)) {
            uint64_t len = 0;
            while (len < k && buf[len])
                len++;
            bool rest_zero = true;
            for (uint64_t i = len; i < k; i++)
                rest_zero &= buf[i] == 0;
            if (rest_zero) {
                repl_printf(R, "\"");
                for (uint64_t i = 0; i < len; i++)
                    print_char(R, buf[i], '"');
                repl_printf(R, "\"%s", len == k && k < n ? "..." : "");
                return;
            }
        }
    }
    repl_printf(R, "{");
    uint64_t shown = 0;
    for (uint64_t i = 0; i < n && shown < PRINT_MAX;) {
        uint64_t run = 1;
        while (i + run < n && same_elem(R, addr, es, i, i + run))
            run++;
        if (i)
            repl_printf(R, ", ");
        print_at(R, ty->base, addr + i * es, depth + 1, false);
        if (run >= REPEAT_MIN) {
            repl_printf(R, " <repeats %" PRIu64 " times>", run);
            i += run;
        } else {
            i++;
        }
        shown++;
    }
    if (shown == PRINT_MAX && n > PRINT_MAX)
        repl_printf(R, "...");
    repl_printf(R, "}");
}

/* The first and last byte of n bytes at addr can be read. */
static bool readable(Repl *R, uint64_t addr, uint64_t n)
{
    uint8_t b;
    return n == 0 || (!repl_read(R, addr, &b, 1) && !repl_read(R, addr + n - 1, &b, 1));
}

static void print_at(Repl *R, uint32_t t, uint64_t addr, int depth, bool top)
{
    const FirDbgType *ty = repl_type(R, t);
    if (!ty) {
        repl_printf(R, "<unknown type>");
        return;
    }
    if (!readable(R, addr, ty->size)) {
        repl_printf(R, "<error: Cannot access memory at address 0x%" PRIx64 ">", addr);
        return;
    }
    if (depth > NEST_MAX) {
        repl_printf(R, "{...}");
        return;
    }
    if (ty->kind == FIR_DK_ARRAY) {
        print_array(R, ty, addr, depth);
        return;
    }
    if (ty->kind == FIR_DK_STRUCT || ty->kind == FIR_DK_UNION) {
        repl_printf(R, "{");
        for (uint32_t i = 0; i < ty->nfields; i++) {
            const FirDbgField *f = &ty->fields[i];
            if (i)
                repl_printf(R, ", ");
            if (f->name)
                repl_printf(R, "%s = ", f->name);
            ReplValue v = {.type = f->type, .where = RW_MEM, .addr = addr + (uint64_t)f->value,
                           .bitfield = f->bit_width != 0, .bit_offset = f->bit_offset,
                           .bit_width = f->bit_width};
            if (v.bitfield) {
                if (repl_load_value(R, &v))
                    print_scalar(R, f->type, v.bits, false);
                else
                    repl_printf(R, "<error: cannot read>");
            } else {
                print_at(R, f->type, v.addr, depth + 1, false);
            }
        }
        repl_printf(R, "}");
        return;
    }
    if (ty->kind == FIR_DK_VOID || ty->kind == FIR_DK_FUNC) {
        repl_printf(R, "<no value>");
        return;
    }
    ReplValue v = {.type = t, .where = RW_MEM, .addr = addr};
    if (!repl_load_value(R, &v)) {
        repl_printf(R, "<error: Cannot access memory at address 0x%" PRIx64 ">", addr);
        return;
    }
    print_scalar(R, t, v.bits, top);
}

void repl_print_value(Repl *R, const ReplValue *v)
{
    if (v->where == RW_MEM && !v->bitfield) {
        print_at(R, v->type, v->addr, 0, true);
        return;
    }
    ReplValue w = *v;
    if (w.where != RW_NONE && !repl_load_value(R, &w)) {
        repl_printf(R, "<unavailable>");
        return;
    }
    print_scalar(R, w.type, w.bits, true);
}

/* ------------------------------------------------------------ commands */

static bool has_debug_info(Repl *R)
{
    if (vm_debug_module(R->p)->ndbg_types == 0) {
        repl_error(R, "No C debug info in %s (compile it with this firc).", R->path);
        return false;
    }
    return true;
}

void cmd_print(Repl *R, const char *args)
{
    args = skip_space(args);
    char fmt = 0;
    if (*args == '/') {
        fmt = args[1];
        if (fmt != 'x' && fmt != 'd' && fmt != 'u' && fmt != 'c') {
            repl_error(R, "Undefined output format \"%c\".", fmt ? fmt : ' ');
            return;
        }
        args = skip_space(args + 2);
    }
    if (!has_debug_info(R))
        return;
    ReplValue v;
    if (!repl_eval(R, args, &v))
        return;
    if (v.where == RW_MEM && !readable(R, v.addr, repl_type_size(R, v.type))) {
        repl_error(R, "Cannot access memory at address 0x%" PRIx64 ".", v.addr);
        return;
    }
    repl_printf(R, "$%d = ", ++R->values);
    if (fmt && repl_is_scalar(R, v.type) && !repl_is_float(R, v.type)) {
        ReplValue w = v;
        if (w.where == RW_NONE || repl_load_value(R, &w)) {
            uint64_t size = repl_type_size(R, w.type);
            uint64_t b = size && size < 8 ? w.bits & (((uint64_t)1 << (8 * size)) - 1) : w.bits;
            if (fmt == 'x')
                repl_printf(R, "0x%" PRIx64 "\n", b);
            else if (fmt == 'u')
                repl_printf(R, "%" PRIu64 "\n", b);
            else if (fmt == 'c') {
                repl_printf(R, "%d '", (int)(signed char)b);
                print_char(R, (int)(b & 0xff), '\'');
                repl_printf(R, "'\n");
            } else
                repl_printf(R, "%" PRId64 "\n", (int64_t)w.bits);
            return;
        }
    }
    repl_print_value(R, &v);
    repl_printf(R, "\n");
}

void cmd_set_var(Repl *R, const char *args)
{
    args = skip_space(args);
    if (!strchr(args, '=')) {
        repl_error(R, "Usage: set var NAME = EXPR.");
        return;
    }
    if (!has_debug_info(R))
        return;
    ReplValue v;
    repl_eval(R, args, &v); /* the expression's own `=` stores it */
}

void cmd_ptype(Repl *R, const char *args)
{
    if (!has_debug_info(R))
        return;
    ReplValue v;
    if (!repl_eval(R, args, &v))
        return;
    const FirDbgType *ty = repl_type(R, v.type);
    repl_printf(R, "type = ");
    if (ty && (ty->kind == FIR_DK_STRUCT || ty->kind == FIR_DK_UNION)) {
        repl_printf(R, "%s {\n", ty->name ? ty->name : "struct");
        for (uint32_t i = 0; i < ty->nfields; i++) {
            char buf[640];
            type_text(R, ty->fields[i].type, ty->fields[i].name ? ty->fields[i].name : "",
                      buf, sizeof buf);
            if (ty->fields[i].bit_width)
                repl_printf(R, "    %s : %u;\n", buf, ty->fields[i].bit_width);
            else
                repl_printf(R, "    %s;\n", buf);
        }
        repl_printf(R, "}\n");
        return;
    }
    repl_print_type(R, v.type);
    repl_printf(R, "\n");
}

static void print_vars(Repl *R, bool params)
{
    VmDebugFrame f;
    if (!R->running && !vm_debug_faulted(R->p)) {
        repl_error(R, "No frame selected.");
        return;
    }
    if (!vm_debug_frame(R->p, R->frame, &f)) {
        repl_error(R, "No frame selected.");
        return;
    }
    const FirFunc *fn = &vm_debug_module(R->p)->funcs[f.func];
    uint32_t line = repl_line(R, f.func, f.pc, NULL);
    int shown = 0;
    for (uint32_t i = 0; i < fn->ndbg_vars; i++) {
        const FirDbgVar *v = &fn->dbg_vars[i];
        if (v->is_param != params || (!params && line && v->line > line))
            continue;
        bool shadowed = false; /* a later declaration of the same name is visible */
        for (uint32_t k = i + 1; k < fn->ndbg_vars && !params; k++)
            if (!fn->dbg_vars[k].is_param && strcmp(fn->dbg_vars[k].name, v->name) == 0 &&
                (!line || fn->dbg_vars[k].line <= line))
                shadowed = true;
        if (shadowed)
            continue;
        ReplValue val;
        repl_printf(R, "%s = ", v->name);
        if (repl_var_value(R, R->frame, v, &val))
            repl_print_value(R, &val);
        else
            repl_printf(R, "<unavailable>");
        repl_printf(R, "\n");
        shown++;
    }
    if (!shown)
        repl_printf(R, params ? "No arguments.\n" : "No locals.\n");
}

void cmd_info_locals(Repl *R, const char *args)
{
    (void)args;
    if (has_debug_info(R))
        print_vars(R, false);
}

void cmd_info_args(Repl *R)
{
    if (has_debug_info(R))
        print_vars(R, true);
}

/* x/NFU ADDR: N units (b h w g) in format F (x d u c), from ADDR. */
void cmd_x(Repl *R, const char *fmt, const char *args)
{
    uint64_t count = 1;
    char f = 'x';
    uint64_t unit = 4;
    const char *s = fmt;
    if (isdigit((unsigned char)*s)) {
        count = 0;
        while (isdigit((unsigned char)*s) && count < 100000)
            count = count * 10 + (uint64_t)(*s++ - '0');
    }
    for (; *s; s++) {
        switch (*s) {
        case 'x': case 'd': case 'u': case 'c': f = *s; break;
        case 'b': unit = 1; break;
        case 'h': unit = 2; break;
        case 'w': unit = 4; break;
        case 'g': unit = 8; break;
        default:
            repl_error(R, "Invalid format letter '%c' in x/%s.", *s, fmt);
            return;
        }
    }
    if (f == 'c')
        unit = 1;
    if (count == 0 || count > 4096) {
        repl_error(R, "Bad count in x/%s: 1 to 4096.", fmt);
        return;
    }
    ReplValue v;
    if (!*args) {
        repl_error(R, "Argument required (starting display address).");
        return;
    }
    if (!repl_eval(R, args, &v))
        return;
    uint64_t addr;
    const FirDbgType *ty = repl_type(R, v.type);
    if (ty && (ty->kind == FIR_DK_ARRAY || ty->kind == FIR_DK_STRUCT || ty->kind == FIR_DK_UNION) &&
        v.where == RW_MEM) {
        addr = v.addr;
    } else {
        if (v.where != RW_NONE && !repl_load_value(R, &v)) {
            repl_error(R, "Value is not available.");
            return;
        }
        addr = v.bits;
    }
    uint64_t per_line = f == 'c' ? 8 : unit == 8 ? 2 : 4;
    for (uint64_t i = 0; i < count; i++) {
        uint64_t a = (addr & 0xFFFFFFFF00000000u) | (uint32_t)(addr + i * unit);
        uint64_t val = 0;
        const char *why = repl_read(R, a, &val, unit);
        if (why) {
            repl_printf(R, "%sCannot access memory at address 0x%" PRIx64 " (%s)\n",
                        i ? "\n" : "", a, why);
            return;
        }
        if (i % per_line == 0)
            repl_printf(R, "%s0x%" PRIx64 ":", i ? "\n" : "", a);
        int64_t sv = unit == 1 ? (int8_t)val : unit == 2 ? (int16_t)val
                   : unit == 4 ? (int32_t)val : (int64_t)val;
        if (f == 'x')
            repl_printf(R, "\t0x%0*" PRIx64, (int)(unit * 2), val);
        else if (f == 'd')
            repl_printf(R, "\t%" PRId64, sv);
        else if (f == 'u')
            repl_printf(R, "\t%" PRIu64, val);
        else {
            repl_printf(R, "\t%d '", (int)sv);
            print_char(R, (int)(val & 0xff), '\'');
            repl_printf(R, "'");
        }
    }
    repl_printf(R, "\n");
}
