/*
 * test_net.c - the network transport of migration (transport/net.h,
 * transport/proto.h): keys and key files, the frame parser and the protocol
 * state machine driven in memory (both sides, plain and authenticated,
 * hostile frames), then the libuv server and client over loopback with a
 * test runner in place of the process image (a server forked per test).
 */
#include "transport/net.h"
#include "transport/proto.h"

#include <check.h>
#include <errno.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[64];

static void setup(void)
{
    strcpy(tmpdir, "/tmp/test_net.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static const char *tpath(const char *name)
{
    static char buf[4][128];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* ------------------------------------------------------------------ keys */

START_TEST(key_files)
{
    FirError err = {0};
    MigKey k, l;
    ck_assert_int_eq(mig_key_generate(tpath("id"), &k, &err), 0);
    struct stat st;
    ck_assert_int_eq(stat(tpath("id"), &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0600);
    ck_assert_int_eq(mig_key_load(tpath("id"), &l, &err), 0);
    ck_assert_mem_eq(k.pk, l.pk, 32);
    ck_assert_mem_eq(k.sk, l.sk, 64);
    /* the .pub file holds the printable line */
    char text[MIG_KEY_TEXT_MAX], line[MIG_KEY_TEXT_MAX + 1];
    mig_key_public_text(k.pk, text);
    ck_assert_int_eq(strncmp(text, "firvm-ed25519 ", 14), 0);
    ck_assert_uint_eq(strlen(text), 14 + 44);
    snprintf(line, sizeof line, "%s\n", text);
    ck_assert_str_eq(slurp(tpath("id.pub")), line);
    uint8_t pk[32];
    ck_assert_int_eq(mig_key_parse_public(text, pk, &err), 0);
    ck_assert_mem_eq(pk, k.pk, 32);
    /* never overwrite */
    ck_assert_int_eq(mig_key_generate(tpath("id"), &k, &err), FIR_EIO);
    ck_assert_str_eq(err.msg, strcat(strcpy(line, tpath("id.pub")), ": already exists"));
    /* a key readable by others is refused */
    ck_assert_int_eq(chmod(tpath("id"), 0644), 0);
    ck_assert_int_eq(mig_key_load(tpath("id"), &l, &err), FIR_EINVAL);
    char want[256];
    snprintf(want, sizeof want,
             "%s: secret key file is accessible by others (mode 0644; use chmod 600)",
             tpath("id"));
    ck_assert_str_eq(err.msg, want);
    /* a public file is not a secret key */
    ck_assert_int_eq(chmod(tpath("id.pub"), 0600), 0);
    ck_assert_int_eq(mig_key_load(tpath("id.pub"), &l, &err), FIR_EFORMAT);
    snprintf(want, sizeof want, "%s: not a firvm secret key file", tpath("id.pub"));
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(mig_key_load(tpath("nope"), &l, &err), FIR_EIO);
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", tpath("nope"));
    ck_assert_str_eq(err.msg, want);
}
END_TEST

START_TEST(key_tampered)
{
    FirError err = {0};
    MigKey k, l;
    ck_assert_int_eq(mig_key_generate(tpath("id"), &k, &err), 0);
    /* swap in another key's public line: detected */
    MigKey other;
    ck_assert_int_eq(mig_key_generate(tpath("other"), &other, &err), 0);
    char *s = strdup(slurp(tpath("id")));
    char *publine = strstr(s, "\nfirvm-ed25519 ");
    ck_assert_ptr_nonnull(publine);
    char text[MIG_KEY_TEXT_MAX];
    mig_key_public_text(other.pk, text);
    sprintf(publine + 1, "%s\n", text);
    FILE *f = fopen(tpath("id"), "w");
    fputs(s, f);
    fclose(f);
    free(s);
    ck_assert_int_eq(mig_key_load(tpath("id"), &l, &err), FIR_EFORMAT);
    char want[256];
    snprintf(want, sizeof want, "%s: the public key does not match the secret key", tpath("id"));
    ck_assert_str_eq(err.msg, want);
}
END_TEST

START_TEST(key_lists)
{
    FirError err = {0};
    MigKey a, b;
    ck_assert_int_eq(mig_key_generate(tpath("a"), &a, &err), 0);
    ck_assert_int_eq(mig_key_generate(tpath("b"), &b, &err), 0);
    char ta[MIG_KEY_TEXT_MAX];
    mig_key_public_text(a.pk, ta);
    FILE *f = fopen(tpath("auth"), "w");
    fprintf(f, "# authorized\n\n  %s laptop\r\n%s again\n", ta, ta);
    fclose(f);
    MigKeyList list = {0};
    ck_assert_int_eq(mig_keylist_load(tpath("auth"), &list, &err), 0);
    ck_assert_uint_eq(list.n, 1);
    ck_assert(mig_keylist_has(&list, a.pk));
    ck_assert(!mig_keylist_has(&list, b.pk));
    f = fopen(tpath("bad"), "w");
    fprintf(f, "%s\nssh-ed25519 AAAA\n", ta);
    fclose(f);
    ck_assert_int_eq(mig_keylist_load(tpath("bad"), &list, &err), FIR_EFORMAT);
    char want[256];
    snprintf(want, sizeof want, "%s:2: not a public key line (expected 'firvm-ed25519 BASE64')",
             tpath("bad"));
    ck_assert_str_eq(err.msg, want);
    uint8_t pk[32];
    ck_assert_int_eq(mig_key_parse_public("firvm-ed25519 AAAA", pk, &err), FIR_EFORMAT);
    mig_keylist_free(&list);
    ck_assert_uint_eq(list.n, 0);
}
END_TEST

START_TEST(payload_signatures)
{
    FirError err = {0};
    MigKey a, b;
    ck_assert_int_eq(mig_key_generate(tpath("a"), &a, &err), 0);
    ck_assert_int_eq(mig_key_generate(tpath("b"), &b, &err), 0);
    uint8_t data[100], sig[64];
    memset(data, 7, sizeof data);
    mig_sign_payload(&a, data, sizeof data, sig);
    ck_assert(mig_verify_payload(a.pk, data, sizeof data, sig));
    ck_assert(!mig_verify_payload(b.pk, data, sizeof data, sig));
    data[99] ^= 1;
    ck_assert(!mig_verify_payload(a.pk, data, sizeof data, sig));
}
END_TEST

START_TEST(addresses)
{
    FirError err = {0};
    char h[64], p[8];
    ck_assert_int_eq(mig_net_split_address("127.0.0.1:7411", h, sizeof h, p, sizeof p, &err), 0);
    ck_assert_str_eq(h, "127.0.0.1");
    ck_assert_str_eq(p, "7411");
    ck_assert_int_eq(mig_net_split_address("[::1]:0", h, sizeof h, p, sizeof p, &err), 0);
    ck_assert_str_eq(h, "::1");
    ck_assert_str_eq(p, "0");
    ck_assert_int_eq(mig_net_split_address("host.example:80", h, sizeof h, p, sizeof p, &err), 0);
    ck_assert_str_eq(h, "host.example");
    ck_assert_int_eq(mig_net_split_address("nohost", h, sizeof h, p, sizeof p, &err), FIR_EINVAL);
    ck_assert_str_eq(err.msg, "bad address 'nohost' (expected HOST:PORT)");
    ck_assert_int_eq(mig_net_split_address(":80", h, sizeof h, p, sizeof p, &err), FIR_EINVAL);
    ck_assert_int_eq(mig_net_split_address("h:99999", h, sizeof h, p, sizeof p, &err), FIR_EINVAL);
    ck_assert_int_eq(mig_net_split_address("h:8x", h, sizeof h, p, sizeof p, &err), FIR_EINVAL);
    ck_assert_int_eq(mig_net_split_address("[::1:80", h, sizeof h, p, sizeof p, &err), FIR_EINVAL);
    ck_assert_str_eq(err.msg, "bad address '[::1:80' (expected [ADDR]:PORT)");
}
END_TEST

/* ----------------------------------------------- the protocol in memory */

static const uint8_t instance[MIG_ID_BYTES] = {9, 9, 9};
static const uint8_t tid[MIG_ID_BYTES] = {1, 2, 3, 4};

/* Moves a's pending output into b's input. */
static void carry(MigSession *a, MigSession *b)
{
    MigBytes out;
    mig__take_output(a, &out);
    if (out.len)
        ck_assert_int_eq(mig__session_input(b, out.data, out.len), 0);
    free(out.data);
}

static MigEvent step_until(MigSession *s, MigEvent want)
{
    MigEvent ev;
    while ((ev = mig__session_step(s)) == MIG_EV_NONE && s->in.len > s->in_off) {
        /* NONE with input left means a partial frame: not expected here */
        break;
    }
    if (ev != want && want != MIG_EV_NONE)
        ck_abort_msg("event %d, wanted %d (%s)", ev, want, s->err.msg);
    return ev;
}

/* A whole transfer between two sessions; returns the server session. */
static void full_transfer(const MigNetConfig *sc, const MigNetConfig *cc, size_t n)
{
    uint8_t *payload = malloc(n);
    for (size_t i = 0; i < n; i++)
        payload[i] = (uint8_t)(i * 7);
    MigSession *srv = mig__session_server(sc, instance);
    MigSession *cl = mig__session_client(cc, tid, n, false, NULL);
    carry(cl, srv);                              /* HELLO */
    step_until(srv, MIG_EV_NONE);
    carry(srv, cl);                              /* WELCOME */
    step_until(cl, MIG_EV_NONE);
    ck_assert_mem_eq(cl->instance, instance, MIG_ID_BYTES);
    ck_assert_int_eq(cl->secure, cc->key != NULL);
    carry(cl, srv);                              /* [AUTH] OFFER */
    ck_assert_int_eq(mig__session_step(srv), MIG_EV_OFFER);
    ck_assert_uint_eq(srv->total, n);
    ck_assert_mem_eq(srv->id, tid, MIG_ID_BYTES);
    mig__server_accept(srv);
    carry(srv, cl);
    ck_assert_int_eq(mig__session_step(cl), MIG_EV_ACCEPTED);
    ck_assert_int_eq(mig__client_data(cl, payload, n), 0);
    ck_assert_int_eq(mig__client_end(cl), 0);
    /* as a socket would deliver it: 64 KiB at a time */
    MigBytes out;
    mig__take_output(cl, &out);
    MigEvent ev = MIG_EV_NONE;
    for (size_t off = 0; off < out.len && ev == MIG_EV_NONE;) {
        size_t k = out.len - off < 65536 ? out.len - off : 65536;
        ck_assert_int_eq(mig__session_input(srv, out.data + off, k), 0);
        off += k;
        size_t before;
        do {
            before = srv->in_off;
            ev = mig__session_step(srv);
        } while (ev == MIG_EV_NONE && srv->in_off != before);
    }
    free(out.data);
    ck_assert_int_eq(ev, MIG_EV_PAYLOAD);
    ck_assert_mem_eq(srv->payload, payload, n);
    mig__server_ready(srv);
    carry(srv, cl);
    ck_assert_int_eq(mig__session_step(cl), MIG_EV_READY);
    mig__client_commit(cl);
    carry(cl, srv);
    ck_assert_int_eq(mig__session_step(srv), MIG_EV_COMMIT);
    mig__server_started(srv, 4242);
    carry(srv, cl);
    ck_assert_int_eq(mig__session_step(cl), MIG_EV_STARTED);
    ck_assert_uint_eq(cl->started_pid, 4242);
    mig__session_free(srv);
    mig__session_free(cl);
    free(payload);
}

START_TEST(proto_plain)
{
    MigNetConfig c;
    mig_net_config_default(&c);
    full_transfer(&c, &c, 1);
    full_transfer(&c, &c, 3 * MIG_CHUNK_MAX + 5);
}
END_TEST

static MigKey key_a, key_b;
static MigKeyList list_a;

static void keys_setup(void)
{
    FirError err = {0};
    setup();
    ck_assert_int_eq(mig_key_generate(tpath("a"), &key_a, &err), 0);
    ck_assert_int_eq(mig_key_generate(tpath("b"), &key_b, &err), 0);
    memset(&list_a, 0, sizeof list_a);
    ck_assert_int_eq(mig_keylist_add(&list_a, key_a.pk), 0);
}

START_TEST(proto_keyed)
{
    MigNetConfig sc, cc;
    mig_net_config_default(&sc);
    sc.key = &key_b;
    sc.authorized = &list_a;
    mig_net_config_default(&cc);
    cc.key = &key_a;
    full_transfer(&sc, &cc, 2 * MIG_CHUNK_MAX);
    /* a shared key: the server accepts its own key when no list is given */
    sc.key = &key_a;
    sc.authorized = NULL;
    full_transfer(&sc, &cc, 10);
}
END_TEST

/* Runs the handshake; returns the server's event after the client's first
 * request, with the client's event after the server answered in *cev. */
static MigEvent handshake(MigSession *srv, MigSession *cl, MigEvent *cev)
{
    carry(cl, srv);
    MigEvent ev = mig__session_step(srv);
    carry(srv, cl);
    *cev = mig__session_step(cl);
    if (ev != MIG_EV_NONE || *cev != MIG_EV_NONE)
        return ev;
    carry(cl, srv);
    while ((ev = mig__session_step(srv)) == MIG_EV_NONE && srv->in_off < srv->in.len)
        ;
    carry(srv, cl);
    *cev = mig__session_step(cl);
    return ev;
}

START_TEST(proto_wrong_key)
{
    MigNetConfig sc, cc;
    mig_net_config_default(&sc);
    sc.key = &key_a;
    sc.authorized = &list_a;
    mig_net_config_default(&cc);
    cc.key = &key_b;
    MigSession *srv = mig__session_server(&sc, instance);
    MigSession *cl = mig__session_client(&cc, tid, 10, false, NULL);
    MigEvent cev;
    ck_assert_int_eq(handshake(srv, cl, &cev), MIG_EV_ERROR);
    char text[MIG_KEY_TEXT_MAX], want[200];
    mig_key_public_text(key_b.pk, text);
    snprintf(want, sizeof want, "key not authorized: %s", text);
    ck_assert_str_eq(srv->err.msg, want);
    ck_assert_int_eq(cev, MIG_EV_REJECTED);
    ck_assert_uint_eq(cl->reject_code, MIG_REJECT_AUTH);
    ck_assert_str_eq(cl->reason, want);
    ck_assert_int_eq(mig__reject_errno(cl->reject_code), EACCES);
    mig__session_free(srv);
    mig__session_free(cl);
}
END_TEST

START_TEST(proto_mode_mismatch)
{
    MigNetConfig sc, cc;
    mig_net_config_default(&sc);
    sc.key = &key_a;
    mig_net_config_default(&cc);
    /* keyless client, keyed server */
    MigSession *srv = mig__session_server(&sc, instance);
    MigSession *cl = mig__session_client(&cc, tid, 10, false, NULL);
    MigEvent cev;
    ck_assert_int_eq(handshake(srv, cl, &cev), MIG_EV_ERROR);
    ck_assert_int_eq(cev, MIG_EV_REJECTED);
    ck_assert_str_eq(cl->reason, "authentication required: this server only accepts peers "
                                 "with a key (firvm --key)");
    mig__session_free(srv);
    mig__session_free(cl);
    /* keyed client, keyless server: the client refuses to go on in clear */
    srv = mig__session_server(&cc, instance);
    cl = mig__session_client(&sc, tid, 10, false, NULL);
    ck_assert_int_eq(handshake(srv, cl, &cev), MIG_EV_NONE);
    ck_assert_int_eq(cev, MIG_EV_ERROR);
    ck_assert_str_eq(cl->err.msg,
                     "the peer does not authenticate (it has no key): not sending in clear");
    mig__session_free(srv);
    mig__session_free(cl);
    /* the client checks the server's key when it has a list */
    MigKeyList list_b = {0};
    ck_assert_int_eq(mig_keylist_add(&list_b, key_b.pk), 0);
    cc.key = &key_a;
    cc.authorized = &list_b;
    sc.authorized = &list_a;
    srv = mig__session_server(&sc, instance);
    cl = mig__session_client(&cc, tid, 10, false, NULL);
    ck_assert_int_eq(handshake(srv, cl, &cev), MIG_EV_NONE);
    ck_assert_int_eq(cev, MIG_EV_ERROR);
    char text[MIG_KEY_TEXT_MAX], want[200];
    mig_key_public_text(key_a.pk, text);
    snprintf(want, sizeof want, "the peer's key is not authorized: %s", text);
    ck_assert_str_eq(cl->err.msg, want);
    mig__session_free(srv);
    mig__session_free(cl);
    mig_keylist_free(&list_b);
}
END_TEST

START_TEST(proto_tampered)
{
    MigNetConfig sc, cc;
    mig_net_config_default(&sc);
    sc.key = &key_a;
    mig_net_config_default(&cc);
    cc.key = &key_a;
    MigSession *srv = mig__session_server(&sc, instance);
    MigSession *cl = mig__session_client(&cc, tid, 10, false, NULL);
    carry(cl, srv);
    ck_assert_int_eq(mig__session_step(srv), MIG_EV_NONE);
    carry(srv, cl);
    ck_assert_int_eq(mig__session_step(cl), MIG_EV_NONE);
    MigBytes out;
    mig__take_output(cl, &out); /* AUTH, OFFER: flip a bit in the AUTH ciphertext */
    out.data[MIG_FRAME_HEADER + 5] ^= 0x40;
    ck_assert_int_eq(mig__session_input(srv, out.data, out.len), 0);
    free(out.data);
    ck_assert_int_eq(mig__session_step(srv), MIG_EV_ERROR);
    ck_assert_str_eq(srv->err.msg, "AUTH frame fails authentication (tampered or replayed)");
    ck_assert_int_eq(mig__session_step(srv), MIG_EV_NONE); /* dead after an error */
    mig__session_free(srv);
    mig__session_free(cl);
}
END_TEST

/* Feeds raw bytes to a fresh plain server session: its first event. */
static MigEvent raw_server(const void *bytes, size_t n, char *msg)
{
    static MigNetConfig c;
    mig_net_config_default(&c);
    c.max_image = 1000;
    MigSession *s = mig__session_server(&c, instance);
    ck_assert_int_eq(mig__session_input(s, bytes, n), 0);
    MigEvent ev;
    size_t before;
    do {
        before = s->in_off;
        ev = mig__session_step(s);
    } while (ev == MIG_EV_NONE && s->in_off != before);
    strcpy(msg, s->err.msg);
    MigBytes out;
    mig__take_output(s, &out);
    free(out.data);
    mig__session_free(s);
    return ev;
}

static size_t frame(uint8_t *buf, unsigned type, const void *body, uint32_t n)
{
    memcpy(buf, "FIRN", 4);
    buf[4] = 1;
    buf[5] = (uint8_t)type;
    buf[6] = buf[7] = 0;
    buf[8] = (uint8_t)n;
    buf[9] = (uint8_t)(n >> 8);
    buf[10] = (uint8_t)(n >> 16);
    buf[11] = (uint8_t)(n >> 24);
    if (body)
        memcpy(buf + 12, body, n);
    return 12 + n;
}

START_TEST(proto_hostile)
{
    char msg[512];
    uint8_t b[4096], hello[65] = {0};
    ck_assert_int_eq(raw_server("GET / HTTP/1.1\r\n\r\n", 18, msg), MIG_EV_ERROR);
    ck_assert_str_eq(msg, "bad frame magic (not a firvm peer)");
    size_t n = frame(b, MIG_F_HELLO, hello, 65);
    b[4] = 2;
    ck_assert_int_eq(raw_server(b, n, msg), MIG_EV_ERROR);
    ck_assert_str_eq(msg, "unsupported protocol version 2 (this is 1)");
    n = frame(b, MIG_F_HELLO, hello, 65);
    b[6] = 4;
    ck_assert_int_eq(raw_server(b, n, msg), MIG_EV_ERROR);
    ck_assert_str_eq(msg, "bad frame flags 0x4");
    n = frame(b, MIG_F_HELLO, hello, 65);
    b[6] = 1;
    ck_assert_int_eq(raw_server(b, n, msg), MIG_EV_ERROR);
    ck_assert_str_eq(msg, "HELLO frame encrypted before the handshake");
    n = frame(b, MIG_F_HELLO, NULL, 0xffffffffu);
    ck_assert_int_eq(raw_server(b, 12, msg), MIG_EV_ERROR);
    ck_assert_str_eq(msg, "frame too long (4294967295 bytes, limit 1048592)");
    n = frame(b, 99, NULL, 0);
    ck_assert_int_eq(raw_server(b, n, msg), MIG_EV_ERROR);
    ck_assert_str_eq(msg, "unknown frame type 99");
    n = frame(b, MIG_F_HELLO, hello, 64);
    ck_assert_int_eq(raw_server(b, n, msg), MIG_EV_ERROR);
    ck_assert_str_eq(msg, "bad length for HELLO frame: 64 bytes");
    n = frame(b, MIG_F_DATA, "x", 1);
    ck_assert_int_eq(raw_server(b, n, msg), MIG_EV_ERROR);
    ck_assert_str_eq(msg, "unexpected DATA frame before HELLO");
    hello[0] = 7;
    n = frame(b, MIG_F_HELLO, hello, 65);
    ck_assert_int_eq(raw_server(b, n, msg), MIG_EV_ERROR);
    ck_assert_str_eq(msg, "bad HELLO: unknown mode 7");
    /* a partial frame waits */
    hello[0] = 0;
    n = frame(b, MIG_F_HELLO, hello, 65);
    ck_assert_int_eq(raw_server(b, n - 1, msg), MIG_EV_NONE);
    /* an offer over the limit is refused before any data */
    n = frame(b, MIG_F_HELLO, hello, 65);
    uint8_t offer[24] = {0};
    offer[16] = 0xe9;
    offer[17] = 0x03; /* 1001 */
    n += frame(b + n, MIG_F_OFFER, offer, 24);
    ck_assert_int_eq(raw_server(b, n, msg), MIG_EV_ERROR);
    ck_assert_str_eq(msg, "image too large (1001 bytes, limit 1000)");
    /* more data than offered */
    offer[16] = 2;
    offer[17] = 0;
    n = frame(b, MIG_F_HELLO, hello, 65);
    n += frame(b + n, MIG_F_OFFER, offer, 24);
    ck_assert_int_eq(raw_server(b, n, msg), MIG_EV_OFFER);
    MigNetConfig c;
    mig_net_config_default(&c);
    MigSession *s = mig__session_server(&c, instance);
    ck_assert_int_eq(mig__session_input(s, b, n), 0);
    ck_assert_int_eq(mig__session_step(s), MIG_EV_OFFER);
    mig__server_accept(s);
    n = frame(b, MIG_F_DATA, "abc", 3);
    ck_assert_int_eq(mig__session_input(s, b, n), 0);
    ck_assert_int_eq(mig__session_step(s), MIG_EV_ERROR);
    ck_assert_str_eq(s->err.msg, "bad DATA: 3 bytes past 0 of 2");
    mig__session_free(s);
    /* END with a wrong hash */
    s = mig__session_server(&c, instance);
    n = frame(b, MIG_F_HELLO, hello, 65);
    n += frame(b + n, MIG_F_OFFER, offer, 24);
    n += frame(b + n, MIG_F_DATA, "ab", 2);
    uint8_t h[32] = {0};
    n += frame(b + n, MIG_F_END, h, 32);
    ck_assert_int_eq(mig__session_input(s, b, n), 0);
    ck_assert_int_eq(mig__session_step(s), MIG_EV_OFFER);
    mig__server_accept(s);
    ck_assert_int_eq(mig__session_step(s), MIG_EV_ERROR);
    ck_assert_str_eq(s->err.msg, "bad END: the payload hash does not match");
    mig__session_free(s);
}
END_TEST

START_TEST(proto_input_bounded)
{
    /* a peer that never completes a frame cannot make the buffer grow */
    MigNetConfig c;
    mig_net_config_default(&c);
    MigSession *s = mig__session_server(&c, instance);
    uint8_t hdr[12];
    frame(hdr, MIG_F_DATA, NULL, MIG_CHUNK_MAX);
    ck_assert_int_eq(mig__session_input(s, hdr, 12), 0);
    static uint8_t junk[65536];
    for (int i = 0; i < 40; i++) {
        ck_assert_int_eq(mig__session_input(s, junk, sizeof junk), 0);
        ck_assert_uint_le(s->in.len, MIG_INPUT_MAX + 1);
        if (mig__session_step(s) == MIG_EV_ERROR)
            break;
    }
    ck_assert_int_eq(s->state, MIG_S_FAILED);
    ck_assert_str_eq(s->err.msg, "unexpected DATA frame before HELLO");
    mig__session_free(s);
}
END_TEST

START_TEST(proto_status)
{
    MigNetConfig c;
    mig_net_config_default(&c);
    MigSession *srv = mig__session_server(&c, instance);
    MigSession *cl = mig__session_client(&c, tid, 1, true, NULL);
    memcpy(cl->peer_instance, instance, MIG_ID_BYTES);
    MigEvent cev;
    ck_assert_int_eq(handshake(srv, cl, &cev), MIG_EV_STATUS);
    ck_assert_mem_eq(srv->id, tid, MIG_ID_BYTES);
    ck_assert_mem_eq(srv->peer_instance, instance, MIG_ID_BYTES);
    mig__server_status_reply(srv, MIG_STATUS_STARTED);
    carry(srv, cl);
    ck_assert_int_eq(mig__session_step(cl), MIG_EV_STATUS_REPLY);
    ck_assert_uint_eq(cl->status, MIG_STATUS_STARTED);
    mig__session_free(srv);
    mig__session_free(cl);
}
END_TEST

/* ------------------------------------------------- over loopback (libuv) */

/* The test runner: "BAD..." fails to verify, "CRASH" crashes the verifier,
 * "SLOW" hangs in it; otherwise run() writes the payload to ran.txt. */
typedef struct Runner {
    char dir[64];
    uint8_t *copy;
    size_t len;
} Runner;

static int r_prepare(void *ctx, const uint8_t *p, size_t n, FirError *err)
{
    Runner *r = ctx;
    if (n >= 3 && memcmp(p, "BAD", 3) == 0)
        return fir_error_set(err, FIR_EVERIFY, "verification failed: bad payload");
    if (n == 5 && memcmp(p, "CRASH", 5) == 0)
        abort();
    if (n == 4 && memcmp(p, "SLOW", 4) == 0)
        sleep(30);
    r->copy = malloc(n);
    memcpy(r->copy, p, n);
    r->len = n;
    return 0;
}

static int r_run(void *ctx)
{
    Runner *r = ctx;
    char path[128];
    snprintf(path, sizeof path, "%s/ran.txt", r->dir);
    FILE *f = fopen(path, "ab");
    fwrite(r->copy, 1, r->len > 100 ? 100 : r->len, f);
    fclose(f);
    return 7;
}

static void log_line(void *ctx, const char *line)
{
    FILE *f = ctx;
    fprintf(f, "%s\n", line);
    fflush(f);
}

static Runner runner;
static pid_t server_pid;
static char server_port[8];

/* Forks a server with cfg; waits until it listens. */
static void start_server(const MigNetConfig *cfg)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    strcpy(runner.dir, tmpdir);
    server_pid = fork();
    ck_assert_int_ge(server_pid, 0);
    if (server_pid == 0) {
        close(fds[0]);
        FILE *log = fopen(tpath("server.log"), "w");
        MigNetRunner r = {r_prepare, r_run, &runner};
        MigServer *s;
        FirError err = {0};
        if (mig_server_new(&s, cfg, &r, "127.0.0.1", "0", log_line, log, &err) < 0) {
            fprintf(log, "error: %s\n", err.msg);
            _exit(3);
        }
        char port[16];
        int n = snprintf(port, sizeof port, "%d\n", mig_server_port(s));
        if (write(fds[1], port, (size_t)n) != n)
            _exit(4);
        close(fds[1]);
        int rc = mig_server_run(s, &err);
        mig_server_free(s);
        fclose(log);
        _exit(rc == 0 ? 0 : 5);
    }
    close(fds[1]);
    char buf[16] = {0};
    ssize_t n = read(fds[0], buf, sizeof buf - 1);
    close(fds[0]);
    ck_assert_int_gt(n, 0);
    buf[strcspn(buf, "\n")] = '\0';
    strcpy(server_port, buf);
}

static int stop_server(void)
{
    kill(server_pid, SIGTERM);
    int status;
    ck_assert_int_eq(waitpid(server_pid, &status, 0), server_pid);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* ran.txt once the started child wrote it (it runs after STARTED). */
static const char *wait_ran(void)
{
    for (int i = 0; i < 200; i++) {
        const char *s = slurp(tpath("ran.txt"));
        if (s && *s)
            return s;
        usleep(10000);
    }
    return "";
}

START_TEST(loop_send)
{
    MigNetConfig c;
    mig_net_config_default(&c);
    start_server(&c);
    FirError err = {0};
    ck_assert_int_eq(mig_net_send(&c, "127.0.0.1", server_port, (const uint8_t *)"hello", 5, &err), 0);
    ck_assert_str_eq(wait_ran(), "hello");
    /* a big payload, several frames */
    size_t n = 5 * MIG_CHUNK_MAX + 3;
    uint8_t *big = malloc(n);
    memset(big, 'z', n);
    ck_assert_int_eq(mig_net_send(&c, "localhost", server_port, big, n, &err), 0);
    free(big);
    ck_assert_int_eq(stop_server(), 0);
    const char *log = slurp(tpath("server.log"));
    ck_assert_ptr_nonnull(strstr(log, "#1 accepted from 127.0.0.1:"));
    ck_assert_ptr_nonnull(strstr(log, "#1 received 5 bytes\n#1 verified, paused in pid "));
    ck_assert_ptr_nonnull(strstr(log, "#1 started pid "));
    ck_assert_ptr_nonnull(strstr(log, "exited with status 7"));
    ck_assert_ptr_nonnull(strstr(log, "#2 received 5242883 bytes"));
    ck_assert_ptr_nonnull(strstr(log, "signal 15 received\nshutting down"));
}
END_TEST

START_TEST(loop_refused)
{
    /* a port nobody listens on: start and stop a server to find one */
    MigNetConfig c;
    mig_net_config_default(&c);
    start_server(&c);
    ck_assert_int_eq(stop_server(), 0);
    FirError err = {0};
    ck_assert_int_eq(mig_net_send(&c, "127.0.0.1", server_port, (const uint8_t *)"x", 1, &err),
                     -ECONNREFUSED);
    char want[128];
    snprintf(want, sizeof want, "migrate to 127.0.0.1:%s: cannot connect: connection refused",
             server_port);
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(mig_net_send(&c, "no.such.host.invalid", "1", (const uint8_t *)"x", 1, &err),
                     -EHOSTUNREACH);
}
END_TEST

START_TEST(loop_rejected)
{
    MigNetConfig c;
    mig_net_config_default(&c);
    c.max_image = 100;
    start_server(&c);
    FirError err = {0};
    char want[200];
    ck_assert_int_eq(mig_net_send(&c, "127.0.0.1", server_port, (const uint8_t *)"BADX", 4, &err),
                     -EBADMSG);
    snprintf(want, sizeof want,
             "migrate to 127.0.0.1:%s: rejected by the peer: verification failed: bad payload",
             server_port);
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(mig_net_send(&c, "127.0.0.1", server_port, (const uint8_t *)"CRASH", 5, &err),
                     -EBADMSG);
    snprintf(want, sizeof want,
             "migrate to 127.0.0.1:%s: rejected by the peer: the image crashed its verifier",
             server_port);
    ck_assert_str_eq(err.msg, want);
    static uint8_t big[101];
    ck_assert_int_eq(mig_net_send(&c, "127.0.0.1", server_port, big, sizeof big, &err), -EFBIG);
    snprintf(want, sizeof want,
             "migrate to 127.0.0.1:%s: rejected by the peer: image too large (101 bytes, limit 100)",
             server_port);
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(stop_server(), 0);
    ck_assert_ptr_null(slurp(tpath("ran.txt")));
    const char *log = slurp(tpath("server.log"));
    ck_assert_ptr_nonnull(strstr(log, "#1 rejected: verification failed: bad payload\n"));
    ck_assert_ptr_nonnull(strstr(log, "#2 rejected: the image crashed its verifier\n"));
    ck_assert_ptr_nonnull(strstr(log, "#3 rejected: image too large (101 bytes, limit 100)\n"));
}
END_TEST

START_TEST(loop_verify_timeout)
{
    MigNetConfig c;
    mig_net_config_default(&c);
    c.timeout_ms = 300;
    start_server(&c);
    FirError err = {0};
    /* the client allows the peer twice its own limit to verify */
    ck_assert_int_eq(mig_net_send(&c, "127.0.0.1", server_port, (const uint8_t *)"SLOW", 4, &err),
                     -EBADMSG);
    char want[200];
    snprintf(want, sizeof want,
             "migrate to 127.0.0.1:%s: rejected by the peer: verification timed out", server_port);
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(stop_server(), 0);
}
END_TEST

START_TEST(loop_keys)
{
    MigNetConfig sc, cc;
    mig_net_config_default(&sc);
    sc.key = &key_a; /* no list: its own key only */
    start_server(&sc);
    mig_net_config_default(&cc);
    FirError err = {0};
    char want[300], text[MIG_KEY_TEXT_MAX];
    /* no key */
    ck_assert_int_eq(mig_net_send(&cc, "127.0.0.1", server_port, (const uint8_t *)"k0", 2, &err),
                     -EACCES);
    snprintf(want, sizeof want,
             "migrate to 127.0.0.1:%s: rejected by the peer: authentication required: this "
             "server only accepts peers with a key (firvm --key)",
             server_port);
    ck_assert_str_eq(err.msg, want);
    /* the wrong key */
    cc.key = &key_b;
    ck_assert_int_eq(mig_net_send(&cc, "127.0.0.1", server_port, (const uint8_t *)"k1", 2, &err),
                     -EACCES);
    mig_key_public_text(key_b.pk, text);
    snprintf(want, sizeof want, "migrate to 127.0.0.1:%s: rejected by the peer: key not authorized: %s",
             server_port, text);
    ck_assert_str_eq(err.msg, want);
    /* the right key */
    cc.key = &key_a;
    ck_assert_int_eq(mig_net_send(&cc, "127.0.0.1", server_port, (const uint8_t *)"k2", 2, &err), 0);
    ck_assert_str_eq(wait_ran(), "k2");
    ck_assert_int_eq(stop_server(), 0);
}
END_TEST

/* A scripted server on a plain socket, driven by a session: it plays the
 * protocol up to `stop_at`, then closes the connection (or exits).  With
 * answer_status it then serves one STATUS query with `status`. */
enum { DIE_IN_DATA, DIE_AFTER_COMMIT };

static int listen_any(char *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(fd, 4), 0);
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    sprintf(port, "%d", ntohs(a.sin_port));
    return fd;
}

static void send_out(MigSession *s, int fd)
{
    MigBytes out;
    mig__take_output(s, &out);
    if (out.len && write(fd, out.data, out.len) != (ssize_t)out.len)
        _exit(9);
    free(out.data);
}

/* Reads until the session yields an event. */
static MigEvent next_event(MigSession *s, int fd)
{
    static uint8_t buf[65536];
    for (;;) {
        MigEvent ev = mig__session_step(s);
        send_out(s, fd);
        if (ev != MIG_EV_NONE)
            return ev;
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            _exit(8);
        if (mig__session_input(s, buf, (size_t)n) < 0)
            _exit(7);
    }
}

static pid_t fake_server(int script, bool answer_status, uint8_t status)
{
    int lfd = listen_any(server_port);
    pid_t pid = fork();
    if (pid != 0) {
        close(lfd);
        return pid;
    }
    MigNetConfig c;
    mig_net_config_default(&c);
    int fd = accept(lfd, NULL, NULL);
    MigSession *s = mig__session_server(&c, instance);
    if (next_event(s, fd) != MIG_EV_OFFER)
        _exit(10);
    mig__server_accept(s);
    send_out(s, fd);
    if (script == DIE_IN_DATA) {
        static uint8_t buf[65536];
        if (read(fd, buf, sizeof buf) <= 0)
            _exit(11);
        _exit(0); /* the kernel resets the connection: unread data */
    }
    if (next_event(s, fd) != MIG_EV_PAYLOAD)
        _exit(12);
    mig__server_ready(s);
    send_out(s, fd);
    if (next_event(s, fd) != MIG_EV_COMMIT)
        _exit(13);
    close(fd);
    mig__session_free(s);
    if (!answer_status)
        _exit(0);
    fd = accept(lfd, NULL, NULL);
    s = mig__session_server(&c, instance);
    if (next_event(s, fd) != MIG_EV_STATUS || memcmp(s->peer_instance, instance, MIG_ID_BYTES))
        _exit(14);
    mig__server_status_reply(s, status);
    send_out(s, fd);
    close(fd);
    _exit(0);
}

static int wait_exit(pid_t pid)
{
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert(WIFEXITED(st));
    return WEXITSTATUS(st);
}

START_TEST(loop_server_dies)
{
    /* the peer goes away in the middle of the data: an error, nothing ran */
    MigNetConfig c;
    mig_net_config_default(&c);
    pid_t pid = fake_server(DIE_IN_DATA, false, 0);
    size_t n = (size_t)64 << 20;
    uint8_t *big = calloc(1, n);
    FirError err = {0};
    int rc = mig_net_send(&c, "127.0.0.1", server_port, big, n, &err);
    free(big);
    ck_assert_int_eq(rc, -ECONNRESET);
    char want[200];
    snprintf(want, sizeof want, "migrate to 127.0.0.1:%s: connection lost during the transfer (",
             server_port);
    ck_assert_int_eq(strncmp(err.msg, want, strlen(want)), 0);
    ck_assert_int_eq(wait_exit(pid), 0);
}
END_TEST

START_TEST(loop_in_doubt)
{
    /* the line drops after COMMIT: the client asks, the peer says started */
    MigNetConfig c;
    mig_net_config_default(&c);
    FirError err = {0};
    pid_t pid = fake_server(DIE_AFTER_COMMIT, true, MIG_STATUS_STARTED);
    ck_assert_int_eq(mig_net_send(&c, "127.0.0.1", server_port, (const uint8_t *)"d", 1, &err), 0);
    ck_assert_int_eq(wait_exit(pid), 0);
    /* ... or aborted: an error, the process stays */
    pid = fake_server(DIE_AFTER_COMMIT, true, MIG_STATUS_ABORTED);
    ck_assert_int_eq(mig_net_send(&c, "127.0.0.1", server_port, (const uint8_t *)"d", 1, &err),
                     -ECONNRESET);
    char want[300];
    snprintf(want, sizeof want,
             "migrate to 127.0.0.1:%s: connection lost before the peer confirmed; the peer did "
             "not start the process",
             server_port);
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(wait_exit(pid), 0);
    /* ... or never answers again: in doubt */
    c.doubt_ms = 500;
    pid = fake_server(DIE_AFTER_COMMIT, false, 0);
    ck_assert_int_eq(mig_net_send(&c, "127.0.0.1", server_port, (const uint8_t *)"d", 1, &err),
                     MIG_NET_IN_DOUBT);
    snprintf(want, sizeof want,
             "migrate to 127.0.0.1:%s: connection lost after the commit and the peer cannot be "
             "asked: the process may be running there",
             server_port);
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(wait_exit(pid), 0);
}
END_TEST

START_TEST(loop_timeout)
{
    MigNetConfig c;
    mig_net_config_default(&c);
    start_server(&c);
    kill(server_pid, SIGSTOP); /* accepts (the kernel does) but never answers */
    c.timeout_ms = 300;
    FirError err = {0};
    ck_assert_int_eq(mig_net_send(&c, "127.0.0.1", server_port, (const uint8_t *)"t", 1, &err),
                     -ETIMEDOUT);
    char want[200];
    snprintf(want, sizeof want, "migrate to 127.0.0.1:%s: no answer within 300 ms", server_port);
    ck_assert_str_eq(err.msg, want);
    kill(server_pid, SIGCONT);
    ck_assert_int_eq(stop_server(), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("net");
    TCase *tc = tcase_create("keys");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, key_files);
    tcase_add_test(tc, key_tampered);
    tcase_add_test(tc, key_lists);
    tcase_add_test(tc, payload_signatures);
    tcase_add_test(tc, addresses);
    suite_add_tcase(s, tc);

    tc = tcase_create("protocol");
    tcase_add_checked_fixture(tc, keys_setup, teardown);
    tcase_add_test(tc, proto_plain);
    tcase_add_test(tc, proto_keyed);
    tcase_add_test(tc, proto_wrong_key);
    tcase_add_test(tc, proto_mode_mismatch);
    tcase_add_test(tc, proto_tampered);
    tcase_add_test(tc, proto_hostile);
    tcase_add_test(tc, proto_input_bounded);
    tcase_add_test(tc, proto_status);
    suite_add_tcase(s, tc);

    tc = tcase_create("loopback");
    tcase_add_checked_fixture(tc, keys_setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, loop_send);
    tcase_add_test(tc, loop_refused);
    tcase_add_test(tc, loop_rejected);
    tcase_add_test(tc, loop_verify_timeout);
    tcase_add_test(tc, loop_keys);
    tcase_add_test(tc, loop_server_dies);
    tcase_add_test(tc, loop_in_doubt);
    tcase_add_test(tc, loop_timeout);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
