/*
 * compile.c - the x86-64 back end of the baseline compiler: one template of
 * x86 code per FIR instruction, over VM registers kept in machine registers
 * where the allocation put them and in the VM's register slots otherwise
 * (compile32.c is the IA-32 one).
 *
 * How it works
 * - Compiled code works on the same state as the interpreter: VM register
 *   i of the frame is the 8-byte slot r[i] (RBX holds r), 32-bit values stay
 *   zero-extended.  A function's most used registers (each use weighted by
 *   how often its pc runs, estimated) live in machine registers for the
 *   whole function: integers and pointers in RSI, RDI, R8-R11, R14, R15,
 *   floats in XMM2-XMM15.  A forward analysis says which of them may differ
 *   from their slots at each pc (dirty), a backward one which are live after
 *   each pc.  A value an instruction stores last to the slot of a register
 *   without a machine register is read from the scratch register it came
 *   from by the first code of the next instruction (forwarded).
 * - Any pc is an entry point: the prologue loads every allocated register
 *   from its slot and jumps through a table of offsets per pc; a call from
 *   compiled code enters at pc 0 through a stub loading the live ones.  Any
 *   pc is an exit point: an exit (the slow path of a check, an instruction
 *   left to the interpreter) first writes the dirty registers back to their
 *   slots, so the interpreter sees every value where it expects it.
 *   Instructions that enter the runtime or another function (calls, host
 *   calls, alloc, alloca, free) write the dirty registers back first and
 *   reload the live ones after (R14 and R15 survive host and VM calls).
 * - rows.c says how each opcode is compiled: inline (arithmetic, moves,
 *   conversions, comparisons, branches, dense switches, loads and stores with
 *   their checks), as a call of the VM's own function (host calls, alloc,
 *   alloca, free, frame release: the pc saved first, the table reloaded
 *   after), as a call (direct or through a pointer) or return between
 *   compiled functions (frames pushed and popped as do_call and do_ret do,
 *   nesting on the C stack, RBP counting the depth), or left to the
 *   interpreter (EXIT: speculation, migration, setjmp/longjmp, blocksize,
 *   trap).
 * - Checks inline, as the interpreter makes them: a load or store checks the
 *   index against the table length and offset + size against the entry's
 *   size; a store also compares the entry's stamp with the write epoch (the
 *   copy-on-write check of speculation).  A failed check, a division by zero
 *   or by -1, a float conversion out of range, a callee without code or a
 *   full stack: the code writes the dirty registers back, returns the pc and
 *   the interpreter runs the instruction again, faulting with its message or
 *   completing the slow path.  Every check of an instruction comes before it
 *   changes an allocated register.  Returned from nested compiled calls,
 *   that pc is the top frame's.
 *
 * Machine registers: RBX r, R12 the process, R13 the pointer table, RBP the
 * depth of compiled calls; RAX, RCX, RDX and XMM0-1 are scratch; the rest
 * hold allocated VM registers (and are scratch inside calls, whose
 * templates write them back first).
 */
#include "jit-ia32/gen.h"
#include "jit-ia32/inline.h"
#include "jit-ia32/internal.h"
#include "jit-ia32/rows.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* How each opcode is compiled. */
#if X86_64

typedef JitGen Gen;

/* Machine registers for VM registers: integers and pointers, floats. */
static const int8_t gpr_pool[] = {X86_RSI, X86_RDI, X86_R8, X86_R9, X86_R10, X86_R11,
                                  X86_R14, X86_R15};
#define NGPR ((int)(sizeof gpr_pool / sizeof *gpr_pool))
#define NXMM 14 /* XMM2-XMM15 */
#define FIRST_XMM 2

/* The allocation of one function (a bit per allocated VM register). */
typedef struct JitRegs {
    uint32_t nregs, ncode;
    const uint8_t *types;  /* FirType per VM register */
    int8_t *gpr, *xmm;     /* per VM register: machine register or -1 */
    int8_t *bit;           /* per VM register: its bit, or -1 */
    uint32_t vreg[32];     /* per bit: the VM register */
    int nbits;
    uint32_t all;          /* every bit */
    uint32_t c_saved;      /* bits in registers a C call preserves (R14, R15) */
    uint32_t *live_in, *live_out, *dirty_in; /* per pc */
    uint32_t *stub_mask;   /* per pc: what its exit stub writes back */
    uint32_t dirty;        /* while generating: may differ from the slots */
    uint8_t *target;       /* per pc: a jump goes there */
    /* The checked entry: in functions where it pays (ec_on; R15 is then not
     * allocated), R15 = the address of the pointer-table entry of the index
     * VM register ec_root holds, that index checked against the table's
     * length.  A load or store through a pointer with that index (ec_root,
     * or one copied or offset from it since the last jump target: alias)
     * checks only the offset and the stamp.  Known from a load or store to
     * the next jump target, runtime call or change of ec_root's index; an
     * entry from the interpreter sets R15 again (ec_entry). */
    bool ec_on;
    uint32_t ec_root;
    struct { uint32_t reg, root; } alias[16];
    int nalias;
    uint32_t *ec_entry;    /* per pc: ec_root at its start, or FIR_NOREG */
    /* Per VM register: the pc of its only definition, a constant that
     * dominates every later pc (UINT32_MAX: none), and the constant. */
    uint32_t *kpc;
    int64_t *kval;
    uint32_t max_global;   /* the highest table index of a global's block */
    /* Forwarding: an unallocated VM register the instruction before wrote
     * last, from scratch machine register fwd_m (its store spanned
     * fwd_start..fwd_end), is read from there by the first code of the next
     * instruction; that pc's entry then loads it (fwd_entry, fwd_entry_m). */
    uint32_t pc;           /* while generating: the pc */
    uint32_t fwd_reg, fwd_pc;
    int fwd_m;
    size_t fwd_start, fwd_end;
    uint32_t *fwd_entry;   /* per pc: FIR_NOREG or the register its entry loads */
    int8_t *fwd_entry_m;
    /* Inlining (inline.h): the merged function; the caller's own pcs and
     * registers; per pc the bits it leaves clean (a region's registers at
     * its entry and after its returns); an exit where none can be made. */
    const JitMerged *m;
    uint32_t own_code, own_regs;
    uint32_t own_bits;     /* bits of the caller's own registers */
    uint32_t *clean;
    bool no_exit;
} JitRegs;

/* VM register reg holds the integer constant *v at pc k. */
static bool known(const JitRegs *ra, uint32_t reg, uint32_t k, int64_t *v)
{
    if (reg >= ra->nregs || ra->kpc[reg] >= k)
        return false;
    *v = ra->kval[reg];
    return true;
}

/* The register whose index reg was copied or offset from, or reg. */
static uint32_t root_of(const JitRegs *ra, uint32_t reg)
{
    for (int i = 0; i < ra->nalias; i++)
        if (ra->alias[i].reg == reg)
            return ra->alias[i].root;
    return reg;
}

static bool ec_has(const JitRegs *ra, uint32_t reg)
{
    return ra->ec_root != FIR_NOREG && root_of(ra, reg) == ra->ec_root;
}

/* Pointer register reg at pc k has a constant index (copied or offset from
 * a constant, like a global's address) of a block made at load, which the
 * table holds for the process's whole life: its entry needs no check. */
static bool static_index(const JitRegs *ra, uint32_t reg, uint32_t k, uint32_t *idx)
{
    int64_t v;
    if (!known(ra, root_of(ra, reg), k, &v))
        return false;
    *idx = (uint32_t)((uint64_t)v >> 32);
    return *idx != 0 && *idx <= ra->max_global &&
           (uint64_t)*idx * sizeof(GcEntry) <= INT32_MAX - 64; /* a disp32 */
}

#define PROC(field) x86_mem(X86_R12, (int32_t)offsetof(VmProcess, field))
#define HEAP(field) x86_mem(X86_R12, (int32_t)(offsetof(VmProcess, heap) + offsetof(GcHeap, field)))

static X86Mem slot(uint32_t reg)
{
    return x86_mem(X86_RBX, (int32_t)(reg * 8));
}

static bool fits32(int64_t v)
{
    return v >= INT32_MIN && v <= INT32_MAX;
}

static int gpr(const Gen *g, uint32_t reg)
{
    return reg < g->ra->nregs ? g->ra->gpr[reg] : -1;
}

static int xmm(const Gen *g, uint32_t reg)
{
    return reg < g->ra->nregs ? g->ra->xmm[reg] : -1;
}

static bool is_f32(const Gen *g, uint32_t reg)
{
    return reg < g->ra->nregs && g->ra->types[reg] == FIR_F32;
}

static uint32_t bit_of(const Gen *g, uint32_t reg)
{
    return reg < g->ra->nregs && g->ra->bit[reg] >= 0 ? 1u << g->ra->bit[reg] : 0;
}

static void movaps(Gen *g, int dst, int src)
{
    if (dst != src)
        x86_rr(&g->b, 0, 0x0F28, 2, dst, src);
}

/* Writes VM register reg (allocated) back to its slot. */
static void write_back(Gen *g, uint32_t reg)
{
    X86Buf *b = &g->b;
    int r = gpr(g, reg), x = xmm(g, reg);
    if (r >= 0) {
        x86_mov_store(b, true, slot(reg), r);
    } else if (x >= 0 && is_f32(g, reg)) { /* movss, then the upper half 0 */
        x86_rm(b, X86_F3, 0x0F11, 2, x, slot(reg));
        x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RBX, (int32_t)(reg * 8 + 4)));
        x86_u32(b, 0);
    } else if (x >= 0) {
        x86_rm(b, X86_F2, 0x0F11, 2, x, slot(reg));
    }
}

/* Loads VM register reg (allocated) from its slot. */
static void load_back(Gen *g, uint32_t reg)
{
    X86Buf *b = &g->b;
    int r = gpr(g, reg), x = xmm(g, reg);
    if (r >= 0)
        x86_mov_load(b, true, r, slot(reg));
    else if (x >= 0)
        x86_rm(b, is_f32(g, reg) ? X86_F3 : X86_F2, 0x0F10, 2, x, slot(reg));
}

static void flush(Gen *g, uint32_t mask)
{
    for (int i = 0; i < g->ra->nbits; i++)
        if (mask & (1u << i))
            write_back(g, g->ra->vreg[i]);
}

static void reload(Gen *g, uint32_t mask)
{
    for (int i = 0; i < g->ra->nbits; i++)
        if (mask & (1u << i))
            load_back(g, g->ra->vreg[i]);
}

/* An exit inside a region: the interpreter goes on in the callee, so the
 * code pushes the frame the call would have (its registers are in their
 * slots once the dirty ones are written back: moved to where the frame's
 * are when the region's are elsewhere); returns the callee's pc. */
static uint32_t push_inlined_frame(Gen *g, uint32_t pc)
{
    X86Buf *b = &g->b;
    const JitMerged *m = g->ra->m;
    const JitRegion *r = &m->regions[m->region_of[pc]];
    uint32_t own = m->own_regs, cpc = m->callee_pc[pc], dst = m->f.code[r->site].a;
    if (cpc == UINT32_MAX) { /* a return's move or jump: cannot exit */
        g->ra->no_exit = true;
        return pc;
    }
    for (uint32_t i = 0; r->base != own && i < r->nregs; i++) { /* ascending: own < base */
        x86_mov_load(b, true, X86_RAX, slot(r->base + i));
        x86_mov_store(b, true, slot(own + i), X86_RAX);
    }
    x86_mov_load(b, false, X86_RDX, PROC(nframes));
    x86_mov_rr(b, false, X86_RAX, X86_RDX);
    x86_shift_imm(b, true, SH_SHL, X86_RAX, 5);
    x86_alu_rm(b, true, X86_ADD, X86_RAX, PROC(frames));
    x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)(offsetof(VmFrame, pc) - sizeof(VmFrame))));
    x86_u32(b, r->site);                                      /* the caller's pc */
    x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, func)));
    x86_u32(b, r->callee);
    x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, pc)));
    x86_u32(b, cpc);
    x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, dst)));
    x86_u32(b, dst);
    x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, blocks)));
    x86_u32(b, 0);
    x86_lea(b, true, X86_RCX, x86_mem(X86_RBX, (int32_t)(own * 8)));
    x86_alu_rm(b, true, X86_SUB, X86_RCX, PROC(regs));
    x86_shift_imm(b, true, SH_SHR, X86_RCX, 3);
    x86_mov_store(b, true, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, base)), X86_RCX);
    x86_mov_load(b, true, X86_RCX, PROC(next_serial));       /* counted at the entry */
    x86_alu_imm(b, true, X86_SUB, X86_RCX, 1);
    x86_mov_store(b, true, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, serial)), X86_RCX);
    x86_alu_imm(b, false, X86_ADD, X86_RDX, 1);
    x86_mov_store(b, false, PROC(nframes), X86_RDX);
    return cpc;
}

