/*
 * inline.c - calls of small leaf functions expanded in their caller (see
 * inline.h; how the merged function runs is compile.c's).
 *
 * How it works
 * - A direct call at pc k of a function other than the caller, with as many
 *   arguments as the callee has parameters, whose callee has at most
 *   INLINE_MAX_CODE instructions that are all inlinable (compile.c says
 *   which: no calls, allocation, runtime entries or switches), becomes a
 *   region appended after the caller's code.  The call instruction stays at
 *   k: compile.c compiles it as the region's entry.
 * - A region is the callee's code with its registers renumbered after the
 *   caller's (each region has its own), its branches to the region's pcs,
 *   and each return a move of the value to the call's destination and a jump
 *   to k + 1 (a return without value, or a call without destination: only
 *   the jump).
 * - The caller's pcs and registers keep their numbers, so every entry and
 *   exit at a caller pc is as without inlining.
 */
#include "jit-ia32/inline.h"

#include <stdlib.h>
#include <string.h>

#define INLINE_MAX_CODE 48     /* instructions of a callee */
#define INLINE_MAX_REGS 64     /* registers of a callee */
#define INLINE_MAX_ADDED 2048  /* instructions added to one caller */

static uint32_t region_length(const VmFunc *c, uint32_t dst)
{
    uint32_t len = 0;
    for (uint32_t i = 0; i < c->fir->ncode; i++)
        len += c->jit_ops[i] == FIR_OP_ret && dst != FIR_NOREG ? 2 : 1;
    return len;
}

/* Extra argument entries the callee's (host) calls need. */
static uint32_t region_args(const VmFunc *c)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < c->fir->ncode; i++)
        if (fir_format_fields[fir_op_info[c->jit_ops[i]].format] & FIR_FIELD_ARGS)
            n += (uint32_t)c->code[i].imm;
    return n;
}

static bool inlinable_call(const VmProcess *p, uint32_t fid, const VmFunc *f, uint32_t k,
                           JitInlinable *inlinable, const bool *skip)
{
    if (!inlinable || f->jit_ops[k] != FIR_OP_call)
        return false;
    const VmInsn *in = &f->code[k];
    uint32_t cid = in->b;
    if (cid >= p->nfuncs || cid == fid || (skip && skip[cid]))
        return false;
    const VmFunc *c = &p->funcs[cid];
    if (!c->fir->defined || !c->jit_ops || c->fir->ncode == 0 ||
        c->fir->ncode > INLINE_MAX_CODE || c->nregs > INLINE_MAX_REGS ||
        (uint64_t)in->imm != c->nparams)
        return false;
    for (uint32_t i = 0; i < c->fir->ncode; i++) {
        uint16_t op = c->jit_ops[i];
        if (op == FIR_OP_ret && in->a != FIR_NOREG &&
            c->fir->reg_types[c->code[i].a] != f->fir->reg_types[in->a])
            return false;
        if (op != FIR_OP_ret && op != FIR_OP_ret_void && !inlinable(p, c, i))
            return false;
    }
    return true;
}

static uint16_t mov_of(FirType t)
{
    switch (t) {
    case FIR_I32: return FIR_OP_mov_i32;
    case FIR_I64: return FIR_OP_mov_i64;
    case FIR_F32: return FIR_OP_mov_f32;
    case FIR_F64: return FIR_OP_mov_f64;
    default: return FIR_OP_mov_ptr;
    }
}

/* Instruction in of a callee, its registers moved by base, its arguments
 * copied to args (renumbered), its label through pos. */
static VmInsn renumbered(VmInsn in, uint16_t op, uint32_t base, const uint32_t *cargs,
                         uint32_t *args, uint32_t *nargs, const uint32_t *pos)
{
    FirFormat fmt = fir_op_info[op].format;
    unsigned fl = fir_format_fields[fmt];
    if (fl & FIR_FIELD_ARGS) {
        if (in.a != FIR_NOREG)
            in.a += base;
        for (uint32_t j = 0; j < (uint32_t)in.imm; j++)
            args[*nargs + j] = cargs[in.c + j] + base;
        in.c = *nargs;
        *nargs += (uint32_t)in.imm;
        return in;
    }
    if (fl & FIR_FIELD_A)
        in.a += base;
    if ((fl & FIR_FIELD_B) && fmt != FIR_FMT_GLOBAL && fmt != FIR_FMT_FUNC &&
        fmt != FIR_FMT_SWITCH)
        in.b += base;
    if (fl & FIR_FIELD_C)
        in.c += base;
    if (fl & FIR_FIELD_LABEL)
        in.imm = pos[in.imm];
    return in;
}

