/*
 * coord.c - `firvm --launch N --hosts H1:P1,H2:P2 prog.fir`: the ranks run
 * on `firvm --serve` hosts; this process is their launcher and failure
 * detector.
 *
 * It listens (authenticated like the ranks, net.c; its HELLO says rank
 * DIST_COORD_RANK) and sends each rank its start to a host: a rank header
 * (frame.h) and the program's process image, over the migration transport,
 * so the host verifies the program as it would a migrated process.  Rank R
 * goes to host R mod H.  Each rank connects back, tells its listening
 * address (ADDR; the launcher sends every rank the table, PEERS), sends its
 * output (OUT, printed here), the image of each checkpoint (IMAGE pieces,
 * IMAGE_END) and at the end its status (EXIT).
 *
 * A rank whose connection ends without EXIT died: it is started again, as
 * the next incarnation, from the last image it sent (its start if none), on
 * the next host after its own that accepts it; a host that does not answer
 * is not tried again.  A rank that ends with a non-zero status, or cannot
 * be started, stops the others (STOP).  The run's status is the first
 * non-zero one.
 */
#include "dist/internal.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_HOSTS 32
#define TICK_MS 200

struct DistCoord {
    const DistLaunch *l;
    char host[MAX_HOSTS][80], port[MAX_HOSTS][16];
    bool host_dead[MAX_HOSTS];
    uint32_t nhosts;
    uint32_t host_of[DIST_MAX_RANKS];
    uint32_t inc[DIST_MAX_RANKS];
    bool exited[DIST_MAX_RANKS];
    bool up[DIST_MAX_RANKS];           /* its current incarnation connected */
    uint64_t started[DIST_MAX_RANKS];  /* uv_now when it was sent to a host */
    DistBuf image[DIST_MAX_RANKS];     /* its last whole checkpoint image */
    DistBuf piece[DIST_MAX_RANKS];     /* the one being received */
    DistBuf line[DIST_MAX_RANKS][3];   /* output after its last newline, per fd */
    uint32_t left;
    bool stopping;
    int status;
    uv_timer_t tick;
};

static void say(const char *fmt, ...) FIR_PRINTF(1, 2);
static void say(const char *fmt, ...)
{
    char line[600], stamp[40];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    dist_stamp(stamp, sizeof stamp);
    fprintf(stderr, "%sfirvm: launch: %s\n", stamp, line);
    fflush(stderr);
}

static void finish_rank(Dist *d, uint32_t r, int status);
static void flush_output(DistCoord *co, uint32_t r);

static void stop_all(Dist *d)
{
    DistCoord *co = d->coord;
    if (co->stopping)
        return;
    co->stopping = true;
    for (uint32_t k = 0; k < d->cfg.size; k++) {
        if (co->exited[k])
            continue;
        if (!dist__send(d, k, DIST_F_STOP, NULL, 0) && !co->up[k])
            finish_rank(d, k, 0); /* not running anywhere: nothing to stop */
    }
}

static void finish_rank(Dist *d, uint32_t r, int status)
{
    DistCoord *co = d->coord;
    if (co->exited[r])
        return;
    flush_output(co, r);
    co->exited[r] = true;
    d->peers[r].bye = true;
    if (status && !co->status)
        co->status = status;
    if (--co->left == 0)
        uv_stop(&d->loop);
    else if (status && !co->stopping) {
        say("rank %u ended with status %d; stopping the others", r, status);
        stop_all(d);
    }
}

/* Sends rank r's start (incarnation co->inc[r]) to a host, from host
 * `first` on; false when no host takes it. */
