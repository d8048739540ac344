/*
 * restore.c - a process rebuilt from parts (a migrated or checkpointed
 * process), and the migrate instruction's path out of the interpreter.
 *
 * How it works
 * - The parts (VmParts, decoded by migrate/ from an untrusted image) are
 *   checked completely before anything runs: table entries (kinds, sizes,
 *   stamps, function ids), the blocks of functions and globals against the
 *   module, the free list and quarantine (each index once, of the right
 *   kind), every frame (function, pc, register base, the call instruction a
 *   caller waits at and the callee it names, its list of frame blocks) and
 *   the register count.
 * - The pointer table is rebuilt through gc's rebuild API
 *   (gc_restore_entry in index order, then gc_restore_finish with the free
 *   list in the packed order): blocks get their bytes in gc's old space,
 *   freed ("quarantined") indexes stay DEAD until a collection proves them
 *   unreferenced.
 * - Then vm__load_code pre-decodes the module against those blocks, and the
 *   frames, registers and files are installed; vm_run continues at the top
 *   frame's pc like for a freshly loaded process.
 * - Open speculation levels come last (vm__spec_restore in spec.c): each
 *   level's VM stack is checked by vm__check_frames, the same check as the
 *   current stack's, against the table as it was at the level's entry.
 *   DEAD entries of blocks freed inside a level keep their bytes (entry
 *   flag ENTRY_KEPT).
 *
 * Invariants
 * - Nothing here trusts the parts; every failure is a FirError naming the
 *   field; p can then only be freed (before the module, which stays the
 *   caller's).
 * - 32-bit registers are re-normalized (zero-extended) so a hostile image
 *   cannot break the interpreter's representation invariant.
 */
#include "vm/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------- migrate hook */

void vm_set_migrate_hook(VmProcess *p, VmMigrateFn *fn, void *ctx, void (*free_ctx)(void *))
{
    if (p->migrate_free && p->migrate_ctx != ctx)
        p->migrate_free(p->migrate_ctx);
    p->migrate_fn = fn;
    p->migrate_ctx = ctx;
    p->migrate_free = free_ctx;
}

int32_t vm__migrate(VmProcess *p, uint32_t dst, uint64_t target)
{
    if (!p->migrate_fn)
        vm__fault(p, "migration is not supported yet");
    const uint8_t *m = gc_read_ptr(&p->heap, target, 1);
    if (!m)
        vm__access_fault(p, target, 1, false, "migrate");
    uint32_t idx = (uint32_t)(target >> 32), off = (uint32_t)target;
    uint32_t avail = p->heap.tab[idx].size - off;
    const uint8_t *nul = memchr(m, 0, avail);
    if (!nul)
        vm__fault(p, "migrate: the target string is not terminated before the end of its "
                  "block");
    /* the hook may collect (blocks move): keep a host copy */
    size_t n = (size_t)(nul - m);
    char *t = malloc(n + 1);
    if (!t)
        return -ENOMEM;
    memcpy(t, m, n + 1);
    VmFrame *fr = &p->frames[p->nframes - 1];
    VmSlot *r = p->regs + fr->base;
    r[dst].u64 = 0;
    fr->pc++;
    int rc = p->migrate_fn(p, t, p->migrate_ctx);
    fr = &p->frames[p->nframes - 1];
    fr->pc--;
    free(t);
    if (rc == VM_MIGRATE_EXIT) {
        vm__spec_left(p); /* held output went with the image */
        vm__exit(p, 0);
    }
    return rc > 0 ? -EINVAL : rc;
}

/* ------------------------------------------------------------ readers */

static uint32_t rd32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t rd64(const uint8_t *b)
{
    return (uint64_t)rd32(b) | (uint64_t)rd32(b + 4) << 32;
}

typedef struct Entry {
    uint8_t kind, prev_kind, age, flags;
    uint32_t size, stamp, aux;
} Entry;

