/*
 * interp.c - the interpreter: one loop, vm_run, over pre-decoded code.
 *
 * How it works
 * - Dispatch is direct threading: every VmInsn holds the address of its
 *   handler label (computed goto), so VM_NEXT is "advance, jump through the
 *   handler".  Defining VM_SWITCH_DISPATCH (or a compiler without computed
 *   goto) builds the same VM_CASE bodies as one switch instead, for
 *   debugging.  The label table is expanded from FIR_OPCODES, so a new opcode
 *   is a row in fir.h plus a VM_CASE here (a missing one does not compile).
 * - Hot state lives in locals: ip, code, the register base r, the current
 *   frame and function, and the pointer-table base and length.  SAVE_PC()
 *   stores the pc into the frame before anything that can allocate, fault,
 *   call out, speculate or migrate; RELOAD_HEAP() after anything that can
 *   allocate (the table may move).
 * - A load or store checks `index < table length` and
 *   `offset + size <= entry size` inline (freed and FUNC entries have size
 *   0); stores also compare the entry's stamp with the heap's write epoch
 *   (constant blocks never match).  Everything else goes to gc_check for the
 *   precise reason.
 * - Guest calls push a VmFrame and switch locals; they never recurse on the
 *   C stack.  Faults and exit longjmp to vm_run (fault.c).
 * - Superinstructions (VM_FUSED, VM_FUSED_INDEX in fusion.h) run two dependent
 *   instructions (four for array indexing) in one dispatch; the code array
 *   stays 1:1 with the FIR.  -DVM_PAIR_STATS counts dispatches and pairs.
 *
 * Invariants
 * - The module was verified: register numbers, types and branch targets
 *   need no run-time checks.  Registers of a new frame are zero.
 * - Between instructions the top frame's pc may be stale; whenever control
 *   leaves the loop it is exact.
 */
#include "vm/internal.h"
#include "vm/fusion.h"

#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__) && !defined(VM_SWITCH_DISPATCH)
#define VM_COMPUTED_GOTO 1
#else
#define VM_COMPUTED_GOTO 0
#endif

/* ------------------------------------------------------------ slow paths */

void vm__grow_stack(VmProcess *p, uint64_t top)
{
    if (p->nframes == p->cap_frames) {
        if (p->cap_frames >= p->opt.max_frames)
            vm__fault(p, "stack overflow (more than %u nested calls)", p->opt.max_frames);
        uint64_t cap = (uint64_t)p->cap_frames * 2;
        if (cap > p->opt.max_frames)
            cap = p->opt.max_frames;
        VmFrame *f = realloc(p->frames, cap * sizeof *f);
        if (!f)
            vm__fault(p, "out of memory for the VM stack");
        p->frames = f;
        p->cap_frames = (uint32_t)cap;
    }
    if (top > p->cap_regs) {
        if (top > p->opt.max_reg_slots)
            vm__fault(p, "stack overflow (more than %llu register slots)",
                      (unsigned long long)p->opt.max_reg_slots);
        uint64_t cap = p->cap_regs * 2;
        if (cap < top)
            cap = top;
        if (cap > p->opt.max_reg_slots)
            cap = p->opt.max_reg_slots;
        VmSlot *r = (size_t)cap == cap ? realloc(p->regs, (size_t)cap * sizeof *r) : NULL;
        if (!r)
            vm__fault(p, "out of memory for the VM stack");
        p->regs = r;
        p->cap_regs = cap;
    }
}

/* The alloc and alloca instructions (the JIT calls them too); the top
 * frame's pc is saved. */
uint64_t vm__alloc(VmProcess *p, uint64_t size)
{
    VmSlot res;
    res.u64 = (uint64_t)gc_alloc(&p->heap, GC_KIND_DATA, size) << 32;
    if (VM_UNLIKELY(spec_active(p->spec)))
        vm__spec_alloc(p, &res);
    return res.u64;
}

uint64_t vm__alloca(VmProcess *p, uint64_t size)
{
    uint32_t b = gc_alloc_frame(&p->heap, size, &p->frames[p->nframes - 1].blocks);
    if (VM_UNLIKELY(!b))
        vm__fault(p, "out of memory for a local block of %llu bytes", (unsigned long long)size);
    if (VM_UNLIKELY(spec_active(p->spec)))
        vm__spec_alloca(p, b);
    return (uint64_t)b << 32;
}

/* A store that failed the fast path: a fault, or the first store to a block
 * in this write epoch (see gc.h), which gc_store_slow completes (through
 * spec.c, which saves large blocks per page inside speculation levels). */
static uint8_t *store_slow(VmProcess *p, uint64_t ptr, uint64_t n)
{
    GcFault f;
    uint8_t *mem = vm__store_slow(p, ptr, n, &f);
    if (!mem)
        vm__access_fault(p, ptr, n, true, NULL);
    return mem;
}

static noreturn void div_fault(VmProcess *p, bool by_zero, bool rem, bool is64)
{
    if (by_zero)
        vm__fault(p, "division by zero");
    vm__fault(p, "integer overflow in %s (%s %c -1)", rem ? "remainder" : "division",
              is64 ? "-9223372036854775808" : "-2147483648", rem ? '%' : '/');
}

static noreturn void cvt_fault(VmProcess *p, double x, const char *to)
{
    vm__fault(p, "float to integer conversion out of range (%g to %s)", x, to);
}

static noreturn void bad_fptr(VmProcess *p, uint64_t fp)
{
    if (fp == 0)
        vm__fault(p, "call through a null function pointer");
    uint32_t ix = (uint32_t)(fp >> 32);
    GcKind k = gc_entry_kind(&p->heap, ix);
    if (k == GC_KIND_FUNC)
        vm__fault(p, "call through a function pointer with offset %u", (uint32_t)fp);
    if (k == GC_KIND_NONE || k == GC_KIND_DEAD)
        vm__fault(p, "call through an invalid function pointer 0x%llx",
                  (unsigned long long)fp);
    vm__fault(p, "call through a pointer to data, not to a function");
}

