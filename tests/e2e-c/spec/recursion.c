/* abort from deeper in the call stack than the speculate: the VM stack
 * (frames, locals, temporaries, address-taken locals) is as it was when the
 * level was entered; commit from a deeper frame keeps everything. */
#include <speculate.h>
#include <stdio.h>

static int level;
static int depth_reached;

static int dive(int n, int acc)
{
    int local[4] = {n, n * 2, n * 3, acc};
    if (n == 0) {
        depth_reached = acc;
        abort(level); /* 50 frames above the speculate */
    }
    int r = dive(n - 1, acc + local[1]);
    return r + local[0];
}

static int sum_to(int n)
{
    if (n == 0) {
        commit(level); /* commit from deep inside: nothing is undone */
        return 0;
    }
    int arr[2] = {n, 0};
    return arr[0] + sum_to(n - 1);
}

int main(void)
{
    int a = 7, b = 11;
    double d = 2.5;
    int arr[3] = {1, 2, 3};
    int *pa = &arr[1];
    level = speculate();
    if (level == 0) {
        printf("rolled back: a=%d b=%d d=%g arr=%d %d %d *pa=%d depth=%d\n", a, b, d, arr[0],
               arr[1], arr[2], *pa, depth_reached);
    } else {
        a = 70;
        b = 110;
        d = -1;
        arr[0] = arr[1] = arr[2] = 9;
        *pa = 99;
        printf("never printed %d\n", dive(50, 0));
    }
    level = speculate();
    int s = sum_to(100);
    printf("sum=%d level=%d a=%d\n", s, level, a);
    return 0;
}
