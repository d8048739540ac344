/* A growable string builder with printf-style appends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

struct sb { char *buf; size_t len, cap; };

static void sb_reserve(struct sb *s, size_t extra)
{
    if (s->len + extra + 1 <= s->cap)
        return;
    size_t cap = s->cap ? s->cap : 8;
    while (cap < s->len + extra + 1)
        cap *= 2;
    s->buf = realloc(s->buf, cap);
    s->cap = cap;
}

static void sb_append(struct sb *s, const char *str)
{
    size_t n = strlen(str);
    sb_reserve(s, n);
    memcpy(s->buf + s->len, str, n + 1);
    s->len += n;
}

static void sb_putc(struct sb *s, char c)
{
    sb_reserve(s, 1);
    s->buf[s->len++] = c;
    s->buf[s->len] = 0;
}

static void sb_printf(struct sb *s, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    sb_reserve(s, (size_t)n);
    vsnprintf(s->buf + s->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    s->len += (size_t)n;
}

static void sb_insert(struct sb *s, size_t at, const char *str)
{
    size_t n = strlen(str);
    sb_reserve(s, n);
    memmove(s->buf + at + n, s->buf + at, s->len - at + 1);
    memcpy(s->buf + at, str, n);
    s->len += n;
}

static int sb_replace_all(struct sb *s, const char *from, const char *to)
{
    struct sb out = { 0 };
    sb_append(&out, "");
    size_t fl = strlen(from);
    int count = 0;
    const char *p = s->buf, *hit;
    while ((hit = strstr(p, from)) != NULL) {
        sb_reserve(&out, (size_t)(hit - p));
        memcpy(out.buf + out.len, p, (size_t)(hit - p));
        out.len += (size_t)(hit - p);
        out.buf[out.len] = 0;
        sb_append(&out, to);
        p = hit + fl;
        count++;
    }
    sb_append(&out, p);
    free(s->buf);
    *s = out;
    return count;
}

int main(void)
{
    struct sb s = { 0 };
    sb_append(&s, "Hello");
    sb_putc(&s, ',');
    sb_putc(&s, ' ');
    sb_append(&s, "world");
    printf("[%s] len %zu cap %zu\n", s.buf, s.len, s.cap);
    sb_printf(&s, "! %d + %d = %d; pi ~ %.3f", 2, 3, 2 + 3, 3.14159);
    printf("[%s] len %zu cap %zu\n", s.buf, s.len, s.cap);
    sb_insert(&s, 0, ">> ");
    sb_insert(&s, 8, "<mid>");
    printf("[%s]\n", s.buf);
    int n = sb_replace_all(&s, "o", "0");
    printf("%d [%s]\n", n, s.buf);
    n = sb_replace_all(&s, " ", "");
    printf("%d [%s] %zu\n", n, s.buf, s.len);
    free(s.buf);
    struct sb t = { 0 };
    for (int i = 0; i < 100; i++)
        sb_printf(&t, "%d%s", i, i % 10 == 9 ? "\n" : ",");
    printf("%s", t.buf);
    printf("len %zu cap %zu\n", t.len, t.cap);
    free(t.buf);
    struct sb csv = { 0 };
    const char *fields[] = { "name", "has,comma", "quote\"d", "" };
    for (int i = 0; i < 4; i++) {
        if (i)
            sb_putc(&csv, ',');
        if (strpbrk(fields[i], ",\"")) {
            sb_putc(&csv, '"');
            for (const char *p = fields[i]; *p; p++) {
                if (*p == '"')
                    sb_putc(&csv, '"');
                sb_putc(&csv, *p);
            }
            sb_putc(&csv, '"');
        } else {
            sb_append(&csv, fields[i]);
        }
    }
    printf("%s\n", csv.buf);
    free(csv.buf);
    return 0;
}
