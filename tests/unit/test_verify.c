/*
 * test_verify.c - Check tests for fir_verify (fir/verify.c).
 *
 * Most cases are rows of one table: build the small valid module of base()
 * (which must verify), apply one defect, and expect FIR_EVERIFY with the exact
 * message.  Generated tests walk every opcode: a module using each opcode once
 * with registers of the right types must verify, and for every typed register
 * field of every opcode a wrong-typed and an out-of-range register must be
 * rejected with the exact message.  A seeded mutation test feeds many broken
 * variants of that module to fir_verify to show it never crashes (run it under
 * `make SAN=1`).
 */
#include "fir/fir.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------- base module */

/* Ids in base(). */
enum { F_ADD, F_MAIN, F_NOTHING };
enum { G_MSG, G_TAB };
enum { H_WRITE };
/* Registers of main. */
enum { R_ARGC, R_ARGV, R_I, R_L, R_F, R_D, R_P, MAIN_NREGS };

/*
 * file "t.c"
 * host @write(i32, ptr, i64) -> i64
 * global @msg size 6 align 1 const  data "hello\n"
 * global @tab size 16 align 8  reloc 0 @msg, reloc 8 @main
 * func @add(i32 %x, i32 %y) -> i32       %s = add.i32 %x, %y; ret %s
 * func @main(i32 %argc, ptr %argv) -> i32
 *   0: %i = const.i32 1
 *   1: %p = gaddr @msg
 *   2: %l = const.i64 6
 *   3: %l = hcall @write(%i, %p, %l)      args slots 0..2
 *   4: %i = call @add(%i, %argc)          args slots 3..4
 *   5: switch %i, .7 [1: .6, 3: .7]       table 0
 *   6: jmp .7
 *   7: ret %i
 * func @nothing() -> void                ret.void
 */
static FirModule *base(void)
{
    FirModule *m = fir_module_new();
    fir_add_file(m, "t.c");
    FirType wp[] = {FIR_I32, FIR_PTR, FIR_I64};
    fir_add_host(m, "write", FIR_I64, 3, wp);
    uint32_t msg = fir_add_global(m, "msg", 6, 1, (const uint8_t *)"hello\n");
    m->globals[msg].is_const = true;
    uint32_t tab = fir_add_global(m, "tab", 16, 8, NULL);
    fir_global_add_reloc(&m->globals[tab], 0, FIR_RELOC_GLOBAL, G_MSG, 0);
    fir_global_add_reloc(&m->globals[tab], 8, FIR_RELOC_FUNC, F_MAIN, 0);

    FirType ii[] = {FIR_I32, FIR_I32};
    FirType ip[] = {FIR_I32, FIR_PTR};
    fir_add_func(m, "add", FIR_I32, 2, ii);
    fir_add_func(m, "main", FIR_I32, 2, ip);
    fir_add_func(m, "nothing", FIR_VOID, 0, NULL);

    FirFunc *f = &m->funcs[F_ADD];
    fir_func_begin_body(f);
    uint32_t sum = fir_new_reg(f, FIR_I32, "s");
    fir_set_loc(f, 0, 2);
    fir_emit(f, FIR_OP_add_i32, sum, 0, 1, 0);
    fir_emit(f, FIR_OP_ret, sum, 0, 0, 0);

    f = &m->funcs[F_MAIN];
    fir_func_begin_body(f);
    fir_new_reg(f, FIR_I32, "i");
    fir_new_reg(f, FIR_I64, "l");
    fir_new_reg(f, FIR_F32, "f");
    fir_new_reg(f, FIR_F64, "d");
    fir_new_reg(f, FIR_PTR, "p");
    fir_set_loc(f, 0, 10);
    fir_emit(f, FIR_OP_const_i32, R_I, 0, 0, 1);
    fir_emit(f, FIR_OP_gaddr, R_P, G_MSG, 0, 0);
    fir_emit(f, FIR_OP_const_i64, R_L, 0, 0, 6);
    uint32_t wa[] = {R_I, R_P, R_L};
    fir_emit_call(f, FIR_OP_hcall, R_L, H_WRITE, 3, wa);
    uint32_t aa[] = {R_I, R_ARGC};
    fir_emit_call(f, FIR_OP_call, R_I, F_ADD, 2, aa);
    FirSwitchCase cases[] = {{3, 7}, {1, 6}};
    fir_emit_switch(f, R_I, 7, 2, cases);
    fir_emit(f, FIR_OP_jmp, 0, 0, 0, 7);
    fir_set_loc(f, 0, 11);
    fir_emit(f, FIR_OP_ret, R_I, 0, 0, 0);

    f = &m->funcs[F_NOTHING];
    fir_func_begin_body(f);
    fir_emit(f, FIR_OP_ret_void, 0, 0, 0, 0);
    return m;
}

static FirFunc *mainf(FirModule *m)
{
    return &m->funcs[F_MAIN];
}

/* Removes the last instruction (a ret) so new code can be emitted before it. */
typedef struct Saved {
    FirInsn insn;
    FirLoc loc;
} Saved;

static Saved pop_last(FirFunc *f)
{
    f->ncode--;
    return (Saved){f->code[f->ncode], f->locs[f->ncode]};
}

static void push_last(FirFunc *f, Saved s)
{
    FirLoc cur = f->cur_loc;
    fir_set_loc(f, s.loc.file, s.loc.line);
    fir_emit(f, s.insn.op, s.insn.a, s.insn.b, s.insn.c, s.insn.imm);
    f->cur_loc = cur;
}

/* Inserts an instruction just before main's final ret; returns its index. */
static uint32_t insert(FirModule *m, FirOp op, uint32_t a, uint32_t b, uint32_t c, int64_t imm)
{
    FirFunc *f = mainf(m);
    Saved s = pop_last(f);
    uint32_t pc = fir_emit(f, op, a, b, c, imm);
    push_last(f, s);
    return pc;
}

static uint32_t insert_call(FirModule *m, FirOp op, uint32_t dst, uint32_t target, uint32_t n,
                            const uint32_t *args)
{
    FirFunc *f = mainf(m);
    Saved s = pop_last(f);
    uint32_t pc = fir_emit_call(f, op, dst, target, n, args);
    push_last(f, s);
    return pc;
}

static void rename_to(char **name, const char *to)
{
    free(*name);
    *name = strdup(to);
}

/* --------------------------------------------------------------- defects */

