/*
 * collect.c - the collector: conservative marking with an explicit stack,
 * minor collections (young blocks: promote the survivors to the old space
 * in allocation order), major collections (mark everything, slide the old
 * space down keeping allocation order, free unreferenced indexes), and the
 * heap checker.
 *
 * How it works
 * - Marking is conservative: a word of a root or of a kept block names
 *   index v when its high 32 bits are v (in blocks: the u32 at offsets 4,
 *   12, 20, ..., the high half of each 8-aligned word).  A collection only considers
 *   entries of age <= max_age (0 in a minor, all in a major); the rest count
 *   as reached.  Reached live blocks keep their bytes and are scanned;
 *   reached DEAD blocks keep only their index, unless gc_hold keeps their
 *   bytes too (a speculation level may bring them back).  Live FRAME
 *   blocks, globals, constants and functions are always reached: frames
 *   release their blocks explicitly, and globals are never freed.
 * - This is safe for a moving collector because moving changes table
 *   entries, never a pointer value: a false positive only keeps a block.
 * - Minor: roots are the caller's (registers, levels), the young frame
 *   blocks and the remembered set (old blocks stored to since the last
 *   collection: an old block that was not stored to holds no pointer to a
 *   block younger than that collection).  Survivors are copied from the
 *   nursery to the end of the old space in young-list (allocation) order;
 *   unreached young indexes go to the free list at once.
 * - Major: every entry is a candidate.  The old space is walked chunk by
 *   chunk, header by header; kept blocks slide to the lowest address that
 *   fits (a block that does not fit the rest of a chunk starts the next
 *   one), so the order of blocks never changes and a destination never
 *   passes its source.  Emptied chunks go back to the host.  Then unreached
 *   old indexes are freed and the young survivors promoted behind.
 * - Every collection ends with a new write epoch, so every old block's next
 *   store reaches gc_store_slow and the remembered set.
 *
 * Invariants
 * - Nothing allocates guest blocks during a collection; the table does not
 *   move, only entries' data pointers change.
 * - An index goes to the free list only when no scanned word names it and
 *   nothing holds it: a stale pointer can never reach a reused index.
 */
#include "gc/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------- marking */

static void push(GcHeap *h, uint32_t idx)
{
    if (h->nstack == h->cap_stack) {
        uint32_t cap = h->cap_stack ? 2 * h->cap_stack : 4096;
        uint32_t *t = gc__fail(h) ? NULL : realloc(h->stack, (size_t)cap * sizeof *t);
        if (!t) {
            h->stack_lost = true; /* found again by rescan() */
            return;
        }
        h->stack = t;
        h->cap_stack = cap;
    }
    h->tab[idx].mark |= GC_MARK_SCANNED;
    h->stack[h->nstack++] = idx;
}

/* Entry idx is named by a word (or held): keep it, queue its bytes. */
static void reach(GcHeap *h, uint32_t idx, bool hold)
{
    GcEntry *e = &h->tab[idx];
    e->mark |= GC_MARK_REACHED;
    if (e->kind != GC_KIND_DEAD || hold) {
        e->mark |= GC_MARK_KEEP;
        if (!(e->mark & GC_MARK_SCANNED) && e->data && gc__bytes(e) >= 8)
            push(h, idx);
    }
}

/* Candidates go through a small ring: each entry is prefetched when found
 * and visited RING candidates later, which hides most of the cache misses
 * of a big table.  In a minor, the young bitmap filters candidates first
 * without touching the table at all. */
#define RING 16
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

typedef struct Ring {
    uint32_t v[RING];
    unsigned head, n;
} Ring;

static inline void visit(GcHeap *h, uint32_t v)
{
    const GcEntry *e = &h->tab[v];
    if (!(e->mark & GC_MARK_REACHED) && e->age <= h->max_age && e->kind != GC_KIND_NONE)
        reach(h, v, false);
}

static inline void candidate(GcHeap *h, Ring *r, uint32_t v)
{
    if (v - 1u >= h->len - 1u)
        return;
    if (h->ybits && !(h->ybits[v >> 3] & (1u << (v & 7))))
        return;
    PREFETCH(&h->tab[v]);
    if (r->n < RING) {
        r->v[(r->head + r->n++) % RING] = v;
        return;
    }
    visit(h, r->v[r->head]);
    r->v[r->head] = v;
    r->head = (r->head + 1) % RING;
}

static void flush(GcHeap *h, Ring *r)
{
    for (unsigned i = 0; i < r->n; i++)
        visit(h, r->v[(r->head + i) % RING]);
    r->n = 0;
}

