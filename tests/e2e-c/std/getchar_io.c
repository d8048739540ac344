/* getchar/putchar/puts/fputs/ungetc on stdin and stdout. */
#include <stdio.h>
#include <ctype.h>

static int read_int(void)
{
    int c, v = 0, any = 0;
    while ((c = getchar()) != EOF && isspace(c))
        ;
    while (c != EOF && isdigit(c)) {
        v = v * 10 + (c - '0');
        any = 1;
        c = getchar();
    }
    if (c != EOF)
        ungetc(c, stdin);
    return any ? v : -1;
}

int main(void)
{
    int a = read_int();
    int b = read_int();
    printf("ints %d %d\n", a, b);
    int c = getchar();
    printf("next char %c\n", c);
    ungetc('Z', stdin);
    printf("after ungetc %c\n", getchar());
    long counts[3] = { 0 };
    int total = 0;
    while ((c = getchar()) != EOF) {
        total++;
        if (isalpha(c))
            counts[0]++;
        else if (isdigit(c))
            counts[1]++;
        else
            counts[2]++;
        putchar(toupper(c));
    }
    printf("\nalpha %ld digit %ld other %ld total %d\n", counts[0], counts[1], counts[2], total);
    printf("%d %d\n", feof(stdin) != 0, getchar());
    puts("puts adds a newline");
    fputs("fputs does not", stdout);
    fputs("\n", stdout);
    putchar('x');
    putchar('\n');
    int r = puts("");
    printf("%d\n", r >= 0);
    r = fputs("ok\n", stdout);
    printf("%d\n", r >= 0);
    r = putchar('A');
    printf(" %d\n", r);
    r = putchar(256 + 'B');
    printf(" %d\n", r);
    fprintf(stdout, "%s %d\n", "fprintf stdout", 1);
    fflush(stdout);
    return 0;
}