/* module level */
static void d_undefined_func(FirModule *m) { fir_add_func(m, "ext", FIR_I32, 0, NULL); }
static void d_undefined_global(FirModule *m)
{
    uint32_t g = fir_add_global(m, "ext", 4, 4, NULL);
    m->globals[g].defined = false;
}
static void d_empty_func_name(FirModule *m) { rename_to(&m->funcs[F_ADD].name, ""); }
static void d_null_func_name(FirModule *m)
{
    free(m->funcs[F_NOTHING].name);
    m->funcs[F_NOTHING].name = NULL;
}
static void d_empty_global_name(FirModule *m) { rename_to(&m->globals[G_TAB].name, ""); }
static void d_empty_host_name(FirModule *m) { rename_to(&m->hosts[H_WRITE].name, ""); }
static void d_dup_func(FirModule *m) { rename_to(&m->funcs[F_NOTHING].name, "add"); }
static void d_dup_global(FirModule *m) { rename_to(&m->globals[G_TAB].name, "msg"); }
static void d_func_global_clash(FirModule *m) { rename_to(&m->globals[G_MSG].name, "main"); }
static void d_dup_host(FirModule *m)
{
    FirType p[] = {FIR_I32};
    uint32_t h = fir_add_host(m, "close", FIR_I32, 1, p);
    rename_to(&m->hosts[h].name, "write");
}
static void d_null_file(FirModule *m)
{
    free(m->files[0]);
    m->files[0] = NULL;
}
static void d_loc_file(FirModule *m) { mainf(m)->locs[2].file = 3; }
static void drop_files(FirModule *m)
{
    free(m->files[0]);
    m->nfiles = 0;
    for (uint32_t i = 0; i < m->nfuncs; i++)
        memset(m->funcs[i].locs, 0, m->funcs[i].ncode * sizeof *m->funcs[i].locs);
}
static void d_loc_no_files(FirModule *m)
{
    drop_files(m);
    mainf(m)->locs[4].line = 5;
}

/* hosts */
static void d_host_param(FirModule *m) { m->hosts[H_WRITE].params[1] = FIR_I8; }
static void d_host_param_void(FirModule *m) { m->hosts[H_WRITE].params[0] = FIR_VOID; }
static void d_host_ret(FirModule *m) { m->hosts[H_WRITE].ret = FIR_I16; }
static void d_host_ret_bad(FirModule *m) { m->hosts[H_WRITE].ret = (FirType)77; }

/* globals */
static void d_align3(FirModule *m) { m->globals[G_MSG].align = 3; }
static void d_align0(FirModule *m) { m->globals[G_MSG].align = 0; }
static void d_align8192(FirModule *m) { m->globals[G_TAB].align = 8192; }
static void d_size(FirModule *m) { fir_add_global(m, "big", (uint64_t)1 << 32, 8, NULL); }
static void d_reloc_fit(FirModule *m) { m->globals[G_TAB].relocs[1].offset = 12; }
static void d_reloc_wrap(FirModule *m) { m->globals[G_TAB].relocs[1].offset = UINT64_MAX - 3; }
static void d_reloc_small(FirModule *m)
{
    uint32_t g = fir_add_global(m, "small", 4, 4, NULL);
    fir_global_add_reloc(&m->globals[g], 0, FIR_RELOC_GLOBAL, G_MSG, 0);
}
static void d_reloc_kind(FirModule *m) { m->globals[G_TAB].relocs[0].kind = 7; }
static void d_reloc_global(FirModule *m) { m->globals[G_TAB].relocs[0].target = 9; }
static void d_reloc_func(FirModule *m) { m->globals[G_TAB].relocs[1].target = 3; }
static void d_reloc_overlap(FirModule *m)
{
    fir_global_add_reloc(&m->globals[G_TAB], 4, FIR_RELOC_GLOBAL, G_MSG, 0);
}
static void d_reloc_same(FirModule *m)
{
    fir_global_add_reloc(&m->globals[G_TAB], 8, FIR_RELOC_GLOBAL, G_TAB, 0);
}

/* function signatures and registers */
static void d_func_ret(FirModule *m) { m->funcs[F_ADD].ret = FIR_I8; }
static void d_too_many_regs(FirModule *m)
{
    FirFunc *f = &m->funcs[F_NOTHING];
    while (f->nregs <= FIR_MAX_REGS)
        fir_new_reg(f, FIR_I32, NULL);
}
static void d_params_regs(FirModule *m) { m->funcs[F_ADD].nparams = 5; }
static void d_reg_i8(FirModule *m) { mainf(m)->reg_types[R_F] = FIR_I8; }
static void d_reg_void(FirModule *m) { mainf(m)->reg_types[R_ARGC] = FIR_VOID; }
static void d_reg_unknown(FirModule *m) { mainf(m)->reg_types[R_L] = 200; }
static void d_no_code(FirModule *m) { m->funcs[F_NOTHING].ncode = 0; }
static void d_fall_through(FirModule *m) { m->funcs[F_NOTHING].code[0].op = FIR_OP_nop; }
static void d_fall_through_br(FirModule *m)
{
    FirInsn *in = &mainf(m)->code[7];
    *in = (FirInsn){FIR_OP_br, R_I, 0, 0, 0};
}
static void d_bad_opcode(FirModule *m) { mainf(m)->code[0].op = FIR_NOPS; }

/* operands */
static void d_operand_type(FirModule *m) { insert(m, FIR_OP_add_i32, R_I, R_I, R_D, 0); }
static void d_operand_range(FirModule *m) { insert(m, FIR_OP_mul_i64, R_L, 99, R_L, 0); }
static void d_noreg_dest(FirModule *m) { insert(m, FIR_OP_neg_f32, FIR_NOREG, R_F, 0, 0); }
static void d_dest_type(FirModule *m) { insert(m, FIR_OP_eq_i32, R_L, R_I, R_I, 0); }
static void d_store_value(FirModule *m) { insert(m, FIR_OP_store_f64, R_P, R_F, 0, 8); }
static void d_store_ptr(FirModule *m) { insert(m, FIR_OP_store_i8, R_L, R_I, 0, 0); }
static void d_load_dest(FirModule *m) { insert(m, FIR_OP_load_i16s, R_L, R_P, 0, 2); }
static void d_const_wide(FirModule *m) { mainf(m)->code[0].imm = (int64_t)1 << 32; }
static void d_const_f32_wide(FirModule *m)
{
    insert(m, FIR_OP_const_f32, R_F, 0, 0, (int64_t)INT32_MIN - 1);
}
static void d_sl_type(FirModule *m) { insert(m, FIR_OP_brz, R_L, 0, 0, 0); }
static void d_ssl_type(FirModule *m) { insert(m, FIR_OP_blt_f64, R_D, R_F, 0, 0); }
static void d_gaddr_dest(FirModule *m) { mainf(m)->code[1].a = R_L; }

/* branch targets */
static void d_jmp_range(FirModule *m) { mainf(m)->code[6].imm = 99; }
static void d_jmp_end(FirModule *m) { mainf(m)->code[6].imm = 8; }
static void d_jmp_negative(FirModule *m) { mainf(m)->code[6].imm = -1; }
static void d_jmp_label(FirModule *m) { mainf(m)->code[6].imm = FIR_LABEL(0); }
static void d_br_range(FirModule *m) { insert(m, FIR_OP_br, R_I, 0, 0, 1000000); }
static void d_bleu_range(FirModule *m) { insert(m, FIR_OP_bleu_i64, R_L, R_L, 0, INT64_MIN); }

