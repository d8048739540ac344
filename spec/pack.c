/*
 * pack.c - speculation state as plain data for migration: the import side
 * (a packer reads the public structures directly, see spec.h), which
 * rebuilds levels, records, the held-I/O log and the replay buffers from
 * untrusted input and checks them against the rebuilt heap.
 *
 * How it works
 * - Levels are opened with spec_enter (so the list, the id index and the
 *   spare list stay spec/'s business) and then given their packed id,
 *   global identity and log mark; records are added with the pool's own
 *   rec_new, so chains are built newest first in import order.
 * - spec_import_finish proves that every rollback the program may do later
 *   finds what it needs: it copies kind, size, frame link and "bytes kept"
 *   of every table entry into a model, then undoes the levels innermost
 *   first, each level's records newest first, checking each record's
 *   precondition on the model (a copy matches a live block of its size, an
 *   allocation names a block, a deferred free names a DEAD entry whose
 *   bytes are kept) and applying its effect.  After each level the model is
 *   the table at that level's entry, which the caller checks its snapshot
 *   against.  O(table + records).
 *
 * Invariants
 * - Nothing here trusts its input: every count is checked before it sizes
 *   an allocation (indexes against the heap, pages against the block), and
 *   a failure leaves a state that spec_destroy frees.
 * - The real heap is not changed (the first-store hook and a new epoch are
 *   installed once everything is checked).
 */
#include "spec/internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int err(char *msg, size_t n, int code, const char *fmt, ...)
{
    if (msg && n) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, n, fmt, ap);
        va_end(ap);
    }
    return code;
}

static uint32_t page_count(uint32_t size)
{
    return (uint32_t)(((uint64_t)size + SPEC_PAGE_SIZE - 1) / SPEC_PAGE_SIZE);
}

uint64_t spec_level_mark(const SpecState *s, const SpecLevel *l)
{
    return l->io_mark - s->io.base;
}

int spec_import_begin(SpecState *s, uint32_t owner, uint64_t next_seq, char *msg, size_t n)
{
    if (s->nopen || s->nrec != 1 || s->io.nent || s->io.nreplay)
        return err(msg, n, SPEC_EBAD, "speculation state imported twice");
    s->owner = owner;
    s->next_seq = next_seq;
    return 0;
}

int spec_import_level(SpecState *s, GcHeap *h, const SpecLevelImport *li, SpecLevel **out,
                      char *msg, size_t n)
{
    uint32_t pos = s->nopen;
    const SpecLevel *prev = s->last;
    if (li->id <= 0 || (prev && li->id <= prev->id))
        return err(msg, n, SPEC_EBAD, "level %" PRIu32 ": id %" PRId32 " is not after %" PRId32,
                   pos, li->id, prev ? prev->id : 0);
    if (li->gid.seq == 0 || li->gid.seq > s->next_seq || (prev && li->gid.seq <= prev->gid.seq))
        return err(msg, n, SPEC_EBAD, "level %" PRIu32 ": sequence number %" PRIu64
                   " out of order", pos, li->gid.seq);
    if ((!prev && li->mark != 0) || (prev && li->mark < prev->io_mark))
        return err(msg, n, SPEC_EBAD, "level %" PRIu32 ": log mark %" PRIu64 " out of order",
                   pos, li->mark);
    SpecId *deps = NULL;
    if (li->ndeps) {
        if (!(deps = malloc((size_t)li->ndeps * sizeof *deps)))
            return err(msg, n, SPEC_ENOMEM, "out of memory for speculation levels");
        memcpy(deps, li->deps, (size_t)li->ndeps * sizeof *deps);
    }
    uint64_t seq = s->next_seq;
    SpecLevel *l;
    int rc = spec_enter(s, h, &l);
    s->next_seq = seq;
    if (rc < 0) {
        free(deps);
        return err(msg, n, SPEC_ENOMEM, "out of memory for speculation levels");
    }
    l->id = li->id;
    s->order[s->norder - 1].id = li->id;
    l->gid = li->gid;
    l->implicit = li->implicit;
    free(l->deps);
    l->deps = deps;
    l->ndeps = l->cap_deps = li->ndeps;
    l->io_mark = li->mark; /* the log starts at base 0 */
    *out = l;
    return 0;
}

