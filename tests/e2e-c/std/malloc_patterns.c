/* malloc/calloc/realloc/free usage patterns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item { int id; char name[12]; };

int main(void)
{
    int *a = malloc(10 * sizeof *a);
    if (!a)
        return 1;
    for (int i = 0; i < 10; i++)
        a[i] = i * i;
    a = realloc(a, 20 * sizeof *a);
    for (int i = 10; i < 20; i++)
        a[i] = -i;
    int s = 0;
    for (int i = 0; i < 20; i++)
        s += a[i];
    printf("%d %d %d\n", a[9], a[19], s);
    a = realloc(a, 5 * sizeof *a);
    printf("%d %d\n", a[0], a[4]);
    free(a);

    double *z = calloc(100, sizeof *z);
    double zs = 0;
    for (int i = 0; i < 100; i++)
        zs += z[i];
    printf("%g\n", zs);
    free(z);
    char *bytes = calloc(1, 64);
    int nonzero = 0;
    for (int i = 0; i < 64; i++)
        nonzero += bytes[i] != 0;
    printf("%d\n", nonzero);
    free(bytes);

    char *str = realloc(NULL, 4);
    strcpy(str, "abc");
    size_t cap = 4, len = 3;
    for (int i = 0; i < 50; i++) {
        if (len + 2 > cap) {
            cap *= 2;
            str = realloc(str, cap);
        }
        str[len++] = (char)('a' + i % 26);
        str[len] = 0;
    }
    printf("%zu %zu %s\n", len, cap, str);
    free(str);
    free(NULL);

    struct item **items = malloc(5 * sizeof *items);
    for (int i = 0; i < 5; i++) {
        items[i] = malloc(sizeof **items);
        items[i]->id = i + 100;
        snprintf(items[i]->name, sizeof items[i]->name, "item-%d", i);
    }
    for (int i = 4; i >= 0; i--) {
        printf("%d %s\n", items[i]->id, items[i]->name);
        free(items[i]);
    }
    free(items);

    int **grid = malloc(4 * sizeof *grid);
    for (int i = 0; i < 4; i++) {
        grid[i] = calloc(i + 1, sizeof **grid);
        for (int j = 0; j <= i; j++)
            grid[i][j] = (j == 0 || j == i) ? 1 : grid[i - 1][j - 1] + grid[i - 1][j];
    }
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j <= i; j++)
            printf("%d ", grid[i][j]);
        printf("\n");
        free(grid[i]);
    }
    free(grid);

    long total = 0;
    for (int round = 0; round < 200; round++) {
        size_t n = (size_t)(round % 37 + 1) * 16;
        unsigned char *blk = malloc(n);
        memset(blk, round & 0xff, n);
        total += blk[n - 1];
        free(blk);
    }
    printf("%ld\n", total);
    void *keep[64];
    for (int i = 0; i < 64; i++)
        keep[i] = malloc((size_t)(i + 1) * 8);
    for (int i = 0; i < 64; i += 2)
        free(keep[i]);
    for (int i = 0; i < 64; i += 2)
        keep[i] = calloc(i + 1, 8);
    long check = 0;
    for (int i = 0; i < 64; i += 2)
        check += ((long *)keep[i])[i];
    for (int i = 0; i < 64; i++)
        free(keep[i]);
    printf("%ld\n", check);
    char *big = malloc(1 << 20);
    big[0] = 'b';
    big[(1 << 20) - 1] = 'e';
    printf("%c%c\n", big[0], big[(1 << 20) - 1]);
    free(big);
    return 0;
}
