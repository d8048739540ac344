/*
 * test_vm.c - the loader and the interpreter on modules built with the FIR
 * builder: results, exit status, exact fault reports, load errors.
 */
#include "vm/vm.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------- helpers */

static FirModule *mod;
static char report[8192];
static VmOptions opts;

static void setup(void)
{
    mod = fir_module_new();
    report[0] = 0;
    vm_options_default(&opts);
}

static void teardown(void)
{
    if (mod)
        fir_module_free(mod);
    mod = NULL;
}

static FirFunc *F(uint32_t id)
{
    return &mod->funcs[id];
}

static uint32_t R(uint32_t fid, FirType t)
{
    return fir_new_reg(F(fid), t, NULL);
}

static uint32_t E(uint32_t fid, FirOp op, uint32_t a, uint32_t b, uint32_t c, int64_t imm)
{
    return fir_emit(F(fid), op, a, b, c, imm);
}

/* A defined function; returns its id. */
static uint32_t func(const char *name, FirType ret, uint32_t n, const FirType *params)
{
    uint32_t id = fir_add_func(mod, name, ret, n, params);
    fir_func_begin_body(F(id));
    return id;
}

/* Verifies, loads and runs `mod` (which the process then owns); returns the
 * outcome and fills report with the fault report, status with the status. */
static VmOutcome run_args(int argc, char **argv, int *status)
{
    FirError err = {0};
    for (uint32_t i = 0; i < mod->nfuncs; i++)
        ck_assert_int_eq(fir_func_resolve_labels(F(i), &err), 0);
    int rc = fir_verify(mod, &err);
    ck_assert_msg(rc == 0, "verify: %s", err.msg);
    VmProcess *p = vm_process_new(&opts);
    ck_assert_ptr_nonnull(p);
    rc = vm_load(p, mod, argc, argv, &err);
    ck_assert_msg(rc == 0, "load: %s", err.msg);
    mod = NULL;
    VmOutcome out = vm_run(p);
    FILE *f = fmemopen(report, sizeof report, "w");
    if (out == VM_FAULTED)
        vm_print_fault(p, "firvm", f);
    fclose(f);
    *status = vm_exit_status(p);
    vm_process_free(p);
    return out;
}

static VmOutcome run(int *status)
{
    char *argv[] = {"prog", NULL};
    return run_args(1, argv, status);
}

static int run_ok(void)
{
    int status = -1;
    VmOutcome out = run(&status);
    ck_assert_msg(out == VM_EXITED, "faulted: %s", report);
    return status;
}

static const char *run_fault(void)
{
    int status = -1;
    ck_assert_int_eq(run(&status), VM_FAULTED);
    ck_assert_int_eq(status, 134);
    return report;
}

/* The load error of mod (which stays ours). */
static const char *load_error(void)
{
    static FirError err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(fir_verify(mod, &err), 0);
    VmProcess *p = vm_process_new(NULL);
    char *argv[] = {"prog", NULL};
    ck_assert_int_lt(vm_load(p, mod, 1, argv, &err), 0);
    vm_process_free(p);
    return err.msg;
}

static uint32_t main_i32(void)
{
    return func("main", FIR_I32, 0, NULL);
}

static uint32_t const_i32(uint32_t f, int32_t v)
{
    uint32_t r = R(f, FIR_I32);
    E(f, FIR_OP_const_i32, r, 0, 0, v);
    return r;
}

static uint32_t const_i64(uint32_t f, int64_t v)
{
    uint32_t r = R(f, FIR_I64);
    E(f, FIR_OP_const_i64, r, 0, 0, v);
    return r;
}

/* fib(n) = n < 2 ? n : fib(n-1) + fib(n-2) */
static uint32_t add_fib(void)
{
    FirType pt[] = {FIR_I32};
    uint32_t f = func("fib", FIR_I32, 1, pt);
    uint32_t small = fir_new_label(F(f));
    uint32_t two = const_i32(f, 2);
    E(f, FIR_OP_blts_i32, 0, two, 0, FIR_LABEL(small));
    uint32_t a = R(f, FIR_I32), b = R(f, FIR_I32), x = R(f, FIR_I32), y = R(f, FIR_I32);
    E(f, FIR_OP_addi_i32, a, 0, 0, -1);
    fir_emit_call(F(f), FIR_OP_call, x, f, 1, &a);
    E(f, FIR_OP_addi_i32, b, 0, 0, -2);
    fir_emit_call(F(f), FIR_OP_call, y, f, 1, &b);
    E(f, FIR_OP_add_i32, x, x, y, 0);
    E(f, FIR_OP_ret, x, 0, 0, 0);
    fir_place_label(F(f), small);
    E(f, FIR_OP_ret, 0, 0, 0, 0);
    return f;
}

/* The report of a fault in main at instruction n with no source line. */
#define AT(n, msg) "firvm: error: in function 'main' at instruction " #n ": " msg "\n"

/* ------------------------------------------------------------ programs */

START_TEST(fib_recursion)
{
    uint32_t fib = add_fib();
    uint32_t m = main_i32();
    uint32_t n = const_i32(m, 20), r = R(m, FIR_I32);
    fir_emit_call(F(m), FIR_OP_call, r, fib, 1, &n);
    E(m, FIR_OP_ret, r, 0, 0, 0);
    ck_assert_int_eq(run_ok(), 6765);
}
END_TEST

