/*
 * msg.c - <msg.h> over the `msg` host call (dist/ops.c does the work).
 *
 * The stream counters live here, in guest memory (struct msg_state), so a
 * rollback of the program rolls them back with everything else and the
 * host delivers the rolled-back messages again.  When the host answers
 * MSG__ACT it asks the library to change levels for it, with the
 * interpreter's own instructions: commit or abort level st.level, or enter
 * an implicit level (a speculate() here, reported with VM_MSG_JOINED) for
 * the delivery that follows; then the operation is retried.  If that level
 * is rolled back, speculate() returns 0 here and the operation is retried
 * as if the message had never come.
 *
 * A checkpoint also keeps, in guest memory and so in the image, what this
 * rank sent that its peers may still need (saved_log, from the host): a
 * resurrected incarnation gives it back to the host first (ACT_RESTORE), so
 * that a peer that died at the same time and resumes from an earlier
 * checkpoint of its own can have those messages again.
 */
#include <migrate.h>
#include <msg.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

enum { OP_RANK = 1, OP_SIZE, OP_SEND, OP_RECV, OP_JOINED, OP_POLL, OP_SETTLE, OP_CKPT_PATH,
       OP_FINISH, OP_SOURCE, OP_CKPT_LOG, OP_RESTORE };
enum { ACT_COMMIT = 1, ACT_ABORT = 2, ACT_JOIN = 3, ACT_RESTORE = 4 };
#define MSG__ACT (-1000)

/* Layout shared with vm/vm.h (VM_MSG_STATE_BYTES = 560, VM_MSG_REQ_*) and
 * dist/internal.h: the answer (act, level, from), the request (op .. buf),
 * the stream counters. */
struct msg_state {
    int act, level, from, op;
    int peer, pad;
    long len, arg;
    void *buf;
    unsigned consumed[MSG_MAX_RANKS];
    unsigned sent[MSG_MAX_RANKS];
};
static struct msg_state st;
static int finishing, registered;
static unsigned char *saved_log; /* the host's log at the last checkpoint */
static long saved_len;

static void at_exit(void)
{
    if (!finishing)
        msg_finish();
}

static long call(int op, int peer, void *buf, long len, long arg)
{
    if (!registered && op != OP_RANK && op != OP_SIZE) {
        registered = 1;
        atexit(at_exit);
    }
    for (;;) {
        st.op = op;
        st.peer = peer;
        st.buf = buf;
        st.len = len;
        st.arg = arg;
        long r = __host_msg(&st, sizeof st);
        if (r != MSG__ACT)
            return r;
        if (st.act == ACT_COMMIT) {
            __builtin_commit(st.level);
        } else if (st.act == ACT_ABORT) {
            __builtin_abort_level(st.level); /* continues at that level's entry */
        } else if (st.act == ACT_JOIN) {
            int l = __builtin_speculate();
            if (l > 0) {
                st.op = OP_JOINED;
                st.peer = l;
                st.len = 0;
                __host_msg(&st, sizeof st);
            }
            /* 0: that level was rolled back; the operation is retried */
        } else if (st.act == ACT_RESTORE) {
            st.op = OP_RESTORE;
            st.buf = saved_log;
            st.len = saved_len;
            __host_msg(&st, sizeof st);
        }
    }
}

int msg_rank(void)
{
    return (int)call(OP_RANK, 0, 0, 0, 0);
}

int msg_size(void)
{
    return (int)call(OP_SIZE, 0, 0, 0, 0);
}

int msg_send(int to, const void *buf, int len)
{
    if (len < 0)
        return MSG_EINVAL;
    return (int)call(OP_SEND, to, (void *)buf, len, 0);
}

int msg_recv(int from, void *buf, int cap, int timeout_ms)
{
    if (cap < 0)
        return MSG_EINVAL;
    return (int)call(OP_RECV, from, buf, cap, timeout_ms);
}

int msg_source(void)
{
    return (int)call(OP_SOURCE, 0, 0, 0, 0);
}

int msg_checkpoint(void)
{
    char target[700];
    memcpy(target, "checkpoint:", 11);
    long n = call(OP_CKPT_PATH, 0, target + 11, (long)sizeof target - 11, 0);
    if (n < 0)
        return (int)n;
    long need = call(OP_CKPT_LOG, 0, 0, 0, 0);
    for (;;) {
        if (need < 0)
            return (int)need;
        unsigned char *b = realloc(saved_log, need ? (size_t)need : 1);
        if (!b)
            return MSG_EIO;
        saved_log = b;
        long got = call(OP_CKPT_LOG, 0, saved_log, need, 0);
        if (got < 0)
            return (int)got;
        if (got <= need) { /* the log only shrinks between the calls */
            saved_len = got;
            break;
        }
        need = got;
    }
    if (migrate(target) < 0) {
        call(OP_CKPT_LOG, 0, 0, 0, 1); /* no image: the host keeps the older one's mark */
        return MSG_EIO;
    }
    return 0;
}

int msg_finish(void)
{
    finishing = 1;
    int r = (int)call(OP_FINISH, 0, 0, 0, 0);
    finishing = 0;
    return r;
}
