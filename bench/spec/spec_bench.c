/*
 * spec_bench.c - the FIR side of `make bench-spec`: what entering, committing
 * and aborting a speculation level costs under firvm, for heaps of 200 KB,
 * 1 MB, 16 MB and 256 MB, with 10% or 100% of the heap mutated inside the
 * level.  Two heap shapes: "nodes" (1 KiB blocks, one byte written per
 * mutated block: each is cloned once) and "array" (one big block, one byte
 * written per 4 KiB page: saved per page, as fork's copy-on-write does).
 *
 *   entry  : speculate() alone, timed back to back with commits in between
 *            (the VM stack here is a few frames)
 *   commit : commit() of the level after the mutation
 *   abort  : abort() of the level after the mutation, up to the moment the
 *            program runs again after speculate() returned 0.  Every guest
 *            value is rolled back, so the start time is written to a scratch
 *            file with the write host call (run under --spec-io=direct); the
 *            median cost of that write, measured alone, is subtracted.
 *
 * Usage (under firvm --spec-io=direct): spec_bench SCRATCH [reps]
 * Prints one line per heap size, shape and fraction:
 *   heap_kb shape pct entry_us mutate_us commit_us abort_us   (medians)
 */
#include <speculate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

long __host_write(int fd, const void *buf, long n);
long __host_read(int fd, void *buf, long n);
int __host_open(const char *path, int flags, int mode);
long __host_lseek(int fd, long off, int whence);
int __host_close(int fd);

#define MAX_REPS 64
#define NODE 1024

static long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static double median_us(long *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_long);
    return v[n / 2] / 1000.0;
}

/* The heap under test: nnodes blocks of NODE bytes, or one array. */
static unsigned char **nodes;
static long nnodes;
static unsigned char *array;
static long array_size;

static void mutate(int pct, unsigned char value)
{
    if (array) {
        long limit = array_size / 100 * pct;
        for (long i = 0; i < limit; i += 4096)
            array[i] = value;
    } else {
        long limit = nnodes * pct / 100;
        for (long i = 0; i < limit; i++)
            nodes[i][0] = value;
    }
}

static int scratch = -1;

/* Median cost of the write used to carry a time across the abort. */
static long write_cost(void)
{
    long v[MAX_REPS];
    for (int r = 0; r < 31; r++) {
        __host_lseek(scratch, 0, 0);
        long t0 = now_ns();
        __host_write(scratch, &t0, sizeof t0);
        v[r] = now_ns() - t0;
    }
    qsort(v, 31, sizeof *v, cmp_long);
    return v[15];
}

static void measure(long heap_kb, const char *shape, int pct, int reps, long wcost)
{
    long entry[MAX_REPS], mut[MAX_REPS], com[MAX_REPS], abt[MAX_REPS];
    for (int r = 0; r < reps; r++) { /* entry alone, back to back */
        long t0 = now_ns();
        int l = speculate();
        entry[r] = now_ns() - t0;
        commit(l);
    }
    for (int r = 0; r < reps; r++) {
        int l = speculate();
        long t1 = now_ns();
        mutate(pct, (unsigned char)(r + 2));
        long t2 = now_ns();
        commit(l);
        long t3 = now_ns();
        mut[r] = t2 - t1;
        com[r] = t3 - t2;

        volatile int done = 0; /* set again below each time: rolled back */
        l = speculate();
        if (l == 0) {
            long t5 = now_ns(), t4 = 0;
            __host_lseek(scratch, 0, 0);
            __host_read(scratch, &t4, sizeof t4);
            abt[r] = t5 - t4 - wcost;
            if (abt[r] < 0)
                abt[r] = 0;
            done = 1;
        } else {
            mutate(pct, (unsigned char)(r + 100));
            __host_lseek(scratch, 0, 0);
            long t4 = now_ns();
            __host_write(scratch, &t4, sizeof t4);
            abort(l);
        }
        (void)done;
    }
    printf("%8ld %5s %4d %10.2f %10.1f %10.2f %10.2f\n", heap_kb, shape, pct,
           median_us(entry, reps), median_us(mut, reps), median_us(com, reps),
           median_us(abt, reps));
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: spec_bench SCRATCH [reps] (under firvm --spec-io=direct)\n");
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 15;
    if (reps < 1 || reps > MAX_REPS)
        reps = 15;
    scratch = __host_open(argv[1], 02 | 0100 | 01000, 0600);
    if (scratch < 0) {
        fprintf(stderr, "spec_bench: cannot open %s\n", argv[1]);
        return 1;
    }
    long wcost = write_cost();
    static const long sizes_kb[] = {200, 1024, 16 * 1024, 256 * 1024};
    static const int pcts[] = {10, 100};
    printf("%8s %5s %4s %10s %10s %10s %10s\n", "heap_kb", "shape", "pct", "entry_us",
           "mutate_us", "commit_us", "abort_us");
    for (int s = 0; s < 4; s++) {
        long size = sizes_kb[s] * 1024;
        int n = sizes_kb[s] >= 256 * 1024 ? (reps < 5 ? reps : 5) : reps;
        /* nodes */
        nnodes = size / NODE;
        nodes = malloc((size_t)nnodes * sizeof *nodes);
        for (long i = 0; i < nnodes; i++) {
            nodes[i] = malloc(NODE);
            memset(nodes[i], 1, NODE);
        }
        for (int p = 0; p < 2; p++)
            measure(sizes_kb[s], "nodes", pcts[p], n, wcost);
        for (long i = 0; i < nnodes; i++)
            free(nodes[i]);
        free(nodes);
        nodes = NULL;
        /* one array */
        array_size = size;
        array = malloc((size_t)size);
        memset(array, 1, (size_t)size);
        for (int p = 0; p < 2; p++)
            measure(sizes_kb[s], "array", pcts[p], n, wcost);
        free(array);
        array = NULL;
    }
    __host_close(scratch);
    return 0;
}
