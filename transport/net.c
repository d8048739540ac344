/*
 * net.c - the wire protocol of `firvm --serve` (proto.h): frames, the
 * authenticated handshake, and the two-phase transfer, as a state machine
 * without I/O.  Also the shared configuration helpers of net.h.
 *
 * Conversation (C client, S server; [..] only with keys):
 *     C: HELLO(mode, ephemeral kx key, signing key)
 *     S: WELCOME(mode, ephemeral kx key, signing key, [signature], instance id)
 *   [ C: AUTH(signature) ]                   -- encrypted from here when keyed
 *     C: OFFER(transfer id, size)            S: ACCEPT | REJECT
 *     C: DATA* END(hash)                     S: READY | REJECT  (verified, child forked, paused)
 *     C: COMMIT                              S: STARTED(pid)
 *   or, to learn the fate of a transfer after a lost connection:
 *     C: STATUS(transfer id, instance id)    S: STATUS_REPLY(unknown|aborted|started)
 * Each signature covers a domain string, the role, both ephemeral keys and
 * both signing keys, so it proves possession of the key for this session
 * only; session keys come from crypto_kx over the ephemeral keys.
 *
 * Invariants
 * - Every frame length is checked before use: against its type's fixed
 *   size, MIG_FRAME_MAX, or the size offered (DATA).
 * - The session never grows a buffer past MIG_INPUT_MAX (input) or the
 *   offered size (payload).
 * - A frame arriving in a state that does not expect it is an error.
 */
#include "transport/proto.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HANDSHAKE_DOMAIN "firvm-net-v1 handshake"

/* ------------------------------------------------------------- helpers */

static void put_u16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static void put_u64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static uint16_t get_u16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t get_u64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static int bytes_reserve(MigBytes *b, size_t extra)
{
    if (b->cap - b->len >= extra)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < extra)
        cap *= 2;
    uint8_t *d = realloc(b->data, cap);
    if (!d)
        return FIR_ENOMEM;
    b->data = d;
    b->cap = cap;
    return 0;
}

const char *mig__frame_name(unsigned type)
{
    switch (type) {
#define MIG_FRAME_NAME(name, num, size) \
    case num:                           \
        return #name;
        MIG_FRAMES(MIG_FRAME_NAME)
#undef MIG_FRAME_NAME
    default:
        return "unknown";
    }
}

static int frame_size(unsigned type)
{
    switch (type) {
#define MIG_FRAME_SIZE(name, num, size) \
    case num:                           \
        return size;
        MIG_FRAMES(MIG_FRAME_SIZE)
#undef MIG_FRAME_SIZE
    default:
        return -2;
    }
}

int mig__reject_errno(uint32_t code)
{
    switch (code) {
#define MIG_REJECT_ERRNO(name, num, errno_) \
    case num:                               \
        return errno_;
        MIG_REJECTS(MIG_REJECT_ERRNO)
#undef MIG_REJECT_ERRNO
    default:
        return EREMOTEIO;
    }
}

static const char *state_name(MigState st)
{
    static const char *const names[] = {
        "before HELLO",        "before WELCOME",   "before AUTH",     "before a request",
        "deciding on an offer", "before ACCEPT",   "during the data", "while verifying",
        "before READY",        "before COMMIT",    "while starting",  "before STARTED",
        "before STATUS_REPLY", "deciding a status", "after the end",  "after an error",
    };
    return (unsigned)st < sizeof names / sizeof *names ? names[st] : "?";
}

/* ---------------------------------------------------------- config, misc */

void mig_net_config_default(MigNetConfig *c)
{
    memset(c, 0, sizeof *c);
    c->max_image = MIG_NET_DEFAULT_MAX_IMAGE;
    c->max_inflight = 4 * MIG_NET_DEFAULT_MAX_IMAGE;
    c->max_conns = 64;
    c->timeout_ms = MIG_NET_DEFAULT_TIMEOUT_MS;
    c->doubt_ms = 10000;
}

