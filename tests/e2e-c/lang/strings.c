#include <stdio.h>
#include <string.h>
int main(void)
{
    const char *s = "tab\there\n";
    printf("%s", s);
    printf("%d %d %d %d %d %d %d\n", '\a', '\b', '\f', '\r', '\v', '\\', '\'');
    printf("%d %d %d\n", '\"', '\?', '\0');
    printf("%d %d %d\n", '\101', '\x41', '\x7f');
    printf("%s\n", "concat" "enated" " strings");
    printf("%lu\n", sizeof("abc" "de"));
    const char *u = "\u00e9\U0001F600";
    for (const unsigned char *p = (const unsigned char *)u; *p; p++)
        printf("%02x", *p);
    printf("\n");
    printf("%d\n", 'ab');
    printf("%d %d\n", '\xff', (unsigned char)'\xff');
    char hex[] = "\x41\x42\103";
    printf("%s\n", hex);
    printf("%s\n", u8"utf8");
    printf("%lu\n", strlen("a\0b"));
    printf("[%s]\n", "");
    printf("%c%c\n", "xyz"[0], *("xyz" + 2));
    return 0;
}