/* The checks of one record that need no heap model. */
static int check_rec(const GcHeap *h, const SpecRecImport *ri, uint32_t lv, uint32_t k,
                     char *msg, size_t n)
{
    bool ok;
    if (ri->idx == 0 || ri->idx >= h->len)
        return err(msg, n, SPEC_EBAD, "level %" PRIu32 ": record %" PRIu32 ": index %" PRIu32
                   " out of range", lv, k, ri->idx);
    switch (ri->kind) {
    case SPEC_REC_SAVE:
        ok = ri->size < SPEC_PAGE_BLOCK && ri->nbytes == ri->size && !ri->npages &&
             !ri->old_kind && !ri->aux;
        break;
    case SPEC_REC_PAGES: {
        /* sizes bound what is allocated: the block is in the image with
         * this size (live or kept), and the pages' bytes are all there */
        const GcEntry *e = &h->tab[ri->idx];
        uint32_t bsize = e->kind == GC_KIND_DEAD ? e->aux : e->size;
        ok = ri->size >= SPEC_PAGE_BLOCK && ri->size == bsize && ri->npages &&
             ri->npages <= page_count(ri->size) && !ri->old_kind && !ri->aux &&
             ri->nbytes > (uint64_t)(ri->npages - 1) * SPEC_PAGE_SIZE &&
             ri->nbytes <= (uint64_t)ri->npages * SPEC_PAGE_SIZE;
        break;
    }
    case SPEC_REC_ALLOC:
        ok = !ri->size && !ri->aux && !ri->old_kind && !ri->npages && !ri->nbytes;
        break;
    case SPEC_REC_FREE:
        ok = (ri->old_kind == GC_KIND_DATA || ri->old_kind == GC_KIND_FRAME) && !ri->npages &&
             !ri->nbytes;
        break;
    default:
        return err(msg, n, SPEC_EBAD, "level %" PRIu32 ": record %" PRIu32 ": unknown kind %u",
                   lv, k, (unsigned)ri->kind);
    }
    if (!ok)
        return err(msg, n, SPEC_EBAD, "level %" PRIu32 ": record %" PRIu32 ": bad %s record",
                   lv, k, ri->kind == SPEC_REC_SAVE    ? "saved copy"
                          : ri->kind == SPEC_REC_PAGES ? "saved pages"
                          : ri->kind == SPEC_REC_ALLOC ? "allocation"
                                                       : "deferred free");
    return 0;
}

/* Fills PAGES record r from ri (checked: npages in range). */
static int import_pages(SpecRec *r, const SpecRecImport *ri, uint32_t lv, uint32_t k,
                        char *msg, size_t n)
{
    uint32_t total = page_count(ri->size);
    r->bitmap = calloc(((size_t)total + 63) / 64, sizeof *r->bitmap);
    r->pages = malloc((size_t)ri->npages * sizeof *r->pages);
    r->bytes = calloc(ri->npages, SPEC_PAGE_SIZE);
    if (!r->bitmap || !r->pages || !r->bytes)
        return err(msg, n, SPEC_ENOMEM, "out of memory for saved pages");
    r->cap_pages = ri->npages;
    uint64_t off = 0;
    for (uint32_t i = 0; i < ri->npages; i++) {
        uint32_t pg = ri->pages[i];
        if (pg >= total || ((r->bitmap[pg >> 6] >> (pg & 63)) & 1))
            return err(msg, n, SPEC_EBAD, "level %" PRIu32 ": record %" PRIu32
                       ": bad saved page %" PRIu32, lv, k, pg);
        uint64_t start = (uint64_t)pg * SPEC_PAGE_SIZE;
        uint64_t len = r->size - start < SPEC_PAGE_SIZE ? r->size - start : SPEC_PAGE_SIZE;
        if (ri->nbytes - off < len)
            break; /* reported below */
        memcpy(r->bytes + (size_t)i * SPEC_PAGE_SIZE, ri->bytes + off, (size_t)len);
        off += len;
        r->pages[r->npages++] = pg;
        r->bitmap[pg >> 6] |= (uint64_t)1 << (pg & 63);
    }
    if (r->npages != ri->npages || off != ri->nbytes)
        return err(msg, n, SPEC_EBAD, "level %" PRIu32 ": record %" PRIu32
                   ": saved pages do not match their bytes", lv, k);
    return 0;
}

int spec_import_rec(SpecState *s, const GcHeap *h, const SpecRecImport *ri, char *msg, size_t n)
{
    SpecLevel *l = s->last;
    if (!l)
        return err(msg, n, SPEC_EBAD, "a record without a level");
    uint32_t lv = s->nopen - 1, k = l->nrecs;
    int rc = check_rec(h, ri, lv, k, msg, n);
    if (rc < 0)
        return rc;
    uint32_t id = spec__rec_new(s, l, ri->idx, (SpecRecKind)ri->kind);
    if (!id)
        return err(msg, n, SPEC_ENOMEM, "out of memory for speculation records");
    SpecRec *r = &s->rec[id];
    r->old_kind = ri->old_kind;
    r->size = ri->size;
    r->aux = ri->aux;
    if (ri->kind == SPEC_REC_SAVE && ri->size) {
        if (!(r->bytes = malloc(ri->size)))
            return err(msg, n, SPEC_ENOMEM, "out of memory for saved copies");
        memcpy(r->bytes, ri->bytes, ri->size);
    } else if (ri->kind == SPEC_REC_PAGES) {
        return import_pages(r, ri, lv, k, msg, n);
    }
    return 0;
}

