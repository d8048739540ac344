/*
 * time.c - time.h.  Clocks are host calls; calendar arithmetic is done here
 * on the proleptic Gregorian calendar with 64-bit day counts (the
 * days-from-civil algorithm: years counted from March so the leap day ends
 * the year, in 400-year eras).  There are no time zones: local time is UTC
 * (tm_zone "UTC"; gmtime's is "GMT", as glibc names them).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "libc.h"

clock_t clock(void)
{
    return __host_clock();
}

time_t time(time_t *t)
{
    time_t now = __host_time();
    if (t)
        *t = now;
    return now;
}

double difftime(time_t t1, time_t t0)
{
    return (double)(t1 - t0);
}

int timespec_get(struct timespec *ts, int base)
{
    if (base != TIME_UTC)
        return 0;
    long ns = __host_time_ns(0);
    ts->tv_sec = ns / 1000000000L;
    ts->tv_nsec = ns % 1000000000L;
    return base;
}

int clock_gettime(clockid_t clk, struct timespec *ts)
{
    long ns;
    if (clk == CLOCK_REALTIME || clk == CLOCK_MONOTONIC)
        ns = __host_time_ns(clk);
    else if (clk == CLOCK_PROCESS_CPUTIME_ID)
        ns = __host_clock() * 1000L;
    else {
        errno = EINVAL;
        return -1;
    }
    ts->tv_sec = ns / 1000000000L;
    ts->tv_nsec = ns % 1000000000L;
    return 0;
}

void tzset(void)
{
}

/* ------------------------------------------------------------ calendar */

static long floor_div(long a, long b)
{
    long q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

/* Days since 1970-01-01 of y-m-d (m 1..12). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = floor_div(y, 400);
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
    z += 719468;
    long era = floor_div(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static struct tm *fill_tm(time_t t, struct tm *tm, const char *zone)
{
    long days = floor_div(t, 86400);
    long secs = t - days * 86400;
    long y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    if (y - 1900 > INT_MAX || y - 1900 < INT_MIN) {
        errno = EOVERFLOW;
        return NULL;
    }
    tm->tm_year = (int)(y - 1900);
    tm->tm_mon = m - 1;
    tm->tm_mday = d;
    tm->tm_hour = (int)(secs / 3600);
    tm->tm_min = (int)(secs / 60 % 60);
    tm->tm_sec = (int)(secs % 60);
    tm->tm_wday = (int)(floor_div(days + 4, 7) * -7 + days + 4);
    tm->tm_yday = (int)(days - days_from_civil(y, 1, 1));
    tm->tm_isdst = 0;
    tm->tm_gmtoff = 0;
    tm->tm_zone = zone;
    return tm;
}

struct tm *gmtime_r(const time_t *t, struct tm *out)
{
    return fill_tm(*t, out, "GMT");
}

struct tm *localtime_r(const time_t *t, struct tm *out)
{
    return fill_tm(*t, out, "UTC");
}

static struct tm tm_buf;

struct tm *gmtime(const time_t *t)
{
    return gmtime_r(t, &tm_buf);
}

struct tm *localtime(const time_t *t)
{
    return localtime_r(t, &tm_buf);
}

static time_t normalize(struct tm *tm, const char *zone)
{
    long mon = tm->tm_mon;
    long y = (long)tm->tm_year + 1900 + floor_div(mon, 12);
    mon -= floor_div(mon, 12) * 12;
    long days = days_from_civil(y, mon + 1, 1) + tm->tm_mday - 1;
    time_t t = days * 86400 + (long)tm->tm_hour * 3600 + (long)tm->tm_min * 60 + tm->tm_sec;
    if (!fill_tm(t, tm, zone))
        return (time_t)-1;
    return t;
}

time_t mktime(struct tm *tm)
{
    return normalize(tm, "UTC");
}

time_t timegm(struct tm *tm)
{
    return normalize(tm, "GMT");
}

static const char *const day_names[] = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};
static const char *const month_names[] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
};

static const char *day_name(int wday)
{
    return wday >= 0 && wday < 7 ? day_names[wday] : "?";
}

static const char *month_name(int mon)
{
    return mon >= 0 && mon < 12 ? month_names[mon] : "?";
}

char *asctime_r(const struct tm *tm, char *buf)
{
    sprintf(buf, "%.3s %.3s%3d %.2d:%.2d:%.2d %d\n", day_name(tm->tm_wday),
            month_name(tm->tm_mon), tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
            1900 + tm->tm_year);
    return buf;
}

static char asctime_buf[64];

char *asctime(const struct tm *tm)
{
    return asctime_r(tm, asctime_buf);
}

char *ctime_r(const time_t *t, char *buf)
{
    struct tm tm;
    if (!localtime_r(t, &tm))
        return NULL;
    return asctime_r(&tm, buf);
}

char *ctime(const time_t *t)
{
    return ctime_r(t, asctime_buf);
}

/* ------------------------------------------------------------ strftime */

/* ISO 8601 week-based year and week number. */
static int iso_weeks_in_year(long y)
{
    long p = (y + floor_div(y, 4) - floor_div(y, 100) + floor_div(y, 400)) % 7;
    long y1 = y - 1;
    long q = (y1 + floor_div(y1, 4) - floor_div(y1, 100) + floor_div(y1, 400)) % 7;
    if (p < 0)
        p += 7;
    if (q < 0)
        q += 7;
    return 52 + (p == 4 || q == 3);
}

static void iso_week(const struct tm *tm, long *year, int *week)
{
    long y = (long)tm->tm_year + 1900;
    int wd = (tm->tm_wday + 6) % 7 + 1; /* Monday 1 .. Sunday 7 */
    int w = (tm->tm_yday + 1 - wd + 10) / 7; /* ordinal day is 1-based */
    if (w < 1) {
        y--;
        w = iso_weeks_in_year(y);
    } else if (w > iso_weeks_in_year(y)) {
        y++;
        w = 1;
    }
    *year = y;
    *week = w;
}

typedef struct Out {
    char *s;
    size_t max, n;
    int full;
} Out;

static void out_str(Out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (o->n + 1 >= o->max) {
            o->full = 1;
            return;
        }
        o->s[o->n++] = s[i];
    }
}

