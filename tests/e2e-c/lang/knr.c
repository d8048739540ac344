#include <stdio.h>
int add(a, b)
int a, b;
{
    return a + b;
}
double scale(x, f)
float x;
double f;
{
    return x * f;
}
char first(s) char *s; { return s[0]; }
int noproto();
int noproto(n) { return n * 2; }
int main(void)
{
    printf("%d %g %c %d\n", add(2, 3), scale(1.5f, 2.0), first("knr"), noproto(21));
    return 0;
}
