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
 *   CKPT    (a checkpoint barrier: answered by CKPT_ACK)
 *   BYE     (the rank finished: it sends nothing more)
 */
#ifndef DIST_FRAME_H
#define DIST_FRAME_H

#include "spec/spec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIST_MAGIC "FIRD"
#define DIST_VERSION 1
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
    X(CKPT, 5, 0)      \
    X(CKPT_ACK, 6, 0)  \
    X(BYE, 7, 0)

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

/* Body decoders: 0, or -1 with why set.  The body is the plaintext. */
int dist_hello_decode(const uint8_t *b, size_t n, DistHello *h, char *why, size_t whyn);
int dist_msg_decode(const uint8_t *b, size_t n, DistMsg *m, char *why, size_t whyn);
SpecId dist_msg_dep(const DistMsg *m, uint32_t i);
int dist_decide_decode(const uint8_t *b, size_t n, DistDecide *d, char *why, size_t whyn);

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
