#include <stdio.h>
#include <stddef.h>
#include <stdalign.h>
struct s { char c; double d; };
int main(void)
{
    printf("%lu %lu %lu %lu %lu\n", sizeof(char), sizeof(short), sizeof(int), sizeof(long), sizeof(long long));
    printf("%lu %lu %lu %lu\n", sizeof(float), sizeof(double), sizeof(void *), sizeof(struct s));
    printf("%lu %lu %lu\n", _Alignof(char), _Alignof(double), alignof(struct s));
    int arr[17];
    printf("%lu %lu\n", sizeof arr, sizeof arr / sizeof *arr);
    printf("%lu\n", sizeof(int[3][5]));
    int x = 0;
    printf("%lu %d\n", sizeof(x++), x);
    printf("%lu\n", sizeof(struct s *));
    printf("%lu\n", offsetof(struct s, d));
    printf("%lu %lu\n", sizeof "abc", sizeof(char *));
    alignas(16) int aligned = 3;
    printf("%d %lu\n", aligned, __alignof__(long));
    printf("%lu\n", sizeof(int (*)(void)));
    return 0;
}
