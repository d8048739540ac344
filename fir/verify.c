/*
 * verify.c - the FIR verifier: fir_verify checks a whole module so that the
 * interpreter and the JIT can run it with no further checks on register
 * numbers, register types, branch targets, switch tables, call signatures or
 * ids.  The module may come straight from a hostile .fir file: the decoder only
 * guarantees that every array is as long as its count says and that opcodes
 * are < FIR_NOPS; the verifier trusts nothing else (it rechecks the opcode too).
 *
 * How it works
 * ------------
 * Checks run in passes so that each pass can rely on the ones before it:
 *   1. files, host imports, globals and function signatures (names present,
 *      everything defined, register types valid, nparams <= nregs);
 *      fir_verify_partial, for units not linked yet, accepts declarations
 *      (a declared function still has a valid signature and no code);
 *   2. names: unique among functions and globals together (the text form
 *      writes both as @name, so they share one namespace) and among hosts;
 *   3. function bodies, one instruction at a time.  A callee's or host's
 *      signature is valid by then, so call checks can index it freely.
 * Every instruction is checked by one code path per FORMAT, driven by the
 * td/t1/t2 columns of fir_op_info; only ret, ret.void, call, call.ind, hcall
 * and switch (whose columns cannot express their typing) have own code.
 *
 * A verified module satisfies exactly what the checks below establish.  Two
 * of them are stricter than the interpreter needs, to keep hostile input linear
 * time and the text form canonical: each slot of func->args belongs to at most
 * one call (the builder appends a fresh range per call, so this always holds
 * for produced code), and the immediate of a 32-bit constant fits in 32 bits.
 *
 * Errors: the first problem found is reported as FIR_EVERIFY with a message
 * naming the function and instruction ("function 'main', instruction 3
 * (add.i32): operand c is %2 of type f64, expected i32"); registers are
 * always written %N.  Scratch memory failures are FIR_ENOMEM.
 */
#include "fir.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ALIGN 4096u
#define MAX_BLOCK_SIZE UINT32_MAX

typedef struct Verifier {
    const FirModule *m;
    FirError *err;
    const FirFunc *f;   /* function being checked, for messages */
    uint32_t pc;        /* instruction being checked */
    uint8_t *slots;     /* one byte per func->args slot: used by a call */
    size_t cap_slots;
    bool partial;       /* declarations allowed (fir_verify_partial) */
} Verifier;

/* ---------------------------------------------------------------- messages */

static const char *plural(uint64_t n)
{
    return n == 1 ? "" : "s";
}

static const char *name_of(const char *name)
{
    return name ? name : "";
}

/* "type i8" or "unknown type 200": register-type errors may carry any byte. */
static const char *type_text(unsigned t, char buf[32])
{
    if (t < FIR_NTYPES)
        snprintf(buf, 32, "type %s", fir_type_name((FirType)t));
    else
        snprintf(buf, 32, "unknown type %u", t);
    return buf;
}

static int fail(Verifier *v, const char *fmt, ...) FIR_PRINTF(2, 3);
static int fail(Verifier *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[sizeof v->err->msg];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return fir_error_set(v->err, FIR_EVERIFY, "%s", msg);
}

/* An error inside function v->f: "function 'f': ..." */
static int func_fail(Verifier *v, const char *fmt, ...) FIR_PRINTF(2, 3);
static int func_fail(Verifier *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[sizeof v->err->msg];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return fir_error_set(v->err, FIR_EVERIFY, "function '%s': %s", name_of(v->f->name), msg);
}

/* An error at instruction v->pc: "function 'f', instruction 3 (add.i32): ..." */
static int insn_fail(Verifier *v, const char *fmt, ...) FIR_PRINTF(2, 3);
static int insn_fail(Verifier *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[sizeof v->err->msg];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    unsigned op = v->f->code[v->pc].op;
    return fir_error_set(v->err, FIR_EVERIFY, "function '%s', instruction %u (%s): %s",
                         name_of(v->f->name), v->pc, fir_op_info[op].name, msg);
}

static int nomem(Verifier *v)
{
    return fir_error_set(v->err, FIR_ENOMEM, "out of memory while verifying the module");
}

