/* scanf from stdin until EOF: mixed records, return values, %s/%d/%lf. */
#include <stdio.h>

int main(void)
{
    int n;
    if (scanf("%d", &n) != 1)
        return 1;
    printf("records %d\n", n);
    double total = 0;
    for (int i = 0; i < n; i++) {
        char name[32];
        int qty;
        double price;
        int r = scanf("%31s %d %lf", name, &qty, &price);
        if (r != 3) {
            printf("bad record %d (r=%d)\n", i, r);
            return 2;
        }
        printf("%-8s %3d x %7.2f = %8.2f\n", name, qty, price, qty * price);
        total += qty * price;
    }
    printf("total %.2f\n", total);
    int a, b, count = 0, sum = 0;
    while (scanf(" (%d,%d)", &a, &b) == 2) {
        count++;
        sum += a * b;
    }
    printf("pairs %d sum %d\n", count, sum);
    char word[16];
    int r = scanf("%15s", word);
    printf("r=%d word=%s\n", r, word);
    r = scanf("%d", &a);
    printf("r=%d\n", r);
    r = scanf("%15s", word);
    printf("r=%d %s\n", r, word);
    r = scanf("%d", &a);
    printf("at end r=%d eof %d\n", r, feof(stdin) != 0);
    return 0;
}
