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
#include "spec/spec.h"
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

/* Compiled code of a function, entered at FIR instruction `pc`: runs until
 * an instruction it leaves to the interpreter and returns that one's index
 * (the interpreter then runs that instruction by its plain opcode). */
typedef uint32_t VmJitEntry(VmSlot *r, VmProcess *p, uint32_t pc);

typedef struct VmFunc {
    const FirFunc *fir;
    VmInsn *code;
    const uint32_t *args; /* argument registers of calls (fir->args) */
    uint32_t nregs, nparams;
    uint32_t block; /* FUNC block index: pointer (block << 32) */
    uint32_t sig;   /* interned signature id */
    VmSwitch *switches;
    /* The JIT's tiering state (jit.c; all 0 without vm_set_jit).  jit_hot
     * counts down entries and loop-head passes; jit_ops[pc] is the plain
     * (unfused) opcode at pc, which the jit_count and jit_enter handlers run;
     * once compiled, code is the JIT's copy (its slots enter `native`) and
     * interp_code the interpreter's own. */
    uint32_t jit_hot;
    bool jit_failed;
    uint16_t *jit_ops;
    VmJitEntry *native;
    const void *native_call; /* compiled code's entry for calls from compiled code */
    VmInsn *interp_code;
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

/* A host call of the table in host.c (a row of guest/libc/host_calls.h).
 * Types are letters: v void, i i32, l i64, f f32, d f64, p ptr.  checks has
 * one letter per parameter for what the implementation checks before it
 * touches guest memory: - nothing, r a read buffer, w a written one, s a
 * NUL-terminated string. */
typedef struct VmHostDef {
    const char *name;
    char ret;
    const char *params;
    const char *checks;
    VmHostFn *fn;
} VmHostDef;

/* A guest file descriptor (host.c): guest fd i is files[i]; host < 0 means
 * closed.  path (made absolute when possible) and flags (FIR ABI open flags)
 * let a resumed process re-open the file; fds 0-2 are the host's own (path
 * NULL).  files == NULL stands for the initial table {0, 1, 2}. */
typedef struct VmFile {
    int host;
    int32_t flags;
    char *path;
} VmFile;

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
    SpecState *spec;        /* speculation levels (spec.c); NULL until the first */

    VmFile *files;          /* guest fd table (host.c) */
    uint32_t nfiles;
    VmMigrateFn *migrate_fn; /* the migrate instruction (vm_set_migrate_hook) */
    void *migrate_ctx;
    void (*migrate_free)(void *);
    VmMsgHooks msg;          /* message host call and level events (vm_set_msg_hooks) */
    uint32_t spec_owner;     /* owner of new global level ids (vm_set_spec_owner) */

    VmJitCompileFn *jit_compile; /* vm_set_jit: the JIT, NULL when off */
    void *jit_ctx;
    void (*jit_free)(void *);

    struct VmDebug *dbg;    /* debugger state (debug.c); NULL unless attached */
    bool dbg_stopped;       /* the last run ended at a debugger trap */
};

/* ------------------------------------------------------------- roots.c */

/* The collector's root callback (GcRootFn; ctx is the process). */
void vm__gc_roots(GcHeap *h, void *ctx);
/* Installs the roots, the heap limit and the stress mode of p's options. */
void vm__gc_setup(VmProcess *p);

/* ------------------------------------------------------------ interp.c */

/* The dispatch table of the interpreter: label address per FirOp (NULL
 * entries when built with switch dispatch). */
const void *const *vm__handlers(void);
/* The handler index of the debugger's trap (vm__handlers()[it]). */
uint16_t vm__debug_trap_op(void);
/* The loop itself, for debug.c (which sets exit_jmp around it). */
void vm__run_loop(VmProcess *p);
/* The alloc and alloca instructions: the new block's pointer (alloc: null
 * when the heap is full); the top frame's pc must be saved. */