static void scan_bytes(GcHeap *h, const uint8_t *d, size_t n)
{
    h->scanned += n;
    Ring r = {.n = 0};
    for (size_t off = 4; off + 4 <= n; off += 8) {
        uint32_t v;
        memcpy(&v, d + off, 4); /* the high half of the word at off - 4 */
        candidate(h, &r, v);
    }
    flush(h, &r);
}

void gc_scan_roots(GcHeap *h, const uint64_t *words, size_t n)
{
    if (!h->collecting)
        return;
    h->scanned += 8 * (uint64_t)n;
    Ring r = {.n = 0};
    for (size_t i = 0; i < n; i++)
        candidate(h, &r, (uint32_t)(words[i] >> 32));
    flush(h, &r);
}

void gc_hold(GcHeap *h, uint32_t idx)
{
    if (!h->collecting || idx == 0 || idx >= h->len)
        return;
    GcEntry *e = &h->tab[idx];
    if (e->kind == GC_KIND_NONE || e->age > h->max_age)
        return;
    if ((e->mark & (GC_MARK_REACHED | GC_MARK_KEEP)) != (GC_MARK_REACHED | GC_MARK_KEEP))
        reach(h, idx, true);
}

static void drain(GcHeap *h)
{
    while (h->nstack) {
        const GcEntry *e = &h->tab[h->stack[--h->nstack]];
        scan_bytes(h, e->data, gc__bytes(e));
    }
}

/* After a failed push: scan kept entries that were never queued (the
 * candidates are the young list in a minor, the whole table in a major). */
static void rescan(GcHeap *h, bool major)
{
    while (h->stack_lost) {
        h->stack_lost = false;
        uint32_t n = major ? h->len : h->nyoung;
        for (uint32_t k = major ? 1 : 0; k < n; k++) {
            uint32_t idx = major ? k : h->young[k];
            GcEntry *e = &h->tab[idx];
            if ((e->mark & (GC_MARK_KEEP | GC_MARK_SCANNED)) == GC_MARK_KEEP && e->data &&
                gc__bytes(e) >= 8) {
                e->mark |= GC_MARK_SCANNED;
                scan_bytes(h, e->data, gc__bytes(e));
                drain(h);
            }
        }
    }
}

static void mark_from_roots(GcHeap *h, bool major)
{
    if (h->roots)
        h->roots(h, h->roots_ctx);
    drain(h);
    rescan(h, major);
}

/* ------------------------------------------------------------ promotion */

/* The young list after marking: survivors become old (nursery bytes are
 * copied behind the old space, in list order), the rest is freed.  If the
 * old space cannot grow, the remaining survivors slide down inside the
 * nursery and stay young; the remembered set no longer covers every old
 * block pointing to them (the ones just promoted, the ones just scanned),
 * so the next collection must be a major. */
static uint32_t promote(GcHeap *h)
{
    uint32_t freed = 0, nkeep = 0;
    uint8_t *keep_top = h->nur_base;
    bool no_room = false;
    for (uint32_t k = 0; k < h->nyoung; k++) {
        uint32_t idx = h->young[k];
        GcEntry *e = &h->tab[idx];
        if (!(e->mark & GC_MARK_REACHED)) {
            if (e->kind != GC_KIND_DEAD) {
                h->live_bytes -= e->size;
                h->stats.leaked_blocks++;
            }
            gc__free_index(h, idx);
            freed++;
            continue;
        }
        if (e->data && !(e->mark & GC_MARK_KEEP)) {
            e->data = NULL; /* a freed block: its index stays, its bytes go */
        } else if (gc__in_nursery(h, e->data)) {
            uint32_t n = gc__bytes(e);
            uint8_t *d = no_room ? NULL : gc__old_alloc(h, idx, n);
            if (!d) {
                no_room = true;
                h->remset_lost = true;
                memmove(keep_top, e->data, n);
                e->data = keep_top;
                keep_top += gc__round8(n);
                e->mark = 0;
                h->young[nkeep++] = idx;
                continue;
            }
            memcpy(d, e->data, n);
            e->data = d;
            h->stats.promoted_bytes += n;
        }
        e->mark = 0;
        e->age = GC_AGE_OLD;
        if (e->kind == GC_KIND_DEAD)
            h->old_dead++;
    }
    h->nyoung = nkeep;
    h->nur_top = keep_top;
    h->young_big = 0;
    return freed;
}

/* ----------------------------------------------------------------- minor */

