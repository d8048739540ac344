/*
 * net.c - the connections of one rank over libuv TCP: listening and the
 * rendezvous file, connecting to peers (retrying until they are up), the
 * authenticated handshake, reading and writing frames.
 *
 * Handshake (both sides, plain frames): HELLO (rank, size, incarnation,
 * what it holds of the other's messages, Ed25519 key, an ephemeral X25519
 * key), then AUTH: the Ed25519 signature of BLAKE2b("firvm dist v1" ||
 * connector's HELLO || acceptor's HELLO || role).  A peer whose key is not
 * authorized, whose signature fails, or who claims a rank outside the run,
 * our own rank, or another size is refused with a log line.  Session keys
 * come from crypto_kx over the ephemeral keys; every later frame is sealed
 * and numbered, so a replayed, reordered or forged frame fails to open.
 *
 * Nothing here runs except inside uv_run, which only the message
 * operations (ops.c) call: a rank talks to its peers while its program is
 * in a message operation.
 */
#include "dist/internal.h"

#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DOMAIN "firvm dist v1"

enum { HS_HELLO, HS_AUTH, HS_OPEN, HS_CLOSED };

struct DistConn {
    Dist *d;
    uv_tcp_t tcp;
    uv_connect_t creq;
    DistConn *next;
    bool outgoing, attached, tcp_init;
    int hs;
    int32_t rank;          /* the peer's rank: known for outgoing, from HELLO for incoming */
    uint32_t inc;
    uint32_t their_stable;
    uint8_t eph_pk[crypto_kx_PUBLICKEYBYTES], eph_sk[crypto_kx_SECRETKEYBYTES];
    uint8_t mine[DIST_HELLO_BYTES], theirs[DIST_HELLO_BYTES];
    bool sent_hello, got_hello, got_auth;
    uint8_t peer_pk[32];
    uint8_t rx[crypto_kx_SESSIONKEYBYTES], tx[crypto_kx_SESSIONKEYBYTES];
    uint64_t nrx, ntx;
    DistBuf in;
};

void dist_stamp(char *buf, size_t n)
{
    static int on = -1;
    if (on < 0) {
        const char *e = getenv("FIRVM_DIST_TIMESTAMPS");
        on = e && *e == '1';
    }
    buf[0] = 0;
    if (on) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        snprintf(buf, n, "%lld.%06ld ", (long long)ts.tv_sec, ts.tv_nsec / 1000);
    }
}

void dist__log(Dist *d, const char *fmt, ...)
{
    if (!d->cfg.log)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    char stamp[40];
    dist_stamp(stamp, sizeof stamp);
    if (d->coord)
        fprintf(d->cfg.log, "%sfirvm: launch: %s\n", stamp, line);
    else
        fprintf(d->cfg.log, "%sfirvm: dist: rank %u: %s\n", stamp, d->cfg.rank, line);
    fflush(d->cfg.log);
}

static const char *who(DistConn *c, char *buf, size_t n)
{
    if (c->rank == DIST_CONN_LAUNCHER)
        snprintf(buf, n, "the launcher");
    else if (c->rank >= 0 && c->hs == HS_OPEN)
        snprintf(buf, n, "rank %d", c->rank);
    else if (c->rank >= 0)
        snprintf(buf, n, "a peer claiming rank %d", c->rank);
    else
        snprintf(buf, n, "an unidentified peer");
    return buf;
}

/* ---------------------------------------------------------- closing */

static void on_closed(uv_handle_t *h)
{
    DistConn *c = h->data;
    dist_buf_free(&c->in);
    sodium_memzero(c->rx, sizeof c->rx);
    sodium_memzero(c->tx, sizeof c->tx);
    sodium_memzero(c->eph_sk, sizeof c->eph_sk);
    free(c);
}

static void unlink_conn(DistConn *c)
{
    for (DistConn **q = &c->d->conns; *q; q = &(*q)->next)
        if (*q == c) {
            *q = c->next;
            break;
        }
}

/* A rank's death: to the message operations, or to the launcher. */
static void peer_died(Dist *d, uint32_t r)
{
    if (d->coord)
        dist__coord_on_death(d, r);
    else
        dist__on_death(d, r);
}

/* Ends a connection; an attached one is the peer's death unless it said BYE.
 * An outgoing one that never opened is tried again later (ops.c). */
