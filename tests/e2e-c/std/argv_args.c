/* argc/argv from NAME.args; argv[argc] is a null pointer. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

int main(int argc, char *argv[])
{
    printf("argc %d\n", argc);
    printf("argv0 nonempty %d\n", argv[0] != NULL && strlen(argv[0]) > 0);
    for (int i = 1; i < argc; i++)
        printf("argv[%d] = [%s] len %zu\n", i, argv[i], strlen(argv[i]));
    printf("terminated %d\n", argv[argc] == NULL);
    long sum = 0;
    for (char **p = argv + 1; *p; p++)
        sum += strtol(*p, NULL, 10);
    printf("sum %ld\n", sum);
    argv[1][0] = 'X';           /* the strings are modifiable */
    printf("%s\n", argv[1]);
    return argc;
}
