/* malloc/calloc/realloc/free patterns: growth, shrink, zeroing, many blocks. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    int *a = malloc(10 * sizeof *a);
    for (int i = 0; i < 10; i++)
        a[i] = i * i;
    a = realloc(a, 1000 * sizeof *a);
    for (int i = 10; i < 1000; i++)
        a[i] = i;
    long sum = 0;
    for (int i = 0; i < 1000; i++)
        sum += a[i];
    printf("grow sum %ld\n", sum);
    a = realloc(a, 5 * sizeof *a);
    printf("shrink %d %d %d %d %d\n", a[0], a[1], a[2], a[3], a[4]);
    free(a);

    char *z = calloc(100, 1);
    int nonzero = 0;
    for (int i = 0; i < 100; i++)
        nonzero += z[i] != 0;
    printf("calloc zero %d\n", nonzero);
    free(z);

    errno = 0;
    void *big = calloc(SIZE_MAX / 2, 4);
    printf("calloc overflow %s errno %d\n", big ? "non-null" : "null", errno);
    errno = 0;
    big = malloc(SIZE_MAX);
    printf("malloc huge %s errno %d\n", big ? "non-null" : "null", errno);

    char *s = realloc(NULL, 16);
    strcpy(s, "from realloc");
    printf("%s\n", s);
    s = realloc(s, 0);
    printf("realloc 0 -> %s\n", s ? "non-null" : "null");

    /* Linked list of many blocks. */
    typedef struct Node {
        struct Node *next;
        int v;
    } Node;
    Node *head = NULL;
    for (int i = 0; i < 5000; i++) {
        Node *n = malloc(sizeof *n);
        n->v = i;
        n->next = head;
        head = n;
    }
    long total = 0;
    while (head) {
        Node *n = head;
        head = n->next;
        total += n->v;
        free(n);
    }
    printf("list total %ld\n", total);

    /* Strings built by repeated realloc. */
    char *str = NULL;
    size_t len = 0;
    for (int i = 0; i < 200; i++) {
        char piece[16];
        int k = sprintf(piece, "%d,", i);
        str = realloc(str, len + (size_t)k + 1);
        memcpy(str + len, piece, (size_t)k + 1);
        len += (size_t)k;
    }
    printf("built %zu chars, tail %s\n", len, str + len - 12);
    free(str);
    void *al = aligned_alloc(64, 128);
    printf("aligned %d\n", al != NULL && (uintptr_t)al % 64 == 0);
    free(al);
    free(NULL);
    printf("ok\n");
    return 0;
}
