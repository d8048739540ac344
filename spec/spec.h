/*
 * spec.h - speculation levels: checkpoint records, copy-on-write of blocks,
 * commit, rollback, held I/O.  The one public header of spec/; it uses only
 * gc/ (DESIGN.md layers).
 *
 * Model
 * - Open levels form a list in entry order (first = outermost, last =
 *   innermost).  A level's id (what speculate() returned) is the innermost
 *   id + 1 at entry, so ids increase along the list and stay valid whatever
 *   other levels end meanwhile.  Its global identity (owner, seq) and its
 *   dependencies are for distributed speculations (a later issue).
 * - A level owns RECORDS, each about one block index, kept in a pool and
 *   named by pool id (0 = none):
 *     SAVE   a copy of the block's bytes as they were when the level first
 *            stored to it (blocks < SPEC_PAGE_BLOCK bytes);
 *     PAGES  the same for large blocks, per SPEC_PAGE_SIZE page: a bitmap of
 *            saved pages and their bytes;
 *     ALLOC  the block was allocated inside the level;
 *     FREE   the block was freed (heap free or frame release) inside the
 *            level: the free is deferred (see below).
 *   The records of one index form a chain, newest first, from head[idx];
 *   records of newer levels are newer.  So "has the innermost level a record
 *   for idx" is one array access.
 * - Copy-on-write is a copy-aside: the entry keeps its bytes (gc/ may move
 *   them), the level keeps the old bytes in host memory it owns, and rollback
 *   copies them back.  Nothing in spec/ keeps a host pointer to block data.
 * - The heap's write epoch (gc.h) changes at entry and at rollback, so the
 *   first store to a block in a level reaches spec_first_store.  Large blocks
 *   (>= SPEC_PAGE_BLOCK) are kept stale while levels are open, so every
 *   store to them reaches the VM's store slow path, which calls
 *   spec_save_range with the exact byte range first.
 * - Deferred frees: the entry becomes GC_KIND_DEAD (so a use is still a use
 *   after free / after return and a second free is a double free) but keeps
 *   its bytes: data != NULL, size 0, aux = byte size, prev_kind = the old
 *   kind.  It is not quarantined.  Rollback revives it; the outermost commit
 *   frees it for real (gc_free / gc_release_frame).  A block allocated in the
 *   innermost level and freed there is freed at once (rollback would reclaim
 *   it anyway).
 * - Held I/O: while levels are open (and io is not direct) host writes are
 *   appended to a log instead of being written, and reads are journaled.
 *   Rollback drops the output after the level's mark and moves the input
 *   after it to per-fd replay buffers, served first by later reads; the
 *   commit of the outermost level writes the output up to the next level's
 *   mark through the VM's writer callback.
 *
 * Costs: entry O(1) + the VM snapshot the caller hands over; first store to
 * a block: one copy; commit and rollback O(records of the levels involved).
 * Nothing here scans the pointer table.
 *
 * For the collector: spec_scan_roots and spec_mark_held (below).  For
 * migration: every structure here is plain data (indexes, sizes, byte
 * arrays); pointers between levels and records are rebuilt from the list
 * order and the pool ids.
 */
#ifndef SPEC_H
#define SPEC_H

#include "gc/gc.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Blocks of at least this many bytes are saved per page. */
#define SPEC_PAGE_BLOCK (64u << 10)
#define SPEC_PAGE_SIZE 4096u

/* Results of spec_* functions: 0 or one of these. */
#define SPEC_ENOMEM (-1) /* host out of memory */
#define SPEC_ELIMIT (-2) /* level ids exhausted (2^31 - 1) */

typedef enum SpecRecKind {
    SPEC_REC_SAVE = 1,
    SPEC_REC_PAGES,
    SPEC_REC_ALLOC,
    SPEC_REC_FREE
} SpecRecKind;

typedef struct SpecRec {
    uint32_t idx;       /* block index */
    uint8_t kind;       /* SpecRecKind; 0 = free pool slot */
    uint8_t old_kind;   /* FREE: the entry's kind before the free */
    uint32_t size;      /* SAVE, PAGES, FREE: the block's size */
    uint32_t aux;       /* FREE: the entry's aux before (frame list link) */
    uint64_t level;     /* seq of the level that owns the record */
    uint32_t older;     /* next older record of the same index; 0 = none */
    uint32_t newer;     /* next newer record of the same index; 0 = head */
    uint8_t *bytes;     /* SAVE: size bytes; PAGES: npages pages, in pages[] order */
    uint64_t *bitmap;   /* PAGES: one bit per page of the block, set when saved */
    uint32_t *pages;    /* PAGES: page numbers of the saved pages */
    uint32_t npages, cap_pages;
} SpecRec;

