/*
 * server.c - `firvm --serve`: a libuv TCP server that receives processes
 * and runs each in its own child process.
 *
 * One event loop; per connection a proto.h session, an inactivity timer
 * and, once the payload is complete, a forked child:
 *
 *   payload complete -> fork: the child calls runner.prepare (decode and
 *     verify) and reports on the verdict pipe ("OK" or "ERR reason"), then
 *     blocks reading the go pipe
 *   verdict OK       -> READY to the sender; the child stays paused
 *   COMMIT           -> the transfer is recorded as started, 'G' is written
 *     to the go pipe, STARTED goes back; the child runs the process
 *   anything else before COMMIT (reject, timeout, lost connection, SIGTERM)
 *                    -> the go pipe is closed without 'G' and the child
 *     killed: the process was never started here, the sender keeps it
 *
 * Transfers are remembered (id -> pending / started / aborted) in a ring so
 * that a sender that lost the connection after COMMIT can ask (STATUS)
 * whether the process started; answering "aborted" for a pending transfer
 * aborts it first, so the answer is final.
 *
 * Invariants
 * - The server never runs guest code or decodes an image itself: a hostile
 *   payload can only crash or hang its own child (killed on timeout).
 * - Memory per connection is bounded by proto.h's limits plus the offered
 *   size, and the sum of offered sizes by max_inflight.
 * - A child is started (sent 'G') only while its connection is in
 *   COMMIT_WAIT and has just received COMMIT, and that is recorded first.
 */
#include "transport/proto.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#define TRANSFERS 4096

typedef enum { T_FREE, T_PENDING, T_STARTED, T_ABORTED } TransferState;

typedef struct Transfer {
    uint8_t id[MIG_ID_BYTES];
    TransferState state;
    struct Conn *conn; /* while pending */
} Transfer;

typedef enum { CH_PREPARING, CH_PAUSED, CH_RUNNING, CH_DEAD } ChildState;

typedef struct Child {
    pid_t pid;
    ChildState state;
    int go_fd;             /* parent -> child; -1 once closed */
    uv_pipe_t verdict;     /* child -> parent */
    bool verdict_open;     /* reading; false once uv_close was called */
    bool verdict_closed;   /* its close callback ran (or it never opened) */
    bool free_on_close;    /* fork failed: the close callback frees it */
    char msg[MIG_REASON_MAX + 8];
    size_t msglen;
    struct Conn *conn;     /* until started or aborted */
    uint64_t conn_no;
    struct Child *next;
} Child;

typedef struct Conn {
    uv_tcp_t tcp;
    uv_timer_t timer;
    struct MigServer *srv;
    MigSession *s;
    uint64_t no;
    char peer[80];
    int open_handles;
    unsigned pending_writes;
    bool closing, close_after_write, counted;
    uint64_t reserved;     /* bytes of max_inflight held */
    Transfer *t;
    Child *child;
    struct Conn *next, *prev;
} Conn;

struct MigServer {
    uv_loop_t loop;
    uv_tcp_t listener;
    uv_signal_t sigterm, sigint, sigchld;
    MigNetConfig cfg;
    MigNetRunner runner;
    MigLogFn *log;
    void *log_ctx;
    uint8_t instance[MIG_ID_BYTES];
    char address[96];
    int port;
    Conn *conns;
    uint32_t nconns;
    uint64_t inflight;
    uint64_t next_no;
    Child *children;
    Transfer transfers[TRANSFERS];
    uint32_t next_transfer;
    bool stopping, loop_ready;
};

static void logf_(MigServer *srv, const char *fmt, ...) FIR_PRINTF(2, 3);
static void logf_(MigServer *srv, const char *fmt, ...)
{
    if (!srv->log)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    srv->log(srv->log_ctx, line);
}

static void conn_close(Conn *c, const char *why);
static void conn_flush(Conn *c);

/* ------------------------------------------------------------ transfers */

