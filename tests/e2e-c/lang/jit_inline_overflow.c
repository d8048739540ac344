/* The stack overflow at a call that the JIT inlines: the inlined call needs
   room for the frame its slow paths would push, so at the limit the
   interpreter makes the call and faults there, as it does without the JIT. */
#include <stdio.h>

static int leaf(int x) { return x * 3 + 1; }

static int down(int n)
{
    int v = leaf(n);
    return v + down(n + 1);
}

int main(void)
{
    printf("%d\n", down(0));
    return 0;
}
