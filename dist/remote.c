/*
 * remote.c - a rank started on a `firvm --serve` host by the launcher of
 * `firvm --launch N --hosts ...` (coord.c): the runner that takes such a
 * payload, the rank's side of its connection to the launcher (addresses
 * in, output, checkpoint images and the exit status out).
 *
 * The rank's output goes to the launcher, not to the host's terminal:
 * fds 1 and 2 become pipes that a thread reads into a queue; the queue is
 * sent as OUT frames whenever the rank's loop runs (in its message
 * operations, and at the end), so a program that prints much between two
 * operations never blocks on a full pipe.  A checkpoint image is written to
 * a private directory as with the local launcher, and sent to the launcher
 * at the next operation: it is what a resurrection on another host resumes.
 */
#include "dist/internal.h"
#include "migrate/migrate.h"
#include "migrate/netvm.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMAGE_PIECE (512u * 1024)
#define OUT_PIECE (60u * 1024)

struct DistCapture {
    int saved[3];         /* the original fds 1 and 2 */
    int pipe_rd[3];       /* read ends, for the thread */
    pthread_t thread;
    pthread_mutex_t lock;
    DistBuf queue;        /* records: fd u8, length u32, bytes */
    uv_async_t wake;
    bool running;
};

/* ----------------------------------------------------------- output */