/* ret */
static void d_ret_in_void(FirModule *m)
{
    FirFunc *f = &m->funcs[F_NOTHING];
    fir_new_reg(f, FIR_I32, NULL);
    f->code[0] = (FirInsn){FIR_OP_ret, 0, 0, 0, 0};
}
static void d_ret_void_in_i32(FirModule *m) { mainf(m)->code[7].op = FIR_OP_ret_void; }
static void d_ret_type(FirModule *m) { mainf(m)->code[7].a = R_L; }
static void d_ret_range(FirModule *m) { m->funcs[F_ADD].code[1].a = 3; }

/* call */
static void d_call_callee(FirModule *m) { mainf(m)->code[4].b = 9; }
static void d_call_arity(FirModule *m) { mainf(m)->code[4].imm = 1; }
static void d_call_arity_more(FirModule *m)
{
    uint32_t args[] = {R_I, R_I, R_I};
    insert_call(m, FIR_OP_call, FIR_NOREG, F_ADD, 3, args);
}
static void d_call_arg_type(FirModule *m) { mainf(m)->args[4] = R_L; }
static void d_call_arg_range(FirModule *m) { mainf(m)->args[3] = 99; }
static void d_call_args_range(FirModule *m) { mainf(m)->code[4].c = 50; }
static void d_call_args_wrap(FirModule *m) { mainf(m)->code[4].c = UINT32_MAX; }
static void d_call_args_negative(FirModule *m) { mainf(m)->code[4].imm = -1; }
static void d_call_args_huge(FirModule *m) { mainf(m)->code[4].imm = INT64_MAX; }
static void d_call_dest_type(FirModule *m) { mainf(m)->code[4].a = R_L; }
static void d_call_dest_range(FirModule *m) { mainf(m)->code[4].a = MAIN_NREGS; }
static void d_call_void_dest(FirModule *m)
{
    insert_call(m, FIR_OP_call, R_I, F_NOTHING, 0, NULL);
}
static void d_call_shared_slot(FirModule *m)
{
    insert(m, FIR_OP_call, R_I, F_ADD, 3, 2);
}

/* hcall */
static void d_hcall_host(FirModule *m) { mainf(m)->code[3].b = 1; }
static void d_hcall_arity(FirModule *m) { mainf(m)->code[3].imm = 2; }
static void d_hcall_arg_type(FirModule *m) { mainf(m)->args[2] = R_I; }
static void d_hcall_dest_type(FirModule *m) { mainf(m)->code[3].a = R_P; }
static void d_hcall_void_dest(FirModule *m)
{
    FirType p[] = {FIR_I32};
    uint32_t h = fir_add_host(m, "exit", FIR_VOID, 1, p);
    uint32_t args[] = {R_I};
    insert_call(m, FIR_OP_hcall, R_I, h, 1, args);
}

/* call.ind */
static void d_calli_ptr(FirModule *m)
{
    insert_call(m, FIR_OP_call_ind, FIR_NOREG, R_I, 0, NULL);
}
static void d_calli_arg(FirModule *m)
{
    uint32_t args[] = {R_I, 70};
    insert_call(m, FIR_OP_call_ind, R_I, R_P, 2, args);
}
static void d_calli_dest(FirModule *m)
{
    uint32_t args[] = {R_D};
    insert_call(m, FIR_OP_call_ind, 12, R_P, 1, args);
}
static void d_calli_args_range(FirModule *m) { insert(m, FIR_OP_call_ind, R_I, R_P, 4, 3); }

/* switch */
static void d_switch_type(FirModule *m) { mainf(m)->code[5].a = R_D; }
static void d_switch_ptr(FirModule *m) { mainf(m)->code[5].a = R_P; }
static void d_switch_range(FirModule *m) { mainf(m)->code[5].a = 31; }
static void d_switch_table(FirModule *m) { mainf(m)->code[5].b = 1; }
static void d_switch_default(FirModule *m) { mainf(m)->switches[0].default_target = 99; }
static void d_switch_case(FirModule *m) { mainf(m)->switches[0].cases[1].target = 8; }
static void d_switch_dup(FirModule *m) { mainf(m)->switches[0].cases[1].value = 1; }
static void d_switch_unsorted(FirModule *m) { mainf(m)->switches[0].cases[1].value = -4; }
static void d_switch_unused_table(FirModule *m)
{
    FirSwitchCase c[] = {{5, 123}};
    fir_emit_switch(mainf(m), R_I, 7, 1, c); /* falls after ret: table 1 is still checked */
    mainf(m)->ncode--;
}

/* gaddr / faddr */
static void d_gaddr_range(FirModule *m) { mainf(m)->code[1].b = 2; }
static void d_faddr_range(FirModule *m) { insert(m, FIR_OP_faddr, R_P, 3, 0, 0); }
static void d_faddr_dest(FirModule *m) { insert(m, FIR_OP_faddr, R_I, F_ADD, 0, 0); }

typedef struct BadCase {
    const char *name;
    void (*defect)(FirModule *m);
    const char *msg;
} BadCase;

