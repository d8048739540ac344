/*
 * test_cc.c - the FIR that firc's parser and lowering emit for small C
 * functions, checked as the exact fir_print_func text, plus diagnostics.
 *
 * fir_of() compiles a source string (tokenize, preprocess, fc_compile_unit)
 * and prints one function; cc_fail() compiles in a child process (compile
 * errors exit) and returns its stderr after checking the exit status is 1.
 * The expected texts pin down the lowering choices the interpreter's speed
 * depends on: fused compare-and-branch loops, immediate forms, load/store
 * offsets folded from member access, locals in registers unless their
 * address is taken.
 */
#include "frontend-c/internal.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static FirModule *compile(const char *src)
{
    FcOptions opt = {.warnings = false};
    FcFile *f = fc_new_file("t.c", src, strlen(src));
    f->path = "t.c";
    FcToken *tok = fc_preprocess(fc_tokenize(f), &opt);
    return fc_compile_unit(tok, "t.c");
}

/* The printed FIR of function `name` in the module compiled from src. */
static char *fir_of(const char *src, const char *name)
{
    FirModule *m = compile(src);
    int64_t id = fir_find_func(m, name);
    ck_assert_int_ge(id, 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    ck_assert_int_eq(fir_print_func(m, &m->funcs[id], out), 0);
    fclose(out);
    char *r = fc_strndup(buf, len);
    free(buf);
    fir_module_free(m);
    return r;
}

/* Compiles src in a child process (errors exit) with warnings on; checks the
 * exit status and returns what it wrote on stderr. */
static char *cc_stderr(const char *src, int want_status)
{
    char path[] = "/tmp/test_cc_errXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fd, 2);
        fc_warnings_enabled = true;
        compile(src);
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), want_status);
    FILE *f = fopen(path, "r");
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    close(fd);
    unlink(path);
    return fc_strndup(buf, n);
}

static char *cc_fail(const char *src)
{
    return cc_stderr(src, 1);
}

/* The warnings of a successful compile, one "line:col: message" per line
 * (source excerpts and carets dropped). */
static char *cc_warnings(const char *src)
{
    char *err = cc_stderr(src, 0), *out = fc_strndup("", 0);
    for (char *line = strtok(err, "\n"); line; line = strtok(NULL, "\n"))
        if (!strncmp(line, "t.c:", 4) && strstr(line, ": warning: "))
            out = fc_format("%s%s\n", out, line + 4);
    return out;
}

/* ------------------------------------------------------------- lowering */

START_TEST(arith_immediates)
{
    ck_assert_str_eq(fir_of("int add(int a, int b) { return a + b * 4; }", "add"),
                     "func @add(i32 %a, i32 %b) -> i32\n"
                     "  reg i32 %2\n"
                     "  reg i32 %3\n"
                     "  loc 0 1\n"
                     "  %2 = muli.i32 %b, 4\n"
                     "  %3 = add.i32 %a, %2\n"
                     "  ret %3\n"
                     "end\n");
}
END_TEST

START_TEST(loop_fused_branches)
{
    ck_assert_str_eq(fir_of("int count(int n) {\n"
                            "  int s = 0;\n"
                            "  for (int i = 0; i < n; i++)\n"
                            "    s += i;\n"
                            "  return s;\n"
                            "}\n", "count"),
                     "func @count(i32 %n) -> i32\n"
                     "  reg i32 %i\n"
                     "  reg i32 %s\n"
                     "  loc 0 2\n"
                     "  %s = const.i32 0\n"
                     "  loc 0 3\n"
                     "  %i = const.i32 0\n"
                     "  bles.i32 %n, %i, .L6\n"
                     ".L3:\n"
                     "  loc 0 4\n"
                     "  %s = add.i32 %s, %i\n"
                     "  loc 0 3\n"
                     "  %i = addi.i32 %i, 1\n"
                     "  blts.i32 %i, %n, .L3\n"
                     ".L6:\n"
                     "  loc 0 5\n"
                     "  ret %s\n"
                     "end\n");
}
END_TEST

