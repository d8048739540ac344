/*
 * gc.h - blocks, the pointer table and the collector: the one public header
 * of gc/.
 *
 * Every piece of guest memory is a block named by an index into the pointer
 * table.  A guest pointer is (index << 32) | offset; index 0 is never
 * allocated, so the pointer 0 is null.  An entry records where the block's
 * bytes are (host memory owned by gc/), its size and its kind.  Entries that
 * cannot be accessed (freed, FUNC blocks, unused) have size 0, so the single
 * compare `offset + n <= size` of the fast path rejects them too.
 *
 * The heap is generational and compacting (gc/README.md): blocks are bump
 * allocated in a nursery; a minor collection copies the young survivors, in
 * allocation order, to the end of the old space; a major collection marks
 * everything, slides the old blocks down (allocation order kept) and frees
 * unreferenced indexes.  Only table entries change when a block moves, never
 * a pointer value, so scanning may be (and is) conservative.  Block bytes
 * therefore move at every allocation: nothing outside gc/ keeps tab[i].data
 * across an allocation or a collection.
 *
 * Stores also compare the entry's stamp with the heap's stamp.  The heap's
 * stamp is a write epoch: it changes when a speculation level is entered or
 * left and after a collection (gc_new_stamp).  So the first store to a block
 * in each epoch leaves the fast path for gc_store_slow, which records old
 * blocks in the collector's remembered set (inside gc/, always), then runs
 * the first-store hook (spec/ saves the block for the current level) and
 * restamps the block.  Constant blocks carry GC_STAMP_READONLY, which is
 * never current, so the same compare also catches stores to constants.
 *
 * free() makes a block DEAD at once (size 0: a use faults with "use after
 * free"); its bytes go at the next collection, its index only when a
 * collection has proved that no register, root or reachable block still
 * holds a word naming it, so a stale pointer never reaches a new block.
 *
 * Invariants
 * - tab[0] is never allocated; len >= 1; indexes < len are entries.
 * - Accessible entries (DATA, GLOBAL, CONST, FRAME) have data != NULL unless
 *   size == 0.  A DEAD entry whose bytes are still kept has data != NULL and
 *   its byte size in aux.  age is 0 for young blocks, GC_AGE_OLD otherwise.
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
    GC_KIND_DEAD,     /* freed; prev_kind says what it was, aux its size */
    GC_NKINDS
} GcKind;

/* Stamp of blocks no store may touch. */
#define GC_STAMP_READONLY UINT32_MAX
/* GcEntry.age of blocks that survived a collection (or were born old). */
#define GC_AGE_OLD 1

typedef struct GcEntry {
    uint8_t *data;     /* block bytes (host memory), NULL when size is 0 */
    uint32_t size;     /* accessible bytes: 0 for DEAD, NONE and FUNC */
    uint32_t stamp;    /* write epoch of the last store, see above */
    uint32_t aux;      /* FUNC: function id; FRAME: next block of the frame;
                          NONE: next free index; DEAD: former size */
    uint8_t kind;      /* GcKind */
    uint8_t prev_kind; /* DEAD: the kind before the free */
    uint8_t mark;      /* collector flags (GC_MARK_* in gc/internal.h) */
    uint8_t age;       /* 0 young, GC_AGE_OLD old */
} GcEntry;

typedef struct GcHeap GcHeap;
/* The caller's roots: called by every collection; must call gc_scan_roots
 * for every word that may hold a pointer (registers, saved copies, ...) and
 * may call gc_hold for indexes whose block must be kept whatever its state. */
typedef void GcRootFn(GcHeap *h, void *ctx);
/* First store to block idx in the current epoch (see above).  Returns 0
 * (the block is restamped), 1 (keep its stamp stale: every store to it
 * comes back here) or -1 when it cannot (host out of memory), which makes
 * the store fault. */
typedef int GcFirstStoreFn(GcHeap *h, uint32_t idx, void *ctx);

typedef struct GcChunk {
    uint8_t *base;
    size_t cap, used;  /* bytes mapped, bytes used from base */
} GcChunk;

typedef struct GcStats {
    uint64_t minor, major;      /* collections */
    uint64_t pause_total_ns, pause_max_ns;
    uint64_t freed_indexes;     /* indexes returned to the free list */
    uint64_t leaked_blocks;     /* unreachable blocks the program never freed */
    uint64_t promoted_bytes;    /* copied from the nursery to the old space */
    uint64_t peak_mem;          /* nursery + old chunks mapped, maximum */
} GcStats;

