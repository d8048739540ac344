/* strcmp reads past the end of a block that holds no NUL: the equal prefix
   runs to the end of the shorter block, so the host call faults, naming it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *a = malloc(3);
    memcpy(a, "abc", 3);
    printf("%d\n", strncmp(a, "abcd", 3));
    fflush(stdout);
    return strcmp("abcdef", a);
}
