/*
 * test_pp.c - the lexer and preprocessor of firc on in-memory sources.
 *
 * pp() runs fc_tokenize + fc_preprocess on a string and returns the
 * fc_print_tokens text without line markers and blank lines, so expected
 * texts read like the source.  pp_fail() runs the same in a child process
 * (errors exit) and returns its stderr, checking the exit status is 1.
 * The C11 examples are from 6.10.3.5 with the expansions the standard gives.
 */
#include "frontend-c/internal.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[64];

/* Raw fc_print_tokens output. */
static char *pp_raw(const char *src)
{
    const char *dirs[] = {tmpdir};
    FcOptions opt = {.include_dirs = dirs, .ninclude_dirs = tmpdir[0] ? 1 : 0, .warnings = true};
    FcFile *f = fc_new_file("t.c", src, strlen(src));
    f->path = fc_format("%s/t.c", tmpdir[0] ? tmpdir : ".");
    FcToken *tok = fc_preprocess(fc_tokenize(f), &opt);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    fc_print_tokens(out, tok);
    fclose(out);
    char *r = fc_strndup(buf, len);
    free(buf);
    return r;
}

/* Output lines that are not markers or empty, each ending in '\n'. */
static char *pp(const char *src)
{
    char *raw = pp_raw(src);
    char *out = fc_alloc(strlen(raw) + 1), *o = out;
    for (char *line = raw; *line;) {
        char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        if (n > 0 && line[0] != '#') {
            memcpy(o, line, n);
            o += n;
            *o++ = '\n';
        }
        line += n + (nl != NULL);
    }
    *o = '\0';
    return out;
}

/* Runs the preprocessor in a child; returns its stderr (exit status must be 1). */
static char *pp_fail(const char *src)
{
    char path[] = "/tmp/test_pp_errXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fd, 2);
        pp_raw(src);
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 1);
    FILE *f = fopen(path, "r");
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    close(fd);
    unlink(path);
    return fc_strndup(buf, n);
}

