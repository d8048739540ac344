/* Rank 1 sends 11, 22 to rank 0, which prints them (tests/cli/dist_bad_input.sh). */
#include <msg.h>
#include <stdio.h>

int main(void)
{
    int v;
    if (msg_rank() == 1) {
        v = 11;
        msg_send(0, &v, sizeof v);
        v = 22;
        msg_send(0, &v, sizeof v);
        return 0;
    }
    for (int i = 0; i < 2; i++) {
        int n = msg_recv(1, &v, sizeof v, 20000);
        printf("rank 0: %d (%d bytes)\n", v, n);
    }
    return 0;
}
