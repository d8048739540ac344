/* Distributed speculations on 2-3 ranks (tests/cli/dist_spec.sh).
 *   spec held OUT DIR    2 ranks: rank 1 joins rank 0's speculation by
 *                        receiving; its output is held until rank 0 commits
 *                        (rank 0 looks at the output file OUT before and after)
 *   spec chain DIR       3 ranks: 0 -> 1 -> 2 inside rank 0's speculation;
 *                        rank 0 aborts: 1 and 2 roll back to before their first
 *                        message of it, then get the value sent again
 *   spec two DIR         3 ranks: rank 2 depends on speculations of ranks 0 and
 *                        1; rank 1 aborts, rank 0 commits: rank 2 keeps rank 0's
 *                        message and gets rank 1's again
 * DIR is a scratch directory for the files the ranks wait for. */
#include <msg.h>
#include <speculate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[256];

static void touch(const char *name)
{
    char p[300];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (f)
        fclose(f); /* held inside a level, but the file exists at once */
}

/* Waits for a file, receiving (and never getting) from rank `quiet`. */
static void wait_file(const char *name, int quiet)
{
    char p[300], b[4];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    for (;;) {
        FILE *f = fopen(p, "r");
        if (f) {
            fclose(f);
            return;
        }
        msg_recv(quiet, b, sizeof b, 20);
    }
}

/* Does file path contain line? */
static int contains(const char *path, const char *line)
{
    static char text[4096];
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    return strstr(text, line) != NULL;
}

static int deliveries; /* rolled back with everything else */

static int get(int from)
{
    int v = 0;
    int n = msg_recv(from, &v, sizeof v, 20000);
    if (n != (int)sizeof v) {
        printf("rank %d: receive from %d: %d\n", msg_rank(), from, n);
        exit(1);
    }
    deliveries++;
    return v;
}

static void put(int to, int v)
{
    msg_send(to, &v, sizeof v);
}

static void held(const char *out)
{
    if (msg_rank() == 0) {
        int l = speculate();
        put(1, 42);
        wait_file("printed", 1);
        int before = contains(out, "rank 1: got 42");
        commit(l);
        put(1, 0); /* not speculative: rank 1 takes it after the commit */
        wait_file("after", 1);
        printf("rank 0: member output before commit: %s\n", before ? "yes" : "no");
        printf("rank 0: member output after commit: %s\n",
               contains(out, "rank 1: got 42") ? "yes" : "no");
    } else {
        int v = get(0);
        printf("rank 1: got %d\n", v);
        fflush(stdout);
        touch("printed");
        get(0);
        touch("after");
    }
}

static void chain(void)
{
    int me = msg_rank();
    if (me == 0) {
        int l = speculate();
        if (l > 0) {
            put(1, 1);
            wait_file("reached2", 2);
            abort(l);
        }
        put(1, 2); /* the value sent again, outside any level */
        printf("rank 0: sent again after the abort\n");
    } else if (me == 1) {
        int v = get(0);
        put(2, v * 10);
        printf("rank 1: got %d, deliveries %d\n", v, deliveries);
    } else {
        int v = get(1);
        touch("reached2");
        printf("rank 2: got %d, deliveries %d\n", v, deliveries);
    }
}

static void two(void)
{
    int me = msg_rank();
    if (me == 0) {
        int l = speculate();
        put(2, 100);
        wait_file("joined2", 2);
        commit(l);
        printf("rank 0: committed\n");
    } else if (me == 1) {
        int l = speculate();
        if (l > 0) {
            put(2, 7);
            wait_file("joined2", 2);
            abort(l);
        }
        put(2, 8);
        printf("rank 1: aborted, sent 8\n");
    } else {
        int a = get(0);
        int b = get(1);
        touch("joined2");
        printf("rank 2: %d + %d = %d, deliveries %d\n", a, b, a + b, deliveries);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    snprintf(dir, sizeof dir, "%s", argv[argc - 1]);
    if (strcmp(argv[1], "held") == 0 && argc == 4)
        held(argv[2]);
    else if (strcmp(argv[1], "chain") == 0)
        chain();
    else if (strcmp(argv[1], "two") == 0)
        two();
    else
        return 2;
    return 0;
}