/* The young bitmap: one bit per young index, so that a minor rejects
 * pointers to old blocks without reading their entries.  Without memory
 * for it, candidates are checked in the table. */
static void young_bits(GcHeap *h, bool set)
{
    if (set) {
        size_t need = ((size_t)h->len + 7) / 8;
        if (need > h->ybits_cap) {
            uint8_t *t = realloc(h->ybits_mem, need);
            if (!t)
                return;
            memset(t + h->ybits_cap, 0, need - h->ybits_cap);
            h->ybits_mem = t;
            h->ybits_cap = need;
        }
        h->ybits = h->ybits_mem;
    } else if (!h->ybits) {
        return;
    }
    for (uint32_t k = 0; k < h->nyoung; k++) {
        uint32_t v = h->young[k];
        if (set)
            h->ybits[v >> 3] |= (uint8_t)(1u << (v & 7));
        else
            h->ybits[v >> 3] &= (uint8_t)~(1u << (v & 7));
    }
    if (!set)
        h->ybits = NULL;
}

static uint32_t minor(GcHeap *h)
{
    h->max_age = 0;
    young_bits(h, true);
    for (uint32_t k = 0; k < h->nyoung; k++)
        if (h->tab[h->young[k]].kind == GC_KIND_FRAME)
            reach(h, h->young[k], false);
    for (uint32_t k = 0; k < h->nremset; k++) {
        uint32_t idx = (uint32_t)h->remset[k], card = (uint32_t)(h->remset[k] >> 32);
        GcEntry *e = &h->tab[idx];
        if (!e->data)
            continue;
        if (card == GC_CARD_ALL) {
            scan_bytes(h, e->data, gc__bytes(e));
        } else if (!(e->mark & GC_MARK_DIRTY)) { /* else scanned whole */
            size_t from = (size_t)card * GC_CARD_SIZE, n = gc__bytes(e);
            size_t to = from + GC_CARD_SIZE < n ? from + GC_CARD_SIZE : n;
            if (from < n)
                scan_bytes(h, e->data + from, to - from);
        }
    }
    for (uint32_t k = 0; k < h->nremset; k++)
        h->tab[(uint32_t)h->remset[k]].mark &= (uint8_t)~GC_MARK_REMEMBERED;
    h->nremset = 0;
    mark_from_roots(h, false);
    young_bits(h, false);
    return promote(h);
}

/* ----------------------------------------------------------------- major */

/* Slides every kept old-space block down; drops the others' bytes. */
static void compact(GcHeap *h)
{
    uint32_t cd = 0;
    size_t od = 0;
    uint64_t used = 0;
    for (uint32_t c = 0; c < h->nchunks; c++) {
        uint8_t *base = h->chunks[c].base;
        size_t end = h->chunks[c].used;
        for (size_t off = 0; off < end;) {
            GcHeader hd;
            memcpy(&hd, base + off, sizeof hd);
            size_t slot = gc__slot(hd.size);
            uint8_t *data = base + off + GC_HDR;
            GcEntry *e = hd.idx < h->len ? &h->tab[hd.idx] : NULL;
            if (e && e->data == data) {
                if (e->mark & GC_MARK_KEEP) {
                    while (h->chunks[cd].cap - od < slot) {
                        h->chunks[cd].used = od;
                        cd++;
                        od = 0;
                    }
                    uint8_t *to = h->chunks[cd].base + od;
                    if (to != base + off)
                        memmove(to, base + off, slot);
                    e->data = to + GC_HDR;
                    od += slot;
                    used += slot;
                } else {
                    e->data = NULL;
                }
            }
            off += slot;
        }
    }
    if (h->nchunks) {
        h->chunks[cd].used = od;
        uint32_t keep = od ? cd + 1 : cd; /* empty chunks go back to the host */
        for (uint32_t c = keep; c < h->nchunks; c++) {
            gc__unmap(h->chunks[c].base, h->chunks[c].cap);
            h->mapped -= h->chunks[c].cap;
        }
        h->nchunks = keep;
    }
    h->old_bytes = used;
}

