/*
 * test_fir_link.c - fir_link (resolution, statics, conflicts with exact
 * messages, files and hosts), fir_check_complete and fir_prune.  Modules are
 * written in the text form and compared as printed text.
 */
#include "fir/fir.h"
#include "tests/unit/fir_support.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Links b into a and compares the result with `want`. */
static void link_ok(const char *a, const char *b, const char *want)
{
    FirModule *dst = fir_test_parse(a), *src = fir_test_parse(b);
    FirError e = {0};
    int rc = fir_link(dst, src, &e);
    ck_assert_msg(rc == 0, "link failed: %s", e.msg);
    ck_assert_uint_eq(src->nfuncs + src->nglobals + src->nhosts + src->nfiles, 0);
    char *t = fir_test_print(dst);
    ck_assert_str_eq(t, want);
    /* the result is itself canonical text */
    FirModule *again = fir_test_parse(t);
    char *t2 = fir_test_print(again);
    ck_assert_str_eq(t2, t);
    free(t);
    free(t2);
    fir_module_free(again);
    fir_module_free(dst);
    fir_module_free(src);
}

/* The link fails with `msg` and leaves dst unchanged. */
static void link_fails(const char *a, const char *b, const char *msg)
{
    FirModule *dst = fir_test_parse(a), *src = fir_test_parse(b);
    char *before = fir_test_print(dst);
    FirError e = {0};
    ck_assert_int_eq(fir_link(dst, src, &e), FIR_ELINK);
    ck_assert_str_eq(e.msg, msg);
    char *after = fir_test_print(dst);
    ck_assert_str_eq(after, before);
    free(before);
    free(after);
    fir_module_free(dst);
    fir_module_free(src);
}

START_TEST(test_resolution)
{
    link_ok("file \"main.c\"\n"
            "host @write(i32, ptr, i64) -> i64\n"
            "global @ext extern\n"
            "\n"
            "func @main(i32 %argc, ptr %argv) -> i32\n"
            "  reg ptr %p\n"
            "  loc 0 4\n"
            "  %p = gaddr @ext\n"
            "  %argc = call @puts(%p)\n"
            "  ret %argc\n"
            "end\n"
            "func @puts(ptr %0) -> i32 extern\n",
            /* src: defines puts and ext; its own declaration of main binds */
            "file \"lib.c\"\n"
            "file \"main.c\"\n"
            "host @exit(i32) -> void\n"
            "host @write(i32, ptr, i64) -> i64\n"
            "global @ext size 8 align 8\n"
            "  reloc 0 @puts\n"
            "func @main(i32 %0, ptr %1) -> i32 extern\n"
            "\n"
            "func @puts(ptr %s) -> i32\n"
            "  reg i64 %n\n"
            "  reg i32 %r\n"
            "  loc 1 2\n"
            "  %n = hcall @write(%r, %s, %n)\n"
            "  loc 0 9\n"
            "  hcall @exit(%r)\n"
            "  %r = call @main(%r, %s)\n"
            "  ret %r\n"
            "end\n",
            "file \"main.c\"\n"
            "file \"lib.c\"\n"
            "host @write(i32, ptr, i64) -> i64\n"
            "host @exit(i32) -> void\n"
            "global @ext size 8 align 8\n"
            "  reloc 0 @puts\n"
            "\n"
            "func @main(i32 %argc, ptr %argv) -> i32\n"
            "  reg ptr %p\n"
            "  loc 0 4\n"
            "  %p = gaddr @ext\n"
            "  %argc = call @puts(%p)\n"
            "  ret %argc\n"
            "end\n"
            "\n"
            "func @puts(ptr %s) -> i32\n"
            "  reg i64 %n\n"
            "  reg i32 %r\n"
            "  loc 0 2\n"
            "  %n = hcall @write(%r, %s, %n)\n"
            "  loc 1 9\n"
            "  hcall @exit(%r)\n"
            "  %r = call @main(%r, %s)\n"
            "  ret %r\n"
            "end\n");
}
END_TEST