struct GcHeap {
    GcEntry *tab;         /* pointer table; moves when it grows */
    uint32_t len, cap;    /* entries in use (index 0 included), capacity */
    uint32_t stamp;       /* current write epoch, never GC_STAMP_READONLY */
    GcFirstStoreFn *first_store; /* NULL: nothing to do on a first store */
    void *first_store_ctx;
    uint32_t free_head;   /* reusable indexes, linked through aux; 0 = none */
    uint32_t nfree;
    uint64_t live_bytes;  /* bytes of all accessible blocks */
    uint64_t peak_bytes;
    uint64_t limit;       /* allocation fails past this many live bytes */
    uint64_t nallocs;     /* blocks allocated, all kinds */
    GcRootFn *roots;
    void *roots_ctx;
    /* nursery: [nur_base, nur_end), bump pointer nur_top */
    uint8_t *nur_base, *nur_top, *nur_end;
    size_t nur_size;
    bool nur_fixed;       /* gc_set_nursery was called: no adaptation */
    uint64_t scanned;     /* bytes scanned by the current collection */
    uint32_t *young;      /* young indexes in allocation order */
    uint32_t nyoung, cap_young;
    uint64_t young_big;   /* bytes of young blocks allocated in the old space */
    /* old space: chunks in order (the order of their blocks), each block
     * behind an 8-byte header */
    GcChunk *chunks;
    uint32_t nchunks, cap_chunks;
    uint64_t old_bytes;   /* bytes used in the old space (headers, holes) */
    uint64_t next_major;  /* old_bytes past which a minor becomes a major */
    uint32_t old_dead;    /* old DEAD entries (only a major frees them) */
    uint32_t dead_kept;   /* old DEAD entries the last major kept (still named) */
    uint64_t mapped;      /* nursery + chunk bytes mapped from the host */
    uint64_t *remset;     /* old blocks stored to since the last collection:
                             idx | card << 32 (GC_CARD_ALL: the whole block) */
    uint32_t nremset, cap_remset;
    bool remset_lost;     /* the remembered set could not grow: next is major */
    /* marking */
    uint32_t *stack;
    uint32_t nstack, cap_stack;
    bool stack_lost;      /* a push failed: rescan for unscanned marks */
    uint8_t max_age;      /* collecting entries of age <= max_age */
    uint8_t *ybits;       /* minor: bitmap of young indexes (ybits_mem), or NULL */
    uint8_t *ybits_mem;
    size_t ybits_cap;
    bool collecting;
    int stress;           /* 1: collect at every allocation (see gc_set_stress) */
    uint64_t stress_count;
    uint32_t fail_host;   /* test hook: the next N host allocations of gc/ fail */
    GcStats stats;
};

/* ------------------------------------------------------------ lifecycle */

void gc_init(GcHeap *h);
void gc_destroy(GcHeap *h);
/* Live bytes past which allocation fails; 0 means no limit. */
void gc_set_limit(GcHeap *h, uint64_t bytes);
void gc_set_roots(GcHeap *h, GcRootFn *fn, void *ctx);
/* Collect at every allocation: level 1 a minor each time and a major every
 * 64th (every len/16th on a big table), level 2 a major each time; 0 off. */
void gc_set_stress(GcHeap *h, int level);
/* Nursery size in bytes (tests; default GC_NURSERY_SIZE); only before the
 * first allocation.  0 or -1 (host out of memory). */
int gc_set_nursery(GcHeap *h, size_t bytes);

#define GC_NURSERY_SIZE ((size_t)1 << 20)
/* The nursery grows (up to this) when minor collections scan more than it
 * holds: big roots or remembered blocks then cost at most about one
 * scanned byte per allocated byte. */
#define GC_NURSERY_MAX ((size_t)8 << 20)
/* Young blocks per minor collection at most (each holds a table entry). */
#define GC_YOUNG_MAX (256u << 10)
/* Old blocks of at least GC_CARD_BLOCK bytes are remembered per card of
 * GC_CARD_SIZE bytes (a few cards per block and collection, then whole). */
#define GC_CARD_BLOCK (64u << 10)
#define GC_CARD_SIZE 4096u
#define GC_CARD_ALL UINT32_MAX

/* ----------------------------------------------------------- allocation */

/* A new zeroed block of `size` bytes and kind DATA, GLOBAL or CONST; returns
 * its index, or 0 when size > UINT32_MAX, the limit is reached even after a
 * major collection, or the host is out of memory.  May collect first.
 * CONST blocks are stamped read-only at once; the loader fills them through
 * gc_data, which does not check the stamp. */
uint32_t gc_alloc(GcHeap *h, GcKind kind, uint64_t size);
/* A FUNC block for function `func_id`; 0 on failure. */
uint32_t gc_alloc_func(GcHeap *h, uint32_t func_id);
/* A FRAME block linked in front of the list *head (0 = empty); 0 on failure.
 * Live frame blocks are always kept by the collector. */
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
 * not).  A write to a block of another epoch reports GC_FAULT_STAMP. */
