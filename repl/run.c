/*
 * run.c - running the program: run/start, continue, step/next by source
 * line, stepi, finish; breakpoints on functions, lines and level events.
 *
 * How it works
 * - Breakpoints are traps (vm_debug_trap) at instructions; before the
 *   program runs, every breakpoint's instructions are armed, plus the
 *   temporary trap of a `next` over a call or a `finish`.
 * - A line step runs one instruction at a time until the line changes.  A
 *   call met by `next` (or by `step` into the C library or a function
 *   without lines) runs at full speed to a trap after the call, in the
 *   same frame (recursion hits it deeper and goes on).
 * - Level events: a trap at every speculate, commit and rollback
 *   instruction; the instruction runs, then the stop is reported with the
 *   level it concerned.
 */
#include "repl/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

bool repl_need_running(Repl *R)
{
    if (!R->running || vm_debug_finished(R->p)) {
        repl_error(R, "The program is not being run.");
        return false;
    }
    return true;
}

/* ------------------------------------------------------------- traps */

static void arm(Repl *R, ReplPc pc)
{
    if (R->narmed == R->cap_armed) {
        uint32_t cap = R->cap_armed ? 2 * R->cap_armed : 16;
        ReplPc *a = realloc(R->armed, cap * sizeof *a);
        if (!a)
            return;
        R->armed = a;
        R->cap_armed = cap;
    }
    R->armed[R->narmed++] = pc;
    vm_debug_trap(R->p, pc.func, pc.pc, true);
}

static bool has_event_breaks(const Repl *R)
{
    for (uint32_t i = 0; i < R->nbps; i++)
        if (R->bps[i].kind != BK_CODE)
            return true;
    return false;
}

/* Arms every breakpoint, and `extra` when not NULL. */
static void arm_all(Repl *R, const ReplPc *extra)
{
    for (uint32_t i = 0; i < R->narmed; i++)
        vm_debug_trap(R->p, R->armed[i].func, R->armed[i].pc, false);
    R->narmed = 0;
    for (uint32_t i = 0; i < R->nbps; i++)
        for (uint32_t k = 0; k < R->bps[i].npcs; k++)
            arm(R, R->bps[i].pcs[k]);
    if (has_event_breaks(R))
        for (uint32_t i = 0; i < R->nevent_pcs; i++)
            arm(R, R->event_pcs[i]);
    if (extra)
        arm(R, *extra);
}

static ReplBreak *code_break_at(Repl *R, uint32_t func, uint32_t pc)
{
    for (uint32_t i = 0; i < R->nbps; i++)
        for (uint32_t k = 0; k < R->bps[i].npcs; k++)
            if (R->bps[i].kind == BK_CODE && R->bps[i].pcs[k].func == func &&
                R->bps[i].pcs[k].pc == pc)
                return &R->bps[i];
    return NULL;
}

static ReplBreak *event_break(Repl *R, ReplBreakKind kind)
{
    for (uint32_t i = 0; i < R->nbps; i++)
        if (R->bps[i].kind == kind)
            return &R->bps[i];
    return NULL;
}

static void delete_break(Repl *R, ReplBreak *b)
{
    free(b->what);
    free(b->pcs);
    uint32_t i = (uint32_t)(b - R->bps);
    memmove(&R->bps[i], &R->bps[i + 1], (R->nbps - i - 1) * sizeof *R->bps);
    R->nbps--;
}

/* ------------------------------------------------------------ stopping */

/* The program ended (exit or fault): says so. */
static void report_end(Repl *R, VmDebugEvent ev)
{
    R->running = false;
    R->frame = 0;
    fflush(NULL);
    if (ev == VM_DEBUG_FAULTED) {
        repl_printf(R, "\nProgram stopped by a fault: %s\n", vm_fault_message(R->p));
        repl_print_stop(R, true);
        return;
    }
    int st = vm_exit_status(R->p);
    if (st == 0)
        repl_printf(R, "[Program exited normally]\n");
    else
        repl_printf(R, "[Program exited with code %02o]\n", (unsigned)st & 0xff);
}

static uint16_t op_at(const Repl *R, uint32_t func, uint32_t pc)
{
    return vm_debug_module(R->p)->funcs[func].code[pc].op;
}

static bool is_event_pc(const Repl *R, uint32_t func, uint32_t pc)
{
    uint16_t op = op_at(R, func, pc);
    return op == FIR_OP_speculate || op == FIR_OP_commit || op == FIR_OP_rollback;
}