uint64_t vm__alloc(VmProcess *p, uint64_t size);
uint64_t vm__alloca(VmProcess *p, uint64_t size);
/* Grows the frame or register stack for a call that needs `top` slots;
 * faults with a stack overflow past the limits. */
void vm__grow_stack(VmProcess *p, uint64_t top);

/* --------------------------------------------------------------- jit.c */

/* The handler indexes of the tiering handlers (vm__handlers()[it]). */
uint16_t vm__jit_enter_op(void);
uint16_t vm__jit_count_op(void);
/* A counted function became hot: compile it (the caller re-reads its code). */
void vm__jit_promote(VmProcess *p, uint32_t f);
/* The JIT compiled function f: entry runs the pcs marked in compiled[]
 * (ncode entries); every other pc stays with the interpreter.  False on out
 * of memory. */
bool vm_jit_install(VmProcess *p, uint32_t f, VmJitEntry *entry, const void *call_entry,
                    const bool *compiled);
/* Frees the JIT's per-function state (vm_process_free). */
void vm__jit_free(VmProcess *p);

/* ------------------------------------------------------------ fusion.c */

/* Fuses pairs of pre-decoded instructions into superinstructions. */
void vm__fuse(VmInsn *code, uint32_t n);
/* Gives fused slots back their own handlers (one FIR instruction each). */
void vm__unfuse(VmInsn *code, uint32_t n);

/* ------------------------------------------------------------- debug.c */

/* A debugger trap at the top frame's saved pc: the opcode to run there
 * (the trap lets it through once after a resume), or -1 to stop. */
int vm__debug_hit(VmProcess *p);
/* Frees the debugger state (vm_process_free). */
void vm__debug_free(VmProcess *p);

/* -------------------------------------------------------------- spec.c */

/* The speculate, commit and rollback instructions.  enter returns the new
 * level's id; rollback restores the VM stack of the level's entry with the
 * speculate's result register set to 0 (the caller reloads its locals from
 * the top frame and continues after that speculate).  Misuse faults. */
int32_t vm__spec_enter(VmProcess *p);
void vm__spec_commit(VmProcess *p, int32_t id);
/* True when the restored top frame resumes at its pc itself (an implicit
 * level: opened by the runtime or the debugger, not by a speculate). */
bool vm__spec_rollback(VmProcess *p, int32_t id);
/* Opens an implicit level at the top frame's pc (the debugger's
 * `speculate`); returns its id.  Misuse faults. */
int32_t vm__spec_enter_implicit(VmProcess *p);
/* Heap operations while levels may be open: the result of an alloc (made
 * null if it cannot be recorded), an alloca'd block, free, a frame's block
 * list at return or longjmp, and the store slow path (large blocks are
 * saved per page and kept stale while levels are open). */
void vm__spec_alloc(VmProcess *p, VmSlot *res);
void vm__spec_alloca(VmProcess *p, uint32_t idx);
void vm__free(VmProcess *p, uint64_t ptr);
void vm__release_frame(VmProcess *p, uint32_t head);
uint8_t *vm__store_slow(VmProcess *p, uint64_t ptr, uint64_t n, GcFault *fault);
/* Held I/O for the host calls: true when the call was handled (held write,
 * replayed read, held close), with its result in *res. */
bool vm__spec_write(VmProcess *p, int32_t fd, const uint8_t *buf, uint64_t n, int64_t *res);
bool vm__spec_read(VmProcess *p, int32_t fd, uint8_t *buf, uint64_t n, int64_t *res);
/* A read from the host delivered n bytes: journaled while levels are open. */
void vm__spec_read_done(VmProcess *p, int32_t fd, const uint8_t *buf, int64_t n);
bool vm__spec_close(VmProcess *p, int32_t fd, int32_t *res);
void vm__spec_opened(VmProcess *p, int32_t fd);
/* The process ended: held output is written. */
void vm__spec_finish(VmProcess *p);
/* The process left this host (suspend, migrate): its held output belongs
 * to the image and is dropped here. */
void vm__spec_left(VmProcess *p);
/* The VM stack of a level's snapshot, for packing: frame k of n, and the
 * frame serial counter. */
