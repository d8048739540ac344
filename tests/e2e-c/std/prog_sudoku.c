/* Backtracking sudoku solver. */
#include <stdio.h>

static int grid[9][9];
static long nodes;

static int ok(int r, int c, int v)
{
    for (int i = 0; i < 9; i++)
        if (grid[r][i] == v || grid[i][c] == v)
            return 0;
    int br = r / 3 * 3, bc = c / 3 * 3;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            if (grid[br + i][bc + j] == v)
                return 0;
    return 1;
}

static int solve(void)
{
    for (int r = 0; r < 9; r++)
        for (int c = 0; c < 9; c++) {
            if (grid[r][c])
                continue;
            for (int v = 1; v <= 9; v++) {
                if (ok(r, c, v)) {
                    grid[r][c] = v;
                    nodes++;
                    if (solve())
                        return 1;
                    grid[r][c] = 0;
                }
            }
            return 0;
        }
    return 1;
}

static void load(const char *s)
{
    for (int i = 0; i < 81; i++)
        grid[i / 9][i % 9] = s[i] == '.' ? 0 : s[i] - '0';
}

static void show(void)
{
    for (int r = 0; r < 9; r++) {
        for (int c = 0; c < 9; c++)
            printf("%d%s", grid[r][c], c == 2 || c == 5 ? " | " : c == 8 ? "" : " ");
        printf("\n");
        if (r == 2 || r == 5)
            printf("------+-------+------\n");
    }
}

static int valid(void)
{
    for (int r = 0; r < 9; r++)
        for (int c = 0; c < 9; c++) {
            int v = grid[r][c];
            if (v == 0)
                continue;
            grid[r][c] = 0;
            int good = ok(r, c, v);
            grid[r][c] = v;
            if (!good)
                return 0;
        }
    return 1;
}

int main(void)
{
    const char *puzzles[] = {
        "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79",
        "..3.2.6..9..3.5..1..18.64....81.29..7.......8..67.82....26.95..8..2.3..9..5.1.3..",
        "11...............................................................................",
    };
    for (int i = 0; i < 3; i++) {
        load(puzzles[i]);
        if (!valid()) {
            printf("puzzle %d: invalid givens\n", i);
            continue;
        }
        nodes = 0;
        int solved = solve();
        printf("puzzle %d: solved %d nodes %ld valid %d\n", i, solved, nodes, solved && valid());
        if (solved)
            show();
    }
    return 0;
}
