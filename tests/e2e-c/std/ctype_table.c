/* <ctype.h> classification of every value 0..127 and EOF, in the C locale. */
#include <stdio.h>
#include <ctype.h>

typedef int (*cls)(int);

int main(void)
{
    cls fns[] = { isalnum, isalpha, isblank, iscntrl, isdigit, isgraph,
                  islower, isprint, ispunct, isspace, isupper, isxdigit };
    const char *names[] = { "alnum", "alpha", "blank", "cntrl", "digit", "graph",
                            "lower", "print", "punct", "space", "upper", "xdigit" };
    for (int f = 0; f < 12; f++) {
        printf("%-6s ", names[f]);
        for (int c = 0; c < 128; c++) {
            putchar(fns[f](c) ? '1' : '0');
            if (c % 32 == 31 && c != 127)
                putchar(' ');
        }
        printf(" EOF=%d\n", fns[f](EOF) != 0);
    }
    printf("upper: ");
    for (int c = 32; c < 127; c++)
        putchar(toupper(c));
    printf("\nlower: ");
    for (int c = 32; c < 127; c++)
        putchar(tolower(c));
    printf("\n%d %d %d %d\n", toupper(EOF), tolower(EOF), toupper(0), tolower(200));
    int counts[12] = { 0 };
    for (int c = 0; c < 256; c++)
        for (int f = 0; f < 12; f++)
            counts[f] += fns[f](c) != 0;
    for (int f = 0; f < 12; f++)
        printf("%s=%d ", names[f], counts[f]);
    printf("\n");
    return 0;
}
