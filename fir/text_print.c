/*
 * text_print.c - writes a FirModule in the canonical FIR text form (.firs).
 *
 * How it works: files, host imports, globals (with data and reloc lines) and
 * functions are printed in id order.  An instruction's operands are printed
 * by its opcode's format (fir_op_info[op].format), the mirror of the parser.
 * Branch targets become labels `.L<instruction index>`; a `loc` line is
 * printed whenever the source position changes.
 *
 * Invariants:
 * - The output is canonical: print(parse(print(m))) == print(m) byte for byte,
 *   and parse(print(m)) is m up to what the text does not carry (unused
 *   operand fields, label ids, names that cannot be printed, init arrays that
 *   are all zero).
 * - Never crashes on an unverified module: out-of-range ids are printed in a
 *   visible form (`@?7`, `%9`) that the parser then rejects.
 * - Registers print as %name when the name is an identifier unique in the
 *   function, else %N; symbols as @name, or @"..." when the name has other
 *   characters.  Floats print as the shortest decimal that reads back to the
 *   same bits, inf/-inf, or bits(0x...) for NaNs.
 */
#include "fir.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool is_ident(const char *s)
{
    if (!(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    for (size_t i = 1; s[i]; i++)
        if (!(s[i] == '_' || s[i] == '.' || (s[i] >= 'a' && s[i] <= 'z') ||
              (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}

static bool is_symchars(const char *s)
{
    if (!s[0])
        return false;
    for (size_t i = 0; s[i]; i++)
        if (!(s[i] == '_' || s[i] == '.' || s[i] == '$' || (s[i] >= 'a' && s[i] <= 'z') ||
              (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}

/* "..." with C escapes; bytes outside printable ASCII as \xHH (always two
 * digits, which is all the parser reads after \x). */
static void print_string(FILE *out, const uint8_t *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c == '\r')
            fputs("\\r", out);
        else if (c >= 0x20 && c < 0x7f)
            fputc(c, out);
        else
            fprintf(out, "\\x%02x", c);
    }
    fputc('"', out);
}

static void print_sym(FILE *out, const char *name)
{
    fputc('@', out);
    if (is_symchars(name))
        fputs(name, out);
    else
        print_string(out, (const uint8_t *)name, strlen(name));
}

static void print_func_ref(FILE *out, const FirModule *m, uint32_t id)
{
    if (id < m->nfuncs)
        print_sym(out, m->funcs[id].name);
    else
        fprintf(out, "@?%" PRIu32, id);
}

static void print_type(FILE *out, unsigned t)
{
    fputs(t < FIR_NTYPES ? fir_type_name((FirType)t) : "?", out);
}

/* ------------------------------------------------------------- functions */

/* Printable register names: identifiers that no other register shares. */
typedef struct RegNames {
    const char **name; /* per register, NULL: print %N */
    uint32_t n;
} RegNames;

typedef struct NamedReg {
    const char *name;
    uint32_t reg;
} NamedReg;

static int cmp_named(const void *x, const void *y)
{
    return strcmp(((const NamedReg *)x)->name, ((const NamedReg *)y)->name);
}

static int reg_names_init(RegNames *rn, const FirFunc *f)
{
    rn->n = f->nregs;
    rn->name = calloc(f->nregs ? f->nregs : 1, sizeof *rn->name);
    NamedReg *v = malloc((f->nregs ? f->nregs : 1) * sizeof *v);
    if (!rn->name || !v) {
        free(rn->name);
        free(v);
        return FIR_ENOMEM;
    }
    uint32_t k = 0;
    for (uint32_t i = 0; f->reg_names && i < f->nregs; i++)
        if (f->reg_names[i] && is_ident(f->reg_names[i]))
            v[k++] = (NamedReg){f->reg_names[i], i};
    qsort(v, k, sizeof *v, cmp_named);
    for (uint32_t i = 0; i < k;) {
        uint32_t j = i + 1;
        while (j < k && strcmp(v[i].name, v[j].name) == 0)
            j++;
        if (j == i + 1)
            rn->name[v[i].reg] = v[i].name;
        i = j;
    }
    free(v);
    return 0;
}

static void print_reg(FILE *out, const RegNames *rn, uint32_t r)
{
    if (r < rn->n && rn->name[r])
        fprintf(out, "%%%s", rn->name[r]);
    else
        fprintf(out, "%%%" PRIu32, r);
}

static void print_label(FILE *out, int64_t target)
{
    fprintf(out, ".L%" PRId64, target);
}

/* Shortest %.Ng that reads back to the same bits. */
static void print_float(FILE *out, FirType t, int64_t imm)
{
    char buf[64];
    if (t == FIR_F32) {
        float f;
        uint32_t bits = (uint32_t)imm;
        memcpy(&f, &bits, 4);
        if (imm < 0 || imm > UINT32_MAX || isnan(f)) {
            fprintf(out, "bits(0x%" PRIx64 ")", (uint64_t)imm);
            return;
        }
        if (isinf(f)) {
            fputs(f < 0 ? "-inf" : "inf", out);
            return;
        }
        for (int prec = 1; prec <= 9; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, (double)f);
            float back = strtof(buf, NULL);
            if (memcmp(&back, &f, 4) == 0)
                break;
        }
    } else {
        double d;
        memcpy(&d, &imm, 8);
        if (isnan(d)) {
            fprintf(out, "bits(0x%" PRIx64 ")", (uint64_t)imm);
            return;
        }
        if (isinf(d)) {
            fputs(d < 0 ? "-inf" : "inf", out);
            return;
        }
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, d);
            double back = strtod(buf, NULL);
            if (memcmp(&back, &d, 8) == 0)
                break;
        }
    }
    fputs(buf, out);
}

static void print_args(FILE *out, const FirFunc *f, const RegNames *rn, const FirInsn *in)
{
    if (in->imm < 0 || (uint64_t)in->c + (uint64_t)in->imm > f->nargs) {
        fputs("(%?)", out); /* unverified: the argument slice is out of range */
        return;
    }
    fputc('(', out);
    for (uint32_t i = 0; i < (uint32_t)in->imm; i++) {
        if (i)
            fputs(", ", out);
        print_reg(out, rn, f->args[in->c + i]);
    }
    fputc(')', out);
}

static void print_insn(FILE *out, const FirModule *m, const FirFunc *f, const RegNames *rn,
                       const FirInsn *in)
{
    if (in->op >= FIR_NOPS) {
        fprintf(out, "?op%u", in->op);
        return;
    }
    const FirOpInfo *oi = &fir_op_info[in->op];
    FirFormat fmt = oi->format;
    unsigned fields = fir_format_fields[fmt];
    bool dest = (fields & FIR_FIELD_DEST) || ((fields & FIR_FIELD_ARGS) && in->a != FIR_NOREG);
    if (dest) {
        print_reg(out, rn, in->a);
        fputs(" = ", out);
    }
    fputs(oi->name, out);
    switch (fmt) {
    case FIR_FMT_NONE:
    case FIR_FMT_D:
    case FIR_NFORMATS:
        break;
    case FIR_FMT_S:
        fputc(' ', out);
        print_reg(out, rn, in->a);
        break;
    case FIR_FMT_DS:
        fputc(' ', out);
        print_reg(out, rn, in->b);
        break;
    case FIR_FMT_DSS:
        fputc(' ', out);
        print_reg(out, rn, in->b);
        fputs(", ", out);
        print_reg(out, rn, in->c);
        break;
    case FIR_FMT_DI:
        fputc(' ', out);
        if (oi->td == FIR_F32 || oi->td == FIR_F64)
            print_float(out, oi->td, in->imm);
        else
            fprintf(out, "%" PRId64, in->imm);
        break;
    case FIR_FMT_DSI:
        fputc(' ', out);
        print_reg(out, rn, in->b);
        fprintf(out, ", %" PRId64, in->imm);
        break;
    case FIR_FMT_SSI:
        fputc(' ', out);
        print_reg(out, rn, in->a);
        fputs(", ", out);
        print_reg(out, rn, in->b);
        fprintf(out, ", %" PRId64, in->imm);
        break;
    case FIR_FMT_SS:
        fputc(' ', out);
        print_reg(out, rn, in->a);
        fputs(", ", out);
        print_reg(out, rn, in->b);
        break;
    case FIR_FMT_L:
        fputc(' ', out);
        print_label(out, in->imm);
        break;
    case FIR_FMT_SL:
        fputc(' ', out);
        print_reg(out, rn, in->a);
        fputs(", ", out);
        print_label(out, in->imm);
        break;
    case FIR_FMT_SSL:
        fputc(' ', out);
        print_reg(out, rn, in->a);
        fputs(", ", out);
        print_reg(out, rn, in->b);
        fputs(", ", out);
        print_label(out, in->imm);
        break;
    case FIR_FMT_GLOBAL:
        fputc(' ', out);
        if (in->b < m->nglobals)
            print_sym(out, m->globals[in->b].name);
        else
            fprintf(out, "@?%" PRIu32, in->b);
        break;
    case FIR_FMT_FUNC:
        fputc(' ', out);
        print_func_ref(out, m, in->b);
        break;
    case FIR_FMT_CALL:
        fputc(' ', out);
        print_func_ref(out, m, in->b);
        print_args(out, f, rn, in);
        break;
    case FIR_FMT_HCALL:
        fputc(' ', out);
        if (in->b < m->nhosts)
            print_sym(out, m->hosts[in->b].name);
        else
            fprintf(out, "@?%" PRIu32, in->b);
        print_args(out, f, rn, in);
        break;
    case FIR_FMT_CALLI:
        fputc(' ', out);
        print_reg(out, rn, in->b);
        print_args(out, f, rn, in);
        break;
    case FIR_FMT_SWITCH:
        fputc(' ', out);
        print_reg(out, rn, in->a);
        if (in->b >= f->nswitches) {
            fprintf(out, ", ?switch%" PRIu32, in->b);
            break;
        }
        const FirSwitch *sw = &f->switches[in->b];
        fputs(", ", out);
        print_label(out, sw->default_target);
        fputs(" [", out);
        for (uint32_t i = 0; i < sw->ncases; i++) {
            fprintf(out, "%s%" PRId64 ": ", i ? ", " : "", sw->cases[i].value);
            print_label(out, sw->cases[i].target);
        }
        fputc(']', out);
        break;
    }
}

static void mark(bool *is_target, uint32_t ncode, int64_t t)
{
    if (t >= 0 && t <= ncode)
        is_target[t] = true;
}

int fir_print_insn(const FirModule *m, const FirFunc *f, uint32_t i, FILE *out)
{
    RegNames rn;
    if (i >= f->ncode)
        return FIR_EINVAL;
    if (reg_names_init(&rn, f))
        return FIR_ENOMEM;
    print_insn(out, m, f, &rn, &f->code[i]);
    free(rn.name);
    return 0;
}

int fir_print_func(const FirModule *m, const FirFunc *f, FILE *out)
{
    RegNames rn;
    if (reg_names_init(&rn, f))
        return FIR_ENOMEM;
    bool *is_target = calloc((size_t)f->ncode + 1, 1);
    if (!is_target) {
        free(rn.name);
        return FIR_ENOMEM;
    }
    for (uint32_t i = 0; i < f->ncode; i++) {
        const FirInsn *in = &f->code[i];
        FirFormat fmt = in->op < FIR_NOPS ? fir_op_info[in->op].format : FIR_FMT_NONE;
        if (fir_format_fields[fmt] & FIR_FIELD_LABEL)
            mark(is_target, f->ncode, in->imm);
        if (fmt == FIR_FMT_SWITCH && in->b < f->nswitches) {
            const FirSwitch *sw = &f->switches[in->b];
            mark(is_target, f->ncode, sw->default_target);
            for (uint32_t k = 0; k < sw->ncases; k++)
                mark(is_target, f->ncode, sw->cases[k].target);
        }
    }

    fputs("func ", out);
    print_sym(out, f->name);
    fputc('(', out);
    for (uint32_t i = 0; i < f->nparams; i++) {
        if (i)
            fputs(", ", out);
        print_type(out, i < f->nregs ? f->reg_types[i] : FIR_NTYPES);
        fputc(' ', out);
        print_reg(out, &rn, i);
    }
    fputs(") -> ", out);
    print_type(out, f->ret);
    if (f->is_static)
        fputs(" static", out);
    if (!f->defined) {
        fputs(" extern\n", out);
        goto done;
    }
    fputc('\n', out);
    for (uint32_t i = f->nparams; i < f->nregs; i++) {
        fputs("  reg ", out);
        print_type(out, f->reg_types[i]);
        fputc(' ', out);
        print_reg(out, &rn, i);
        fputc('\n', out);
    }
    FirLoc loc = {0, 0};
    for (uint32_t i = 0; i <= f->ncode; i++) {
        if (is_target[i])
            fprintf(out, ".L%" PRIu32 ":\n", i);
        if (i == f->ncode)
            break;
        if (f->locs && (f->locs[i].file != loc.file || f->locs[i].line != loc.line)) {
            loc = f->locs[i];
            fprintf(out, "  loc %" PRIu32 " %" PRIu32 "\n", loc.file, loc.line);
        }
        fputs("  ", out);
        print_insn(out, m, f, &rn, &f->code[i]);
        fputc('\n', out);
    }
    fputs("end\n", out);
done:
    free(rn.name);
    free(is_target);
    return ferror(out) ? FIR_EIO : 0;
}

/* --------------------------------------------------------------- module */

static void print_global(FILE *out, const FirModule *m, const FirGlobal *g)
{
    fputs("global ", out);
    print_sym(out, g->name);
    if (g->defined || g->size != 0 || g->align != 1)
        fprintf(out, " size %" PRIu64 " align %" PRIu32, g->size, g->align);
    if (g->is_const)
        fputs(" const", out);
    if (g->is_static)
        fputs(" static", out);
    if (!g->defined)
        fputs(" extern", out);
    fputc('\n', out);
    if (g->init) {
        size_t n = (size_t)g->size;
        while (n > 0 && g->init[n - 1] == 0)
            n--;
        for (size_t at = 0; at < n; at += 64) {
            fputs("  data ", out);
            print_string(out, g->init + at, n - at < 64 ? n - at : 64);
            fputc('\n', out);
        }
    }
    for (uint32_t i = 0; i < g->nrelocs; i++) {
        const FirReloc *r = &g->relocs[i];
        fprintf(out, "  reloc %" PRIu64 " ", r->offset);
        if (r->kind == FIR_RELOC_GLOBAL && r->target < m->nglobals)
            print_sym(out, m->globals[r->target].name);
        else if (r->kind == FIR_RELOC_FUNC)
            print_func_ref(out, m, r->target);
        else
            fprintf(out, "@?%" PRIu32, r->target);
        if (r->addend > 0)
            fprintf(out, " + %" PRId64, r->addend);
        else if (r->addend < 0)
            fprintf(out, " - %" PRIu64, 0 - (uint64_t)r->addend);
        fputc('\n', out);
    }
}

int fir_print(const FirModule *m, FILE *out)
{
    for (uint32_t i = 0; i < m->nfiles; i++) {
        fputs("file ", out);
        print_string(out, (const uint8_t *)m->files[i], strlen(m->files[i]));
        fputc('\n', out);
    }
    for (uint32_t i = 0; i < m->nhosts; i++) {
        const FirHost *h = &m->hosts[i];
        fputs("host ", out);
        print_sym(out, h->name);
        fputc('(', out);
        for (uint32_t k = 0; k < h->nparams; k++) {
            if (k)
                fputs(", ", out);
            print_type(out, h->params[k]);
        }
        fputs(") -> ", out);
        print_type(out, h->ret);
        fputc('\n', out);
    }
    for (uint32_t i = 0; i < m->nglobals; i++)
        print_global(out, m, &m->globals[i]);
    bool any = m->nfiles || m->nhosts || m->nglobals;
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        /* a blank line before each body, none at the top of the output */
        if (m->funcs[i].defined && any)
            fputc('\n', out);
        any = true;
        int rc = fir_print_func(m, &m->funcs[i], out);
        if (rc)
            return rc;
    }
    return ferror(out) ? FIR_EIO : 0;
}
