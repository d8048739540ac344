/* Collections inside open speculation levels: enough allocation inside
 * each level for minor and major collections to run (blocks move, young
 * ones are promoted, leaked ones reclaimed), then rollback or commit.  The
 * results must be those of a run without collections: after an abort the
 * list is exactly as before (freed nodes live again, new ones gone), after
 * a commit the changes stay. */
#include <speculate.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct Node {
    struct Node *next;
    long value;
} Node;

static Node *list;

static void report(const char *what)
{
    long n = 0, sum = 0;
    for (Node *p = list; p; p = p->next) {
        n++;
        sum += p->value * n;
    }
    printf("%s: %ld nodes, checksum %ld\n", what, n, sum);
}

static Node *node(Node *next, long v)
{
    Node *n = malloc(sizeof *n);
    n->next = next;
    n->value = v;
    return n;
}

/* Frees every other node, rewrites the rest, adds new ones, and churns
 * through 12000 short-lived 1 KiB blocks and a long-lived list of 4000 of
 * them (several minor collections and a major one per call). */
static void mutate(int salt)
{
    for (Node *p = list; p && p->next; p = p->next) {
        Node *dead = p->next;
        p->next = dead->next;
        free(dead);
        p->value = p->value * 3 + salt;
    }
    Node *keep = NULL;
    for (long i = 0; i < 12000; i++) {
        Node *tmp = realloc(node(NULL, i), 1024);
        tmp->next = keep;
        if (i % 3 == 0)
            keep = tmp; /* promoted, old */
        else if (i % 3 == 1)
            free(tmp); /* the others leak */
    }
    for (int i = 0; i < 50; i++)
        list = node(list, keep->value + i);
}

int main(void)
{
    for (long i = 0; i < 2000; i++)
        list = node(list, i);
    report("start");
    int l = speculate();
    if (l > 0) {
        mutate(1);
        report("inside the aborted level");
        abort(l);
    }
    report("after abort");
    l = speculate();
    int inner = speculate();
    mutate(2);
    report("inside two levels");
    commit(l);
    mutate(3);
    commit(inner);
    report("after commit");
    return 0;
}
