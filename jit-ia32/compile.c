/*
 * compile.c - the x86-64 back end of the baseline compiler: one template of
 * x86 code per FIR instruction over the VM's register slots (compile32.c is
 * the IA-32 one).
 *
 * How it works
 * - Compiled code works on the same state as the interpreter: VM register
 *   i of the frame is the 8-byte slot r[i] (RBX holds r), 32-bit values stay
 *   zero-extended, and every result is stored to its slot (RAX may still
 *   hold the last one: a load of it is skipped).  So any pc is an entry point
 *   (a table of offsets per pc; an entry expecting RAX loads it first) and
 *   any pc an exit.
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
 *   full stack: the code returns the pc and the interpreter runs the
 *   instruction again, faulting with its message or completing the slow path.
 *   Returned from nested compiled calls, that pc is the top frame's.
 *
 * Machine registers: RBX r, R12 the process, R13 the pointer table, R14D its
 * length, R15D the write epoch, RBP the depth of compiled calls; RAX, RCX,
 * RDX, RSI, RDI, R8 and XMM0-1 are scratch.
 */
#include "jit-ia32/gen.h"
#include "jit-ia32/internal.h"
#include "jit-ia32/rows.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* How each opcode is compiled. */
#if X86_64

typedef JitGen Gen;

static X86Mem slot(uint32_t reg)
{
    return x86_mem(X86_RBX, (int32_t)(reg * 8));
}

static void store_rax(Gen *g, uint32_t reg)
{
    x86_mov_store(&g->b, true, slot(reg), X86_RAX);
    g->cached = reg;
}

static void load_rax(Gen *g, bool w, uint32_t reg)
{
    if (g->incoming != (int64_t)reg)
        x86_mov_load(&g->b, w, X86_RAX, slot(reg));
}

static bool fits32(int64_t v)
{
    return v >= INT32_MIN && v <= INT32_MAX;
}

/* rax = host address of n bytes at pointer slot preg + off; rcx = entry
 * offset in the table; jumps to the slow exit of pc when the checks fail. */
static void address(Gen *g, uint32_t preg, int64_t off, unsigned n, bool store, uint32_t pc)
{
    X86Buf *b = &g->b;
    if (g->incoming == (int64_t)preg) {                           /* the pointer is in rax */
        x86_mov_rr(b, true, X86_RCX, X86_RAX);
        x86_shift_imm(b, true, SH_SHR, X86_RCX, 32);
        x86_mov_rr(b, false, X86_RAX, X86_RAX);
    } else {
        x86_mov_load(b, false, X86_RAX, slot(preg));              /* offset, zero-extended */
        x86_mov_load(b, false, X86_RCX, x86_mem(X86_RBX, (int32_t)(preg * 8 + 4))); /* index */
    }
    if ((uint32_t)off != 0)
        x86_alu_imm(b, false, X86_ADD, X86_RAX, (int32_t)(uint32_t)off); /* wraps in 32 bits */
    x86_alu_rr(b, false, X86_CMP, X86_RCX, X86_R14);
    jit_slow_if(g, X86_AE, pc);
    int scale = 1;
    if (sizeof(GcEntry) == 24) {                                  /* entry = r13 + 8 * 3ix */
        x86_lea(b, true, X86_RCX, x86_mem_index(X86_RCX, X86_RCX, 2, 0));
        scale = 8;
    } else {
        x86_rr(b, X86_W, 0x69, 1, X86_RCX, X86_RCX);
        x86_u32(b, (uint32_t)sizeof(GcEntry));
    }
    x86_lea(b, true, X86_RDX, x86_mem(X86_RAX, (int32_t)n));      /* offset + n */
    x86_mov_load(b, false, X86_RSI, x86_mem_index(X86_R13, X86_RCX, scale,
                                                   (int32_t)offsetof(GcEntry, size)));
    x86_alu_rr(b, true, X86_CMP, X86_RDX, X86_RSI);
    jit_slow_if(g, X86_A, pc);
    if (store) {
        x86_rm(b, 0, 0x39, 1, X86_R15,
               x86_mem_index(X86_R13, X86_RCX, scale, (int32_t)offsetof(GcEntry, stamp)));
        jit_slow_if(g, X86_NE, pc);
    }
    x86_alu_rm(b, true, X86_ADD, X86_RAX,
               x86_mem_index(X86_R13, X86_RCX, scale, (int32_t)offsetof(GcEntry, data)));
}