int mig_net_split_address(const char *s, char *host, size_t hostcap, char *port, size_t portcap,
                          FirError *err)
{
    const char *colon, *h = s;
    size_t hl;
    if (*s == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':')
            return fir_error_set(err, FIR_EINVAL, "bad address '%s' (expected [ADDR]:PORT)", s);
        h = s + 1;
        hl = (size_t)(close - h);
        colon = close + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon)
            return fir_error_set(err, FIR_EINVAL, "bad address '%s' (expected HOST:PORT)", s);
        hl = (size_t)(colon - s);
    }
    const char *p = colon + 1;
    size_t pl = strlen(p);
    bool digits = pl > 0 && pl <= 5;
    for (size_t i = 0; i < pl && digits; i++)
        digits = p[i] >= '0' && p[i] <= '9';
    if (hl == 0 || !digits || atol(p) > 65535)
        return fir_error_set(err, FIR_EINVAL, "bad address '%s' (expected HOST:PORT)", s);
    if (hl >= hostcap || pl >= portcap)
        return fir_error_set(err, FIR_EINVAL, "address too long: '%s'", s);
    memcpy(host, h, hl);
    host[hl] = '\0';
    memcpy(port, p, pl + 1);
    return 0;
}

/* ------------------------------------------------------------- sessions */

static MigSession *session_new(MigRole role, const MigNetConfig *cfg)
{
    if (sodium_init() < 0)
        return NULL;
    MigSession *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->role = role;
    s->cfg = cfg;
    crypto_kx_keypair(s->eph_pk, s->eph_sk);
    return s;
}

void mig__session_free(MigSession *s)
{
    if (!s)
        return;
    free(s->in.data);
    free(s->out.data);
    if (s->scratch) {
        sodium_memzero(s->scratch, s->scratch_cap);
        free(s->scratch);
    }
    free(s->payload);
    sodium_memzero(s, sizeof *s);
    free(s);
}

void mig__take_output(MigSession *s, MigBytes *out)
{
    *out = s->out;
    memset(&s->out, 0, sizeof s->out);
}

int mig__session_input(MigSession *s, const uint8_t *data, size_t n)
{
    if (s->in_off) {
        memmove(s->in.data, s->in.data + s->in_off, s->in.len - s->in_off);
        s->in.len -= s->in_off;
        s->in_off = 0;
    }
    /* past the limit the next step reports the error; keep only what fits */
    if (s->in.len + n > MIG_INPUT_MAX)
        n = MIG_INPUT_MAX + 1 > s->in.len ? MIG_INPUT_MAX + 1 - s->in.len : 0;
    if (n == 0)
        return 0;
    if (bytes_reserve(&s->in, n) < 0)
        return FIR_ENOMEM;
    memcpy(s->in.data + s->in.len, data, n);
    s->in.len += n;
    return 0;
}

/* Queues one frame (encrypting it when the channel is secure). */
static int send_frame(MigSession *s, unsigned type, const uint8_t *body, size_t n)
{
    if (n > MIG_CHUNK_MAX)
        return FIR_EINVAL;
    size_t wire = n + (s->secure ? MIG_TAG_BYTES : 0);
    if (bytes_reserve(&s->out, MIG_FRAME_HEADER + wire) < 0)
        return FIR_ENOMEM;
    uint8_t *h = s->out.data + s->out.len;
    memcpy(h, MIG_FRAME_MAGIC, 4);
    h[4] = MIG_PROTO_VERSION;
    h[5] = (uint8_t)type;
    put_u16(h + 6, s->secure ? MIG_FLAG_ENCRYPTED : 0);
    put_u32(h + 8, (uint32_t)wire);
    if (s->secure) {
        uint8_t nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES] = {0};
        put_u64(nonce, s->tx_count++);
        crypto_aead_xchacha20poly1305_ietf_encrypt(h + MIG_FRAME_HEADER, NULL, body, n, h,
                                                   MIG_FRAME_HEADER, NULL, nonce, s->tx);
    } else if (n) {
        memcpy(h + MIG_FRAME_HEADER, body, n);
    }
    s->out.len += MIG_FRAME_HEADER + wire;
    return 0;
}

