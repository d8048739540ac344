/* string.h and strings.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int sign(int v)
{
    return v < 0 ? -1 : v > 0;
}

int main(void)
{
    char buf[64], buf2[64];
    printf("strlen %zu %zu %zu\n", strlen(""), strlen("a"), strlen("hello world"));
    printf("strnlen %zu %zu\n", strnlen("hello", 3), strnlen("hi", 10));
    strcpy(buf, "abc");
    strcat(buf, "def");
    strncat(buf, "ghijkl", 3);
    printf("cat [%s]\n", buf);
    memset(buf2, 'x', sizeof buf2);
    strncpy(buf2, "ab", 5);
    printf("strncpy %d %d %d %d %c\n", buf2[0], buf2[2], buf2[3], buf2[4], buf2[5]);
    strncpy(buf2, "abcdefgh", 4);
    printf("strncpy2 [%.4s] %c\n", buf2, buf2[4]);
    char *e = stpcpy(buf, "one");
    e = stpcpy(e, "two");
    printf("stpcpy [%s] %d\n", buf, (int)(e - buf));
    printf("strcmp %d %d %d %d %d\n", strcmp("a", "b"), strcmp("b", "a"), strcmp("abc", "abc"),
           strcmp("ab", "abc"), strcmp("\xff", "a"));
    printf("strncmp %d %d %d\n", strncmp("abcd", "abcf", 3), sign(strncmp("abcd", "abcf", 4)),
           strncmp("x", "y", 0));
    printf("strcasecmp %d %d %d\n", strcasecmp("HeLLo", "hello"), sign(strcasecmp("a", "B")),
           sign(strncasecmp("abcD", "ABCe", 4)));
    printf("strncasecmp %d\n", strncasecmp("abcD", "ABCe", 3));
    const char *s = "hello world, hello";
    printf("strchr %s | %s | %d\n", strchr(s, 'o'), strchr(s, 'w'), strchr(s, 'z') == NULL);
    printf("strchr nul %d\n", (int)(strchr(s, '\0') - s));
    printf("strrchr %s\n", strrchr(s, 'o'));
    printf("strstr %s | %d | %s\n", strstr(s, "hello, "), strstr(s, "xyz") == NULL, strstr(s, ""));
    printf("strspn %zu %zu\n", strspn("aabbcde", "ab"), strcspn("hello, world", ",; "));
    printf("strpbrk %s\n", strpbrk("key=value;x", "=;"));
    char tok[] = "  one, two,,three  ";
    for (char *t = strtok(tok, " ,"); t; t = strtok(NULL, " ,"))
        printf("tok [%s]\n", t);
    char sep[] = "a,b,,c";
    char *p = sep, *piece;
    while ((piece = strsep(&p, ",")) != NULL)
        printf("sep [%s]\n", piece);
    char *d = strdup("duplicate");
    char *nd = strndup("duplicate", 3);
    printf("dup [%s] [%s]\n", d, nd);
    free(d);
    free(nd);
    int arr[5] = {1, 2, 3, 4, 5};
    memmove(arr + 1, arr, 3 * sizeof(int));
    printf("memmove %d %d %d %d %d\n", arr[0], arr[1], arr[2], arr[3], arr[4]);
    memcpy(buf, "0123456789", 11);
    memmove(buf + 2, buf + 4, 5);
    printf("memmove2 [%s]\n", buf);
    printf("memcmp %d %d %d\n", sign(memcmp("abc", "abd", 3)), memcmp("abc", "abd", 2),
           sign(memcmp("\x80", "\x01", 1)));
    printf("memchr %s %d\n", (char *)memchr("abcdef", 'd', 6), memchr("abc", 'd', 3) == NULL);
    memset(buf, 0, sizeof buf);
    char *q = memccpy(buf, "copy;this", ';', 9);
    printf("memccpy [%s] %d\n", buf, (int)(q - buf));
    printf("strerror [%s] [%s] [%s]\n", strerror(0), strerror(2), strerror(12));
    printf("strerror unknown [%s]\n", strerror(9999));
    bzero(buf, 4);
    printf("bzero %d\n", buf[0] + buf[3]);
    printf("ffs %d %d %d\n", ffs(0), ffs(1), ffs(0x80));
    printf("index %s rindex %s\n", index("a.b.c", '.'), rindex("a.b.c", '.'));
    char coll[8];
    size_t xf = strxfrm(coll, "abc", sizeof coll);
    printf("strcoll %d strxfrm %zu [%s]\n", strcoll("a", "a"), xf, coll);
    return 0;
}
