/*
 * ops.c - the message operations of one rank (the `msg` host call), the
 * level events that carry speculations between ranks, and what a peer's
 * frames mean.
 *
 * How it works
 * - Every message of a stream (one sender to one receiver) has a sequence
 *   number.  The counters live in the guest library's state block
 *   (guest/libc/msg.c): sent[to] and consumed[from], so a rollback of the
 *   program rolls them back too.  The receiver keeps every message it has
 *   not consumed for good (stable: consumed while no level was open), so a
 *   rollback simply delivers consumed[from] + 1 again; the sender keeps what
 *   it sent, to resend it to a resurrected peer.  A copy of a sequence
 *   number that arrives later replaces the earlier one (the sender rolled
 *   back and sent it again, or a resurrected sender replays it).
 * - A message sent while levels are open carries the global ids of the
 *   program's own levels and the dependencies of the implicit ones (which
 *   stand for them: an implicit level ends only when one of them does).  Delivering it (decide.c) may need an
 *   implicit level first: the operation returns DIST_ACT with "join", the
 *   library enters a level (speculate()) and reports it (VM_MSG_JOINED),
 *   and the receive is retried.  Commits and rollbacks the decisions call
 *   for are done the same way, by the library, at the next operation, so
 *   the interpreter only ever changes levels through its own instructions.
 * - Level events (spec_event) keep the mirror of open levels and send the
 *   owner's decision (DECIDE) to every peer when a level whose id a message
 *   carried ends.  The failure of a peer (its connection ends without BYE)
 *   aborts every speculation of that incarnation (decide.c) and makes the
 *   next receive from it (or from any) return DIST_ROLL.
 * - Ranks that die together resume from their own images, perhaps a
 *   checkpoint apart: what one sent the other in between is in no living
 *   rank's log.  So a checkpoint puts the log in the image (op_ckpt_log; the
 *   library keeps it in guest memory) and a new incarnation takes it back
 *   first (op_restore).  Logs are trimmed to what the receiver's checkpoint
 *   before its last consumed (the CKPT frame's mark).
 */
#include "dist/internal.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------ guest state */

static uint32_t get_le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void put_le32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> 8 * i);
}

static uint32_t st_get(const Dist *d, size_t off)
{
    return get_le32(d->state + off);
}

static void st_put(Dist *d, size_t off, uint32_t v)
{
    put_le32(d->state + off, v);
}

static uint32_t consumed(const Dist *d, uint32_t r)
{
    return st_get(d, DIST_ST_CONSUMED + 4 * (size_t)r);
}

/* ------------------------------------------------------------ lists */

static void entry_free(DistEntry *e)
{
    free(e->deps);
    free(e->data);
}

void dist__list_free(DistList *l)
{
    for (uint32_t i = 0; i < l->n; i++)
        entry_free(&l->e[i]);
    free(l->e);
    *l = (DistList){0};
}

static DistEntry *list_find(DistList *l, uint32_t seq)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (l->e[i].seq == seq)
            return &l->e[i];
    return NULL;
}

/* Puts a copy in the list (replacing the same seq); 0 or -1. */
static int list_put(DistList *l, uint32_t seq, uint64_t arrival, const SpecId *deps,
                    uint32_t ndeps, const uint8_t *data, uint32_t len)
{
    DistEntry e = {.seq = seq, .arrival = arrival, .ndeps = ndeps, .len = len};
    e.deps = malloc((ndeps ? ndeps : 1) * sizeof *e.deps);
    e.data = malloc(len ? len : 1);
    if (!e.deps || !e.data) {
        entry_free(&e);
        return -1;
    }
    if (ndeps)
        memcpy(e.deps, deps, ndeps * sizeof *deps);
    if (len)
        memcpy(e.data, data, len);
    DistEntry *old = list_find(l, seq);
    if (old) {
        entry_free(old);
        *old = e;
        return 0;
    }
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? 2 * l->cap : 16;
        DistEntry *ne = realloc(l->e, cap * sizeof *ne);
        if (!ne) {
            entry_free(&e);
            return -1;
        }
        l->e = ne;
        l->cap = cap;
    }
    uint32_t i = l->n;
    while (i > 0 && l->e[i - 1].seq > seq) {
        l->e[i] = l->e[i - 1];
        i--;
    }
    l->e[i] = e;
    l->n++;
    return 0;
}

static void list_remove(DistList *l, DistEntry *e)
{
    uint32_t i = (uint32_t)(e - l->e);
    entry_free(e);
    memmove(l->e + i, l->e + i + 1, (l->n - i - 1) * sizeof *l->e);
    l->n--;
}

/* Drops the entries with seq <= upto. */
static void list_trim(DistList *l, uint32_t upto)
{
    uint32_t k = 0;
    while (k < l->n && l->e[k].seq <= upto)
        entry_free(&l->e[k++]);
    if (k == 0)
        return;
    memmove(l->e, l->e + k, (l->n - k) * sizeof *l->e);
    l->n -= k;
}

/* ------------------------------------------------------------ levels */

