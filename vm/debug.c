/*
 * debug.c - the VM side of the debugger (see debug.h): traps, stepping,
 * state access, speculation by hand.
 *
 * How it works
 * - Attach unfuses every function's code (vm__unfuse) and keeps, per
 *   function, the original opcode of each instruction and an all-trap copy
 *   of its code.  fn->code is the normal array, where breakpoints patch the
 *   trap handler in; stepping points every fn->code at its all-trap copy for
 *   one run of the loop, then back.
 * - The interpreter's trap calls vm__debug_hit: the instruction the run
 *   resumed at (same frame serial and pc, first hit) runs its own handler;
 *   any other trap stops the run with the pc saved.
 * - Runs set exit_jmp themselves (faults and exit longjmp to it), as vm_run
 *   does; a stop returns from the loop without ending the process.
 *
 * Invariants
 * - While attached, fn->code is normal[f] except during a stepping run.
 * - The trap copies are 1:1 with the FIR like every code array.
 */
#include "vm/debug.h"
#include "vm/internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct VmDebug {
    VmInsn **normal;     /* per function: its own code (with breakpoint traps) */
    VmInsn **trapall;    /* per function: every handler is the trap */
    uint16_t **ops;      /* per function: the opcode of each instruction */
    uint32_t nfuncs;
    bool resume;         /* let the resume point through once */
    uint64_t resume_serial;
    uint32_t resume_pc, resume_depth;
} VmDebug;

void vm__debug_free(VmProcess *p)
{
    VmDebug *d = p->dbg;
    if (!d)
        return;
    for (uint32_t f = 0; f < d->nfuncs; f++) {
        if (d->normal && d->normal[f])
            p->funcs[f].code = d->normal[f];
        free(d->trapall ? d->trapall[f] : NULL);
        free(d->ops ? d->ops[f] : NULL);
    }
    free(d->normal);
    free(d->trapall);
    free(d->ops);
    free(d);
    p->dbg = NULL;
}

int vm_debug_attach(VmProcess *p)
{
    if (p->dbg)
        return 0;
    if (!p->loaded)
        return FIR_EINVAL;
    VmDebug *d = calloc(1, sizeof *d);
    if (!d)
        return FIR_ENOMEM;
    p->dbg = d;
    d->nfuncs = p->nfuncs;
    d->normal = calloc(p->nfuncs ? p->nfuncs : 1, sizeof *d->normal);
    d->trapall = calloc(p->nfuncs ? p->nfuncs : 1, sizeof *d->trapall);
    d->ops = calloc(p->nfuncs ? p->nfuncs : 1, sizeof *d->ops);
    if (!d->normal || !d->trapall || !d->ops) {
        vm__debug_free(p);
        return FIR_ENOMEM;
    }
    const void *trap = vm__handlers()[vm__debug_trap_op()];
    for (uint32_t f = 0; f < p->nfuncs; f++) {
        VmFunc *fn = &p->funcs[f];
        uint32_t n = fn->fir->ncode;
        d->normal[f] = fn->code;
        if (!fn->code)
            continue;
        vm__unfuse(fn->code, n);
        d->ops[f] = malloc((n ? n : 1) * sizeof **d->ops);
        d->trapall[f] = malloc((n ? n : 1) * sizeof **d->trapall);
        if (!d->ops[f] || !d->trapall[f]) {
            vm__debug_free(p);
            return FIR_ENOMEM;
        }
        for (uint32_t i = 0; i < n; i++) {
            d->ops[f][i] = fn->code[i].op;
            d->trapall[f][i] = fn->code[i];
            d->trapall[f][i].handler = trap;
            d->trapall[f][i].op = vm__debug_trap_op();
        }
    }
    return 0;
}

void vm_debug_trap(VmProcess *p, uint32_t func, uint32_t pc, bool on)
{
    VmDebug *d = p->dbg;
    if (!d || func >= d->nfuncs || !d->normal[func] || pc >= p->funcs[func].fir->ncode)
        return;
    VmInsn *in = &d->normal[func][pc];
    uint16_t op = on ? vm__debug_trap_op() : d->ops[func][pc];
    in->op = op;
    in->handler = vm__handlers()[op];
}