#define M "function 'main', instruction "
static const BadCase bad_cases[] = {
    /* module level */
    {"undefined_func", d_undefined_func, "function 'ext' is declared but not defined"},
    {"undefined_global", d_undefined_global, "global 'ext' is declared but not defined"},
    {"empty_func_name", d_empty_func_name, "function 0 has no name"},
    {"null_func_name", d_null_func_name, "function 2 has no name"},
    {"empty_global_name", d_empty_global_name, "global 1 has no name"},
    {"empty_host_name", d_empty_host_name, "host import 0 has no name"},
    {"dup_func", d_dup_func, "two functions are named 'add' (functions 0 and 2)"},
    {"dup_global", d_dup_global, "two globals are named 'msg' (globals 0 and 1)"},
    {"func_global_clash", d_func_global_clash, "function 1 and global 0 are both named 'main'"},
    {"dup_host", d_dup_host, "two host imports are named 'write' (hosts 0 and 1)"},
    {"null_file", d_null_file, "file 0 has no name"},
    {"loc_file", d_loc_file,
     M "2 (const.i64): source location names file 3, but the module has 1 file"},
    {"loc_no_files", d_loc_no_files,
     M "4 (call): source location (file 0, line 5) but the module has no files"},
    /* hosts */
    {"host_param", d_host_param,
     "host 'write': parameter 1 has type i8, which a register cannot have"},
    {"host_param_void", d_host_param_void,
     "host 'write': parameter 0 has type void, which a register cannot have"},
    {"host_ret", d_host_ret,
     "host 'write': returns type i16, which is neither void nor a register type"},
    {"host_ret_bad", d_host_ret_bad,
     "host 'write': returns unknown type 77, which is neither void nor a register type"},
    /* globals */
    {"align3", d_align3, "global 'msg': alignment 3 is not a power of two up to 4096"},
    {"align0", d_align0, "global 'msg': alignment 0 is not a power of two up to 4096"},
    {"align8192", d_align8192, "global 'tab': alignment 8192 is not a power of two up to 4096"},
    {"size", d_size,
     "global 'big': size 4294967296 is larger than a block can be (4294967295 bytes)"},
    {"reloc_fit", d_reloc_fit, "global 'tab': reloc at offset 12 does not fit in 16 bytes"},
    {"reloc_wrap", d_reloc_wrap,
     "global 'tab': reloc at offset 18446744073709551612 does not fit in 16 bytes"},
    {"reloc_small", d_reloc_small, "global 'small': reloc at offset 0 does not fit in 4 bytes"},
    {"reloc_kind", d_reloc_kind, "global 'tab': reloc at offset 0 has invalid kind 7"},
    {"reloc_global", d_reloc_global,
     "global 'tab': reloc at offset 0: global 9 is out of range (module has 2 globals)"},
    {"reloc_func", d_reloc_func,
     "global 'tab': reloc at offset 8: function 3 is out of range (module has 3 functions)"},
    {"reloc_overlap", d_reloc_overlap, "global 'tab': relocs at offsets 0 and 4 overlap"},
    {"reloc_same", d_reloc_same, "global 'tab': relocs at offsets 8 and 8 overlap"},
    /* function signatures and registers */
    {"func_ret", d_func_ret,
     "function 'add': returns type i8, which is neither void nor a register type"},
    {"too_many_regs", d_too_many_regs,
     "function 'nothing': 65536 registers, more than the limit of 65535"},
    {"params_regs", d_params_regs, "function 'add': 5 parameters but only 3 registers"},
    {"reg_i8", d_reg_i8, "function 'main': register %4 has type i8, which a register cannot have"},
    {"reg_void", d_reg_void,
     "function 'main': register %0 has type void, which a register cannot have"},
    {"reg_unknown", d_reg_unknown,
     "function 'main': register %3 has unknown type 200, which a register cannot have"},
    {"no_code", d_no_code, "function 'nothing': the body has no instructions"},
    {"fall_through", d_fall_through,
     "function 'nothing', instruction 0 (nop): execution falls off the end of the function"},
    {"fall_through_br", d_fall_through_br,
     M "7 (br): execution falls off the end of the function"},
    {"bad_opcode", d_bad_opcode, NULL /* message built at run time: FIR_NOPS varies */},
    /* operands */
    {"operand_type", d_operand_type, M "7 (add.i32): operand c is %5 of type f64, expected i32"},
    {"operand_range", d_operand_range,
     M "7 (mul.i64): operand b is %99, but the function has 7 registers"},
    {"noreg_dest", d_noreg_dest,
     M "7 (neg.f32): destination a is %4294967295, but the function has 7 registers"},
    {"dest_type", d_dest_type, M "7 (eq.i32): destination a is %3 of type i64, expected i32"},
    {"store_value", d_store_value, M "7 (store.f64): operand b is %4 of type f32, expected f64"},
    {"store_ptr", d_store_ptr, M "7 (store.i8): operand a is %3 of type i64, expected ptr"},
    {"load_dest", d_load_dest, M "7 (load.i16s): destination a is %3 of type i64, expected i32"},
    {"const_wide", d_const_wide, M "0 (const.i32): immediate 4294967296 does not fit in 32 bits"},
    {"const_f32_wide", d_const_f32_wide,
     M "7 (const.f32): immediate -2147483649 does not fit in 32 bits"},
    {"sl_type", d_sl_type, M "7 (brz): operand a is %3 of type i64, expected i32"},
    {"ssl_type", d_ssl_type, M "7 (blt.f64): operand b is %4 of type f32, expected f64"},
    {"gaddr_dest", d_gaddr_dest, M "1 (gaddr): destination a is %3 of type i64, expected ptr"},
    /* branch targets */
    {"jmp_range", d_jmp_range,
     M "6 (jmp): branch target 99 is out of range (function has 8 instructions)"},
    {"jmp_end", d_jmp_end,
     M "6 (jmp): branch target 8 is out of range (function has 8 instructions)"},
    {"jmp_negative", d_jmp_negative,
     M "6 (jmp): branch target -1 is out of range (function has 8 instructions)"},
    {"jmp_label", d_jmp_label,
     M "6 (jmp): branch target 2147483648 is out of range (function has 8 instructions)"},
    {"br_range", d_br_range,
     M "7 (br): branch target 1000000 is out of range (function has 9 instructions)"},
    {"bleu_range", d_bleu_range,
     M "7 (bleu.i64): branch target -9223372036854775808 is out of range (function has 9 "
       "instructions)"},
    /* ret */
    {"ret_in_void", d_ret_in_void,
     "function 'nothing', instruction 0 (ret): ret in a function that returns void"},
    {"ret_void_in_i32", d_ret_void_in_i32,
     M "7 (ret.void): ret.void in a function that returns i32"},
    {"ret_type", d_ret_type, M "7 (ret): operand a is %3 of type i64, expected i32"},
    {"ret_range", d_ret_range,
     "function 'add', instruction 1 (ret): operand a is %3, but the function has 3 registers"},
    /* call */
    {"call_callee", d_call_callee,
     M "4 (call): function 9 is out of range (module has 3 functions)"},
    {"call_arity", d_call_arity, M "4 (call): function 'add' takes 2 arguments, but 1 is passed"},
    {"call_arity_more", d_call_arity_more,
     M "7 (call): function 'add' takes 2 arguments, but 3 are passed"},
    {"call_arg_type", d_call_arg_type, M "4 (call): argument 1 is %3 of type i64, expected i32"},
    {"call_arg_range", d_call_arg_range,
     M "4 (call): argument 0 is %99, but the function has 7 registers"},
    {"call_args_range", d_call_args_range,
     M "4 (call): argument list (first 50, count 2) is out of range (function has 5 call "
       "arguments)"},
    {"call_args_wrap", d_call_args_wrap,
     M "4 (call): argument list (first 4294967295, count 2) is out of range (function has 5 "
       "call arguments)"},
    {"call_args_negative", d_call_args_negative,
     M "4 (call): argument list (first 3, count -1) is out of range (function has 5 call "
       "arguments)"},
    {"call_args_huge", d_call_args_huge,
     M "4 (call): argument list (first 3, count 9223372036854775807) is out of range (function "
       "has 5 call arguments)"},
    {"call_dest_type", d_call_dest_type,
     M "4 (call): destination a is %3 of type i64, expected i32"},
    {"call_dest_range", d_call_dest_range,
     M "4 (call): destination a is %7, but the function has 7 registers"},
    {"call_void_dest", d_call_void_dest,
     M "7 (call): destination a must be none: function 'nothing' returns void"},
    {"call_shared_slot", d_call_shared_slot,
     M "7 (call): argument slot 3 is shared with an earlier call"},
    /* hcall */
    {"hcall_host", d_hcall_host,
     M "3 (hcall): host import 1 is out of range (module has 1 host import)"},
    {"hcall_arity", d_hcall_arity,
     M "3 (hcall): host 'write' takes 3 arguments, but 2 are passed"},
    {"hcall_arg_type", d_hcall_arg_type,
     M "3 (hcall): argument 2 is %2 of type i32, expected i64"},
    {"hcall_dest_type", d_hcall_dest_type,
     M "3 (hcall): destination a is %6 of type ptr, expected i64"},
    {"hcall_void_dest", d_hcall_void_dest,
     M "7 (hcall): destination a must be none: host 'exit' returns void"},
    /* call.ind */
    {"calli_ptr", d_calli_ptr, M "7 (call.ind): operand b is %2 of type i32, expected ptr"},
    {"calli_arg", d_calli_arg,
     M "7 (call.ind): argument 1 is %70, but the function has 7 registers"},
    {"calli_dest", d_calli_dest,
     M "7 (call.ind): destination a is %12, but the function has 7 registers"},
    {"calli_args_range", d_calli_args_range,
     M "7 (call.ind): argument list (first 4, count 3) is out of range (function has 5 call "
       "arguments)"},
    /* switch */
    {"switch_type", d_switch_type,
     M "5 (switch): operand a is %5 of type f64, expected i32 or i64"},
    {"switch_ptr", d_switch_ptr, M "5 (switch): operand a is %6 of type ptr, expected i32 or i64"},
    {"switch_range", d_switch_range,
     M "5 (switch): operand a is %31, but the function has 7 registers"},
    {"switch_table", d_switch_table,
     M "5 (switch): switch table 1 is out of range (function has 1 switch table)"},
    {"switch_default", d_switch_default,
     "function 'main': switch table 0: default target 99 is out of range (function has 8 "
     "instructions)"},
    {"switch_case", d_switch_case,
     "function 'main': switch table 0: case 3: target 8 is out of range (function has 8 "
     "instructions)"},
    {"switch_dup", d_switch_dup, "function 'main': switch table 0: case 1 appears twice"},
    {"switch_unsorted", d_switch_unsorted,
     "function 'main': switch table 0: case -4 comes after case 1 (cases must be sorted)"},
    {"switch_unused_table", d_switch_unused_table,
     "function 'main': switch table 1: case 5: target 123 is out of range (function has 8 "
     "instructions)"},
    /* gaddr / faddr */
    {"gaddr_range", d_gaddr_range, M "1 (gaddr): global 2 is out of range (module has 2 globals)"},
    {"faddr_range", d_faddr_range,
     M "7 (faddr): function 3 is out of range (module has 3 functions)"},
    {"faddr_dest", d_faddr_dest, M "7 (faddr): destination a is %2 of type i32, expected ptr"},
};
#undef M
#define NBAD ((int)(sizeof bad_cases / sizeof bad_cases[0]))

