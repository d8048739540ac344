/* Calls of small leaf functions, which the JIT inlines in their callers:
   every kind of value in and out, several returns, loops, parameters
   changed, locals set on some paths only, stores through pointers (whose
   slow paths leave the inlined code in the callee's frame), division by -1
   (left to the interpreter in the middle of an inlined call), calls as
   arguments of calls, results ignored, and a leaf called from two callers. */
#include <stdio.h>
#include <string.h>

typedef struct { int x, y; double w; } Point;

static int counter;
static short shorts[8] = {1, -2, 3, -4, 5, -6, 7, -8};

static int add3(int a, int b, int c) { return a + b + c; }
static long mul_long(long a, long b) { return a * b; }
static unsigned umix(unsigned a, unsigned b) { return (a << 3) ^ (b >> 2) ^ 0x9e3779b9u; }
static double lerp(double a, double b, double t) { return a + (b - a) * t; }
static float fhalf(float f) { return f * 0.5f; }
static int sign(long v)
{
    if (v < 0)
        return -1;
    if (v > 0)
        return 1;
    return 0;
}
static int sum_to(int n)
{
    int s = 0;
    while (n > 0)
        s += n--;
    return s;
}
static int maybe(int c)
{
    int x;
    if (c & 1)
        x = c * 10;
    else
        x = 7;
    return x;
}
static int six(int a, int b, int c, int d, int e, int f) { return a - b + c - d + e - f; }
static void bump(int *p, int by) { *p += by; }
static int get_x(const Point *p) { return p->x; }
static double weight(const Point *p) { return p->w * p->y; }
static const char *skip(const char *s, int n) { return s + n; }
static int byte_at(const char *s, int i) { return (unsigned char)s[i]; }
static int short_at(int i) { return shorts[i & 7]; }
static int quotient(int a, int b) { return a / b; }
static long lquotient(long a, long b) { return a % b; }
static void tick(void) { counter++; }
static int ignored(int v) { counter += v; return v * 2; }
static int twice(int v) { return add3(v, v, 0); }

int main(void)
{
    long acc = 0;
    unsigned h = 1;
    double d = 0;
    float f = 1000.0f;
    Point pts[4] = {{1, 2, 0.5}, {3, 4, 1.5}, {-5, 6, 2.5}, {7, -8, 3.5}};
    int cells[4] = {0, 0, 0, 0};
    const char *text = "inline me, please";
    for (int i = 0; i < 3000; i++) {
        acc += add3(i, -i / 2, 3);
        acc += mul_long(i, i - 1000) % 97;
        h = umix(h, (unsigned)i);
        d += lerp(0.0, (double)i, 0.25);
        if (i % 300 == 0)
            f = fhalf(f);
        acc += sign(i - 1500) + sign(-i) + sign(0);
        acc += sum_to(i % 20);
        acc += maybe(i);
        acc += six(i, 1, 2, 3, 4, 5);
        bump(&cells[i & 3], i);
        acc += get_x(&pts[i & 3]);
        d += weight(&pts[(i + 1) & 3]);
        acc += byte_at(skip(text, i % 5), i % 7);
        acc += short_at(i);
        acc += quotient(i * 3 - 4000, (i % 3) - 1 ? (i % 3) - 1 : -1);
        acc += lquotient(-(long)i * 100003, (i % 5) - 2 ? (i % 5) - 2 : -1);
        acc += add3(add3(i, 1, 2), mul_long(i, 2), sign(i));
        tick();
        ignored(i & 1);
        acc += twice(i);
    }
    printf("acc %ld\n", acc);
    printf("h %08x\n", h);
    printf("d %.6f f %.6f\n", d, (double)f);
    printf("cells %d %d %d %d\n", cells[0], cells[1], cells[2], cells[3]);
    printf("counter %d\n", counter);
    printf("quotients %d %d %ld\n", quotient(-2147483647, -1), quotient(7, -1),
           lquotient(-9, -1));
    return 0;
}
