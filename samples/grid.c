/*
 * grid.c - the paper's Figure 2 on one process: a grid computation (2D heat
 * diffusion) that runs each interval of steps inside a speculation.  When
 * a "neighbour" reports a failure at the end of an interval, the interval
 * is aborted: the grids, the step counter and everything else are back as
 * they were at its start, and it runs again.  So the final grid is the same,
 * bit for bit, whatever failures happen.
 *
 *   grid             no failures
 *   grid SEED        failures injected by a seeded generator (about one
 *                    attempt in three fails)
 *   grid SEED FILE   also checkpoints the process to FILE after every
 *                    committed interval (Figure 2's checkpoint); a run that
 *                    dies resumes from its last checkpoint with `firvm FILE`
 *
 * The grids are 96x96 doubles (72 KiB each): blocks this large are saved
 * per 4 KiB page inside a speculation.  Build and run:
 *   bin/firc samples/grid.c -o grid.fir && bin/firvm grid.fir 5
 *
 * On several ranks (`firvm --launch 4 grid.fir [K [MODE [STEPS]]]`) it is the
 * figure itself: the rows are split between the ranks, each step exchanges
 * the border rows with the neighbours, each interval is a speculation, and
 * every K intervals (default 1) each rank checkpoints (msg_checkpoint).
 * When a neighbour dies, the receive from it returns MSG_ROLL and the
 * interval is aborted and run again; the launcher resurrects the dead rank
 * from its last checkpoint, and it catches up.  Rank 0 gathers the rows at
 * the end and prints the same grid as the single process, bit for bit.
 * MODE "plain" runs the same exchanges with no speculation and no
 * checkpoint (the baseline of `make bench-cluster`); STEPS defaults to 200.
 */
#include <migrate.h>
#include <msg.h>
#include <speculate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 96
#define STEPS 200
#define INTERVAL 20

static double (*cur)[N], (*next)[N];
static int step;

/* One explicit diffusion step; the top edge is held at 100 degrees. */
static void relax(void)
{
    for (int i = 1; i < N - 1; i++)
        for (int j = 1; j < N - 1; j++)
            next[i][j] = cur[i][j] + 0.2 * (cur[i - 1][j] + cur[i + 1][j] + cur[i][j - 1] +
                                            cur[i][j + 1] - 4 * cur[i][j]);
    double(*t)[N] = cur;
    cur = next;
    next = t;
    step++;
}

/* The neighbour's verdict on an interval: it fails (about one time in
 * three) when failures are injected; deterministic in (seed, interval,
 * attempt), so a run can be repeated. */
static int neighbour_failed(unsigned seed, int interval, int attempt)
{
    if (seed == 0)
        return 0;
    unsigned long long x = seed * 1000003ULL + (unsigned)interval * 7919ULL + (unsigned)attempt;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL; /* splitmix64's mixer */
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return (x >> 33) % 3 == 0;
}

/* ------------------------------------------------------- on several ranks */

static int me, nranks, lo, hi; /* this rank holds global rows lo .. hi-1 */
static double (*lcur)[N], (*lnext)[N]; /* local rows: 0 and hi-lo+1 are ghosts */

/* Sends our border rows and receives the neighbours' into the ghost rows;
 * MSG_ROLL when a neighbour died. */
static int exchange(void)
{
    int rows = hi - lo;
    if (me > 0)
        msg_send(me - 1, lcur[1], sizeof lcur[1]);
    if (me < nranks - 1)
        msg_send(me + 1, lcur[rows], sizeof lcur[rows]);
    if (me > 0 && msg_recv(me - 1, lcur[0], sizeof lcur[0], MSG_FOREVER) < 0)
        return MSG_ROLL;
    if (me < nranks - 1 && msg_recv(me + 1, lcur[rows + 1], sizeof lcur[0], MSG_FOREVER) < 0)
        return MSG_ROLL;
    return 0;
}

/* relax() on our rows: the same arithmetic on the same values. */
static void relax_local(void)
{
    for (int i = lo > 1 ? lo : 1; i < (hi < N - 1 ? hi : N - 1); i++) {
        int r = i - lo + 1;
        for (int j = 1; j < N - 1; j++)
            lnext[r][j] = lcur[r][j] + 0.2 * (lcur[r - 1][j] + lcur[r + 1][j] + lcur[r][j - 1] +
                                              lcur[r][j + 1] - 4 * lcur[r][j]);
    }
    double(*t)[N] = lcur;
    lcur = lnext;
    lnext = t;
    step++;
}