START_TEST(test_statics)
{
    link_ok("global @count size 4 align 4 static\n"
            "\n"
            "func @helper() -> void static\n"
            "  ret.void\n"
            "end\n"
            "\n"
            "func @main() -> void\n"
            "  call @helper()\n"
            "  ret.void\n"
            "end\n",
            "global @count size 4 align 4\n"
            "global @tab size 8 align 8 static\n"
            "  reloc 0 @helper\n"
            "\n"
            "func @helper() -> void static\n"
            "  reg ptr %p\n"
            "  %p = gaddr @count\n"
            "  %p = gaddr @tab\n"
            "  call @helper()\n"
            "  ret.void\n"
            "end\n"
            "\n"
            "func @helper.1() -> void static\n"
            "  call @helper()\n"
            "  ret.void\n"
            "end\n",
            /* dst's static count gives its name to src's non-static one;
             * src's statics are renamed around the names already taken */
            "global @count.1 size 4 align 4 static\n"
            "global @count size 4 align 4\n"
            "global @tab size 8 align 8 static\n"
            "  reloc 0 @helper.2\n"
            "\n"
            "func @helper() -> void static\n"
            "  ret.void\n"
            "end\n"
            "\n"
            "func @main() -> void\n"
            "  call @helper()\n"
            "  ret.void\n"
            "end\n"
            "\n"
            "func @helper.2() -> void static\n"
            "  reg ptr %p\n"
            "  %p = gaddr @count\n"
            "  %p = gaddr @tab\n"
            "  call @helper.2()\n"
            "  ret.void\n"
            "end\n"
            "\n"
            "func @helper.1() -> void static\n"
            "  call @helper.2()\n"
            "  ret.void\n"
            "end\n");
}
END_TEST

START_TEST(test_common_globals)
{
    /* a tentative definition merges with an initialized one of equal size */
    link_ok("global @c size 4 align 4\n"
            "global @d size 4 align 16\n"
            "  data \"x\"\n",
            "global @c size 4 align 8\n"
            "  data \"\\x01\"\n"
            "global @d size 4 align 4\n",
            "global @c size 4 align 8\n"
            "  data \"\\x01\"\n"
            "global @d size 4 align 16\n"
            "  data \"x\"\n");
    link_fails("global @c size 4 align 4\n", "global @c size 8 align 4\n",
               "duplicate definition of 'c'");
    link_fails("global @c size 4 align 4\n  data \"a\"\n", "global @c size 4 align 4\n  data \"b\"\n",
               "duplicate definition of 'c'");
}
END_TEST

START_TEST(test_conflicts)
{
    const char *f = "func @foo(i32 %x) -> i32\n  ret %x\nend\n";
    link_fails(f, f, "duplicate definition of 'foo'");
    link_fails(f, "func @foo(i64 %0) -> i32 extern\n", "conflicting types for 'foo'");
    link_fails("func @foo() -> void extern\n", f, "conflicting types for 'foo'");
    link_fails(f, "global @foo size 4 align 4\n", "'foo' redeclared as a different kind of symbol");
    link_fails("host @write(i32) -> i64\n", "host @write(i64) -> i64\n",
               "conflicting types for host import 'write'");
}
END_TEST

/* A library (the C library) yields to the program's own definitions; its
 * other symbols still bind, a definition with other types keeps the
 * library's under a static name, and a declaration must still agree. */