int vm__debug_hit(VmProcess *p)
{
    VmDebug *d = p->dbg;
    const VmFrame *fr = &p->frames[p->nframes - 1];
    if (d && d->resume && fr->serial == d->resume_serial && fr->pc == d->resume_pc &&
        p->nframes == d->resume_depth) {
        d->resume = false;
        return d->ops[fr->func][fr->pc];
    }
    p->dbg_stopped = true;
    return -1;
}

bool vm_debug_finished(const VmProcess *p)
{
    return p->finished || p->nframes == 0;
}

bool vm_debug_faulted(const VmProcess *p)
{
    return p->finished && p->outcome == VM_FAULTED;
}

static void use_code(VmProcess *p, VmInsn **code)
{
    for (uint32_t f = 0; f < p->dbg->nfuncs; f++)
        if (code[f])
            p->funcs[f].code = code[f];
}

static VmDebugEvent run(VmProcess *p, bool step)
{
    VmDebug *d = p->dbg;
    if (!d || vm_debug_finished(p))
        return vm_debug_faulted(p) ? VM_DEBUG_FAULTED : VM_DEBUG_EXITED;
    const VmFrame *fr = &p->frames[p->nframes - 1];
    d->resume = true;
    d->resume_serial = fr->serial;
    d->resume_pc = fr->pc;
    d->resume_depth = p->nframes;
    p->dbg_stopped = false;
    if (step)
        use_code(p, d->trapall);
    if (setjmp(p->exit_jmp) == 0)
        vm__run_loop(p);
    if (step)
        use_code(p, d->normal);
    d->resume = false;
    if (p->dbg_stopped)
        return VM_DEBUG_STOPPED;
    vm__spec_finish(p); /* the process ended: held output is written */
    return p->outcome == VM_FAULTED ? VM_DEBUG_FAULTED : VM_DEBUG_EXITED;
}

VmDebugEvent vm_debug_stepi(VmProcess *p)
{
    return run(p, true);
}

VmDebugEvent vm_debug_continue(VmProcess *p)
{
    return run(p, false);
}

/* ---------------------------------------------------------------- state */

const FirModule *vm_debug_module(const VmProcess *p)
{
    return p->mod;
}

uint32_t vm_debug_nframes(const VmProcess *p)
{
    return p->finished && p->outcome != VM_FAULTED ? 0 : p->nframes;
}

bool vm_debug_frame(const VmProcess *p, uint32_t depth, VmDebugFrame *out)
{
    if (depth >= vm_debug_nframes(p))
        return false;
    const VmFrame *fr = &p->frames[p->nframes - 1 - depth];
    *out = (VmDebugFrame){.func = fr->func, .pc = fr->pc, .base = fr->base,
                          .nregs = p->funcs[fr->func].nregs, .dst = fr->dst,
                          .serial = fr->serial};
    return true;
}

bool vm_debug_reg(const VmProcess *p, uint32_t depth, uint32_t reg, uint64_t *v)
{
    VmDebugFrame f;
    if (!vm_debug_frame(p, depth, &f) || reg >= f.nregs)
        return false;
    *v = p->regs[f.base + reg].u64;
    return true;
}

bool vm_debug_set_reg(VmProcess *p, uint32_t depth, uint32_t reg, uint64_t v)
{
    VmDebugFrame f;
    if (!vm_debug_frame(p, depth, &f) || reg >= f.nregs)
        return false;
    FirType t = (FirType)p->funcs[f.func].fir->reg_types[reg];
    if (t == FIR_I32 || t == FIR_F32)
        v &= 0xffffffffu; /* 32-bit values are kept zero-extended */
    p->regs[f.base + reg].u64 = v;
    return true;
}

const char *vm_debug_read(const VmProcess *p, uint64_t ptr, void *buf, uint64_t n)
{
    GcFault f = gc_check(&p->heap, ptr, n, false);
    if (f != GC_FAULT_OK)
        return gc_fault_name(f);
    if (n && buf)
        memcpy(buf, gc_data(&p->heap, (uint32_t)(ptr >> 32)) + (uint32_t)ptr, n);
    return NULL;
}