static void conn_close(DistConn *c)
{
    if (c->hs == HS_CLOSED)
        return;
    c->hs = HS_CLOSED;
    Dist *d = c->d;
    unlink_conn(c);
    if (c->rank == DIST_CONN_LAUNCHER) {
        d->launcher = NULL; /* there is only ever one */
        d->launcher_lost = true;
    } else if (c->attached) {
        d->peers[c->rank].conn = NULL;
        if (!d->peers[c->rank].bye)
            peer_died(d, (uint32_t)c->rank);
    } else if (c->outgoing && c->rank >= 0) {
        d->peers[c->rank].connecting = false;
        d->peers[c->rank].next_try = uv_now(&d->loop) + 20;
    }
    c->tcp.data = c;
    if (c->tcp_init)
        uv_close((uv_handle_t *)&c->tcp, on_closed);
    else
        on_closed((uv_handle_t *)&c->tcp);
}

static bool d_refusal_ok(Dist *d)
{
    return ++d->refusals <= 10;
}

static void refuse(DistConn *c, const char *why)
{
    char w[40];
    Dist *d = c->d;
    /* a peer that keeps retrying is told about a few times, not forever */
    if (++d->refusals <= 10)
        dist__log(d, "refused %s: %s%s", who(c, w, sizeof w), why,
                  d->refusals == 10 ? " (further refusals are not logged)" : "");
    conn_close(c);
}

/* ---------------------------------------------------------- writing */

typedef struct Write {
    uv_write_t req;
    Dist *d;
    uint8_t data[];
} Write;

static void on_written(uv_write_t *req, int status)
{
    Write *w = (Write *)req;
    (void)status; /* a failed write shows as the connection's end */
    w->d->writes--;
    free(w);
}

/* The frame is made in the write request itself: an image is a frame of
 * hundreds of kilobytes, and every extra buffer of that size costs page
 * faults (measured: 1.4 ms per 190 KB image with two more copies). */
static bool write_frame(DistConn *c, uint8_t type, const uint8_t *body, size_t n, bool seal)
{
    if (c->hs == HS_CLOSED)
        return false;
    size_t total = DIST_HEADER + n + (seal ? DIST_TAG_BYTES : 0);
    Write *w = malloc(sizeof *w + total);
    if (!w)
        return false;
    DistBuf f = {.b = w->data, .cap = total}; /* big enough: never reallocated */
    if (dist_frame_put(&f, type, body, n, seal ? c->tx : NULL, c->ntx) < 0 || f.n != total) {
        free(w);
        return false;
    }
    if (seal)
        c->ntx++;
    w->d = c->d;
    uv_buf_t buf = uv_buf_init((char *)w->data, (unsigned)total);
    if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &buf, 1, on_written) < 0) {
        free(w);
        conn_close(c);
        return false;
    }
    c->d->writes++;
    return true;
}

bool dist__send(Dist *d, uint32_t r, uint8_t type, const uint8_t *body, size_t n)
{
    DistConn *c = d->peers[r].conn;
    return c && c->hs == HS_OPEN && write_frame(c, type, body, n, true);
}

bool dist__send_launcher(Dist *d, uint8_t type, const uint8_t *body, size_t n)
{
    DistConn *c = d->launcher;
    return c && c->hs == HS_OPEN && write_frame(c, type, body, n, true);
}

/* -------------------------------------------------------- handshake */

static void send_hello(DistConn *c)
{
    Dist *d = c->d;
    DistHello h = {.rank = d->cfg.rank, .size = d->cfg.size, .incarnation = d->cfg.incarnation,
                   .stable = c->rank >= 0 ? dist__stable_of(d, (uint32_t)c->rank) : 0};
    memcpy(h.pk, d->cfg.key->pk, 32);
    memcpy(h.eph, c->eph_pk, 32);
    DistBuf b = {0};
    if (dist_hello_encode(&b, &h) == 0) {
        memcpy(c->mine, b.b, DIST_HELLO_BYTES);
        c->sent_hello = write_frame(c, DIST_F_HELLO, b.b, b.n, false);
    }
    dist_buf_free(&b);
}

