/*
 * compile32.c - the IA-32 back end of the baseline compiler (the 32-bit
 * build): the same design as compile.c (templates over the VM's 8-byte
 * register slots, any pc an entry and an exit, failed checks and everything
 * not compiled left to the interpreter), with 32-bit machine registers.
 *
 * A slot is two dwords: low at r + 8i, high at r + 8i + 4; a 32-bit value
 * keeps its high dword 0.  Compiled inline: constants and moves, i32
 * arithmetic, comparisons, shifts, division; i64 addition, subtraction,
 * logic, negation, multiplication, shifts, comparisons and branches, i64
 * division and remainder (after the interpreter's checks, by C helpers);
 * extensions; pointer arithmetic and equality; loads and stores with the
 * interpreter's checks; jumps and dense switches (a jump table); with SSE2,
 * f32/f64 arithmetic, comparisons, branches and signed i32 conversions.
 * Calls and returns between compiled functions, direct and indirect (with
 * call.ind's checks), returns of frames with blocks; host calls, alloc,
 * alloca and free as direct calls of the C functions, the pc saved first.
 * Left to the interpreter: the other conversions (i64 and unsigned to and
 * from floats), sparse switches, blocksize, setjmp and longjmp,
 * speculation, migration, and every failed check.
 *
 * Machine registers: EBX r, ESI the process, EDI the pointer table, EBP the
 * depth of compiled calls; EAX, ECX, EDX scratch.  Entry (cdecl):
 * uint32_t code(VmSlot *r, VmProcess *p, uint32_t pc).
 */
#include "jit-ia32/gen.h"
#include "jit-ia32/internal.h"
#include "jit-ia32/rows.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#if !X86_64

enum { EAX = X86_RAX, ECX = X86_RCX, EDX = X86_RDX, EBX = X86_RBX, ESP = X86_RSP,
       EBP = X86_RBP, ESI = X86_RSI, EDI = X86_RDI };
enum { ADC = 2, SBB = 3 };

typedef JitGen Gen;

static X86Mem lo(uint32_t reg)
{
    return x86_mem(EBX, (int32_t)(reg * 8));
}

static X86Mem hi(uint32_t reg)
{
    return x86_mem(EBX, (int32_t)(reg * 8 + 4));
}

#define PROC(field) x86_mem(ESI, (int32_t)offsetof(VmProcess, field))
#define HEAP(field) x86_mem(ESI, (int32_t)(offsetof(VmProcess, heap) + offsetof(GcHeap, field)))

static void mov_mem_imm(Gen *g, X86Mem m, uint32_t v)
{
    x86_rm(&g->b, 0, 0xC7, 1, 0, m);
    x86_u32(&g->b, v);
}

/* slot a = eax, zero-extended */
static void store32(Gen *g, uint32_t a)
{
    x86_mov_store(&g->b, false, lo(a), EAX);
    mov_mem_imm(g, hi(a), 0);
}

/* slot a = edx:eax */
static void store64(Gen *g, uint32_t a)
{
    x86_mov_store(&g->b, false, lo(a), EAX);
    x86_mov_store(&g->b, false, hi(a), EDX);
}

static void load64(Gen *g, uint32_t b)
{
    x86_mov_load(&g->b, false, EAX, lo(b));
    x86_mov_load(&g->b, false, EDX, hi(b));
}

/* edx = host address of n bytes at pointer slot preg + off, checked as the
 * interpreter checks (index, offset + n against the size, for stores the
 * write epoch); the slow exit of pc otherwise. */
static void address(Gen *g, uint32_t preg, int64_t off, unsigned n, bool store, uint32_t pc)
{
    X86Buf *b = &g->b;
    x86_mov_load(b, false, ECX, hi(preg));                  /* index */
    x86_mov_load(b, false, EDX, lo(preg));                  /* offset */
    if ((uint32_t)off != 0)
        x86_alu_imm(b, false, X86_ADD, EDX, (int32_t)(uint32_t)off);
    x86_alu_rm(b, false, X86_CMP, ECX, HEAP(len));
    jit_slow_if(g, X86_AE, pc);
    x86_rr(b, 0, 0x69, 1, ECX, ECX);                        /* imul ecx, ecx, size */
    x86_u32(b, (uint32_t)sizeof(GcEntry));
    x86_mov_rr(b, false, EAX, EDX);
    x86_alu_imm(b, false, X86_ADD, EAX, (int32_t)n);
    jit_slow_if(g, X86_B, pc);                                  /* offset + n past 2^32 */
    x86_alu_rm(b, false, X86_CMP, EAX,
               x86_mem_index(EDI, ECX, 1, (int32_t)offsetof(GcEntry, size)));
    jit_slow_if(g, X86_A, pc);
    if (store) {
        x86_mov_load(b, false, EAX, HEAP(stamp));
        x86_alu_rm(b, false, X86_CMP, EAX,
                   x86_mem_index(EDI, ECX, 1, (int32_t)offsetof(GcEntry, stamp)));
        jit_slow_if(g, X86_NE, pc);
    }
    x86_alu_rm(b, false, X86_ADD, EDX,
               x86_mem_index(EDI, ECX, 1, (int32_t)offsetof(GcEntry, data)));
}

/* Floating point needs SSE2 (every x86-64 machine has it; a 32-bit CPU or an
 * emulator may not): without it the float rows stay with the interpreter. */
static bool has_sse2(void)
{
    static int known = -1;
    if (known < 0)
        known = __builtin_cpu_supports("sse2") ? 1 : 0;
    return known;
}

static unsigned fprefix(unsigned size)
{
    return size == 4 ? X86_F3 : X86_F2;
}

/* xmm0 = the float in slot reg. */
static void fload(Gen *g, unsigned size, uint32_t reg)
{
    x86_rm(&g->b, fprefix(size), 0x0F10, 2, 0, lo(reg));
}

/* slot a = xmm0 as a float of `size` (f32: the high dword 0). */
static void fstore(Gen *g, unsigned size, uint32_t a)
{
    x86_rm(&g->b, fprefix(size), 0x0F11, 2, 0, lo(a));
    if (size == 4)
        mov_mem_imm(g, hi(a), 0);
}

/* Jumps to target when slot a <cond> slot b, as 64-bit values: the high
 * dwords decide unless equal (signed or unsigned), then the low (unsigned). */