GcFault gc_check(const GcHeap *h, uint64_t p, uint64_t n, bool write);
/* Writes "REASON: ACCESS of N bytes at offset O[ in a block of S bytes]"
 * into buf, e.g. "out of bounds: load of 4 bytes at offset 40 in a block of
 * 40 bytes".  `access` names the operation ("load", "store", "read", ...). */
void gc_describe(const GcHeap *h, GcFault f, uint64_t p, uint64_t n, const char *access,
                 char *buf, size_t size);
const char *gc_fault_name(GcFault f);

/* The store slow path: host address of n writable bytes at p after the
 * remembered set and the first-store hook have seen the block and it is
 * restamped, or NULL with *fault set (never GC_FAULT_STAMP).  Never
 * collects; the table may have moved only if the hook allocated. */
uint8_t *gc_store_slow(GcHeap *h, uint64_t p, uint64_t n, GcFault *fault);
/* Starts a new write epoch: every block's next store takes the slow path. */
void gc_new_stamp(GcHeap *h);
void gc_set_first_store(GcHeap *h, GcFirstStoreFn *fn, void *ctx);

/* Frees the DATA block p points to (p must be its start; null does
 * nothing).  Returns DOUBLE_FREE, NOT_HEAP, INTERIOR, WILD or OK. */
GcFault gc_free(GcHeap *h, uint64_t p);
/* Writes a message for a failed gc_free, e.g. "double free of 0x100000000". */
void gc_describe_free(const GcHeap *h, GcFault f, uint64_t p, char *buf, size_t size);
/* Makes accessible block idx DEAD now, whatever its kind (DATA or FRAME: an
 * allocation that a rollback undoes).  Its frame link is not followed. */
void gc_discard(GcHeap *h, uint32_t idx);
/* Brings back a DEAD block whose bytes were kept (held through gc_hold):
 * kind = prev_kind, size = its former size, aux = 0 (callers restore a
 * frame link).  Returns false if idx is not such a block. */
bool gc_revive(GcHeap *h, uint32_t idx);

/* Host address of a block's bytes (for the loader and host calls, valid
 * until the next allocation); NULL if idx is not an accessible block. */
uint8_t *gc_data(const GcHeap *h, uint32_t idx);

/* ----------------------------------------------------------- collection */

/* Called by the root callback: words that may hold pointers (the high 32
 * bits of each word are checked against the table). */
void gc_scan_roots(GcHeap *h, const uint64_t *words, size_t n);
/* Called by the root callback: block idx is kept with its index and its
 * bytes, even if DEAD (a deferred free inside a speculation level), and its
 * bytes are scanned.  Matches spec_mark_held's callback type. */
void gc_hold(GcHeap *h, uint32_t idx);
/* Runs a collection now (major: the whole heap).  Returns the number of
 * indexes it returned to the free list. */
uint32_t gc_collect(GcHeap *h, bool major);
/* Checks every entry, chunk header, the nursery and the counters; returns
 * 0, or -1 with a description of the first inconsistency in buf. */
int gc_check_heap(const GcHeap *h, char *buf, size_t size);

/* ------------------------------------------------------ rebuild (migrate) */

/* Rebuilding a packed heap on a fresh one (gc_init, nothing allocated):
 * call gc_restore_entry for idx = 1, 2, ... in order.  e gives kind,
 * prev_kind, size, stamp and aux (data, mark and age are ignored); bytes
 * holds e->size bytes for accessible kinds, or e->aux bytes for a DEAD
 * block whose bytes are kept (bytes == NULL: not kept).  NONE entries are
 * unused.  Then gc_restore_finish with the free list (head first): it must
 * name every NONE entry once.  Restored blocks are old; a new epoch starts.
 * Both return 0, -1 (host out of memory) or -2 (inconsistent input). */
int gc_restore_entry(GcHeap *h, uint32_t idx, const GcEntry *e, const uint8_t *bytes);
int gc_restore_finish(GcHeap *h, const uint32_t *free_list, uint32_t nfree);

/* ------------------------------------------------------------ test hooks */

GcKind gc_entry_kind(const GcHeap *h, uint32_t idx);     /* NONE if idx >= len */
uint32_t gc_entry_size(const GcHeap *h, uint32_t idx);
GcKind gc_entry_prev_kind(const GcHeap *h, uint32_t idx); /* for DEAD entries */
uint32_t gc_free_count(const GcHeap *h);
bool gc_is_young(const GcHeap *h, uint32_t idx);
const char *gc_kind_name(GcKind k);

#endif