START_TEST(array_loop)
{
    /* p = alloc(4000); for i < 1000: p[i] = i*i; sum p[i]; free p */
    uint32_t m = main_i32();
    uint32_t size = const_i64(m, 4000), p = R(m, FIR_PTR);
    uint32_t i = const_i32(m, 0), n = const_i32(m, 1000), sum = const_i32(m, 0);
    uint32_t i64 = R(m, FIR_I64), q = R(m, FIR_PTR), sq = R(m, FIR_I32), v = R(m, FIR_I32);
    E(m, FIR_OP_alloc, p, size, 0, 0);
    uint32_t l1 = fir_new_label(F(m)), l2 = fir_new_label(F(m));
    fir_place_label(F(m), l1);
    E(m, FIR_OP_sext_i32_i64, i64, i, 0, 0);
    E(m, FIR_OP_muli_i64, i64, i64, 0, 4);
    E(m, FIR_OP_ptradd, q, p, i64, 0);
    E(m, FIR_OP_mul_i32, sq, i, i, 0);
    E(m, FIR_OP_store_i32, q, sq, 0, 0);
    E(m, FIR_OP_addi_i32, i, i, 0, 1);
    E(m, FIR_OP_blts_i32, i, n, 0, FIR_LABEL(l1));
    E(m, FIR_OP_const_i32, i, 0, 0, 0);
    fir_place_label(F(m), l2);
    E(m, FIR_OP_sext_i32_i64, i64, i, 0, 0);
    E(m, FIR_OP_shli_i64, i64, i64, 0, 2);
    E(m, FIR_OP_ptradd, q, p, i64, 0);
    E(m, FIR_OP_load_i32, v, q, 0, 0);
    E(m, FIR_OP_add_i32, sum, sum, v, 0);
    E(m, FIR_OP_addi_i32, i, i, 0, 1);
    E(m, FIR_OP_blts_i32, i, n, 0, FIR_LABEL(l2));
    E(m, FIR_OP_free, p, 0, 0, 0);
    E(m, FIR_OP_ret, sum, 0, 0, 0);
    ck_assert_int_eq(run_ok(), 332833500);
}
END_TEST

START_TEST(write_to_fd)
{
    /* guest fds name the VM's fd table, whose fds 0-2 are the host's own:
     * the guest writes to its fd 1, which is the pipe while it runs */
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    uint32_t g = fir_add_global(mod, "msg", 6, 1, (const uint8_t *)"hello\n");
    mod->globals[g].is_const = true;
    FirType wt[] = {FIR_I32, FIR_PTR, FIR_I64};
    uint32_t h = fir_add_host(mod, "write", FIR_I64, 3, wt);
    uint32_t m = main_i32();
    uint32_t args[3] = {const_i32(m, 1), R(m, FIR_PTR), const_i64(m, 6)};
    uint32_t r = R(m, FIR_I64), r32 = R(m, FIR_I32);
    E(m, FIR_OP_gaddr, args[1], g, 0, 0);
    fir_emit_call(F(m), FIR_OP_hcall, r, h, 3, args);
    E(m, FIR_OP_trunc_i64_i32, r32, r, 0, 0);
    E(m, FIR_OP_ret, r32, 0, 0, 0);
    fflush(stdout);
    int saved = dup(1);
    ck_assert_int_eq(dup2(fds[1], 1), 1);
    int got = run_ok();
    dup2(saved, 1);
    close(saved);
    ck_assert_int_eq(got, 6);
    close(fds[1]);
    char buf[16] = {0};
    ck_assert_int_eq(read(fds[0], buf, sizeof buf), 6);
    ck_assert_str_eq(buf, "hello\n");
    close(fds[0]);
}
END_TEST

START_TEST(argv_and_exit)
{
    FirType pt[] = {FIR_I32, FIR_PTR};
    FirType et[] = {FIR_I32};
    uint32_t h = fir_add_host(mod, "exit", FIR_VOID, 1, et);
    uint32_t m = func("main", FIR_I32, 2, pt);
    /* exit(argc * 1000 + argv[1][1]); argv[argc] must be null */
    uint32_t s = R(m, FIR_PTR), c = R(m, FIR_I32), x = R(m, FIR_I32), nul = R(m, FIR_PTR);
    E(m, FIR_OP_load_ptr, s, 1, 0, 8);
    E(m, FIR_OP_load_i8u, c, s, 0, 1);
    E(m, FIR_OP_muli_i32, x, 0, 0, 1000);
    E(m, FIR_OP_add_i32, x, x, c, 0);
    E(m, FIR_OP_load_ptr, nul, 1, 0, 24);
    uint32_t ok = fir_new_label(F(m));
    uint32_t zero = R(m, FIR_PTR);
    E(m, FIR_OP_const_ptr, zero, 0, 0, 0);
    uint32_t eq = R(m, FIR_I32);
    E(m, FIR_OP_eq_ptr, eq, nul, zero, 0);
    E(m, FIR_OP_br, eq, 0, 0, FIR_LABEL(ok));
    E(m, FIR_OP_trap, 0, 0, 0, 0);
    fir_place_label(F(m), ok);
    fir_emit_call(F(m), FIR_OP_hcall, FIR_NOREG, h, 1, &x);
    E(m, FIR_OP_ret, x, 0, 0, 0);
    char *argv[] = {"prog", "xyz", "w", NULL};
    int status = -1;
    ck_assert_int_eq(run_args(3, argv, &status), VM_EXITED);
    ck_assert_int_eq(status, 3000 + 'y');
}
END_TEST

START_TEST(function_table)
{
    FirType pt[] = {FIR_I32};
    uint32_t inc = func("inc", FIR_I32, 1, pt);
    E(inc, FIR_OP_addi_i32, 0, 0, 0, 1);
    E(inc, FIR_OP_ret, 0, 0, 0, 0);
    uint32_t dbl = func("dbl", FIR_I32, 1, pt);
    E(dbl, FIR_OP_add_i32, 0, 0, 0, 0);
    E(dbl, FIR_OP_ret, 0, 0, 0, 0);
    uint32_t g = fir_add_global(mod, "tab", 16, 8, NULL);
    mod->globals[g].is_const = true;
    fir_global_add_reloc(&mod->globals[g], 0, FIR_RELOC_FUNC, inc, 0);
    fir_global_add_reloc(&mod->globals[g], 8, FIR_RELOC_FUNC, dbl, 0);
    uint32_t m = main_i32();
    /* dbl(inc(20)) through the table */
    uint32_t t = R(m, FIR_PTR), fp = R(m, FIR_PTR), v = const_i32(m, 20);
    E(m, FIR_OP_gaddr, t, g, 0, 0);
    E(m, FIR_OP_load_ptr, fp, t, 0, 0);
    fir_emit_call(F(m), FIR_OP_call_ind, v, fp, 1, &v);
    E(m, FIR_OP_load_ptr, fp, t, 0, 8);
    fir_emit_call(F(m), FIR_OP_call_ind, v, fp, 1, &v);
    /* a call that ignores the result may use any return type */
    fir_emit_call(F(m), FIR_OP_call_ind, FIR_NOREG, fp, 1, &v);
    E(m, FIR_OP_ret, v, 0, 0, 0);
    ck_assert_int_eq(run_ok(), 42);
}
END_TEST