static void branch64(Gen *g, X86Cond cc, uint32_t a, uint32_t b, uint32_t target)
{
    X86Buf *bf = &g->b;
    if (cc == X86_E || cc == X86_NE) {
        load64(g, a);
        x86_alu_rm(bf, false, X86_XOR, EAX, lo(b));
        x86_alu_rm(bf, false, X86_XOR, EDX, hi(b));
        x86_alu_rr(bf, false, X86_OR, EAX, EDX);
        jit_branch_if(g, cc, target);
        return;
    }
    bool is_signed = cc == X86_L || cc == X86_LE;
    X86Cond less = is_signed ? X86_L : X86_B, more = is_signed ? X86_G : X86_A;
    X86Cond low = (cc == X86_L || cc == X86_B) ? X86_B : X86_BE;
    x86_mov_load(bf, false, EAX, hi(a));
    x86_alu_rm(bf, false, X86_CMP, EAX, hi(b));
    jit_branch_if(g, less, target);
    size_t skip = x86_jcc(bf, more);
    x86_mov_load(bf, false, EAX, lo(a));
    x86_alu_rm(bf, false, X86_CMP, EAX, lo(b));
    jit_branch_if(g, low, target);
    x86_patch(bf, skip, bf->len);
}

/* frames[nframes - 1].pc = k: where a fault or the collector sees the frame. */
static void save_pc(Gen *g, uint32_t k)
{
    X86Buf *b = &g->b;
    x86_mov_load(b, false, EDX, PROC(nframes));
    x86_rr(b, 0, 0x69, 1, EDX, EDX);
    x86_u32(b, (uint32_t)sizeof(VmFrame));
    x86_alu_rm(b, false, X86_ADD, EDX, PROC(frames));
    mov_mem_imm(g, x86_mem(EDX, (int32_t)(offsetof(VmFrame, pc) - sizeof(VmFrame))), k);
}

/* Calls of C (cdecl): compiled code does not keep esp 16-byte aligned (the
 * C caller's alignment, 4 pushes, 8 bytes per nested call), so a call site
 * aligns it and keeps the old esp above `args` bytes of outgoing arguments.
 * Returns the bytes reserved; c_leave(g, room) restores esp. */
static int32_t c_enter(Gen *g, int32_t args)
{
    X86Buf *b = &g->b;
    int32_t room = (args + 4 + 15) & ~15;
    x86_mov_rr(b, false, EAX, ESP);
    x86_alu_imm(b, false, X86_AND, ESP, -16);
    x86_alu_imm(b, false, X86_SUB, ESP, room);
    x86_mov_store(b, false, x86_mem(ESP, room - 4), EAX);
    return room;
}

static void c_call(Gen *g, const void *fn)
{
    x86_mov_imm(&g->b, ECX, (uint32_t)(uintptr_t)fn);
    x86_rr(&g->b, 0, 0xFF, 1, 2, ECX);                          /* call ecx */
}

static void c_leave(Gen *g, int32_t room)
{
    x86_mov_load(&g->b, false, ESP, x86_mem(ESP, room - 4));
}

/* fn(p, slot reg as 64 bits) for a VM function; its 64-bit result in
 * edx:eax; the table reloaded (it may allocate, collect, or fault: a fault
 * longjmps past compiled code, which keeps every value in its slot). */
static void call_vm(Gen *g, const void *fn, uint32_t reg)
{
    X86Buf *b = &g->b;
    int32_t room = c_enter(g, 12);
    x86_mov_store(b, false, x86_mem(ESP, 0), ESI);
    x86_mov_load(b, false, ECX, lo(reg));
    x86_mov_store(b, false, x86_mem(ESP, 4), ECX);
    x86_mov_load(b, false, ECX, hi(reg));
    x86_mov_store(b, false, x86_mem(ESP, 8), ECX);
    c_call(g, fn);
    c_leave(g, room);
    x86_mov_load(b, false, EDI, HEAP(tab));
}

/* A host call, as the interpreter's hcall: the frame's pc saved (a fault
 * names the line), the arguments copied to a buffer on the C stack,
 * VmSlot fn(p, args) called directly, the result stored, the table
 * reloaded (the host may allocate or collect; ending the process or
 * faulting, it longjmps past compiled code, whose values are all in their
 * slots already).  The i386 ABI returns a union in memory: the caller passes
 * the address first, the callee returns it in eax (and pops it).  Stack:
 * [0] result address, [4] p, [8] args, [12] old esp, [16] result, [24] args. */
static void gen_hcall(Gen *g, const VmFunc *f, uint32_t k, const VmInsn *in)
{
    X86Buf *b = &g->b;
    uint32_t nargs = (uint32_t)in->imm;
    if (nargs > 8) {
        jit_exit_at(g, k);
        return;
    }
    save_pc(g, k);
    int32_t room = (int32_t)((24 + nargs * 8 + 15) & ~15u);
    x86_mov_rr(b, false, EAX, ESP);
    x86_alu_imm(b, false, X86_AND, ESP, -16);
    x86_alu_imm(b, false, X86_SUB, ESP, room);
    x86_mov_store(b, false, x86_mem(ESP, 12), EAX);
    const uint32_t *args = f->args + in->c;
    for (uint32_t i = 0; i < nargs; i++) {
        x86_mov_load(b, false, EAX, lo(args[i]));
        x86_mov_store(b, false, x86_mem(ESP, (int32_t)(24 + i * 8)), EAX);
        x86_mov_load(b, false, EAX, hi(args[i]));
        x86_mov_store(b, false, x86_mem(ESP, (int32_t)(28 + i * 8)), EAX);
    }
    x86_lea(b, false, EAX, x86_mem(ESP, 16));
    x86_mov_store(b, false, x86_mem(ESP, 0), EAX);
    x86_mov_store(b, false, x86_mem(ESP, 4), ESI);
    x86_lea(b, false, EAX, x86_mem(ESP, 24));
    x86_mov_store(b, false, x86_mem(ESP, 8), EAX);
    x86_mov_load(b, false, EAX, PROC(hosts));
    x86_rm(b, 0, 0xFF, 1, 2, x86_mem(EAX, (int32_t)(in->b * sizeof(VmHostFn *)))); /* call */
    x86_mov_load(b, false, EDX, x86_mem(EAX, 4));
    x86_mov_load(b, false, ECX, x86_mem(EAX, 0));
    x86_mov_load(b, false, ESP, x86_mem(EAX, -4));              /* the old esp */
    x86_mov_load(b, false, EDI, HEAP(tab));
    if (in->a != FIR_NOREG) {
        x86_mov_store(b, false, lo(in->a), ECX);
        x86_mov_store(b, false, hi(in->a), EDX);
    }
}

#define JIT_MAX_NATIVE_DEPTH 20000 /* compiled calls nest on the C stack (8 bytes each) */