const char *vm_debug_write(VmProcess *p, uint64_t ptr, const void *buf, uint64_t n)
{
    GcFault f = gc_check(&p->heap, ptr, n, true);
    if (f != GC_FAULT_OK && f != GC_FAULT_STAMP)
        return gc_fault_name(f);
    uint8_t *mem = vm__store_slow(p, ptr, n, &f); /* records it in open levels */
    if (!mem)
        return gc_fault_name(f);
    memcpy(mem, buf, n);
    return NULL;
}

uint64_t vm_debug_global_ptr(const VmProcess *p, uint32_t gid)
{
    return gid < p->mod->nglobals ? (uint64_t)p->globals[gid] << 32 : 0;
}

uint64_t vm_debug_func_ptr(const VmProcess *p, uint32_t fid)
{
    return fid < p->nfuncs ? (uint64_t)p->funcs[fid].block << 32 : 0;
}

int64_t vm_debug_func_of(const VmProcess *p, uint64_t ptr)
{
    uint32_t ix = (uint32_t)(ptr >> 32);
    if ((uint32_t)ptr != 0 || gc_entry_kind(&p->heap, ix) != GC_KIND_FUNC)
        return -1;
    uint32_t f = p->heap.tab[ix].aux;
    return f < p->nfuncs ? (int64_t)f : -1;
}

const GcHeap *vm_debug_heap(const VmProcess *p)
{
    return &p->heap;
}

void vm_debug_stats(const VmProcess *p, VmStats *st)
{
    vm_get_stats(p, st);
}

/* ----------------------------------------------------------- speculation */

const SpecState *vm_debug_spec(const VmProcess *p)
{
    return p->spec;
}

void vm_debug_level_where(const SpecLevel *l, uint32_t *func, uint32_t *pc)
{
    VmFrame top = vm__spec_snap_frame(l, vm__spec_snap_nframes(l) - 1);
    *func = top.func;
    *pc = top.pc;
}

bool vm_debug_level_reg(const SpecLevel *l, uint64_t serial, uint32_t reg, uint64_t *v)
{
    uint32_t n = vm__spec_snap_nframes(l);
    for (uint32_t k = 0; k < n; k++) {
        VmFrame f = vm__spec_snap_frame(l, k);
        if (f.serial != serial)
            continue;
        if (f.base + reg >= l->nregs)
            return false;
        *v = l->regs[f.base + reg];
        return true;
    }
    return false;
}

static int spec_call(VmProcess *p, int what, int32_t *id, char *err, size_t n)
{
    if (vm_debug_finished(p)) {
        snprintf(err, n, "The program is not being run.");
        return -1;
    }
    if (what != 0 && !spec_find(p->spec, *id)) {
        snprintf(err, n, "No open speculation level %d.", (int)*id);
        return -1;
    }
    if (setjmp(p->exit_jmp) != 0) {
        /* only out of memory faults here: the process stays as it was */
        snprintf(err, n, "%s", p->fault);
        p->finished = false;
        p->outcome = VM_EXITED;
        p->exit_status = 0;
        return -1;
    }
    if (what == 0) {
        *id = vm__spec_enter_implicit(p);
    } else if (what == 1) {
        vm__spec_commit(p, *id);
    } else if (!vm__spec_rollback(p, *id)) {
        p->frames[p->nframes - 1].pc++; /* after the speculate, which returns 0 */
    }
    return 0;
}

int vm_debug_speculate(VmProcess *p, int32_t *id, char *err, size_t n)
{
    return spec_call(p, 0, id, err, n);
}

int vm_debug_commit(VmProcess *p, int32_t id, char *err, size_t n)
{
    return spec_call(p, 1, &id, err, n);
}

int vm_debug_rollback(VmProcess *p, int32_t id, char *err, size_t n)
{
    return spec_call(p, 2, &id, err, n);
}