/* sw(x): dense cases 1..3 -> 10,20,30; sparse (i64) 1000, -5e9 -> 7, 8 */
START_TEST(switch_tables)
{
    FirType pt[] = {FIR_I32, FIR_I64};
    uint32_t f = func("sw", FIR_I32, 2, pt);
    uint32_t r = R(f, FIR_I32);
    uint32_t l[7];
    for (int i = 0; i < 7; i++)
        l[i] = fir_new_label(F(f));
    FirSwitchCase dense[] = {{2, FIR_LABEL(l[1])}, {1, FIR_LABEL(l[0])}, {3, FIR_LABEL(l[2])}};
    fir_emit_switch(F(f), 0, FIR_LABEL(l[3]), 3, dense);
    int vals[] = {10, 20, 30};
    for (int i = 0; i < 3; i++) {
        fir_place_label(F(f), l[i]);
        E(f, FIR_OP_const_i32, r, 0, 0, vals[i]);
        E(f, FIR_OP_ret, r, 0, 0, 0);
    }
    fir_place_label(F(f), l[3]);
    FirSwitchCase sparse[] = {{1000, FIR_LABEL(l[4])}, {-5000000000, FIR_LABEL(l[5])}};
    fir_emit_switch(F(f), 1, FIR_LABEL(l[6]), 2, sparse);
    fir_place_label(F(f), l[4]);
    E(f, FIR_OP_const_i32, r, 0, 0, 7);
    E(f, FIR_OP_ret, r, 0, 0, 0);
    fir_place_label(F(f), l[5]);
    E(f, FIR_OP_const_i32, r, 0, 0, 8);
    E(f, FIR_OP_ret, r, 0, 0, 0);
    fir_place_label(F(f), l[6]);
    E(f, FIR_OP_const_i32, r, 0, 0, -1);
    E(f, FIR_OP_ret, r, 0, 0, 0);
    /* main: result = sw(1)+sw(3)*10+sw(0,1000)*1000+sw(9,-5e9)*10000+sw(9,0)*100000 */
    uint32_t m = main_i32();
    int32_t xs[] = {1, 3, 0, 9, 9};
    int64_t ys[] = {0, 0, 1000, -5000000000, 0};
    int32_t mul[] = {1, 10, 1000, 10000, 100000};
    uint32_t acc = const_i32(m, 0), t = R(m, FIR_I32);
    for (int i = 0; i < 5; i++) {
        uint32_t a[2] = {const_i32(m, xs[i]), const_i64(m, ys[i])};
        fir_emit_call(F(m), FIR_OP_call, t, f, 2, a);
        E(m, FIR_OP_muli_i32, t, t, 0, mul[i]);
        E(m, FIR_OP_add_i32, acc, acc, t, 0);
    }
    E(m, FIR_OP_ret, acc, 0, 0, 0);
    ck_assert_int_eq(run_ok(), 10 + 300 + 7000 + 80000 - 100000);
}
END_TEST

START_TEST(setjmp_longjmp)
{
    /* h(buf): p = alloca 8; store p in @saved; longjmp(buf, 0) -> setjmp returns 1 */
    uint32_t g = fir_add_global(mod, "saved", 8, 8, NULL);
    FirType pt[] = {FIR_PTR};
    uint32_t h = func("h", FIR_VOID, 1, pt);
    uint32_t sz = const_i64(h, 8), loc = R(h, FIR_PTR), gp = R(h, FIR_PTR);
    E(h, FIR_OP_alloca, loc, sz, 0, 0);
    E(h, FIR_OP_gaddr, gp, g, 0, 0);
    E(h, FIR_OP_store_ptr, gp, loc, 0, 0);
    uint32_t zero = const_i32(h, 0);
    E(h, FIR_OP_longjmp, 0, zero, 0, 0);
    uint32_t m = main_i32();
    uint32_t buf = R(m, FIR_PTR), r = R(m, FIR_I32), bsz = const_i64(m, FIR_JMPBUF_SIZE);
    E(m, FIR_OP_alloca, buf, bsz, 0, 0);
    E(m, FIR_OP_setjmp, r, buf, 0, 0);
    uint32_t after = fir_new_label(F(m));
    E(m, FIR_OP_br, r, 0, 0, FIR_LABEL(after));
    fir_emit_call(F(m), FIR_OP_call, FIR_NOREG, h, 1, &buf);
    E(m, FIR_OP_trap, 0, 0, 0, 0);
    fir_place_label(F(m), after);
    /* the local of h was released by the longjmp */
    uint32_t gp2 = R(m, FIR_PTR), stale = R(m, FIR_PTR), v = R(m, FIR_I32);
    E(m, FIR_OP_gaddr, gp2, g, 0, 0);
    E(m, FIR_OP_load_ptr, stale, gp2, 0, 0);
    E(m, FIR_OP_load_i32, v, stale, 0, 0);
    E(m, FIR_OP_ret, r, 0, 0, 0);
    ck_assert_str_eq(run_fault(),
                     "firvm: error: in function 'main' at instruction 8: use after return: load "
                     "of 4 bytes at offset 0 in a local of a function that has returned\n");
}
END_TEST

