/*
 * test_opcodes.c - the opcode table's promises: numbers never move, flags
 * say what the interpreter does.
 *
 * .fir files and process images store an opcode's number, its position in
 * FIR_OPCODES.  fir/opcodes.txt is the committed list of (number, mnemonic);
 * inserting or reordering a row renumbers every stored program, and this
 * test names the first opcode that moved.  Appending a row needs a new line
 * in the list as well.
 */
#include "fir/fir.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPCODE_LIST "fir/opcodes.txt"

typedef struct Listed {
    int n;
    char names[FIR_NOPS + 64][32];
} Listed;

/* Reads fir/opcodes.txt ("NUMBER MNEMONIC" lines; '#' comments); the
 * numbers must be 0, 1, 2, ... in order. */
static void read_list(Listed *l)
{
    FILE *f = fopen(OPCODE_LIST, "r");
    ck_assert_msg(f != NULL, "cannot open %s (run from the repository root)", OPCODE_LIST);
    char line[128];
    l->n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        int num;
        char name[32];
        ck_assert_msg(sscanf(line, "%d %31s", &num, name) == 2, "%s: bad line: %s", OPCODE_LIST,
                      line);
        ck_assert_msg(num == l->n, "%s: line for opcode %d says %d", OPCODE_LIST, l->n, num);
        ck_assert_int_lt(l->n, (int)(sizeof l->names / sizeof l->names[0]));
        strcpy(l->names[l->n++], name);
    }
    fclose(f);
}

START_TEST(test_numbers_are_stable)
{
    static Listed l;
    read_list(&l);
    int common = l.n < FIR_NOPS ? l.n : FIR_NOPS;
    for (int op = 0; op < common; op++)
        ck_assert_msg(strcmp(fir_op_info[op].name, l.names[op]) == 0,
                      "opcode %d is '%s' in FIR_OPCODES but '%s' in %s: rows were inserted or "
                      "moved; stored programs would change meaning (append new opcodes at the "
                      "end)",
                      op, fir_op_info[op].name, l.names[op], OPCODE_LIST);
    ck_assert_msg(l.n <= FIR_NOPS, "%s lists %d opcodes but FIR_OPCODES has %d: '%s' was removed",
                  OPCODE_LIST, l.n, FIR_NOPS, l.names[FIR_NOPS < l.n ? FIR_NOPS : 0]);
    ck_assert_msg(l.n >= FIR_NOPS, "opcode %d '%s' is not in %s: add the line \"%d %s\"",
                  l.n, fir_op_info[l.n < FIR_NOPS ? l.n : 0].name, OPCODE_LIST, l.n,
                  fir_op_info[l.n < FIR_NOPS ? l.n : 0].name);
}
END_TEST

static bool has(FirOp op, unsigned flag)
{
    return (fir_op_info[op].flags & flag) != 0;
}

START_TEST(test_flags_known_bits)
{
    const unsigned all = FIR_OPF_TERM | FIR_OPF_TRAP | FIR_OPF_ALLOC | FIR_OPF_SAFEPOINT;
    for (int op = 0; op < FIR_NOPS; op++)
        ck_assert_msg((fir_op_info[op].flags & ~all) == 0, "%s: unknown flag bits %#x",
                      fir_op_info[op].name, fir_op_info[op].flags);
}
END_TEST

/* Exactly these never fall through (the verifier requires one at the end of
 * every function). */
START_TEST(test_flags_terminators)
{
    const FirOp term[] = {FIR_OP_trap, FIR_OP_jmp,     FIR_OP_switch,
                          FIR_OP_ret,  FIR_OP_ret_void, FIR_OP_longjmp};
    int nterm = 0;
    for (int op = 0; op < FIR_NOPS; op++)
        nterm += has((FirOp)op, FIR_OPF_TERM);
    ck_assert_int_eq(nterm, (int)(sizeof term / sizeof term[0]));
    for (size_t i = 0; i < sizeof term / sizeof term[0]; i++)
        ck_assert_msg(has(term[i], FIR_OPF_TERM), "%s lacks TERM", fir_op_info[term[i]].name);
}
END_TEST

/* Every checked memory access can fault; every store can clone its block
 * (copy-on-write inside a speculation level); every call and every
 * speculation or migration instruction enters the runtime. */