START_TEST(test_library_yields)
{
    FirModule *prog = fir_test_parse("func @puts(ptr %s) -> i32\n  reg i32 %1\n  %1 = const.i32 7\n"
                               "  ret %1\nend\nglobal @errno size 4 align 4\n"
                               "func @main() -> i32\n  reg i32 %0\n  %0 = const.i32 0\n"
                               "  ret %0\nend\n");
    FirModule *lib = fir_test_parse("func @puts(ptr %s) -> i32\n  reg i32 %1\n  %1 = const.i32 1\n"
                              "  ret %1\nend\n"
                              "global @errno size 4 align 4\n  data \"\\x01\"\n"
                              "func @putchar(i32 %c) -> i32\n  ret %c\nend\n");
    FirError e = {0};
    ck_assert_int_eq(fir_link_library(prog, lib, &e), 0);
    char *t = fir_test_print(prog);
    ck_assert_str_eq(t, "global @errno size 4 align 4\n\n"
                        "func @puts(ptr %s) -> i32\n  reg i32 %1\n  %1 = const.i32 7\n  ret %1\nend\n\n"
                        "func @main() -> i32\n  reg i32 %0\n  %0 = const.i32 0\n  ret %0\nend\n\n"
                        "func @putchar(i32 %c) -> i32\n  ret %c\nend\n");
    free(t);
    fir_module_free(prog);
    fir_module_free(lib);
    prog = fir_test_parse("func @puts(i64 %x) -> i32\n  reg i32 %1\n  %1 = const.i32 7\n"
                    "  ret %1\nend\n");
    lib = fir_test_parse("func @puts(ptr %s) -> i32\n  reg i32 %1\n  %1 = const.i32 1\n"
                   "  ret %1\nend\n");
    /* the program's own puts with other types: each keeps its own, the
     * library's renamed and static (for the library's own calls) */
    ck_assert_int_eq(fir_link_library(prog, lib, &e), 0);
    t = fir_test_print(prog);
    ck_assert_str_eq(t, "func @puts(i64 %x) -> i32\n  reg i32 %1\n  %1 = const.i32 7\n"
                        "  ret %1\nend\n\n"
                        "func @puts.1(ptr %s) -> i32 static\n  reg i32 %1\n  %1 = const.i32 1\n"
                        "  ret %1\nend\n");
    free(t);
    fir_module_free(prog);
    fir_module_free(lib);
    /* a declaration must still agree with the library's definition */
    prog = fir_test_parse("func @puts(i64 %x) -> i32 extern\n");
    lib = fir_test_parse("func @puts(ptr %s) -> i32\n  reg i32 %1\n  %1 = const.i32 1\n"
                         "  ret %1\nend\n");
    ck_assert_int_eq(fir_link_library(prog, lib, &e), FIR_ELINK);
    ck_assert_str_eq(e.msg, "conflicting types for 'puts'");
    fir_module_free(prog);
    fir_module_free(lib);
}
END_TEST

START_TEST(test_check_complete)
{
    FirModule *m = fir_test_parse("global @g extern\nfunc @foo() -> void extern\n");
    FirError e = {0};
    ck_assert_int_eq(fir_check_complete(m, &e), FIR_ELINK);
    ck_assert_str_eq(e.msg, "undefined reference to 'foo'");
    fir_module_free(m);
    m = fir_test_parse("global @g extern\n");
    ck_assert_int_eq(fir_check_complete(m, &e), FIR_ELINK);
    ck_assert_str_eq(e.msg, "undefined reference to 'g'");
    fir_module_free(m);
    m = fir_test_parse("global @g size 1 align 1\nfunc @foo() -> void\n  ret.void\nend\n");
    ck_assert_int_eq(fir_check_complete(m, &e), 0);
    fir_module_free(m);
}
END_TEST

