/* <time.h> with fixed times only: gmtime, strftime, asctime, difftime. */
#include <stdio.h>
#include <time.h>

static void show(time_t t)
{
    struct tm *tm = gmtime(&t);
    printf("%lld: %04d-%02d-%02d %02d:%02d:%02d wday %d yday %d dst %d\n", (long long)t,
           tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour, tm->tm_min,
           tm->tm_sec, tm->tm_wday, tm->tm_yday, tm->tm_isdst);
}

int main(void)
{
    time_t times[] = { 0, 86399, 86400, 951782400, 1000000000, 1234567890, 2147483647,
                       4102444800LL, -86400, 1709210096 };
    for (int i = 0; i < 10; i++)
        show(times[i]);
    struct tm tm = { 0 };
    tm.tm_year = 2024 - 1900;
    tm.tm_mon = 1;
    tm.tm_mday = 29;
    tm.tm_hour = 13;
    tm.tm_min = 5;
    tm.tm_sec = 9;
    tm.tm_wday = 4;
    tm.tm_yday = 59;
    char buf[128];
    size_t n = strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    printf("%zu [%s]\n", n, buf);
    strftime(buf, sizeof buf, "%a %A %b %B %d %e %j %y %C", &tm);
    printf("[%s]\n", buf);
    strftime(buf, sizeof buf, "%I %p %M %S %w %u %%", &tm);
    printf("[%s]\n", buf);
    strftime(buf, sizeof buf, "%D | %F | %T | %R | %h", &tm);
    printf("[%s]\n", buf);
    strftime(buf, sizeof buf, "%c", &tm);
    printf("[%s]\n", buf);
    strftime(buf, sizeof buf, "%x %X", &tm);
    printf("[%s]\n", buf);
    strftime(buf, sizeof buf, "%U %W", &tm);
    printf("[%s]\n", buf);
    n = strftime(buf, 5, "%Y-%m-%d", &tm);
    printf("too small %zu\n", n);
    n = strftime(buf, sizeof buf, "", &tm);
    printf("empty %zu\n", n);
    tm.tm_hour = 0;
    strftime(buf, sizeof buf, "%I %p %H", &tm);
    printf("[%s]\n", buf);
    tm.tm_hour = 12;
    strftime(buf, sizeof buf, "%I %p", &tm);
    printf("[%s]\n", buf);
    printf("%s", asctime(&tm));
    time_t t0 = 1000000000;
    printf("%s", asctime(gmtime(&t0)));
    printf("%.1f %.1f\n", difftime(100, 40), difftime(0, 3600));
    struct tm *g = gmtime(&t0);
    strftime(buf, sizeof buf, "%A, %B %d, %Y", g);
    printf("%s\n", buf);
    return 0;
}