static void *capture_thread(void *arg)
{
    DistCapture *cp = arg;
    struct pollfd pf[2] = {{.fd = cp->pipe_rd[1], .events = POLLIN},
                           {.fd = cp->pipe_rd[2], .events = POLLIN}};
    int open_fds = 2;
    uint8_t buf[OUT_PIECE];
    while (open_fds > 0) {
        if (poll(pf, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (pf[i].fd < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = read(pf[i].fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                pf[i].fd = -1;
                open_fds--;
                continue;
            }
            uint8_t head[5];
            head[0] = (uint8_t)(i + 1);
            dist_put32(head + 1, (uint32_t)n);
            pthread_mutex_lock(&cp->lock);
            int ok = dist_buf_put(&cp->queue, head, 5) == 0 &&
                     dist_buf_put(&cp->queue, buf, (size_t)n) == 0;
            pthread_mutex_unlock(&cp->lock);
            (void)ok; /* out of memory: that output is lost, the rank goes on */
            uv_async_send(&cp->wake);
        }
    }
    return NULL;
}

/* The queued output as OUT frames (in the loop's thread). */
static void send_output(Dist *d)
{
    DistCapture *cp = d->capture;
    if (!cp)
        return;
    pthread_mutex_lock(&cp->lock);
    DistBuf q = cp->queue;
    cp->queue = (DistBuf){0};
    pthread_mutex_unlock(&cp->lock);
    for (size_t at = 0; at + 5 <= q.n;) {
        uint32_t len = dist_get32(q.b + at + 1);
        uint8_t frame[OUT_PIECE + 1];
        frame[0] = q.b[at];
        memcpy(frame + 1, q.b + at + 5, len);
        (void)dist__send_launcher(d, DIST_F_OUT, frame, len + 1u);
        at += 5 + (size_t)len;
    }
    dist_buf_free(&q);
}

static void on_wake(uv_async_t *a)
{
    send_output(a->data);
}

int dist__capture_start(Dist *d, FirError *err)
{
    DistCapture *cp = calloc(1, sizeof *cp);
    if (!cp)
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    for (int fd = 0; fd < 3; fd++)
        cp->saved[fd] = cp->pipe_rd[fd] = -1;
    pthread_mutex_init(&cp->lock, NULL);
    uv_async_init(&d->loop, &cp->wake, on_wake);
    cp->wake.data = d;
    d->capture = cp; /* from here on, capture_stop undoes whatever was done */
    fflush(NULL);
    for (int fd = 1; fd <= 2; fd++) {
        int p[2];
        if (pipe(p) < 0)
            return fir_error_set(err, FIR_EIO, "pipe: %s", strerror(errno));
        cp->saved[fd] = dup(fd);
        dup2(p[1], fd);
        close(p[1]);
        cp->pipe_rd[fd] = p[0];
    }
    if (pthread_create(&cp->thread, NULL, capture_thread, cp) != 0)
        return fir_error_set(err, FIR_EIO, "cannot start the output thread");
    cp->running = true;
    return 0;
}

/* The original fds back; everything written before is sent. */
static void capture_stop(Dist *d)
{
    DistCapture *cp = d->capture;
    if (!cp)
        return;
    fflush(NULL);
    for (int fd = 1; fd <= 2; fd++)
        if (cp->saved[fd] >= 0) {
            dup2(cp->saved[fd], fd); /* closes the pipe's last write end */
            close(cp->saved[fd]);
            cp->saved[fd] = -1;
        }
    if (cp->running)
        pthread_join(cp->thread, NULL);
    cp->running = false;
    send_output(d);
    for (int fd = 1; fd <= 2; fd++)
        if (cp->pipe_rd[fd] >= 0)
            close(cp->pipe_rd[fd]);
    pthread_mutex_destroy(&cp->lock);
    uv_close((uv_handle_t *)&cp->wake, NULL);
    uv_run(&d->loop, UV_RUN_NOWAIT);
    d->capture = NULL;
    free(cp);
}

/* --------------------------------------------------- to the launcher */

static void send_image(Dist *d)
{
    char path[700];
    snprintf(path, sizeof path, "%s.img", d->path);
    uint8_t *img = NULL;
    size_t len = 0;
    FirError err = {0};
    if (mig_read_image(path, &img, &len, &err) < 0) {
        dist__log(d, "checkpoint: %s", err.msg);
        return;
    }
    for (size_t at = 0; at < len; at += IMAGE_PIECE) {
        size_t n = len - at < IMAGE_PIECE ? len - at : IMAGE_PIECE;
        (void)dist__send_launcher(d, DIST_F_IMAGE, img + at, n);
        uv_run(&d->loop, UV_RUN_NOWAIT); /* let the pieces go out as they are queued */
    }
    free(img);
    uint8_t end[8];
    dist_put64(end, len);
    (void)dist__send_launcher(d, DIST_F_IMAGE_END, end, sizeof end);
}

void dist__launcher_sync(Dist *d)
{
    if (!d->cfg.launcher)
        return;
    if (d->launcher_lost) {
        dist__log(d, "lost the launcher: stopping");
        capture_stop(d);
        _exit(1);
    }
    if (d->ckpt_pending) {
        d->ckpt_pending = false;
        send_image(d);
    }
    send_output(d);
}

void dist__on_launcher_frame(Dist *d, uint8_t type, uint8_t *body, size_t n)
{
    char why[160];
    if (type == DIST_F_PEERS) {
        DistAddr a[DIST_MAX_RANKS];
        uint32_t count;
        if (dist_peers_decode(body, n, d->cfg.size, a, DIST_MAX_RANKS, &count, why,
                              sizeof why) < 0) {
            dist__log(d, "rejected addresses from the launcher: %s", why);
            return;
        }
        for (uint32_t i = 0; i < count; i++) {
            uint32_t r = a[i].rank;
            if (r == d->cfg.rank)
                continue;
            d->addrs[r] = a[i];
            d->have_addr[r] = true;
        }
        return;
    }
    if (type == DIST_F_STOP) {
        dist__log(d, "stopped by the launcher (another rank failed)");
        capture_stop(d);
        _exit(143);
    }
    dist__log(d, "ignored a frame of type %u from the launcher", type);
}

int dist__remote_start(Dist *d, FirError *err)
{
    const char *t = getenv("TMPDIR");
    snprintf(d->own_dir, sizeof d->own_dir, "%s/firvm-rank.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(d->own_dir))
        return fir_error_set(err, FIR_EIO, "cannot make a directory for checkpoints: %s",
                             strerror(errno));
    d->cfg.dir = d->own_dir;
    snprintf(d->path, sizeof d->path, "%s/rank.%u", d->own_dir, d->cfg.rank);
    int rc = dist__connect_launcher(d, err);
    if (rc < 0)
        return rc;
    if (!d->cfg.host) {
        if (dist__launcher_local_ip(d, d->own_host, sizeof d->own_host) < 0)
            snprintf(d->own_host, sizeof d->own_host, "127.0.0.1");
        d->cfg.host = d->own_host;
    }
    if ((rc = dist__listen(d, err)) < 0)
        return rc;
    if (!dist__send_launcher(d, DIST_F_ADDR, (const uint8_t *)d->addr, strlen(d->addr)))
        return fir_error_set(err, FIR_EIO, "lost the launcher at %s", d->cfg.launcher);
    return dist__capture_start(d, err);
}

/* ------------------------------------------------------------ the end */

void dist_exit(Dist *d, int status)
{
    if (!d || !d->cfg.launcher)
        return;
    capture_stop(d);
    uint8_t b[4];
    dist_put32(b, (uint32_t)status);
    (void)dist__send_launcher(d, DIST_F_EXIT, b, sizeof b);
    while (d->writes && d->launcher)
        uv_run(&d->loop, UV_RUN_ONCE);
}

void dist__remote_free(Dist *d)
{
    capture_stop(d);
    if (d->own_dir[0]) {
        char path[700];
        snprintf(path, sizeof path, "%s.img", d->path);
        unlink(path);
        rmdir(d->own_dir);
    }
}

/* ------------------------------------------------------- the runner */

static int serve_prepare(void *ctx, const uint8_t *payload, size_t len, FirError *err)
{
    DistServe *s = ctx;
    char why[160];
    size_t used = 0;
    DistRankHeader h;
    int rc = dist_rank_header_decode(payload, len, &h, &used, why, sizeof why);
    if (rc < 0)
        return fir_error_set(err, FIR_EINVAL, "%s", why);
    s->is_rank = rc == 0;
    if (s->is_rank) {
        s->rank = h.rank;
        s->size = h.size;
        s->incarnation = h.incarnation;
        s->kill_after = h.kill_after;
        memcpy(s->launcher, h.launcher, sizeof s->launcher);
    }
    return s->inner.prepare(s->inner.ctx, payload + used, len - used, err);
}

static int serve_run(void *ctx)
{
    DistServe *s = ctx;
    if (!s->is_rank)
        return s->inner.run(s->inner.ctx);
    DistConfig c = {.rank = s->rank, .size = s->size, .incarnation = s->incarnation,
                    .launcher = s->launcher, .key = s->nv->cfg.key,
                    .authorized = s->nv->cfg.authorized, .timeout_ms = s->nv->cfg.timeout_ms,
                    .kill_after = s->kill_after, .log = stderr};
    Dist *d;
    FirError err = {0};
    if (dist_new(&d, &c, &err) < 0) {
        fprintf(stderr, "firvm: error: rank %u: %s\n", c.rank, err.msg);
        return 1;
    }
    dist_install(d, s->nv->proc);
    int status = s->inner.run(s->inner.ctx);
    dist_exit(d, status);
    dist_free(d);
    return status;
}

void dist_serve_runner(DistServe *s, MigNetVm *nv, MigNetRunner *out)
{
    memset(s, 0, sizeof *s);
    s->nv = nv;
    mig_netvm_runner(nv, &s->inner);
    out->prepare = serve_prepare;
    out->run = serve_run;
    out->ctx = s;
}
