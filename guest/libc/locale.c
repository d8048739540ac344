/*
 * locale.c - only the "C" locale exists (also called "POSIX", and "" picks
 * it too since there is no environment locale to honour).
 */
#include <limits.h>
#include <locale.h>
#include <string.h>

static char c_name[] = "C";
static char dot[] = ".";
static char empty[] = "";

static struct lconv c_lconv = {
    dot, empty, empty, empty, empty, empty, empty, empty, empty, empty,
    CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX,
    CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX,
};

char *setlocale(int category, const char *locale)
{
    if (category < LC_CTYPE || category > LC_ALL)
        return NULL;
    if (!locale || !*locale || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0)
        return c_name;
    return NULL;
}

struct lconv *localeconv(void)
{
    return &c_lconv;
}
