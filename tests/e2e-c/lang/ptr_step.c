/* *p++ and *p-- in loads and stores, narrowing casts of loaded values,
 * constants and global addresses used inside loops. */
#include <stdio.h>
#include <string.h>

static int table[8] = { 1, -2, 3, -4, 5, -6, 7, -8 };
static const char *words[] = { "alpha", "beta", "gamma" };

static void copy(char *d, const char *s)
{
    while ((*d++ = *s++))
        ;
}

static unsigned long hash(const char *s)
{
    unsigned long h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

static int sum_back(const int *end, int n)
{
    int s = 0;
    while (n--)
        s += *--end * 1000;
    s += *end;
    return s;
}

int main(void)
{
    char buf[32];
    copy(buf, "hello, world");
    printf("%s %lu\n", buf, hash(buf));
    unsigned char hi[] = { 200, 100, 255, 0 };
    const unsigned char *u = hi;
    int total = 0;
    while (*u)
        total += (signed char)*u++;
    printf("%d\n", total);
    int vals[] = { 0x1234, -0x5678, 0x7fff0080 };
    for (int i = 0; i < 3; i++)
        printf("%d %d %u %d\n", (signed char)vals[i], (short)vals[i],
               (unsigned short)vals[i], (unsigned char)vals[i]);
    const int *p = table;
    int x = *p++;
    x = *p++ + x;
    printf("%d %d\n", x, (int)(p - table));
    int out[8], *q = out;
    for (int i = 0; i < 8; i++)
        *q++ = table[i] * 2;
    int *r = out + 8;
    int a = *--r;
    int b = *r--;
    printf("%d %d %d\n", a, b, *r);
    printf("%d\n", sum_back(table + 8, 8));
    char line[64], *w = line;
    for (int i = 0; i < 3; i++) {
        const char *s = words[i];
        while (*s)
            *w++ = *s++;
        *w++ = i < 2 ? ',' : '\0';
    }
    printf("%s %zu\n", line, strlen(line));
    long acc = 0;
    for (int i = 0; i < 100; i++)
        acc += i % 7 == 3 ? 1000003 : i * 100000007L % 1009;
    printf("%ld\n", acc);
    return 0;
}
