/*
 * frame.c - encoding and checking the frames of frame.h.  Every length is
 * checked against the bytes that carry it and against the type's limit
 * before anything is trusted.
 */
#include "dist/frame.h"
#include "dist/decide.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dist_buf_put(DistBuf *d, const void *p, size_t n)
{
    if (d->n + n > d->cap) {
        size_t cap = d->cap ? d->cap : 256;
        while (cap < d->n + n)
            cap *= 2;
        uint8_t *b = realloc(d->b, cap);
        if (!b)
            return -1;
        d->b = b;
        d->cap = cap;
    }
    if (n && p)
        memcpy(d->b + d->n, p, n);
    else if (n)
        memset(d->b + d->n, 0, n);
    d->n += n;
    return 0;
}

void dist_buf_free(DistBuf *d)
{
    free(d->b);
    *d = (DistBuf){0};
}

static void put32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> 8 * i);
}

static void put64(uint8_t *b, uint64_t v)
{
    put32(b, (uint32_t)v);
    put32(b + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t get64(const uint8_t *b)
{
    return (uint64_t)get32(b) | (uint64_t)get32(b + 4) << 32;
}

static const int32_t body_size[DIST_F_LIMIT] = {
#define DIST_FRAME_SIZE(name, num, size) [num] = size,
    DIST_FRAMES(DIST_FRAME_SIZE)
#undef DIST_FRAME_SIZE
};

static int bad(char *why, size_t whyn, const char *fmt, unsigned long long v)
{
    snprintf(why, whyn, fmt, v);
    return -1;
}

int dist_header_parse(const uint8_t *b, size_t n, DistHeader *h, char *why, size_t whyn)
{
    if (n < DIST_HEADER)
        return 0;
    if (memcmp(b, DIST_MAGIC, 4) != 0)
        return bad(why, whyn, "not a dist frame (bad magic)%.0llu", 0);
    if (b[4] != DIST_VERSION)
        return bad(why, whyn, "unknown frame version %llu", b[4]);
    h->type = b[5];
    h->flags = (uint16_t)(b[6] | b[7] << 8);
    h->len = get32(b + 8);
    if (h->type == 0 || h->type >= DIST_F_LIMIT)
        return bad(why, whyn, "unknown frame type %llu", h->type);
    if (h->flags & ~DIST_FLAG_SEALED)
        return bad(why, whyn, "unknown frame flags 0x%llx", h->flags);
    uint64_t max = body_size[h->type] >= 0 ? (uint64_t)body_size[h->type] : DIST_MAX_BODY;
    if (h->flags & DIST_FLAG_SEALED)
        max += DIST_TAG_BYTES;
    if (h->len > max || (body_size[h->type] >= 0 && h->len != max))
        return bad(why, whyn, "frame body of %llu bytes has the wrong size for its type",
                   h->len);
    return 1;
}

int dist_hello_decode(const uint8_t *b, size_t n, DistHello *h, char *why, size_t whyn)
{
    if (n != DIST_HELLO_BYTES)
        return bad(why, whyn, "HELLO of %llu bytes", n);
    h->rank = get32(b);
    h->size = get32(b + 4);
    h->incarnation = get32(b + 8);
    h->stable = get32(b + 12);
    memcpy(h->pk, b + 16, 32);
    memcpy(h->eph, b + 48, 32);
    return 0;
}

int dist_hello_encode(DistBuf *out, const DistHello *h)
{
    uint8_t b[DIST_HELLO_BYTES];
    put32(b, h->rank);
    put32(b + 4, h->size);
    put32(b + 8, h->incarnation);
    put32(b + 12, h->stable);
    memcpy(b + 16, h->pk, 32);
    memcpy(b + 48, h->eph, 32);
    return dist_buf_put(out, b, sizeof b);
}

int dist_msg_decode(const uint8_t *b, size_t n, DistMsg *m, char *why, size_t whyn)
{
    if (n < 8)
        return bad(why, whyn, "truncated MSG (%llu bytes)", n);
    m->seq = get32(b);
    m->ndeps = get32(b + 4);
    if (m->seq == 0)
        return bad(why, whyn, "MSG with sequence number %llu", 0);
    if (m->ndeps > DIST_MAX_DEPS || 12 * (uint64_t)m->ndeps > n - 8)
        return bad(why, whyn, "MSG claims %llu speculation ids it does not carry", m->ndeps);
    m->deps = b + 8;
    m->data = b + 8 + 12 * (size_t)m->ndeps;
    uint64_t len = n - 8 - 12 * (uint64_t)m->ndeps;
    if (len > DIST_MAX_PAYLOAD)
        return bad(why, whyn, "MSG payload of %llu bytes is too large", len);
    m->len = (uint32_t)len;
    return 0;
}

SpecId dist_msg_dep(const DistMsg *m, uint32_t i)
{
    const uint8_t *d = m->deps + 12 * (size_t)i;
    return (SpecId){get32(d), get64(d + 4)};
}

int dist_msg_encode(DistBuf *out, uint32_t seq, const SpecId *deps, uint32_t ndeps,
                    const uint8_t *data, uint32_t len)
{
    uint8_t b[12];
    put32(b, seq);
    put32(b + 4, ndeps);
    if (dist_buf_put(out, b, 8) < 0)
        return -1;
    for (uint32_t i = 0; i < ndeps; i++) {
        put32(b, deps[i].owner);
        put64(b + 4, deps[i].seq);
        if (dist_buf_put(out, b, 12) < 0)
            return -1;
    }
    return dist_buf_put(out, data, len);
}

int dist_decide_decode(const uint8_t *b, size_t n, DistDecide *d, char *why, size_t whyn)
{
    if (n != 13)
        return bad(why, whyn, "DECIDE of %llu bytes", n);
    d->gid = (SpecId){get32(b), get64(b + 4)};
    d->outcome = b[12];
    if (d->outcome != DIST_COMMITTED && d->outcome != DIST_ABORTED)
        return bad(why, whyn, "DECIDE with unknown outcome %llu", d->outcome);
    return 0;
}

int dist_decide_encode(DistBuf *out, SpecId gid, uint8_t outcome)
{
    uint8_t b[13];
    put32(b, gid.owner);
    put64(b + 4, gid.seq);
    b[12] = outcome;
    return dist_buf_put(out, b, sizeof b);
}

uint32_t dist_get32(const uint8_t *b)
{
    return get32(b);
}

uint64_t dist_get64(const uint8_t *b)
{
    return get64(b);
}

void dist_put32(uint8_t *b, uint32_t v)
{
    put32(b, v);
}

void dist_put64(uint8_t *b, uint64_t v)
{
    put64(b, v);
}

static bool addr_ok(const uint8_t *b, size_t n)
{
    if (n == 0 || n >= DIST_ADDR_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (b[i] <= ' ' || b[i] > '~')
            return false;
    return true;
}

int dist_addr_decode(const uint8_t *b, size_t n, char out[DIST_ADDR_MAX], char *why, size_t whyn)
{
    if (!addr_ok(b, n))
        return bad(why, whyn, "ADDR of %llu bytes is not an address", n);
    memcpy(out, b, n);
    out[n] = 0;
    return 0;
}

int dist_peers_decode(const uint8_t *b, size_t n, uint32_t size, DistAddr *out, uint32_t max,
                      uint32_t *count, char *why, size_t whyn)
{
    if (n < 4)
        return bad(why, whyn, "truncated PEERS (%llu bytes)", n);
    uint32_t c = get32(b);
    if (c > max)
        return bad(why, whyn, "PEERS with %llu entries", c);
    size_t at = 4;
    for (uint32_t i = 0; i < c; i++) {
        if (n - at < 9)
            return bad(why, whyn, "PEERS truncated in entry %llu", i);
        out[i].rank = get32(b + at);
        out[i].incarnation = get32(b + at + 4);
        size_t len = b[at + 8];
        at += 9;
        if (out[i].rank >= size)
            return bad(why, whyn, "PEERS names rank %llu", out[i].rank);
        if (n - at < len || !addr_ok(b + at, len))
            return bad(why, whyn, "PEERS entry %llu has no valid address", i);
        memcpy(out[i].addr, b + at, len);
        out[i].addr[len] = 0;
        at += len;
    }
    if (at != n)
        return bad(why, whyn, "PEERS with %llu bytes too many", n - at);
    *count = c;
    return 0;
}

int dist_log_start(DistBuf *out)
{
    uint8_t b[4];
    put32(b, 0);
    out->n = 0;
    return dist_buf_put(out, b, 4);
}

int dist_log_put(DistBuf *out, uint32_t to, uint32_t seq, const uint8_t *data, uint32_t len)
{
    uint8_t b[12];
    put32(b, to);
    put32(b + 4, seq);
    put32(b + 8, len);
    if (dist_buf_put(out, b, 12) < 0 || dist_buf_put(out, data, len) < 0)
        return -1;
    put32(out->b, get32(out->b) + 1);
    return 0;
}

/* Checks the whole log first, then gives its messages: a damaged log gives none. */
int dist_log_decode(const uint8_t *b, size_t n, uint32_t size,
                    int (*each)(const DistLogged *m, void *ctx), void *ctx, char *why,
                    size_t whyn)
{
    if (n < 4)
        return bad(why, whyn, "truncated log (%llu bytes)", n);
    uint32_t c = get32(b);
    for (int pass = 0; pass < 2; pass++) {
        size_t at = 4;
        for (uint32_t i = 0; i < c; i++) {
            if (n - at < 12)
                return bad(why, whyn, "log truncated in message %llu", i);
            DistLogged m = {get32(b + at), get32(b + at + 4), get32(b + at + 8), b + at + 12};
            if (m.to >= size)
                return bad(why, whyn, "log message to rank %llu", m.to);
            if (m.seq == 0)
                return bad(why, whyn, "log message %llu has sequence number 0", i);
            if (n - at - 12 < m.len)
                return bad(why, whyn, "log message %llu is longer than the log", i);
            at += 12 + (size_t)m.len;
            if (pass == 1 && each(&m, ctx) < 0)
                return bad(why, whyn, "out of memory for log message %llu", i);
        }
        if (at != n)
            return bad(why, whyn, "log with %llu bytes too many", n - at);
    }
    return 0;
}

int dist_peers_encode(DistBuf *out, const DistAddr *a, uint32_t count)
{
    uint8_t b[9];
    put32(b, count);
    if (dist_buf_put(out, b, 4) < 0)
        return -1;
    for (uint32_t i = 0; i < count; i++) {
        size_t len = strlen(a[i].addr);
        put32(b, a[i].rank);
        put32(b + 4, a[i].incarnation);
        b[8] = (uint8_t)len;
        if (dist_buf_put(out, b, 9) < 0 || dist_buf_put(out, a[i].addr, len) < 0)
            return -1;
    }
    return 0;
}

int dist_rank_header_encode(DistBuf *out, const DistRankHeader *h)
{
    uint8_t b[25];
    size_t len = strlen(h->launcher);
    if (len >= DIST_ADDR_MAX)
        return -1;
    memcpy(b, DIST_RANK_MAGIC, 8);
    put32(b + 8, h->rank);
    put32(b + 12, h->size);
    put32(b + 16, h->incarnation);
    put32(b + 20, h->kill_after);
    b[24] = (uint8_t)len;
    return dist_buf_put(out, b, sizeof b) < 0 ? -1 : dist_buf_put(out, h->launcher, len);
}

int dist_rank_header_decode(const uint8_t *b, size_t n, DistRankHeader *h, size_t *used,
                            char *why, size_t whyn)
{
    if (n < 8 || memcmp(b, DIST_RANK_MAGIC, 8) != 0)
        return 1;
    if (n < 25)
        return bad(why, whyn, "truncated rank header (%llu bytes)", n);
    h->rank = get32(b + 8);
    h->size = get32(b + 12);
    h->incarnation = get32(b + 16);
    h->kill_after = get32(b + 20);
    size_t len = b[24];
    if (h->size == 0 || h->size > DIST_MAX_RANKS || h->rank >= h->size)
        return bad(why, whyn, "rank header names rank %llu of a bad size", h->rank);
    if (n - 25 < len || !addr_ok(b + 25, len))
        return bad(why, whyn, "rank header without a launcher address%.0llu", 0);
    memcpy(h->launcher, b + 25, len);
    h->launcher[len] = 0;
    *used = 25 + len;
    return 0;
}

static void nonce_of(uint64_t counter, uint8_t nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES])
{
    memset(nonce, 0, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    put64(nonce, counter);
}

int dist_frame_put(DistBuf *out, uint8_t type, const uint8_t *body, size_t n,
                   const uint8_t *key, uint64_t counter)
{
    size_t len = n + (key ? DIST_TAG_BYTES : 0);
    if (len > UINT32_MAX)
        return -1;
    uint8_t h[DIST_HEADER];
    memcpy(h, DIST_MAGIC, 4);
    h[4] = DIST_VERSION;
    h[5] = type;
    h[6] = key ? DIST_FLAG_SEALED : 0;
    h[7] = 0;
    put32(h + 8, (uint32_t)len);
    size_t at = out->n;
    if (dist_buf_put(out, h, sizeof h) < 0 || dist_buf_put(out, body, n) < 0 ||
        (key && dist_buf_put(out, NULL, DIST_TAG_BYTES) < 0))
        return -1;
    if (key) {
        uint8_t nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
        nonce_of(counter, nonce);
        unsigned long long clen;
        uint8_t *p = out->b + at + DIST_HEADER;
        crypto_aead_xchacha20poly1305_ietf_encrypt(p, &clen, p, n, out->b + at, DIST_HEADER,
                                                   NULL, nonce, key);
    }
    return 0;
}

int dist_frame_open(const uint8_t hdr[DIST_HEADER], uint8_t *body, size_t len,
                    const uint8_t *key, uint64_t counter)
{
    if (len < DIST_TAG_BYTES)
        return -1;
    uint8_t nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
    nonce_of(counter, nonce);
    unsigned long long mlen;
    return crypto_aead_xchacha20poly1305_ietf_decrypt(body, &mlen, NULL, body, len, hdr,
                                                      DIST_HEADER, nonce, key) == 0
               ? 0
               : -1;
}
