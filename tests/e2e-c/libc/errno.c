/* errno values and perror/strerror messages (stderr is compared too). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    errno = 0;
    FILE *f = fopen("/nonexistent/dir/file.txt", "r");
    printf("fopen: %s errno=%d ENOENT=%d\n", f ? "ok" : "NULL", errno, ENOENT);
    perror("fopen");
    errno = EACCES;
    perror("");
    errno = EINVAL;
    perror(NULL);
    errno = 0;
    strtol("99999999999999999999", NULL, 10);
    printf("strtol overflow errno=%d ERANGE=%d\n", errno, ERANGE);
    perror("strtol");
    for (int e = 0; e <= 40; e++)
        printf("%d: %s\n", e, strerror(e));
    printf("%d: %s\n", 95, strerror(95));
    printf("%d: %s\n", -1, strerror(-1));
    printf("%d: %s\n", 1000, strerror(1000));
    errno = ENOMEM;
    fprintf(stderr, "m: %m\n");
    printf("EDOM=%d EILSEQ=%d EAGAIN=%d EWOULDBLOCK=%d\n", EDOM, EILSEQ, EAGAIN, EWOULDBLOCK);
    return 0;
}
