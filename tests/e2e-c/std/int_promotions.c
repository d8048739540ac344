/* Integer promotions and the usual arithmetic conversions (C11 6.3.1). */
#include <stdio.h>

#define TYPE(x) _Generic((x), \
    _Bool: "_Bool", char: "char", signed char: "signed char", \
    unsigned char: "unsigned char", short: "short", unsigned short: "unsigned short", \
    int: "int", unsigned int: "unsigned int", \
    long: "long", unsigned long: "unsigned long", \
    long long: "long long", unsigned long long: "unsigned long long", \
    float: "float", double: "double", default: "other")

int main(void)
{
    char c = 'a';
    signed char sc = -5;
    unsigned char uc = 200;
    short s = -1;
    unsigned short us = 65535;
    int i = -1;
    unsigned u = 1;
    long l = -1;
    unsigned long ul = 1;
    long long ll = -1;
    _Bool b = 1;

    printf("%s %s %s\n", TYPE(c), TYPE(+c), TYPE(c + c));
    printf("%s %s %s\n", TYPE(uc), TYPE(uc + uc), TYPE(-uc));
    printf("%s %s\n", TYPE(us), TYPE(us * us));
    printf("%s %s\n", TYPE(b), TYPE(b + b));
    printf("%s\n", TYPE(i + u));
    printf("%s\n", TYPE(l + u));
    printf("%s\n", TYPE(l + ul));
    printf("%s\n", TYPE(ll + ul));
    printf("%s\n", TYPE(ll + u));
    printf("%s\n", TYPE(s + us));
    printf("%s\n", TYPE(c << 40L));
    printf("%s\n", TYPE(uc ? u : i));
    printf("%s %s\n", TYPE(i + 1.0f), TYPE(ll + 1.0f));
    printf("%s\n", TYPE(1.0f + 1.0));
    printf("%s %s\n", TYPE(~uc), TYPE(!ll));
    printf("%s %s\n", TYPE(c == c), TYPE(l < ul));
    printf("%s\n", TYPE((sc, u)));

    printf("%d\n", uc + uc);
    printf("%d\n", ~uc);
    printf("%d\n", -uc);
    printf("%d\n", s == us);
    printf("%d\n", s + us);
    printf("%u\n", i + u);
    printf("%d\n", i < u);
    printf("%d\n", l < u);
    printf("%d\n", l < ul);
    printf("%lu\n", l + ul);
    printf("%d\n", sc * uc);
    printf("%d\n", (unsigned char)(uc + 100));
    printf("%d\n", c - 'A');
    printf("%zu %zu %zu\n", sizeof(c + c), sizeof(uc), sizeof(+uc));
    printf("%zu %zu\n", sizeof(s * s), sizeof(ll * c));

    unsigned char a = 0xff, bb = 1;
    printf("%d\n", a + bb);        /* 256: promoted to int */
    printf("%d\n", (unsigned char)(a + bb));
    unsigned short x = 0xffff;
    printf("%d\n", x * 2);
    printf("%u\n", (unsigned)x << 16);
    int neg = -3;
    unsigned int pos = 2;
    printf("%u\n", neg / pos);     /* neg converted to unsigned */
    printf("%ld\n", neg / (long)pos);
    printf("%d\n", (neg + pos) > 0);
    long ln = -3;
    printf("%ld\n", ln / pos);     /* unsigned int converted to long */
    return 0;
}