/* Dense switches of a bounded table compile to a jump table. */
static bool switch_ok(const VmSwitch *sw)
{
    return sw->dense && sw->ntable <= (1u << 20);
}

static bool direct_call_ok(const Gen *g, const VmInsn *in)
{
    return g->p->funcs[in->b].nregs <= 4096;
}

/* A call between compiled functions, as compile.c's gen_call: the frame
 * pushed as do_call does, EBX at the callee's registers, EBP the depth; a
 * compiled return gives eax = -1 and the value in ecx:edx, anything else is
 * the top frame's pc for the interpreter.  An indirect call first makes
 * call.ind's checks of the pointer (offset 0, index within the table, a FUNC
 * entry, the same signature): any failure, like a callee not compiled or no
 * room for its frame, leaves the call to the interpreter. */
static void gen_call(Gen *g, const VmFunc *f, uint32_t k, const VmInsn *in, bool indirect)
{
    X86Buf *b = &g->b;
    uint32_t callee = in->b, nargs = (uint32_t)in->imm;
    uint32_t cnregs = indirect ? 0 : g->p->funcs[callee].nregs;
    if (indirect) {
        x86_mov_load(b, false, EAX, lo(in->b));
        x86_rr(b, 0, 0x85, 1, EAX, EAX);
        jit_slow_if(g, X86_NE, k);                              /* offset 0 */
        x86_mov_load(b, false, EAX, hi(in->b));
        x86_alu_rm(b, false, X86_CMP, EAX, HEAP(len));
        jit_slow_if(g, X86_AE, k);
        x86_rr(b, 0, 0x69, 1, EAX, EAX);                        /* imul eax, eax, size */
        x86_u32(b, (uint32_t)sizeof(GcEntry));
        x86_rm(b, 0, 0x80, 1, 7, x86_mem_index(EDI, EAX, 1, (int32_t)offsetof(GcEntry, kind)));
        x86_byte(b, GC_KIND_FUNC);                              /* cmp byte, imm8 */
        jit_slow_if(g, X86_NE, k);
        x86_mov_load(b, false, EAX, x86_mem_index(EDI, EAX, 1, (int32_t)offsetof(GcEntry, aux)));
        x86_rr(b, 0, 0x69, 1, ECX, EAX);                        /* ecx = &funcs[callee] */
        x86_u32(b, (uint32_t)sizeof(VmFunc));
        x86_alu_rm(b, false, X86_ADD, ECX, PROC(funcs));
        x86_alu_mem_imm(b, false, X86_CMP, x86_mem(ECX, (int32_t)offsetof(VmFunc, sig)),
                        (int32_t)(uint32_t)((uint64_t)in->imm >> 32));
        jit_slow_if(g, X86_NE, k);
        x86_alu_mem_imm(b, false, X86_CMP, x86_mem(ECX, (int32_t)offsetof(VmFunc, native_call)), 0);
        jit_slow_if(g, X86_E, k);                               /* not compiled */
    }
    x86_alu_imm(b, false, X86_CMP, EBP, JIT_MAX_NATIVE_DEPTH);
    jit_slow_if(g, X86_AE, k);
    x86_mov_load(b, false, EDX, PROC(nframes));
    x86_alu_rm(b, false, X86_CMP, EDX, PROC(cap_frames));
    jit_slow_if(g, X86_AE, k);                                  /* no frame left */
    if (indirect) { /* the end of the callee's registers; eax, ecx kept on the stack */
        x86_push(b, EAX);
        x86_mov_load(b, false, EAX, x86_mem(ECX, (int32_t)offsetof(VmFunc, nregs)));
        x86_lea(b, false, EAX, x86_mem_index(EBX, EAX, 8, (int32_t)(f->nregs * 8)));
        x86_push(b, ECX);
    } else {
        x86_lea(b, false, EAX, x86_mem(EBX, (int32_t)((f->nregs + cnregs) * 8)));
    }
    x86_mov_load(b, false, ECX, PROC(cap_regs));                /* (fits 32 bits here) */
    x86_shift_imm(b, false, SH_SHL, ECX, 3);
    x86_alu_rm(b, false, X86_ADD, ECX, PROC(regs));
    x86_alu_rr(b, false, X86_CMP, EAX, ECX);
    if (indirect) { /* pop keeps the flags */
        x86_pop(b, ECX);
        x86_pop(b, EAX);
    }
    jit_slow_if(g, X86_A, k);
    if (indirect) {
        x86_push(b, ECX);                                       /* &funcs[callee] until the call */
    } else {
        x86_mov_load(b, false, EAX, PROC(funcs));
        x86_mov_load(b, false, ECX, x86_mem(EAX, (int32_t)(callee * sizeof(VmFunc) +
                                                        offsetof(VmFunc, native_call))));
        x86_rr(b, 0, 0x85, 1, ECX, ECX);
        jit_slow_if(g, X86_E, k);                               /* not compiled */
    }
    x86_rr(b, 0, 0x69, 1, EDX, EDX);                            /* edx = &frames[nframes] */
    x86_u32(b, (uint32_t)sizeof(VmFrame));
    x86_alu_rm(b, false, X86_ADD, EDX, PROC(frames));
    mov_mem_imm(g, x86_mem(EDX, (int32_t)(offsetof(VmFrame, pc) - sizeof(VmFrame))), k);
    if (indirect)
        x86_mov_store(b, false, x86_mem(EDX, (int32_t)offsetof(VmFrame, func)), EAX);
    else
        mov_mem_imm(g, x86_mem(EDX, (int32_t)offsetof(VmFrame, func)), callee);
    mov_mem_imm(g, x86_mem(EDX, (int32_t)offsetof(VmFrame, pc)), 0);
    mov_mem_imm(g, x86_mem(EDX, (int32_t)offsetof(VmFrame, dst)), in->a);
    mov_mem_imm(g, x86_mem(EDX, (int32_t)offsetof(VmFrame, blocks)), 0);
    x86_lea(b, false, EAX, x86_mem(EBX, (int32_t)(f->nregs * 8)));
    x86_alu_rm(b, false, X86_SUB, EAX, PROC(regs));
    x86_shift_imm(b, false, SH_SHR, EAX, 3);
    x86_mov_store(b, false, x86_mem(EDX, (int32_t)offsetof(VmFrame, base)), EAX);
    mov_mem_imm(g, x86_mem(EDX, (int32_t)offsetof(VmFrame, base) + 4), 0);
    x86_mov_load(b, false, EAX, PROC(next_serial));
    x86_mov_store(b, false, x86_mem(EDX, (int32_t)offsetof(VmFrame, serial)), EAX);
    x86_mov_load(b, false, EAX, x86_mem(ESI, (int32_t)offsetof(VmProcess, next_serial) + 4));
    x86_mov_store(b, false, x86_mem(EDX, (int32_t)offsetof(VmFrame, serial) + 4), EAX);
    x86_alu_mem_imm(b, false, X86_ADD, PROC(next_serial), 1);
    x86_alu_mem_imm(b, false, ADC, x86_mem(ESI, (int32_t)offsetof(VmProcess, next_serial) + 4), 0);
    x86_alu_mem_imm(b, false, X86_ADD, PROC(nframes), 1);
    x86_alu_mem_imm(b, false, X86_ADD, PROC(calls), 1);
    x86_alu_mem_imm(b, false, ADC, x86_mem(ESI, (int32_t)offsetof(VmProcess, calls) + 4), 0);
    /* the callee's registers: arguments, then zeros */
    x86_lea(b, false, EDX, x86_mem(EBX, (int32_t)(f->nregs * 8)));
    const uint32_t *args = f->args + in->c;
    for (uint32_t i = 0; i < nargs; i++) {
        x86_mov_load(b, false, EAX, lo(args[i]));
        x86_mov_store(b, false, x86_mem(EDX, (int32_t)(i * 8)), EAX);
        x86_mov_load(b, false, EAX, hi(args[i]));
        x86_mov_store(b, false, x86_mem(EDX, (int32_t)(i * 8 + 4)), EAX);
    }
    if (indirect) { /* for (eax = nargs; eax < callee's nregs; eax++) zero slot eax */
        x86_mov_load(b, false, ECX, x86_mem(ESP, 0));
        x86_mov_load(b, false, ECX, x86_mem(ECX, (int32_t)offsetof(VmFunc, nregs)));
        x86_mov_imm(b, EAX, nargs);
        size_t top = b->len;
        x86_alu_rr(b, false, X86_CMP, EAX, ECX);
        size_t done = x86_jcc(b, X86_AE);
        mov_mem_imm(g, x86_mem_index(EDX, EAX, 8, 0), 0);
        mov_mem_imm(g, x86_mem_index(EDX, EAX, 8, 4), 0);
        x86_alu_imm(b, false, X86_ADD, EAX, 1);
        x86_patch(b, x86_jmp(b), top);
        x86_patch(b, done, b->len);
        x86_pop(b, ECX);
        x86_mov_load(b, false, ECX, x86_mem(ECX, (int32_t)offsetof(VmFunc, native_call)));
    } else {
        if (nargs < cnregs)
            x86_mov_imm(b, EAX, 0);
        for (uint32_t i = nargs; i < cnregs; i++) {
            x86_mov_store(b, false, x86_mem(EDX, (int32_t)(i * 8)), EAX);
            x86_mov_store(b, false, x86_mem(EDX, (int32_t)(i * 8 + 4)), EAX);
        }
    }
    x86_push(b, EBX);
    x86_mov_rr(b, false, EBX, EDX);
    x86_alu_imm(b, false, X86_ADD, EBP, 1);
    x86_rr(b, 0, 0xFF, 1, 2, ECX);                              /* call ecx */
    x86_alu_imm(b, false, X86_SUB, EBP, 1);
    x86_pop(b, EBX);
    x86_alu_imm(b, false, X86_CMP, EAX, -1);
    x86_patch(b, x86_jcc(b, X86_NE), g->exit_label);           /* unwind: eax is the pc */
    if (in->a != FIR_NOREG) {
        x86_mov_store(b, false, lo(in->a), EDX);
        x86_mov_store(b, false, hi(in->a), ECX);
    }
}