static void write_file(const char *name, const char *text)
{
    char *path = fc_format("%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* ------------------------------------------------------------- lexer */

static FcToken *lex(const char *src)
{
    return fc_tokenize(fc_new_file("l.c", src, strlen(src)));
}

START_TEST(lex_tokens)
{
    FcToken *t = lex("int a\\\nb = 0x1p+3f; L\"x\\\"y\" u8\"z\" U'c' <: %:%: ... $x @");
    const char *spell[] = {"int", "ab", "=", "0x1p+3f", ";", "L\"x\\\"y\"", "u8\"z\"",
                           "U'c'", "<:", "%:%:", "...", "$x", "@"};
    FcTokenKind kinds[] = {FC_TK_KEYWORD, FC_TK_IDENT, FC_TK_PUNCT, FC_TK_NUM, FC_TK_PUNCT,
                           FC_TK_STR, FC_TK_STR, FC_TK_CHAR, FC_TK_PUNCT, FC_TK_PUNCT,
                           FC_TK_PUNCT, FC_TK_IDENT, FC_TK_PUNCT};
    for (size_t i = 0; i < sizeof spell / sizeof spell[0]; i++, t = t->next) {
        ck_assert_int_eq(t->kind, kinds[i]);
        ck_assert_int_eq(t->len, (int)strlen(spell[i]));
        ck_assert(memcmp(t->loc, spell[i], strlen(spell[i])) == 0);
    }
    ck_assert_int_eq(t->kind, FC_TK_EOF);
}
END_TEST

START_TEST(lex_positions)
{
    FcToken *t = lex("a /* x\n y */ b\r\n\tc \\\n d\n");
    ck_assert_int_eq(t->line, 1);
    ck_assert_int_eq(t->col, 1);
    ck_assert(t->at_bol);
    t = t->next; /* b */
    ck_assert_int_eq(t->line, 2);
    ck_assert_int_eq(t->col, 7);
    ck_assert(!t->at_bol);
    ck_assert(t->has_space);
    t = t->next; /* c */
    ck_assert_int_eq(t->line, 3);
    ck_assert_int_eq(t->col, 2);
    ck_assert(t->at_bol);
    t = t->next; /* d, after a splice: still on logical line 3 */
    ck_assert_int_eq(t->line, 4);
    ck_assert_int_eq(t->col, 2);
    ck_assert(!t->at_bol);
}
END_TEST

START_TEST(lex_keywords)
{
    ck_assert(fc_is_keyword("_Static_assert", 14));
    ck_assert(fc_is_keyword("__attribute__", 13));
    ck_assert(fc_is_keyword("typeof", 6));
    ck_assert(!fc_is_keyword("main", 4));
    ck_assert(!fc_is_keyword("in", 2));
}
END_TEST

START_TEST(lex_unterminated)
{
    ck_assert_str_eq(pp_fail("int x;\n  char *s = \"abc;\n"),
                     "t.c:2:13: error: unterminated string literal\n"
                     "  char *s = \"abc;\n"
                     "            ^\n");
    ck_assert_str_eq(pp_fail("\tint c = 'a;\n"),
                     "t.c:1:10: error: unterminated character constant\n"
                     "\tint c = 'a;\n"
                     "\t        ^\n");
    ck_assert_str_eq(pp_fail("a /* b\n\n"),
                     "t.c:1:3: error: unterminated comment\n"
                     "a /* b\n"
                     "  ^\n");
    /* In a skipped group an apostrophe is harmless. */
    ck_assert_str_eq(pp("#if 0\ndon't\n#endif\nok\n"), "ok\n");
}
END_TEST

/* ------------------------------------------------ C11 6.10.3.5 examples */

START_TEST(std_example3)
{
    const char *src =
        "#define x 3\n"
        "#define f(a) f(x * (a))\n"
        "#undef x\n"
        "#define x 2\n"
        "#define g f\n"
        "#define z z[0]\n"
        "#define h g(~\n"
        "#define m(a) a(w)\n"
        "#define w 0,1\n"
        "#define t(a) a\n"
        "#define p() int\n"
        "#define q(x) x\n"
        "#define r(x,y) x ## y\n"
        "#define str(x) # x\n"
        "f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);\n"
        "g(x+(3,4)-w) | h 5) & m\n"
        "(f)^m(m);\n"
        "p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };\n"
        "char c[2][6] = { str(hello), str() };\n";
    ck_assert_str_eq(pp(src),
                     "f(2 * (y+1)) + f(2 * (f(2 * (z[0])))) % f(2 * (0)) + t(1);\n"
                     "f(2 * (2+(3,4)-0,1)) | f(2 * (~ 5)) & f(2 * (0,1))^m(0,1);\n"
                     "int i[] = { 1, 23, 4, 5, };\n"
                     "char c[2][6] = { \"hello\", \"\" };\n");
}
END_TEST

START_TEST(std_example4)
{
    const char *src =
        "#define str(s) # s\n"
        "#define xstr(s) str(s)\n"
        "#define debug(s, t) printf(\"x\" # s \"= %d, x\" # t \"= %s\", \\\n"
        " x ## s, x ## t)\n"
        "#define INCFILE(n) vers ## n\n"
        "#define glue(a, b) a ## b\n"
        "#define xglue(a, b) glue(a, b)\n"
        "#define HIGHLOW \"hello\"\n"
        "#define LOW LOW \", world\"\n"
        "debug(1, 2);\n"
        "fputs(str(strncmp(\"abc\\0d\", \"abc\", '\\4') // this goes away\n"
        " == 0) str(: @\\n), s);\n"
        "xstr(INCFILE(2).h)\n"
        "glue(HIGH, LOW);\n"
        "xglue(HIGH, LOW)\n";
    ck_assert_str_eq(pp(src),
                     "printf(\"x\" \"1\" \"= %d, x\" \"2\" \"= %s\", x1, x2);\n"
                     "fputs(\"strncmp(\\\"abc\\\\0d\\\", \\\"abc\\\", '\\\\4') == 0\" \": @\\n\", s);\n"
                     "\"vers2.h\"\n"
                     "\"hello\";\n"
                     "\"hello\" \", world\"\n");
}
END_TEST

START_TEST(std_example5_hash_hash)
{
    const char *src =
        "#define hash_hash # ## #\n"
        "#define mkstr(a) # a\n"
        "#define in_between(a) mkstr(a)\n"
        "#define join(c, d) in_between(c hash_hash d)\n"
        "char p[] = join(x, y);\n";
    ck_assert_str_eq(pp(src), "char p[] = \"x ## y\";\n");
}
END_TEST

START_TEST(std_example5_placemarkers)
{
    const char *src =
        "#define t(x,y,z) x ## y ## z\n"
        "int j[] = { t(1,2,3), t(,4,5), t(6,,7), t(8,9,),\n"
        " t(10,,), t(,11,), t(,,12), t(,,) };\n";
    ck_assert_str_eq(pp(src), "int j[] = { 123, 45, 67, 89,\n 10, 11, 12, };\n");
}
END_TEST

START_TEST(std_example6_redefinition)
{
    const char *src =
        "#define OBJ_LIKE (1-1)\n"
        "#define OBJ_LIKE /* white space */ (1-1) /* other */\n"
        "#define FUNC_LIKE(a) ( a )\n"
        "#define FUNC_LIKE( a )( /* note the white space */ \\\n"
        " a /* other stuff on this line\n"
        " */ )\n"
        "OBJ_LIKE FUNC_LIKE(1)\n";
    ck_assert_str_eq(pp(src), "(1-1) ( 1 )\n");
}
END_TEST

START_TEST(std_example7_variadic)
{
    const char *src =
        "#define debug(...) fprintf(stderr, __VA_ARGS__)\n"
        "#define showlist(...) puts(#__VA_ARGS__)\n"
        "#define report(test, ...) ((test)?puts(#test):\\\n"
        " printf(__VA_ARGS__))\n"
        "debug(\"Flag\");\n"
        "debug(\"X = %d\\n\", x);\n"
        "showlist(The first, second, and third items.);\n"
        "report(x>y, \"x is %d but y is %d\", x, y);\n";
    ck_assert_str_eq(pp(src),
                     "fprintf(stderr, \"Flag\");\n"
                     "fprintf(stderr, \"X = %d\\n\", x);\n"
                     "puts(\"The first, second, and third items.\");\n"
                     "((x>y)?puts(\"x>y\"): printf(\"x is %d but y is %d\", x, y));\n");
}
END_TEST

/* ------------------------------------------------------- more macros */

START_TEST(macro_recursion)
{
    ck_assert_str_eq(pp("#define foo foo\n#define a b\n#define b a\nfoo a b\n"), "foo a b\n");
    ck_assert_str_eq(pp("#define f(x) x f\n#define g f(1)(2)\ng\n"), "1 f(2)\n");
    ck_assert_str_eq(pp("#define lparen (\n#define f(x) [x]\nf lparen 1)\n"), "f ( 1)\n");
}
END_TEST

START_TEST(macro_gnu_variadic)
{
    const char *src =
        "#define e(fmt, args...) printf(fmt, ## args)\n"
        "#define P(...) f(0, ## __VA_ARGS__)\n"
        "#define Q(a, ...) g(a, ## __VA_ARGS__)\n"
        "e(\"x\"); e(\"x\", 1, 2);\n"
        "P() P(1)\n"
        "Q(1) Q(1,) Q(1, 2)\n"
        "#define opt(a, ...) f(a __VA_OPT__(,) __VA_ARGS__)\n"
        "opt(1) opt(1, 2)\n";
    ck_assert_str_eq(pp(src),
                     "printf(\"x\"); printf(\"x\", 1, 2);\n"
                     "f(0) f(0,1)\n"
                     "g(1) g(1,) g(1, 2)\n"
                     "f(1) f(1 , 2)\n");
}
END_TEST

START_TEST(macro_builtins)
{
    ck_assert_str_eq(pp("__LINE__ __FILE__\n__COUNTER__ __COUNTER__ __INCLUDE_LEVEL__\n"
                        "#line 100 \"foo.c\"\n__LINE__ __FILE__ __BASE_FILE__\n"),
                     "1 \"t.c\"\n0 1 0\n100 \"foo.c\" \"t.c\"\n");
    ck_assert_str_eq(pp("__FIR__ __STDC_VERSION__ __SIZEOF_LONG__ __SIZE_TYPE__\n"),
                     "1 201112L 8 unsigned long\n");
    ck_assert_str_eq(pp("#ifdef __GNUC__\ngnu\n#endif\n#ifndef __x86_64__\nportable\n#endif\n"),
                     "portable\n");
}
END_TEST

START_TEST(macro_pragmas)
{
    const char *src =
        "#define F(x) [x]\n"
        "#pragma push_macro(\"F\")\n"
        "#undef F\n"
        "F(1)\n"
        "#pragma pop_macro(\"F\")\n"
        "F(2)\n"
        "_Pragma(\"push_macro(\\\"F\\\")\") \n"
        "#undef F\n"
        "F(3)\n"
        "_Pragma(\"pop_macro(\\\"F\\\")\")\n"
        "F(4)\n"
        "#pragma STDC FP_CONTRACT ON\n";
    ck_assert_str_eq(pp(src), "F(1)\n[2]\nF(3)\n[4]\n");
}
END_TEST

START_TEST(spacing)
{
    ck_assert_str_eq(pp("#define EMPTY\n#define P +\na EMPTY b\n-EMPTY-\nP+ +P\n"),
                     "a b\n- -\n+ + + +\n");
    ck_assert_str_eq(pp("#define cat(a,b) a##b\ncat(.,5) cat(1,e)+2 x/cat(,/)y\n"),
                     ".5 1e +2 x/ /y\n");
}
END_TEST

/* --------------------------------------------------------- conditionals */

START_TEST(cond_expressions)
{
    const char *src =
        "#if defined(__FIR__) && __STDC_VERSION__ >= 201112L && !defined __GNUC__\n"
        "a\n"
        "#endif\n"
        "#if -1 < 0u\n"
        "bad\n"
        "#elif (2 || 1/0) && 'a' == 97 && '\\377' < 0 && (1 ? -1 : 0u) > 0\n"
        "b\n"
        "#else\n"
        "bad\n"
        "#endif\n"
        "#if 0x7fffffffffffffff + 0 > 0 && 1 << 63 < 0 && -1 >> 1 == -1 && 7 / -2 == -3\n"
        "c\n"
        "#endif\n"
        "#if __has_builtin(__builtin_expect) && !__has_builtin(printf) && "
        "__has_attribute(__noreturn__)\n"
        "d\n"
        "#endif\n"
        "#define Z 0\n"
        "#if Z\n#elif undefined_name\n#elif Z + 1 == 1\ne\n#endif\n"
        "#ifdef Z\n# if 0\n#  error no\n# else\nf\n# endif\n#endif\n";
    ck_assert_str_eq(pp(src), "a\nb\nc\nd\ne\nf\n");
}
END_TEST

START_TEST(cond_errors)
{
    ck_assert_str_eq(pp_fail("#if 1 +\n#endif\n"),
                     "t.c:1:7: error: expected value in expression\n#if 1 +\n      ^\n");
    ck_assert_str_eq(pp_fail("#if 1/0\n#endif\n"),
                     "t.c:1:6: error: division by zero in #if\n#if 1/0\n     ^\n");
    ck_assert_str_eq(pp_fail("#if 1 2\n#endif\n"),
                     "t.c:1:7: error: missing binary operator before token \"2\"\n"
                     "#if 1 2\n      ^\n");
    ck_assert_str_eq(pp_fail("#if 1.0\n#endif\n"),
                     "t.c:1:5: error: floating constant in preprocessor expression\n"
                     "#if 1.0\n    ^\n");
    ck_assert_str_eq(pp_fail("\n#ifdef X\n"),
                     "t.c:2:2: error: unterminated #ifdef\n#ifdef X\n ^\n");
    ck_assert_str_eq(pp_fail("#else\n"), "t.c:1:2: error: #else without #if\n#else\n ^\n");
    ck_assert_str_eq(pp_fail("#if 1\n#else\n#else\n#endif\n"),
                     "t.c:3:2: error: #else after #else\n#else\n ^\n");
    ck_assert_str_eq(pp_fail("#endif\n"), "t.c:1:2: error: #endif without #if\n#endif\n ^\n");
}
END_TEST

/* --------------------------------------------------------------- errors */

START_TEST(directive_errors)
{
    ck_assert_str_eq(pp_fail("#error stop \"here\"  now\n"),
                     "t.c:1:2: error: #error stop \"here\" now\n#error stop \"here\"  now\n ^\n");
    ck_assert_str_eq(pp_fail("#foo\n"),
                     "t.c:1:2: error: invalid preprocessing directive #foo\n#foo\n ^\n");
    ck_assert_str_eq(pp_fail("#define f(x) x\nf(1,2)\n"),
                     "t.c:2:1: error: macro \"f\" passed 2 arguments, but takes just 1\n"
                     "f(1,2)\n^\n");
    ck_assert_str_eq(pp_fail("#define f(x,y) x\nf(1)\n"),
                     "t.c:2:4: error: macro \"f\" requires 2 arguments, but only 1 given\n"
                     "f(1)\n   ^\n");
    ck_assert_str_eq(pp_fail("#define f(x) x\nf(1\n"),
                     "t.c:2:1: error: unterminated argument list invoking macro \"f\"\n"
                     "f(1\n^\n");
    ck_assert_str_eq(pp_fail("#define c(a,b) a##b\nc(+,-)\n"),
                     "t.c:2:3: error: pasting \"+\" and \"-\" does not give a valid "
                     "preprocessing token\nc(+,-)\n  ^\n");
    ck_assert_str_eq(pp_fail("#define f(x) #y\n"),
                     "t.c:1:14: error: '#' is not followed by a macro parameter\n"
                     "#define f(x) #y\n             ^\n");
    ck_assert_str_eq(pp_fail("#define ## x\n"),
                     "t.c:1:9: error: macro names must be identifiers\n#define ## x\n        ^\n");
    ck_assert_str_eq(pp_fail("#define a ## x\n"),
                     "t.c:1:11: error: '##' cannot appear at either end of a macro expansion\n"
                     "#define a ## x\n          ^\n");
    ck_assert_str_eq(pp_fail("#include \"nope.h\"\n"),
                     "t.c:1:10: error: nope.h: No such file or directory\n"
                     "#include \"nope.h\"\n         ^\n");
}
END_TEST

/* ------------------------------------------------------------- includes */

START_TEST(includes)
{
    write_file("a.h", "#pragma once\nint a = __INCLUDE_LEVEL__;\n#include \"b.h\"\n");
    write_file("b.h", "#ifndef B_H\n#define B_H\nint b = __INCLUDE_LEVEL__;\n#endif\n");
    write_file("n.h", "first\n#include_next <n.h>\n");
    char *sub = fc_format("%s/sub", tmpdir);
    mkdir(sub, 0700);
    write_file("sub/n.h", "second\n");
    const char *src =
        "#include \"a.h\"\n"
        "#include <a.h>\n"
        "#include \"b.h\"\n"
        "#define HDR <b.h>\n"
        "#include HDR\n"
        "#if __has_include(\"a.h\") && !__has_include(<zz.h>)\n"
        "yes\n"
        "#endif\n";
    ck_assert_str_eq(pp(src), "int a = 1;\nint b = 2;\nyes\n");

    const char *dirs[] = {tmpdir, sub};
    FcOptions opt = {.include_dirs = dirs, .ninclude_dirs = 2, .warnings = true};
    const char *s2 = "#include <n.h>\n";
    FcToken *tok = fc_preprocess(lex(s2), &opt);
    ck_assert(fc_equal(tok, "first"));
    ck_assert(fc_equal(tok->next, "second"));
    ck_assert_int_eq(tok->next->next->kind, FC_TK_EOF);
}
END_TEST

START_TEST(line_markers)
{
    write_file("m.h", "int h;\n");
    ck_assert_str_eq(pp_raw("#include \"m.h\"\nint x;\n\n\nint y;\n  int z;\n\n\n\n\n\n\n\n\n\nw\n"),
                     fc_format("# 1 \"%s/m.h\"\nint h;\n# 2 \"t.c\"\nint x;\n\n\nint y;\n"
                               "  int z;\n# 16 \"t.c\"\nw\n", tmpdir));
}
END_TEST

START_TEST(digraphs_reach_parser_canonical)
{
    FcToken *t = fc_preprocess(lex("%: define X <: :>\nX <% %>\n"), NULL);
    ck_assert(fc_equal(t, "["));
    ck_assert(fc_equal(t->next, "]"));
    ck_assert(fc_equal(t->next->next, "{"));
    ck_assert(fc_equal(t->next->next->next, "}"));
}
END_TEST

static Suite *pp_suite(void)
{
    Suite *s = suite_create("pp");
    TCase *tc = tcase_create("lexer");
    tcase_add_test(tc, lex_tokens);
    tcase_add_test(tc, lex_positions);
    tcase_add_test(tc, lex_keywords);
    tcase_add_test(tc, lex_unterminated);
    suite_add_tcase(s, tc);
    tc = tcase_create("standard");
    tcase_add_test(tc, std_example3);
    tcase_add_test(tc, std_example4);
    tcase_add_test(tc, std_example5_hash_hash);
    tcase_add_test(tc, std_example5_placemarkers);
    tcase_add_test(tc, std_example6_redefinition);
    tcase_add_test(tc, std_example7_variadic);
    suite_add_tcase(s, tc);
    tc = tcase_create("macros");
    tcase_add_test(tc, macro_recursion);
    tcase_add_test(tc, macro_gnu_variadic);
    tcase_add_test(tc, macro_builtins);
    tcase_add_test(tc, macro_pragmas);
    tcase_add_test(tc, spacing);
    tcase_add_test(tc, digraphs_reach_parser_canonical);
    suite_add_tcase(s, tc);
    tc = tcase_create("conditionals");
    tcase_add_test(tc, cond_expressions);
    tcase_add_test(tc, cond_errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("directives");
    tcase_add_test(tc, directive_errors);
    tcase_add_test(tc, includes);
    tcase_add_test(tc, line_markers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    strcpy(tmpdir, "/tmp/test_ppXXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    SRunner *sr = srunner_create(pp_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    char *cmd = fc_format("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        failed++;
    fc_free_all();
    return failed != 0;
}
