/* bench/migrate/heap.c - a process with MB megabytes of live heap (4 KiB
 * blocks in a linked chain, filled), which checkpoints itself and reports
 * how long migrate() took; the resumed process reports the wall-clock time
 * at which it is running again.
 *   firvm heap.fir MB checkpoint:FILE */
#include <migrate.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct blk {
    struct blk *next;
    long fill[511];
};

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    long mb = atol(argv[1]);
    struct blk *head = NULL;
    for (long i = 0; i < mb * 256; i++) {
        struct blk *b = malloc(sizeof *b);
        for (int k = 0; k < 511; k++)
            b->fill[k] = i * 511 + k;
        b->next = head;
        head = b;
    }
    long long t0 = now_ns();
    int r = migrate(argv[2]);
    long long t1 = now_ns();
    long sum = 0;
    for (struct blk *b = head; b; b = b->next)
        sum += b->fill[7];
    printf("migrate %d ms %.3f running-at-ns %lld sum %ld\n", r, (t1 - t0) / 1e6, t1, sum);
    return 0;
}
