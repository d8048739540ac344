/* switch: fall-through, default in the middle, nesting, Duff's device. */
#include <stdio.h>

static const char *classify(int n)
{
    switch (n) {
    case 0:
        return "zero";
    case 1:
    case 3:
    case 5:
        return "small odd";
    default:
        return "other";
    case 2:
    case 4:
        return "small even";
    case -1:
        return "minus one";
    }
}

static int fall(int n)
{
    int r = 0;
    switch (n) {
    case 1: r += 1;
    case 2: r += 10;
    default: r += 100;
    case 3: r += 1000;
        break;
    case 4: r += 10000;
    }
    return r;
}

static void copy(char *to, const char *from, int count)
{
    int n = (count + 7) / 8;
    switch (count % 8) {
    case 0: do { *to++ = *from++;
    case 7:      *to++ = *from++;
    case 6:      *to++ = *from++;
    case 5:      *to++ = *from++;
    case 4:      *to++ = *from++;
    case 3:      *to++ = *from++;
    case 2:      *to++ = *from++;
    case 1:      *to++ = *from++;
            } while (--n > 0);
    }
}

int main(void)
{
    for (int i = -2; i <= 6; i++)
        printf("%d %s\n", i, classify(i));
    for (int i = 0; i <= 5; i++)
        printf("fall %d %d\n", i, fall(i));
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            switch (i) {
            case 0:
                switch (j) {
                case 0: printf("00 "); break;
                case 1: printf("01 "); continue;
                default: printf("0x ");
                }
                printf("after-inner ");
                break;
            case 1:
                if (j == 1)
                    break;
                printf("1%d ", j);
                break;
            default:
                printf("d%d ", j);
            }
    printf("\n");
    const char *s = "hello, World 42!";
    int up = 0, low = 0, dig = 0, other = 0;
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case 'a': case 'b': case 'c': case 'd': case 'e': case 'f': case 'g': case 'h':
        case 'i': case 'j': case 'k': case 'l': case 'm': case 'n': case 'o': case 'p':
        case 'q': case 'r': case 's': case 't': case 'u': case 'v': case 'w': case 'x':
        case 'y': case 'z':
            low++;
            break;
        case 'W':
            up++;
            break;
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
            dig++;
            break;
        default:
            other++;
        }
    }
    printf("%d %d %d %d\n", up, low, dig, other);
    char buf[32] = { 0 };
    for (int c = 0; c <= 17; c += 1) {
        copy(buf, "abcdefghijklmnopq", c);
        buf[c] = 0;
        if (c % 4 == 1)
            printf("[%s]", buf);
    }
    printf("\n");
    long big = 5000000000L;
    switch (big) {
    case 5000000000L: printf("long case\n"); break;
    default: printf("wrong\n");
    }
    unsigned u = 0xffffffffu;
    switch (u) {
    case 0xffffffffu: printf("unsigned max\n"); break;
    }
    switch (2) {
    default:
        printf("never\n");
    }
    switch (7) {
    case 1:
        printf("no\n");
    }
    char c = -1;
    switch (c) {
    case -1: printf("char -1\n"); break;
    case 255: printf("char 255\n"); break;
    }
    int x = 3;
    switch (x) {
        case 3: {
            int y = x * 2;
            printf("block %d\n", y);
        }
        /* fall through */
        case 4:
            printf("four\n");
    }
    return 0;
}
