/*
 * internal.h - the state of one rank, shared by net.c (connections) and
 * ops.c (the message operations).  Private to dist/.
 */
#ifndef DIST_INTERNAL_H
#define DIST_INTERNAL_H

#include "dist/decide.h"
#include "dist/dist.h"
#include "dist/frame.h"

#include <uv.h>

#define DIST_ACT (-1000) /* guest/libc/msg.c: do st.act to level st.level, then retry */
enum { DIST_ACT_COMMIT = 1, DIST_ACT_ABORT = 2, DIST_ACT_JOIN = 3, DIST_ACT_RESTORE = 4 };
/* results of message operations (guest/include/msg.h) */
#define DIST_ROLL (-1)
#define DIST_TIMEOUT (-2)
#define DIST_EINVAL (-3)
#define DIST_ETRUNC (-4)
#define DIST_CLOSED (-6)
#define DIST_EBUSY (-7)
#define DIST_EIO (-8)

/* A message kept: received and not yet consumed for good, or sent (for a
 * resend to a resurrected peer).  Lists are sorted by seq, one entry per
 * seq: a later copy replaces an earlier one (the sender rolled back and
 * sent it again). */
typedef struct DistEntry {
    uint32_t seq;
    uint64_t arrival;
    SpecId *deps;
    uint32_t ndeps;
    uint8_t *data;
    uint32_t len;
} DistEntry;

typedef struct DistList {
    DistEntry *e;
    uint32_t n, cap;
} DistList;

typedef struct DistConn DistConn;

typedef struct DistPeer {
    DistConn *conn;       /* authenticated connection, or NULL */
    bool bye;             /* it finished: it sends nothing more */
    bool roll;            /* it died, and no receive told the program yet */
    bool ckpt_acked;
    bool connecting;      /* an outgoing connection is being set up */
    bool ever;            /* it was connected once */
    uint64_t next_try;    /* uv_now before which we do not connect again */
    uint32_t stable;      /* its messages consumed here for good */
    uint32_t held;        /* ours it holds for good, as its HELLO said */
    uint32_t ckpt_mark;   /* its messages our last checkpoint consumed */
    uint32_t ckpt_before; /* and the one before (if the last is not written) */
    DistList inq;         /* its messages with seq > stable */
    DistList log;         /* ours to it */
} DistPeer;

/* DistConn.rank of a rank's connection to the launcher of --hosts */
#define DIST_CONN_LAUNCHER (-2)

typedef struct DistCapture DistCapture; /* remote.c: the output sent to the launcher */
typedef struct DistCoord DistCoord;     /* coord.c: the launcher's own state */

struct Dist {
    DistConfig cfg;
    uv_loop_t loop;
    uv_tcp_t listener;
    uv_timer_t timer;
    bool timer_fired;
    char addr[80];
    char path[600];       /* DIR/rank.R */
    DistPeer peers[DIST_MAX_RANKS];
    DistKnown known;
    DistLevel *lv;        /* open levels, entry order */
    uint32_t nlv, cap_lv;
    SpecId *ours;         /* decisions of our carried levels: told to every new peer */
    uint8_t *ours_out;
    uint32_t nours, cap_ours;
    DistConn *conns;      /* every live connection */
    bool finished;
    bool restored;        /* a resurrected incarnation has its log back */
    VmProcess *p;
    uint8_t *state;       /* the guest library's state, during an operation */
    SpecId *join;         /* dependencies of the delivery that asked for a join */
    uint32_t njoin;
    uint64_t arrivals;
    uint32_t nsends;
    int32_t last_from;
    uint32_t writes;      /* writes not completed */
    bool debug;           /* FIRVM_DIST_DEBUG=1: log level events */
    bool test_bad;        /* FIRVM_DIST_TEST_BAD=1: send bad frames once (a test) */
    uint32_t refusals;    /* peers refused (logged: the first few) */
    /* a rank of --launch --hosts (cfg.launcher set): */
    DistConn *launcher;   /* the authenticated connection to the launcher */
    bool launcher_lost;
    DistAddr addrs[DIST_MAX_RANKS]; /* the ranks' addresses, from PEERS */
    bool have_addr[DIST_MAX_RANKS];
    bool ckpt_pending;    /* a checkpoint image the launcher does not have yet */
    DistCapture *capture;
    char own_dir[400];    /* its private directory for checkpoint images */
    char own_host[64];    /* the address it listens on: its side of the launcher's */
    /* the launcher itself (coord.c): */
    DistCoord *coord;
};

/* guest state block (guest/libc/msg.c) */
#define DIST_ST_ACT 0
#define DIST_ST_LEVEL 4
#define DIST_ST_FROM 8
#define DIST_ST_CONSUMED 48 /* after the request (vm.h VM_MSG_REQ_*) */
#define DIST_ST_SENT (48 + 4 * DIST_MAX_RANKS)

void dist__log(Dist *d, const char *fmt, ...) FIR_PRINTF(2, 3);

/* net.c */
int dist__listen(Dist *d, FirError *err);
void dist__connect_peers(Dist *d);
/* Sends one frame to peer r (sealed); false when it is not connected. */
bool dist__send(Dist *d, uint32_t r, uint8_t type, const uint8_t *body, size_t n);
void dist__close_all(Dist *d);
/* What a peer's frame means (ops.c), once its connection is authenticated. */
void dist__on_frame(Dist *d, uint32_t r, uint8_t type, uint8_t *body, size_t n);
/* A peer authenticated (ops.c): resend what it lacks.  known_before: we
 * were connected to an earlier incarnation of it. */
void dist__on_peer(Dist *d, uint32_t r, uint32_t inc, uint32_t their_stable, bool known_before);
/* A peer's connection ended without BYE (ops.c). */
void dist__on_death(Dist *d, uint32_t r);
uint32_t dist__stable_of(Dist *d, uint32_t r);

/* A frame to the launcher (a rank of --hosts); false when not connected. */
bool dist__send_launcher(Dist *d, uint8_t type, const uint8_t *body, size_t n);
/* Connects to cfg.launcher and waits for the handshake (dist_new). */
int dist__connect_launcher(Dist *d, FirError *err);
/* The local address of the launcher connection (to listen on the same one). */
int dist__launcher_local_ip(Dist *d, char *ip, size_t n);

/* remote.c: a rank of --hosts */
void dist__on_launcher_frame(Dist *d, uint8_t type, uint8_t *body, size_t n);
int dist__capture_start(Dist *d, FirError *err);
/* Before a message operation: the checkpoint image to the launcher, output. */
void dist__launcher_sync(Dist *d);
/* dist_free: the output back, the private directory removed. */
void dist__remote_free(Dist *d);
/* dist_new of a rank of --hosts: connect, listen, tell the launcher. */
int dist__remote_start(Dist *d, FirError *err);

/* coord.c: the launcher's side of a rank's connection */
void dist__coord_on_frame(Dist *d, uint32_t r, uint8_t type, uint8_t *body, size_t n);
void dist__coord_on_rank(Dist *d, uint32_t r, uint32_t inc);
void dist__coord_on_death(Dist *d, uint32_t r);

/* ops.c: list of kept messages */
void dist__list_free(DistList *l);

#endif
