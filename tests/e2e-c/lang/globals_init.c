#include <stdio.h>
struct entry { const char *name; int (*fn)(int); int value; };
static int neg(int x) { return -x; }
static int ident(int x) { return x; }
static struct entry table[] = {
    {"neg", neg, 1},
    {"ident", ident, 2},
    {0, 0, 0},
};
int data[4] = {1, 2, 3, 4};
int *pdata = &data[2];
char *names[] = {"zero", "one", "two"};
char **pnames = names + 1;
long addr_as_long = (long)&data;
double dd = 1.0 / 4;
float ff = 3;
unsigned char bytes[] = {255, 256 - 1, 'a'};
const short shorts[3] = {-1, 2};
struct { int a; char s[4]; int b; } mixed = {1, "ab", 3};
int main(void)
{
    for (struct entry *e = table; e->name; e++)
        printf("%s %d\n", e->name, e->fn(e->value));
    printf("%d %s %s %g %g\n", *pdata, names[2], *pnames, dd, ff);
    printf("%d\n", (int *)addr_as_long == data);
    printf("%d %d %d %d %d\n", bytes[0], bytes[2], shorts[0], shorts[1], shorts[2]);
    printf("%d %s %d\n", mixed.a, mixed.s, mixed.b);
    return 0;
}
