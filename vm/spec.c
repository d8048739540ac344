/*
 * spec.c - the VM side of speculation: the speculate / commit / rollback
 * instructions, the heap operations that must tell spec/ what happens
 * inside levels, and held I/O for the host calls.
 *
 * How it works
 * - spec/ keeps the level records; the VM hands it, at entry, a snapshot of
 *   the VM stack as opaque bytes: the frames (VmFrame[nframes], plain data)
 *   followed by next_serial (u64); and the register slots up to the top
 *   frame's last as words (spec/ scans them as roots).  Rollback copies them
 *   back: the frame and register arrays never shrink, so they fit.
 * - The top frame of a snapshot is at the speculate instruction (SAVE_PC),
 *   so after a rollback its result register is set to 0 and the interpreter
 *   continues after it: the second return of speculate().
 * - Stores that fail the fast path come here (vm__store_slow) first: blocks
 *   of SPEC_PAGE_BLOCK bytes or more get the pages the store touches saved,
 *   then gc_store_slow does the rest (the collector's part, the hook) and
 *   the block is made stale again while some of its pages are unsaved, so
 *   the next store to it comes back here.
 * - Nothing here costs anything while no level is open: every entry point
 *   tests spec_active first (the interpreter tests it inline).
 *
 * Invariants
 * - p->spec is NULL until the first speculate; then it lives as long as p.
 * - When spec_active(p->spec), the heap's first-store hook is spec's.
 */
#include "vm/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------- helpers */

static int64_t write_fd(void *ctx, int32_t fd, const uint8_t *buf, uint64_t n)
{
    VmProcess *p = ctx;
    int host = vm__host_fd(p, fd);
    if (host < 0)
        return -EBADF;
    uint64_t done = 0;
    while (done < n) {
        ssize_t k = write(host, buf + done, (size_t)(n - done));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return k < 0 ? -(int64_t)errno : -EIO;
        done += (uint64_t)k;
    }
    return (int64_t)n;
}

static void close_fd(void *ctx, int32_t fd)
{
    (void)vm__file_close(ctx, fd);
}

static SpecState *state(VmProcess *p)
{
    if (!p->spec) {
        if (!(p->spec = spec_new()))
            vm__fault(p, "speculate: out of memory for speculation levels");
        spec_set_writer(p->spec, write_fd, close_fd, p);
        p->spec->io.direct = p->opt.spec_io_direct;
    }
    return p->spec;
}

/* ----------------------------------------------------------- levels */

int32_t vm__spec_enter(VmProcess *p)
{
    SpecState *s = state(p);
    SpecLevel *l;
    int rc = spec_enter(s, &p->heap, &l);
    if (rc == SPEC_ELIMIT)
        vm__fault(p, "speculate: speculation level ids are exhausted");
    if (rc < 0)
        vm__fault(p, "speculate: out of memory for a speculation level");
    const VmFrame *top = &p->frames[p->nframes - 1];
    uint64_t nregs = top->base + p->funcs[top->func].nregs;
    size_t flen = (size_t)p->nframes * sizeof *p->frames;
    /* frames then next_serial, as one opaque snapshot */
    uint8_t small[1024];
    uint8_t *buf = flen + 8 <= sizeof small ? small : malloc(flen + 8);
    rc = SPEC_ENOMEM;
    if (buf) {
        memcpy(buf, p->frames, flen);
        memcpy(buf + flen, &p->next_serial, 8);
        rc = spec_snapshot(l, buf, flen + 8, &p->regs[0].u64, (size_t)nregs);
        if (buf != small)
            free(buf);
    }
    if (rc < 0) {
        spec_rollback(s, &p->heap, l);
        vm__fault(p, "speculate: out of memory for a speculation level");
    }
    return l->id;
}

void vm__spec_commit(VmProcess *p, int32_t id)
{
    SpecLevel *l = spec_find(p->spec, id);
    if (!l)
        vm__fault(p, "commit of speculation level %d, which is not open", id);
    if (spec_commit(p->spec, &p->heap, l) < 0)
        vm__fault(p, "commit: out of memory");
}

void vm__spec_rollback(VmProcess *p, int32_t id)
{
    SpecLevel *l = spec_find(p->spec, id);
    if (!l)
        vm__fault(p, "abort of speculation level %d, which is not open", id);
    l = spec_rollback(p->spec, &p->heap, l);
    size_t flen = l->snap_len - 8;
    uint32_t nframes = (uint32_t)(flen / sizeof *p->frames);
    memcpy(p->frames, l->snap, flen);
    memcpy(&p->next_serial, l->snap + flen, 8);
    p->nframes = nframes;
    if (l->nregs)
        memcpy(p->regs, l->regs, l->nregs * sizeof *l->regs);
    VmFrame *top = &p->frames[nframes - 1];
    uint32_t dst = p->funcs[top->func].code[top->pc].a;
    p->regs[top->base + dst].u64 = 0; /* speculate() returns 0 this time */
}

