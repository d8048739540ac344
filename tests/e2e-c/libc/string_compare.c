/* strcmp, strncmp and strchr (host calls): every pair of a set of strings
   (empty, prefixes, bytes above 127), limits 0, 1, 2 and SIZE_MAX, strings
   that end in their block's last byte, buffers that are not terminated but
   differ (or reach the limit) first; strchr for every 7th byte value,
   the NUL, and a c above 255 (converted to char). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sign(int v) { return (v > 0) - (v < 0); }

int main(void)
{
    const char *w[] = {"", "a", "ab", "abc", "abd", "b", "\xff", "\x80x", "A", "abcdefghijklmnopq"};
    int n = sizeof w / sizeof *w;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            printf("%d %d: %d %d %d %d %d\n", i, j, strcmp(w[i], w[j]), strncmp(w[i], w[j], 0),
                   strncmp(w[i], w[j], 1), strncmp(w[i], w[j], 2),
                   strncmp(w[i], w[j], (size_t)-1));
    const char *s = "hello, world";
    for (int c = 0; c < 300; c += 7) {
        char *p = strchr(s, c);
        printf("%d:%ld ", c, p ? (long)(p - s) : -1L);
    }
    printf("\n%ld %ld %d\n", (long)(strchr(s, 0) - s), (long)(strchr(s, 'o' + 256) - s),
           strchr("", 'a') == NULL);
    char raw[4] = {'a', 'b', 'c', 'd'};           /* no NUL */
    printf("%d %d %d\n", strncmp(raw, "abcz", 3), sign(strcmp(raw, "ab")), sign(strncmp(raw, "abcd", 4)));
    printf("%ld\n", (long)(strchr(raw, 'c') - raw));
    char *h = malloc(4);
    memcpy(h, "xyz", 4);                           /* the NUL is the block's last byte */
    printf("%d %d %d %ld\n", strcmp(h, "xyz"), sign(strcmp(h, "xy")), sign(strcmp("xyzz", h)),
           (long)(strchr(h, 0) - h));
    free(h);
    return 0;
}
