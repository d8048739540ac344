/*
 * jit.c - the VM side of the JIT: tiering counters, installing compiled
 * code, and the invariants that keep both tiers one process.
 *
 * How it works
 * - vm_set_jit gives every function a countdown (jit_hot) and its plain
 *   opcodes per pc (jit_ops: the pre-decoded code unfused).  The function's
 *   first slot and every loop head (the target of a backward branch) get the
 *   jit_count handler; the interpreter's normal path is untouched, so a
 *   process without a JIT pays nothing.
 * - When the count reaches 0 the JIT compiles the function and calls
 *   vm_jit_install with the pcs its code runs itself.  The function's code
 *   becomes a copy where those slots enter the compiled code (jit_enter) and
 *   every other slot (calls, returns, host calls, allocation, speculation,
 *   migration: the safepoints) keeps its plain handler.  So a frame's pc is
 *   always a FIR instruction index, every safepoint runs in the interpreter
 *   with the whole state in VM registers, and a rollback, a collection or a
 *   migration never sees compiled code.  An image holds no code: it resumes
 *   with the JIT on or off.
 * - Compiled code never faults: a check that fails (bounds, a first store in
 *   a write epoch, division by zero, a conversion out of range) returns that
 *   instruction's pc, and the interpreter runs it again by its plain opcode,
 *   which faults with the same message, or completes the slow path.
 */
#include "vm/internal.h"

#include <stdlib.h>
#include <string.h>

/* The function's entry and the targets of backward branches: its loop heads. */
static void mark_loop_heads(const FirFunc *f, bool *head)
{
    head[0] = true;
    for (uint32_t k = 0; k < f->ncode; k++) {
        const FirInsn *in = &f->code[k];
        if (fir_format_fields[fir_op_info[in->op].format] & FIR_FIELD_LABEL) {
            if ((uint64_t)in->imm <= k)
                head[in->imm] = true;
        } else if (in->op == FIR_OP_switch) {
            const FirSwitch *sw = &f->switches[in->b];
            for (uint32_t c = 0; c < sw->ncases; c++)
                if (sw->cases[c].target <= k)
                    head[sw->cases[c].target] = true;
            if (sw->default_target <= k)
                head[sw->default_target] = true;
        }
    }
}

/* Prepares function f for counting; false on out of memory (it stays interpreted). */
static bool prepare(VmProcess *p, uint32_t fid, uint32_t threshold)
{
    VmFunc *f = &p->funcs[fid];
    uint32_t n = f->fir->ncode;
    if (n == 0 || f->jit_ops)
        return true;
    VmInsn *plain = malloc(n * sizeof *plain);
    uint16_t *ops = malloc(n * sizeof *ops);
    bool *head = calloc(n, sizeof *head);
    if (!plain || !ops || !head) {
        free(plain), free(ops), free(head);
        return false;
    }
    memcpy(plain, f->code, n * sizeof *plain);
    vm__unfuse(plain, n);
    for (uint32_t k = 0; k < n; k++)
        ops[k] = plain[k].op;
    free(plain);
    f->jit_ops = ops;
    f->jit_hot = threshold ? threshold : 1;
    mark_loop_heads(f->fir, head);
    const void *count = vm__handlers()[vm__jit_count_op()];
    for (uint32_t k = 0; k < n; k++)
        if (head[k]) {
            vm__unfuse(&f->code[k], 1); /* a pair starting here runs unfused */
            f->code[k].handler = count;
            f->code[k].op = vm__jit_count_op();
        }
    free(head);
    return true;
}

void vm_set_jit(VmProcess *p, VmJitCompileFn *fn, void *ctx, void (*free_ctx)(void *),
                uint32_t threshold)
{
    if (p->jit_free)
        p->jit_free(p->jit_ctx);
    p->jit_compile = fn;
    p->jit_ctx = ctx;
    p->jit_free = free_ctx;
    if (!fn || !p->loaded || p->dbg)
        return;
    for (uint32_t i = 0; i < p->nfuncs; i++)
        if (p->funcs[i].fir->defined && !prepare(p, i, threshold))
            p->funcs[i].jit_failed = true;
    if (threshold == 0)
        for (uint32_t i = 0; i < p->nfuncs; i++)
            if (p->funcs[i].jit_ops && !p->funcs[i].jit_failed)
                vm__jit_promote(p, i);
}

void vm__jit_promote(VmProcess *p, uint32_t fid)
{
    VmFunc *f = &p->funcs[fid];
    if (f->native || f->jit_failed || !p->jit_compile) {
        f->jit_hot = UINT32_MAX; /* counts on, harmlessly */
        return;
    }
    if (!p->jit_compile(p, fid, p->jit_ctx)) {
        f->jit_failed = true;
        f->jit_hot = UINT32_MAX;
    }
}

bool vm_jit_install(VmProcess *p, uint32_t fid, VmJitEntry *entry, const void *call_entry,
                    const bool *compiled)
{
    VmFunc *f = &p->funcs[fid];
    uint32_t n = f->fir->ncode;
    VmInsn *code = malloc(n * sizeof *code);
    if (!code)
        return false;
    const void *const *handlers = vm__handlers();
    const void *enter = handlers[vm__jit_enter_op()];
    for (uint32_t k = 0; k < n; k++) {
        code[k] = f->code[k];
        code[k].op = compiled[k] ? vm__jit_enter_op() : f->jit_ops[k];
        code[k].handler = compiled[k] ? enter : handlers[f->jit_ops[k]];
    }
    /* Frames running the counted code go on in it until they call or return. */
    f->interp_code = f->code;
    f->code = code;
    f->native = entry;
    f->native_call = call_entry;
    return true;
}

void vm__jit_free(VmProcess *p)
{
    for (uint32_t i = 0; i < p->nfuncs; i++) {
        VmFunc *f = &p->funcs[i];
        if (f->interp_code) {
            free(f->code);
            f->code = f->interp_code;
            f->interp_code = NULL;
        }
        free(f->jit_ops);
        f->jit_ops = NULL;
        f->native = NULL;
        f->native_call = NULL;
    }
    if (p->jit_free)
        p->jit_free(p->jit_ctx);
    p->jit_free = NULL;
    p->jit_compile = NULL;
}
