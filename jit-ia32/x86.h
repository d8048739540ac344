/*
 * x86.h - the x86 instruction encoder: IA-32 in the 32-bit build, x86-64
 * (IA-32e) in the 64-bit build, one set of functions for both.
 *
 * Operands are registers (X86_RAX..X86_R15, XMM registers by number) and
 * memory operands X86Mem {base, index, scale, disp}.  In the 32-bit build
 * only registers 0-7 exist and 64-bit operand size (X86_W) is not allowed;
 * an encoding the mode cannot express sets buf->bad (the caller gives up on
 * the function, which stays interpreted).
 *
 * Facts from the Intel SDM vol. 2: REX = 0100WRXB (x86-64 only); ModRM =
 * mod:2 reg:3 rm:3, rm=100 means a SIB byte follows, mod=00 rm=101 means
 * disp32 (RIP-relative in 64-bit mode); SIB = scale:2 index:3 base:3,
 * index=100 means none; base=101 with mod=00 means disp32 and no base.
 */
#ifndef JIT_X86_H
#define JIT_X86_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__)
#define X86_64 1
#else
#define X86_64 0
#endif

enum {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_NOREG = -1,
};

/* Condition codes (the low nibble of Jcc / SETcc). */
typedef enum X86Cond {
    X86_O, X86_NO, X86_B, X86_AE, X86_E, X86_NE, X86_BE, X86_A,
    X86_S, X86_NS, X86_P, X86_NP, X86_L, X86_GE, X86_LE, X86_G,
} X86Cond;

typedef struct X86Buf {
    uint8_t *p;
    size_t len, cap;
    size_t join;   /* the furthest position a patched jump lands on */
    bool oom, bad;
} X86Buf;

typedef struct X86Mem {
    int base;   /* X86_NOREG: absolute disp32 */
    int index;  /* X86_NOREG: none */
    int scale;  /* 1, 2, 4, 8 */
    int32_t disp;
} X86Mem;

static inline X86Mem x86_mem(int base, int32_t disp)
{
    return (X86Mem){base, X86_NOREG, 1, disp};
}

static inline X86Mem x86_mem_index(int base, int index, int scale, int32_t disp)
{
    return (X86Mem){base, index, scale, disp};
}

/* Flags of an instruction's encoding. */
enum {
    X86_W = 1,      /* 64-bit operand size (REX.W) */
    X86_66 = 2,     /* operand-size prefix (16-bit ops, SSE2 66 forms) */
    X86_F2 = 4,     /* SSE prefix F2 (sd forms) */
    X86_F3 = 8,     /* SSE prefix F3 (ss forms) */
    X86_BYTE = 16,  /* an 8-bit register operand: registers 4-7 need a REX */
};

void x86_byte(X86Buf *b, uint8_t v);
void x86_u32(X86Buf *b, uint32_t v);
void x86_u64(X86Buf *b, uint64_t v);

/* op reg, [mem] (or [mem], reg: the direction is in the opcode).  opc is 1-3
 * opcode bytes (0F escapes included); reg is a register or a /digit. */
void x86_rm(X86Buf *b, unsigned flags, uint32_t opc, int nopc, int reg, X86Mem m);
/* op reg, rm (register direct). */
void x86_rr(X86Buf *b, unsigned flags, uint32_t opc, int nopc, int reg, int rm);

/* Common instructions (w: 64-bit operand size). */
void x86_mov_load(X86Buf *b, bool w, int reg, X86Mem m);   /* mov reg, [m] */
void x86_mov_store(X86Buf *b, bool w, X86Mem m, int reg);  /* mov [m], reg */
void x86_mov_rr(X86Buf *b, bool w, int dst, int src);
void x86_mov_imm(X86Buf *b, int reg, uint64_t v);          /* the shortest load of v */
void x86_alu_rm(X86Buf *b, bool w, int op, int reg, X86Mem m); /* op: 0 add .. 7 cmp */
void x86_alu_rr(X86Buf *b, bool w, int op, int dst, int src);
void x86_alu_imm(X86Buf *b, bool w, int op, int reg, int32_t imm);
void x86_alu_mem_imm(X86Buf *b, bool w, int op, X86Mem m, int32_t imm);
void x86_shift_imm(X86Buf *b, bool w, int digit, int reg, uint8_t n); /* 4 shl 5 shr 7 sar */
void x86_lea(X86Buf *b, bool w, int reg, X86Mem m);
void x86_setcc(X86Buf *b, X86Cond cc, int reg);            /* reg8 = cc */
void x86_movzx8(X86Buf *b, int dst, int src);              /* dst32 = (uint8)src */
void x86_push(X86Buf *b, int reg);
void x86_pop(X86Buf *b, int reg);
void x86_ret(X86Buf *b);

/* Jumps with 32-bit displacements: the position of the displacement is
 * returned so it can be patched (x86_patch) when the target is known. */
size_t x86_jcc(X86Buf *b, X86Cond cc);
size_t x86_jmp(X86Buf *b);
void x86_patch(X86Buf *b, size_t at, size_t target);

enum { X86_ADD = 0, X86_OR = 1, X86_AND = 4, X86_SUB = 5, X86_XOR = 6, X86_CMP = 7 };

#endif