static DistLevel *level_find(Dist *d, int32_t id)
{
    for (uint32_t i = 0; i < d->nlv; i++)
        if (d->lv[i].id == id)
            return &d->lv[i];
    return NULL;
}

static void tell_decision(Dist *d, SpecId gid, uint8_t outcome)
{
    DistBuf b = {0};
    if (dist_decide_encode(&b, gid, outcome) == 0)
        for (uint32_t r = 0; r < d->cfg.size; r++)
            if (r != d->cfg.rank)
                (void)dist__send(d, r, DIST_F_DECIDE, b.b, b.n);
    dist_buf_free(&b);
    /* kept, for peers that connect later */
    if (d->nours == d->cap_ours) {
        uint32_t cap = d->cap_ours ? 2 * d->cap_ours : 32;
        SpecId *o = realloc(d->ours, cap * sizeof *o);
        uint8_t *oo = realloc(d->ours_out, cap);
        if (o)
            d->ours = o;
        if (oo)
            d->ours_out = oo;
        if (!o || !oo)
            return;
        d->cap_ours = cap;
    }
    d->ours[d->nours] = gid;
    d->ours_out[d->nours++] = outcome;
}

/* Records and tells the outcome of one of our levels (once). */
static void decide_own(Dist *d, DistLevel *l, DistOutcome o)
{
    if (dist_known_outcome(&d->known, l->gid) != DIST_OPEN)
        return; /* a pending level's commit was told already */
    if (dist_known_decide(&d->known, l->gid, o) < 0)
        dist__log(d, "out of memory for decisions");
    if (l->carried)
        tell_decision(d, l->gid, o == DIST_DONE_COMMIT ? DIST_COMMITTED : DIST_ABORTED);
}

static void level_end(Dist *d, DistLevel *l, DistOutcome o)
{
    decide_own(d, l, o);
    free(l->deps);
    uint32_t i = (uint32_t)(l - d->lv);
    memmove(d->lv + i, d->lv + i + 1, (d->nlv - i - 1) * sizeof *d->lv);
    d->nlv--;
}

static int on_spec_event(VmProcess *p, VmSpecEvent ev, int32_t level, uint32_t owner,
                         uint64_t seq, void *ctx)
{
    Dist *d = ctx;
    (void)p;
    if (ev == VM_SPEC_ENTER) {
        if (d->nlv == d->cap_lv) {
            uint32_t cap = d->cap_lv ? 2 * d->cap_lv : 8;
            DistLevel *n = realloc(d->lv, cap * sizeof *n);
            if (!n) {
                dist__log(d, "out of memory for levels");
                return 0;
            }
            d->lv = n;
            d->cap_lv = cap;
        }
        d->lv[d->nlv++] = (DistLevel){.id = level, .gid = {owner, seq}};
        if (d->debug)
            dist__log(d, "debug: enter level %d (%u,%llu), %u open", level, owner,
                      (unsigned long long)seq, d->nlv);
        return 0;
    }
    DistLevel *l = level_find(d, level);
    if (d->debug)
        dist__log(d, "debug: %s level %d (%u,%llu)%s%s", ev == VM_SPEC_COMMIT ? "commit" : "rollback",
                  level, owner, (unsigned long long)seq, l && l->implicit ? " implicit" : "",
                  l && l->pending ? " pending" : "");
    if (!l)
        return 0;
    if (ev == VM_SPEC_COMMIT && !l->implicit &&
        dist_implicit_after(d->lv, d->nlv, (uint32_t)(l - d->lv))) {
        /* what it computed after joining others may still be rolled back
         * (to inside it): it stays open until they are decided, but its own
         * decision is commit, and the others may go on */
        decide_own(d, l, DIST_DONE_COMMIT);
        l->pending = true;
        l->commit_mark = d->lv[d->nlv - 1].gid.seq;
        return VM_SPEC_DEFER;
    }
    if (ev == VM_SPEC_ROLLBACK)
        for (uint32_t i = 0; i < d->nlv; i++)
            if (d->lv[i].pending && l->gid.seq <= d->lv[i].commit_mark)
                d->lv[i].pending = false; /* the program will commit it again */
    level_end(d, l, ev == VM_SPEC_COMMIT ? DIST_DONE_COMMIT : DIST_DONE_ABORT);
    return 0;
}

/* ------------------------------------------------------------- peers */

uint32_t dist__stable_of(Dist *d, uint32_t r)
{
    return d->peers[r].stable;
}

static bool entry_aborted(Dist *d, const DistEntry *e)
{
    for (uint32_t i = 0; i < e->ndeps; i++)
        if (dist_known_outcome(&d->known, e->deps[i]) == DIST_DONE_ABORT)
            return true;
    return false;
}

/* Sends a logged message with the dependencies it still has: one this rank
 * knows committed no longer matters to the receiver, and may be one the
 * receiver cannot learn any more (its owner died before telling it). */