/* The region an inlined call at pc k enters, or NULL (not an inlined call). */
static const JitRegion *inlined_at(const JitMerged *m, uint32_t k)
{
    return k < m->own_code && m->site_region[k] != JIT_NO_REGION ? &m->regions[m->site_region[k]]
                                                                : NULL;
}

/* The pc the interpreter runs for an exit at pc (after the write-back). */
static uint32_t interp_pc(Gen *g, uint32_t pc)
{
    const JitMerged *m = g->ra->m;
    return pc < m->own_code ? pc : push_inlined_frame(g, pc);
}

/* The exit stub of pc writes back what was dirty where its slow paths are. */
static uint32_t before_exit(Gen *g, uint32_t pc)
{
    flush(g, g->ra->stub_mask[pc]);
    return interp_pc(g, pc);
}

/* jcc to the exit of pc (the interpreter runs the instruction again). */
static void slow_if(Gen *g, X86Cond cc, uint32_t pc)
{
    g->ra->stub_mask[pc] = g->ra->dirty;
    jit_slow_if(g, cc, pc);
}

/* The interpreter runs instruction pc: the dirty registers written back first. */
static void exit_here(Gen *g, uint32_t pc)
{
    flush(g, g->ra->dirty);
    jit_exit_at(g, interp_pc(g, pc));
}

/* Before a call: every value in its slot. */
static void flush_all_dirty(Gen *g)
{
    flush(g, g->ra->dirty);
    g->ra->dirty = 0;
}

/* The scratch register that still holds unallocated VM register reg, or
 * -1: only for the first code of an instruction right after the store of
 * reg that ended the one before (no join inside that store, no jump to this
 * pc; an entry from the interpreter loads the register first). */
static int forwarded(Gen *g, uint32_t reg)
{
    JitRegs *ra = g->ra;
    uint32_t k = ra->pc;
    if (reg == FIR_NOREG || ra->fwd_reg != reg || ra->fwd_pc + 1 != k || ra->target[k] ||
        g->b.len != ra->fwd_end || g->b.join > ra->fwd_start)
        return -1;
    ra->fwd_entry[k] = reg;
    ra->fwd_entry_m[k] = (int8_t)ra->fwd_m;
    return ra->fwd_m;
}

/* Machine register m = VM register reg (w: all 64 bits, else the low 32
 * zero-extended; a 32-bit register is already zero-extended, so a copy from
 * itself is skipped). */
static void load_into(Gen *g, int m, uint32_t reg, bool w)
{
    X86Buf *b = &g->b;
    int r = gpr(g, reg), x = xmm(g, reg);
    if (r < 0 && x < 0 && (r = forwarded(g, reg)) >= 0) {
        if (r != m || !w)
            x86_mov_rr(b, w, m, r);
    } else if (r >= 0) {
        if (r != m)
            x86_mov_rr(b, w, m, r);
    } else if (x >= 0) {
        x86_rr(b, X86_66 | (is_f32(g, reg) ? 0 : X86_W), 0x0F7E, 2, x, m); /* movd/movq m, x */
    } else {
        x86_mov_load(b, w, m, slot(reg));
    }
}

/* The machine register holding VM register reg: its own, or scratch loaded. */
static int src_gpr(Gen *g, uint32_t reg, int scratch, bool w)
{
    int r = gpr(g, reg);
    if (r >= 0)
        return r;
    load_into(g, scratch, reg, w);
    return scratch;
}

/* VM register reg = all 64 bits of machine register m. */
static void put(Gen *g, uint32_t reg, int m)
{
    X86Buf *b = &g->b;
    int r = gpr(g, reg), x = xmm(g, reg);
    if (r >= 0) {
        if (r != m)
            x86_mov_rr(b, true, r, m);
    } else if (x >= 0) {
        x86_rr(b, X86_66 | (is_f32(g, reg) ? 0 : X86_W), 0x0F6E, 2, x, m); /* movd/movq x, m */
    } else {
        g->ra->fwd_start = b->len;
        x86_mov_store(b, true, slot(reg), m);
        g->ra->fwd_reg = reg, g->ra->fwd_m = m, g->ra->fwd_pc = g->ra->pc;
        g->ra->fwd_end = b->len;
    }
}

/* Where a result for reg is computed: its machine register, or scratch. */
static int dst_gpr(const Gen *g, uint32_t reg, int scratch)
{
    int r = gpr(g, reg);
    return r >= 0 ? r : scratch;
}

/* op m, reg for an integer VM register (opc in its reg, r/m form). */
static void op_src(Gen *g, unsigned flags, uint32_t opc, int nopc, int m, uint32_t reg)
{
    int r = gpr(g, reg);
    if (r >= 0)
        x86_rr(&g->b, flags, opc, nopc, m, r);
    else if (xmm(g, reg) >= 0)
        g->b.bad = true; /* not an integer register: the verifier's types say it cannot be */
    else
        x86_rm(&g->b, flags, opc, nopc, m, slot(reg));
}

/* op xmm, reg for a float VM register. */
static void fop_src(Gen *g, unsigned flags, uint32_t opc, int xm, uint32_t reg)
{
    int x = xmm(g, reg);
    if (x >= 0)
        x86_rr(&g->b, flags, opc, 2, xm, x);
    else if (gpr(g, reg) >= 0)
        g->b.bad = true;
    else
        x86_rm(&g->b, flags, opc, 2, xm, slot(reg));
}

/* movss/movsd xmm, [m] and the matching arithmetic prefix. */
static unsigned fprefix(unsigned size)
{
    return size == 4 ? X86_F3 : X86_F2;
}

/* XMM register xm = float VM register reg (`size` bytes). */
static void load_x(Gen *g, int xm, uint32_t reg, unsigned size)
{
    int x = xmm(g, reg), r = gpr(g, reg);
    if (x >= 0)
        movaps(g, xm, x);
    else if (r >= 0)
        x86_rr(&g->b, X86_66 | X86_W, 0x0F6E, 2, xm, r); /* movq */
    else
        x86_rm(&g->b, fprefix(size), 0x0F10, 2, xm, slot(reg));
}

/* Float VM register reg (`size` bytes; f32: the slot's upper half 0) = xm. */
static void put_x(Gen *g, uint32_t reg, int xm, unsigned size)
{
    X86Buf *b = &g->b;
    int x = xmm(g, reg), r = gpr(g, reg);
    if (x >= 0) {
        movaps(g, x, xm);
    } else if (r >= 0) {
        x86_rr(b, X86_66 | (size == 8 ? X86_W : 0), 0x0F7E, 2, xm, r); /* movd/movq r, xm */
    } else if (size == 8) {
        x86_rm(b, X86_F2, 0x0F11, 2, xm, slot(reg));
    } else {
        x86_rm(b, X86_F3, 0x0F11, 2, xm, slot(reg));
        x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RBX, (int32_t)(reg * 8 + 4)));
        x86_u32(b, 0);
    }
}

/* The XMM register holding float reg: its own, or scratch loaded. */
static int src_x(Gen *g, uint32_t reg, int scratch, unsigned size)
{
    int x = xmm(g, reg);
    if (x >= 0)
        return x;
    load_x(g, scratch, reg, size);
    return scratch;
}

/* Flags = integer VM registers p - q. */
static void cmp_regs(Gen *g, bool w, uint32_t p, uint32_t q)
{
    int rp = gpr(g, p), rq = gpr(g, q);
    if (rp < 0 && rq >= 0 && xmm(g, p) < 0) {
        x86_rm(&g->b, w ? X86_W : 0, 0x39, 1, rq, slot(p)); /* cmp [p], q */
        return;
    }
    op_src(g, w ? X86_W : 0, 0x3B, 1, src_gpr(g, p, X86_RAX, w), q);
}

/* Flags for condition cc of integer VM registers p and q at pc k, with an
 * immediate for a constant one; returns the condition to test (operands
 * swapped: the mirrored one). */
static X86Cond compare(Gen *g, bool w, uint32_t p, uint32_t q, uint32_t k, X86Cond cc)
{
    static const X86Cond mirror[16] = {
        [X86_B] = X86_A, [X86_AE] = X86_BE, [X86_E] = X86_E, [X86_NE] = X86_NE,
        [X86_BE] = X86_AE, [X86_A] = X86_B, [X86_L] = X86_G, [X86_GE] = X86_LE,
        [X86_LE] = X86_GE, [X86_G] = X86_L};
    int64_t v;
    bool right = known(g->ra, q, k, &v) && (!w || fits32(v));
    bool left = !right && known(g->ra, p, k, &v) && (!w || fits32(v)) && mirror[cc] != X86_O;
    if (!right && !left) {
        cmp_regs(g, w, p, q);
        return cc;
    }
    uint32_t reg = right ? p : q;
    if (gpr(g, reg) >= 0)
        x86_alu_imm(&g->b, w, X86_CMP, gpr(g, reg), (int32_t)v);
    else
        x86_alu_mem_imm(&g->b, w, X86_CMP, slot(reg), (int32_t)v);
    return right ? cc : mirror[cc];
}


/* ecx = the table index of pointer register reg (its high half). */
static void index_into_rcx(Gen *g, uint32_t reg)
{
    int p = gpr(g, reg);
    if (p >= 0) {
        x86_mov_rr(&g->b, true, X86_RCX, p);
        x86_shift_imm(&g->b, true, SH_SHR, X86_RCX, 32);
    } else {
        x86_mov_load(&g->b, false, X86_RCX, x86_mem(X86_RBX, (int32_t)(reg * 8 + 4)));
    }
}

/* rax = host address of n bytes at pointer register preg + off; rcx = entry
 * offset in the table; jumps to the slow exit of pc when the checks fail
 * (uses rax, rcx, rdx only). */
static void address(Gen *g, uint32_t preg, int64_t off, unsigned n, bool store, uint32_t pc)
{
    X86Buf *b = &g->b;
    int p = gpr(g, preg);
    uint32_t sidx;
    bool fixed = static_index(g->ra, preg, pc, &sidx); /* the entry's address is known */
    bool checked = fixed || ec_has(g->ra, preg);         /* else R15 is the entry */
    int fwd = p < 0 ? forwarded(g, preg) : -1;
    if (fwd >= 0) {                                              /* the index first */
        if (!checked) {
            x86_mov_rr(b, true, X86_RCX, fwd);
            x86_shift_imm(b, true, SH_SHR, X86_RCX, 32);
        }
        x86_mov_rr(b, false, X86_RAX, fwd);
    } else if (p >= 0) {
        x86_mov_rr(b, false, X86_RAX, p);                         /* offset, zero-extended */
    } else {
        x86_mov_load(b, false, X86_RAX, slot(preg));
    }
    if (!checked && fwd < 0)
        index_into_rcx(g, preg);
    if ((uint32_t)off != 0)
        x86_alu_imm(b, false, X86_ADD, X86_RAX, (int32_t)(uint32_t)off); /* wraps in 32 bits */
    X86Mem size, stamp, data;
    if (fixed) {
        int32_t e = (int32_t)(sidx * sizeof(GcEntry));
        size = x86_mem(X86_R13, e + (int32_t)offsetof(GcEntry, size));
        stamp = x86_mem(X86_R13, e + (int32_t)offsetof(GcEntry, stamp));
        data = x86_mem(X86_R13, e + (int32_t)offsetof(GcEntry, data));
    } else if (checked) {
        size = x86_mem(X86_R15, (int32_t)offsetof(GcEntry, size));
        stamp = x86_mem(X86_R15, (int32_t)offsetof(GcEntry, stamp));
        data = x86_mem(X86_R15, (int32_t)offsetof(GcEntry, data));
    } else {
        x86_alu_rm(b, false, X86_CMP, X86_RCX, HEAP(len));
        slow_if(g, X86_AE, pc);
        int scale = 1;
        if (sizeof(GcEntry) == 24) {                              /* entry = r13 + 8 * 3ix */
            x86_lea(b, true, X86_RCX, x86_mem_index(X86_RCX, X86_RCX, 2, 0));
            scale = 8;
        } else {
            x86_rr(b, X86_W, 0x69, 1, X86_RCX, X86_RCX);
            x86_u32(b, (uint32_t)sizeof(GcEntry));
        }
        if (g->ra->ec_on)                                         /* the next ones' entry */
            x86_lea(b, true, X86_R15, x86_mem_index(X86_R13, X86_RCX, scale, 0));
        size = x86_mem_index(X86_R13, X86_RCX, scale, (int32_t)offsetof(GcEntry, size));
        stamp = x86_mem_index(X86_R13, X86_RCX, scale, (int32_t)offsetof(GcEntry, stamp));
        data = x86_mem_index(X86_R13, X86_RCX, scale, (int32_t)offsetof(GcEntry, data));
    }
    /* offset + n > size as offset > size - n, signed in 64 bits */
    x86_mov_load(b, false, X86_RDX, size);
    x86_alu_imm(b, true, X86_SUB, X86_RDX, (int32_t)n);
    x86_alu_rr(b, true, X86_CMP, X86_RAX, X86_RDX);
    slow_if(g, X86_G, pc);
    if (store) { /* every time: a large block is saved page by page, its stamp kept old */
        x86_mov_load(b, false, X86_RDX, HEAP(stamp));
        x86_rm(b, 0, 0x39, 1, X86_RDX, stamp);
        slow_if(g, X86_NE, pc);
    }
    x86_alu_rm(b, true, X86_ADD, X86_RAX, data);
}

