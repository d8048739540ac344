/*
 * show.c - where the program is: source lines, frame heads, backtrace,
 * frame selection, list, disassemble, info registers and info frame.
 *
 * Source text is read from the file names in the module's line table
 * (as firc was given them), so a session runs where the program was
 * compiled; a missing file shows the position without its text.
 */
#include "repl/internal.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

uint32_t repl_line(const Repl *R, uint32_t func, uint32_t pc, uint32_t *file)
{
    const FirModule *m = vm_debug_module(R->p);
    if (func >= m->nfuncs)
        return 0;
    const FirFunc *f = &m->funcs[func];
    if (!f->locs || pc >= f->ncode || f->locs[pc].line == 0 || f->locs[pc].file >= m->nfiles)
        return 0;
    if (file)
        *file = f->locs[pc].file;
    return f->locs[pc].line;
}

const char *repl_file_name(const Repl *R, uint32_t file)
{
    const FirModule *m = vm_debug_module(R->p);
    return file < m->nfiles ? m->files[file] : "??";
}

/* Line `line` of a file into buf (without its newline); false if absent. */
static bool source_text(const char *path, uint32_t line, char *buf, size_t n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    uint32_t at = 1;
    int c;
    size_t k = 0;
    bool found = false;
    while ((c = fgetc(f)) != EOF) {
        if (at == line) {
            found = true;
            if (c == '\n')
                break;
            if (k + 1 < n)
                buf[k++] = (char)c;
        } else if (c == '\n' && ++at > line) {
            break;
        }
    }
    fclose(f);
    buf[k] = 0;
    return found;
}

static bool print_source_quiet(Repl *R, uint32_t file, uint32_t line)
{
    char text[1024];
    if (!source_text(repl_file_name(R, file), line, text, sizeof text))
        return false;
    repl_printf(R, "%u\t%s\n", line, text);
    return true;
}

void repl_print_source_line(Repl *R, uint32_t file, uint32_t line)
{
    if (!print_source_quiet(R, file, line))
        repl_printf(R, "%u\tin %s\n", line, repl_file_name(R, file));
    R->list_file = (int)file;
    R->list_line = (int)line + 5; /* `list` goes on around here */
}

/* The parameters of a frame, as "a=1, b=0x100000000". */
static void print_args(Repl *R, uint32_t depth, const VmDebugFrame *f)
{
    const FirFunc *fn = &vm_debug_module(R->p)->funcs[f->func];
    bool first = true;
    if (fn->ndbg_vars) {
        for (uint32_t i = 0; i < fn->ndbg_vars; i++) {
            const FirDbgVar *v = &fn->dbg_vars[i];
            if (!v->is_param)
                continue;
            ReplValue val;
            repl_printf(R, "%s%s=", first ? "" : ", ", v->name);
            first = false;
            if (repl_var_value(R, depth, v, &val))
                repl_print_value(R, &val);
            else
                repl_printf(R, "<unavailable>");
        }
        return;
    }
    /* no C debug info: the FIR parameters */
    for (uint32_t i = 0; i < fn->nparams; i++) {
        uint64_t raw = 0;
        vm_debug_reg(R->p, depth, i, &raw);
        const char *name = fn->reg_names && fn->reg_names[i] ? fn->reg_names[i] : NULL;
        if (name)
            repl_printf(R, "%s%s=", i ? ", " : "", name);
        else
            repl_printf(R, "%s%%%u=", i ? ", " : "", i);
        switch (fn->reg_types[i]) {
        case FIR_I32: repl_printf(R, "%d", (int32_t)raw); break;
        case FIR_I64: repl_printf(R, "%" PRId64, (int64_t)raw); break;
        case FIR_F64: {
            double d;
            memcpy(&d, &raw, 8);
            repl_printf(R, "%g", d);
            break;
        }
        default: repl_printf(R, "0x%" PRIx64, raw); break;
        }
    }
}

void repl_print_frame_head(Repl *R, uint32_t depth)
{
    VmDebugFrame f;
    if (!vm_debug_frame(R->p, depth, &f)) {
        repl_printf(R, "??");
        return;
    }
    const FirFunc *fn = &vm_debug_module(R->p)->funcs[f.func];
    repl_printf(R, "%s (", fn->name);
    print_args(R, depth, &f);
    repl_printf(R, ")");
    uint32_t file, line = repl_line(R, f.func, f.pc, &file);
    if (line)
        repl_printf(R, " at %s:%u", repl_file_name(R, file), line);
    else
        repl_printf(R, " at instruction %u", f.pc);
}