static uint32_t major(GcHeap *h)
{
    h->max_age = UINT8_MAX;
    for (uint32_t i = 1; i < h->len; i++) {
        GcEntry *e = &h->tab[i];
        e->mark &= (uint8_t)~GC_MARK_REMEMBERED;
        if (e->kind == GC_KIND_GLOBAL || e->kind == GC_KIND_CONST || e->kind == GC_KIND_FUNC ||
            e->kind == GC_KIND_FRAME)
            reach(h, i, false);
    }
    h->nremset = 0;
    h->remset_lost = false;
    mark_from_roots(h, true);
    compact(h);
    uint32_t freed = 0, dead = 0;
    for (uint32_t i = 1; i < h->len; i++) {
        GcEntry *e = &h->tab[i];
        if (e->age == 0 || e->kind == GC_KIND_NONE)
            continue;
        if (!(e->mark & GC_MARK_REACHED)) {
            if (e->kind != GC_KIND_DEAD) {
                h->live_bytes -= e->size;
                h->stats.leaked_blocks++;
            }
            gc__free_index(h, i);
            freed++;
            continue;
        }
        dead += e->kind == GC_KIND_DEAD;
        e->mark = 0;
    }
    h->old_dead = h->dead_kept = dead;
    freed += promote(h);
    h->next_major = 2 * h->old_bytes > GC_MAJOR_MIN ? 2 * h->old_bytes : GC_MAJOR_MIN;
    return freed;
}

/* ------------------------------------------------------------ collecting */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint32_t gc_collect(GcHeap *h, bool major_gc)
{
    if (h->collecting)
        return 0;
    uint64_t t0 = now_ns();
    h->collecting = true;
    h->scanned = 0;
    if (h->remset_lost)
        major_gc = true;
    uint32_t freed = major_gc ? major(h) : minor(h);
    h->collecting = false;
    h->max_age = 0;
    gc_new_stamp(h);
    uint64_t dt = now_ns() - t0;
    if (major_gc)
        h->stats.major++;
    else
        h->stats.minor++;
    h->stats.pause_total_ns += dt;
    if (dt > h->stats.pause_max_ns)
        h->stats.pause_max_ns = dt;
    h->stats.freed_indexes += freed;
    if (!major_gc && !h->nur_fixed) {
        /* what a minor scans besides the nursery (roots, remembered
         * blocks) should not exceed what the nursery holds */
        size_t want = h->nur_size;
        while (want < GC_NURSERY_MAX && h->scanned > want)
            want *= 2;
        while (want > GC_NURSERY_SIZE && h->scanned < want / 4)
            want /= 2;
        gc__resize_nursery(h, want);
    }
#ifndef NDEBUG
    if (h->stress && major_gc) {
        char msg[200];
        if (gc_check_heap(h, msg, sizeof msg) != 0) {
            fprintf(stderr, "gc: heap check failed after a collection: %s\n", msg);
            abort(); /* an internal invariant, like assert */
        }
    }
#endif
    return freed;
}

void gc__collect_auto(GcHeap *h)
{
    /* major when the old space (with what this minor will promote) has
     * doubled since the last major, or when freed old indexes (which only a
     * major can reuse) reach half of the others: the table never shrinks */
    uint64_t young = (uint64_t)(h->nur_top - h->nur_base) + h->young_big;
    uint32_t used = h->len - h->nfree - h->nyoung - h->old_dead;
    uint32_t fresh = h->old_dead > h->dead_kept ? h->old_dead - h->dead_kept : 0;
    bool dead = fresh > 16384 && fresh > used / 2;
    gc_collect(h, h->remset_lost || dead || h->old_bytes + young > h->next_major);
}

/* --------------------------------------------------------------- checker */

#define FAIL(...) do { snprintf(buf, size, __VA_ARGS__); return -1; } while (0)

static bool in_chunk(const GcHeap *h, const uint8_t *d)
{
    for (uint32_t c = 0; c < h->nchunks; c++)
        if (d >= h->chunks[c].base + GC_HDR && d <= h->chunks[c].base + h->chunks[c].used)
            return true;
    return false;
}

