/* Plain char is signed on this target; char arithmetic promotes to int. */
#include <stdio.h>
#include <limits.h>

int main(void)
{
    printf("%d %d %d\n", CHAR_MIN, CHAR_MAX, CHAR_BIT);
    printf("%d %d %d\n", SCHAR_MIN, SCHAR_MAX, UCHAR_MAX);
    char c = (char)200;
    printf("%d %d\n", c, c < 0);
    unsigned char uc = 200;
    signed char sc = (signed char)200;
    printf("%d %d %d\n", uc, sc, c == sc);
    printf("%d\n", c == uc);
    char buf[] = "\x80\x9f\xff\x01";
    for (int i = 0; i < 4; i++)
        printf("%d/%d ", buf[i], (unsigned char)buf[i]);
    printf("\n");
    char a = 100, b = 100;
    int sum = a + b;
    char wrapped = (char)(a + b);
    printf("%d %d\n", sum, wrapped);
    char m = -128;
    printf("%d %d\n", -m, (char)-m);
    unsigned hist[4] = { 0 };
    for (int i = -128; i < 128; i++) {
        char ch = (char)i;
        hist[(unsigned char)ch >> 6]++;
    }
    printf("%u %u %u %u\n", hist[0], hist[1], hist[2], hist[3]);
    char d = 'z';
    printf("%d %c\n", d - 'a', d - 25);
    char e = '0' + 7;
    printf("%c %d\n", e, e - '0');
    printf("%d\n", (char)0x7f + 1);
    printf("%d\n", (unsigned char)0xff + 1);
    int x = (char)0xf0 >> 2;
    int y = (unsigned char)0xf0 >> 2;
    printf("%d %d\n", x, y);
    char high = (char)0xe9;
    printf("%d %u %x\n", high, (unsigned)high, (unsigned char)high);
    int idx = (unsigned char)high;
    printf("%d\n", idx);
    signed char neg = -1;
    unsigned int as_u = neg;
    unsigned char as_uc = neg;
    printf("%u %u\n", as_u, as_uc);
    char str[] = "caf\xc3\xa9";
    int negs = 0;
    for (char *p = str; *p; p++)
        if (*p < 0)
            negs++;
    printf("%d\n", negs);
    printf("%d\n", 'a' < (char)0xe0);
    return 0;
}