/* movss/movsd xmm, [m] and the matching arithmetic prefix. */
static unsigned fprefix(unsigned size)
{
    return size == 4 ? X86_F3 : X86_F2;
}

static void fload(Gen *g, int xmm, unsigned size, uint32_t reg)
{
    x86_rm(&g->b, fprefix(size), 0x0F10, 2, xmm, slot(reg));
}

/* Stores xmm0 as a float of `size` into slot reg (f32: zero-extended). */
static void fstore(Gen *g, unsigned size, uint32_t reg)
{
    if (size == 8) {
        x86_rm(&g->b, X86_F2, 0x0F11, 2, 0, slot(reg));
    } else {
        x86_rr(&g->b, X86_66, 0x0F7E, 2, 0, X86_RAX); /* movd eax, xmm0 */
        store_rax(g, reg);
    }
}

static void ucomis(Gen *g, unsigned size, int xmm, uint32_t reg)
{
    x86_rm(&g->b, size == 8 ? X86_66 : 0, 0x0F2E, 2, xmm, slot(reg));
}

/* Native calls nest on the C stack (16 bytes each); deeper ones go through
 * the interpreter, which has no such limit. */
#define JIT_MAX_NATIVE_DEPTH 20000
#define RET_NATIVE 0xFFFFFFFFu /* eax after a compiled return (else: a pc to run) */
#define PROC(field) x86_mem(X86_R12, (int32_t)offsetof(VmProcess, field))

/* A call: when the callee has compiled code and the stacks have room, push
 * its frame as the interpreter's do_call does (registers zeroed, arguments
 * copied, the caller's pc saved) and call the code with RBX at the callee's
 * registers; RBP counts the nesting.  A compiled return comes back with
 * eax = RET_NATIVE and the value in rdx; anything else is the pc of the top
 * frame's instruction for the interpreter: unwind to it.  Otherwise the
 * interpreter makes the call.  An indirect call (call.ind) first makes the
 * interpreter's checks (a FUNC block at offset 0, the callee's signature
 * equal to the site's; anything else is left to the interpreter's messages),
 * then the callee's register count is known only at run time (R9D). */