typedef enum Stop {
    STOP_ENDED,    /* reported */
    STOP_REPORTED, /* a breakpoint or event, reported */
    STOP_EXTRA     /* at the extra trap, not reported */
} Stop;

/* Runs a level event instruction at the top frame and reports it when a
 * breakpoint asks; returns true if it reported (the run stops). */
static bool run_event(Repl *R, VmDebugEvent *ev)
{
    VmDebugFrame f;
    vm_debug_frame(R->p, 0, &f);
    const FirInsn *in = &vm_debug_module(R->p)->funcs[f.func].code[f.pc];
    uint64_t idv = 0;
    if (in->op != FIR_OP_speculate)
        vm_debug_reg(R->p, 0, in->a, &idv);
    ReplBreakKind kind = in->op == FIR_OP_speculate ? BK_SPECULATE
                       : in->op == FIR_OP_commit    ? BK_COMMIT
                                                    : BK_ABORT;
    *ev = vm_debug_stepi(R->p);
    ReplBreak *b = event_break(R, kind);
    if (*ev != VM_DEBUG_STOPPED || !b)
        return false;
    b->hits++;
    R->frame = 0;
    if (kind == BK_SPECULATE) {
        vm_debug_reg(R->p, 0, in->a, &idv);
        repl_printf(R, "\nSpeculation level %d entered, ", (int32_t)idv);
    } else if (kind == BK_COMMIT) {
        repl_printf(R, "\nSpeculation level %d committed, ", (int32_t)idv);
    } else {
        repl_printf(R, "\nSpeculation level %d rolled back, ", (int32_t)idv);
    }
    repl_print_stop(R, true);
    return true;
}

/* Continues until a breakpoint, an event, the extra trap (with the top
 * frame's serial equal to extra_serial) or the end. */
static Stop run_until(Repl *R, const ReplPc *extra, uint64_t extra_serial)
{
    arm_all(R, extra);
    for (;;) {
        fflush(R->out);
        VmDebugEvent ev = vm_debug_continue(R->p);
        for (;;) {
            if (ev != VM_DEBUG_STOPPED) {
                report_end(R, ev);
                return STOP_ENDED;
            }
            VmDebugFrame f;
            vm_debug_frame(R->p, 0, &f);
            ReplBreak *b = code_break_at(R, f.func, f.pc);
            if (b) {
                b->hits++;
                R->frame = 0;
                repl_printf(R, "\n%s %d, ", b->temp ? "Temporary breakpoint" : "Breakpoint",
                            b->num);
                if (b->temp)
                    delete_break(R, b);
                repl_print_stop(R, true);
                return STOP_REPORTED;
            }
            if (extra && f.func == extra->func && f.pc == extra->pc && f.serial == extra_serial)
                return STOP_EXTRA;
            if (has_event_breaks(R) && is_event_pc(R, f.func, f.pc)) {
                if (run_event(R, &ev))
                    return STOP_REPORTED;
                continue; /* look at where the event left us */
            }
            break; /* the extra trap in another frame: go on */
        }
    }
}

/* --------------------------------------------------------- locations */

int64_t repl_find_func(const Repl *R, const char *name)
{
    const FirModule *m = vm_debug_module(R->p);
    for (uint32_t f = 0; f < m->nfuncs; f++)
        if (m->funcs[f].defined && strcmp(m->funcs[f].name, name) == 0)
            return f;
    return -1;
}

static bool transfers_control(uint16_t op)
{
    if (op >= FIR_NOPS)
        return true;
    FirFormat fmt = fir_op_info[op].format;
    return fmt == FIR_FMT_L || fmt == FIR_FMT_SL || fmt == FIR_FMT_SSL || fmt == FIR_FMT_CALL ||
           fmt == FIR_FMT_CALLI || fmt == FIR_FMT_HCALL || fmt == FIR_FMT_SWITCH ||
           op == FIR_OP_ret || op == FIR_OP_ret_void || op == FIR_OP_speculate ||
           op == FIR_OP_rollback || op == FIR_OP_commit || op == FIR_OP_longjmp ||
           op == FIR_OP_migrate || op == FIR_OP_trap;
}

/* Instructions firc's prologue is made of (frame blocks, hoisted
 * constants and addresses, parameters moved or stored into place). */
