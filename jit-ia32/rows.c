/*
 * rows.c - the row of every opcode (see rows.h), and the check that the rows
 * agree with the opcode flags: an opcode that may allocate or enter the
 * runtime is left to the interpreter, or compiled only as a call of the
 * runtime with the state in VM registers and the pc saved (stores, calls,
 * returns, host calls, alloc, alloca, free).
 */
#include "jit-ia32/internal.h"
#include "jit-ia32/rows.h"

/* Rows per opcode name: R(kind, w, sub, size). */
#define R(k, w, s, n) {K_##k, w, s, n}
#define JIT_INT_ROWS(T, W)                                                      \
    static const Row row_add_##T = R(ALU, W, X86_ADD, 0),                       \
        row_sub_##T = R(ALU, W, X86_SUB, 0), row_mul_##T = R(MUL, W, 0, 0),     \
        row_divs_##T = R(DIV, W, DIV_S, 0), row_divu_##T = R(DIV, W, DIV_U, 0), \
        row_rems_##T = R(DIV, W, REM_S, 0), row_remu_##T = R(DIV, W, REM_U, 0), \
        row_and_##T = R(ALU, W, X86_AND, 0), row_or_##T = R(ALU, W, X86_OR, 0), \
        row_xor_##T = R(ALU, W, X86_XOR, 0), row_shl_##T = R(SHIFT, W, SH_SHL, 0), \
        row_shrs_##T = R(SHIFT, W, SH_SAR, 0), row_shru_##T = R(SHIFT, W, SH_SHR, 0), \
        row_addi_##T = R(ALUI, W, X86_ADD, 0), row_muli_##T = R(MULI, W, 0, 0),  \
        row_andi_##T = R(ALUI, W, X86_AND, 0), row_shli_##T = R(SHIFTI, W, SH_SHL, 0), \
        row_shrsi_##T = R(SHIFTI, W, SH_SAR, 0), row_shrui_##T = R(SHIFTI, W, SH_SHR, 0), \
        row_neg_##T = R(UNARY, W, UN_NEG, 0), row_not_##T = R(UNARY, W, UN_NOT, 0), \
        row_eq_##T = R(CMP, W, X86_E, 0), row_ne_##T = R(CMP, W, X86_NE, 0),    \
        row_lts_##T = R(CMP, W, X86_L, 0), row_les_##T = R(CMP, W, X86_LE, 0),  \
        row_ltu_##T = R(CMP, W, X86_B, 0), row_leu_##T = R(CMP, W, X86_BE, 0),  \
        row_beq_##T = R(BRCMP, W, X86_E, 0), row_bne_##T = R(BRCMP, W, X86_NE, 0), \
        row_blts_##T = R(BRCMP, W, X86_L, 0), row_bles_##T = R(BRCMP, W, X86_LE, 0), \
        row_bltu_##T = R(BRCMP, W, X86_B, 0), row_bleu_##T = R(BRCMP, W, X86_BE, 0);
#define JIT_FLOAT_ROWS(T, N)                                                    \
    static const Row row_add_##T = R(FARITH, 0, FA_ADD, N),                     \
        row_sub_##T = R(FARITH, 0, FA_SUB, N), row_mul_##T = R(FARITH, 0, FA_MUL, N), \
        row_div_##T = R(FARITH, 0, FA_DIV, N), row_neg_##T = R(FNEG, 0, 0, N),  \
        row_eq_##T = R(FCMP, 0, FC_EQ, N), row_ne_##T = R(FCMP, 0, FC_NE, N),   \
        row_lt_##T = R(FCMP, 0, FC_LT, N), row_le_##T = R(FCMP, 0, FC_LE, N),   \
        row_blt_##T = R(FBR, 0, FC_LT, N), row_ble_##T = R(FBR, 0, FC_LE, N);

JIT_INT_ROWS(i32, false)
JIT_INT_ROWS(i64, true)
JIT_FLOAT_ROWS(f32, 4)
JIT_FLOAT_ROWS(f64, 8)

