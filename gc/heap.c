/*
 * heap.c - the pointer table, block allocation (nursery and old space), free
 * with its checks, the precise fault reasons of the slow access path, the
 * store slow path with the remembered set, and rebuilding a packed heap.
 *
 * How it works
 * - Block bytes live in gc/'s own memory, mapped from the host in large
 *   pieces.  Young DATA and FRAME blocks are bumped in the nursery (no
 *   header, slots rounded to 8 bytes) and their indexes appended to the
 *   young list, so the list is in allocation and address order.  Larger
 *   young blocks, globals and constants are bumped at the end of the old
 *   space: chunks in address order, each block behind an 8-byte header.
 *   Globals and constants are born old.  collect.c empties the nursery.
 * - Free (and frame release) makes the entry DEAD at once (size 0, former
 *   size in aux) but keeps its bytes and index: the next collection drops
 *   the bytes unless a root holds them (gc_hold), and returns the index to
 *   the free list once no scanned word names it.
 * - The first store to a block in an epoch comes to gc_store_slow: an old
 *   block goes into the remembered set (once: GC_MARK_DIRTY), then the
 *   first-store hook runs.  Old blocks are stamped stale when born, and
 *   every collection starts a new epoch, so an old block cannot receive a
 *   pointer to a young one without passing here.
 *
 * Invariants
 * - live_bytes is the sum of sizes of accessible entries.
 * - An index is in exactly one of: accessible entry, FUNC entry, DEAD entry,
 *   free list; tab[0] is none of them.
 * - Young entries (age 0) are exactly the ones in young[0..nyoung).
 */
#include "gc/internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ------------------------------------------------------------- memory */