/* A number with the conversion's default padding (pad_char, digits),
 * overridden by the GNU flags '-', '_', '0' and a width. */
static void out_num(Out *o, long v, int digits, char pad_char, char flag, int width)
{
    char buf[32];
    char tmp[32];
    int neg = v < 0;
    unsigned long u = neg ? 0 - (unsigned long)v : (unsigned long)v;
    int n = 0;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (flag == '-')
        digits = 0;
    else if (flag == '_')
        pad_char = ' ';
    else if (flag == '0')
        pad_char = '0';
    if (width > 0)
        digits = width;
    if (digits > 30)
        digits = 30;
    int len = 0;
    int body = n + neg;
    if (pad_char == ' ')
        for (; body < digits; body++)
            buf[len++] = ' ';
    if (neg)
        buf[len++] = '-';
    if (pad_char == '0')
        for (; body < digits; body++)
            buf[len++] = '0';
    while (n > 0)
        buf[len++] = tmp[--n];
    out_str(o, buf, (size_t)len);
}

static void out_text(Out *o, const char *s, size_t n, char flag, int width, int upper)
{
    char buf[64];
    if (n > sizeof buf)
        n = sizeof buf;
    memcpy(buf, s, n);
    if (upper)
        for (size_t i = 0; i < n; i++)
            if (buf[i] >= 'a' && buf[i] <= 'z')
                buf[i] = (char)(buf[i] - 'a' + 'A');
    for (int i = (int)n; i < width; i++)
        out_str(o, flag == '0' ? "0" : " ", 1);
    out_str(o, buf, n);
}

