/*
 * level.c - speculation levels and their records: entry, the first-store
 * hook (copy-aside of blocks, per page for large ones), allocations and
 * deferred frees inside levels, commit (fold into the previous level in any
 * order), rollback, and the collector's view of what levels hold.
 *
 * How it works (see spec.h for the model)
 * - Records live in a pool (rec[], ids, free slots linked through `older`)
 *   and are chained per block index, newest first, from head[idx].  Records
 *   of a newer level are always newer in the chain, and a level's records
 *   are in its recs[] oldest first.
 * - The hook asks one question: does the innermost level already have a
 *   record for idx (head[idx] belongs to it)?  If not it saves the block.
 * - Commit of a middle or innermost level l into p moves l's records to p,
 *   except copies p already has (p's copy is older, so it wins; pages that
 *   p lacks are moved over).  The write epoch stays: every block stamped in
 *   the current epoch is still owned by the innermost level.
 * - Commit of the outermost level drops its copies and performs its
 *   deferred frees; rollback walks the levels from the innermost back to l,
 *   each level's records newest first, undoing each, then starts a new epoch.
 *
 * Invariants
 * - A record with kind != 0 is in exactly one open level's recs[] and in the
 *   chain of its index; free pool slots have kind 0.
 * - head[i] != 0 only for i < cap_head; when no level is open every head is
 *   0 and the pool holds no record.
 * - An index with a record is never reused by gc/ (spec_scan_roots and
 *   spec_mark_held report it), so undoing a record always finds its block.
 * - Ids of open levels increase along the list; order[] is sorted by id.
 */
#include "spec/internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SPARE 64u

/* ------------------------------------------------------------ lifecycle */

SpecState *spec_new(void)
{
    SpecState *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->nrec = 1; /* id 0 means none */
    return s;
}

static void level_free(SpecLevel *l)
{
    free(l->deps);
    free(l->recs);
    free(l->snap);
    free(l->regs);
    free(l);
}

static void rec_release_bytes(SpecRec *r)
{
    free(r->bytes);
    free(r->bitmap);
    free(r->pages);
    r->bytes = NULL;
    r->bitmap = NULL;
    r->pages = NULL;
}

void spec_destroy(SpecState *s, GcHeap *h)
{
    if (!s)
        return;
    (void)h; /* deferred frees are ordinary DEAD entries: gc_destroy frees them */
    for (uint32_t i = 1; i < s->nrec; i++)
        rec_release_bytes(&s->rec[i]);
    for (SpecLevel *l = s->first, *n; l; l = n) {
        n = l->next;
        level_free(l);
    }
    for (SpecLevel *l = s->spare, *n; l; l = n) {
        n = l->next;
        level_free(l);
    }
    free(s->order);
    free(s->rec);
    free(s->head);
    free(s->io.ent);
    free(s->io.bytes);
    for (uint32_t i = 0; i < s->io.nreplay; i++)
        free(s->io.replay[i].bytes);
    free(s->io.replay);
    free(s);
}

/* ---------------------------------------------------------- the pool */

/* Room for n more records without failing: pool slots and heads up to
 * max_idx. */
static bool reserve_pool(SpecState *s, uint32_t n, uint32_t max_idx)
{
    if ((uint64_t)s->nrec + n > s->cap_rec) {
        uint64_t cap = s->cap_rec ? 2 * (uint64_t)s->cap_rec : 256;
        while (cap < (uint64_t)s->nrec + n)
            cap *= 2;
        if (cap > UINT32_MAX)
            return false;
        SpecRec *r = realloc(s->rec, (size_t)cap * sizeof *r);
        if (!r)
            return false;
        s->rec = r;
        s->cap_rec = (uint32_t)cap;
    }
    if (max_idx >= s->cap_head) {
        uint64_t cap = s->cap_head ? 2 * (uint64_t)s->cap_head : 1024;
        while (cap <= max_idx)
            cap *= 2;
        if (cap > UINT32_MAX)
            cap = UINT32_MAX;
        uint32_t *hd = realloc(s->head, (size_t)cap * sizeof *hd);
        if (!hd)
            return false;
        memset(hd + s->cap_head, 0, ((size_t)cap - s->cap_head) * sizeof *hd);
        s->head = hd;
        s->cap_head = (uint32_t)cap;
    }
    return true;
}