uint32_t vm__spec_snap_nframes(const SpecLevel *l);
VmFrame vm__spec_snap_frame(const SpecLevel *l, uint32_t k);
uint64_t vm__spec_snap_serial(const SpecLevel *l);

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

/* Guest fd table.  The host fd behind guest fd `fd`, or -1 if it is not
 * open. */
int vm__host_fd(const VmProcess *p, int32_t fd);
/* Installs host fd `host` as guest fd `fd`; takes a copy of path.  Returns
 * 0 or FIR_ENOMEM / FIR_EINVAL (fd too large or already open). */
int vm__file_set(VmProcess *p, uint32_t fd, int host, int32_t flags, const char *path);
/* Re-opens a packed file as guest fd `fd` (restore.c): path == NULL and
 * fd <= 2 is the host's own stream; else the file is opened by path with
 * flags minus create/exclusive/truncate and positioned at offset (if >= 0). */
int vm__file_reopen(VmProcess *p, uint32_t fd, int32_t flags, const char *path,
                    int64_t offset, FirError *err) FIR_MUST_CHECK;
/* Closes guest fd `fd` for real: 0 or a negative errno. */
int32_t vm__file_close(VmProcess *p, int32_t fd);
/* Marks guest fd `fd` (0-2) closed without closing the host's stream. */
void vm__file_forget(VmProcess *p, uint32_t fd);
/* Closes every guest fd above 2 and frees the table. */
void vm__files_close(VmProcess *p);

/* ------------------------------------------------------------ restore.c */

/*
 * A packed process as plain parts (migrate/ decodes an image into this and
 * packs a process from the same layouts).  Record arrays are little-endian
 * bytes, usually pointing into the payload:
 *   entries  (ntab - 1) x 16: u8 kind, u8 prev_kind, u8 age, u8 0, u32 size,
 *            u32 stamp, u32 aux     (entries 1 .. ntab-1; DEAD: aux = former
 *            size; FRAME: aux = next block of its frame; FUNC: function id)
 *   data     the bytes of every accessible block (DATA GLOBAL CONST FRAME),
 *            in index order
 *   free     u32 indexes of the free list, head first
 *   quar     u32 quarantined indexes, in quarantine order
 *   fblocks  u32 FUNC block per function;  gblocks  u32 block per global
 *   frames   nframes x 32: u32 func, u32 pc, u64 base, u32 dst, u32 blocks,
 *            u64 serial
 *   regs     nregs x 8: the register stack up to the top frame's last
 */
#define VM_ENTRY_BYTES 16
#define VM_FRAME_BYTES 32

typedef struct VmPartFile {
    uint32_t fd;
    int32_t flags;       /* FIR ABI open flags */
    const char *path;    /* NULL: the host's own stream (fd 0-2) */
    int64_t offset;      /* -1: not seekable */
} VmPartFile;

/* A speculation level of a packed process (vm__spec_restore).  frames and
 * regs are the VM stack at its entry, in the layouts above; deps 12 bytes
 * each (u32 owner, u64 seq); recs VM_REC_BYTES each, oldest first: u32 idx,
 * u8 kind, u8 old_kind, u16 0, u32 size, u32 aux, u32 npages (SpecRecKind,
 * fields as in SpecRec); pages the u32 page numbers of its PAGES records,
 * in record order; saved the bytes of its SAVE records (size bytes) and
 * PAGES records (per page, min(SPEC_PAGE_SIZE, size - page offset)), in
 * record order. */
#define VM_REC_BYTES 20
#define VM_LOG_BYTES 16

typedef struct VmPartLevel {
    int32_t id;
    uint32_t owner;
    uint64_t seq;
    bool implicit;
    const uint8_t *deps;
    uint32_t ndeps;
    uint64_t mark;       /* held-I/O log entries before its entry */
    const uint8_t *frames;
    uint32_t nframes;
    uint64_t next_serial;
    const uint8_t *regs;
    uint64_t nregs;
    const uint8_t *recs;
    uint32_t nrecs;
    const uint8_t *pages;
    uint64_t npages;
    const uint8_t *saved;
    uint64_t nsaved;
} VmPartLevel;