/* ------------------------------------------------------------ table test */

START_TEST(test_base_is_valid)
{
    FirModule *m = base();
    FirError err = {0};
    int rc = fir_verify(m, &err);
    ck_assert_msg(rc == 0, "base module rejected: %s", err.msg);
    fir_module_free(m);
}
END_TEST

START_TEST(test_bad)
{
    const BadCase *c = &bad_cases[_i];
    char want[512];
    if (c->msg)
        snprintf(want, sizeof want, "%s", c->msg);
    else
        snprintf(want, sizeof want, "function 'main', instruction 0: invalid opcode %u",
                 (unsigned)FIR_NOPS);
    FirModule *m = base();
    c->defect(m);
    FirError err = {0};
    int rc = fir_verify(m, &err);
    ck_assert_msg(rc == FIR_EVERIFY, "case %s: fir_verify returned %d (%s)", c->name, rc,
                  err.msg);
    ck_assert_int_eq(err.code, FIR_EVERIFY);
    ck_assert_msg(strcmp(err.msg, want) == 0, "case %s:\n  got  \"%s\"\n  want \"%s\"", c->name,
                  err.msg, want);
    /* no FirError: same verdict, no crash */
    ck_assert_int_eq(fir_verify(m, NULL), FIR_EVERIFY);
    fir_module_free(m);
}
END_TEST

/* Every case must name a different defect. */
START_TEST(test_cases_distinct)
{
    ck_assert_int_ge(NBAD, 35);
    for (int i = 0; i < NBAD; i++)
        for (int j = i + 1; j < NBAD; j++) {
            ck_assert_msg(strcmp(bad_cases[i].name, bad_cases[j].name) != 0, "dup name %s",
                          bad_cases[i].name);
            ck_assert_msg(bad_cases[i].defect != bad_cases[j].defect, "dup defect %s",
                          bad_cases[i].name);
        }
}
END_TEST

/* ------------------------------------------------------- valid variations */

static int verify_ok(FirModule *m)
{
    FirError err = {0};
    int rc = fir_verify(m, &err);
    if (rc)
        fprintf(stderr, "unexpected verify failure: %s\n", err.msg);
    fir_module_free(m);
    return rc;
}

