/* msg.h - messages between the ranks of one program (DESIGN.md
 * "Distributed speculations"; run with `firvm --launch N prog.fir` or
 * `mpiexec -n N firvm prog.fir`).
 *
 *   int msg_rank(void);     this rank, 0 .. msg_size() - 1 (0 when not launched)
 *   int msg_size(void);     the number of ranks (1 when not launched)
 *   int msg_send(int to, const void *buf, int len);
 *                           queues len bytes (<= MSG_MAX_BYTES) for rank `to`;
 *                           0 or a negative code
 *   int msg_recv(int from, void *buf, int cap, int timeout_ms);
 *                           the next message from rank `from` (or MSG_ANY),
 *                           waiting up to timeout_ms (MSG_FOREVER: no limit);
 *                           returns its length, or a negative code
 *   int msg_source(void);   the sender of the last message received
 *   int msg_checkpoint(void);
 *                           waits until every speculation this rank joined is
 *                           decided and every peer has what it sent, then
 *                           writes this rank's image (migrate("checkpoint:")),
 *                           from which the launcher resurrects it if it dies;
 *                           0, or MSG_EBUSY inside the program's own level
 *   int msg_finish(void);   waits for the same, then for every rank to finish;
 *                           called by exit() (atexit) after the first message
 *
 * Messages of one sender to one receiver arrive in order, exactly once.
 * Inside speculation levels (<speculate.h>) a message carries the sender's
 * speculations: the receiver joins them without seeing it, and is rolled
 * back to before the message if one of them aborts; its output is held
 * until all of them commit.
 *
 * Negative codes: */
#ifndef _MSG_H
#define _MSG_H

#define MSG_ANY (-1)
#define MSG_FOREVER (-1)
#define MSG_MAX_BYTES (1 << 20)
#define MSG_MAX_RANKS 64

#define MSG_ROLL (-1)     /* the peer died while this rank was inside its own speculation:
                             roll it back (abort) and retry; outside one the receive
                             just waits for the resurrected peer */
#define MSG_TIMEOUT (-2)  /* nothing arrived within timeout_ms */
#define MSG_EINVAL (-3)   /* no such rank, own rank, or a message too long */
#define MSG_ETRUNC (-4)   /* the message is longer than cap (it stays queued) */
#define MSG_ENOTDIST (-5) /* this VM is not one of several ranks */
#define MSG_CLOSED (-6)   /* the peer (every peer for MSG_ANY) finished */
#define MSG_EBUSY (-7)    /* msg_checkpoint inside a speculation level */
#define MSG_EIO (-8)      /* host out of memory */

int msg_rank(void);
int msg_size(void);
int msg_send(int to, const void *buf, int len);
int msg_recv(int from, void *buf, int cap, int timeout_ms);
int msg_source(void);
int msg_checkpoint(void);
int msg_finish(void);

#endif
