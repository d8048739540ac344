/* Checkpoint or suspend inside a speculation level: the level's stores to a
 * heap block, a global and a local, a block freed inside it, one allocated
 * inside it and its held output all travel in the image.  argv[1] is the
 * migrate target (or "none"), argv[2] how the level ends after it: "abort"
 * (the state before the level comes back, the held output is dropped, the
 * block allocated inside is reclaimed: using it faults) or "commit" (the
 * held output is written). */
#include <migrate.h>
#include <speculate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int counter = 10;

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    const char *target = argv[1], *how = argv[2];
    printf("before the level\n");
    fflush(stdout); /* stdout's buffer exists before the blocks below */
    int local = 1;
    int *heap = malloc(4 * sizeof *heap);
    char *doomed = malloc(40);
    strcpy(doomed, "freed inside, back after the abort");
    for (int i = 0; i < 4; i++)
        heap[i] = i;
    int *last = malloc(sizeof *last); /* the fresh block gets the next index */
    int l = speculate();
    if (l > 0) {
        counter = 20;
        local = 2;
        heap[1] = 100;
        free(doomed);
        char *fresh = malloc(64);
        strcpy(fresh, "allocated inside");
        printf("inside level %d: counter %d local %d heap[1] %d\n", l, counter, local,
               heap[1]);
        fflush(stdout); /* held */
        int r = strcmp(target, "none") ? migrate(target) : 0;
        printf("migrate returned %d\n", r);
        fflush(stdout); /* held */
        counter++;
        local++;
        heap[2] = 200;
        if (strcmp(how, "abort") == 0)
            abort(l);
        commit(l);
        printf("committed: counter %d local %d heap %d %d %d %d fresh '%s'\n", counter, local,
               heap[0], heap[1], heap[2], heap[3], fresh);
        return 0;
    }
    printf("aborted: counter %d local %d heap %d %d %d %d doomed '%s'\n", counter, local,
           heap[0], heap[1], heap[2], heap[3], doomed);
    fflush(stdout);
    char *stale = (char *)((uintptr_t)last + ((uintptr_t)1 << 32));
    printf("stale %c\n", stale[0]); /* reclaimed: use after free */
    return 0;
}