static bool prologue_op(uint16_t op)
{
    if (op >= FIR_NOPS)
        return false;
    const char *n = fir_op_info[op].name;
    return op == FIR_OP_alloca || op == FIR_OP_gaddr || op == FIR_OP_faddr ||
           strncmp(n, "const.", 6) == 0 || strncmp(n, "mov.", 4) == 0 ||
           strncmp(n, "store.", 6) == 0;
}

/* The first instruction of a function's body: past the prologue (which
 * carries the line of the function's head and never branches), so never
 * past the first branch or call: every call reaches it. */
static uint32_t body_pc(const Repl *R, uint32_t func)
{
    const FirFunc *f = &vm_debug_module(R->p)->funcs[func];
    if (!f->locs || f->ncode == 0)
        return 0;
    uint32_t head = f->locs[0].line;
    for (uint32_t i = 0; i < f->ncode; i++)
        if ((f->locs[i].line != 0 && f->locs[i].line != head) || !prologue_op(f->code[i].op) ||
            transfers_control(f->code[i].op))
            return i;
    return 0;
}

static bool file_matches(const char *have, const char *want)
{
    size_t h = strlen(have), w = strlen(want);
    if (h == w)
        return strcmp(have, want) == 0;
    return h > w && have[h - w - 1] == '/' && strcmp(have + h - w, want) == 0;
}

