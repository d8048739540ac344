/* Reads stdin to EOF with fgets: line, word and character counts. */
#include <stdio.h>
#include <string.h>
#include <ctype.h>

int main(void)
{
    char line[64];
    int lines = 0, words = 0, chars = 0, longest = 0;
    while (fgets(line, sizeof line, stdin)) {
        size_t len = strlen(line);
        chars += (int)len;
        if (len > 0 && line[len - 1] == '\n') {
            lines++;
            line[--len] = 0;
        }
        if ((int)len > longest)
            longest = (int)len;
        int in = 0;
        for (size_t i = 0; i < len; i++) {
            if (isspace((unsigned char)line[i]))
                in = 0;
            else if (!in) {
                in = 1;
                words++;
            }
        }
        printf("%2d: [%s]\n", lines, line);
    }
    printf("lines %d words %d chars %d longest %d\n", lines, words, chars, longest);
    printf("eof %d error %d\n", feof(stdin) != 0, ferror(stdin) != 0);
    printf("%d\n", fgets(line, sizeof line, stdin) == NULL);
    printf("%d\n", getchar() == EOF);
    return 0;
}