/* A return to compiled code (EBP > 0): pop the frame, the value in ecx:edx;
 * a frame with blocks (alloca) first gives them back as do_ret does (pc
 * saved, the list cleared, then vm__release_frame, which may fault).  Else
 * the interpreter returns. */
static void gen_ret(Gen *g, uint32_t k, uint32_t value)
{
    X86Buf *b = &g->b;
    x86_rr(b, 0, 0x85, 1, EBP, EBP);
    jit_slow_if(g, X86_E, k);
    x86_mov_load(b, false, EDX, PROC(nframes));
    x86_rr(b, 0, 0x69, 1, EDX, EDX);
    x86_u32(b, (uint32_t)sizeof(VmFrame));
    x86_alu_rm(b, false, X86_ADD, EDX, PROC(frames));
    X86Mem blocks = x86_mem(EDX, (int32_t)(offsetof(VmFrame, blocks) - sizeof(VmFrame)));
    x86_mov_load(b, false, ECX, blocks);
    x86_rr(b, 0, 0x85, 1, ECX, ECX);
    size_t none = x86_jcc(b, X86_E);
    mov_mem_imm(g, x86_mem(EDX, (int32_t)(offsetof(VmFrame, pc) - sizeof(VmFrame))), k);
    mov_mem_imm(g, blocks, 0);
    int32_t room = c_enter(g, 8);
    x86_mov_store(b, false, x86_mem(ESP, 0), ESI);
    x86_mov_store(b, false, x86_mem(ESP, 4), ECX);              /* the head of the list */
    c_call(g, (const void *)vm__release_frame);
    c_leave(g, room);
    x86_mov_load(b, false, EDI, HEAP(tab));
    x86_patch(b, none, b->len);
    x86_alu_mem_imm(b, false, X86_SUB, PROC(nframes), 1);
    if (value != FIR_NOREG) {
        x86_mov_load(b, false, EDX, lo(value));
        x86_mov_load(b, false, ECX, hi(value));
    } else {
        x86_mov_imm(b, EDX, 0);
        x86_mov_imm(b, ECX, 0);
    }
    x86_mov_imm(b, EAX, UINT32_MAX);
    x86_ret(b);
}

/* A dense switch: the value minus the table's first (64-bit), bounds-checked,
 * indexes a table of offsets after the jump, relative to the table (found
 * by call/pop: IA-32 has no eip-relative operand).  Sparse ones are left to
 * the interpreter's binary search. */