void repl_print_stop(Repl *R, bool head)
{
    VmDebugFrame f;
    if (!vm_debug_frame(R->p, R->frame, &f)) {
        repl_printf(R, "No stack.\n");
        return;
    }
    if (head) {
        repl_print_frame_head(R, R->frame);
        repl_printf(R, "\n");
    }
    uint32_t file, line = repl_line(R, f.func, f.pc, &file);
    if (line)
        repl_print_source_line(R, file, line);
    else if (!head)
        repl_printf(R, "%s+%u\t(no source line)\n",
                    vm_debug_module(R->p)->funcs[f.func].name, f.pc);
}

static bool have_stack(Repl *R)
{
    if (vm_debug_nframes(R->p) == 0 || (!R->running && !vm_debug_faulted(R->p))) {
        repl_error(R, "No stack.");
        return false;
    }
    return true;
}

void cmd_backtrace(Repl *R, const char *args)
{
    (void)args;
    if (!have_stack(R))
        return;
    uint32_t n = vm_debug_nframes(R->p);
    for (uint32_t d = 0; d < n; d++) {
        repl_printf(R, "#%-2u ", d);
        repl_print_frame_head(R, d);
        repl_printf(R, "\n");
    }
}

static bool parse_num(const char *s, uint32_t *out)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
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

void cmd_frame(Repl *R, const char *args, int dir)
{
    if (!have_stack(R))
        return;
    args = skip_space(args);
    uint32_t n = vm_debug_nframes(R->p), k = dir ? 1 : R->frame;
    if (*args && !parse_num(args, &k)) {
        repl_error(R, "Bad frame number \"%s\".", args);
        return;
    }
    if (dir > 0) {
        if (R->frame + 1 >= n) {
            repl_error(R, "Initial frame selected; you cannot go up.");
            return;
        }
        k = R->frame + k >= n ? n - 1 : R->frame + k;
    } else if (dir < 0) {
        if (R->frame == 0) {
            repl_error(R, "Bottom (innermost) frame selected; you cannot go down.");
            return;
        }
        k = k > R->frame ? 0 : R->frame - k;
    } else if (k >= n) {
        repl_error(R, "No frame at level %s.", args);
        return;
    }
    R->frame = k;
    repl_printf(R, "#%-2u ", k);
    repl_print_stop(R, true);
}

/* ---------------------------------------------------------------- list */

void cmd_list(Repl *R, const char *args)
{
    args = skip_space(args);
    int file = R->list_file, center = -1;
    if (*args) {
        ReplPc *pcs = NULL;
        uint32_t npcs = 0;
        char what[600];
        if (!repl_resolve(R, args, &pcs, &npcs, what, sizeof what))
            return;
        uint32_t f;
        center = (int)repl_line(R, pcs[0].func, pcs[0].pc, &f);
        file = (int)f;
        free(pcs);
    } else if (R->repeating || R->list_line >= 0) {
        if (R->list_line < 0) {
            repl_error(R, "No default source: give a function or a line.");
            return;
        }
    } else {
        VmDebugFrame fr;
        uint32_t f;
        int64_t mainf = repl_find_func(R, "main");
        if (vm_debug_frame(R->p, R->frame, &fr) && R->running)
            center = (int)repl_line(R, fr.func, fr.pc, &f);
        else if (mainf >= 0)
            center = (int)repl_line(R, (uint32_t)mainf, 0, &f);
        if (center <= 0) {
            repl_error(R, "No default source: give a function or a line.");
            return;
        }
        file = (int)f;
    }
    int first = center > 0 ? (center > 5 ? center - 5 : 1) : R->list_line;
    if (first < 1)
        first = 1;
    int shown = 0;
    for (int l = first; l < first + 10; l++) {
        if (!print_source_quiet(R, (uint32_t)file, (uint32_t)l))
            break;
        shown++;
    }
    if (shown == 0) {
        repl_error(R, "Line number %d out of range; \"%s\" has fewer lines.", first,
                   repl_file_name(R, (uint32_t)file));
        return;
    }
    R->list_file = file;
    R->list_line = first + shown;
}