/* Input read on a guest fd that its next reads deliver again. */
typedef struct VmPartReplay {
    int32_t fd;
    const uint8_t *bytes;
    uint64_t n;
} VmPartReplay;

typedef struct VmParts {
    FirModule *mod;      /* verified; the process takes it on success */
    uint32_t ntab;       /* table length, index 0 included */
    const uint8_t *entries;
    const uint8_t *data;
    uint64_t ndata;
    uint32_t stamp;      /* the heap's write epoch */
    const uint8_t *free_list;
    uint32_t nfree;
    const uint8_t *quar;
    uint32_t nquar, quar_kept;
    uint64_t peak_bytes, nallocs, nreclaims;
    const uint8_t *fblocks, *gblocks;
    const uint8_t *frames;
    uint32_t nframes;
    const uint8_t *regs;
    uint64_t nregs;
    uint64_t next_serial, calls;
    const VmPartFile *files;
    uint32_t nfiles;
    /* speculation (all 0 when no level is open and nothing is replayed):
     * log VM_LOG_BYTES per entry (i32 fd, u8 SpecIoKind, 3 x 0, u64 len),
     * logbytes the bytes of its OUT and IN entries in log order */
    uint32_t spec_owner;
    uint64_t spec_next_seq;
    const VmPartLevel *levels;
    uint32_t nlevels;
    const uint8_t *log, *logbytes;
    uint64_t nlog, nlogbytes;
    const VmPartReplay *replay;
    uint32_t nreplay;
} VmParts;

/* Frames to check against the module, the limits and a table (the current
 * one, or the one a speculation level was entered with): kind and aux
 * (frame link) per index < ntab, nframe_blocks FRAME entries.  seen[ntab]
 * holds gen for the frame blocks found (gen differs between calls). */
typedef struct VmFrameCheck {
    const FirModule *mod;
    const VmOptions *opt;
    const VmFrame *frames;
    uint32_t nframes;
    uint64_t next_serial, nregs;
    const uint8_t *kind;
    const uint32_t *aux;
    uint32_t ntab, nframe_blocks;
    uint32_t *seen, gen;
    const char *where;   /* message prefix: "" or "level 2: " */
} VmFrameCheck;
int vm__check_frames(const VmFrameCheck *c, FirError *err) FIR_MUST_CHECK;

/* Checks every index, size, kind, pc, frame link and register count of the
 * parts against the module and the process's limits, then rebuilds heap,
 * code, stack and files into p (a fresh process).  On failure the module
 * stays the caller's and p can only be freed, before the module. */
int vm__restore(VmProcess *p, const VmParts *parts, FirError *err) FIR_MUST_CHECK;
/* Rebuilds the speculation state of parts into p (spec.c; vm__restore
 * calls it once heap, stack and files are rebuilt): checks every level,
 * record, snapshot and log entry; 0 or a FirError. */
int vm__spec_restore(VmProcess *p, const VmParts *parts, FirError *err) FIR_MUST_CHECK;

/* The code of a module whose blocks already exist (rebuilding a packed
 * process): function records, signatures, host bindings and pre-decoded
 * code, with function i's FUNC block at func_blocks[i] and global g's block
 * at global_blocks[g].  Takes the module on success (load.c). */
int vm__load_code(VmProcess *p, FirModule *m, const uint32_t *func_blocks,
                  const uint32_t *global_blocks, FirError *err) FIR_MUST_CHECK;
/* The migrate instruction: reads the target at guest pointer `target`, runs
 * the hook (see vm_set_migrate_hook) with register dst of the top frame set
 * to 0 and its pc advanced, and returns migrate()'s value; faults without a
 * hook or with a bad target; ends the process when the hook says it left. */
int32_t vm__migrate(VmProcess *p, uint32_t dst, uint64_t target);

#endif
