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
 */
#include <migrate.h>
#include <speculate.h>
#include <stdio.h>
#include <stdlib.h>

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

int main(int argc, char **argv)
{
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