static Transfer *transfer_find(MigServer *srv, const uint8_t id[MIG_ID_BYTES])
{
    for (unsigned i = 0; i < TRANSFERS; i++)
        if (srv->transfers[i].state != T_FREE &&
            memcmp(srv->transfers[i].id, id, MIG_ID_BYTES) == 0)
            return &srv->transfers[i];
    return NULL;
}

/* A slot for a new transfer: the oldest finished one is reused. */
static Transfer *transfer_new(MigServer *srv, const uint8_t id[MIG_ID_BYTES])
{
    for (unsigned k = 0; k < TRANSFERS; k++) {
        Transfer *t = &srv->transfers[srv->next_transfer];
        srv->next_transfer = (srv->next_transfer + 1) % TRANSFERS;
        if (t->state != T_PENDING) {
            memcpy(t->id, id, MIG_ID_BYTES);
            t->state = T_PENDING;
            return t;
        }
    }
    return NULL; /* cannot happen while max_conns < TRANSFERS */
}

/* -------------------------------------------------------------- children */

static void child_forget_conn(Child *ch)
{
    if (ch->conn)
        ch->conn->child = NULL;
    ch->conn = NULL;
}

static void on_verdict_closed(uv_handle_t *h)
{
    Child *ch = h->data;
    ch->verdict_closed = true;
    if (ch->free_on_close)
        free(ch);
}

static void child_close_pipes(Child *ch)
{
    if (ch->go_fd >= 0) {
        close(ch->go_fd);
        ch->go_fd = -1;
    }
    if (ch->verdict_open) {
        ch->verdict_open = false;
        uv_close((uv_handle_t *)&ch->verdict, on_verdict_closed);
    }
}

/* Stops a child that was not started: closing the go pipe makes it exit;
 * SIGKILL covers one still busy verifying. */
static void child_abort(Child *ch)
{
    child_forget_conn(ch);
    child_close_pipes(ch);
    if (ch->state == CH_PREPARING || ch->state == CH_PAUSED)
        kill(ch->pid, SIGKILL);
}

static void child_free_list(MigServer *srv)
{
    Child **pp = &srv->children;
    while (*pp) {
        Child *ch = *pp;
        if (ch->state == CH_DEAD && ch->verdict_closed) {
            *pp = ch->next;
            free(ch);
        } else {
            pp = &ch->next;
        }
    }
}

static void on_verdict_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
    (void)hint;
    Child *ch = h->data;
    size_t room = sizeof ch->msg - 1 - ch->msglen;
    *buf = uv_buf_init(ch->msg + ch->msglen, (unsigned)room);
}

static void verdict_done(Child *ch, bool ok, const char *why)
{
    Conn *c = ch->conn;
    if (ch->verdict_open) {
        ch->verdict_open = false;
        uv_close((uv_handle_t *)&ch->verdict, on_verdict_closed);
    }
    if (!c)
        return;
    MigServer *srv = c->srv;
    uv_timer_stop(&c->timer);
    if (ok) {
        ch->state = CH_PAUSED;
        logf_(srv, "#%llu verified, paused in pid %ld", (unsigned long long)c->no, (long)ch->pid);
        mig__server_ready(c->s);
        uv_timer_again(&c->timer);
        conn_flush(c);
    } else {
        logf_(srv, "#%llu rejected: %s", (unsigned long long)c->no, why);
        mig__server_reject(c->s, MIG_REJECT_INVALID, "%s", why);
        c->close_after_write = true;
        child_abort(ch);
        conn_flush(c);
    }
}

static void on_verdict_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf)
{
    (void)buf;
    Child *ch = st->data;
    if (n > 0) {
        ch->msglen += (size_t)n;
        ch->msg[ch->msglen] = '\0';
        char *nl = memchr(ch->msg, '\n', ch->msglen);
        if (nl) {
            *nl = '\0';
            if (strcmp(ch->msg, "OK") == 0)
                verdict_done(ch, true, NULL);
            else if (strncmp(ch->msg, "ERR ", 4) == 0)
                verdict_done(ch, false, ch->msg + 4);
            else
                verdict_done(ch, false, "internal error: bad verdict from the child");
        } else if (ch->msglen == sizeof ch->msg - 1) {
            verdict_done(ch, false, "internal error: verdict too long");
        }
    } else if (n < 0) {
        verdict_done(ch, false, "the image crashed its verifier");
    }
}

