/*
 * debug.h - the debugger's view of a process (used by repl/): stepping,
 * traps at instructions, and read/write access to frames, registers,
 * memory, the pointer table and the speculation levels.
 *
 * Use:
 *     vm_debug_attach(p);                 after vm_load or an image restore
 *     vm_debug_trap(p, func, pc, true);   a breakpoint
 *     switch (vm_debug_continue(p)) ...   or vm_debug_stepi(p)
 *
 * How it keeps the normal interpreter fast: nothing here is tested on the
 * normal path.  Attaching gives every function its unfused code (one FIR
 * instruction per dispatch) and a second copy whose every handler is the
 * interpreter's trap.  A breakpoint is the trap handler patched into one
 * instruction of the normal code; stepping one instruction runs the loop on
 * the all-trap copies.  The trap lets the instruction the run resumes at
 * through once, and stops at the next.
 *
 * Invariants
 * - Frames are numbered from the innermost (0) outwards, as in gdb.
 * - Writes go through the store slow path, so speculation levels record
 *   them (a rollback undoes a `set var` like any store).
 * - Nothing here prints.
 */
#ifndef VM_DEBUG_H
#define VM_DEBUG_H

#include "gc/gc.h"
#include "spec/spec.h"
#include "vm/vm.h"

typedef enum VmDebugEvent {
    VM_DEBUG_STOPPED, /* at a trap (or after one instruction) */
    VM_DEBUG_EXITED,  /* the program ended: vm_exit_status */
    VM_DEBUG_FAULTED  /* a guest fault: vm_fault_message; frames are intact */
} VmDebugEvent;

/* Prepares p for debugging (idempotent); 0 or FIR_ENOMEM. */
int vm_debug_attach(VmProcess *p) FIR_MUST_CHECK;
/* Sets or clears a trap before instruction pc of function func. */
void vm_debug_trap(VmProcess *p, uint32_t func, uint32_t pc, bool on);
/* Runs one FIR instruction (a call stops at the callee's first). */
VmDebugEvent vm_debug_stepi(VmProcess *p);
/* Runs until a trap, the end or a fault. */
VmDebugEvent vm_debug_continue(VmProcess *p);
/* True once the program exited or faulted: it cannot run further. */
bool vm_debug_finished(const VmProcess *p);
bool vm_debug_faulted(const VmProcess *p);

/* ---------------------------------------------------------------- state */

const FirModule *vm_debug_module(const VmProcess *p);

typedef struct VmDebugFrame {
    uint32_t func, pc;  /* pc: the next instruction (caller frames: the call) */
    uint64_t base;      /* first register slot */
    uint32_t nregs;
    uint32_t dst;       /* caller's register for the result, FIR_NOREG if none */
    uint64_t serial;    /* unique per call */
} VmDebugFrame;

uint32_t vm_debug_nframes(const VmProcess *p);
/* Frame `depth` (0 = innermost); false if there is none. */
bool vm_debug_frame(const VmProcess *p, uint32_t depth, VmDebugFrame *out);
/* Register reg of frame depth (raw 8-byte slot); false if out of range. */
bool vm_debug_reg(const VmProcess *p, uint32_t depth, uint32_t reg, uint64_t *v);
bool vm_debug_set_reg(VmProcess *p, uint32_t depth, uint32_t reg, uint64_t v);

/* n bytes at guest pointer ptr: NULL on success, else why not ("null
 * pointer", "out of bounds", ...). */
const char *vm_debug_read(const VmProcess *p, uint64_t ptr, void *buf, uint64_t n);
const char *vm_debug_write(VmProcess *p, uint64_t ptr, const void *buf, uint64_t n);
/* The pointer to global gid / function fid. */
uint64_t vm_debug_global_ptr(const VmProcess *p, uint32_t gid);
uint64_t vm_debug_func_ptr(const VmProcess *p, uint32_t fid);
/* The function a pointer names (a FUNC block at offset 0), or -1. */
int64_t vm_debug_func_of(const VmProcess *p, uint64_t ptr);

const GcHeap *vm_debug_heap(const VmProcess *p);
void vm_debug_stats(const VmProcess *p, VmStats *st);

/* ----------------------------------------------------------- speculation */

/* The levels (NULL when the program never speculated). */
const SpecState *vm_debug_spec(const VmProcess *p);
/* Where level l was entered: its snapshot's innermost frame. */
void vm_debug_level_where(const SpecLevel *l, uint32_t *func, uint32_t *pc);
/* Register reg of the frame with this serial as it was when l was entered;
 * false if that frame did not exist then. */
bool vm_debug_level_reg(const SpecLevel *l, uint64_t serial, uint32_t reg, uint64_t *v);
/* Level events by hand.  0, or -1 with a message in err (level not open,
 * no program, out of memory).  speculate opens an implicit level at the
 * current pc: rolling it back resumes right here, with no return value. */
int vm_debug_speculate(VmProcess *p, int32_t *id, char *err, size_t n);
int vm_debug_commit(VmProcess *p, int32_t id, char *err, size_t n);
int vm_debug_rollback(VmProcess *p, int32_t id, char *err, size_t n);

#endif
