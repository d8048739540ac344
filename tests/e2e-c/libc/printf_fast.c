/* The printf fast path (%d %i %u %x %X %s %c %% and %ld %lu %lx %zu %zd
 * without flags) against its general path and truncation: the expected
 * output is glibc's. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    char buf[64];
    printf("word-%d-%x|%i|%u|%X|%s|%c|%%|\n", 9972, 13999993, -17, 4000000000u, 0xbeefu, "str", 'q');
    printf("%d %d %d %d %u %x\n", 0, -1, INT_MIN, INT_MAX, UINT_MAX, 0u);
    printf("%ld %ld %lu %lx %zu %zd %li\n", LONG_MIN, LONG_MAX, ULONG_MAX, 0x123456789abcdefUL,
           (size_t)12345678901, (long)-5, 99L);
    printf("%d %5d|%-4d|%s %lld %hd\n", 1, 2, 3, "mixed", 123456789012LL, 70000);
    for (long v = 1; v < 100000000000000000L; v = v * 10 + 7)
        printf("%ld:%d ", v, (int)v);
    printf("\n%s|%s\n", (char *)NULL, "");
    for (size_t cap = 0; cap < 20; cap += 3) {
        memset(buf, 'Z', sizeof buf);
        int n = snprintf(buf, cap, "ab%dcd%x%s%c%%%lu", -12345, 0xabcu, "xyz", '!', 987654321UL);
        printf("%zu %d [%.24s]\n", cap, n, buf);
    }
    int n = snprintf(NULL, 0, "%d-%s", 12, "abc");
    printf("%d\n", n);
    return 0;
}
