/*
 * module.c - FIR modules in memory: the opcode and type tables expanded from
 * fir.h, errors, and the builder API used by compilers and decoders.
 *
 * The builder grows arrays by doubling and aborts on host out-of-memory: it is
 * called by compilers on their own data, never on untrusted sizes (the decoder
 * checks sizes against its input before it calls in here).
 */
#include "fir.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- tables */

const FirOpInfo fir_op_info[FIR_NOPS] = {
#define FIR_OP_INFO(name, text, fmt, td, t1, t2, flags, sem) \
    [FIR_OP_##name] = {text, FIR_FMT_##fmt, FIR_##td, FIR_##t1, FIR_##t2, FIR_OPF_##flags, sem},
    FIR_OPCODES(FIR_OP_INFO)
#undef FIR_OP_INFO
};

const uint8_t fir_format_fields[FIR_NFORMATS] = {
#define FIR_FORMAT_FIELDS(name, fields) [FIR_FMT_##name] = (fields),
    FIR_FORMATS(FIR_FORMAT_FIELDS)
#undef FIR_FORMAT_FIELDS
};

int fir_op_lookup(const char *name, size_t len)
{
    for (int op = 0; op < FIR_NOPS; op++) {
        const char *n = fir_op_info[op].name;
        if (strlen(n) == len && memcmp(n, name, len) == 0)
            return op;
    }
    return -1;
}

static const char *const type_names[FIR_NTYPES] = {
#define FIR_TYPE_NAME(name, text, size) [FIR_##name] = text,
    FIR_TYPES(FIR_TYPE_NAME)
#undef FIR_TYPE_NAME
};

static const unsigned type_sizes[FIR_NTYPES] = {
#define FIR_TYPE_SIZE(name, text, size) [FIR_##name] = size,
    FIR_TYPES(FIR_TYPE_SIZE)
#undef FIR_TYPE_SIZE
};

const char *fir_type_name(FirType t)
{
    return (unsigned)t < FIR_NTYPES ? type_names[t] : "?";
}

unsigned fir_type_size(FirType t)
{
    return (unsigned)t < FIR_NTYPES ? type_sizes[t] : 0;
}

bool fir_type_is_reg(FirType t)
{
    return t == FIR_I32 || t == FIR_I64 || t == FIR_F32 || t == FIR_F64 || t == FIR_PTR;
}

/* ---------------------------------------------------------------- errors */

const char *fir_strerror(int code)
{
    switch (code) {
#define FIR_ERRSTR(name, num, msg) case num: return msg;
        FIR_ERRORS(FIR_ERRSTR)
#undef FIR_ERRSTR
    }
    return "unknown error";
}

int fir_error_set(FirError *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

/* ------------------------------------------------------------ allocation */

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "fir: out of memory (%zu bytes)\n", n);
        abort();
    }
    return q;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xrealloc(NULL, n), s, n);
}

/* Makes room for one more element in *arr (count *n, capacity *cap). */
#define GROW(arr, n, cap)                                              \
    do {                                                               \
        if ((n) == (cap)) {                                            \
            (cap) = (cap) ? 2 * (cap) : 8;                             \
            (arr) = xrealloc((arr), (size_t)(cap) * sizeof *(arr));    \
        }                                                              \
    } while (0)

/* ---------------------------------------------------------------- module */

FirModule *fir_module_new(void)
{
    FirModule *m = xrealloc(NULL, sizeof *m);
    memset(m, 0, sizeof *m);
    return m;
}

static void func_free(FirFunc *f)
{
    free(f->name);
    if (f->reg_names)
        for (uint32_t i = 0; i < f->nregs; i++)
            free(f->reg_names[i]);
    free(f->reg_names);
    free(f->reg_types);
    free(f->code);
    free(f->locs);
    free(f->args);
    for (uint32_t i = 0; i < f->nswitches; i++)
        free(f->switches[i].cases);
    free(f->switches);
    free(f->label_pos);
    fir_dbg_free_func(f);
}

void fir_module_free(FirModule *m)
{
    if (!m)
        return;
    for (uint32_t i = 0; i < m->nfuncs; i++)
        func_free(&m->funcs[i]);
    free(m->funcs);
    for (uint32_t i = 0; i < m->nglobals; i++) {
        free(m->globals[i].name);
        free(m->globals[i].init);
        free(m->globals[i].relocs);
        free(m->globals[i].dbg_name);
    }
    free(m->globals);
    fir_dbg_free_types(m);
    for (uint32_t i = 0; i < m->nhosts; i++) {
        free(m->hosts[i].name);
        free(m->hosts[i].params);
    }
    free(m->hosts);
    for (uint32_t i = 0; i < m->nfiles; i++)
        free(m->files[i]);
    free(m->files);
    free(m);
}

