/* Floating point over an array of structs: 10000 particles pulled towards the centre of a
   box, with damping and bouncing off the walls; prints sums of positions and energy. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct { double x, y, vx, vy, m; } Particle;

#define N 10000
#define STEPS 3600

static unsigned long long seed = 42;

static double rnd(void)
{
    seed = (seed * 1103515245ULL + 12345ULL) & 0x7fffffffULL;
    return (double)seed / 2147483648.0;
}

int main(void)
{
    Particle *p = malloc(N * sizeof(Particle));
    const double dt = 0.01, g = 0.5, damp = 0.999, eps = 0.01;
    for (int i = 0; i < N; i++) {
        p[i].x = rnd();
        p[i].y = rnd();
        p[i].vx = rnd() - 0.5;
        p[i].vy = rnd() - 0.5;
        p[i].m = 0.5 + rnd();
    }
    int bounces = 0;
    for (int step = 0; step < STEPS; step++) {
        for (int i = 0; i < N; i++) {
            Particle *q = &p[i];
            double dx = 0.5 - q->x, dy = 0.5 - q->y;
            double d2 = dx * dx + dy * dy + eps;
            double f = g / (d2 * sqrt(d2));
            q->vx = (q->vx + dx * f * dt / q->m) * damp;
            q->vy = (q->vy + dy * f * dt / q->m) * damp;
            q->x += q->vx * dt;
            q->y += q->vy * dt;
            if (q->x < 0.0) { q->x = -q->x; q->vx = -q->vx; bounces++; }
            if (q->x > 1.0) { q->x = 2.0 - q->x; q->vx = -q->vx; bounces++; }
            if (q->y < 0.0) { q->y = -q->y; q->vy = -q->vy; bounces++; }
            if (q->y > 1.0) { q->y = 2.0 - q->y; q->vy = -q->vy; bounces++; }
        }
    }
    double sx = 0, sy = 0, e = 0;
    for (int i = 0; i < N; i++) {
        sx += p[i].x * p[i].m;
        sy += p[i].y * p[i].m;
        e += 0.5 * p[i].m * (p[i].vx * p[i].vx + p[i].vy * p[i].vy);
    }
    printf("%.6f\n%.6f\n%.6f\n%d\n", sx, sy, e, bounces);
    free(p);
    return 0;
}