int mig__send_frame(MigSession *s, unsigned type, const uint8_t *body, size_t n)
{
    return send_frame(s, type, body, n);
}

static MigEvent fail(MigSession *s, int code, const char *fmt, ...) FIR_PRINTF(3, 4);
static MigEvent fail(MigSession *s, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[sizeof s->err.msg];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fir_error_set(&s->err, code, "%s", msg);
    /* tell a client why, unless the failure is the client's own REJECT */
    if (s->role == MIG_SERVER && s->state != MIG_S_FAILED && s->state != MIG_S_DONE) {
        uint8_t body[4 + MIG_REASON_MAX];
        size_t len = strlen(msg) > MIG_REASON_MAX ? MIG_REASON_MAX : strlen(msg);
        put_u32(body, code == FIR_EVERIFY ? MIG_REJECT_AUTH : MIG_REJECT_PROTOCOL);
        memcpy(body + 4, msg, len);
        (void)send_frame(s, MIG_F_REJECT, body, 4 + len);
    }
    s->state = MIG_S_FAILED;
    return MIG_EV_ERROR;
}

/* The transcript both sides sign: domain, role, ephemeral keys, signing keys. */
static void transcript(const MigSession *s, MigRole signer, uint8_t out[32])
{
    const uint8_t *c_eph = s->role == MIG_CLIENT ? s->eph_pk : s->peer_eph;
    const uint8_t *s_eph = s->role == MIG_CLIENT ? s->peer_eph : s->eph_pk;
    const uint8_t *own = s->cfg->key->pk;
    const uint8_t *c_pk = s->role == MIG_CLIENT ? own : s->peer_pk;
    const uint8_t *s_pk = s->role == MIG_CLIENT ? s->peer_pk : own;
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    crypto_generichash_update(&st, (const uint8_t *)HANDSHAKE_DOMAIN, sizeof HANDSHAKE_DOMAIN);
    uint8_t role = signer == MIG_CLIENT ? 'C' : 'S';
    crypto_generichash_update(&st, &role, 1);
    crypto_generichash_update(&st, c_eph, crypto_kx_PUBLICKEYBYTES);
    crypto_generichash_update(&st, s_eph, crypto_kx_PUBLICKEYBYTES);
    crypto_generichash_update(&st, c_pk, MIG_KEY_PUBLIC_BYTES);
    crypto_generichash_update(&st, s_pk, MIG_KEY_PUBLIC_BYTES);
    crypto_generichash_final(&st, out, 32);
}

static void sign_transcript(const MigSession *s, uint8_t sig[64])
{
    uint8_t t[32];
    transcript(s, s->role, t);
    crypto_sign_detached(sig, NULL, t, sizeof t, s->cfg->key->sk);
}

static bool peer_signature_ok(const MigSession *s, const uint8_t sig[64])
{
    uint8_t t[32];
    transcript(s, s->role == MIG_CLIENT ? MIG_SERVER : MIG_CLIENT, t);
    return crypto_sign_verify_detached(sig, t, sizeof t, s->peer_pk) == 0;
}

static void peer_key_text(const MigSession *s, char out[MIG_KEY_TEXT_MAX])
{
    mig_key_public_text(s->peer_pk, out);
}

/* ------------------------------------------------------------- creation */

MigSession *mig__session_server(const MigNetConfig *cfg, const uint8_t instance[MIG_ID_BYTES])
{
    MigSession *s = session_new(MIG_SERVER, cfg);
    if (!s)
        return NULL;
    memcpy(s->instance, instance, MIG_ID_BYTES);
    s->state = MIG_S_HELLO_WAIT;
    return s;
}