START_TEST(test_valid_variations)
{
    FirModule *m;

    /* empty module */
    ck_assert_int_eq(verify_ok(fir_module_new()), 0);

    /* no files and every location {0,0} */
    m = base();
    drop_files(m);
    ck_assert_int_eq(verify_ok(m), 0);

    /* 32-bit constants take signed or unsigned values; shifts any count */
    m = base();
    mainf(m)->code[0].imm = UINT32_MAX;
    insert(m, FIR_OP_const_i32, R_I, 0, 0, INT32_MIN);
    insert(m, FIR_OP_const_f32, R_F, 0, 0, 0xffffffff);
    insert(m, FIR_OP_const_i64, R_L, 0, 0, INT64_MIN);
    insert(m, FIR_OP_const_ptr, R_P, 0, 0, -1);
    insert(m, FIR_OP_shli_i32, R_I, R_I, 0, 1000);
    insert(m, FIR_OP_shrsi_i64, R_L, R_L, 0, -7);
    insert(m, FIR_OP_addi_i32, R_I, R_I, 0, INT64_MAX); /* wraps: any value */
    insert(m, FIR_OP_load_i8u, R_I, R_P, 0, INT64_MIN);
    ck_assert_int_eq(verify_ok(m), 0);

    /* a call may drop a non-void result; call.ind takes any registers */
    m = base();
    mainf(m)->code[4].a = FIR_NOREG;
    uint32_t args[] = {R_D, R_F, R_ARGV};
    insert_call(m, FIR_OP_call_ind, R_D, R_P, 3, args);
    insert_call(m, FIR_OP_call_ind, FIR_NOREG, R_ARGV, 0, NULL);
    ck_assert_int_eq(verify_ok(m), 0);

    /* switch on an i64, with no cases; tables shared by two switches */
    m = base();
    FirSwitchCase c[] = {{INT64_MIN, 0}, {INT64_MAX, 6}, {-1, 7}};
    Saved s = pop_last(mainf(m));
    fir_emit_switch(mainf(m), R_L, 3, 3, c);
    fir_emit_switch(mainf(m), R_I, 2, 0, NULL);
    fir_emit(mainf(m), FIR_OP_switch, R_I, 0, 0, 0);
    push_last(mainf(m), s);
    ck_assert_int_eq(verify_ok(m), 0);

    /* extremes of globals; relocs in any order, touching */
    m = base();
    fir_add_global(m, "empty", 0, 4096, NULL);
    fir_add_global(m, "huge", UINT32_MAX, 1, NULL);
    uint32_t g = fir_add_global(m, "ptrs", 24, 8, NULL);
    fir_global_add_reloc(&m->globals[g], 16, FIR_RELOC_FUNC, F_NOTHING, -5);
    fir_global_add_reloc(&m->globals[g], 0, FIR_RELOC_GLOBAL, g, 8);
    fir_global_add_reloc(&m->globals[g], 8, FIR_RELOC_GLOBAL, G_MSG, INT64_MAX);
    ck_assert_int_eq(verify_ok(m), 0);

    /* every terminator may end a function */
    FirOp ends[] = {FIR_OP_jmp, FIR_OP_trap, FIR_OP_longjmp, FIR_OP_switch};
    for (unsigned i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        m = base();
        FirInsn *in = &mainf(m)->code[7];
        if (ends[i] == FIR_OP_jmp)
            *in = (FirInsn){FIR_OP_jmp, 0, 0, 0, 0};
        else if (ends[i] == FIR_OP_trap)
            *in = (FirInsn){FIR_OP_trap, 0, 0, 0, 0};
        else if (ends[i] == FIR_OP_longjmp)
            *in = (FirInsn){FIR_OP_longjmp, R_P, R_I, 0, 0};
        else
            *in = (FirInsn){FIR_OP_switch, R_I, 0, 0, 0};
        ck_assert_msg(verify_ok(m) == 0, "terminator %s", fir_op_info[ends[i]].name);
    }

    /* registers up to the limit */
    m = base();
    while (m->funcs[F_NOTHING].nregs < FIR_MAX_REGS)
        fir_new_reg(&m->funcs[F_NOTHING], FIR_F64, NULL);
    ck_assert_int_eq(verify_ok(m), 0);
}
END_TEST

/* ------------------------------------------------------ every opcode */

/* The module for the opcode walk: main has one register of each type. */
enum { A_I32, A_I64, A_F32, A_F64, A_PTR, A_NREGS };
enum { AF_MAIN, AF_CALLEE, AF_VOID };

static uint32_t reg_of(FirType t)
{
    switch (t) {
    case FIR_I32: return A_I32;
    case FIR_I64: return A_I64;
    case FIR_F32: return A_F32;
    case FIR_F64: return A_F64;
    case FIR_PTR: return A_PTR;
    default: return A_I32; /* untyped field: any register */
    }
}

static FirModule *all_module_begin(void)
{
    FirModule *m = fir_module_new();
    fir_add_file(m, "all.c");
    FirType hp[] = {FIR_I32, FIR_F64};
    fir_add_host(m, "h", FIR_I64, 2, hp);
    fir_add_global(m, "g", 8, 8, NULL);
    FirType cp[] = {FIR_I64, FIR_PTR};
    fir_add_func(m, "main", FIR_I32, 0, NULL);
    fir_add_func(m, "callee", FIR_F32, 2, cp);
    fir_add_func(m, "v", FIR_VOID, 0, NULL);

    FirFunc *f = &m->funcs[AF_CALLEE];
    fir_func_begin_body(f);
    uint32_t r = fir_new_reg(f, FIR_F32, NULL);
    fir_emit(f, FIR_OP_const_f32, r, 0, 0, 0x3f800000);
    fir_emit(f, FIR_OP_ret, r, 0, 0, 0);
    f = &m->funcs[AF_VOID];
    fir_func_begin_body(f);
    fir_emit(f, FIR_OP_ret_void, 0, 0, 0, 0);

    f = &m->funcs[AF_MAIN];
    fir_func_begin_body(f);
    for (FirType t = FIR_I32; t <= FIR_PTR; t++)
        fir_new_reg(f, t, NULL);
    fir_set_loc(f, 0, 1);
    return m;
}

static void all_module_end(FirModule *m)
{
    fir_emit(&m->funcs[AF_MAIN], FIR_OP_ret, A_I32, 0, 0, 0);
}

/* Emits one well-typed instruction of opcode op into main; branches go to the
 * next instruction.  Returns false for the opcodes main cannot use (ret,
 * ret.void: they end functions of other return types). */
static bool emit_op(FirModule *m, FirOp op)
{
    FirFunc *f = &m->funcs[AF_MAIN];
    const FirOpInfo *oi = &fir_op_info[op];
    uint32_t next = f->ncode + 1, d = reg_of(oi->td), x = reg_of(oi->t1), y = reg_of(oi->t2);
    switch (oi->format) {
    case FIR_FMT_NONE:
        if (op == FIR_OP_ret_void)
            return false;
        fir_emit(f, op, 0, 0, 0, 0);
        return true;
    case FIR_FMT_S:
        if (op == FIR_OP_ret)
            return false;
        fir_emit(f, op, x, 0, 0, 0);
        return true;
    case FIR_FMT_D: fir_emit(f, op, d, 0, 0, 0); return true;
    case FIR_FMT_DS: fir_emit(f, op, d, x, 0, 0); return true;
    case FIR_FMT_DSS: fir_emit(f, op, d, x, y, 0); return true;
    case FIR_FMT_DI: fir_emit(f, op, d, 0, 0, 42); return true;
    case FIR_FMT_DSI: fir_emit(f, op, d, x, 0, 3); return true;
    case FIR_FMT_SSI:
    case FIR_FMT_SS: fir_emit(f, op, x, y, 0, 0); return true;
    case FIR_FMT_L: fir_emit(f, op, 0, 0, 0, next); return true;
    case FIR_FMT_SL: fir_emit(f, op, x, 0, 0, next); return true;
    case FIR_FMT_SSL: fir_emit(f, op, x, y, 0, next); return true;
    case FIR_FMT_GLOBAL: fir_emit(f, op, d, 0, 0, 0); return true;
    case FIR_FMT_FUNC: fir_emit(f, op, d, AF_CALLEE, 0, 0); return true;
    case FIR_FMT_CALL: {
        uint32_t args[] = {A_I64, A_PTR};
        fir_emit_call(f, op, A_F32, AF_CALLEE, 2, args);
        return true;
    }
    case FIR_FMT_CALLI: {
        uint32_t args[] = {A_F64, A_I32, A_I32};
        fir_emit_call(f, op, A_I64, A_PTR, 3, args);
        return true;
    }
    case FIR_FMT_HCALL: {
        uint32_t args[] = {A_I32, A_F64};
        fir_emit_call(f, op, A_I64, 0, 2, args);
        return true;
    }
    case FIR_FMT_SWITCH: {
        FirSwitchCase c[] = {{-3, next}, {9, 0}};
        fir_emit_switch(f, A_I64, next, 2, c);
        return true;
    }
    case FIR_NFORMATS: break;
    }
    ck_abort_msg("opcode %s has no format", oi->name);
    return false;
}

