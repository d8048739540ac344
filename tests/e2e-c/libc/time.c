/* Deterministic time functions: gmtime of fixed instants, mktime/timegm
 * normalization, strftime conversions, asctime, difftime. */
#include <stdio.h>
#include <string.h>
#include <time.h>

static void show(time_t t)
{
    struct tm *tm = gmtime(&t);
    char buf[256];
    strftime(buf, sizeof buf,
             "%Y-%m-%d %H:%M:%S|%a %A %b %B|%j %U %W %V %G %g %u %w|%y %C %e %D %F %T %R|%I %l %p|%%",
             tm);
    printf("%12ld: %s\n", (long)t, buf);
    printf("              %d %d %d %d %d %d wday %d yday %d isdst %d | %s", tm->tm_year,
           tm->tm_mon, tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_wday,
           tm->tm_yday, tm->tm_isdst, asctime(tm));
}

int main(void)
{
    time_t ts[] = {0, 1, 59, 86399, 86400, 951782400, 951868800, 978307200, 1000000000,
                   1234567890, 1700000000, 2147483647, 2147483648L, 4102444800L, -1,
                   -86400, -2208988800L, 253402300799L, 1104537600, 1136073600, 1230768000,
                   1262304000, 1293753600, 1609459200};
    for (unsigned i = 0; i < sizeof ts / sizeof ts[0]; i++)
        show(ts[i]);

    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 124;
    tm.tm_mon = 13;
    tm.tm_mday = 35;
    tm.tm_hour = 25;
    tm.tm_min = 61;
    tm.tm_sec = 61;
    time_t t = timegm(&tm);
    printf("timegm %ld -> %d-%02d-%02d %02d:%02d:%02d wday %d yday %d\n", (long)t,
           tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
           tm.tm_wday, tm.tm_yday);
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 100;
    tm.tm_mon = -1;
    tm.tm_mday = 0;
    t = timegm(&tm);
    printf("timegm negative fields %ld -> %d-%02d-%02d\n", (long)t, tm.tm_year + 1900,
           tm.tm_mon + 1, tm.tm_mday);
    printf("difftime %.1f\n", difftime(1000, 250));
    char small[5];
    printf("strftime too small %zu\n", strftime(small, sizeof small, "%Y-%m-%d", gmtime(&ts[9])));
    printf("strftime exact %zu [%s]\n", strftime(small, sizeof small, "%Y", gmtime(&ts[9])), small);
    printf("CLOCKS_PER_SEC %ld\n", (long)CLOCKS_PER_SEC);
    time_t now = time(NULL);
    printf("time sane %d\n", now > 1600000000);
    clock_t c = clock();
    printf("clock sane %d\n", c >= 0);
    struct timespec sp;
    int base = timespec_get(&sp, TIME_UTC);
    printf("timespec_get %d sane %d\n", base,
           sp.tv_sec > 1600000000 && sp.tv_nsec >= 0 && sp.tv_nsec < 1000000000);
    return 0;
}