/* --------------------------------------------------------- disassemble */

void cmd_disassemble(Repl *R, const char *args)
{
    args = skip_space(args);
    VmDebugFrame fr;
    bool have = vm_debug_frame(R->p, R->frame, &fr) && (R->running || vm_debug_faulted(R->p));
    int64_t func;
    if (*args) {
        char name[256];
        snprintf(name, sizeof name, "%s", args);
        name[strcspn(name, " \t")] = 0;
        func = repl_find_func(R, name);
        if (func < 0) {
            repl_error(R, "Function \"%s\" not defined.", name);
            return;
        }
    } else if (have) {
        func = fr.func;
    } else {
        repl_error(R, "No frame selected.");
        return;
    }
    const FirModule *m = vm_debug_module(R->p);
    const FirFunc *f = &m->funcs[func];
    repl_printf(R, "Dump of FIR code for function %s:\n", f->name);
    for (uint32_t i = 0; i < f->ncode; i++) {
        bool cur = have && fr.func == (uint32_t)func && fr.pc == i;
        uint32_t line = repl_line(R, (uint32_t)func, i, NULL);
        repl_printf(R, "%s%5u", cur ? "=> " : "   ", i);
        if (line)
            repl_printf(R, " %5u   ", line);
        else
            repl_printf(R, "         ");
        fflush(R->out);
        if (fir_print_insn(m, f, i, R->out) < 0)
            repl_printf(R, "?");
        repl_printf(R, "\n");
    }
    repl_printf(R, "End of FIR code.\n");
}

/* --------------------------------------------------------- registers */

void cmd_info_registers(Repl *R, const char *args)
{
    (void)args;
    if (!have_stack(R))
        return;
    VmDebugFrame fr;
    vm_debug_frame(R->p, R->frame, &fr);
    const FirFunc *f = &vm_debug_module(R->p)->funcs[fr.func];
    static const char *const tn[] = {"void", "i8", "i16", "i32", "i64", "f32", "f64", "ptr"};
    repl_printf(R, "pc             %s+%u\n", f->name, fr.pc);
    for (uint32_t i = 0; i < f->nregs; i++) {
        uint64_t v = 0;
        vm_debug_reg(R->p, R->frame, i, &v);
        char name[64];
        if (f->reg_names && f->reg_names[i])
            snprintf(name, sizeof name, "%%%u %.30s", i, f->reg_names[i]);
        else
            snprintf(name, sizeof name, "%%%u", i);
        uint8_t t = f->reg_types[i];
        repl_printf(R, "%-14s %-4s 0x%-16" PRIx64 " ", name, t < 8 ? tn[t] : "?", v);
        if (t == FIR_F64) {
            double d;
            memcpy(&d, &v, 8);
            repl_printf(R, "%g\n", d);
        } else if (t == FIR_F32) {
            float x;
            uint32_t b = (uint32_t)v;
            memcpy(&x, &b, 4);
            repl_printf(R, "%g\n", (double)x);
        } else if (t == FIR_I32) {
            repl_printf(R, "%d\n", (int32_t)v);
        } else if (t == FIR_PTR) {
            repl_printf(R, "block %u + %u\n", (uint32_t)(v >> 32), (uint32_t)v);
        } else {
            repl_printf(R, "%" PRId64 "\n", (int64_t)v);
        }
    }
}

void cmd_info_frame(Repl *R)
{
    if (!have_stack(R))
        return;
    VmDebugFrame fr;
    vm_debug_frame(R->p, R->frame, &fr);
    const FirFunc *f = &vm_debug_module(R->p)->funcs[fr.func];
    repl_printf(R, "Stack level %u, function %s, pc %u, registers %" PRIu64 "..%" PRIu64
                   ", call serial %" PRIu64 "\n",
                R->frame, f->name, fr.pc, fr.base, fr.base + fr.nregs, fr.serial);
    VmDebugFrame caller;
    if (vm_debug_frame(R->p, R->frame + 1, &caller))
        repl_printf(R, " called by frame at level %u (%s+%u)\n", R->frame + 1,
                    vm_debug_module(R->p)->funcs[caller.func].name, caller.pc);
}
