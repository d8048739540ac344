/*
 * main.c - the firc command: compiles C (and assembles FIR text, loads FIR
 * bytecode) into one linked, verified FIR module.
 *
 *   FILE.c     -> read, tokenize, preprocess, fc_compile_unit
 *   FILE.firs  -> fir_parse_text          (verified on its own: untrusted)
 *   FILE.fir   -> fir_read_file           (verified on its own: untrusted)
 *
 * Every input is linked into one module in command-line order, then libc.fir
 * (unless -nostdlib, -c, or every input is FIR already), then the module is
 * pruned to what the entry (__fir_start, else main) reaches, checked complete,
 * verified and written (binary, or text with -S).  -c (and --build-libc, which
 * is -c for the guest C library build) stops after linking the inputs: no libc,
 * no prune, no completeness check, so the output is a library module.
 *
 * Exit status: 0 success, 1 an error in the input (compile, link, verify of a
 * FIR input), 2 a usage error, 70 firc produced FIR that does not verify (an
 * internal compiler error).  Only this file prints library errors.
 */
#include "frontend-c/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FIRC_INCLUDE_DIR
#define FIRC_INCLUDE_DIR "guest/include"
#endif
#ifndef FIRC_LIBC
#define FIRC_LIBC "lib/libc.fir"
#endif

enum { EXIT_USAGE = 2, EXIT_INTERNAL = 70 };

static const char usage_text[] =
    "usage: firc [options] file...\n"
    "Compiles C (.c), FIR text (.firs) and FIR bytecode (.fir) into one FIR program.\n"
    "\n"
    "options:\n"
    "  -o FILE        write the output to FILE (default a.fir; with -E or -S: stdout)\n"
    "  -I DIR         add DIR to the include search path\n"
    "  -D NAME[=VAL]  define a macro (VAL defaults to 1)\n"
    "  -U NAME        undefine a macro\n"
    "  -E             preprocess only\n"
    "  -S             write FIR text instead of bytecode; for C inputs, only their\n"
    "                 own code (no C library, like -c); for .fir inputs, all of it\n"
    "  -c             make a library module: no C library, no pruning, no check\n"
    "                 that every symbol is defined\n"
    "  -g             line tables (always on)\n"
    "  -w             no warnings\n"
    "  -O0 .. -O3     accepted, ignored\n"
    "  -std=STD       c99, c11, c17, gnu99, gnu11 or gnu17 (accepted; firc is C11)\n"
    "  -nostdlib      do not link the C library\n"
    "  --build-libc   build the C library module from the inputs (implies -c)\n"
    "  --help         print this help\n"
    "  --version      print the version\n";

typedef enum InputKind { IN_C, IN_FIRS, IN_FIR } InputKind;

typedef struct Input {
    const char *path;
    InputKind kind;
} Input;

typedef struct Options {
    FcOptions fc;
    Input *inputs;
    int ninputs;
    const char *output;
    bool preprocess_only; /* -E */
    bool text;            /* -S */
    bool library;         /* -c, --build-libc */
    bool build_libc;      /* --build-libc: functions are marked as the C library's */
    bool nostdlib;
} Options;

/* ------------------------------------------------------------- messages */

static noreturn void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "firc: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nfirc: try 'firc --help'\n");
    exit(EXIT_USAGE);
}

static noreturn void fir_fail(const FirError *err)
{
    fc_fatal("%s", err->msg[0] ? err->msg : fir_strerror(err->code));
}

/* --------------------------------------------------------- command line */

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Value of an option written "-oFILE" or "-o FILE". */
static const char *option_value(int argc, char **argv, int *i, const char *opt)
{
    const char *arg = argv[*i];
    if (arg[strlen(opt)])
        return arg + strlen(opt);
    if (*i + 1 >= argc)
        usage_error("missing argument to '%s'", opt);
    return argv[++*i];
}

static void add_define(Options *o, const char *def, bool undef)
{
    o->fc.defines[o->fc.ndefines] = def;
    o->fc.define_is_undef[o->fc.ndefines] = undef;
    o->fc.ndefines++;
}

