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
 * - Superinstructions (VM_FUSED, VM_FUSED_INDEX, below) run two dependent
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

/* ------------------------------------------------------ fused pairs */

/*
 * Superinstructions: pre-decoding gives slot k the handler "x then y" when
 * slot k is an x, slot k + 1 a y, and y reads x's result through the
 * operand named in the table (or through none, for jmp).  The fused handler
 * keeps x's result in a machine register (t_) instead of reloading it, and
 * still writes it to x's destination.  Slot k + 1 keeps its own handler, so
 * a branch into it works, and a fault in y saves pc k + 1.  The first of a
 * pair never transfers control.  Chosen for array indexing and loop tails.
 *
 * X(x, y, operand of y that must be x's destination: a, b, c, or none)
 */
#define VM_FUSED(X)                                                                   \
    X(sext_i32_i64, shli_i64, b) X(sext_i32_i64, muli_i64, b)                        \
    X(zext_i32_i64, shli_i64, b) X(zext_i32_i64, muli_i64, b)                        \
    X(shli_i64, ptradd, c) X(muli_i64, ptradd, c)                                    \
    X(ptradd, load_i32, b) X(ptradd, load_i64, b) X(ptradd, load_ptr, b)             \
    X(ptradd, load_f64, b) X(ptradd, load_i8u, b) X(ptradd, load_i8s, b)             \
    X(ptradd, store_i32, a) X(ptradd, store_i64, a) X(ptradd, store_ptr, a)          \
    X(ptradd, store_f64, a) X(ptradd, store_i8, a)                                   \
    X(addi_i32, blts_i32, a) X(addi_i32, bltu_i32, a) X(addi_i32, bne_i32, a)        \
    X(addi_i32, jmp, none) X(addi_i64, blts_i64, a) X(addi_i64, bltu_i64, a)         \
    X(addi_i64, bne_i64, a) X(addi_i64, jmp, none)                                   \
    VM_FUSED_CONST(X, i32) VM_FUSED_CONST(X, i64)                                    \
    VM_FUSED_ADDI(X, i32) VM_FUSED_ADDI(X, i64)                                      \
    VM_FUSED_CMP_BR(X, i32) VM_FUSED_CMP_BR(X, i64)                                  \
    X(eq_ptr, br, a) X(eq_ptr, brz, a) X(ne_ptr, br, a) X(ne_ptr, brz, a)            \
    X(lt_ptr, br, a) X(lt_ptr, brz, a) X(le_ptr, br, a) X(le_ptr, brz, a)            \
    X(const_ptr, eq_ptr, c) X(const_ptr, ne_ptr, c)                                  \
    X(sext_i32_i64, add_i64, b) X(sext_i32_i64, add_i64, c)                          \
    X(zext_i32_i64, add_i64, b) X(zext_i32_i64, add_i64, c)                          \
    VM_FUSED_F64(X, mul_f64) VM_FUSED_F64(X, add_f64) VM_FUSED_F64(X, sub_f64)       \
    X(load_i8s, br, a) X(load_i8s, brz, a) X(load_i8u, br, a) X(load_i8u, brz, a)    \
    X(load_i32, br, a) X(load_i32, brz, a)                                           \
    X(load_i8s, bne_i32, a) X(load_i8s, beq_i32, a)                                  \
    X(load_i8u, bne_i32, a) X(load_i8u, beq_i32, a)                                  \
    X(load_ptr, load_i8s, b) X(load_ptr, load_i8u, b) X(load_ptr, load_i32, b)       \
    X(load_ptr, load_i64, b) X(load_ptr, load_ptr, b)

