#include <stdio.h>
static const char *classify(int c)
{
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
        return "vowel";
    case '0' ... '9':
        return "digit";
    case -1:
        return "eof";
    default:
        return "other";
    }
}
static int fall(int n)
{
    int r = 0;
    switch (n) {
    case 1: r += 1;
    case 2: r += 10;
    case 3: r += 100; break;
    case 4: { r = 4; break; }
    }
    return r;
}
static int sparse(long v)
{
    switch (v) {
    case 1000000000000L: return 1;
    case -5: return 2;
    case 0x7fffffff: return 3;
    }
    return 0;
}
static int unsigned_switch(unsigned u)
{
    switch (u) {
    case 0xffffffffu: return 1;
    case 2: return 2;
    }
    return 0;
}
int main(void)
{
    printf("%s %s %s %s\n", classify('e'), classify('7'), classify(-1), classify('z'));
    for (int i = 0; i <= 5; i++)
        printf("%d ", fall(i));
    printf("\n%d %d %d %d\n", sparse(1000000000000L), sparse(-5), sparse(0x7fffffff), sparse(3));
    printf("%d %d\n", unsigned_switch(0xffffffffu), unsigned_switch(2));
    int x = 3, out = 0;
    switch (x) {
        while (0) {
        case 3: out = 30;
        }
        break;
    default: out = -1;
    }
    printf("%d\n", out);
    char ch = 'b';
    switch (ch) { case 'b': printf("b\n"); }
    switch (x) { default: printf("only default\n"); }
    return 0;
}
