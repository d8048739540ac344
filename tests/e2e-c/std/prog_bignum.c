/* Arbitrary-precision factorials and Fibonacci numbers with digit arrays. */
#include <stdio.h>
#include <string.h>

#define MAXD 400

struct big { int n; unsigned char d[MAXD]; };   /* little-endian decimal digits */

static void big_set(struct big *b, unsigned v)
{
    b->n = 0;
    do {
        b->d[b->n++] = v % 10;
        v /= 10;
    } while (v);
}

static void big_mul(struct big *b, unsigned m)
{
    unsigned carry = 0;
    for (int i = 0; i < b->n; i++) {
        unsigned x = b->d[i] * m + carry;
        b->d[i] = x % 10;
        carry = x / 10;
    }
    while (carry) {
        b->d[b->n++] = carry % 10;
        carry /= 10;
    }
}

static void big_add(struct big *r, const struct big *a, const struct big *b)
{
    int carry = 0, n = a->n > b->n ? a->n : b->n;
    for (int i = 0; i < n; i++) {
        int x = (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0) + carry;
        r->d[i] = x % 10;
        carry = x / 10;
    }
    r->n = n;
    if (carry)
        r->d[r->n++] = 1;
}

static void big_print(const struct big *b)
{
    for (int i = b->n - 1; i >= 0; i--)
        putchar('0' + b->d[i]);
}

static int digit_sum(const struct big *b)
{
    int s = 0;
    for (int i = 0; i < b->n; i++)
        s += b->d[i];
    return s;
}

int main(void)
{
    struct big f;
    big_set(&f, 1);
    for (unsigned i = 1; i <= 30; i++) {
        big_mul(&f, i);
        if (i % 5 == 0 || i == 21) {
            printf("%u! = ", i);
            big_print(&f);
            printf("\n");
        }
    }
    big_set(&f, 1);
    for (unsigned i = 2; i <= 100; i++)
        big_mul(&f, i);
    printf("100! has %d digits, digit sum %d\n", f.n, digit_sum(&f));
    big_print(&f);
    printf("\n");
    int zeros = 0;
    while (f.d[zeros] == 0)
        zeros++;
    printf("trailing zeros %d\n", zeros);
    struct big a, b, c;
    big_set(&a, 0);
    big_set(&b, 1);
    for (int i = 2; i <= 300; i++) {
        big_add(&c, &a, &b);
        a = b;
        b = c;
    }
    printf("fib(300) = ");
    big_print(&b);
    printf("\n");
    struct big p;
    big_set(&p, 1);
    for (int i = 0; i < 200; i++)
        big_mul(&p, 2);
    printf("2^200 = ");
    big_print(&p);
    printf(" (%d digits)\n", p.n);
    return 0;
}
