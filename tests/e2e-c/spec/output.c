/* Output written inside a level (stdout flushed, stderr unbuffered) waits
 * for the outermost commit; an aborted level's output never appears. */
#include <speculate.h>
#include <stdio.h>

int main(void)
{
    printf("1 outside\n");
    fflush(stdout);
    int a = speculate();
    if (a > 0) {
        printf("lost: stdout inside an aborted level\n");
        fflush(stdout);
        fprintf(stderr, "lost: stderr inside an aborted level\n");
        abort(a);
    }
    fprintf(stderr, "2 stderr after the abort\n");

    a = speculate();
    printf("3 inside a, held\n");
    fflush(stdout);
    fprintf(stderr, "4 stderr inside a, held\n");
    int b = speculate();
    printf("5 inside b, held\n");
    fflush(stdout);
    int c = speculate();
    if (c > 0) {
        printf("lost: inside c\n");
        fflush(stdout);
        fprintf(stderr, "lost: stderr inside c\n");
        abort(c);
    }
    commit(b);      /* b folds into a: still held */
    commit(a);      /* outermost: 3, 4, 5 appear now */
    printf("6 after the commits\n");
    fflush(stdout);

    /* committing the outermost level releases what was written before the
     * next level was entered, not what the next level wrote */
    a = speculate();
    printf("7 in a\n");
    fflush(stdout);
    b = speculate();
    if (b == 0) {
        printf("8 b aborted after a committed: 7 was released, b's output was not\n");
        return 0;
    }
    printf("lost: in b\n");
    fflush(stdout);
    commit(a);
    abort(b);
}