static void gen_switch(Gen *g, const VmSwitch *sw, uint32_t k, uint32_t reg)
{
    X86Buf *b = &g->b;
    if (!switch_ok(sw)) {
        jit_exit_at(g, k);
        return;
    }
    x86_mov_load(b, false, EAX, lo(reg));
    if (sw->is32)
        x86_byte(b, 0x99);                                      /* cdq */
    else
        x86_mov_load(b, false, EDX, hi(reg));
    x86_alu_imm(b, false, X86_SUB, EAX, (int32_t)(uint32_t)(uint64_t)sw->min);
    x86_alu_imm(b, false, SBB, EDX, (int32_t)(uint32_t)((uint64_t)sw->min >> 32));
    x86_rr(b, 0, 0x85, 1, EDX, EDX);
    jit_branch_if(g, X86_NE, sw->def);
    x86_alu_imm(b, false, X86_CMP, EAX, (int32_t)sw->ntable);
    jit_branch_if(g, X86_AE, sw->def);
    x86_byte(b, 0xE8), x86_u32(b, 0);                           /* call next */
    size_t next = b->len;
    x86_pop(b, ECX);
    x86_byte(b, 0x81), x86_byte(b, 0xC1);                       /* add ecx, table - next */
    size_t disp = b->len;
    x86_u32(b, 0);
    x86_mov_load(b, false, EDX, x86_mem_index(ECX, EAX, 4, 0));
    x86_alu_rr(b, false, X86_ADD, EDX, ECX);
    x86_rr(b, 0, 0xFF, 1, 4, EDX);                              /* jmp edx */
    while (b->len % 4)
        x86_byte(b, 0xCC);
    size_t table = b->len;
    if (!b->oom) {
        uint32_t d = (uint32_t)(table - next);
        memcpy(b->p + disp, &d, 4);
    }
    for (uint32_t i = 0; i < sw->ntable && !g->oom; i++) {
        jit_push_patch(g, &g->cases, &g->ncases, &g->cap_cases, b->len, sw->table[i]);
        if (!g->oom)
            g->cases[g->ncases - 1].base = table;
        x86_u32(b, 0);
    }
}

/* i64 division and remainder: C's operators, which are the interpreter's
 * (the divisor is not 0, nor -1 with INT64_MIN: checked before the call). */
static uint64_t divs64(int64_t b, int64_t c) { return (uint64_t)(b / c); }
static uint64_t divu64(uint64_t b, uint64_t c) { return b / c; }
static uint64_t rems64(int64_t b, int64_t c) { return (uint64_t)(b % c); }
static uint64_t remu64(uint64_t b, uint64_t c) { return b % c; }

/* a = b / c or b % c as 64-bit values: the interpreter's fault cases (c = 0,
 * INT64_MIN / -1, INT64_MIN % -1) exit to it; else a C helper of 2 x 8
 * bytes of arguments, its result in edx:eax. */
static void gen_div64(Gen *g, unsigned sub, uint32_t k, uint32_t a, uint32_t bb, uint32_t c)
{
    X86Buf *b = &g->b;
    x86_mov_load(b, false, EAX, lo(c));
    x86_alu_rm(b, false, X86_OR, EAX, hi(c));
    jit_slow_if(g, X86_E, k);
    bool is_signed = sub == DIV_S || sub == REM_S;
    if (is_signed) {
        x86_mov_load(b, false, EAX, lo(c));
        x86_alu_rm(b, false, X86_AND, EAX, hi(c));
        x86_alu_imm(b, false, X86_CMP, EAX, -1);
        size_t not_m1 = x86_jcc(b, X86_NE);
        x86_mov_load(b, false, EAX, hi(bb));
        x86_alu_imm(b, false, X86_XOR, EAX, INT32_MIN);
        x86_alu_rm(b, false, X86_OR, EAX, lo(bb));
        jit_slow_if(g, X86_E, k);                               /* INT64_MIN and -1 */
        x86_patch(b, not_m1, b->len);
    }
    static const void *const fns[] = {[DIV_S] = (const void *)divs64,
                                      [DIV_U] = (const void *)divu64,
                                      [REM_S] = (const void *)rems64,
                                      [REM_U] = (const void *)remu64};
    int32_t room = c_enter(g, 16);
    for (int i = 0; i < 2; i++) {
        uint32_t reg = i ? c : bb;
        x86_mov_load(b, false, ECX, lo(reg));
        x86_mov_store(b, false, x86_mem(ESP, i * 8), ECX);
        x86_mov_load(b, false, ECX, hi(reg));
        x86_mov_store(b, false, x86_mem(ESP, i * 8 + 4), ECX);
    }
    c_call(g, fns[sub]);
    c_leave(g, room);
    store64(g, a);
}

