/* exit() inside an open level ends the process: what it wrote is written. */
#include <speculate.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("before\n");
    int l = speculate();
    printf("inside level %d\n", l);
    exit(3);
}