START_TEST(longjmp_value_and_stale)
{
    /* g(buf): setjmp(buf); return.  main: r = g(buf) path, then longjmp -> fault */
    FirType pt[] = {FIR_PTR};
    uint32_t g = func("g", FIR_VOID, 1, pt);
    uint32_t r = R(g, FIR_I32);
    E(g, FIR_OP_setjmp, r, 0, 0, 0);
    E(g, FIR_OP_ret_void, 0, 0, 0, 0);
    uint32_t m = main_i32();
    uint32_t buf = R(m, FIR_PTR), bsz = const_i64(m, FIR_JMPBUF_SIZE);
    E(m, FIR_OP_alloca, buf, bsz, 0, 0);
    fir_emit_call(F(m), FIR_OP_call, FIR_NOREG, g, 1, &buf);
    uint32_t v = const_i32(m, 5);
    E(m, FIR_OP_longjmp, buf, v, 0, 0);
    ck_assert_str_eq(run_fault(), "firvm: error: in function 'main' at instruction 4: longjmp to "
                                  "a function that has returned\n");
}
END_TEST

START_TEST(longjmp_returns_value)
{
    uint32_t m = main_i32();
    uint32_t buf = R(m, FIR_PTR), r = R(m, FIR_I32), bsz = const_i64(m, FIR_JMPBUF_SIZE);
    E(m, FIR_OP_alloc, buf, bsz, 0, 0);
    E(m, FIR_OP_setjmp, r, buf, 0, 0);
    uint32_t after = fir_new_label(F(m));
    E(m, FIR_OP_br, r, 0, 0, FIR_LABEL(after));
    uint32_t v = const_i32(m, 77);
    E(m, FIR_OP_longjmp, buf, v, 0, 0);
    fir_place_label(F(m), after);
    E(m, FIR_OP_ret, r, 0, 0, 0);
    ck_assert_int_eq(run_ok(), 77);
}
END_TEST

START_TEST(quarantine_in_vm)
{
    /* a million alloc/free pairs: minor collections reuse the indexes, so
     * the table stays at about one nursery's worth of 16-byte blocks */
    uint32_t m = main_i32();
    uint32_t i = const_i32(m, 0), n = const_i32(m, 1000000), sz = const_i64(m, 16);
    uint32_t p = R(m, FIR_PTR);
    uint32_t top = fir_new_label(F(m));
    fir_place_label(F(m), top);
    E(m, FIR_OP_alloc, p, sz, 0, 0);
    E(m, FIR_OP_store_i32, p, i, 0, 12);
    E(m, FIR_OP_free, p, 0, 0, 0);
    E(m, FIR_OP_addi_i32, i, i, 0, 1);
    E(m, FIR_OP_blts_i32, i, n, 0, FIR_LABEL(top));
    E(m, FIR_OP_ret, i, 0, 0, 0);
    FirError err = {0};
    ck_assert_int_eq(fir_func_resolve_labels(F(m), &err), 0);
    ck_assert_int_eq(fir_verify(mod, &err), 0);
    VmProcess *proc = vm_process_new(NULL);
    char *argv[] = {"prog", NULL};
    ck_assert_int_eq(vm_load(proc, mod, 1, argv, &err), 0);
    mod = NULL;
    ck_assert_int_eq(vm_run(proc), VM_EXITED);
    ck_assert_int_eq(vm_exit_status(proc), 1000000);
    VmStats st;
    vm_get_stats(proc, &st);
    ck_assert_uint_eq(st.blocks_allocated, 1000000 + 1);
    ck_assert_uint_lt(st.table_entries, 140000);
    ck_assert_uint_ge(st.gc_minor + st.gc_major, 7);
    ck_assert_uint_eq(st.gc_major, 0);
    vm_process_free(proc);
}
END_TEST

START_TEST(fused_pairs_jump_into_middle)
{
    /* c = 100; goto mid; top: c = 3; mid: if (i < c) { n++; goto top; } return n
     * "c = const; blts i, c" is fused: entering at mid must use the c of the
     * path taken, so n ends at 1. */
    uint32_t m = main_i32();
    uint32_t i = const_i32(m, 50), n = const_i32(m, 0), c = const_i32(m, 100);
    uint32_t top = fir_new_label(F(m)), mid = fir_new_label(F(m)), body = fir_new_label(F(m));
    E(m, FIR_OP_jmp, 0, 0, 0, FIR_LABEL(mid));
    fir_place_label(F(m), top);
    E(m, FIR_OP_const_i32, c, 0, 0, 3);
    fir_place_label(F(m), mid);
    E(m, FIR_OP_blts_i32, i, c, 0, FIR_LABEL(body));
    E(m, FIR_OP_ret, n, 0, 0, 0);
    fir_place_label(F(m), body);
    E(m, FIR_OP_addi_i32, n, n, 0, 1);
    E(m, FIR_OP_jmp, 0, 0, 0, FIR_LABEL(top));
    ck_assert_int_eq(run_ok(), 1);
}
END_TEST

START_TEST(fused_fault_pc)
{
    /* sext, shli, ptradd, load: all fused pairwise; the load faults at its own pc */
    uint32_t m = main_i32();
    uint32_t sz = const_i64(m, 16), p = R(m, FIR_PTR), i = const_i32(m, 4);
    uint32_t off = R(m, FIR_I64), q = R(m, FIR_PTR), v = R(m, FIR_I32);
    E(m, FIR_OP_alloc, p, sz, 0, 0);
    E(m, FIR_OP_sext_i32_i64, off, i, 0, 0);
    E(m, FIR_OP_shli_i64, off, off, 0, 2);
    E(m, FIR_OP_ptradd, q, p, off, 0);
    E(m, FIR_OP_load_i32, v, q, 0, 0);
    E(m, FIR_OP_ret, v, 0, 0, 0);
    ck_assert_str_eq(run_fault(), AT(6, "out of bounds: load of 4 bytes at offset 16 in a "
                                        "block of 16 bytes"));
}
END_TEST