MigSession *mig__session_client(const MigNetConfig *cfg, const uint8_t id[MIG_ID_BYTES],
                                uint64_t total, bool status_query,
                                const uint8_t instance[MIG_ID_BYTES])
{
    MigSession *s = session_new(MIG_CLIENT, cfg);
    if (!s)
        return NULL;
    memcpy(s->id, id, MIG_ID_BYTES);
    if (instance)
        memcpy(s->instance, instance, MIG_ID_BYTES);
    s->total = total;
    s->status_query = status_query;
    uint8_t hello[65] = {0};
    hello[0] = cfg->key ? 1 : 0;
    memcpy(hello + 1, s->eph_pk, 32);
    if (cfg->key)
        memcpy(hello + 33, cfg->key->pk, 32);
    s->state = MIG_S_WELCOME_WAIT;
    if (send_frame(s, MIG_F_HELLO, hello, sizeof hello) < 0) {
        mig__session_free(s);
        return NULL;
    }
    return s;
}

/* -------------------------------------------------------- server frames */

static MigEvent server_hello(MigSession *s, const uint8_t *b)
{
    if (b[0] > 1)
        return fail(s, FIR_EFORMAT, "bad HELLO: unknown mode %u", b[0]);
    uint8_t welcome[145] = {0};
    memcpy(s->peer_eph, b + 1, 32);
    if (!s->cfg->key) {
        /* a keyed client gives up on mode 0 itself: it will not talk in clear */
        welcome[0] = 0;
        memcpy(welcome + 1, s->eph_pk, 32);
        memcpy(welcome + 129, s->instance, MIG_ID_BYTES);
        s->state = MIG_S_REQUEST_WAIT;
        return send_frame(s, MIG_F_WELCOME, welcome, sizeof welcome) < 0
                   ? fail(s, FIR_ENOMEM, "out of memory")
                   : MIG_EV_NONE;
    }
    if (b[0] == 0) {
        mig__server_reject(s, MIG_REJECT_AUTH,
                           "authentication required: this server only accepts peers with a "
                           "key (firvm --key)");
        fir_error_set(&s->err, FIR_EVERIFY, "%s", s->reason);
        s->state = MIG_S_FAILED;
        return MIG_EV_ERROR;
    }
    memcpy(s->peer_pk, b + 33, 32);
    s->peer_has_key = true;
    welcome[0] = 1;
    memcpy(welcome + 1, s->eph_pk, 32);
    memcpy(welcome + 33, s->cfg->key->pk, 32);
    sign_transcript(s, welcome + 65);
    memcpy(welcome + 129, s->instance, MIG_ID_BYTES);
    if (crypto_kx_server_session_keys(s->rx, s->tx, s->eph_pk, s->eph_sk, s->peer_eph) != 0)
        return fail(s, FIR_EVERIFY, "bad HELLO: unusable key exchange key");
    if (send_frame(s, MIG_F_WELCOME, welcome, sizeof welcome) < 0)
        return fail(s, FIR_ENOMEM, "out of memory");
    s->secure = true;
    s->state = MIG_S_AUTH_WAIT;
    return MIG_EV_NONE;
}

static MigEvent server_auth(MigSession *s, const uint8_t *b)
{
    char text[MIG_KEY_TEXT_MAX];
    peer_key_text(s, text);
    if (!peer_signature_ok(s, b))
        return fail(s, FIR_EVERIFY, "authentication failed: bad signature for key %s", text);
    bool ok = s->cfg->authorized ? mig_keylist_has(s->cfg->authorized, s->peer_pk)
                                 : sodium_memcmp(s->peer_pk, s->cfg->key->pk, 32) == 0;
    if (!ok)
        return fail(s, FIR_EVERIFY, "key not authorized: %s", text);
    s->state = MIG_S_REQUEST_WAIT;
    return MIG_EV_NONE;
}

