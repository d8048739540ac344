/*
 * test_interp.c - the interpreter's fast paths: superinstructions (pairs and
 * the array-indexing quads of vm__fuse) and the call path's register
 * zeroing.  Programs are FIR text; each test checks exact results, and the
 * fault tests the exact report, whose "at instruction N" proves which slot
 * of a fused group saved the pc.
 */
#include "tests/unit/fir_support.h"
#include "vm/vm.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char report[4096];

/* Parses, verifies, loads and runs text with options opt (NULL: defaults);
 * returns the outcome, with the status and the fault report (if any). */
static VmOutcome run_text(const char *text, const VmOptions *opt, int *status)
{
    FirModule *m = fir_test_parse(text);
    FirError err = {0};
    ck_assert_msg(fir_verify(m, &err) == 0, "verify: %s", err.msg);
    VmProcess *p = vm_process_new(opt);
    ck_assert_ptr_nonnull(p);
    char *argv[] = {"prog", NULL};
    ck_assert_msg(vm_load(p, m, 1, argv, &err) == 0, "load: %s", err.msg);
    VmOutcome out = vm_run(p);
    report[0] = '\0';
    FILE *f = fmemopen(report, sizeof report, "w");
    if (out == VM_FAULTED)
        vm_print_fault(p, "firvm", f);
    fclose(f);
    *status = vm_exit_status(p);
    vm_process_free(p);
    return out;
}

static int run_ok(const char *text)
{
    int status = -1;
    VmOutcome out = run_text(text, NULL, &status);
    ck_assert_msg(out == VM_EXITED, "faulted: %s", report);
    return status;
}

static const char *run_fault(const char *text)
{
    int status = -1;
    ck_assert_int_eq(run_text(text, NULL, &status), VM_FAULTED);
    ck_assert_int_eq(status, 134);
    return report;
}

#define AT(n, msg) "firvm: error: in function 'main' at instruction " #n ": " msg "\n"

/* ------------------------------------------------------ array indexing */

/* a[i] for i32 elements: sext, shli, ptradd, load (one dispatch), then
 * stores through zext, muli, ptradd, store. */
START_TEST(index_load_store)
{
    const char *text =
        "func @main() -> i32\n"
        "  reg i64 %n\n  reg ptr %a\n  reg i32 %i\n  reg i64 %t\n  reg ptr %q\n"
        "  reg i32 %v\n  reg i32 %s\n"
        "  %n = const.i64 40\n"
        "  %a = alloc %n\n"
        "  %i = const.i32 0\n"
        ".fill:\n"
        "  %v = muli.i32 %i, 3\n"
        "  %t = zext.i32.i64 %i\n"
        "  %t = muli.i64 %t, 4\n"
        "  %q = ptradd %a, %t\n"
        "  store.i32 %q, %v, 0\n"
        "  %i = addi.i32 %i, 1\n"
        "  %v = const.i32 10\n"
        "  blts.i32 %i, %v, .fill\n"
        "  %i = const.i32 7\n"
        "  %t = sext.i32.i64 %i\n"
        "  %t = shli.i64 %t, 2\n"
        "  %q = ptradd %a, %t\n"
        "  %v = load.i32 %q, -4\n"      /* a[6] = 18 */
        "  %s = trunc.i64.i32 %t\n"     /* the intermediates are written: 28 */
        "  %v = add.i32 %v, %s\n"
        "  ret %v\n"
        "end\n";
    ck_assert_int_eq(run_ok(text), 46);
}
END_TEST

/* the same register for the index and its scaled form; a shift by 66 is a
 * shift by 2; the stored value is the scaled index itself */
START_TEST(index_aliases_and_shift_mod_64)
{
    const char *text =
        "func @main() -> i32\n"
        "  reg i64 %n\n  reg ptr %a\n  reg i32 %i\n  reg i64 %t\n  reg ptr %q\n"
        "  reg i64 %v\n  reg i32 %r\n"
        "  %n = const.i64 64\n"
        "  %a = alloc %n\n"
        "  %i = const.i32 3\n"
        "  %t = sext.i32.i64 %i\n"
        "  %t = shli.i64 %t, 67\n"      /* 24 */
        "  %q = ptradd %a, %t\n"
        "  store.i64 %q, %t, 0\n"
        "  %q = ptraddi %a, 24\n"
        "  %v = load.i64 %q, 0\n"
        "  %r = trunc.i64.i32 %v\n"
        "  ret %r\n"
        "end\n";
    ck_assert_int_eq(run_ok(text), 24);
}
END_TEST

