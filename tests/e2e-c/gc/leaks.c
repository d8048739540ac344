/* Leaked blocks are reclaimed by the collector: 2.5 GiB allocated in 64 KiB
 * blocks that are never freed, more than the default heap limit (2 GiB);
 * the few that stay reachable keep their contents while they move. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char *keep[8] = {0};
    for (int i = 0; i < 40000; i++) {
        char *p = malloc(65536);
        if (!p) {
            printf("malloc failed at %d\n", i);
            return 1;
        }
        p[0] = (char)i;
        p[65535] = (char)(i >> 8);
        if (i % 5000 == 0)
            keep[i / 5000] = p;
    }
    long sum = 0;
    for (int k = 0; k < 8; k++)
        sum += keep[k][0] * 1000 + keep[k][65535];
    printf("%ld\n", sum);
    return 0;
}
