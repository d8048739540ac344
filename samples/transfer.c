/*
 * transfer.c - the paper's Figure 1: an atomic transfer between two objects.
 *
 * The transfer swaps the contents of two objects with four operations that
 * may each fail: read A, read B, write B's contents into A, write A's into B.
 * A failure after some of them have already changed things would leave the
 * objects half swapped; inside a speculation the program simply aborts, and
 * the whole process (both objects, the heap, the stack, even the output)
 * is back as it was when speculate() was called, which then returns 0.
 *
 *   transfer                 each failure point in turn, then a success
 *   transfer fail N          one transfer whose operation N (1-4) fails
 *   transfer random SEED [K] K transfers (default 8), failures chosen by a
 *                            seeded random generator
 *
 * Build and run: bin/firc samples/transfer.c -o transfer.fir &&
 *                bin/firvm transfer.fir random 7
 */
#include <speculate.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NVALUES 5

typedef struct Object {
    char name[16];
    int values[NVALUES];
} Object;

static const char *const op_names[] = {"none", "read A", "read B", "write A", "write B"};

/* The operation that fails in the current transfer (1-4), 0 for none.
 * Chosen before speculating: a rollback restores every variable. */
static int fail_op;

static int read_object(const Object *o, int op, int *out)
{
    if (op == fail_op)
        return -1;
    memcpy(out, o->values, sizeof o->values);
    return 0;
}

/* Writes half of the values, then may fail: a partial write. */
static int write_object(Object *o, int op, const int *in)
{
    for (int i = 0; i < NVALUES / 2; i++)
        o->values[i] = in[i];
    if (op == fail_op)
        return -1;
    for (int i = NVALUES / 2; i < NVALUES; i++)
        o->values[i] = in[i];
    return 0;
}

/* Figure 1: speculate, do the four operations, abort on any failure, commit
 * when all succeeded.  Returns 0 on success, -1 after a rollback. */
static int transfer(Object *a, Object *b)
{
    int level = speculate();
    if (level == 0)
        return -1; /* rolled back: a and b are exactly as before */
    int *x = malloc(NVALUES * sizeof *x); /* reclaimed by a rollback too */
    int *y = malloc(NVALUES * sizeof *y);
    if (read_object(a, 1, x) < 0)
        abort(level);
    if (read_object(b, 2, y) < 0)
        abort(level);
    if (write_object(a, 3, y) < 0)
        abort(level);
    if (write_object(b, 4, x) < 0)
        abort(level);
    free(x);
    free(y);
    commit(level);
    return 0;
}

static void show(const Object *o)
{
    printf("%s=[", o->name);
    for (int i = 0; i < NVALUES; i++)
        printf("%s%d", i ? " " : "", o->values[i]);
    printf("]");
}

static void attempt(Object *a, Object *b, int fail)
{
    Object before_a = *a, before_b = *b;
    fail_op = fail;
    int rc = transfer(a, b);
    printf("failure at %-7s -> %s: ", op_names[fail], rc == 0 ? "committed" : "rolled back");
    show(a);
    printf(" ");
    show(b);
    if (rc == 0) {
        bool swapped = memcmp(a->values, before_b.values, sizeof a->values) == 0 &&
                       memcmp(b->values, before_a.values, sizeof b->values) == 0;
        printf(" (%s)\n", swapped ? "swapped" : "NOT SWAPPED");
    } else {
        bool same = memcmp(a, &before_a, sizeof *a) == 0 && memcmp(b, &before_b, sizeof *b) == 0;
        printf(" (%s)\n", same ? "unchanged" : "CHANGED");
    }
}

int main(int argc, char **argv)
{
    Object a = {"A", {1, 2, 3, 4, 5}};
    Object b = {"B", {10, 20, 30, 40, 50}};
    if (argc >= 3 && strcmp(argv[1], "fail") == 0) {
        int n = atoi(argv[2]);
        if (n < 0 || n > 4) {
            fprintf(stderr, "transfer: fail N: N is 1 to 4 (0: no failure)\n");
            return 2;
        }
        attempt(&a, &b, n);
    } else if (argc >= 3 && strcmp(argv[1], "random") == 0) {
        srand((unsigned)atoi(argv[2]));
        int k = argc >= 4 ? atoi(argv[3]) : 8;
        for (int i = 0; i < k; i++)
            attempt(&a, &b, rand() % 6 < 4 ? 1 + rand() % 4 : 0);
    } else if (argc == 1) {
        for (int n = 1; n <= 4; n++)
            attempt(&a, &b, n);
        attempt(&a, &b, 0);
    } else {
        fprintf(stderr, "usage: transfer [fail N | random SEED [COUNT]]\n");
        return 2;
    }
    return 0;
}