/* The store of a fused group faults at its own pc (3 after the sext). */
START_TEST(index_fault_pc)
{
    const char *text =
        "func @main() -> i32\n"
        "  reg i64 %n\n  reg ptr %a\n  reg i32 %i\n  reg i64 %t\n  reg ptr %q\n"
        "  %n = const.i64 16\n"
        "  %a = alloc %n\n"
        "  %i = const.i32 4\n"
        "  %t = sext.i32.i64 %i\n"      /* 3 */
        "  %t = muli.i64 %t, 4\n"
        "  %q = ptradd %a, %t\n"
        "  store.i32 %q, %i, 0\n"       /* 6 */
        "  ret %i\n"
        "end\n";
    ck_assert_str_eq(run_fault(text), AT(6, "out of bounds: store of 4 bytes at offset 16 "
                                            "in a block of 16 bytes"));
}
END_TEST

/* Branches into the second, third and fourth slot of a fused group run
 * from there with the registers as that path left them. */
START_TEST(index_jump_into_middle)
{
    const char *text =
        "func @main() -> i32\n"
        "  reg i64 %n\n  reg ptr %a\n  reg i32 %i\n  reg i64 %t\n  reg ptr %q\n"
        "  reg i32 %v\n  reg i32 %s\n  reg i32 %k\n"
        "  %n = const.i64 64\n"
        "  %a = alloc %n\n"
        "  %k = const.i32 0\n"
        "  %s = const.i32 0\n"
        "  %t = const.i64 1\n"
        "  jmp .scale\n"
        ".top:\n"
        "  %i = const.i32 2\n"
        "  %t = sext.i32.i64 %i\n"
        ".scale:\n"
        "  %t = muli.i64 %t, 8\n"
        ".add:\n"
        "  %q = ptradd %a, %t\n"
        ".store:\n"
        "  store.i32 %q, %k, 0\n"
        "  %k = addi.i32 %k, 1\n"
        "  %v = const.i32 1\n"
        "  beq.i32 %k, %v, .top\n"      /* 2nd pass: whole group, t = 16 */
        "  %v = const.i32 2\n"
        "  %t = const.i64 40\n"
        "  beq.i32 %k, %v, .add\n"      /* 3rd pass: q = a + 40 */
        "  %v = const.i32 3\n"
        "  %q = ptraddi %a, 48\n"
        "  beq.i32 %k, %v, .store\n"    /* 4th pass: q = a + 48 */
        "  %q = ptraddi %a, 8\n"
        "  %v = load.i32 %q, 0\n"       /* 0 (first pass) */
        "  %s = add.i32 %s, %v\n"
        "  %q = ptraddi %a, 16\n"
        "  %v = load.i32 %q, 0\n"       /* 1 */
        "  %s = muli.i32 %s, 10\n"
        "  %s = add.i32 %s, %v\n"
        "  %q = ptraddi %a, 40\n"
        "  %v = load.i32 %q, 0\n"       /* 2 */
        "  %s = muli.i32 %s, 10\n"
        "  %s = add.i32 %s, %v\n"
        "  %q = ptraddi %a, 48\n"
        "  %v = load.i32 %q, 0\n"       /* 3 */
        "  %s = muli.i32 %s, 10\n"
        "  %s = add.i32 %s, %v\n"
        "  ret %s\n"
        "end\n";
    ck_assert_int_eq(run_ok(text), 123);
}
END_TEST

/* ----------------------------------------------------------------- pairs */

/* mul then add / sub / mul reading its result as either operand (sub shows
 * the order is kept) */
