/*
 * gen.h - what both back ends share while generating one function: the
 * buffer, the native offset of every pc, and the jumps patched at the end
 * (branches to pcs, slow paths to per-pc exit stubs, jump-table entries).
 */
#ifndef JIT_GEN_H
#define JIT_GEN_H

#include "jit-ia32/internal.h"

typedef struct JitPatch {
    size_t at;      /* displacement (or jump-table entry) to patch */
    uint32_t pc;    /* target instruction, or the pc whose exit stub is the target */
    size_t base;    /* jump-table entries: the table the offset is relative to */
} JitPatch;

typedef struct JitGen {
    const VmProcess *p;
    X86Buf b;
    size_t *off;                /* native offset per pc */
    JitPatch *jumps, *slows, *cases;
    size_t njumps, nslows, ncases, cap_jumps, cap_slows, cap_cases;
    size_t exit_label;          /* eax = the pc for the interpreter, then leave */
    bool oom;
    /* x86-64 (compile.c): the register allocation, and what the exit stub of
     * a pc emits before eax = the pc it returns (the write-back of VM
     * registers held in machine registers; inside an inlined call, the
     * callee's frame, and the callee's pc); NULL on IA-32. */
    struct JitRegs *ra;
    uint32_t (*before_exit)(struct JitGen *g, uint32_t pc);
} JitGen;

/* Starts generating function f of p (false: out of memory). */
bool jit_gen_init(JitGen *g, const VmProcess *p, const VmFunc *f);
void jit_gen_free(JitGen *g);
void jit_push_patch(JitGen *g, JitPatch **arr, size_t *n, size_t *cap, size_t at, uint32_t pc);
/* jcc to the exit of pc: the interpreter runs that instruction. */
void jit_slow_if(JitGen *g, X86Cond cc, uint32_t pc);
/* jcc / jmp to the code of pc target. */
void jit_branch_if(JitGen *g, X86Cond cc, uint32_t target);
void jit_branch(JitGen *g, uint32_t target);
/* eax = pc, then the exit. */
void jit_exit_at(JitGen *g, uint32_t pc);
/* After the last instruction: one exit stub per pc with slow paths, then every
 * branch and jump-table entry patched.  False on out of memory. */
bool jit_gen_patch(JitGen *g, uint32_t n);

#endif
