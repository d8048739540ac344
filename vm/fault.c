/*
 * fault.c - the one path out of the interpreter: guest faults and exit.
 *
 * A fault formats its message into the process and longjmps to vm_run
 * (which set exit_jmp); the VM stack is left as it was, so the report is
 * built afterwards from the frames: the top frame's saved pc names the
 * faulting instruction, each caller's pc names its call instruction.
 *
 * Invariants
 * - Callers save the pc of the top frame (SAVE_PC) before anything that can
 *   fault; guest-visible state is consistent at every fault point.
 * - Nothing here prints except vm_print_fault, to the FILE it is given.
 */
#include "vm/internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define VM_MAX_CALLERS 20

void vm__fault(VmProcess *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->fault, sizeof p->fault, fmt, ap);
    va_end(ap);
    p->outcome = VM_FAULTED;
    p->finished = true;
    p->exit_status = 134;
    longjmp(p->exit_jmp, 1);
}

void vm__access_fault(VmProcess *p, uint64_t ptr, uint64_t n, bool write, const char *prefix)
{
    char msg[400];
    GcFault f = gc_check(&p->heap, ptr, n, write);
    const char *access = write ? (prefix ? "write" : "store") : (prefix ? "read" : "load");
    gc_describe(&p->heap, f, ptr, n, access, msg, sizeof msg);
    if (prefix)
        vm__fault(p, "%s: %s", prefix, msg);
    vm__fault(p, "%s", msg);
}

void vm__exit(VmProcess *p, int status)
{
    p->exit_status = status;
    p->outcome = VM_EXITED;
    p->finished = true;
    longjmp(p->exit_jmp, 1);
}

/* "FILE:LINE" of instruction pc of frame fr, or false if it has none. */
static bool where(const VmProcess *p, const VmFrame *fr, char *buf, size_t n)
{
    const FirFunc *f = p->funcs[fr->func].fir;
    if (fr->pc >= f->ncode || !f->locs)
        return false;
    FirLoc loc = f->locs[fr->pc];
    if (loc.line == 0 || loc.file >= p->mod->nfiles)
        return false;
    snprintf(buf, n, "%s:%u", p->mod->files[loc.file], loc.line);
    return true;
}

void vm_print_fault(const VmProcess *p, const char *prog, FILE *out)
{
    if (p->nframes == 0 || !p->mod) {
        fprintf(out, "%s: error: %s\n", prog, p->fault);
        return;
    }
    char loc[512];
    const VmFrame *top = &p->frames[p->nframes - 1];
    const char *name = p->funcs[top->func].fir->name;
    if (where(p, top, loc, sizeof loc))
        fprintf(out, "%s: error: %s: in function '%s': %s\n", prog, loc, name, p->fault);
    else
        fprintf(out, "%s: error: in function '%s' at instruction %u: %s\n", prog, name,
                top->pc, p->fault);
    uint32_t shown = 0;
    for (uint32_t i = p->nframes - 1; i-- > 0 && shown < VM_MAX_CALLERS; shown++) {
        const VmFrame *fr = &p->frames[i];
        name = p->funcs[fr->func].fir->name;
        if (where(p, fr, loc, sizeof loc))
            fprintf(out, "%s:   called from %s in function '%s'\n", prog, loc, name);
        else
            fprintf(out, "%s:   called from instruction %u in function '%s'\n", prog, fr->pc,
                    name);
    }
}