/* Native calls nest on the C stack (16 bytes each); deeper ones go through
 * the interpreter, which has no such limit. */
#define JIT_MAX_NATIVE_DEPTH 20000
#define RET_NATIVE 0xFFFFFFFFu /* eax after a compiled return (else: a pc to run) */

/* A call: when the callee has compiled code and the stacks have room, push
 * its frame as the interpreter's do_call does (registers zeroed, arguments
 * copied, the caller's pc saved) and call the code with RBX at the callee's
 * registers; RBP counts the nesting.  A compiled return comes back with
 * eax = RET_NATIVE and the value in rdx; anything else is the pc of the top
 * frame's instruction for the interpreter: unwind to it.  Otherwise the
 * interpreter makes the call.  An indirect call (call.ind) first makes the
 * interpreter's checks (a FUNC block at offset 0, the callee's signature
 * equal to the site's; anything else is left to the interpreter's messages),
 * then the callee's register count is known only at run time (R9D).  The
 * dirty registers are written back first (the callee uses the machine
 * registers; an argument is copied from its machine register where the
 * sequence has not overwritten it, else from its slot); the live ones are
 * loaded again after. */
static void gen_call(Gen *g, const VmFunc *f, uint32_t k, const VmInsn *in, bool indirect)
{
    X86Buf *b = &g->b;
    uint32_t nargs = (uint32_t)in->imm;
    uint32_t callee = in->b, cnregs = 0;
    if (indirect) {
        if (sizeof(GcEntry) != 24) {
            exit_here(g, k);
            return;
        }
        flush_all_dirty(g);
        x86_mov_load(b, true, X86_RAX, slot(in->b));
        x86_rr(b, 0, 0x85, 1, X86_RAX, X86_RAX);                   /* offset 0 */
        slow_if(g, X86_NE, k);
        x86_shift_imm(b, true, SH_SHR, X86_RAX, 32);
        x86_alu_rm(b, false, X86_CMP, X86_RAX, HEAP(len));
        slow_if(g, X86_AE, k);
        x86_lea(b, true, X86_RCX, x86_mem_index(X86_RAX, X86_RAX, 2, 0));
        x86_rm(b, 0, 0x80, 1, 7, x86_mem_index(X86_R13, X86_RCX, 8,
                                               (int32_t)offsetof(GcEntry, kind)));
        x86_byte(b, GC_KIND_FUNC);                                  /* cmp byte, imm8 */
        slow_if(g, X86_NE, k);
        x86_mov_load(b, false, X86_R10, x86_mem_index(X86_R13, X86_RCX, 8,
                                                       (int32_t)offsetof(GcEntry, aux)));
        x86_rr(b, X86_W, 0x69, 1, X86_R11, X86_R10);               /* r11 = &funcs[callee] */
        x86_u32(b, (uint32_t)sizeof(VmFunc));
        x86_alu_rm(b, true, X86_ADD, X86_R11, PROC(funcs));
        x86_alu_mem_imm(b, false, X86_CMP, x86_mem(X86_R11, (int32_t)offsetof(VmFunc, sig)),
                        (int32_t)(uint32_t)((uint64_t)in->imm >> 32));
        slow_if(g, X86_NE, k);
        x86_mov_load(b, true, X86_R8, x86_mem(X86_R11, (int32_t)offsetof(VmFunc, native_call)));
        x86_mov_load(b, false, X86_R9, x86_mem(X86_R11, (int32_t)offsetof(VmFunc, nregs)));
    } else {
        cnregs = g->p->funcs[callee].nregs;
        if (cnregs > 4096) {
            exit_here(g, k);
            return;
        }
        flush_all_dirty(g);
        x86_mov_load(b, true, X86_RAX, PROC(funcs));
        x86_mov_load(b, true, X86_R8, x86_mem(X86_RAX, (int32_t)(callee * sizeof(VmFunc) +
                                                              offsetof(VmFunc, native_call))));
    }
    x86_rr(b, X86_W, 0x85, 1, X86_R8, X86_R8);
    slow_if(g, X86_E, k);                                     /* not compiled */
    x86_alu_imm(b, true, X86_CMP, X86_RBP, JIT_MAX_NATIVE_DEPTH);
    slow_if(g, X86_AE, k);
    x86_mov_load(b, false, X86_RDX, PROC(nframes));
    x86_alu_rm(b, false, X86_CMP, X86_RDX, PROC(cap_frames));
    slow_if(g, X86_AE, k);                                    /* no frame left */
    /* rsi = the callee's registers, rdi = their index (the frame's base);
     * their end must be within the register stack */
    x86_lea(b, true, X86_RSI, x86_mem(X86_RBX, (int32_t)(g->ra->own_regs * 8)));
    x86_mov_rr(b, true, X86_RDI, X86_RSI);
    x86_alu_rm(b, true, X86_SUB, X86_RDI, PROC(regs));
    x86_shift_imm(b, true, SH_SHR, X86_RDI, 3);
    if (indirect)
        x86_lea(b, true, X86_RCX, x86_mem_index(X86_RDI, X86_R9, 1, 0));
    else
        x86_lea(b, true, X86_RCX, x86_mem(X86_RDI, (int32_t)cnregs));
    x86_alu_rm(b, true, X86_CMP, X86_RCX, PROC(cap_regs));
    slow_if(g, X86_A, k);
    /* rax = &frames[nframes] (the new frame); the caller's pc; 8-byte
     * stores where two fields are known (func and pc 0, dst and blocks 0) */
    x86_mov_rr(b, false, X86_RAX, X86_RDX);
    x86_shift_imm(b, true, SH_SHL, X86_RAX, 5);
    x86_alu_rm(b, true, X86_ADD, X86_RAX, PROC(frames));
    x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)(offsetof(VmFrame, pc) - sizeof(VmFrame))));
    x86_u32(b, k);
    _Static_assert(offsetof(VmFrame, pc) == offsetof(VmFrame, func) + 4 &&
                   offsetof(VmFrame, blocks) == offsetof(VmFrame, dst) + 4,
                   "paired frame fields");
    if (indirect) {
        x86_mov_store(b, true, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, func)), X86_R10);
    } else if (callee <= INT32_MAX) {
        x86_rm(b, X86_W, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, func)));
        x86_u32(b, callee);
    } else {
        x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, func)));
        x86_u32(b, callee);
        x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, pc)));
        x86_u32(b, 0);
    }
    if (in->a <= INT32_MAX) {
        x86_rm(b, X86_W, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, dst)));
        x86_u32(b, in->a);
    } else {
        x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, dst)));
        x86_u32(b, in->a);
        x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, blocks)));
        x86_u32(b, 0);
    }
    x86_mov_store(b, true, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, base)), X86_RDI);
    x86_mov_load(b, true, X86_RCX, PROC(next_serial));
    x86_mov_store(b, true, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, serial)), X86_RCX);
    x86_alu_imm(b, true, X86_ADD, X86_RCX, 1);
    x86_mov_store(b, true, PROC(next_serial), X86_RCX);
    x86_alu_imm(b, false, X86_ADD, X86_RDX, 1);
    x86_mov_store(b, false, PROC(nframes), X86_RDX);
    x86_alu_mem_imm(b, true, X86_ADD, PROC(calls), 1);
    /* arguments, then zeros (registers of a new frame are zero) */
    const uint32_t *args = f->args + in->c;
    for (uint32_t i = 0; i < nargs; i++) { /* from the machine register when there is one */
        X86Mem to = x86_mem(X86_RSI, (int32_t)(i * 8));
        int r = gpr(g, args[i]), x = xmm(g, args[i]);
        if (r == X86_RSI || r == X86_RDI || r == X86_R8 ||        /* overwritten above */
            (indirect && (r == X86_R9 || r == X86_R10 || r == X86_R11)))
            r = -1;
        if (r >= 0) {
            x86_mov_store(b, true, to, r);
        } else if (x >= 0 && !is_f32(g, args[i])) {
            x86_rm(b, X86_F2, 0x0F11, 2, x, to);                  /* movsd */
        } else {
            x86_mov_load(b, true, X86_RDI, slot(args[i]));
            x86_mov_store(b, true, to, X86_RDI);
        }
    }
    if (indirect) { /* for (edi = nargs; edi < r9d; edi++) r[edi] = 0 */
        x86_mov_imm(b, X86_RDI, nargs);
        size_t top = b->len;
        x86_alu_rr(b, false, X86_CMP, X86_RDI, X86_R9);
        size_t done = x86_jcc(b, X86_AE);
        x86_rm(b, X86_W, 0xC7, 1, 0, x86_mem_index(X86_RSI, X86_RDI, 8, 0));
        x86_u32(b, 0);
        x86_alu_imm(b, false, X86_ADD, X86_RDI, 1);
        x86_patch(b, x86_jmp(b), top);
        x86_patch(b, done, b->len);
    } else { /* 16 bytes at a time (movups from a zeroed xmm0), the odd one last */
        uint32_t i = nargs;
        if (cnregs - i >= 2)
            x86_rr(b, 0, 0x0F57, 2, 0, 0);                        /* xorps xmm0, xmm0 */
        for (; i + 2 <= cnregs; i += 2)
            x86_rm(b, 0, 0x0F11, 2, 0, x86_mem(X86_RSI, (int32_t)(i * 8)));
        if (i < cnregs) {
            x86_rm(b, X86_W, 0xC7, 1, 0, x86_mem(X86_RSI, (int32_t)(i * 8)));
            x86_u32(b, 0);
        }
    }
    /* 16 bytes of C stack per nested call keep it aligned for C calls */
    x86_push(b, X86_RBX);
    x86_mov_rr(b, true, X86_RBX, X86_RSI);
    x86_alu_imm(b, true, X86_ADD, X86_RBP, 1);
    x86_rr(b, 0, 0xFF, 1, 2, X86_R8);                         /* call r8 */
    x86_alu_imm(b, true, X86_SUB, X86_RBP, 1);
    x86_pop(b, X86_RBX);
    x86_alu_imm(b, false, X86_CMP, X86_RAX, -1);
    x86_patch(b, x86_jcc(b, X86_NE), g->exit_label);         /* unwind: eax is the pc */
    if (in->a != FIR_NOREG)
        put(g, in->a, X86_RDX);
    reload(g, g->ra->live_out[k] & ~bit_of(g, in->a));
}

/* The entry of an inlined call (region r): counted as a call; the slots of
 * the callee's registers (the region's) hold the arguments and zeros, as a
 * new frame's would, and the machine registers of the live ones are loaded;
 * then the region runs.  Its exits push the callee's frame (before_exit),
 * so there must be room for one: else the interpreter makes the call. */
static void gen_inline_entry(Gen *g, const VmFunc *f, uint32_t k, const JitRegion *r)
{
    X86Buf *b = &g->b;
    JitRegs *ra = g->ra;
    x86_mov_load(b, false, X86_RDX, PROC(nframes));
    x86_alu_rm(b, false, X86_CMP, X86_RDX, PROC(cap_frames));
    slow_if(g, X86_AE, k);
    x86_mov_load(b, true, X86_RAX, PROC(cap_regs));
    x86_shift_imm(b, true, SH_SHL, X86_RAX, 3);
    x86_alu_rm(b, true, X86_ADD, X86_RAX, PROC(regs));
    x86_lea(b, true, X86_RCX, x86_mem(X86_RBX, (int32_t)((r->base + r->nregs) * 8)));
    x86_alu_rr(b, true, X86_CMP, X86_RCX, X86_RAX);
    slow_if(g, X86_A, k);
    x86_alu_mem_imm(b, true, X86_ADD, PROC(next_serial), 1);
    x86_alu_mem_imm(b, true, X86_ADD, PROC(calls), 1);
    const uint32_t *args = f->args + f->code[k].c;
    for (uint32_t i = 0; i < r->nparams; i++) {
        X86Mem to = slot(r->base + i);
        int m = gpr(g, args[i]), x = xmm(g, args[i]);
        if (m >= 0) {
            x86_mov_store(b, true, to, m);
        } else if (x >= 0 && !is_f32(g, args[i])) {
            x86_rm(b, X86_F2, 0x0F11, 2, x, to);                  /* movsd */
        } else {
            load_into(g, X86_RAX, args[i], true);
            x86_mov_store(b, true, to, X86_RAX);
        }
    }
    uint32_t i = r->nparams;
    if (r->nregs - i >= 2)
        x86_rr(b, 0, 0x0F57, 2, 0, 0);                            /* xorps xmm0, xmm0 */
    for (; i + 2 <= r->nregs; i += 2)
        x86_rm(b, 0, 0x0F11, 2, 0, slot(r->base + i));
    if (i < r->nregs) {
        x86_rm(b, X86_W, 0xC7, 1, 0, slot(r->base + i));
        x86_u32(b, 0);
    }
    for (uint32_t j = 0; j < r->nregs; j++)
        if (ra->live_in[r->start] & bit_of(g, r->base + j))
            load_back(g, r->base + j);
    jit_branch(g, r->start);
}