/* An addi feeding either operand of a loop branch. */
#define VM_FUSED_ADDI(X, T)                                                           \
    X(addi_##T, bles_##T, a) X(addi_##T, bleu_##T, a)                                \
    X(addi_##T, blts_##T, b) X(addi_##T, bles_##T, b) X(addi_##T, bltu_##T, b)       \
    X(addi_##T, bleu_##T, b)

/* A comparison whose result a br or brz tests. */
#define VM_FUSED_CMP_BR(X, T)                                                         \
    X(eq_##T, br, a) X(eq_##T, brz, a) X(ne_##T, br, a) X(ne_##T, brz, a)            \
    X(lts_##T, br, a) X(lts_##T, brz, a) X(les_##T, br, a) X(les_##T, brz, a)        \
    X(ltu_##T, br, a) X(ltu_##T, brz, a) X(leu_##T, br, a) X(leu_##T, brz, a)

/* Floating point chains: x's result as either operand of add, sub or mul. */
#define VM_FUSED_F64(X, x)                                                            \
    X(x, add_f64, b) X(x, add_f64, c) X(x, sub_f64, b) X(x, sub_f64, c)              \
    X(x, mul_f64, b) X(x, mul_f64, c)

/* A constant feeding the second operand of a binary op, or a branch operand. */
#define VM_FUSED_CONST(X, T)                                                          \
    X(const_##T, add_##T, c) X(const_##T, sub_##T, c) X(const_##T, mul_##T, c)       \
    X(const_##T, and_##T, c) X(const_##T, or_##T, c) X(const_##T, xor_##T, c)        \
    X(const_##T, divu_##T, c) X(const_##T, remu_##T, c)                              \
    X(const_##T, eq_##T, c) X(const_##T, ne_##T, c) X(const_##T, lts_##T, c)         \
    X(const_##T, les_##T, c) X(const_##T, ltu_##T, c) X(const_##T, leu_##T, c)       \
    X(const_##T, beq_##T, b) X(const_##T, bne_##T, b) X(const_##T, blts_##T, b)      \
    X(const_##T, bles_##T, b) X(const_##T, bltu_##T, b) X(const_##T, bleu_##T, b)      \
    X(const_##T, blts_##T, a) X(const_##T, bles_##T, a) X(const_##T, bltu_##T, a)      \
    X(const_##T, bleu_##T, a)

/*
 * Array indexing in one dispatch: "t = ext i; u = muli t, S; q = ptradd b,
 * u" and the load or store through q (or none: the three alone).  Every
 * intermediate register is still written; slots k + 1 .. k + 3 keep their
 * own handlers, and the access saves pc k + 3 when it faults.  (vm__fuse
 * turns shli.i64 into muli.i64 first.)
 *
 * X(ext, access, operand of the access that is q: a for stores, b for loads)
 */
#define VM_FUSED_INDEX(X)   \
    VM_FUSED_INDEX_EXT(X, sext_i32_i64) VM_FUSED_INDEX_EXT(X, zext_i32_i64)
#define VM_FUSED_INDEX_EXT(X, e)                                                      \
    X(e, none, none) X(e, load_i8s, b) X(e, load_i8u, b) X(e, load_i16s, b)          \
    X(e, load_i16u, b) X(e, load_i32, b) X(e, load_i64, b) X(e, load_f32, b)         \
    X(e, load_f64, b) X(e, load_ptr, b) X(e, store_i8, a) X(e, store_i16, a)         \
    X(e, store_i32, a) X(e, store_i64, a) X(e, store_f32, a) X(e, store_f64, a)      \
    X(e, store_ptr, a)

enum {
    VM_FUSED_BASE = FIR_NOPS - 1,
#define VM_FUSED_ENUM(x, y, via) VM_OP_##x##__##y##__##via,
    VM_FUSED(VM_FUSED_ENUM)
#undef VM_FUSED_ENUM
#define VM_INDEX_ENUM(e, acc, via) VM_OP_ix_##e##__##acc,
    VM_FUSED_INDEX(VM_INDEX_ENUM)
#undef VM_INDEX_ENUM
    VM_OP_debug_trap, /* debugger stop point (debug.c); never on the normal path */
    VM_OP_jit_enter,  /* run the function's compiled code from here (jit.c) */
    VM_OP_jit_count,  /* a function entry or loop head counting towards compilation */
    VM_NHANDLERS
};

enum { VIA_none, VIA_a, VIA_b, VIA_c };

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

static const uint16_t fused_pairs[][4] = {
#define VM_FUSED_ROW(x, y, via) {FIR_OP_##x, FIR_OP_##y, VM_OP_##x##__##y##__##via, VIA_##via},
    VM_FUSED(VM_FUSED_ROW)
#undef VM_FUSED_ROW
};

/* The access opcode of each index handler (FIR_NOPS for none). */
#define FIR_OP_none FIR_NOPS
static const uint16_t index_access[] = {
#define VM_INDEX_ACC(e, acc, via) FIR_OP_##acc,
    VM_FUSED_INDEX(VM_INDEX_ACC)
#undef VM_INDEX_ACC
};
#undef FIR_OP_none

static const uint16_t index_rows[][3] = {
#define VM_INDEX_ROW(e, acc, via) {FIR_OP_##e, VM_OP_ix_##e##__##acc, VIA_##via},
    VM_FUSED_INDEX(VM_INDEX_ROW)
#undef VM_INDEX_ROW
};

/* The array-indexing handler for the m >= 3 instructions at c, or -1. */
static int index_handler(const VmInsn *c, uint32_t m)
{
    if ((c[0].op != FIR_OP_sext_i32_i64 && c[0].op != FIR_OP_zext_i32_i64) ||
        c[1].op != FIR_OP_muli_i64 || c[1].b != c[0].a || c[2].op != FIR_OP_ptradd ||
        c[2].c != c[1].a)
        return -1;
    int none = -1;
    for (size_t i = 0; i < sizeof index_rows / sizeof *index_rows; i++) {
        const uint16_t *row = index_rows[i];
        if (row[0] != c[0].op)
            continue;
        if (row[2] == VIA_none) {
            none = row[1];
            continue;
        }
        /* the access is the fourth; its opcode is the name after "ix_e__" */
        if (m >= 4 && c[3].op == index_access[row[1] - VM_OP_ix_sext_i32_i64__none] &&
            (row[2] == VIA_a ? c[3].a : c[3].b) == c[2].a)
            return row[1];
    }
    return none;
}

void vm__fuse(VmInsn *code, uint32_t n)
{
#ifdef VM_NO_FUSE
    (void)code, (void)n;
    return;
#endif
    enum { NROWS = sizeof fused_pairs / sizeof *fused_pairs };
    const void *const *handlers = vm__handlers();
    uint16_t head[FIR_NOPS], next[NROWS]; /* rows by first opcode */
    for (size_t i = 0; i < FIR_NOPS; i++)
        head[i] = UINT16_MAX;
    for (size_t i = NROWS; i-- > 0;) {
        next[i] = head[fused_pairs[i][0]];
        head[fused_pairs[i][0]] = (uint16_t)i;
    }
    /* x << k is x * 2^k (mod 2^64): one scaling form for the pairs below */
    for (uint32_t k = 0; k < n; k++)
        if (code[k].op == FIR_OP_shli_i64) {
            code[k].op = FIR_OP_muli_i64;
            code[k].imm = (int64_t)((uint64_t)1 << (code[k].imm & 63));
            code[k].handler = handlers[FIR_OP_muli_i64];
        }
    for (uint32_t k = 0; k + 1 < n; k++) {
        const VmInsn *y = &code[k + 1];
        if (code[k].op >= FIR_NOPS)
            continue;
        int ix = k + 2 < n ? index_handler(code + k, n - k) : -1;
        if (ix >= 0) {
            code[k].op = (uint16_t)ix;
            code[k].handler = handlers[ix];
            continue;
        }
        for (uint16_t i = head[code[k].op]; i != UINT16_MAX; i = next[i]) {
            const uint16_t *row = fused_pairs[i];
            if (y->op != row[1])
                continue;
            uint32_t via = row[3] == VIA_a ? y->a : row[3] == VIA_b ? y->b : y->c;
            if (row[3] != VIA_none && via != code[k].a)
                continue;
            code[k].op = row[2];
            code[k].handler = handlers[row[2]];
            break;
        }
    }
}

/* Gives every fused slot back the handler of its own first instruction, so
 * each dispatch runs exactly one FIR instruction (the debugger steps so).
 * muli.i64 made from shli.i64 stays: it computes the same. */
void vm__unfuse(VmInsn *code, uint32_t n)
{
    const void *const *handlers = vm__handlers();
    for (uint32_t k = 0; k < n; k++) {
        uint16_t op = code[k].op;
        if (op < FIR_NOPS || op >= VM_OP_debug_trap)
            continue;
        for (size_t i = 0; i < sizeof fused_pairs / sizeof *fused_pairs; i++)
            if (fused_pairs[i][2] == op)
                code[k].op = fused_pairs[i][0];
        for (size_t i = 0; i < sizeof index_rows / sizeof *index_rows; i++)
            if (index_rows[i][1] == op)
                code[k].op = index_rows[i][0];
        code[k].handler = handlers[code[k].op];
    }
}

/* The result of x at ip, as a 64-bit slot value. */
#define FIRST_sext_i32_i64 t_ = ((uint64_t)(int64_t)RB.i32)
#define FIRST_zext_i32_i64 t_ = ((uint64_t)RB.u32)
#define FIRST_shli_i64 t_ = (RB.u64 << (IMM & 63))
#define FIRST_muli_i64 t_ = (RB.u64 * (uint64_t)IMM)
#define FIRST_ptradd t_ = ((RB.u64 & 0xFFFFFFFF00000000u) | (uint32_t)(RB.u64 + RC.u64))
#define FIRST_addi_i32 t_ = ((uint64_t)(uint32_t)(RB.u32 + (uint32_t)IMM))
#define FIRST_addi_i64 t_ = (RB.u64 + (uint64_t)IMM)
#define FIRST_const_i32 t_ = ((uint64_t)(uint32_t)IMM)
#define FIRST_const_i64 t_ = ((uint64_t)IMM)

#define FIRST_CMP(F, op) t_ = (uint64_t)(RB.F op RC.F)
#define FIRST_eq_i32 FIRST_CMP(u32, ==)
#define FIRST_ne_i32 FIRST_CMP(u32, !=)
#define FIRST_lts_i32 FIRST_CMP(i32, <)
#define FIRST_les_i32 FIRST_CMP(i32, <=)
#define FIRST_ltu_i32 FIRST_CMP(u32, <)
#define FIRST_leu_i32 FIRST_CMP(u32, <=)
#define FIRST_eq_i64 FIRST_CMP(u64, ==)
#define FIRST_ne_i64 FIRST_CMP(u64, !=)
#define FIRST_lts_i64 FIRST_CMP(i64, <)
#define FIRST_les_i64 FIRST_CMP(i64, <=)
#define FIRST_ltu_i64 FIRST_CMP(u64, <)
#define FIRST_leu_i64 FIRST_CMP(u64, <=)
#define FIRST_eq_ptr FIRST_CMP(u64, ==)
#define FIRST_ne_ptr FIRST_CMP(u64, !=)
#define FIRST_lt_ptr FIRST_CMP(u64, <)
#define FIRST_le_ptr FIRST_CMP(u64, <=)
#define FIRST_const_ptr t_ = ((uint64_t)IMM)
#define FIRST_mul_f64 t_ = f64_bits(RB.f64 * RC.f64)
#define FIRST_add_f64 t_ = f64_bits(RB.f64 + RC.f64)
#define FIRST_sub_f64 t_ = f64_bits(RB.f64 - RC.f64)
#define FIRST_LOAD(n, CT, ET)                                               \
    do {                                                                    \
        CT v_;                                                              \
        LOAD_ADDR(ip->b, IMM, n);                                           \
        memcpy(&v_, mem, n);                                                \
        t_ = (uint64_t)(ET)v_;                                              \
    } while (0)
#define FIRST_load_i8s FIRST_LOAD(1, int8_t, uint32_t)
#define FIRST_load_i8u FIRST_LOAD(1, uint8_t, uint32_t)
#define FIRST_load_i32 FIRST_LOAD(4, uint32_t, uint32_t)
#define FIRST_load_ptr FIRST_LOAD(8, uint64_t, uint64_t)

/* SECOND_via_y: y at ip, reading x's result from t_ in place of operand via. */
#define SECOND_a_br if ((uint32_t)t_) VM_JUMP(IMM)
#define SECOND_a_brz if (!(uint32_t)t_) VM_JUMP(IMM)
#define SECOND_a_beq_i32 if ((uint32_t)t_ == RB.u32) VM_JUMP(IMM)
#define SECOND_c_eq_ptr SECOND_CMP(u64, uint64_t, ==)
#define SECOND_c_ne_ptr SECOND_CMP(u64, uint64_t, !=)
#define SECOND_b_add_i64 SET64(RA, t_ + RC.u64)
#define SECOND_FB(op) SETF64(RA, f64_of(t_) op RC.f64)
#define SECOND_FC(op) SETF64(RA, RB.f64 op f64_of(t_))
#define SECOND_b_add_f64 SECOND_FB(+)
#define SECOND_c_add_f64 SECOND_FC(+)
#define SECOND_b_sub_f64 SECOND_FB(-)
#define SECOND_c_sub_f64 SECOND_FC(-)
#define SECOND_b_mul_f64 SECOND_FB(*)
#define SECOND_c_mul_f64 SECOND_FC(*)
#define SECOND_b_shli_i64 SET64(RA, t_ << (IMM & 63))
#define SECOND_b_muli_i64 SET64(RA, t_ * (uint64_t)IMM)
#define SECOND_c_ptradd SET64(RA, (RB.u64 & 0xFFFFFFFF00000000u) | (uint32_t)(RB.u64 + t_))
#define SECOND_LOAD(n, CT, SET)                                             \
    do {                                                                    \
        CT v_;                                                              \
        LOAD_ADDR_V(t_, IMM, n);                                            \
        memcpy(&v_, mem, n);                                                \
        SET(RA, v_);                                                        \
    } while (0)
#define SECOND_STORE(n, CT, F)                                              \
    do {                                                                    \
        CT v_ = (CT)RB.F;                                                   \
        STORE_ADDR_V(t_, IMM, n);                                           \
        memcpy(mem, &v_, n);                                                \
    } while (0)
#define SECOND_b_load_i32 SECOND_LOAD(4, uint32_t, SET32)
#define SECOND_b_load_i64 SECOND_LOAD(8, uint64_t, SET64)
#define SECOND_b_load_ptr SECOND_LOAD(8, uint64_t, SET64)
#define SECOND_b_load_f64 SECOND_LOAD(8, uint64_t, SET64)
#define SECOND_b_load_i8u SECOND_LOAD(1, uint8_t, SET32)
#define SECOND_b_load_i8s SECOND_LOAD(1, int8_t, SET32)
#define SECOND_a_store_i32 SECOND_STORE(4, uint32_t, u32)
#define SECOND_a_store_i64 SECOND_STORE(8, uint64_t, u64)
#define SECOND_a_store_ptr SECOND_STORE(8, uint64_t, u64)
#define SECOND_a_store_f64 SECOND_STORE(8, uint64_t, u64)
#define SECOND_a_store_i8 SECOND_STORE(1, uint8_t, u32)
#define SECOND_a_blts_i32 if ((int32_t)t_ < RB.i32) VM_JUMP(IMM)
#define SECOND_a_bltu_i32 if ((uint32_t)t_ < RB.u32) VM_JUMP(IMM)
#define SECOND_a_bne_i32 if ((uint32_t)t_ != RB.u32) VM_JUMP(IMM)
#define SECOND_a_blts_i64 if ((int64_t)t_ < RB.i64) VM_JUMP(IMM)
#define SECOND_a_bltu_i64 if (t_ < RB.u64) VM_JUMP(IMM)
#define SECOND_a_bne_i64 if (t_ != RB.u64) VM_JUMP(IMM)
#define SECOND_a_bles_i32 if ((int32_t)t_ <= RB.i32) VM_JUMP(IMM)
#define SECOND_a_bleu_i32 if ((uint32_t)t_ <= RB.u32) VM_JUMP(IMM)
#define SECOND_a_bles_i64 if ((int64_t)t_ <= RB.i64) VM_JUMP(IMM)
#define SECOND_a_bleu_i64 if (t_ <= RB.u64) VM_JUMP(IMM)
#define SECOND_none_jmp VM_JUMP(IMM)

/* A constant's t_ as the second source (c) of an operation or (b) of a branch. */
#define SECOND_ARITH(SET, FU, UT, op) SET(RA, (UT)(RB.FU op (UT)t_))
#define SECOND_CMP(FX, CT, op) SET32(RA, RB.FX op (CT)t_)
#define SECOND_BR(FX, CT, op) if (RA.FX op (CT)t_) VM_JUMP(IMM)
#define SECOND_DIVU(SET, FU, UT, op, IS64, REM)                                       \
    do {                                                                              \
        if (VM_UNLIKELY((UT)t_ == 0)) {                                               \
            SAVE_PC();                                                                \
            div_fault(p, true, REM, IS64);                                            \
        }                                                                             \
        SET(RA, RB.FU op (UT)t_);                                                     \
    } while (0)
#define SECOND_c_add_i32 SECOND_ARITH(SET32, u32, uint32_t, +)
#define SECOND_c_sub_i32 SECOND_ARITH(SET32, u32, uint32_t, -)
#define SECOND_c_mul_i32 SECOND_ARITH(SET32, u32, uint32_t, *)
#define SECOND_c_and_i32 SECOND_ARITH(SET32, u32, uint32_t, &)
#define SECOND_c_or_i32 SECOND_ARITH(SET32, u32, uint32_t, |)
#define SECOND_c_xor_i32 SECOND_ARITH(SET32, u32, uint32_t, ^)
#define SECOND_c_divu_i32 SECOND_DIVU(SET32, u32, uint32_t, /, false, false)
#define SECOND_c_remu_i32 SECOND_DIVU(SET32, u32, uint32_t, %, false, true)
#define SECOND_c_eq_i32 SECOND_CMP(u32, uint32_t, ==)
#define SECOND_c_ne_i32 SECOND_CMP(u32, uint32_t, !=)
#define SECOND_c_lts_i32 SECOND_CMP(i32, int32_t, <)
#define SECOND_c_les_i32 SECOND_CMP(i32, int32_t, <=)
#define SECOND_c_ltu_i32 SECOND_CMP(u32, uint32_t, <)
#define SECOND_c_leu_i32 SECOND_CMP(u32, uint32_t, <=)
#define SECOND_b_beq_i32 SECOND_BR(u32, uint32_t, ==)
#define SECOND_b_bne_i32 SECOND_BR(u32, uint32_t, !=)
#define SECOND_b_blts_i32 SECOND_BR(i32, int32_t, <)
#define SECOND_b_bles_i32 SECOND_BR(i32, int32_t, <=)
#define SECOND_b_bltu_i32 SECOND_BR(u32, uint32_t, <)
#define SECOND_b_bleu_i32 SECOND_BR(u32, uint32_t, <=)
#define SECOND_c_add_i64 SECOND_ARITH(SET64, u64, uint64_t, +)
#define SECOND_c_sub_i64 SECOND_ARITH(SET64, u64, uint64_t, -)
#define SECOND_c_mul_i64 SECOND_ARITH(SET64, u64, uint64_t, *)
#define SECOND_c_and_i64 SECOND_ARITH(SET64, u64, uint64_t, &)
#define SECOND_c_or_i64 SECOND_ARITH(SET64, u64, uint64_t, |)
#define SECOND_c_xor_i64 SECOND_ARITH(SET64, u64, uint64_t, ^)
#define SECOND_c_divu_i64 SECOND_DIVU(SET64, u64, uint64_t, /, true, false)
#define SECOND_c_remu_i64 SECOND_DIVU(SET64, u64, uint64_t, %, true, true)
#define SECOND_c_eq_i64 SECOND_CMP(u64, uint64_t, ==)
#define SECOND_c_ne_i64 SECOND_CMP(u64, uint64_t, !=)
#define SECOND_c_lts_i64 SECOND_CMP(i64, int64_t, <)
#define SECOND_c_les_i64 SECOND_CMP(i64, int64_t, <=)
#define SECOND_c_ltu_i64 SECOND_CMP(u64, uint64_t, <)
#define SECOND_c_leu_i64 SECOND_CMP(u64, uint64_t, <=)
#define SECOND_b_beq_i64 SECOND_BR(u64, uint64_t, ==)
#define SECOND_b_bne_i64 SECOND_BR(u64, uint64_t, !=)
#define SECOND_b_blts_i64 SECOND_BR(i64, int64_t, <)
#define SECOND_b_bles_i64 SECOND_BR(i64, int64_t, <=)
#define SECOND_b_bltu_i64 SECOND_BR(u64, uint64_t, <)
#define SECOND_b_bleu_i64 SECOND_BR(u64, uint64_t, <=)

#define VM_FUSED_CASE(x, y, via) \
    VM_XCASE(x##__##y##__##via) { \
        uint64_t t_;             \
        FIRST_##x;               \
        SET64(RA, t_);           \
        ip++;                    \
        SECOND_##via##_##y;      \
        (void)t_;                \
        VM_NEXT();               \
    }

#define SECOND_none_none ((void)0)
#define SECOND_b_load_i16s SECOND_LOAD(2, int16_t, SET32)
#define SECOND_b_load_i16u SECOND_LOAD(2, uint16_t, SET32)
#define SECOND_b_load_f32 SECOND_LOAD(4, uint32_t, SET32)
#define SECOND_a_store_i16 SECOND_STORE(2, uint16_t, u32)
#define SECOND_a_store_f32 SECOND_STORE(4, uint32_t, u32)

#define VM_INDEX_CASE(e, acc, via)                                       \
    VM_XCASE(ix_##e##__##acc) {                                          \
        uint64_t t_;                                                     \
        FIRST_##e;                                                       \
        SET64(RA, t_);                                                   \
        t_ *= (uint64_t)ip[1].imm;                                       \
        SET64(r[ip[1].a], t_);                                           \
        pv = r[ip[2].b].u64;                                             \
        t_ = (pv & 0xFFFFFFFF00000000u) | (uint32_t)(pv + t_);           \
        SET64(r[ip[2].a], t_);                                           \
        ip += VIA_##via == VIA_none ? 2 : 3;                             \
        SECOND_##via##_##acc;                                            \
        VM_NEXT();                                                       \
    }

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
        SET64(RA, (uint64_t)gc_alloc(&p->heap, GC_KIND_DATA, RB.u64) << 32);
        if (VM_UNLIKELY(spec_active(p->spec)))
            vm__spec_alloc(p, &RA);
        RELOAD_HEAP();
        VM_NEXT();
    }
    VM_CASE(alloca) {
        SAVE_PC();
        uint32_t b_ = gc_alloc_frame(&p->heap, RB.u64, &fr->blocks);
        if (VM_UNLIKELY(!b_))
            vm__fault(p, "out of memory for a local block of %llu bytes",
                      (unsigned long long)RB.u64);
        if (VM_UNLIKELY(spec_active(p->spec)))
            vm__spec_alloca(p, b_);
        SET64(RA, (uint64_t)b_ << 32);
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