static void transcript(DistConn *c, bool connector_signs, uint8_t out[32])
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    crypto_generichash_update(&st, (const uint8_t *)DOMAIN, sizeof DOMAIN);
    const uint8_t *first = c->outgoing ? c->mine : c->theirs;
    const uint8_t *second = c->outgoing ? c->theirs : c->mine;
    crypto_generichash_update(&st, first, DIST_HELLO_BYTES);
    crypto_generichash_update(&st, second, DIST_HELLO_BYTES);
    uint8_t role = connector_signs ? 'C' : 'A';
    crypto_generichash_update(&st, &role, 1);
    crypto_generichash_final(&st, out, 32);
}

static void send_auth(DistConn *c)
{
    uint8_t h[32], sig[64];
    transcript(c, c->outgoing, h);
    crypto_sign_detached(sig, NULL, h, sizeof h, c->d->cfg.key->sk);
    write_frame(c, DIST_F_AUTH, sig, sizeof sig, false);
}

static bool authorized(Dist *d, const uint8_t pk[32])
{
    if (d->cfg.authorized)
        return mig_keylist_has(d->cfg.authorized, pk);
    return sodium_memcmp(pk, d->cfg.key->pk, 32) == 0;
}

static void on_hello(DistConn *c, const uint8_t *body, size_t n)
{
    Dist *d = c->d;
    DistHello h;
    char why[120];
    if (dist_hello_decode(body, n, &h, why, sizeof why) < 0)
        return refuse(c, why);
    bool launcher = c->rank == DIST_CONN_LAUNCHER;
    if (launcher && (h.rank != DIST_COORD_RANK || h.size != d->cfg.size)) {
        snprintf(why, sizeof why, "it claims rank %u of %u, not the launcher of %u ranks",
                 h.rank, h.size, d->cfg.size);
        return refuse(c, why);
    }
    if (!launcher &&
        (h.size != d->cfg.size || h.rank >= d->cfg.size || h.rank == d->cfg.rank)) {
        snprintf(why, sizeof why, "it claims rank %u of %u (this run: rank %u of %u)", h.rank,
                 h.size, d->cfg.rank, d->cfg.size);
        return refuse(c, why);
    }
    if (!launcher && c->outgoing && (int32_t)h.rank != c->rank)
        return refuse(c, "it is not the rank its rendezvous file names");
    if (!launcher)
        c->rank = (int32_t)h.rank;
    if (!authorized(d, h.pk))
        return refuse(c, "its key is not authorized");
    c->inc = h.incarnation;
    c->their_stable = h.stable;
    memcpy(c->theirs, body, DIST_HELLO_BYTES);
    memcpy(c->peer_pk, h.pk, 32);
    c->got_hello = true;
    if (!c->sent_hello)
        send_hello(c);
    c->hs = HS_AUTH;
    send_auth(c);
}

static void attach(DistConn *c)
{
    Dist *d = c->d;
    if (c->rank == DIST_CONN_LAUNCHER) {
        c->attached = true;
        d->launcher = c;
        return;
    }
    DistPeer *pe = &d->peers[c->rank];
    bool known_before = pe->ever;
    if (pe->conn) {
        DistConn *old = pe->conn;
        /* Two ranks that both connect to all (resurrected at once) meet
         * twice: both sides keep the connection the lower rank made. */
        bool twin = old->inc == c->inc;
        bool keep_new = twin && c->outgoing == (d->cfg.rank < (uint32_t)c->rank);
        if (twin && !keep_new) {
            conn_close(c); /* not attached: no death */
            return;
        }
        if (!twin && old->inc > c->inc) {
            refuse(c, "its rank is already connected");
            return;
        }
        old->attached = false; /* a newer incarnation: the old one is dead */
        pe->conn = NULL;
        conn_close(old);
        if (!twin && !d->coord)
            dist__on_death(d, (uint32_t)c->rank);
    }
    c->attached = true;
    pe->conn = c;
    pe->connecting = false;
    pe->ever = true;
    pe->bye = false;
    if (d->coord)
        dist__coord_on_rank(d, (uint32_t)c->rank, c->inc);
    else
        dist__on_peer(d, (uint32_t)c->rank, c->inc, c->their_stable, known_before);
}