static bool parse_uint(const char *s, size_t n, uint32_t *out)
{
    if (n == 0 || n > 9)
        return false;
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (uint32_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

/* The file of the selected frame, else main's. */
static int default_file(const Repl *R)
{
    VmDebugFrame f;
    uint32_t file;
    if (R->running && vm_debug_frame(R->p, R->frame, &f) && repl_line(R, f.func, f.pc, &file))
        return (int)file;
    int64_t mainf = repl_find_func(R, "main");
    if (mainf >= 0 && repl_line(R, (uint32_t)mainf, 0, &file))
        return (int)file;
    return -1;
}

bool repl_resolve(Repl *R, const char *loc, ReplPc **pcs, uint32_t *npcs, char *what,
                  size_t nwhat)
{
    const FirModule *m = vm_debug_module(R->p);
    size_t len = strlen(loc);
    while (len && (loc[len - 1] == ' ' || loc[len - 1] == '\t'))
        len--;
    const char *colon = memchr(loc, ':', len);
    uint32_t line;
    char file[512];
    bool by_line = false;
    int filei = -1;
    if (colon && parse_uint(colon + 1, len - (size_t)(colon + 1 - loc), &line)) {
        size_t fl = (size_t)(colon - loc);
        if (fl == 0 || fl >= sizeof file) {
            repl_error(R, "No source file named %.*s.", (int)fl, loc);
            return false;
        }
        memcpy(file, loc, fl);
        file[fl] = 0;
        for (uint32_t i = 0; i < m->nfiles && filei < 0; i++)
            if (file_matches(m->files[i], file))
                filei = (int)i;
        if (filei < 0) {
            repl_error(R, "No source file named %s.", file);
            return false;
        }
        by_line = true;
    } else if (parse_uint(loc, len, &line)) {
        filei = default_file(R);
        if (filei < 0) {
            repl_error(R, "No default source file: give FILE:LINE.");
            return false;
        }
        by_line = true;
    }
    if (!by_line) {
        char name[256];
        if (len == 0 || len >= sizeof name) {
            repl_error(R, "Bad location \"%.*s\".", (int)len, loc);
            return false;
        }
        memcpy(name, loc, len);
        name[len] = 0;
        int64_t f = repl_find_func(R, name);
        if (f < 0) {
            repl_error(R, "Function \"%s\" not defined.", name);
            return false;
        }
        *pcs = malloc(sizeof **pcs);
        if (!*pcs)
            return false;
        (*pcs)[0] = (ReplPc){(uint32_t)f, body_pc(R, (uint32_t)f)};
        *npcs = 1;
        uint32_t fl, ln = repl_line(R, (uint32_t)f, (*pcs)[0].pc, &fl);
        snprintf(what, nwhat, "in %s at %s:%u", name, repl_file_name(R, fl), ln);
        return true;
    }
    /* the first line >= line that has code in that file */
    uint32_t best = UINT32_MAX;
    for (uint32_t f = 0; f < m->nfuncs; f++) {
        const FirFunc *fn = &m->funcs[f];
        for (uint32_t i = 0; fn->locs && i < fn->ncode; i++)
            if ((int)fn->locs[i].file == filei && fn->locs[i].line >= line &&
                fn->locs[i].line < best && fn->locs[i].line != 0)
                best = fn->locs[i].line;
    }
    if (best == UINT32_MAX) {
        repl_error(R, "Line %u is out of range for \"%s\".", line, m->files[filei]);
        return false;
    }
    /* per function, the lowest instruction of that line (after the prologue
     * when the line is the function's head) */
    uint32_t n = 0;
    ReplPc *v = malloc((m->nfuncs ? m->nfuncs : 1) * sizeof *v);
    if (!v)
        return false;
    const char *fname = NULL;
    for (uint32_t f = 0; f < m->nfuncs; f++) {
        const FirFunc *fn = &m->funcs[f];
        for (uint32_t i = 0; fn->locs && i < fn->ncode; i++)
            if ((int)fn->locs[i].file == filei && fn->locs[i].line == best) {
                uint32_t pc = i == 0 ? body_pc(R, f) : i;
                if (repl_line(R, f, pc, NULL) != best)
                    pc = i;
                v[n++] = (ReplPc){f, pc};
                fname = fname ? fname : fn->name;
                break;
            }
    }
    *pcs = v;
    *npcs = n;
    if (n == 1)
        snprintf(what, nwhat, "in %s at %s:%u", fname, m->files[filei], best);
    else
        snprintf(what, nwhat, "at %s:%u (%u locations)", m->files[filei], best, n);
    return true;
}

/* ------------------------------------------------------------ commands */

static void add_break(Repl *R, ReplBreakKind kind, bool temp, const char *what, ReplPc *pcs,
                      uint32_t npcs)
{
    if (R->nbps == R->cap_bps) {
        uint32_t cap = R->cap_bps ? 2 * R->cap_bps : 8;
        ReplBreak *b = realloc(R->bps, cap * sizeof *b);
        if (!b) {
            free(pcs);
            repl_error(R, "out of memory");
            return;
        }
        R->bps = b;
        R->cap_bps = cap;
    }
    ReplBreak *b = &R->bps[R->nbps++];
    *b = (ReplBreak){.num = R->next_bp++, .kind = kind, .temp = temp, .what = strdup(what),
                     .pcs = pcs, .npcs = npcs};
}

void cmd_break(Repl *R, const char *args, bool temp)
{
    static const char *const events[] = {"speculate", "commit", "abort"};
    args = skip_space(args);
    if (!*args) {
        VmDebugFrame f;
        if (!vm_debug_frame(R->p, R->frame, &f)) {
            repl_error(R, "No default breakpoint location: give FUNC or FILE:LINE.");
            return;
        }
        char loc[32];
        uint32_t ln = repl_line(R, f.func, f.pc, NULL);
        snprintf(loc, sizeof loc, "%u", ln);
        args = loc;
        if (ln == 0) {
            repl_error(R, "No line at the current instruction.");
            return;
        }
        cmd_break(R, loc, temp);
        return;
    }
    for (int k = 0; k < 3; k++)
        if (strcmp(args, events[k]) == 0 && repl_find_func(R, events[k]) < 0) {
            ReplBreakKind kind = k == 0 ? BK_SPECULATE : k == 1 ? BK_COMMIT : BK_ABORT;
            char what[64];
            snprintf(what, sizeof what, "level event: %s", events[k]);
            add_break(R, kind, temp, what, NULL, 0);
            repl_printf(R, "%s %d: stops after every %s.\n",
                        temp ? "Temporary breakpoint" : "Breakpoint", R->next_bp - 1,
                        k == 0 ? "speculate" : k == 1 ? "commit" : "abort (rollback)");
            return;
        }
    ReplPc *pcs = NULL;
    uint32_t npcs = 0;
    char what[600];
    if (!repl_resolve(R, args, &pcs, &npcs, what, sizeof what))
        return;
    add_break(R, BK_CODE, temp, what, pcs, npcs);
    const FirModule *m = vm_debug_module(R->p);
    uint32_t file, line = repl_line(R, pcs[0].func, pcs[0].pc, &file);
    if (npcs == 1)
        repl_printf(R, "%s %d at %s+%u: file %s, line %u.\n",
                    temp ? "Temporary breakpoint" : "Breakpoint", R->next_bp - 1,
                    m->funcs[pcs[0].func].name, pcs[0].pc, repl_file_name(R, file), line);
    else
        repl_printf(R, "%s %d at %s:%u: %u locations.\n",
                    temp ? "Temporary breakpoint" : "Breakpoint", R->next_bp - 1,
                    repl_file_name(R, file), line, npcs);
}

void cmd_delete(Repl *R, const char *args)
{
    args = skip_space(args);
    if (!*args) {
        while (R->nbps)
            delete_break(R, &R->bps[R->nbps - 1]);
        return;
    }
    while (*args) {
        size_t n = strcspn(args, " \t");
        uint32_t num;
        if (!parse_uint(args, n, &num)) {
            repl_error(R, "Convenience variable must have integer value.  Bad breakpoint "
                          "number \"%.*s\".", (int)n, args);
            return;
        }
        uint32_t i = 0;
        while (i < R->nbps && R->bps[i].num != (int)num)
            i++;
        if (i == R->nbps)
            repl_error(R, "No breakpoint number %u.", num);
        else
            delete_break(R, &R->bps[i]);
        args = skip_space(args + n);
    }
}

void cmd_info_breakpoints(Repl *R)
{
    if (R->nbps == 0) {
        repl_printf(R, "No breakpoints.\n");
        return;
    }
    repl_printf(R, "Num     Type           Disp Enb What\n");
    for (uint32_t i = 0; i < R->nbps; i++) {
        const ReplBreak *b = &R->bps[i];
        repl_printf(R, "%-7d %-14s %-4s %-3s %s\n", b->num,
                    b->kind == BK_CODE ? "breakpoint" : "level event",
                    b->temp ? "del" : "keep", "y", b->what);
        if (b->hits)
            repl_printf(R, "\tbreakpoint already hit %u time%s\n", b->hits,
                        b->hits == 1 ? "" : "s");
    }
}

void cmd_run(Repl *R, const char *args, bool start)
{
    args = skip_space(args);
    if (*args) {
        /* new arguments: split at blanks (kept for later runs) */
        free(R->run_text);
        free(R->run_args);
        R->run_text = strdup(args);
        R->run_args = calloc(strlen(args) / 2 + 2, sizeof *R->run_args);
        if (!R->run_text || !R->run_args) {
            repl_error(R, "out of memory");
            return;
        }
        int n = 0;
        char *save = NULL;
        for (char *t = strtok_r(R->run_text, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
            R->run_args[n++] = t;
        R->args = R->run_args;
        R->nargs = n;
    }
    if (R->running)
        repl_printf(R, "Starting the program again from the beginning.\n");
    if (repl_load(R) < 0) {
        R->running = false;
        return;
    }
    R->running = true;
    if (start) {
        ReplPc *pcs = NULL;
        uint32_t npcs = 0;
        char what[600];
        if (!repl_resolve(R, "main", &pcs, &npcs, what, sizeof what))
            return;
        add_break(R, BK_CODE, true, what, pcs, npcs);
        repl_printf(R, "Temporary breakpoint %d at main+%u.\n", R->next_bp - 1, pcs[0].pc);
    }
    if (R->is_image) {
        repl_printf(R, "Resuming %s, stopped at ", R->path);
        repl_print_stop(R, true);
        if (!start)
            run_until(R, NULL, 0);
        return;
    }
    run_until(R, NULL, 0);
}

static bool parse_count(Repl *R, const char *args, uint32_t *n)
{
    args = skip_space(args);
    *n = 1;
    if (!*args)
        return true;
    size_t len = strlen(args);
    while (len && (args[len - 1] == ' ' || args[len - 1] == '\t'))
        len--;
    if (!parse_uint(args, len, n) || *n == 0) {
        repl_error(R, "Bad count \"%s\": a positive number.", args);
        return false;
    }
    return true;
}

void cmd_continue(Repl *R, const char *args)
{
    (void)args;
    if (!repl_need_running(R))
        return;
    repl_printf(R, "Continuing.\n");
    run_until(R, NULL, 0);
}

void cmd_stepi(Repl *R, const char *args)
{
    uint32_t n;
    if (!parse_count(R, args, &n) || !repl_need_running(R))
        return;
    R->frame = 0;
    for (uint32_t i = 0; i < n; i++) {
        fflush(R->out);
        VmDebugEvent ev = vm_debug_stepi(R->p);
        if (ev != VM_DEBUG_STOPPED) {
            report_end(R, ev);
            return;
        }
    }
    VmDebugFrame f;
    vm_debug_frame(R->p, 0, &f);
    uint32_t file, line = repl_line(R, f.func, f.pc, &file);
    repl_printf(R, "%s+%u\t", vm_debug_module(R->p)->funcs[f.func].name, f.pc);
    if (line)
        repl_print_source_line(R, file, line);
    else
        repl_printf(R, "(no source line)\n");
}

/* True if `step` goes into this function: it has source lines and is not
 * part of the C library. */
static bool steppable(const Repl *R, uint32_t func)
{
    const FirFunc *f = &vm_debug_module(R->p)->funcs[func];
    if (f->dbg_library || !f->locs)
        return false;
    for (uint32_t i = 0; i < f->ncode; i++)
        if (f->locs[i].line)
            return true;
    return false;
}

/* One source line; false when the run stopped for another reason
 * (reported) or ended. */
static bool step_line(Repl *R, bool into)
{
    VmDebugFrame f0, f;
    vm_debug_frame(R->p, 0, &f0);
    uint32_t depth0 = vm_debug_nframes(R->p);
    uint32_t line0 = repl_line(R, f0.func, f0.pc, NULL);
    uint32_t prev_pc = f0.pc;
    for (;;) {
        fflush(R->out);
        VmDebugEvent ev = vm_debug_stepi(R->p);
        if (ev != VM_DEBUG_STOPPED) {
            report_end(R, ev);
            return false;
        }
        uint32_t depth = vm_debug_nframes(R->p);
        vm_debug_frame(R->p, 0, &f);
        if (depth > depth0) {
            if (into && steppable(R, f.func)) {
                ReplPc body = {f.func, body_pc(R, f.func)};
                if (body.pc != f.pc) {
                    Stop s = run_until(R, &body, f.serial);
                    if (s != STOP_EXTRA)
                        return false;
                }
                repl_print_stop(R, true);
                return false;
            }
            /* over the call: to the instruction after it, in this frame */
            VmDebugFrame caller;
            vm_debug_frame(R->p, 1, &caller);
            ReplPc ret = {caller.func, caller.pc + 1};
            Stop s = run_until(R, &ret, caller.serial);
            if (s != STOP_EXTRA)
                return false;
            vm_debug_frame(R->p, 0, &f);
            depth = vm_debug_nframes(R->p);
        }
        if (depth < depth0 || f.serial != f0.serial) {
            repl_print_stop(R, true);
            return false;
        }
        uint32_t line = repl_line(R, f.func, f.pc, NULL);
        const FirFunc *fn = &vm_debug_module(R->p)->funcs[f.func];
        bool run_start = f.pc == 0 || !fn->locs || fn->locs[f.pc - 1].line != line;
        if (line != 0 && (line != line0 || (run_start && f.pc != prev_pc + 1)))
            return true;
        prev_pc = f.pc;
    }
}

void cmd_step(Repl *R, const char *args, bool into)
{
    uint32_t n;
    if (!parse_count(R, args, &n) || !repl_need_running(R))
        return;
    R->frame = 0;
    for (uint32_t i = 0; i < n; i++)
        if (!step_line(R, into))
            return;
    repl_print_stop(R, false);
}

void cmd_finish(Repl *R, const char *args)
{
    (void)args;
    if (!repl_need_running(R))
        return;
    VmDebugFrame f, caller;
    if (!vm_debug_frame(R->p, R->frame, &f) || !vm_debug_frame(R->p, R->frame + 1, &caller)) {
        repl_error(R, "\"finish\" not meaningful in the outermost frame.");
        return;
    }
    repl_printf(R, "Run till exit from #%u  ", R->frame);
    repl_print_frame_head(R, R->frame);
    repl_printf(R, "\n");
    ReplPc ret = {caller.func, caller.pc + 1};
    uint32_t rettype = vm_debug_module(R->p)->funcs[f.func].dbg_ret;
    uint32_t dst = f.dst;
    if (run_until(R, &ret, caller.serial) != STOP_EXTRA)
        return;
    R->frame = 0;
    repl_print_stop(R, true);
    const FirDbgType *t = repl_type(R, rettype);
    if (dst != FIR_NOREG && t && t->kind != FIR_DK_VOID) {
        ReplValue v = {.type = rettype, .where = RW_REG, .depth = 0, .reg = dst};
        if (repl_is_scalar(R, rettype) && repl_load_value(R, &v)) {
            v.where = RW_NONE;
            repl_printf(R, "Value returned is $%d = ", ++R->values);
            repl_print_value(R, &v);
            repl_printf(R, "\n");
        }
    }
}