/* Global identity of a speculation: (owning process, sequence number). */
typedef struct SpecId {
    uint32_t owner;
    uint64_t seq;
} SpecId;

typedef struct SpecLevel {
    int32_t id;                  /* returned by speculate(); > 0 */
    SpecId gid;                  /* global identity */
    bool implicit;               /* opened by the runtime (message delivery) */
    SpecId *deps;                /* speculations this level depends on */
    uint32_t ndeps, cap_deps;
    struct SpecLevel *prev, *next; /* open levels in entry order */
    uint32_t *recs;              /* its records, oldest first */
    uint32_t nrecs, cap_recs;
    uint64_t io_mark;            /* held-I/O log position at entry */
    /* The VM's snapshot at entry, opaque to spec/ except that regs are
     * scanned as roots: snap holds the frames (plain data), regs the
     * register slots. */
    uint8_t *snap;
    size_t snap_len, snap_cap;
    uint64_t *regs;
    size_t nregs, cap_regs;
} SpecLevel;

/* What a log entry is. */
typedef enum SpecIoKind {
    SPEC_IO_OUT = 1, /* held write: written when the outermost level commits */
    SPEC_IO_IN,      /* journaled read: replayed after a rollback */
    SPEC_IO_CLOSE,   /* held close: done at the outermost commit, dropped by rollback */
    SPEC_IO_OPEN     /* fd opened in a level: closed by its rollback */
} SpecIoKind;

/* One entry of the held-I/O log. */
typedef struct SpecIoEntry {
    int32_t fd;
    uint8_t kind;      /* SpecIoKind */
    uint64_t off, len; /* bytes in SpecIo.bytes (OUT, IN) */
} SpecIoEntry;

/* Input to deliver again to fd after a rollback. */
typedef struct SpecReplay {
    int32_t fd;
    uint8_t *bytes;
    size_t start, len, cap; /* unread bytes are bytes[start .. start + len) */
} SpecReplay;

/* Writes n bytes to guest fd for real; returns n or a negative errno. */
typedef int64_t SpecWriteFn(void *ctx, int32_t fd, const uint8_t *buf, uint64_t n);
/* Closes guest fd for real. */
typedef void SpecCloseFn(void *ctx, int32_t fd);

typedef struct SpecIo {
    SpecIoEntry *ent;
    uint64_t nent, cap_ent;
    uint64_t base;          /* entries released before ent[0] */
    uint8_t *bytes;
    uint64_t nbytes, cap_bytes;
    SpecReplay *replay;
    uint32_t nreplay, cap_replay;
    SpecWriteFn *write;     /* NULL: write(2) on fd itself */
    SpecCloseFn *close;     /* NULL: close(2) on fd itself */
    void *write_ctx;
    bool direct;            /* --spec-io=direct: nothing held or journaled */
} SpecIo;

typedef struct SpecStats {
    uint64_t entered, committed, aborted;
    uint64_t blocks_cloned;  /* SAVE copies, and large blocks first saved in a level */
    uint64_t pages_saved;
    uint64_t bytes_copied;   /* bytes saved into copies */
    uint64_t max_open;
} SpecStats;

/* An entry of the id index: level NULL is a hole (the level ended). */
typedef struct SpecSlot {
    int32_t id;
    SpecLevel *level;
} SpecSlot;

typedef struct SpecState {
    SpecLevel *first, *last; /* outermost, innermost; NULL when none is open */
    uint32_t nopen;
    SpecSlot *order;         /* open levels (and holes) by increasing id */
    uint32_t norder, cap_order, nholes;
    SpecLevel *spare;        /* ended levels kept for reuse, linked by next */
    uint32_t nspare;
    SpecRec *rec;            /* record pool; rec[0] unused */
    uint32_t nrec, cap_rec;
    uint32_t free_rec;       /* free pool slots, linked through older */
    uint32_t *head;          /* newest record per block index, 0 = none */
    uint32_t cap_head;
    uint64_t next_seq;
    uint32_t owner;          /* this process in global identities */
    uint32_t skip_idx;       /* see spec_save_range */
    SpecIo io;
    SpecStats stats;
} SpecState;

/* ------------------------------------------------------------ lifecycle */

/* NULL when the host is out of memory. */
SpecState *spec_new(void);
/* Frees everything spec/ owns, when the process is discarded.  If h is not
 * NULL, deferred frees get their entries back first (so gc_destroy frees
 * their bytes the usual way); nothing else of the heap is touched. */
void spec_destroy(SpecState *s, GcHeap *h);
/* The callbacks that release held output and closes (guest fds). */
void spec_set_writer(SpecState *s, SpecWriteFn *write, SpecCloseFn *close, void *ctx);

static inline bool spec_active(const SpecState *s)
{
    return s && s->nopen > 0;
}

/* --------------------------------------------------------------- levels */