static void on_auth(DistConn *c, const uint8_t *body, size_t n)
{
    uint8_t h[32];
    transcript(c, !c->outgoing, h);
    if (n != 64 || crypto_sign_verify_detached(body, h, sizeof h, c->peer_pk) != 0)
        return refuse(c, "its handshake signature does not verify");
    const uint8_t *peer_eph = c->theirs + 48;
    int rc = c->outgoing
                 ? crypto_kx_client_session_keys(c->rx, c->tx, c->eph_pk, c->eph_sk, peer_eph)
                 : crypto_kx_server_session_keys(c->rx, c->tx, c->eph_pk, c->eph_sk, peer_eph);
    sodium_memzero(c->eph_sk, sizeof c->eph_sk);
    if (rc != 0)
        return refuse(c, "its ephemeral key is unusable");
    c->hs = HS_OPEN;
    attach(c);
}

/* ---------------------------------------------------------- reading */

static void handle(DistConn *c)
{
    while (c->hs != HS_CLOSED) {
        DistHeader h;
        char why[120];
        int rc = dist_header_parse(c->in.b, c->in.n, &h, why, sizeof why);
        if (rc < 0)
            return refuse(c, why);
        if (rc == 0 || c->in.n < DIST_HEADER + (size_t)h.len)
            return;
        uint8_t *body = c->in.b + DIST_HEADER;
        size_t n = h.len;
        bool sealed = h.flags & DIST_FLAG_SEALED;
        if (c->hs == HS_OPEN) {
            if (!sealed)
                return refuse(c, "a plain frame after the handshake");
            if (dist_frame_open(c->in.b, body, n, c->rx, c->nrx) < 0)
                return refuse(c, "a frame that does not authenticate (forged or corrupted)");
            c->nrx++;
            n -= DIST_TAG_BYTES;
        } else if (sealed) {
            return refuse(c, "a sealed frame before the handshake");
        }
        if (c->hs == HS_HELLO && h.type != DIST_F_HELLO)
            return refuse(c, "a frame before HELLO (not authenticated)");
        if (c->hs == HS_AUTH && h.type != DIST_F_AUTH)
            return refuse(c, "a frame before AUTH (not authenticated)");
        if (c->hs == HS_HELLO)
            on_hello(c, body, n);
        else if (c->hs == HS_AUTH)
            on_auth(c, body, n);
        else if (h.type == DIST_F_HELLO || h.type == DIST_F_AUTH)
            return refuse(c, "a second handshake");
        else if (c->rank == DIST_CONN_LAUNCHER)
            dist__on_launcher_frame(c->d, h.type, body, n);
        else if (c->d->coord)
            dist__coord_on_frame(c->d, (uint32_t)c->rank, h.type, body, n);
        else
            dist__on_frame(c->d, (uint32_t)c->rank, h.type, body, n);
        if (c->hs == HS_CLOSED)
            return;
        size_t used = DIST_HEADER + (size_t)h.len;
        memmove(c->in.b, c->in.b + used, c->in.n - used);
        c->in.n -= used;
    }
}

static void on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
    DistConn *c = h->data;
    (void)hint;
    size_t want = 65536;
    if (c->in.cap - c->in.n < want) {
        size_t cap = c->in.cap ? c->in.cap : want;
        while (cap - c->in.n < want)
            cap *= 2;
        uint8_t *b = realloc(c->in.b, cap);
        if (!b) {
            *buf = uv_buf_init(NULL, 0);
            return;
        }
        c->in.b = b;
        c->in.cap = cap;
    }
    *buf = uv_buf_init((char *)c->in.b + c->in.n, (unsigned)(c->in.cap - c->in.n));
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
    DistConn *c = s->data;
    (void)buf;
    if (nread < 0) {
        char w[40];
        if (c->in.n && d_refusal_ok(c->d))
            dist__log(c->d, "dropped a truncated frame from %s (%zu bytes; the connection ended)",
                      who(c, w, sizeof w), c->in.n);
        if (c->attached && c->rank >= 0 && !c->d->peers[c->rank].bye && !c->d->coord)
            dist__log(c->d, "lost rank %d (%s)", c->rank,
                      nread == UV_EOF ? "connection closed" : uv_strerror((int)nread));
        conn_close(c);
        return;
    }
    c->in.n += (size_t)nread;
    if (c->in.n > DIST_HEADER + DIST_MAX_BODY + 65536)
        return refuse(c, "more data than a frame may hold");
    handle(c);
}

