/*
 * vm.h - the FIR virtual machine: a process, its loader and its interpreter.
 * The one public header of vm/.
 *
 * Use:
 *     VmOptions opt;
 *     vm_options_default(&opt);
 *     VmProcess *p = vm_process_new(&opt);
 *     if (vm_load(p, module, argc, argv, &err) < 0) ...   (module: verified)
 *     if (vm_run(p) == VM_FAULTED) vm_print_fault(p, "firvm", stderr);
 *     status = vm_exit_status(p);
 *     vm_process_free(p);
 *
 * Invariants
 * - All state of a running program is in its VmProcess (no globals), and it
 *   contains no host address that the guest can observe.
 * - vm_load takes a module that fir_verify accepted; the interpreter relies
 *   on that (no run-time checks of register numbers, types, targets).
 * - Library functions never print, except vm_print_fault to the FILE given.
 */
#ifndef VM_H
#define VM_H

#include "fir/fir.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct VmProcess VmProcess;

typedef struct VmOptions {
    uint32_t max_frames;    /* guest call depth; deeper is a stack overflow fault */
    uint64_t max_reg_slots; /* register stack bound (8-byte slots) */
    uint64_t heap_max;      /* live block bytes past which alloc returns null; 0: none */
    bool spec_io_direct;    /* --spec-io=direct: no held output or replayed input */
    int gc_stress;          /* collect at every allocation (gc_set_stress level) */
} VmOptions;

#define VM_DEFAULT_MAX_FRAMES 100000u
#define VM_DEFAULT_MAX_REG_SLOTS (32u << 20) /* 256 MiB of registers */
#define VM_DEFAULT_HEAP_MAX ((uint64_t)2 << 30)

void vm_options_default(VmOptions *opt);

/* NULL when the host is out of memory. */
VmProcess *vm_process_new(const VmOptions *opt);
void vm_process_free(VmProcess *p);

/* Loads a verified module: function and global blocks, host imports bound
 * by name (unknown names and wrong signatures are errors), argv built from
 * argv[0..argc-1] (argv[0] is the program name), the entry frame pushed
 * (`__fir_start` if defined, else `main`).  On success the process owns the
 * module (freed by vm_process_free); on failure the caller still does. */
int vm_load(VmProcess *p, FirModule *m, int argc, char **argv, FirError *err) FIR_MUST_CHECK;

typedef enum VmOutcome {
    VM_EXITED = 0, /* the entry returned or the guest called exit */
    VM_FAULTED = 1 /* a guest fault: see vm_fault_message / vm_print_fault */
} VmOutcome;

/* Runs the loaded process until it exits or faults. */
VmOutcome vm_run(VmProcess *p);

int vm_exit_status(const VmProcess *p);
/* The fault message alone, e.g. "division by zero"; "" if none. */
const char *vm_fault_message(const VmProcess *p);
/* The full report, as firvm prints it:
 *   PROG: error: FILE:LINE: in function 'NAME': MESSAGE
 *   PROG:   called from FILE:LINE in function 'NAME'      (at most 20) */
void vm_print_fault(const VmProcess *p, const char *prog, FILE *out);

/* The JIT (jit-ia32/ installs it through vm_set_jit): compiles function f
 * of p and, on success, gives it compiled code with vm_jit_install; false
 * leaves it to the interpreter.  threshold is the number of entries and
 * loop-head passes after which a function is compiled; 0 compiles every
 * function now ("always").  The JIT's ctx is released by free_ctx (may be
 * NULL) with the process.  Without it every function is interpreted. */
typedef bool VmJitCompileFn(VmProcess *p, uint32_t f, void *ctx);
void vm_set_jit(VmProcess *p, VmJitCompileFn *fn, void *ctx, void (*free_ctx)(void *),
                uint32_t threshold);

/* The `migrate` instruction calls the hook installed here (migrate/ does it)
 * with its target string, after setting the instruction's result to 0 and
 * the frame's pc to the next instruction, so a process packed inside the hook
 * resumes as if migrate() had returned 0.  The hook returns migrate()'s value
 * (0 or a negative errno value), or VM_MIGRATE_EXIT when the process has left
 * (suspended, migrated): vm_run then ends with exit status 0.  free_ctx (may
 * be NULL) releases ctx when the hook is replaced or the process is freed.
 * Without a hook, migrate is a guest fault "migration is not supported". */