START_TEST(fused_const_operands)
{
    /* const feeding c of arithmetic, b and a of branches, and a remu by 0 */
    uint32_t m = main_i32();
    uint32_t x = const_i32(m, 17), k = R(m, FIR_I32), r = R(m, FIR_I32);
    uint32_t l1 = fir_new_label(F(m)), l2 = fir_new_label(F(m));
    E(m, FIR_OP_const_i32, k, 0, 0, 5);
    E(m, FIR_OP_remu_i32, r, x, k, 0);      /* 2 */
    E(m, FIR_OP_const_i32, k, 0, 0, 3);
    E(m, FIR_OP_bles_i32, k, r, 0, FIR_LABEL(l1)); /* 3 <= 2: no */
    E(m, FIR_OP_addi_i32, r, r, 0, 10);     /* 12 */
    fir_place_label(F(m), l1);
    E(m, FIR_OP_const_i32, k, 0, 0, 12);
    E(m, FIR_OP_beq_i32, r, k, 0, FIR_LABEL(l2)); /* taken */
    E(m, FIR_OP_trap, 0, 0, 0, 0);
    fir_place_label(F(m), l2);
    E(m, FIR_OP_const_i32, k, 0, 0, 0);
    E(m, FIR_OP_remu_i32, r, x, k, 0);
    E(m, FIR_OP_ret, r, 0, 0, 0);
    ck_assert_str_eq(run_fault(), AT(10, "division by zero"));
}
END_TEST

/* ----------------------------------------------------------------- faults */

START_TEST(fault_with_locations_and_callers)
{
    uint32_t file = fir_add_file(mod, "t.c");
    FirType pt[] = {FIR_I32};
    uint32_t d = func("divide", FIR_I32, 1, pt);
    fir_set_loc(F(d), file, 7);
    uint32_t z = const_i32(d, 0);
    E(d, FIR_OP_divs_i32, z, 0, z, 0);
    E(d, FIR_OP_ret, z, 0, 0, 0);
    uint32_t mid = func("middle", FIR_I32, 1, pt);
    uint32_t r = R(mid, FIR_I32);
    fir_emit_call(F(mid), FIR_OP_call, r, d, 1, &(uint32_t){0}); /* no location */
    E(mid, FIR_OP_ret, r, 0, 0, 0);
    uint32_t m = main_i32();
    fir_set_loc(F(m), file, 3);
    uint32_t a = const_i32(m, 1);
    fir_emit_call(F(m), FIR_OP_call, a, mid, 1, &a);
    E(m, FIR_OP_ret, a, 0, 0, 0);
    ck_assert_str_eq(run_fault(), "firvm: error: t.c:7: in function 'divide': division by zero\n"
                                  "firvm:   called from instruction 0 in function 'middle'\n"
                                  "firvm:   called from t.c:3 in function 'main'\n");
}
END_TEST

/* main() { <body>; ret 0 }: each fault test adds its body */
static uint32_t fault_main(void)
{
    return main_i32();
}

static const char *finish_fault(uint32_t m)
{
    uint32_t z = const_i32(m, 0);
    E(m, FIR_OP_ret, z, 0, 0, 0);
    return run_fault();
}


START_TEST(fault_null_and_bounds)
{
    uint32_t m = fault_main();
    uint32_t p = R(m, FIR_PTR), v = R(m, FIR_I32);
    E(m, FIR_OP_const_ptr, p, 0, 0, 0);
    E(m, FIR_OP_load_i32, v, p, 0, 8);
    ck_assert_str_eq(finish_fault(m),
                     AT(1, "null pointer dereference: load of 4 bytes at offset 8"));
}
END_TEST

START_TEST(fault_out_of_bounds)
{
    uint32_t m = fault_main();
    uint32_t p = R(m, FIR_PTR), v = R(m, FIR_I64), sz = const_i64(m, 40);
    E(m, FIR_OP_alloc, p, sz, 0, 0);
    E(m, FIR_OP_store_i64, p, sz, 0, 32);
    E(m, FIR_OP_store_i64, p, v, 0, 36);
    ck_assert_str_eq(finish_fault(m), AT(3, "out of bounds: store of 8 bytes at offset 36 in a "
                                            "block of 40 bytes"));
}
END_TEST

START_TEST(fault_negative_offset)
{
    uint32_t m = fault_main();
    uint32_t p = R(m, FIR_PTR), v = R(m, FIR_I32), sz = const_i64(m, 40);
    E(m, FIR_OP_alloc, p, sz, 0, 0);
    E(m, FIR_OP_ptraddi, p, p, 0, -4);
    E(m, FIR_OP_load_i32, v, p, 0, 0);
    ck_assert_str_eq(finish_fault(m), AT(3, "out of bounds: load of 4 bytes at offset -4 in a "
                                            "block of 40 bytes"));
}
END_TEST

START_TEST(fault_use_after_free)
{
    uint32_t m = fault_main();
    uint32_t p = R(m, FIR_PTR), v = R(m, FIR_I32), sz = const_i64(m, 40);
    E(m, FIR_OP_alloc, p, sz, 0, 0);
    E(m, FIR_OP_free, p, 0, 0, 0);
    E(m, FIR_OP_load_i32, v, p, 0, 0);
    ck_assert_str_eq(finish_fault(m), AT(3, "use after free: load of 4 bytes at offset 0 in a "
                                            "freed block of 40 bytes"));
}
END_TEST

START_TEST(fault_double_free)
{
    uint32_t m = fault_main();
    uint32_t p = R(m, FIR_PTR), sz = const_i64(m, 40);
    E(m, FIR_OP_alloc, p, sz, 0, 0);
    E(m, FIR_OP_free, p, 0, 0, 0);
    E(m, FIR_OP_free, p, 0, 0, 0);
    ck_assert_str_eq(finish_fault(m), AT(3, "double free of a block of 40 bytes"));
}
END_TEST

