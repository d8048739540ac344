/*
 * decide.h - the decisions of distributed speculations (decide.c), as pure
 * functions over the dependency state: what to do with an arriving message,
 * which open level to commit or roll back.  No I/O; the unit tests
 * (tests/unit/test_dist_decide.c) drive them directly.  Private to dist/.
 *
 * Model
 * - A speculation is named by its global id (owner, seq); owner is
 *   DIST_OWNER(rank, incarnation), so a resurrected rank never reuses the
 *   ids of its earlier life.
 * - DistKnown holds what this rank learnt: the decided ids (committed or
 *   aborted, told by their owner or seen here) and per rank its latest
 *   incarnation and whether that one is dead.  An id nobody decided is
 *   aborted when its owner's incarnation died or was replaced (the failure
 *   of a process aborts the speculations it owns), else still open.
 * - DistLevel mirrors one open level of this process in entry order: its
 *   local id, global id, whether it is implicit (opened for a delivery) and
 *   then its dependencies (the remote speculations it joined).
 */
#ifndef DIST_DECIDE_H
#define DIST_DECIDE_H

#include "spec/spec.h"

#include <stdbool.h>
#include <stdint.h>

#define DIST_MAX_RANKS 64u
#define DIST_OWNER(rank, inc) ((uint32_t)(rank) | (uint32_t)(inc) << 16)
#define DIST_RANK_OF(owner) ((owner) & 0xffffu)
#define DIST_INC_OF(owner) ((owner) >> 16)

typedef enum DistOutcome { DIST_OPEN = 0, DIST_DONE_COMMIT = 1, DIST_DONE_ABORT = 2 } DistOutcome;

typedef struct DistKnown {
    struct { SpecId gid; uint8_t outcome; } *dec; /* in the order learnt */
    uint32_t ndec, cap;
    uint32_t *index;                   /* open addressing over dec: i + 1, 0 = empty */
    uint32_t index_cap;                /* a power of two, > 2 * ndec */
    uint32_t size;                     /* ranks */
    uint32_t inc[DIST_MAX_RANKS];      /* latest incarnation seen */
    bool dead[DIST_MAX_RANKS];         /* that incarnation died */
} DistKnown;

typedef struct DistLevel {
    int32_t id;
    SpecId gid;
    bool implicit;
    bool carried;                      /* a message sent carried its id */
    bool pending;                      /* explicit, committed by the program while
                                          later implicit levels were open: it stays
                                          open until they end (its commit is told) */
    uint64_t commit_mark;              /* pending: seq of the newest level open at the
                                          commit; rolling one of those back takes the
                                          program back before its commit() */
    SpecId *deps;
    uint32_t ndeps;
} DistLevel;

/* Records a decision; 0 or -1 (out of memory).  A later decision of the
 * same id is ignored (the first one stands). */
int dist_known_decide(DistKnown *k, SpecId gid, DistOutcome o);
DistOutcome dist_known_outcome(const DistKnown *k, SpecId gid);
void dist_known_free(DistKnown *k);

/* True when this rank already depends on gid: it is one of its open
 * levels, or a dependency of one. */
bool dist_depends_on(const DistLevel *lv, uint32_t nlv, SpecId gid);

typedef enum DistDelivery {
    DIST_DELIVER = 1, /* hand the message to the program now */
    DIST_JOIN,        /* open an implicit level with *nnew new dependencies first */
    DIST_DROP         /* it was sent by an aborted speculation: it never happened */
} DistDelivery;

/* What to do with a message that carries deps[0..nd): new[] receives the
 * dependencies to join (at most nd), in their order, without duplicates. */
DistDelivery dist_decide_delivery(const DistKnown *k, const DistLevel *lv, uint32_t nlv,
                                  const SpecId *deps, uint32_t nd, SpecId *new_deps,
                                  uint32_t *nnew);

typedef enum DistAction { DIST_NONE = 0, DIST_COMMIT_LEVEL = 1, DIST_ABORT_LEVEL = 2 } DistAction;

/* The next thing the runtime must do to the open levels: roll back the
 * outermost implicit level that has an aborted dependency (which ends every
 * later level too), else commit an implicit level all of whose dependencies
 * committed (the outermost such), else commit a pending level that no
 * implicit level follows any more, else nothing.  *level: its local id. */
DistAction dist_decide_action(const DistKnown *k, const DistLevel *lv, uint32_t nlv,
                              int32_t *level);

/* True when some open level is implicit or pending (this rank waits for
 * others). */
bool dist_has_implicit(const DistLevel *lv, uint32_t nlv);
/* True when an implicit level follows level index i. */
bool dist_implicit_after(const DistLevel *lv, uint32_t nlv, uint32_t i);

#endif