START_TEST(loop_hoist_and_reuse)
{
    /* in loops: constants and global addresses come from registers the
     * prologue sets, an element address is computed once per basic block,
     * `(unsigned char)*s++` is one zero-extending load before the step */
    ck_assert_str_eq(fir_of(
        "struct P { int x, y; };\n"
        "int g[100];\n"
        "long f(struct P *ps, int n, const char *s) {\n"
        "  long t = 0;\n"
        "  for (int i = 0; i < n; i++)\n"
        "    t += ps[i].x * ps[i].y + g[i] % 1000;\n"
        "  while (*s)\n"
        "    t += (unsigned char)*s++;\n"
        "  return t;\n"
        "}\n", "f"),
        "func @f(ptr %ps, i32 %n, ptr %s) -> i64\n"
        "  reg i32 %i\n"
        "  reg i64 %t\n"
        "  reg ptr %5\n"
        "  reg i32 %6\n"
        "  reg i64 %7\n"
        "  reg i64 %8\n"
        "  reg ptr %9\n"
        "  reg i32 %10\n"
        "  reg i32 %11\n"
        "  reg i32 %12\n"
        "  loc 0 3\n"
        "  %5 = gaddr @g\n"
        "  %6 = const.i32 1000\n"
        "  loc 0 4\n"
        "  %t = const.i64 0\n"
        "  loc 0 5\n"
        "  %i = const.i32 0\n"
        "  bles.i32 %n, %i, .L21\n"
        ".L5:\n"
        "  loc 0 6\n"
        "  %7 = sext.i32.i64 %i\n"
        "  %8 = muli.i64 %7, 8\n"
        "  %9 = ptradd %ps, %8\n"
        "  %10 = load.i32 %9, 0\n"
        "  %11 = load.i32 %9, 4\n"
        "  %12 = mul.i32 %10, %11\n"
        "  %7 = sext.i32.i64 %i\n"
        "  %8 = muli.i64 %7, 4\n"
        "  %9 = ptradd %5, %8\n"
        "  %10 = load.i32 %9, 0\n"
        "  %11 = rems.i32 %10, %6\n"
        "  %10 = add.i32 %12, %11\n"
        "  %7 = sext.i32.i64 %10\n"
        "  %t = add.i64 %t, %7\n"
        "  loc 0 5\n"
        "  %i = addi.i32 %i, 1\n"
        "  blts.i32 %i, %n, .L5\n"
        ".L21:\n"
        "  loc 0 7\n"
        "  %10 = load.i8s %s, 0\n"
        "  brz %10, .L29\n"
        ".L23:\n"
        "  loc 0 8\n"
        "  %10 = load.i8u %s, 0\n"
        "  %s = ptraddi %s, 1\n"
        "  %7 = zext.i32.i64 %10\n"
        "  %t = add.i64 %t, %7\n"
        "  loc 0 7\n"
        "  %10 = load.i8s %s, 0\n"
        "  br %10, .L23\n"
        ".L29:\n"
        "  loc 0 9\n"
        "  ret %t\n"
        "end\n");
}
END_TEST

START_TEST(member_offsets)
{
    ck_assert_str_eq(fir_of("struct p { int x; int y; };\n"
                            "int gety(struct p *q) { return q->y; }", "gety"),
                     "func @gety(ptr %q) -> i32\n"
                     "  reg i32 %1\n"
                     "  loc 0 2\n"
                     "  %1 = load.i32 %q, 4\n"
                     "  ret %1\n"
                     "end\n");
}
END_TEST