START_TEST(fault_free_global_and_interior)
{
    uint32_t g = fir_add_global(mod, "x", 4, 4, NULL);
    uint32_t m = fault_main();
    uint32_t p = R(m, FIR_PTR);
    E(m, FIR_OP_gaddr, p, g, 0, 0);
    E(m, FIR_OP_free, p, 0, 0, 0);
    ck_assert_str_eq(finish_fault(m),
                     AT(1, "free of memory not allocated by malloc (a global variable)"));
}
END_TEST

START_TEST(fault_free_interior)
{
    uint32_t m = fault_main();
    uint32_t p = R(m, FIR_PTR), sz = const_i64(m, 16);
    E(m, FIR_OP_alloc, p, sz, 0, 0);
    E(m, FIR_OP_ptraddi, p, p, 0, 8);
    E(m, FIR_OP_free, p, 0, 0, 0);
    ck_assert_str_eq(finish_fault(m), AT(3, "free of a pointer into the middle of a block "
                                            "(offset 8 in a block of 16 bytes)"));
}
END_TEST

START_TEST(fault_store_const)
{
    uint32_t g = fir_add_global(mod, "s", 6, 1, (const uint8_t *)"hello");
    mod->globals[g].is_const = true;
    uint32_t m = fault_main();
    uint32_t p = R(m, FIR_PTR), v = const_i32(m, 'j');
    E(m, FIR_OP_gaddr, p, g, 0, 0);
    E(m, FIR_OP_store_i8, p, v, 0, 0);
    ck_assert_str_eq(finish_fault(m), AT(2, "store to constant data: store of 1 byte at offset "
                                            "0 in a block of 6 bytes"));
}
END_TEST

START_TEST(fault_bad_function_pointers)
{
    uint32_t g = fir_add_global(mod, "x", 4, 4, NULL);
    uint32_t m = fault_main();
    uint32_t p = R(m, FIR_PTR);
    E(m, FIR_OP_gaddr, p, g, 0, 0);
    fir_emit_call(F(m), FIR_OP_call_ind, FIR_NOREG, p, 0, NULL);
    ck_assert_str_eq(finish_fault(m),
                     AT(1, "call through a pointer to data, not to a function"));
}
END_TEST

START_TEST(fault_null_function_pointer)
{
    uint32_t m = fault_main();
    uint32_t p = R(m, FIR_PTR);
    E(m, FIR_OP_const_ptr, p, 0, 0, 0);
    fir_emit_call(F(m), FIR_OP_call_ind, FIR_NOREG, p, 0, NULL);
    ck_assert_str_eq(finish_fault(m), AT(1, "call through a null function pointer"));
}
END_TEST

START_TEST(fault_signature_mismatch)
{
    uint32_t fib = add_fib();
    uint32_t m = fault_main();
    uint32_t p = R(m, FIR_PTR), r = R(m, FIR_I32);
    E(m, FIR_OP_faddr, p, fib, 0, 0);
    fir_emit_call(F(m), FIR_OP_call_ind, r, p, 0, NULL);
    ck_assert_str_eq(finish_fault(m), AT(1, "call through a function pointer of the wrong type: "
                                            "'fib' has type (i32) -> i32, called as () -> i32"));
}
END_TEST

START_TEST(fault_division_overflow)
{
    uint32_t m = fault_main();
    uint32_t a = const_i32(m, INT32_MIN), b = const_i32(m, -1);
    E(m, FIR_OP_rems_i32, a, a, b, 0);
    ck_assert_str_eq(finish_fault(m),
                     AT(2, "integer overflow in remainder (-2147483648 % -1)"));
}
END_TEST

START_TEST(fault_division_overflow64)
{
    uint32_t m = fault_main();
    uint32_t a = const_i64(m, INT64_MIN), b = const_i64(m, -1);
    E(m, FIR_OP_divs_i64, a, a, b, 0);
    ck_assert_str_eq(finish_fault(m),
                     AT(2, "integer overflow in division (-9223372036854775808 / -1)"));
}
END_TEST

START_TEST(fault_conversion)
{
    uint32_t m = fault_main();
    uint32_t x = R(m, FIR_F64), r = R(m, FIR_I32);
    double d = 1e10;
    int64_t bits;
    memcpy(&bits, &d, 8);
    E(m, FIR_OP_const_f64, x, 0, 0, bits);
    E(m, FIR_OP_cvts_f64_i32, r, x, 0, 0);
    ck_assert_str_eq(finish_fault(m),
                     AT(1, "float to integer conversion out of range (1e+10 to i32)"));
}
END_TEST

START_TEST(fault_host_pointer)
{
    FirType wt[] = {FIR_I32, FIR_PTR, FIR_I64};
    uint32_t h = fir_add_host(mod, "write", FIR_I64, 3, wt);
    uint32_t m = fault_main();
    uint32_t sz = const_i64(m, 4);
    uint32_t args[3] = {const_i32(m, 1), R(m, FIR_PTR), const_i64(m, 100)};
    E(m, FIR_OP_alloc, args[1], sz, 0, 0);
    fir_emit_call(F(m), FIR_OP_hcall, FIR_NOREG, h, 3, args);
    ck_assert_str_eq(finish_fault(m), AT(4, "host call 'write': out of bounds: read of 100 "
                                            "bytes at offset 0 in a block of 4 bytes"));
}
END_TEST

