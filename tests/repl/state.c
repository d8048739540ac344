/* Expressions, memory and the VM's state (tests/repl/state.cmd). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
    int value;
    struct node *next;
    char tag[8];
};

static struct node *list;
static double ratio = 0.5;

int main(void)
{
    for (int i = 1; i <= 3; i++) {
        struct node *n = malloc(sizeof *n);
        n->value = i * 10;
        n->next = list;
        strcpy(n->tag, "node");
        list = n;
    }
    unsigned char bytes[4] = {1, 2, 3, 250};
    char *msg = "hi\n";
    printf("%d %g %s", list->value, ratio, msg);
    return bytes[3] - 250;
}
