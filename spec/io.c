/*
 * io.c - held I/O: output written inside speculation levels waits in a log
 * until the outermost level commits; input read inside them is journaled
 * so that a rollback can deliver it again.
 *
 * How it works
 * - One log of entries (fd, output or input, bytes) in program order.  A
 *   level remembers the absolute log position at its entry (io_mark);
 *   positions are absolute (base counts entries already released), so
 *   releasing a prefix does not renumber the marks of open levels.
 * - Consecutive writes to the same fd inside the same level share an entry.
 * - Closes are held too (CLOSE: done at commit, forgotten by rollback, so
 *   held output to a file closed inside a level still reaches it), and opens
 *   are noted (OPEN: a rollback closes the fds its timeline opened).
 * - Commit of the outermost level writes the output entries before the
 *   next level's mark (through the VM's writer, which maps guest fds) and
 *   drops the input entries there: that input is consumed for good.
 * - Rollback to mark drops the output after it; the input after it goes,
 *   in order, in front of each fd's replay buffer (whose bytes were read
 *   from the host but not yet consumed by the surviving timeline).
 *
 * Invariants
 * - ent[i].off + ent[i].len <= nbytes and entries' bytes are in log order.
 * - Every open level's io_mark is in [base, base + nent].
 */
#include "spec/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void spec_set_writer(SpecState *s, SpecWriteFn *write, SpecCloseFn *close, void *ctx)
{
    s->io.write = write;
    s->io.close = close;
    s->io.write_ctx = ctx;
}

static void close_fd(SpecIo *io, int32_t fd)
{
    if (io->close)
        io->close(io->write_ctx, fd);
    else
        close(fd);
}

static int64_t write_all(SpecIo *io, int32_t fd, const uint8_t *buf, uint64_t n)
{
    if (io->write)
        return io->write(io->write_ctx, fd, buf, n);
    uint64_t done = 0;
    while (done < n) {
        ssize_t k = write(fd, buf + done, (size_t)(n - done));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return k < 0 ? -(int64_t)errno : -EIO;
        done += (uint64_t)k;
    }
    return (int64_t)n;
}