static void send_entry(Dist *d, uint32_t r, const DistEntry *e)
{
    SpecId small[16];
    SpecId *deps = e->ndeps <= 16 ? small : malloc(e->ndeps * sizeof *deps);
    if (!deps)
        return;
    uint32_t n = 0;
    for (uint32_t i = 0; i < e->ndeps; i++)
        if (dist_known_outcome(&d->known, e->deps[i]) != DIST_DONE_COMMIT)
            deps[n++] = e->deps[i];
    DistBuf b = {0};
    if (dist_msg_encode(&b, e->seq, n ? deps : NULL, n, e->data, e->len) == 0)
        (void)dist__send(d, r, DIST_F_MSG, b.b, b.n);
    dist_buf_free(&b);
    if (deps != small)
        free(deps);
}

/* Rank `dead` died: a peer that had not yet learned that one of its
 * speculations committed will never learn it, and takes it for aborted;
 * the messages we sent that carried it go again without it. */
static void resend_past(Dist *d, uint32_t dead)
{
    for (uint32_t r = 0; r < d->cfg.size; r++) {
        if (r == d->cfg.rank || r == dead || !d->peers[r].conn)
            continue;
        const DistList *log = &d->peers[r].log;
        for (uint32_t i = 0; i < log->n; i++) {
            const DistEntry *e = &log->e[i];
            bool carries = false;
            for (uint32_t j = 0; j < e->ndeps && !carries; j++)
                carries = DIST_RANK_OF(e->deps[j].owner) == dead &&
                          dist_known_outcome(&d->known, e->deps[j]) == DIST_DONE_COMMIT;
            if (carries && !entry_aborted(d, e))
                send_entry(d, r, e);
        }
    }
}

/* FIRVM_DIST_TEST_BAD=1 (tests/cli/dist_bad_input.sh): a frame the peer
 * must refuse of each kind, once, as soon as it is connected. */
static void send_bad(Dist *d, uint32_t to)
{
    d->test_bad = false;
    DistBuf b = {0};
    uint8_t v[4] = {0};
    SpecId bogus = {DIST_OWNER(63, 0), 1};
    if (dist_msg_encode(&b, 1, &bogus, 1, v, sizeof v) == 0)
        (void)dist__send(d, to, DIST_F_MSG, b.b, b.n);
    b.n = 0;
    if (dist_msg_encode(&b, 0, NULL, 0, v, sizeof v) == 0)
        (void)dist__send(d, to, DIST_F_MSG, b.b, b.n);
    b.n = 0;
    SpecId theirs = {DIST_OWNER(to, 0), 1};
    if (dist_decide_encode(&b, theirs, DIST_ABORTED) == 0)
        (void)dist__send(d, to, DIST_F_DECIDE, b.b, b.n);
    uint8_t junk[5] = {9, 9, 9, 9, 9};
    (void)dist__send(d, to, DIST_F_MSG, junk, sizeof junk);
    dist_buf_free(&b);
}

void dist__on_peer(Dist *d, uint32_t r, uint32_t inc, uint32_t their_stable, bool known_before)
{
    DistKnown *k = &d->known;
    /* a newer incarnation of a rank we knew whose old connection never
     * ended here: that death comes first */
    if (known_before && inc > k->inc[r] && !k->dead[r])
        dist__on_death(d, r);
    if (inc > k->inc[r] || k->dead[r]) {
        if (inc > k->inc[r] || (inc == k->inc[r] && k->dead[r] && inc > 0))
            dist__log(d, "rank %u is back (incarnation %u)", r, inc);
        k->inc[r] = inc;
        k->dead[r] = false;
    }
    if (d->test_bad)
        send_bad(d, r);
    /* what it lacks: our decisions, then our messages past what it holds */
    DistBuf b = {0};
    for (uint32_t i = 0; i < d->nours; i++) {
        b.n = 0;
        if (dist_decide_encode(&b, d->ours[i], d->ours_out[i]) == 0)
            (void)dist__send(d, r, DIST_F_DECIDE, b.b, b.n);
    }
    /* a new incarnation also learns what became of its earlier life's
     * speculations: it has its own messages again only through us */
    for (uint32_t i = 0; i < k->ndec; i++) {
        SpecId g = k->dec[i].gid;
        if (DIST_RANK_OF(g.owner) != r || DIST_INC_OF(g.owner) >= inc)
            continue;
        b.n = 0;
        if (dist_decide_encode(&b, g, k->dec[i].outcome == DIST_DONE_COMMIT ? DIST_COMMITTED
                                                                            : DIST_ABORTED) == 0)
            (void)dist__send(d, r, DIST_F_DECIDE, b.b, b.n);
    }
    dist_buf_free(&b);
    DistList *log = &d->peers[r].log;
    d->peers[r].held = their_stable;
    list_trim(log, their_stable);
    for (uint32_t i = 0; i < log->n; i++)
        if (!entry_aborted(d, &log->e[i]))
            send_entry(d, r, &log->e[i]);
    if (d->finished)
        (void)dist__send(d, r, DIST_F_BYE, NULL, 0);
}