static void parse_args(int argc, char **argv, Options *o)
{
    /* Every array has room for one entry per argument, so no growing. */
    size_t n = (size_t)argc + 1;
    o->inputs = fc_alloc(n * sizeof *o->inputs);
    o->fc.include_dirs = fc_alloc(n * sizeof *o->fc.include_dirs);
    o->fc.defines = fc_alloc(n * sizeof *o->fc.defines);
    o->fc.define_is_undef = fc_alloc(n * sizeof *o->fc.define_is_undef);
    o->fc.warnings = true;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0) {
            fputs(usage_text, stdout);
            exit(0);
        } else if (strcmp(arg, "--version") == 0) {
            printf("firc %s (FIR C compiler, C11)\n", FIR_VERSION_STRING);
            exit(0);
        } else if (strncmp(arg, "-o", 2) == 0) {
            o->output = option_value(argc, argv, &i, "-o");
        } else if (strncmp(arg, "-I", 2) == 0) {
            o->fc.include_dirs[o->fc.ninclude_dirs++] = option_value(argc, argv, &i, "-I");
        } else if (strncmp(arg, "-D", 2) == 0) {
            add_define(o, option_value(argc, argv, &i, "-D"), false);
        } else if (strncmp(arg, "-U", 2) == 0) {
            add_define(o, option_value(argc, argv, &i, "-U"), true);
        } else if (strcmp(arg, "-E") == 0) {
            o->preprocess_only = true;
        } else if (strcmp(arg, "-S") == 0) {
            o->text = true;
        } else if (strcmp(arg, "-c") == 0) {
            o->library = true;
        } else if (strcmp(arg, "-g") == 0) {
        } else if (strcmp(arg, "-w") == 0) {
            o->fc.warnings = false;
        } else if (strcmp(arg, "-O") == 0 || (strncmp(arg, "-O", 2) == 0 && arg[2] >= '0' &&
                                              arg[2] <= '3' && arg[3] == '\0')) {
        } else if (strncmp(arg, "-std=", 5) == 0) {
            static const char *const stds[] = {"c99", "c11", "c17", "c18",
                                               "gnu99", "gnu11", "gnu17", "gnu18"};
            bool ok = false;
            for (size_t k = 0; k < sizeof stds / sizeof stds[0]; k++)
                ok |= strcmp(arg + 5, stds[k]) == 0;
            if (!ok)
                usage_error("unsupported language standard '%s'", arg + 5);
        } else if (strcmp(arg, "-nostdlib") == 0) {
            o->nostdlib = true;
        } else if (strcmp(arg, "--build-libc") == 0) {
            o->library = true;
            o->build_libc = true;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            usage_error("unknown option '%s'", arg);
        } else {
            Input *in = &o->inputs[o->ninputs++];
            in->path = arg;
            if (has_suffix(arg, ".c"))
                in->kind = IN_C;
            else if (has_suffix(arg, ".firs"))
                in->kind = IN_FIRS;
            else if (has_suffix(arg, ".fir"))
                in->kind = IN_FIR;
            else
                usage_error("unknown input file type '%s' (expected .c, .firs or .fir)", arg);
        }
    }
    if (o->ninputs == 0)
        usage_error("%s", "no input files");
    o->fc.include_dirs[o->fc.ninclude_dirs++] = FIRC_INCLUDE_DIR;
    fc_warnings_enabled = o->fc.warnings;
}

/* ---------------------------------------------------------------- inputs */

static FcToken *preprocess_file(const char *path, const Options *o)
{
    FcFile *file = fc_read_file(path, path);
    if (!file)
        fc_fatal("cannot open '%s': %s", path, strerror(errno));
    return fc_preprocess(fc_tokenize(file), &o->fc);
}

/* Reads a whole file into fc_alloc memory; NULL with errno set on failure. */
static char *slurp(const char *path, size_t *len)
{
    FcFile *f = fc_read_file(path, path);
    if (!f)
        return NULL;
    *len = f->size;
    return f->contents;
}

static FirModule *load_input(const Input *in, const Options *o)
{
    FirModule *m = NULL;
    FirError err = {0};
    if (in->kind == IN_C) {
        m = fc_compile_unit(preprocess_file(in->path, o), in->path);
        if (!m)
            fc_fatal("%s: compilation failed", in->path);
        for (uint32_t i = 0; o->build_libc && i < m->nfuncs; i++)
            m->funcs[i].dbg_library = true; /* debuggers step over it */
        return m;
    }
    if (in->kind == IN_FIRS) {
        size_t len;
        char *text = slurp(in->path, &len);
        if (!text)
            fc_fatal("cannot open '%s': %s", in->path, strerror(errno));
        if (fir_parse_text(text, len, in->path, &m, &err) < 0)
            fir_fail(&err);
    } else if (fir_read_file(in->path, &m, &err) < 0) {
        fc_fatal("%s: %s", in->path, err.msg[0] ? err.msg : fir_strerror(err.code));
    }
    /* FIR from outside is untrusted: verify it before it meets anything else
     * (declarations allowed: another input may define them). */
    if (fir_verify_partial(m, &err) < 0)
        fc_fatal("%s: %s", in->path, err.msg);
    return m;
}

