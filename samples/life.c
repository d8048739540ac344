/* life: Conway's Game of Life on a torus, printing a few generations and a population log. */
#include <stdio.h>
#include <string.h>

#define W 40
#define H 20

static unsigned char grid[H][W], next[H][W];

static void show(int gen)
{
    printf("generation %d\n", gen);
    for (int y = 0; y < H; y++) {
        char row[W + 1];
        for (int x = 0; x < W; x++)
            row[x] = grid[y][x] ? '#' : '.';
        row[W] = 0;
        puts(row);
    }
}

static int step(void)
{
    int population = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int n = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                    if (dx || dy)
                        n += grid[(y + dy + H) % H][(x + dx + W) % W];
            next[y][x] = n == 3 || (n == 2 && grid[y][x]);
            population += next[y][x];
        }
    memcpy(grid, next, sizeof grid);
    return population;
}

int main(void)
{
    /* A glider, a blinker and an R-pentomino. */
    static const int cells[][2] = {{1, 2}, {2, 3}, {3, 1}, {3, 2}, {3, 3},
                                   {10, 5}, {10, 6}, {10, 7},
                                   {20, 10}, {20, 11}, {21, 9}, {21, 10}, {22, 10}};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        grid[cells[i][1]][cells[i][0]] = 1;
    show(0);
    for (int gen = 1; gen <= 200; gen++) {
        int pop = step();
        if (gen % 25 == 0)
            printf("generation %3d: population %d\n", gen, pop);
    }
    show(200);
    return 0;
}
