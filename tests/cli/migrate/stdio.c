/* Output still in the C library's buffer when the process is suspended is
 * part of the process: the resumed process prints it, the suspended one
 * does not.  Checkpointing again from the resumed process works too. */
#include <migrate.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    printf("buffered before the migration\n"); /* stdout is a pipe: not flushed */
    int r = strcmp(argv[1], "none") ? migrate(argv[1]) : 0;
    printf("first migrate returned %d\n", r);
    r = strcmp(argv[2], "none") ? migrate(argv[2]) : 0;
    printf("second migrate returned %d\n", r);
    double x = 1.0;
    for (int i = 0; i < 10; i++)
        x = x * 1.5 + 0.25;
    printf("x = %.10f\n", x);
    return 3;
}
