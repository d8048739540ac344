/* commit of a level that is not open (already committed). */
#include <speculate.h>
#include <stdio.h>

int main(void)
{
    int a = speculate();
    int b = speculate();
    commit(b);
    printf("committed %d\n", b);
    fflush(stdout);
    commit(b);
    commit(a);
    return 0;
}