static void sig_text(const VmProcess *p, uint32_t sig, char *buf, size_t n)
{
    static const char *const names[] = {['v'] = "void", ['i'] = "i32", ['l'] = "i64",
                                        ['f'] = "f32", ['d'] = "f64", ['p'] = "ptr"};
    const char *s = p->sigs[sig];
    size_t len = (size_t)snprintf(buf, n, "(");
    for (size_t i = 1; s[i] && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", i > 1 ? ", " : "",
                                names[(unsigned char)s[i]]);
    if (len < n)
        snprintf(buf + len, n - len, ") -> %s", names[(unsigned char)s[0]]);
}

/* The callee's signature differs from the call site's: fine only if the
 * site ignores the result and the parameters match. */
static void check_sig(VmProcess *p, const VmInsn *ip, uint32_t callee)
{
    uint32_t site = (uint32_t)((uint64_t)ip->imm >> 32);
    const char *want = p->sigs[site], *have = p->sigs[p->funcs[callee].sig];
    if (ip->a == FIR_NOREG && strcmp(want + 1, have + 1) == 0)
        return;
    char a[256], b[256];
    sig_text(p, p->funcs[callee].sig, a, sizeof a);
    sig_text(p, site, b, sizeof b);
    vm__fault(p, "call through a function pointer of the wrong type: '%s' has type %s, "
              "called as %s", p->funcs[callee].fir->name, a, b);
}

static uint32_t switch_search(const VmSwitch *sw, int64_t v)
{
    const FirSwitchCase *c = sw->fir->cases;
    uint32_t lo = 0, hi = sw->fir->ncases;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c[mid].value < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sw->fir->ncases && c[lo].value == v ? c[lo].target : sw->def;
}

/* Unwinds to the frame saved in jmp_buf jb (frame depth, serial, pc of the
 * setjmp), releasing the frame blocks of the frames it pops. */
static void do_longjmp(VmProcess *p, const uint64_t jb[3])
{
    uint64_t depth = jb[0];
    if (depth >= p->nframes || p->frames[depth].serial != jb[1])
        vm__fault(p, "longjmp to a function that has returned");
    const FirFunc *f = p->funcs[p->frames[depth].func].fir;
    if (jb[2] >= f->ncode || f->code[jb[2]].op != FIR_OP_setjmp)
        vm__fault(p, "longjmp with a corrupted jmp_buf");
    while (p->nframes > depth + 1) {
        VmFrame *fr = &p->frames[p->nframes - 1];
        uint32_t blocks = fr->blocks;
        fr->blocks = 0;
        p->nframes--;
        vm__release_frame(p, blocks);
    }
    p->frames[depth].pc = (uint32_t)jb[2];
}

/* Float to integer conversions fault when the truncated value does not fit
 * (NaN included): the comparisons below are false for NaN. */
static inline bool fits_s32(double x) { return x > -2147483649.0 && x < 2147483648.0; }
static inline bool fits_u32(double x) { return x > -1.0 && x < 4294967296.0; }
static inline bool fits_s64(double x)
{
    return x >= -9223372036854775808.0 && x < 9223372036854775808.0;
}
static inline bool fits_u64(double x) { return x > -1.0 && x < 18446744073709551616.0; }

