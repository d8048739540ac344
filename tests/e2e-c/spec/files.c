/* Files: writes inside a level reach the file when the outermost level
 * commits, even if the file was closed inside the level (the close is held
 * too); an aborted level's writes never reach it, and a file opened inside
 * an aborted level is closed by the rollback (it was created: opening is
 * not held). */
#include <speculate.h>
#include <stdio.h>

#define NAME "spec_files.tmp"

static void show(const char *name)
{
    char line[100];
    FILE *f = fopen(name, "r");
    printf("%s:", name);
    while (f && fgets(line, sizeof line, f))
        printf(" %s", line);
    printf("\n");
    if (f)
        fclose(f);
}

int main(void)
{
    FILE *f = fopen(NAME, "w");
    fprintf(f, "one\n");
    fflush(f);
    int l = speculate();
    if (l > 0) {
        fprintf(f, "lost\n");
        fclose(f);
        FILE *g = fopen(NAME ".other", "w"); /* closed by the rollback */
        fprintf(g, "lost too\n");
        fclose(g);
        abort(l);
    }
    fprintf(f, "two\n");
    l = speculate();
    fprintf(f, "three\n");
    fclose(f); /* held until the commit */
    commit(l);
    show(NAME);
    show(NAME ".other"); /* created (opening is not held) but empty */
    remove(NAME);
    remove(NAME ".other");
    return 0;
}
