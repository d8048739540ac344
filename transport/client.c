/*
 * client.c - sending a payload to `firvm --serve` (mig_net_send), on a
 * private libuv loop so that it can run inside any process, including a
 * server's child that migrates on.
 *
 * One attempt: connect, HELLO (and AUTH), OFFER, DATA* END, wait for
 * READY, COMMIT, wait for STARTED.  Until COMMIT is queued every failure
 * means the peer cannot start the process (it starts a child only on
 * COMMIT), so mig_net_send returns a negative errno and the caller keeps
 * running.  After COMMIT, a lost connection leaves the outcome unknown:
 * the client reconnects and asks (STATUS) until doubt_ms has passed; the
 * server's answer is final ("aborted" is made true before it is said).
 * If no answer comes, mig_net_send returns MIG_NET_IN_DOUBT.
 *
 * Invariants
 * - At most ~4 MiB of encrypted frames are queued at once.
 * - SIGPIPE is ignored while sending (restored afterwards): a vanished
 *   peer is an error code, not a signal.
 */
#include "transport/proto.h"

#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <uv.h>

#define QUEUE_BYTES ((size_t)4 << 20)

typedef enum { R_RUNNING, R_STARTED, R_FAILED, R_STATUS } Result;

typedef struct Client {
    uv_loop_t loop;
    uv_tcp_t tcp;
    uv_timer_t timer;
    uv_connect_t connect;
    const MigNetConfig *cfg;
    MigSession *s;
    const char *where;        /* "HOST:PORT" for messages */
    const uint8_t *payload;
    size_t len, sent;
    unsigned pending_writes;
    bool committed;           /* COMMIT was queued: in doubt if the line drops */
    bool tcp_open;
    Result result;
    int code;                 /* negative errno when R_FAILED */
    FirError *err;
} Client;

typedef struct WriteReq {
    uv_write_t req;
    MigBytes bytes;
} WriteReq;

static void finish(Client *cl, Result r, int code)
{
    if (cl->result != R_RUNNING)
        return;
    cl->result = r;
    cl->code = code;
    uv_timer_stop(&cl->timer);
    if (cl->tcp_open && !uv_is_closing((uv_handle_t *)&cl->tcp))
        uv_close((uv_handle_t *)&cl->tcp, NULL);
    uv_close((uv_handle_t *)&cl->timer, NULL);
}

static void failf(Client *cl, int code, const char *fmt, ...) FIR_PRINTF(3, 4);
static void failf(Client *cl, int code, const char *fmt, ...)
{
    if (cl->result != R_RUNNING)
        return;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fir_error_set(cl->err, FIR_EIO, "migrate to %s: %s", cl->where, msg);
    finish(cl, R_FAILED, code);
}

static void pump(Client *cl);

static void on_written(uv_write_t *req, int status)
{
    WriteReq *w = (WriteReq *)req;
    Client *cl = req->data;
    free(w->bytes.data);
    free(w);
    cl->pending_writes--;
    if (cl->result != R_RUNNING)
        return;
    if (status < 0) {
        /* read side reports the reason in most cases; this covers the rest */
        if (cl->committed)
            finish(cl, R_STATUS, 0);
        else
            failf(cl, -ECONNRESET, "connection lost during the transfer (%s)",
                  uv_strerror(status));
        return;
    }
    uv_timer_again(&cl->timer); /* a write that completes is progress too */
    pump(cl);
}

static void flush(Client *cl)
{
    MigBytes out;
    mig__take_output(cl->s, &out);
    if (out.len == 0) {
        free(out.data);
        return;
    }
    WriteReq *w = malloc(sizeof *w);
    if (!w) {
        free(out.data);
        failf(cl, -ENOMEM, "out of memory");
        return;
    }
    w->bytes = out;
    w->req.data = cl;
    uv_buf_t buf = uv_buf_init((char *)out.data, (unsigned)out.len);
    int rc = uv_write(&w->req, (uv_stream_t *)&cl->tcp, &buf, 1, on_written);
    if (rc < 0) {
        free(out.data);
        free(w);
        if (cl->committed)
            finish(cl, R_STATUS, 0);
        else
            failf(cl, -ECONNRESET, "connection lost during the transfer (%s)",
                  uv_strerror(rc));
        return;
    }
    cl->pending_writes++;
}

