/* Every rank prints much more than a pipe holds between two message
 * operations, on stdout and stderr, then they pass a token around the ring
 * and rank 0 says what came back: the output of ranks on --serve hosts
 * must all reach the launcher, whole lines in each rank's order. */
#include <msg.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int lines = argc > 1 ? atoi(argv[1]) : 20000;
    int me = msg_rank(), n = msg_size();
    for (int i = 0; i < lines; i++)
        printf("rank %d line %d of the chatty program\n", me, i);
    fprintf(stderr, "rank %d: %d lines written\n", me, lines);
    fflush(stdout);
    int token = 0;
    if (me == 0) {
        token = 1;
        msg_send(1 % n, &token, sizeof token);
        msg_recv(n - 1, &token, sizeof token, MSG_FOREVER);
        printf("token %d after %d ranks\n", token, n);
    } else {
        msg_recv(me - 1, &token, sizeof token, MSG_FOREVER);
        token += me;
        msg_send((me + 1) % n, &token, sizeof token);
    }
    msg_finish();
    return me == 2 ? 7 * (argc > 2) : 0;
}
