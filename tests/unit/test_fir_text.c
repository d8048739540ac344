/*
 * test_fir_text.c - the FIR text form: parse errors (exact messages),
 * canonical printing, and print -> parse -> print identity.
 */
#include "fir/fir.h"
#include "tests/unit/fir_support.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* print(parse(text)) must be text itself. */
static void check_canonical(const char *text)
{
    FirModule *m = fir_test_parse(text);
    char *out = fir_test_print(m);
    ck_assert_str_eq(out, text);
    free(out);
    fir_module_free(m);
}

/* ------------------------------------------------------------- errors */

static const struct {
    const char *text, *msg;
} bad[] = {
    {"func @f() -> void\n  addd.i32\nend\n", "t.firs:2: unknown opcode 'addd.i32'"},
    {"func @f() -> void\n  reg i32 %a\n  %a = add.i32 %x, %a\nend\n",
     "t.firs:3: register '%x' is not declared"},
    {"func @f() -> void\n  reg i32 %a\n  %a = add.i32 %a %a\nend\n",
     "t.firs:3: expected ',' after operand"},
    {"func @f() -> void\n  jmp .nowhere\nend\n", "t.firs:2: label '.nowhere' is not defined"},
    {"func @f() -> void\n.a:\n.a:\nend\n", "t.firs:3: label '.a' is already defined"},
    {"func @f() -> void\n  ret.void\n", "t.firs:2: missing 'end' of function '@f'"},
    {"func @f() -> void\n  ret.void\nfunc @g() -> void\n",
     "t.firs:3: missing 'end' of function '@f'"},
    {"end\n", "t.firs:1: 'end' outside a function"},
    {"global @g size 2 align 1\n  data \"abc\"\n",
     "t.firs:2: data exceeds the size of global '@g' (2 bytes)"},
    {"global @g size 2 align 1\n  data \"ab\n", "t.firs:2: unterminated string"},
    {"global @g size 2 align 1\n  data \"\\q\"\n", "t.firs:2: unknown escape '\\q'"},
    {"func @f() -> void\n  call @g()\n  ret.void\nend\n", "t.firs:2: function '@g' is not declared"},
    {"bogus 1\n", "t.firs:1: unknown directive 'bogus'"},
    {"func @f() -> void\n  reg i32 %a\n  add.i32 %a, %a\nend\n",
     "t.firs:3: 'add.i32' needs a destination register"},
    {"func @f() -> void\n  reg i32 %a\n  %a = ret %a\nend\n", "t.firs:3: 'ret' has no destination"},
    {"func @f(i8 %x) -> void\nend\n", "t.firs:1: 'i8' is not a register type"},
    {"func @f() -> void\nend\nfunc @f() -> void\nend\n", "t.firs:3: redefinition of '@f'"},
    {"func @f() -> void\nend\nglobal @f size 1 align 1\n", "t.firs:3: redefinition of '@f'"},
    {"func @f() -> void\n  reg i32 %a\n  %a = const.i32 99999999999999999999\nend\n",
     "t.firs:3: integer '99999999999999999999' out of range"},
    {"func @f() -> void\n  reg i64 %a\n  %a = const.i64 12z\nend\n", "t.firs:3: invalid integer '12z'"},
    {"func @f() -> void\n  reg f32 %a\n  %a = const.f32 1.5x\nend\n",
     "t.firs:3: invalid floating-point constant '1.5x'"},
    {"func @f() -> void\n  reg i32 %a\n  switch %a, .x [1 .x]\n.x:\nend\n",
     "t.firs:3: expected ':' after case value"},
    {"global @g size 8 align 8\n  reloc 0 @nope\n", "t.firs:2: symbol '@nope' is not declared"},
    {"func @f() -> void\n  loc 3 4\nend\n", "t.firs:2: file 3 is not declared"},
    {"func @f() -> void\n  reg i32 %a\n  ret %a extra\nend\n",
     "t.firs:3: unexpected 'extra' at end of line"},
    {"func @f() -> void\n  hcall @h()\nend\n", "t.firs:2: host '@h' is not declared"},
    {"func @f() -> void\n  reg ptr %p\n  %p = gaddr @f\nend\n", "t.firs:3: global '@f' is not declared"},
    {"global @g size 1 align 1\nfunc @f() -> void\n  reg ptr %p\n  %p = faddr @g\nend\n",
     "t.firs:4: function '@g' is not declared"},
    {"data \"x\"\n", "t.firs:1: 'data' outside a global"},
    {"func @f() -> void\n  ret.void\n  \x01\nend\n", "t.firs:3: invalid character '\\x01'"},
    {"func @f() i32\n", "t.firs:1: expected '->' after parameter list"},
    {"file \"a\"\nfile \"a\"\n", "t.firs:2: duplicate file \"a\""},
    {"func @f() -> void\n  reg i32 %a\n  reg i32 %a\nend\n", "t.firs:3: register '%a' is already declared"},
    {"func @f() -> void\n  reg i32 %3\nend\n", "t.firs:2: register '%3' declared as register 0"},
    {"func @f() -> void\n  reg i32 %a\n  %a = const.i32\nend\n", "t.firs:3: expected integer, got end of line"},
    {"func @f() -> void\n  reg i32 %a\n  br %a, %a\nend\n", "t.firs:3: expected label, got '%a'"},
    {"func @f() -> void\n  reg i32 %a\n  %a add.i32 %a, %a\nend\n",
     "t.firs:3: expected '=' after destination register"},
    {"host @h(i32 -> void\n", "t.firs:1: expected ',' between parameters"},
    {"host @h() -> void\nhost @h() -> void\n", "t.firs:2: redefinition of host '@h'"},
    {"func @f() -> void\n  reg i32 %a\n  call @f(%a %a)\nend\n", "t.firs:3: expected ',' between arguments"},
    {"ret.void\n", "t.firs:1: instruction outside a function"},
    {"global @g size 1 align 1 foo\n", "t.firs:1: unexpected 'foo' at end of line"},
    {"global @g size 1099511627776 align 1\n  data \"x\"\n",
     "t.firs:2: global '@g' is too large to have data (at most 268435456 bytes)"},
    {"func @f() -> i8\nend\n", "t.firs:1: 'i8' is not a return type"},
    {"func @f() -> void\n  reg i32 %a\n  %a = const.f32 1\nend\n", NULL}, /* types: verifier's job */
    {"global @\"\" size 1 align 1\n", "t.firs:1: invalid name: empty or with a NUL byte"},
    {"global @a-b size 1 align 1\n", "t.firs:1: invalid name '@a-b'"},
};