/* In the child: everything the server holds is closed or reset, so the
 * guest cannot keep the port or the connections of others alive. */
static void child_detach(MigServer *srv)
{
    static const int sigs[] = {SIGTERM, SIGINT, SIGCHLD, SIGPIPE, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        signal(sigs[i], SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    uv_os_fd_t fd;
    if (uv_fileno((uv_handle_t *)&srv->listener, &fd) == 0)
        close(fd);
    for (Conn *c = srv->conns; c; c = c->next)
        if (uv_fileno((uv_handle_t *)&c->tcp, &fd) == 0)
            close(fd);
    for (Child *ch = srv->children; ch; ch = ch->next) {
        if (ch->go_fd >= 0)
            close(ch->go_fd);
        if (ch->verdict_open && uv_fileno((uv_handle_t *)&ch->verdict, &fd) == 0)
            close(fd);
    }
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0 && null != 0) {
        dup2(null, 0);
        close(null);
    }
}

static void write_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

static noreturn void child_main(MigServer *srv, Conn *c, int verdict_fd, int go_fd)
{
    child_detach(srv);
    FirError err = {0};
    int rc = srv->runner.prepare(srv->runner.ctx, c->s->payload, (size_t)c->s->total, &err);
    if (rc < 0) {
        char line[MIG_REASON_MAX + 8];
        size_t n = (size_t)snprintf(line, sizeof line, "ERR %.*s", MIG_REASON_MAX - 8, err.msg);
        for (size_t i = 4; i < n; i++)
            if (line[i] == '\n')
                line[i] = ' ';
        line[n] = '\n';
        write_all(verdict_fd, line, n + 1);
        _exit(0);
    }
    write_all(verdict_fd, "OK\n", 3);
    close(verdict_fd);
    char go = 0;
    ssize_t r;
    do
        r = read(go_fd, &go, 1);
    while (r < 0 && errno == EINTR);
    close(go_fd);
    if (r != 1 || go != 'G')
        _exit(0); /* aborted: the sender keeps the process */
    exit(srv->runner.run(srv->runner.ctx));
}

static int child_start(Conn *c)
{
    MigServer *srv = c->srv;
    int vp[2], gp[2];
    if (pipe2(vp, O_CLOEXEC) != 0)
        return -errno;
    if (pipe2(gp, O_CLOEXEC) != 0) {
        int e = errno;
        close(vp[0]);
        close(vp[1]);
        return -e;
    }
    Child *ch = calloc(1, sizeof *ch);
    if (ch)
        ch->verdict.data = ch;
    if (!ch || uv_pipe_init(&srv->loop, &ch->verdict, 0) != 0) {
        free(ch);
        close(vp[0]); close(vp[1]); close(gp[0]); close(gp[1]);
        return -ENOMEM;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        ch->free_on_close = true;
        uv_close((uv_handle_t *)&ch->verdict, on_verdict_closed);
        close(vp[0]); close(vp[1]); close(gp[0]); close(gp[1]);
        return -e;
    }
    if (pid == 0) {
        close(vp[0]);
        close(gp[1]);
        child_main(srv, c, vp[1], gp[0]);
    }
    close(vp[1]);
    close(gp[0]);
    ch->pid = pid;
    ch->state = CH_PREPARING;
    ch->go_fd = gp[1];
    ch->conn = c;
    ch->conn_no = c->no;
    if (uv_pipe_open(&ch->verdict, vp[0]) != 0) {
        close(vp[0]);
        uv_close((uv_handle_t *)&ch->verdict, on_verdict_closed);
    } else {
        ch->verdict_open = true;
        uv_read_start((uv_stream_t *)&ch->verdict, on_verdict_alloc, on_verdict_read);
    }
    ch->next = srv->children;
    srv->children = ch;
    c->child = ch;
    if (!ch->verdict_open) {
        verdict_done(ch, false, "internal error: cannot read the child's verdict");
    }
    return 0;
}

static void on_sigchld(uv_signal_t *h, int signum)
{
    (void)signum;
    MigServer *srv = h->data;
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        for (Child *ch = srv->children; ch; ch = ch->next) {
            if (ch->pid != pid)
                continue;
            if (ch->state == CH_RUNNING) {
                if (WIFEXITED(status))
                    logf_(srv, "pid %ld exited with status %d", (long)pid, WEXITSTATUS(status));
                else
                    logf_(srv, "pid %ld killed by signal %d", (long)pid, WTERMSIG(status));
            } else if (ch->conn && ch->state == CH_PREPARING && ch->verdict_open) {
                /* the verdict pipe reports EOF as well; let it decide */
            }
            ch->state = CH_DEAD;
            if (ch->go_fd >= 0) {
                close(ch->go_fd);
                ch->go_fd = -1;
            }
            break;
        }
    }
    child_free_list(srv);
}