/* Reloads the pointer table's base (after the runtime ran). */
static void reload_heap(Gen *g)
{
    x86_mov_load(&g->b, true, X86_R13, HEAP(tab));
}

/* frames[nframes - 1].pc = k: where a fault or the collector sees the frame. */
static void save_pc(Gen *g, uint32_t k)
{
    X86Buf *b = &g->b;
    x86_mov_load(b, false, X86_RDX, PROC(nframes));
    x86_shift_imm(b, true, SH_SHL, X86_RDX, 5);
    x86_alu_rm(b, true, X86_ADD, X86_RDX, PROC(frames));
    x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RDX, (int32_t)(offsetof(VmFrame, pc) - sizeof(VmFrame))));
    x86_u32(b, k);
}

/* Calls a VM function (arguments already in rdi, rsi) with the stack 16-byte
 * aligned (compiled code runs at rsp = 8 mod 16), then reloads the table: it
 * may allocate, collect or fault (a fault longjmps past compiled code, which
 * has written its registers back). */
static void call_vm(Gen *g, const void *fn)
{
    X86Buf *b = &g->b;
    x86_alu_imm(b, true, X86_SUB, X86_RSP, 8);
    x86_mov_imm(b, X86_RAX, (uint64_t)(uintptr_t)fn);
    x86_rr(b, 0, 0xFF, 1, 2, X86_RAX); /* call rax */
    x86_alu_imm(b, true, X86_ADD, X86_RSP, 8);
    reload_heap(g);
}

/* After a C call at k: the live registers it may have changed. */
static void reload_after_c(Gen *g, uint32_t k, uint32_t dst)
{
    reload(g, g->ra->live_out[k] & ~bit_of(g, dst) & ~g->ra->c_saved);
}

/* Host calls computed inline: functions of one double that one SSE2
 * sequence computes exactly as the C library does (the square root is
 * correctly rounded in both; fabs clears the sign bit).  They touch no guest
 * memory, cannot fail and do not enter the runtime, so they are no exit and
 * write nothing back. */
typedef enum PureHost { PURE_NONE, PURE_SQRT, PURE_FABS } PureHost;

static PureHost pure_host(const VmProcess *p, const VmFunc *f, uint32_t k)
{
    const VmInsn *in = &f->code[k];
    if (jit_rows[f->jit_ops[k]]->kind != K_HCALL || in->imm != 1 || in->b >= p->mod->nhosts)
        return PURE_NONE;
    const FirHost *h = &p->mod->hosts[in->b];
    if (h->ret != FIR_F64 || h->nparams != 1 || h->params[0] != FIR_F64)
        return PURE_NONE;
    if (strcmp(h->name, "sqrt") == 0)
        return PURE_SQRT;
    if (strcmp(h->name, "fabs") == 0)
        return PURE_FABS;
    return PURE_NONE;
}

static void gen_pure_hcall(Gen *g, const VmFunc *f, const VmInsn *in, PureHost h)
{
    X86Buf *b = &g->b;
    uint32_t arg = f->args[in->c];
    if (in->a == FIR_NOREG)
        return;
    int d = xmm(g, in->a) >= 0 ? xmm(g, in->a) : 0;
    if (h == PURE_SQRT) {
        fop_src(g, X86_F2, 0x0F51, d, arg);                    /* sqrtsd d, arg */
    } else {
        load_x(g, d, arg, 8);
        x86_rr(b, X86_66, 0x0F76, 2, 1, 1);                     /* pcmpeqd xmm1, xmm1 */
        x86_rr(b, X86_66, 0x0F73, 2, 2, 1);                     /* psrlq xmm1, 1 */
        x86_byte(b, 1);
        x86_rr(b, X86_66, 0x0F54, 2, d, 1);                     /* andpd d, xmm1 */
    }
    put_x(g, in->a, d, 8);
}

/* A host call, as the interpreter's hcall does it: the frame's pc saved (a
 * fault names the line), the arguments copied to a buffer on the C stack,
 * fn(p, args) called with the stack 16-byte aligned, the result stored.  The
 * host may allocate (the table is reloaded after) or end the process (it
 * longjmps past compiled code, which has written its registers back). */
static void gen_hcall(Gen *g, const VmFunc *f, uint32_t k, const VmInsn *in)
{
    PureHost pure = pure_host(g->p, f, k);
    if (pure != PURE_NONE) {
        gen_pure_hcall(g, f, in, pure);
        return;
    }
    X86Buf *b = &g->b;
    uint32_t nargs = (uint32_t)in->imm;
    if (nargs > 8) {
        exit_here(g, k);
        return;
    }
    flush_all_dirty(g);
    save_pc(g, k);
    /* compiled code runs with rsp = 8 mod 16 (entry, 6 pushes, 16 per nested call) */
    int32_t room = (int32_t)(nargs % 2 ? nargs * 8 : nargs * 8 + 8);
    x86_alu_imm(b, true, X86_SUB, X86_RSP, room);
    const uint32_t *args = f->args + in->c;
    for (uint32_t i = 0; i < nargs; i++) {
        x86_mov_load(b, true, X86_RAX, slot(args[i]));
        x86_mov_store(b, true, x86_mem(X86_RSP, (int32_t)(i * 8)), X86_RAX);
    }
    x86_mov_rr(b, true, X86_RDI, X86_R12);
    x86_mov_rr(b, true, X86_RSI, X86_RSP);
    x86_mov_load(b, true, X86_RAX, PROC(hosts));
    x86_rm(b, 0, 0xFF, 1, 2, x86_mem(X86_RAX, (int32_t)(in->b * sizeof(VmHostFn *)))); /* call */
    x86_alu_imm(b, true, X86_ADD, X86_RSP, room);
    reload_heap(g);
    if (in->a != FIR_NOREG)
        put(g, in->a, X86_RAX);
    reload_after_c(g, k, in->a);
}

/* A dense switch: the value minus the table's first, bounds-checked, indexes a
 * table of offsets after the jump (relative to the table, like the entry
 * table); sparse ones are left to the interpreter's binary search. */
static void gen_switch(Gen *g, const VmSwitch *sw, uint32_t k, uint32_t reg)
{
    X86Buf *b = &g->b;
    if (!sw->dense || sw->ntable > (1u << 20)) {
        exit_here(g, k);
        return;
    }
    if (sw->is32)
        op_src(g, X86_W, 0x63, 1, X86_RAX, reg);              /* movsxd */
    else
        load_into(g, X86_RAX, reg, true);
    if (sw->min != 0 && fits32(sw->min)) {
        x86_alu_imm(b, true, X86_SUB, X86_RAX, (int32_t)sw->min);
    } else if (sw->min != 0) {
        x86_mov_imm(b, X86_RCX, (uint64_t)sw->min);
        x86_alu_rr(b, true, X86_SUB, X86_RAX, X86_RCX);
    }
    x86_alu_imm(b, true, X86_CMP, X86_RAX, (int32_t)sw->ntable); /* ntable <= 2^20 */
    jit_branch_if(g, X86_AE, sw->def);
    x86_byte(b, 0x48), x86_byte(b, 0x8D), x86_byte(b, 0x0D); /* lea rcx, [rip + table] */
    size_t disp = b->len;
    x86_u32(b, 0);
    x86_rm(b, X86_W, 0x63, 1, X86_RAX, x86_mem_index(X86_RCX, X86_RAX, 4, 0));
    x86_alu_rr(b, true, X86_ADD, X86_RAX, X86_RCX);
    x86_rr(b, 0, 0xFF, 1, 4, X86_RAX);                        /* jmp rax */
    while (b->len % 4)
        x86_byte(b, 0xCC);
    size_t table = b->len;
    x86_patch(b, disp, table);
    for (uint32_t i = 0; i < sw->ntable && !g->oom; i++) {
        jit_push_patch(g, &g->cases, &g->ncases, &g->cap_cases, b->len, sw->table[i]);
        if (!g->oom)
            g->cases[g->ncases - 1].base = table;
        x86_u32(b, 0);
    }
}

/* A return to compiled code (RBP > 0): pop the frame, the value in rdx; a
 * frame with blocks (alloca) gives them back as the interpreter's do_ret
 * does, its registers written back first.  Else the interpreter returns. */
static void gen_ret(Gen *g, uint32_t k, uint32_t value)
{
    X86Buf *b = &g->b;
    x86_rr(b, X86_W, 0x85, 1, X86_RBP, X86_RBP);
    slow_if(g, X86_E, k);
    if (value != FIR_NOREG)
        load_into(g, X86_RDX, value, true);
    else
        x86_mov_imm(b, X86_RDX, 0);
    x86_mov_load(b, false, X86_RCX, PROC(nframes));
    x86_shift_imm(b, true, SH_SHL, X86_RCX, 5);
    x86_alu_rm(b, true, X86_ADD, X86_RCX, PROC(frames));
    X86Mem blocks = x86_mem(X86_RCX, (int32_t)(offsetof(VmFrame, blocks) - sizeof(VmFrame)));
    x86_mov_load(b, false, X86_RAX, blocks);
    x86_rr(b, 0, 0x85, 1, X86_RAX, X86_RAX);
    size_t none = x86_jcc(b, X86_E);
    x86_rm(b, 0, 0xC7, 1, 0, blocks);
    x86_u32(b, 0);
    flush(g, g->ra->dirty);
    save_pc(g, k);
    x86_mov_rr(b, false, X86_RSI, X86_RAX);                  /* the head of the list */
    x86_mov_rr(b, true, X86_RDI, X86_R12);
    call_vm(g, (const void *)vm__release_frame);
    if (value != FIR_NOREG)
        x86_mov_load(b, true, X86_RDX, slot(value));
    else
        x86_mov_imm(b, X86_RDX, 0);
    x86_patch(b, none, b->len);
    x86_alu_mem_imm(b, false, X86_SUB, PROC(nframes), 1);
    x86_mov_imm(b, X86_RAX, RET_NATIVE);
    x86_ret(b);
}

/* a = b / d or b % d for a constant d, as compilers do (Granlund and
 * Montgomery, "Division by invariant integers using multiplication", 1994:
 * unsigned by the sequence of their figure 4.1, signed by figure 5.1),
 * exact for every b; false for the divisors whose faults the interpreter
 * reports (0; -1 and the minimum, signed). */
static bool div_by_constant(Gen *g, unsigned sub, bool w, uint32_t a, uint32_t bb, int64_t dv)
{
    X86Buf *b = &g->b;
    unsigned bits = w ? 64 : 32;
    unsigned fw = w ? X86_W : 0;
    bool rem = sub == REM_S || sub == REM_U;
    typedef unsigned __int128 U128;
    if (sub == DIV_U || sub == REM_U) {
        uint64_t d = w ? (uint64_t)dv : (uint32_t)dv;
        if (d == 0)
            return false;
        unsigned l = 0;
        while (l < bits && ((U128)1 << l) < d)
            l++;                                               /* ceil(log2 d) */
        load_into(g, X86_RCX, bb, w);
        if ((d & (d - 1)) == 0) {                             /* 2^l */
            if (rem) {
                x86_mov_imm(b, X86_RAX, d - 1);
                x86_alu_rr(b, w, X86_AND, X86_RCX, X86_RAX);
            } else if (l) {
                x86_shift_imm(b, w, SH_SHR, X86_RCX, (uint8_t)l);
            }
            put(g, a, X86_RCX);
            return true;
        }
        /* m = floor(2^N (2^l - d) / d) + 1; t = mulhi(m, n);
         * q = (t + ((n - t) >> 1)) >> (l - 1) */
        uint64_t m = (uint64_t)(((U128)1 << bits) * (((U128)1 << l) - d) / d + 1);
        x86_mov_imm(b, X86_RAX, w ? m : (uint32_t)m);
        x86_rr(b, fw, 0xF7, 1, 4, X86_RCX);                   /* mul rcx: rdx = t */
        x86_mov_rr(b, w, X86_RAX, X86_RCX);
        x86_alu_rr(b, w, X86_SUB, X86_RAX, X86_RDX);
        x86_shift_imm(b, w, SH_SHR, X86_RAX, 1);
        x86_alu_rr(b, w, X86_ADD, X86_RAX, X86_RDX);
        if (l > 1)
            x86_shift_imm(b, w, SH_SHR, X86_RAX, (uint8_t)(l - 1));
        if (!rem) {
            put(g, a, X86_RAX);
            return true;
        }
        x86_mov_imm(b, X86_RDX, d);
        x86_rr(b, fw, 0x0FAF, 2, X86_RAX, X86_RDX);           /* imul rax, rdx */
        x86_alu_rr(b, w, X86_SUB, X86_RCX, X86_RAX);
        put(g, a, X86_RCX);
        return true;
    }
    int64_t d = w ? dv : (int32_t)dv;
    int64_t min = w ? INT64_MIN : INT32_MIN;
    if (d == 0 || d == -1 || d == min)
        return false;
    uint64_t ad = d < 0 ? (uint64_t)-d : (uint64_t)d;
    unsigned l = 0;
    while (((U128)1 << l) < ad)
        l++;
    if (l == 0)
        l = 1;                                                 /* max(ceil(log2 |d|), 1) */
    /* m = 1 + floor(2^(N+l-1) / |d|) - 2^N (as N bits); q0 = n + mulsh(m, n);
     * q0 = (q0 >> (l - 1)) - (n >> (N - 1)); q = d < 0 ? -q0 : q0 */
    uint64_t m = (uint64_t)(1 + ((U128)1 << (bits + l - 1)) / ad);
    load_into(g, X86_RCX, bb, w);
    x86_mov_imm(b, X86_RAX, w ? m : (uint32_t)m);
    x86_rr(b, fw, 0xF7, 1, 5, X86_RCX);                       /* imul rcx: rdx = mulsh */
    x86_alu_rr(b, w, X86_ADD, X86_RDX, X86_RCX);
    if (l > 1)
        x86_shift_imm(b, w, SH_SAR, X86_RDX, (uint8_t)(l - 1));
    x86_mov_rr(b, w, X86_RAX, X86_RCX);
    x86_shift_imm(b, w, SH_SAR, X86_RAX, (uint8_t)(bits - 1));
    x86_alu_rr(b, w, X86_SUB, X86_RDX, X86_RAX);
    if (d < 0)
        x86_rr(b, fw, 0xF7, 1, 3, X86_RDX);                   /* neg */
    if (!rem) {
        put(g, a, X86_RDX);
        return true;
    }
    x86_mov_imm(b, X86_RAX, w ? (uint64_t)d : (uint32_t)d);
    x86_rr(b, fw, 0x0FAF, 2, X86_RDX, X86_RAX);               /* imul rdx, rax */
    x86_alu_rr(b, w, X86_SUB, X86_RCX, X86_RDX);
    put(g, a, X86_RCX);
    return true;
}

