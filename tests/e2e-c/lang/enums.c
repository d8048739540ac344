#include <stdio.h>
enum color { RED, GREEN = 5, BLUE, ALPHA = BLUE * 2 };
enum { NEG = -3, AFTER };
typedef enum { X = 1 << 2, Y = X | 1 } flags;
const char *name(enum color c)
{
    switch (c) {
    case RED: return "red";
    case GREEN: return "green";
    case BLUE: return "blue";
    default: return "other";
    }
}
int main(void)
{
    enum color c = BLUE;
    printf("%d %d %d %d\n", RED, GREEN, c, ALPHA);
    printf("%d %d\n", NEG, AFTER);
    printf("%s %s %s\n", name(RED), name(c), name(ALPHA));
    flags f = Y;
    printf("%d %lu\n", f, sizeof f);
    int arr[BLUE];
    printf("%lu\n", sizeof arr / sizeof arr[0]);
    c++;
    printf("%d\n", c);
    return 0;
}