START_TEST(address_taken_local)
{
    ck_assert_str_eq(fir_of("int f(int *p) { int x = 0; int *q = &x; *q = *p; return x; }", "f"),
                     "func @f(ptr %p) -> i32\n"
                     "  reg ptr %q\n"
                     "  reg ptr %x\n"
                     "  reg i64 %3\n"
                     "  reg i32 %4\n"
                     "  loc 0 1\n"
                     "  %3 = const.i64 4\n"
                     "  %x = alloca %3\n"
                     "  %4 = const.i32 0\n"
                     "  store.i32 %x, %4, 0\n"
                     "  %q = mov.ptr %x\n"
                     "  %4 = load.i32 %p, 0\n"
                     "  store.i32 %q, %4, 0\n"
                     "  %4 = load.i32 %x, 0\n"
                     "  ret %4\n"
                     "end\n");
}
END_TEST

START_TEST(host_call)
{
    ck_assert_str_eq(fir_of("long __host_write(int, const void *, long);\n"
                            "void hello(void) { __host_write(1, \"hi\\n\", 3); }", "hello"),
                     "func @hello() -> void\n"
                     "  reg i32 %0\n"
                     "  reg ptr %1\n"
                     "  reg i64 %2\n"
                     "  loc 0 2\n"
                     "  %0 = const.i32 1\n"
                     "  %1 = gaddr @str.0\n"
                     "  %2 = const.i64 3\n"
                     "  hcall @write(%0, %1, %2)\n"
                     "  ret.void\n"
                     "end\n");
}
END_TEST

START_TEST(switch_table)
{
    ck_assert_str_eq(fir_of("int pick(int c) { switch (c) { case 1: return 10; "
                            "case 5: return 50; default: return 0; } }", "pick"),
                     "func @pick(i32 %c) -> i32\n"
                     "  reg i32 %1\n"
                     "  loc 0 1\n"
                     "  switch %c, .L5 [1: .L1, 5: .L3]\n"
                     ".L1:\n"
                     "  %1 = const.i32 10\n"
                     "  ret %1\n"
                     ".L3:\n"
                     "  %1 = const.i32 50\n"
                     "  ret %1\n"
                     ".L5:\n"
                     "  %1 = const.i32 0\n"
                     "  ret %1\n"
                     "  %1 = const.i32 0\n"
                     "  ret %1\n"
                     "end\n");
}
END_TEST

START_TEST(signed_bitfield)
{
    ck_assert_str_eq(fir_of("struct b { unsigned lo : 4; int hi : 4; };\n"
                            "int get(struct b *s) { return s->hi; }", "get"),
                     "func @get(ptr %s) -> i32\n"
                     "  reg i32 %1\n"
                     "  reg i32 %2\n"
                     "  loc 0 2\n"
                     "  %1 = load.i32 %s, 0\n"
                     "  %2 = shli.i32 %1, 24\n"
                     "  %1 = shrsi.i32 %2, 28\n"
                     "  ret %1\n"
                     "end\n");
}
END_TEST

START_TEST(char_conversion)
{
    ck_assert_str_eq(fir_of("char inc(char c) { return c + 1; }", "inc"),
                     "func @inc(i32 %c) -> i32\n"
                     "  reg i32 %1\n"
                     "  reg i32 %2\n"
                     "  loc 0 1\n"
                     "  %1 = addi.i32 %c, 1\n"
                     "  %2 = sext8.i32 %1\n"
                     "  ret %2\n"
                     "end\n");
}
END_TEST

START_TEST(struct_return_and_variadic)
{
    FirModule *m = compile("struct s { int a[4]; };\n"
                           "struct s make(void) { struct s r = {{1}}; return r; }\n"
                           "int sum(int n, ...) { return n; }\n"
                           "int main(void) { return 0; }\n");
    FirFunc *make = &m->funcs[fir_find_func(m, "make")];
    ck_assert_int_eq(make->ret, FIR_VOID);
    ck_assert_int_eq(make->nparams, 1);
    ck_assert_int_eq(make->reg_types[0], FIR_PTR);
    FirFunc *sum = &m->funcs[fir_find_func(m, "sum")];
    ck_assert_int_eq(sum->nparams, 2);
    ck_assert_int_eq(sum->reg_types[1], FIR_PTR);
    FirFunc *mn = &m->funcs[fir_find_func(m, "main")];
    ck_assert_int_eq(mn->nparams, 2);
    ck_assert_int_eq(mn->reg_types[0], FIR_I32);
    ck_assert_int_eq(mn->reg_types[1], FIR_PTR);
    FirError err;
    ck_assert_int_eq(fir_verify(m, &err), 0);
    fir_module_free(m);
}
END_TEST