/* a = b op c for an instruction with an r/m source (opc in its reg, r/m form). */
static void binop(Gen *g, unsigned flags, uint32_t opc, int nopc, bool commutative,
                  uint32_t a, uint32_t bb, uint32_t c)
{
    bool w = flags & X86_W;
    int d = dst_gpr(g, a, X86_RAX);
    if (d != X86_RAX && d == gpr(g, c) && d != gpr(g, bb)) { /* a is c */
        if (commutative) {
            op_src(g, flags, opc, nopc, d, bb);
            return;
        }
        d = X86_RAX;
    }
    load_into(g, d, bb, w);
    op_src(g, flags, opc, nopc, d, c);
    put(g, a, d);
}

static void gen_insn(Gen *g, const VmFunc *f, uint32_t k, uint16_t op)
{
    X86Buf *b = &g->b;
    const VmInsn *in = &f->code[k];
    const Row *rw = jit_rows[op];
    uint32_t a = in->a, bb = in->b, c = in->c;
    int64_t imm = in->imm;
    bool w = rw->w;
    unsigned fw = w ? X86_W : 0;
    g->ra->dirty = g->ra->dirty_in[k];
    Kind kind = (Kind)rw->kind;
    int64_t kv;
    if ((kind == K_ALU || kind == K_MUL || kind == K_SHIFT || kind == K_PTRADD) &&
        known(g->ra, c, k, &kv)) { /* a constant operand: the immediate form */
        kind = kind == K_ALU ? K_ALUI : kind == K_MUL ? K_MULI : kind == K_SHIFT ? K_SHIFTI
                                                                               : K_PTRADDI;
        imm = kv;
    }
    switch (kind) {
    case K_EXIT:
        exit_here(g, k);
        return;
    case K_NOP:
        return;
    case K_CONST32:
    case K_CONST64: {
        uint64_t v = rw->kind == K_CONST32 ? (uint32_t)imm : (uint64_t)imm;
        int r = gpr(g, a);
        if (r >= 0) {
            x86_mov_imm(b, r, v);
        } else if (xmm(g, a) < 0 && fits32((int64_t)v)) {
            x86_rm(b, X86_W, 0xC7, 1, 0, slot(a)); /* mov qword [slot], simm32 */
            x86_u32(b, (uint32_t)v);
        } else {
            x86_mov_imm(b, X86_RAX, v);
            put(g, a, X86_RAX);
        }
        return;
    }
    case K_MOV:
        if (xmm(g, a) >= 0)
            load_x(g, xmm(g, a), bb, is_f32(g, a) ? 4 : 8);
        else
            put(g, a, src_gpr(g, bb, X86_RAX, true));
        return;
    case K_ZEXT32: {
        if (xmm(g, a) >= 0) { /* bits.i32.f32 */
            load_x(g, xmm(g, a), bb, 4);
            return;
        }
        int d = dst_gpr(g, a, X86_RAX), r = gpr(g, bb);
        if (r >= 0)
            x86_mov_rr(b, false, d, r); /* truncates even onto itself */
        else
            load_into(g, d, bb, false);
        put(g, a, d);
        return;
    }
    case K_ALU:
        binop(g, fw, (uint32_t)(rw->sub * 8 + 3), 1, rw->sub != X86_SUB, a, bb, c);
        return;
    case K_MUL:
        binop(g, fw, 0x0FAF, 2, true, a, bb, c);
        return;
    case K_DIV: {
        int64_t dv;
        if (known(g->ra, c, k, &dv) && div_by_constant(g, rw->sub, w, a, bb, dv))
            return;
        load_into(g, X86_RCX, c, w);
        x86_rr(b, fw, 0x85, 1, X86_RCX, X86_RCX); /* test */
        slow_if(g, X86_E, k);
        if (rw->sub == DIV_S || rw->sub == REM_S) {
            x86_alu_imm(b, w, X86_CMP, X86_RCX, -1); /* MIN / -1 and x / -1: the interpreter */
            slow_if(g, X86_E, k);
            load_into(g, X86_RAX, bb, w);
            if (w)
                x86_byte(b, 0x48);
            x86_byte(b, 0x99);                          /* cdq / cqo */
            x86_rr(b, fw, 0xF7, 1, 7, X86_RCX);         /* idiv */
        } else {
            load_into(g, X86_RAX, bb, w);
            x86_mov_imm(b, X86_RDX, 0);
            x86_rr(b, fw, 0xF7, 1, 6, X86_RCX);         /* div */
        }
        put(g, a, rw->sub == REM_S || rw->sub == REM_U ? X86_RDX : X86_RAX);
        return;
    }
    case K_SHIFT: {
        load_into(g, X86_RCX, c, false);
        int d = dst_gpr(g, a, X86_RAX);
        load_into(g, d, bb, w);
        x86_rr(b, fw, 0xD3, 1, rw->sub, d); /* shift by cl (masked as FIR) */
        put(g, a, d);
        return;
    }
    case K_ALUI: {
        int d = dst_gpr(g, a, X86_RAX);
        if (!w || fits32(imm)) {
            load_into(g, d, bb, w);
            x86_alu_imm(b, w, rw->sub, d, (int32_t)imm);
        } else {
            x86_mov_imm(b, X86_RCX, (uint64_t)imm);
            load_into(g, d, bb, w);
            x86_alu_rr(b, w, rw->sub, d, X86_RCX);
        }
        put(g, a, d);
        return;
    }
    case K_MULI: {
        uint64_t m = w ? (uint64_t)imm : (uint32_t)imm;
        int d = dst_gpr(g, a, X86_RAX);
        if (m && (m & (m - 1)) == 0) {                          /* a power of two: shift */
            load_into(g, d, bb, w);
            x86_shift_imm(b, w, SH_SHL, d, (uint8_t)__builtin_ctzll(m));
        } else if (!w || fits32(imm)) {
            op_src(g, fw, 0x69, 1, d, bb);                      /* imul d, b, imm32 */
            x86_u32(b, (uint32_t)imm);
        } else {
            x86_mov_imm(b, X86_RCX, (uint64_t)imm);
            load_into(g, d, bb, w);
            x86_rr(b, X86_W, 0x0FAF, 2, d, X86_RCX);
        }
        put(g, a, d);
        return;
    }
    case K_SHIFTI: {
        int d = dst_gpr(g, a, X86_RAX);
        load_into(g, d, bb, w);
        x86_shift_imm(b, w, rw->sub, d, (uint8_t)(imm & (w ? 63 : 31)));
        put(g, a, d);
        return;
    }
    case K_UNARY: {
        int d = dst_gpr(g, a, X86_RAX);
        load_into(g, d, bb, w);
        x86_rr(b, fw, 0xF7, 1, rw->sub, d);
        put(g, a, d);
        return;
    }
    case K_CMP: {
        X86Cond cc = compare(g, w, bb, c, k, (X86Cond)rw->sub);
        int d = dst_gpr(g, a, X86_RAX);
        x86_setcc(b, cc, d);
        x86_movzx8(b, d, d);
        put(g, a, d);
        return;
    }
    case K_BRCMP:
        jit_branch_if(g, compare(g, w, a, bb, k, (X86Cond)rw->sub), (uint32_t)imm);
        return;
    case K_JMP:
        jit_branch(g, (uint32_t)imm);
        return;
    case K_BR:
        if (gpr(g, a) >= 0)
            x86_rr(b, 0, 0x85, 1, gpr(g, a), gpr(g, a)); /* test */
        else
            x86_alu_mem_imm(b, false, X86_CMP, slot(a), 0);
        jit_branch_if(g, (X86Cond)rw->sub, (uint32_t)imm);
        return;
    case K_FARITH: {
        unsigned n = rw->size, pre = fprefix(n);
        uint32_t opc = 0x0F00u | rw->sub;
        int x = xmm(g, a) >= 0 ? xmm(g, a) : 0;
        if (x != 0 && x == xmm(g, c) && x != xmm(g, bb)) { /* a is c */
            if (rw->sub == FA_ADD || rw->sub == FA_MUL) {
                fop_src(g, pre, opc, x, bb);
                return;
            }
            x = 0;
        }
        load_x(g, x, bb, n);
        fop_src(g, pre, opc, x, c);
        put_x(g, a, x, n);
        return;
    }
    case K_FNEG:
        load_into(g, X86_RAX, bb, true);
        if (rw->size == 8) {
            x86_rr(b, X86_W, 0x0FBA, 2, 7, X86_RAX); /* btc rax, 63 */
            x86_byte(b, 63);
        } else {
            x86_rr(b, 0, 0x0FBA, 2, 7, X86_RAX);     /* btc eax, 31 */
            x86_byte(b, 31);
        }
        put(g, a, X86_RAX);
        return;
    case K_FCMP: {
        unsigned n = rw->size, pre = n == 8 ? X86_66 : 0;
        int d = dst_gpr(g, a, X86_RAX);
        if (rw->sub == FC_LT || rw->sub == FC_LE) { /* b < c as c > b: false when unordered */
            fop_src(g, pre, 0x0F2E, src_x(g, c, 0, n), bb);
            x86_setcc(b, rw->sub == FC_LT ? X86_A : X86_AE, d);
        } else {
            fop_src(g, pre, 0x0F2E, src_x(g, bb, 0, n), c);
            x86_setcc(b, rw->sub == FC_EQ ? X86_E : X86_NE, d);
            x86_setcc(b, rw->sub == FC_EQ ? X86_NP : X86_P, X86_RCX);
            x86_rr(b, X86_BYTE, rw->sub == FC_EQ ? 0x20 : 0x08, 1, X86_RCX, d); /* and/or d8, cl */
        }
        x86_movzx8(b, d, d);
        put(g, a, d);
        return;
    }
    case K_FBR: { /* if a < b: b > a */
        unsigned n = rw->size;
        fop_src(g, n == 8 ? X86_66 : 0, 0x0F2E, src_x(g, bb, 0, n), a);
        jit_branch_if(g, rw->sub == FC_LT ? X86_A : X86_AE, (uint32_t)imm);
        return;
    }
    case K_SEXT32: {
        int d = dst_gpr(g, a, X86_RAX);
        op_src(g, X86_W, 0x63, 1, d, bb); /* movsxd */
        put(g, a, d);
        return;
    }
    case K_EXT: {
        static const uint16_t opc[] = {[EXT_S8] = 0x0FBE, [EXT_U8] = 0x0FB6,
                                       [EXT_S16] = 0x0FBF, [EXT_U16] = 0x0FB7};
        int d = dst_gpr(g, a, X86_RAX);
        bool byte = rw->sub == EXT_S8 || rw->sub == EXT_U8; /* sil, dil need a REX */
        op_src(g, byte ? X86_BYTE : 0, opc[rw->sub], 2, d, bb);
        put(g, a, d);
        return;
    }
    case K_CVT_I2F: {
        unsigned n = rw->size, pre = fprefix(n);
        int x = xmm(g, a) >= 0 ? xmm(g, a) : 0, r = X86_RAX;
        if (w && rw->sub == UNSIGNED) {         /* u64 >= 2^63: the interpreter */
            r = src_gpr(g, bb, X86_RAX, true);
            x86_rr(b, X86_W, 0x85, 1, r, r);
            slow_if(g, X86_S, k);
        }
        x86_rr(b, 0, 0x0F57, 2, x, x);          /* xorps: no dependency on x's old value */
        if (!w && rw->sub == UNSIGNED) {        /* u32: exact as a 64-bit signed value */
            load_into(g, X86_RAX, bb, false);
            x86_rr(b, pre | X86_W, 0x0F2A, 2, x, X86_RAX);
        } else if (w && rw->sub == UNSIGNED) {
            x86_rr(b, pre | X86_W, 0x0F2A, 2, x, r);
        } else {
            op_src(g, pre | fw, 0x0F2A, 2, x, bb);
        }
        put_x(g, a, x, n);
        return;
    }
    case K_CVT_F2I: {
        unsigned pre = fprefix(rw->size);
        if (!w && rw->sub == SIGNED) {           /* indefinite 0x80000000: the interpreter */
            fop_src(g, pre, 0x0F2C, X86_RAX, bb);
            x86_alu_imm(b, false, X86_CMP, X86_RAX, INT32_MIN);
            slow_if(g, X86_E, k);
        } else if (!w) {                         /* u32: a 64-bit result within 0..2^32-1 */
            fop_src(g, pre | X86_W, 0x0F2C, X86_RAX, bb);
            x86_mov_rr(b, true, X86_RCX, X86_RAX);
            x86_shift_imm(b, true, SH_SHR, X86_RCX, 32);
            slow_if(g, X86_NE, k);
        } else if (rw->sub == SIGNED) {          /* indefinite INT64_MIN: the interpreter */
            fop_src(g, pre | X86_W, 0x0F2C, X86_RAX, bb);
            x86_mov_imm(b, X86_RCX, (uint64_t)INT64_MIN);
            x86_alu_rr(b, true, X86_CMP, X86_RAX, X86_RCX);
            slow_if(g, X86_E, k);
        } else {                                 /* u64 >= 2^63 or indefinite: the interpreter */
            fop_src(g, pre | X86_W, 0x0F2C, X86_RAX, bb);
            x86_rr(b, X86_W, 0x85, 1, X86_RAX, X86_RAX);
            slow_if(g, X86_S, k);
        }
        put(g, a, X86_RAX);
        return;
    }
    case K_CVT_FF: {
        int x = xmm(g, a) >= 0 ? xmm(g, a) : 0;
        if (x != 0 && x != xmm(g, bb))
            x86_rr(b, 0, 0x0F57, 2, x, x);      /* xorps */
        fop_src(g, fprefix(rw->size), 0x0F5A, x, bb); /* cvtss2sd / cvtsd2ss */
        put_x(g, a, x, rw->size == 4 ? 8 : 4);
        return;
    }
    case K_PTRADD:
    case K_PTRADDI:
        /* the offset (low half) wraps, the index (high half) stays */
        load_into(g, X86_RAX, bb, true);
        x86_mov_rr(b, false, X86_RCX, X86_RAX);
        x86_alu_rr(b, true, X86_XOR, X86_RAX, X86_RCX);          /* the index alone */
        if (kind == K_PTRADD)
            op_src(g, 0, 0x03, 1, X86_RCX, c);                /* add ecx, c */
        else
            x86_alu_imm(b, false, X86_ADD, X86_RCX, (int32_t)(uint32_t)imm);
        x86_alu_rr(b, true, X86_OR, X86_RAX, X86_RCX);
        put(g, a, X86_RAX);
        return;
    case K_LOAD: {
        address(g, bb, imm, rw->size, false, k);
        X86Mem m = x86_mem(X86_RAX, 0);
        if (xmm(g, a) >= 0) {
            x86_rm(b, fprefix(rw->size), 0x0F10, 2, xmm(g, a), m); /* movss / movsd */
            return;
        }
        int d = dst_gpr(g, a, X86_RAX);
        if (rw->size == 8)
            x86_mov_load(b, true, d, m);
        else if (rw->size == 4)
            x86_mov_load(b, false, d, m);
        else
            x86_rm(b, 0, rw->size == 1 ? (rw->sub == SIGNED ? 0x0FBE : 0x0FB6)
                                       : (rw->sub == SIGNED ? 0x0FBF : 0x0FB7),
                   2, d, m);
        put(g, a, d);
        return;
    }
    case K_CALL:
        if (inlined_at(g->ra->m, k))
            gen_inline_entry(g, f, k, inlined_at(g->ra->m, k));
        else
            gen_call(g, f, k, in, op == FIR_OP_call_ind);
        return;
    case K_SWITCH:
        gen_switch(g, &f->switches[bb], k, a);
        return;
    case K_HCALL:
        gen_hcall(g, f, k, in);
        return;
    case K_ALLOC:
    case K_ALLOCA:
        flush_all_dirty(g);
        save_pc(g, k);
        x86_mov_rr(b, true, X86_RDI, X86_R12);
        x86_mov_load(b, true, X86_RSI, slot(bb));
        call_vm(g, rw->kind == K_ALLOC ? (const void *)vm__alloc : (const void *)vm__alloca);
        put(g, a, X86_RAX);
        reload_after_c(g, k, a);
        return;
    case K_FREE:
        flush_all_dirty(g);
        save_pc(g, k);
        x86_mov_rr(b, true, X86_RDI, X86_R12);
        x86_mov_load(b, true, X86_RSI, slot(a));
        call_vm(g, (const void *)vm__free);
        reload_after_c(g, k, FIR_NOREG);
        return;
    case K_RET:
        gen_ret(g, k, op == FIR_OP_ret ? a : FIR_NOREG);
        return;
    case K_STORE: {
        unsigned n = rw->size;
        address(g, a, imm, n, true, k);
        X86Mem m = x86_mem(X86_RAX, 0);
        if (xmm(g, bb) >= 0) {
            x86_rm(b, fprefix(n), 0x0F11, 2, xmm(g, bb), m); /* movss / movsd */
            return;
        }
        int v = src_gpr(g, bb, X86_RCX, n == 8);
        if (n == 8)
            x86_mov_store(b, true, m, v);
        else if (n == 4)
            x86_mov_store(b, false, m, v);
        else if (n == 2)
            x86_rm(b, X86_66, 0x89, 1, v, m);
        else
            x86_rm(b, X86_BYTE, 0x88, 1, v, m);
        return;
    }
    }
}

