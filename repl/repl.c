/*
 * repl.c - the session: arguments, loading the program, the command table
 * and its dispatch.
 *
 * A command line is "NAME ARGS"; NAME may be any unambiguous prefix of a
 * command or one of gdb's aliases (c, s, n, si, b, bt, p, x/N).  Every
 * command either does its job or prints one error line; the session goes
 * on either way.
 */
#include "repl/internal.h"
#include "repl/repl.h"

#include "migrate/migrate.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void repl_printf(Repl *R, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(R->out, fmt, ap);
    va_end(ap);
}

void repl_error(Repl *R, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(R->out, fmt, ap);
    va_end(ap);
    fputc('\n', R->out);
}

/* ------------------------------------------------------------- loading */

static void collect_event_pcs(Repl *R)
{
    free(R->event_pcs);
    R->event_pcs = NULL;
    R->nevent_pcs = 0;
    const FirModule *m = vm_debug_module(R->p);
    uint32_t cap = 0;
    for (uint32_t f = 0; f < m->nfuncs; f++)
        for (uint32_t i = 0; i < m->funcs[f].ncode; i++) {
            uint16_t op = m->funcs[f].code[i].op;
            if (op != FIR_OP_speculate && op != FIR_OP_commit && op != FIR_OP_rollback)
                continue;
            if (R->nevent_pcs == cap) {
                cap = cap ? 2 * cap : 16;
                ReplPc *np = realloc(R->event_pcs, cap * sizeof *np);
                if (!np)
                    return;
                R->event_pcs = np;
            }
            R->event_pcs[R->nevent_pcs++] = (ReplPc){f, i};
        }
}

int repl_load(Repl *R)
{
    FirError err = {0};
    VmProcess *p = NULL;
    if (R->is_image) {
        uint8_t *img = NULL;
        size_t len = 0;
        if (mig_read_image(R->path, &img, &len, &err) < 0 ||
            mig_unpack(img, len, &R->opt, &p, &err) < 0) {
            free(img);
            repl_error(R, "%s: %s", R->path, err.msg);
            return -1;
        }
        free(img);
    } else {
        FirModule *m = NULL;
        if (fir_read_file(R->path, &m, &err) < 0) {
            repl_error(R, "%s: %s", R->path, err.msg);
            return -1;
        }
        if (fir_verify(m, &err) < 0) {
            repl_error(R, "%s: verification failed: %s", R->path, err.msg);
            fir_module_free(m);
            return -1;
        }
        p = vm_process_new(&R->opt);
        char **argv = calloc((size_t)R->nargs + 2, sizeof *argv);
        if (!p || !argv) {
            repl_error(R, "out of memory");
            free(argv);
            fir_module_free(m);
            vm_process_free(p);
            return -1;
        }
        argv[0] = R->path;
        for (int i = 0; i < R->nargs; i++)
            argv[i + 1] = R->args[i];
        int rc = vm_load(p, m, R->nargs + 1, argv, &err);
        free(argv);
        if (rc < 0) {
            repl_error(R, "%s: %s", R->path, err.msg);
            fir_module_free(m);
            vm_process_free(p);
            return -1;
        }
    }
    mig_install(p);
    if (vm_debug_attach(p) < 0) {
        repl_error(R, "out of memory");
        vm_process_free(p);
        return -1;
    }
    vm_process_free(R->p);
    R->p = p;
    R->narmed = 0; /* the traps belonged to the old process */
    R->frame = 0;
    collect_event_pcs(R);
    return 0;
}

/* ------------------------------------------------------------ commands */

typedef void CmdFn(Repl *R, const char *args);

static void c_run(Repl *R, const char *a) { cmd_run(R, a, false); }
static void c_start(Repl *R, const char *a) { cmd_run(R, a, true); }
static void c_step(Repl *R, const char *a) { cmd_step(R, a, true); }
static void c_next(Repl *R, const char *a) { cmd_step(R, a, false); }
static void c_break(Repl *R, const char *a) { cmd_break(R, a, false); }
static void c_tbreak(Repl *R, const char *a) { cmd_break(R, a, true); }
static void c_up(Repl *R, const char *a) { cmd_frame(R, a, 1); }
static void c_down(Repl *R, const char *a) { cmd_frame(R, a, -1); }
static void c_frame(Repl *R, const char *a) { cmd_frame(R, a, 0); }
static void c_quit(Repl *R, const char *a) { (void)a; R->quit = true; }

static void c_info(Repl *R, const char *a);
static void c_set(Repl *R, const char *a);
static void c_help(Repl *R, const char *a);

typedef struct Cmd {
    const char *name;
    const char *alias; /* gdb's short name, or NULL */
    CmdFn *fn;
    const char *help;
} Cmd;

