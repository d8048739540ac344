/*
 * frame.h - the frames ranks exchange (frame.c), as pure functions: no I/O,
 * no state besides the arguments, so the unit tests and the fuzzer drive
 * them directly.  Private to dist/.
 *
 * Frame: 12-byte header, then the body (little-endian):
 *     "FIRD"  u8 version (1)  u8 type  u16 flags  u32 body length
 * flags bit 0: the body is sealed (XChaCha20-Poly1305 under the session
 * key of its direction; the header is the associated data; the nonce is
 * the frame's number in that direction).  HELLO and AUTH are plain, every
 * later frame is sealed; any other flag bit is rejected.
 *
 * Bodies (DIST_FRAMES gives each fixed size, -1 = variable):
 *   HELLO   rank u32, size u32, incarnation u32, stable u32 (messages of the
 *           peer this rank holds for good), Ed25519 public key [32], X25519
 *           ephemeral key [32]
 *   AUTH    Ed25519 signature [64] of the handshake transcript
 *   MSG     seq u32, ndeps u32, ndeps x (owner u32, seq u64), payload
 *   DECIDE  owner u32, seq u64, outcome u8 (1 committed, 2 aborted)
 *   CKPT    held u32: a checkpoint barrier, answered by CKPT_ACK; held is
 *           how much of the receiver's stream the sender's previous
 *           checkpoint consumed (the receiver no longer keeps those)
 *   BYE     (the rank finished: it sends nothing more)
 * Between a rank and the launcher of `--launch --hosts` (coord.c), whose
 * HELLO says rank DIST_COORD_RANK:
 *   ADDR    the rank's listening address "HOST:PORT" (1..79 bytes)
 *   PEERS   count u32, count x (rank u32, incarnation u32, length u8,
 *           address): the addresses of the ranks, to connect to
 *   OUT     fd u8 (1 stdout, 2 stderr), bytes: the rank's output
 *   IMAGE   a piece of the rank's last checkpoint image, in order
 *   IMAGE_END  total length u64: the pieces since the last IMAGE_END are
 *           the whole image (the one a resurrection resumes)
 *   EXIT    status u32: the rank's program ended
 *   STOP    (launcher to rank: another rank failed for good; exit)
 */
#ifndef DIST_FRAME_H
#define DIST_FRAME_H

#include "spec/spec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIST_MAGIC "FIRD"
#define DIST_VERSION 2
#define DIST_HEADER 12
#define DIST_FLAG_SEALED 1u
#define DIST_TAG_BYTES 16
#define DIST_MAX_PAYLOAD ((uint32_t)1 << 20)
#define DIST_MAX_DEPS 4096u
#define DIST_MAX_BODY (8 + 12 * DIST_MAX_DEPS + DIST_MAX_PAYLOAD + DIST_TAG_BYTES)
#define DIST_HELLO_BYTES 80

/* name, number, body size before sealing (-1: variable) */
#define DIST_FRAMES(X) \
    X(HELLO, 1, 80)    \
    X(AUTH, 2, 64)     \
    X(MSG, 3, -1)      \
    X(DECIDE, 4, 13)   \
    X(CKPT, 5, 4)      \
    X(CKPT_ACK, 6, 0)  \
    X(BYE, 7, 0)       \
    X(ADDR, 8, -1)     \
    X(PEERS, 9, -1)    \
    X(OUT, 10, -1)     \
    X(IMAGE, 11, -1)   \
    X(IMAGE_END, 12, 8) \
    X(EXIT, 13, 4)     \
    X(STOP, 14, 0)

enum {
#define DIST_FRAME_ENUM(name, num, size) DIST_F_##name = num,
    DIST_FRAMES(DIST_FRAME_ENUM)
#undef DIST_FRAME_ENUM
    DIST_F_LIMIT
};

enum { DIST_COMMITTED = 1, DIST_ABORTED = 2 };

typedef struct DistHeader {
    uint8_t type;
    uint16_t flags;
    uint32_t len;
} DistHeader;

/* A growable byte buffer. */
typedef struct DistBuf {
    uint8_t *b;
    size_t n, cap;
} DistBuf;

int dist_buf_put(DistBuf *d, const void *p, size_t n);
void dist_buf_free(DistBuf *d);

/* Parses a header at b[0..n): 0 = more bytes needed, 1 = *h filled (the
 * whole frame is DIST_HEADER + h->len bytes), -1 = malformed, why says
 * what (bad magic, version, type, flags, a length over the type's). */
int dist_header_parse(const uint8_t *b, size_t n, DistHeader *h, char *why, size_t whyn);

typedef struct DistHello {
    uint32_t rank, size, incarnation, stable;
    uint8_t pk[32], eph[32];
} DistHello;

