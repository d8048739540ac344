/* _Generic distinguishes char/signed char/unsigned char and pointer target
 * qualifiers; ?: of pointers merges qualifiers and prefers void *. */
#include <stdio.h>
#define T(x) _Generic((x), char: "char", signed char: "schar", unsigned char: "uchar", \
    char *: "char*", const char *: "const char*", void *: "void*", \
    const void *: "const void*", const int *: "const int*", int *: "int*", \
    const int **: "const int**", int **: "int**", default: "other")
int main(void)
{
    char c = 0; signed char sc = 0; unsigned char uc = 0;
    char buf[2] = "a";
    const char *cs = buf;
    void *vp = buf;
    const void *cvp = buf;
    int i = 0, *ip = &i;
    const int *cip = &i;
    int **ipp = &ip;
    const int **cipp = &cip;
    int t = 1;
    printf("%s %s %s\n", T(c), T(sc), T(uc));
    printf("%s %s %s %s\n", T(buf), T(cs), T(vp), T(cvp));
    printf("%s %s %s %s\n", T(ip), T(cip), T(ipp), T(cipp));
    printf("%s %s\n", T(t ? buf : cs), T(t ? cs : buf));
    printf("%s %s\n", T(t ? vp : buf), T(t ? cvp : buf));
    printf("%s %s\n", T(t ? vp : cs), T(t ? ip : cip));
    printf("%s %s\n", T(t ? (void *)0 : cs), T(t ? ip : 0));
    printf("%s %s\n", T(t ? cipp : 0), T(t ? ipp : (void *)0));
    printf("%d %d\n", __builtin_types_compatible_p(char, signed char),
           __builtin_types_compatible_p(const char *, char *));
    printf("%d %d\n", __builtin_types_compatible_p(unsigned char, unsigned char),
           __builtin_types_compatible_p(const int, int));
    return 0;
}
