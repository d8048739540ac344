/* Pointers reused within loops: loads and stores through the same pointer
 * register many times per iteration, a block freed and another allocated
 * into the same pointer, realloc moving a buffer, pointer arithmetic on
 * values kept in registers, and stores of every width and of floats. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node { int key; long long val; double w; struct node *next; };

int main(void)
{
    long long total = 0;
    int *p = malloc(16 * sizeof *p);
    for (int round = 0; round < 50; round++) {
        for (int i = 0; i < 16; i++)
            p[i] = round * i;
        for (int i = 1; i < 16; i++)
            p[i] += p[i - 1];
        total += p[15];
        free(p);
        p = malloc((size_t)(16 + round % 3) * sizeof *p);
        memset(p, 0, 16 * sizeof *p);
    }
    free(p);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (int i = 0; i < 5000; i++) {
        if (len + 4 > cap) {
            cap = cap ? cap * 2 : 8;
            buf = realloc(buf, cap);
        }
        buf[len++] = (char)('a' + i % 26);
        buf[len++] = (char)('0' + i % 10);
        unsigned short s = (unsigned short)(i * 7);
        memcpy(buf + len, &s, 2);
        len += 2;
    }
    unsigned h = 0;
    for (size_t i = 0; i < len; i++)
        h = h * 31 + (unsigned char)buf[i];
    free(buf);
    struct node *list = NULL;
    for (int i = 0; i < 300; i++) {
        struct node *n = malloc(sizeof *n);
        n->key = i;
        n->val = (long long)i * i;
        n->w = i * 0.5;
        n->next = list;
        list = n;
        if (i % 7 == 3) { /* free the head again: the pointer register is reused */
            struct node *t = list;
            list = list->next;
            free(t);
        }
    }
    double ws = 0;
    long long vs = 0;
    int ks = 0;
    for (struct node *n = list; n; n = n->next) {
        ks += n->key;
        vs += n->val;
        ws += n->w;
        n->w *= 2;
        n->val -= n->key;
    }
    for (struct node *n = list; n; n = n->next)
        ws += n->w, vs += n->val;
    while (list) {
        struct node *t = list->next;
        free(list);
        list = t;
    }
    float fa[8];
    double da[8];
    signed char ca[8];
    short sa[8];
    for (int i = 0; i < 8; i++) {
        fa[i] = i * 1.5f;
        da[i] = fa[i] / 3;
        ca[i] = (signed char)(i * 40);
        sa[i] = (short)(i * -5000);
    }
    double acc = 0;
    for (int i = 0; i < 8; i++)
        acc += fa[i] + da[i] + ca[i] + sa[i];
    printf("%lld %u %d %lld %.3f %.4f\n", total, h, ks, vs, ws, acc);
    return 0;
}
