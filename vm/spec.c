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
        p->spec->owner = p->spec_owner;
    }
    return p->spec;
}

static int event(VmProcess *p, VmSpecEvent ev, const SpecLevel *l)
{
    if (p->msg.spec_event)
        return p->msg.spec_event(p, ev, l->id, l->gid.owner, l->gid.seq, p->msg.ctx);
    return 0;
}

void vm_set_msg_hooks(VmProcess *p, const VmMsgHooks *hooks)
{
    if (p->msg.free_ctx && p->msg.ctx != hooks->ctx)
        p->msg.free_ctx(p->msg.ctx);
    p->msg = *hooks;
}

void vm_set_spec_owner(VmProcess *p, uint32_t owner)
{
    p->spec_owner = owner;
    if (p->spec)
        p->spec->owner = owner;
}

bool vm_spec_active(const VmProcess *p)
{
    return spec_active(p->spec);
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
    event(p, VM_SPEC_ENTER, l);
    return l->id;
}

void vm__spec_commit(VmProcess *p, int32_t id)
{
    SpecLevel *l = spec_find(p->spec, id);
    if (!l)
        vm__fault(p, "commit of speculation level %d, which is not open", id);
    if (event(p, VM_SPEC_COMMIT, l) == VM_SPEC_DEFER)
        return; /* stays open for dist/ (vm_set_msg_hooks) */
    if (spec_commit(p->spec, &p->heap, l) < 0)
        vm__fault(p, "commit: out of memory");
}

int32_t vm__spec_enter_implicit(VmProcess *p)
{
    int32_t id = vm__spec_enter(p);
    spec_find(p->spec, id)->implicit = true;
    return id;
}