static inline uint64_t f64_bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline double f64_of(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* ------------------------------------------------------------ the loop */

#define RA (r[ip->a])
#define RB (r[ip->b])
#define RC (r[ip->c])
#define IMM (ip->imm)

#define SAVE_PC() (fr->pc = (uint32_t)(ip - code))
#define RELOAD_HEAP() (tab = p->heap.tab, tlen = p->heap.len, stamp = p->heap.stamp)

#if VM_COMPUTED_GOTO
#define VM_CASE(name) L_##name:
#define VM_XCASE(name) L_##name:
#define DISPATCH() goto *ip->handler
#else
#define VM_CASE(name) case FIR_OP_##name:
#define VM_XCASE(name) case VM_OP_##name:
#define DISPATCH() goto dispatch
#endif
#ifdef VM_PAIR_STATS
#undef DISPATCH
#if VM_COMPUTED_GOTO
#define DISPATCH() do { STATS_COUNT(); goto *ip->handler; } while (0)
#else
#define DISPATCH() do { STATS_COUNT(); goto dispatch; } while (0)
#endif
#endif
#define VM_NEXT() do { ip++; DISPATCH(); } while (0)
#define VM_JUMP(t) do { ip = code + (t); DISPATCH(); } while (0)

/* 32-bit values are kept zero-extended in their slots. */
#define SET32(slot, v) ((slot).u64 = (uint32_t)(v))
#define SET64(slot, v) ((slot).u64 = (uint64_t)(v))
#define SETF32(slot, v) do { VmSlot t_; t_.u64 = 0; t_.f32 = (v); (slot) = t_; } while (0)
#define SETF64(slot, v) ((slot).f64 = (v))

/* mem = host address of n bytes at pointer value v + off, or fault. */
#define LOAD_ADDR(preg, off, n) LOAD_ADDR_V(r[preg].u64, off, n)
#define STORE_ADDR(preg, off, n) STORE_ADDR_V(r[preg].u64, off, n)
#define LOAD_ADDR_V(v, off, n)                                                         \
    do {                                                                               \
        pv = (v);                                                                      \
        ix = (uint32_t)(pv >> 32);                                                     \
        of = (uint32_t)(pv + (uint64_t)(off));                                         \
        if (VM_UNLIKELY(ix >= tlen || (uint64_t)of + (n) > tab[ix].size)) {            \
            SAVE_PC();                                                                 \
            vm__access_fault(p, ((uint64_t)ix << 32) | of, (n), false, NULL);         \
        }                                                                              \
        mem = tab[ix].data + of;                                                       \
    } while (0)

#define STORE_ADDR_V(v, off, n)                                                        \
    do {                                                                               \
        pv = (v);                                                                      \
        ix = (uint32_t)(pv >> 32);                                                     \
        of = (uint32_t)(pv + (uint64_t)(off));                                         \
        if (VM_UNLIKELY(ix >= tlen || (uint64_t)of + (n) > tab[ix].size ||             \
                        tab[ix].stamp != stamp)) {                                     \
            SAVE_PC();                                                                 \
            mem = store_slow(p, ((uint64_t)ix << 32) | of, (n));                       \
            RELOAD_HEAP();                                                             \
        } else {                                                                       \
            mem = tab[ix].data + of;                                                   \
        }                                                                              \
    } while (0)

/* The integer opcodes of FIR_INT_BINOPS, for one width. */
#define VM_INT_OPS(T, UT, ST, FU, FS, SET, BITS, SMIN, IS64)                              \
    VM_CASE(add_##T) { SET(RA, (UT)(RB.FU + RC.FU)); VM_NEXT(); }                       \
    VM_CASE(sub_##T) { SET(RA, (UT)(RB.FU - RC.FU)); VM_NEXT(); }                       \
    VM_CASE(mul_##T) { SET(RA, (UT)(RB.FU * RC.FU)); VM_NEXT(); }                       \
    VM_CASE(divs_##T) {                                                                 \
        ST b_ = RB.FS, c_ = RC.FS;                                                      \
        if (VM_UNLIKELY(c_ == 0 || (c_ == -1 && b_ == SMIN))) {                         \
            SAVE_PC();                                                                  \
            div_fault(p, c_ == 0, false, IS64);                                         \
        }                                                                               \
        SET(RA, (UT)(b_ / c_));                                                         \
        VM_NEXT();                                                                      \
    }                                                                                   \
    VM_CASE(divu_##T) {                                                                 \
        if (VM_UNLIKELY(RC.FU == 0)) {                                                  \
            SAVE_PC();                                                                  \
            div_fault(p, true, false, IS64);                                            \
        }                                                                               \
        SET(RA, RB.FU / RC.FU);                                                         \
        VM_NEXT();                                                                      \
    }                                                                                   \
    VM_CASE(rems_##T) {                                                                 \
        ST b_ = RB.FS, c_ = RC.FS;                                                      \
        if (VM_UNLIKELY(c_ == 0 || (c_ == -1 && b_ == SMIN))) {                         \
            SAVE_PC();                                                                  \
            div_fault(p, c_ == 0, true, IS64);                                          \
        }                                                                               \
        SET(RA, (UT)(b_ % c_));                                                         \
        VM_NEXT();                                                                      \
    }                                                                                   \
    VM_CASE(remu_##T) {                                                                 \
        if (VM_UNLIKELY(RC.FU == 0)) {                                                  \
            SAVE_PC();                                                                  \
            div_fault(p, true, true, IS64);                                             \
        }                                                                               \
        SET(RA, RB.FU % RC.FU);                                                         \
        VM_NEXT();                                                                      \
    }                                                                                   \
    VM_CASE(and_##T) { SET(RA, RB.FU & RC.FU); VM_NEXT(); }                             \
    VM_CASE(or_##T) { SET(RA, RB.FU | RC.FU); VM_NEXT(); }                              \
    VM_CASE(xor_##T) { SET(RA, RB.FU ^ RC.FU); VM_NEXT(); }                             \
    VM_CASE(shl_##T) { SET(RA, (UT)(RB.FU << (RC.FU & (BITS - 1)))); VM_NEXT(); }       \
    VM_CASE(shrs_##T) { SET(RA, (UT)(RB.FS >> (RC.FU & (BITS - 1)))); VM_NEXT(); }      \
    VM_CASE(shru_##T) { SET(RA, RB.FU >> (RC.FU & (BITS - 1))); VM_NEXT(); }            \
    VM_CASE(addi_##T) { SET(RA, (UT)(RB.FU + (UT)IMM)); VM_NEXT(); }                    \
    VM_CASE(muli_##T) { SET(RA, (UT)(RB.FU * (UT)IMM)); VM_NEXT(); }                    \
    VM_CASE(andi_##T) { SET(RA, RB.FU & (UT)IMM); VM_NEXT(); }                          \
    VM_CASE(shli_##T) { SET(RA, (UT)(RB.FU << (IMM & (BITS - 1)))); VM_NEXT(); }        \
    VM_CASE(shrsi_##T) { SET(RA, (UT)(RB.FS >> (IMM & (BITS - 1)))); VM_NEXT(); }       \
    VM_CASE(shrui_##T) { SET(RA, RB.FU >> (IMM & (BITS - 1))); VM_NEXT(); }             \
    VM_CASE(neg_##T) { SET(RA, (UT)(0 - RB.FU)); VM_NEXT(); }                           \
    VM_CASE(not_##T) { SET(RA, (UT)~RB.FU); VM_NEXT(); }                                \
    VM_CASE(eq_##T) { SET32(RA, RB.FU == RC.FU); VM_NEXT(); }                           \
    VM_CASE(ne_##T) { SET32(RA, RB.FU != RC.FU); VM_NEXT(); }                           \
    VM_CASE(lts_##T) { SET32(RA, RB.FS < RC.FS); VM_NEXT(); }                           \
    VM_CASE(les_##T) { SET32(RA, RB.FS <= RC.FS); VM_NEXT(); }                          \
    VM_CASE(ltu_##T) { SET32(RA, RB.FU < RC.FU); VM_NEXT(); }                           \
    VM_CASE(leu_##T) { SET32(RA, RB.FU <= RC.FU); VM_NEXT(); }                          \
    VM_CASE(beq_##T) { if (RA.FU == RB.FU) VM_JUMP(IMM); VM_NEXT(); }                   \
    VM_CASE(bne_##T) { if (RA.FU != RB.FU) VM_JUMP(IMM); VM_NEXT(); }                   \
    VM_CASE(blts_##T) { if (RA.FS < RB.FS) VM_JUMP(IMM); VM_NEXT(); }                   \
    VM_CASE(bles_##T) { if (RA.FS <= RB.FS) VM_JUMP(IMM); VM_NEXT(); }                  \
    VM_CASE(bltu_##T) { if (RA.FU < RB.FU) VM_JUMP(IMM); VM_NEXT(); }                   \
    VM_CASE(bleu_##T) { if (RA.FU <= RB.FU) VM_JUMP(IMM); VM_NEXT(); }

#define VM_FLOAT_OPS(T, F, SET)                                                         \
    VM_CASE(add_##T) { SET(RA, RB.F + RC.F); VM_NEXT(); }                               \
    VM_CASE(sub_##T) { SET(RA, RB.F - RC.F); VM_NEXT(); }                               \
    VM_CASE(mul_##T) { SET(RA, RB.F * RC.F); VM_NEXT(); }                               \
    VM_CASE(div_##T) { SET(RA, RB.F / RC.F); VM_NEXT(); }                               \
    VM_CASE(neg_##T) { SET(RA, -RB.F); VM_NEXT(); }                                     \
    VM_CASE(eq_##T) { SET32(RA, RB.F == RC.F); VM_NEXT(); }                             \
    VM_CASE(ne_##T) { SET32(RA, RB.F != RC.F); VM_NEXT(); }                             \
    VM_CASE(lt_##T) { SET32(RA, RB.F < RC.F); VM_NEXT(); }                              \
    VM_CASE(le_##T) { SET32(RA, RB.F <= RC.F); VM_NEXT(); }                             \
    VM_CASE(blt_##T) { if (RA.F < RB.F) VM_JUMP(IMM); VM_NEXT(); }                      \
    VM_CASE(ble_##T) { if (RA.F <= RB.F) VM_JUMP(IMM); VM_NEXT(); }

/* Float to integer: x is the source as a double (exact for f32 too). */
#define VM_CVT_TO_INT(name, F, FITS, CT, SET, TONAME)                                   \
    VM_CASE(name) {                                                                     \
        double x_ = RB.F;                                                               \
        if (VM_UNLIKELY(!FITS(x_))) {                                                   \
            SAVE_PC();                                                                  \
            cvt_fault(p, x_, TONAME);                                                   \
        }                                                                               \
        SET(RA, (CT)RB.F);                                                              \
        VM_NEXT();                                                                      \
    }

#define VM_LOAD(name, n, CT, SET)                                                       \
    VM_CASE(name) {                                                                     \
        CT v_;                                                                          \
        LOAD_ADDR(ip->b, IMM, n);                                                       \
        memcpy(&v_, mem, n);                                                            \
        SET(RA, v_);                                                                    \
        VM_NEXT();                                                                      \
    }

#define VM_STORE(name, n, CT, F)                                                        \
    VM_CASE(name) {                                                                     \
        CT v_ = (CT)RB.F;                                                               \
        STORE_ADDR(ip->a, IMM, n);                                                      \
        memcpy(mem, &v_, n);                                                            \
        VM_NEXT();                                                                      \
    }

/*
 * Counting build (-DVM_PAIR_STATS): every dispatch counts its handler, the
 * pair (previous handler, this one) and its function; vm_run prints the top
 * entries to stderr at the end.  For choosing superinstructions only: it
 * uses file-level counters, so it is not for processes running in parallel.
 */
#ifdef VM_PAIR_STATS
static uint64_t stat_ops[VM_NHANDLERS];
static uint64_t stat_pairs[VM_NHANDLERS][VM_NHANDLERS];
static uint64_t stat_funcs[1u << 16];
static uint16_t stat_prev;
#define STATS_COUNT()                                                   \
    do {                                                                \
        stat_ops[ip->op]++;                                             \
        stat_pairs[stat_prev][ip->op]++;                                \
        stat_prev = ip->op;                                             \
        stat_funcs[(size_t)(fn - p->funcs) & 0xFFFF]++;                 \
    } while (0)

static const char *stat_name(uint32_t op)
{
    static const char *const fused[] = {
#define VM_FUSED_NAME(x, y, via) #x "+" #y,
        VM_FUSED(VM_FUSED_NAME)
#undef VM_FUSED_NAME
#define VM_INDEX_NAME(e, acc, via) "index:" #e "+muli+ptradd+" #acc,
        VM_FUSED_INDEX(VM_INDEX_NAME)
#undef VM_INDEX_NAME
    };
    return op < FIR_NOPS ? fir_op_info[op].name : fused[op - FIR_NOPS];
}

/* Index of the largest of n counters not yet taken (taken[i] set after). */
static size_t stat_top(const uint64_t *c, size_t n, bool *taken)
{
    size_t best = n;
    for (size_t i = 0; i < n; i++)
        if (!taken[i] && c[i] && (best == n || c[i] > c[best]))
            best = i;
    if (best < n)
        taken[best] = true;
    return best;
}

static void stats_print(const VmProcess *p)
{
    static bool taken[VM_NHANDLERS * VM_NHANDLERS];
    uint64_t total = 0;
    for (size_t i = 0; i < VM_NHANDLERS; i++)
        total += stat_ops[i];
    fprintf(stderr, "vm stats: %llu dispatches\n", (unsigned long long)total);
    memset(taken, 0, sizeof taken);
    for (int k = 0; k < 40; k++) {
        size_t i = stat_top(stat_ops, VM_NHANDLERS, taken);
        if (i == VM_NHANDLERS)
            break;
        fprintf(stderr, "  op   %12llu %5.2f%%  %s\n", (unsigned long long)stat_ops[i],
                100.0 * (double)stat_ops[i] / (double)total, stat_name((uint32_t)i));
    }
    memset(taken, 0, sizeof taken);
    for (int k = 0; k < 60; k++) {
        size_t i = stat_top(&stat_pairs[0][0], VM_NHANDLERS * VM_NHANDLERS, taken);
        if (i == VM_NHANDLERS * VM_NHANDLERS)
            break;
        fprintf(stderr, "  pair %12llu %5.2f%%  %s ; %s\n",
                (unsigned long long)stat_pairs[0][i],
                100.0 * (double)stat_pairs[0][i] / (double)total,
                stat_name((uint32_t)(i / VM_NHANDLERS)), stat_name((uint32_t)(i % VM_NHANDLERS)));
    }
    memset(taken, 0, sizeof taken);
    for (int k = 0; k < 15; k++) {
        size_t i = stat_top(stat_funcs, p->nfuncs < 65536 ? p->nfuncs : 65536, taken);
        if (i >= p->nfuncs || i >= 65536)
            break;
        fprintf(stderr, "  func %12llu %5.2f%%  %s\n", (unsigned long long)stat_funcs[i],
                100.0 * (double)stat_funcs[i] / (double)total, p->funcs[i].fir->name);
    }
}
#endif

/* The loop.  Calls zero the callee's registers with an inline loop: most
 * functions have a few, and a memset call costs more than the stores.  The
 * loop writes whole groups of slots, so the fast path keeps VM_ZERO_SLACK
 * slots free past the callee's registers. */
#define VM_ZERO_SLACK 8
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif
static void run_loop(VmProcess *p, const void *const **table)
{
#if VM_COMPUTED_GOTO
    static const void *const labels[VM_NHANDLERS] = {
#define VM_LABEL(name, text, fmt, td, t1, t2, flags, sem) [FIR_OP_##name] = &&L_##name,
        FIR_OPCODES(VM_LABEL)
#undef VM_LABEL
#define VM_FUSED_LABEL(x, y, via) [VM_OP_##x##__##y##__##via] = &&L_##x##__##y##__##via,
        VM_FUSED(VM_FUSED_LABEL)
#undef VM_FUSED_LABEL
#define VM_INDEX_LABEL(e, acc, via) [VM_OP_ix_##e##__##acc] = &&L_ix_##e##__##acc,
        VM_FUSED_INDEX(VM_INDEX_LABEL)
#undef VM_INDEX_LABEL
        [VM_OP_debug_trap] = &&L_debug_trap,
        [VM_OP_jit_enter] = &&L_jit_enter,
        [VM_OP_jit_count] = &&L_jit_count,
    };
#else
    static const void *const labels[VM_NHANDLERS];
#endif
    if (table) {
        *table = labels;
        return;
    }

    VmFrame *fr = &p->frames[p->nframes - 1];
    const VmFunc *fn = &p->funcs[fr->func];
    const VmInsn *code = fn->code;
    const VmInsn *ip = code + fr->pc;
    VmSlot *r = p->regs + fr->base;
    GcEntry *tab = p->heap.tab;
    uint32_t tlen = p->heap.len;
    uint32_t stamp = p->heap.stamp;
    uint64_t pv;
    uint32_t ix, of;
    uint8_t *mem;
    uint32_t callee, nargs;
    VmSlot retv;

#if VM_COMPUTED_GOTO
    DISPATCH();
#else
    int dop_;
dispatch:
    dop_ = ip->op;
redispatch:
    switch (dop_) {
#endif

    /* -------------------------------------------------------- misc */
    VM_CASE(nop) { VM_NEXT(); }
    VM_CASE(trap) {
        SAVE_PC();
        vm__fault(p, "trap: unreachable code reached");
    }

    /* ------------------------------------------- constants and moves */
    VM_CASE(const_i32) { SET32(RA, IMM); VM_NEXT(); }
    VM_CASE(const_i64) { SET64(RA, IMM); VM_NEXT(); }
    VM_CASE(const_f32) { SET32(RA, IMM); VM_NEXT(); } /* imm holds the IEEE bits */
    VM_CASE(const_f64) { SET64(RA, IMM); VM_NEXT(); }
    VM_CASE(const_ptr) { SET64(RA, IMM); VM_NEXT(); }
    VM_CASE(mov_i32) { RA = RB; VM_NEXT(); }
    VM_CASE(mov_i64) { RA = RB; VM_NEXT(); }
    VM_CASE(mov_f32) { RA = RB; VM_NEXT(); }
    VM_CASE(mov_f64) { RA = RB; VM_NEXT(); }
    VM_CASE(mov_ptr) { RA = RB; VM_NEXT(); }

    /* ---------------------------------------------------- arithmetic */
    VM_INT_OPS(i32, uint32_t, int32_t, u32, i32, SET32, 32, INT32_MIN, false)
    VM_INT_OPS(i64, uint64_t, int64_t, u64, i64, SET64, 64, INT64_MIN, true)
    VM_FLOAT_OPS(f32, f32, SETF32)
    VM_FLOAT_OPS(f64, f64, SETF64)

    /* --------------------------------------------------- conversions */
    VM_CASE(sext_i32_i64) { SET64(RA, (int64_t)RB.i32); VM_NEXT(); }
    VM_CASE(zext_i32_i64) { SET64(RA, RB.u32); VM_NEXT(); }
    VM_CASE(trunc_i64_i32) { SET32(RA, RB.u64); VM_NEXT(); }
    VM_CASE(sext8_i32) { SET32(RA, (int32_t)(int8_t)RB.u32); VM_NEXT(); }
    VM_CASE(sext16_i32) { SET32(RA, (int32_t)(int16_t)RB.u32); VM_NEXT(); }
    VM_CASE(zext8_i32) { SET32(RA, (uint8_t)RB.u32); VM_NEXT(); }
    VM_CASE(zext16_i32) { SET32(RA, (uint16_t)RB.u32); VM_NEXT(); }
    VM_CASE(cvts_i32_f32) { SETF32(RA, (float)RB.i32); VM_NEXT(); }
    VM_CASE(cvtu_i32_f32) { SETF32(RA, (float)RB.u32); VM_NEXT(); }
    VM_CASE(cvts_i64_f32) { SETF32(RA, (float)RB.i64); VM_NEXT(); }
    VM_CASE(cvtu_i64_f32) { SETF32(RA, (float)RB.u64); VM_NEXT(); }
    VM_CASE(cvts_i32_f64) { SETF64(RA, (double)RB.i32); VM_NEXT(); }
    VM_CASE(cvtu_i32_f64) { SETF64(RA, (double)RB.u32); VM_NEXT(); }
    VM_CASE(cvts_i64_f64) { SETF64(RA, (double)RB.i64); VM_NEXT(); }
    VM_CASE(cvtu_i64_f64) { SETF64(RA, (double)RB.u64); VM_NEXT(); }
    VM_CVT_TO_INT(cvts_f32_i32, f32, fits_s32, int32_t, SET32, "i32")
    VM_CVT_TO_INT(cvtu_f32_i32, f32, fits_u32, uint32_t, SET32, "u32")
    VM_CVT_TO_INT(cvts_f32_i64, f32, fits_s64, int64_t, SET64, "i64")
    VM_CVT_TO_INT(cvtu_f32_i64, f32, fits_u64, uint64_t, SET64, "u64")
    VM_CVT_TO_INT(cvts_f64_i32, f64, fits_s32, int32_t, SET32, "i32")
    VM_CVT_TO_INT(cvtu_f64_i32, f64, fits_u32, uint32_t, SET32, "u32")
    VM_CVT_TO_INT(cvts_f64_i64, f64, fits_s64, int64_t, SET64, "i64")
    VM_CVT_TO_INT(cvtu_f64_i64, f64, fits_u64, uint64_t, SET64, "u64")
    VM_CASE(cvt_f32_f64) { SETF64(RA, (double)RB.f32); VM_NEXT(); }
    VM_CASE(cvt_f64_f32) { SETF32(RA, (float)RB.f64); VM_NEXT(); }
    VM_CASE(bits_f32_i32) { SET32(RA, RB.u32); VM_NEXT(); }
    VM_CASE(bits_i32_f32) { SET32(RA, RB.u32); VM_NEXT(); }
    VM_CASE(bits_f64_i64) { RA = RB; VM_NEXT(); }
    VM_CASE(bits_i64_f64) { RA = RB; VM_NEXT(); }

    /* ------------------------------------------------------ pointers */
    VM_CASE(ptr_to_i64) { RA = RB; VM_NEXT(); }
    VM_CASE(i64_to_ptr) { RA = RB; VM_NEXT(); }
    VM_CASE(ptradd) {
        pv = RB.u64;
        SET64(RA, (pv & 0xFFFFFFFF00000000u) | (uint32_t)(pv + RC.u64));
        VM_NEXT();
    }
    VM_CASE(ptraddi) {
        pv = RB.u64;
        SET64(RA, (pv & 0xFFFFFFFF00000000u) | (uint32_t)(pv + (uint64_t)IMM));
        VM_NEXT();
    }
    VM_CASE(eq_ptr) { SET32(RA, RB.u64 == RC.u64); VM_NEXT(); }
    VM_CASE(ne_ptr) { SET32(RA, RB.u64 != RC.u64); VM_NEXT(); }
    VM_CASE(lt_ptr) { SET32(RA, RB.u64 < RC.u64); VM_NEXT(); }
    VM_CASE(le_ptr) { SET32(RA, RB.u64 <= RC.u64); VM_NEXT(); }
    /* pre-decoding turns these into const.i64 of the block pointer */
    VM_CASE(gaddr) { SET64(RA, (uint64_t)p->globals[ip->b] << 32); VM_NEXT(); }
    VM_CASE(faddr) { SET64(RA, (uint64_t)p->funcs[ip->b].block << 32); VM_NEXT(); }

    /* -------------------------------------------------------- memory */
    VM_LOAD(load_i8s, 1, int8_t, SET32)
    VM_LOAD(load_i8u, 1, uint8_t, SET32)
    VM_LOAD(load_i16s, 2, int16_t, SET32)
    VM_LOAD(load_i16u, 2, uint16_t, SET32)
    VM_LOAD(load_i32, 4, uint32_t, SET32)
    VM_LOAD(load_i64, 8, uint64_t, SET64)
    VM_LOAD(load_f32, 4, uint32_t, SET32)
    VM_LOAD(load_f64, 8, uint64_t, SET64)
    VM_LOAD(load_ptr, 8, uint64_t, SET64)
    VM_STORE(store_i8, 1, uint8_t, u32)
    VM_STORE(store_i16, 2, uint16_t, u32)
    VM_STORE(store_i32, 4, uint32_t, u32)
    VM_STORE(store_i64, 8, uint64_t, u64)
    VM_STORE(store_f32, 4, uint32_t, u32)
    VM_STORE(store_f64, 8, uint64_t, u64)
    VM_STORE(store_ptr, 8, uint64_t, u64)

    /* -------------------------------------------------------- blocks */
    VM_CASE(alloc) {
        SAVE_PC();
        SET64(RA, vm__alloc(p, RB.u64));
        RELOAD_HEAP();
        VM_NEXT();
    }
    VM_CASE(alloca) {
        SAVE_PC();
        SET64(RA, vm__alloca(p, RB.u64));
        RELOAD_HEAP();
        VM_NEXT();
    }
    VM_CASE(free) {
        SAVE_PC();
        vm__free(p, RA.u64); /* faults with the reason; deferred inside levels */
        VM_NEXT();
    }
    VM_CASE(blocksize) {
        pv = RB.u64;
        ix = (uint32_t)(pv >> 32);
        if (pv == 0) {
            SET64(RA, 0);
        } else if (VM_LIKELY(ix < tlen && gc_data(&p->heap, ix))) {
            SET64(RA, tab[ix].size);
        } else {
            SAVE_PC();
            GcFault f_ = gc_check(&p->heap, pv, 0, false);
            vm__fault(p, "blocksize: %s", gc_fault_name(f_));
        }
        VM_NEXT();
    }

    /* ------------------------------------------------------- control */
    VM_CASE(jmp) { VM_JUMP(IMM); }
    VM_CASE(br) { if (RA.u32) VM_JUMP(IMM); VM_NEXT(); }
    VM_CASE(brz) { if (!RA.u32) VM_JUMP(IMM); VM_NEXT(); }
    VM_CASE(switch) {
        const VmSwitch *sw = &fn->switches[ip->b];
        int64_t v_ = sw->is32 ? (int64_t)RA.i32 : RA.i64;
        if (sw->dense) {
            uint64_t k_ = (uint64_t)v_ - (uint64_t)sw->min;
            VM_JUMP(k_ < sw->ntable ? sw->table[k_] : sw->def);
        }
        VM_JUMP(switch_search(sw, v_));
    }
    VM_CASE(call) {
        callee = ip->b;
        nargs = (uint32_t)IMM;
        goto do_call;
    }
    VM_CASE(call_ind) {
        SAVE_PC();
        pv = RB.u64;
        ix = (uint32_t)(pv >> 32);
        if (VM_UNLIKELY(ix >= tlen || tab[ix].kind != GC_KIND_FUNC || (uint32_t)pv != 0))
            bad_fptr(p, pv);
        callee = tab[ix].aux;
        if (VM_UNLIKELY(p->funcs[callee].sig != (uint32_t)((uint64_t)IMM >> 32)))
            check_sig(p, ip, callee);
        nargs = (uint32_t)IMM;
        goto do_call;
    }
    VM_CASE(hcall) {
        SAVE_PC();
        VmSlot av_[8];
        const uint32_t *args_ = fn->args + ip->c;
        for (uint32_t i = 0; i < (uint32_t)IMM; i++)
            av_[i] = r[args_[i]];
        VmSlot res_ = p->hosts[ip->b](p, av_);
        if (ip->a != FIR_NOREG)
            RA = res_;
        VM_NEXT();
    }
    VM_CASE(ret) {
        retv = RA;
        goto do_ret;
    }
    VM_CASE(ret_void) {
        retv.u64 = 0;
        goto do_ret;
    }

    /* ---------------------------------------------- non-local jumps */
    VM_CASE(setjmp) {
        uint64_t jb_[3] = {p->nframes - 1, fr->serial, (uint64_t)(ip - code)};
        STORE_ADDR(ip->b, 0, FIR_JMPBUF_SIZE);
        memcpy(mem, jb_, sizeof jb_);
        SET32(RA, 0);
        VM_NEXT();
    }
    VM_CASE(longjmp) {
        uint64_t jb_[3];
        int32_t val_ = RB.i32;
        LOAD_ADDR(ip->a, 0, FIR_JMPBUF_SIZE);
        memcpy(jb_, mem, sizeof jb_);
        SAVE_PC();
        do_longjmp(p, jb_);
        RELOAD_HEAP();
        fr = &p->frames[p->nframes - 1];
        fn = &p->funcs[fr->func];
        code = fn->code;
        ip = code + fr->pc;
        r = p->regs + fr->base;
        SET32(RA, val_ ? val_ : 1);
        VM_NEXT();
    }

    /* ------------------------------------- speculation and migration */
    VM_CASE(speculate) {
        SAVE_PC(); /* the snapshot resumes here: rollback continues after it */
        int32_t l_ = vm__spec_enter(p);
        RELOAD_HEAP(); /* new write epoch */
        SET32(RA, l_);
        VM_NEXT();
    }
    VM_CASE(commit) {
        SAVE_PC();
        vm__spec_commit(p, RA.i32);
        RELOAD_HEAP();
        VM_NEXT();
    }
    VM_CASE(rollback) {
        SAVE_PC();
        bool at_pc_ = vm__spec_rollback(p, RA.i32); /* the VM stack of the level's entry */
        RELOAD_HEAP();
        fr = &p->frames[p->nframes - 1];
        fn = &p->funcs[fr->func];
        code = fn->code;
        ip = code + fr->pc; /* the speculate, whose result is now 0 */
        r = p->regs + fr->base;
        if (at_pc_) /* an implicit level resumes at its entry pc itself */
            DISPATCH();
        VM_NEXT();
    }
    VM_CASE(migrate) {
        SAVE_PC();
        int32_t m_ = vm__migrate(p, ip->a, RB.u64); /* may collect: blocks move */
        RELOAD_HEAP();
        SET32(RA, m_);
        VM_NEXT();
    }

    VM_FUSED(VM_FUSED_CASE)
    VM_FUSED_INDEX(VM_INDEX_CASE)

    /* Reached only through code the debugger patched (debug.c): stop here,
     * or run the instruction's own handler once. */
    VM_XCASE(debug_trap) {
        SAVE_PC();
        int op_ = vm__debug_hit(p);
        if (op_ < 0)
            return;
#if VM_COMPUTED_GOTO
        goto *labels[op_];
#else
        dop_ = op_;
        goto redispatch;
#endif
    }

    /* Compiled code runs from this pc until an instruction it leaves to the
     * interpreter (a host call, a slow path...), which runs here by its plain
     * opcode; the next slot enters the compiled code again.  Calls between
     * compiled functions push and pop frames in compiled code, so the
     * instruction is the top frame's. */
    VM_XCASE(jit_enter) {
        uint32_t k_ = fn->native(r, p, (uint32_t)(ip - code));
        RELOAD_HEAP(); /* compiled code may allocate */
        /* compiled calls and returns may have pushed or popped frames */
        fr = &p->frames[p->nframes - 1];
        fn = &p->funcs[fr->func];
        code = fn->code;
        r = p->regs + fr->base;
        ip = code + k_;
#if VM_COMPUTED_GOTO
        goto *labels[fn->jit_ops[k_]];
#else
        dop_ = fn->jit_ops[k_];
        goto redispatch;
#endif
    }
    /* An entry or loop head of a function not compiled yet: count, compile
     * when hot (and go on in the compiled code at once), else run the plain
     * instruction. */
    VM_XCASE(jit_count) {
        uint32_t pc_ = (uint32_t)(ip - code);
        VmFunc *mf = &p->funcs[fr->func];
        if (VM_UNLIKELY(mf->code == code && --mf->jit_hot == 0)) {
            SAVE_PC();
            vm__jit_promote(p, fr->func);
        }
        if (mf->code != code) { /* compiled (now or while this frame ran) */
            fn = mf;
            code = mf->code;
            ip = code + pc_;
            DISPATCH();
        }
#if VM_COMPUTED_GOTO
        goto *labels[mf->jit_ops[pc_]];
#else
        dop_ = mf->jit_ops[pc_];
        goto redispatch;
#endif
    }

#if !VM_COMPUTED_GOTO
    default:
        SAVE_PC();
        vm__fault(p, "unknown opcode %u", (unsigned)ip->op);
    }
#endif

    /* A call: push a frame whose registers follow the caller's, copy the
     * arguments, zero the other registers, switch to the callee. */
do_call: {
    SAVE_PC();
    const VmFunc *cf = &p->funcs[callee];
    VmSlot *nr = r + fn->nregs;
    if (VM_UNLIKELY(p->nframes == p->cap_frames ||
                    nr + cf->nregs + VM_ZERO_SLACK > p->regs + p->cap_regs)) {
        uint64_t nb = (uint64_t)(nr - p->regs), top = nb + cf->nregs;
        vm__grow_stack(p, top);
        fr = &p->frames[p->nframes - 1];
        r = p->regs + fr->base;
        nr = p->regs + nb;
        if (top + VM_ZERO_SLACK > p->cap_regs) { /* at the limit: exact zeroing */
            for (uint32_t i = nargs; i < cf->nregs; i++)
                nr[i].u64 = 0;
            goto call_args;
        }
    }
    /* Zero the callee's registers: 8 slots at once (most functions need no
     * more), then 4 at a time.  Slots past its last belong to no frame; the
     * slack keeps them inside the array. */
    {
        VmSlot *z = nr + nargs, *ze = nr + cf->nregs;
        z[0].u64 = 0, z[1].u64 = 0, z[2].u64 = 0, z[3].u64 = 0;
        z[4].u64 = 0, z[5].u64 = 0, z[6].u64 = 0, z[7].u64 = 0;
        for (z += 8; z < ze; z += 4)
            z[0].u64 = 0, z[1].u64 = 0, z[2].u64 = 0, z[3].u64 = 0;
    }
call_args: {
    const uint32_t *args = fn->args + ip->c;
    for (uint32_t i = 0; i < nargs; i++)
        nr[i] = r[args[i]];
}
    VmFrame *nf = fr + 1;
    nf->func = callee;
    nf->pc = 0;
    nf->base = (uint64_t)(nr - p->regs);
    nf->dst = ip->a;
    nf->blocks = 0;
    nf->serial = p->next_serial++;
    p->nframes++;
    p->calls++;
    fr = nf;
    fn = cf;
    code = cf->code;
    ip = code;
    r = nr;
    DISPATCH();
}

    /* A return: release the frame's blocks, pop it, deliver the value. */
do_ret: {
    if (fr->blocks) {
        SAVE_PC();
        uint32_t blocks = fr->blocks;
        fr->blocks = 0;
        vm__release_frame(p, blocks);
    }
    uint32_t dst = fr->dst;
    if (VM_UNLIKELY(p->nframes == 1)) {
        p->exit_status = fn->fir->ret == FIR_I32 ? retv.i32 : 0;
        p->nframes = 0;
        p->outcome = VM_EXITED;
        p->finished = true;
        return;
    }
    p->nframes--;
    fr--;
    fn = &p->funcs[fr->func];
    code = fn->code;
    ip = code + fr->pc;
    r = p->regs + fr->base;
    if (dst != FIR_NOREG)
        r[dst] = retv;
    VM_NEXT();
}
}

uint16_t vm__debug_trap_op(void)
{
    return VM_OP_debug_trap;
}

uint16_t vm__jit_enter_op(void)
{
    return VM_OP_jit_enter;
}

uint16_t vm__jit_count_op(void)
{
    return VM_OP_jit_count;
}

void vm__run_loop(VmProcess *p)
{
    run_loop(p, NULL);
}

const void *const *vm__handlers(void)
{
    const void *const *t = NULL;
    run_loop(NULL, &t);
    return t;
}

VmOutcome vm_run(VmProcess *p)
{
    if (!p->loaded || p->finished || p->nframes == 0) {
        if (!p->finished) {
            snprintf(p->fault, sizeof p->fault, "no program is loaded");
            p->outcome = VM_FAULTED;
            p->exit_status = 134;
        }
        return p->outcome;
    }
    if (setjmp(p->exit_jmp) == 0)
        run_loop(p, NULL);
#ifdef VM_PAIR_STATS
    stats_print(p);
#endif
    vm__spec_finish(p); /* the process ended: held output is written */
    return p->outcome;
}
