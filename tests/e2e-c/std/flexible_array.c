/* Flexible array members (C11 6.7.2.1p18). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>

struct str { size_t len; char data[]; };
struct vec { int n; double v[]; };
struct packet { unsigned char type; unsigned short len; unsigned char payload[]; };

static struct str *str_new(const char *s)
{
    size_t n = strlen(s);
    struct str *p = malloc(sizeof *p + n + 1);
    p->len = n;
    memcpy(p->data, s, n + 1);
    return p;
}

static struct vec *vec_new(int n)
{
    struct vec *v = malloc(sizeof *v + (size_t)n * sizeof v->v[0]);
    v->n = n;
    for (int i = 0; i < n; i++)
        v->v[i] = i * 0.5;
    return v;
}

int main(void)
{
    printf("%zu %zu %zu\n", sizeof(struct str), sizeof(struct vec), sizeof(struct packet));
    printf("%zu %zu %zu\n", offsetof(struct str, data), offsetof(struct vec, v),
           offsetof(struct packet, payload));
    struct str *s = str_new("flexible");
    printf("%zu %s %c\n", s->len, s->data, s->data[s->len - 1]);
    s = realloc(s, sizeof *s + 32);
    strcat(s->data, " member");
    s->len = strlen(s->data);
    printf("%zu %s\n", s->len, s->data);
    free(s);
    struct vec *v = vec_new(6);
    double sum = 0;
    for (int i = 0; i < v->n; i++)
        sum += v->v[i];
    printf("%d %g\n", v->n, sum);
    free(v);
    struct packet *p = malloc(sizeof *p + 4);
    p->type = 9;
    p->len = 4;
    for (int i = 0; i < 4; i++)
        p->payload[i] = (unsigned char)(0xa0 + i);
    printf("%d %d %x %x\n", p->type, p->len, p->payload[0], p->payload[3]);
    free(p);
    struct str *arr[3];
    const char *words[] = { "a", "bb", "ccc" };
    for (int i = 0; i < 3; i++)
        arr[i] = str_new(words[i]);
    size_t total = 0;
    for (int i = 0; i < 3; i++) {
        total += arr[i]->len;
        free(arr[i]);
    }
    printf("%zu\n", total);
    return 0;
}
