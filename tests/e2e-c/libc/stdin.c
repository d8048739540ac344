/* Reading standard input: scanf, getchar, ungetc, fgets, getline, fread. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    int n;
    if (scanf("%d", &n) != 1)
        return 1;
    long sum = 0;
    for (int i = 0; i < n; i++) {
        int v;
        scanf("%d", &v);
        sum += v;
    }
    printf("n=%d sum=%ld\n", n, sum);
    char word[32];
    double d;
    scanf("%31s %lf", word, &d);
    printf("word=%s d=%g\n", word, d);
    int c;
    while ((c = getchar()) != '\n' && c != EOF)
        ;
    c = getchar();
    ungetc(c, stdin);
    printf("peek %c\n", c);
    char line[64];
    fgets(line, sizeof line, stdin);
    printf("line [%s]", line);
    char *buf = NULL;
    size_t cap = 0;
    long len;
    while ((len = (long)getline(&buf, &cap, stdin)) > 0) {
        if (strcmp(buf, "END\n") == 0)
            break;
        printf("getline %ld [%.*s]\n", len, (int)len - 1, buf);
    }
    free(buf);
    char rest[256];
    size_t k = fread(rest, 1, sizeof rest, stdin);
    printf("fread %zu [%.*s] eof %d\n", k, (int)k, rest, feof(stdin));
    printf("getchar at eof %d\n", getchar());
    return 0;
}