/* --------------------------------------------------------- connections */

typedef struct WriteReq {
    uv_write_t req;
    MigBytes bytes;
} WriteReq;

static void on_conn_closed(uv_handle_t *h)
{
    Conn *c = h->data;
    if (--c->open_handles > 0)
        return;
    MigServer *srv = c->srv;
    if (c->prev)
        c->prev->next = c->next;
    else
        srv->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    srv->nconns--;
    mig__session_free(c->s);
    free(c);
}

static void conn_close(Conn *c, const char *why)
{
    if (c->closing)
        return;
    c->closing = true;
    MigServer *srv = c->srv;
    if (c->t && c->t->state == T_PENDING) {
        c->t->state = T_ABORTED;
        c->t->conn = NULL;
        if (why)
            logf_(srv, "#%llu aborted: %s", (unsigned long long)c->no, why);
    } else if (why) {
        logf_(srv, "#%llu closed: %s", (unsigned long long)c->no, why);
    }
    c->t = NULL;
    if (c->child)
        child_abort(c->child);
    srv->inflight -= c->reserved;
    c->reserved = 0;
    uv_close((uv_handle_t *)&c->tcp, on_conn_closed);
    uv_close((uv_handle_t *)&c->timer, on_conn_closed);
}

static void on_written(uv_write_t *req, int status)
{
    WriteReq *w = (WriteReq *)req;
    Conn *c = req->data;
    free(w->bytes.data);
    free(w);
    c->pending_writes--;
    if (c->closing)
        return;
    if (status < 0)
        conn_close(c, uv_strerror(status));
    else if (c->close_after_write && c->pending_writes == 0)
        conn_close(c, NULL);
}

static void conn_flush(Conn *c)
{
    if (c->closing)
        return;
    MigBytes out;
    mig__take_output(c->s, &out);
    if (out.len == 0) {
        free(out.data);
        if (c->close_after_write && c->pending_writes == 0)
            conn_close(c, NULL);
        return;
    }
    WriteReq *w = malloc(sizeof *w);
    if (!w) {
        free(out.data);
        conn_close(c, "out of memory");
        return;
    }
    w->bytes = out;
    w->req.data = c;
    uv_buf_t buf = uv_buf_init((char *)out.data, (unsigned)out.len);
    int rc = uv_write(&w->req, (uv_stream_t *)&c->tcp, &buf, 1, on_written);
    if (rc < 0) {
        free(out.data);
        free(w);
        conn_close(c, uv_strerror(rc));
        return;
    }
    c->pending_writes++;
}