static bool start_rank(Dist *d, uint32_t r, uint32_t first, bool *from_image)
{
    DistCoord *co = d->coord;
    const DistLaunch *l = co->l;
    DistBuf payload = {0};
    DistRankHeader h = {.rank = r, .size = d->cfg.size, .incarnation = co->inc[r],
                        .kill_after = (l->kill_rank == (int)r && co->inc[r] == 0) ? l->kill_after
                                                                                  : 0};
    snprintf(h.launcher, sizeof h.launcher, "%s", d->addr);
    *from_image = co->image[r].n > 0;
    const uint8_t *img = *from_image ? co->image[r].b : l->image;
    size_t n = *from_image ? co->image[r].n : l->image_len;
    if (dist_rank_header_encode(&payload, &h) < 0 || dist_buf_put(&payload, img, n) < 0) {
        dist_buf_free(&payload);
        say("out of memory starting rank %u", r);
        return false;
    }
    bool ok = false;
    for (uint32_t k = 0; k < co->nhosts && !ok; k++) {
        uint32_t hi = (first + k) % co->nhosts;
        if (co->host_dead[hi])
            continue;
        FirError err = {0};
        int rc = mig_net_send(l->net, co->host[hi], co->port[hi], payload.b, payload.n, &err);
        if (rc == 0 || rc == MIG_NET_IN_DOUBT) {
            co->host_of[r] = hi;
            ok = true;
        } else {
            /* a host that cannot be reached is gone; one that answered and
             * refused (a limit, a key) may take the other ranks */
            bool gone = rc == -ECONNREFUSED || rc == -ECONNRESET || rc == -ETIMEDOUT ||
                        rc == -EHOSTUNREACH || rc == -ENETUNREACH || rc == -EPIPE;
            say("host %s:%s did not take rank %u: %s%s", co->host[hi], co->port[hi], r,
                err.msg, gone && co->nhosts > 1 ? "; not trying that host again" : "");
            co->host_dead[hi] = gone;
        }
    }
    dist_buf_free(&payload);
    co->up[r] = false;
    co->started[r] = uv_now(&d->loop);
    return ok;
}

/* ------------------------------------------------------ the ranks' frames */

static void send_peers(Dist *d)
{
    DistAddr a[DIST_MAX_RANKS];
    uint32_t n = 0;
    for (uint32_t r = 0; r < d->cfg.size; r++)
        if (d->have_addr[r])
            a[n++] = d->addrs[r];
    DistBuf b = {0};
    if (dist_peers_encode(&b, a, n) == 0)
        for (uint32_t r = 0; r < d->cfg.size; r++)
            (void)dist__send(d, r, DIST_F_PEERS, b.b, b.n);
    dist_buf_free(&b);
}

static void write_all(int fd, const uint8_t *b, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, b, n);
        if (w <= 0)
            return;
        b += w;
        n -= (size_t)w;
    }
}

/* A rank's output, whole lines at a time, so that ranks do not cut into
 * each other's lines; the rest waits for its newline or the rank's end. */
static void print_output(DistCoord *co, uint32_t r, int fd, const uint8_t *b, size_t n)
{
    DistBuf *pend = &co->line[r][fd];
    size_t last = n;
    while (last > 0 && b[last - 1] != '\n')
        last--;
    if (last == 0) {
        if (dist_buf_put(pend, b, n) < 0 || pend->n > 65536) {
            write_all(fd, pend->b, pend->n); /* a very long line goes out as it is */
            pend->n = 0;
        }
        return;
    }
    if (fd == 1)
        fflush(stdout);
    write_all(fd, pend->b, pend->n);
    pend->n = 0;
    write_all(fd, b, last);
    if (dist_buf_put(pend, b + last, n - last) < 0)
        write_all(fd, b + last, n - last);
}

static void flush_output(DistCoord *co, uint32_t r)
{
    for (int fd = 1; fd <= 2; fd++) {
        write_all(fd, co->line[r][fd].b, co->line[r][fd].n);
        dist_buf_free(&co->line[r][fd]);
    }
}

