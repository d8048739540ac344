#include <stdio.h>
struct pt { int x, y; };
static int *gp = (int[]){10, 20, 30};
static struct pt *gs = &(struct pt){5, 6};
static int sum(const int *v, int n) { int s = 0; while (n--) s += v[n]; return s; }
int main(void)
{
    printf("%d %d %d\n", gp[1], gs->y, sum((int[]){1, 2, 3, 4}, 4));
    struct pt p = (struct pt){.y = 2, .x = 1};
    printf("%d %d\n", p.x, p.y);
    int *q = (int[3]){0};
    q[2] = 5;
    printf("%d %d\n", q[0], q[2]);
    for (int i = 0; i < 2; i++) {
        int *c = (int[]){i, i * 10};
        printf("%d ", c[1]);
    }
    printf("\n");
    printf("%s\n", (char[]){"literal"});
    printf("%d\n", ((struct pt){3, 4}).y);
    int *sc = &(int){42};
    printf("%d\n", *sc);
    return 0;
}
