/* Input read inside an aborted level is delivered again: getchar() after the
 * abort reads the same characters; input read inside a committed level is
 * consumed for good. */
#include <speculate.h>
#include <stdio.h>

int main(void)
{
    char first[8] = {0}, again[8] = {0};
    int l = speculate();
    if (l > 0) {
        for (int i = 0; i < 5; i++)
            first[i] = (char)getchar();
        printf("lost: read %s\n", first);
        abort(l);
    }
    for (int i = 0; i < 5; i++)
        again[i] = (char)getchar();
    printf("after abort: %s\n", again);

    /* nested: the inner abort replays only what the inner level read */
    int a = speculate();
    char x[4] = {0}, y[4] = {0};
    x[0] = (char)getchar();
    x[1] = (char)getchar();
    int b = speculate();
    y[0] = (char)getchar();
    if (b > 0) {
        y[1] = (char)getchar();
        abort(b);
    }
    y[1] = (char)getchar();
    commit(a);
    printf("x=%s y=%s\n", x, y);

    int c;
    printf("rest:");
    while ((c = getchar()) != EOF)
        if (c != '\n')
            printf(" %c", c);
    printf("\n");
    return 0;
}