START_TEST(test_parse_errors)
{
    const char *text = bad[_i].text;
    FirModule *m = (FirModule *)1;
    FirError e = {0};
    int rc = fir_parse_text(text, strlen(text), "t.firs", &m, &e);
    if (!bad[_i].msg) {
        ck_assert_int_eq(rc, 0);
        fir_module_free(m);
        return;
    }
    ck_assert_int_eq(rc, FIR_ESYNTAX);
    ck_assert_int_eq(e.code, FIR_ESYNTAX);
    ck_assert_ptr_null(m);
    ck_assert_str_eq(e.msg, bad[_i].msg);
}
END_TEST

/* ---------------------------------------------------------- canonical */

static const char canon_text[] =
    "file \"prog.c\"\n"
    "file \"lib/x \\\"y\\\".h\"\n"
    "host @write(i32, ptr, i64) -> i64\n"
    "host @exit(i32) -> void\n"
    "global @msg size 7 align 1 const\n"
    "  data \"hello\\n\"\n"
    "global @tab size 24 align 8\n"
    "  reloc 0 @msg\n"
    "  reloc 8 @main + 4\n"
    "  reloc 16 @msg - 9223372036854775808\n"
    "global @counter size 4 align 4 static\n"
    "  data \"\\x01\\x00\\x02\"\n"
    "global @ext extern\n"
    "global @ext2 size 8 align 8 const extern\n"
    "global @\"odd name\" size 1 align 1\n"
    "\n"
    "func @fib(i32 %n) -> i32\n"
    "  reg i32 %t\n"
    "  reg i64 %2\n"
    "  reg f64 %d\n"
    "  reg f32 %fl\n"
    "  reg ptr %p\n"
    "  loc 0 12\n"
    "  %t = const.i32 2\n"
    "  blts.i32 %n, %t, .L23\n"
    "  loc 1 3\n"
    "  %d = const.f64 0.1\n"
    "  %d = const.f64 -0\n"
    "  %d = const.f64 bits(0x7ff8000000000001)\n"
    "  %d = const.f64 1e+300\n"
    "  %d = const.f64 5e-324\n"
    "  %fl = const.f32 0.1\n"
    "  %fl = const.f32 -inf\n"
    "  %fl = const.f32 3.4028235e+38\n"
    "  %2 = const.i64 -9223372036854775808\n"
    "  loc 0 0\n"
    "  switch %n, .L23 [-5: .L22, 1: .L23]\n"
    "  %t = call @fib(%n)\n"
    "  call @helper()\n"
    "  %2 = hcall @write(%n, %p, %2)\n"
    "  hcall @exit(%n)\n"
    "  %p = gaddr @\"odd name\"\n"
    "  %p = faddr @puts\n"
    "  %t = call.ind %p(%p)\n"
    "  store.i32 %p, %t, -4\n"
    "  %t = load.i8s %p, 7\n"
    "  longjmp %p, %t\n"
    ".L22:\n"
    "  jmp .L23\n"
    ".L23:\n"
    "  %t = speculate\n"
    "  ret %n\n"
    "end\n"
    "func @puts(ptr %s) -> i32 extern\n"
    "func @hidden(i64 %0, f64 %1) -> void static extern\n"
    "\n"
    "func @helper() -> void static\n"
    "  jmp .L1\n"
    ".L1:\n"
    "end\n"
    "\n"
    "func @main(i32 %argc, ptr %1) -> i32\n"
    "  ret %argc\n"
    "end\n";