START_TEST(f64_chains)
{
    const char *text =
        "func @main() -> i32\n"
        "  reg f64 %x\n  reg f64 %y\n  reg f64 %t\n  reg f64 %u\n  reg f64 %s\n"
        "  reg i32 %r\n"
        "  %x = const.f64 3\n"
        "  %y = const.f64 5\n"
        "  %t = mul.f64 %x, %y\n"       /* 15 */
        "  %u = sub.f64 %t, %x\n"       /* 12 */
        "  %t = mul.f64 %x, %x\n"       /* 9 */
        "  %s = sub.f64 %u, %t\n"       /* 3 */
        "  %t = add.f64 %s, %y\n"       /* 8 */
        "  %t = mul.f64 %t, %t\n"       /* 64 */
        "  %u = sub.f64 %t, %y\n"       /* 59 */
        "  %t = sub.f64 %y, %u\n"       /* -54 */
        "  %u = mul.f64 %x, %t\n"       /* -162 */
        "  %s = add.f64 %u, %s\n"       /* -159 */
        "  %r = cvts.f64.i32 %s\n"
        "  ret %r\n"
        "end\n";
    ck_assert_int_eq(run_ok(text), -159);
}
END_TEST

/* compare then br / brz, a null test (const.ptr then ne.ptr), and addi
 * feeding the second operand of a loop branch */
START_TEST(compare_branches)
{
    const char *text =
        "func @main() -> i32\n"
        "  reg i32 %i\n  reg i32 %n\n  reg i32 %c\n  reg i32 %s\n  reg ptr %p\n"
        "  reg ptr %z\n  reg i64 %k\n  reg i64 %m\n"
        "  %s = const.i32 0\n"
        "  %i = const.i32 0\n"
        "  %n = const.i32 5\n"
        ".loop:\n"
        "  %c = lts.i32 %i, %n\n"
        "  brz %c, .out\n"
        "  %s = addi.i32 %s, 1\n"
        "  %i = addi.i32 %i, 1\n"
        "  jmp .loop\n"
        ".out:\n"
        "  %k = const.i64 -1\n"
        "  %m = const.i64 1\n"
        "  %c = ltu.i64 %k, %m\n"       /* false: unsigned */
        "  br %c, .bad\n"
        "  %c = les.i64 %k, %m\n"
        "  brz %c, .bad\n"
        "  %p = const.ptr 0\n"
        "  %z = const.ptr 0\n"
        "  %c = ne.ptr %p, %z\n"
        "  br %c, .bad\n"
        "  %i = const.i32 10\n"
        ".down:\n"
        "  %s = addi.i32 %s, 100\n"
        "  %n = addi.i32 %n, 1\n"
        "  bles.i32 %n, %i, .down\n"    /* 6 passes: n = 6 .. 11 */
        "  %n = const.i32 0\n"
        "  %i = const.i32 0\n"
        ".up:\n"
        "  %i = addi.i32 %i, 1\n"
        "  blts.i32 %n, %i, .done\n"    /* 0 < 1: out at once */
        "  jmp .bad\n"
        ".done:\n"
        "  ret %s\n"
        ".bad:\n"
        "  trap\n"
        "end\n";
    ck_assert_int_eq(run_ok(text), 605);
}
END_TEST

/* load then branch on it: a C string loop, and sign extension kept */
START_TEST(load_branches)
{
    const char *text =
        "global @s size 6 align 1 const\n"
        "  data \"ab\\xffc\"\n"
        "func @main() -> i32\n"
        "  reg ptr %p\n  reg i32 %c\n  reg i32 %n\n  reg i32 %neg\n  reg i32 %ff\n"
        "  %p = gaddr @s\n"
        "  %n = const.i32 0\n"
        "  %neg = const.i32 0\n"
        "  %ff = const.i32 -1\n"
        ".loop:\n"
        "  %c = load.i8s %p, 0\n"
        "  brz %c, .out\n"
        "  %n = addi.i32 %n, 1\n"
        "  %c = load.i8s %p, 0\n"
        "  bne.i32 %c, %ff, .next\n"
        "  %neg = addi.i32 %neg, 10\n"
        ".next:\n"
        "  %p = ptraddi %p, 1\n"
        "  jmp .loop\n"
        ".out:\n"
        "  %n = add.i32 %n, %neg\n"
        "  ret %n\n"
        "end\n";
    ck_assert_int_eq(run_ok(text), 14);
}
END_TEST

