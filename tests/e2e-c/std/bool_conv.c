/* _Bool: conversion of any scalar compares it with 0 (C11 6.3.1.2). */
#include <stdio.h>
#include <stdbool.h>

int main(void)
{
    _Bool b;
    b = 2; printf("%d ", b);
    b = -1; printf("%d ", b);
    b = 0; printf("%d ", b);
    b = 0.5; printf("%d ", b);
    b = -0.0; printf("%d ", b);
    b = 1e-300; printf("%d ", b);
    b = 256; printf("%d ", b);
    b = 0x100000000LL; printf("%d ", b);
    b = (char)0; printf("%d\n", b);
    int x = 5;
    int *p = &x;
    b = p; printf("%d ", b);
    p = 0;
    b = p; printf("%d ", b);
    b = "str"; printf("%d\n", b);
    bool t = true, f = false;
    printf("%d %d %d %d\n", t, f, true + true, t * 10);
    printf("%zu %zu\n", sizeof(bool), sizeof(true));
    bool c = 0;
    c++;
    printf("%d ", c);
    c++;
    printf("%d ", c);
    c--;
    printf("%d ", c);
    c--;
    printf("%d\n", c);
    bool d = 1;
    d += 5;
    printf("%d ", d);
    d -= 1;
    printf("%d ", d);
    d = d * 7;
    printf("%d ", d);
    d = !d;
    printf("%d\n", d);
    printf("%d %d %d\n", !5, !!5, !0.0);
    bool arr[5] = { 1, 0, 3, -3, 0 };
    int sum = 0;
    for (int i = 0; i < 5; i++)
        sum += arr[i];
    printf("%d\n", sum);
    unsigned u = (bool)0x80000000u;
    printf("%u\n", u);
    bool cmp = 3 > 2;
    printf("%d %d\n", cmp, cmp == true);
    double dd = true;
    printf("%g\n", dd);
    printf("%d %d\n", true && 2, false || 0.0);
    bool e = 2 & 1;
    printf("%d\n", e);
    struct { bool a, b; } st = { 7, 0 };
    printf("%d %d %zu\n", st.a, st.b, sizeof st);
    printf("%s\n", _Generic(t + 0, int: "int", default: "other"));
    printf("%d\n", (bool)0.0001f);
    return 0;
}
