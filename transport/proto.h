/*
 * proto.h - the wire protocol of `firvm --serve`, as a state machine that
 * does no I/O (net.c).  server.c and client.c move its bytes over libuv;
 * the unit tests and the fuzzer drive it directly.  Private to migrate/.
 *
 * Driving a session:
 *     mig__session_input(s, bytes, n)             bytes received
 *     while ((ev = mig__session_step(s)) != MIG_EV_NONE) {
 *         MIG_EV_ERROR: s->err says why; send what is in s->out, then close
 *         other events: decide, and answer with the mig__server_* /
 *         mig__client_* calls named beside each event
 *     }
 *     s->out                                      bytes to send (the driver
 *                                                 takes them with mig__take_output)
 *
 * Frame: 12-byte header, then the body.
 *     "FIRN"  u8 version (1)  u8 type  u16 flags  u32 body length   (little-endian)
 *     flags bit 0: the body is encrypted (XChaCha20-Poly1305, the header is
 *     the associated data, the nonce a per-direction frame counter); every
 *     other bit must be zero.  In an authenticated session every frame
 *     after WELCOME is encrypted and every earlier one is not.
 *
 * Invariants
 * - No more than one frame (MIG_FRAME_MAX) plus one read is ever buffered;
 *   a payload buffer grows only as data arrives and never past the size
 *   offered, which the server checked against max_image first.
 * - After MIG_EV_ERROR the session accepts nothing more.
 */
#ifndef MIGRATE_PROTO_H
#define MIGRATE_PROTO_H

#include "transport/net.h"

#include <sodium.h>

#define MIG_FRAME_MAGIC "FIRN"
#define MIG_PROTO_VERSION 1
#define MIG_FRAME_HEADER 12
#define MIG_FLAG_ENCRYPTED 1u
#define MIG_TAG_BYTES 16
#define MIG_CHUNK_MAX ((size_t)1 << 20)                /* DATA body, plaintext */
#define MIG_FRAME_MAX (MIG_CHUNK_MAX + MIG_TAG_BYTES)  /* any body on the wire */
#define MIG_INPUT_MAX (MIG_FRAME_HEADER + MIG_FRAME_MAX + ((size_t)256 << 10))
#define MIG_ID_BYTES 16
#define MIG_REASON_MAX 400

/* name, number, body size (-1: variable) */
#define MIG_FRAMES(X)                  \
    X(HELLO, 1, 65)                    \
    X(WELCOME, 2, 145)                 \
    X(AUTH, 3, 64)                     \
    X(OFFER, 4, 24)                    \
    X(ACCEPT, 5, 0)                    \
    X(DATA, 6, -1)                     \
    X(END, 7, 32)                      \
    X(READY, 8, 0)                     \
    X(COMMIT, 9, 0)                    \
    X(STARTED, 10, 8)                  \
    X(REJECT, 11, -1)                  \
    X(ABORT, 12, -1)                   \
    X(STATUS, 13, 32)                  \
    X(STATUS_REPLY, 14, 1)

enum {
#define MIG_FRAME_ENUM(name, num, size) MIG_F_##name = num,
    MIG_FRAMES(MIG_FRAME_ENUM)
#undef MIG_FRAME_ENUM
    MIG_F_LIMIT
};

/* Why a server refused; the client turns it into an errno value. */
#define MIG_REJECTS(X)                              \
    X(AUTH, 1, EACCES)     /* not authenticated / authorized */ \
    X(TOO_LARGE, 2, EFBIG) /* payload over max_image */ \
    X(BUSY, 3, EAGAIN)     /* limits reached, shutting down */ \
    X(INVALID, 4, EBADMSG) /* the image does not verify */ \
    X(PROTOCOL, 5, EPROTO) /* malformed or unexpected frame */ \
    X(INTERNAL, 6, EREMOTEIO)

enum {
#define MIG_REJECT_ENUM(name, num, errno_) MIG_REJECT_##name = num,
    MIG_REJECTS(MIG_REJECT_ENUM)
#undef MIG_REJECT_ENUM
};

/* STATUS_REPLY states */
enum { MIG_STATUS_UNKNOWN = 0, MIG_STATUS_ABORTED = 1, MIG_STATUS_STARTED = 2 };

typedef enum MigRole { MIG_CLIENT, MIG_SERVER } MigRole;

typedef enum MigEvent {
    MIG_EV_NONE = 0,
    MIG_EV_ERROR,
    /* server side */
    MIG_EV_OFFER,   /* s->id, s->total: mig__server_accept or mig__server_reject */
    MIG_EV_PAYLOAD, /* s->payload complete, hash checked: mig__server_ready or _reject */
    MIG_EV_COMMIT,  /* start it: mig__server_started */
    MIG_EV_STATUS,  /* s->id, s->peer_instance: mig__server_status_reply */
    MIG_EV_ABORT,   /* the client gave up: s->reason */
    /* client side */
    MIG_EV_ACCEPTED,     /* send: mig__client_data ... mig__client_end */
    MIG_EV_READY,        /* the peer verified it: mig__client_commit */
    MIG_EV_STARTED,      /* s->started_pid */
    MIG_EV_REJECTED,     /* s->reject_code, s->reason */
    MIG_EV_STATUS_REPLY  /* s->status */
} MigEvent;