START_TEST(global_relocs)
{
    FirModule *m = compile("int data[4] = {1, 2, 3, 4};\n"
                           "int *p = &data[2];\n"
                           "static const char *s = \"ab\";\n"
                           "const char **ps = &s;\n");
    int64_t p = fir_find_global(m, "p");
    ck_assert_int_ge(p, 0);
    FirGlobal *g = &m->globals[p];
    ck_assert_int_eq(g->size, 8);
    ck_assert_int_eq(g->nrelocs, 1);
    ck_assert_int_eq(g->relocs[0].kind, FIR_RELOC_GLOBAL);
    ck_assert_int_eq(g->relocs[0].target, fir_find_global(m, "data"));
    ck_assert_int_eq(g->relocs[0].addend, 8);
    int64_t d = fir_find_global(m, "data");
    ck_assert_int_eq(m->globals[d].init[8], 3);
    int64_t str = fir_find_global(m, "str.0");
    ck_assert_int_ge(str, 0);
    ck_assert(m->globals[str].is_const);
    ck_assert(m->globals[fir_find_global(m, "s")].is_static);
    fir_module_free(m);
}
END_TEST

/* ---------------------------------------------------------- diagnostics */

START_TEST(error_undeclared)
{
    ck_assert_str_eq(cc_fail("int main(void) { return nope; }"),
                     "t.c:1:25: error: 'nope' undeclared (first use in this function)\n"
                     "int main(void) { return nope; }\n"
                     "                        ^\n");
}
END_TEST

START_TEST(error_implicit_declaration)
{
    ck_assert_str_eq(cc_fail("int main(void) {\n  return foo(1);\n}\n"),
                     "t.c:2:10: error: implicit declaration of function 'foo'\n"
                     "  return foo(1);\n"
                     "         ^\n");
}
END_TEST

START_TEST(error_arg_count)
{
    ck_assert_str_eq(cc_fail("int f(int a, int b);\nint g(void) { return f(1); }\n"),
                     "t.c:2:25: error: too few arguments to function 'f'\n"
                     "int g(void) { return f(1); }\n"
                     "                        ^\n");
}
END_TEST

START_TEST(error_garbage_never_crashes)
{
    /* token soup must end in a diagnostic */
    const char *soups[] = {"int (", "struct { int x : ; };", "int f(void) { return ((; }",
                           "int a[] = {", "int x = sizeof(struct q);", "}", "int *p = &&x;",
                           "typedef int T; T T2 = (T)", "int f() { switch (1) { case x: ; } }"};
    for (size_t i = 0; i < sizeof soups / sizeof soups[0]; i++) {
        char *err = cc_fail(soups[i]);
        ck_assert_ptr_nonnull(strstr(err, "error: "));
    }
}
END_TEST

