/* <stdlib.h>: qsort, bsearch, abs/div, atoi family, strtol bases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

struct rec { int key; const char *val; };

static int by_key(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}
static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
static int cmp_c(const void *a, const void *b) { return *(const char *)a - *(const char *)b; }
static int cmp_i(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    struct rec recs[] = { { 5, "five" }, { 2, "two" }, { 9, "nine" }, { 1, "one" },
                          { 7, "seven" }, { 3, "three" } };
    size_t n = sizeof recs / sizeof recs[0];
    qsort(recs, n, sizeof recs[0], by_key);
    for (size_t i = 0; i < n; i++)
        printf("%d:%s ", recs[i].key, recs[i].val);
    printf("\n");
    struct rec key = { 7, 0 };
    struct rec *found = bsearch(&key, recs, n, sizeof recs[0], by_key);
    printf("%s\n", found ? found->val : "none");
    key.key = 4;
    found = bsearch(&key, recs, n, sizeof recs[0], by_key);
    printf("%s\n", found ? found->val : "none");
    double ds[] = { 3.5, -1.25, 100.0, 0.0, 2.75 };
    qsort(ds, 5, sizeof ds[0], cmp_d);
    for (int i = 0; i < 5; i++)
        printf("%g ", ds[i]);
    printf("\n");
    char word[] = "quicksort";
    qsort(word, strlen(word), 1, cmp_c);
    printf("%s\n", word);
    int big[200];
    for (int i = 0; i < 200; i++)
        big[i] = (i * 7919) % 200;
    qsort(big, 200, sizeof big[0], cmp_i);
    int ok = 1;
    for (int i = 0; i < 200; i++)
        ok &= big[i] == i;
    printf("sorted %d\n", ok);
    qsort(big, 0, sizeof big[0], cmp_i);
    qsort(big, 1, sizeof big[0], cmp_i);
    int k = 150;
    int *pk = bsearch(&k, big, 200, sizeof big[0], cmp_i);
    printf("%td\n", pk - big);
    printf("%d\n", bsearch(&k, big, 0, sizeof big[0], cmp_i) == NULL);

    printf("%d %d %ld %lld\n", abs(-5), abs(5), labs(-100000L), llabs(-10000000000LL));
    printf("%d\n", abs(INT_MIN + 1));
    printf("%d %d %ld %lld\n", atoi("42"), atoi("  -17xyz"), atol("123456789012"),
           atoll("-9000000000000000000"));
    printf("%d %d %d\n", atoi(""), atoi("+8"), atoi("0x1A"));
    printf("%g %g %g\n", atof("3.25"), atof("-1e3"), atof("  .5abc"));
    const char *inputs[] = { "0x1A", "0X1a", "012", "0", "z", "-0x10", "  +077", "10" };
    int bases[] = { 0, 2, 8, 10, 16, 36 };
    for (int i = 0; i < 8; i++) {
        printf("%-8s", inputs[i]);
        for (int b = 0; b < 6; b++) {
            char *end;
            long v = strtol(inputs[i], &end, bases[b]);
            printf(" %ld/%td", v, end - inputs[i]);
        }
        printf("\n");
    }
    const char *zz = "zz!";
    char *end;
    long zv = strtol(zz, &end, 36);
    printf("%ld %td\n", zv, end - zz);
    printf("%ld\n", strtol("1010", NULL, 2));
    printf("%ld\n", strtol("-777", NULL, 8));
    printf("%lu\n", strtoul("-1", NULL, 10));
    printf("%lu\n", strtoul("-2", NULL, 0));
    printf("%lu\n", strtoul("4294967296", NULL, 10));
    printf("%llu\n", strtoull("0xffffffffffffffff", NULL, 0));
    printf("%lld\n", strtoll("-0777", NULL, 0));
    const char *many = "10 20 30 -5";
    const char *pp = many;
    long total = 0;
    for (;;) {
        char *e;
        long v = strtol(pp, &e, 10);
        if (e == pp)
            break;
        total += v;
        pp = e;
    }
    printf("%ld\n", total);
    return 0;
}