static int distributed(int every, int spec, int steps)
{
    me = msg_rank();
    nranks = msg_size();
    lo = me * N / nranks;
    hi = (me + 1) * N / nranks;
    lcur = calloc(hi - lo + 2, sizeof *lcur);
    lnext = calloc(hi - lo + 2, sizeof *lnext);
    if (lo == 0)
        for (int j = 0; j < N; j++)
            lcur[1][j] = lnext[1][j] = 100.0;
    int rollbacks = 0;
    for (int interval = 0; step < steps; interval++) {
        if (!spec) {
            for (int k = 0; k < INTERVAL; k++) {
                if (exchange() == MSG_ROLL)
                    return 1; /* no way back without speculation */
                relax_local();
            }
            continue;
        }
        /* outside every level: the checkpoint holds only committed work */
        if (every && interval % every == 0 && msg_checkpoint() != 0)
            printf("rank %d: interval %d: checkpoint failed\n", me, interval);
        int level;
        while ((level = speculate()) == 0)
            rollbacks++;
        for (int k = 0; k < INTERVAL; k++) {
            if (exchange() == MSG_ROLL)
                abort(level); /* a neighbour died: run the interval again */
            relax_local();
        }
        commit(level);
    }
    if (rollbacks)
        fprintf(stderr, "rank %d: %d intervals rolled back\n", me, rollbacks);
    /* rank 0 gathers the rows and sums them in the single process's order */
    if (me > 0) {
        msg_send(0, lcur[1], (hi - lo) * (int)sizeof lcur[1]);
        return 0;
    }
    cur = calloc(N, sizeof *cur);
    for (int i = lo; i < hi; i++)
        for (int j = 0; j < N; j++)
            cur[i][j] = lcur[i - lo + 1][j];
    for (int r = 1; r < nranks; r++) {
        int rlo = r * N / nranks, rhi = (r + 1) * N / nranks;
        int n = msg_recv(r, cur[rlo], (rhi - rlo) * (int)sizeof cur[0], MSG_FOREVER);
        if (n != (rhi - rlo) * (int)sizeof cur[0])
            printf("rank 0: rows of rank %d: %d\n", r, n);
    }
    double sum = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            sum += cur[i][j];
    printf("%d ranks, %d steps\n", nranks, step);
    printf("checksum %a\n", sum);
    printf("centre %.17g\n", cur[N / 2][N / 2]);
    printf("near the hot edge %.17g\n", cur[1][N / 2]);
    return 0;
}

int main(int argc, char **argv)
{
    if (msg_size() > 1)
        return distributed(argc > 1 ? atoi(argv[1]) : 1,
                           !(argc > 2 && strcmp(argv[2], "plain") == 0),
                           argc > 3 ? atoi(argv[3]) : STEPS);
    unsigned seed = argc > 1 ? (unsigned)atoi(argv[1]) : 0;
    char ckpt[512] = "";
    if (argc > 2)
        snprintf(ckpt, sizeof ckpt, "checkpoint:%s", argv[2]);
    cur = calloc(N, sizeof *cur);
    next = calloc(N, sizeof *next);
    for (int j = 0; j < N; j++)
        cur[0][j] = next[0][j] = 100.0;
    int failures = 0;
    for (int interval = 0; step < STEPS; interval++) {
        int attempt = 0; /* restored by a rollback, then counted below */
        int level;
        while ((level = speculate()) == 0) {
            attempt++;
            failures++;
            printf("interval %d: neighbour failed, rolled back to step %d, retrying\n",
                   interval, step);
        }
        for (int k = 0; k < INTERVAL; k++)
            relax();
        if (neighbour_failed(seed, interval, attempt))
            abort(level);
        commit(level);
        /* outside every level: the checkpoint holds only committed work */
        if (ckpt[0] && migrate(ckpt) != 0)
            printf("interval %d: checkpoint failed\n", interval);
    }
    double sum = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            sum += cur[i][j];
    printf("%d steps, %d rollbacks\n", step, failures);
    printf("checksum %a\n", sum);
    printf("centre %.17g\n", cur[N / 2][N / 2]);
    printf("near the hot edge %.17g\n", cur[1][N / 2]);
    return 0;
}
