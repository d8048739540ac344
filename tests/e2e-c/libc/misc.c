/* locale, signal/raise, getenv, div/abs, setvbuf, stdio return values,
 * wide-character basics, inttypes macros. */
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

static volatile sig_atomic_t got;

static void handler(int sig)
{
    got = sig;
}

int main(void)
{
    printf("setlocale C: %s\n", setlocale(LC_ALL, "C"));
    printf("setlocale query: %s\n", setlocale(LC_NUMERIC, NULL));
    printf("setlocale bogus: %s\n", setlocale(LC_ALL, "xx_YY.bogus") ? "set" : "NULL");
    struct lconv *lc = localeconv();
    printf("decimal_point [%s] thousands_sep [%s] frac_digits %d\n", lc->decimal_point,
           lc->thousands_sep, lc->frac_digits);

    int r = signal(SIGUSR1, handler) == SIG_DFL;
    printf("signal old %d\n", r);
    r = raise(SIGUSR1);
    printf("raise %d got %d\n", r, (int)got);
    signal(SIGUSR1, SIG_IGN);
    got = 0;
    r = raise(SIGUSR1);
    printf("raise ignored %d got %d\n", r, (int)got);
    printf("signal bad %d\n", signal(SIGKILL, handler) == SIG_ERR);

    printf("getenv unset %s\n", getenv("FIR_LIBC_SURELY_UNSET_VARIABLE") ? "set" : "NULL");
    printf("getenv PATH %s\n", getenv("PATH") ? "set" : "NULL");

    div_t d = div(-17, 5);
    ldiv_t ld = ldiv(17L, -5L);
    lldiv_t lld = lldiv(-17LL, -5LL);
    printf("div %d %d ldiv %ld %ld lldiv %lld %lld\n", d.quot, d.rem, ld.quot, ld.rem, lld.quot,
           lld.rem);
    printf("abs %d %ld %lld\n", abs(-5), labs(-6L), llabs(-7LL));

    r = puts("puts line");
    printf("puts returned nonneg %d\n", r >= 0);
    r = putchar('Z');
    printf(" putchar returned %d\n", r);
    r = fputs("fputs text\n", stdout);
    printf("fputs returned nonneg %d\n", r >= 0);
    r = printf("%s", "");
    printf("empty printf %d\n", r);

    static char mybuf[64];
    setvbuf(stdout, mybuf, _IOFBF, sizeof mybuf);
    printf("after setvbuf: a line longer than the sixty-four byte buffer to force a flush\n");
    printf("short\n");

    int64_t big = INT64_MIN;
    uint64_t ubig = UINT64_MAX;
    printf("PRId64 %" PRId64 " PRIu64 %" PRIu64 " PRIx64 %" PRIx64 "\n", big, ubig, ubig);
    printf("PRIi32 %" PRIi32 " PRIo8 %" PRIo8 " PRIXPTR %" PRIXPTR "\n", INT32_MIN, 8,
           (uintptr_t)0xabcdef);
    int64_t parsed;
    sscanf("-1234567890123", "%" SCNd64, &parsed);
    printf("SCNd64 %" PRId64 "\n", parsed);
    intmax_t im = strtoimax("-99", NULL, 10);
    printf("strtoimax %jd imaxabs %jd\n", im, imaxabs(im));

    wchar_t ws[32];
    wcscpy(ws, L"wide");
    wcscat(ws, L" chars");
    printf("wcslen %zu wcscmp %d %d\n", wcslen(ws), wcscmp(ws, L"wide chars"),
           wcscmp(L"a", L"b") < 0);
    printf("wcschr %d\n", (int)(wcschr(ws, L'c') - ws));
    printf("%ls|%5lc|%-3lc|\n", ws, L'x', L'y');
    char mb[8];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t k = wcrtomb(mb, L'A', &st);
    wchar_t wc;
    size_t k2 = mbrtowc(&wc, "B", 1, &st);
    printf("wcrtomb %zu %c mbrtowc %zu %lc mblen %d\n", k, mb[0], k2, (wint_t)wc, mblen("x", 1));
    printf("iswalpha %d %d towupper %lc\n", !!iswalpha(L'a'), !!iswalpha(L'1'),
           (wint_t)towupper(L'q'));
    printf("wcstol %ld\n", wcstol(L"  -42xyz", NULL, 10));
    printf("MB_CUR_MAX %zu CHAR_BIT %d\n", MB_CUR_MAX, CHAR_BIT);
    return 0;
}