START_TEST(test_every_opcode_valid)
{
    FirModule *m = all_module_begin();
    int used = 0;
    bool seen_fmt[FIR_NFORMATS] = {false};
    for (int op = 0; op < FIR_NOPS; op++)
        if (emit_op(m, (FirOp)op)) {
            used++;
            seen_fmt[fir_op_info[op].format] = true;
        }
    all_module_end(m);
    ck_assert_int_eq(used, FIR_NOPS - 2);
    /* ret and ret.void are in callee and v */
    seen_fmt[FIR_FMT_NONE] = seen_fmt[FIR_FMT_S] = true;
    for (int fmt = 0; fmt < FIR_NFORMATS; fmt++)
        ck_assert_msg(seen_fmt[fmt], "format %d not exercised", fmt);
    FirError err = {0};
    int rc = fir_verify(m, &err);
    ck_assert_msg(rc == 0, "every-opcode module rejected: %s", err.msg);
    fir_module_free(m);
}
END_TEST

/* Checks one register field of a one-instruction main: a wrong type (if the
 * column gives one) and a register past the end are both reported exactly. */
static void check_field(FirOp op, char field, FirType want, bool is_dest)
{
    const char *name = fir_op_info[op].name;
    const char *role = is_dest ? "destination" : "operand";
    FirType wrong_t = want == FIR_I32 ? FIR_F64 : FIR_I32;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0 && want == FIR_VOID)
            continue;
        FirModule *m = all_module_begin();
        ck_assert(emit_op(m, op));
        all_module_end(m);
        FirInsn *in = &m->funcs[AF_MAIN].code[0];
        uint32_t *slot = field == 'a' ? &in->a : field == 'b' ? &in->b : &in->c;
        uint32_t bad = pass == 0 ? reg_of(wrong_t) : A_NREGS;
        *slot = bad;
        char want_msg[512];
        if (pass == 0)
            snprintf(want_msg, sizeof want_msg,
                     "function 'main', instruction 0 (%s): %s %c is %%%u of type %s, expected %s",
                     name, role, field, bad, fir_type_name(wrong_t), fir_type_name(want));
        else
            snprintf(want_msg, sizeof want_msg,
                     "function 'main', instruction 0 (%s): %s %c is %%%u, but the function has "
                     "%u registers",
                     name, role, field, bad, A_NREGS);
        FirError err = {0};
        int rc = fir_verify(m, &err);
        ck_assert_msg(rc == FIR_EVERIFY, "%s field %c pass %d: accepted", name, field, pass);
        ck_assert_msg(strcmp(err.msg, want_msg) == 0, "got  \"%s\"\nwant \"%s\"", err.msg,
                      want_msg);
        fir_module_free(m);
    }
}

/* Loop test, one per opcode: every register field its format has. */
START_TEST(test_opcode_fields)
{
    FirOp op = (FirOp)_i;
    const FirOpInfo *oi = &fir_op_info[op];
    switch (oi->format) {
    case FIR_FMT_D:
    case FIR_FMT_DI:
    case FIR_FMT_GLOBAL:
    case FIR_FMT_FUNC: check_field(op, 'a', oi->td, true); break;
    case FIR_FMT_S:
        if (op != FIR_OP_ret)
            check_field(op, 'a', oi->t1, false);
        break;
    case FIR_FMT_DS:
    case FIR_FMT_DSI:
        check_field(op, 'a', oi->td, true);
        check_field(op, 'b', oi->t1, false);
        break;
    case FIR_FMT_DSS:
        check_field(op, 'a', oi->td, true);
        check_field(op, 'b', oi->t1, false);
        check_field(op, 'c', oi->t2, false);
        break;
    case FIR_FMT_SSI:
    case FIR_FMT_SS:
    case FIR_FMT_SSL:
        check_field(op, 'a', oi->t1, false);
        check_field(op, 'b', oi->t2, false);
        break;
    case FIR_FMT_SL: check_field(op, 'a', oi->t1, false); break;
    case FIR_FMT_CALLI:
        check_field(op, 'b', oi->t1, false);
        check_field(op, 'a', FIR_VOID, true);
        break;
    case FIR_FMT_CALL:
    case FIR_FMT_HCALL: check_field(op, 'a', op == FIR_OP_call ? FIR_F32 : FIR_I64, true); break;
    case FIR_FMT_NONE:
    case FIR_FMT_L:
    case FIR_FMT_SWITCH:
    case FIR_NFORMATS: break;
    }
}
END_TEST

/* ------------------------------------------------------------ robustness */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Values near the edges hit more checks than uniform ones. */
static uint64_t edgy(void)
{
    static const uint64_t e[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 31, 100, 0x7fffffff, 0x80000000,
                                 0xffffffff, 0x100000000, (uint64_t)INT64_MAX, UINT64_MAX};
    return rnd() % 3 ? e[rnd() % (sizeof e / sizeof e[0])] : rnd();
}

