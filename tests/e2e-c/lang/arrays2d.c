#include <stdio.h>
int grid[3][4] = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
int sum(int m[][4], int rows)
{
    int s = 0;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < 4; j++)
            s += m[i][j];
    return s;
}
int main(void)
{
    printf("%d\n", sum(grid, 3));
    int local[2][3][2];
    int n = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 2; k++)
                local[i][j][k] = n++;
    printf("%d %d %lu %lu\n", local[1][2][1], local[0][1][0], sizeof local, sizeof local[1]);
    int (*row)[4] = grid + 1;
    printf("%d %d\n", (*row)[2], row[1][3]);
    char names[3][8] = {"ab", "cde", "f"};
    for (int i = 0; i < 3; i++)
        printf("%s,", names[i]);
    printf("\n");
    int *flat = &grid[0][0];
    printf("%d\n", flat[6]);
    return 0;
}
