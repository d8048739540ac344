#include <stdio.h>
#include <stddef.h>
int main(void)
{
    wchar_t *w = L"wide\u00e9";
    int n = 0;
    while (w[n])
        n++;
    printf("%d %d %lu\n", n, w[4], sizeof(L"ab"));
    unsigned short *u16 = (unsigned short *)u"x\U0001F600";
    printf("%x %x %x\n", u16[0], u16[1], u16[2]);
    unsigned *u32 = (unsigned *)U"\U0001F600z";
    printf("%x %x\n", u32[0], u32[1]);
    printf("%d %d %d\n", L'a', u'b', U'c');
    wchar_t arr[] = L"abc";
    printf("%lu %d\n", sizeof arr, arr[2]);
    printf("%lu\n", sizeof(u"ab"));
    return 0;
}
