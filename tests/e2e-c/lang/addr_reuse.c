/* Element addresses reused within a basic block: every write to the index
 * or the base, every label and every setjmp must make the compiler compute
 * them again. */
#include <setjmp.h>
#include <stdio.h>

typedef struct { double x, v, m; } Body;
static int next_index(int i) { return (i * 5 + 3) % 8; }
static jmp_buf jb;
static int g[8] = { 10, 11, 12, 13, 14, 15, 16, 17 };

static void jump(int v) { longjmp(jb, v); }

int main(void)
{
    int a[8] = { 0, 1, 4, 9, 16, 25, 36, 49 };
    int i = 2;
    int x = a[i];
    i++;
    int y = a[i];
    i = next_index(i);
    int z = a[i];
    printf("%d %d %d %d\n", x, y, z, i);

    int *p = a, *q = g;
    long k = 5;
    int s = p[k];
    p = q;
    s = s * 100 + p[k];
    unsigned u = 7;
    s += a[u] + g[u];
    u -= 2;
    s += a[u] * g[u];
    printf("%d\n", s);

    int m[3][4];
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 4; c++)
            m[r][c] = r * 10 + c;
    int r = 1, c = 2;
    int t = m[r][c];
    c = 3;
    t = t * 100 + m[r][c];
    r = 2;
    t = t * 100 + m[r][c] + (t > 0 ? m[r][0] : m[0][r]);
    printf("%d\n", t);

    Body b[3] = { { 1, 0.5, 2 }, { 4, -1, 3 }, { 9, 2, 1 } };
    for (int step = 0; step < 3; step++)
        for (int j = 0; j < 3; j++) {
            int o = (j + 1) % 3;
            double d = b[j].x - b[o].x;
            b[j].v -= d * b[o].m;
            b[o].v += d * b[j].m;
            b[j].x += b[j].v * 0.1;
        }
    printf("%.6f %.6f %.6f\n", b[0].x + b[0].v, b[1].x + b[1].v, b[2].x + b[2].v);

    int n = 1;
    a[n] += a[n + 1] + a[n];
    a[n + 1] = a[n] * 2;
    a[n]++;
    printf("%d %d\n", a[1], a[2]);

    volatile int w = 3;
    int at = a[w];
    int v = setjmp(jb);
    if (v == 0) {
        w = 6;
        jump(4);
    }
    printf("%d %d %d\n", at, a[w], v);
    return 0;
}