void dist__on_death(Dist *d, uint32_t r)
{
    DistKnown *k = &d->known;
    k->dead[r] = true;
    d->peers[r].roll = true;
    d->peers[r].ckpt_acked = false;
    dist__log(d, "rank %u failed: its open speculations are aborted", r);
    resend_past(d, r);
}

void dist__on_frame(Dist *d, uint32_t r, uint8_t type, uint8_t *body, size_t n)
{
    char why[160];
    DistPeer *pe = &d->peers[r];
    switch (type) {
    case DIST_F_MSG: {
        DistMsg m;
        if (dist_msg_decode(body, n, &m, why, sizeof why) < 0) {
            dist__log(d, "rejected a message from rank %u: %s", r, why);
            return;
        }
        SpecId deps[64];
        SpecId *dp = m.ndeps <= 64 ? deps : malloc(m.ndeps * sizeof *dp);
        if (!dp)
            return;
        bool ok = true;
        for (uint32_t i = 0; i < m.ndeps; i++) {
            dp[i] = dist_msg_dep(&m, i);
            if (DIST_RANK_OF(dp[i].owner) >= d->cfg.size || dp[i].seq == 0) {
                dist__log(d, "rejected message %u from rank %u: unknown speculation id "
                          "(owner %u, seq %llu)", m.seq, r, dp[i].owner,
                          (unsigned long long)dp[i].seq);
                ok = false;
                break;
            }
        }
        if (ok && m.seq > pe->stable &&
            list_put(&pe->inq, m.seq, ++d->arrivals, dp, m.ndeps, m.data, m.len) < 0)
            dist__log(d, "out of memory: dropped message %u from rank %u", m.seq, r);
        if (dp != deps)
            free(dp);
        return;
    }
    case DIST_F_DECIDE: {
        DistDecide dc;
        if (dist_decide_decode(body, n, &dc, why, sizeof why) < 0) {
            dist__log(d, "rejected a decision from rank %u: %s", r, why);
            return;
        }
        /* only the owner decides; a peer may tell us what became of the
         * speculations of our own earlier incarnations */
        bool own_past = DIST_RANK_OF(dc.gid.owner) == d->cfg.rank &&
                        DIST_INC_OF(dc.gid.owner) < d->cfg.incarnation;
        if (DIST_RANK_OF(dc.gid.owner) != r && !own_past) {
            dist__log(d, "rejected a decision from rank %u about speculation (owner %u, seq "
                      "%llu): only its owner decides", r, dc.gid.owner,
                      (unsigned long long)dc.gid.seq);
            return;
        }
        (void)dist_known_decide(&d->known, dc.gid,
                                dc.outcome == DIST_COMMITTED ? DIST_DONE_COMMIT
                                                             : DIST_DONE_ABORT);
        return;
    }
    case DIST_F_CKPT:
        /* its image holds what it consumed of ours up to there: the
         * earlier checkpoint's mark, since the latest may not be written */
        list_trim(&pe->log, get_le32(body));
        (void)dist__send(d, r, DIST_F_CKPT_ACK, NULL, 0);
        return;
    case DIST_F_CKPT_ACK:
        pe->ckpt_acked = true;
        return;
    case DIST_F_BYE:
        pe->bye = true;
        return;
    default:
        return;
    }
}

/* ------------------------------------------------------------ waiting */

static void on_timer(uv_timer_t *t)
{
    Dist *d = t->data;
    d->timer_fired = true;
}

/* FIRVM_DIST_DEBUG: what a wait that lasts is waiting for. */
static void debug_waiting(Dist *d, const char *what, int32_t from)
{
    dist__log(d, "debug: %s (from %d) waiting: %u levels open", what, from, d->nlv);
    for (uint32_t i = 0; i < d->nlv; i++) {
        const DistLevel *l = &d->lv[i];
        char deps[200] = "";
        size_t n = 0;
        for (uint32_t j = 0; j < l->ndeps && n + 40 < sizeof deps; j++)
            n += (size_t)snprintf(deps + n, sizeof deps - n, " (%u,%llu)=%d", l->deps[j].owner,
                                  (unsigned long long)l->deps[j].seq,
                                  (int)dist_known_outcome(&d->known, l->deps[j]));
        dist__log(d, "debug:   level %d (%u,%llu)%s%s deps%s", l->id, l->gid.owner,
                  (unsigned long long)l->gid.seq, l->implicit ? " implicit" : "",
                  l->pending ? " pending" : "", deps);
    }
    for (uint32_t r = 0; r < d->cfg.size; r++) {
        if (r == d->cfg.rank)
            continue;
        const DistPeer *pe = &d->peers[r];
        dist__log(d, "debug:   rank %u inc %u%s%s%s: consumed %u stable %u, %u kept (%u..%u), "
                  "%u logged (%u..%u)", r, d->known.inc[r], pe->conn ? " connected" : "",
                  d->known.dead[r] ? " dead" : "", pe->roll ? " roll" : "", consumed(d, r),
                  pe->stable, pe->inq.n, pe->inq.n ? pe->inq.e[0].seq : 0,
                  pe->inq.n ? pe->inq.e[pe->inq.n - 1].seq : 0, pe->log.n,
                  pe->log.n ? pe->log.e[0].seq : 0, pe->log.n ? pe->log.e[pe->log.n - 1].seq : 0);
        const DistEntry *e = list_find((DistList *)&pe->inq, consumed(d, r) + 1);
        for (uint32_t j = 0; e && j < e->ndeps; j++)
            dist__log(d, "debug:     next message's dependency (%u,%llu)=%d", e->deps[j].owner,
                      (unsigned long long)e->deps[j].seq,
                      (int)dist_known_outcome(&d->known, e->deps[j]));
    }
}