START_TEST(warn_pointer_conversions)
{
    /* gcc's default warnings, and none where gcc gives none (ip = up and
     * cp = ucp differ only in signedness: -Wpointer-sign is not a default) */
    ck_assert_str_eq(
        cc_warnings("struct S; struct T;\n"
                    "void f(int *p);\n"
                    "void g(const char *p);\n"
                    "char *h(const char *s) { return s; }\n"
                    "void k(long *lp, unsigned *up, char *cp, const char *ccp, void *vp,\n"
                    "       struct S *sp, struct T *tp, unsigned char *ucp, char **cpp) {\n"
                    "  int *ip = lp;\n"
                    "  ip = up;\n"
                    "  cp = ccp;\n"
                    "  const char **ccpp = cpp;\n"
                    "  f(lp);\n"
                    "  g(cp); g(ucp); f(vp); vp = ccp; cp = ucp; ip = 0;\n"
                    "  sp = tp;\n"
                    "  (void)ccpp;\n"
                    "}\n"),
        "4:33: warning: return discards 'const' qualifier from pointer target type\n"
        "7:13: warning: initialization of 'int *' from incompatible pointer type 'long int *'\n"
        "9:6: warning: assignment discards 'const' qualifier from pointer target type\n"
        "10:23: warning: initialization of 'const char **' from incompatible pointer type "
        "'char **'\n"
        "11:5: warning: passing argument 1 of 'f' from incompatible pointer type\n"
        "12:28: warning: assignment discards 'const' qualifier from pointer target type\n"
        "13:6: warning: assignment to 'struct S *' from incompatible pointer type "
        "'struct T *'\n");
}
END_TEST

START_TEST(warn_implicit_int)
{
    ck_assert_str_eq(cc_warnings("static x = 3;\n"
                                 "f(void) { return x; }\n"
                                 "static g(a, b) int a; { return a + b; }\n"
                                 "int h(void) { register r = 1; return; }\n"
                                 "void v(void) { return 1; }\n"),
                     "1:8: warning: type defaults to 'int' in declaration of 'x'\n"
                     "2:1: warning: return type defaults to 'int'\n"
                     "3:8: warning: return type defaults to 'int'\n"
                     "3:8: warning: type of 'b' defaults to 'int'\n"
                     "4:24: warning: type defaults to 'int' in declaration of 'r'\n"
                     "4:31: warning: 'return' with no value, in function returning non-void\n"
                     "5:23: warning: 'return' with a value, in function returning void\n");
}
END_TEST

START_TEST(error_const_objects)
{
    ck_assert_str_eq(cc_fail("struct P { int x; };\n"
                             "void f(const struct P *p) { p->x = 1; }\n"),
                     "t.c:2:34: error: assignment of member 'x' in read-only object\n"
                     "void f(const struct P *p) { p->x = 1; }\n"
                     "                                 ^\n");
    ck_assert_str_eq(cc_fail("struct K { const int id; };\n"
                             "void f(struct K *k) { k->id += 2; }\n"),
                     "t.c:2:29: error: assignment of read-only member 'id'\n"
                     "void f(struct K *k) { k->id += 2; }\n"
                     "                            ^\n");
    ck_assert_str_eq(cc_fail("void f(const int *p) { (*p)--; }\n"),
                     "t.c:1:28: error: decrement of read-only location\n"
                     "void f(const int *p) { (*p)--; }\n"
                     "                           ^\n");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cc");
    TCase *tc = tcase_create("lowering");
    tcase_add_test(tc, arith_immediates);
    tcase_add_test(tc, loop_fused_branches);
    tcase_add_test(tc, member_offsets);
    tcase_add_test(tc, loop_hoist_and_reuse);
    tcase_add_test(tc, address_taken_local);
    tcase_add_test(tc, host_call);
    tcase_add_test(tc, switch_table);
    tcase_add_test(tc, signed_bitfield);
    tcase_add_test(tc, char_conversion);
    tcase_add_test(tc, struct_return_and_variadic);
    tcase_add_test(tc, global_relocs);
    suite_add_tcase(s, tc);
    TCase *te = tcase_create("diagnostics");
    tcase_add_test(te, error_undeclared);
    tcase_add_test(te, error_implicit_declaration);
    tcase_add_test(te, error_arg_count);
    tcase_add_test(te, error_garbage_never_crashes);
    tcase_add_test(te, warn_pointer_conversions);
    tcase_add_test(te, warn_implicit_int);
    tcase_add_test(te, error_const_objects);
    suite_add_tcase(s, te);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
