/* A small C-like tokenizer over a fixed source string. */
#include <stdio.h>
#include <ctype.h>
#include <string.h>

enum kind { T_IDENT, T_KEYWORD, T_INT, T_FLOAT, T_STRING, T_CHAR, T_PUNCT, T_EOF, T_ERROR };
static const char *kind_names[] = { "ident", "keyword", "int", "float", "string", "char",
                                    "punct", "eof", "error" };
static const char *keywords[] = { "int", "return", "if", "else", "while", "for", "char", 0 };
static const char *puncts[] = { "<<=", ">>=", "...", "==", "!=", "<=", ">=", "&&", "||", "++",
                                "--", "->", "+=", "-=", "<<", ">>", 0 };

struct token { enum kind kind; const char *start; int len; int line; };

static const char *src;
static int line = 1;

static void skip_space(void)
{
    for (;;) {
        if (*src == '\n') {
            line++;
            src++;
        } else if (isspace((unsigned char)*src)) {
            src++;
        } else if (src[0] == '/' && src[1] == '/') {
            while (*src && *src != '\n')
                src++;
        } else if (src[0] == '/' && src[1] == '*') {
            src += 2;
            while (*src && !(src[0] == '*' && src[1] == '/')) {
                if (*src == '\n')
                    line++;
                src++;
            }
            if (*src)
                src += 2;
        } else {
            return;
        }
    }
}

static struct token next(void)
{
    skip_space();
    struct token t = { T_EOF, src, 0, line };
    if (!*src)
        return t;
    if (isalpha((unsigned char)*src) || *src == '_') {
        while (isalnum((unsigned char)*src) || *src == '_')
            src++;
        t.kind = T_IDENT;
        t.len = (int)(src - t.start);
        for (int i = 0; keywords[i]; i++)
            if ((int)strlen(keywords[i]) == t.len && !strncmp(keywords[i], t.start, t.len))
                t.kind = T_KEYWORD;
        return t;
    }
    if (isdigit((unsigned char)*src)) {
        t.kind = T_INT;
        if (src[0] == '0' && (src[1] == 'x' || src[1] == 'X')) {
            src += 2;
            while (isxdigit((unsigned char)*src))
                src++;
        } else {
            while (isdigit((unsigned char)*src))
                src++;
            if (*src == '.') {
                t.kind = T_FLOAT;
                src++;
                while (isdigit((unsigned char)*src))
                    src++;
            }
        }
        t.len = (int)(src - t.start);
        return t;
    }
    if (*src == '"' || *src == '\'') {
        char q = *src++;
        while (*src && *src != q) {
            if (*src == '\\' && src[1])
                src++;
            src++;
        }
        if (!*src) {
            t.kind = T_ERROR;
            t.len = (int)(src - t.start);
            return t;
        }
        src++;
        t.kind = q == '"' ? T_STRING : T_CHAR;
        t.len = (int)(src - t.start);
        return t;
    }
    t.kind = T_PUNCT;
    for (int i = 0; puncts[i]; i++) {
        size_t n = strlen(puncts[i]);
        if (!strncmp(src, puncts[i], n)) {
            src += n;
            t.len = (int)n;
            return t;
        }
    }
    src++;
    t.len = 1;
    return t;
}

int main(void)
{
    src = "int main(void) {\n"
          "  // comment\n"
          "  char *s = \"a \\\"q\\\" b\"; /* multi\n line */\n"
          "  x <<= 0x1F; y = 3.25 + 'c' - '\\n';\n"
          "  if (a->b != c && d++ >= 10) return -1; else f(...);\n"
          "}\n"
          "\"unterminated";
    int counts[T_ERROR + 1] = { 0 };
    struct token t;
    do {
        t = next();
        counts[t.kind]++;
        printf("%d %-7s %.*s\n", t.line, kind_names[t.kind], t.len, t.start);
    } while (t.kind != T_EOF && t.kind != T_ERROR);
    for (int k = 0; k <= T_ERROR; k++)
        printf("%s=%d ", kind_names[k], counts[k]);
    printf("\n");
    return 0;
}