static MigEvent server_frame(MigSession *s, unsigned type, const uint8_t *b, size_t n)
{
    switch (s->state) {
    case MIG_S_HELLO_WAIT:
        if (type == MIG_F_HELLO)
            return server_hello(s, b);
        break;
    case MIG_S_AUTH_WAIT:
        if (type == MIG_F_AUTH)
            return server_auth(s, b);
        break;
    case MIG_S_REQUEST_WAIT:
        if (type == MIG_F_OFFER) {
            memcpy(s->id, b, MIG_ID_BYTES);
            s->total = get_u64(b + 16);
            if (s->total == 0)
                return fail(s, FIR_EFORMAT, "bad OFFER: empty payload");
            if (s->total > s->cfg->max_image) {
                mig__server_reject(s, MIG_REJECT_TOO_LARGE,
                                   "image too large (%llu bytes, limit %llu)",
                                   (unsigned long long)s->total,
                                   (unsigned long long)s->cfg->max_image);
                fir_error_set(&s->err, FIR_ERANGE, "%s", s->reason);
                s->state = MIG_S_FAILED;
                return MIG_EV_ERROR;
            }
            s->state = MIG_S_DECIDE_OFFER;
            return MIG_EV_OFFER;
        }
        if (type == MIG_F_STATUS) {
            memcpy(s->id, b, MIG_ID_BYTES);
            memcpy(s->peer_instance, b + 16, MIG_ID_BYTES);
            s->state = MIG_S_DECIDE_STATUS;
            return MIG_EV_STATUS;
        }
        break;
    case MIG_S_DATA:
        if (type == MIG_F_DATA) {
            if (n == 0 || n > s->total - s->received)
                return fail(s, FIR_EFORMAT, "bad DATA: %zu bytes past %llu of %llu", n,
                            (unsigned long long)s->received, (unsigned long long)s->total);
            if (s->received + n > s->payload_cap) {
                size_t cap = s->payload_cap ? s->payload_cap : MIG_CHUNK_MAX;
                while (cap < s->received + n)
                    cap *= 2;
                if (cap > s->total)
                    cap = (size_t)s->total;
                uint8_t *p = realloc(s->payload, cap);
                if (!p)
                    return fail(s, FIR_ENOMEM, "out of memory for a %llu-byte payload",
                                (unsigned long long)s->total);
                s->payload = p;
                s->payload_cap = cap;
            }
            memcpy(s->payload + s->received, b, n);
            s->received += n;
            crypto_generichash_update(&s->hash, b, n);
            return MIG_EV_NONE;
        }
        if (type == MIG_F_END) {
            if (s->received != s->total)
                return fail(s, FIR_EFORMAT, "bad END: after %llu of %llu bytes",
                            (unsigned long long)s->received, (unsigned long long)s->total);
            uint8_t h[32];
            crypto_generichash_final(&s->hash, h, sizeof h);
            if (sodium_memcmp(h, b, 32) != 0)
                return fail(s, FIR_EFORMAT, "bad END: the payload hash does not match");
            s->state = MIG_S_VERIFYING;
            return MIG_EV_PAYLOAD;
        }
        break;
    case MIG_S_COMMIT_WAIT:
        if (type == MIG_F_COMMIT) {
            s->state = MIG_S_STARTING;
            return MIG_EV_COMMIT;
        }
        break;
    default:
        break;
    }
    if (type == MIG_F_ABORT && s->state >= MIG_S_REQUEST_WAIT) {
        size_t len = n > MIG_REASON_MAX ? MIG_REASON_MAX : n;
        for (size_t i = 0; i < len; i++)
            s->reason[i] = b[i] >= 0x20 && b[i] < 0x7f ? (char)b[i] : '?';
        s->reason[len] = '\0';
        s->state = MIG_S_DONE;
        return MIG_EV_ABORT;
    }
    return fail(s, FIR_EFORMAT, "unexpected %s frame %s", mig__frame_name(type),
                state_name(s->state));
}