uint32_t fir_add_file(FirModule *m, const char *name)
{
    for (uint32_t i = 0; i < m->nfiles; i++)
        if (strcmp(m->files[i], name) == 0)
            return i;
    GROW(m->files, m->nfiles, m->cap_files);
    m->files[m->nfiles] = xstrdup(name);
    return m->nfiles++;
}

/* ------------------------------------------------------------- functions */

uint32_t fir_add_func(FirModule *m, const char *name, FirType ret, uint32_t nparams,
                      const FirType *params)
{
    GROW(m->funcs, m->nfuncs, m->cap_funcs);
    FirFunc *f = &m->funcs[m->nfuncs];
    memset(f, 0, sizeof *f);
    f->name = xstrdup(name);
    f->ret = ret;
    f->nparams = nparams;
    for (uint32_t i = 0; i < nparams; i++)
        fir_new_reg(f, params[i], NULL);
    return m->nfuncs++;
}

void fir_func_begin_body(FirFunc *f)
{
    f->defined = true;
}

int64_t fir_find_func(const FirModule *m, const char *name)
{
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (strcmp(m->funcs[i].name, name) == 0)
            return i;
    return -1;
}

uint32_t fir_new_reg(FirFunc *f, FirType t, const char *name)
{
    if (f->nregs == f->cap_regs) {
        uint32_t old = f->cap_regs;
        f->cap_regs = old ? 2 * old : 16;
        f->reg_types = xrealloc(f->reg_types, f->cap_regs);
        f->reg_names = xrealloc(f->reg_names, f->cap_regs * sizeof *f->reg_names);
    }
    f->reg_types[f->nregs] = (uint8_t)t;
    f->reg_names[f->nregs] = name ? xstrdup(name) : NULL;
    return f->nregs++;
}

void fir_set_loc(FirFunc *f, uint32_t file, uint32_t line)
{
    f->cur_loc.file = file;
    f->cur_loc.line = line;
}

uint32_t fir_emit(FirFunc *f, FirOp op, uint32_t a, uint32_t b, uint32_t c, int64_t imm)
{
    if (f->ncode == f->cap_code) {
        f->cap_code = f->cap_code ? 2 * f->cap_code : 32;
        f->code = xrealloc(f->code, f->cap_code * sizeof *f->code);
        f->locs = xrealloc(f->locs, f->cap_code * sizeof *f->locs);
    }
    FirInsn *in = &f->code[f->ncode];
    in->op = (uint16_t)op;
    in->a = a;
    in->b = b;
    in->c = c;
    in->imm = imm;
    f->locs[f->ncode] = f->cur_loc;
    return f->ncode++;
}

uint32_t fir_emit_call(FirFunc *f, FirOp op, uint32_t dst, uint32_t target, uint32_t nargs,
                       const uint32_t *args)
{
    uint32_t first = f->nargs;
    for (uint32_t i = 0; i < nargs; i++) {
        GROW(f->args, f->nargs, f->cap_args);
        f->args[f->nargs++] = args[i];
    }
    return fir_emit(f, op, dst, target, first, nargs);
}

static int case_cmp(const void *x, const void *y)
{
    const FirSwitchCase *a = x, *b = y;
    return (a->value > b->value) - (a->value < b->value);
}

uint32_t fir_emit_switch(FirFunc *f, uint32_t reg, uint32_t default_target, uint32_t ncases,
                         const FirSwitchCase *cases)
{
    GROW(f->switches, f->nswitches, f->cap_switches);
    FirSwitch *s = &f->switches[f->nswitches];
    s->default_target = default_target;
    s->ncases = ncases;
    s->cases = xrealloc(NULL, (ncases ? ncases : 1) * sizeof *s->cases);
    if (ncases)
        memcpy(s->cases, cases, ncases * sizeof *cases);
    qsort(s->cases, ncases, sizeof *s->cases, case_cmp);
    return fir_emit(f, FIR_OP_switch, reg, f->nswitches++, 0, 0);
}

/* ---------------------------------------------------------------- labels */

uint32_t fir_new_label(FirFunc *f)
{
    GROW(f->label_pos, f->nlabels, f->cap_labels);
    f->label_pos[f->nlabels] = UINT32_MAX;
    return f->nlabels++;
}

void fir_place_label(FirFunc *f, uint32_t label)
{
    f->label_pos[label] = f->ncode;
}

static int resolve(FirFunc *f, uint32_t *target, FirError *err)
{
    if (!(*target & FIR_LABEL_BIT))
        return 0;
    uint32_t id = *target & ~FIR_LABEL_BIT;
    if (id >= f->nlabels || f->label_pos[id] == UINT32_MAX)
        return fir_error_set(err, FIR_EINVAL, "function '%s': label %u used but never placed",
                             f->name, id);
    *target = f->label_pos[id];
    return 0;
}