/* ------------------------------------------------ files, hosts and globals */

static int check_files(Verifier *v)
{
    for (uint32_t i = 0; i < v->m->nfiles; i++)
        if (!v->m->files[i])
            return fail(v, "file %u has no name", i);
    return 0;
}

static int check_hosts(Verifier *v)
{
    char buf[32];
    for (uint32_t i = 0; i < v->m->nhosts; i++) {
        const FirHost *h = &v->m->hosts[i];
        if (!h->name || !h->name[0])
            return fail(v, "host import %u has no name", i);
        if (h->ret != FIR_VOID && !fir_type_is_reg(h->ret))
            return fail(v, "host '%s': returns %s, which is neither void nor a register type",
                        h->name, type_text(h->ret, buf));
        for (uint32_t p = 0; p < h->nparams; p++)
            if (!fir_type_is_reg(h->params[p]))
                return fail(v, "host '%s': parameter %u has %s, which a register cannot have",
                            h->name, p, type_text(h->params[p], buf));
    }
    return 0;
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* Relocs may come in any order; overlap is found on a sorted copy of the offsets. */
static int check_reloc_overlap(Verifier *v, const FirGlobal *g)
{
    if (g->nrelocs < 2)
        return 0;
    uint64_t *off = malloc((size_t)g->nrelocs * sizeof *off);
    if (!off)
        return nomem(v);
    for (uint32_t i = 0; i < g->nrelocs; i++)
        off[i] = g->relocs[i].offset;
    qsort(off, g->nrelocs, sizeof *off, cmp_u64);
    int rc = 0;
    for (uint32_t i = 1; i < g->nrelocs && rc == 0; i++)
        if (off[i] - off[i - 1] < 8) /* every offset is <= size - 8: no overflow */
            rc = fail(v, "global '%s': relocs at offsets %llu and %llu overlap", g->name,
                      (unsigned long long)off[i - 1], (unsigned long long)off[i]);
    free(off);
    return rc;
}

static int check_global(Verifier *v, uint32_t id)
{
    const FirModule *m = v->m;
    const FirGlobal *g = &m->globals[id];
    if (!g->name || !g->name[0])
        return fail(v, "global %u has no name", id);
    if (!g->defined) {
        if (!v->partial)
            return fail(v, "global '%s' is declared but not defined", g->name);
        /* the definition it binds to brings size, data and relocs */
        if (g->nrelocs)
            return fail(v, "global '%s' is declared but has relocs", g->name);
        return 0;
    }
    if (g->align == 0 || g->align > MAX_ALIGN || (g->align & (g->align - 1)) != 0)
        return fail(v, "global '%s': alignment %u is not a power of two up to %u", g->name,
                    g->align, MAX_ALIGN);
    if (g->size > MAX_BLOCK_SIZE)
        return fail(v, "global '%s': size %llu is larger than a block can be (%llu bytes)",
                    g->name, (unsigned long long)g->size, (unsigned long long)MAX_BLOCK_SIZE);
    for (uint32_t i = 0; i < g->nrelocs; i++) {
        const FirReloc *r = &g->relocs[i];
        unsigned long long off = r->offset;
        if (r->offset > g->size || g->size - r->offset < 8)
            return fail(v, "global '%s': reloc at offset %llu does not fit in %llu bytes",
                        g->name, off, (unsigned long long)g->size);
        if (r->kind == FIR_RELOC_GLOBAL) {
            if (r->target >= m->nglobals)
                return fail(v,
                            "global '%s': reloc at offset %llu: global %u is out of range "
                            "(module has %u global%s)",
                            g->name, off, r->target, m->nglobals, plural(m->nglobals));
        } else if (r->kind == FIR_RELOC_FUNC) {
            if (r->target >= m->nfuncs)
                return fail(v,
                            "global '%s': reloc at offset %llu: function %u is out of range "
                            "(module has %u function%s)",
                            g->name, off, r->target, m->nfuncs, plural(m->nfuncs));
        } else {
            return fail(v, "global '%s': reloc at offset %llu has invalid kind %u", g->name, off,
                        r->kind);
        }
    }
    return check_reloc_overlap(v, g);
}

/* ------------------------------------------------------ function signatures */

static int check_signature(Verifier *v, uint32_t id)
{
    const FirFunc *f = &v->m->funcs[id];
    char buf[32];
    v->f = f;
    if (!f->name || !f->name[0])
        return fail(v, "function %u has no name", id);
    if (!f->defined && !v->partial)
        return fail(v, "function '%s' is declared but not defined", f->name);
    if (!f->defined && f->ncode)
        return fail(v, "function '%s' is declared but has instructions", f->name);
    if (f->ret != FIR_VOID && !fir_type_is_reg(f->ret))
        return func_fail(v, "returns %s, which is neither void nor a register type",
                         type_text(f->ret, buf));
    if (f->nregs > FIR_MAX_REGS)
        return func_fail(v, "%u registers, more than the limit of %u", f->nregs, FIR_MAX_REGS);
    if (f->nparams > f->nregs)
        return func_fail(v, "%u parameter%s but only %u register%s", f->nparams,
                         plural(f->nparams), f->nregs, plural(f->nregs));
    for (uint32_t r = 0; r < f->nregs; r++)
        if (!fir_type_is_reg(f->reg_types[r]))
            return func_fail(v, "register %%%u has %s, which a register cannot have", r,
                             type_text(f->reg_types[r], buf));
    return 0;
}

/* ------------------------------------------------------------------- names */

typedef struct NameRef {
    const char *name;
    unsigned kind; /* 0 function, 1 global */
    uint32_t id;
} NameRef;

static int cmp_name(const void *x, const void *y)
{
    const NameRef *a = x, *b = y;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* Sorted, so hostile modules with many names stay O(n log n). */
static int check_unique_names(Verifier *v)
{
    const FirModule *m = v->m;
    size_t n = (size_t)m->nfuncs + m->nglobals;
    size_t nh = m->nhosts;
    NameRef *refs = malloc((n > nh ? n : nh) * sizeof *refs + 1);
    if (!refs)
        return nomem(v);
    static const char *const kinds[] = {"function", "global"};
    size_t k = 0;
    for (uint32_t i = 0; i < m->nfuncs; i++)
        refs[k++] = (NameRef){m->funcs[i].name, 0, i};
    for (uint32_t i = 0; i < m->nglobals; i++)
        refs[k++] = (NameRef){m->globals[i].name, 1, i};
    qsort(refs, n, sizeof *refs, cmp_name);
    int rc = 0;
    for (size_t i = 1; i < n && rc == 0; i++) {
        const NameRef *a = &refs[i - 1], *b = &refs[i];
        if (strcmp(a->name, b->name) != 0)
            continue;
        if (a->kind == b->kind)
            rc = fail(v, "two %ss are named '%s' (%ss %u and %u)", kinds[a->kind], a->name,
                      kinds[a->kind], a->id, b->id);
        else
            rc = fail(v, "function %u and global %u are both named '%s'", a->id, b->id,
                      a->name);
    }
    if (rc == 0) {
        for (uint32_t i = 0; i < m->nhosts; i++)
            refs[i] = (NameRef){m->hosts[i].name, 0, i};
        qsort(refs, nh, sizeof *refs, cmp_name);
        for (size_t i = 1; i < nh && rc == 0; i++)
            if (strcmp(refs[i - 1].name, refs[i].name) == 0)
                rc = fail(v, "two host imports are named '%s' (hosts %u and %u)", refs[i].name,
                          refs[i - 1].id, refs[i].id);
    }
    free(refs);
    return rc;
}

/* ----------------------------------------------------------- instructions */

static int check_target(Verifier *v, int64_t target)
{
    if (target < 0 || target >= v->f->ncode)
        return insn_fail(v, "branch target %lld is out of range (function has %u instruction%s)",
                         (long long)target, v->f->ncode, plural(v->f->ncode));
    return 0;
}

/* Register r in field `field` ('a', 'b', 'c') has type want (VOID: any type). */
static int check_reg(Verifier *v, const char *role, char field, uint32_t r, FirType want)
{
    const FirFunc *f = v->f;
    if (r >= f->nregs)
        return insn_fail(v, "%s %c is %%%u, but the function has %u register%s", role, field, r,
                         f->nregs, plural(f->nregs));
    if (want != FIR_VOID && f->reg_types[r] != want)
        return insn_fail(v, "%s %c is %%%u of type %s, expected %s", role, field, r,
                         fir_type_name((FirType)f->reg_types[r]), fir_type_name(want));
    return 0;
}

static int check_dst(Verifier *v, uint32_t r, FirType want)
{
    return check_reg(v, "destination", 'a', r, want);
}

static int check_src(Verifier *v, char field, uint32_t r, FirType want)
{
    return check_reg(v, "operand", field, r, want);
}

/* The argument range of a call (c = first slot, imm = count) lies in
 * func->args, its registers exist, and no other call uses its slots. */
static int check_arg_range(Verifier *v, const FirInsn *in)
{
    const FirFunc *f = v->f;
    if (in->imm < 0 || (uint64_t)in->imm > f->nargs || in->c > f->nargs - (uint64_t)in->imm)
        return insn_fail(v,
                         "argument list (first %u, count %lld) is out of range (function has "
                         "%u call argument%s)",
                         in->c, (long long)in->imm, f->nargs, plural(f->nargs));
    for (uint32_t i = 0; i < (uint32_t)in->imm; i++) {
        uint32_t slot = in->c + i, r = f->args[slot];
        if (v->slots[slot])
            return insn_fail(v, "argument slot %u is shared with an earlier call", slot);
        v->slots[slot] = 1;
        if (r >= f->nregs)
            return insn_fail(v, "argument %u is %%%u, but the function has %u register%s", i, r,
                             f->nregs, plural(f->nregs));
    }
    return 0;
}

/* call and hcall: arity, argument types and the destination against a
 * signature (kind "function" or "host"; params has nparams type bytes). */
static int check_call_sig(Verifier *v, const FirInsn *in, const char *kind, const char *name,
                          FirType ret, uint32_t nparams, const uint8_t *params)
{
    const FirFunc *f = v->f;
    int rc = check_arg_range(v, in);
    if (rc)
        return rc;
    if ((uint64_t)in->imm != nparams)
        return insn_fail(v, "%s '%s' takes %u argument%s, but %lld %s passed", kind, name,
                         nparams, plural(nparams), (long long)in->imm,
                         in->imm == 1 ? "is" : "are");
    for (uint32_t i = 0; i < nparams; i++) {
        uint32_t r = f->args[in->c + i];
        if (f->reg_types[r] != params[i])
            return insn_fail(v, "argument %u is %%%u of type %s, expected %s", i, r,
                             fir_type_name((FirType)f->reg_types[r]),
                             fir_type_name((FirType)params[i]));
    }
    if (in->a == FIR_NOREG)
        return 0;
    if (ret == FIR_VOID)
        return insn_fail(v, "destination a must be none: %s '%s' returns void", kind, name);
    return check_dst(v, in->a, ret);
}

static bool falls_through(FirOp op)
{
    return !(fir_op_info[op].flags & FIR_OPF_TERM);
}

static int check_loc(Verifier *v, FirLoc loc)
{
    uint32_t nfiles = v->m->nfiles;
    if (nfiles == 0 && (loc.file != 0 || loc.line != 0))
        return insn_fail(v, "source location (file %u, line %u) but the module has no files",
                         loc.file, loc.line);
    if (nfiles != 0 && loc.file >= nfiles)
        return insn_fail(v, "source location names file %u, but the module has %u file%s",
                         loc.file, nfiles, plural(nfiles));
    return 0;
}

static int check_insn(Verifier *v, const FirInsn *in)
{
    const FirModule *m = v->m;
    const FirFunc *f = v->f;
    if (in->op >= FIR_NOPS)
        return fir_error_set(v->err, FIR_EVERIFY,
                             "function '%s', instruction %u: invalid opcode %u", f->name, v->pc,
                             in->op);
    const FirOpInfo *oi = &fir_op_info[in->op];
    int rc = check_loc(v, f->locs[v->pc]);
    if (rc)
        return rc;

    switch (oi->format) {
    case FIR_FMT_NONE:
        if (in->op == FIR_OP_ret_void && f->ret != FIR_VOID)
            return insn_fail(v, "ret.void in a function that returns %s", fir_type_name(f->ret));
        return 0;
    case FIR_FMT_D:
        return check_dst(v, in->a, oi->td);
    case FIR_FMT_S:
        if (in->op == FIR_OP_ret) {
            if (f->ret == FIR_VOID)
                return insn_fail(v, "ret in a function that returns void");
            return check_src(v, 'a', in->a, f->ret);
        }
        return check_src(v, 'a', in->a, oi->t1);
    case FIR_FMT_DS:
        if ((rc = check_dst(v, in->a, oi->td)))
            return rc;
        return check_src(v, 'b', in->b, oi->t1);
    case FIR_FMT_DSS:
        if ((rc = check_dst(v, in->a, oi->td)) || (rc = check_src(v, 'b', in->b, oi->t1)))
            return rc;
        return check_src(v, 'c', in->c, oi->t2);
    case FIR_FMT_DI:
        if ((rc = check_dst(v, in->a, oi->td)))
            return rc;
        /* 32-bit constants: accept the value signed or unsigned, nothing wider */
        if (fir_type_size(oi->td) == 4 && (in->imm < INT32_MIN || in->imm > UINT32_MAX))
            return insn_fail(v, "immediate %lld does not fit in 32 bits", (long long)in->imm);
        return 0;
    case FIR_FMT_DSI:
        /* the immediate is an offset, an addend or a shift count: any value */
        if ((rc = check_dst(v, in->a, oi->td)))
            return rc;
        return check_src(v, 'b', in->b, oi->t1);
    case FIR_FMT_SSI:
    case FIR_FMT_SS:
        if ((rc = check_src(v, 'a', in->a, oi->t1)))
            return rc;
        return check_src(v, 'b', in->b, oi->t2);
    case FIR_FMT_L:
        return check_target(v, in->imm);
    case FIR_FMT_SL:
        if ((rc = check_src(v, 'a', in->a, oi->t1)))
            return rc;
        return check_target(v, in->imm);
    case FIR_FMT_SSL:
        if ((rc = check_src(v, 'a', in->a, oi->t1)) || (rc = check_src(v, 'b', in->b, oi->t2)))
            return rc;
        return check_target(v, in->imm);
    case FIR_FMT_GLOBAL:
        if ((rc = check_dst(v, in->a, oi->td)))
            return rc;
        if (in->b >= m->nglobals)
            return insn_fail(v, "global %u is out of range (module has %u global%s)", in->b,
                             m->nglobals, plural(m->nglobals));
        return 0;
    case FIR_FMT_FUNC:
        if ((rc = check_dst(v, in->a, oi->td)))
            return rc;
        if (in->b >= m->nfuncs)
            return insn_fail(v, "function %u is out of range (module has %u function%s)", in->b,
                             m->nfuncs, plural(m->nfuncs));
        return 0;
    case FIR_FMT_CALL: {
        if (in->b >= m->nfuncs)
            return insn_fail(v, "function %u is out of range (module has %u function%s)", in->b,
                             m->nfuncs, plural(m->nfuncs));
        const FirFunc *g = &m->funcs[in->b];
        return check_call_sig(v, in, "function", g->name, g->ret, g->nparams, g->reg_types);
    }
    case FIR_FMT_CALLI:
        /* argument types and the destination are checked against the callee
         * at run time; here only that every register exists */
        if ((rc = check_src(v, 'b', in->b, oi->t1)) || (rc = check_arg_range(v, in)))
            return rc;
        return in->a == FIR_NOREG ? 0 : check_dst(v, in->a, FIR_VOID);
    case FIR_FMT_HCALL: {
        if (in->b >= m->nhosts)
            return insn_fail(v, "host import %u is out of range (module has %u host import%s)",
                             in->b, m->nhosts, plural(m->nhosts));
        const FirHost *h = &m->hosts[in->b];
        return check_call_sig(v, in, "host", h->name, h->ret, h->nparams, h->params);
    }
    case FIR_FMT_SWITCH: {
        if ((rc = check_src(v, 'a', in->a, FIR_VOID)))
            return rc;
        FirType t = (FirType)f->reg_types[in->a];
        if (t != FIR_I32 && t != FIR_I64)
            return insn_fail(v, "operand a is %%%u of type %s, expected i32 or i64", in->a,
                             fir_type_name(t));
        if (in->b >= f->nswitches)
            return insn_fail(v, "switch table %u is out of range (function has %u switch table%s)",
                             in->b, f->nswitches, plural(f->nswitches));
        return 0;
    }
    case FIR_NFORMATS:
        break;
    }
    /* unreachable for a well-formed fir_op_info; never trust it blindly */
    return insn_fail(v, "opcode has no known format");
}

/* Switch tables are checked once each, whatever number of switches use them. */
static int check_switch_tables(Verifier *v)
{
    const FirFunc *f = v->f;
    for (uint32_t t = 0; t < f->nswitches; t++) {
        const FirSwitch *sw = &f->switches[t];
        if (sw->default_target >= f->ncode)
            return func_fail(v,
                             "switch table %u: default target %u is out of range (function has "
                             "%u instruction%s)",
                             t, sw->default_target, f->ncode, plural(f->ncode));
        for (uint32_t i = 0; i < sw->ncases; i++) {
            const FirSwitchCase *c = &sw->cases[i];
            if (c->target >= f->ncode)
                return func_fail(v,
                                 "switch table %u: case %lld: target %u is out of range "
                                 "(function has %u instruction%s)",
                                 t, (long long)c->value, c->target, f->ncode, plural(f->ncode));
            if (i > 0 && c->value == sw->cases[i - 1].value)
                return func_fail(v, "switch table %u: case %lld appears twice", t,
                                 (long long)c->value);
            if (i > 0 && c->value < sw->cases[i - 1].value)
                return func_fail(v, "switch table %u: case %lld comes after case %lld (cases must "
                                 "be sorted)",
                                 t, (long long)c->value, (long long)sw->cases[i - 1].value);
        }
    }
    return 0;
}

static int check_body(Verifier *v, const FirFunc *f)
{
    v->f = f;
    if (f->ncode == 0)
        return func_fail(v, "the body has no instructions");
    if (f->nargs > v->cap_slots) {
        free(v->slots);
        v->slots = malloc(f->nargs);
        v->cap_slots = v->slots ? f->nargs : 0;
        if (!v->slots)
            return nomem(v);
    }
    if (f->nargs)
        memset(v->slots, 0, f->nargs);
    int rc = check_switch_tables(v);
    for (uint32_t pc = 0; pc < f->ncode && rc == 0; pc++) {
        v->pc = pc;
        rc = check_insn(v, &f->code[pc]);
    }
    if (rc == 0 && falls_through((FirOp)f->code[f->ncode - 1].op)) {
        v->pc = f->ncode - 1;
        rc = insn_fail(v, "execution falls off the end of the function");
    }
    return rc;
}

/* ------------------------------------------------------------------ module */

static int verify(const FirModule *m, bool partial, FirError *err)
{
    FirError local;
    Verifier v = {.m = m, .err = err ? err : &local, .partial = partial};
    int rc = check_files(&v);
    if (rc == 0)
        rc = check_hosts(&v);
    for (uint32_t i = 0; i < m->nglobals && rc == 0; i++)
        rc = check_global(&v, i);
    for (uint32_t i = 0; i < m->nfuncs && rc == 0; i++)
        rc = check_signature(&v, i);
    if (rc == 0)
        rc = check_unique_names(&v);
    for (uint32_t i = 0; i < m->nfuncs && rc == 0; i++)
        if (m->funcs[i].defined)
            rc = check_body(&v, &m->funcs[i]);
    free(v.slots);
    return rc;
}

int fir_verify(const FirModule *m, FirError *err)
{
    return verify(m, false, err);
}

int fir_verify_partial(const FirModule *m, FirError *err)
{
    return verify(m, true, err);
}
