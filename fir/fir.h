/*
 * fir.h - the FIR: types, the opcode table, modules, the builder, encoding,
 * the text form and the verifier.  This is the one public header of fir/.
 *
 * How FIR works
 * -------------
 * A module holds functions, globals and host-call imports.  A function has
 * typed virtual registers (numbered from 0; the first `nparams` registers are
 * its parameters) and a flat array of instructions.  Every instruction has the
 * same in-memory shape (FirInsn: op, a, b, c, imm); what each field means is
 * given by the opcode's format (FIR_FMT_*), and the register types it checks
 * are given by three type columns.  Branch targets are instruction indexes.
 *
 * Register types are i32, i64, f32, f64 and ptr.  i8 and i16 exist only in
 * memory (loads extend into i32, stores truncate from i32), in signatures of
 * nothing, and in global data.  Comparisons produce an i32 0 or 1.
 *
 * A pointer value is 64 bits, (table index << 32) | byte offset, see DESIGN.md.
 *
 * Invariants
 * ----------
 * - FIR_OPCODES below is the only list of opcodes; the enum, the names, the
 *   encoder, the decoder, the text parser and printer, the verifier and the
 *   interpreter all expand it.
 * - Functions in fir/ never print and never exit on bad input: they return 0 or
 *   a negative FIR_E* code and fill a FirError with a message naming the place.
 *   Builder calls trust their caller (a compiler); decode and verify trust
 *   nothing.
 */
#ifndef FIR_H
#define FIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FIR_VERSION_STRING "0.1.0"

#if defined(__GNUC__)
#define FIR_MUST_CHECK __attribute__((warn_unused_result))
#define FIR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define FIR_MUST_CHECK
#define FIR_PRINTF(f, a)
#endif

/* ---------------------------------------------------------------- errors */

#define FIR_ERRORS(X)                                   \
    X(OK, 0, "success")                                 \
    X(NOMEM, -1, "out of memory")                       \
    X(IO, -2, "input/output error")                     \
    X(FORMAT, -3, "malformed input")                    \
    X(VERSION, -4, "unsupported format version")        \
    X(VERIFY, -5, "verification failed")                \
    X(LINK, -6, "link error")                           \
    X(SYNTAX, -7, "syntax error")                       \
    X(INVAL, -8, "invalid argument")                    \
    X(RANGE, -9, "value out of range")

enum {
#define FIR_ERRNUM(name, num, msg) FIR_E##name = num,
    FIR_ERRORS(FIR_ERRNUM)
#undef FIR_ERRNUM
};

/* A message that names the place of a failure; filled by the callee. */
typedef struct FirError {
    int code;
    char msg[512];
} FirError;

const char *fir_strerror(int code);
/* Sets err->code and err->msg (if err is not NULL); returns code. */
int fir_error_set(FirError *err, int code, const char *fmt, ...) FIR_PRINTF(3, 4);

/* ----------------------------------------------------------------- types */

#define FIR_TYPES(X)                \
    X(VOID, "void", 0)              \
    X(I8, "i8", 1)                  \
    X(I16, "i16", 2)                \
    X(I32, "i32", 4)                \
    X(I64, "i64", 8)                \
    X(F32, "f32", 4)                \
    X(F64, "f64", 8)                \
    X(PTR, "ptr", 8)

typedef enum FirType {
#define FIR_TYPE_ENUM(name, text, size) FIR_##name,
    FIR_TYPES(FIR_TYPE_ENUM)
#undef FIR_TYPE_ENUM
    FIR_NTYPES
} FirType;

const char *fir_type_name(FirType t);
unsigned fir_type_size(FirType t);
/* True for the types a register may have: i32 i64 f32 f64 ptr. */
bool fir_type_is_reg(FirType t);

/* --------------------------------------------------------------- formats */

/*
 * Operand formats.  D = destination register, S = source register,
 * I = immediate (imm), L = label (imm is an instruction index).
 *
 *   NONE    -                      nop, ret_void, trap
 *   D       a=D                    speculate
 *   S       a=S                    ret, commit, rollback, free
 *   DS      a=D b=S                moves, unary ops, conversions
 *   DSS     a=D b=S c=S            binary ops, comparisons
 *   DI      a=D imm                constants (f32/f64 as IEEE bits)
 *   DSI     a=D b=S imm            immediate ops, loads (imm = byte offset)
 *   SSI     a=S b=S imm            stores: *(a + imm) = b
 *   SS      a=S b=S                longjmp
 *   L       imm=L                  jmp
 *   SL      a=S imm=L              br / brz on an i32
 *   SSL     a=S b=S imm=L          fused compare-and-branch
 *   GLOBAL  a=D b=global id        gaddr
 *   FUNC    a=D b=function id      faddr
 *   CALL    a=D or FIR_NOREG, b=function id, c=first arg in func->args,
 *           imm=arg count
 *   CALLI   a=D or FIR_NOREG, b=S (ptr to a function block), c, imm as CALL;
 *           the callee's signature is checked at run time
 *   HCALL   a=D or FIR_NOREG, b=host import id, c, imm as CALL
 *   SWITCH  a=S (i32 or i64), b=switch table id in func->switches
 */

/* The fields a format uses (the binary form stores exactly these, in this
 * order after the opcode), and what they mean. */