static void gen_call(Gen *g, const VmFunc *f, uint32_t k, const VmInsn *in, bool indirect)
{
    X86Buf *b = &g->b;
    uint32_t nargs = (uint32_t)in->imm;
    uint32_t callee = in->b, cnregs = 0;
    if (indirect) {
        if (sizeof(GcEntry) != 24) {
            jit_exit_at(g, k);
            return;
        }
        x86_mov_load(b, true, X86_RAX, slot(in->b));
        x86_rr(b, 0, 0x85, 1, X86_RAX, X86_RAX);                   /* offset 0 */
        jit_slow_if(g, X86_NE, k);
        x86_shift_imm(b, true, SH_SHR, X86_RAX, 32);
        x86_alu_rr(b, false, X86_CMP, X86_RAX, X86_R14);
        jit_slow_if(g, X86_AE, k);
        x86_lea(b, true, X86_RCX, x86_mem_index(X86_RAX, X86_RAX, 2, 0));
        x86_rm(b, 0, 0x80, 1, 7, x86_mem_index(X86_R13, X86_RCX, 8,
                                               (int32_t)offsetof(GcEntry, kind)));
        x86_byte(b, GC_KIND_FUNC);                                  /* cmp byte, imm8 */
        jit_slow_if(g, X86_NE, k);
        x86_mov_load(b, false, X86_R10, x86_mem_index(X86_R13, X86_RCX, 8,
                                                       (int32_t)offsetof(GcEntry, aux)));
        x86_rr(b, X86_W, 0x69, 1, X86_R11, X86_R10);               /* r11 = &funcs[callee] */
        x86_u32(b, (uint32_t)sizeof(VmFunc));
        x86_alu_rm(b, true, X86_ADD, X86_R11, PROC(funcs));
        x86_alu_mem_imm(b, false, X86_CMP, x86_mem(X86_R11, (int32_t)offsetof(VmFunc, sig)),
                        (int32_t)(uint32_t)((uint64_t)in->imm >> 32));
        jit_slow_if(g, X86_NE, k);
        x86_mov_load(b, true, X86_R8, x86_mem(X86_R11, (int32_t)offsetof(VmFunc, native_call)));
        x86_mov_load(b, false, X86_R9, x86_mem(X86_R11, (int32_t)offsetof(VmFunc, nregs)));
    } else {
        cnregs = g->p->funcs[callee].nregs;
        if (cnregs > 4096) {
            jit_exit_at(g, k);
            return;
        }
        x86_mov_load(b, true, X86_RAX, PROC(funcs));
        x86_mov_load(b, true, X86_R8, x86_mem(X86_RAX, (int32_t)(callee * sizeof(VmFunc) +
                                                              offsetof(VmFunc, native_call))));
    }
    x86_rr(b, X86_W, 0x85, 1, X86_R8, X86_R8);
    jit_slow_if(g, X86_E, k);                                     /* not compiled */
    x86_alu_imm(b, true, X86_CMP, X86_RBP, JIT_MAX_NATIVE_DEPTH);
    jit_slow_if(g, X86_AE, k);
    x86_mov_load(b, false, X86_RDX, PROC(nframes));
    x86_alu_rm(b, false, X86_CMP, X86_RDX, PROC(cap_frames));
    jit_slow_if(g, X86_AE, k);                                    /* no frame left */
    /* rsi = the callee's registers; their end must be within the register stack */
    x86_lea(b, true, X86_RSI, x86_mem(X86_RBX, (int32_t)(f->nregs * 8)));
    x86_mov_load(b, true, X86_RDI, PROC(cap_regs));
    x86_shift_imm(b, true, SH_SHL, X86_RDI, 3);
    x86_alu_rm(b, true, X86_ADD, X86_RDI, PROC(regs));
    if (indirect)
        x86_lea(b, true, X86_RCX, x86_mem_index(X86_RSI, X86_R9, 8, 0));
    else
        x86_lea(b, true, X86_RCX, x86_mem(X86_RSI, (int32_t)(cnregs * 8)));
    x86_alu_rr(b, true, X86_CMP, X86_RCX, X86_RDI);
    jit_slow_if(g, X86_A, k);
    /* rax = &frames[nframes] (the new frame); the caller's pc */
    x86_mov_rr(b, false, X86_RAX, X86_RDX);
    x86_shift_imm(b, true, SH_SHL, X86_RAX, 5);
    x86_alu_rm(b, true, X86_ADD, X86_RAX, PROC(frames));
    x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)(offsetof(VmFrame, pc) - sizeof(VmFrame))));
    x86_u32(b, k);
    if (indirect) {
        x86_mov_store(b, false, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, func)), X86_R10);
    } else {
        x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, func)));
        x86_u32(b, callee);
    }
    x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, pc)));
    x86_u32(b, 0);
    x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, dst)));
    x86_u32(b, in->a);
    x86_rm(b, 0, 0xC7, 1, 0, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, blocks)));
    x86_u32(b, 0);
    x86_mov_rr(b, true, X86_RDI, X86_RSI);
    x86_alu_rm(b, true, X86_SUB, X86_RDI, PROC(regs));
    x86_shift_imm(b, true, SH_SHR, X86_RDI, 3);
    x86_mov_store(b, true, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, base)), X86_RDI);
    x86_mov_load(b, true, X86_RDI, PROC(next_serial));
    x86_mov_store(b, true, x86_mem(X86_RAX, (int32_t)offsetof(VmFrame, serial)), X86_RDI);
    x86_alu_imm(b, true, X86_ADD, X86_RDI, 1);
    x86_mov_store(b, true, PROC(next_serial), X86_RDI);
    x86_alu_mem_imm(b, false, X86_ADD, PROC(nframes), 1);
    x86_alu_mem_imm(b, true, X86_ADD, PROC(calls), 1);
    /* arguments, then zeros (registers of a new frame are zero) */
    const uint32_t *args = f->args + in->c;
    for (uint32_t i = 0; i < nargs; i++) {
        x86_mov_load(b, true, X86_RDI, slot(args[i]));
        x86_mov_store(b, true, x86_mem(X86_RSI, (int32_t)(i * 8)), X86_RDI);
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
    } else {
        if (nargs < cnregs)
            x86_mov_imm(b, X86_RDI, 0);
        for (uint32_t i = nargs; i < cnregs; i++)
            x86_mov_store(b, true, x86_mem(X86_RSI, (int32_t)(i * 8)), X86_RDI);
    }
    x86_push(b, X86_RBX);
    x86_mov_rr(b, true, X86_RBX, X86_RSI);
    x86_alu_imm(b, true, X86_ADD, X86_RBP, 1);
    x86_rr(b, 0, 0xFF, 1, 2, X86_R8);                         /* call r8 */
    x86_alu_imm(b, true, X86_SUB, X86_RBP, 1);
    x86_pop(b, X86_RBX);
    x86_alu_imm(b, false, X86_CMP, X86_RAX, -1);
    x86_patch(b, x86_jcc(b, X86_NE), g->exit_label);         /* unwind: eax is the pc */
    if (in->a != FIR_NOREG)
        x86_mov_store(b, true, slot(in->a), X86_RDX);
}