int gc_check_heap(const GcHeap *h, char *buf, size_t size)
{
    snprintf(buf, size, "ok");
    if (h->len < 1 || h->len > h->cap || !h->tab)
        FAIL("table length %u, capacity %u", h->len, h->cap);
    if (h->tab[0].kind != GC_KIND_NONE || h->tab[0].data)
        FAIL("entry 0 is allocated");
    uint64_t live = 0, nyoung = 0, in_old = 0;
    for (uint32_t i = 1; i < h->len; i++) {
        const GcEntry *e = &h->tab[i];
        GcKind k = (GcKind)e->kind;
        if (k >= GC_NKINDS)
            FAIL("entry %u: bad kind %u", i, e->kind);
        if (e->mark & ~GC_MARK_REMEMBERED)
            FAIL("entry %u: mark bits 0x%x outside a collection", i, e->mark);
        if ((e->mark & GC_MARK_REMEMBERED) && !e->age)
            FAIL("entry %u: young but remembered", i);
        if (k == GC_KIND_NONE) {
            if (e->data || e->size)
                FAIL("entry %u: free but has bytes", i);
            continue;
        }
        if (e->age == 0)
            nyoung++;
        bool acc = k == GC_KIND_DATA || k == GC_KIND_GLOBAL || k == GC_KIND_CONST ||
                   k == GC_KIND_FRAME;
        if (acc)
            live += e->size;
        else if (e->size)
            FAIL("entry %u (%s): size %u", i, gc_kind_name(k), e->size);
        uint32_t n = gc__bytes(e);
        if (k == GC_KIND_FUNC && e->data)
            FAIL("entry %u: function with bytes", i);
        if (acc && (e->size == 0) != (e->data == NULL))
            FAIL("entry %u: size %u but data %s", i, e->size, e->data ? "set" : "NULL");
        if ((k == GC_KIND_CONST || k == GC_KIND_FUNC) != (e->stamp == GC_STAMP_READONLY))
            FAIL("entry %u (%s): stamp %u", i, gc_kind_name(k), e->stamp);
        if (!e->data)
            continue;
        if (gc__in_nursery(h, e->data)) {
            if (e->age)
                FAIL("entry %u: old but in the nursery", i);
            if (e->data + gc__round8(n) > h->nur_top)
                FAIL("entry %u: beyond the nursery top", i);
            continue;
        }
        if (!in_chunk(h, e->data))
            FAIL("entry %u: bytes outside the heap", i);
        GcHeader hd;
        memcpy(&hd, e->data - GC_HDR, sizeof hd);
        if (hd.idx != i || hd.size != n)
            FAIL("entry %u: header says block %u of %u bytes, entry %u bytes", i, hd.idx,
                 hd.size, n);
        in_old++;
    }
    if (live != h->live_bytes)
        FAIL("live bytes %llu, counted %llu", (unsigned long long)h->live_bytes,
             (unsigned long long)live);
    if (nyoung != h->nyoung)
        FAIL("%llu young entries, young list %u", (unsigned long long)nyoung, h->nyoung);
    const uint8_t *prev = NULL;
    for (uint32_t k = 0; k < h->nyoung; k++) {
        uint32_t idx = h->young[k];
        if (idx == 0 || idx >= h->len || h->tab[idx].age || h->tab[idx].kind == GC_KIND_NONE)
            FAIL("young list %u: bad index %u", k, idx);
        const uint8_t *d = h->tab[idx].data;
        if (gc__in_nursery(h, d)) {
            if (prev && d < prev)
                FAIL("young list %u: index %u out of address order", k, idx);
            prev = d + gc__round8(gc__bytes(&h->tab[idx]));
        }
    }
    uint64_t used = 0, headers = 0;
    for (uint32_t c = 0; c < h->nchunks; c++) {
        const GcChunk *ch = &h->chunks[c];
        if (ch->used > ch->cap)
            FAIL("chunk %u: used %zu of %zu", c, ch->used, ch->cap);
        for (size_t off = 0; off < ch->used;) {
            GcHeader hd;
            memcpy(&hd, ch->base + off, sizeof hd);
            size_t slot = gc__slot(hd.size);
            if (slot > ch->used - off)
                FAIL("chunk %u: block at %zu overlaps the end", c, off);
            if (hd.idx < h->len && h->tab[hd.idx].data == ch->base + off + GC_HDR)
                headers++;
            off += slot;
        }
        used += ch->used;
    }
    if (used != h->old_bytes)
        FAIL("old space %llu bytes, chunks use %llu", (unsigned long long)h->old_bytes,
             (unsigned long long)used);
    if (headers != in_old)
        FAIL("%llu old blocks, %llu headers", (unsigned long long)in_old,
             (unsigned long long)headers);
    uint32_t n = 0;
    for (uint32_t i = h->free_head; i; i = h->tab[i].aux, n++) {
        if (i >= h->len || h->tab[i].kind != GC_KIND_NONE || n >= h->nfree)
            FAIL("free list: bad index %u at position %u", i, n);
    }
    if (n != h->nfree)
        FAIL("free list of %u indexes, counted %u", h->nfree, n);
    for (uint32_t k = 0; k < h->nremset; k++) {
        uint32_t idx = (uint32_t)h->remset[k];
        if (idx >= h->len || !(h->tab[idx].mark & GC_MARK_REMEMBERED))
            FAIL("remembered set %u: index %u not marked", k, idx);
    }
    return 0;
}