void mig__server_accept(MigSession *s)
{
    crypto_generichash_init(&s->hash, NULL, 0, 32);
    s->received = 0;
    s->state = MIG_S_DATA;
    if (send_frame(s, MIG_F_ACCEPT, NULL, 0) < 0)
        (void)fail(s, FIR_ENOMEM, "out of memory");
}

void mig__server_reject(MigSession *s, uint32_t code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->reason, sizeof s->reason, fmt, ap);
    va_end(ap);
    s->reject_code = code;
    uint8_t body[4 + MIG_REASON_MAX];
    size_t len = strlen(s->reason);
    put_u32(body, code);
    memcpy(body + 4, s->reason, len);
    (void)send_frame(s, MIG_F_REJECT, body, 4 + len);
    free(s->payload); /* a rejected payload is dead weight */
    s->payload = NULL;
    s->payload_cap = 0;
    s->state = MIG_S_DONE;
}

void mig__server_ready(MigSession *s)
{
    s->state = MIG_S_COMMIT_WAIT;
    if (send_frame(s, MIG_F_READY, NULL, 0) < 0)
        (void)fail(s, FIR_ENOMEM, "out of memory");
}

void mig__server_started(MigSession *s, uint64_t pid)
{
    uint8_t b[8];
    put_u64(b, pid);
    s->started_pid = pid;
    s->state = MIG_S_DONE;
    (void)send_frame(s, MIG_F_STARTED, b, sizeof b);
}

void mig__server_status_reply(MigSession *s, uint8_t status)
{
    s->status = status;
    s->state = MIG_S_DONE;
    (void)send_frame(s, MIG_F_STATUS_REPLY, &status, 1);
}

/* -------------------------------------------------------- client frames */

static MigEvent client_welcome(MigSession *s, const uint8_t *b)
{
    const MigNetConfig *c = s->cfg;
    if (b[0] > 1)
        return fail(s, FIR_EFORMAT, "bad WELCOME: unknown mode %u", b[0]);
    memcpy(s->peer_eph, b + 1, 32);
    memcpy(s->instance, b + 129, MIG_ID_BYTES);
    if (c->key && b[0] == 0)
        return fail(s, FIR_EVERIFY,
                    "the peer does not authenticate (it has no key): not sending in clear");
    if (!c->key && b[0] == 1)
        return fail(s, FIR_EFORMAT, "bad WELCOME: authentication offered to a peer without a key");
    if (c->key) {
        memcpy(s->peer_pk, b + 33, 32);
        s->peer_has_key = true;
        char text[MIG_KEY_TEXT_MAX];
        peer_key_text(s, text);
        if (!peer_signature_ok(s, b + 65))
            return fail(s, FIR_EVERIFY, "the peer's signature does not verify (key %s)", text);
        if (c->authorized && !mig_keylist_has(c->authorized, s->peer_pk))
            return fail(s, FIR_EVERIFY, "the peer's key is not authorized: %s", text);
        if (crypto_kx_client_session_keys(s->rx, s->tx, s->eph_pk, s->eph_sk, s->peer_eph) != 0)
            return fail(s, FIR_EVERIFY, "bad WELCOME: unusable key exchange key");
        s->secure = true;
        uint8_t sig[64];
        sign_transcript(s, sig);
        if (send_frame(s, MIG_F_AUTH, sig, sizeof sig) < 0)
            return fail(s, FIR_ENOMEM, "out of memory");
    }
    uint8_t req[32];
    memcpy(req, s->id, MIG_ID_BYTES);
    int rc;
    if (s->status_query) {
        memcpy(req + 16, s->peer_instance, MIG_ID_BYTES);
        rc = send_frame(s, MIG_F_STATUS, req, 32);
        s->state = MIG_S_STATUS_WAIT;
    } else {
        put_u64(req + 16, s->total);
        rc = send_frame(s, MIG_F_OFFER, req, 24);
        s->state = MIG_S_ACCEPT_WAIT;
    }
    return rc < 0 ? fail(s, FIR_ENOMEM, "out of memory") : MIG_EV_NONE;
}