static const Cmd commands[] = {
    {"run", "r", c_run, "run [ARGS]: start the program from the beginning"},
    {"start", NULL, c_start, "start [ARGS]: run to the first line of main"},
    {"continue", "c", cmd_continue, "continue: run until a breakpoint, the end or a fault"},
    {"step", "s", c_step, "step [N]: the next source line, into calls"},
    {"next", "n", c_next, "next [N]: the next source line, over calls"},
    {"stepi", "si", cmd_stepi, "stepi [N]: one FIR instruction"},
    {"finish", NULL, cmd_finish, "finish: run until the selected frame returns"},
    {"break", "b", c_break, "break FUNC|FILE:LINE|LINE|speculate|commit|abort"},
    {"tbreak", NULL, c_tbreak, "tbreak LOCATION: a breakpoint deleted when hit"},
    {"delete", "d", cmd_delete, "delete [N...]: delete breakpoints (all without N)"},
    {"backtrace", "bt", cmd_backtrace, "backtrace: the call chain"},
    {"where", NULL, cmd_backtrace, "where: the same as backtrace"},
    {"frame", "f", c_frame, "frame [N]: select and show frame N"},
    {"up", NULL, c_up, "up [N]: select the caller's frame"},
    {"down", NULL, c_down, "down [N]: select the callee's frame"},
    {"list", "l", cmd_list, "list [FUNC|LINE|FILE:LINE]: source lines"},
    {"disassemble", NULL, cmd_disassemble, "disassemble [FUNC]: the FIR of a function"},
    {"print", "p", cmd_print, "print EXPR: the value of a C expression"},
    {"ptype", NULL, cmd_ptype, "ptype EXPR: the C type of an expression"},
    {"set", NULL, c_set, "set var NAME = EXPR: change a variable"},
    {"x", NULL, NULL, "x/N ADDR: N words of memory at ADDR (x/Nb: bytes)"},
    {"info", "i", c_info, "info breakpoints|locals|args|registers|frame"},
    {"heap", NULL, cmd_heap, "heap: blocks and bytes, by kind and generation"},
    {"ptable", NULL, cmd_ptable, "ptable [I [N]]: pointer-table entries"},
    {"block", NULL, cmd_block, "block I: hex dump of a block, pointers marked"},
    {"stats", NULL, cmd_stats, "stats: the VM's counters"},
    {"levels", NULL, cmd_levels, "levels: the open speculation levels"},
    {"level", NULL, cmd_level, "level L: the blocks level L changed, old and new bytes"},
    {"diff", NULL, cmd_diff, "diff L: variables whose values changed since L was entered"},
    {"commit", NULL, cmd_commit, "commit L: commit speculation level L"},
    {"rollback", NULL, cmd_rollback, "rollback L: roll back level L (and later ones)"},
    {"speculate", NULL, cmd_speculate, "speculate: open a speculation level here"},
    {"checkpoint", NULL, cmd_checkpoint, "checkpoint FILE: write an image of the process"},
    {"migrate", NULL, cmd_migrate, "migrate HOST:PORT: send the process to firvm --serve"},
    {"help", "h", c_help, "help: this list"},
    {"quit", "q", c_quit, "quit: leave the debugger"},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

const char *repl_command_name(size_t i)
{
    return i < NCOMMANDS ? commands[i].name : NULL;
}

static void c_help(Repl *R, const char *a)
{
    (void)a;
    for (size_t i = 0; i < NCOMMANDS; i++)
        repl_printf(R, "  %s\n", commands[i].help);
}

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Word w (length n) is a prefix of one of names[] (unique) or equal to one. */
static int match_word(const char *w, size_t n, const char *const *names, size_t count)
{
    int found = -1;
    for (size_t i = 0; i < count; i++) {
        if (strncmp(names[i], w, n) != 0)
            continue;
        if (names[i][n] == '\0')
            return (int)i;
        if (found >= 0)
            return -2; /* ambiguous */
        found = (int)i;
    }
    return found;
}

static void c_info(Repl *R, const char *a)
{
    static const char *const what[] = {"breakpoints", "locals", "args", "registers", "frame"};
    a = skip_space(a);
    size_t n = strcspn(a, " \t");
    int k = n ? match_word(a, n, what, 5) : -1;
    const char *rest = skip_space(a + n);
    switch (k) {
    case 0: cmd_info_breakpoints(R); break;
    case 1: cmd_info_locals(R, rest); break;
    case 2: cmd_info_args(R); break;
    case 3: cmd_info_registers(R, rest); break;
    case 4: cmd_info_frame(R); break;
    default:
        if (n == 0)
            repl_error(R, "\"info\" needs an argument: breakpoints, locals, args, registers, frame.");
        else
            repl_error(R, "Undefined info command: \"%.*s\".", (int)n, a);
    }
}

static void c_set(Repl *R, const char *a)
{
    a = skip_space(a);
    if (strncmp(a, "var", 3) == 0 && (a[3] == ' ' || a[3] == '\t'))
        a += 3;
    else if (strncmp(a, "variable", 8) == 0 && (a[8] == ' ' || a[8] == '\t'))
        a += 8;
    cmd_set_var(R, a);
}

void repl_command(Repl *R, const char *line)
{
    const char *s = skip_space(line);
    if (*s == '#' || *s == '\0')
        return;
    size_t n = 0;
    while (s[n] && (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '-'))
        n++;
    if (n == 0) {
        repl_error(R, "Undefined command: \"%.*s\".  Try \"help\".", (int)strcspn(s, " \t"), s);
        return;
    }
    const char *rest = s + n;
    if (n == 1 && s[0] == 'x' && (*rest == '/' || *rest == ' ' || *rest == '\0')) {
        const char *fmt = "";
        char buf[32] = "";
        if (*rest == '/') {
            size_t k = strcspn(rest + 1, " \t");
            if (k >= sizeof buf)
                k = sizeof buf - 1;
            memcpy(buf, rest + 1, k);
            buf[k] = 0;
            fmt = buf;
            rest += 1 + k;
        }
        cmd_x(R, fmt, skip_space(rest));
        return;
    }
    if (*rest && *rest != ' ' && *rest != '\t' && *rest != '/') {
        repl_error(R, "Undefined command: \"%.*s\".  Try \"help\".", (int)strcspn(s, " \t"), s);
        return;
    }
    int found = -1;
    for (size_t i = 0; i < NCOMMANDS && found < 0; i++)
        if (commands[i].alias && strlen(commands[i].alias) == n &&
            strncmp(commands[i].alias, s, n) == 0)
            found = (int)i;
    if (found < 0) {
        const char *names[NCOMMANDS];
        for (size_t i = 0; i < NCOMMANDS; i++)
            names[i] = commands[i].name;
        found = match_word(s, n, names, NCOMMANDS);
    }
    if (found == -2) {
        repl_error(R, "Ambiguous command \"%.*s\".", (int)n, s);
        return;
    }
    if (found < 0 || !commands[found].fn) {
        repl_error(R, "Undefined command: \"%.*s\".  Try \"help\".", (int)n, s);
        return;
    }
    commands[found].fn(R, skip_space(rest));
}

/* ---------------------------------------------------------------- main */

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "firvm: error: ");
    fprintf(stderr, msg, arg);
    fprintf(stderr, "\nfirvm: try 'firvm --help'\n");
    return 2;
}