bool vm__spec_rollback(VmProcess *p, int32_t id)
{
    SpecLevel *l = spec_find(p->spec, id);
    if (!l)
        vm__fault(p, "abort of speculation level %d, which is not open", id);
    for (const SpecLevel *k = p->spec->last; p->msg.spec_event && k != l->prev; k = k->prev)
        event(p, VM_SPEC_ROLLBACK, k);
    l = spec_rollback(p->spec, &p->heap, l);
    size_t flen = l->snap_len - 8;
    uint32_t nframes = (uint32_t)(flen / sizeof *p->frames);
    memcpy(p->frames, l->snap, flen);
    memcpy(&p->next_serial, l->snap + flen, 8);
    p->nframes = nframes;
    if (l->nregs)
        memcpy(p->regs, l->regs, l->nregs * sizeof *l->regs);
    if (l->implicit)
        return true;
    VmFrame *top = &p->frames[nframes - 1];
    uint32_t dst = p->funcs[top->func].code[top->pc].a;
    p->regs[top->base + dst].u64 = 0; /* speculate() returns 0 this time */
    return false;
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

void vm__spec_left(VmProcess *p)
{
    spec_drop_output(p->spec);
}

/* ----------------------------------------------------------- migration */

uint32_t vm__spec_snap_nframes(const SpecLevel *l)
{
    return (uint32_t)((l->snap_len - 8) / sizeof(VmFrame));
}

VmFrame vm__spec_snap_frame(const SpecLevel *l, uint32_t k)
{
    VmFrame f;
    memcpy(&f, l->snap + (size_t)k * sizeof f, sizeof f);
    return f;
}

uint64_t vm__spec_snap_serial(const SpecLevel *l)
{
    uint64_t v;
    memcpy(&v, l->snap + l->snap_len - 8, 8);
    return v;
}

static uint32_t get32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t get64(const uint8_t *b)
{
    return (uint64_t)get32(b) | (uint64_t)get32(b + 4) << 32;
}

typedef struct Restore {
    VmProcess *p;
    FirError *err;
    uint32_t *seen;
    uint32_t lv;           /* position of the level checked next (innermost first) */
    uint32_t max_frames;   /* the largest snapshot */
    uint64_t max_regs;
} Restore;

static int spec_error(FirError *err, int rc, const char *msg)
{
    if (rc == SPEC_ENOMEM)
        return fir_error_set(err, FIR_ENOMEM, "%s", msg);
    return fir_error_set(err, FIR_EFORMAT, "bad process state: %s", msg);
}

/* Level l's snapshot against the table at its entry (spec_import_finish);
 * then its 32-bit registers are re-normalized like the current stack's. */
static int check_level(void *ctx, SpecLevel *l, const SpecView *v)
{
    Restore *r = ctx;
    VmProcess *p = r->p;
    uint32_t lv = --r->lv;
    char where[32];
    snprintf(where, sizeof where, "level %u: ", lv);
    uint32_t n = vm__spec_snap_nframes(l);
    VmFrameCheck c = {.mod = p->mod, .opt = &p->opt, .frames = (const VmFrame *)l->snap,
                      .nframes = n, .next_serial = vm__spec_snap_serial(l), .nregs = l->nregs,
                      .kind = v->kind, .aux = v->aux, .ntab = v->len,
                      .nframe_blocks = v->nframe, .seen = r->seen, .gen = lv + 2,
                      .where = where};
    int rc = vm__check_frames(&c, r->err);
    if (rc < 0)
        return rc;
    VmFrame top = vm__spec_snap_frame(l, n - 1);
    const FirInsn *in = &p->mod->funcs[top.func].code[top.pc];
    if (!l->implicit && in->op != FIR_OP_speculate) /* implicit: resumes at its pc */
        return fir_error_set(r->err, FIR_EFORMAT,
                             "bad process state: %sits top frame is not at a speculate (pc %u)",
                             where, top.pc);
    for (uint32_t k = 0; k < n; k++) {
        VmFrame f = vm__spec_snap_frame(l, k);
        const FirFunc *fn = &p->mod->funcs[f.func];
        for (uint32_t i = 0; i < fn->nregs; i++) {
            FirType t = (FirType)fn->reg_types[i];
            if (t == FIR_I32 || t == FIR_F32)
                l->regs[f.base + i] &= 0xffffffffu;
        }
    }
    if (n > r->max_frames)
        r->max_frames = n;
    if (l->nregs > r->max_regs)
        r->max_regs = l->nregs;
    return 0;
}

/* Level k of parts: the level, its snapshot and its records. */
static int import_level(VmProcess *p, const VmPartLevel *pl, uint32_t k, FirError *err)
{
    SpecState *s = p->spec;
    char msg[200];
    SpecId *deps = malloc(((size_t)pl->ndeps + 1) * sizeof *deps);
    if (!deps)
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    for (uint32_t i = 0; i < pl->ndeps; i++)
        deps[i] = (SpecId){get32(pl->deps + 12 * (size_t)i), get64(pl->deps + 12 * (size_t)i + 4)};
    SpecLevelImport li = {.id = pl->id, .gid = {pl->owner, pl->seq}, .implicit = pl->implicit,
                          .deps = deps, .ndeps = pl->ndeps, .mark = pl->mark};
    SpecLevel *l;
    int rc = spec_import_level(s, &p->heap, &li, &l, msg, sizeof msg);
    free(deps);
    if (rc < 0)
        return spec_error(err, rc, msg);
    /* the snapshot: frames then next_serial (checked by check_level) */
    size_t flen = (size_t)pl->nframes * sizeof(VmFrame);
    uint8_t *snap = malloc(flen + 8);
    uint64_t *regs = malloc(((size_t)pl->nregs + 1) * sizeof *regs);
    if (!snap || !regs) {
        free(snap);
        free(regs);
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    }
    for (uint32_t i = 0; i < pl->nframes; i++) {
        const uint8_t *b = pl->frames + (size_t)i * VM_FRAME_BYTES;
        VmFrame f = {.func = get32(b), .pc = get32(b + 4), .base = get64(b + 8),
                     .dst = get32(b + 16), .blocks = get32(b + 20), .serial = get64(b + 24)};
        memcpy(snap + (size_t)i * sizeof f, &f, sizeof f);
    }
    memcpy(snap + flen, &pl->next_serial, 8);
    for (uint64_t i = 0; i < pl->nregs; i++)
        regs[i] = get64(pl->regs + 8 * i);
    rc = spec_snapshot(l, snap, flen + 8, regs, (size_t)pl->nregs);
    free(snap);
    free(regs);
    if (rc < 0)
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    /* records, with their pages and saved bytes taken in order */
    uint64_t pg = 0, sv = 0;
    uint32_t *pages = NULL;
    for (uint32_t i = 0; i < pl->nrecs; i++) {
        const uint8_t *b = pl->recs + (size_t)i * VM_REC_BYTES;
        SpecRecImport ri = {.idx = get32(b), .kind = b[4], .old_kind = b[5], .size = get32(b + 8),
                            .aux = get32(b + 12), .npages = get32(b + 16)};
        if (b[6] || b[7] || ri.npages > (pl->npages - pg)) {
            free(pages);
            return fir_error_set(err, FIR_EFORMAT,
                                 "bad process state: level %u: record %u: bad page count", k, i);
        }
        uint64_t nbytes = ri.kind == SPEC_REC_SAVE ? ri.size : 0;
        if (ri.npages) {
            uint32_t *np = realloc(pages, (size_t)ri.npages * sizeof *np);
            if (!np) {
                free(pages);
                return fir_error_set(err, FIR_ENOMEM, "out of memory");
            }
            pages = np;
            for (uint32_t j = 0; j < ri.npages; j++) {
                uint32_t n = get32(pl->pages + 4 * (pg + j));
                uint64_t off = (uint64_t)n * SPEC_PAGE_SIZE;
                pages[j] = n;
                if (off < ri.size)
                    nbytes += ri.size - off < SPEC_PAGE_SIZE ? ri.size - off : SPEC_PAGE_SIZE;
            }
            pg += ri.npages;
        }
        if (nbytes > pl->nsaved - sv) {
            free(pages);
            return fir_error_set(err, FIR_EFORMAT,
                                 "bad process state: level %u: record %u: saved bytes missing",
                                 k, i);
        }
        ri.pages = pages;
        ri.bytes = nbytes ? pl->saved + sv : NULL; /* saved may be absent */
        ri.nbytes = nbytes;
        sv += nbytes;
        rc = spec_import_rec(s, &p->heap, &ri, msg, sizeof msg);
        if (rc < 0) {
            free(pages);
            return spec_error(err, rc, msg);
        }
    }
    free(pages);
    if (pg != pl->npages || sv != pl->nsaved)
        return fir_error_set(err, FIR_EFORMAT,
                             "bad process state: level %u: %llu saved bytes belong to no record",
                             k, (unsigned long long)(pl->nsaved - sv + 4 * (pl->npages - pg)));
    return 0;
}

/* Room for the largest snapshot: a rollback copies it over the stack. */
static int reserve_stack(VmProcess *p, uint32_t nframes, uint64_t nregs, FirError *err)
{
    if (nframes > p->cap_frames) {
        VmFrame *f = realloc(p->frames, (size_t)nframes * sizeof *f);
        if (!f)
            return fir_error_set(err, FIR_ENOMEM, "out of memory for the VM stack");
        memset(f + p->cap_frames, 0, (size_t)(nframes - p->cap_frames) * sizeof *f);
        p->frames = f;
        p->cap_frames = nframes;
    }
    if (nregs > p->cap_regs) {
        VmSlot *r = nregs <= SIZE_MAX / sizeof *r ? realloc(p->regs, (size_t)nregs * sizeof *r)
                                                 : NULL;
        if (!r)
            return fir_error_set(err, FIR_ENOMEM, "out of memory for the VM stack");
        memset(r + p->cap_regs, 0, (size_t)(nregs - p->cap_regs) * sizeof *r);
        p->regs = r;
        p->cap_regs = nregs;
    }
    return 0;
}

int vm__spec_restore(VmProcess *p, const VmParts *parts, FirError *err)
{
    if (!parts->nlevels && !parts->nlog && !parts->nlogbytes && !parts->nreplay)
        return 0;
    SpecState *s = spec_new();
    if (!s)
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    p->spec = s; /* freed with p, whatever happens */
    spec_set_writer(s, write_fd, close_fd, p);
    s->io.direct = p->opt.spec_io_direct;
    char msg[200];
    int rc = spec_import_begin(s, parts->spec_owner, parts->spec_next_seq, msg, sizeof msg);
    if (rc < 0)
        return spec_error(err, rc, msg);
    for (uint32_t k = 0; k < parts->nlevels; k++)
        if ((rc = import_level(p, &parts->levels[k], k, err)) < 0)
            return rc;
    SpecIoEntry *ent = malloc(((size_t)parts->nlog + 1) * sizeof *ent);
    if (!ent)
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    for (uint64_t i = 0; i < parts->nlog; i++) {
        const uint8_t *b = parts->log + VM_LOG_BYTES * i;
        ent[i] = (SpecIoEntry){.fd = (int32_t)get32(b), .kind = b[4], .len = get64(b + 8)};
        if (b[5] || b[6] || b[7])
            ent[i].kind = 0; /* rejected by spec_import_log */
    }
    rc = spec_import_log(s, ent, parts->nlog, parts->logbytes, parts->nlogbytes, msg,
                         sizeof msg);
    free(ent);
    if (rc < 0)
        return spec_error(err, rc, msg);
    for (uint32_t k = 0; k < parts->nreplay; k++) {
        const VmPartReplay *r = &parts->replay[k];
        if ((rc = spec_import_replay(s, r->fd, r->bytes, r->n, msg, sizeof msg)) < 0)
            return spec_error(err, rc, msg);
    }
    Restore r = {.p = p, .err = err, .lv = s->nopen};
    r.seen = calloc(p->heap.len, sizeof *r.seen);
    if (!r.seen)
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    rc = spec_import_finish(s, &p->heap, check_level, &r, msg, sizeof msg);
    free(r.seen);
    if (rc < 0)
        return msg[0] ? spec_error(err, rc, msg) : rc;
    return reserve_stack(p, r.max_frames, r.max_regs, err);
}