static bool grow(void **p, uint64_t *cap, uint64_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    if (need > SIZE_MAX / elem)
        return false;
    void *q = realloc(*p, (size_t)need * elem);
    if (!q)
        return false;
    *p = q;
    *cap = need;
    return true;
}

int spec_import_log(SpecState *s, const SpecIoEntry *ent, uint64_t nent, const uint8_t *bytes,
                    uint64_t nbytes, char *msg, size_t n)
{
    SpecIo *io = &s->io;
    if (io->nent || io->nbytes)
        return err(msg, n, SPEC_EBAD, "held I/O imported twice");
    uint64_t off = 0;
    for (uint64_t i = 0; i < nent; i++) {
        const SpecIoEntry *e = &ent[i];
        bool data = e->kind == SPEC_IO_OUT || e->kind == SPEC_IO_IN;
        if (e->fd < 0 || e->kind < SPEC_IO_OUT || e->kind > SPEC_IO_OPEN ||
            (!data && e->len) || e->len > nbytes - off)
            return err(msg, n, SPEC_EBAD, "held I/O entry %" PRIu64 " is not valid", i);
        off += e->len;
    }
    if (off != nbytes)
        return err(msg, n, SPEC_EBAD, "held I/O entries hold %" PRIu64 " of %" PRIu64 " bytes",
                   off, nbytes);
    if (!grow((void **)&io->ent, &io->cap_ent, nent, sizeof *io->ent) ||
        !grow((void **)&io->bytes, &io->cap_bytes, nbytes, 1))
        return err(msg, n, SPEC_ENOMEM, "out of memory for held I/O");
    off = 0;
    for (uint64_t i = 0; i < nent; i++) {
        io->ent[i] = (SpecIoEntry){.fd = ent[i].fd, .kind = ent[i].kind, .off = off,
                                   .len = ent[i].len};
        off += ent[i].len;
    }
    if (nbytes)
        memcpy(io->bytes, bytes, (size_t)nbytes);
    io->nent = nent;
    io->nbytes = nbytes;
    io->base = 0;
    return 0;
}

int spec_import_replay(SpecState *s, int32_t fd, const uint8_t *bytes, uint64_t nbytes,
                       char *msg, size_t n)
{
    SpecIo *io = &s->io;
    if (fd < 0)
        return err(msg, n, SPEC_EBAD, "replayed input for fd %" PRId32, fd);
    for (uint32_t i = 0; i < io->nreplay; i++)
        if (io->replay[i].fd == fd)
            return err(msg, n, SPEC_EBAD, "replayed input for fd %" PRId32 " twice", fd);
    if (nbytes == 0)
        return 0;
    uint64_t cap = io->cap_replay;
    if (io->nreplay == UINT32_MAX ||
        !grow((void **)&io->replay, &cap, (uint64_t)io->nreplay + 1, sizeof *io->replay))
        return err(msg, n, SPEC_ENOMEM, "out of memory for replayed input");
    io->cap_replay = (uint32_t)cap;
    uint8_t *b = nbytes <= SIZE_MAX ? malloc((size_t)nbytes) : NULL;
    if (!b)
        return err(msg, n, SPEC_ENOMEM, "out of memory for replayed input");
    memcpy(b, bytes, (size_t)nbytes);
    io->replay[io->nreplay++] = (SpecReplay){.fd = fd, .bytes = b, .start = 0,
                                             .len = (size_t)nbytes, .cap = (size_t)nbytes};
    return 0;
}

/* ------------------------------------------------------------ checking */

typedef struct Model {
    uint8_t *kind, *prev_kind, *kept;
    uint32_t *size, *aux;
    uint32_t len, nframe;
} Model;

static bool writable(uint8_t k)
{
    return k == GC_KIND_DATA || k == GC_KIND_GLOBAL || k == GC_KIND_FRAME;
}

static void set_kind(Model *m, uint32_t i, uint8_t k)
{
    m->nframe -= m->kind[i] == GC_KIND_FRAME;
    m->nframe += k == GC_KIND_FRAME;
    m->kind[i] = k;
}

/* Checks record r (number k of level lv) on the model and undoes it there,
 * as undo() and spec_rollback do on the heap. */