START_TEST(test_canonical_text)
{
    check_canonical(canon_text);
}
END_TEST

START_TEST(test_parse_values)
{
    FirModule *m = fir_test_parse(canon_text);
    ck_assert_uint_eq(m->nfiles, 2);
    ck_assert_str_eq(m->files[1], "lib/x \"y\".h");
    ck_assert_uint_eq(m->nhosts, 2);
    ck_assert_uint_eq(m->hosts[0].nparams, 3);
    ck_assert_uint_eq(m->hosts[0].params[1], FIR_PTR);
    ck_assert_uint_eq(m->hosts[1].ret, FIR_VOID);
    ck_assert_uint_eq(m->nglobals, 6);
    FirGlobal *g = &m->globals[0];
    ck_assert(g->is_const && g->defined && !g->is_static);
    ck_assert_mem_eq(g->init, "hello\n\0", 7);
    g = &m->globals[1];
    ck_assert_uint_eq(g->nrelocs, 3);
    ck_assert_uint_eq(g->relocs[1].kind, FIR_RELOC_FUNC);
    ck_assert_uint_eq(g->relocs[1].target, 4); /* @main */
    ck_assert_int_eq(g->relocs[1].addend, 4);
    ck_assert_uint_eq(g->relocs[2].kind, FIR_RELOC_GLOBAL);
    ck_assert_int_eq(g->relocs[2].addend, INT64_MIN);
    ck_assert_mem_eq(m->globals[2].init, "\1\0\2\0", 4);
    ck_assert(!m->globals[3].defined);
    ck_assert_str_eq(m->globals[5].name, "odd name");

    ck_assert_uint_eq(m->nfuncs, 5);
    FirFunc *f = &m->funcs[0];
    ck_assert_uint_eq(f->nparams, 1);
    ck_assert_uint_eq(f->nregs, 6);
    ck_assert_str_eq(f->reg_names[0], "n");
    ck_assert_ptr_null(f->reg_names[2]);
    ck_assert_uint_eq(f->code[1].op, FIR_OP_blts_i32);
    ck_assert_int_eq(f->code[1].imm, 23);
    ck_assert_uint_eq(f->locs[0].line, 12);
    ck_assert_uint_eq(f->locs[2].file, 1);
    ck_assert_uint_eq(f->locs[2].line, 3);
    ck_assert_int_eq(f->code[2].imm, 0x3fb999999999999a);
    ck_assert_int_eq(f->code[3].imm, INT64_MIN);
    ck_assert_int_eq(f->code[8].imm, 0xff800000); /* -inf */
    FirInsn *sw = &f->code[11];
    ck_assert_uint_eq(sw->op, FIR_OP_switch);
    ck_assert_uint_eq(f->switches[sw->b].default_target, 23);
    ck_assert_uint_eq(f->switches[sw->b].ncases, 2);
    ck_assert_int_eq(f->switches[sw->b].cases[0].value, -5);
    ck_assert_uint_eq(f->switches[sw->b].cases[0].target, 22);
    FirInsn *call = &f->code[12];
    ck_assert_uint_eq(call->b, 0);
    ck_assert_uint_eq(call->imm, 1);
    ck_assert_uint_eq(f->args[call->c], 0);
    ck_assert_uint_eq(f->code[13].a, FIR_NOREG);
    ck_assert_uint_eq(f->code[13].b, 3); /* @helper */
    ck_assert_uint_eq(f->code[16].b, 5); /* @"odd name" */
    ck_assert_uint_eq(f->code[17].b, 1); /* @puts */
    ck_assert(!m->funcs[1].defined);
    ck_assert(m->funcs[2].is_static && !m->funcs[2].defined);
    ck_assert(m->funcs[3].is_static && m->funcs[3].defined);
    fir_module_free(m);
}
END_TEST