/* Opens a new innermost level and starts a new write epoch.  The caller
 * then fills the level's snapshot (spec_snapshot).  0, SPEC_ENOMEM or
 * SPEC_ELIMIT. */
int spec_enter(SpecState *s, GcHeap *h, SpecLevel **out);
/* Stores the VM's snapshot into l (copies); 0 or SPEC_ENOMEM. */
int spec_snapshot(SpecLevel *l, const void *snap, size_t snap_len, const uint64_t *regs,
                  size_t nregs);
/* The open level with this id, or NULL. */
SpecLevel *spec_find(SpecState *s, int32_t id);
/* Folds l into the level before it; committing the outermost level makes
 * its changes permanent (deferred frees happen, held output up to the next
 * level is written).  0 or SPEC_ENOMEM (nothing changed then). */
int spec_commit(SpecState *s, GcHeap *h, SpecLevel *l);
/* Rolls back l and every later level: blocks, entries, held I/O.  Returns
 * l, which is no longer open but whose snapshot stays readable until the
 * next spec_enter (the caller restores the VM stack from it). */
SpecLevel *spec_rollback(SpecState *s, GcHeap *h, SpecLevel *l);

/* ----------------------------------------------------- heap operations */

/* The first-store hook (GcFirstStoreFn; ctx is the SpecState). */
int spec_first_store(GcHeap *h, uint32_t idx, void *ctx);
/* True if stores to block idx are saved per page. */
static inline bool spec_paged(const GcHeap *h, uint32_t idx)
{
    return idx < h->len && h->tab[idx].size >= SPEC_PAGE_BLOCK;
}
/* Saves the pages of large block idx that bytes [off, off + n) touch, in
 * the innermost level, and sets skip_idx = idx so that the first-store hook
 * that follows (gc_store_slow) does nothing more.  Returns 1 if the block
 * must stay stale afterwards (some pages are not saved yet), 0 if it may be
 * restamped, or SPEC_ENOMEM. */
int spec_save_range(SpecState *s, GcHeap *h, uint32_t idx, uint32_t off, uint64_t n);
/* Records that block idx was just allocated in the innermost level. */
int spec_note_alloc(SpecState *s, GcHeap *h, uint32_t idx);
/* free() while levels are open: same checks and results as gc_free, but
 * deferred unless the block was allocated in the innermost level.
 * GC_FAULT_NOMEM if a record cannot be made (nothing changed). */
GcFault spec_free(SpecState *s, GcHeap *h, uint64_t p);
/* Releases a frame's block list while levels are open (deferred like
 * frees).  0 or SPEC_ENOMEM (nothing changed). */
int spec_release_frame(SpecState *s, GcHeap *h, uint32_t head);

/* -------------------------------------------------------------- held I/O */

static inline bool spec_holds_io(const SpecState *s)
{
    return spec_active(s) && !s->io.direct;
}
/* Holds a write of n bytes to fd; returns n or SPEC_ENOMEM. */
int64_t spec_hold_write(SpecState *s, int32_t fd, const uint8_t *buf, uint64_t n);
/* Serves a read of up to n bytes from fd's replay buffer: returns the number
 * of bytes copied (0 if there is nothing to replay). */
uint64_t spec_replay_read(SpecState *s, int32_t fd, uint8_t *buf, uint64_t n);
/* Journals n bytes that a read delivered while levels are open. */
int spec_journal_read(SpecState *s, int32_t fd, const uint8_t *buf, uint64_t n);
/* Holds a close of fd (done at the outermost commit, forgotten by a
 * rollback); 0 or SPEC_ENOMEM. */
int spec_hold_close(SpecState *s, int32_t fd);
/* Notes that fd was opened inside the innermost level (a rollback past it
 * closes it); 0 or SPEC_ENOMEM. */
int spec_note_open(SpecState *s, int32_t fd);
/* fd was closed for real: its replay buffer is dropped. */
void spec_forget_fd(SpecState *s, int32_t fd);
/* Writes every held output and does every held close now (the process
 * ends); returns 0 or the first negative errno of the writer. */
int64_t spec_release_output(SpecState *s);
/* Forgets the held-I/O log when the process ends by leaving this host
 * (suspend, migrate): its held output travels in its image. */
void spec_drop_output(SpecState *s);

/* ----------------------------------------------------------- collector */

/* Calls gc_scan_roots on the bytes of every saved copy (blocks and pages,
 * every 4-byte-aligned u32 as a high half, like the heap scan), on the
 * bytes of deferred-freed blocks, on every register snapshot, and on one
 * word (idx << 32) per index a record holds, so that no index a level may
 * bring back is reused. */
