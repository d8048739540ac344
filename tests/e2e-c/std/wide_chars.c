/* Wide character constants and strings (values printed as integers). */
#include <stdio.h>
#include <stddef.h>
#include <wchar.h>

int main(void)
{
    wchar_t w = L'x';
    printf("%d %zu\n", (int)w, sizeof(wchar_t));
    printf("%d %d %d\n", (int)L'\0', (int)L'\n', (int)L'\x263a');
    printf("%d %d\n", (int)L'\u00e9', (int)L'\U0001F600');
    printf("%zu\n", sizeof(L'a'));
    wchar_t ws[] = L"hello";
    printf("%zu %zu\n", sizeof ws, sizeof ws / sizeof ws[0]);
    for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++)
        printf("%d ", (int)ws[i]);
    printf("\n");
    wchar_t uni[] = L"\u03b1\u03b2\x20ac!";
    for (size_t i = 0; i < sizeof uni / sizeof uni[0]; i++)
        printf("%d ", (int)uni[i]);
    printf("\n");
    wchar_t cat[] = L"ab" L"cd";
    printf("%zu %d\n", sizeof cat / sizeof cat[0], (int)cat[3]);
    wchar_t mixed[] = L"a" "b";
    printf("%zu %d\n", sizeof mixed / sizeof mixed[0], (int)mixed[1]);
    const wchar_t *p = L"pointer";
    int n = 0;
    while (p[n])
        n++;
    printf("%d %d\n", n, (int)p[3]);
    printf("%d\n", L'a' < L'b');
    wchar_t neg = (wchar_t)-1;
    printf("%d\n", neg < 0);
    printf("%zu\n", wcslen(L"wide string"));
    printf("%d\n", wcscmp(L"abc", L"abd") < 0);
    printf("%zu %zu %zu\n", sizeof u"ab", sizeof U"ab", sizeof u8"ab");
    printf("%d %d\n", (int)u"\u00e9x"[0], (int)U"\U0001F600"[0]);
    printf("%d %d\n", (int)u'x', (int)U'y');
    printf("%d\n", (int)u"\U0001F600"[1]);
    printf("%s\n", _Generic(L'a', int: "int", default: "other"));
    wint_t wi = WEOF;
    printf("%d\n", wi == (wint_t)-1);
    return 0;
}