void dist__coord_on_rank(Dist *d, uint32_t r, uint32_t inc)
{
    DistCoord *co = d->coord;
    if (inc != co->inc[r]) {
        say("rank %u connected as incarnation %u, not %u: refused", r, inc, co->inc[r]);
        d->peers[r].bye = true; /* its end is not a death */
        (void)dist__send(d, r, DIST_F_STOP, NULL, 0);
        return;
    }
    co->up[r] = true;
    if (co->stopping)
        (void)dist__send(d, r, DIST_F_STOP, NULL, 0);
}

void dist__coord_on_frame(Dist *d, uint32_t r, uint8_t type, uint8_t *body, size_t n)
{
    DistCoord *co = d->coord;
    char why[160];
    switch (type) {
    case DIST_F_ADDR:
        if (dist_addr_decode(body, n, d->addrs[r].addr, why, sizeof why) < 0) {
            dist__log(d, "rejected rank %u's address: %s", r, why);
            return;
        }
        d->addrs[r].rank = r;
        d->addrs[r].incarnation = co->inc[r];
        d->have_addr[r] = true;
        send_peers(d);
        return;
    case DIST_F_OUT:
        if (n >= 1 && (body[0] == 1 || body[0] == 2))
            print_output(co, r, body[0], body + 1, n - 1);
        return;
    case DIST_F_IMAGE:
        if (co->piece[r].n + n > co->l->net->max_image ||
            dist_buf_put(&co->piece[r], body, n) < 0) {
            dist__log(d, "rank %u's checkpoint image is too large: dropped", r);
            dist_buf_free(&co->piece[r]);
        }
        return;
    case DIST_F_IMAGE_END:
        if (n == 8 && dist_get64(body) == co->piece[r].n && co->piece[r].n > 0) {
            dist_buf_free(&co->image[r]);
            co->image[r] = co->piece[r];
            co->piece[r] = (DistBuf){0};
        } else {
            dist__log(d, "rank %u's checkpoint image is incomplete: kept the one before", r);
            dist_buf_free(&co->piece[r]);
        }
        return;
    case DIST_F_EXIT:
        if (n == 4)
            finish_rank(d, r, (int)(dist_get32(body) & 0xff));
        return;
    default:
        dist__log(d, "ignored a frame of type %u from rank %u", type, r);
        return;
    }
}

void dist__coord_on_death(Dist *d, uint32_t r)
{
    DistCoord *co = d->coord;
    if (co->exited[r])
        return;
    co->up[r] = false;
    dist_buf_free(&co->piece[r]);
    flush_output(co, r); /* what it printed; its next incarnation may print again */
    if (co->stopping) {
        finish_rank(d, r, 0);
        return;
    }
    uint32_t was = co->host_of[r];
    if (co->inc[r] >= co->l->max_resurrect) {
        say("rank %u on %s:%s died %u times; giving up", r, co->host[was], co->port[was],
            co->inc[r] + 1);
        finish_rank(d, r, 137);
        return;
    }
    co->inc[r]++;
    d->have_addr[r] = false;
    bool from_image;
    /* its own host first only when it is the one host left */
    if (!start_rank(d, r, (was + 1) % co->nhosts, &from_image)) {
        say("rank %u died and no host takes it again", r);
        finish_rank(d, r, 1);
        return;
    }
    uint32_t now = co->host_of[r];
    say("rank %u on %s:%s died (connection lost); resurrected it from %s on %s:%s "
        "(incarnation %u)", r, co->host[was], co->port[was],
        from_image ? "its last checkpoint" : "the start", co->host[now], co->port[now],
        co->inc[r]);
}

/* A rank sent to a host that never connects failed to start there. */
static void on_tick(uv_timer_t *t)
{
    Dist *d = t->data;
    DistCoord *co = d->coord;
    uint64_t now = uv_now(&d->loop);
    for (uint32_t r = 0; r < d->cfg.size; r++)
        if (!co->exited[r] && !co->up[r] && !d->peers[r].conn &&
            now - co->started[r] > d->cfg.timeout_ms) {
            say("rank %u did not connect within %u ms of its start on %s:%s", r,
                d->cfg.timeout_ms, co->host[co->host_of[r]], co->port[co->host_of[r]]);
            finish_rank(d, r, 1);
            stop_all(d);
        }
}