static void handle_offer(Conn *c)
{
    MigServer *srv = c->srv;
    MigSession *s = c->s;
    if (srv->stopping) {
        mig__server_reject(s, MIG_REJECT_BUSY, "server shutting down");
    } else if (transfer_find(srv, s->id)) {
        mig__server_reject(s, MIG_REJECT_PROTOCOL, "transfer id already used");
    } else if (srv->inflight + s->total > srv->cfg.max_inflight) {
        mig__server_reject(s, MIG_REJECT_BUSY,
                           "server busy: %llu bytes already being received (limit %llu)",
                           (unsigned long long)srv->inflight,
                           (unsigned long long)srv->cfg.max_inflight);
    } else {
        c->t = transfer_new(srv, s->id);
        if (!c->t) {
            mig__server_reject(s, MIG_REJECT_BUSY, "server busy");
        } else {
            c->t->conn = c;
            c->reserved = s->total;
            srv->inflight += s->total;
            mig__server_accept(s);
            return;
        }
    }
    logf_(srv, "#%llu rejected: %s", (unsigned long long)c->no, s->reason);
    c->close_after_write = true;
}

static void handle_payload(Conn *c)
{
    MigServer *srv = c->srv;
    logf_(srv, "#%llu received %llu bytes", (unsigned long long)c->no,
          (unsigned long long)c->s->total);
    int rc = child_start(c);
    /* the child has its copy: drop ours and the reservation */
    free(c->s->payload);
    c->s->payload = NULL;
    c->s->payload_cap = 0;
    srv->inflight -= c->reserved;
    c->reserved = 0;
    if (rc < 0) {
        mig__server_reject(c->s, MIG_REJECT_INTERNAL, "cannot start a process: %s",
                           strerror(-rc));
        logf_(srv, "#%llu rejected: %s", (unsigned long long)c->no, c->s->reason);
        c->close_after_write = true;
    }
}

static void handle_commit(Conn *c)
{
    MigServer *srv = c->srv;
    Child *ch = c->child;
    if (!ch || ch->state != CH_PAUSED || ch->go_fd < 0 || !c->t) {
        mig__server_reject(c->s, MIG_REJECT_INTERNAL, "the prepared process is gone");
        logf_(srv, "#%llu rejected: %s", (unsigned long long)c->no, c->s->reason);
        c->close_after_write = true;
        return;
    }
    /* decision point: recorded before the child may run */
    c->t->state = T_STARTED;
    c->t->conn = NULL;
    c->t = NULL;
    ch->state = CH_RUNNING;
    write_all(ch->go_fd, "G", 1);
    close(ch->go_fd);
    ch->go_fd = -1;
    child_forget_conn(ch);
    logf_(srv, "#%llu started pid %ld", (unsigned long long)c->no, (long)ch->pid);
    mig__server_started(c->s, (uint64_t)ch->pid);
    c->close_after_write = true;
}

static void handle_status(Conn *c)
{
    MigServer *srv = c->srv;
    MigSession *s = c->s;
    uint8_t st = MIG_STATUS_UNKNOWN;
    if (memcmp(s->peer_instance, srv->instance, MIG_ID_BYTES) == 0) {
        Transfer *t = transfer_find(srv, s->id);
        if (t && t->state == T_PENDING) {
            /* the sender stopped waiting: make "aborted" true before saying it */
            Conn *other = t->conn;
            t->state = T_ABORTED;
            t->conn = NULL;
            if (other) {
                other->t = NULL;
                conn_close(other, "the sender asked for the transfer's status");
            }
        }
        if (t)
            st = t->state == T_STARTED ? MIG_STATUS_STARTED : MIG_STATUS_ABORTED;
    }
    static const char *const names[] = {"unknown", "aborted", "started"};
    logf_(srv, "#%llu status query: %s", (unsigned long long)c->no, names[st]);
    mig__server_status_reply(s, st);
    c->close_after_write = true;
}