/* a load fused with the branch after it faults at its own pc; a load of a
 * pointer fused with a load through it faults in the second at pc + 1 */
START_TEST(load_pair_fault_pcs)
{
    const char *first =
        "func @main() -> i32\n"
        "  reg i64 %n\n  reg ptr %p\n  reg i32 %c\n"
        "  %n = const.i64 4\n"
        "  %p = alloc %n\n"
        "  %c = load.i8u %p, 4\n"       /* 2 */
        "  brz %c, .z\n"
        ".z:\n"
        "  ret %c\n"
        "end\n";
    ck_assert_str_eq(run_fault(first), AT(2, "out of bounds: load of 1 byte at offset 4 in "
                                             "a block of 4 bytes"));
    const char *second =
        "func @main() -> i32\n"
        "  reg i64 %n\n  reg ptr %p\n  reg ptr %q\n  reg i32 %c\n"
        "  %n = const.i64 8\n"
        "  %p = alloc %n\n"
        "  %q = load.ptr %p, 0\n"       /* 2: null */
        "  %c = load.i8s %q, 0\n"       /* 3 */
        "  ret %c\n"
        "end\n";
    ck_assert_str_eq(run_fault(second), AT(3, "null pointer dereference: load of 1 byte at "
                                              "offset 0"));
}
END_TEST

/* sext / zext feeding either operand of add.i64 */
START_TEST(extend_add)
{
    const char *text =
        "func @main() -> i32\n"
        "  reg i32 %a\n  reg i64 %t\n  reg i64 %s\n  reg i32 %r\n"
        "  %a = const.i32 -3\n"
        "  %s = const.i64 100\n"
        "  %t = sext.i32.i64 %a\n"
        "  %s = add.i64 %s, %t\n"       /* 97 */
        "  %t = sext.i32.i64 %a\n"
        "  %s = add.i64 %t, %s\n"       /* 94 */
        "  %t = zext.i32.i64 %a\n"
        "  %s = add.i64 %t, %s\n"       /* 94 + 2^32 - 3 */
        "  %t = zext.i32.i64 %a\n"
        "  %s = add.i64 %s, %t\n"       /* 94 + 2^33 - 6 */
        "  %t = const.i64 8589934592\n"
        "  %s = sub.i64 %s, %t\n"
        "  %r = trunc.i64.i32 %s\n"
        "  ret %r\n"
        "end\n";
    ck_assert_int_eq(run_ok(text), 88);
}
END_TEST

/* ------------------------------------------------------------- calls */

/* A callee's registers are zero at entry even when an earlier call left
 * values in the same slots: more than the 8 zeroed at once. */
#define REGS20 \
    "  reg i64 %r1\n  reg i64 %r2\n  reg i64 %r3\n  reg i64 %r4\n  reg i64 %r5\n" \
    "  reg i64 %r6\n  reg i64 %r7\n  reg i64 %r8\n  reg i64 %r9\n  reg i64 %r10\n" \
    "  reg i64 %r11\n  reg i64 %r12\n  reg i64 %r13\n  reg i64 %r14\n  reg i64 %r15\n" \
    "  reg i64 %r16\n  reg i64 %r17\n  reg i64 %r18\n  reg i64 %r19\n  reg i64 %r20\n"
#define SUM20                                                                   \
    "  %r1 = add.i64 %r1, %r2\n  %r1 = add.i64 %r1, %r3\n  %r1 = add.i64 %r1, %r4\n"  \
    "  %r1 = add.i64 %r1, %r5\n  %r1 = add.i64 %r1, %r6\n  %r1 = add.i64 %r1, %r7\n"  \
    "  %r1 = add.i64 %r1, %r8\n  %r1 = add.i64 %r1, %r9\n  %r1 = add.i64 %r1, %r10\n" \
    "  %r1 = add.i64 %r1, %r11\n  %r1 = add.i64 %r1, %r12\n  %r1 = add.i64 %r1, %r13\n" \
    "  %r1 = add.i64 %r1, %r14\n  %r1 = add.i64 %r1, %r15\n  %r1 = add.i64 %r1, %r16\n" \
    "  %r1 = add.i64 %r1, %r17\n  %r1 = add.i64 %r1, %r18\n  %r1 = add.i64 %r1, %r19\n" \
    "  %r1 = add.i64 %r1, %r20\n"