void spec_scan_roots(SpecState *s, GcHeap *h);
/* Calls mark(h, idx) for every block index a record holds (saved,
 * allocated in a level, freed in a level).  Entries of deferred frees are
 * GC_KIND_DEAD with data != NULL and their byte size in aux: the collector
 * must keep (it may move) those bytes while they are held. */
void spec_mark_held(SpecState *s, void (*mark)(GcHeap *, uint32_t idx), GcHeap *h);

/* ------------------------------------------------- migration (pack.c) */

/*
 * Export: everything here is plain data, so a packer reads the open levels
 * (first .. last), each level's records (recs[] into rec[], oldest first),
 * the held-I/O log and the replay buffers directly.  The snapshot is the
 * VM's (it converts it); marks are absolute log positions, spec_level_mark
 * gives one relative to the log's first entry.
 *
 * Import, into a fresh SpecState whose heap gc/ has already rebuilt:
 *     spec_import_begin
 *     per level, outermost first: spec_import_level (then the caller's
 *       spec_snapshot), then spec_import_rec per record, oldest first
 *     spec_import_log, spec_import_replay per fd
 *     spec_import_finish
 * The records of one index are chained in that order, which is the order
 * spec/ itself keeps them in (records of newer levels are newer; commit
 * appends the records it moves).  spec_import_finish checks every record
 * against the heap by undoing the levels, innermost first, on a model of
 * the table (the kind, size and frame link of each entry), exactly as a
 * rollback would; after undoing each level it shows the caller the model
 * (the table as it was when that level was entered) to check the level's
 * snapshot.  Nothing of the real heap changes.  Every function returns 0,
 * SPEC_ENOMEM or SPEC_EBAD with a message in msg (then the state can only
 * be destroyed, with spec_destroy(s, NULL)).
 */
#define SPEC_EBAD (-3) /* inconsistent input */

/* A level to import (its snapshot is set with spec_snapshot after). */
typedef struct SpecLevelImport {
    int32_t id;
    SpecId gid;
    bool implicit;
    const SpecId *deps;
    uint32_t ndeps;
    uint64_t mark;           /* log entries before its entry */
} SpecLevelImport;

/* A record to import.  SAVE: bytes = the size saved bytes; PAGES: pages[]
 * are the saved page numbers in saving order and bytes their contents, each
 * page min(SPEC_PAGE_SIZE, size - page * SPEC_PAGE_SIZE) bytes; ALLOC: no
 * size, aux, bytes; FREE: old_kind, size and aux of the entry before the
 * free (aux: its frame link). */
typedef struct SpecRecImport {
    uint32_t idx;
    uint8_t kind, old_kind;
    uint32_t size, aux;
    const uint32_t *pages;
    uint32_t npages;
    const uint8_t *bytes;
    uint64_t nbytes;
} SpecRecImport;

/* The model of the table shown by spec_import_finish: kind and aux (frame
 * link for FRAME entries) per index < len; nframe = FRAME entries. */
typedef struct SpecView {
    const uint8_t *kind;
    const uint32_t *aux;
    uint32_t len;
    uint32_t nframe;
} SpecView;
/* Checks level l's snapshot against the table as it was at its entry;
 * returns 0 or a negative code (the caller keeps its own message). */
typedef int SpecViewFn(void *ctx, SpecLevel *l, const SpecView *v);

uint64_t spec_level_mark(const SpecState *s, const SpecLevel *l);
int spec_import_begin(SpecState *s, uint32_t owner, uint64_t next_seq, char *msg, size_t n);
int spec_import_level(SpecState *s, GcHeap *h, const SpecLevelImport *li, SpecLevel **out,
                      char *msg, size_t n);
/* A record of the level imported last; idx must be < h->len. */
int spec_import_rec(SpecState *s, const GcHeap *h, const SpecRecImport *ri, char *msg, size_t n);
/* The held-I/O log: entries' fd, kind and len (off is ignored and
 * recomputed); bytes = the OUT and IN entries' bytes in log order. */
int spec_import_log(SpecState *s, const SpecIoEntry *ent, uint64_t nent, const uint8_t *bytes,
                    uint64_t nbytes, char *msg, size_t n);
/* Unread input of guest fd (delivered by its next reads). */
int spec_import_replay(SpecState *s, int32_t fd, const uint8_t *bytes, uint64_t nbytes,
                       char *msg, size_t n);
/* Checks the records, the marks and the log (see above), calling check for
 * each level, innermost first, then installs the first-store hook.  A
 * check failure is returned as it is, with msg left empty. */
int spec_import_finish(SpecState *s, GcHeap *h, SpecViewFn *check, void *ctx, char *msg,
                       size_t n);

/* ------------------------------------------------------------ test hooks */

/* The newest record of idx (NULL if none). */
const SpecRec *spec_record(const SpecState *s, uint32_t idx);
/* Number of live records in the pool. */
uint32_t spec_record_count(const SpecState *s);

#endif