int fir_func_resolve_labels(FirFunc *f, FirError *err)
{
    for (uint32_t i = 0; i < f->ncode; i++) {
        FirInsn *in = &f->code[i];
        FirFormat fmt = fir_op_info[in->op].format;
        if (fir_format_fields[fmt] & FIR_FIELD_LABEL) {
            uint32_t t = (uint32_t)in->imm;
            if (in->imm >= 0 && in->imm <= UINT32_MAX) {
                int rc = resolve(f, &t, err);
                if (rc)
                    return rc;
                in->imm = t;
            }
        }
    }
    for (uint32_t s = 0; s < f->nswitches; s++) {
        FirSwitch *sw = &f->switches[s];
        int rc = resolve(f, &sw->default_target, err);
        for (uint32_t i = 0; rc == 0 && i < sw->ncases; i++)
            rc = resolve(f, &sw->cases[i].target, err);
        if (rc)
            return rc;
    }
    return 0;
}

/* --------------------------------------------------------------- globals */

uint32_t fir_add_global(FirModule *m, const char *name, uint64_t size, uint32_t align,
                        const uint8_t *init)
{
    GROW(m->globals, m->nglobals, m->cap_globals);
    FirGlobal *g = &m->globals[m->nglobals];
    memset(g, 0, sizeof *g);
    g->name = xstrdup(name);
    g->size = size;
    g->align = align ? align : 1;
    g->defined = true;
    if (init) {
        g->init = xrealloc(NULL, size);
        memcpy(g->init, init, size);
    }
    return m->nglobals++;
}

int64_t fir_find_global(const FirModule *m, const char *name)
{
    for (uint32_t i = 0; i < m->nglobals; i++)
        if (strcmp(m->globals[i].name, name) == 0)
            return i;
    return -1;
}

void fir_global_add_reloc(FirGlobal *g, uint64_t offset, FirRelocKind kind, uint32_t target,
                          int64_t addend)
{
    GROW(g->relocs, g->nrelocs, g->cap_relocs);
    g->relocs[g->nrelocs++] = (FirReloc){offset, (uint32_t)kind, target, addend};
}

/* ----------------------------------------------------------------- hosts */

uint32_t fir_add_host(FirModule *m, const char *name, FirType ret, uint32_t nparams,
                      const FirType *params)
{
    for (uint32_t i = 0; i < m->nhosts; i++)
        if (strcmp(m->hosts[i].name, name) == 0)
            return i;
    GROW(m->hosts, m->nhosts, m->cap_hosts);
    FirHost *h = &m->hosts[m->nhosts];
    h->name = xstrdup(name);
    h->ret = ret;
    h->nparams = nparams;
    h->params = xrealloc(NULL, nparams ? nparams : 1);
    for (uint32_t i = 0; i < nparams; i++)
        h->params[i] = (uint8_t)params[i];
    return m->nhosts++;
}

/* ------------------------------------------------------------ debug info */

uint32_t fir_dbg_add_type(FirModule *m, FirDbgKind kind, const char *name, uint64_t size,
                          uint32_t base, uint64_t count)
{
    GROW(m->dbg_types, m->ndbg_types, m->cap_dbg_types);
    FirDbgType *t = &m->dbg_types[m->ndbg_types++];
    memset(t, 0, sizeof *t);
    t->kind = (uint8_t)kind;
    t->name = name ? xstrdup(name) : NULL;
    t->size = size;
    t->base = base;
    t->count = count;
    return m->ndbg_types;
}

void fir_dbg_add_field(FirModule *m, uint32_t type, const char *name, uint32_t ftype,
                       int64_t value, uint8_t bit_offset, uint8_t bit_width)
{
    FirDbgType *t = &m->dbg_types[type - 1];
    t->fields = xrealloc(t->fields, (size_t)(t->nfields + 1) * sizeof *t->fields);
    t->fields[t->nfields++] = (FirDbgField){name ? xstrdup(name) : NULL, ftype, value,
                                            bit_offset, bit_width};
}

void fir_dbg_add_var(FirFunc *f, const char *name, uint32_t type, uint32_t reg,
                     uint32_t line, bool in_memory, bool is_param)
{
    f->dbg_vars = xrealloc(f->dbg_vars, (size_t)(f->ndbg_vars + 1) * sizeof *f->dbg_vars);
    f->dbg_vars[f->ndbg_vars++] = (FirDbgVar){xstrdup(name), type, reg, line, in_memory,
                                              is_param};
}

void fir_dbg_free_func(FirFunc *f)
{
    for (uint32_t i = 0; i < f->ndbg_vars; i++)
        free(f->dbg_vars[i].name);
    free(f->dbg_vars);
    f->dbg_vars = NULL;
    f->ndbg_vars = 0;
}

void fir_dbg_free_types(FirModule *m)
{
    for (uint32_t i = 0; i < m->ndbg_types; i++) {
        FirDbgType *t = &m->dbg_types[i];
        free(t->name);
        for (uint32_t k = 0; k < t->nfields; k++)
            free(t->fields[k].name);
        free(t->fields);
    }
    free(m->dbg_types);
    m->dbg_types = NULL;
    m->ndbg_types = m->cap_dbg_types = 0;
}