/* Lenient input (comments, spacing, forward references, escapes, hex and
 * optional names) prints in canonical form. */
START_TEST(test_lenient_input)
{
    const char *in =
        "; a comment\n"
        "func @main() -> i32 ; trailing comment; with ; semicolons\n"
        "  reg i32 %x\n"
        "\n"
        "  %x = const.i32 0x10   ; hex\n"
        "  %x = call @later(%x,%x)\n"
        "  beq.i32 %x,%x,.out\n"
        ".out:\n"
        "  ret %x\n"
        "end\n"
        "func @later(i32, i32) -> i32 extern\n"
        "global @s size 4 align 1\n"
        "  data \"\\101\\x42;\"\n"
        "  data \"\\0\"\n"
        "  reloc 0 @main +8\n";
    const char *want =
        "global @s size 4 align 1\n"
        "  data \"AB;\"\n"
        "  reloc 0 @main + 8\n"
        "\n"
        "func @main() -> i32\n"
        "  reg i32 %x\n"
        "  %x = const.i32 16\n"
        "  %x = call @later(%x, %x)\n"
        "  beq.i32 %x, %x, .L3\n"
        ".L3:\n"
        "  ret %x\n"
        "end\n"
        "func @later(i32 %0, i32 %1) -> i32 extern\n";
    FirModule *m = fir_test_parse(in);
    char *out = fir_test_print(m);
    ck_assert_str_eq(out, want);
    free(out);
    fir_module_free(m);
    check_canonical(want);
}
END_TEST

/* A module made with the builder, covering every format, with names the
 * printer must not use (duplicates, non-identifiers). */