START_TEST(fault_stack_overflow)
{
    uint32_t f = func("down", FIR_VOID, 0, NULL);
    fir_emit_call(F(f), FIR_OP_call, FIR_NOREG, f, 0, NULL);
    E(f, FIR_OP_ret_void, 0, 0, 0, 0);
    uint32_t m = fault_main();
    fir_emit_call(F(m), FIR_OP_call, FIR_NOREG, f, 0, NULL);
    opts.max_frames = 1000;
    const char *rep = finish_fault(m);
    const char *first = "firvm: error: in function 'down' at instruction 0: stack overflow "
                        "(more than 1000 nested calls)\n";
    ck_assert_int_eq(strncmp(rep, first, strlen(first)), 0);
    int lines = 0;
    for (const char *c = rep; *c; c++)
        lines += *c == '\n';
    ck_assert_int_eq(lines, 21); /* the error and 20 callers */
}
END_TEST

START_TEST(fault_trap_and_speculate)
{
    uint32_t m = fault_main();
    E(m, FIR_OP_trap, 0, 0, 0, 0);
    ck_assert_str_eq(finish_fault(m), AT(0, "trap: unreachable code reached"));
}
END_TEST

START_TEST(fault_speculate)
{
    uint32_t m = fault_main();
    uint32_t r = R(m, FIR_I32);
    E(m, FIR_OP_speculate, r, 0, 0, 0); /* level 1 */
    E(m, FIR_OP_commit, r, 0, 0, 0);
    E(m, FIR_OP_rollback, r, 0, 0, 0); /* no longer open */
    ck_assert_str_eq(finish_fault(m),
                     AT(2, "abort of speculation level 1, which is not open"));
}
END_TEST

START_TEST(fault_use_after_return)
{
    uint32_t g = func("g", FIR_PTR, 0, NULL);
    uint32_t sz = const_i64(g, 8), p = R(g, FIR_PTR);
    E(g, FIR_OP_alloca, p, sz, 0, 0);
    E(g, FIR_OP_ret, p, 0, 0, 0);
    uint32_t m = fault_main();
    uint32_t q = R(m, FIR_PTR), v = R(m, FIR_I32);
    fir_emit_call(F(m), FIR_OP_call, q, g, 0, NULL);
    E(m, FIR_OP_load_i32, v, q, 0, 4);
    ck_assert_str_eq(finish_fault(m), AT(1, "use after return: load of 4 bytes at offset 4 in a "
                                            "local of a function that has returned"));
}
END_TEST

/* ------------------------------------------------------------ load errors */

START_TEST(load_unknown_host)
{
    uint32_t h = fir_add_host(mod, "frobnicate", FIR_VOID, 0, NULL);
    uint32_t m = main_i32();
    fir_emit_call(F(m), FIR_OP_hcall, FIR_NOREG, h, 0, NULL);
    uint32_t z = const_i32(m, 0);
    E(m, FIR_OP_ret, z, 0, 0, 0);
    ck_assert_str_eq(load_error(), "unknown host call 'frobnicate'");
}
END_TEST

START_TEST(load_bad_host_signature)
{
    FirType wt[] = {FIR_I32, FIR_PTR};
    fir_add_host(mod, "write", FIR_I64, 2, wt);
    uint32_t m = main_i32();
    uint32_t z = const_i32(m, 0);
    E(m, FIR_OP_ret, z, 0, 0, 0);
    ck_assert_str_eq(load_error(), "host call 'write' is imported as (i32, ptr) -> i64, "
                                   "expected (i32, ptr, i64) -> i64");
}
END_TEST

START_TEST(load_no_entry)
{
    uint32_t f = func("foo", FIR_VOID, 0, NULL);
    E(f, FIR_OP_ret_void, 0, 0, 0, 0);
    ck_assert_str_eq(load_error(), "no entry point: the module defines neither '__fir_start' "
                                   "nor 'main'");
}
END_TEST

START_TEST(entry_prefers_fir_start)
{
    uint32_t m = main_i32();
    uint32_t a = const_i32(m, 1);
    E(m, FIR_OP_ret, a, 0, 0, 0);
    FirType pt[] = {FIR_I32, FIR_PTR};
    uint32_t s = func("__fir_start", FIR_I32, 2, pt);
    uint32_t b = const_i32(s, 2);
    E(s, FIR_OP_ret, b, 0, 0, 0);
    ck_assert_int_eq(run_ok(), 2);
}
END_TEST

/* ---------------------------------------------------------- arithmetic */

START_TEST(integer_edges)
{
    uint32_t m = main_i32();
    uint32_t acc = const_i32(m, 0), t = R(m, FIR_I32);
    uint32_t one = const_i32(m, 1), s33 = const_i32(m, 33), mone = const_i32(m, -1);
    uint32_t seven = const_i32(m, 7), two = const_i32(m, 2);
    uint32_t t64 = R(m, FIR_I64);
    /* bit k of acc is set when check k passes */
    struct { FirOp op; uint32_t b, c; int32_t want; } cases[] = {
        {FIR_OP_shl_i32, one, s33, 2},             /* shift count mod 32 */
        {FIR_OP_divu_i32, mone, two, 0x7fffffff},  /* unsigned division */
        {FIR_OP_remu_i32, mone, seven, 3},         /* 4294967295 % 7 */
        {FIR_OP_shrs_i32, mone, seven, -1},        /* arithmetic */
        {FIR_OP_shru_i32, mone, s33, 0x7fffffff},  /* logical, 33 mod 32 = 1 */
        {FIR_OP_lts_i32, mone, one, 1},
        {FIR_OP_ltu_i32, mone, one, 0},
        {FIR_OP_divs_i32, mone, two, 0},           /* truncation toward zero */
    };
    for (int k = 0; k < 8; k++) {
        uint32_t ok = fir_new_label(F(m)), want = const_i32(m, cases[k].want);
        E(m, cases[k].op, t, cases[k].b, cases[k].c, 0);
        E(m, FIR_OP_bne_i32, t, want, 0, FIR_LABEL(ok));
        E(m, FIR_OP_addi_i32, acc, acc, 0, 1 << k);
        fir_place_label(F(m), ok);
    }
    /* wrap: INT32_MAX + 1 == INT32_MIN; sext of -1 */
    uint32_t mx = const_i32(m, INT32_MAX), ok = fir_new_label(F(m));
    E(m, FIR_OP_addi_i32, t, mx, 0, 1);
    uint32_t mn = const_i32(m, INT32_MIN);
    E(m, FIR_OP_bne_i32, t, mn, 0, FIR_LABEL(ok));
    E(m, FIR_OP_sext_i32_i64, t64, mone, 0, 0);
    uint32_t m64 = const_i64(m, -1);
    E(m, FIR_OP_bne_i64, t64, m64, 0, FIR_LABEL(ok));
    E(m, FIR_OP_addi_i32, acc, acc, 0, 256);
    fir_place_label(F(m), ok);
    E(m, FIR_OP_ret, acc, 0, 0, 0);
    ck_assert_int_eq(run_ok(), 511);
}
END_TEST