static const Row
    row_nop = R(NOP, 0, 0, 0), row_trap = R(EXIT, 0, 0, 0),
    row_const_i32 = R(CONST32, 0, 0, 0), row_const_i64 = R(CONST64, 0, 0, 0),
    row_const_f32 = R(CONST32, 0, 0, 0), row_const_f64 = R(CONST64, 0, 0, 0),
    row_const_ptr = R(CONST64, 0, 0, 0),
    row_mov_i32 = R(MOV, 0, 0, 0), row_mov_i64 = R(MOV, 0, 0, 0), row_mov_f32 = R(MOV, 0, 0, 0),
    row_mov_f64 = R(MOV, 0, 0, 0), row_mov_ptr = R(MOV, 0, 0, 0),
    row_sext_i32_i64 = R(SEXT32, 0, 0, 0), row_zext_i32_i64 = R(ZEXT32, 0, 0, 0),
    row_trunc_i64_i32 = R(ZEXT32, 0, 0, 0),
    row_sext8_i32 = R(EXT, 0, EXT_S8, 0), row_sext16_i32 = R(EXT, 0, EXT_S16, 0),
    row_zext8_i32 = R(EXT, 0, EXT_U8, 0), row_zext16_i32 = R(EXT, 0, EXT_U16, 0),
    /* int to float: sub = signedness, w = 64-bit source, size = float size */
    row_cvts_i32_f32 = R(CVT_I2F, 0, SIGNED, 4), row_cvtu_i32_f32 = R(CVT_I2F, 0, UNSIGNED, 4),
    row_cvts_i64_f32 = R(CVT_I2F, 1, SIGNED, 4), row_cvtu_i64_f32 = R(CVT_I2F, 1, UNSIGNED, 4),
    row_cvts_i32_f64 = R(CVT_I2F, 0, SIGNED, 8), row_cvtu_i32_f64 = R(CVT_I2F, 0, UNSIGNED, 8),
    row_cvts_i64_f64 = R(CVT_I2F, 1, SIGNED, 8), row_cvtu_i64_f64 = R(CVT_I2F, 1, UNSIGNED, 8),
    /* float to int: w = 64-bit result, size = float size */
    row_cvts_f32_i32 = R(CVT_F2I, 0, SIGNED, 4), row_cvtu_f32_i32 = R(CVT_F2I, 0, UNSIGNED, 4),
    row_cvts_f32_i64 = R(CVT_F2I, 1, SIGNED, 4), row_cvtu_f32_i64 = R(CVT_F2I, 1, UNSIGNED, 4),
    row_cvts_f64_i32 = R(CVT_F2I, 0, SIGNED, 8), row_cvtu_f64_i32 = R(CVT_F2I, 0, UNSIGNED, 8),
    row_cvts_f64_i64 = R(CVT_F2I, 1, SIGNED, 8), row_cvtu_f64_i64 = R(CVT_F2I, 1, UNSIGNED, 8),
    row_cvt_f32_f64 = R(CVT_FF, 0, 0, 4), row_cvt_f64_f32 = R(CVT_FF, 0, 0, 8),
    row_bits_f32_i32 = R(ZEXT32, 0, 0, 0), row_bits_i32_f32 = R(ZEXT32, 0, 0, 0),
    row_bits_f64_i64 = R(MOV, 0, 0, 0), row_bits_i64_f64 = R(MOV, 0, 0, 0),
    row_ptr_to_i64 = R(MOV, 0, 0, 0), row_i64_to_ptr = R(MOV, 0, 0, 0),
    row_ptradd = R(PTRADD, 0, 0, 0), row_ptraddi = R(PTRADDI, 0, 0, 0),
    row_eq_ptr = R(CMP, 1, X86_E, 0), row_ne_ptr = R(CMP, 1, X86_NE, 0),
    row_lt_ptr = R(CMP, 1, X86_B, 0), row_le_ptr = R(CMP, 1, X86_BE, 0),
    row_gaddr = R(EXIT, 0, 0, 0), row_faddr = R(EXIT, 0, 0, 0), /* pre-decoded to const.i64 */
    /* loads: sub = extension (SIGNED / UNSIGNED / 0 whole slot) */
    row_load_i8s = R(LOAD, 0, SIGNED, 1), row_load_i8u = R(LOAD, 0, UNSIGNED, 1),
    row_load_i16s = R(LOAD, 0, SIGNED, 2), row_load_i16u = R(LOAD, 0, UNSIGNED, 2),
    row_load_i32 = R(LOAD, 0, UNSIGNED, 4), row_load_i64 = R(LOAD, 0, 0, 8),
    row_load_f32 = R(LOAD, 0, UNSIGNED, 4), row_load_f64 = R(LOAD, 0, 0, 8),
    row_load_ptr = R(LOAD, 0, 0, 8),
    row_store_i8 = R(STORE, 0, 0, 1), row_store_i16 = R(STORE, 0, 0, 2),
    row_store_i32 = R(STORE, 0, 0, 4), row_store_i64 = R(STORE, 0, 0, 8),
    row_store_f32 = R(STORE, 0, 0, 4), row_store_f64 = R(STORE, 0, 0, 8),
    row_store_ptr = R(STORE, 0, 0, 8),
    row_alloc = R(ALLOC, 0, 0, 0), row_alloca = R(ALLOCA, 0, 0, 0), row_free = R(FREE, 0, 0, 0),
    row_blocksize = R(EXIT, 0, 0, 0),
    row_jmp = R(JMP, 0, 0, 0), row_br = R(BR, 0, X86_NE, 0), row_brz = R(BR, 0, X86_E, 0),
    row_switch = R(SWITCH, 0, 0, 0), row_call = R(CALL, 0, 0, 0), row_call_ind = R(CALL, 0, 0, 0),
    row_hcall = R(HCALL, 0, 0, 0), row_ret = R(RET, 0, 0, 0), row_ret_void = R(RET, 0, 0, 0),
    row_setjmp = R(EXIT, 0, 0, 0), row_longjmp = R(EXIT, 0, 0, 0),
    row_speculate = R(EXIT, 0, 0, 0), row_commit = R(EXIT, 0, 0, 0),
    row_rollback = R(EXIT, 0, 0, 0), row_migrate = R(EXIT, 0, 0, 0);

const Row *const jit_rows[FIR_NOPS] = {
#define JIT_ROW(name, text, fmt, td, t1, t2, flags, sem) [FIR_OP_##name] = &row_##name,
    FIR_OPCODES(JIT_ROW)
#undef JIT_ROW
};

bool jit_rows_agree_with_flags(void)
{
    for (int op = 0; op < FIR_NOPS; op++) {
        unsigned fl = fir_op_info[op].flags;
        bool runtime = fl & (FIR_OPF_ALLOC | FIR_OPF_SAFEPOINT);
        bool left_when_slow = jit_rows[op]->kind == K_STORE || jit_rows[op]->kind == K_CALL ||
                              jit_rows[op]->kind == K_RET || jit_rows[op]->kind == K_HCALL;
        bool runtime_call = jit_rows[op]->kind == K_ALLOC || jit_rows[op]->kind == K_ALLOCA ||
                            jit_rows[op]->kind == K_FREE; /* state in VM registers, pc saved */
        left_when_slow |= runtime_call;
        if (runtime && jit_rows[op]->kind != K_EXIT && !left_when_slow)
            return false;
    }
    return true;
}

