/* Returns of frames that hold blocks (VLAs, alloca) to compiled callers: the
   blocks given back as the interpreter's return does, in loops and in
   recursion; with an argument, a use of a returned frame block faults. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long vla_sum(int n)
{
    long v[n];
    for (int i = 0; i < n; i++)
        v[i] = (long)i * n;
    long s = 0;
    for (int i = 0; i < n; i++)
        s += v[i] ^ i;
    return s;
}

static int depth(int n)
{
    char *buf = __builtin_alloca((size_t)n + 8);
    memset(buf, n & 127, (size_t)n + 8);
    return n == 0 ? buf[0] : buf[n] + depth(n - 1);
}

static void fill(int n) { int w[n + 1]; w[n] = n; }

static char *leak(void)
{
    char *b = __builtin_alloca(32);
    strcpy(b, "frame");
    return b; /* dangling once returned */
}

int main(int argc, char **argv)
{
    long total = 0;
    for (int r = 0; r < 300; r++) {
        total += vla_sum(1 + r % 40);
        total += depth(r % 50);
        fill(r % 9);
    }
    printf("%ld\n", total);
    fflush(stdout);
    if (argc > 1 && atoi(argv[1]) == 1) {
        char *p = leak();
        total += p[0]; /* the frame's block is gone */
    }
    return (int)(total & 31);
}
