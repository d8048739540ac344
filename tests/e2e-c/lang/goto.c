#include <stdio.h>
int main(void)
{
    int i = 0;
loop:
    if (i < 5) {
        printf("%d ", i);
        i++;
        goto loop;
    }
    printf("\n");
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            if (a * b == 2)
                goto done;
done:
    printf("done\n");
    int n = 0;
    goto skip;
    n = 100;
skip:
    printf("%d\n", n);
    int k = 0;
    while (1) {
        if (++k > 3)
            break;
        if (k == 2)
            continue;
        printf("k%d ", k);
    }
    printf("\n");
    do {
        k--;
        if (k == 1)
            continue;
    } while (k > 0);
    printf("%d\n", k);
    return 0;
}
