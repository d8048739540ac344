/*
 * heap.c - the pointer table, block allocation, free with its checks, the
 * precise fault reasons of the slow access path, and the quarantine of freed
 * indexes with its reclamation pass.
 *
 * How it works
 * - Block bytes come from calloc for now (the collector issue replaces this
 *   with its own compacting heap); the table grows by doubling.  Small FRAME
 *   blocks come from the frame arena instead: a stack of chunks, bumped on
 *   alloca and popped when the frame returns, so address-taken locals cost
 *   no malloc.
 * - A freed block (heap free, frame release) loses its bytes at once; its
 *   entry becomes DEAD (size 0, so every access takes the slow path, which
 *   reports use after free / use after return) and its index goes into the
 *   quarantine.
 * - Reclamation: mark the quarantined indexes in a bitmap, scan the roots
 *   (through the VM's callback) and every accessible block for 4-byte-aligned
 *   8-byte words whose high half is a marked index; indexes nobody mentions
 *   go to the free list, the others stay quarantined.  A pass runs when the
 *   indexes quarantined since the last pass number >= GC_QUAR_MIN and, times
 *   GC_QUAR_RATIO, cover the live bytes: a pass scans at most
 *   GC_QUAR_RATIO bytes per index it can free.
 *
 * Invariants
 * - live_bytes is the sum of sizes of accessible entries.
 * - An index is in exactly one of: accessible entry, quarantine, free list,
 *   or FUNC entry; tab[0] is none of them.
 */
#include "gc/gc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GC_QUAR_MIN 4096u
#define GC_QUAR_RATIO 256u
#define GC_CHUNK_SIZE ((size_t)256 << 10)

struct GcChunk {
    struct GcChunk *prev;
    size_t cap, used;
    _Alignas(16) uint8_t data[];
};

/* ---------------------------------------------------------- frame arena */

static size_t arena_size(uint64_t size)
{
    return ((size_t)size + 15) & ~(size_t)15;
}

static bool in_arena(GcKind kind, uint64_t size)
{
    return kind == GC_KIND_FRAME && size > 0 && size <= GC_FRAME_ARENA_MAX;
}

static uint8_t *arena_alloc(GcHeap *h, uint64_t size)
{
    size_t need = arena_size(size);
    struct GcChunk *c = h->frames;
    if (!c || c->cap - c->used < need) {
        c = h->spare;
        if (c)
            h->spare = NULL;
        else if (!(c = malloc(sizeof *c + GC_CHUNK_SIZE)))
            return NULL;
        c->cap = GC_CHUNK_SIZE;
        c->used = 0;
        c->prev = h->frames;
        h->frames = c;
    }
    uint8_t *d = c->data + c->used;
    c->used += need;
    memset(d, 0, (size_t)size);
    return d;
}

static void arena_release(GcHeap *h, uint8_t *data, uint32_t size)
{
    struct GcChunk *c = h->frames;
    size_t need = arena_size(size);
    if (!c || c->used < need || data != c->data + c->used - need)
        return; /* out of order: the space waits for its chunk to empty */
    c->used -= need;
    if (c->used == 0) {
        h->frames = c->prev;
        free(h->spare);
        h->spare = c;
    }
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
}

void gc_destroy(GcHeap *h)
{
    for (uint32_t i = 1; i < h->len && h->tab; i++)
        if (!in_arena((GcKind)h->tab[i].kind, h->tab[i].size))
            free(h->tab[i].data);
    while (h->frames) {
        struct GcChunk *c = h->frames;
        h->frames = c->prev;
        free(c);
    }
    free(h->spare);
    free(h->tab);
    free(h->quar);
    free(h->bitmap);
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
        if (h->cap == 0 || h->cap >= UINT32_MAX / 2)
            return 0;
        GcEntry *t = realloc(h->tab, (size_t)h->cap * 2 * sizeof *t);
        if (!t)
            return 0;
        memset(t + h->cap, 0, (size_t)h->cap * sizeof *t);
        h->tab = t;
        h->cap *= 2;
    }
    return h->len++;
}

