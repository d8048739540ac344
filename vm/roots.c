/*
 * roots.c - the VM's side of the collector: the roots of a process and the
 * collector's settings.
 *
 * How it works
 * - gc/ keeps globals, constants, functions and the blocks of live frames
 *   by itself, and finds old-to-young pointers through its remembered set.
 *   What only the VM knows is given here, conservatively (every word whose
 *   high 32 bits name an entry keeps it):
 *     every register slot of every live frame (0 .. the top frame's last),
 *     and, while speculation levels are open, what they hold: saved copies
 *     and register snapshots (spec_scan_roots) and the indexes their records
 *     name, kept with their bytes even when freed inside a level
 *     (spec_mark_held with gc_hold), so a rollback finds them intact.
 *   Held output and replay input are bytes in host memory owned by spec/,
 *   not guest blocks: a pointer written to a file is not a reference.
 * - Registers above the top frame are dead values of returned calls and are
 *   not scanned.
 *
 * Invariants
 * - Called only from a collection, which happens only inside an allocation
 *   (the interpreter has saved its pc and reloads the table afterwards).
 */
#include "vm/internal.h"

void vm__gc_roots(GcHeap *h, void *ctx)
{
    VmProcess *p = ctx;
    if (p->nframes && p->regs) {
        const VmFrame *top = &p->frames[p->nframes - 1];
        gc_scan_roots(h, &p->regs[0].u64, top->base + p->funcs[top->func].nregs);
    }
    if (spec_active(p->spec)) {
        spec_scan_roots(p->spec, h);
        spec_mark_held(p->spec, gc_hold, h);
    }
}

void vm__gc_setup(VmProcess *p)
{
    gc_set_limit(&p->heap, p->opt.heap_max);
    gc_set_roots(&p->heap, vm__gc_roots, p);
    gc_set_stress(&p->heap, p->opt.gc_stress);
}
