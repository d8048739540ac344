/*
 * csvstat: reads CSV with a header row (quoted fields allowed) and prints, per column,
 * the count of values, and for numeric columns min, max, mean and standard deviation.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 16

typedef struct {
    char name[32];
    long count, numeric;
    double min, max, sum, sumsq;
} Column;

/* Splits one CSV line into fields (in place); returns the number of fields. */
static int split(char *line, char **fields, int max)
{
    int n = 0;
    char *s = line;
    while (n < max) {
        char *out = s;
        fields[n++] = s;
        if (*s == '"') {
            s++;
            for (;;) {
                if (*s == '"' && s[1] == '"') { *out++ = '"'; s += 2; }
                else if (*s == '"') { s++; break; }
                else if (!*s) break;
                else *out++ = *s++;
            }
            while (*s && *s != ',') s++;
        } else {
            while (*s && *s != ',' && *s != '\n') *out++ = *s++;
        }
        int more = *s == ',';
        *out = 0;
        if (!more) break;
        s++;
    }
    return n;
}

static const char *const sample =
    "city,population,area_km2,note\n"
    "Lyon,522969,47.87,\"Rh\xc3\xb4ne, France\"\n"
    "Porto,231800,41.42,\"says \"\"ol\xc3\xa1\"\"\"\n"
    "Graz,291072,127.57,\n"
    "Turku,194244,245.67,coast\n"
    "Brno,379526,230.22,n/a\n";

int main(void)
{
    Column cols[MAX_COLS];
    int ncols = 0;
    char line[1024];
    char *fields[MAX_COLS];
    const char *s = sample;
    int from_stdin = 0;
    for (int row = 0;; row++) {
        if (from_stdin || row == 0) {
            if (fgets(line, sizeof line, stdin)) from_stdin = 1;
        }
        if (!from_stdin) {
            if (!*s) break;
            size_t len = strcspn(s, "\n");
            memcpy(line, s, len);
            line[len] = 0;
            s += len + (s[len] == '\n');
        } else if (row > 0 && !fgets(line, sizeof line, stdin)) {
            break;
        }
        line[strcspn(line, "\r\n")] = 0;
        int n = split(line, fields, MAX_COLS);
        if (row == 0) {
            ncols = n;
            for (int i = 0; i < n; i++) {
                memset(&cols[i], 0, sizeof cols[i]);
                snprintf(cols[i].name, sizeof cols[i].name, "%s", fields[i]);
            }
            continue;
        }
        for (int i = 0; i < n && i < ncols; i++) {
            if (!fields[i][0]) continue;
            Column *c = &cols[i];
            c->count++;
            char *end;
            double v = strtod(fields[i], &end);
            if (end != fields[i] && *end == 0) {
                if (c->numeric == 0 || v < c->min) c->min = v;
                if (c->numeric == 0 || v > c->max) c->max = v;
                c->numeric++;
                c->sum += v;
                c->sumsq += v * v;
            }
        }
    }
    printf("%-12s %6s %12s %12s %14s %14s\n", "column", "count", "min", "max", "mean", "stddev");
    for (int i = 0; i < ncols; i++) {
        Column *c = &cols[i];
        if (c->numeric == c->count && c->numeric > 0) {
            double mean = c->sum / c->numeric;
            double var = c->sumsq / c->numeric - mean * mean;
            printf("%-12s %6ld %12.2f %12.2f %14.4f %14.4f\n", c->name, c->count, c->min,
                   c->max, mean, sqrt(var > 0 ? var : 0));
        } else {
            printf("%-12s %6ld %12s %12s %14s %14s\n", c->name, c->count, "-", "-", "-", "-");
        }
    }
    return 0;
}
