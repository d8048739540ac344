/* Host calls from compiled code: strlen, memcpy, memset, memcmp and math
   functions of doubles in hot loops; with an argument, one host call that
   faults (or ends the process) inside compiled code. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long measure(const char *s) { return (long)strlen(s); }

static double shape(double x, int i)
{
    return fma(x, 0.5, sqrt(x)) + ldexp(floor(x), i % 7) + fmod(x, 3.25);
}

static void finish(int code)
{
    printf("finishing with %d\n", code); /* buffered: exit must flush it */
    exit(code);
}

int main(int argc, char **argv)
{
    char buf[64], copy[64];
    long total = 0;
    double acc = 0;
    for (int i = 0; i < 400; i++) {
        snprintf(buf, sizeof buf, "item %d of %d", i * 37, i ^ 0x55);
        total += measure(buf);
        memset(copy, 'a' + i % 26, sizeof copy);
        copy[sizeof copy - 1] = 0;
        memcpy(copy, buf, (size_t)measure(buf) / 2);
        total += memcmp(copy, buf, sizeof buf) > 0;
        acc += shape(i * 1.75, i);
        if (i % 100 == 0)
            puts(copy + 60);
    }
    printf("%ld %.17g\n", total, acc);
    fflush(stdout);
    int which = argc > 1 ? atoi(argv[1]) : 0;
    char *p = malloc(16);
    if (which == 1) {
        free(p);
        memcpy(p, buf, (size_t)measure(buf) / 4); /* freed block */
    } else if (which == 2) {
        total += measure((const char *)(uintptr_t)4096); /* not a pointer */
    } else if (which == 3) {
        memset(p, 0, 17); /* past the end */
    } else if (which == 4) {
        finish(7);
    }
    free(p);
    return (int)(total % 100);
}
