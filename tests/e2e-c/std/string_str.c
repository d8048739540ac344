/* <string.h> string functions and their edge cases. */
#include <stdio.h>
#include <string.h>

static int sign(int x) { return (x > 0) - (x < 0); }
static const char *nz(const char *p) { return p ? p : "(null)"; }

int main(void)
{
    char buf[32];
    printf("%zu %zu %zu\n", strlen(""), strlen("a"), strlen("hello world"));
    char *r = strcpy(buf, "first");
    printf("%s %d\n", buf, r == buf);
    r = strcat(buf, "+second");
    printf("%s %d\n", buf, r == buf);
    strcat(buf, "");
    printf("%s\n", buf);
    char pad[10];
    memset(pad, 'X', sizeof pad);
    strncpy(pad, "abc", 8);        /* pads with NULs up to 8 */
    for (int i = 0; i < 10; i++)
        printf("%d ", pad[i]);
    printf("\n");
    memset(pad, 'X', sizeof pad);
    strncpy(pad, "abcdefghijk", 5); /* no terminator */
    for (int i = 0; i < 10; i++)
        printf("%c", pad[i] ? pad[i] : '.');
    printf("\n");
    strcpy(buf, "ab");
    strncat(buf, "cdefgh", 3);
    printf("%s %zu\n", buf, strlen(buf));
    strncat(buf, "XY", 10);
    printf("%s\n", buf);
    strncat(buf, "zzz", 0);
    printf("%s\n", buf);

    printf("%d %d %d\n", sign(strcmp("abc", "abd")), sign(strcmp("b", "abc")), strcmp("x", "x"));
    printf("%d %d\n", sign(strcmp("", "a")), sign(strcmp("ab", "a")));
    printf("%d\n", sign(strcmp("\xe9", "e")));
    printf("%d %d %d\n", strncmp("abcdef", "abcxyz", 3), sign(strncmp("abcdef", "abcxyz", 4)),
           strncmp("a", "b", 0));
    printf("%d\n", strncmp("ab", "ab\0cd", 5));

    const char *s = "hello world";
    printf("%s|%s|%s\n", nz(strchr(s, 'o')), nz(strrchr(s, 'o')), nz(strchr(s, 'z')));
    printf("%td %td\n", strchr(s, '\0') - s, strrchr(s, '\0') - s);
    printf("%s|%s\n", nz(strchr(s, 'h')), nz(strrchr(s, 'h')));
    printf("%s|%s|%s\n", nz(strstr(s, "wor")), nz(strstr(s, "")), nz(strstr(s, "worlds")));
    printf("%s|%s\n", nz(strstr("", "")), nz(strstr("", "a")));
    printf("%s|%s\n", nz(strstr("aaab", "aab")), nz(strstr("abcabd", "abd")));
    printf("%zu %zu %zu\n", strspn("aabbcd", "ab"), strspn("xyz", "ab"), strspn("abc", ""));
    printf("%zu %zu %zu\n", strcspn("hello, world", ",;"), strcspn("abc", "xyz"),
           strcspn("abc", "a"));
    printf("%s|%s\n", nz(strpbrk("hello, world", " ,")), nz(strpbrk("abc", "xyz")));

    char text[] = "  the quick,,brown  fox ";
    int n = 0;
    for (char *tok = strtok(text, " ,"); tok; tok = strtok(NULL, " ,"))
        printf("[%s]", tok), n++;
    printf(" %d\n", n);
    char csv[] = "a=1;b=2;;c=3";
    char *t = strtok(csv, ";");
    while (t) {
        char *eq = strchr(t, '=');
        printf("%.*s->%s ", (int)(eq - t), t, eq + 1);
        t = strtok(NULL, ";");
    }
    printf("\n");
    char only_delims[] = ",,,";
    printf("%d\n", strtok(only_delims, ",") == NULL);
    char changing[] = "a:b,c";
    printf("%s ", strtok(changing, ":"));
    printf("%s ", strtok(NULL, ","));
    printf("%s\n", strtok(NULL, ","));

    printf("%d\n", sign(strcoll("apple", "banana")));
    char xf[16];
    size_t xl = strxfrm(xf, "abc", sizeof xf);
    printf("%zu %s\n", xl, xf);
    printf("%zu\n", strxfrm(NULL, "abcdef", 0));
    char *e = strerror(0);
    printf("%d\n", e != NULL);
    char ov[16] = "12345";
    memmove(ov + 1, ov, strlen(ov) + 1);
    printf("%s\n", ov);
    return 0;
}