/* ------------------------------------------------------------ the analysis */

/* The VM registers instruction k reads and writes, from its format. */
typedef struct Operands {
    uint32_t def, use[3];
    int nuse;
    const uint32_t *args;
    uint32_t nargs;
} Operands;

static void operands(const VmFunc *f, uint32_t k, Operands *o)
{
    const VmInsn *in = &f->code[k];
    FirFormat fmt = fir_op_info[f->jit_ops[k]].format;
    unsigned fl = fir_format_fields[fmt];
    o->def = FIR_NOREG;
    o->nuse = 0;
    o->args = NULL;
    o->nargs = 0;
    if (fl & FIR_FIELD_ARGS) { /* a: destination or FIR_NOREG; b: a register for call.ind */
        o->def = in->a;
        if (fmt == FIR_FMT_CALLI)
            o->use[o->nuse++] = in->b;
        o->args = f->args + in->c;
        o->nargs = (uint32_t)in->imm;
        return;
    }
    if (fl & FIR_FIELD_A) {
        if (fl & FIR_FIELD_DEST)
            o->def = in->a;
        else
            o->use[o->nuse++] = in->a;
    }
    /* b names a global, a function or a switch table in these formats */
    if ((fl & FIR_FIELD_B) && fmt != FIR_FMT_GLOBAL && fmt != FIR_FMT_FUNC &&
        fmt != FIR_FMT_SWITCH)
        o->use[o->nuse++] = in->b;
    if (fl & FIR_FIELD_C)
        o->use[o->nuse++] = in->c;
}

/* Successors of every pc: succ[start[k] .. start[k + 1]). */
static bool successors(const JitMerged *mf, uint32_t **start_out, uint32_t **succ_out)
{
    const VmFunc *f = &mf->f;
    uint32_t n = f->fir->ncode;
    uint32_t *start = calloc((size_t)n + 1, sizeof *start);
    if (!start)
        return false;
    for (int pass = 0; pass < 2; pass++) {
        uint32_t *succ = pass ? *succ_out : NULL;
        size_t m = 0;
        for (uint32_t k = 0; k < n; k++) {
            uint16_t op = f->jit_ops[k];
            const FirOpInfo *oi = &fir_op_info[op];
            if (pass)
                start[k] = (uint32_t)m;
#define SUCC(t) (pass ? (void)(succ[m++] = (t)) : (void)m++)
            if (inlined_at(mf, k))
                SUCC(inlined_at(mf, k)->start);                   /* an inlined call */
            else if (!(oi->flags & FIR_OPF_TERM) && k + 1 < n)
                SUCC(k + 1);
            if (fir_format_fields[oi->format] & FIR_FIELD_LABEL)
                SUCC((uint32_t)f->code[k].imm);
            if (op == FIR_OP_switch) {
                const FirSwitch *sw = &f->fir->switches[f->code[k].b];
                for (uint32_t c = 0; c < sw->ncases; c++)
                    SUCC(sw->cases[c].target);
                SUCC(sw->default_target);
            }
#undef SUCC
        }
        if (!pass) {
            *succ_out = malloc((m ? m : 1) * sizeof **succ_out);
            if (!*succ_out) {
                free(start);
                return false;
            }
        } else {
            start[n] = (uint32_t)m;
        }
    }
    *start_out = start;
    return true;
}

static bool flushes(const Gen *g, const VmFunc *f, uint32_t k)
{
    uint8_t kind = jit_rows[f->jit_ops[k]]->kind;
    if (inlined_at(g->ra->m, k))
        return false; /* an inlined call enters no function */
    if (kind == K_HCALL && pure_host(g->p, f, k) != PURE_NONE)
        return false;
    return kind == K_EXIT || kind == K_CALL || kind == K_HCALL || kind == K_ALLOC ||
           kind == K_ALLOCA || kind == K_FREE;
}

/* Instructions with no exit at all (no slow path, no call). */
static bool may_exit(const Gen *g, const VmFunc *f, uint32_t k)
{
    uint8_t kind = jit_rows[f->jit_ops[k]]->kind;
    if (kind == K_HCALL && pure_host(g->p, f, k) != PURE_NONE)
        return false;
    switch ((Kind)kind) {
    case K_NOP: case K_CONST32: case K_CONST64: case K_MOV: case K_ALU: case K_MUL:
    case K_SHIFT: case K_ALUI: case K_MULI: case K_SHIFTI: case K_UNARY: case K_CMP:
    case K_BRCMP: case K_JMP: case K_BR: case K_FARITH: case K_FNEG: case K_FCMP: case K_FBR:
    case K_SEXT32: case K_ZEXT32: case K_EXT: case K_CVT_FF: case K_PTRADD: case K_PTRADDI:
        return false;
    default:
        return true;
    }
}

/* The pointer register of a load or store, else FIR_NOREG. */
static uint32_t access_ptr(const VmFunc *f, uint32_t k)
{
    uint8_t kind = jit_rows[f->jit_ops[k]]->kind;
    return kind == K_LOAD ? f->code[k].b : kind == K_STORE ? f->code[k].a : FIR_NOREG;
}

/* What is known of the checked entry at the start of pc k. */
static void ec_start(JitRegs *ra, uint32_t k)
{
    if (ra->target[k])
        ra->ec_root = FIR_NOREG, ra->nalias = 0;
    ra->ec_entry[k] = ra->ec_root;
}

/* ... and after it: a runtime call may move or free blocks and the table; a
 * load or store checked its pointer's index; a register written holds
 * another index, unless copied or offset from a pointer (then it has that
 * pointer's index). */
static void ec_after(const Gen *g, const VmFunc *f, uint32_t k)
{
    JitRegs *ra = g->ra;
    if (flushes(g, f, k)) {
        ra->ec_root = FIR_NOREG, ra->nalias = 0;
        return;
    }
    uint32_t ptr = access_ptr(f, k), idx;
    if (ra->ec_on && ptr != FIR_NOREG && !ec_has(ra, ptr) && !static_index(ra, ptr, k, &idx))
        ra->ec_root = root_of(ra, ptr);
    Operands o;
    operands(f, k, &o);
    uint32_t d = o.def;
    if (d == FIR_NOREG)
        return;
    uint8_t kind = jit_rows[f->jit_ops[k]]->kind;
    bool copy = kind == K_MOV || kind == K_PTRADD || kind == K_PTRADDI;
    uint32_t from = copy ? root_of(ra, f->code[k].b) : FIR_NOREG;
    if (from == d)
        return; /* d keeps its index (p = p + n) */
    for (int i = 0; i < ra->nalias; i++) /* d and what has d's old index */
        if (ra->alias[i].reg == d || ra->alias[i].root == d)
            ra->alias[i--] = ra->alias[--ra->nalias];
    if (ra->ec_root == d)
        ra->ec_root = FIR_NOREG;
    if (copy && ra->nalias < (int)(sizeof ra->alias / sizeof *ra->alias))
        ra->alias[ra->nalias].reg = d, ra->alias[ra->nalias++].root = from;
}

