/* <string.h> memory functions: memcpy, memmove (overlap), memset, memcmp, memchr. */
#include <stdio.h>
#include <string.h>

static void show(const char *label, const char *b, size_t n)
{
    printf("%s: ", label);
    for (size_t i = 0; i < n; i++)
        putchar(b[i] ? b[i] : '.');
    putchar('\n');
}

static int sign(int x) { return (x > 0) - (x < 0); }

int main(void)
{
    char buf[16];
    memset(buf, 0, sizeof buf);
    memcpy(buf, "abcdefghij", 10);
    show("memcpy", buf, 12);
    memmove(buf + 2, buf, 6);
    show("move right", buf, 12);
    memcpy(buf, "abcdefghij", 10);
    memmove(buf, buf + 3, 6);
    show("move left", buf, 12);
    memcpy(buf, "abcdefghij", 10);
    memmove(buf + 1, buf + 1, 5);
    show("move same", buf, 12);
    memmove(buf, "xyz", 0);
    show("move zero", buf, 12);
    char *r = memset(buf, 'z', 5);
    show("memset", buf, 12);
    printf("%d\n", r == buf);
    memset(buf + 5, 0x141, 2);          /* converted to unsigned char */
    show("memset trunc", buf, 12);
    int ints[4];
    memset(ints, 0xff, sizeof ints);
    printf("%d %d\n", ints[0], ints[3]);
    memset(ints, 0, sizeof ints);
    printf("%d\n", ints[2]);
    printf("%d %d %d\n", sign(memcmp("abc", "abd", 3)), sign(memcmp("abd", "abc", 3)),
           sign(memcmp("abc", "abc", 3)));
    printf("%d %d\n", sign(memcmp("abc", "abd", 2)), memcmp("x", "y", 0));
    printf("%d\n", sign(memcmp("\x80", "\x7f", 1)));   /* compared as unsigned char */
    printf("%d\n", sign(memcmp("a\0b", "a\0c", 3)));
    const char *hay = "hello\0world";
    const char *p = memchr(hay, 'o', 11);
    printf("%td\n", p - hay);
    p = memchr(hay, 'w', 11);
    printf("%td\n", p - hay);
    p = memchr(hay, '\0', 11);
    printf("%td\n", p - hay);
    printf("%d\n", memchr(hay, 'z', 11) == NULL);
    printf("%d\n", memchr(hay, 'w', 5) == NULL);
    p = memchr("\xff\x01", 0xff, 2);
    printf("%d\n", p != NULL);
    struct { int a; double b; char c[5]; } s1 = { 1, 2.5, "abcd" }, s2;
    memcpy(&s2, &s1, sizeof s1);
    printf("%d %g %s\n", s2.a, s2.b, s2.c);
    double d = 1.0;
    unsigned long long bits;
    memcpy(&bits, &d, sizeof d);
    printf("%llx\n", bits);
    char big[100];
    for (int i = 0; i < 100; i++)
        big[i] = (char)i;
    memmove(big + 10, big, 80);
    printf("%d %d %d %d\n", big[9], big[10], big[50], big[89]);
    for (int i = 0; i < 100; i++)
        big[i] = (char)i;
    memmove(big, big + 10, 80);
    printf("%d %d %d %d\n", big[0], big[50], big[79], big[80]);
    void *ret = memcpy(big, "q", 1);
    printf("%d %c\n", ret == big, big[0]);
    ret = memmove(big + 1, big, 1);
    printf("%d %c\n", ret == big + 1, big[1]);
    return 0;
}