static void gen_insn(Gen *g, const VmFunc *f, uint32_t k, uint16_t op)
{
    X86Buf *b = &g->b;
    const VmInsn *in = &f->code[k];
    const Row *rw = jit_rows[op];
    uint32_t a = in->a, bb = in->b, c = in->c;
    int64_t imm = in->imm;
    uint32_t imm_lo = (uint32_t)imm, imm_hi = (uint32_t)((uint64_t)imm >> 32);
    bool w = rw->w;
    switch ((Kind)rw->kind) {
    case K_NOP:
        return;
    case K_CONST32:
        mov_mem_imm(g, lo(a), imm_lo);
        mov_mem_imm(g, hi(a), 0);
        return;
    case K_CONST64:
        mov_mem_imm(g, lo(a), imm_lo);
        mov_mem_imm(g, hi(a), imm_hi);
        return;
    case K_MOV:
        load64(g, bb);
        store64(g, a);
        return;
    case K_ALU:
        if (!w) {
            x86_mov_load(b, false, EAX, lo(bb));
            x86_alu_rm(b, false, rw->sub, EAX, lo(c));
            store32(g, a);
        } else {
            load64(g, bb);
            int high = rw->sub == X86_ADD ? ADC : rw->sub == X86_SUB ? SBB : rw->sub;
            x86_alu_rm(b, false, rw->sub, EAX, lo(c));
            x86_alu_rm(b, false, high, EDX, hi(c));
            store64(g, a);
        }
        return;
    case K_MUL:
        if (w) { /* lo(b)*lo(c) as 64 bits; the cross products add to the high dword */
            x86_mov_load(b, false, ECX, lo(bb));
            x86_rm(b, 0, 0x0FAF, 2, ECX, hi(c));            /* imul ecx, [hi c] */
            x86_mov_load(b, false, EAX, hi(bb));
            x86_rm(b, 0, 0x0FAF, 2, EAX, lo(c));
            x86_alu_rr(b, false, X86_ADD, ECX, EAX);
            x86_mov_load(b, false, EAX, lo(bb));
            x86_rm(b, 0, 0xF7, 1, 4, lo(c));                /* mul dword [lo c]: edx:eax */
            x86_alu_rr(b, false, X86_ADD, EDX, ECX);
            store64(g, a);
            return;
        }
        x86_mov_load(b, false, EAX, lo(bb));
        x86_rm(b, 0, 0x0FAF, 2, EAX, lo(c));
        store32(g, a);
        return;
    case K_DIV:
        if (w) {
            gen_div64(g, rw->sub, k, a, bb, c);
            return;
        }
        x86_mov_load(b, false, ECX, lo(c));
        x86_rr(b, 0, 0x85, 1, ECX, ECX);
        jit_slow_if(g, X86_E, k);
        x86_mov_load(b, false, EAX, lo(bb));
        if (rw->sub == DIV_S || rw->sub == REM_S) {
            x86_alu_imm(b, false, X86_CMP, ECX, -1);
            jit_slow_if(g, X86_E, k);
            x86_byte(b, 0x99);                              /* cdq */
            x86_rr(b, 0, 0xF7, 1, 7, ECX);                  /* idiv */
        } else {
            x86_mov_imm(b, EDX, 0);
            x86_rr(b, 0, 0xF7, 1, 6, ECX);                  /* div */
        }
        if (rw->sub == REM_S || rw->sub == REM_U)
            x86_mov_rr(b, false, EAX, EDX);
        store32(g, a);
        return;
    case K_SHIFT:
        if (w) { /* shld/shrd and the shift use cl mod 32; bit 5 moves a whole dword */
            x86_mov_load(b, false, ECX, lo(c));
            load64(g, bb);
            if (rw->sub == SH_SHL) {
                x86_rr(b, 0, 0x0FA5, 2, EAX, EDX);          /* shld edx, eax, cl */
                x86_rr(b, 0, 0xD3, 1, SH_SHL, EAX);
            } else {
                x86_rr(b, 0, 0x0FAD, 2, EDX, EAX);          /* shrd eax, edx, cl */
                x86_rr(b, 0, 0xD3, 1, rw->sub, EDX);
            }
            x86_rr(b, X86_BYTE, 0xF6, 1, 0, ECX);           /* test cl, 32 */
            x86_byte(b, 32);
            size_t small = x86_jcc(b, X86_E);
            if (rw->sub == SH_SHL) {
                x86_mov_rr(b, false, EDX, EAX);
                x86_mov_imm(b, EAX, 0);
            } else {
                x86_mov_rr(b, false, EAX, EDX);
                if (rw->sub == SH_SAR)
                    x86_shift_imm(b, false, SH_SAR, EDX, 31);
                else
                    x86_mov_imm(b, EDX, 0);
            }
            x86_patch(b, small, b->len);
            store64(g, a);
            return;
        }
        x86_mov_load(b, false, ECX, lo(c));
        x86_mov_load(b, false, EAX, lo(bb));
        x86_rr(b, 0, 0xD3, 1, rw->sub, EAX);
        store32(g, a);
        return;
    case K_ALUI:
        if (!w) {
            x86_mov_load(b, false, EAX, lo(bb));
            x86_alu_imm(b, false, rw->sub, EAX, (int32_t)imm_lo);
            store32(g, a);
        } else {
            load64(g, bb);
            x86_alu_imm(b, false, rw->sub, EAX, (int32_t)imm_lo);
            x86_alu_imm(b, false, rw->sub == X86_ADD ? ADC : rw->sub, EDX, (int32_t)imm_hi);
            store64(g, a);
        }
        return;
    case K_MULI:
        if (!w) {
            x86_rm(b, 0, 0x69, 1, EAX, lo(bb));
            x86_u32(b, imm_lo);
            store32(g, a);
        } else { /* lo*imm_lo (64 bits) + (hi*imm_lo + lo*imm_hi) << 32 */
            x86_mov_load(b, false, EAX, lo(bb));
            x86_mov_imm(b, ECX, imm_lo);
            x86_rr(b, 0, 0xF7, 1, 4, ECX);                  /* mul ecx: edx:eax */
            x86_rm(b, 0, 0x69, 1, ECX, hi(bb));
            x86_u32(b, imm_lo);
            x86_alu_rr(b, false, X86_ADD, EDX, ECX);
            if (imm_hi) {
                x86_rm(b, 0, 0x69, 1, ECX, lo(bb));
                x86_u32(b, imm_hi);
                x86_alu_rr(b, false, X86_ADD, EDX, ECX);
            }
            store64(g, a);
        }
        return;
    case K_SHIFTI: {
        unsigned n = (unsigned)(imm & (w ? 63 : 31));
        if (!w) {
            x86_mov_load(b, false, EAX, lo(bb));
            x86_shift_imm(b, false, rw->sub, EAX, (uint8_t)n);
            store32(g, a);
            return;
        }
        load64(g, bb);
        if (n >= 32) {
            if (rw->sub == SH_SHL) {
                x86_mov_rr(b, false, EDX, EAX);
                x86_shift_imm(b, false, SH_SHL, EDX, (uint8_t)(n - 32));
                x86_mov_imm(b, EAX, 0);
            } else {
                x86_mov_rr(b, false, EAX, EDX);
                x86_shift_imm(b, false, rw->sub, EAX, (uint8_t)(n - 32));
                if (rw->sub == SH_SAR)
                    x86_shift_imm(b, false, SH_SAR, EDX, 31);
                else
                    x86_mov_imm(b, EDX, 0);
            }
        } else if (n > 0) {
            if (rw->sub == SH_SHL) {
                x86_rr(b, 0, 0x0FA4, 2, EAX, EDX);          /* shld edx, eax, n */
                x86_byte(b, (uint8_t)n);
                x86_shift_imm(b, false, SH_SHL, EAX, (uint8_t)n);
            } else {
                x86_rr(b, 0, 0x0FAC, 2, EDX, EAX);          /* shrd eax, edx, n */
                x86_byte(b, (uint8_t)n);
                x86_shift_imm(b, false, rw->sub, EDX, (uint8_t)n);
            }
        }
        store64(g, a);
        return;
    }
    case K_UNARY:
        if (!w) {
            x86_mov_load(b, false, EAX, lo(bb));
            x86_rr(b, 0, 0xF7, 1, rw->sub, EAX);
            store32(g, a);
        } else {
            load64(g, bb);
            if (rw->sub == UN_NOT) {
                x86_rr(b, 0, 0xF7, 1, UN_NOT, EAX);
                x86_rr(b, 0, 0xF7, 1, UN_NOT, EDX);
            } else {
                x86_rr(b, 0, 0xF7, 1, UN_NEG, EAX);
                x86_alu_imm(b, false, ADC, EDX, 0);
                x86_rr(b, 0, 0xF7, 1, UN_NEG, EDX);
            }
            store64(g, a);
        }
        return;
    case K_CMP:
        if (w && rw->sub != X86_E && rw->sub != X86_NE) { /* as branch64, into al */
            X86Cond cc = (X86Cond)rw->sub;
            bool is_signed = cc == X86_L || cc == X86_LE;
            x86_mov_load(b, false, EAX, hi(bb));
            x86_alu_rm(b, false, X86_CMP, EAX, hi(c));
            size_t differ = x86_jcc(b, X86_NE);
            x86_mov_load(b, false, EAX, lo(bb));
            x86_alu_rm(b, false, X86_CMP, EAX, lo(c));
            x86_setcc(b, cc == X86_L || cc == X86_B ? X86_B : X86_BE, EAX);
            size_t done = x86_jmp(b);
            x86_patch(b, differ, b->len);
            x86_setcc(b, is_signed ? X86_L : X86_B, EAX);   /* the high dwords decide */
            x86_patch(b, done, b->len);
            x86_movzx8(b, EAX, EAX);
            store32(g, a);
            return;
        }
        if (!w) {
            x86_mov_load(b, false, EAX, lo(bb));
            x86_alu_rm(b, false, X86_CMP, EAX, lo(c));
        } else {
            load64(g, bb);
            x86_alu_rm(b, false, X86_XOR, EAX, lo(c));
            x86_alu_rm(b, false, X86_XOR, EDX, hi(c));
            x86_alu_rr(b, false, X86_OR, EAX, EDX);
        }
        x86_setcc(b, (X86Cond)rw->sub, EAX);
        x86_movzx8(b, EAX, EAX);
        store32(g, a);
        return;
    case K_BRCMP:
        if (!w) {
            x86_mov_load(b, false, EAX, lo(a));
            x86_alu_rm(b, false, X86_CMP, EAX, lo(bb));
            jit_branch_if(g, (X86Cond)rw->sub, (uint32_t)imm);
        } else {
            branch64(g, (X86Cond)rw->sub, a, bb, (uint32_t)imm);
        }
        return;
    case K_JMP:
        jit_branch(g, (uint32_t)imm);
        return;
    case K_BR:
        x86_alu_mem_imm(b, false, X86_CMP, lo(a), 0);
        jit_branch_if(g, (X86Cond)rw->sub, (uint32_t)imm);
        return;
    case K_SEXT32:
        x86_mov_load(b, false, EAX, lo(bb));
        x86_byte(b, 0x99);                                  /* cdq */
        store64(g, a);
        return;
    case K_ZEXT32:
        x86_mov_load(b, false, EAX, lo(bb));
        store32(g, a);
        return;
    case K_EXT: {
        static const uint16_t opc[] = {[EXT_S8] = 0x0FBE, [EXT_U8] = 0x0FB6,
                                       [EXT_S16] = 0x0FBF, [EXT_U16] = 0x0FB7};
        x86_rm(b, 0, opc[rw->sub], 2, EAX, lo(bb));
        store32(g, a);
        return;
    }
    case K_PTRADD:
    case K_PTRADDI:
        x86_mov_load(b, false, EAX, lo(bb));
        if (rw->kind == K_PTRADD)
            x86_alu_rm(b, false, X86_ADD, EAX, lo(c));
        else
            x86_alu_imm(b, false, X86_ADD, EAX, (int32_t)imm_lo);
        x86_mov_load(b, false, EDX, hi(bb));
        store64(g, a);
        return;
    case K_LOAD:
        address(g, bb, imm, rw->size, false, k);
        if (rw->size == 8) {
            x86_mov_load(b, false, EAX, x86_mem(EDX, 0));
            x86_mov_load(b, false, EDX, x86_mem(EDX, 4));
            store64(g, a);
            return;
        }
        if (rw->size == 4)
            x86_mov_load(b, false, EAX, x86_mem(EDX, 0));
        else
            x86_rm(b, 0, rw->size == 1 ? (rw->sub == SIGNED ? 0x0FBE : 0x0FB6)
                                       : (rw->sub == SIGNED ? 0x0FBF : 0x0FB7),
                   2, EAX, x86_mem(EDX, 0));
        store32(g, a);
        return;
    case K_CALL:
        if (op == FIR_OP_call && !direct_call_ok(g, in))
            break;
        gen_call(g, f, k, in, op == FIR_OP_call_ind);
        return;
    case K_RET:
        gen_ret(g, k, op == FIR_OP_ret ? a : FIR_NOREG);
        return;
    case K_HCALL:
        gen_hcall(g, f, k, in);
        return;
    case K_SWITCH:
        gen_switch(g, &f->switches[bb], k, a);
        return;
    case K_ALLOC:
    case K_ALLOCA:
        save_pc(g, k);
        call_vm(g, rw->kind == K_ALLOC ? (const void *)vm__alloc : (const void *)vm__alloca, bb);
        store64(g, a);
        return;
    case K_FREE:
        save_pc(g, k);
        call_vm(g, (const void *)vm__free, a);
        return;
    case K_STORE:
        address(g, a, imm, rw->size, true, k);
        x86_mov_load(b, false, EAX, lo(bb));
        if (rw->size == 8) {
            x86_mov_load(b, false, ECX, hi(bb));
            x86_mov_store(b, false, x86_mem(EDX, 0), EAX);
            x86_mov_store(b, false, x86_mem(EDX, 4), ECX);
        } else if (rw->size == 4) {
            x86_mov_store(b, false, x86_mem(EDX, 0), EAX);
        } else if (rw->size == 2) {
            x86_rm(b, X86_66, 0x89, 1, EAX, x86_mem(EDX, 0));
        } else {
            x86_rm(b, X86_BYTE, 0x88, 1, EAX, x86_mem(EDX, 0));
        }
        return;
    case K_FARITH:
        if (!has_sse2())
            break;
        fload(g, rw->size, bb);
        x86_rm(b, fprefix(rw->size), 0x0F00u | rw->sub, 2, 0, lo(c));
        fstore(g, rw->size, a);
        return;
    case K_FNEG:
        if (rw->size == 8) {
            load64(g, bb);
            x86_alu_imm(b, false, X86_XOR, EDX, INT32_MIN);
            store64(g, a);
        } else {
            x86_mov_load(b, false, EAX, lo(bb));
            x86_alu_imm(b, false, X86_XOR, EAX, INT32_MIN);
            store32(g, a);
        }
        return;
    case K_FCMP:
        if (!has_sse2())
            break;
        if (rw->sub == FC_LT || rw->sub == FC_LE) { /* b < c as c > b: false when unordered */
            fload(g, rw->size, c);
            x86_rm(b, rw->size == 8 ? X86_66 : 0, 0x0F2E, 2, 0, lo(bb));
            x86_setcc(b, rw->sub == FC_LT ? X86_A : X86_AE, EAX);
        } else {
            fload(g, rw->size, bb);
            x86_rm(b, rw->size == 8 ? X86_66 : 0, 0x0F2E, 2, 0, lo(c));
            x86_setcc(b, rw->sub == FC_EQ ? X86_E : X86_NE, EAX);
            x86_setcc(b, rw->sub == FC_EQ ? X86_NP : X86_P, ECX);
            x86_rr(b, X86_BYTE, rw->sub == FC_EQ ? 0x20 : 0x08, 1, ECX, EAX);
        }
        x86_movzx8(b, EAX, EAX);
        store32(g, a);
        return;
    case K_FBR:
        if (!has_sse2())
            break;
        fload(g, rw->size, bb);
        x86_rm(b, rw->size == 8 ? X86_66 : 0, 0x0F2E, 2, 0, lo(a));
        jit_branch_if(g, rw->sub == FC_LT ? X86_A : X86_AE, (uint32_t)imm);
        return;
    case K_CVT_FF:
        if (!has_sse2())
            break;
        x86_rm(b, fprefix(rw->size), 0x0F5A, 2, 0, lo(bb));
        fstore(g, rw->size == 4 ? 8 : 4, a);
        return;
    case K_CVT_I2F:
        if (!has_sse2() || w || rw->sub != SIGNED)
            break;
        x86_rm(b, fprefix(rw->size), 0x0F2A, 2, 0, lo(bb)); /* cvtsi2sd/ss xmm0, [b] */
        fstore(g, rw->size, a);
        return;
    case K_CVT_F2I:
        if (!has_sse2() || w || rw->sub != SIGNED)
            break;
        x86_rm(b, fprefix(rw->size), 0x0F2C, 2, EAX, lo(bb)); /* cvtts[sd]2si eax */
        x86_alu_imm(b, false, X86_CMP, EAX, INT32_MIN);
        jit_slow_if(g, X86_E, k);                       /* indefinite: the interpreter */
        store32(g, a);
        return;
    default:
        break;
    }
    jit_exit_at(g, k); /* everything else: the interpreter */
}