/* Runs the loop: at most wait_ms (0: only what is ready). */
static void pump(Dist *d, uint64_t wait_ms)
{
    dist__connect_peers(d);
    if (wait_ms == 0) {
        uv_run(&d->loop, UV_RUN_NOWAIT);
        return;
    }
    d->timer_fired = false;
    uv_timer_start(&d->timer, on_timer, wait_ms < 20 ? wait_ms : 20, 0);
    uv_run(&d->loop, UV_RUN_ONCE);
    uv_timer_stop(&d->timer);
}

/* The guest's state arrived: messages consumed while no level is open are
 * consumed for good. */
static void settle_stable(Dist *d)
{
    if (vm_spec_active(d->p))
        return;
    for (uint32_t r = 0; r < d->cfg.size; r++) {
        if (r == d->cfg.rank)
            continue;
        d->peers[r].roll = false; /* no speculation of the time of a death is left */
        uint32_t c = consumed(d, r);
        if (c > d->peers[r].stable) {
            d->peers[r].stable = c;
            list_trim(&d->peers[r].inq, c);
        }
    }
}

/* A decision to carry out: DIST_ACT with st.act and st.level set, or 0. */
static int64_t action(Dist *d)
{
    int32_t level;
    DistAction a = dist_decide_action(&d->known, d->lv, d->nlv, &level);
    if (a == DIST_NONE)
        return 0;
    if (a == DIST_ABORT_LEVEL) {
        /* a rollback forced by a dead peer's speculations is the rollback
         * MSG_ROLL asks for: the program is not told twice */
        for (uint32_t i = 0; i < d->nlv; i++) {
            if (d->lv[i].id < level)
                continue;
            for (uint32_t j = 0; j < d->lv[i].ndeps; j++) {
                uint32_t r = DIST_RANK_OF(d->lv[i].deps[j].owner);
                if (r < d->cfg.size && d->peers[r].roll &&
                    DIST_INC_OF(d->lv[i].deps[j].owner) <= d->known.inc[r])
                    d->peers[r].roll = false;
            }
        }
    }
    if (d->debug)
        dist__log(d, "debug: act %s level %d", a == DIST_COMMIT_LEVEL ? "commit" : "abort", level);
    st_put(d, DIST_ST_ACT, a == DIST_COMMIT_LEVEL ? DIST_ACT_COMMIT : DIST_ACT_ABORT);
    st_put(d, DIST_ST_LEVEL, (uint32_t)level);
    return DIST_ACT;
}

/* ---------------------------------------------------------- operations */

static int64_t op_send(Dist *d, int32_t to, const uint8_t *buf, uint64_t len)
{
    if (to < 0 || (uint32_t)to >= d->cfg.size || (uint32_t)to == d->cfg.rank ||
        len > DIST_MAX_PAYLOAD)
        return DIST_EINVAL;
    if (d->cfg.kill_after && d->cfg.incarnation == 0 && ++d->nsends >= d->cfg.kill_after) {
        dist__log(d, "killing this VM at its send %u (--kill-rank)", d->nsends);
        raise(SIGKILL);
    }
    uint32_t seq = st_get(d, DIST_ST_SENT + 4 * (size_t)to) + 1;
    st_put(d, DIST_ST_SENT + 4 * (size_t)to, seq);
    /* the ids of every open level and the dependencies of implicit ones */
    uint32_t n = 0;
    for (uint32_t i = 0; i < d->nlv; i++)
        n += 1 + d->lv[i].ndeps; /* an upper bound */
    SpecId *deps = malloc((n ? n : 1) * sizeof *deps);
    if (!deps)
        return DIST_EIO;
    n = 0;
    for (uint32_t i = 0; i < d->nlv; i++) {
        /* an implicit level ends only when one of its dependencies does (or
         * an earlier level, whose id or dependencies are carried too), so
         * its dependencies stand for it; a pending level is committed */
        if (!d->lv[i].pending && !d->lv[i].implicit) {
            d->lv[i].carried = true;
            deps[n++] = d->lv[i].gid;
        }
        for (uint32_t j = 0; j < d->lv[i].ndeps; j++)
            deps[n++] = d->lv[i].deps[j];
    }
    DistPeer *pe = &d->peers[to];
    int rc = list_put(&pe->log, seq, 0, deps, n, buf, (uint32_t)len);
    if (rc == 0) {
        DistEntry *e = list_find(&pe->log, seq);
        send_entry(d, (uint32_t)to, e);
    }
    free(deps);
    return rc < 0 ? DIST_EIO : 0;
}

