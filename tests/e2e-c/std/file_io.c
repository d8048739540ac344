/* fopen/fprintf/fread/fwrite/fseek/ftell/rewind/ungetc/feof/ferror on a temp file. */
#include <stdio.h>
#include <string.h>

#define TMP "std_file_io.tmp"
#define TMP2 "std_file_io2.tmp"

int main(void)
{
    FILE *f = fopen(TMP, "w");
    if (!f) {
        printf("cannot create\n");
        return 1;
    }
    int n = fprintf(f, "line %d\n", 1);
    printf("fprintf %d\n", n);
    fputs("second line\n", f);
    fputc('x', f);
    fputc('\n', f);
    printf("ftell %ld\n", ftell(f));
    printf("fclose %d\n", fclose(f));

    f = fopen(TMP, "r");
    char line[32];
    while (fgets(line, sizeof line, f))
        printf("read: %s", line);
    printf("feof %d ferror %d\n", feof(f) != 0, ferror(f) != 0);
    rewind(f);
    printf("after rewind feof %d ftell %ld\n", feof(f) != 0, ftell(f));
    int c = fgetc(f);
    printf("fgetc %c\n", c);
    printf("ungetc %c\n", ungetc('L', f));
    c = fgetc(f);
    printf("fgetc %c ftell %ld\n", c, ftell(f));
    fseek(f, 5, SEEK_SET);
    printf("at 5: %c\n", fgetc(f));
    fseek(f, -2, SEEK_END);
    c = fgetc(f);
    printf("end-2: %c ftell %ld\n", c, ftell(f));
    fseek(f, -3, SEEK_CUR);
    printf("cur-3: %c\n", fgetc(f));
    int val = 0;
    rewind(f);
    int r = fscanf(f, "line %d", &val);
    printf("fscanf %d %d\n", r, val);
    fclose(f);

    f = fopen(TMP, "a");
    fprintf(f, "appended\n");
    fclose(f);
    f = fopen(TMP, "r");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    printf("size %ld\n", size);
    fclose(f);

    int data[8];
    for (int i = 0; i < 8; i++)
        data[i] = i * 1000 - 3;
    f = fopen(TMP2, "wb");
    size_t w = fwrite(data, sizeof data[0], 8, f);
    double dd = 2.5;
    w += fwrite(&dd, sizeof dd, 1, f);
    printf("fwrite %zu\n", w);
    fclose(f);
    f = fopen(TMP2, "rb");
    int back[8] = { 0 };
    size_t got = fread(back, sizeof back[0], 8, f);
    double db = 0;
    got += fread(&db, sizeof db, 1, f);
    printf("fread %zu %d %d %g\n", got, back[0], back[7], db);
    got = fread(back, 1, 10, f);
    printf("fread at end %zu feof %d\n", got, feof(f) != 0);
    clearerr(f);
    printf("after clearerr %d\n", feof(f) != 0);
    fseek(f, 4 * sizeof(int), SEEK_SET);
    int one;
    fread(&one, sizeof one, 1, f);
    printf("data[4] %d\n", one);
    fclose(f);

    f = fopen(TMP2, "r+");
    fseek(f, 0, SEEK_SET);
    int patch = 77;
    fwrite(&patch, sizeof patch, 1, f);
    fseek(f, 0, SEEK_SET);
    fread(&one, sizeof one, 1, f);
    printf("patched %d\n", one);
    fclose(f);

    f = fopen(TMP, "w+");
    fputs("abc", f);
    rewind(f);
    char small[8] = { 0 };
    size_t k = fread(small, 1, sizeof small - 1, f);
    printf("w+ read %zu [%s]\n", k, small);
    fclose(f);

    printf("missing %d\n", fopen("std_file_io_missing.tmp", "r") == NULL);
    int rm1 = remove(TMP);
    int rm2 = remove(TMP2);
    printf("remove %d %d\n", rm1, rm2);
    printf("removed %d\n", fopen(TMP, "r") == NULL);
    printf("remove again %d\n", remove(TMP) != 0);
    f = fopen(TMP, "w");
    fputs("rename me", f);
    fclose(f);
    printf("rename %d\n", rename(TMP, TMP2));
    f = fopen(TMP2, "r");
    fgets(line, sizeof line, f);
    printf("%s\n", line);
    fclose(f);
    remove(TMP2);
    fprintf(stderr, "this goes to stderr\n");
    return 0;
}