/* ----------------------------------------------------------- the run */

static int parse_hosts(DistCoord *co, const char *list)
{
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        char one[128];
        FirError err = {0};
        if (len == 0 || len >= sizeof one || co->nhosts == MAX_HOSTS) {
            fprintf(stderr, "firvm: error: --hosts: '%s' is not a list of up to %d HOST:PORT\n",
                    list, MAX_HOSTS);
            return -1;
        }
        memcpy(one, p, len);
        one[len] = 0;
        if (mig_net_split_address(one, co->host[co->nhosts], sizeof co->host[0],
                                  co->port[co->nhosts], sizeof co->port[0], &err) < 0) {
            fprintf(stderr, "firvm: error: --hosts: '%s': %s\n", one, err.msg);
            return -1;
        }
        co->nhosts++;
        p += len;
        if (*p == ',')
            p++;
    }
    if (co->nhosts == 0) {
        fprintf(stderr, "firvm: error: --hosts: no host given\n");
        return -1;
    }
    return 0;
}

int dist_launch_hosts(const DistLaunch *l)
{
    if (l->n == 0 || l->n > DIST_MAX_RANKS) {
        fprintf(stderr, "firvm: error: --launch: 1 to %u ranks\n", DIST_MAX_RANKS);
        return 2;
    }
    if (!l->net || !l->net->key) {
        fprintf(stderr, "firvm: error: --hosts needs --key FILE (or FIRVM_KEY): the key the "
                        "--serve hosts accept\n");
        return 2;
    }
    DistCoord *co = calloc(1, sizeof *co);
    Dist *d = calloc(1, sizeof *d);
    if (!co || !d) {
        fprintf(stderr, "firvm: error: out of memory\n");
        free(co);
        free(d);
        return 1;
    }
    co->l = l;
    if (parse_hosts(co, l->hosts) < 0) {
        free(co);
        free(d);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    d->coord = co;
    d->cfg = (DistConfig){.rank = DIST_COORD_RANK, .size = l->n, .key = l->net->key,
                          .authorized = l->net->authorized, .host = l->listen_host,
                          .timeout_ms = l->net->timeout_ms ? l->net->timeout_ms : 30000,
                          .log = stderr};
    d->last_from = -1;
    uv_loop_init(&d->loop);
    uv_timer_init(&d->loop, &d->timer);
    FirError err = {0};
    if (dist__listen(d, &err) < 0) {
        fprintf(stderr, "firvm: error: --launch: %s\n", err.msg);
        d->coord = NULL;
        dist_free(d);
        free(co);
        return 1;
    }
    co->left = l->n;
    uv_timer_init(&d->loop, &co->tick);
    co->tick.data = d;
    uv_timer_start(&co->tick, on_tick, TICK_MS, TICK_MS);
    for (uint32_t r = 0; r < l->n && !co->stopping; r++) {
        bool from_image;
        if (!start_rank(d, r, r % co->nhosts, &from_image)) {
            say("no host takes rank %u", r);
            finish_rank(d, r, 1);
            stop_all(d);
        }
    }
    if (co->left > 0)
        uv_run(&d->loop, UV_RUN_DEFAULT);
    int status = co->status;
    for (uint32_t r = 0; r < DIST_MAX_RANKS; r++) {
        flush_output(co, r);
        dist_buf_free(&co->image[r]);
        dist_buf_free(&co->piece[r]);
    }
    for (uint32_t r = 0; r < DIST_MAX_RANKS; r++)
        d->peers[r].bye = true; /* closing them now is no death */
    d->coord = NULL;
    dist__close_all(d);
    dist_free(d);
    free(co);
    return status;
}
