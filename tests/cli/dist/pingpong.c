/* Ping-pong between ranks 0 and 1, a ring over every rank, receive from
 * any rank, and a receive that times out. */
#include <msg.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    int me = msg_rank(), n = msg_size();
    char buf[64];
    /* ping-pong: 0 sends k, 1 answers k * 2, three times */
    for (int k = 1; k <= 3; k++) {
        if (me == 0) {
            int v = k, got = 0;
            msg_send(1, &v, sizeof v);
            int len = msg_recv(1, &got, sizeof got, MSG_FOREVER);
            printf("rank 0: ping %d pong %d (len %d)\n", v, got, len);
        } else if (me == 1) {
            int v = 0;
            msg_recv(0, &v, sizeof v, MSG_FOREVER);
            v *= 2;
            msg_send(0, &v, sizeof v);
        }
    }
    /* ring: a token goes around, each rank adds its rank + 1 */
    int token = 0;
    if (me == 0) {
        token = 100;
        msg_send(1 % n, &token, sizeof token);
        msg_recv(n - 1, &token, sizeof token, MSG_FOREVER);
        printf("rank 0: ring token %d\n", token);
    } else {
        msg_recv(me - 1, &token, sizeof token, MSG_FOREVER);
        token += me + 1;
        msg_send((me + 1) % n, &token, sizeof token);
    }
    /* everyone sends its name to rank 0, which receives from any */
    if (me == 0) {
        int sum = 0;
        for (int i = 1; i < n; i++) {
            int len = msg_recv(MSG_ANY, buf, sizeof buf, MSG_FOREVER);
            sum += msg_source();
            if (len != (int)strlen(buf) + 1)
                printf("rank 0: bad length %d\n", len);
        }
        printf("rank 0: heard from %d ranks, sources sum %d\n", n - 1, sum);
    } else {
        snprintf(buf, sizeof buf, "rank %d", me);
        msg_send(0, buf, (int)strlen(buf) + 1);
    }
    /* nobody sends to rank 0 now: a receive times out; a bad rank is refused */
    if (me == 0) {
        printf("rank 0: timeout %d\n", msg_recv(MSG_ANY, buf, sizeof buf, 50));
        printf("rank 0: self %d, bad rank %d\n", msg_send(0, buf, 1), msg_send(n, buf, 1));
        char small[2];
        int v = 7;
        msg_send(1, &v, sizeof v);
        msg_recv(1, buf, sizeof buf, MSG_FOREVER);
        printf("rank 0: truncated %d\n", msg_recv(1, small, 0, 1000) == MSG_ETRUNC);
        printf("rank 0: then %d\n", msg_recv(1, buf, sizeof buf, 1000));
    } else if (me == 1) {
        int v;
        msg_recv(0, &v, sizeof v, MSG_FOREVER);
        msg_send(0, &v, sizeof v);
        msg_send(0, "xyz", 4);
    }
    printf("rank %d of %d: done\n", me, n);
    return 0;
}