static uint32_t new_block(GcHeap *h, GcKind kind, uint64_t size)
{
    if (size > UINT32_MAX || (h->limit && h->live_bytes + size > h->limit))
        return 0;
    uint8_t *data = NULL;
    if (in_arena(kind, size)) {
        if (!(data = arena_alloc(h, size)))
            return 0;
    } else if (size && !(data = calloc(1, size))) {
        return 0;
    }
    uint32_t idx = new_index(h);
    if (!idx) {
        if (in_arena(kind, size))
            arena_release(h, data, (uint32_t)size);
        else
            free(data);
        return 0;
    }
    GcEntry *e = &h->tab[idx];
    e->data = data;
    e->size = (uint32_t)size;
    e->stamp = kind == GC_KIND_CONST ? GC_STAMP_READONLY : h->stamp;
    e->aux = 0;
    e->kind = (uint8_t)kind;
    e->prev_kind = 0;
    e->mark = 0;
    e->age = 0;
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
    uint32_t idx = new_block(h, GC_KIND_FUNC, 0);
    if (idx) {
        h->tab[idx].aux = func_id;
        h->tab[idx].stamp = GC_STAMP_READONLY;
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

/* ---------------------------------------------------------- quarantine */

static void maybe_reclaim(GcHeap *h)
{
    uint32_t fresh = h->nquar - h->quar_kept;
    if (fresh >= GC_QUAR_MIN && (uint64_t)fresh * GC_QUAR_RATIO >= h->live_bytes)
        gc_reclaim(h);
}

/* Frees the bytes of an accessible block and quarantines its index.  If the
 * quarantine cannot grow, the index leaks: it stays DEAD forever (safe). */
static void kill(GcHeap *h, uint32_t idx)
{
    GcEntry *e = &h->tab[idx];
    if (in_arena((GcKind)e->kind, e->size))
        arena_release(h, e->data, e->size);
    else
        free(e->data);
    h->live_bytes -= e->size;
    e->data = NULL;
    e->aux = e->size;
    e->size = 0;
    e->prev_kind = e->kind;
    e->kind = GC_KIND_DEAD;
    if (h->nquar == h->cap_quar) {
        uint32_t cap = h->cap_quar ? 2 * h->cap_quar : 1024;
        uint32_t *q = realloc(h->quar, (size_t)cap * sizeof *q);
        if (!q)
            return;
        h->quar = q;
        h->cap_quar = cap;
    }
    h->quar[h->nquar++] = idx;
}

void gc_release_frame(GcHeap *h, uint32_t head)
{
    while (head) {
        uint32_t next = h->tab[head].aux;
        kill(h, head);
        head = next;
    }
    maybe_reclaim(h);
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
    maybe_reclaim(h);
    return GC_FAULT_OK;
}

/* ---------------------------------------------------------- reclamation */

static inline bool bit(const uint8_t *bm, uint32_t i)
{
    return (bm[i >> 3] >> (i & 7)) & 1;
}

/* Sets the seen bit of v when v is a quarantined index.  The bitmap holds
 * two planes: candidates (quarantined) in the first half, seen in the second. */
static inline void note(const uint8_t *restrict cand, uint8_t *restrict seen, uint32_t len,
                        uint32_t v)
{
    if (v < len && bit(cand, v))
        seen[v >> 3] |= (uint8_t)(1u << (v & 7));
}

void gc_scan_roots(GcHeap *h, const uint64_t *words, size_t n)
{
    const uint8_t *cand = h->bitmap;
    uint8_t *seen = h->bitmap + h->bitmap_plane;
    uint32_t len = h->len;
    for (size_t i = 0; i < n; i++)
        note(cand, seen, len, (uint32_t)(words[i] >> 32));
}

/* The high half of every 4-byte-aligned 8-byte word is the u32 at offset
 * 4, 8, ..., size - 4. */
static void scan_block(const uint8_t *restrict data, uint32_t size,
                       const uint8_t *restrict cand, uint8_t *restrict seen, uint32_t len)
{
    for (uint32_t off = 4; off + 4 <= size; off += 4) {
        uint32_t hi;
        memcpy(&hi, data + off, 4);
        note(cand, seen, len, hi);
    }
}

uint32_t gc_reclaim(GcHeap *h)
{
    h->nreclaims++;
    if (h->nquar == 0)
        return 0;
    size_t plane = ((size_t)h->len + 7) / 8;
    if (2 * plane > h->bitmap_bytes) {
        uint8_t *bm = realloc(h->bitmap, 2 * plane);
        if (!bm)
            return 0; /* try again at a later pass */
        h->bitmap = bm;
        h->bitmap_bytes = 2 * plane;
    }
    h->bitmap_plane = plane;
    uint8_t *cand = h->bitmap, *seen = h->bitmap + plane;
    memset(h->bitmap, 0, 2 * plane);
    for (uint32_t i = 0; i < h->nquar; i++) {
        uint32_t q = h->quar[i];
        cand[q >> 3] |= (uint8_t)(1u << (q & 7));
    }
    if (h->roots)
        h->roots(h, h->roots_ctx);
    const GcEntry *tab = h->tab;
    uint32_t len = h->len;
    for (uint32_t i = 1; i < len; i++)
        if (tab[i].size >= 8)
            scan_block(tab[i].data, tab[i].size, cand, seen, len);
    uint32_t kept = 0, freed = 0;
    for (uint32_t i = 0; i < h->nquar; i++) {
        uint32_t q = h->quar[i];
        GcEntry *e = &h->tab[q];
        if (bit(seen, q)) {
            h->quar[kept++] = q;
        } else {
            e->kind = GC_KIND_NONE;
            e->prev_kind = 0;
            e->aux = h->free_head;
            h->free_head = q;
            h->nfree++;
            freed++;
        }
    }
    h->nquar = kept;
    h->quar_kept = kept;
    return freed;
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

uint8_t *gc_store_slow(GcHeap *h, uint64_t p, uint64_t n, GcFault *fault)
{
    uint32_t idx = (uint32_t)(p >> 32), off = (uint32_t)p;
    GcFault f = gc_check(h, p, n, true);
    if (f == GC_FAULT_STAMP) {
        if (h->first_store && h->first_store(h, idx, h->first_store_ctx) != 0) {
            *fault = GC_FAULT_NOMEM;
            return NULL;
        }
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

uint32_t gc_quarantine_count(const GcHeap *h)
{
    return h->nquar;
}

uint32_t gc_free_count(const GcHeap *h)
{
    return h->nfree;
}

const char *gc_kind_name(GcKind k)
{
    static const char *const names[GC_NKINDS] = {"none", "data", "global", "const",
                                                 "frame", "func", "dead"};
    return (unsigned)k < GC_NKINDS ? names[k] : "?";
}