START_TEST(test_prune)
{
    FirModule *m = fir_test_parse("host @unused(i32) -> void\n"
                            "host @write(i32, ptr, i64) -> i64\n"
                            "global @dead size 8 align 8\n"
                            "  reloc 0 @deadfn\n"
                            "global @table size 8 align 8\n"
                            "  reloc 0 @b\n"
                            "global @self size 8 align 8\n"
                            "  reloc 0 @self\n"
                            "\n"
                            "func @deadfn() -> void\n"
                            "  call @a()\n"
                            "  ret.void\n"
                            "end\n"
                            "\n"
                            "func @b() -> void\n"
                            "  reg ptr %p\n"
                            "  reg i64 %n\n"
                            "  %p = gaddr @self\n"
                            "  %n = hcall @write(%n, %p, %n)\n"
                            "  ret.void\n"
                            "end\n"
                            "\n"
                            "func @a() -> void\n"
                            "  reg ptr %p\n"
                            "  %p = gaddr @table\n"
                            "  call @a()\n"
                            "  ret.void\n"
                            "end\n"
                            "\n"
                            "func @main() -> void\n"
                            "  reg ptr %p\n"
                            "  %p = faddr @a\n"
                            "  ret.void\n"
                            "end\n"
                            "func @undefined_unused() -> void extern\n");
    FirError e = {0};
    ck_assert_int_eq(fir_prune(m, "main", &e), 0);
    char *t = fir_test_print(m);
    ck_assert_str_eq(t, "host @write(i32, ptr, i64) -> i64\n"
                        "global @table size 8 align 8\n"
                        "  reloc 0 @b\n"
                        "global @self size 8 align 8\n"
                        "  reloc 0 @self\n"
                        "\n"
                        "func @b() -> void\n"
                        "  reg ptr %p\n"
                        "  reg i64 %n\n"
                        "  %p = gaddr @self\n"
                        "  %n = hcall @write(%n, %p, %n)\n"
                        "  ret.void\n"
                        "end\n"
                        "\n"
                        "func @a() -> void\n"
                        "  reg ptr %p\n"
                        "  %p = gaddr @table\n"
                        "  call @a()\n"
                        "  ret.void\n"
                        "end\n"
                        "\n"
                        "func @main() -> void\n"
                        "  reg ptr %p\n"
                        "  %p = faddr @a\n"
                        "  ret.void\n"
                        "end\n");
    ck_assert_int_eq(fir_check_complete(m, &e), 0);
    free(t);
    ck_assert_int_eq(fir_prune(m, "nope", &e), FIR_ELINK);
    ck_assert_str_eq(e.msg, "root function 'nope' not found");
    fir_module_free(m);
}
END_TEST

/* Bad ids in unverified input are rewritten, not used as indexes. */
START_TEST(test_bad_ids)
{
    FirModule *dst = fir_test_parse("func @main() -> void\n  ret.void\nend\n");
    FirModule *src = fir_module_new();
    uint32_t f = fir_add_func(src, "x", FIR_VOID, 0, NULL);
    fir_func_begin_body(&src->funcs[f]);
    uint32_t r = fir_new_reg(&src->funcs[f], FIR_PTR, NULL);
    fir_emit(&src->funcs[f], FIR_OP_gaddr, r, 77, 0, 0);
    fir_emit_call(&src->funcs[f], FIR_OP_call, FIR_NOREG, 99, 0, NULL);
    fir_set_loc(&src->funcs[f], 5, 1);
    fir_emit(&src->funcs[f], FIR_OP_ret_void, 0, 0, 0, 0);
    FirError e;
    ck_assert_int_eq(fir_link(dst, src, &e), 0);
    ck_assert_uint_eq(dst->funcs[1].code[0].b, UINT32_MAX);
    ck_assert_uint_eq(dst->funcs[1].code[1].b, UINT32_MAX);
    ck_assert_uint_eq(dst->funcs[1].locs[2].file, UINT32_MAX);
    ck_assert_int_eq(fir_prune(dst, "x", &e), 0);
    ck_assert_uint_eq(dst->nfuncs, 1);
    fir_module_free(dst);
    fir_module_free(src);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fir_link");
    TCase *tc = tcase_create("link");
    tcase_add_test(tc, test_resolution);
    tcase_add_test(tc, test_statics);
    tcase_add_test(tc, test_common_globals);
    tcase_add_test(tc, test_conflicts);
    tcase_add_test(tc, test_library_yields);
    tcase_add_test(tc, test_check_complete);
    tcase_add_test(tc, test_prune);
    tcase_add_test(tc, test_bad_ids);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