static void format_tm(Out *o, const char *fmt, const struct tm *tm)
{
    for (const char *p = fmt; *p && !o->full; p++) {
        if (*p != '%') {
            out_str(o, p, 1);
            continue;
        }
        const char *start = p;
        p++;
        char flag = 0;
        int upper = 0;
        while (*p == '-' || *p == '_' || *p == '0' || *p == '^' || *p == '#') {
            if (*p == '^')
                upper = 1;
            else if (*p != '#')
                flag = *p;
            p++;
        }
        int width = 0;
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (*p++ - '0');
        if (*p == 'E' || *p == 'O')
            p++;
        long year = (long)tm->tm_year + 1900;
        int hour12 = tm->tm_hour % 12 == 0 ? 12 : tm->tm_hour % 12;
        switch (*p) {
        case 'a': out_text(o, day_name(tm->tm_wday), 3, flag, width, upper); break;
        case 'A': {
            const char *s = day_name(tm->tm_wday);
            out_text(o, s, strlen(s), flag, width, upper);
            break;
        }
        case 'b': case 'h': out_text(o, month_name(tm->tm_mon), 3, flag, width, upper); break;
        case 'B': {
            const char *s = month_name(tm->tm_mon);
            out_text(o, s, strlen(s), flag, width, upper);
            break;
        }
        case 'c': format_tm(o, "%a %b %e %H:%M:%S %Y", tm); break;
        case 'C': out_num(o, floor_div(year, 100), 2, '0', flag, width); break;
        case 'd': out_num(o, tm->tm_mday, 2, '0', flag, width); break;
        case 'D': format_tm(o, "%m/%d/%y", tm); break;
        case 'e': out_num(o, tm->tm_mday, 2, ' ', flag, width); break;
        case 'F': format_tm(o, "%Y-%m-%d", tm); break;
        case 'g': case 'G': {
            long iy;
            int w;
            iso_week(tm, &iy, &w);
            if (*p == 'g')
                out_num(o, ((iy % 100) + 100) % 100, 2, '0', flag, width);
            else
                out_num(o, iy, 1, '0', flag, width);
            break;
        }
        case 'H': out_num(o, tm->tm_hour, 2, '0', flag, width); break;
        case 'I': out_num(o, hour12, 2, '0', flag, width); break;
        case 'j': out_num(o, tm->tm_yday + 1, 3, '0', flag, width); break;
        case 'k': out_num(o, tm->tm_hour, 2, ' ', flag, width); break;
        case 'l': out_num(o, hour12, 2, ' ', flag, width); break;
        case 'm': out_num(o, tm->tm_mon + 1, 2, '0', flag, width); break;
        case 'M': out_num(o, tm->tm_min, 2, '0', flag, width); break;
        case 'n': out_str(o, "\n", 1); break;
        case 'p': out_text(o, tm->tm_hour < 12 ? "AM" : "PM", 2, flag, width, 0); break;
        case 'P': out_text(o, tm->tm_hour < 12 ? "am" : "pm", 2, flag, width, 0); break;
        case 'r': format_tm(o, "%I:%M:%S %p", tm); break;
        case 'R': format_tm(o, "%H:%M", tm); break;
        case 's': {
            struct tm copy = *tm;
            out_num(o, mktime(&copy), 1, '0', flag, width);
            break;
        }
        case 'S': out_num(o, tm->tm_sec, 2, '0', flag, width); break;
        case 't': out_str(o, "\t", 1); break;
        case 'T': format_tm(o, "%H:%M:%S", tm); break;
        case 'u': out_num(o, (tm->tm_wday + 6) % 7 + 1, 1, '0', flag, width); break;
        case 'U': out_num(o, (tm->tm_yday + 7 - tm->tm_wday) / 7, 2, '0', flag, width); break;
        case 'V': {
            long iy;
            int w;
            iso_week(tm, &iy, &w);
            out_num(o, w, 2, '0', flag, width);
            break;
        }
        case 'w': out_num(o, tm->tm_wday, 1, '0', flag, width); break;
        case 'W':
            out_num(o, (tm->tm_yday + 7 - (tm->tm_wday + 6) % 7) / 7, 2, '0', flag, width);
            break;
        case 'x': format_tm(o, "%m/%d/%y", tm); break;
        case 'X': format_tm(o, "%H:%M:%S", tm); break;
        case 'y': out_num(o, ((year % 100) + 100) % 100, 2, '0', flag, width); break;
        case 'Y': out_num(o, year, 1, '0', flag, width); break;
        case 'z': {
            long off = tm->tm_gmtoff;
            char buf[8];
            buf[0] = off < 0 ? '-' : '+';
            if (off < 0)
                off = -off;
            long hh = off / 3600, mm = off / 60 % 60;
            buf[1] = (char)('0' + hh / 10 % 10);
            buf[2] = (char)('0' + hh % 10);
            buf[3] = (char)('0' + mm / 10);
            buf[4] = (char)('0' + mm % 10);
            out_str(o, buf, 5);
            break;
        }
        case 'Z': {
            const char *z = tm->tm_zone ? tm->tm_zone : "";
            out_text(o, z, strlen(z), flag, width, upper);
            break;
        }
        case '%': out_str(o, "%", 1); break;
        case '\0':
            out_str(o, start, (size_t)(p - start));
            p--;
            break;
        default:
            /* Unknown: copied as written (glibc does the same). */
            out_str(o, start, (size_t)(p - start) + 1);
            break;
        }
    }
}

size_t strftime(char *s, size_t max, const char *fmt, const struct tm *tm)
{
    Out o;
    o.s = s;
    o.max = max;
    o.n = 0;
    o.full = 0;
    if (max == 0)
        return 0;
    format_tm(&o, fmt, tm);
    if (o.full) {
        s[max - 1] = '\0';
        return 0;
    }
    s[o.n] = '\0';
    return o.n;
}
