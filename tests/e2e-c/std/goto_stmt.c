/* goto: forward, backward, leaving nested loops, cleanup chains. */
#include <stdio.h>

static int find(int m[4][4], int target, int *ri, int *rj)
{
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            if (m[i][j] == target) {
                *ri = i;
                *rj = j;
                goto found;
            }
    return 0;
found:
    return 1;
}

static int cleanup(int fail_at)
{
    int steps = 0;
    if (fail_at == 1)
        goto out1;
    steps |= 1;
    if (fail_at == 2)
        goto out2;
    steps |= 2;
    if (fail_at == 3)
        goto out3;
    steps |= 4;
out3:
    steps |= 8;
out2:
    steps |= 16;
out1:
    return steps;
}

int main(void)
{
    int i = 0;
back:
    printf("%d ", i);
    i++;
    if (i < 5)
        goto back;
    printf("\n");

    goto skip;
    printf("not printed\n");
skip:
    printf("skipped\n");

    int m[4][4];
    for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++)
            m[a][b] = a * 4 + b;
    int ri = -1, rj = -1;
    int ok = find(m, 9, &ri, &rj);
    printf("%d %d %d\n", ok, ri, rj);
    printf("%d\n", find(m, 99, &ri, &rj));
    for (int f = 0; f <= 3; f++)
        printf("cleanup %d -> %d\n", f, cleanup(f));

    int n = 0;
    for (int a = 0; a < 10; a++) {
        for (int b = 0; b < 10; b++) {
            for (int c = 0; c < 10; c++) {
                n++;
                if (a * 100 + b * 10 + c == 123)
                    goto done;
            }
        }
    }
done:
    printf("iterations %d\n", n);

    int k = 10;
loop:
    if (k <= 0)
        goto end;
    k -= 3;
    {
        int inner = k * 2;
        if (inner == 8)
            goto loop;
        printf("k %d inner %d\n", k, inner);
    }
    goto loop;
end:
    printf("k end %d\n", k);

    int state = 0, out = 0;
s0:
    out = out * 10 + 1;
    if (state++ < 2)
        goto s1;
    goto fin;
s1:
    out = out * 10 + 2;
    goto s0;
fin:
    printf("%d\n", out);
    {
        goto inside;
        printf("skipped too\n");
    inside:;
        int z = 5;
        printf("z %d\n", z);
    }
    return 0;
}