/* Entry flags: a DEAD block whose bytes are kept (a free deferred by a
 * speculation level): its aux bytes are in the heap data. */
#define ENTRY_KEPT 1u

static Entry entry(const VmParts *parts, uint32_t i)
{
    const uint8_t *b = parts->entries + (size_t)(i - 1) * VM_ENTRY_BYTES;
    return (Entry){b[0], b[1], b[2], b[3], rd32(b + 4), rd32(b + 8), rd32(b + 12)};
}

static bool accessible(uint8_t kind)
{
    return kind == GC_KIND_DATA || kind == GC_KIND_GLOBAL || kind == GC_KIND_CONST ||
           kind == GC_KIND_FRAME;
}

/* ------------------------------------------------------------- checks */

static int bad(FirError *err, const char *fmt, uint64_t a, uint64_t b)
{
    char m[256];
    snprintf(m, sizeof m, fmt, (unsigned long long)a, (unsigned long long)b);
    return fir_error_set(err, FIR_EFORMAT, "bad process state: %s", m);
}

/* bad() with a prefix naming the level whose snapshot is checked. */
static int badw(FirError *err, const char *where, const char *fmt, uint64_t a, uint64_t b)
{
    char m[256];
    snprintf(m, sizeof m, fmt, (unsigned long long)a, (unsigned long long)b);
    return fir_error_set(err, FIR_EFORMAT, "bad process state: %s%s", where, m);
}

/* The table: kinds, sizes, stamps, and that data holds exactly the bytes of
 * the accessible blocks.  Fills mark[i]: 1 free list, 2 quarantine, 3 frame
 * block seen in a frame list. */
static int check_table(const VmParts *parts, uint8_t *mark, FirError *err)
{
    const FirModule *m = parts->mod;
    if (parts->ntab < 1)
        return bad(err, "empty pointer table", 0, 0);
    if (parts->stamp == GC_STAMP_READONLY)
        return bad(err, "heap stamp %llu is reserved", parts->stamp, 0);
    uint64_t bytes = 0;
    for (uint32_t i = 1; i < parts->ntab; i++) {
        Entry e = entry(parts, i);
        if (e.kind == GC_KIND_NONE || e.kind >= GC_NKINDS)
            continue; /* NONE checked with the free list; bad kinds below */
        if (e.flags && (e.flags != ENTRY_KEPT || e.kind != GC_KIND_DEAD))
            return bad(err, "entry %llu: bad flags %llu", i, e.flags);
        bool ro = e.stamp == GC_STAMP_READONLY;
        switch ((GcKind)e.kind) {
        case GC_KIND_DATA:
        case GC_KIND_GLOBAL:
        case GC_KIND_FRAME:
            if (ro)
                return bad(err, "entry %llu: writable block with the read-only stamp", i, 0);
            bytes += e.size;
            break;
        case GC_KIND_CONST:
            if (!ro)
                return bad(err, "entry %llu: constant block without the read-only stamp", i, 0);
            bytes += e.size;
            break;
        case GC_KIND_FUNC:
            if (e.size || !ro || e.aux >= m->nfuncs)
                return bad(err, "entry %llu: bad function block (function %llu)", i, e.aux);
            break;
        case GC_KIND_DEAD:
            if (e.size || (e.prev_kind != GC_KIND_DATA && e.prev_kind != GC_KIND_FRAME))
                return bad(err, "entry %llu: bad freed block", i, 0);
            if (e.flags & ENTRY_KEPT)
                bytes += e.aux;
            break;
        default:
            break;
        }
    }
    for (uint32_t i = 1; i < parts->ntab; i++) {
        uint8_t k = parts->entries[(size_t)(i - 1) * VM_ENTRY_BYTES];
        if (k >= GC_NKINDS)
            return bad(err, "entry %llu: unknown kind %llu", i, k);
    }
    if (bytes != parts->ndata)
        return bad(err, "the blocks hold %llu bytes but the heap data is %llu bytes", bytes,
                   parts->ndata);
    for (uint32_t k = 0; k < parts->nfree; k++) {
        uint32_t i = rd32(parts->free_list + 4 * (size_t)k);
        if (i == 0 || i >= parts->ntab || entry(parts, i).kind != GC_KIND_NONE || mark[i])
            return bad(err, "free list entry %llu (index %llu) is not a free index", k, i);
        mark[i] = 1;
    }
    for (uint32_t k = 0; k < parts->nquar; k++) {
        uint32_t i = rd32(parts->quar + 4 * (size_t)k);
        if (i == 0 || i >= parts->ntab || entry(parts, i).kind != GC_KIND_DEAD || mark[i])
            return bad(err, "quarantine entry %llu (index %llu) is not a freed index", k, i);
        mark[i] = 2;
    }
    if (parts->quar_kept > parts->nquar)
        return bad(err, "quarantine keeps %llu of %llu indexes", parts->quar_kept,
                   parts->nquar);
    for (uint32_t i = 1; i < parts->ntab; i++) {
        uint8_t k = entry(parts, i).kind;
        if ((k == GC_KIND_NONE && mark[i] != 1) || (k == GC_KIND_DEAD && mark[i] != 2))
            return bad(err, "entry %llu is unused but neither free nor quarantined", i, 0);
    }
    for (uint32_t f = 0; f < m->nfuncs; f++) {
        uint32_t b = rd32(parts->fblocks + 4 * (size_t)f);
        if (b == 0 || b >= parts->ntab || entry(parts, b).kind != GC_KIND_FUNC ||
            entry(parts, b).aux != f)
            return bad(err, "function %llu: block %llu is not its function block", f, b);
    }
    for (uint32_t g = 0; g < m->nglobals; g++) {
        uint32_t b = rd32(parts->gblocks + 4 * (size_t)g);
        const FirGlobal *fg = &m->globals[g];
        Entry e = b && b < parts->ntab ? entry(parts, b) : (Entry){0};
        uint8_t want = fg->is_const ? GC_KIND_CONST : GC_KIND_GLOBAL;
        if (e.kind != want || e.size != fg->size)
            return bad(err, "global %llu: block %llu does not match its definition", g, b);
    }
    return 0;
}

