/* Strings, char arrays, literal concatenation and escape sequences. */
#include <stdio.h>
#include <string.h>

int main(void)
{
    const char *esc = "\a\b\f\n\r\t\v\\\'\"\?";
    for (const char *p = esc; *p; p++)
        printf("%d ", *p);
    printf("\n");
    char oct[] = "\0\7\77\101\1011\377";
    printf("%zu:", sizeof oct);
    for (size_t i = 0; i < sizeof oct; i++)
        printf(" %d", oct[i]);
    printf("\n");
    char hex[] = "\x0\x7f\x41g\xff\x1";
    printf("%zu:", sizeof hex);
    for (size_t i = 0; i < sizeof hex; i++)
        printf(" %d", hex[i]);
    printf("\n");

    char cat[] = "abc" "def" "\x31" "2";
    printf("%s %zu\n", cat, sizeof cat);
    const char *multi = "line1\n"
                        "line2\n";
    printf("%s", multi);
    printf("%zu %zu %zu\n", sizeof "", sizeof "a", sizeof "a\0b");
    printf("%zu\n", strlen("a\0b"));

    char exact[3] = "abc";
    printf("%c%c%c\n", exact[0], exact[1], exact[2]);
    char bigger[8] = "hi";
    for (int i = 0; i < 8; i++)
        printf("%d ", bigger[i]);
    printf("\n");
    char arr[] = { 'x', 'y', 'z', '\0' };
    printf("%s %zu\n", arr, sizeof arr);
    char w[] = "hello";
    w[0] = 'j';
    w[4] = 'y';
    printf("%s\n", w);
    printf("%c %c\n", "literal"[3], *("xyz" + 1));
    printf("%d\n", "abc"[3]);
    const char *s1 = "same";
    char s2[] = "same";
    printf("%d %d\n", strcmp(s1, s2), s1 == (const char *)s2);

    printf("%d %d %d\n", '\x41', '\101', 'A');
    printf("%d %d\n", '\0', '\\');
    char q[] = "say \"hi\"\tnow";
    printf("%s %zu\n", q, strlen(q));
    printf("%s\n", "trigraph-free: ??( stays");
    printf("%%d is literal, %c is char\n", 'c');
    char buf[32];
    int n = 0;
    for (char c = 'a'; c <= 'z'; c += 5)
        buf[n++] = c;
    buf[n] = 0;
    printf("%s %d\n", buf, n);
    char *strs[] = { "", "x", "xy" };
    for (int i = 0; i < 3; i++)
        printf("[%s]%zu ", strs[i], strlen(strs[i]));
    printf("\n");
    unsigned char high[] = "\xe2\x82\xac";
    printf("%zu %u %u %u\n", sizeof high, high[0], high[1], high[2]);
    printf("%s\n", u8"utf8");
    printf("%zu\n", sizeof u8"\u00e9");
    return 0;
}
