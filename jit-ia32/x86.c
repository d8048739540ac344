/*
 * x86.c - the x86 encoder (see x86.h): prefixes, REX, ModRM, SIB,
 * displacements and immediates, for IA-32 and x86-64.
 */
#include "jit-ia32/x86.h"

#include <stdlib.h>
#include <string.h>

void x86_byte(X86Buf *b, uint8_t v)
{
    if (b->len == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 4096;
        uint8_t *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            b->len = 0; /* keep writing somewhere harmless; the result is discarded */
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    b->p[b->len++] = v;
}

void x86_u32(X86Buf *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        x86_byte(b, (uint8_t)(v >> (8 * i)));
}

void x86_u64(X86Buf *b, uint64_t v)
{
    x86_u32(b, (uint32_t)v);
    x86_u32(b, (uint32_t)(v >> 32));
}

static void prefixes(X86Buf *b, unsigned flags)
{
    if (flags & X86_66)
        x86_byte(b, 0x66);
    if (flags & X86_F2)
        x86_byte(b, 0xF2);
    if (flags & X86_F3)
        x86_byte(b, 0xF3);
}

/* The REX byte for reg (ModRM.reg), index (SIB.index), base (ModRM.rm or
 * SIB.base), or nothing when none is needed. */
static void rex_for(X86Buf *b, unsigned flags, int reg, int index, int base, bool base_is_reg)
{
    int r = reg > 7, x = index > 7, bb = base > 7;
    bool byte_hi = (flags & X86_BYTE) &&
                   ((reg >= 4 && reg <= 7) || (base_is_reg && base >= 4 && base <= 7));
    if (!X86_64) {
        if ((flags & X86_W) || r || x || bb)
            b->bad = true;
        return;
    }
    if ((flags & X86_W) || r || x || bb || byte_hi)
        x86_byte(b, (uint8_t)(0x40 | ((flags & X86_W) ? 8 : 0) | (r << 2) | (x << 1) | bb));
}

/* spl, bpl, sil, dil need a REX (without one, 4-7 name ah, ch, dh, bh). */
static void rex(X86Buf *b, unsigned flags, int reg, int index, int base)
{
    rex_for(b, flags, reg, index, base, true);
}

static void opcode(X86Buf *b, uint32_t opc, int nopc)
{
    for (int i = nopc - 1; i >= 0; i--)
        x86_byte(b, (uint8_t)(opc >> (8 * i)));
}

void x86_rm(X86Buf *b, unsigned flags, uint32_t opc, int nopc, int reg, X86Mem m)
{
    prefixes(b, flags);
    rex_for(b, flags, reg, m.index == X86_NOREG ? 0 : m.index, m.base == X86_NOREG ? 0 : m.base,
            false);
    opcode(b, opc, nopc);
    int r = reg & 7;
    if (m.base == X86_NOREG && m.index == X86_NOREG) {
        if (X86_64) { /* [disp32] without RIP: SIB with no base, no index */
            x86_byte(b, (uint8_t)((r << 3) | 4));
            x86_byte(b, 0x25);
        } else {
            x86_byte(b, (uint8_t)((r << 3) | 5));
        }
        x86_u32(b, (uint32_t)m.disp);
        return;
    }
    int mod = m.disp == 0 && (m.base & 7) != 5 ? 0 : (m.disp >= -128 && m.disp <= 127) ? 1 : 2;
    if (m.index == X86_NOREG && (m.base & 7) != 4) {
        x86_byte(b, (uint8_t)((mod << 6) | (r << 3) | (m.base & 7)));
    } else {
        int ss = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
        int ix = m.index == X86_NOREG ? 4 : (m.index & 7);
        if (m.index == X86_RSP)
            b->bad = true;
        x86_byte(b, (uint8_t)((mod << 6) | (r << 3) | 4));
        x86_byte(b, (uint8_t)((ss << 6) | (ix << 3) | (m.base & 7)));
    }
    if (mod == 1)
        x86_byte(b, (uint8_t)(int8_t)m.disp);
    else if (mod == 2)
        x86_u32(b, (uint32_t)m.disp);
}

void x86_rr(X86Buf *b, unsigned flags, uint32_t opc, int nopc, int reg, int rm)
{
    prefixes(b, flags);
    rex(b, flags, reg, 0, rm);
    opcode(b, opc, nopc);
    x86_byte(b, (uint8_t)(0xC0 | ((reg & 7) << 3) | (rm & 7)));
}

void x86_mov_load(X86Buf *b, bool w, int reg, X86Mem m)
{
    x86_rm(b, w ? X86_W : 0, 0x8B, 1, reg, m);
}

void x86_mov_store(X86Buf *b, bool w, X86Mem m, int reg)
{
    x86_rm(b, w ? X86_W : 0, 0x89, 1, reg, m);
}

void x86_mov_rr(X86Buf *b, bool w, int dst, int src)
{
    x86_rr(b, w ? X86_W : 0, 0x89, 1, src, dst);
}

void x86_mov_imm(X86Buf *b, int reg, uint64_t v)
{
    if (v == 0) {
        x86_rr(b, 0, 0x31, 1, reg, reg); /* xor r32, r32 */
    } else if (v <= UINT32_MAX) {         /* mov r32, imm32 zero-extends */
        rex(b, 0, 0, 0, reg);
        x86_byte(b, (uint8_t)(0xB8 + (reg & 7)));
        x86_u32(b, (uint32_t)v);
    } else if ((int64_t)v >= INT32_MIN && (int64_t)v < 0) { /* mov r/m64, simm32 */
        x86_rr(b, X86_W, 0xC7, 1, 0, reg);
        x86_u32(b, (uint32_t)v);
    } else {
        rex(b, X86_W, 0, 0, reg);
        x86_byte(b, (uint8_t)(0xB8 + (reg & 7)));
        x86_u64(b, v);
    }
}

void x86_alu_rm(X86Buf *b, bool w, int op, int reg, X86Mem m)
{
    x86_rm(b, w ? X86_W : 0, (uint32_t)(op * 8 + 3), 1, reg, m);
}

void x86_alu_rr(X86Buf *b, bool w, int op, int dst, int src)
{
    x86_rr(b, w ? X86_W : 0, (uint32_t)(op * 8 + 3), 1, dst, src);
}

void x86_alu_imm(X86Buf *b, bool w, int op, int reg, int32_t imm)
{
    if (imm >= -128 && imm <= 127) {
        x86_rr(b, w ? X86_W : 0, 0x83, 1, op, reg);
        x86_byte(b, (uint8_t)(int8_t)imm);
    } else {
        x86_rr(b, w ? X86_W : 0, 0x81, 1, op, reg);
        x86_u32(b, (uint32_t)imm);
    }
}

void x86_alu_mem_imm(X86Buf *b, bool w, int op, X86Mem m, int32_t imm)
{
    if (imm >= -128 && imm <= 127) {
        x86_rm(b, w ? X86_W : 0, 0x83, 1, op, m);
        x86_byte(b, (uint8_t)(int8_t)imm);
    } else {
        x86_rm(b, w ? X86_W : 0, 0x81, 1, op, m);
        x86_u32(b, (uint32_t)imm);
    }
}

void x86_shift_imm(X86Buf *b, bool w, int digit, int reg, uint8_t n)
{
    x86_rr(b, w ? X86_W : 0, 0xC1, 1, digit, reg);
    x86_byte(b, n);
}

void x86_lea(X86Buf *b, bool w, int reg, X86Mem m)
{
    x86_rm(b, w ? X86_W : 0, 0x8D, 1, reg, m);
}

void x86_setcc(X86Buf *b, X86Cond cc, int reg)
{
    x86_rr(b, X86_BYTE, 0x0F90u + cc, 2, 0, reg);
}

void x86_movzx8(X86Buf *b, int dst, int src)
{
    x86_rr(b, X86_BYTE, 0x0FB6, 2, dst, src);
}

void x86_push(X86Buf *b, int reg)
{
    rex(b, 0, 0, 0, reg);
    x86_byte(b, (uint8_t)(0x50 + (reg & 7)));
}

void x86_pop(X86Buf *b, int reg)
{
    rex(b, 0, 0, 0, reg);
    x86_byte(b, (uint8_t)(0x58 + (reg & 7)));
}

void x86_ret(X86Buf *b)
{
    x86_byte(b, 0xC3);
}

size_t x86_jcc(X86Buf *b, X86Cond cc)
{
    x86_byte(b, 0x0F);
    x86_byte(b, (uint8_t)(0x80 + cc));
    size_t at = b->len;
    x86_u32(b, 0);
    return at;
}

size_t x86_jmp(X86Buf *b)
{
    x86_byte(b, 0xE9);
    size_t at = b->len;
    x86_u32(b, 0);
    return at;
}

void x86_patch(X86Buf *b, size_t at, size_t target)
{
    if (b->oom || at + 4 > b->len)
        return;
    if (target > b->join)
        b->join = target;
    uint32_t rel = (uint32_t)((int64_t)target - (int64_t)(at + 4));
    memcpy(b->p + at, &rel, 4); /* x86 is little-endian */
}