/* Whether gen_insn compiles op inline (else it exits to the interpreter). */
static bool inline_op(const Gen *g, const VmFunc *f, const VmInsn *in, uint16_t op)
{
    const Row *rw = jit_rows[op];
    switch ((Kind)rw->kind) {
    case K_CALL:
        return op == FIR_OP_call_ind || direct_call_ok(g, in);
    case K_RET: case K_ALLOC: case K_ALLOCA: case K_FREE:
        return true;
    case K_HCALL:
        return (uint32_t)in->imm <= 8;
    case K_SWITCH:
        return switch_ok(&f->switches[in->b]);
    case K_NOP: case K_CONST32: case K_CONST64: case K_MOV: case K_ALU: case K_ALUI:
    case K_MULI: case K_SHIFTI: case K_UNARY: case K_BRCMP: case K_JMP: case K_BR:
    case K_SEXT32: case K_ZEXT32: case K_EXT: case K_PTRADD: case K_PTRADDI:
    case K_LOAD: case K_STORE:
        return true;
    case K_MUL: case K_DIV: case K_SHIFT: case K_CMP:
        return true;
    case K_FNEG:
        return true;
    case K_FARITH: case K_FCMP: case K_FBR: case K_CVT_FF:
        return has_sse2();
    case K_CVT_I2F: case K_CVT_F2I:
        return has_sse2() && !rw->w && rw->sub == SIGNED;
    default:
        return false;
    }
}

