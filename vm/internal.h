/*
 * internal.h - names shared inside vm/: the process structure, pre-decoded
 * code, frames, the fault path and the host-call table.
 *
 * Invariants
 * - A frame is plain data: (function, pc = FIR instruction index, register
 *   base, destination register in the caller, its frame blocks, a serial).
 *   The pc of the top frame is exact whenever the interpreter calls out of
 *   its loop (SAVE_PC), so faults, host calls and reclamation see it.
 * - Pre-decoded code is 1:1 with the FIR instructions of each function.
 * - Registers are untagged 8-byte slots; 32-bit values are kept zero-extended.
 */
#ifndef VM_INTERNAL_H
#define VM_INTERNAL_H

#include "fir/fir.h"
#include "gc/gc.h"
#include "vm/vm.h"

#include <setjmp.h>
#include <stdnoreturn.h>

#if defined(__GNUC__)
#define VM_LIKELY(x) __builtin_expect(!!(x), 1)
#define VM_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define VM_LIKELY(x) (x)
#define VM_UNLIKELY(x) (x)
#endif

typedef union VmSlot {
    uint64_t u64;
    int64_t i64;
    uint32_t u32;
    int32_t i32;
    float f32;
    double f64;
} VmSlot;

/* One pre-decoded instruction (32 bytes).  handler is the interpreter label
 * (computed goto) and op the opcode (switch dispatch); both may name a
 * cheaper equivalent opcode (gaddr and faddr become const.i64). */
typedef struct VmInsn {
    const void *handler;
    uint32_t a, b, c;
    uint16_t op;
    int64_t imm; /* immediate, branch target, or for call.ind nargs | sig << 32 */
} VmInsn;

typedef struct VmSwitch {
    bool is32;          /* the operand is an i32 register (sign-extended) */
    bool dense;
    int64_t min;        /* dense: first value of the table */
    uint32_t ntable;    /* dense: entries in table */
    uint32_t *table;    /* dense: targets for min .. min + ntable - 1 */
    uint32_t def;       /* default target */
    const FirSwitch *fir; /* sparse: binary search over its sorted cases */
} VmSwitch;

typedef struct VmFunc {
    const FirFunc *fir;
    VmInsn *code;
    const uint32_t *args; /* argument registers of calls (fir->args) */
    uint32_t nregs, nparams;
    uint32_t block; /* FUNC block index: pointer (block << 32) */
    uint32_t sig;   /* interned signature id */
    VmSwitch *switches;
} VmFunc;

typedef struct VmFrame {
    uint32_t func;
    uint32_t pc;     /* FIR instruction index */
    uint64_t base;   /* first register slot in p->regs */
    uint32_t dst;    /* caller's register for the result, FIR_NOREG if none */
    uint32_t blocks; /* head of this frame's FRAME block list (gc), 0 = none */
    uint64_t serial; /* unique per pushed frame, for setjmp validation */
} VmFrame;

typedef VmSlot VmHostFn(VmProcess *p, const VmSlot *args);

/* A host call of the table in host.c.  Types are letters: v void, i i32,
 * l i64, f f32, d f64, p ptr. */
typedef struct VmHostDef {
    const char *name;
    char ret;
    const char *params;
    VmHostFn *fn;
} VmHostDef;

struct VmProcess {
    VmOptions opt;
    GcHeap heap;
    FirModule *mod;
    VmFunc *funcs;
    uint32_t nfuncs;
    uint32_t *globals;      /* block index per global */
    VmHostFn **hosts;       /* per host import of the module */
    char **sigs;            /* interned signatures, see load.c */
    uint32_t nsigs, cap_sigs;

    VmFrame *frames;
    uint32_t nframes, cap_frames;
    VmSlot *regs;
    uint64_t cap_regs;      /* slots allocated */
    uint64_t next_serial;

    bool loaded, finished;
    VmOutcome outcome;
    int exit_status;
    char fault[640];
    jmp_buf exit_jmp;       /* valid while vm_run runs */
    uint64_t calls;
};

/* ------------------------------------------------------------ interp.c */

/* The dispatch table of the interpreter: label address per FirOp (NULL
 * entries when built with switch dispatch). */
const void *const *vm__handlers(void);
/* Fuses pairs of pre-decoded instructions into superinstructions. */
void vm__fuse(VmInsn *code, uint32_t n);
/* Grows the frame or register stack for a call that needs `top` slots;
 * faults with a stack overflow past the limits. */
void vm__grow_stack(VmProcess *p, uint64_t top);

/* ------------------------------------------------------------- fault.c */

/* Ends vm_run with a guest fault at the top frame's saved pc. */
noreturn void vm__fault(VmProcess *p, const char *fmt, ...) FIR_PRINTF(2, 3);
/* Fault for a failed access of n bytes at ptr (after the fast path failed). */
noreturn void vm__access_fault(VmProcess *p, uint64_t ptr, uint64_t n, bool write,
                               const char *prefix);
/* Ends vm_run with exit status `status` (host exit, entry return). */
noreturn void vm__exit(VmProcess *p, int status);

/* -------------------------------------------------------------- host.c */

const VmHostDef *vm__host_find(const char *name);
/* Host pointer to n readable / writable bytes at guest ptr; faults
 * "host call 'NAME': ..." otherwise.  n may be 0 (returns NULL). */
uint8_t *vm__guest_read(VmProcess *p, uint64_t ptr, uint64_t n, const char *call);
uint8_t *vm__guest_write(VmProcess *p, uint64_t ptr, uint64_t n, const char *call);

#endif
