/* N-queens: count all solutions with bitmasks, print the first solution for N=8. */
#include <stdio.h>

static long count(int n, int row, unsigned cols, unsigned d1, unsigned d2)
{
    if (row == n)
        return 1;
    long total = 0;
    unsigned avail = ~(cols | d1 | d2) & ((1u << n) - 1);
    while (avail) {
        unsigned bit = avail & -avail;
        avail ^= bit;
        total += count(n, row + 1, cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1);
    }
    return total;
}

static int board[12];

static int place(int n, int row)
{
    if (row == n)
        return 1;
    for (int c = 0; c < n; c++) {
        int safe = 1;
        for (int r = 0; r < row; r++) {
            int dc = board[r] - c;
            if (dc == 0 || dc == row - r || dc == r - row) {
                safe = 0;
                break;
            }
        }
        if (safe) {
            board[row] = c;
            if (place(n, row + 1))
                return 1;
        }
    }
    return 0;
}

int main(void)
{
    for (int n = 1; n <= 10; n++)
        printf("N=%d solutions=%ld\n", n, count(n, 0, 0, 0, 0));
    if (place(8, 0)) {
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++)
                putchar(board[r] == c ? 'Q' : '.');
            putchar('\n');
        }
    }
    printf("N=3 placeable %d\n", place(3, 0));
    return 0;
}