static void conn_process(Conn *c)
{
    MigServer *srv = c->srv;
    for (;;) {
        if (c->closing)
            return;
        MigEvent ev = mig__session_step(c->s);
        switch (ev) {
        case MIG_EV_NONE:
            conn_flush(c);
            return;
        case MIG_EV_ERROR:
            logf_(srv, "#%llu rejected: %s", (unsigned long long)c->no, c->s->err.msg);
            c->close_after_write = true;
            conn_flush(c);
            return;
        case MIG_EV_OFFER:
            handle_offer(c);
            break;
        case MIG_EV_PAYLOAD:
            handle_payload(c);
            break;
        case MIG_EV_COMMIT:
            handle_commit(c);
            break;
        case MIG_EV_STATUS:
            handle_status(c);
            break;
        case MIG_EV_ABORT:
            conn_close(c, c->s->reason[0] ? c->s->reason : "the sender gave up");
            return;
        default:
            conn_close(c, "internal error: unexpected event");
            return;
        }
    }
}

static void on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
    (void)h;
    (void)hint;
    static char slab[65536]; /* consumed before the next read: one loop, one thread */
    *buf = uv_buf_init(slab, sizeof slab);
}

static void on_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf)
{
    Conn *c = st->data;
    if (c->closing)
        return;
    if (n < 0) {
        bool expected = c->s->state == MIG_S_DONE || c->s->state == MIG_S_FAILED;
        conn_close(c, expected ? NULL
                      : n == UV_EOF ? "connection closed by the sender"
                                    : uv_strerror((int)n));
        return;
    }
    if (n == 0)
        return;
    if (c->s->state != MIG_S_VERIFYING)
        uv_timer_again(&c->timer);
    if (mig__session_input(c->s, (const uint8_t *)buf->base, (size_t)n) < 0) {
        conn_close(c, "out of memory");
        return;
    }
    conn_process(c);
}

static void on_timeout(uv_timer_t *t)
{
    Conn *c = t->data;
    MigSession *s = c->s;
    if (s->state == MIG_S_VERIFYING) {
        mig__server_reject(s, MIG_REJECT_INVALID, "verification timed out");
        logf_(c->srv, "#%llu rejected: %s", (unsigned long long)c->no, s->reason);
        c->close_after_write = true;
        conn_flush(c);
        return;
    }
    conn_close(c, "timed out");
}

static bool is_loopback(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
        return (ntohl(a->sin_addr.s_addr) >> 24) == 127;
    }
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
        static const uint8_t v4map[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (IN6_IS_ADDR_LOOPBACK(&a->sin6_addr))
            return true;
        return memcmp(a->sin6_addr.s6_addr, v4map, 12) == 0 && a->sin6_addr.s6_addr[12] == 127;
    }
    return false;
}

static void format_addr(const struct sockaddr_storage *ss, char *out, size_t cap, int *port)
{
    char ip[64] = "?";
    int p = 0;
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
        uv_ip4_name(a, ip, sizeof ip);
        p = ntohs(a->sin_port);
        snprintf(out, cap, "%s:%d", ip, p);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
        uv_ip6_name(a, ip, sizeof ip);
        p = ntohs(a->sin6_port);
        snprintf(out, cap, "[%s]:%d", ip, p);
    } else {
        snprintf(out, cap, "?");
    }
    if (port)
        *port = p;
}