/* The next message of stream `from` that can be delivered now, handling
 * drops; DIST_ACT when a join must come first. */
static int64_t next_of(Dist *d, uint32_t from, DistEntry **out)
{
    DistPeer *pe = &d->peers[from];
    for (;;) {
        DistEntry *e = list_find(&pe->inq, consumed(d, from) + 1);
        *out = NULL;
        if (!e)
            return 0;
        SpecId small[16];
        SpecId *nd = e->ndeps <= 16 ? small : malloc(e->ndeps * sizeof *nd);
        if (!nd)
            return DIST_EIO;
        uint32_t nn;
        DistDelivery dv = dist_decide_delivery(&d->known, d->lv, d->nlv, e->deps, e->ndeps,
                                               nd, &nn);
        if (dv == DIST_DROP) {
            if (nd != small)
                free(nd);
            list_remove(&pe->inq, e); /* its sender sends it again */
            continue;
        }
        if (dv == DIST_JOIN) {
            free(d->join);
            d->join = malloc(nn * sizeof *d->join);
            if (d->join)
                memcpy(d->join, nd, nn * sizeof *nd);
            d->njoin = d->join ? nn : 0;
            if (nd != small)
                free(nd);
            st_put(d, DIST_ST_ACT, DIST_ACT_JOIN);
            st_put(d, DIST_ST_LEVEL, 0);
            return DIST_ACT;
        }
        if (nd != small)
            free(nd);
        *out = e;
        return 0;
    }
}

static int64_t op_recv(Dist *d, int32_t from, uint8_t *buf, uint64_t cap, int64_t timeout)
{
    if (from != -1 && (from < 0 || (uint32_t)from >= d->cfg.size || (uint32_t)from == d->cfg.rank))
        return DIST_EINVAL;
    uint64_t start = uv_now(&d->loop);
    bool debug_told = false;
    for (;;) {
        int64_t a = action(d);
        if (a)
            return a;
        DistEntry *best = NULL;
        uint32_t best_r = 0;
        bool all_bye = true;
        for (uint32_t r = 0; r < d->cfg.size; r++) {
            if (r == d->cfg.rank || (from != -1 && (uint32_t)from != r))
                continue;
            if (d->peers[r].roll) {
                /* only a speculation of the program's own can be rolled back
                 * for it; else the receive waits for the peer's next life */
                d->peers[r].roll = false;
                bool current = false;
                for (uint32_t i = 0; i < d->nlv && !current; i++)
                    current = !d->lv[i].implicit && !d->lv[i].pending;
                if (d->debug)
                    dist__log(d, "debug: rank %u died: %s", r, current ? "MSG_ROLL" : "waiting");
                if (current)
                    return DIST_ROLL;
            }
            DistEntry *e;
            int64_t rc = next_of(d, r, &e);
            if (rc)
                return rc;
            if (e && (!best || e->arrival < best->arrival)) {
                best = e;
                best_r = r;
            }
            if (!d->peers[r].bye)
                all_bye = false;
        }
        if (best) {
            if (best->len > cap)
                return DIST_ETRUNC;
            if (best->len)
                memcpy(buf, best->data, best->len);
            st_put(d, DIST_ST_CONSUMED + 4 * (size_t)best_r, best->seq);
            st_put(d, DIST_ST_FROM, best_r);
            d->last_from = (int32_t)best_r;
            int64_t len = best->len;
            settle_stable(d);
            return len;
        }
        if (all_bye)
            return DIST_CLOSED;
        uint64_t now = uv_now(&d->loop);
        if (timeout >= 0 && now - start >= (uint64_t)timeout)
            return DIST_TIMEOUT;
        if (d->debug && now - start > 2000 && !debug_told) {
            debug_told = true;
            debug_waiting(d, "receive", from);
        }
        pump(d, timeout >= 0 ? (uint64_t)timeout - (now - start) : 1000);
        uv_update_time(&d->loop);
    }
}

/* Waits until no implicit level is open (every speculation this rank
 * joined has been decided), doing the decisions; DIST_ACT or 0. */
static int64_t settle(Dist *d)
{
    uint64_t start = uv_now(&d->loop);
    bool debug_told = false;
    for (;;) {
        int64_t a = action(d);
        if (a)
            return a;
        if (!dist_has_implicit(d->lv, d->nlv))
            return 0;
        if (d->debug && uv_now(&d->loop) - start > 2000 && !debug_told) {
            debug_told = true;
            debug_waiting(d, "settle", -1);
        }
        pump(d, 1000);
        uv_update_time(&d->loop);
    }
}

/* Waits for `done` of every live peer, within the timeout; false if not. */
static bool barrier(Dist *d, bool ckpt)
{
    uint64_t start = uv_now(&d->loop);
    for (;;) {
        bool all = true;
        for (uint32_t r = 0; r < d->cfg.size; r++) {
            if (r == d->cfg.rank)
                continue;
            DistPeer *pe = &d->peers[r];
            if (ckpt ? !pe->ckpt_acked && pe->conn : !pe->bye)
                all = false;
        }
        if (all)
            return true;
        if (uv_now(&d->loop) - start > d->cfg.timeout_ms)
            return false;
        pump(d, 100);
        uv_update_time(&d->loop);
    }
}