static DistConn *conn_new(Dist *d, bool outgoing, int32_t rank)
{
    DistConn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->d = d;
    c->outgoing = outgoing;
    c->rank = rank;
    c->hs = HS_HELLO;
    crypto_kx_keypair(c->eph_pk, c->eph_sk);
    c->next = d->conns;
    d->conns = c;
    return c;
}

static void start_reading(DistConn *c)
{
    c->tcp.data = c;
    uv_tcp_nodelay(&c->tcp, 1);
    if (uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) < 0)
        conn_close(c);
}

/* --------------------------------------------------------- accepting */

static void on_conn(uv_stream_t *srv, int status)
{
    Dist *d = srv->data;
    if (status < 0)
        return;
    DistConn *c = conn_new(d, false, -1);
    if (!c)
        return;
    uv_tcp_init(&d->loop, &c->tcp);
    c->tcp_init = true;
    c->tcp.data = c;
    if (uv_accept(srv, (uv_stream_t *)&c->tcp) < 0) {
        conn_close(c);
        return;
    }
    start_reading(c);
}

int dist__listen(Dist *d, FirError *err)
{
    struct sockaddr_storage sa;
    const char *host = d->cfg.host ? d->cfg.host : "127.0.0.1";
    if (uv_ip4_addr(host, 0, (struct sockaddr_in *)&sa) < 0 &&
        uv_ip6_addr(host, 0, (struct sockaddr_in6 *)&sa) < 0)
        return fir_error_set(err, FIR_EINVAL, "cannot listen on '%s': not an IP address", host);
    uv_tcp_init(&d->loop, &d->listener);
    d->listener.data = d;
    int rc = uv_tcp_bind(&d->listener, (struct sockaddr *)&sa, 0);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)&d->listener, 64, on_conn);
    if (rc < 0)
        return fir_error_set(err, FIR_EIO, "cannot listen on %s: %s", host, uv_strerror(rc));
    struct sockaddr_storage got;
    int len = sizeof got;
    uv_tcp_getsockname(&d->listener, (struct sockaddr *)&got, &len);
    char ip[64];
    if (got.ss_family == AF_INET6) {
        uv_ip6_name((struct sockaddr_in6 *)&got, ip, sizeof ip);
        snprintf(d->addr, sizeof d->addr, "[%s]:%u", ip,
                 ntohs(((struct sockaddr_in6 *)&got)->sin6_port));
    } else {
        uv_ip4_name((struct sockaddr_in *)&got, ip, sizeof ip);
        snprintf(d->addr, sizeof d->addr, "%s:%u", ip,
                 ntohs(((struct sockaddr_in *)&got)->sin_port));
    }
    if (d->cfg.launcher || d->coord)
        return 0; /* the launcher tells the others (ADDR) */
    /* publish: DIR/rank.R, written whole then renamed */
    char tmp[700];
    snprintf(d->path, sizeof d->path, "%s/rank.%u", d->cfg.dir, d->cfg.rank);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", d->path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "%s\n", d->addr) < 0 || fclose(f) != 0 || rename(tmp, d->path) < 0)
        return fir_error_set(err, FIR_EIO, "cannot publish the address in %s: %s", d->path,
                             strerror(errno));
    return 0;
}

/* -------------------------------------------------------- connecting */

static void on_connected(uv_connect_t *req, int status)
{
    DistConn *c = req->data;
    if (c->hs == HS_CLOSED)
        return;
    if (status < 0) {
        conn_close(c); /* not up yet: tried again */
        return;
    }
    start_reading(c);
    send_hello(c);
}

static int parse_address(const char *s, struct sockaddr_storage *sa)
{
    char host[80], port[16];
    FirError err = {0};
    if (mig_net_split_address(s, host, sizeof host, port, sizeof port, &err) < 0 ||
        (uv_ip4_addr(host, atoi(port), (struct sockaddr_in *)sa) < 0 &&
         uv_ip6_addr(host, atoi(port), (struct sockaddr_in6 *)sa) < 0))
        return -1;
    return 0;
}

static DistConn *connect_to(Dist *d, int32_t rank, const struct sockaddr_storage *sa)
{
    DistConn *c = conn_new(d, true, rank);
    if (!c)
        return NULL;
    uv_tcp_init(&d->loop, &c->tcp);
    c->tcp_init = true;
    c->tcp.data = c;
    c->creq.data = c;
    if (uv_tcp_connect(&c->creq, &c->tcp, (const struct sockaddr *)sa, on_connected) < 0) {
        conn_close(c);
        return NULL;
    }
    return c;
}