static FirType reg_type(const FirFunc *f, uint32_t r)
{
    return r == FIR_NOREG ? FIR_VOID : (FirType)f->reg_types[r];
}

/* Frame k > 0 was called by frame k - 1, which waits at a call instruction
 * naming it (directly, or through a pointer with the same signature). */
static int check_call(const FirModule *m, uint32_t k, uint32_t caller_func, uint32_t pc,
                      uint32_t callee, uint32_t dst, const char *w, FirError *err)
{
    const FirFunc *cf = &m->funcs[caller_func], *ef = &m->funcs[callee];
    const FirInsn *in = &cf->code[pc];
    if (in->op != FIR_OP_call && in->op != FIR_OP_call_ind)
        return badw(err, w, "frame %llu: its caller is not at a call (pc %llu)", k, pc);
    if (in->a != dst)
        return badw(err, w, "frame %llu: result register %llu differs from its call", k, dst);
    if (in->op == FIR_OP_call) {
        if (in->b != callee)
            return badw(err, w, "frame %llu: function %llu is not the one called", k, callee);
        return 0;
    }
    /* call.ind: the run-time signature check, as interp.c does it */
    if ((uint64_t)in->imm != ef->nparams ||
        (in->a != FIR_NOREG && reg_type(cf, in->a) != ef->ret))
        return badw(err, w, "frame %llu: function %llu does not match its call's signature", k,
                   callee);
    for (uint32_t i = 0; i < ef->nparams; i++)
        if (reg_type(cf, cf->args[in->c + i]) != (FirType)ef->reg_types[i])
            return badw(err, w, "frame %llu: function %llu does not match its call's signature",
                       k, callee);
    return 0;
}