static MigEvent client_frame(MigSession *s, unsigned type, const uint8_t *b, size_t n)
{
    if (type == MIG_F_REJECT && s->state != MIG_S_DONE) {
        if (n < 4)
            return fail(s, FIR_EFORMAT, "bad REJECT: %zu bytes", n);
        s->reject_code = get_u32(b);
        size_t len = n - 4 > MIG_REASON_MAX ? MIG_REASON_MAX : n - 4;
        for (size_t i = 0; i < len; i++)
            s->reason[i] = b[4 + i] >= 0x20 && b[4 + i] < 0x7f ? (char)b[4 + i] : '?';
        s->reason[len] = '\0';
        s->state = MIG_S_DONE;
        return MIG_EV_REJECTED;
    }
    switch (s->state) {
    case MIG_S_WELCOME_WAIT:
        if (type == MIG_F_WELCOME)
            return client_welcome(s, b);
        break;
    case MIG_S_ACCEPT_WAIT:
        if (type == MIG_F_ACCEPT) {
            crypto_generichash_init(&s->hash, NULL, 0, 32);
            s->received = 0;
            s->state = MIG_S_DATA;
            return MIG_EV_ACCEPTED;
        }
        break;
    case MIG_S_READY_WAIT:
        if (type == MIG_F_READY)
            return MIG_EV_READY;
        break;
    case MIG_S_STARTED_WAIT:
        if (type == MIG_F_STARTED) {
            s->started_pid = get_u64(b);
            s->state = MIG_S_DONE;
            return MIG_EV_STARTED;
        }
        break;
    case MIG_S_STATUS_WAIT:
        if (type == MIG_F_STATUS_REPLY) {
            if (b[0] > MIG_STATUS_STARTED)
                return fail(s, FIR_EFORMAT, "bad STATUS_REPLY: state %u", b[0]);
            s->status = b[0];
            s->state = MIG_S_DONE;
            return MIG_EV_STATUS_REPLY;
        }
        break;
    default:
        break;
    }
    return fail(s, FIR_EFORMAT, "unexpected %s frame %s", mig__frame_name(type),
                state_name(s->state));
}

int mig__client_data(MigSession *s, const uint8_t *data, size_t n)
{
    while (n) {
        size_t k = n > MIG_CHUNK_MAX ? MIG_CHUNK_MAX : n;
        if (s->received + k > s->total)
            return FIR_EINVAL;
        if (send_frame(s, MIG_F_DATA, data, k) < 0)
            return FIR_ENOMEM;
        crypto_generichash_update(&s->hash, data, k);
        s->received += k;
        data += k;
        n -= k;
    }
    return 0;
}

int mig__client_end(MigSession *s)
{
    if (s->received != s->total)
        return FIR_EINVAL;
    uint8_t h[32];
    crypto_generichash_final(&s->hash, h, sizeof h);
    s->state = MIG_S_READY_WAIT;
    return send_frame(s, MIG_F_END, h, sizeof h);
}

void mig__client_commit(MigSession *s)
{
    s->state = MIG_S_STARTED_WAIT;
    if (send_frame(s, MIG_F_COMMIT, NULL, 0) < 0)
        (void)fail(s, FIR_ENOMEM, "out of memory");
}

void mig__client_abort(MigSession *s, const char *reason)
{
    size_t len = strlen(reason) > MIG_REASON_MAX ? MIG_REASON_MAX : strlen(reason);
    (void)send_frame(s, MIG_F_ABORT, (const uint8_t *)reason, len);
    s->state = MIG_S_DONE;
}

/* ------------------------------------------------------------ the parser */

