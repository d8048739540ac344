/* malloc and free inside levels: a block freed in an aborted level is live
 * again with its contents; blocks allocated in it are gone (their memory is
 * reclaimed); frees in committed levels happen; blocks allocated and freed
 * inside one level; realloc. */
#include <speculate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
    int value;
    struct node *next;
};

static struct node *push(struct node *head, int v)
{
    struct node *n = malloc(sizeof *n);
    n->value = v;
    n->next = head;
    return n;
}

static void print(const char *what, struct node *l)
{
    printf("%s:", what);
    for (; l; l = l->next)
        printf(" %d", l->value);
    printf("\n");
}

int main(void)
{
    struct node *list = NULL;
    for (int i = 1; i <= 5; i++)
        list = push(list, i);
    char *s = malloc(16);
    strcpy(s, "before");
    print("start", list);

    int l = speculate();
    if (l > 0) {
        /* free the first two nodes, add three, rewrite the string */
        struct node *n = list->next->next;
        free(list->next);
        free(list);
        list = n;
        for (int i = 10; i < 13; i++)
            list = push(list, i);
        s = realloc(s, 64);
        strcat(s, " and during");
        char *tmp = malloc(100); /* allocated and freed inside the level */
        memset(tmp, 1, 100);
        free(tmp);
        print("inside", list);
        abort(l);
    }
    print("after abort", list);
    printf("s=%s\n", s);

    l = speculate();
    struct node *n = list->next;
    free(list);
    list = n;
    list = push(list, 42);
    int inner = speculate();
    struct node *four = list->next;
    list->next = four->next;
    free(four); /* freed in the inner level */
    commit(l); /* the outer level first: the inner one stays open */
    commit(inner);
    print("after commits", list);
    free(s);
    while (list) {
        struct node *next = list->next;
        free(list);
        list = next;
    }
    printf("done\n");
    return 0;
}