/* How often each pc runs per call of the function, estimated statically
 * (the weight of a use when registers are chosen): a branch splits its count
 * evenly between its edges, except that edges leaving a loop (to a pc of
 * lower loop depth) take 1/8 of it together, so a loop runs about 8 times
 * per entry and each case of a switch in a loop counts 1/N of the loop.
 * Pcs are taken in layout order (order[i] is the pc of rank i: pc order, an
 * inlined call's region right after its call; depth_delta is by rank).  A
 * back edge (to a rank not after its own) makes its target a loop header;
 * its loop spans the ranks up to its last back edge.  Loops are solved
 * inner first (the last header first: an inner loop's comes after its outer
 * loop's): a unit of flow from the header through the loop's forward
 * edges (an inner header multiplying what reaches it) returns to the header
 * with probability p, so the header runs 1 / (1 - p) times per entry (p at
 * most MAX_RETURN); then one forward pass from pc 0 gives every pc's count. */
#define MAX_RETURN 0.99
#define WEIGHT_UNIT 64 /* the weight of one use at frequency 1 */
#define NO_LOOP UINT32_MAX

static double *frequencies(uint32_t n, const int32_t *depth_delta, const uint32_t *start,
                           const uint32_t *succ, const uint32_t *order, const uint32_t *rank)
{
    uint32_t nedges = n ? start[n] : 0, nn = n ? n : 1;
    double *freq = calloc(nn, sizeof *freq), *flow = calloc(nn, sizeof *flow);
    double *mult = malloc(nn * sizeof *mult);
    double *share = calloc(nedges ? nedges : 1, sizeof *share); /* per edge */
    uint32_t *level = calloc(nn, sizeof *level);
    uint32_t *tail = malloc(nn * sizeof *tail);
    if (!freq || !flow || !mult || !share || !level || !tail) {
        free(freq), free(flow), free(mult), free(share), free(level), free(tail);
        return NULL;
    }
    for (uint32_t i = 0, d = 0; i < n; i++)
        level[order[i]] = d += (uint32_t)depth_delta[i];
    for (uint32_t k = 0; k < n; k++) {
        uint32_t m = start[k + 1] - start[k], exits = 0;
        for (uint32_t i = start[k]; i < start[k + 1]; i++)
            exits += level[succ[i]] < level[k];
        for (uint32_t i = start[k]; i < start[k + 1]; i++)
            share[i] = exits == 0 || exits == m  ? 1.0 / m
                       : level[succ[i]] < level[k] ? 0.125 / exits
                                                   : 0.875 / (m - exits);
    }
    /* the loops (by rank): header h spans h..tail[h] */
    for (uint32_t j = 0; j < n; j++)
        tail[j] = NO_LOOP, mult[j] = 1.0;
    for (uint32_t k = 0; k < n; k++)
        for (uint32_t i = start[k]; i < start[k + 1]; i++) {
            uint32_t h = rank[succ[i]];
            if (h <= rank[k] && (tail[h] == NO_LOOP || tail[h] < rank[k]))
                tail[h] = rank[k];
        }
    for (uint32_t h = n; h-- > 0;) {
        if (tail[h] == NO_LOOP)
            continue;
        double back = 0;
        for (uint32_t j = h; j <= tail[h]; j++)
            flow[j] = 0;
        flow[h] = 1;
        for (uint32_t j = h; j <= tail[h]; j++) {
            double fj = j != h ? flow[j] * mult[j] : flow[j];
            if (fj == 0)
                continue;
            uint32_t k = order[j];
            for (uint32_t i = start[k]; i < start[k + 1]; i++) {
                uint32_t t = rank[succ[i]];
                if (t == h)
                    back += fj * share[i];
                else if (t > j && t <= tail[h])
                    flow[t] += fj * share[i];
            }
        }
        mult[h] = 1.0 / (1.0 - (back < MAX_RETURN ? back : MAX_RETURN));
    }
    for (uint32_t j = 0; j < n; j++)
        flow[j] = 0;
    if (n)
        flow[0] = 1;
    for (uint32_t j = 0; j < n; j++) {
        uint32_t k = order[j];
        double fk = flow[j] * mult[j];
        if (fk > 1e15)
            fk = 1e15;
        freq[k] = fk;
        for (uint32_t i = start[k]; i < start[k + 1]; i++)
            if (rank[succ[i]] > j)
                flow[rank[succ[i]]] += fk * share[i];
    }
    free(flow), free(mult), free(share), free(level), free(tail);
    return freq;
}

static void free_regs(JitRegs *ra)
{
    free(ra->gpr), free(ra->xmm), free(ra->bit);
    free(ra->live_in), free(ra->live_out), free(ra->dirty_in), free(ra->stub_mask);
    free(ra->target), free(ra->ec_entry), free(ra->fwd_entry), free(ra->fwd_entry_m);
    free(ra->kpc), free(ra->kval), free(ra->clean);
}

/* Chooses the machine registers of f's VM registers (the most used, a use
 * weighted by its pc's estimated frequency), then the dirtiness (may differ
 * from the slot) and the liveness of the chosen ones at every pc.  Every
 * exit writes back every dirty register, so a slot always ends up with the
 * value the interpreter would have there, dead registers included. */
static bool allocate(Gen *g, const JitMerged *mf, JitRegs *ra)
{
    const VmFunc *f = &mf->f;
    uint32_t n = f->fir->ncode, nregs = f->nregs;
    memset(ra, 0, sizeof *ra);
    ra->m = mf;
    ra->own_code = mf->own_code;
    ra->own_regs = mf->own_regs;
    ra->clean = calloc(n ? n : 1, sizeof *ra->clean);
    ra->nregs = nregs;
    ra->ncode = n;
    ra->types = f->fir->reg_types;
    ra->gpr = malloc(nregs ? nregs : 1);
    ra->xmm = malloc(nregs ? nregs : 1);
    ra->bit = malloc(nregs ? nregs : 1);
    ra->live_in = calloc(n, sizeof *ra->live_in);
    ra->live_out = calloc(n, sizeof *ra->live_out);
    ra->dirty_in = calloc(n, sizeof *ra->dirty_in);
    ra->stub_mask = calloc(n, sizeof *ra->stub_mask);
    ra->target = calloc(n ? n : 1, 1);
    ra->ec_entry = malloc((n ? n : 1) * sizeof *ra->ec_entry);
    ra->fwd_entry = malloc((n ? n : 1) * sizeof *ra->fwd_entry);
    ra->fwd_entry_m = malloc(n ? n : 1);
    ra->fwd_reg = FIR_NOREG;
    ra->ec_root = FIR_NOREG;
    for (uint32_t i = 0; i < g->p->mod->nglobals; i++)
        if (g->p->globals[i] > ra->max_global)
            ra->max_global = g->p->globals[i];
    ra->kpc = malloc((nregs ? nregs : 1) * sizeof *ra->kpc);
    ra->kval = calloc(nregs ? nregs : 1, sizeof *ra->kval);
    uint64_t *count = calloc(nregs ? nregs : 1, sizeof *count);
    int32_t *depth = calloc((size_t)n + 1, sizeof *depth);
    uint32_t *order = malloc((n ? n : 1) * sizeof *order);
    uint32_t *rank = malloc((n ? n : 1) * sizeof *rank);
    uint32_t *level = malloc((n ? n : 1) * sizeof *level);
    uint8_t *straight_at = calloc(n ? n : 1, 1);
    uint32_t *start = NULL, *succ = NULL;
    bool ok = ra->gpr && ra->xmm && ra->bit && ra->live_in && ra->live_out && ra->dirty_in &&
              ra->stub_mask && ra->target && ra->ec_entry && ra->fwd_entry && ra->fwd_entry_m &&
              ra->kpc && ra->kval && ra->clean && count && order && rank && level &&
              straight_at && depth && successors(mf, &start, &succ);
    if (!ok) {
        free(count), free(depth), free(order), free(rank), free(level), free(straight_at);
        return false;
    }
    /* layout order: each inlined call's region right after the call */
    for (uint32_t k = 0, i = 0; k < mf->own_code; k++) {
        order[i++] = k;
        uint32_t r = mf->site_region[k];
        for (uint32_t q = r == JIT_NO_REGION ? 0 : mf->regions[r].start;
             r != JIT_NO_REGION && q < mf->regions[r].end; q++)
            order[i++] = q;
    }
    for (uint32_t i = 0; i < n; i++)
        rank[order[i]] = i;
    memset(ra->gpr, -1, nregs);
    memset(ra->xmm, -1, nregs);
    memset(ra->bit, -1, nregs);
    for (uint32_t k = 0; k < n; k++)
        ra->fwd_entry[k] = FIR_NOREG;
    g->ra = ra;
    /* loop depth: every backward edge s <= k (in layout order) covers s..k */
    for (uint32_t k = 0; k < n; k++) {
        for (uint32_t i = start[k]; i < start[k + 1]; i++) {
            if (rank[succ[i]] <= rank[k])
                depth[rank[succ[i]]]++, depth[rank[k] + 1]--;
            if (succ[i] != k + 1)
                ra->target[succ[i]] = 1;
        }
    }
    for (uint32_t i = 0, d = 0; i < n; i++)
        level[order[i]] = d += (uint32_t)depth[i];
    /* constants: a register defined once, by an integer constant in the
     * straight start of the function (no jump into it, no branch out of
     * it), so the definition comes before every later pc on every path */
    {
        /* (a region's own straight start, for its callee's registers) */
        for (uint32_t r = 0; r <= mf->nregions; r++) {
            uint32_t s = r < mf->nregions ? mf->regions[r].start : 0;
            uint32_t e = r < mf->nregions ? mf->regions[r].end : mf->own_code;
            if (s >= e)
                continue;
            straight_at[s] = 1;
            for (uint32_t q = s + 1; q < e && !ra->target[q] && start[q] - start[q - 1] == 1 &&
                                     succ[start[q - 1]] == q;
                 q++)
                straight_at[q] = 1;
        }
        uint32_t *ndefs = calloc(nregs ? nregs : 1, sizeof *ndefs);
        if (!ndefs) {
            free(count), free(depth), free(order), free(rank), free(level), free(straight_at);
            free(start), free(succ);
            return false;
        }
        memset(ra->kpc, 0xFF, (nregs ? nregs : 1) * sizeof *ra->kpc);
        for (uint32_t k = 0; k < n; k++) {
            Operands o;
            operands(f, k, &o);
            if (o.def >= nregs)
                continue;
            ndefs[o.def]++;
            uint8_t kind = jit_rows[f->jit_ops[k]]->kind;
            bool integer = ra->types[o.def] != FIR_F32 && ra->types[o.def] != FIR_F64;
            uint32_t first = f->nparams; /* a parameter holds an argument first */
            if (k >= mf->own_code) {
                const JitRegion *rg = &mf->regions[mf->region_of[k]];
                first = o.def >= rg->base && o.def < rg->base + rg->nregs ? rg->base + rg->nparams
                                                                         : UINT32_MAX;
            }
            if (straight_at[k] && integer && o.def >= first &&
                (kind == K_CONST32 || kind == K_CONST64)) {
                ra->kpc[o.def] = k;
                ra->kval[o.def] = kind == K_CONST32 ? (int64_t)(uint32_t)f->code[k].imm
                                                    : f->code[k].imm;
            }
        }
        for (uint32_t r = 0; r < nregs; r++)
            if (ndefs[r] != 1)
                ra->kpc[r] = UINT32_MAX;
        free(ndefs);
    }
    /* the checked entry pays where a loop reads or writes through a pointer
     * whose index is checked already (R15 is then not allocated) */
    uint64_t ec_hits = 0;
    ra->ec_on = sizeof(GcEntry) == 24;
    double *freq = frequencies(n, depth, start, succ, order, rank);
    free(order), free(rank), free(straight_at);
    if (!freq) {
        free(count), free(depth), free(level), free(start), free(succ);
        return false;
    }
    for (uint32_t k = 0; k < n; k++) {
        uint32_t d = level[k];
        uint64_t wt = (uint64_t)(freq[k] * WEIGHT_UNIT + 0.5);
        ec_start(ra, k);
        uint32_t ptr = access_ptr(f, k), idx;
        if (d > 0 && ptr != FIR_NOREG && ec_has(ra, ptr) && !static_index(ra, ptr, k, &idx))
            ec_hits += wt;
        ec_after(g, f, k);
        Operands o;
        operands(f, k, &o);
        if (o.def < nregs)
            count[o.def] += wt;
        for (int i = 0; i < o.nuse; i++)
            if (o.use[i] < nregs)
                count[o.use[i]] += wt;
        for (uint32_t i = 0; i < o.nargs; i++)
            if (o.args[i] < nregs)
                count[o.args[i]] += wt;
    }
    for (uint32_t r = 0; r < nregs; r++) /* a constant is an immediate or read from its slot */
        if (ra->kpc[r] != UINT32_MAX)
            count[r] = 0;
    /* ... and costs the uses of the register R15 would have held: the
     * NGPR-th most used integer register (a hit saves about 5 instructions,
     * a use of an allocated register about one) */
    uint64_t last = 0;
    if (ra->ec_on && ec_hits > 0) {
        uint64_t above = UINT64_MAX;
        for (int i = 0; i < NGPR; i++) {
            uint64_t next = 0;
            for (uint32_t r = 0; r < nregs; r++)
                if (ra->types[r] != FIR_F32 && ra->types[r] != FIR_F64 && count[r] > WEIGHT_UNIT &&
                    count[r] < above && count[r] > next)
                    next = count[r];
            last = above = next;
        }
    }
    ra->ec_on = ra->ec_on && ec_hits > 0 && ec_hits * 5 > last;
    ra->ec_root = FIR_NOREG, ra->nalias = 0;
    /* the most used of each class, at least 2 uses (a temporary written
     * once and read once stays out of its slot) */
    for (int cls = 0; cls < 2; cls++) {
        int pool = cls ? NXMM : ra->ec_on ? NGPR - 1 : NGPR; /* R15 is the last */
        for (int i = 0; i < pool; i++) {
            uint64_t best = WEIGHT_UNIT;
            uint32_t pick = FIR_NOREG;
            for (uint32_t r = 0; r < nregs; r++) {
                bool fl = ra->types[r] == FIR_F32 || ra->types[r] == FIR_F64;
                if (fl == (cls == 1) && ra->bit[r] < 0 && count[r] > best)
                    best = count[r], pick = r;
            }
            if (pick == FIR_NOREG)
                break;
            int bit = ra->nbits++;
            ra->bit[pick] = (int8_t)bit;
            ra->vreg[bit] = pick;
            if (cls) {
                ra->xmm[pick] = (int8_t)(FIRST_XMM + i);
            } else {
                ra->gpr[pick] = gpr_pool[i];
                if (gpr_pool[i] == X86_R14 || gpr_pool[i] == X86_R15)
                    ra->c_saved |= 1u << bit;
            }
        }
    }
    ra->all = ra->nbits ? (uint32_t)(((uint64_t)1 << ra->nbits) - 1) : 0;
    free(count), free(depth), free(freq), free(level);
    /* liveness (backward) and dirtiness (forward) of the allocated registers */
    uint32_t *use = calloc(n, sizeof *use), *def = calloc(n, sizeof *def);
    if (!use || !def) {
        free(use), free(def), free(start), free(succ);
        return false;
    }
    for (uint32_t k = 0; k < n && ra->nbits; k++) {
        Operands o;
        operands(f, k, &o);
        def[k] = bit_of(g, o.def);
        for (int i = 0; i < o.nuse; i++)
            use[k] |= bit_of(g, o.use[i]);
        for (uint32_t i = 0; i < o.nargs; i++)
            use[k] |= bit_of(g, o.args[i]);
    }
    /* an inlined call's entry sets its region's registers (to their slots);
     * after a return they are dead, their slots beyond the frame */
    for (uint32_t r = 0; r < ra->nregs; r++)
        if (r < mf->own_regs)
            ra->own_bits |= bit_of(g, r);
    for (uint32_t i = 0; i < mf->nregions; i++) {
        const JitRegion *rg = &mf->regions[i];
        uint32_t mask = 0;
        for (uint32_t j = 0; j < rg->nregs; j++)
            mask |= bit_of(g, rg->base + j);
        def[rg->site] |= mask;
        ra->clean[rg->site] = mask;
        for (uint32_t q = rg->start; q < rg->end; q++)
            if (mf->callee_pc[q] == UINT32_MAX && f->jit_ops[q] == FIR_OP_jmp)
                ra->clean[q] = mask;
    }
    for (bool changed = ra->nbits > 0; changed;) {
        changed = false;
        for (uint32_t k = 0; k < n; k++) {
            uint32_t out = (def[k] | (flushes(g, f, k) ? 0 : ra->dirty_in[k])) & ~ra->clean[k];
            for (uint32_t i = start[k]; i < start[k + 1]; i++) {
                uint32_t *in = &ra->dirty_in[succ[i]];
                if ((*in | out) != *in)
                    *in |= out, changed = true;
            }
        }
    }
    /* What must hold its value at each pc: the live registers, and the dirty
     * ones where an exit may write them back (so the slots are always
     * exactly the interpreter's: images, the collector and setjmp see them). */
    for (uint32_t k = 0; k < n; k++)
        if (may_exit(g, f, k))
            use[k] |= ra->dirty_in[k];
    for (bool changed = ra->nbits > 0; changed;) {
        changed = false;
        for (uint32_t k = n; k-- > 0;) {
            uint32_t out = 0;
            for (uint32_t i = start[k]; i < start[k + 1]; i++)
                out |= ra->live_in[succ[i]];
            uint32_t in = use[k] | (out & ~def[k]);
            changed |= in != ra->live_in[k] || out != ra->live_out[k];
            ra->live_in[k] = in, ra->live_out[k] = out;
        }
    }
    free(use), free(def), free(start), free(succ);
    return true;
}

