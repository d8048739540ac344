/* printf integer conversions with every flag, width, precision and length. */
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>

int main(void)
{
    int vals[] = { 0, 1, -1, 42, -42, 123456, INT_MAX, INT_MIN };
    for (int i = 0; i < 8; i++) {
        int v = vals[i];
        printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%8.3d] [%-+8.3d] [%i]\n", v, v, v,
               v, v, v, v, v, v, v);
    }
    unsigned uv[] = { 0, 1, 8, 255, 4096, 0xdeadbeef, UINT_MAX };
    for (int i = 0; i < 7; i++) {
        unsigned v = uv[i];
        printf("[%u] [%o] [%#o] [%x] [%#x] [%X] [%#X] [%#10x] [%#-10o] [%#.5x] [%08X]\n", v, v,
               v, v, v, v, v, v, v, v, v);
    }
    printf("[%.0d] [%.0x] [%#.0o] [%#.0x] [%5.0d] [%+.0d]\n", 0, 0, 0, 0, 0, 0);
    printf("[%hhd] [%hhd] [%hhu] [%hhx]\n", 255, 128, 256 + 7, -1);
    printf("[%hd] [%hd] [%hu] [%hx]\n", 65535, 32768, 65536 + 9, -2);
    printf("[%ld] [%ld] [%lu] [%lx]\n", LONG_MAX, LONG_MIN, ULONG_MAX, 0x123456789abcL);
    printf("[%lld] [%llu] [%llo] [%llX]\n", LLONG_MIN, ULLONG_MAX, 01777777777777777777777ULL,
           0xfedcba9876543210ULL);
    printf("[%zu] [%zd] [%zx]\n", sizeof(int[100]), (ptrdiff_t)-5, (size_t)255);
    printf("[%jd] [%ju] [%jx]\n", INTMAX_MIN, UINTMAX_MAX, (uintmax_t)48879);
    int arr[10];
    printf("[%td] [%td]\n", &arr[9] - &arr[0], &arr[0] - &arr[9]);
    printf("[%c] [%3c] [%-3c] [%c%c%c]\n", 'a', 'b', 'c', 72, 105, 33);
    printf("[%s] [%10s] [%-10s] [%.2s] [%10.3s] [%-10.1s] [%.0s] [%.10s]\n", "hello", "hello",
           "hello", "hello", "hello", "hello", "hello", "hi");
    printf("[%%] [%c] [%%%d%%]\n", '%', 5);
    printf("[%*d] [%-*d] [%*d] [%.*d] [%*.*d]\n", 6, 42, 6, 42, -6, 42, 4, 42, 8, 5, -42);
    printf("[%-*.*s] [%*.*s] [%.*s]\n", 8, 3, "abcdef", 8, 3, "abcdef", -1, "negprec");
    int n1 = -1, n2 = -1;
    printf("abc%n def%n\n", &n1, &n2);
    printf("%d %d\n", n1, n2);
    signed char hh = 0;
    short h = 0;
    long l = 0;
    printf("12345%hhn%hn%ln\n", &hh, &h, &l);
    printf("%d %d %ld\n", hh, h, l);
    printf("[%+5d] [%-+5d] [%+05d] [% 05d] [%- 5d]\n", 7, 7, 7, 7, 7);
    printf("[%#o] [%#o] [%#x] [%#X]\n", 8, 0, 255, 255);
    printf("[%5s] [%-05d]\n", "ab", 3);
    printf("[%.3o] [%#.3o] [%#5.3o]\n", 8, 8, 8);
    printf("[%x] [%X] [%lx]\n", (unsigned)-255, (unsigned)-255, (unsigned long)-255L);
    printf("[%u] [%lu]\n", (unsigned)-1, (unsigned long)-1L);
    printf("[%d%%] [%s%c%d]\n", 50, "x", '=', 1);
    printf("[%10.4d] [%-10.4d] [%010d] [%010.4d]\n", -12, -12, -12, -12);
    printf("%s%s%s\n", "", "middle", "");
    int r = printf("12345\n");
    printf("%d\n", r);
    r = printf("%s", "");
    printf("%d\n", r);
    r = printf("[%20d]\n", 1);
    printf("%d\n", r);
    printf("%5s|%-5s|%5s\n", "", "", "toolongvalue");
    printf("%d %s %d %c %u %x\n", 1, "two", 3, '4', 5u, 6);
    return 0;
}
