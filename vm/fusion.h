/*
 * fusion.h - the superinstructions: which pairs (and array-indexing
 * quadruples) of FIR instructions run in one dispatch, their handler
 * numbers past FIR_NOPS, and the bodies of their handlers.
 *
 * The tables (VM_FUSED, VM_FUSED_INDEX) are expanded three times: into the
 * handler enum below, into fusion.c's rows (vm__fuse picks a handler at
 * pre-decoding, vm__unfuse gives it back), and into interp.c's loop (label
 * table and VM_FUSED_CASE / VM_INDEX_CASE bodies).  The body macros FIRST_x
 * and SECOND_via_y use the loop's locals and macros (ip, r, RA, SET64,
 * LOAD_ADDR, VM_JUMP, ...), so only interp.c expands them.  Adding a pair:
 * a row here, and FIRST_/SECOND_ macros if its x or y has none yet.
 */
#ifndef FIR_VM_FUSION_H
#define FIR_VM_FUSION_H

#include "vm/internal.h"

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

/* ------------------------------------------------- handler bodies */

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

#endif