uint8_t *gc__map(size_t n)
{
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void gc__unmap(uint8_t *p, size_t n)
{
    if (p)
        munmap(p, n);
}

void gc__note_mem(GcHeap *h)
{
    if (h->mapped > h->stats.peak_mem)
        h->stats.peak_mem = h->mapped;
}

static size_t round_page(size_t n)
{
    return (n + 4095) & ~(size_t)4095;
}

/* A block's old-space slot: bumped in the last chunk, or in a new chunk
 * (its own when it is big).  Fresh chunks are zero already. */
uint8_t *gc__old_alloc(GcHeap *h, uint32_t idx, uint64_t size)
{
    uint64_t slot64 = GC_HDR + (uint64_t)gc__round8(size);
    if (slot64 > SIZE_MAX - 4096)
        return NULL;
    size_t slot = (size_t)slot64;
    GcChunk *c = h->nchunks ? &h->chunks[h->nchunks - 1] : NULL;
    bool fresh = false;
    if (!c || c->cap - c->used < slot) {
        if (h->nchunks == h->cap_chunks) {
            uint32_t cap = h->cap_chunks ? 2 * h->cap_chunks : 16;
            GcChunk *t = gc__fail(h) ? NULL : realloc(h->chunks, cap * sizeof *t);
            if (!t)
                return NULL;
            h->chunks = t;
            h->cap_chunks = cap;
        }
        size_t cap = slot > GC_BIG_SLOT ? round_page(slot) : GC_CHUNK_SIZE;
        uint8_t *base = gc__fail(h) ? NULL : gc__map(cap);
        if (!base)
            return NULL;
        c = &h->chunks[h->nchunks++];
        c->base = base;
        c->cap = cap;
        c->used = 0;
        h->mapped += cap;
        gc__note_mem(h);
        fresh = true;
    }
    uint8_t *s = c->base + c->used;
    c->used += slot;
    h->old_bytes += slot;
    GcHeader hd = {idx, (uint32_t)size};
    memcpy(s, &hd, sizeof hd);
    if (!fresh)
        memset(s + GC_HDR, 0, (size_t)size);
    return s + GC_HDR;
}

static bool nursery_init(GcHeap *h)
{
    if (h->nur_base)
        return true;
    if (!h->nur_size)
        h->nur_size = GC_NURSERY_SIZE;
    h->nur_base = gc__map(h->nur_size);
    if (!h->nur_base)
        return false;
    h->nur_top = h->nur_base;
    h->nur_end = h->nur_base + h->nur_size;
    h->mapped += h->nur_size;
    gc__note_mem(h);
    return true;
}

/* Resizes the empty nursery to `bytes` (keeps it if the host says no). */
void gc__resize_nursery(GcHeap *h, size_t bytes)
{
    if (h->nyoung || bytes == h->nur_size || !h->nur_base)
        return;
    uint8_t *n = gc__map(bytes);
    if (!n)
        return;
    gc__unmap(h->nur_base, h->nur_size);
    h->mapped = h->mapped - h->nur_size + bytes;
    gc__note_mem(h);
    h->nur_base = h->nur_top = n;
    h->nur_end = n + bytes;
    h->nur_size = bytes;
}

/* ------------------------------------------------------------ lifecycle */

void gc_init(GcHeap *h)
{
    memset(h, 0, sizeof *h);
    h->cap = 64;
    h->tab = calloc(h->cap, sizeof *h->tab);
    if (!h->tab)
        h->cap = 0; /* every allocation then fails cleanly */
    h->len = 1;     /* index 0 is null */
    h->stamp = 1;   /* so that stamp - 1 is always an older epoch */
    h->next_major = GC_MAJOR_MIN;
    h->nur_size = GC_NURSERY_SIZE; /* mapped at the first young block */
}

void gc_destroy(GcHeap *h)
{
    gc__unmap(h->nur_base, h->nur_size);
    for (uint32_t i = 0; i < h->nchunks; i++)
        gc__unmap(h->chunks[i].base, h->chunks[i].cap);
    free(h->chunks);
    free(h->tab);
    free(h->young);
    free(h->remset);
    free(h->stack);
    free(h->ybits_mem);
    memset(h, 0, sizeof *h);
}

void gc_set_limit(GcHeap *h, uint64_t bytes)
{
    h->limit = bytes;
}

void gc_set_roots(GcHeap *h, GcRootFn *fn, void *ctx)
{
    h->roots = fn;
    h->roots_ctx = ctx;
}

void gc_set_stress(GcHeap *h, int level)
{
    h->stress = level;
}

int gc_set_nursery(GcHeap *h, size_t bytes)
{
    if (h->nyoung || (h->nur_base && h->nur_top != h->nur_base))
        return -1;
    gc__unmap(h->nur_base, h->nur_size);
    h->mapped -= h->nur_base ? h->nur_size : 0;
    h->nur_base = h->nur_top = h->nur_end = NULL;
    h->nur_size = bytes < 4096 ? 4096 : round_page(bytes);
    h->nur_fixed = true;
    return nursery_init(h) ? 0 : -1;
}

/* ----------------------------------------------------------- allocation */

static uint32_t new_index(GcHeap *h)
{
    if (h->free_head) {
        uint32_t idx = h->free_head;
        h->free_head = h->tab[idx].aux;
        h->nfree--;
        return idx;
    }
    if (h->len == h->cap) {
        /* grow by half: the table never shrinks, so keep its slack small */
        uint64_t cap = (uint64_t)h->cap + h->cap / 2;
        if (h->cap == 0 || cap > UINT32_MAX || (size_t)cap != cap)
            return 0;
        GcEntry *t = realloc(h->tab, (size_t)cap * sizeof *t);
        if (!t)
            return 0;
        memset(t + h->cap, 0, (size_t)(cap - h->cap) * sizeof *t);
        h->tab = t;
        h->cap = (uint32_t)cap;
    }
    return h->len++;
}

void gc__free_index(GcHeap *h, uint32_t idx)
{
    GcEntry *e = &h->tab[idx];
    e->data = NULL;
    e->size = 0;
    e->stamp = 0;
    e->kind = GC_KIND_NONE;
    e->prev_kind = 0;
    e->mark = 0;
    e->age = 0;
    e->aux = h->free_head;
    h->free_head = idx;
    h->nfree++;
}

static bool young_room(GcHeap *h)
{
    if (h->nyoung < h->cap_young)
        return true;
    uint32_t cap = h->cap_young ? 2 * h->cap_young : 4096;
    uint32_t *t = gc__fail(h) ? NULL : realloc(h->young, (size_t)cap * sizeof *t);
    if (!t)
        return false;
    h->young = t;
    h->cap_young = cap;
    return true;
}

/* A stale stamp for blocks born old, so their first store is remembered. */
static uint32_t stale_stamp(const GcHeap *h)
{
    return h->stamp - 1; /* the stamp starts at 1 and restarts at 1 when it wraps */
}

/* Collects when the allocation of a young block of `size` bytes needs it
 * (or in stress mode); fails past the limit even after a major. */
static bool make_room(GcHeap *h, GcKind kind, uint64_t size)
{
    if (h->collecting)
        return !(h->limit && h->live_bytes + size > h->limit);
    bool young = kind == GC_KIND_DATA || kind == GC_KIND_FRAME;
    if (h->stress) {
        /* a major every 64 allocations, or every len/16 on big tables, so
         * that stress costs O(16) entries per allocation */
        bool major = h->stress >= 2 ||
                     (++h->stress_count >= 64 && h->stress_count >= h->len / 16);
        if (major)
            h->stress_count = 0;
        gc_collect(h, major);
    } else if (young && size <= gc__nursery_max(h) && h->nur_base &&
               ((size_t)(h->nur_end - h->nur_top) < gc__round8(size) ||
                h->nyoung >= h->nur_size / 8 || h->nyoung >= GC_YOUNG_MAX)) {
        gc__collect_auto(h);
    } else if (young && size > gc__nursery_max(h) && h->young_big &&
               h->young_big + size > h->nur_size) {
        gc__collect_auto(h);
    }
    if (h->limit && h->live_bytes + size > h->limit) {
        gc_collect(h, true);
        if (h->live_bytes + size > h->limit)
            return false;
    }
    return true;
}

static uint32_t new_block(GcHeap *h, GcKind kind, uint64_t size)
{
    if (size > UINT32_MAX || !make_room(h, kind, size))
        return 0;
    bool young = kind == GC_KIND_DATA || kind == GC_KIND_FRAME;
    if (young && (!nursery_init(h) || !young_room(h)))
        return 0;
    uint32_t idx = new_index(h);
    if (!idx)
        return 0;
    uint8_t *data = NULL;
    if (size == 0) {
        /* no storage */
    } else if (young && size <= gc__nursery_max(h)) {
        size_t slot = gc__round8(size);
        data = h->nur_top; /* make_room emptied the nursery if needed */
        h->nur_top += slot;
        memset(data, 0, slot);
    } else {
        data = gc__old_alloc(h, idx, size);
        if (!data) {
            gc__free_index(h, idx);
            return 0;
        }
        if (young)
            h->young_big += size;
    }
    GcEntry *e = &h->tab[idx];
    e->data = data;
    e->size = (uint32_t)size;
    e->aux = 0;
    e->kind = (uint8_t)kind;
    e->prev_kind = 0;
    e->mark = 0;
    if (young) {
        e->stamp = h->stamp;
        e->age = 0;
        h->young[h->nyoung++] = idx;
    } else {
        e->stamp = kind == GC_KIND_CONST ? GC_STAMP_READONLY : stale_stamp(h);
        e->age = GC_AGE_OLD;
    }
    h->live_bytes += size;
    if (h->live_bytes > h->peak_bytes)
        h->peak_bytes = h->live_bytes;
    h->nallocs++;
    return idx;
}

uint32_t gc_alloc(GcHeap *h, GcKind kind, uint64_t size)
{
    if (kind != GC_KIND_DATA && kind != GC_KIND_GLOBAL && kind != GC_KIND_CONST)
        return 0;
    return new_block(h, kind, size);
}

uint32_t gc_alloc_func(GcHeap *h, uint32_t func_id)
{
    uint32_t idx = new_index(h);
    if (idx) {
        GcEntry *e = &h->tab[idx];
        memset(e, 0, sizeof *e);
        e->kind = GC_KIND_FUNC;
        e->aux = func_id;
        e->stamp = GC_STAMP_READONLY;
        e->age = GC_AGE_OLD;
        h->nallocs++;
    }
    return idx;
}

uint32_t gc_alloc_frame(GcHeap *h, uint64_t size, uint32_t *head)
{
    uint32_t idx = new_block(h, GC_KIND_FRAME, size);
    if (idx) {
        h->tab[idx].aux = *head;
        *head = idx;
    }
    return idx;
}

/* ----------------------------------------------------------------- free */

/* An accessible block becomes DEAD; its bytes stay until a collection. */
static void kill(GcHeap *h, uint32_t idx)
{
    GcEntry *e = &h->tab[idx];
    h->live_bytes -= e->size;
    e->aux = e->size;
    e->size = 0;
    e->prev_kind = e->kind;
    e->kind = GC_KIND_DEAD;
    if (e->age)
        h->old_dead++;
}

void gc_release_frame(GcHeap *h, uint32_t head)
{
    while (head && head < h->len && h->tab[head].kind == GC_KIND_FRAME) {
        uint32_t next = h->tab[head].aux;
        kill(h, head);
        head = next;
    }
}

GcFault gc_free(GcHeap *h, uint64_t p)
{
    if (p == 0)
        return GC_FAULT_OK;
    uint32_t idx = (uint32_t)(p >> 32), off = (uint32_t)p;
    if (idx == 0 || idx >= h->len || h->tab[idx].kind == GC_KIND_NONE)
        return GC_FAULT_WILD;
    GcEntry *e = &h->tab[idx];
    if (e->kind == GC_KIND_DEAD)
        return e->prev_kind == GC_KIND_DATA ? GC_FAULT_DOUBLE_FREE : GC_FAULT_NOT_HEAP;
    if (e->kind != GC_KIND_DATA)
        return GC_FAULT_NOT_HEAP;
    if (off != 0)
        return GC_FAULT_INTERIOR;
    kill(h, idx);
    return GC_FAULT_OK;
}

void gc_discard(GcHeap *h, uint32_t idx)
{
    if (idx > 0 && idx < h->len &&
        (h->tab[idx].kind == GC_KIND_DATA || h->tab[idx].kind == GC_KIND_FRAME))
        kill(h, idx);
}

bool gc_revive(GcHeap *h, uint32_t idx)
{
    if (idx == 0 || idx >= h->len)
        return false;
    GcEntry *e = &h->tab[idx];
    if (e->kind != GC_KIND_DEAD || (e->aux && !e->data))
        return false;
    e->kind = e->prev_kind;
    e->prev_kind = 0;
    e->size = e->aux;
    e->aux = 0;
    if (e->age && h->old_dead)
        h->old_dead--;
    h->live_bytes += e->size;
    if (h->live_bytes > h->peak_bytes)
        h->peak_bytes = h->live_bytes;
    return true;
}

/* ------------------------------------------------------------- faults */

static const char *const fault_names[] = {
#define GC_FAULT_NAME(name, text) text,
    GC_FAULTS(GC_FAULT_NAME)
#undef GC_FAULT_NAME
};

const char *gc_fault_name(GcFault f)
{
    return (unsigned)f < sizeof fault_names / sizeof *fault_names ? fault_names[f] : "?";
}

GcFault gc_check(const GcHeap *h, uint64_t p, uint64_t n, bool write)
{
    uint32_t idx = (uint32_t)(p >> 32), off = (uint32_t)p;
    if (idx == 0)
        return GC_FAULT_NULL;
    if (idx >= h->len)
        return GC_FAULT_WILD;
    const GcEntry *e = &h->tab[idx];
    switch ((GcKind)e->kind) {
    case GC_KIND_NONE:
        return GC_FAULT_WILD;
    case GC_KIND_DEAD:
        return e->prev_kind == GC_KIND_FRAME ? GC_FAULT_RETURNED : GC_FAULT_FREED;
    case GC_KIND_FUNC:
        return GC_FAULT_FUNC;
    default:
        break;
    }
    if ((uint64_t)off + n > e->size)
        return GC_FAULT_BOUNDS;
    if (write && e->stamp != h->stamp)
        return e->stamp == GC_STAMP_READONLY ? GC_FAULT_CONST : GC_FAULT_STAMP;
    return GC_FAULT_OK;
}

static bool remset_push(GcHeap *h, uint32_t idx, uint32_t card)
{
    if (h->nremset == h->cap_remset) {
        uint32_t cap = h->cap_remset ? 2 * h->cap_remset : 1024;
        uint64_t *t = gc__fail(h) ? NULL : realloc(h->remset, (size_t)cap * sizeof *t);
        if (!t) {
            h->remset_lost = true;
            return false;
        }
        h->remset = t;
        h->cap_remset = cap;
    }
    h->remset[h->nremset++] = idx | (uint64_t)card << 32;
    return true;
}

/* The remembered set: old blocks stored to since the last collection.  If
 * it cannot grow, the next collection is a major one (which needs none).
 * A big block's first stores record their card only and keep the block
 * stale (true), so that a minor collection scans a few cards, not the block;
 * past 15 cards (or a store across cards) the whole block is remembered. */
static bool remember(GcHeap *h, uint32_t idx, uint32_t off, uint64_t n)
{
    GcEntry *e = &h->tab[idx];
    if (!e->age || (e->mark & GC_MARK_DIRTY) || h->remset_lost)
        return false;
    if (e->size >= GC_CARD_BLOCK && n && (e->mark & GC_MARK_CARDS) != GC_MARK_CARDS) {
        uint32_t card = off / GC_CARD_SIZE;
        if ((off + n - 1) / GC_CARD_SIZE == card) {
            uint64_t w = idx | (uint64_t)card << 32;
            if (h->nremset && h->remset[h->nremset - 1] == w)
                return true; /* same card as the last store */
            if (!remset_push(h, idx, card))
                return false;
            e->mark = (uint8_t)(e->mark + GC_MARK_CARD1);
            return true;
        }
    }
    if (remset_push(h, idx, GC_CARD_ALL))
        e->mark |= GC_MARK_DIRTY;
    return false;
}

uint8_t *gc_store_slow(GcHeap *h, uint64_t p, uint64_t n, GcFault *fault)
{
    uint32_t idx = (uint32_t)(p >> 32), off = (uint32_t)p;
    GcFault f = gc_check(h, p, n, true);
    if (f == GC_FAULT_STAMP) {
        bool stale = remember(h, idx, off, n);
        int rc = h->first_store ? h->first_store(h, idx, h->first_store_ctx) : 0;
        if (rc < 0) {
            *fault = GC_FAULT_NOMEM;
            return NULL;
        }
        if (rc == 0 && !stale)
            h->tab[idx].stamp = h->stamp;
    } else if (f != GC_FAULT_OK) {
        *fault = f;
        return NULL;
    }
    *fault = GC_FAULT_OK;
    return h->tab[idx].data + off;
}

void gc_new_stamp(GcHeap *h)
{
    if (++h->stamp == GC_STAMP_READONLY) {
        /* Wrapped: renumber so that no block looks current by accident. */
        for (uint32_t i = 1; i < h->len; i++)
            if (h->tab[i].stamp != GC_STAMP_READONLY)
                h->tab[i].stamp = 0;
        h->stamp = 1;
    }
}

void gc_set_first_store(GcHeap *h, GcFirstStoreFn *fn, void *ctx)
{
    h->first_store = fn;
    h->first_store_ctx = ctx;
}

/* Offsets past 2 GiB into blocks smaller than 2 GiB are negative offsets that
 * wrapped (p[-1]); print them as such. */
static int64_t shown_offset(uint32_t off, uint32_t size)
{
    return off >= 0x80000000u && size < 0x80000000u ? (int64_t)(int32_t)off : (int64_t)off;
}

static const char *bytes(uint64_t n)
{
    return n == 1 ? "byte" : "bytes";
}

void gc_describe(const GcHeap *h, GcFault f, uint64_t p, uint64_t n, const char *access,
                 char *buf, size_t size)
{
    uint32_t idx = (uint32_t)(p >> 32), off = (uint32_t)p;
    const GcEntry *e = idx < h->len ? &h->tab[idx] : NULL;
    const char *name = gc_fault_name(f);
    switch (f) {
    case GC_FAULT_WILD:
        snprintf(buf, size, "%s 0x%" PRIx64 ": %s of %" PRIu64 " %s", name, p, access, n,
                 bytes(n));
        break;
    case GC_FAULT_FREED:
        snprintf(buf, size, "%s: %s of %" PRIu64 " %s at offset %" PRId64
                 " in a freed block of %" PRIu32 " %s",
                 name, access, n, bytes(n), shown_offset(off, e->aux), e->aux, bytes(e->aux));
        break;
    case GC_FAULT_RETURNED:
        snprintf(buf, size, "%s: %s of %" PRIu64 " %s at offset %" PRId64
                 " in a local of a function that has returned",
                 name, access, n, bytes(n), shown_offset(off, e->aux));
        break;
    case GC_FAULT_BOUNDS:
    case GC_FAULT_CONST:
    case GC_FAULT_STAMP:
        snprintf(buf, size, "%s: %s of %" PRIu64 " %s at offset %" PRId64
                 " in a block of %" PRIu32 " %s",
                 name, access, n, bytes(n), shown_offset(off, e->size), e->size, bytes(e->size));
        break;
    default:
        snprintf(buf, size, "%s: %s of %" PRIu64 " %s at offset %" PRId64, name, access, n,
                 bytes(n), shown_offset(off, 0));
        break;
    }
}

static const char *what_block(GcKind k)
{
    switch (k) {
    case GC_KIND_GLOBAL: return "a global variable";
    case GC_KIND_CONST: return "constant data";
    case GC_KIND_FRAME: return "a local variable";
    case GC_KIND_FUNC: return "a function";
    default: return "a heap block";
    }
}

void gc_describe_free(const GcHeap *h, GcFault f, uint64_t p, char *buf, size_t size)
{
    uint32_t idx = (uint32_t)(p >> 32), off = (uint32_t)p;
    const GcEntry *e = idx < h->len ? &h->tab[idx] : NULL;
    switch (f) {
    case GC_FAULT_DOUBLE_FREE:
        snprintf(buf, size, "double free of a block of %" PRIu32 " %s", e->aux, bytes(e->aux));
        break;
    case GC_FAULT_NOT_HEAP:
        if (e->kind == GC_KIND_DEAD)
            snprintf(buf, size, "free of memory not allocated by malloc "
                     "(a local of a function that has returned)");
        else
            snprintf(buf, size, "free of memory not allocated by malloc (%s)",
                     what_block((GcKind)e->kind));
        break;
    case GC_FAULT_INTERIOR:
        snprintf(buf, size, "free of a pointer into the middle of a block "
                 "(offset %" PRId64 " in a block of %" PRIu32 " %s)",
                 shown_offset(off, e->size), e->size, bytes(e->size));
        break;
    default:
        snprintf(buf, size, "free of an invalid pointer 0x%" PRIx64, p);
        break;
    }
}

uint8_t *gc_data(const GcHeap *h, uint32_t idx)
{
    if (idx == 0 || idx >= h->len)
        return NULL;
    GcKind k = (GcKind)h->tab[idx].kind;
    if (k == GC_KIND_DATA || k == GC_KIND_GLOBAL || k == GC_KIND_CONST || k == GC_KIND_FRAME)
        return h->tab[idx].data;
    return NULL;
}

/* ------------------------------------------------------------- rebuild */

int gc_restore_entry(GcHeap *h, uint32_t idx, const GcEntry *src, const uint8_t *bytes)
{
    if (idx != h->len || h->nyoung || src->kind >= GC_NKINDS)
        return -2;
    GcKind k = (GcKind)src->kind;
    bool acc = k == GC_KIND_DATA || k == GC_KIND_GLOBAL || k == GC_KIND_CONST ||
               k == GC_KIND_FRAME;
    if (k == GC_KIND_DEAD && (src->prev_kind == GC_KIND_NONE || src->prev_kind == GC_KIND_DEAD ||
                              src->prev_kind == GC_KIND_FUNC || src->prev_kind >= GC_NKINDS))
        return -2;
    if (!acc && src->size)
        return -2;
    if (idx == UINT32_MAX || new_index(h) != idx)
        return -1;
    uint64_t nbytes = acc ? src->size : k == GC_KIND_DEAD && bytes ? src->aux : 0;
    GcEntry *e = &h->tab[idx];
    *e = *src;
    e->data = NULL;
    e->mark = 0;
    e->age = GC_AGE_OLD;
    if (k == GC_KIND_NONE) {
        e->aux = 0;
        e->stamp = 0;
        return 0;
    }
    if (nbytes) {
        if (!(e->data = gc__old_alloc(h, idx, nbytes))) {
            e->kind = GC_KIND_NONE;
            return -1;
        }
        if (bytes)
            memcpy(e->data, bytes, (size_t)nbytes);
    }
    if (k == GC_KIND_CONST || k == GC_KIND_FUNC)
        e->stamp = GC_STAMP_READONLY;
    else if (e->stamp == GC_STAMP_READONLY)
        return -2;
    if (acc)
        h->live_bytes += e->size;
    if (k == GC_KIND_DEAD)
        h->old_dead++;
    if (h->live_bytes > h->peak_bytes)
        h->peak_bytes = h->live_bytes;
    return 0;
}

int gc_restore_finish(GcHeap *h, const uint32_t *free_list, uint32_t nfree)
{
    if (h->free_head || h->nfree)
        return -2;
    uint32_t nnone = 0;
    for (uint32_t i = 1; i < h->len; i++)
        nnone += h->tab[i].kind == GC_KIND_NONE;
    if (nnone != nfree)
        return -2;
    /* link in reverse so that the list reads head first; a repeated index
     * would have become non-NONE already */
    for (uint32_t k = nfree; k-- > 0;) {
        uint32_t i = free_list[k];
        if (i == 0 || i >= h->len || h->tab[i].kind != GC_KIND_NONE || h->tab[i].mark) {
            for (uint32_t j = 1; j < h->len; j++)
                if (h->tab[j].kind == GC_KIND_NONE)
                    h->tab[j].mark = 0;
            return -2;
        }
        h->tab[i].mark = 1;
    }
    for (uint32_t k = nfree; k-- > 0;) {
        uint32_t i = free_list[k];
        h->tab[i].mark = 0;
        h->tab[i].aux = h->free_head;
        h->free_head = i;
        h->nfree++;
    }
    /* every restored block is old: stamp it stale so stores are remembered */
    gc_new_stamp(h);
    for (uint32_t i = 1; i < h->len; i++)
        if (h->tab[i].stamp == h->stamp)
            h->tab[i].stamp = stale_stamp(h);
    h->next_major = 2 * h->old_bytes > GC_MAJOR_MIN ? 2 * h->old_bytes : GC_MAJOR_MIN;
    return 0;
}

/* ------------------------------------------------------------ test hooks */

GcKind gc_entry_kind(const GcHeap *h, uint32_t idx)
{
    return idx < h->len ? (GcKind)h->tab[idx].kind : GC_KIND_NONE;
}

uint32_t gc_entry_size(const GcHeap *h, uint32_t idx)
{
    return idx < h->len ? h->tab[idx].size : 0;
}

GcKind gc_entry_prev_kind(const GcHeap *h, uint32_t idx)
{
    return idx < h->len && h->tab[idx].kind == GC_KIND_DEAD ? (GcKind)h->tab[idx].prev_kind
                                                           : GC_KIND_NONE;
}

uint32_t gc_free_count(const GcHeap *h)
{
    return h->nfree;
}

bool gc_is_young(const GcHeap *h, uint32_t idx)
{
    return idx > 0 && idx < h->len && h->tab[idx].kind != GC_KIND_NONE && h->tab[idx].age == 0;
}

const char *gc_kind_name(GcKind k)
{
    static const char *const names[GC_NKINDS] = {"none", "data", "global", "const",
                                                 "frame", "func", "dead"};
    return (unsigned)k < GC_NKINDS ? names[k] : "?";
}