static int64_t op_ckpt(Dist *d, uint8_t *buf, uint64_t cap)
{
    int64_t a = settle(d);
    if (a)
        return a;
    if (d->nlv)
        return DIST_EBUSY; /* inside the program's own level */
    /* every peer has what we sent, decisions included, before the image */
    for (uint32_t r = 0; r < d->cfg.size; r++) {
        d->peers[r].ckpt_acked = false;
        uint8_t mark[4];
        put_le32(mark, d->peers[r].ckpt_mark);
        if (r != d->cfg.rank)
            (void)dist__send(d, r, DIST_F_CKPT, mark, sizeof mark);
    }
    if (!barrier(d, true)) {
        dist__log(d, "checkpoint: a peer did not answer");
        return DIST_TIMEOUT;
    }
    settle_stable(d);
    for (uint32_t r = 0; r < d->cfg.size; r++) {
        d->peers[r].ckpt_before = d->peers[r].ckpt_mark;
        d->peers[r].ckpt_mark = consumed(d, r);
    }
    char path[700];
    int n = snprintf(path, sizeof path, "%s.img", d->path);
    if (n < 0 || (uint64_t)n + 1 > cap)
        return DIST_ETRUNC;
    memcpy(buf, path, (size_t)n + 1);
    d->ckpt_pending = d->cfg.launcher != NULL; /* written when this returns: sent next */
    return n;
}

/* What we sent that a peer may still need, as the log the library keeps in
 * the image (dist_log_put): its length, written to buf when it fits.  At a
 * checkpoint no level is open, so every message counts as sent for good: no
 * dependencies, and none past the program's own count (a rolled-back send
 * it never made again). */
static int64_t op_ckpt_log(Dist *d, uint8_t *buf, uint64_t cap)
{
    DistBuf b = {0};
    int rc = dist_log_start(&b);
    for (uint32_t r = 0; r < d->cfg.size && rc == 0; r++) {
        uint32_t sent = st_get(d, DIST_ST_SENT + 4 * (size_t)r);
        const DistList *log = &d->peers[r].log;
        for (uint32_t i = 0; i < log->n && log->e[i].seq <= sent && rc == 0; i++)
            rc = dist_log_put(&b, r, log->e[i].seq, log->e[i].data, log->e[i].len);
    }
    int64_t n = rc < 0 || b.n > INT32_MAX ? DIST_EIO : (int64_t)b.n;
    if (n > 0 && (uint64_t)n <= cap)
        memcpy(buf, b.b, b.n);
    dist_buf_free(&b);
    return n;
}

static int restore_one(const DistLogged *m, void *ctx)
{
    Dist *d = ctx;
    if (m->to == d->cfg.rank)
        return 0;
    return list_put(&d->peers[m->to].log, m->seq, 0, NULL, 0, m->data, m->len);
}

/* A resurrected incarnation's first operation: the log its image kept
 * (op_ckpt_log) is ours again, and goes to the peers already connected. */
static int64_t op_restore(Dist *d, const uint8_t *buf, uint64_t n)
{
    if (d->restored)
        return DIST_EINVAL; /* only once, and only when asked */
    d->restored = true;
    if (n == 0)
        return 0; /* resumed from the program's start */
    char why[120];
    if (dist_log_decode(buf, n, d->cfg.size, restore_one, d, why, sizeof why) < 0) {
        dist__log(d, "the log kept in the checkpoint image is not usable: %s", why);
        return 0; /* the peers' own logs may still do */
    }
    for (uint32_t r = 0; r < d->cfg.size; r++) {
        const DistPeer *pe = &d->peers[r];
        if (r == d->cfg.rank || !pe->conn)
            continue;
        for (uint32_t i = 0; i < pe->log.n; i++)
            if (pe->log.e[i].seq > pe->held)
                send_entry(d, r, &pe->log.e[i]);
    }
    return 0;
}

static int64_t op_finish(Dist *d)
{
    int64_t a = settle(d);
    if (a)
        return a;
    for (uint32_t r = 0; r < d->cfg.size; r++)
        if (r != d->cfg.rank)
            (void)dist__send(d, r, DIST_F_BYE, NULL, 0);
    d->finished = true;
    if (!barrier(d, false)) {
        dist__log(d, "exit: some rank did not finish");
        return DIST_TIMEOUT;
    }
    /* our frames reach the peers before we go */
    while (d->writes)
        uv_run(&d->loop, UV_RUN_ONCE);
    return 0;
}