static void on_connection(uv_stream_t *server, int status)
{
    MigServer *srv = server->data;
    if (status < 0 || srv->stopping)
        return;
    Conn *c = calloc(1, sizeof *c);
    if (!c)
        return;
    c->srv = srv;
    c->no = ++srv->next_no;
    uv_tcp_init(&srv->loop, &c->tcp);
    uv_timer_init(&srv->loop, &c->timer);
    c->tcp.data = c->timer.data = c;
    c->open_handles = 2;
    c->next = srv->conns;
    if (srv->conns)
        srv->conns->prev = c;
    srv->conns = c;
    srv->nconns++;
    c->s = mig__session_server(&srv->cfg, srv->instance);
    if (!c->s || uv_accept(server, (uv_stream_t *)&c->tcp) != 0) {
        conn_close(c, NULL);
        return;
    }
    struct sockaddr_storage ss;
    int len = sizeof ss;
    memset(&ss, 0, sizeof ss);
    uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &len);
    format_addr(&ss, c->peer, sizeof c->peer, NULL);
    uv_tcp_nodelay(&c->tcp, 1);
    logf_(srv, "#%llu accepted from %s", (unsigned long long)c->no, c->peer);
    uv_timer_start(&c->timer, on_timeout, srv->cfg.timeout_ms, srv->cfg.timeout_ms);
    if (!srv->cfg.key && !srv->cfg.allow_remote && !is_loopback(&ss)) {
        mig__server_reject(c->s, MIG_REJECT_AUTH,
                           "remote peers need a key: start the server with --key (or "
                           "--allow-remote)");
    } else if (srv->nconns > srv->cfg.max_conns) {
        mig__server_reject(c->s, MIG_REJECT_BUSY, "server busy: %u connections",
                           srv->cfg.max_conns);
    }
    if (c->s->state == MIG_S_DONE) {
        logf_(srv, "#%llu rejected: %s", (unsigned long long)c->no, c->s->reason);
        c->close_after_write = true;
        conn_flush(c);
        return;
    }
    uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
}

/* ----------------------------------------------------------- lifecycle */

static void on_signal_closed(uv_handle_t *h)
{
    (void)h;
}

void mig_server_stop(MigServer *srv)
{
    if (srv->stopping)
        return;
    srv->stopping = true;
    unsigned running = 0;
    for (Child *ch = srv->children; ch; ch = ch->next)
        running += ch->state == CH_RUNNING;
    logf_(srv, "shutting down (%u started process%s left running)", running,
          running == 1 ? "" : "es");
    uv_close((uv_handle_t *)&srv->listener, NULL);
    uv_close((uv_handle_t *)&srv->sigterm, on_signal_closed);
    uv_close((uv_handle_t *)&srv->sigint, on_signal_closed);
    uv_close((uv_handle_t *)&srv->sigchld, on_signal_closed);
    for (Conn *c = srv->conns; c; c = c->next) {
        if (c->closing)
            continue;
        bool logged = c->t != NULL;
        if (c->t) {
            /* no COMMIT can start it any more: the child goes first */
            c->t->state = T_ABORTED;
            c->t->conn = NULL;
            c->t = NULL;
            logf_(srv, "#%llu aborted: server shutting down", (unsigned long long)c->no);
        }
        if (c->child)
            child_abort(c->child);
        if (c->s->state != MIG_S_DONE && c->s->state != MIG_S_FAILED) {
            if (!logged)
                logf_(srv, "#%llu closed: server shutting down", (unsigned long long)c->no);
            mig__server_reject(c->s, MIG_REJECT_BUSY, "server shutting down");
        }
        c->close_after_write = true;
        conn_flush(c);
    }
    for (Child *ch = srv->children; ch; ch = ch->next)
        if (ch->state != CH_RUNNING && ch->state != CH_DEAD)
            child_abort(ch);
}

static void on_stop_signal(uv_signal_t *h, int signum)
{
    MigServer *srv = h->data;
    logf_(srv, "signal %d received", signum);
    mig_server_stop(srv);
}

