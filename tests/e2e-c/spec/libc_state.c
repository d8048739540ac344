/* The C library's own state lives in the VM like the program's: rand's
 * state, errno and a stdio buffer are rolled back with the level. */
#include <errno.h>
#include <math.h>
#include <speculate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    srand(12345);
    int r1 = rand();
    errno = 0;
    printf("partial line, buffered: ");
    int l = speculate();
    if (l > 0) {
        for (int i = 0; i < 10; i++)
            rand();
        strtol("99999999999999999999999", NULL, 10); /* sets errno = ERANGE */
        printf("lost text that never reaches the buffer's owner");
        abort(l);
    }
    int r2 = rand();
    printf("errno=%d\n", errno);

    srand(12345);
    int s1 = rand(), s2 = rand();
    printf("r1=%d r2=%d same as a fresh sequence: %d\n", r1, r2, r1 == s1 && r2 == s2);

    l = speculate();
    int kept = rand();
    strtol("99999999999999999999999", NULL, 10);
    commit(l);
    printf("committed: errno is ERANGE: %d, rand moved on: %d\n", errno == ERANGE,
           kept != rand());
    return 0;
}
