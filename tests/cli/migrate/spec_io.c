/* Held I/O in an image: input read inside a level, a file opened, written
 * and closed inside it.  argv[1] is the migrate target (or "none"), argv[2]
 * the mode, argv[3] a directory.  After the migration:
 *   abort       the input read inside the level is read again (from the
 *               image's journal, then the resuming host's stdin), the file
 *               stays empty
 *   commit      the held writes and the held close reach the file
 *   abort-late  no migration inside the level: it aborts, and the process
 *               migrates with that input waiting to be read again (replay
 *               buffers travel without open levels) */
#include <migrate.h>
#include <speculate.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    const char *target = argv[1], *how = argv[2];
    char path[512];
    snprintf(path, sizeof path, "%s/held.txt", argv[3]);
    char first[6] = {0};
    int late = strcmp(how, "abort-late") == 0, go = strcmp(target, "none") != 0;
    int l = speculate();
    if (l == 0 && late && go)
        migrate(target);
    for (int i = 0; i < 5; i++)
        first[i] = (char)getchar();
    if (l > 0) {
        FILE *w = fopen(path, "w");
        fputs("held line 1\n", w);
        fflush(w);
        printf("read '%s' inside the level\n", first);
        fflush(stdout);
        int r = go && !late ? migrate(target) : 0;
        fputs("held line 2\n", w);
        fclose(w);
        printf("migrate returned %d\n", r);
        fflush(stdout);
        if (strcmp(how, "commit") != 0)
            abort(l);
        commit(l);
    } else {
        printf("read '%s' again after the abort\n", first);
    }
    printf("rest:");
    int c;
    while ((c = getchar()) != EOF)
        putchar(c == '\n' ? '|' : c);
    printf("\n");
    FILE *f = fopen(path, "r");
    char line[64];
    if (!f)
        printf("no file\n");
    while (f && fgets(line, sizeof line, f))
        printf("file: %s", line);
    if (f && ftell(f) == 0)
        printf("file is empty\n");
    return 0;
}
