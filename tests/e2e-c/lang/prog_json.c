/* A JSON parser into a tree (objects, arrays, strings with escapes and
 * \u sequences as UTF-8, numbers via strtod), a pretty printer, queries and
 * error positions for malformed input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } JType;
typedef struct Json Json;
struct Json {
    JType type;
    double num;
    int boolean;
    char *str;          /* string value */
    char *key;          /* the key of an object member */
    Json *child, *next; /* array elements / object members */
};

typedef struct { const char *s, *start; const char *err; } P;

static Json *node(JType t)
{
    Json *j = calloc(1, sizeof *j);
    j->type = t;
    return j;
}

static void ws(P *p)
{
    while (*p->s == ' ' || *p->s == '\n' || *p->s == '\t' || *p->s == '\r')
        p->s++;
}

static Json *value(P *p);

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static char *string(P *p)
{
    p->s++; /* '"' */
    size_t cap = 16, n = 0;
    char *out = malloc(cap);
    for (;;) {
        unsigned c = (unsigned char)*p->s++;
        if (c == 0 || c < 0x20) {
            p->err = "bad string";
            free(out);
            return NULL;
        }
        if (c == '"')
            break;
        if (n + 5 > cap)
            out = realloc(out, cap *= 2);
        if (c != '\\') {
            out[n++] = (char)c;
            continue;
        }
        c = (unsigned char)*p->s++;
        switch (c) {
        case 'n': out[n++] = '\n'; break;
        case 't': out[n++] = '\t'; break;
        case 'r': out[n++] = '\r'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case '/': case '\\': case '"': out[n++] = (char)c; break;
        case 'u': {
            unsigned cp = 0;
            for (int i = 0; i < 4; i++) {
                int h = hexval(*p->s++);
                if (h < 0) {
                    p->err = "bad \\u escape";
                    free(out);
                    return NULL;
                }
                cp = cp * 16 + (unsigned)h;
            }
            if (cp < 0x80) {
                out[n++] = (char)cp;
            } else if (cp < 0x800) {
                out[n++] = (char)(0xc0 | cp >> 6);
                out[n++] = (char)(0x80 | (cp & 0x3f));
            } else {
                out[n++] = (char)(0xe0 | cp >> 12);
                out[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
                out[n++] = (char)(0x80 | (cp & 0x3f));
            }
            break;
        }
        default:
            p->err = "bad escape";
            free(out);
            return NULL;
        }
    }
    out[n] = 0;
    return out;
}

static Json *list(P *p, JType t, char close)
{
    Json *j = node(t), **tail = &j->child;
    p->s++;
    ws(p);
    if (*p->s == close) {
        p->s++;
        return j;
    }
    for (;;) {
        ws(p);
        char *key = NULL;
        if (t == J_OBJ) {
            if (*p->s != '"') {
                p->err = "expected key";
                return NULL;
            }
            if (!(key = string(p)))
                return NULL;
            ws(p);
            if (*p->s++ != ':') {
                p->err = "expected ':'";
                return NULL;
            }
        }
        Json *v = value(p);
        if (!v)
            return NULL;
        v->key = key;
        *tail = v;
        tail = &v->next;
        ws(p);
        if (*p->s == ',') {
            p->s++;
            continue;
        }
        if (*p->s == close) {
            p->s++;
            return j;
        }
        p->err = t == J_OBJ ? "expected ',' or '}'" : "expected ',' or ']'";
        return NULL;
    }
}

static Json *value(P *p)
{
    ws(p);
    char c = *p->s;
    if (c == '{')
        return list(p, J_OBJ, '}');
    if (c == '[')
        return list(p, J_ARR, ']');
    if (c == '"') {
        char *s = string(p);
        if (!s)
            return NULL;
        Json *j = node(J_STR);
        j->str = s;
        return j;
    }
    if (!strncmp(p->s, "true", 4) || !strncmp(p->s, "false", 5)) {
        Json *j = node(J_BOOL);
        j->boolean = c == 't';
        p->s += j->boolean ? 4 : 5;
        return j;
    }
    if (!strncmp(p->s, "null", 4)) {
        p->s += 4;
        return node(J_NULL);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        char *end;
        Json *j = node(J_NUM);
        j->num = strtod(p->s, &end);
        p->s = end;
        return j;
    }
    p->err = "unexpected character";
    return NULL;
}

static void indent(int d) { for (int i = 0; i < d; i++) fputs("  ", stdout); }

static void print_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c == '\n')
            fputs("\\n", stdout);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void print(const Json *j, int d, int in_obj)
{
    if (in_obj) {
        print_str(j->key);
        fputs(": ", stdout);
    }
    switch (j->type) {
    case J_NULL: fputs("null", stdout); break;
    case J_BOOL: fputs(j->boolean ? "true" : "false", stdout); break;
    case J_NUM: printf("%.10g", j->num); break;
    case J_STR: print_str(j->str); break;
    case J_ARR: case J_OBJ: {
        char open = j->type == J_ARR ? '[' : '{';
        if (!j->child) {
            printf("%c%c", open, open + 2);
            break;
        }
        printf("%c\n", open);
        for (Json *c = j->child; c; c = c->next) {
            indent(d + 1);
            print(c, d + 1, j->type == J_OBJ);
            printf("%s\n", c->next ? "," : "");
        }
        indent(d);
        putchar(open + 2);
    }
    }
}

static const Json *get(const Json *j, const char *key)
{
    for (const Json *c = j->child; c; c = c->next)
        if (c->key && !strcmp(c->key, key))
            return c;
    return NULL;
}

static void free_json(Json *j)
{
    while (j) {
        Json *next = j->next;
        free_json(j->child);
        free(j->str);
        free(j->key);
        free(j);
        j = next;
    }
}

int main(void)
{
    const char *doc =
        "{ \"name\": \"fir\", \"version\": 1.5, \"tags\": [\"vm\", \"c\", \"jit\"],\n"
        "  \"nested\": { \"ok\": true, \"none\": null, \"list\": [1, -2.5e3, 3e-2, []] },\n"
        "  \"esc\": \"tab\\there \\\"q\\\" \\u00e9\\u4e2d\\n\", \"empty\": {} }";
    P p = { doc, doc, NULL };
    Json *j = value(&p);
    if (!j) {
        printf("error: %s\n", p.err);
        return 1;
    }
    print(j, 0, 0);
    printf("\n");
    const Json *tags = get(j, "tags");
    int n = 0;
    for (const Json *c = tags->child; c; c = c->next)
        n++;
    printf("tags %d, version %g, ok %d\n", n, get(j, "version")->num,
           get(get(j, "nested"), "ok")->boolean);
    double sum = 0;
    for (const Json *c = get(get(j, "nested"), "list")->child; c; c = c->next)
        if (c->type == J_NUM)
            sum += c->num;
    printf("sum %.3f\n", sum);
    free_json(j);
    const char *bad[] = { "[1, 2", "{\"a\" 1}", "[\"x\\q\"]", "{\"k\": tru}", "[1,]" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        P q = { bad[i], bad[i], NULL };
        Json *r = value(&q);
        printf("%-12s -> %s at %d\n", bad[i], r ? "ok" : q.err, (int)(q.s - q.start));
    }
    return 0;
}
