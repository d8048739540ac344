/* Singly linked list: push, append, reverse, sort (merge sort), remove, free. */
#include <stdio.h>
#include <stdlib.h>

struct node { int v; struct node *next; };

static struct node *push(struct node *head, int v)
{
    struct node *n = malloc(sizeof *n);
    n->v = v;
    n->next = head;
    return n;
}

static void append(struct node **head, int v)
{
    while (*head)
        head = &(*head)->next;
    *head = push(NULL, v);
}

static void print(const char *label, const struct node *n)
{
    printf("%s:", label);
    for (; n; n = n->next)
        printf(" %d", n->v);
    printf("\n");
}

static struct node *reverse(struct node *n)
{
    struct node *prev = NULL;
    while (n) {
        struct node *next = n->next;
        n->next = prev;
        prev = n;
        n = next;
    }
    return prev;
}

static struct node *merge(struct node *a, struct node *b)
{
    struct node head = { 0, NULL }, *t = &head;
    while (a && b) {
        if (a->v <= b->v) {
            t->next = a;
            a = a->next;
        } else {
            t->next = b;
            b = b->next;
        }
        t = t->next;
    }
    t->next = a ? a : b;
    return head.next;
}

static struct node *sort(struct node *n)
{
    if (!n || !n->next)
        return n;
    struct node *slow = n, *fast = n->next;
    while (fast && fast->next) {
        slow = slow->next;
        fast = fast->next->next;
    }
    struct node *second = slow->next;
    slow->next = NULL;
    return merge(sort(n), sort(second));
}

static int remove_all(struct node **head, int v)
{
    int removed = 0;
    while (*head) {
        if ((*head)->v == v) {
            struct node *dead = *head;
            *head = dead->next;
            free(dead);
            removed++;
        } else {
            head = &(*head)->next;
        }
    }
    return removed;
}

static int length(const struct node *n) { return n ? 1 + length(n->next) : 0; }

static void free_list(struct node *n)
{
    while (n) {
        struct node *next = n->next;
        free(n);
        n = next;
    }
}

int main(void)
{
    struct node *list = NULL;
    for (int i = 1; i <= 5; i++)
        list = push(list, i);
    print("pushed", list);
    append(&list, 10);
    append(&list, 3);
    print("appended", list);
    list = reverse(list);
    print("reversed", list);
    list = sort(list);
    print("sorted", list);
    printf("removed %d\n", remove_all(&list, 3));
    printf("removed %d\n", remove_all(&list, 42));
    print("after remove", list);
    printf("length %d\n", length(list));
    struct node *big = NULL;
    unsigned seed = 7;
    for (int i = 0; i < 1000; i++) {
        seed = seed * 1103515245u + 12345u;
        big = push(big, (int)(seed >> 16) % 1000);
    }
    big = sort(big);
    int ok = 1, n = 0;
    long sum = 0;
    for (struct node *p = big; p; p = p->next, n++) {
        sum += p->v;
        if (p->next && p->next->v < p->v)
            ok = 0;
    }
    printf("big sorted %d n %d sum %ld first %d\n", ok, n, sum, big->v);
    free_list(big);
    free_list(list);
    return 0;
}
