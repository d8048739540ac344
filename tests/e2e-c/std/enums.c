/* Enumerations: values, implicit increments, negative values, sizes. */
#include <stdio.h>

enum color { RED, GREEN, BLUE };
enum seq { A = 5, B, C = 10, D, E = -3, F, G };
enum dup { X = 1, Y = 1, Z = X + Y };
enum big { BIG = 2147483647 };
enum neg { NEG = -2147483647 - 1 };
enum flags { FL_A = 1 << 0, FL_B = 1 << 1, FL_C = 1 << 2, FL_ALL = FL_A | FL_B | FL_C };
enum { ANON1 = 100, ANON2 };
typedef enum { MON, TUE, WED } day;

static const char *name(enum color c)
{
    switch (c) {
    case RED: return "red";
    case GREEN: return "green";
    case BLUE: return "blue";
    }
    return "?";
}

int main(void)
{
    printf("%d %d %d\n", RED, GREEN, BLUE);
    printf("%d %d %d %d %d %d %d\n", A, B, C, D, E, F, G);
    printf("%d %d %d\n", X, Y, Z);
    printf("%d %d\n", BIG, NEG);
    printf("%d %d\n", FL_ALL, FL_ALL & ~FL_B);
    printf("%d %d\n", ANON1, ANON2);
    printf("%zu %zu %zu\n", sizeof(enum color), sizeof RED, sizeof(day));
    printf("%s\n", _Generic(RED, int: "int", default: "other"));
    enum color c = BLUE;
    printf("%s %s\n", name(c), name(RED));
    c = 1;
    printf("%s\n", name(c));
    for (enum color k = RED; k <= BLUE; k++)
        printf("%s ", name(k));
    printf("\n");
    day d = WED;
    printf("%d\n", d - MON);
    int arr[BLUE + 1] = { [RED] = 10, [BLUE] = 30 };
    printf("%d %d %d\n", arr[0], arr[1], arr[2]);
    enum seq s = E;
    printf("%d %d\n", s < 0, s + 10);
    enum { LOCAL = 7 } local = LOCAL;
    printf("%d\n", local * 2);
    {
        enum { RED = 99 };
        printf("%d\n", RED);
    }
    printf("%d\n", RED);
    unsigned u = FL_C;
    printf("%u\n", u << 3);
    enum color from_int = (enum color)2;
    printf("%d\n", from_int == BLUE);
    return 0;
}