enum {
    FIR_FIELD_A = 1,
    FIR_FIELD_B = 2,
    FIR_FIELD_C = 4,
    FIR_FIELD_IMM = 8,
    FIR_FIELD_DEST = 16,  /* a is a destination register */
    FIR_FIELD_ARGS = 32,  /* a call: c and imm give the arguments; a is a
                             destination or FIR_NOREG */
    FIR_FIELD_LABEL = 64, /* imm is an instruction index */
};
#define FIR__AB (FIR_FIELD_A | FIR_FIELD_B)
#define FIR__CALL (FIR__AB | FIR_FIELD_C | FIR_FIELD_IMM | FIR_FIELD_ARGS)
#define FIR_FORMATS(X)                                                   \
    X(NONE, 0)                                                           \
    X(D, FIR_FIELD_A | FIR_FIELD_DEST)                                   \
    X(S, FIR_FIELD_A)                                                    \
    X(DS, FIR__AB | FIR_FIELD_DEST)                                      \
    X(DSS, FIR__AB | FIR_FIELD_C | FIR_FIELD_DEST)                       \
    X(DI, FIR_FIELD_A | FIR_FIELD_IMM | FIR_FIELD_DEST)                  \
    X(DSI, FIR__AB | FIR_FIELD_IMM | FIR_FIELD_DEST)                     \
    X(SSI, FIR__AB | FIR_FIELD_IMM)                                      \
    X(SS, FIR__AB)                                                       \
    X(L, FIR_FIELD_IMM | FIR_FIELD_LABEL)                                \
    X(SL, FIR_FIELD_A | FIR_FIELD_IMM | FIR_FIELD_LABEL)                 \
    X(SSL, FIR__AB | FIR_FIELD_IMM | FIR_FIELD_LABEL)                    \
    X(GLOBAL, FIR__AB | FIR_FIELD_DEST)                                  \
    X(FUNC, FIR__AB | FIR_FIELD_DEST)                                    \
    X(CALL, FIR__CALL)                                                   \
    X(CALLI, FIR__CALL)                                                  \
    X(HCALL, FIR__CALL)                                                  \
    X(SWITCH, FIR__AB)

typedef enum FirFormat {
#define FIR_FMT_ENUM(name, fields) FIR_FMT_##name,
    FIR_FORMATS(FIR_FMT_ENUM)
#undef FIR_FMT_ENUM
    FIR_NFORMATS
} FirFormat;

/* FIR_FIELD_* of each format; expanded from FIR_FORMATS. */
extern const uint8_t fir_format_fields[FIR_NFORMATS];

/* ----------------------------------------------------------- the opcodes */

/*
 * Opcode flags: what an instruction may do besides computing its result.
 * The verifier and the JIT read them from the row; a flag says "may", so
 * an opcode that only sometimes does it carries the flag.
 *   TERM       never continues with the next instruction (jmp, ret, trap...)
 *   TRAP       may stop the process with a guest fault: the pc is saved first
 *   ALLOC      may allocate, free, clone or move blocks: a cached base of the
 *              pointer table must be reloaded afterwards
 *   SAFEPOINT  calls into the runtime, which may collect, checkpoint, roll
 *              back or migrate the whole process: every live value must be
 *              in its VM register and the frame's pc saved
 * The row names one of the combinations below (the column is pasted after
 * FIR_OPF_).
 */
enum {
    FIR_OPF_NONE = 0,
    FIR_OPF_TERM = 1,
    FIR_OPF_TRAP = 2,
    FIR_OPF_ALLOC = 4,
    FIR_OPF_SAFEPOINT = 8,
    FIR_OPF_TERM_ALLOC = FIR_OPF_TERM | FIR_OPF_ALLOC,
    FIR_OPF_TRAP_ALLOC = FIR_OPF_TRAP | FIR_OPF_ALLOC,
    FIR_OPF_ALLOC_SAFEPOINT = FIR_OPF_ALLOC | FIR_OPF_SAFEPOINT,
    FIR_OPF_TRAP_ALLOC_SAFEPOINT = FIR_OPF_TRAP | FIR_OPF_ALLOC | FIR_OPF_SAFEPOINT,
    FIR_OPF_TERM_TRAP_SAFEPOINT = FIR_OPF_TERM | FIR_OPF_TRAP | FIR_OPF_SAFEPOINT,
    FIR_OPF_TERM_TRAP_ALLOC_SAFEPOINT =
        FIR_OPF_TERM | FIR_OPF_TRAP | FIR_OPF_ALLOC | FIR_OPF_SAFEPOINT,
};

/*
 * FIR_OP(name, text, format, td, t1, t2, flags, semantics)
 *   name   enum suffix (FIR_OP_name) and interpreter label
 *   text   mnemonic in the text form
 *   td     type of the destination register (VOID if none)
 *   t1,t2  types of the first and second source registers (VOID if none);
 *          for stores t1 is the pointer (a) and t2 the value (b).
 *   flags  what the instruction may do besides computing (FIR_OPF_*, below)
 *   sem    what it does, for people and for the printer's --explain.
 *
 * An opcode's number is its position in this list, and the binary format
 * and process images store that number: the list is append-only.  New
 * opcodes go at the end of FIR_OPCODES (never inside FIR_INT_BINOPS or
 * FIR_FLOAT_OPS) and into fir/opcodes.txt, which a test compares.
 * Opcodes whose typing is not given by the columns (calls, ret, switch) have
 * VOID columns and are checked by name in the verifier.
 * Integer division by zero, INT_MIN / -1, and out-of-range float to integer
 * conversions are guest faults.  Shift counts are taken modulo the width.
 */