/* Links src into dst; the C library yields to the program's own definitions. */
static void link_into(FirModule *dst, FirModule *src, bool library)
{
    FirError err = {0};
    int rc = library ? fir_link_library(dst, src, &err) : fir_link(dst, src, &err);
    fir_module_free(src);
    if (rc < 0)
        fir_fail(&err);
}

/* Keeps what the entry reaches: __fir_start (the C library's) when defined, else main. */
static void prune_from_entry(FirModule *m)
{
    FirError err = {0};
    int64_t entry = fir_find_func(m, "__fir_start");
    const char *root = entry >= 0 && m->funcs[entry].defined ? "__fir_start" : "main";
    if (fir_find_func(m, root) < 0)
        fc_fatal("undefined reference to 'main'");
    if (fir_prune(m, root, &err) < 0)
        fir_fail(&err);
}

/* ------------------------------------------------------------------ main */

static int preprocess_only(const Options *o)
{
    FILE *out = stdout;
    if (o->output && strcmp(o->output, "-") != 0) {
        out = fopen(o->output, "w");
        if (!out)
            fc_fatal("cannot open '%s' for writing: %s", o->output, strerror(errno));
    }
    for (int i = 0; i < o->ninputs; i++) {
        if (o->inputs[i].kind != IN_C)
            fc_fatal("'%s' is not a C file: -E preprocesses C only", o->inputs[i].path);
        fc_print_tokens(out, preprocess_file(o->inputs[i].path, o));
    }
    if (fflush(out) != 0 || ferror(out) || (out != stdout && fclose(out) != 0))
        fc_fatal("error writing '%s'", o->output ? o->output : "standard output");
    return 0;
}

int main(int argc, char **argv)
{
    Options o = {0};
    parse_args(argc, argv, &o);
    if (o.preprocess_only)
        return preprocess_only(&o);

    /* The C library is read before compiling: calls to its functions that the program
     * declared itself with other types go through adapters (frontend-c/libabi.c). */
    bool all_fir = true;
    for (int i = 0; i < o.ninputs; i++)
        all_fir &= o.inputs[i].kind != IN_C;
    FirModule *libc = NULL;
    FirError err = {0};
    if (!all_fir && !o.nostdlib && !o.build_libc && fir_read_file(FIRC_LIBC, &libc, &err) < 0) {
        if (!o.library) /* -c and -S compile without it (a later link then needs it) */
            fc_fatal("cannot load the C library '%s': %s (build it with 'make', or use "
                     "-nostdlib)", FIRC_LIBC, err.msg[0] ? err.msg : fir_strerror(err.code));
        libc = NULL;
    }
    fc_set_library(libc);

    FirModule *m = fir_module_new();
    for (int i = 0; i < o.ninputs; i++)
        link_into(m, load_input(&o.inputs[i], &o), false);

    /* Like gcc -S, the text of C inputs is their own code, not the linked C library. */
    if (o.text && !all_fir)
        o.library = true;

    fc_set_library(NULL);
    if (o.library) {
        fir_module_free(libc);
    } else {
        if (libc)
            link_into(m, libc, true);
        prune_from_entry(m);
        if (all_fir && !o.nostdlib && fir_check_complete(m, &err) < 0) {
            /* .fir inputs made with -c that use the C library, like cc a.o b.o */
            if (fir_read_file(FIRC_LIBC, &libc, &err) < 0)
                fc_fatal("cannot load the C library '%s': %s (build it with 'make', or use "
                         "-nostdlib)", FIRC_LIBC, err.msg[0] ? err.msg : fir_strerror(err.code));
            link_into(m, libc, true);
            prune_from_entry(m);
        }
        if (fir_check_complete(m, &err) < 0)
            fir_fail(&err);
    }
    if ((o.library ? fir_verify_partial(m, &err) : fir_verify(m, &err)) < 0) {
        /* Every FIR input was verified when loaded, so the fault is firc's. */
        fprintf(stderr, "firc: internal error: %s\n", err.msg);
        return EXIT_INTERNAL;
    }

    if (o.text) {
        FILE *out = stdout;
        if (o.output && strcmp(o.output, "-") != 0) {
            out = fopen(o.output, "w");
            if (!out)
                fc_fatal("cannot open '%s' for writing: %s", o.output, strerror(errno));
        }
        if (fir_print(m, out) < 0 || fflush(out) != 0 || ferror(out) ||
            (out != stdout && fclose(out) != 0))
            fc_fatal("error writing '%s'", o.output ? o.output : "standard output");
    } else if (fir_write_file(o.output ? o.output : "a.fir", m, &err) < 0) {
        fir_fail(&err);
    }
    fir_module_free(m);
    return 0;
}