static const char zeroed_text[] =
    "func @dirty(i64 %x) -> i64\n" REGS20
    "  %r1 = mov.i64 %x\n  %r2 = mov.i64 %x\n  %r3 = mov.i64 %x\n  %r4 = mov.i64 %x\n"
    "  %r5 = mov.i64 %x\n  %r6 = mov.i64 %x\n  %r7 = mov.i64 %x\n  %r8 = mov.i64 %x\n"
    "  %r9 = mov.i64 %x\n  %r10 = mov.i64 %x\n  %r11 = mov.i64 %x\n  %r12 = mov.i64 %x\n"
    "  %r13 = mov.i64 %x\n  %r14 = mov.i64 %x\n  %r15 = mov.i64 %x\n  %r16 = mov.i64 %x\n"
    "  %r17 = mov.i64 %x\n  %r18 = mov.i64 %x\n  %r19 = mov.i64 %x\n  %r20 = mov.i64 %x\n"
    "  ret %x\n"
    "end\n"
    "func @clean(i64 %x) -> i64\n" REGS20 SUM20
    "  ret %r1\n"
    "end\n"
    "func @main() -> i32\n"
    "  reg i64 %v\n  reg i64 %s\n  reg i32 %r\n"
    "  %v = const.i64 7\n"
    "  %s = call @dirty(%v)\n"
    "  %s = call @clean(%v)\n"
    "  %r = trunc.i64.i32 %s\n"
    "  ret %r\n"
    "end\n";

START_TEST(call_zeroes_registers)
{
    ck_assert_int_eq(run_ok(zeroed_text), 0);
}
END_TEST

/* With the register stack limited to exactly what a recursion needs
 * (main's 2 slots and 400 frames of 3, past the initial 1024), the calls
 * still run: the zeroing slack is not part of the limit.  One slot less is
 * a stack overflow at the deepest call. */
START_TEST(call_at_register_limit)
{
    const char *text =
        "func @f(i32 %d) -> i32\n"
        "  reg i32 %z\n  reg i32 %r\n"
        "  %z = const.i32 1\n"
        "  blts.i32 %d, %z, .out\n"
        "  %r = addi.i32 %d, -1\n"
        "  %r = call @f(%r)\n"         /* 3 */
        "  %r = addi.i32 %r, 1\n"
        "  ret %r\n"
        ".out:\n"
        "  ret %d\n"
        "end\n"
        "func @main() -> i32\n"
        "  reg i32 %d\n  reg i32 %r\n"
        "  %d = const.i32 399\n"
        "  %r = call @f(%d)\n"
        "  %r = addi.i32 %r, -300\n"
        "  ret %r\n"
        "end\n";
    VmOptions opt;
    vm_options_default(&opt);
    opt.max_reg_slots = 2 + 3 * 400;
    int status = -1;
    ck_assert_int_eq(run_text(text, &opt, &status), VM_EXITED);
    ck_assert_int_eq(status, 99);
    opt.max_reg_slots = 2 + 3 * 400 - 1;
    ck_assert_int_eq(run_text(text, &opt, &status), VM_FAULTED);
    const char *want = "firvm: error: in function 'f' at instruction 3: stack overflow (more "
                       "than 1201 register slots)\n";
    ck_assert_int_eq(strncmp(report, want, strlen(want)), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("interp");
    TCase *tc = tcase_create("interp");
    tcase_add_test(tc, index_load_store);
    tcase_add_test(tc, index_aliases_and_shift_mod_64);
    tcase_add_test(tc, index_fault_pc);
    tcase_add_test(tc, index_jump_into_middle);
    tcase_add_test(tc, f64_chains);
    tcase_add_test(tc, compare_branches);
    tcase_add_test(tc, load_branches);
    tcase_add_test(tc, load_pair_fault_pcs);
    tcase_add_test(tc, extend_add);
    tcase_add_test(tc, call_zeroes_registers);
    tcase_add_test(tc, call_at_register_limit);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