static const int saved[] = {EBP, EBX, ESI, EDI};

static bool generate(Gen *g, const VmFunc *f, bool *compiled)
{
    X86Buf *b = &g->b;
    uint32_t n = f->fir->ncode;
    for (size_t i = 0; i < sizeof saved / sizeof *saved; i++)
        x86_push(b, saved[i]);
    int32_t args = (int32_t)(4 * (sizeof saved / sizeof *saved) + 4);
    x86_mov_load(b, false, EBX, x86_mem(ESP, args));
    x86_mov_load(b, false, ESI, x86_mem(ESP, args + 4));
    x86_mov_load(b, false, EAX, x86_mem(ESP, args + 8));
    x86_mov_load(b, false, EDI, HEAP(tab));
    x86_mov_imm(b, EBP, 0);
    /* call next; next: pop ecx; lea ecx, [ecx + table - next]; jmp ecx + table[pc] */
    x86_byte(b, 0xE8), x86_u32(b, 0);
    size_t next = b->len;
    x86_pop(b, ECX);
    x86_byte(b, 0x8D), x86_byte(b, 0x89);
    size_t disp = b->len;
    x86_u32(b, 0);
    x86_mov_load(b, false, EDX, x86_mem_index(ECX, EAX, 4, 0));
    x86_alu_rr(b, false, X86_ADD, EDX, ECX);
    x86_rr(b, 0, 0xFF, 1, 4, EDX);                          /* jmp edx */
    /* The exit: eax is the pc of the top frame's instruction for the
     * interpreter; called from compiled code, unwind through the caller. */
    g->exit_label = b->len;
    x86_rr(b, 0, 0x85, 1, EBP, EBP);
    size_t nested = x86_jcc(b, X86_NE);
    for (size_t i = sizeof saved / sizeof *saved; i-- > 0;)
        x86_pop(b, saved[i]);
    x86_ret(b);
    x86_patch(b, nested, b->len);
    x86_ret(b);

    for (uint32_t k = 0; k < n; k++) {
        g->off[k] = b->len;
        uint16_t op = f->jit_ops[k];
        compiled[k] = inline_op(g, f, &f->code[k], op);
        gen_insn(g, f, k, op);
    }
    if (!jit_gen_patch(g, n))
        return false;
    while (b->len % 4)
        x86_byte(b, 0xCC);
    size_t table = b->len;
    for (uint32_t k = 0; k < n; k++)
        x86_u32(b, (uint32_t)(int32_t)((int64_t)g->off[k] - (int64_t)table));
    if (!b->oom) {
        uint32_t d = (uint32_t)(table - next);
        memcpy(b->p + disp, &d, 4);
    }
    return !b->oom && !b->bad && !g->oom;
}

bool jit_generate(const VmProcess *p, uint32_t fid, JitCode *out, bool *compiled)
{
    const VmFunc *f = &p->funcs[fid];
    Gen g;
    bool ok = jit_gen_init(&g, p, f) && generate(&g, f, compiled);
    if (ok) {
        out->bytes = g.b.p;
        out->len = g.b.len;
        out->call_offset = g.off[0];
        g.b.p = NULL;
    }
    jit_gen_free(&g);
    return ok;
}

#endif