static void mutate(FirModule *m)
{
    FirFunc *f = &m->funcs[rnd() % m->nfuncs];
    switch (rnd() % 12) {
    case 0: f->code[rnd() % f->ncode].op = (uint16_t)(rnd() % FIR_NOPS); break;
    case 1: f->code[rnd() % f->ncode].a = (uint32_t)edgy(); break;
    case 2: f->code[rnd() % f->ncode].b = (uint32_t)edgy(); break;
    case 3: f->code[rnd() % f->ncode].c = (uint32_t)edgy(); break;
    case 4: f->code[rnd() % f->ncode].imm = (int64_t)edgy(); break;
    case 5:
        if (f->nregs)
            f->reg_types[rnd() % f->nregs] = (uint8_t)edgy();
        break;
    case 6:
        if (f->nargs)
            f->args[rnd() % f->nargs] = (uint32_t)edgy();
        break;
    case 7:
        if (f->nswitches) {
            FirSwitch *sw = &f->switches[rnd() % f->nswitches];
            if (sw->ncases && rnd() % 2)
                sw->cases[rnd() % sw->ncases].value = (int64_t)edgy();
            else if (sw->ncases)
                sw->cases[rnd() % sw->ncases].target = (uint32_t)edgy();
            else
                sw->default_target = (uint32_t)edgy();
        }
        break;
    case 8: f->locs[rnd() % f->ncode].file = (uint32_t)edgy(); break;
    case 9: f->nparams = (uint32_t)(rnd() % 8); break;
    case 10: {
        FirGlobal *g = &m->globals[rnd() % m->nglobals];
        if (g->nrelocs) {
            FirReloc *r = &g->relocs[rnd() % g->nrelocs];
            r->offset = edgy();
            r->kind = (uint32_t)(rnd() % 3);
            r->target = (uint32_t)edgy();
        }
        g->align = (uint32_t)edgy();
        break;
    }
    case 11: m->hosts[rnd() % m->nhosts].params[0] = (uint8_t)edgy(); break;
    }
}

START_TEST(test_mutations_never_crash)
{
    int rejected = 0;
    for (int round = 0; round < 3000; round++) {
        FirModule *m;
        if (round % 2) {
            m = base();
        } else {
            m = all_module_begin();
            for (int op = 0; op < FIR_NOPS; op++)
                emit_op(m, (FirOp)op);
            all_module_end(m);
        }
        int k = 1 + (int)(rnd() % 4);
        for (int i = 0; i < k; i++)
            mutate(m);
        FirError err = {0};
        int rc = fir_verify(m, &err);
        ck_assert(rc == 0 || rc == FIR_EVERIFY);
        if (rc) {
            rejected++;
            ck_assert(err.msg[0] != '\0');
        }
        fir_module_free(m);
    }
    ck_assert_int_gt(rejected, 2000);
}
END_TEST

/* ------------------------------------------------------ partial units */

/* base() plus declarations: extern @puts(ptr) -> i32 called from main, and
 * extern global @errno taken by gaddr and by a reloc. */
static FirModule *unit(void)
{
    FirModule *m = base();
    FirType pp[] = {FIR_PTR};
    uint32_t puts = fir_add_func(m, "puts", FIR_I32, 1, pp);
    uint32_t errno_g = fir_add_global(m, "errno", 0, 1, NULL);
    m->globals[errno_g].defined = false;
    uint32_t args[] = {R_P};
    insert_call(m, FIR_OP_call, R_I, puts, 1, args);
    insert(m, FIR_OP_gaddr, R_P, errno_g, 0, 0);
    uint32_t g = fir_add_global(m, "perr", 8, 8, NULL);
    fir_global_add_reloc(&m->globals[g], 0, FIR_RELOC_GLOBAL, errno_g, 0);
    return m;
}

START_TEST(test_partial_unit)
{
    FirModule *m = unit();
    FirError err = {0};
    int rc = fir_verify_partial(m, &err);
    ck_assert_msg(rc == 0, "unit rejected: %s", err.msg);
    ck_assert_int_eq(fir_verify(m, &err), FIR_EVERIFY);
    ck_assert_str_eq(err.msg, "global 'errno' is declared but not defined");
    m->funcs[3].defined = true; /* a body-less "definition" is still caught */
    ck_assert_int_eq(fir_verify_partial(m, &err), FIR_EVERIFY);
    ck_assert_str_eq(err.msg, "function 'puts': the body has no instructions");
    fir_module_free(m);
}
END_TEST

static void p_decl_code(FirModule *m)
{
    m->funcs[3].ncode = 0;
    fir_emit(&m->funcs[3], FIR_OP_trap, 0, 0, 0, 0);
    m->funcs[3].defined = false;
}
static void p_decl_relocs(FirModule *m)
{
    fir_global_add_reloc(&m->globals[2], 0, FIR_RELOC_FUNC, 0, 0);
}
static void p_decl_sig(FirModule *m) { m->funcs[3].reg_types[0] = FIR_I16; }
static void p_decl_ret(FirModule *m) { m->funcs[3].ret = (FirType)9; }
static void p_call_arity(FirModule *m) { mainf(m)->code[7].imm = 0; }
static void p_call_type(FirModule *m) { mainf(m)->args[5] = R_L; }
static void p_dup_decl(FirModule *m) { fir_add_func(m, "puts", FIR_I32, 0, NULL); }

static const BadCase partial_cases[] = {
    {"decl_code", p_decl_code, "function 'puts' is declared but has instructions"},
    {"decl_relocs", p_decl_relocs, "global 'errno' is declared but has relocs"},
    {"decl_sig", p_decl_sig,
     "function 'puts': register %0 has type i16, which a register cannot have"},
    {"decl_ret", p_decl_ret,
     "function 'puts': returns unknown type 9, which is neither void nor a register type"},
    {"call_arity", p_call_arity,
     "function 'main', instruction 7 (call): function 'puts' takes 1 argument, but 0 are "
     "passed"},
    {"call_type", p_call_type,
     "function 'main', instruction 7 (call): argument 0 is %3 of type i64, expected ptr"},
    {"dup_decl", p_dup_decl, "two functions are named 'puts' (functions 3 and 4)"},
};
#define NPARTIAL ((int)(sizeof partial_cases / sizeof partial_cases[0]))

START_TEST(test_partial_bad)
{
    const BadCase *c = &partial_cases[_i];
    FirModule *m = unit();
    c->defect(m);
    FirError err = {0};
    int rc = fir_verify_partial(m, &err);
    ck_assert_msg(rc == FIR_EVERIFY, "case %s: returned %d", c->name, rc);
    ck_assert_msg(strcmp(err.msg, c->msg) == 0, "case %s:\n  got  \"%s\"\n  want \"%s\"",
                  c->name, err.msg, c->msg);
    fir_module_free(m);
}
END_TEST

/* --------------------------------------------------------------- driver */

static Suite *verify_suite(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, test_base_is_valid);
    tcase_add_test(tc, test_cases_distinct);
    tcase_add_loop_test(tc, test_bad, 0, NBAD);
    tcase_add_test(tc, test_valid_variations);
    suite_add_tcase(s, tc);

    tc = tcase_create("partial");
    tcase_add_test(tc, test_partial_unit);
    tcase_add_loop_test(tc, test_partial_bad, 0, NPARTIAL);
    suite_add_tcase(s, tc);

    tc = tcase_create("opcodes");
    tcase_add_test(tc, test_every_opcode_valid);
    tcase_add_loop_test(tc, test_opcode_fields, 0, FIR_NOPS);
    suite_add_tcase(s, tc);

    tc = tcase_create("robust");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_mutations_never_crash);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(verify_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
