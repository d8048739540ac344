/* Large blocks (1 MB here) are saved per 4 KiB page: a few writes per level
 * cost a few pages, and rollback restores exactly those bytes. */
#include <speculate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIZE (1 << 20)

static unsigned checksum(const unsigned char *a)
{
    unsigned h = 2166136261u;
    for (int i = 0; i < SIZE; i++)
        h = (h ^ a[i]) * 16777619u;
    return h;
}

static unsigned char global_big[SIZE];

int main(void)
{
    unsigned char *a = malloc(SIZE);
    for (int i = 0; i < SIZE; i++)
        a[i] = (unsigned char)(i * 7);
    memset(global_big, 3, SIZE);
    unsigned h0 = checksum(a), g0 = checksum(global_big);
    for (int round = 0; round < 100; round++) {
        int l = speculate();
        if (l == 0)
            continue;
        a[round * 4099 % SIZE] ^= 0xff;           /* a few pages */
        a[SIZE - 1 - round] = 1;
        memset(a + 100000 + round * 10, 9, 8000); /* spans pages */
        global_big[round * 10007 % SIZE] = 0;
        abort(l);
    }
    printf("after 100 aborted rounds: data %s, global %s\n",
           checksum(a) == h0 ? "unchanged" : "CHANGED",
           checksum(global_big) == g0 ? "unchanged" : "CHANGED");

    int outer = speculate();
    a[5] = 1;
    int inner = speculate();
    a[5] = 2;
    a[SIZE / 2] = 2;
    commit(inner);
    int third = speculate();
    if (third > 0) {
        a[SIZE / 2 + 1] = 3;
        abort(third);
    }
    commit(outer);
    printf("a[5]=%d a[mid]=%d a[mid+1]=%d\n", a[5], a[SIZE / 2], a[SIZE / 2 + 1]);

    unsigned h1 = checksum(a);
    int l = speculate();
    if (l == 0) {
        printf("after abort: data %s\n", checksum(a) == h1 ? "unchanged" : "CHANGED");
        return 0;
    }
    for (int i = 0; i < SIZE; i += 4096) /* every page */
        a[i] = 0xee;
    abort(l);
}