START_TEST(float_ops)
{
    /* (int)((1.5f + 2.25f) * 4.0) + (int)sqrt-free check of NaN compares */
    uint32_t m = main_i32();
    uint32_t a = R(m, FIR_F32), b = R(m, FIR_F32), d = R(m, FIR_F64), r = R(m, FIR_I32);
    float fa = 1.5f, fb = 2.25f;
    uint32_t ba, bb;
    memcpy(&ba, &fa, 4);
    memcpy(&bb, &fb, 4);
    E(m, FIR_OP_const_f32, a, 0, 0, ba);
    E(m, FIR_OP_const_f32, b, 0, 0, bb);
    E(m, FIR_OP_add_f32, a, a, b, 0);
    E(m, FIR_OP_cvt_f32_f64, d, a, 0, 0);
    E(m, FIR_OP_add_f64, d, d, d, 0);
    E(m, FIR_OP_add_f64, d, d, d, 0);
    E(m, FIR_OP_cvts_f64_i32, r, d, 0, 0); /* 15 */
    uint32_t nan = R(m, FIR_F64), c = R(m, FIR_I32);
    double dn = NAN;
    int64_t bn;
    memcpy(&bn, &dn, 8);
    E(m, FIR_OP_const_f64, nan, 0, 0, bn);
    E(m, FIR_OP_ne_f64, c, nan, nan, 0); /* 1 */
    E(m, FIR_OP_muli_i32, c, c, 0, 100);
    E(m, FIR_OP_add_i32, r, r, c, 0);
    E(m, FIR_OP_eq_f64, c, nan, nan, 0); /* 0 */
    E(m, FIR_OP_add_i32, r, r, c, 0);
    E(m, FIR_OP_le_f64, c, d, nan, 0);   /* 0 */
    E(m, FIR_OP_add_i32, r, r, c, 0);
    uint32_t big = R(m, FIR_F64), u = R(m, FIR_I32);
    double db = 4294967295.0;
    int64_t bbig;
    memcpy(&bbig, &db, 8);
    E(m, FIR_OP_const_f64, big, 0, 0, bbig);
    E(m, FIR_OP_cvtu_f64_i32, u, big, 0, 0); /* 0xffffffff fits u32 */
    E(m, FIR_OP_addi_i32, u, u, 0, 1);       /* 0 */
    E(m, FIR_OP_add_i32, r, r, u, 0);
    E(m, FIR_OP_ret, r, 0, 0, 0);
    ck_assert_int_eq(run_ok(), 115);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vm");
    TCase *tc = tcase_create("programs");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fib_recursion);
    tcase_add_test(tc, array_loop);
    tcase_add_test(tc, write_to_fd);
    tcase_add_test(tc, argv_and_exit);
    tcase_add_test(tc, function_table);
    tcase_add_test(tc, switch_tables);
    tcase_add_test(tc, setjmp_longjmp);
    tcase_add_test(tc, longjmp_value_and_stale);
    tcase_add_test(tc, longjmp_returns_value);
    tcase_add_test(tc, quarantine_in_vm);
    tcase_add_test(tc, integer_edges);
    tcase_add_test(tc, float_ops);
    tcase_add_test(tc, entry_prefers_fir_start);
    tcase_add_test(tc, fused_pairs_jump_into_middle);
    tcase_add_test(tc, fused_fault_pc);
    tcase_add_test(tc, fused_const_operands);
    suite_add_tcase(s, tc);
    TCase *tf = tcase_create("faults");
    tcase_add_checked_fixture(tf, setup, teardown);
    tcase_add_test(tf, fault_with_locations_and_callers);
    tcase_add_test(tf, fault_null_and_bounds);
    tcase_add_test(tf, fault_out_of_bounds);
    tcase_add_test(tf, fault_negative_offset);
    tcase_add_test(tf, fault_use_after_free);
    tcase_add_test(tf, fault_double_free);
    tcase_add_test(tf, fault_free_global_and_interior);
    tcase_add_test(tf, fault_free_interior);
    tcase_add_test(tf, fault_store_const);
    tcase_add_test(tf, fault_bad_function_pointers);
    tcase_add_test(tf, fault_null_function_pointer);
    tcase_add_test(tf, fault_signature_mismatch);
    tcase_add_test(tf, fault_division_overflow);
    tcase_add_test(tf, fault_division_overflow64);
    tcase_add_test(tf, fault_conversion);
    tcase_add_test(tf, fault_host_pointer);
    tcase_add_test(tf, fault_stack_overflow);
    tcase_add_test(tf, fault_trap_and_speculate);
    tcase_add_test(tf, fault_speculate);
    tcase_add_test(tf, fault_use_after_return);
    suite_add_tcase(s, tf);
    TCase *tl = tcase_create("load");
    tcase_add_checked_fixture(tl, setup, teardown);
    tcase_add_test(tl, load_unknown_host);
    tcase_add_test(tl, load_bad_host_signature);
    tcase_add_test(tl, load_no_entry);
    suite_add_tcase(s, tl);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