/* Reloads the pointer table's base, length and write epoch (after the runtime ran). */
static void reload_heap(Gen *g)
{
    X86Buf *b = &g->b;
    size_t heap = offsetof(VmProcess, heap);
    x86_mov_load(b, true, X86_R13, x86_mem(X86_R12, (int32_t)(heap + offsetof(GcHeap, tab))));
    x86_mov_load(b, false, X86_R14, x86_mem(X86_R12, (int32_t)(heap + offsetof(GcHeap, len))));
    x86_mov_load(b, false, X86_R15, x86_mem(X86_R12, (int32_t)(heap + offsetof(GcHeap, stamp))));
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
 * holds no state of its own). */
static void call_vm(Gen *g, const void *fn)
{
    X86Buf *b = &g->b;
    x86_alu_imm(b, true, X86_SUB, X86_RSP, 8);
    x86_mov_imm(b, X86_RAX, (uint64_t)(uintptr_t)fn);
    x86_rr(b, 0, 0xFF, 1, 2, X86_RAX); /* call rax */
    x86_alu_imm(b, true, X86_ADD, X86_RSP, 8);
    reload_heap(g);
}

/* A host call, as the interpreter's hcall does it: the frame's pc saved (a
 * fault names the line), the arguments copied to a buffer on the C stack,
 * fn(p, args) called with the stack 16-byte aligned, the result stored.  The
 * host may allocate (the table is reloaded after) or end the process (it
 * longjmps past compiled code, which holds no state of its own). */
static void gen_hcall(Gen *g, const VmFunc *f, uint32_t k, const VmInsn *in)
{
    X86Buf *b = &g->b;
    uint32_t nargs = (uint32_t)in->imm;
    if (nargs > 8) {
        jit_exit_at(g, k);
        return;
    }
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
        store_rax(g, in->a);
}

/* A dense switch: the value minus the table's first, bounds-checked, indexes a
 * table of offsets after the jump (relative to the table, like the entry
 * table); sparse ones are left to the interpreter's binary search. */