/* ------------------------------------------------------------- heap */

void vm__spec_alloc(VmProcess *p, VmSlot *res)
{
    uint32_t idx = (uint32_t)(res->u64 >> 32);
    if (idx && spec_note_alloc(p->spec, &p->heap, idx) < 0) {
        gc_free(&p->heap, res->u64);
        res->u64 = 0; /* malloc returns NULL */
    }
}

void vm__spec_alloca(VmProcess *p, uint32_t idx)
{
    if (spec_note_alloc(p->spec, &p->heap, idx) < 0)
        vm__fault(p, "out of memory for speculation records");
}

void vm__free(VmProcess *p, uint64_t ptr)
{
    GcFault f = spec_active(p->spec) ? spec_free(p->spec, &p->heap, ptr)
                                     : gc_free(&p->heap, ptr);
    if (f == GC_FAULT_OK)
        return;
    if (f == GC_FAULT_NOMEM)
        vm__fault(p, "out of memory for speculation records");
    char m[300];
    gc_describe_free(&p->heap, f, ptr, m, sizeof m);
    vm__fault(p, "%s", m);
}

void vm__release_frame(VmProcess *p, uint32_t head)
{
    if (!spec_active(p->spec)) {
        gc_release_frame(&p->heap, head);
        return;
    }
    if (spec_release_frame(p->spec, &p->heap, head) < 0)
        vm__fault(p, "out of memory for speculation records");
}

uint8_t *vm__store_slow(VmProcess *p, uint64_t ptr, uint64_t n, GcFault *fault)
{
    GcHeap *h = &p->heap;
    uint32_t idx = (uint32_t)(ptr >> 32);
    if (!spec_active(p->spec) || !spec_paged(h, idx) ||
        gc_check(h, ptr, n, true) != GC_FAULT_STAMP)
        return gc_store_slow(h, ptr, n, fault);
    int stale = spec_save_range(p->spec, h, idx, (uint32_t)ptr, n);
    if (stale < 0) {
        *fault = GC_FAULT_NOMEM;
        return NULL;
    }
    uint8_t *mem = gc_store_slow(h, ptr, n, fault);
    p->spec->skip_idx = 0;
    /* While levels are open h->stamp >= 1, so stamp - 1 is an old epoch,
     * never GC_STAMP_READONLY. */
    if (mem && stale)
        h->tab[idx].stamp = h->stamp - 1;
    return mem;
}

/* ------------------------------------------------------------ held I/O */

bool vm__spec_write(VmProcess *p, int32_t fd, const uint8_t *buf, uint64_t n, int64_t *res)
{
    if (!spec_holds_io(p->spec))
        return false;
    if (vm__host_fd(p, fd) < 0)
        *res = -EBADF;
    else
        *res = spec_hold_write(p->spec, fd, buf, n) < 0 ? -ENOMEM : (int64_t)n;
    return true;
}

bool vm__spec_read(VmProcess *p, int32_t fd, uint8_t *buf, uint64_t n, int64_t *res)
{
    if (!p->spec || n == 0)
        return false;
    uint64_t k = spec_replay_read(p->spec, fd, buf, n);
    if (k == 0)
        return false;
    *res = (int64_t)k;
    vm__spec_read_done(p, fd, buf, (int64_t)k);
    return true;
}

void vm__spec_read_done(VmProcess *p, int32_t fd, const uint8_t *buf, int64_t n)
{
    if (n > 0 && spec_holds_io(p->spec))
        (void)spec_journal_read(p->spec, fd, buf, (uint64_t)n); /* if OOM: not replayed */
}

bool vm__spec_close(VmProcess *p, int32_t fd, int32_t *res)
{
    if (!spec_holds_io(p->spec)) {
        if (p->spec)
            spec_forget_fd(p->spec, fd);
        return false;
    }
    if (vm__host_fd(p, fd) < 0)
        *res = -EBADF;
    else
        *res = spec_hold_close(p->spec, fd) < 0 ? -ENOMEM : 0;
    return true;
}

void vm__spec_opened(VmProcess *p, int32_t fd)
{
    if (fd >= 0 && spec_holds_io(p->spec))
        (void)spec_note_open(p->spec, fd);
}

void vm__spec_finish(VmProcess *p)
{
    if (p->spec)
        (void)spec_release_output(p->spec);
}
