/*
 * fuzz_net.c - libFuzzer target: the wire protocol of `firvm --serve`
 * (transport/net.c) as a hostile peer drives it.
 *
 * The first input byte picks a scenario:
 *   0  raw bytes to a plain server session (max_image 1 MiB)
 *   1  raw bytes to a plain client session (sending 100 bytes)
 *   2  raw bytes to a keyed server session (a fixed key)
 *   3  frames inside an authenticated channel: a real client does the
 *      handshake with the server, then the rest of the input is a list of
 *      records (type u8, length u16, body) that the client's session
 *      encrypts and sends: mutations reach every state of the server
 *      behind the cryptography.  An END record gets the right hash of the
 *      DATA sent so far, so transfers complete.
 *   4  the same records on a plain channel
 * The second byte picks how the input is cut into reads.  Events are
 * answered the way server.c and client.c would (accept, ready, started,
 * commit...), with a reject now and then (bits of the second byte).
 *
 * Properties checked (abort on violation): no crash, leak or undefined
 * behaviour; the input buffer never grows past MIG_INPUT_MAX + one read;
 * a payload buffer never grows past the size offered, nor that past
 * max_image; after an error the session yields nothing more.
 * Build and run with tests/fuzz/run.sh (target `net`).
 */
#include "transport/proto.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static MigKey key;
static MigNetConfig plain_cfg, keyed_cfg;
static const uint8_t instance[MIG_ID_BYTES] = {1, 2, 3};
static const uint8_t tid[MIG_ID_BYTES] = {4, 5, 6};

static void init(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    if (sodium_init() < 0)
        abort();
    uint8_t seed[32] = {42};
    crypto_sign_seed_keypair(key.pk, key.sk, seed);
    mig_net_config_default(&plain_cfg);
    plain_cfg.max_image = 1 << 20;
    keyed_cfg = plain_cfg;
    keyed_cfg.key = &key;
}

static void check_bounds(const MigSession *s)
{
    if (s->in.len > MIG_INPUT_MAX + 65536 + 1)
        abort();
    if (s->payload_cap > s->total || (s->role == MIG_SERVER && s->total > s->cfg->max_image &&
                                      s->payload_cap))
        abort();
    if (s->received > s->total)
        abort();
}

static void drop_output(MigSession *s)
{
    MigBytes out;
    mig__take_output(s, &out);
    free(out.data);
}

/* Answers every event until the session needs input; false once it failed. */
static bool drive(MigSession *s, unsigned policy)
{
    static const uint8_t payload[100];
    for (;;) {
        MigEvent ev = mig__session_step(s);
        check_bounds(s);
        switch (ev) {
        case MIG_EV_NONE:
            drop_output(s);
            return s->state != MIG_S_FAILED;
        case MIG_EV_ERROR:
            if (mig__session_step(s) != MIG_EV_NONE)
                abort();
            drop_output(s);
            return false;
        case MIG_EV_OFFER:
            if (policy & 1)
                mig__server_reject(s, MIG_REJECT_BUSY, "busy");
            else
                mig__server_accept(s);
            break;
        case MIG_EV_PAYLOAD:
            if (s->received != s->total)
                abort();
            if (policy & 2)
                mig__server_reject(s, MIG_REJECT_INVALID, "no");
            else
                mig__server_ready(s);
            break;
        case MIG_EV_COMMIT:
            mig__server_started(s, 99);
            break;
        case MIG_EV_STATUS:
            mig__server_status_reply(s, (uint8_t)(policy % 3));
            break;
        case MIG_EV_ACCEPTED:
            if (mig__client_data(s, payload, s->total < 100 ? s->total : 100) < 0 ||
                mig__client_end(s) < 0)
                abort();
            break;
        case MIG_EV_READY:
            mig__client_commit(s);
            break;
        case MIG_EV_ABORT:
        case MIG_EV_STARTED:
        case MIG_EV_REJECTED:
        case MIG_EV_STATUS_REPLY:
            break;
        }
        drop_output(s);
    }
}

static void feed(MigSession *s, const uint8_t *data, size_t size, unsigned cut, unsigned policy)
{
    size_t piece = cut ? (size_t)cut * 7 : size;
    for (size_t off = 0; off < size;) {
        size_t k = size - off < piece ? size - off : piece;
        if (mig__session_input(s, data + off, k) < 0)
            abort();
        off += k;
        if (!drive(s, policy))
            return;
    }
}

/* Scenarios 3 and 4: handshake for real, then records sent by the client. */
static void records(const MigNetConfig *cfg, const uint8_t *data, size_t size, unsigned policy)
{
    MigSession *srv = mig__session_server(cfg, instance);
    MigSession *cl = mig__session_client(cfg, tid, 100, false, NULL);
    if (!srv || !cl)
        abort();
    MigBytes out;
    mig__take_output(cl, &out); /* HELLO */
    if (mig__session_input(srv, out.data, out.len) < 0)
        abort();
    free(out.data);
    if (mig__session_step(srv) != MIG_EV_NONE)
        abort();
    mig__take_output(srv, &out); /* WELCOME */
    if (mig__session_input(cl, out.data, out.len) < 0)
        abort();
    free(out.data);
    if (mig__session_step(cl) != MIG_EV_NONE)
        abort();
    /* the client has queued [AUTH and] OFFER: drop OFFER */
    mig__take_output(cl, &out);
    size_t auth_len = cfg->key ? MIG_FRAME_HEADER + 64 + MIG_TAG_BYTES : 0;
    if (out.len < auth_len || mig__session_input(srv, out.data, auth_len) < 0)
        abort();
    free(out.data);
    drive(srv, policy);
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    while (size >= 3 && srv->state != MIG_S_FAILED) {
        unsigned type = data[0], len = data[1] | data[2] << 8;
        data += 3;
        size -= 3;
        if (len > size)
            len = (unsigned)size;
        uint8_t hash[32];
        const uint8_t *body = data;
        if (type == MIG_F_DATA)
            crypto_generichash_update(&h, data, len);
        if (type == MIG_F_END && len == 32) {
            crypto_generichash_final(&h, hash, 32);
            crypto_generichash_init(&h, NULL, 0, 32);
            body = hash;
        }
        if (mig__send_frame(cl, type, body, len) < 0)
            abort();
        data += len;
        size -= len;
        mig__take_output(cl, &out);
        if (mig__session_input(srv, out.data, out.len) < 0)
            abort();
        free(out.data);
        drive(srv, policy);
    }
    mig__session_free(srv);
    mig__session_free(cl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init();
    if (size < 2)
        return 0;
    unsigned scenario = data[0] % 5, cut = data[1] & 0x1f, policy = data[1] >> 5;
    data += 2;
    size -= 2;
    MigSession *s = NULL;
    switch (scenario) {
    case 0:
        s = mig__session_server(&plain_cfg, instance);
        break;
    case 1:
        s = mig__session_client(&plain_cfg, tid, 100, false, NULL);
        break;
    case 2:
        s = mig__session_server(&keyed_cfg, instance);
        break;
    default:
        records(scenario == 3 ? &keyed_cfg : &plain_cfg, data, size, policy);
        return 0;
    }
    if (!s)
        abort();
    feed(s, data, size, cut, policy);
    mig__session_free(s);
    return 0;
}
