#include <stdio.h>
/* The program defines functions named like the C library's, with other types:
   its definitions serve its own calls, and the library keeps its own (printf's
   own use of strlen and abs is unaffected). */
int strlen(char *s)
{
    int n = 0;
    while (*s++)
        n++;
    return n + 1000;
}
double abs(double x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }    /* the same type as the library's */
int main(void)
{
    printf("%d %.1f %ld\n", strlen("abc"), abs(-2.5), labs(-9));
    printf("[%5s] [%-4d]\n", "ab", -3);
    return 0;
}