int vm__check_frames(const VmFrameCheck *c, FirError *err)
{
    const FirModule *m = c->mod;
    const char *w = c->where;
    if (c->nframes == 0)
        return badw(err, w, "no frames: the process has ended", 0, 0);
    if (c->nframes > c->opt->max_frames)
        return fir_error_set(err, FIR_ERANGE,
                             "%sthe process has %u nested calls, more than the limit of %u", w,
                             c->nframes, c->opt->max_frames);
    uint64_t base = 0, serial = 0;
    uint32_t prev_func = 0, prev_pc = 0, nblocks = 0;
    for (uint32_t k = 0; k < c->nframes; k++) {
        const VmFrame *fr = &c->frames[k];
        uint32_t func = fr->func, pc = fr->pc, dst = fr->dst;
        if (func >= m->nfuncs || pc >= m->funcs[func].ncode)
            return badw(err, w, "frame %llu: bad function or pc %llu", k, pc);
        if (fr->base != base)
            return badw(err, w, "frame %llu: register base %llu is not after its caller's", k,
                        fr->base);
        if (fr->serial <= serial || fr->serial >= c->next_serial)
            return badw(err, w, "frame %llu: serial %llu out of order", k, fr->serial);
        if (k == 0 && dst != FIR_NOREG)
            return badw(err, w, "frame 0 has a result register %llu", dst, 0);
        if (k > 0) {
            int rc = check_call(m, k, prev_func, prev_pc, func, dst, w, err);
            if (rc < 0)
                return rc;
        }
        /* its frame blocks: a chain of FRAME entries owned by no other frame */
        uint32_t n = 0;
        for (uint32_t i = fr->blocks; i; i = c->aux[i]) {
            if (i >= c->ntab || c->kind[i] != GC_KIND_FRAME || c->seen[i] == c->gen ||
                ++n > c->ntab)
                return badw(err, w, "frame %llu: bad frame block list at index %llu", k, i);
            c->seen[i] = c->gen;
            nblocks++;
        }
        base += m->funcs[func].nregs;
        serial = fr->serial;
        prev_func = func;
        prev_pc = pc;
    }
    if (nblocks != c->nframe_blocks)
        for (uint32_t i = 1; i < c->ntab; i++)
            if (c->kind[i] == GC_KIND_FRAME && c->seen[i] != c->gen)
                return badw(err, w, "frame block %llu belongs to no frame", i, 0);
    if (c->nregs != base)
        return badw(err, w, "%llu registers packed, the frames need %llu", c->nregs, base);
    if (base > c->opt->max_reg_slots)
        return fir_error_set(err, FIR_ERANGE,
                             "%sthe process needs %llu register slots, more than the limit of "
                             "%llu", w, (unsigned long long)base,
                             (unsigned long long)c->opt->max_reg_slots);
    return 0;
}

static VmFrame frame_at(const uint8_t *frames, uint32_t k)
{
    const uint8_t *b = frames + (size_t)k * VM_FRAME_BYTES;
    return (VmFrame){.func = rd32(b), .pc = rd32(b + 4), .base = rd64(b + 8),
                     .dst = rd32(b + 16), .blocks = rd32(b + 20), .serial = rd64(b + 24)};
}

