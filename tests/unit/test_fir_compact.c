/*
 * test_fir_compact.c - fir_compact_regs: which temporaries share a register
 * and which keep their own (exact printed FIR before and after).
 */
#include "fir/fir.h"
#include "tests/unit/fir_support.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Parses text, compacts every function, checks the printed result. */
static void check_compact(const char *text, const char *want)
{
    FirModule *m = fir_test_parse(text);
    for (uint32_t i = 0; i < m->nfuncs; i++)
        fir_compact_regs(&m->funcs[i]);
    FirError err = {0};
    ck_assert_msg(fir_verify(m, &err) == 0, "verify: %s", err.msg);
    char *out = fir_test_print(m);
    ck_assert_str_eq(out, want);
    free(out);
    fir_module_free(m);
}

START_TEST(straight_line_temporaries_share)
{
    /* %2 dies where %3 is written: they do not share (no new operand that is
     * also the destination); %4 takes %2's register, %5 is another type */
    check_compact("func @main(i32 %0, ptr %1) -> i32\n"
                  "  reg i32 %2\n  reg i32 %3\n  reg i32 %4\n  reg i64 %5\n  reg i32 %6\n"
                  "  %2 = addi.i32 %0, 1\n"
                  "  %3 = muli.i32 %2, 3\n"
                  "  %4 = addi.i32 %3, 2\n"
                  "  %5 = sext.i32.i64 %4\n"
                  "  %6 = trunc.i64.i32 %5\n"
                  "  ret %6\n"
                  "end\n",
                  "func @main(i32 %0, ptr %1) -> i32\n"
                  "  reg i32 %2\n  reg i32 %3\n  reg i64 %4\n"
                  "  %2 = addi.i32 %0, 1\n"
                  "  %3 = muli.i32 %2, 3\n"
                  "  %2 = addi.i32 %3, 2\n"
                  "  %4 = sext.i32.i64 %2\n"
                  "  %2 = trunc.i64.i32 %4\n"
                  "  ret %2\n"
                  "end\n");
}
END_TEST

START_TEST(values_across_a_loop_keep_apart)
{
    /* %2 is live around the loop (read after it); %3 is set and read inside
     * each iteration, %4 after the loop may take %3's register but not %2's */
    check_compact("func @main(i32 %0, ptr %1) -> i32\n"
                  "  reg i32 %2\n  reg i32 %3\n  reg i32 %4\n  reg i32 %5\n"
                  "  %2 = addi.i32 %0, 7\n"
                  "  %5 = mov.i32 %0\n"
                  ".top:\n"
                  "  %3 = addi.i32 %5, -1\n"
                  "  %5 = mov.i32 %3\n"
                  "  br %5, .top\n"
                  "  %4 = addi.i32 %2, 1\n"
                  "  ret %4\n"
                  "end\n",
                  "func @main(i32 %0, ptr %1) -> i32\n"
                  "  reg i32 %2\n  reg i32 %3\n  reg i32 %4\n"
                  "  %2 = addi.i32 %0, 7\n"
                  "  %3 = mov.i32 %0\n"
                  ".L2:\n"
                  "  %4 = addi.i32 %3, -1\n"
                  "  %3 = mov.i32 %4\n"
                  "  br %3, .L2\n"
                  "  %3 = addi.i32 %2, 1\n"
                  "  ret %3\n"
                  "end\n");
}
END_TEST

START_TEST(one_register_two_values_split)
{
    /* the front end's reuse of %2 for two unrelated values: each is its own
     * range, so the second may share with %3 once %3 is dead */
    check_compact("func @main(i32 %0, ptr %1) -> i32\n"
                  "  reg i32 %2\n  reg i32 %3\n"
                  "  %2 = addi.i32 %0, 1\n"
                  "  %3 = addi.i32 %2, 1\n"
                  "  %2 = addi.i32 %3, 5\n"
                  "  ret %2\n"
                  "end\n",
                  "func @main(i32 %0, ptr %1) -> i32\n"
                  "  reg i32 %2\n  reg i32 %3\n"
                  "  %2 = addi.i32 %0, 1\n"
                  "  %3 = addi.i32 %2, 1\n"
                  "  %2 = addi.i32 %3, 5\n"
                  "  ret %2\n"
                  "end\n");
}
END_TEST

START_TEST(kept_registers)
{
    /* named registers, a constant defined once (the JIT's immediate), a
     * temporary read before it is written (a fresh frame's zero) and unused
     * ones: only the unused temporary goes */
    check_compact("func @main(i32 %0, ptr %1) -> i32\n"
                  "  reg i32 %x\n  reg i32 %3\n  reg i32 %4\n  reg i32 %5\n  reg f64 %6\n"
                  "  %3 = const.i32 10\n"
                  "  br %0, .skip\n"
                  "  %4 = addi.i32 %0, 1\n"
                  ".skip:\n"
                  "  %x = add.i32 %4, %3\n"
                  "  ret %x\n"
                  "end\n",
                  "func @main(i32 %0, ptr %1) -> i32\n"
                  "  reg i32 %x\n  reg i32 %3\n  reg i32 %4\n"
                  "  %3 = const.i32 10\n"
                  "  br %0, .L3\n"
                  "  %4 = addi.i32 %0, 1\n"
                  ".L3:\n"
                  "  %x = add.i32 %4, %3\n"
                  "  ret %x\n"
                  "end\n");
}
END_TEST

START_TEST(setjmp_functions_unchanged)
{
    const char *text = "func @main(i32 %0, ptr %1) -> i32\n"
                       "  reg i32 %2\n  reg i32 %3\n"
                       "  %2 = setjmp %1\n"
                       "  %3 = addi.i32 %2, 1\n"
                       "  ret %3\n"
                       "end\n";
    check_compact(text, text);
}
END_TEST

START_TEST(call_arguments_renamed)
{
    check_compact("func @id(i64 %0) -> i64\n"
                  "  ret %0\n"
                  "end\n"
                  "func @main(i32 %0, ptr %1) -> i32\n"
                  "  reg i64 %2\n  reg i64 %3\n  reg i64 %4\n  reg i32 %5\n"
                  "  %2 = sext.i32.i64 %0\n"
                  "  %3 = call @id(%2)\n"
                  "  %4 = call @id(%3)\n"
                  "  %5 = trunc.i64.i32 %4\n"
                  "  ret %5\n"
                  "end\n",
                  "func @id(i64 %0) -> i64\n"
                  "  ret %0\n"
                  "end\n"
                  "\n"
                  "func @main(i32 %0, ptr %1) -> i32\n"
                  "  reg i64 %2\n  reg i64 %3\n  reg i32 %4\n"
                  "  %2 = sext.i32.i64 %0\n"
                  "  %3 = call @id(%2)\n"
                  "  %2 = call @id(%3)\n"
                  "  %4 = trunc.i64.i32 %2\n"
                  "  ret %4\n"
                  "end\n");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fir_compact");
    TCase *tc = tcase_create("compact");
    tcase_add_test(tc, straight_line_temporaries_share);
    tcase_add_test(tc, values_across_a_loop_keep_apart);
    tcase_add_test(tc, one_register_two_values_split);
    tcase_add_test(tc, kept_registers);
    tcase_add_test(tc, setjmp_functions_unchanged);
    tcase_add_test(tc, call_arguments_renamed);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