static int64_t on_msg(VmProcess *p, int32_t op, int32_t peer, uint8_t *buf, uint64_t len,
                      int64_t arg, uint8_t *state, void *ctx)
{
    Dist *d = ctx;
    (void)p;
    d->state = state;
    if (op == VM_MSG_RANK)
        return d->cfg.rank;
    if (op == VM_MSG_SIZE)
        return d->cfg.size;
    if (op == VM_MSG_SOURCE)
        return d->last_from;
    if (op == VM_MSG_CKPT_LOG && arg == 1) {
        /* the image was not written: the peers keep what the one before needs */
        for (uint32_t r = 0; r < d->cfg.size; r++)
            d->peers[r].ckpt_mark = d->peers[r].ckpt_before;
        d->ckpt_pending = false;
        return 0;
    }
    if (op == VM_MSG_CKPT_LOG)
        return op_ckpt_log(d, buf, len); /* before the image exists: nothing else */
    if (op == VM_MSG_RESTORE)
        return op_restore(d, buf, len);
    if (!d->restored) {
        st_put(d, DIST_ST_ACT, DIST_ACT_RESTORE);
        st_put(d, DIST_ST_LEVEL, 0);
        return DIST_ACT;
    }
    if (op == VM_MSG_JOINED) {
        DistLevel *l = level_find(d, peer);
        if (!l || !d->njoin)
            return DIST_EINVAL;
        free(l->deps);
        l->deps = d->join;
        l->ndeps = d->njoin;
        l->implicit = true;
        d->join = NULL;
        d->njoin = 0;
        return 0;
    }
    dist__launcher_sync(d);
    settle_stable(d);
    pump(d, 0);
    switch (op) {
    case VM_MSG_SEND: {
        int64_t a = action(d);
        return a ? a : op_send(d, peer, buf, len);
    }
    case VM_MSG_RECV:
        return op_recv(d, peer, buf, len, arg);
    case VM_MSG_POLL:
        return action(d);
    case VM_MSG_SETTLE:
        return settle(d);
    case VM_MSG_CKPT_PATH:
        return op_ckpt(d, buf, len);
    case VM_MSG_FINISH:
        return op_finish(d);
    default:
        return DIST_EINVAL;
    }
}

/* ----------------------------------------------------------- lifecycle */

int dist_new(Dist **out, const DistConfig *c, FirError *err)
{
    if (c->size == 0 || c->size > DIST_MAX_RANKS || c->rank >= c->size)
        return fir_error_set(err, FIR_EINVAL, "rank %u of %u: ranks are 0 .. size-1, size <= %u",
                             c->rank, c->size, DIST_MAX_RANKS);
    if (!c->key)
        return fir_error_set(err, FIR_EINVAL,
                             "ranks need a key (--key FILE or FIRVM_KEY; make one with "
                             "firvm --keygen FILE)");
    if (c->incarnation > 0xffff)
        return fir_error_set(err, FIR_EINVAL, "incarnation %u is too large", c->incarnation);
    Dist *d = calloc(1, sizeof *d);
    if (!d)
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    signal(SIGPIPE, SIG_IGN); /* a peer that died is seen as the end of its connection */
    const char *dbg = getenv("FIRVM_DIST_DEBUG");
    d->restored = c->incarnation == 0;
    d->debug = dbg && *dbg == '1';
    const char *bad = getenv("FIRVM_DIST_TEST_BAD");
    d->test_bad = bad && *bad == '1';
    d->cfg = *c;
    if (!d->cfg.timeout_ms)
        d->cfg.timeout_ms = 30000;
    d->known.size = c->size;
    d->known.inc[c->rank] = c->incarnation;
    d->last_from = -1;
    uv_loop_init(&d->loop);
    uv_timer_init(&d->loop, &d->timer);
    d->timer.data = d;
    int rc = c->launcher ? dist__remote_start(d, err) : dist__listen(d, err);
    if (rc < 0) {
        dist_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

void dist_install(Dist *d, VmProcess *p)
{
    d->p = p;
    VmMsgHooks h = {.msg = on_msg, .spec_event = on_spec_event, .ctx = d};
    vm_set_msg_hooks(p, &h);
    vm_set_spec_owner(p, DIST_OWNER(d->cfg.rank, d->cfg.incarnation));
}

static void close_handle(uv_handle_t *h, void *arg)
{
    (void)arg;
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

void dist_free(Dist *d)
{
    if (!d)
        return;
    dist__remote_free(d);
    if (d->finished) { /* every rank finished: nobody looks for us any more */
        unlink(d->path);
        if (d->cfg.remove_dir)
            rmdir(d->cfg.dir); /* the last one out, if the directory holds nothing else */
    }
    dist__close_all(d);
    uv_walk(&d->loop, close_handle, NULL);
    uv_run(&d->loop, UV_RUN_DEFAULT);
    uv_loop_close(&d->loop);
    for (uint32_t r = 0; r < DIST_MAX_RANKS; r++) {
        dist__list_free(&d->peers[r].inq);
        dist__list_free(&d->peers[r].log);
    }
    for (uint32_t i = 0; i < d->nlv; i++)
        free(d->lv[i].deps);
    free(d->lv);
    free(d->ours);
    free(d->ours_out);
    free(d->join);
    dist_known_free(&d->known);
    free(d);
}
