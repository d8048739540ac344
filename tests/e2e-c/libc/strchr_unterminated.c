/* strchr for a byte that is not in a block without a NUL faults at the
   block's end; found before the end, it does not. */
#include <stdio.h>
#include <string.h>

int main(void)
{
    char raw[5] = {'h', 'e', 'l', 'l', 'o'};
    printf("%ld\n", (long)(strchr(raw, 'l') - raw));
    fflush(stdout);
    return strchr(raw + 1, 'z') != NULL;
}
