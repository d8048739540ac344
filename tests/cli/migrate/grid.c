/* A grid computation that checkpoints itself every 10 steps, in the style
 * of the paper's Figure 2: a run killed at any moment resumes from its last
 * checkpoint (`firvm FILE`) and ends with the same grid.
 *   grid STEPS CHECKPOINT-FILE */
#include <migrate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 96

static double grid[N][N], next[N][N];

static void step(void)
{
    for (int i = 1; i < N - 1; i++)
        for (int j = 1; j < N - 1; j++)
            next[i][j] = 0.25 * (grid[i - 1][j] + grid[i + 1][j] + grid[i][j - 1] +
                                 grid[i][j + 1]);
    memcpy(grid, next, sizeof grid);
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    int steps = atoi(argv[1]);
    char target[600];
    snprintf(target, sizeof target, "checkpoint:%s", argv[2]);
    for (int i = 0; i < N; i++)
        grid[0][i] = grid[i][0] = 100.0; /* hot edges */
    memcpy(next, grid, sizeof grid);
    for (int s = 1; s <= steps; s++) {
        step();
        if (s % 10 == 0 && migrate(target) != 0)
            printf("checkpoint at step %d failed\n", s);
    }
    double sum = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            sum += grid[i][j] * (i + 1) * (j + 2);
    printf("after %d steps: checksum %.9f centre %.9f\n", steps, sum, grid[N / 2][N / 2]);
    for (int i = 0; i < N; i += 12) {
        for (int j = 0; j < N; j += 12)
            printf(" %8.4f", grid[i][j]);
        printf("\n");
    }
    return 0;
}