static bool reserve_recs(SpecLevel *l, uint32_t n)
{
    if ((uint64_t)l->nrecs + n <= l->cap_recs)
        return true;
    uint64_t cap = l->cap_recs ? 2 * (uint64_t)l->cap_recs : 16;
    while (cap < (uint64_t)l->nrecs + n)
        cap *= 2;
    if (cap > UINT32_MAX)
        return false;
    uint32_t *r = realloc(l->recs, (size_t)cap * sizeof *r);
    if (!r)
        return false;
    l->recs = r;
    l->cap_recs = (uint32_t)cap;
    return true;
}

/* A new record of level l for idx, chained as the newest of idx.  Space
 * must have been reserved (reserve_pool, reserve_recs). */
static uint32_t rec_add(SpecState *s, SpecLevel *l, uint32_t idx, SpecRecKind kind)
{
    uint32_t id;
    if (s->free_rec) {
        id = s->free_rec;
        s->free_rec = s->rec[id].older;
    } else {
        id = s->nrec++;
    }
    SpecRec *r = &s->rec[id];
    memset(r, 0, sizeof *r);
    r->idx = idx;
    r->kind = (uint8_t)kind;
    r->level = l->gid.seq;
    r->older = s->head[idx];
    if (r->older)
        s->rec[r->older].newer = id;
    s->head[idx] = id;
    l->recs[l->nrecs++] = id;
    return id;
}

static void rec_unlink(SpecState *s, uint32_t id)
{
    SpecRec *r = &s->rec[id];
    if (r->newer)
        s->rec[r->newer].older = r->older;
    else
        s->head[r->idx] = r->older;
    if (r->older)
        s->rec[r->older].newer = r->newer;
}

/* Unlinks record id and returns its slot to the pool. */
static void rec_drop(SpecState *s, uint32_t id)
{
    rec_unlink(s, id);
    SpecRec *r = &s->rec[id];
    rec_release_bytes(r);
    r->kind = 0;
    r->older = s->free_rec;
    s->free_rec = id;
}

/* The newest record of idx if it belongs to level l, else 0. */
static uint32_t owned(const SpecState *s, const SpecLevel *l, uint32_t idx)
{
    uint32_t id = idx < s->cap_head ? s->head[idx] : 0;
    return id && s->rec[id].level == l->gid.seq ? id : 0;
}

/* Creates a record with reservation; 0 on failure. */
static uint32_t rec_new(SpecState *s, SpecLevel *l, uint32_t idx, SpecRecKind kind)
{
    if (!reserve_pool(s, 1, idx) || !reserve_recs(l, 1))
        return 0;
    return rec_add(s, l, idx, kind);
}

uint32_t spec__rec_new(SpecState *s, SpecLevel *l, uint32_t idx, SpecRecKind kind)
{
    return rec_new(s, l, idx, kind);
}

/* ----------------------------------------------------------- id index */

static void order_trim(SpecState *s)
{
    while (s->norder && !s->order[s->norder - 1].level) {
        s->norder--;
        s->nholes--;
    }
}

static void order_compact(SpecState *s)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < s->norder; i++)
        if (s->order[i].level)
            s->order[k++] = s->order[i];
    s->norder = k;
    s->nholes = 0;
}