/* The current stack against the packed table. */
static int check_frames(const VmParts *parts, const VmOptions *opt, FirError *err)
{
    uint32_t ntab = parts->ntab;
    VmFrame *fr = malloc(((size_t)parts->nframes + 1) * sizeof *fr);
    uint8_t *kind = malloc(ntab);
    uint32_t *aux = malloc((size_t)ntab * sizeof *aux);
    uint32_t *seen = calloc(ntab, sizeof *seen);
    int rc = 0;
    if (!fr || !kind || !aux || !seen)
        rc = fir_error_set(err, FIR_ENOMEM, "out of memory");
    VmFrameCheck c = {.mod = parts->mod, .opt = opt, .frames = fr, .nframes = parts->nframes,
                      .next_serial = parts->next_serial, .nregs = parts->nregs, .kind = kind,
                      .aux = aux, .ntab = ntab, .seen = seen, .gen = 1, .where = ""};
    if (rc == 0) {
        kind[0] = GC_KIND_NONE;
        aux[0] = 0;
        for (uint32_t i = 1; i < ntab; i++) {
            Entry e = entry(parts, i);
            kind[i] = e.kind;
            aux[i] = e.aux;
            c.nframe_blocks += e.kind == GC_KIND_FRAME;
        }
        for (uint32_t k = 0; k < parts->nframes; k++)
            fr[k] = frame_at(parts->frames, k);
        rc = vm__check_frames(&c, err);
    }
    free(fr);
    free(kind);
    free(aux);
    free(seen);
    return rc;
}

/* -------------------------------------------------------------- rebuild */

/* The table is rebuilt entry by entry through gc's rebuild API: blocks get
 * their bytes in the old space, DEAD entries stay DEAD (the collector frees
 * their indexes once nothing names them), the free list keeps its order. */
static int rebuild_heap(VmProcess *p, const VmParts *parts, FirError *err)
{
    GcHeap *h = &p->heap;
    const uint8_t *src = parts->data;
    for (uint32_t i = 1; i < parts->ntab; i++) {
        Entry e = entry(parts, i);
        GcEntry g = {.size = e.size, .stamp = e.stamp, .aux = e.aux, .kind = e.kind,
                     .prev_kind = e.kind == GC_KIND_DEAD ? e.prev_kind : 0};
        uint32_t n = accessible(e.kind)                           ? e.size
                     : e.kind == GC_KIND_DEAD && e.flags & ENTRY_KEPT ? e.aux
                                                                      : 0;
        const uint8_t *bytes = n ? src : NULL;
        int rc = gc_restore_entry(h, i, &g, bytes);
        if (rc == -1)
            return fir_error_set(err, FIR_ENOMEM, "out of memory for block %u (%u bytes)", i,
                                 e.size);
        if (rc < 0)
            return fir_error_set(err, FIR_EINVAL, "cannot rebuild block %u", i);
        src += n;
    }
    uint32_t *fl = malloc(((size_t)parts->nfree + 1) * sizeof *fl);
    if (!fl)
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    for (uint32_t k = 0; k < parts->nfree; k++)
        fl[k] = rd32(parts->free_list + 4 * (size_t)k);
    int rc = gc_restore_finish(h, fl, parts->nfree);
    free(fl);
    if (rc == -1)
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    if (rc < 0)
        return fir_error_set(err, FIR_EINVAL, "cannot rebuild the free list");
    h->nallocs = parts->nallocs;
    if (parts->peak_bytes > h->peak_bytes)
        h->peak_bytes = parts->peak_bytes;
    return 0;
}

static int rebuild_stack(VmProcess *p, const VmParts *parts, FirError *err)
{
    uint32_t cap = parts->nframes > 64 ? parts->nframes : 64;
    if (cap > p->opt.max_frames && parts->nframes <= p->opt.max_frames)
        cap = p->opt.max_frames;
    uint64_t rcap = parts->nregs > 1024 ? parts->nregs : 1024;
    if (rcap > p->opt.max_reg_slots)
        rcap = parts->nregs;
    p->frames = calloc(cap, sizeof *p->frames);
    p->regs = (size_t)rcap == rcap ? calloc((size_t)rcap, sizeof *p->regs) : NULL;
    if (!p->frames || !p->regs)
        return fir_error_set(err, FIR_ENOMEM, "out of memory for the VM stack");
    p->cap_frames = cap;
    p->cap_regs = rcap;
    for (uint64_t i = 0; i < parts->nregs; i++)
        p->regs[i].u64 = rd64(parts->regs + 8 * i);
    for (uint32_t k = 0; k < parts->nframes; k++) {
        const uint8_t *b = parts->frames + (size_t)k * VM_FRAME_BYTES;
        VmFrame *fr = &p->frames[k];
        *fr = (VmFrame){.func = rd32(b), .pc = rd32(b + 4), .base = rd64(b + 8),
                        .dst = rd32(b + 16), .blocks = rd32(b + 20), .serial = rd64(b + 24)};
        const FirFunc *f = &p->mod->funcs[fr->func];
        for (uint32_t r = 0; r < f->nregs; r++) {
            FirType t = (FirType)f->reg_types[r];
            if (t == FIR_I32 || t == FIR_F32)
                p->regs[fr->base + r].u64 &= 0xffffffffu;
        }
    }
    p->nframes = parts->nframes;
    p->next_serial = parts->next_serial;
    p->calls = parts->calls;
    return 0;
}