static bool grow(void **p, uint64_t *cap, uint64_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    uint64_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    if (c > SIZE_MAX / elem)
        return false;
    void *q = realloc(*p, (size_t)(c * elem));
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

/* Appends n bytes for fd to the log, merging with the last entry when it
 * is the same fd and kind (OUT or IN) and belongs to the innermost level. */
static int append(SpecState *s, int32_t fd, SpecIoKind kind, const uint8_t *buf, uint64_t n)
{
    SpecIo *io = &s->io;
    if (!grow((void **)&io->bytes, &io->cap_bytes, io->nbytes + n, 1))
        return SPEC_ENOMEM;
    SpecIoEntry *last = io->nent ? &io->ent[io->nent - 1] : NULL;
    bool merge = last && last->fd == fd && last->kind == kind &&
                 (kind == SPEC_IO_OUT || kind == SPEC_IO_IN) &&
                 io->base + io->nent - 1 >= s->last->io_mark;
    if (!merge) {
        if (!grow((void **)&io->ent, &io->cap_ent, io->nent + 1, sizeof *io->ent))
            return SPEC_ENOMEM;
        last = &io->ent[io->nent++];
        last->fd = fd;
        last->kind = (uint8_t)kind;
        last->off = io->nbytes;
        last->len = 0;
    }
    if (n)
        memcpy(io->bytes + io->nbytes, buf, (size_t)n);
    io->nbytes += n;
    last->len += n;
    return 0;
}

int64_t spec_hold_write(SpecState *s, int32_t fd, const uint8_t *buf, uint64_t n)
{
    int rc = append(s, fd, SPEC_IO_OUT, buf, n);
    return rc < 0 ? rc : (int64_t)n;
}

int spec_hold_close(SpecState *s, int32_t fd)
{
    return append(s, fd, SPEC_IO_CLOSE, NULL, 0);
}

int spec_note_open(SpecState *s, int32_t fd)
{
    if (!spec_active(s))
        return 0;
    return append(s, fd, SPEC_IO_OPEN, NULL, 0);
}

int spec_journal_read(SpecState *s, int32_t fd, const uint8_t *buf, uint64_t n)
{
    if (!spec_holds_io(s) || n == 0)
        return 0;
    return append(s, fd, SPEC_IO_IN, buf, n);
}

static SpecReplay *replay_of(SpecIo *io, int32_t fd, bool make)
{
    for (uint32_t i = 0; i < io->nreplay; i++)
        if (io->replay[i].fd == fd)
            return &io->replay[i];
    if (!make)
        return NULL;
    uint64_t cap = io->cap_replay;
    if (!grow((void **)&io->replay, &cap, io->nreplay + 1, sizeof *io->replay))
        return NULL;
    io->cap_replay = (uint32_t)cap;
    SpecReplay *r = &io->replay[io->nreplay++];
    memset(r, 0, sizeof *r);
    r->fd = fd;
    return r;
}

void spec_forget_fd(SpecState *s, int32_t fd)
{
    SpecReplay *r = s ? replay_of(&s->io, fd, false) : NULL;
    if (r) {
        r->start = 0;
        r->len = 0;
    }
}

uint64_t spec_replay_read(SpecState *s, int32_t fd, uint8_t *buf, uint64_t n)
{
    if (!s || s->io.nreplay == 0)
        return 0;
    SpecReplay *r = replay_of(&s->io, fd, false);
    if (!r || r->len == 0)
        return 0;
    uint64_t k = n < r->len ? n : r->len;
    memcpy(buf, r->bytes + r->start, (size_t)k);
    r->start += (size_t)k;
    r->len -= (size_t)k;
    if (r->len == 0)
        r->start = 0;
    return k;
}

/* Drops the first k entries of the log (already handled). */
static void drop_prefix(SpecIo *io, uint64_t k)
{
    if (k == 0)
        return;
    uint64_t boff = k < io->nent ? io->ent[k].off : io->nbytes;
    memmove(io->ent, io->ent + k, (size_t)((io->nent - k) * sizeof *io->ent));
    io->nent -= k;
    for (uint64_t i = 0; i < io->nent; i++)
        io->ent[i].off -= boff;
    if (io->nbytes > boff) /* bytes is NULL when only closes and opens were logged */
        memmove(io->bytes, io->bytes + boff, (size_t)(io->nbytes - boff));
    io->nbytes -= boff;
    io->base += k;
}

void spec__io_commit_outermost(SpecState *s, uint64_t upto)
{
    SpecIo *io = &s->io;
    uint64_t k = upto - io->base;
    if (k > io->nent)
        k = io->nent;
    for (uint64_t i = 0; i < k; i++) {
        const SpecIoEntry *e = &io->ent[i];
        if (e->kind == SPEC_IO_OUT && e->len)
            (void)write_all(io, e->fd, io->bytes + e->off, e->len); /* already reported done */
        else if (e->kind == SPEC_IO_CLOSE)
            close_fd(io, e->fd);
    }
    drop_prefix(io, k);
}

/* Inserts n bytes at position *at of fd's replay buffer. */
static void replay_insert(SpecIo *io, int32_t fd, const uint8_t *b, uint64_t n, size_t *at)
{
    SpecReplay *r = replay_of(io, fd, true);
    if (!r)
        return; /* out of memory: that input is lost (documented) */
    if (r->start) {
        memmove(r->bytes, r->bytes + r->start, r->len);
        r->start = 0;
    }
    uint64_t cap = r->cap;
    if (!grow((void **)&r->bytes, &cap, r->len + n, 1))
        return;
    r->cap = (size_t)cap;
    memmove(r->bytes + *at + n, r->bytes + *at, r->len - *at);
    memcpy(r->bytes + *at, b, (size_t)n);
    r->len += (size_t)n;
    *at += (size_t)n;
}

void spec__io_rollback(SpecState *s, uint64_t mark)
{
    SpecIo *io = &s->io;
    uint64_t from = mark - io->base;
    if (from >= io->nent)
        return;
    /* Per fd, the journaled input goes in front of what is still unread,
     * in journal order: track the insertion point of each fd. */
    int32_t fds[16];
    size_t at[16];
    uint32_t nfds = 0;
    for (uint64_t i = from; i < io->nent; i++) {
        const SpecIoEntry *e = &io->ent[i];
        if (e->kind == SPEC_IO_OPEN)
            close_fd(io, e->fd); /* opened by the timeline that is gone */
        if (e->kind != SPEC_IO_IN || e->len == 0)
            continue;
        uint32_t k = 0;
        while (k < nfds && fds[k] != e->fd)
            k++;
        if (k == nfds) {
            if (nfds == 16)
                continue; /* more than 16 fds read in one rollback: not replayed */
            fds[nfds] = e->fd;
            at[nfds++] = 0;
        }
        replay_insert(io, e->fd, io->bytes + e->off, e->len, &at[k]);
    }
    io->nbytes = io->ent[from].off;
    io->nent = from;
}

int64_t spec_release_output(SpecState *s)
{
    if (!s)
        return 0;
    SpecIo *io = &s->io;
    int64_t first_err = 0;
    for (uint64_t i = 0; i < io->nent; i++) {
        const SpecIoEntry *e = &io->ent[i];
        if (e->kind == SPEC_IO_OUT && e->len) {
            int64_t rc = write_all(io, e->fd, io->bytes + e->off, e->len);
            if (rc < 0 && !first_err)
                first_err = rc;
        } else if (e->kind == SPEC_IO_CLOSE) {
            close_fd(io, e->fd);
        }
    }
    drop_prefix(io, io->nent);
    return first_err;
}

void spec_drop_output(SpecState *s)
{
    if (!s)
        return;
    s->io.nent = 0; /* the process ends: no level mark is used again */
    s->io.nbytes = 0;
}