static SpecSlot *order_slot(SpecState *s, int32_t id)
{
    uint32_t lo = 0, hi = s->norder;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->order[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->norder && s->order[lo].id == id ? &s->order[lo] : NULL;
}

SpecLevel *spec_find(SpecState *s, int32_t id)
{
    if (!s || id <= 0)
        return NULL;
    SpecSlot *sl = order_slot(s, id);
    return sl ? sl->level : NULL;
}

/* Takes l out of the open list and the id index. */
static void level_unlist(SpecState *s, SpecLevel *l)
{
    if (l->prev)
        l->prev->next = l->next;
    else
        s->first = l->next;
    if (l->next)
        l->next->prev = l->prev;
    else
        s->last = l->prev;
    l->prev = l->next = NULL;
    s->nopen--;
    SpecSlot *sl = order_slot(s, l->id);
    if (sl) {
        sl->level = NULL;
        s->nholes++;
    }
    order_trim(s);
    if (s->nholes > 32 && s->nholes * 2 > s->norder)
        order_compact(s);
}

static void level_recycle(SpecState *s, SpecLevel *l)
{
    if (s->nspare >= MAX_SPARE) {
        level_free(l);
        return;
    }
    l->next = s->spare;
    s->spare = l;
    s->nspare++;
}

/* ------------------------------------------------------------- entry */

int spec_enter(SpecState *s, GcHeap *h, SpecLevel **out)
{
    int32_t id = 1;
    if (s->last) {
        if (s->last->id == INT32_MAX)
            return SPEC_ELIMIT;
        id = s->last->id + 1;
    }
    if (s->norder == s->cap_order) {
        uint32_t cap = s->cap_order ? 2 * s->cap_order : 64;
        SpecSlot *o = realloc(s->order, (size_t)cap * sizeof *o);
        if (!o)
            return SPEC_ENOMEM;
        s->order = o;
        s->cap_order = cap;
    }
    SpecLevel *l = s->spare;
    if (l) {
        s->spare = l->next;
        s->nspare--;
    } else if (!(l = calloc(1, sizeof *l))) {
        return SPEC_ENOMEM;
    }
    l->id = id;
    l->gid.owner = s->owner;
    l->gid.seq = ++s->next_seq;
    l->implicit = false;
    l->ndeps = 0;
    l->nrecs = 0;
    l->snap_len = 0;
    l->nregs = 0;
    l->io_mark = s->io.base + s->io.nent;
    l->next = NULL;
    l->prev = s->last;
    if (s->last)
        s->last->next = l;
    else
        s->first = l;
    s->last = l;
    s->nopen++;
    s->order[s->norder].id = id;
    s->order[s->norder].level = l;
    s->norder++;
    s->stats.entered++;
    if (s->nopen > s->stats.max_open)
        s->stats.max_open = s->nopen;
    gc_set_first_store(h, spec_first_store, s);
    gc_new_stamp(h);
    *out = l;
    return 0;
}

int spec_snapshot(SpecLevel *l, const void *snap, size_t snap_len, const uint64_t *regs,
                  size_t nregs)
{
    if (snap_len > l->snap_cap) {
        size_t cap = snap_len < 256 ? 256 : snap_len;
        uint8_t *b = malloc(cap);
        if (!b)
            return SPEC_ENOMEM;
        free(l->snap);
        l->snap = b;
        l->snap_cap = cap;
    }
    if (nregs > l->cap_regs) {
        size_t cap = nregs < 64 ? 64 : nregs;
        uint64_t *r = cap <= SIZE_MAX / sizeof *r ? malloc(cap * sizeof *r) : NULL;
        if (!r)
            return SPEC_ENOMEM;
        free(l->regs);
        l->regs = r;
        l->cap_regs = cap;
    }
    if (snap_len)
        memcpy(l->snap, snap, snap_len);
    if (nregs)
        memcpy(l->regs, regs, nregs * sizeof *regs);
    l->snap_len = snap_len;
    l->nregs = nregs;
    return 0;
}

/* ------------------------------------------------------- copy-on-write */

static uint32_t page_count(uint32_t size)
{
    return (uint32_t)(((uint64_t)size + SPEC_PAGE_SIZE - 1) / SPEC_PAGE_SIZE);
}

static bool page_saved(const SpecRec *r, uint32_t pg)
{
    return (r->bitmap[pg >> 6] >> (pg & 63)) & 1;
}

static bool reserve_pages(SpecRec *r, uint32_t n)
{
    if ((uint64_t)r->npages + n <= r->cap_pages)
        return true;
    uint64_t cap = r->cap_pages ? 2 * (uint64_t)r->cap_pages : 8;
    while (cap < (uint64_t)r->npages + n)
        cap *= 2;
    uint32_t total = page_count(r->size);
    if (cap > total)
        cap = total;
    uint32_t *pg = realloc(r->pages, (size_t)cap * sizeof *pg);
    if (!pg)
        return false;
    r->pages = pg;
    uint8_t *b = realloc(r->bytes, (size_t)cap * SPEC_PAGE_SIZE);
    if (!b)
        return false;
    r->bytes = b;
    r->cap_pages = (uint32_t)cap;
    return true;
}

/* Copies page pg of the block data into record r (space reserved). */
static void save_page(SpecState *s, SpecRec *r, const uint8_t *data, uint32_t pg)
{
    uint64_t off = (uint64_t)pg * SPEC_PAGE_SIZE;
    uint32_t len = r->size - off < SPEC_PAGE_SIZE ? (uint32_t)(r->size - off) : SPEC_PAGE_SIZE;
    uint8_t *dst = r->bytes + (size_t)r->npages * SPEC_PAGE_SIZE;
    memcpy(dst, data + off, len);
    if (len < SPEC_PAGE_SIZE)
        memset(dst + len, 0, SPEC_PAGE_SIZE - len); /* scanned as roots */
    r->pages[r->npages++] = pg;
    r->bitmap[pg >> 6] |= (uint64_t)1 << (pg & 63);
    s->stats.pages_saved++;
    s->stats.bytes_copied += len;
}

/* The PAGES record of the innermost level for large block idx, made if
 * needed; 0 on failure. */
static uint32_t pages_record(SpecState *s, GcHeap *h, uint32_t idx)
{
    uint32_t id = owned(s, s->last, idx);
    if (id)
        return id;
    uint32_t size = h->tab[idx].size;
    uint64_t *bm = calloc(((size_t)page_count(size) + 63) / 64, sizeof *bm);
    if (!bm || !(id = rec_new(s, s->last, idx, SPEC_REC_PAGES))) {
        free(bm);
        return 0;
    }
    s->rec[id].size = size;
    s->rec[id].bitmap = bm;
    s->stats.blocks_cloned++;
    return id;
}

/* Saves pages [first, last] of large block idx; 1 if some page of the
 * block is still unsaved, 0 if none, or SPEC_ENOMEM. */
static int save_pages(SpecState *s, GcHeap *h, uint32_t idx, uint32_t first, uint32_t last)
{
    uint32_t id = pages_record(s, h, idx);
    if (!id)
        return SPEC_ENOMEM;
    SpecRec *r = &s->rec[id];
    if (r->kind == SPEC_REC_ALLOC)
        return 0; /* allocated in this level: nothing to save */
    if (r->kind != SPEC_REC_PAGES)
        return 0;
    uint32_t need = 0;
    for (uint32_t pg = first; pg <= last; pg++)
        need += !page_saved(r, pg);
    if (need && !reserve_pages(r, need))
        return SPEC_ENOMEM;
    const uint8_t *data = h->tab[idx].data;
    for (uint32_t pg = first; pg <= last; pg++)
        if (!page_saved(r, pg))
            save_page(s, r, data, pg);
    return r->npages < page_count(r->size);
}

int spec_save_range(SpecState *s, GcHeap *h, uint32_t idx, uint32_t off, uint64_t n)
{
    if (!spec_active(s) || idx >= h->len)
        return 0;
    int rc = 1;
    uint32_t size = h->tab[idx].size;
    if (n > 0 && size > 0) {
        uint64_t end = (uint64_t)off + n - 1;
        if (end >= size)
            end = size - 1;
        rc = save_pages(s, h, idx, off / SPEC_PAGE_SIZE, (uint32_t)(end / SPEC_PAGE_SIZE));
    }
    if (rc >= 0)
        s->skip_idx = idx;
    return rc;
}

int spec_first_store(GcHeap *h, uint32_t idx, void *ctx)
{
    SpecState *s = ctx;
    if (!spec_active(s))
        return 0;
    if (idx == s->skip_idx) {
        s->skip_idx = 0;
        return 0;
    }
    if (owned(s, s->last, idx))
        return 0;
    uint32_t size = h->tab[idx].size;
    if (size >= SPEC_PAGE_BLOCK) /* range unknown here: every page */
        return save_pages(s, h, idx, 0, page_count(size) - 1) < 0 ? -1 : 0;
    uint8_t *copy = NULL;
    if (size && !(copy = malloc(size)))
        return -1;
    uint32_t id = rec_new(s, s->last, idx, SPEC_REC_SAVE);
    if (!id) {
        free(copy);
        return -1;
    }
    if (size)
        memcpy(copy, h->tab[idx].data, size);
    s->rec[id].size = size;
    s->rec[id].bytes = copy;
    s->stats.blocks_cloned++;
    s->stats.bytes_copied += size;
    return 0;
}

/* ------------------------------------------------- allocation and free */

int spec_note_alloc(SpecState *s, GcHeap *h, uint32_t idx)
{
    (void)h;
    if (!spec_active(s))
        return 0;
    return rec_new(s, s->last, idx, SPEC_REC_ALLOC) ? 0 : SPEC_ENOMEM;
}

/* Frees block idx as far as the program can see (gc_discard: DEAD, a use
 * faults) and records how to revive it; its bytes and index stay while the
 * record holds them (spec_mark_held).  Space is reserved. */
static void defer(SpecState *s, GcHeap *h, uint32_t idx, uint32_t link)
{
    GcEntry *e = &h->tab[idx];
    uint32_t id = rec_add(s, s->last, idx, SPEC_REC_FREE);
    SpecRec *r = &s->rec[id];
    r->old_kind = e->kind;
    r->size = e->size;
    r->aux = link;
    gc_discard(h, idx);
}

/* Gives a deferred entry its block back (and a frame block its link). */
static void revive(GcHeap *h, const SpecRec *r)
{
    if (gc_revive(h, r->idx))
        h->tab[r->idx].aux = r->aux;
}

/* True if idx was allocated in the innermost level (its only record). */
static bool fresh(const SpecState *s, uint32_t idx)
{
    uint32_t id = owned(s, s->last, idx);
    return id && s->rec[id].kind == SPEC_REC_ALLOC;
}

GcFault spec_free(SpecState *s, GcHeap *h, uint64_t p)
{
    uint32_t idx = (uint32_t)(p >> 32);
    if (!spec_active(s) || (uint32_t)p != 0 || idx == 0 || idx >= h->len ||
        h->tab[idx].kind != GC_KIND_DATA || fresh(s, idx))
        return gc_free(h, p); /* an error, or nothing a rollback needs back */
    if (!reserve_pool(s, 1, idx) || !reserve_recs(s->last, 1))
        return GC_FAULT_NOMEM;
    defer(s, h, idx, h->tab[idx].aux);
    return GC_FAULT_OK;
}

int spec_release_frame(SpecState *s, GcHeap *h, uint32_t head)
{
    if (!spec_active(s)) {
        gc_release_frame(h, head);
        return 0;
    }
    uint32_t n = 0, max_idx = 0;
    for (uint32_t b = head; b && b < h->len && h->tab[b].kind == GC_KIND_FRAME;
         b = h->tab[b].aux) {
        n++;
        if (b > max_idx)
            max_idx = b;
    }
    if (!reserve_pool(s, n, max_idx) || !reserve_recs(s->last, n))
        return SPEC_ENOMEM;
    for (uint32_t b = head, next; n-- > 0; b = next) {
        next = h->tab[b].aux;
        if (fresh(s, b))
            gc_discard(h, b);
        else
            defer(s, h, b, next);
    }
    return 0;
}

/* -------------------------------------------------------------- commit */

static bool is_copy(uint8_t kind)
{
    return kind == SPEC_REC_SAVE || kind == SPEC_REC_PAGES;
}

/* The record of level seq p that makes copy record id redundant (an older
 * copy, or the block was allocated in p), or 0. */
static uint32_t covering(const SpecState *s, uint32_t id, uint64_t p)
{
    for (uint32_t o = s->rec[id].older; o && s->rec[o].level == p; o = s->rec[o].older)
        if (s->rec[o].kind == SPEC_REC_ALLOC || is_copy(s->rec[o].kind))
            return o;
    return 0;
}

/* Moves the pages of PAGES record from that `into` lacks (space reserved). */
static void merge_pages(SpecState *s, SpecRec *into, const SpecRec *from)
{
    for (uint32_t k = 0; k < from->npages; k++) {
        uint32_t pg = from->pages[k];
        if (page_saved(into, pg))
            continue;
        memcpy(into->bytes + (size_t)into->npages * SPEC_PAGE_SIZE,
               from->bytes + (size_t)k * SPEC_PAGE_SIZE, SPEC_PAGE_SIZE);
        into->pages[into->npages++] = pg;
        into->bitmap[pg >> 6] |= (uint64_t)1 << (pg & 63);
    }
    (void)s;
}

static void commit_outermost(SpecState *s, SpecLevel *l)
{
    uint64_t upto = l->next ? l->next->io_mark : s->io.base + s->io.nent;
    level_unlist(s, l); /* the collector must not see half-dropped records */
    /* Deferred frees are DEAD already: once their records are gone the
     * collector reclaims their bytes and indexes. */
    for (uint32_t i = 0; i < l->nrecs; i++)
        rec_drop(s, l->recs[i]);
    l->nrecs = 0;
    spec__io_commit_outermost(s, upto);
    level_recycle(s, l);
}

int spec_commit(SpecState *s, GcHeap *h, SpecLevel *l)
{
    SpecLevel *p = l->prev;
    (void)h; /* commit never touches the heap: deferred frees are DEAD already */
    s->stats.committed++;
    if (!p) {
        commit_outermost(s, l);
        return 0;
    }
    /* Reserve everything first so that a failure changes nothing. */
    if (!reserve_recs(p, l->nrecs))
        goto nomem;
    for (uint32_t i = 0; i < l->nrecs; i++) {
        uint32_t id = l->recs[i], o;
        if (s->rec[id].kind == SPEC_REC_PAGES && (o = covering(s, id, p->gid.seq)) &&
            s->rec[o].kind == SPEC_REC_PAGES && !reserve_pages(&s->rec[o], s->rec[id].npages))
            goto nomem;
    }
    for (uint32_t i = 0; i < l->nrecs; i++) {
        uint32_t id = l->recs[i], o;
        if (is_copy(s->rec[id].kind) && (o = covering(s, id, p->gid.seq))) {
            if (s->rec[o].kind == SPEC_REC_PAGES)
                merge_pages(s, &s->rec[o], &s->rec[id]);
            rec_drop(s, id);
        } else {
            s->rec[id].level = p->gid.seq;
            p->recs[p->nrecs++] = id;
        }
    }
    l->nrecs = 0;
    level_unlist(s, l);
    level_recycle(s, l);
    return 0;
nomem:
    s->stats.committed--;
    return SPEC_ENOMEM;
}

/* ------------------------------------------------------------ rollback */

static void undo(SpecState *s, GcHeap *h, uint32_t id)
{
    SpecRec *r = &s->rec[id];
    uint8_t *data = h->tab[r->idx].data;
    switch ((SpecRecKind)r->kind) {
    case SPEC_REC_SAVE:
        if (r->size)
            memcpy(data, r->bytes, r->size);
        break;
    case SPEC_REC_PAGES:
        for (uint32_t k = 0; k < r->npages; k++) {
            uint64_t off = (uint64_t)r->pages[k] * SPEC_PAGE_SIZE;
            uint64_t len = r->size - off < SPEC_PAGE_SIZE ? r->size - off : SPEC_PAGE_SIZE;
            memcpy(data + off, r->bytes + (size_t)k * SPEC_PAGE_SIZE, (size_t)len);
        }
        break;
    case SPEC_REC_ALLOC:
        break; /* below, once the record is gone */
    case SPEC_REC_FREE:
        revive(h, r);
        break;
    }
}

SpecLevel *spec_rollback(SpecState *s, GcHeap *h, SpecLevel *l)
{
    /* Undo newest first.  Levels stay listed until the end so that a
     * reclamation pass run by a free below still sees what they hold. */
    for (SpecLevel *lv = s->last;; lv = lv->prev) {
        for (uint32_t i = lv->nrecs; i-- > 0;) {
            uint32_t id = lv->recs[i];
            uint32_t idx = s->rec[id].idx;
            bool alloc = s->rec[id].kind == SPEC_REC_ALLOC;
            undo(s, h, id);
            rec_drop(s, id);
            lv->nrecs = i;
            if (alloc)
                gc_discard(h, idx); /* allocated in the level: gone with it */
        }
        if (lv == l)
            break;
    }
    spec__io_rollback(s, l->io_mark);
    while (s->last != l) {
        SpecLevel *lv = s->last;
        level_unlist(s, lv);
        level_recycle(s, lv);
        s->stats.aborted++;
    }
    level_unlist(s, l);
    s->stats.aborted++;
    /* l goes to the spare list last, so its snapshot survives until the
     * next spec_enter. */
    if (s->nspare >= MAX_SPARE) {
        SpecLevel *old = s->spare;
        s->spare = old->next;
        s->nspare--;
        level_free(old);
    }
    l->next = s->spare;
    s->spare = l;
    s->nspare++;
    gc_new_stamp(h);
    return l;
}

/* ----------------------------------------------------------- collector */

#define ROOT_BATCH 256

typedef struct Roots {
    GcHeap *h;
    uint64_t w[ROOT_BATCH];
    size_t n;
} Roots;

static void root(Roots *r, uint64_t word)
{
    r->w[r->n++] = word;
    if (r->n == ROOT_BATCH) {
        gc_scan_roots(r->h, r->w, r->n);
        r->n = 0;
    }
}

/* Every 4-byte-aligned u32 at offset >= 4 as the high half of a word, as
 * gc/ scans blocks. */
static void root_bytes(Roots *r, const uint8_t *b, uint64_t len)
{
    for (uint64_t off = 4; off + 4 <= len; off += 4) {
        uint32_t hi;
        memcpy(&hi, b + off, 4);
        if (hi)
            root(r, (uint64_t)hi << 32);
    }
}

void spec_scan_roots(SpecState *s, GcHeap *h)
{
    if (!spec_active(s))
        return;
    Roots r;
    r.h = h;
    r.n = 0;
    for (SpecLevel *l = s->first; l; l = l->next) {
        if (l->nregs)
            gc_scan_roots(h, l->regs, l->nregs);
        for (uint32_t i = 0; i < l->nrecs; i++) {
            const SpecRec *c = &s->rec[l->recs[i]];
            if (!c->kind)
                continue;
            root(&r, (uint64_t)c->idx << 32);
            if (c->kind == SPEC_REC_SAVE && c->size)
                root_bytes(&r, c->bytes, c->size);
            else if (c->kind == SPEC_REC_PAGES)
                root_bytes(&r, c->bytes, (uint64_t)c->npages * SPEC_PAGE_SIZE);
        }
    }
    if (r.n)
        gc_scan_roots(h, r.w, r.n);
}

void spec_mark_held(SpecState *s, void (*mark)(GcHeap *, uint32_t idx), GcHeap *h)
{
    if (!spec_active(s))
        return;
    for (SpecLevel *l = s->first; l; l = l->next)
        for (uint32_t i = 0; i < l->nrecs; i++) {
            const SpecRec *c = &s->rec[l->recs[i]];
            /* a block allocated in a level and freed there needs only its
             * index kept (spec_scan_roots names it), not its bytes */
            if (c->kind && !(c->kind == SPEC_REC_ALLOC && c->idx < h->len &&
                             h->tab[c->idx].kind == GC_KIND_DEAD))
                mark(h, c->idx);
        }
}

/* ------------------------------------------------------------ test hooks */

const SpecRec *spec_record(const SpecState *s, uint32_t idx)
{
    uint32_t id = idx < s->cap_head ? s->head[idx] : 0;
    return id ? &s->rec[id] : NULL;
}

uint32_t spec_record_count(const SpecState *s)
{
    uint32_t n = 0;
    for (uint32_t i = 1; i < s->nrec; i++)
        n += s->rec[i].kind != 0;
    return n;
}