/* An outgoing connection to rank r at the address of DIR/rank.R, or the
 * one the launcher told (PEERS). */
static void try_connect(Dist *d, uint32_t r)
{
    DistPeer *pe = &d->peers[r];
    char path[700], line[128];
    pe->next_try = uv_now(&d->loop) + 20;
    if (d->cfg.launcher) {
        if (!d->have_addr[r])
            return; /* not up yet */
        snprintf(path, sizeof path, "the launcher's PEERS");
        snprintf(line, sizeof line, "%s", d->addrs[r].addr);
    } else {
        snprintf(path, sizeof path, "%s/rank.%u", d->cfg.dir, r);
        FILE *f = fopen(path, "r");
        if (!f)
            return; /* not up yet */
        bool got = fgets(line, sizeof line, f) != NULL;
        fclose(f);
        if (!got)
            return;
        line[strcspn(line, "\r\n")] = 0;
    }
    struct sockaddr_storage sa;
    if (parse_address(line, &sa) < 0) {
        dist__log(d, "bad address of rank %u in %s: '%s'", r, path, line);
        return;
    }
    pe->connecting = true;
    if (!connect_to(d, (int32_t)r, &sa))
        pe->connecting = false;
}

static void on_wait_timer(uv_timer_t *t)
{
    *(bool *)t->data = true;
}

int dist__connect_launcher(Dist *d, FirError *err)
{
    struct sockaddr_storage sa;
    if (parse_address(d->cfg.launcher, &sa) < 0)
        return fir_error_set(err, FIR_EINVAL, "bad launcher address '%s'", d->cfg.launcher);
    DistConn *c = connect_to(d, DIST_CONN_LAUNCHER, &sa);
    if (!c)
        return fir_error_set(err, FIR_EIO, "cannot connect to the launcher at %s",
                             d->cfg.launcher);
    uv_timer_t t;
    bool fired = false;
    uv_timer_init(&d->loop, &t);
    t.data = &fired;
    uv_timer_start(&t, on_wait_timer, d->cfg.timeout_ms, 0);
    while (!d->launcher && !d->launcher_lost && !fired)
        uv_run(&d->loop, UV_RUN_ONCE);
    uv_close((uv_handle_t *)&t, NULL);
    uv_run(&d->loop, UV_RUN_NOWAIT);
    if (!d->launcher) {
        if (!fired)
            return fir_error_set(err, FIR_EIO, "the launcher at %s refused this rank or is gone",
                                 d->cfg.launcher);
        for (DistConn *k = d->conns; k; k = k->next)
            if (k->rank == DIST_CONN_LAUNCHER) {
                conn_close(k);
                break;
            }
        return fir_error_set(err, FIR_EIO, "no answer from the launcher at %s",
                             d->cfg.launcher);
    }
    return 0;
}

int dist__launcher_local_ip(Dist *d, char *ip, size_t n)
{
    struct sockaddr_storage got;
    int len = sizeof got;
    if (!d->launcher || uv_tcp_getsockname(&d->launcher->tcp, (struct sockaddr *)&got, &len) < 0)
        return -1;
    if (got.ss_family == AF_INET6)
        return uv_ip6_name((struct sockaddr_in6 *)&got, ip, n);
    return uv_ip4_name((struct sockaddr_in *)&got, ip, n);
}

void dist__connect_peers(Dist *d)
{
    uint64_t now = uv_now(&d->loop);
    for (uint32_t r = 0; r < d->cfg.size; r++) {
        DistPeer *pe = &d->peers[r];
        if (r == d->cfg.rank || pe->conn || pe->connecting || pe->bye || now < pe->next_try)
            continue;
        /* once: higher ranks connect to lower ones; a resurrected rank to all (after
         * a death, the next incarnation comes back to us) */
        if (pe->ever || (d->cfg.incarnation == 0 && r > d->cfg.rank))
            continue;
        try_connect(d, r);
    }
}

void dist__close_all(Dist *d)
{
    while (d->conns) {
        DistConn *c = d->conns;
        c->attached = false;
        conn_close(c);
    }
}