static MigEvent step_one(MigSession *s)
{
    if (s->state == MIG_S_FAILED)
        return MIG_EV_NONE;
    size_t avail = s->in.len - s->in_off;
    if (avail > MIG_INPUT_MAX)
        return fail(s, FIR_EFORMAT, "too much input at once");
    if (avail < MIG_FRAME_HEADER)
        return MIG_EV_NONE;
    /* frames the driver has not answered yet wait in the buffer */
    if (s->state == MIG_S_DECIDE_OFFER || s->state == MIG_S_VERIFYING ||
        s->state == MIG_S_STARTING || s->state == MIG_S_DECIDE_STATUS)
        return MIG_EV_NONE;
    const uint8_t *h = s->in.data + s->in_off;
    if (memcmp(h, MIG_FRAME_MAGIC, 4) != 0)
        return fail(s, FIR_EFORMAT, "bad frame magic (not a firvm peer)");
    if (h[4] != MIG_PROTO_VERSION)
        return fail(s, FIR_EVERSION, "unsupported protocol version %u (this is %u)", h[4],
                    MIG_PROTO_VERSION);
    unsigned type = h[5];
    uint16_t flags = get_u16(h + 6);
    uint32_t len = get_u32(h + 8);
    if (flags & ~MIG_FLAG_ENCRYPTED)
        return fail(s, FIR_EFORMAT, "bad frame flags 0x%x", flags);
    if (len > MIG_FRAME_MAX)
        return fail(s, FIR_EFORMAT, "frame too long (%u bytes, limit %zu)", len,
                    (size_t)MIG_FRAME_MAX);
    if (type == 0 || type >= MIG_F_LIMIT)
        return fail(s, FIR_EFORMAT, "unknown frame type %u", type);
    if (!!(flags & MIG_FLAG_ENCRYPTED) != s->secure)
        return fail(s, FIR_EFORMAT, "%s frame %s", mig__frame_name(type),
                    s->secure ? "not encrypted" : "encrypted before the handshake");
    size_t body_len = len;
    if (s->secure) {
        if (len < MIG_TAG_BYTES)
            return fail(s, FIR_EFORMAT, "encrypted %s frame too short", mig__frame_name(type));
        body_len = len - MIG_TAG_BYTES;
    }
    int want = frame_size(type);
    if ((want >= 0 && body_len != (size_t)want) || (want < 0 && body_len > MIG_CHUNK_MAX))
        return fail(s, FIR_EFORMAT, "bad length for %s frame: %zu bytes", mig__frame_name(type),
                    body_len);
    if (avail < MIG_FRAME_HEADER + (size_t)len)
        return MIG_EV_NONE;
    const uint8_t *body = h + MIG_FRAME_HEADER;
    if (s->secure) {
        if (s->scratch_cap < body_len + 1) {
            size_t cap = body_len + 1 < 4096 ? 4096 : body_len + 1;
            uint8_t *d = realloc(s->scratch, cap);
            if (!d)
                return fail(s, FIR_ENOMEM, "out of memory");
            s->scratch = d;
            s->scratch_cap = cap;
        }
        uint8_t nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES] = {0};
        put_u64(nonce, s->rx_count);
        if (crypto_aead_xchacha20poly1305_ietf_decrypt(s->scratch, NULL, NULL, body, len, h,
                                                       MIG_FRAME_HEADER, nonce, s->rx) != 0)
            return fail(s, FIR_EVERIFY, "%s frame fails authentication (tampered or replayed)",
                        mig__frame_name(type));
        s->rx_count++;
        body = s->scratch;
    }
    s->in_off += MIG_FRAME_HEADER + len;
    return s->role == MIG_SERVER ? server_frame(s, type, body, body_len)
                                 : client_frame(s, type, body, body_len);
}

/* Frames that need no answer (DATA, AUTH...) are consumed in a row: NONE
 * only when no complete frame is left or the driver must answer first. */
MigEvent mig__session_step(MigSession *s)
{
    for (;;) {
        size_t before = s->in_off;
        MigEvent ev = step_one(s);
        if (ev != MIG_EV_NONE || s->in_off == before)
            return ev;
    }
}