#define VM_MIGRATE_EXIT 1
typedef int VmMigrateFn(VmProcess *p, const char *target, void *ctx);
void vm_set_migrate_hook(VmProcess *p, VmMigrateFn *fn, void *ctx, void (*free_ctx)(void *));

/* Messages between processes (dist/ installs the hooks; the VM never
 * includes dist/).  The host call `msg` (guest/libc/msg.c) passes the guest
 * library's state block (VM_MSG_STATE_BYTES); its request fields (offsets
 * VM_MSG_REQ_*, little-endian) give the operation, peer, buffer pointer,
 * length and argument, and hooks.msg gets them with the state block itself
 * (always writable).  The buffer is checked like any host-call buffer: read
 * for VM_MSG_SEND and VM_MSG_RESTORE, written for VM_MSG_RECV, VM_MSG_CKPT_PATH
 * and VM_MSG_CKPT_LOG, absent
 * otherwise.  The host pointers are valid only during the call, which must
 * not allocate guest blocks.
 * hooks.spec_event is told about every level entered, committed or rolled
 * back (a rollback reports each level it ends, innermost first), before
 * spec/ changes anything; for a commit it may answer VM_SPEC_DEFER: the
 * level then stays open (the program goes on as if committed) until the
 * hooks' owner commits it through the program (dist/: a level that waits
 * for the speculations of other processes it joined later).  Without
 * hooks, VM_MSG_RANK is 0, VM_MSG_SIZE 1 and every other operation returns
 * VM_MSG_ENOTDIST. */
#define VM_MSG_OPS(X) \
    X(RANK, 1) X(SIZE, 2) X(SEND, 3) X(RECV, 4) X(JOINED, 5) X(POLL, 6) X(SETTLE, 7) \
    X(CKPT_PATH, 8) X(FINISH, 9) X(SOURCE, 10) X(CKPT_LOG, 11) X(RESTORE, 12)
enum {
#define VM_MSG_ENUM(name, num) VM_MSG_##name = num,
    VM_MSG_OPS(VM_MSG_ENUM)
#undef VM_MSG_ENUM
};
#define VM_MSG_STATE_BYTES 560 /* guest/libc/msg.c: struct msg_state */
#define VM_MSG_REQ_OP 12
#define VM_MSG_REQ_PEER 16
#define VM_MSG_REQ_LEN 24
#define VM_MSG_REQ_ARG 32
#define VM_MSG_REQ_BUF 40
#define VM_MSG_ENOTDIST (-5)
typedef enum VmSpecEvent { VM_SPEC_ENTER = 1, VM_SPEC_COMMIT, VM_SPEC_ROLLBACK } VmSpecEvent;
#define VM_SPEC_DEFER 1
typedef struct VmMsgHooks {
    int64_t (*msg)(VmProcess *p, int32_t op, int32_t peer, uint8_t *buf, uint64_t len,
                   int64_t arg, uint8_t *state, void *ctx);
    int (*spec_event)(VmProcess *p, VmSpecEvent ev, int32_t level, uint32_t owner,
                      uint64_t seq, void *ctx);
    void *ctx;
    void (*free_ctx)(void *); /* may be NULL; called when p is freed */
} VmMsgHooks;
void vm_set_msg_hooks(VmProcess *p, const VmMsgHooks *hooks);
/* The owner in the global identity of the levels this process enters from
 * now on (its rank and incarnation, for distributed speculations). */
void vm_set_spec_owner(VmProcess *p, uint32_t owner);
/* True when a speculation level is open. */
bool vm_spec_active(const VmProcess *p);

typedef struct VmStats {
    uint64_t blocks_allocated; /* all kinds, including globals and functions */
    uint64_t peak_heap_bytes;
    uint64_t live_heap_bytes;
    uint64_t table_entries;
    uint64_t calls;            /* guest calls, direct and indirect */
    uint64_t spec_entered, spec_committed, spec_aborted; /* speculation levels */
    uint64_t spec_blocks_cloned, spec_pages_saved, spec_bytes_copied;
    uint64_t gc_minor, gc_major;          /* collections */
    uint64_t gc_pause_max_ns, gc_pause_total_ns;
    uint64_t gc_peak_mem;                 /* heap memory mapped (nursery + old space) */
    uint64_t gc_leaked_blocks;            /* unreachable blocks never freed, reclaimed */
} VmStats;
void vm_get_stats(const VmProcess *p, VmStats *st);

#endif