/* Keeps about QUEUE_BYTES of DATA frames in flight while sending. */
static void pump(Client *cl)
{
    if (cl->result != R_RUNNING || cl->s->state != MIG_S_DATA || cl->pending_writes > 1)
        return;
    size_t queued = 0;
    while (cl->sent < cl->len && queued < QUEUE_BYTES) {
        size_t k = cl->len - cl->sent < MIG_CHUNK_MAX ? cl->len - cl->sent : MIG_CHUNK_MAX;
        if (mig__client_data(cl->s, cl->payload + cl->sent, k) < 0) {
            failf(cl, -ENOMEM, "out of memory");
            return;
        }
        cl->sent += k;
        queued += k;
    }
    if (cl->sent == cl->len) {
        if (mig__client_end(cl->s) < 0) {
            failf(cl, -ENOMEM, "out of memory");
            return;
        }
        /* the peer verifies within timeout_ms; give its REJECT time to come */
        uv_timer_set_repeat(&cl->timer, 2 * (uint64_t)cl->cfg->timeout_ms);
    }
    flush(cl);
}

static void process(Client *cl)
{
    for (;;) {
        if (cl->result != R_RUNNING)
            return;
        MigEvent ev = mig__session_step(cl->s);
        switch (ev) {
        case MIG_EV_NONE:
            flush(cl);
            return;
        case MIG_EV_ERROR:
            if (cl->committed) {
                finish(cl, R_STATUS, 0);
                return;
            }
            failf(cl, cl->s->err.code == FIR_EVERIFY ? -EACCES : -EPROTO, "%s",
                  cl->s->err.msg);
            return;
        case MIG_EV_ACCEPTED:
            pump(cl);
            break;
        case MIG_EV_READY:
            /* the point of no return for this side: from here a lost line is doubt */
            cl->committed = true;
            mig__client_commit(cl->s);
            flush(cl);
            break;
        case MIG_EV_STARTED:
            finish(cl, R_STARTED, 0);
            return;
        case MIG_EV_REJECTED:
            /* a REJECT can only come before COMMIT is handled: nothing started */
            failf(cl, -mig__reject_errno(cl->s->reject_code), "rejected by the peer: %s",
                  cl->s->reason);
            return;
        case MIG_EV_STATUS_REPLY:
            finish(cl, R_STARTED, cl->s->status);
            return;
        default:
            failf(cl, -EPROTO, "unexpected answer from the peer");
            return;
        }
    }
}

static void on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
    (void)hint;
    (void)h;
    static char slab[65536];
    *buf = uv_buf_init(slab, sizeof slab);
}

static void on_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf)
{
    Client *cl = st->data;
    if (cl->result != R_RUNNING)
        return;
    if (n < 0) {
        if (cl->committed)
            finish(cl, R_STATUS, 0);
        else
            failf(cl, -ECONNRESET, "connection lost during the transfer (%s)",
                  n == UV_EOF ? "closed by the peer" : uv_strerror((int)n));
        return;
    }
    uv_timer_again(&cl->timer);
    if (mig__session_input(cl->s, (const uint8_t *)buf->base, (size_t)n) < 0) {
        failf(cl, -ENOMEM, "out of memory");
        return;
    }
    process(cl);
}

static void on_timeout(uv_timer_t *t)
{
    Client *cl = t->data;
    if (cl->committed) {
        finish(cl, R_STATUS, 0);
        return;
    }
    failf(cl, -ETIMEDOUT, "no answer within %llu ms",
          (unsigned long long)uv_timer_get_repeat(&cl->timer));
}

static void on_connect(uv_connect_t *req, int status)
{
    Client *cl = req->data;
    if (cl->result != R_RUNNING)
        return;
    if (status < 0) {
        failf(cl, status, "cannot connect: %s", uv_strerror(status));
        return;
    }
    uv_tcp_nodelay(&cl->tcp, 1);
    uv_timer_again(&cl->timer);
    uv_read_start((uv_stream_t *)&cl->tcp, on_alloc, on_read);
    flush(cl); /* HELLO */
}

/* Resolves HOST:PORT (numeric or by name) into addr. */
static int resolve(const char *host, const char *port, struct sockaddr_storage *addr,
                   FirError *err, const char *where)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0 || !res) {
        fir_error_set(err, FIR_EIO, "migrate to %s: cannot resolve the host: %s", where,
                      rc ? gai_strerror(rc) : "no address");
        return -EHOSTUNREACH;
    }
    memcpy(addr, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return 0;
}

/* One connection: sends the payload, or (status_query) asks about a
 * transfer.  Returns the result; for R_STARTED after a status query,
 * *status holds the reply. */
