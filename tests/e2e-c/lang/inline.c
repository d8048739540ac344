#include <stdio.h>
static inline int sq(int x) { return x * x; }
int cube(int x);
inline int cube(int x) { return x * x * x; }
extern inline int quad(int x);
inline int quad(int x) { return sq(sq(x)); }
static inline int never_used(void) { return 0; }
int main(void)
{
    printf("%d %d %d\n", sq(3), cube(2), quad(2));
    return 0;
}