static int undo_model(Model *m, const SpecRec *r, uint32_t lv, uint32_t k, char *msg, size_t n)
{
    uint32_t i = r->idx;
    uint8_t kind = m->kind[i];
    switch ((SpecRecKind)r->kind) {
    case SPEC_REC_SAVE:
    case SPEC_REC_PAGES:
        if (!writable(kind) || m->size[i] != r->size)
            return err(msg, n, SPEC_EBAD, "level %" PRIu32 ": record %" PRIu32
                       ": the saved copy of block %" PRIu32 " does not match it", lv, k, i);
        return 0;
    case SPEC_REC_ALLOC:
        if (kind != GC_KIND_DATA && kind != GC_KIND_FRAME &&
            !(kind == GC_KIND_DEAD &&
              (m->prev_kind[i] == GC_KIND_DATA || m->prev_kind[i] == GC_KIND_FRAME)))
            return err(msg, n, SPEC_EBAD, "level %" PRIu32 ": record %" PRIu32
                       ": block %" PRIu32 " allocated in the level is not a heap or frame block",
                       lv, k, i);
        if (kind != GC_KIND_DEAD) { /* gc_discard */
            m->prev_kind[i] = kind;
            m->aux[i] = m->size[i];
            m->size[i] = 0;
            set_kind(m, i, GC_KIND_DEAD);
        }
        m->kept[i] = 0; /* nothing brings it back */
        return 0;
    case SPEC_REC_FREE:
        if (kind != GC_KIND_DEAD || m->prev_kind[i] != r->old_kind || m->aux[i] != r->size ||
            (r->size && !m->kept[i]))
            return err(msg, n, SPEC_EBAD, "level %" PRIu32 ": record %" PRIu32
                       ": block %" PRIu32 " freed in the level is not kept as it was", lv, k, i);
        m->size[i] = r->size; /* gc_revive, then the frame link */
        m->aux[i] = r->aux;
        m->prev_kind[i] = 0;
        set_kind(m, i, r->old_kind);
        return 0;
    }
    return err(msg, n, SPEC_EBAD, "level %" PRIu32 ": record %" PRIu32 ": unknown kind", lv, k);
}

static void model_free(Model *m)
{
    free(m->kind);
    free(m->prev_kind);
    free(m->kept);
    free(m->size);
    free(m->aux);
}

int spec_import_finish(SpecState *s, GcHeap *h, SpecViewFn *check, void *ctx, char *msg,
                       size_t n)
{
    if (msg && n)
        msg[0] = '\0';
    const SpecIo *io = &s->io;
    if (!s->nopen && io->nent)
        return err(msg, n, SPEC_EBAD, "held I/O without open levels");
    if (s->last && s->last->io_mark > io->nent)
        return err(msg, n, SPEC_EBAD, "level %" PRIu32 ": log mark %" PRIu64
                   " after the end of the log (%" PRIu64 " entries)", s->nopen - 1,
                   s->last->io_mark, io->nent);
    if (s->last && s->next_seq < s->last->gid.seq)
        return err(msg, n, SPEC_EBAD, "next sequence number %" PRIu64 " out of order",
                   s->next_seq);
    Model m = {0};
    m.len = h->len;
    m.kind = malloc(h->len);
    m.prev_kind = malloc(h->len);
    m.kept = malloc(h->len);
    m.size = malloc((size_t)h->len * sizeof *m.size);
    m.aux = malloc((size_t)h->len * sizeof *m.aux);
    if (!m.kind || !m.prev_kind || !m.kept || !m.size || !m.aux) {
        model_free(&m);
        return err(msg, n, SPEC_ENOMEM, "out of memory");
    }
    for (uint32_t i = 0; i < h->len; i++) {
        const GcEntry *e = &h->tab[i];
        m.kind[i] = e->kind;
        m.prev_kind[i] = e->kind == GC_KIND_DEAD ? e->prev_kind : 0;
        m.kept[i] = e->kind == GC_KIND_DEAD && e->data != NULL;
        m.size[i] = e->size;
        m.aux[i] = e->aux;
        m.nframe += e->kind == GC_KIND_FRAME;
    }
    int rc = 0;
    uint32_t lv = s->nopen;
    for (SpecLevel *l = s->last; rc == 0 && l; l = l->prev) {
        lv--;
        for (uint32_t k = l->nrecs; rc == 0 && k-- > 0;)
            rc = undo_model(&m, &s->rec[l->recs[k]], lv, k, msg, n);
        if (rc == 0 && check) {
            SpecView v = {m.kind, m.aux, m.len, m.nframe};
            rc = check(ctx, l, &v);
        }
    }
    model_free(&m);
    if (rc < 0)
        return rc;
    memset(&s->stats, 0, sizeof s->stats); /* counted per host */
    s->stats.max_open = s->nopen;
    if (s->nopen) {
        gc_set_first_store(h, spec_first_store, s);
        gc_new_stamp(h);
    }
    return 0;
}
