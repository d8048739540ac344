/* Open files across the migration: a file being read keeps its offset, a
 * file being written keeps its offset, stdout stays the host's. */
#include <migrate.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: files DIR TARGET\n");
        return 2;
    }
    char in[600], out[600];
    snprintf(in, sizeof in, "%s/input.txt", argv[1]);
    snprintf(out, sizeof out, "%s/output.txt", argv[1]);
    FILE *w = fopen(in, "w");
    for (int i = 1; i <= 20; i++)
        fprintf(w, "line %d\n", i);
    fclose(w);
    FILE *r = fopen(in, "r");
    FILE *o = fopen(out, "w");
    char buf[64];
    for (int i = 0; i < 8 && fgets(buf, sizeof buf, r); i++)
        fputs(buf, o);
    fflush(o);
    printf("read 8 lines, migrating\n");
    fflush(stdout);
    int rc = strcmp(argv[2], "none") ? migrate(argv[2]) : 0;
    printf("migrate returned %d\n", rc);
    while (fgets(buf, sizeof buf, r)) {
        buf[strcspn(buf, "\n")] = 0;
        fprintf(o, "[%s]\n", buf);
    }
    fclose(o);
    fclose(r);
    o = fopen(out, "r");
    int n = 0;
    while (fgets(buf, sizeof buf, o))
        n++;
    fclose(o);
    printf("output has %d lines\n", n);
    return 0;
}
