/*
 * internal.h - what the files of gc/ share: entry flags, the old-space block
 * header, sizes, and the allocation helpers the collector uses.
 *
 * Invariants
 * - Between collections an entry's mark holds at most GC_MARK_DIRTY (set on
 *   old blocks in the remembered set); the other bits live only inside a
 *   collection.
 * - Every old-space block is preceded by a GcHeader naming its index and
 *   byte size; a header whose entry's data is not the bytes right after it
 *   is a hole (the block died or moved).
 */
#ifndef GC_INTERNAL_H
#define GC_INTERNAL_H

#include "gc/gc.h"

/* GcEntry.mark bits. */
#define GC_MARK_REACHED 1u /* a word names the index: keep the index */
#define GC_MARK_KEEP 2u    /* keep the bytes (and scan them) */
#define GC_MARK_SCANNED 4u /* bytes scanned, or queued for scanning */
#define GC_MARK_DIRTY 8u   /* old block in the remembered set (whole) */
#define GC_MARK_CARDS 0xf0u /* big old block: cards remembered so far */
#define GC_MARK_CARD1 0x10u
/* Marks that persist between collections. */
#define GC_MARK_REMEMBERED (GC_MARK_DIRTY | GC_MARK_CARDS)

typedef struct GcHeader {
    uint32_t idx;
    uint32_t size; /* block bytes, without the header and the padding */
} GcHeader;

#define GC_HDR ((size_t)sizeof(GcHeader))
/* Old-space chunks; a block whose slot exceeds GC_BIG_SLOT gets its own. */
#define GC_CHUNK_SIZE ((size_t)1 << 20)
#define GC_BIG_SLOT (GC_CHUNK_SIZE / 4)
/* A minor collection becomes a major one past this much old space (and
 * past twice what the last major left). */
#define GC_MAJOR_MIN ((uint64_t)4 << 20)

static inline size_t gc__round8(uint64_t n)
{
    return (size_t)((n + 7) & ~(uint64_t)7);
}

/* Bytes the block occupies in the old space. */
static inline size_t gc__slot(uint64_t size)
{
    return GC_HDR + gc__round8(size);
}

/* Bytes a block's storage holds: size for accessible blocks, the former
 * size for DEAD ones whose bytes are still kept. */
static inline uint32_t gc__bytes(const GcEntry *e)
{
    return e->kind == GC_KIND_DEAD ? e->aux : e->size;
}

static inline bool gc__in_nursery(const GcHeap *h, const uint8_t *d)
{
    return d >= h->nur_base && d < h->nur_end && d != NULL;
}

/* Largest block allocated in the nursery. */
static inline size_t gc__nursery_max(const GcHeap *h)
{
    return h->nur_size / 16;
}

/* Allocation-failure injection (tests): true if this host allocation must
 * fail. */
static inline bool gc__fail(GcHeap *h)
{
    if (!h->fail_host)
        return false;
    h->fail_host--;
    return true;
}

/* heap.c: old-space bytes for block idx (header written), zeroed; NULL if
 * the host is out of memory. */
uint8_t *gc__old_alloc(GcHeap *h, uint32_t idx, uint64_t size);
/* heap.c: puts idx on the free list (entry becomes NONE). */
void gc__free_index(GcHeap *h, uint32_t idx);
/* heap.c: resizes the nursery if it is empty. */
void gc__resize_nursery(GcHeap *h, size_t bytes);
/* heap.c: updates the peak of mapped memory. */
void gc__note_mem(GcHeap *h);
/* heap.c: maps n zeroed bytes (NULL on failure); unmaps. */
uint8_t *gc__map(size_t n);
void gc__unmap(uint8_t *p, size_t n);
/* collect.c: the collection an allocation needs (minor, or major when the
 * old space or the dead entries have grown enough). */
void gc__collect_auto(GcHeap *h);

#endif
