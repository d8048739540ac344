/*
 * gc.h - blocks and the pointer table: the one public header of gc/.
 *
 * Every piece of guest memory is a block named by an index into the pointer
 * table.  A guest pointer is (index << 32) | offset; index 0 is never
 * allocated, so the pointer 0 is null.  An entry records where the block's
 * bytes are (host memory owned by gc/), its size and its kind.  Entries that
 * cannot be accessed (freed, quarantined, FUNC blocks) have size 0, so the
 * single compare `offset + n <= size` of the fast path rejects them too.
 *
 * Stores also compare the entry's stamp with the heap's stamp.  The heap's
 * stamp is a write epoch: it changes when a speculation level is entered or
 * left and after a collection (gc_new_stamp).  So the first store to a block
 * in each epoch leaves the fast path for gc_store_slow, which runs the
 * first-store hook (spec/ clones the block for the current level; the
 * collector records old blocks that may now point to young ones) and then
 * restamps the block.  Constant blocks carry GC_STAMP_READONLY, which is never
 * current, so the same compare also catches stores to constants.
 *
 * Freed indexes are quarantined, never handed out again until a reclamation
 * pass has proved that no register or block still holds a pointer with that
 * index (see gc/README.md), so a stale pointer never aliases a new block.
 *
 * Invariants
 * - tab[0] is never allocated; len >= 1; indexes < len are entries.
 * - Accessible entries (DATA, GLOBAL, CONST, FRAME) have data != NULL unless
 *   size == 0.  Nothing outside gc/ keeps a host pointer to block data
 *   across an allocation (the collector will move blocks).
 * - The table base (tab) may move on any allocation: callers reload it.
 */
#ifndef GC_H
#define GC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------ the table */

typedef enum GcKind {
    GC_KIND_NONE = 0, /* never allocated, or reclaimed and on the free list */
    GC_KIND_DATA,     /* heap block (alloc / free) */
    GC_KIND_GLOBAL,   /* writable global */
    GC_KIND_CONST,    /* constant global: stores fault */
    GC_KIND_FRAME,    /* alloca'd local, released when its frame returns */
    GC_KIND_FUNC,     /* function block: aux is the function id, no bytes */
    GC_KIND_DEAD,     /* freed and quarantined; prev_kind says what it was */
    GC_NKINDS
} GcKind;

/* Stamp of blocks no store may touch. */
#define GC_STAMP_READONLY UINT32_MAX

typedef struct GcEntry {
    uint8_t *data;     /* block bytes (host memory), NULL when size is 0 */
    uint32_t size;     /* accessible bytes: 0 for DEAD, NONE and FUNC */
    uint32_t stamp;    /* write epoch of the last store, see above */
    uint32_t aux;      /* FUNC: function id; FRAME: next block of the frame;
                          NONE: next free index; DEAD: former size */
    uint8_t kind;      /* GcKind */
    uint8_t prev_kind; /* DEAD: the kind before the free */
    uint8_t mark;      /* collector / reclamation scratch */
    uint8_t age;       /* collector: generation age (later issue) */
} GcEntry;

/* The VM's roots: called by a reclamation pass; must call gc_scan_roots for
 * every register slot that may hold a pointer. */
typedef struct GcHeap GcHeap;
typedef void GcRootFn(GcHeap *h, void *ctx);
/* First store to block idx in the current epoch (see above).  It may replace
 * the entry's data (copy-on-write); returns 0, or -1 when it cannot (host out
 * of memory), which makes the store fault. */
typedef int GcFirstStoreFn(GcHeap *h, uint32_t idx, void *ctx);

struct GcHeap {
    GcEntry *tab;         /* pointer table; moves when it grows */
    uint32_t len, cap;    /* entries in use (index 0 included), capacity */
    uint32_t stamp;       /* current write epoch, never GC_STAMP_READONLY */
    GcFirstStoreFn *first_store; /* NULL: nothing to do on a first store */
    void *first_store_ctx;
    uint32_t free_head;   /* reusable indexes, linked through aux; 0 = none */
    uint32_t nfree;
    uint32_t *quar;       /* quarantined indexes */
    uint32_t nquar, cap_quar;
    uint32_t quar_kept;   /* indexes the last pass kept (still referenced) */
    uint64_t live_bytes;  /* bytes of all accessible blocks */
    uint64_t peak_bytes;
    uint64_t limit;       /* allocation fails past this many live bytes */
    uint64_t nallocs;     /* blocks allocated, all kinds */
    uint64_t nreclaims;   /* reclamation passes run */
    GcRootFn *roots;
    void *roots_ctx;
    uint8_t *bitmap;      /* reclamation scratch: two planes of one bit per index */
    size_t bitmap_bytes;  /* allocated */
    size_t bitmap_plane;  /* bytes per plane in the current pass */
    struct GcChunk *frames; /* stack of chunks holding small FRAME blocks */
    struct GcChunk *spare;  /* one emptied chunk kept for reuse */
};

/* FRAME blocks up to this size live in the frame arena (released in LIFO
 * order); larger ones are allocated individually. */
#define GC_FRAME_ARENA_MAX 16384u

/* ------------------------------------------------------------ lifecycle */

void gc_init(GcHeap *h);
void gc_destroy(GcHeap *h);
/* Live bytes past which allocation fails; 0 means no limit. */
void gc_set_limit(GcHeap *h, uint64_t bytes);
void gc_set_roots(GcHeap *h, GcRootFn *fn, void *ctx);

/* ----------------------------------------------------------- allocation */

