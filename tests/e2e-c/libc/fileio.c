/* File I/O round trip in the current directory: fopen modes, fwrite/fread,
 * fprintf/fscanf, fgets, fseek/ftell/rewind, ungetc, append, rename,
 * remove, feof/ferror, fgetpos/fsetpos, tmpfile. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define NAME "fir_libc_fileio_test.tmp"
#define NAME2 "fir_libc_fileio_test2.tmp"

int main(void)
{
    FILE *f = fopen(NAME, "w");
    if (!f) {
        printf("cannot create\n");
        return 1;
    }
    for (int i = 0; i < 100; i++)
        fprintf(f, "line %d value %.3f\n", i, i * 1.5);
    fputs("last line without newline", f);
    printf("ftell after write %ld\n", ftell(f));
    printf("fclose %d\n", fclose(f));

    f = fopen(NAME, "r");
    char line[128];
    int count = 0;
    while (fgets(line, sizeof line, f))
        count++;
    printf("lines %d, last [%s], feof %d ferror %d\n", count, line, feof(f), ferror(f));
    rewind(f);
    int n;
    double v;
    int r = fscanf(f, "line %d value %lf\n", &n, &v);
    printf("fscanf %d %d %g\n", r, n, v);
    fseek(f, -25, SEEK_END);
    printf("ftell %ld\n", ftell(f));
    int c = fgetc(f);
    printf("fgetc %c\n", c);
    ungetc('X', f);
    long pos_after = ftell(f);
    c = fgetc(f);
    printf("after ungetc ftell %ld fgetc %c\n", pos_after, c);
    fpos_t pos;
    fgetpos(f, &pos);
    fgets(line, sizeof line, f);
    printf("rest [%s]\n", line);
    fsetpos(f, &pos);
    fgets(line, sizeof line, f);
    printf("again [%s]\n", line);
    c = fgetc(f);
    printf("fgetc at end %d feof %d\n", c, feof(f));
    clearerr(f);
    printf("after clearerr feof %d\n", feof(f));
    fclose(f);

    /* Binary data. */
    f = fopen(NAME, "wb+");
    int data[256];
    for (int i = 0; i < 256; i++)
        data[i] = i * 1000003;
    printf("fwrite %zu\n", fwrite(data, sizeof data[0], 256, f));
    fseek(f, 100 * (long)sizeof(int), SEEK_SET);
    int back[10];
    printf("fread %zu\n", fread(back, sizeof back[0], 10, f));
    printf("back %d %d\n", back[0], back[9]);
    fseek(f, 0, SEEK_END);
    printf("size %ld\n", ftell(f));
    size_t got = fread(back, 1, 1, f);
    printf("fread at end %zu feof %d\n", got, feof(f));
    fclose(f);

    /* Append and r+. */
    f = fopen(NAME, "w");
    fputs("first\n", f);
    fclose(f);
    f = fopen(NAME, "a");
    fputs("second\n", f);
    fclose(f);
    f = fopen(NAME, "r+");
    fseek(f, 0, SEEK_SET);
    fputs("FIRST", f);
    fseek(f, 0, SEEK_SET);
    while (fgets(line, sizeof line, f))
        printf("r+ [%s", line);
    fclose(f);
    f = fopen(NAME, "a+");
    fputs("third\n", f);
    rewind(f);
    fgets(line, sizeof line, f);
    printf("a+ first [%s", line);
    fclose(f);

    printf("rename %d\n", rename(NAME, NAME2));
    errno = 0;
    f = fopen(NAME, "r");
    printf("old name: %s errno %d\n", f ? "opened" : "missing", errno);
    printf("remove %d\n", remove(NAME2));
    errno = 0;
    r = remove(NAME2);
    printf("remove again %d errno %d\n", r, errno);
    errno = 0;
    f = fopen("no/such/dir/file", "w");
    printf("bad path %s errno %d\n", f ? "opened" : "null", errno);
    f = fopen(NAME, "q");
    printf("bad mode %s errno %d\n", f ? "opened" : "null", errno);

    FILE *t = tmpfile();
    if (t) {
        fputs("temporary", t);
        rewind(t);
        fgets(line, sizeof line, t);
        printf("tmpfile [%s]\n", line);
        fclose(t);
    }
    printf("fileno %d %d %d\n", fileno(stdin), fileno(stdout), fileno(stderr));
    return 0;
}