#define FIR_INT_BINOPS(OP, T, TY)                                                          \
    OP(add_##T, "add." #T, DSS, TY, TY, TY, NONE, "a = b + c (wraps)")                     \
    OP(sub_##T, "sub." #T, DSS, TY, TY, TY, NONE, "a = b - c (wraps)")                     \
    OP(mul_##T, "mul." #T, DSS, TY, TY, TY, NONE, "a = b * c (wraps)")                     \
    OP(divs_##T, "divs." #T, DSS, TY, TY, TY, TRAP, "a = b / c signed, traps on 0")        \
    OP(divu_##T, "divu." #T, DSS, TY, TY, TY, TRAP, "a = b / c unsigned, traps on 0")      \
    OP(rems_##T, "rems." #T, DSS, TY, TY, TY, TRAP, "a = b % c signed, traps on 0")        \
    OP(remu_##T, "remu." #T, DSS, TY, TY, TY, TRAP, "a = b % c unsigned, traps on 0")      \
    OP(and_##T, "and." #T, DSS, TY, TY, TY, NONE, "a = b & c")                             \
    OP(or_##T, "or." #T, DSS, TY, TY, TY, NONE, "a = b | c")                               \
    OP(xor_##T, "xor." #T, DSS, TY, TY, TY, NONE, "a = b ^ c")                             \
    OP(shl_##T, "shl." #T, DSS, TY, TY, TY, NONE, "a = b << (c mod width)")                \
    OP(shrs_##T, "shrs." #T, DSS, TY, TY, TY, NONE, "a = b >> (c mod width), arithmetic")  \
    OP(shru_##T, "shru." #T, DSS, TY, TY, TY, NONE, "a = b >> (c mod width), logical")     \
    OP(addi_##T, "addi." #T, DSI, TY, TY, VOID, NONE, "a = b + imm (wraps)")               \
    OP(muli_##T, "muli." #T, DSI, TY, TY, VOID, NONE, "a = b * imm (wraps)")               \
    OP(andi_##T, "andi." #T, DSI, TY, TY, VOID, NONE, "a = b & imm")                       \
    OP(shli_##T, "shli." #T, DSI, TY, TY, VOID, NONE, "a = b << (imm mod width)")          \
    OP(shrsi_##T, "shrsi." #T, DSI, TY, TY, VOID, NONE, "a = b >> (imm mod width), arith") \
    OP(shrui_##T, "shrui." #T, DSI, TY, TY, VOID, NONE, "a = b >> (imm mod width), logic") \
    OP(neg_##T, "neg." #T, DS, TY, TY, VOID, NONE, "a = -b (wraps)")                       \
    OP(not_##T, "not." #T, DS, TY, TY, VOID, NONE, "a = ~b")                               \
    OP(eq_##T, "eq." #T, DSS, I32, TY, TY, NONE, "a = b == c")                             \
    OP(ne_##T, "ne." #T, DSS, I32, TY, TY, NONE, "a = b != c")                             \
    OP(lts_##T, "lts." #T, DSS, I32, TY, TY, NONE, "a = b < c signed")                     \
    OP(les_##T, "les." #T, DSS, I32, TY, TY, NONE, "a = b <= c signed")                    \
    OP(ltu_##T, "ltu." #T, DSS, I32, TY, TY, NONE, "a = b < c unsigned")                   \
    OP(leu_##T, "leu." #T, DSS, I32, TY, TY, NONE, "a = b <= c unsigned")                  \
    OP(beq_##T, "beq." #T, SSL, VOID, TY, TY, NONE, "if a == b goto imm")                  \
    OP(bne_##T, "bne." #T, SSL, VOID, TY, TY, NONE, "if a != b goto imm")                  \
    OP(blts_##T, "blts." #T, SSL, VOID, TY, TY, NONE, "if a < b signed goto imm")          \
    OP(bles_##T, "bles." #T, SSL, VOID, TY, TY, NONE, "if a <= b signed goto imm")         \
    OP(bltu_##T, "bltu." #T, SSL, VOID, TY, TY, NONE, "if a < b unsigned goto imm")        \
    OP(bleu_##T, "bleu." #T, SSL, VOID, TY, TY, NONE, "if a <= b unsigned goto imm")

#define FIR_FLOAT_OPS(OP, T, TY)                                              \
    OP(add_##T, "add." #T, DSS, TY, TY, TY, NONE, "a = b + c")                \
    OP(sub_##T, "sub." #T, DSS, TY, TY, TY, NONE, "a = b - c")                \
    OP(mul_##T, "mul." #T, DSS, TY, TY, TY, NONE, "a = b * c")                \
    OP(div_##T, "div." #T, DSS, TY, TY, TY, NONE, "a = b / c (IEEE)")         \
    OP(neg_##T, "neg." #T, DS, TY, TY, VOID, NONE, "a = -b")                  \
    OP(eq_##T, "eq." #T, DSS, I32, TY, TY, NONE, "a = b == c (false if NaN)") \
    OP(ne_##T, "ne." #T, DSS, I32, TY, TY, NONE, "a = b != c (true if NaN)")  \
    OP(lt_##T, "lt." #T, DSS, I32, TY, TY, NONE, "a = b < c (false if NaN)")  \
    OP(le_##T, "le." #T, DSS, I32, TY, TY, NONE, "a = b <= c (false if NaN)") \
    OP(blt_##T, "blt." #T, SSL, VOID, TY, TY, NONE, "if a < b goto imm")      \
    OP(ble_##T, "ble." #T, SSL, VOID, TY, TY, NONE, "if a <= b goto imm")

#define FIR_OPCODES(OP)                                                                                           \
    /* misc */                                                                                                    \
    OP(nop, "nop", NONE, VOID, VOID, VOID, NONE, "nothing")                                                       \
    OP(trap, "trap", NONE, VOID, VOID, VOID, TERM_TRAP_SAFEPOINT, "guest fault: unreachable code reached")        \
    /* constants and moves */                                                                                     \
    OP(const_i32, "const.i32", DI, I32, VOID, VOID, NONE, "a = imm")                                              \
    OP(const_i64, "const.i64", DI, I64, VOID, VOID, NONE, "a = imm")                                              \
    OP(const_f32, "const.f32", DI, F32, VOID, VOID, NONE, "a = float with bits imm")                              \
    OP(const_f64, "const.f64", DI, F64, VOID, VOID, NONE, "a = double with bits imm")                             \
    OP(const_ptr, "const.ptr", DI, PTR, VOID, VOID, NONE, "a = raw pointer value imm (0 = null)")                 \
    OP(mov_i32, "mov.i32", DS, I32, I32, VOID, NONE, "a = b")                                                     \
    OP(mov_i64, "mov.i64", DS, I64, I64, VOID, NONE, "a = b")                                                     \
    OP(mov_f32, "mov.f32", DS, F32, F32, VOID, NONE, "a = b")                                                     \
    OP(mov_f64, "mov.f64", DS, F64, F64, VOID, NONE, "a = b")                                                     \
    OP(mov_ptr, "mov.ptr", DS, PTR, PTR, VOID, NONE, "a = b")                                                     \
    /* integer and float arithmetic */                                                                            \
    FIR_INT_BINOPS(OP, i32, I32)                                                                                  \
    FIR_INT_BINOPS(OP, i64, I64)                                                                                  \
    FIR_FLOAT_OPS(OP, f32, F32)                                                                                   \
    FIR_FLOAT_OPS(OP, f64, F64)                                                                                   \
    /* integer width conversions */                                                                               \
    OP(sext_i32_i64, "sext.i32.i64", DS, I64, I32, VOID, NONE, "a = (int64)(int32)b")                             \
    OP(zext_i32_i64, "zext.i32.i64", DS, I64, I32, VOID, NONE, "a = (uint64)(uint32)b")                           \
    OP(trunc_i64_i32, "trunc.i64.i32", DS, I32, I64, VOID, NONE, "a = (int32)b")                                  \
    OP(sext8_i32, "sext8.i32", DS, I32, I32, VOID, NONE, "a = (int32)(int8)b")                                    \
    OP(sext16_i32, "sext16.i32", DS, I32, I32, VOID, NONE, "a = (int32)(int16)b")                                 \
    OP(zext8_i32, "zext8.i32", DS, I32, I32, VOID, NONE, "a = (int32)(uint8)b")                                   \
    OP(zext16_i32, "zext16.i32", DS, I32, I32, VOID, NONE, "a = (int32)(uint16)b")                                \
    /* integer <-> float conversions (s = signed, u = unsigned source or dest) */                                 \
    OP(cvts_i32_f32, "cvts.i32.f32", DS, F32, I32, VOID, NONE, "a = (float)(int32)b")                             \
    OP(cvtu_i32_f32, "cvtu.i32.f32", DS, F32, I32, VOID, NONE, "a = (float)(uint32)b")                            \
    OP(cvts_i64_f32, "cvts.i64.f32", DS, F32, I64, VOID, NONE, "a = (float)(int64)b")                             \
    OP(cvtu_i64_f32, "cvtu.i64.f32", DS, F32, I64, VOID, NONE, "a = (float)(uint64)b")                            \
    OP(cvts_i32_f64, "cvts.i32.f64", DS, F64, I32, VOID, NONE, "a = (double)(int32)b")                            \
    OP(cvtu_i32_f64, "cvtu.i32.f64", DS, F64, I32, VOID, NONE, "a = (double)(uint32)b")                           \
    OP(cvts_i64_f64, "cvts.i64.f64", DS, F64, I64, VOID, NONE, "a = (double)(int64)b")                            \
    OP(cvtu_i64_f64, "cvtu.i64.f64", DS, F64, I64, VOID, NONE, "a = (double)(uint64)b")                           \
    OP(cvts_f32_i32, "cvts.f32.i32", DS, I32, F32, VOID, TRAP, "a = (int32)b, truncates")                         \
    OP(cvtu_f32_i32, "cvtu.f32.i32", DS, I32, F32, VOID, TRAP, "a = (uint32)b, truncates")                        \
    OP(cvts_f32_i64, "cvts.f32.i64", DS, I64, F32, VOID, TRAP, "a = (int64)b, truncates")                         \
    OP(cvtu_f32_i64, "cvtu.f32.i64", DS, I64, F32, VOID, TRAP, "a = (uint64)b, truncates")                        \
    OP(cvts_f64_i32, "cvts.f64.i32", DS, I32, F64, VOID, TRAP, "a = (int32)b, truncates")                         \
    OP(cvtu_f64_i32, "cvtu.f64.i32", DS, I32, F64, VOID, TRAP, "a = (uint32)b, truncates")                        \
    OP(cvts_f64_i64, "cvts.f64.i64", DS, I64, F64, VOID, TRAP, "a = (int64)b, truncates")                         \
    OP(cvtu_f64_i64, "cvtu.f64.i64", DS, I64, F64, VOID, TRAP, "a = (uint64)b, truncates")                        \
    OP(cvt_f32_f64, "cvt.f32.f64", DS, F64, F32, VOID, NONE, "a = (double)b")                                     \
    OP(cvt_f64_f32, "cvt.f64.f32", DS, F32, F64, VOID, NONE, "a = (float)b")                                      \
    OP(bits_f32_i32, "bits.f32.i32", DS, I32, F32, VOID, NONE, "a = bit pattern of b")                            \
    OP(bits_i32_f32, "bits.i32.f32", DS, F32, I32, VOID, NONE, "a = float with bit pattern b")                    \
    OP(bits_f64_i64, "bits.f64.i64", DS, I64, F64, VOID, NONE, "a = bit pattern of b")                            \
    OP(bits_i64_f64, "bits.i64.f64", DS, F64, I64, VOID, NONE, "a = double with bit pattern b")                   \
    /* pointers */                                                                                                \
    OP(ptr_to_i64, "ptrtoint", DS, I64, PTR, VOID, NONE, "a = raw 64-bit value of pointer b")                     \
    OP(i64_to_ptr, "inttoptr", DS, PTR, I64, VOID, NONE, "a = pointer with raw value b")                          \
    OP(ptradd, "ptradd", DSS, PTR, PTR, I64, NONE, "a = b advanced by c bytes (offset wraps)")                    \
    OP(ptraddi, "ptraddi", DSI, PTR, PTR, VOID, NONE, "a = b advanced by imm bytes")                              \
    OP(eq_ptr, "eq.ptr", DSS, I32, PTR, PTR, NONE, "a = b == c")                                                  \
    OP(ne_ptr, "ne.ptr", DSS, I32, PTR, PTR, NONE, "a = b != c")                                                  \
    OP(lt_ptr, "lt.ptr", DSS, I32, PTR, PTR, NONE, "a = b < c (raw unsigned compare)")                            \
    OP(le_ptr, "le.ptr", DSS, I32, PTR, PTR, NONE, "a = b <= c (raw unsigned compare)")                           \
    OP(gaddr, "gaddr", GLOBAL, PTR, VOID, VOID, NONE, "a = address of global b")                                  \
    OP(faddr, "faddr", FUNC, PTR, VOID, VOID, NONE, "a = address of function b")                                  \
    /* memory: loads a = *(b + imm), stores *(a + imm) = b; checked */                                            \
    OP(load_i8s, "load.i8s", DSI, I32, PTR, VOID, TRAP, "a = sign-extended i8 at b+imm")                          \
    OP(load_i8u, "load.i8u", DSI, I32, PTR, VOID, TRAP, "a = zero-extended i8 at b+imm")                          \
    OP(load_i16s, "load.i16s", DSI, I32, PTR, VOID, TRAP, "a = sign-extended i16 at b+imm")                       \
    OP(load_i16u, "load.i16u", DSI, I32, PTR, VOID, TRAP, "a = zero-extended i16 at b+imm")                       \
    OP(load_i32, "load.i32", DSI, I32, PTR, VOID, TRAP, "a = i32 at b+imm")                                       \
    OP(load_i64, "load.i64", DSI, I64, PTR, VOID, TRAP, "a = i64 at b+imm")                                       \
    OP(load_f32, "load.f32", DSI, F32, PTR, VOID, TRAP, "a = f32 at b+imm")                                       \
    OP(load_f64, "load.f64", DSI, F64, PTR, VOID, TRAP, "a = f64 at b+imm")                                       \
    OP(load_ptr, "load.ptr", DSI, PTR, PTR, VOID, TRAP, "a = ptr at b+imm")                                       \
    OP(store_i8, "store.i8", SSI, VOID, PTR, I32, TRAP_ALLOC, "i8 at a+imm = low 8 bits of b")                    \
    OP(store_i16, "store.i16", SSI, VOID, PTR, I32, TRAP_ALLOC, "i16 at a+imm = low 16 bits of b")                \
    OP(store_i32, "store.i32", SSI, VOID, PTR, I32, TRAP_ALLOC, "i32 at a+imm = b")                               \
    OP(store_i64, "store.i64", SSI, VOID, PTR, I64, TRAP_ALLOC, "i64 at a+imm = b")                               \
    OP(store_f32, "store.f32", SSI, VOID, PTR, F32, TRAP_ALLOC, "f32 at a+imm = b")                               \
    OP(store_f64, "store.f64", SSI, VOID, PTR, F64, TRAP_ALLOC, "f64 at a+imm = b")                               \
    OP(store_ptr, "store.ptr", SSI, VOID, PTR, PTR, TRAP_ALLOC, "ptr at a+imm = b")                               \
    /* blocks */                                                                                                  \
    OP(alloc, "alloc", DS, PTR, I64, VOID, ALLOC_SAFEPOINT, "a = new zeroed heap block of b bytes, or null")      \
    OP(alloca, "alloca", DS, PTR, I64, VOID, TRAP_ALLOC_SAFEPOINT, "a = new zeroed frame block of b bytes")       \
    OP(free, "free", S, VOID, PTR, VOID, TRAP_ALLOC_SAFEPOINT, "free heap block a (null: nothing)")               \
    OP(blocksize, "blocksize", DS, I64, PTR, VOID, TRAP, "a = size of the block b points into")                   \
    /* control */                                                                                                 \
    OP(jmp, "jmp", L, VOID, VOID, VOID, TERM, "goto imm")                                                         \
    OP(br, "br", SL, VOID, I32, VOID, NONE, "if a != 0 goto imm")                                                 \
    OP(brz, "brz", SL, VOID, I32, VOID, NONE, "if a == 0 goto imm")                                               \
    OP(switch, "switch", SWITCH, VOID, VOID, VOID, TERM, "goto the target of a in table b")                       \
    OP(call, "call", CALL, VOID, VOID, VOID, TRAP_ALLOC_SAFEPOINT, "a = function b(args)")                        \
    OP(call_ind, "call.ind", CALLI, VOID, PTR, VOID, TRAP_ALLOC_SAFEPOINT, "a = function at pointer b(args)")     \
    OP(hcall, "hcall", HCALL, VOID, VOID, VOID, TRAP_ALLOC_SAFEPOINT, "a = host call b(args)")                    \
    OP(ret, "ret", S, VOID, VOID, VOID, TERM_ALLOC, "return a")                                                   \
    OP(ret_void, "ret.void", NONE, VOID, VOID, VOID, TERM_ALLOC, "return")                                        \
    /* non-local jumps: the jmp_buf is guest memory of FIR_JMPBUF_SIZE bytes */                                   \
    OP(setjmp, "setjmp", DS, I32, PTR, VOID, TRAP_ALLOC, "a = 0 after saving the frame in jmp_buf b")             \
    OP(longjmp, "longjmp", SS, VOID, PTR, I32, TERM_TRAP_ALLOC_SAFEPOINT, "resume setjmp of a, returning b or 1") \
    /* speculation and migration (DESIGN.md) */                                                                   \
    OP(speculate, "speculate", D, I32, VOID, VOID, TRAP_ALLOC_SAFEPOINT, "a = id of a new level; 0 on rollback")  \
    OP(commit, "commit", S, VOID, I32, VOID, TRAP_ALLOC_SAFEPOINT, "fold level a into the level before it")       \
    OP(rollback, "rollback", S, VOID, I32, VOID, TRAP_ALLOC_SAFEPOINT, "roll back level a and later levels")      \
    OP(migrate, "migrate", DS, I32, PTR, VOID, TRAP_ALLOC_SAFEPOINT, "a = migrate to target string b")

typedef enum FirOp {
#define FIR_OP_ENUM(name, text, fmt, td, t1, t2, flags, sem) FIR_OP_##name,
    FIR_OPCODES(FIR_OP_ENUM)
#undef FIR_OP_ENUM
    FIR_NOPS
} FirOp;

typedef struct FirOpInfo {
    const char *name; /* text mnemonic */
    FirFormat format;
    FirType td, t1, t2;
    unsigned flags; /* FIR_OPF_* */
    const char *semantics;
} FirOpInfo;

/* Indexed by FirOp; expanded from FIR_OPCODES. */
extern const FirOpInfo fir_op_info[FIR_NOPS];
/* Returns the opcode with text mnemonic `name`, or -1. */
int fir_op_lookup(const char *name, size_t len);

/* Bytes of guest memory a jmp_buf needs (frame depth, frame serial, pc). */
#define FIR_JMPBUF_SIZE 24

/* ---------------------------------------------------------------- module */

#define FIR_NOREG UINT32_MAX /* "no destination" for calls */
#define FIR_MAX_REGS 65535u  /* registers per function */

typedef struct FirInsn {
    uint16_t op; /* FirOp */
    uint32_t a, b, c;
    int64_t imm;
} FirInsn;

/* Source position of an instruction: file is an index into module->files. */
typedef struct FirLoc {
    uint32_t file;
    uint32_t line;
} FirLoc;

typedef struct FirSwitchCase {
    int64_t value;
    uint32_t target;
} FirSwitchCase;

typedef struct FirSwitch {
    uint32_t default_target;
    uint32_t ncases;
    FirSwitchCase *cases; /* sorted by value, no duplicates (verified) */
} FirSwitch;

/*
 * Debug info (optional; firc emits it, the verifier ignores it, decode
 * checks that every index in it is in range).  C types are a module-wide
 * table: a type reference is 1 + its index in FirModule.dbg_types, 0 for
 * "unknown".  Sizes and offsets are the FIR data model's (DESIGN.md rule 1).
 */
typedef enum FirDbgKind {
    FIR_DK_VOID, FIR_DK_SINT, FIR_DK_UINT, FIR_DK_BOOL, FIR_DK_SCHAR, FIR_DK_UCHAR,
    FIR_DK_FLOAT, FIR_DK_PTR, FIR_DK_ARRAY, FIR_DK_STRUCT, FIR_DK_UNION, FIR_DK_ENUM,
    FIR_DK_FUNC, FIR_NDK
} FirDbgKind;

/* A struct or union member (value: byte offset) or an enumerator (value:
 * its value, type 0). */
typedef struct FirDbgField {
    char *name;
    uint32_t type;
    int64_t value;
    uint8_t bit_offset, bit_width; /* bit-fields: within the unit at value; width 0 = none */
} FirDbgField;

typedef struct FirDbgType {
    uint8_t kind;        /* FirDbgKind */
    char *name;          /* "int", "struct point"; NULL for pointers, arrays, functions */
    uint64_t size;
    uint32_t base;       /* PTR target, ARRAY element, FUNC return type */
    uint64_t count;      /* ARRAY element count (0: unknown) */
    FirDbgField *fields;
    uint32_t nfields;
} FirDbgType;

/* A C variable of a function: in register reg, or (in_memory) in the block
 * register reg points to. */
typedef struct FirDbgVar {
    char *name;
    uint32_t type;
    uint32_t reg;
    uint32_t line;       /* where it is declared */
    bool in_memory, is_param;
} FirDbgVar;

typedef struct FirFunc {
    char *name;
    FirType ret;             /* VOID or a register type */
    uint32_t nparams;        /* parameter i is register i */
    uint32_t nregs;
    uint8_t *reg_types;      /* FirType per register */
    char **reg_names;        /* per register, NULL entries allowed; may be NULL */
    FirInsn *code;
    FirLoc *locs;            /* one per instruction */
    uint32_t ncode;
    uint32_t *args;          /* argument registers of calls, see FIR_FMT_CALL */
    uint32_t nargs;
    FirSwitch *switches;
    uint32_t nswitches;
    bool defined;            /* false: declaration only, resolved by fir_link */
    bool is_static;          /* internal linkage */
    /* debug info (see FirDbgType); all 0 when absent */
    FirDbgVar *dbg_vars;
    uint32_t ndbg_vars;
    uint32_t dbg_ret;        /* C return type */
    bool dbg_library;        /* part of the C library (debuggers step over it) */
    /* builder state, not encoded */
    uint32_t cap_code, cap_args, cap_regs, cap_switches;
    FirLoc cur_loc;
    uint32_t *label_pos;     /* label id -> instruction index, UINT32_MAX if unplaced */
    uint32_t nlabels, cap_labels;
} FirFunc;

typedef enum FirRelocKind { FIR_RELOC_GLOBAL = 0, FIR_RELOC_FUNC = 1 } FirRelocKind;

/* A pointer stored in global data: 8 bytes at `offset` become the address of
 * global/function `target`, advanced by `addend` bytes. */
typedef struct FirReloc {
    uint64_t offset;
    uint32_t kind;   /* FirRelocKind */
    uint32_t target;
    int64_t addend;
} FirReloc;

typedef struct FirGlobal {
    char *name;
    uint64_t size;
    uint32_t align;      /* power of two */
    uint8_t *init;       /* size bytes, or NULL for all zero */
    FirReloc *relocs;
    uint32_t nrelocs, cap_relocs;
    bool defined;        /* false: extern declaration, resolved by fir_link */
    bool is_static;
    bool is_const;       /* stores to it are guest faults */
    uint32_t dbg_type;   /* debug info: its C type, 0 = unknown */
    char *dbg_name;      /* debug info: its C name when it differs (static locals) */
} FirGlobal;

/* A host function the module imports; the VM resolves it by name and checks
 * the signature at load time. */
typedef struct FirHost {
    char *name;
    FirType ret;
    uint32_t nparams;
    uint8_t *params;     /* FirType per parameter */
} FirHost;

typedef struct FirModule {
    FirFunc *funcs;
    uint32_t nfuncs, cap_funcs;
    FirGlobal *globals;
    uint32_t nglobals, cap_globals;
    FirHost *hosts;
    uint32_t nhosts, cap_hosts;
    char **files;        /* source file names for FirLoc */
    uint32_t nfiles, cap_files;
    FirDbgType *dbg_types; /* debug info: C types, referenced as 1 + index */
    uint32_t ndbg_types, cap_dbg_types;
} FirModule;

/* --------------------------------------------------------------- builder */

/* The builder aborts the host process on out-of-memory (it serves compilers,
 * not untrusted input). */
FirModule *fir_module_new(void);
void fir_module_free(FirModule *m);

/* Interned file name, returns its index. */
uint32_t fir_add_file(FirModule *m, const char *name);

/* Adds a function with parameter types params[0..nparams-1] (registers
 * 0..nparams-1); returns its id.  It starts undefined (a declaration) with
 * no code; fir_func_begin_body marks it defined. */
uint32_t fir_add_func(FirModule *m, const char *name, FirType ret,
                      uint32_t nparams, const FirType *params);
void fir_func_begin_body(FirFunc *f);
/* Returns the id of the function called `name`, or -1. */
int64_t fir_find_func(const FirModule *m, const char *name);

/* New register of type t (a register type); name may be NULL. */
uint32_t fir_new_reg(FirFunc *f, FirType t, const char *name);

/* Position stamped on instructions emitted from now on. */
void fir_set_loc(FirFunc *f, uint32_t file, uint32_t line);

/* Appends an instruction and returns its index. */
uint32_t fir_emit(FirFunc *f, FirOp op, uint32_t a, uint32_t b, uint32_t c, int64_t imm);
/* Calls: appends args to f->args and emits the CALL/CALLI/HCALL form. */
uint32_t fir_emit_call(FirFunc *f, FirOp op, uint32_t dst, uint32_t target,
                       uint32_t nargs, const uint32_t *args);
/* Switch: copies cases (any order; they are sorted) and emits `switch`. */
uint32_t fir_emit_switch(FirFunc *f, uint32_t reg, uint32_t default_target,
                         uint32_t ncases, const FirSwitchCase *cases);

/* Labels: a branch may name a label id in imm (or a switch target) before the
 * label is placed; fir_func_resolve_labels rewrites label ids to instruction
 * indexes.  Use FIR_LABEL(id) as the target value so both kinds can mix. */
#define FIR_LABEL_BIT ((uint32_t)1 << 31)
#define FIR_LABEL(id) ((uint32_t)(id) | FIR_LABEL_BIT)
uint32_t fir_new_label(FirFunc *f);
void fir_place_label(FirFunc *f, uint32_t label);
/* Fails (FIR_EINVAL) when a used label was never placed. */
int fir_func_resolve_labels(FirFunc *f, FirError *err) FIR_MUST_CHECK;
/* Lets temporaries that are never live at once share a register (fir/compact.c
 * says which registers move); call it after fir_func_resolve_labels. */
void fir_compact_regs(FirFunc *f);

/* Globals: returns the id.  init may be NULL (zero); it is copied. */
uint32_t fir_add_global(FirModule *m, const char *name, uint64_t size, uint32_t align,
                        const uint8_t *init);
int64_t fir_find_global(const FirModule *m, const char *name);
void fir_global_add_reloc(FirGlobal *g, uint64_t offset, FirRelocKind kind,
                          uint32_t target, int64_t addend);

/* Host imports: returns the id of the import called `name`, adding it if
 * needed (a second import of the same name must have the same signature). */
uint32_t fir_add_host(FirModule *m, const char *name, FirType ret, uint32_t nparams,
                      const FirType *params);

/* Debug info builders: a new C type (copies name; fields added after), and
 * the storage of a function's variables and a module's types. */
uint32_t fir_dbg_add_type(FirModule *m, FirDbgKind kind, const char *name, uint64_t size,
                          uint32_t base, uint64_t count);
void fir_dbg_add_field(FirModule *m, uint32_t type, const char *name, uint32_t ftype,
                       int64_t value, uint8_t bit_offset, uint8_t bit_width);
void fir_dbg_add_var(FirFunc *f, const char *name, uint32_t type, uint32_t reg,
                     uint32_t line, bool in_memory, bool is_param);
/* Frees the debug info of a function, a global, the module's types. */
void fir_dbg_free_func(FirFunc *f);
void fir_dbg_free_types(FirModule *m);

/* ------------------------------------------------ encoding and text form */

/* Binary .fir: see docs/DESIGN.md (appendix) for the layout.  Decode checks every size,
 * count and index against the input, never trusts it, and on failure names
 * the field.  Decode does not verify: call fir_verify after it. */
int fir_encode(const FirModule *m, uint8_t **out, size_t *outlen, FirError *err) FIR_MUST_CHECK;
int fir_decode(const uint8_t *data, size_t len, FirModule **out, FirError *err) FIR_MUST_CHECK;
/* File helpers: read or write a whole .fir file. */
int fir_read_file(const char *path, FirModule **out, FirError *err) FIR_MUST_CHECK;
int fir_write_file(const char *path, const FirModule *m, FirError *err) FIR_MUST_CHECK;

/* Text form (.firs).  fir_print writes the module; fir_parse_text reads it
 * (file names messages as "name:line: ..."). */
#include <stdio.h>
int fir_print(const FirModule *m, FILE *out);
int fir_print_func(const FirModule *m, const FirFunc *f, FILE *out);
/* Instruction i of f as one line of the text form, without a newline
 * (branch targets as .LN, N the instruction index). */
int fir_print_insn(const FirModule *m, const FirFunc *f, uint32_t i, FILE *out);
int fir_parse_text(const char *text, size_t len, const char *filename, FirModule **out,
                   FirError *err) FIR_MUST_CHECK;

/* ------------------------------------------------------------- verifier */

/* Checks the whole module: every register, type, branch target, call
 * signature, switch table, global initializer and reloc.  The message names
 * the function and instruction index, e.g.
 *   "function 'main', instruction 3 (add.i32): operand c is %2 of type f64, expected i32" */
int fir_verify(const FirModule *m, FirError *err) FIR_MUST_CHECK;
/* The same checks for a unit that is not linked yet: declarations (functions
 * and globals not defined, to be resolved by fir_link) are allowed, calls to
 * them are typed against their declared signatures.  Code must not run before
 * the linked module passes fir_verify. */
int fir_verify_partial(const FirModule *m, FirError *err) FIR_MUST_CHECK;

/* ---------------------------------------------------------------- linker */

/* Appends module `src` into `dst`: declarations are resolved by name against
 * definitions, static symbols are kept apart, duplicates and conflicting
 * types are FIR_ELINK errors naming the symbol (fir_check_complete reports
 * what is still undefined).
 * `src` is left empty but must still be freed. */
int fir_link(FirModule *dst, FirModule *src, FirError *err) FIR_MUST_CHECK;
/* Like fir_link, but `src` is a library linked like a static archive: where dst
 * already defines a name that src defines too, dst's definition wins (so a
 * program may define its own puts); a declaration's signature must still
 * agree, and a definition with other types leaves the library's own
 * function in place, renamed and static, for the library's calls. */
int fir_link_library(FirModule *dst, FirModule *src, FirError *err) FIR_MUST_CHECK;
/* Fails if any function or global is still only declared. */
int fir_check_complete(const FirModule *m, FirError *err) FIR_MUST_CHECK;
/* Drops functions and globals not reachable from `root` (e.g. "main")
 * through calls, faddr, gaddr and relocs, and the host imports no kept
 * function calls, renumbering ids; files are kept. */
int fir_prune(FirModule *m, const char *root, FirError *err) FIR_MUST_CHECK;

#endif