bool jit_merge(const VmProcess *p, uint32_t fid, JitInlinable *inlinable, const bool *skip,
               JitMerged *m)
{
    const VmFunc *f = &p->funcs[fid];
    uint32_t n = f->fir->ncode;
    memset(m, 0, sizeof *m);
    m->f = *f;
    m->fir = *f->fir;
    m->f.fir = &m->fir;
    m->own_code = n;
    m->own_regs = f->nregs;
    /* the sites, within the budget */
    uint32_t added = 0, nregs = f->nregs, nargs = f->fir->nargs, nsites = 0;
    bool *site = calloc(n ? n : 1, sizeof *site);
    if (!site)
        return false;
    for (uint32_t k = 0; k < n; k++) {
        if (!inlinable_call(p, fid, f, k, inlinable, skip))
            continue;
        const VmFunc *c = &p->funcs[f->code[k].b];
        uint32_t len = region_length(c, f->code[k].a);
        if (added + len > INLINE_MAX_ADDED || nregs + c->nregs < nregs)
            continue;
        site[k] = true;
        nsites++;
        added += len;
        nregs += c->nregs;
        nargs += region_args(c);
    }
    uint32_t total = n + added;
    m->region_of = malloc((total ? total : 1) * sizeof *m->region_of);
    m->site_region = malloc((n ? n : 1) * sizeof *m->site_region);
    m->callee_pc = malloc((total ? total : 1) * sizeof *m->callee_pc);
    m->regions = calloc(nsites ? nsites : 1, sizeof *m->regions);
    VmInsn *code = malloc((total ? total : 1) * sizeof *code);
    uint16_t *ops = malloc((total ? total : 1) * sizeof *ops);
    uint8_t *types = malloc(nregs ? nregs : 1);
    uint32_t *args = malloc((nargs ? nargs : 1) * sizeof *args);
    uint32_t *pos = malloc((INLINE_MAX_CODE + 1) * sizeof *pos);
    m->f.code = code, m->f.jit_ops = ops, m->f.args = args, m->fir.reg_types = types;
    m->owned = true;
    if (!m->region_of || !m->site_region || !m->callee_pc || !m->regions || !code || !ops ||
        !types || !args || !pos) {
        free(site), free(pos);
        return false;
    }
    memcpy(code, f->code, n * sizeof *code);
    memcpy(ops, f->jit_ops, n * sizeof *ops);
    memcpy(types, f->fir->reg_types, f->nregs);
    memcpy(args, f->args, f->fir->nargs * sizeof *args);
    for (uint32_t k = 0; k < total; k++)
        m->region_of[k] = JIT_NO_REGION, m->callee_pc[k] = UINT32_MAX;
    uint32_t at = n, reg = f->nregs, narg = f->fir->nargs;
    for (uint32_t k = 0; k < n; k++) {
        m->site_region[k] = JIT_NO_REGION;
        if (!site[k])
            continue;
        const VmInsn *call = &f->code[k];
        const VmFunc *c = &p->funcs[call->b];
        uint32_t cn = c->fir->ncode;
        JitRegion *r = &m->regions[m->nregions];
        *r = (JitRegion){.site = k, .callee = call->b, .start = at, .base = reg,
                         .nregs = c->nregs, .nparams = c->nparams};
        m->site_region[k] = m->nregions++;
        for (uint32_t i = 0, q = at; i <= cn; i++) {
            pos[i] = q;
            if (i < cn)
                q += c->jit_ops[i] == FIR_OP_ret && call->a != FIR_NOREG ? 2 : 1;
        }
        for (uint32_t i = 0; i < cn; i++) {
            uint16_t op = c->jit_ops[i];
            if (op == FIR_OP_ret || op == FIR_OP_ret_void) {
                if (op == FIR_OP_ret && call->a != FIR_NOREG) {
                    m->region_of[at] = m->site_region[k];
                    ops[at] = mov_of((FirType)types[call->a]);
                    code[at] = (VmInsn){.a = call->a, .b = c->code[i].a + reg, .op = ops[at]};
                    at++;
                }
                m->region_of[at] = m->site_region[k];
                ops[at] = FIR_OP_jmp;
                code[at] = (VmInsn){.imm = k + 1, .op = FIR_OP_jmp};
                at++;
                continue;
            }
            m->region_of[at] = m->site_region[k];
            m->callee_pc[at] = i;
            ops[at] = op;
            code[at] = renumbered(c->code[i], op, reg, c->args, args, &narg, pos);
            at++;
        }
        memcpy(types + reg, c->fir->reg_types, c->nregs);
        r->end = at;
        reg += c->nregs;
    }
    free(site), free(pos);
    m->f.nregs = nregs;
    m->fir.nregs = nregs;
    m->fir.ncode = total;
    m->fir.nargs = narg;
    return true;
}

void jit_merge_free(JitMerged *m)
{
    if (m->owned) {
        free(m->f.code), free(m->f.jit_ops), free((uint32_t *)m->f.args);
        free(m->fir.reg_types);
    }
    free(m->region_of), free(m->site_region), free(m->callee_pc), free(m->regions);
    memset(m, 0, sizeof *m);
}