int mig_server_new(MigServer **out, const MigNetConfig *c, const MigNetRunner *runner,
                   const char *host, const char *port, MigLogFn *log, void *log_ctx,
                   FirError *err)
{
    *out = NULL;
    if (sodium_init() < 0)
        return fir_error_set(err, FIR_EIO, "libsodium cannot initialize");
    if (c->max_conns == 0 || c->max_conns >= TRANSFERS / 2)
        return fir_error_set(err, FIR_EINVAL, "max_conns must be in 1..%d", TRANSFERS / 2 - 1);
    MigServer *srv = calloc(1, sizeof *srv);
    if (!srv)
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    srv->cfg = *c;
    srv->runner = *runner;
    srv->log = log;
    srv->log_ctx = log_ctx;
    randombytes_buf(srv->instance, sizeof srv->instance);
    int rc = uv_loop_init(&srv->loop);
    if (rc < 0) {
        free(srv);
        return fir_error_set(err, FIR_EIO, "cannot start the event loop: %s", uv_strerror(rc));
    }
    srv->loop_ready = true;
    uv_tcp_init(&srv->loop, &srv->listener);
    srv->listener.data = srv;
    char *end;
    long pn = strtol(port, &end, 10);
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    if (*port == '\0' || *end || pn < 0 || pn > 65535) {
        rc = fir_error_set(err, FIR_EINVAL, "bad port '%s'", port);
        goto fail;
    }
    if (uv_ip4_addr(host, (int)pn, (struct sockaddr_in *)&ss) != 0 &&
        uv_ip6_addr(host, (int)pn, (struct sockaddr_in6 *)&ss) != 0) {
        rc = fir_error_set(err, FIR_EINVAL, "bad listen address '%s' (need a numeric IP)", host);
        goto fail;
    }
    if ((rc = uv_tcp_bind(&srv->listener, (struct sockaddr *)&ss, 0)) < 0 ||
        (rc = uv_listen((uv_stream_t *)&srv->listener, 128, on_connection)) < 0) {
        rc = fir_error_set(err, FIR_EIO, "cannot listen on %s:%s: %s", host, port,
                           uv_strerror(rc));
        goto fail;
    }
    int len = sizeof ss;
    uv_tcp_getsockname(&srv->listener, (struct sockaddr *)&ss, &len);
    format_addr(&ss, srv->address, sizeof srv->address, &srv->port);
    /* signals first: whoever learns the address may send SIGTERM at once;
     * a peer that vanishes must be an error on the socket, not SIGPIPE */
    signal(SIGPIPE, SIG_IGN);
    uv_signal_init(&srv->loop, &srv->sigterm);
    uv_signal_init(&srv->loop, &srv->sigint);
    uv_signal_init(&srv->loop, &srv->sigchld);
    srv->sigterm.data = srv->sigint.data = srv->sigchld.data = srv;
    uv_signal_start(&srv->sigterm, on_stop_signal, SIGTERM);
    uv_signal_start(&srv->sigint, on_stop_signal, SIGINT);
    uv_signal_start(&srv->sigchld, on_sigchld, SIGCHLD);
    *out = srv;
    return 0;
fail:
    uv_close((uv_handle_t *)&srv->listener, NULL);
    uv_run(&srv->loop, UV_RUN_DEFAULT);
    uv_loop_close(&srv->loop);
    free(srv);
    return rc;
}

const char *mig_server_address(const MigServer *s) { return s->address; }
int mig_server_port(const MigServer *s) { return s->port; }

int mig_server_run(MigServer *srv, FirError *err)
{
    int rc = uv_run(&srv->loop, UV_RUN_DEFAULT);
    (void)rc;
    /* reap what already ended; started processes live on without us */
    int status;
    while (waitpid(-1, &status, WNOHANG) > 0) {
    }
    (void)err;
    return 0;
}

void mig_server_free(MigServer *srv)
{
    if (!srv)
        return;
    if (!srv->stopping) {
        srv->stopping = true;
        uv_close((uv_handle_t *)&srv->listener, NULL);
        uv_close((uv_handle_t *)&srv->sigterm, on_signal_closed);
        uv_close((uv_handle_t *)&srv->sigint, on_signal_closed);
        uv_close((uv_handle_t *)&srv->sigchld, on_signal_closed);
        for (Conn *c = srv->conns; c; c = c->next)
            conn_close(c, NULL);
        for (Child *ch = srv->children; ch; ch = ch->next)
            if (ch->state != CH_RUNNING && ch->state != CH_DEAD)
                child_abort(ch);
        uv_run(&srv->loop, UV_RUN_DEFAULT);
    }
    while (srv->children) {
        Child *ch = srv->children;
        srv->children = ch->next;
        free(ch);
    }
    uv_loop_close(&srv->loop);
    free(srv);
}