START_TEST(test_builder_roundtrip)
{
    FirModule *m = fir_module_new();
    uint32_t file = fir_add_file(m, "b.c");
    FirType p2[2] = {FIR_PTR, FIR_I64};
    uint32_t h = fir_add_host(m, "memset", FIR_PTR, 2, p2);
    uint8_t init[5] = {'a', 0, '"', 0x80, 0};
    uint32_t g = fir_add_global(m, "data", 5, 4, init);
    FirType pt[2] = {FIR_I32, FIR_PTR};
    uint32_t fid = fir_add_func(m, "f", FIR_I32, 2, pt);
    fir_global_add_reloc(&m->globals[g], 0, FIR_RELOC_FUNC, fid, -1);
    FirFunc *f = &m->funcs[fid];
    fir_func_begin_body(f);
    uint32_t x = fir_new_reg(f, FIR_I32, "x");
    uint32_t y1 = fir_new_reg(f, FIR_I64, "y");
    uint32_t y2 = fir_new_reg(f, FIR_I64, "y");
    uint32_t q = fir_new_reg(f, FIR_PTR, "q r");
    uint32_t d = fir_new_reg(f, FIR_F64, NULL);
    uint32_t L = fir_new_label(f);
    fir_set_loc(f, file, 7);
    fir_emit(f, FIR_OP_nop, 0, 0, 0, 0);
    fir_emit(f, FIR_OP_speculate, x, 0, 0, 0);
    fir_emit(f, FIR_OP_commit, x, 0, 0, 0);
    fir_emit(f, FIR_OP_sext_i32_i64, y1, x, 0, 0);
    fir_emit(f, FIR_OP_add_i64, y2, y1, y2, 0);
    fir_emit(f, FIR_OP_const_f64, d, 0, 0, 0x4000000000000000);
    fir_emit(f, FIR_OP_addi_i64, y1, y2, 0, -77);
    fir_emit(f, FIR_OP_store_i64, q, y1, 0, 16);
    fir_emit(f, FIR_OP_longjmp, q, x, 0, 0);
    fir_emit(f, FIR_OP_jmp, 0, 0, 0, FIR_LABEL(L));
    fir_emit(f, FIR_OP_br, x, 0, 0, FIR_LABEL(L));
    fir_emit(f, FIR_OP_bltu_i64, y1, y2, 0, FIR_LABEL(L));
    fir_emit(f, FIR_OP_gaddr, q, g, 0, 0);
    fir_emit(f, FIR_OP_faddr, q, fid, 0, 0);
    uint32_t args[2] = {q, y1};
    fir_emit_call(f, FIR_OP_call, x, fid, 2, (uint32_t[]){x, q});
    fir_emit_call(f, FIR_OP_call_ind, FIR_NOREG, q, 0, NULL);
    fir_emit_call(f, FIR_OP_hcall, q, h, 2, args);
    FirSwitchCase cases[3] = {{7, FIR_LABEL(L)}, {-1, 0}, {INT64_MAX, 1}};
    fir_emit_switch(f, x, FIR_LABEL(L), 3, cases);
    fir_place_label(f, L);
    fir_set_loc(f, file, 9);
    fir_emit(f, FIR_OP_ret, x, 0, 0, 0);
    FirError e;
    ck_assert_int_eq(fir_func_resolve_labels(f, &e), 0);

    char *t1 = fir_test_print(m);
    ck_assert_str_eq(t1,
                     "file \"b.c\"\n"
                     "host @memset(ptr, i64) -> ptr\n"
                     "global @data size 5 align 4\n"
                     "  data \"a\\x00\\\"\\x80\"\n"
                     "  reloc 0 @f - 1\n"
                     "\n"
                     "func @f(i32 %0, ptr %1) -> i32\n"
                     "  reg i32 %x\n"
                     "  reg i64 %3\n"
                     "  reg i64 %4\n"
                     "  reg ptr %5\n"
                     "  reg f64 %6\n"
                     ".L0:\n"
                     "  loc 0 7\n"
                     "  nop\n"
                     ".L1:\n"
                     "  %x = speculate\n"
                     "  commit %x\n"
                     "  %3 = sext.i32.i64 %x\n"
                     "  %4 = add.i64 %3, %4\n"
                     "  %6 = const.f64 2\n"
                     "  %3 = addi.i64 %4, -77\n"
                     "  store.i64 %5, %3, 16\n"
                     "  longjmp %5, %x\n"
                     "  jmp .L18\n"
                     "  br %x, .L18\n"
                     "  bltu.i64 %3, %4, .L18\n"
                     "  %5 = gaddr @data\n"
                     "  %5 = faddr @f\n"
                     "  %x = call @f(%x, %5)\n"
                     "  call.ind %5()\n"
                     "  %5 = hcall @memset(%5, %3)\n"
                     "  switch %x, .L18 [-1: .L0, 7: .L18, 9223372036854775807: .L1]\n"
                     ".L18:\n"
                     "  loc 0 9\n"
                     "  ret %x\n"
                     "end\n");
    FirModule *m2 = fir_test_parse(t1);
    char *t2 = fir_test_print(m2);
    ck_assert_str_eq(t2, t1);
    ck_assert_mem_eq(m2->globals[0].init, init, 5);
    free(t1);
    free(t2);
    fir_module_free(m2);
    fir_module_free(m);
}
END_TEST

