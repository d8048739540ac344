/*
 * rows.h - how the baseline compiler compiles each opcode: one row per
 * FIR opcode (rows.c expands FIR_OPCODES, so a new opcode without a row does
 * not compile), read by both back ends (compile.c x86-64, compile32.c IA-32).
 */
#ifndef JIT_ROWS_H
#define JIT_ROWS_H

#include "fir/fir.h"

#include <stdbool.h>
#include <stdint.h>

/* How each opcode is compiled. */
typedef enum Kind {
    K_EXIT, K_NOP, K_CONST32, K_CONST64, K_MOV,
    K_ALU,     /* add sub and or xor: a = b op c */
    K_MUL, K_DIV, K_SHIFT, K_ALUI, K_MULI, K_SHIFTI, K_UNARY,
    K_CMP, K_BRCMP, K_JMP, K_BR,
    K_FARITH, K_FNEG, K_FCMP, K_FBR,
    K_SEXT32, K_ZEXT32, K_EXT,
    K_CVT_I2F, K_CVT_F2I, K_CVT_FF,
    K_PTRADD, K_PTRADDI,
    K_LOAD, K_STORE,
    K_CALL, K_RET,  /* between compiled functions; else left to the interpreter */
    K_SWITCH,       /* dense: a jump table; sparse: left to the interpreter */
    K_HCALL,        /* a direct call of the host function */
    K_ALLOC, K_ALLOCA, K_FREE, /* calls of the VM's own functions */
} Kind;

typedef struct Row {
    uint8_t kind;
    bool w;       /* 64-bit operands */
    uint8_t sub;  /* kind-specific: ALU op, condition, shift digit, extension... */
    uint8_t size; /* loads and stores: bytes; float ops: 4 or 8 */
} Row;

enum { SIGNED = 1, UNSIGNED = 2 };
enum { EXT_S8, EXT_U8, EXT_S16, EXT_U16 };
enum { DIV_S, DIV_U, REM_S, REM_U };
enum { UN_NEG = 3, UN_NOT = 2 };
enum { SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };
enum { FA_ADD = 0x58, FA_MUL = 0x59, FA_SUB = 0x5C, FA_DIV = 0x5E };
enum { FC_EQ, FC_NE, FC_LT, FC_LE };


/* Indexed by FirOp. */
extern const Row *const jit_rows[FIR_NOPS];

#endif