/* A new zeroed block of `size` bytes and kind DATA, GLOBAL or CONST; returns
 * its index, or 0 when size > UINT32_MAX, the limit is reached or the host is
 * out of memory.  CONST blocks are stamped read-only at once; the loader
 * fills them through gc_data, which does not check the stamp. */
uint32_t gc_alloc(GcHeap *h, GcKind kind, uint64_t size);
/* A FUNC block for function `func_id`; 0 on failure. */
uint32_t gc_alloc_func(GcHeap *h, uint32_t func_id);
/* A FRAME block linked in front of the list *head (0 = empty); 0 on failure.
 * Frame blocks must be released in reverse order of allocation (frames
 * return in that order); a block released out of order keeps its arena
 * space until its chunk empties. */
uint32_t gc_alloc_frame(GcHeap *h, uint64_t size, uint32_t *head);
/* Releases every block of a frame list (at return or longjmp). */
void gc_release_frame(GcHeap *h, uint32_t head);

/* ------------------------------------------------------------- faults */

#define GC_FAULTS(X)                                              \
    X(OK, "no fault")                                             \
    X(NULL, "null pointer dereference")                           \
    X(WILD, "invalid pointer")                                    \
    X(FREED, "use after free")                                    \
    X(RETURNED, "use after return")                               \
    X(BOUNDS, "out of bounds")                                    \
    X(CONST, "store to constant data")                            \
    X(FUNC, "access to a function's memory")                      \
    X(DOUBLE_FREE, "double free")                                 \
    X(NOT_HEAP, "free of memory not allocated by malloc")         \
    X(INTERIOR, "free of a pointer into the middle of a block")   \
    X(STAMP, "first store since the heap stamp changed")         \
    X(NOMEM, "out of memory")

typedef enum GcFault {
#define GC_FAULT_ENUM(name, text) GC_FAULT_##name,
    GC_FAULTS(GC_FAULT_ENUM)
#undef GC_FAULT_ENUM
} GcFault;

/* ------------------------------------------------------- checked access */

/* Fast paths: the host address of n bytes at pointer p, or NULL when the
 * access must go to the slow path (gc_check gives the reason). */
static inline uint8_t *gc_read_ptr(const GcHeap *h, uint64_t p, uint64_t n)
{
    uint32_t idx = (uint32_t)(p >> 32), off = (uint32_t)p;
    if (idx < h->len && (uint64_t)off + n <= h->tab[idx].size)
        return h->tab[idx].data + off;
    return NULL;
}

static inline uint8_t *gc_write_ptr(const GcHeap *h, uint64_t p, uint64_t n)
{
    uint32_t idx = (uint32_t)(p >> 32), off = (uint32_t)p;
    if (idx < h->len && (uint64_t)off + n <= h->tab[idx].size &&
        h->tab[idx].stamp == h->stamp)
        return h->tab[idx].data + off;
    return NULL;
}

/* Slow path: why an access of n bytes at p fails (GC_FAULT_OK if it does
 * not).  A write to a block of another level reports GC_FAULT_STAMP. */
GcFault gc_check(const GcHeap *h, uint64_t p, uint64_t n, bool write);
/* Writes "REASON: ACCESS of N bytes at offset O[ in a block of S bytes]"
 * into buf, e.g. "out of bounds: load of 4 bytes at offset 40 in a block of
 * 40 bytes".  `access` names the operation ("load", "store", "read", ...). */
void gc_describe(const GcHeap *h, GcFault f, uint64_t p, uint64_t n, const char *access,
                 char *buf, size_t size);
const char *gc_fault_name(GcFault f);

/* The store slow path: host address of n writable bytes at p after running
 * the first-store hook and restamping the block, or NULL with *fault set
 * (never GC_FAULT_STAMP).  The table may have moved: callers reload it. */
uint8_t *gc_store_slow(GcHeap *h, uint64_t p, uint64_t n, GcFault *fault);
/* Starts a new write epoch: every block's next store takes the slow path. */
void gc_new_stamp(GcHeap *h);
void gc_set_first_store(GcHeap *h, GcFirstStoreFn *fn, void *ctx);

/* Frees the DATA block p points to (p must be its start; null does
 * nothing).  Returns DOUBLE_FREE, NOT_HEAP, INTERIOR, WILD or OK. */
GcFault gc_free(GcHeap *h, uint64_t p);
/* Writes a message for a failed gc_free, e.g. "double free of 0x100000000". */
void gc_describe_free(const GcHeap *h, GcFault f, uint64_t p, char *buf, size_t size);

/* Host address of a block's bytes (for the loader and host calls, valid
 * until the next allocation); NULL if idx is not an accessible block. */
uint8_t *gc_data(const GcHeap *h, uint32_t idx);

/* ---------------------------------------------------------- reclamation */

/* Called by the root callback: words that may hold pointers. */
void gc_scan_roots(GcHeap *h, const uint64_t *words, size_t n);
/* Runs a reclamation pass now: returns the number of indexes freed. */
uint32_t gc_reclaim(GcHeap *h);

/* ------------------------------------------------------------ test hooks */

GcKind gc_entry_kind(const GcHeap *h, uint32_t idx);     /* NONE if idx >= len */
uint32_t gc_entry_size(const GcHeap *h, uint32_t idx);
GcKind gc_entry_prev_kind(const GcHeap *h, uint32_t idx); /* for DEAD entries */
uint32_t gc_quarantine_count(const GcHeap *h);
uint32_t gc_free_count(const GcHeap *h);
const char *gc_kind_name(GcKind k);

#endif
