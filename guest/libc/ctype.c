/*
 * ctype.c - character classes of the "C" locale (ASCII; bytes 128-255 are in
 * no class), and the wide versions of wctype.h, which agree on ASCII.
 */
#include <ctype.h>
#include <string.h>
#include <wctype.h>

int isdigit(int c)
{
    return c >= '0' && c <= '9';
}

int islower(int c)
{
    return c >= 'a' && c <= 'z';
}

int isupper(int c)
{
    return c >= 'A' && c <= 'Z';
}

int isalpha(int c)
{
    return islower(c) || isupper(c);
}

int isalnum(int c)
{
    return isalpha(c) || isdigit(c);
}

int isblank(int c)
{
    return c == ' ' || c == '\t';
}

int iscntrl(int c)
{
    return (c >= 0 && c < 32) || c == 127;
}

int isgraph(int c)
{
    return c > 32 && c < 127;
}

int isprint(int c)
{
    return c >= 32 && c < 127;
}

int ispunct(int c)
{
    return isgraph(c) && !isalnum(c);
}

int isspace(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

int isxdigit(int c)
{
    return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int tolower(int c)
{
    return isupper(c) ? c - 'A' + 'a' : c;
}

int toupper(int c)
{
    return islower(c) ? c - 'a' + 'A' : c;
}

int isascii(int c)
{
    return (c & ~0x7f) == 0;
}

int toascii(int c)
{
    return c & 0x7f;
}

/* ------------------------------------------------------------ wctype.h */

static int ascii(wint_t c)
{
    return c < 128;
}

int iswalnum(wint_t c)
{
    return ascii(c) && isalnum((int)c);
}

int iswalpha(wint_t c)
{
    return ascii(c) && isalpha((int)c);
}

int iswblank(wint_t c)
{
    return ascii(c) && isblank((int)c);
}

int iswcntrl(wint_t c)
{
    return ascii(c) && iscntrl((int)c);
}

int iswdigit(wint_t c)
{
    return ascii(c) && isdigit((int)c);
}

int iswgraph(wint_t c)
{
    return ascii(c) && isgraph((int)c);
}

int iswlower(wint_t c)
{
    return ascii(c) && islower((int)c);
}

int iswprint(wint_t c)
{
    return ascii(c) && isprint((int)c);
}

int iswpunct(wint_t c)
{
    return ascii(c) && ispunct((int)c);
}

int iswspace(wint_t c)
{
    return ascii(c) && isspace((int)c);
}

int iswupper(wint_t c)
{
    return ascii(c) && isupper((int)c);
}

int iswxdigit(wint_t c)
{
    return ascii(c) && isxdigit((int)c);
}

wint_t towlower(wint_t c)
{
    return ascii(c) ? (wint_t)tolower((int)c) : c;
}

wint_t towupper(wint_t c)
{
    return ascii(c) ? (wint_t)toupper((int)c) : c;
}

static const char *const class_names[] = {
    "alnum", "alpha", "blank", "cntrl", "digit", "graph",
    "lower", "print", "punct", "space", "upper", "xdigit",
};

wctype_t wctype(const char *name)
{
    for (int i = 0; i < 12; i++)
        if (strcmp(name, class_names[i]) == 0)
            return (wctype_t)(i + 1);
    return 0;
}

int iswctype(wint_t c, wctype_t desc)
{
    switch (desc) {
    case 1: return iswalnum(c);
    case 2: return iswalpha(c);
    case 3: return iswblank(c);
    case 4: return iswcntrl(c);
    case 5: return iswdigit(c);
    case 6: return iswgraph(c);
    case 7: return iswlower(c);
    case 8: return iswprint(c);
    case 9: return iswpunct(c);
    case 10: return iswspace(c);
    case 11: return iswupper(c);
    case 12: return iswxdigit(c);
    default: return 0;
    }
}

/* wctrans_t is a pointer: these two objects name the two mappings. */
static const int trans_lower = 1;
static const int trans_upper = 2;

wctrans_t wctrans(const char *name)
{
    if (strcmp(name, "tolower") == 0)
        return &trans_lower;
    if (strcmp(name, "toupper") == 0)
        return &trans_upper;
    return 0;
}

wint_t towctrans(wint_t c, wctrans_t desc)
{
    if (desc == &trans_lower)
        return towlower(c);
    if (desc == &trans_upper)
        return towupper(c);
    return c;
}