static int rebuild_files(VmProcess *p, const VmParts *parts, FirError *err)
{
    bool std_open[3] = {false, false, false};
    for (uint32_t k = 0; k < parts->nfiles; k++) {
        const VmPartFile *f = &parts->files[k];
        for (uint32_t j = 0; j < k; j++)
            if (parts->files[j].fd == f->fd)
                return bad(err, "file descriptor %llu appears twice", f->fd, 0);
        if (f->fd <= 2)
            std_open[f->fd] = true;
        int rc = vm__file_reopen(p, f->fd, f->flags, f->path, f->offset, err);
        if (rc < 0)
            return rc;
    }
    for (uint32_t fd = 0; fd < 3; fd++)
        if (!std_open[fd])
            vm__file_forget(p, fd);
    return 0;
}

int vm__restore(VmProcess *p, const VmParts *parts, FirError *err)
{
    if (p->loaded || p->heap.len != 1)
        return fir_error_set(err, FIR_EINVAL, "the process already has a program");
    const FirModule *m = parts->mod;
    uint8_t *mark = calloc(parts->ntab ? parts->ntab : 1, 1);
    if (!mark)
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    int rc = check_table(parts, mark, err);
    if (rc == 0)
        rc = check_frames(parts, &p->opt, err);
    free(mark);
    if (rc == 0 && p->opt.heap_max && parts->ndata > p->opt.heap_max)
        rc = fir_error_set(err, FIR_ERANGE,
                           "the process has %llu bytes of memory, more than the limit of %llu",
                           (unsigned long long)parts->ndata,
                           (unsigned long long)p->opt.heap_max);
    if (rc == 0)
        rc = rebuild_heap(p, parts, err);
    uint32_t *fb = NULL, *gb = NULL;
    if (rc == 0) {
        fb = malloc(((size_t)m->nfuncs + 1) * sizeof *fb);
        gb = malloc(((size_t)m->nglobals + 1) * sizeof *gb);
        if (!fb || !gb)
            rc = fir_error_set(err, FIR_ENOMEM, "out of memory");
        for (uint32_t i = 0; rc == 0 && i < m->nfuncs; i++)
            fb[i] = rd32(parts->fblocks + 4 * (size_t)i);
        for (uint32_t i = 0; rc == 0 && i < m->nglobals; i++)
            gb[i] = rd32(parts->gblocks + 4 * (size_t)i);
    }
    if (rc == 0)
        rc = vm__load_code(p, parts->mod, fb, gb, err);
    free(fb);
    free(gb);
    bool code_loaded = rc == 0;
    if (rc == 0)
        rc = rebuild_stack(p, parts, err);
    if (rc == 0)
        rc = rebuild_files(p, parts, err);
    if (rc == 0)
        rc = vm__spec_restore(p, parts, err);
    if (rc < 0 && code_loaded) {
        /* the module goes back to the caller; vm_process_free releases the
         * rest (before the caller frees the module: the code points into it) */
        p->loaded = false;
        p->finished = true;
    }
    return rc;
}