/* Floats print as the shortest text that reads back exactly. */
START_TEST(test_float_shortest)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"1.0", "1"},
        {"0x1p-1", "0.5"},
        {"1e22", "1e+22"},
        {"2.2250738585072014e-308", "2.2250738585072014e-308"},
        {"0.30000000000000004", "0.30000000000000004"},
        {"-inf", "-inf"},
        {"inf", "inf"},
        {"nan", "bits(0x7ff8000000000000)"},
        {"bits(0x3ff0000000000000)", "1"},
        {"1.7976931348623157e308", "1.7976931348623157e+308"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char in[256], want[256];
        snprintf(in, sizeof in, "func @f() -> void\n  reg f64 %%d\n  %%d = const.f64 %s\nend\n",
                 cases[i].in);
        snprintf(want, sizeof want,
                 "func @f() -> void\n  reg f64 %%d\n  %%d = const.f64 %s\nend\n", cases[i].out);
        FirModule *m = fir_test_parse(in);
        char *out = fir_test_print(m);
        ck_assert_str_eq(out, want);
        free(out);
        fir_module_free(m);
    }
    FirModule *m = fir_test_parse("func @f() -> void\n  reg f32 %s\n  %s = const.f32 16777217\n"
                            "  %s = const.f32 nan\n  %s = const.f32 1e-45\nend\n");
    char *out = fir_test_print(m);
    ck_assert_str_eq(out, "func @f() -> void\n  reg f32 %s\n  %s = const.f32 16777216\n"
                          "  %s = const.f32 bits(0x7fc00000)\n  %s = const.f32 1e-45\nend\n");
    ck_assert_int_eq(m->funcs[0].code[0].imm, 0x4b800000);
    free(out);
    fir_module_free(m);
}
END_TEST

/* Every prefix of a valid text either parses or fails cleanly. */
START_TEST(test_prefixes)
{
    size_t n = strlen(canon_text);
    for (size_t i = 0; i <= n; i++) {
        FirModule *m = NULL;
        FirError e;
        if (fir_parse_text(canon_text, i, "p.firs", &m, &e) == 0)
            fir_module_free(m);
        else
            ck_assert_ptr_null(m);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fir_text");
    TCase *tc = tcase_create("text");
    tcase_add_loop_test(tc, test_parse_errors, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, test_canonical_text);
    tcase_add_test(tc, test_parse_values);
    tcase_add_test(tc, test_lenient_input);
    tcase_add_test(tc, test_builder_roundtrip);
    tcase_add_test(tc, test_float_shortest);
    tcase_add_test(tc, test_prefixes);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