static void gen_switch(Gen *g, const VmSwitch *sw, uint32_t k, uint32_t reg)
{
    X86Buf *b = &g->b;
    if (!sw->dense || sw->ntable > (1u << 20)) {
        jit_exit_at(g, k);
        return;
    }
    if (sw->is32)
        x86_rm(b, X86_W, 0x63, 1, X86_RAX, slot(reg));       /* movsxd */
    else
        x86_mov_load(b, true, X86_RAX, slot(reg));
    if (fits32(sw->min)) {
        x86_alu_imm(b, true, X86_SUB, X86_RAX, (int32_t)sw->min);
    } else {
        x86_mov_imm(b, X86_RCX, (uint64_t)sw->min);
        x86_alu_rr(b, true, X86_SUB, X86_RAX, X86_RCX);
    }
    x86_mov_imm(b, X86_RCX, sw->ntable);
    x86_alu_rr(b, true, X86_CMP, X86_RAX, X86_RCX);
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

/* A return to compiled code (RBP > 0) of a frame without blocks: pop it,
 * the value in rdx.  Else the interpreter returns. */
static void gen_ret(Gen *g, uint32_t k, uint32_t value)
{
    X86Buf *b = &g->b;
    x86_rr(b, X86_W, 0x85, 1, X86_RBP, X86_RBP);
    jit_slow_if(g, X86_E, k);
    x86_mov_load(b, false, X86_RDX, PROC(nframes));
    x86_shift_imm(b, true, SH_SHL, X86_RDX, 5);
    x86_alu_rm(b, true, X86_ADD, X86_RDX, PROC(frames));
    /* the frame's blocks (alloca) go back as the interpreter's do_ret gives them */
    X86Mem blocks = x86_mem(X86_RDX, (int32_t)(offsetof(VmFrame, blocks) - sizeof(VmFrame)));
    x86_mov_load(b, false, X86_RSI, blocks);
    x86_rr(b, 0, 0x85, 1, X86_RSI, X86_RSI);
    size_t none = x86_jcc(b, X86_E);
    x86_rm(b, 0, 0xC7, 1, 0, blocks);
    x86_u32(b, 0);
    save_pc(g, k);
    x86_mov_rr(b, true, X86_RDI, X86_R12);
    call_vm(g, (const void *)vm__release_frame);
    x86_patch(b, none, b->len);
    x86_alu_mem_imm(b, false, X86_SUB, PROC(nframes), 1);
    if (value != FIR_NOREG)
        x86_mov_load(b, true, X86_RDX, slot(value));
    else
        x86_mov_imm(b, X86_RDX, 0);
    x86_mov_imm(b, X86_RAX, RET_NATIVE);
    x86_ret(b);
}

static void gen_insn(Gen *g, const VmFunc *f, uint32_t k, uint16_t op)
{
    X86Buf *b = &g->b;
    const VmInsn *in = &f->code[k];
    const Row *rw = jit_rows[op];
    g->incoming = g->cached;
    g->cached = -1;
    uint32_t a = in->a, bb = in->b, c = in->c;
    int64_t imm = in->imm;
    bool w = rw->w;
    switch ((Kind)rw->kind) {
    case K_EXIT:
        jit_exit_at(g, k);
        return;
    case K_NOP:
        return;
    case K_CONST32:
        x86_mov_imm(b, X86_RAX, (uint32_t)imm);
        store_rax(g, a);
        return;
    case K_CONST64:
        x86_mov_imm(b, X86_RAX, (uint64_t)imm);
        store_rax(g, a);
        return;
    case K_MOV:
        load_rax(g, true, bb);
        store_rax(g, a);
        return;
    case K_ALU:
        if (g->incoming == (int64_t)c && rw->sub != X86_SUB) /* commutative: b op rax */
            x86_alu_rm(b, w, rw->sub, X86_RAX, slot(bb));
        else {
            load_rax(g, w, bb);
            x86_alu_rm(b, w, rw->sub, X86_RAX, slot(c));
        }
        store_rax(g, a);
        return;
    case K_MUL:
        load_rax(g, w, bb);
        x86_rm(b, w ? X86_W : 0, 0x0FAF, 2, X86_RAX, slot(c));
        store_rax(g, a);
        return;
    case K_DIV:
        x86_mov_load(b, w, X86_RCX, slot(c));
        x86_rr(b, w ? X86_W : 0, 0x85, 1, X86_RCX, X86_RCX); /* test */
        jit_slow_if(g, X86_E, k);
        if (rw->sub == DIV_S || rw->sub == REM_S) {
            x86_alu_imm(b, w, X86_CMP, X86_RCX, -1); /* MIN / -1 and x / -1: the interpreter */
            jit_slow_if(g, X86_E, k);
            load_rax(g, w, bb);
            if (w)
                x86_byte(b, 0x48);
            x86_byte(b, 0x99);                          /* cdq / cqo */
            x86_rr(b, w ? X86_W : 0, 0xF7, 1, 7, X86_RCX); /* idiv */
        } else {
            load_rax(g, w, bb);
            x86_mov_imm(b, X86_RDX, 0);
            x86_rr(b, w ? X86_W : 0, 0xF7, 1, 6, X86_RCX); /* div */
        }
        if (rw->sub == REM_S || rw->sub == REM_U)
            x86_mov_rr(b, w, X86_RAX, X86_RDX);
        store_rax(g, a);
        return;
    case K_SHIFT:
        x86_mov_load(b, false, X86_RCX, slot(c));
        load_rax(g, w, bb);
        x86_rr(b, w ? X86_W : 0, 0xD3, 1, rw->sub, X86_RAX); /* shift by cl (masked as FIR) */
        store_rax(g, a);
        return;
    case K_ALUI:
        load_rax(g, w, bb);
        if (!w || fits32(imm)) {
            x86_alu_imm(b, w, rw->sub, X86_RAX, (int32_t)imm);
        } else {
            x86_mov_imm(b, X86_RCX, (uint64_t)imm);
            x86_alu_rr(b, w, rw->sub, X86_RAX, X86_RCX);
        }
        store_rax(g, a);
        return;
    case K_MULI:
        if (!w || fits32(imm)) {
            x86_rm(b, w ? X86_W : 0, 0x69, 1, X86_RAX, slot(bb));
            x86_u32(b, (uint32_t)imm);
        } else {
            x86_mov_imm(b, X86_RCX, (uint64_t)imm);
            load_rax(g, w, bb);
            x86_rr(b, X86_W, 0x0FAF, 2, X86_RAX, X86_RCX);
        }
        store_rax(g, a);
        return;
    case K_SHIFTI:
        load_rax(g, w, bb);
        x86_shift_imm(b, w, rw->sub, X86_RAX, (uint8_t)(imm & (w ? 63 : 31)));
        store_rax(g, a);
        return;
    case K_UNARY:
        load_rax(g, w, bb);
        x86_rr(b, w ? X86_W : 0, 0xF7, 1, rw->sub, X86_RAX);
        store_rax(g, a);
        return;
    case K_CMP:
        load_rax(g, w, bb);
        x86_alu_rm(b, w, X86_CMP, X86_RAX, slot(c));
        x86_setcc(b, (X86Cond)rw->sub, X86_RAX);
        x86_movzx8(b, X86_RAX, X86_RAX);
        store_rax(g, a);
        return;
    case K_BRCMP:
        load_rax(g, w, a);
        x86_alu_rm(b, w, X86_CMP, X86_RAX, slot(bb));
        jit_branch_if(g, (X86Cond)rw->sub, (uint32_t)imm);
        return;
    case K_JMP:
        jit_branch(g, (uint32_t)imm);
        return;
    case K_BR:
        x86_alu_mem_imm(b, false, X86_CMP, slot(a), 0);
        jit_branch_if(g, (X86Cond)rw->sub, (uint32_t)imm);
        return;
    case K_FARITH:
        fload(g, 0, rw->size, bb);
        x86_rm(b, fprefix(rw->size), 0x0F00u | rw->sub, 2, 0, slot(c));
        fstore(g, rw->size, a);
        return;
    case K_FNEG:
        load_rax(g, true, bb);
        if (rw->size == 8) {
            x86_rr(b, X86_W, 0x0FBA, 2, 7, X86_RAX); /* btc rax, 63 */
            x86_byte(b, 63);
        } else {
            x86_rr(b, 0, 0x0FBA, 2, 7, X86_RAX);     /* btc eax, 31 */
            x86_byte(b, 31);
        }
        store_rax(g, a);
        return;
    case K_FCMP:
        if (rw->sub == FC_LT || rw->sub == FC_LE) { /* b < c as c > b: false when unordered */
            fload(g, 0, rw->size, c);
            ucomis(g, rw->size, 0, bb);
            x86_setcc(b, rw->sub == FC_LT ? X86_A : X86_AE, X86_RAX);
        } else {
            fload(g, 0, rw->size, bb);
            ucomis(g, rw->size, 0, c);
            x86_setcc(b, rw->sub == FC_EQ ? X86_E : X86_NE, X86_RAX);
            x86_setcc(b, rw->sub == FC_EQ ? X86_NP : X86_P, X86_RCX);
            x86_rr(b, X86_BYTE, rw->sub == FC_EQ ? 0x20 : 0x08, 1, X86_RCX, X86_RAX); /* and/or al, cl */
        }
        x86_movzx8(b, X86_RAX, X86_RAX);
        store_rax(g, a);
        return;
    case K_FBR: /* if a < b: b > a */
        fload(g, 0, rw->size, bb);
        ucomis(g, rw->size, 0, a);
        jit_branch_if(g, rw->sub == FC_LT ? X86_A : X86_AE, (uint32_t)imm);
        return;
    case K_SEXT32:
        x86_rm(b, X86_W, 0x63, 1, X86_RAX, slot(bb)); /* movsxd */
        store_rax(g, a);
        return;
    case K_ZEXT32:
        load_rax(g, false, bb);
        store_rax(g, a);
        return;
    case K_EXT: {
        static const uint16_t opc[] = {[EXT_S8] = 0x0FBE, [EXT_U8] = 0x0FB6,
                                       [EXT_S16] = 0x0FBF, [EXT_U16] = 0x0FB7};
        x86_rm(b, 0, opc[rw->sub], 2, X86_RAX, slot(bb));
        store_rax(g, a);
        return;
    }
    case K_CVT_I2F: {
        unsigned pre = fprefix(rw->size);
        if (!w && rw->sub == UNSIGNED) {        /* u32: exact as a 64-bit signed value */
            load_rax(g, false, bb);
            x86_rr(b, pre | X86_W, 0x0F2A, 2, 0, X86_RAX);
        } else if (w && rw->sub == UNSIGNED) {  /* u64 >= 2^63: the interpreter */
            load_rax(g, true, bb);
            x86_rr(b, X86_W, 0x85, 1, X86_RAX, X86_RAX);
            jit_slow_if(g, X86_S, k);
            x86_rr(b, pre | X86_W, 0x0F2A, 2, 0, X86_RAX);
        } else {
            x86_rm(b, pre | (w ? X86_W : 0), 0x0F2A, 2, 0, slot(bb));
        }
        fstore(g, rw->size, a);
        return;
    }
    case K_CVT_F2I: {
        unsigned pre = fprefix(rw->size);
        if (!w && rw->sub == SIGNED) {           /* indefinite 0x80000000: the interpreter */
            x86_rm(b, pre, 0x0F2C, 2, X86_RAX, slot(bb));
            x86_alu_imm(b, false, X86_CMP, X86_RAX, INT32_MIN);
            jit_slow_if(g, X86_E, k);
        } else if (!w) {                         /* u32: a 64-bit result within 0..2^32-1 */
            x86_rm(b, pre | X86_W, 0x0F2C, 2, X86_RAX, slot(bb));
            x86_mov_rr(b, true, X86_RCX, X86_RAX);
            x86_shift_imm(b, true, SH_SHR, X86_RCX, 32);
            jit_slow_if(g, X86_NE, k);
        } else if (rw->sub == SIGNED) {          /* indefinite INT64_MIN: the interpreter */
            x86_rm(b, pre | X86_W, 0x0F2C, 2, X86_RAX, slot(bb));
            x86_mov_imm(b, X86_RCX, (uint64_t)INT64_MIN);
            x86_alu_rr(b, true, X86_CMP, X86_RAX, X86_RCX);
            jit_slow_if(g, X86_E, k);
        } else {                                 /* u64 >= 2^63 or indefinite: the interpreter */
            x86_rm(b, pre | X86_W, 0x0F2C, 2, X86_RAX, slot(bb));
            x86_rr(b, X86_W, 0x85, 1, X86_RAX, X86_RAX);
            jit_slow_if(g, X86_S, k);
        }
        store_rax(g, a);
        return;
    }
    case K_CVT_FF:
        x86_rm(b, fprefix(rw->size), 0x0F5A, 2, 0, slot(bb)); /* cvtss2sd / cvtsd2ss */
        fstore(g, rw->size == 4 ? 8 : 4, a);
        return;
    case K_PTRADD:
    case K_PTRADDI:
        if (rw->kind == K_PTRADD && g->incoming == (int64_t)c && c != bb) {
            x86_mov_rr(b, false, X86_RCX, X86_RAX);           /* the offset, cached */
            x86_mov_load(b, true, X86_RAX, slot(bb));
            x86_alu_rr(b, false, X86_ADD, X86_RCX, X86_RAX);
        } else {
            load_rax(g, true, bb);
            x86_mov_rr(b, false, X86_RCX, X86_RAX);
            if (rw->kind == K_PTRADD)
                x86_alu_rm(b, false, X86_ADD, X86_RCX, slot(c));
            else
                x86_alu_imm(b, false, X86_ADD, X86_RCX, (int32_t)(uint32_t)imm);
        }
        x86_shift_imm(b, true, SH_SHR, X86_RAX, 32);
        x86_shift_imm(b, true, SH_SHL, X86_RAX, 32);
        x86_alu_rr(b, true, X86_OR, X86_RAX, X86_RCX);
        store_rax(g, a);
        return;
    case K_LOAD: {
        address(g, bb, imm, rw->size, false, k);
        X86Mem m = x86_mem(X86_RAX, 0);
        if (rw->size == 8)
            x86_mov_load(b, true, X86_RAX, m);
        else if (rw->size == 4)
            x86_mov_load(b, false, X86_RAX, m);
        else
            x86_rm(b, 0, rw->size == 1 ? (rw->sub == SIGNED ? 0x0FBE : 0x0FB6)
                                       : (rw->sub == SIGNED ? 0x0FBF : 0x0FB7),
                   2, X86_RAX, m);
        store_rax(g, a);
        return;
    }
    case K_CALL:
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
        save_pc(g, k);
        x86_mov_rr(b, true, X86_RDI, X86_R12);
        x86_mov_load(b, true, X86_RSI, slot(bb));
        call_vm(g, rw->kind == K_ALLOC ? (const void *)vm__alloc : (const void *)vm__alloca);
        store_rax(g, a);
        return;
    case K_FREE:
        save_pc(g, k);
        x86_mov_rr(b, true, X86_RDI, X86_R12);
        x86_mov_load(b, true, X86_RSI, slot(a));
        call_vm(g, (const void *)vm__free);
        return;
    case K_RET:
        gen_ret(g, k, op == FIR_OP_ret ? a : FIR_NOREG);
        return;
    case K_STORE: {
        bool value_cached = g->incoming == (int64_t)bb;
        if (value_cached)
            x86_mov_rr(b, true, X86_R8, X86_RAX);
        address(g, a, imm, rw->size, true, k);
        if (!value_cached)
            x86_mov_load(b, true, X86_R8, slot(bb));
        X86Mem m = x86_mem(X86_RAX, 0);
        if (rw->size == 8)
            x86_mov_store(b, true, m, X86_R8);
        else if (rw->size == 4)
            x86_mov_store(b, false, m, X86_R8);
        else if (rw->size == 2)
            x86_rm(b, X86_66, 0x89, 1, X86_R8, m);
        else
            x86_rm(b, X86_BYTE, 0x88, 1, X86_R8, m);
        return;
    }
    }
}

static const int saved[] = {X86_RBX, X86_RBP, X86_R12, X86_R13, X86_R14, X86_R15};

/* The code of function f: prologue (enters at the pc in edx through the
 * offset table), one template per instruction, exit stubs, the table. */
static bool generate(Gen *g, const VmFunc *f, bool *compiled, size_t *call_entry)
{
    X86Buf *b = &g->b;
    uint32_t n = f->fir->ncode;
    for (size_t i = 0; i < sizeof saved / sizeof *saved; i++)
        x86_push(b, saved[i]);
    x86_mov_rr(b, true, X86_RBX, X86_RDI);
    x86_mov_rr(b, true, X86_R12, X86_RSI);
    x86_mov_imm(b, X86_RBP, 0);                               /* no compiled caller */
    reload_heap(g);
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

    bool *target = calloc(n, sizeof *target);
    int64_t *cache_at = malloc(n * sizeof *cache_at);
    if (!target || !cache_at) {
        free(target), free(cache_at);
        return false;
    }
    for (uint32_t k = 0; k < n; k++) {
        uint8_t kind = jit_rows[f->jit_ops[k]]->kind;
        if (kind == K_BRCMP || kind == K_JMP || kind == K_BR || kind == K_FBR) {
            target[f->code[k].imm] = true;
        } else if (kind == K_SWITCH) {
            const VmSwitch *sw = &f->switches[f->code[k].b];
            target[sw->def] = true;
            for (uint32_t i = 0; sw->dense && i < sw->ntable; i++)
                target[sw->table[i]] = true;
        }
    }
    g->cached = -1;
    for (uint32_t k = 0; k < n; k++) {
        if (target[k])
            g->cached = -1;
        cache_at[k] = g->cached;
        g->off[k] = b->len;
        uint16_t op = f->jit_ops[k];
        compiled[k] = jit_rows[op]->kind != K_EXIT;
        gen_insn(g, f, k, op);
    }
    free(target);
    /* Falling off the end cannot happen (a verified function ends with a
     * terminator); the exit stubs follow. */
    if (!jit_gen_patch(g, n)) {
        free(cache_at);
        return false;
    }
    *call_entry = g->off[0];
    /* An entry from the interpreter at a pc that expects RAX loaded loads it. */
    size_t *entry = malloc(n * sizeof *entry);
    if (!entry) {
        free(cache_at);
        return false;
    }
    for (uint32_t k = 0; k < n; k++) {
        entry[k] = g->off[k];
        if (cache_at[k] >= 0) {
            entry[k] = b->len;
            x86_mov_load(b, true, X86_RAX, slot((uint32_t)cache_at[k]));
            x86_patch(b, x86_jmp(b), g->off[k]);
        }
    }
    free(cache_at);
    while (b->len % 4)
        x86_byte(b, 0xCC);
    size_t table = b->len;
    for (uint32_t k = 0; k < n; k++)
        x86_u32(b, (uint32_t)(int32_t)((int64_t)entry[k] - (int64_t)table));
    free(entry);
    x86_patch(b, table_disp, table);
    return !b->oom && !b->bad && !g->oom;
}

bool jit_generate(const VmProcess *p, uint32_t fid, JitCode *out, bool *compiled)
{
    const VmFunc *f = &p->funcs[fid];
    Gen g;
    bool ok = jit_gen_init(&g, p, f) && generate(&g, f, compiled, &out->call_offset);
    if (ok) {
        out->bytes = g.b.p;
        out->len = g.b.len;
        g.b.p = NULL;
    }
    jit_gen_free(&g);
    return ok;
}

#endif