/* ------------------------------------------------------------ the function */

static const int saved[] = {X86_RBX, X86_RBP, X86_R12, X86_R13, X86_R14, X86_R15};

/* The code of function f: prologue (loads the allocated registers, enters
 * at the pc in edx through the offset table), one template per instruction,
 * the entry for calls, exit stubs, the table. */
static bool generate(Gen *g, const JitMerged *mf, bool *compiled, size_t *call_entry)
{
    X86Buf *b = &g->b;
    const VmFunc *f = &mf->f;
    uint32_t n = f->fir->ncode, own = mf->own_code; /* entries only at the caller's own pcs */
    JitRegs ra;
    if (!allocate(g, mf, &ra)) {
        free_regs(&ra);
        g->ra = NULL;
        return false;
    }
    g->before_exit = before_exit;
    for (size_t i = 0; i < sizeof saved / sizeof *saved; i++)
        x86_push(b, saved[i]);
    x86_mov_rr(b, true, X86_RBX, X86_RDI);
    x86_mov_rr(b, true, X86_R12, X86_RSI);
    x86_mov_imm(b, X86_RBP, 0);                               /* no compiled caller */
    reload_heap(g);
    reload(g, ra.own_bits);
    x86_mov_rr(b, false, X86_RDX, X86_RDX);                  /* the pc, zero-extended */
    /* lea rax, [rip + table]; movsxd rcx, [rax + rdx*4]; add rax, rcx; jmp rax */
    x86_byte(b, 0x48), x86_byte(b, 0x8D), x86_byte(b, 0x05);
    size_t table_disp = b->len;
    x86_u32(b, 0);
    x86_rm(b, X86_W, 0x63, 1, X86_RCX, x86_mem_index(X86_RAX, X86_RDX, 4, 0));
    x86_alu_rr(b, true, X86_ADD, X86_RAX, X86_RCX);
    x86_rr(b, 0, 0xFF, 1, 4, X86_RAX);
    /* The exit: eax is the pc of the top frame's instruction for the
     * interpreter; called from compiled code, unwind through the caller. */
    g->exit_label = b->len;
    x86_rr(b, X86_W, 0x85, 1, X86_RBP, X86_RBP);
    size_t nested = x86_jcc(b, X86_NE);
    for (size_t i = sizeof saved / sizeof *saved; i-- > 0;)
        x86_pop(b, saved[i]);
    x86_ret(b);
    x86_patch(b, nested, b->len);
    x86_ret(b);

    for (uint32_t k = 0; k < n; k++) {
        g->off[k] = b->len;
        uint16_t op = f->jit_ops[k];
        if (k < own)
            compiled[k] = jit_rows[op]->kind != K_EXIT;
        ec_start(&ra, k);
        ra.pc = k;
        gen_insn(g, f, k, op);
        ec_after(g, f, k);
    }
    /* A call from compiled code: the arguments in their slots, the other
     * registers 0 (a new frame); only those that must hold their value. */
    *call_entry = b->len;
    for (int i = 0; i < ra.nbits; i++) {
        uint32_t reg = ra.vreg[i];
        if (own == 0 || !(ra.live_in[0] & (1u << i)))
            continue;
        if (reg < f->nparams)
            load_back(g, reg);
        else if (ra.gpr[reg] >= 0)
            x86_mov_imm(b, ra.gpr[reg], 0);
        else
            x86_rr(b, 0, 0x0F57, 2, ra.xmm[reg], ra.xmm[reg]); /* xorps */
    }
    if (own)
        x86_patch(b, x86_jmp(b), g->off[0]);
    /* An entry where a register is forwarded loads it; where the checked
     * entry is known, it checks the index again and sets R15 (or leaves the
     * instruction to the interpreter). */
    size_t *entry = malloc((own ? own : 1) * sizeof *entry);
    if (!entry) {
        free_regs(&ra);
        g->ra = NULL;
        return false;
    }
    for (uint32_t k = 0; k < own; k++) {
        uint32_t reg = ra.ec_entry[k];
        entry[k] = g->off[k];
        if (reg == FIR_NOREG && ra.fwd_entry[k] == FIR_NOREG)
            continue;
        entry[k] = b->len;
        if (ra.fwd_entry[k] != FIR_NOREG)
            x86_mov_load(b, true, ra.fwd_entry_m[k], slot(ra.fwd_entry[k]));
        if (reg == FIR_NOREG) {
            x86_patch(b, x86_jmp(b), g->off[k]);
            continue;
        }
        index_into_rcx(g, reg);
        x86_alu_rm(b, false, X86_CMP, X86_RCX, HEAP(len));
        size_t bad = x86_jcc(b, X86_AE);
        x86_lea(b, true, X86_RCX, x86_mem_index(X86_RCX, X86_RCX, 2, 0));
        x86_lea(b, true, X86_R15, x86_mem_index(X86_R13, X86_RCX, 8, 0));
        x86_patch(b, x86_jmp(b), g->off[k]);
        x86_patch(b, bad, b->len);                 /* every register equals its slot here */
        x86_mov_imm(b, X86_RAX, k);
        x86_patch(b, x86_jmp(b), g->exit_label);
    }
    /* Falling off the end cannot happen (a verified function ends with a
     * terminator); the exit stubs follow. */
    bool ok = jit_gen_patch(g, n) && !ra.no_exit;
    free_regs(&ra);
    g->ra = NULL;
    if (!ok) {
        free(entry);
        return false;
    }
    while (b->len % 4)
        x86_byte(b, 0xCC);
    size_t table = b->len;
    for (uint32_t k = 0; k < own; k++)
        x86_u32(b, (uint32_t)(int32_t)((int64_t)entry[k] - (int64_t)table));
    free(entry);
    x86_patch(b, table_disp, table);
    return !b->oom && !b->bad && !g->oom;
}

/* May instruction k of a callee run inlined: no call, allocation, runtime
 * entry or switch (its exits then need only the callee's frame). */
static bool inlinable(const VmProcess *p, const VmFunc *c, uint32_t k)
{
    switch ((Kind)jit_rows[c->jit_ops[k]]->kind) {
    case K_EXIT: case K_CALL: case K_RET: case K_SWITCH: case K_ALLOC: case K_ALLOCA:
    case K_FREE:
        return false;
    case K_HCALL:
        return pure_host(p, c, k) != PURE_NONE;
    default:
        return true;
    }
}

/* Compiled with its small leaf callees inlined (FIRVM_JIT_INLINE=0: none,
 * for comparisons); again without if that fails. */
bool jit_generate(const VmProcess *p, uint32_t fid, JitCode *out, bool *compiled)
{
    const char *env = getenv("FIRVM_JIT_INLINE");
    bool ok = false;
    for (int attempt = env && strcmp(env, "0") == 0; !ok && attempt < 2; attempt++) {
        JitMerged m;
        Gen g;
        memset(&g, 0, sizeof g);
        ok = jit_merge(p, fid, attempt ? NULL : inlinable, NULL, &m) &&
             jit_gen_init(&g, p, &m.f) && generate(&g, &m, compiled, &out->call_offset);
        if (ok) {
            out->bytes = g.b.p;
            out->len = g.b.len;
            g.b.p = NULL;
            out->inlined = malloc((m.nregions ? m.nregions : 1) * sizeof *out->inlined);
            for (uint32_t i = 0; out->inlined && i < m.nregions; i++) {
                uint32_t j = 0;
                while (j < out->ninlined && out->inlined[j] != m.regions[i].callee)
                    j++;
                if (j == out->ninlined)
                    out->inlined[out->ninlined++] = m.regions[i].callee;
            }
        }
        uint32_t inlined = m.nregions;
        jit_gen_free(&g);
        jit_merge_free(&m);
        if (!ok && inlined == 0)
            break; /* nothing inlined: the same again would fail */
    }
    return ok;
}

#endif