int repl_main(const VmOptions *opt, int argc, char **argv)
{
    Repl R = {.out = stdout, .opt = *opt, .next_bp = 1, .list_line = -1};
    const char **ex = calloc((size_t)argc + 1, sizeof *ex);
    int nex = 0, i = 0;
    if (!ex)
        return 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "-ex") == 0 || strcmp(argv[i], "--ex") == 0) {
            if (i + 1 >= argc) {
                free(ex);
                return usage("option '%s' needs a value", argv[i]);
            }
            ex[nex++] = argv[++i];
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            free(ex);
            return usage("unknown option '%s'", argv[i]);
        } else {
            break;
        }
    }
    if (i >= argc) {
        free(ex);
        return usage("%s", "--repl needs a program");
    }
    R.path = argv[i];
    R.args = argv + i + 1;
    R.nargs = argc - i - 1;
    R.is_image = mig_file_is_image(R.path);
    if (repl_load(&R) < 0) {
        free(ex);
        return 1;
    }
    if (R.is_image) {
        R.running = true;
        repl_printf(&R, "Resuming %s, stopped at ", R.path);
        repl_print_stop(&R, true);
    }
    for (int k = 0; k < nex && !R.quit; k++) {
        repl_printf(&R, "(firvm) %s\n", ex[k]);
        repl_command(&R, ex[k]);
        fflush(R.out);
    }
    free(ex);
    if (!R.quit)
        repl_input_loop(&R);
    fflush(R.out);
    vm_process_free(R.p);
    for (uint32_t k = 0; k < R.nbps; k++) {
        free(R.bps[k].what);
        free(R.bps[k].pcs);
    }
    free(R.bps);
    free(R.armed);
    free(R.event_pcs);
    free(R.last_cmd);
    free(R.run_text);
    free(R.run_args);
    for (uint32_t k = 0; k < R.nxtypes; k++)
        free(R.xtypes[k].name);
    free(R.xtypes);
    return 0;
}