typedef enum MigState {
    MIG_S_HELLO_WAIT,   /* server */
    MIG_S_WELCOME_WAIT, /* client */
    MIG_S_AUTH_WAIT,    /* server */
    MIG_S_REQUEST_WAIT, /* server: OFFER or STATUS */
    MIG_S_DECIDE_OFFER, /* server: the driver decides */
    MIG_S_ACCEPT_WAIT,  /* client */
    MIG_S_DATA,         /* server receives, client sends */
    MIG_S_VERIFYING,    /* server: the driver verifies */
    MIG_S_READY_WAIT,   /* client */
    MIG_S_COMMIT_WAIT,  /* server */
    MIG_S_STARTING,     /* server: the driver starts it */
    MIG_S_STARTED_WAIT, /* client: in doubt from here */
    MIG_S_STATUS_WAIT,  /* client */
    MIG_S_DECIDE_STATUS,/* server */
    MIG_S_DONE,
    MIG_S_FAILED
} MigState;

typedef struct MigBytes {
    uint8_t *data;
    size_t len, cap;
} MigBytes;

typedef struct MigSession {
    MigRole role;
    MigState state;
    const MigNetConfig *cfg;
    MigBytes in, out;
    size_t in_off;           /* consumed prefix of in */
    uint8_t *scratch;        /* decrypted body */
    size_t scratch_cap;

    /* handshake and channel */
    bool secure;
    uint8_t eph_pk[crypto_kx_PUBLICKEYBYTES], eph_sk[crypto_kx_SECRETKEYBYTES];
    uint8_t peer_eph[crypto_kx_PUBLICKEYBYTES];
    bool peer_has_key;
    uint8_t peer_pk[MIG_KEY_PUBLIC_BYTES];
    uint8_t rx[crypto_kx_SESSIONKEYBYTES], tx[crypto_kx_SESSIONKEYBYTES];
    uint64_t rx_count, tx_count;
    uint8_t instance[MIG_ID_BYTES];      /* server: its own; client: the peer's */
    uint8_t peer_instance[MIG_ID_BYTES]; /* server: from a STATUS */

    /* transfer */
    bool status_query;       /* client: ask about id instead of sending */
    uint8_t id[MIG_ID_BYTES];
    uint64_t total, received;
    uint8_t *payload;        /* server */
    size_t payload_cap;
    crypto_generichash_state hash;

    /* results */
    uint32_t reject_code;
    char reason[MIG_REASON_MAX + 1];
    uint8_t status;
    uint64_t started_pid;
    FirError err;
} MigSession;

/* A server session (instance: the server's random id) or a client session
 * (status_query: ask about `id` at `instance` instead of sending).  The
 * client's HELLO is queued at once.  NULL when out of memory. */
MigSession *mig__session_server(const MigNetConfig *cfg, const uint8_t instance[MIG_ID_BYTES]);
MigSession *mig__session_client(const MigNetConfig *cfg, const uint8_t id[MIG_ID_BYTES],
                                uint64_t total, bool status_query,
                                const uint8_t instance[MIG_ID_BYTES]);
void mig__session_free(MigSession *s);

/* Appends received bytes; MIG_EV_ERROR-worthy overflow is reported by the
 * next step.  Returns 0 or FIR_ENOMEM. */
int mig__session_input(MigSession *s, const uint8_t *data, size_t n) FIR_MUST_CHECK;
MigEvent mig__session_step(MigSession *s);
/* Moves the pending output to *out (the caller frees out->data). */
void mig__take_output(MigSession *s, MigBytes *out);

void mig__server_accept(MigSession *s);
void mig__server_reject(MigSession *s, uint32_t code, const char *fmt, ...) FIR_PRINTF(3, 4);
void mig__server_ready(MigSession *s);
void mig__server_started(MigSession *s, uint64_t pid);
void mig__server_status_reply(MigSession *s, uint8_t status);

int mig__client_data(MigSession *s, const uint8_t *data, size_t n) FIR_MUST_CHECK;
int mig__client_end(MigSession *s) FIR_MUST_CHECK;
void mig__client_commit(MigSession *s);
void mig__client_abort(MigSession *s, const char *reason);

/* Queues any frame as the session would (encrypted once secure): for tests
 * and the fuzzer, which play a hostile peer inside an authenticated session. */
int mig__send_frame(MigSession *s, unsigned type, const uint8_t *body, size_t n) FIR_MUST_CHECK;

/* The errno value (positive) for a reject code. */
int mig__reject_errno(uint32_t code);
const char *mig__frame_name(unsigned type);

#endif
