/*
 * fork_spec.c - the baseline for `make bench-spec`: speculation as a kernel would do it
 * with fork() (the Speculations paper's design), measured natively on this machine.
 *
 *   entry  : fork() a child that waits on a pipe; the child is the checkpoint.
 *   commit : kill the checkpoint child and reap it (the speculative state stays).
 *   abort  : wake the checkpoint child and exit the speculating process; the child goes on
 *            with the state as it was at entry.  Timed from the abort call in the parent to
 *            the moment the child runs (timestamps in a shared page).
 * Between entry and commit/abort the speculating process writes one byte in every page of
 * 10% or 100% of its heap (the copy-on-write work), reported as "mutate".
 *
 * Usage: fork_spec [reps]   Prints one line per heap size and fraction:
 *   heap_kb pct entry_us mutate_us commit_us abort_us   (medians of reps)
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return v[n / 2];
}

static void mutate(unsigned char *heap, size_t size, int pct, unsigned char value)
{
    size_t limit = size / 100 * pct;
    for (size_t i = 0; i < limit; i += 4096)
        heap[i] = value;
}

/* Shared between the speculating process and its checkpoint child. */
struct shared {
    double abort_start, abort_end;
};

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 15;
    if (reps < 1 || reps > 1000)
        reps = 15;
    static const size_t sizes_kb[] = {200, 1024, 16 * 1024, 256 * 1024};
    static const int pcts[] = {10, 100};
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
                             MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    printf("%8s %4s %10s %10s %10s %10s\n", "heap_kb", "pct", "entry_us", "mutate_us",
           "commit_us", "abort_us");
    for (size_t s = 0; s < sizeof sizes_kb / sizeof sizes_kb[0]; s++) {
        size_t size = sizes_kb[s] * 1024;
        unsigned char *heap = malloc(size);
        memset(heap, 1, size);
        for (size_t p = 0; p < 2; p++) {
            double entry[1000], mut[1000], commit[1000], abrt[1000];
            for (int r = 0; r < reps; r++) {
                /* entry + mutate + commit */
                int fds[2];
                if (pipe(fds) != 0) { perror("pipe"); return 1; }
                double t0 = now_us();
                pid_t child = fork();
                if (child == 0) {
                    char c;
                    close(fds[1]);
                    (void)!read(fds[0], &c, 1); /* checkpoint: wait until killed */
                    _exit(0);
                }
                double t1 = now_us();
                mutate(heap, size, pcts[p], 2);
                double t2 = now_us();
                kill(child, SIGKILL);
                waitpid(child, NULL, 0);
                double t3 = now_us();
                close(fds[0]);
                close(fds[1]);
                entry[r] = t1 - t0;
                mut[r] = t2 - t1;
                commit[r] = t3 - t2;

                /* entry + mutate + abort: the checkpoint child takes over */
                if (pipe(fds) != 0) { perror("pipe"); return 1; }
                pid_t spec = fork(); /* the speculating process, so we can wait for it all */
                if (spec == 0) {
                    pid_t ck = fork();
                    if (ck == 0) {
                        char c;
                        close(fds[1]);
                        if (read(fds[0], &c, 1) == 1) {
                            sh->abort_end = now_us(); /* resumed at the checkpoint */
                            _exit(heap[0] == 1 ? 0 : 3);
                        }
                        _exit(4);
                    }
                    mutate(heap, size, pcts[p], 2);
                    sh->abort_start = now_us();
                    (void)!write(fds[1], "x", 1);
                    _exit(0); /* the speculative state is dropped */
                }
                close(fds[0]);
                close(fds[1]);
                int status;
                waitpid(spec, &status, 0);
                while (sh->abort_end < sh->abort_start) /* checkpoint child is not ours */
                    usleep(10);
                abrt[r] = sh->abort_end - sh->abort_start;
                sh->abort_end = sh->abort_start = 0;
            }
            printf("%8zu %4d %10.1f %10.1f %10.1f %10.1f\n", sizes_kb[s], pcts[p],
                   median(entry, reps), median(mut, reps), median(commit, reps),
                   median(abrt, reps));
            fflush(stdout);
        }
        free(heap);
    }
    return 0;
}
