/* Strings: build words with snprintf, hash them, compare and copy. */
#include <stdio.h>
#include <string.h>

static unsigned long hash(const char *s)
{
    unsigned long h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

int main(void)
{
    char buf[64], prev[64] = "";
    unsigned long acc = 0;
    long matches = 0;
    for (int i = 0; i < 2000000; i++) {
        snprintf(buf, sizeof buf, "word-%d-%x", i % 9973, i * 7);
        acc += hash(buf) + strlen(buf);
        if (strcmp(buf, prev) > 0)
            matches++;
        if (strchr(buf, 'f'))
            matches += 2;
        strcpy(prev, buf);
    }
    printf("%lu %ld\n", acc, matches);
    return 0;
}