static Result attempt(const MigNetConfig *cfg, const struct sockaddr_storage *addr,
                      const char *where, const uint8_t id[MIG_ID_BYTES],
                      const uint8_t *payload, size_t len, bool status_query,
                      uint8_t instance[MIG_ID_BYTES], int *code, uint8_t *status, FirError *err)
{
    Client cl;
    memset(&cl, 0, sizeof cl);
    cl.cfg = cfg;
    cl.where = where;
    cl.payload = payload;
    cl.len = len;
    cl.err = err;
    cl.result = R_RUNNING;
    *code = -ENOMEM;
    int rc = uv_loop_init(&cl.loop);
    if (rc < 0) {
        fir_error_set(err, FIR_EIO, "migrate to %s: cannot start an event loop: %s", where,
                      uv_strerror(rc));
        *code = rc;
        return R_FAILED;
    }
    cl.s = mig__session_client(cfg, id, len, status_query, instance);
    if (status_query && cl.s)
        memcpy(cl.s->peer_instance, instance, MIG_ID_BYTES);
    uv_timer_init(&cl.loop, &cl.timer);
    cl.timer.data = &cl;
    if (!cl.s) {
        failf(&cl, -ENOMEM, "out of memory");
    } else {
        uv_tcp_init(&cl.loop, &cl.tcp);
        cl.tcp_open = true;
        cl.tcp.data = &cl;
        cl.connect.data = &cl;
        uv_timer_start(&cl.timer, on_timeout, cfg->timeout_ms, cfg->timeout_ms);
        rc = uv_tcp_connect(&cl.connect, &cl.tcp, (const struct sockaddr *)addr, on_connect);
        if (rc < 0)
            failf(&cl, rc, "cannot connect: %s", uv_strerror(rc));
    }
    uv_run(&cl.loop, UV_RUN_DEFAULT);
    uv_loop_close(&cl.loop);
    if (cl.s) {
        if (!status_query)
            memcpy(instance, cl.s->instance, MIG_ID_BYTES);
        if (status)
            *status = cl.s->status;
    }
    mig__session_free(cl.s);
    *code = cl.code;
    return cl.result;
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

int mig_net_send(const MigNetConfig *cfg, const char *host, const char *port,
                 const uint8_t *payload, size_t len, FirError *err)
{
    char where[300];
    snprintf(where, sizeof where, strchr(host, ':') ? "[%s]:%s" : "%s:%s", host, port);
    if (sodium_init() < 0)
        return fir_error_set(err, FIR_EIO, "libsodium cannot initialize"), -EIO;
    /* The chunk count is a u32 on the wire; counted in 64 bits, not compared
     * with len, so a 32-bit size_t does not make the test always false. */
    uint64_t chunks = ((uint64_t)len + MIG_CHUNK_MAX - 1) / MIG_CHUNK_MAX;
    if (len == 0 || chunks > UINT32_MAX) {
        fir_error_set(err, FIR_EINVAL, "migrate to %s: bad payload size", where);
        return -EINVAL;
    }
    struct sockaddr_storage addr;
    int rc = resolve(host, port, &addr, err, where);
    if (rc < 0)
        return rc;

    struct sigaction ign, old;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old);

    uint8_t id[MIG_ID_BYTES], instance[MIG_ID_BYTES] = {0};
    randombytes_buf(id, sizeof id);
    int code = 0;
    Result r = attempt(cfg, &addr, where, id, payload, len, false, instance, &code, NULL, err);
    if (r == R_STATUS) {
        /* committed, then the line dropped: ask until the answer is known */
        uint64_t start = uv_hrtime();
        r = R_FAILED;
        for (;;) {
            FirError qerr = {0};
            uint8_t status = MIG_STATUS_UNKNOWN;
            Result q = attempt(cfg, &addr, where, id, NULL, 1, true, instance, &code, &status,
                               &qerr);
            if (q == R_STARTED && status == MIG_STATUS_STARTED) {
                r = R_STARTED;
                break;
            }
            if (q == R_STARTED && status == MIG_STATUS_ABORTED) {
                fir_error_set(err, FIR_EIO,
                              "migrate to %s: connection lost before the peer confirmed; "
                              "the peer did not start the process",
                              where);
                code = -ECONNRESET;
                break;
            }
            if ((uv_hrtime() - start) / 1000000 >= cfg->doubt_ms ||
                (q == R_STARTED && status == MIG_STATUS_UNKNOWN)) {
                fir_error_set(err, FIR_EIO,
                              "migrate to %s: connection lost after the commit and the peer "
                              "cannot be asked: the process may be running there",
                              where);
                sigaction(SIGPIPE, &old, NULL);
                return MIG_NET_IN_DOUBT;
            }
            sleep_ms(200);
        }
    }
    sigaction(SIGPIPE, &old, NULL);
    if (r == R_STARTED)
        return 0;
    return code < 0 ? code : -EIO;
}