typedef struct DistMsg {
    uint32_t seq, ndeps;
    const uint8_t *deps; /* ndeps x 12 bytes, see dist_msg_dep */
    const uint8_t *data;
    uint32_t len;
} DistMsg;

typedef struct DistDecide {
    SpecId gid;
    uint8_t outcome;
} DistDecide;

/* The rank the launcher of `--launch --hosts` names itself in its HELLO. */
#define DIST_COORD_RANK 0xffffffffu
#define DIST_ADDR_MAX 80 /* an address with its NUL */

typedef struct DistAddr {
    uint32_t rank, incarnation;
    char addr[DIST_ADDR_MAX];
} DistAddr;

/* Body decoders: 0, or -1 with why set.  The body is the plaintext. */
int dist_hello_decode(const uint8_t *b, size_t n, DistHello *h, char *why, size_t whyn);
int dist_msg_decode(const uint8_t *b, size_t n, DistMsg *m, char *why, size_t whyn);
SpecId dist_msg_dep(const DistMsg *m, uint32_t i);
int dist_decide_decode(const uint8_t *b, size_t n, DistDecide *d, char *why, size_t whyn);

/* ADDR: a printable "HOST:PORT" of 1..79 bytes, NUL-terminated into out. */
int dist_addr_decode(const uint8_t *b, size_t n, char out[DIST_ADDR_MAX], char *why, size_t whyn);
/* PEERS: at most max entries, each rank below size, each address as ADDR's. */
int dist_peers_decode(const uint8_t *b, size_t n, uint32_t size, DistAddr *out, uint32_t max,
                      uint32_t *count, char *why, size_t whyn);
int dist_peers_encode(DistBuf *out, const DistAddr *a, uint32_t count);

/* The log a checkpoint image keeps (not a frame: guest/libc/msg.c holds it
 * in guest memory): count u32, then count x (to u32, seq u32, length u32,
 * bytes).  dist_log_start makes an empty one in out, dist_log_put appends
 * one message; dist_log_decode checks a whole log (ranks below size, lengths
 * within it, nothing after) and gives each message through `each`, whose
 * data points into b; -1 and why when it is damaged (then nothing was
 * given) or `each` failed. */
typedef struct DistLogged {
    uint32_t to, seq, len;
    const uint8_t *data;
} DistLogged;
int dist_log_start(DistBuf *out);
int dist_log_put(DistBuf *out, uint32_t to, uint32_t seq, const uint8_t *data, uint32_t len);
int dist_log_decode(const uint8_t *b, size_t n, uint32_t size,
                    int (*each)(const DistLogged *m, void *ctx), void *ctx, char *why,
                    size_t whyn);
uint32_t dist_get32(const uint8_t *b);
uint64_t dist_get64(const uint8_t *b);
void dist_put32(uint8_t *b, uint32_t v);
void dist_put64(uint8_t *b, uint64_t v);

/* What a --hosts launcher sends a `firvm --serve` host: this header, then
 * the process image to run as that rank.  "FIRVMRNK", rank u32, size u32,
 * incarnation u32, kill_after u32 (a test: 0 none), length u8, the
 * launcher's "HOST:PORT". */
#define DIST_RANK_MAGIC "FIRVMRNK"
typedef struct DistRankHeader {
    uint32_t rank, size, incarnation, kill_after;
    char launcher[DIST_ADDR_MAX];
} DistRankHeader;
int dist_rank_header_encode(DistBuf *out, const DistRankHeader *h);
/* 0 and *used = the header's bytes; 1: not a rank payload (no magic);
 * -1: a malformed header (why). */
int dist_rank_header_decode(const uint8_t *b, size_t n, DistRankHeader *h, size_t *used,
                            char *why, size_t whyn);

/* Body encoders (append to out; 0 or -1 out of memory). */
int dist_hello_encode(DistBuf *out, const DistHello *h);
int dist_msg_encode(DistBuf *out, uint32_t seq, const SpecId *deps, uint32_t ndeps,
                    const uint8_t *data, uint32_t len);
int dist_decide_encode(DistBuf *out, SpecId gid, uint8_t outcome);

/* A whole frame of `type` around body[0..n) appended to out: plain when key
 * is NULL, else sealed with key and nonce number `counter`.  0 or -1. */
int dist_frame_put(DistBuf *out, uint8_t type, const uint8_t *body, size_t n,
                   const uint8_t *key, uint64_t counter);
/* Opens a sealed body in place: body[0..len) becomes the plaintext of
 * len - DIST_TAG_BYTES bytes.  0, or -1 (forged, corrupted or replayed). */
int dist_frame_open(const uint8_t hdr[DIST_HEADER], uint8_t *body, size_t len,
                    const uint8_t *key, uint64_t counter);

#endif