START_TEST(test_flags_follow_the_semantics)
{
    for (int op = 0; op < FIR_NOPS; op++) {
        const FirOpInfo *oi = &fir_op_info[op];
        bool load = oi->format == FIR_FMT_DSI && oi->t1 == FIR_PTR && op != FIR_OP_ptraddi;
        bool store = oi->format == FIR_FMT_SSI;
        bool call = fir_format_fields[oi->format] & FIR_FIELD_ARGS;
        if (load || store)
            ck_assert_msg(has((FirOp)op, FIR_OPF_TRAP), "%s: a checked access lacks TRAP",
                          oi->name);
        if (store)
            ck_assert_msg(has((FirOp)op, FIR_OPF_ALLOC), "%s: a store lacks ALLOC", oi->name);
        if (call)
            ck_assert_msg(has((FirOp)op, FIR_OPF_SAFEPOINT) && has((FirOp)op, FIR_OPF_TRAP),
                          "%s: a call lacks SAFEPOINT or TRAP", oi->name);
        if (!load && !store && !call && oi->format == FIR_FMT_DSS && oi->t1 == oi->td &&
            oi->t2 == oi->td && strncmp(oi->name, "div", 3) != 0 &&
            strncmp(oi->name, "rem", 3) != 0)
            ck_assert_msg(oi->flags == 0, "%s: plain arithmetic has flags %#x", oi->name,
                          oi->flags);
    }
    const FirOp runtime[] = {FIR_OP_alloc,  FIR_OP_alloca,   FIR_OP_free,
                             FIR_OP_speculate, FIR_OP_commit, FIR_OP_rollback,
                             FIR_OP_migrate};
    for (size_t i = 0; i < sizeof runtime / sizeof runtime[0]; i++)
        ck_assert_msg(has(runtime[i], FIR_OPF_SAFEPOINT) && has(runtime[i], FIR_OPF_ALLOC),
                      "%s lacks SAFEPOINT or ALLOC", fir_op_info[runtime[i]].name);
    ck_assert(has(FIR_OP_divs_i32, FIR_OPF_TRAP) && has(FIR_OP_remu_i64, FIR_OPF_TRAP));
    ck_assert(has(FIR_OP_cvts_f64_i32, FIR_OPF_TRAP) && !has(FIR_OP_cvts_i32_f64, FIR_OPF_TRAP));
    ck_assert(!has(FIR_OP_div_f64, FIR_OPF_TRAP)); /* IEEE division never faults */
}
END_TEST

/* The format table against the operand letters of each format's name. */
START_TEST(test_format_fields)
{
    const unsigned abc = FIR_FIELD_A | FIR_FIELD_B | FIR_FIELD_C;
    ck_assert_int_eq(fir_format_fields[FIR_FMT_NONE], 0);
    ck_assert_int_eq(fir_format_fields[FIR_FMT_DSS], abc | FIR_FIELD_DEST);
    ck_assert_int_eq(fir_format_fields[FIR_FMT_SSI], FIR_FIELD_A | FIR_FIELD_B | FIR_FIELD_IMM);
    ck_assert_int_eq(fir_format_fields[FIR_FMT_SL], FIR_FIELD_A | FIR_FIELD_IMM | FIR_FIELD_LABEL);
    ck_assert_int_eq(fir_format_fields[FIR_FMT_HCALL], abc | FIR_FIELD_IMM | FIR_FIELD_ARGS);
    for (int f = 0; f < FIR_NFORMATS; f++) {
        unsigned fl = fir_format_fields[f];
        ck_assert_msg(!(fl & FIR_FIELD_DEST) || (fl & FIR_FIELD_A), "format %d: dest without a", f);
        ck_assert_msg(!(fl & FIR_FIELD_LABEL) || (fl & FIR_FIELD_IMM), "format %d: label without imm",
                      f);
        ck_assert_msg(!(fl & FIR_FIELD_ARGS) || (fl & abc) == abc, "format %d: args without a b c", f);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("opcodes");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, test_numbers_are_stable);
    tcase_add_test(tc, test_flags_known_bits);
    tcase_add_test(tc, test_flags_terminators);
    tcase_add_test(tc, test_flags_follow_the_semantics);
    tcase_add_test(tc, test_format_fields);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
