/*
 * lex.c - reading source files and splitting them into preprocessing tokens.
 *
 * The lexer works on the file exactly as read: line splices (backslash-newline,
 * also backslash-CR-LF) are skipped by the cursor wherever they occur, so the
 * line and column of every token are those of the physical file and the
 * caret of a diagnostic lands on the real character.  A token whose spelling
 * contains a splice gets a cleaned copy of its spelling (loc then points into
 * compiler memory, not the file).  Trigraphs are not replaced (like gcc's
 * default gnu mode).
 *
 * Tokens: identifiers (letters, digits, '_', '$', UTF-8 bytes, \u and \U
 * names), keywords (marked FC_TK_KEYWORD; the preprocessor treats them as
 * identifiers), pp-numbers, string and character literals with their L, u, U
 * and u8 prefixes, and punctuators including digraphs, spelled as written (the
 * preprocessor maps digraphs).  A character that starts no token (@, `, a stray
 * backslash) is a one-character FC_TK_PUNCT token: it is legal in skipped code,
 * in -E output and inside #, and the parser rejects it.
 *
 * An unterminated string or character literal is not an error here, because it
 * is legal inside a skipped #if group (an apostrophe in a comment-like block):
 * it becomes an FC_TK_PUNCT token running to the end of the line, and
 * fc_check_token, called by the preprocessor on every token it keeps, reports it
 * at its position.  An unterminated comment is an error at once.
 */
#include "frontend-c/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ files */

FcFile *fc_read_file(const char *path, const char *display_name)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    errno = 0;
    for (;;) {
        if (!buf) {
            if (fp != stdin)
                fclose(fp);
            fc_fatal("out of memory reading '%s'", path);
        }
        size_t n = fread(buf + len, 1, cap - len - 1, fp);
        len += n;
        if (n == 0)
            break;
        if (len + 1 == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb)
                free(buf);
            buf = nb;
            cap *= 2;
        }
    }
    int failed = ferror(fp), saved = errno;
    if (fp != stdin)
        fclose(fp);
    if (failed) {
        /* e.g. EISDIR: a directory opens but does not read */
        free(buf);
        errno = saved ? saved : EIO;
        return NULL;
    }
    FcFile *f = fc_new_file(display_name, buf, len);
    free(buf);
    f->path = fc_strndup(path, strlen(path));
    return f;
}

/* --------------------------------------------------------------- keywords */

static const char *const keywords[] = {
    "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary",
    "_Noreturn", "_Static_assert", "_Thread_local", "__alignof", "__alignof__", "__asm",
    "__asm__", "__attribute", "__attribute__", "__const", "__extension__", "__inline",
    "__inline__", "__restrict", "__restrict__", "__signed", "__signed__", "__typeof",
    "__typeof__", "__volatile", "__volatile__", "asm", "auto", "break", "case", "char",
    "const", "continue", "default", "do", "double", "else", "enum", "extern", "float", "for",
    "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short",
    "signed", "sizeof", "static", "struct", "switch", "typedef", "typeof", "union",
    "unsigned", "void", "volatile", "while",
};

/* Compares a counted spelling with a C string the way strcmp orders them. */
static int spelling_cmp(const char *s, int len, const char *kw)
{
    int r = strncmp(s, kw, (size_t)len);
    if (r != 0)
        return r;
    return kw[len] == '\0' ? 0 : -1;
}

bool fc_is_keyword(const char *s, int len)
{
    int lo = 0, hi = (int)(sizeof keywords / sizeof keywords[0]) - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int r = spelling_cmp(s, len, keywords[mid]);
        if (r == 0)
            return true;
        if (r < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return false;
}

/* ----------------------------------------------------------------- cursor */

typedef struct Lexer {
    FcFile *file;
    const char *p;     /* next character (may be the start of a splice) */
    const char *end;
    const char *bol;   /* start of the current physical line */
    int line;          /* physical line of p */
    bool spliced;      /* a splice was skipped since the flag was cleared */
} Lexer;

/* Skips any backslash-newline sequences at the cursor. */
static void skip_splices(Lexer *lx)
{
    while (lx->p[0] == '\\') {
        const char *q = lx->p + 1;
        if (q[0] == '\r' && q[1] == '\n')
            q++;
        if (q[0] != '\n')
            return;
        lx->p = q + 1;
        lx->bol = lx->p;
        lx->line++;
        lx->spliced = true;
    }
}

/* The n-th logical character ahead (0 = current), looking through splices;
 * '\0' at the end of the file. */
static int peek_at(Lexer *lx, int n)
{
    skip_splices(lx);
    const char *p = lx->p;
    for (;;) {
        while (p[0] == '\\' && (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n')))
            p += p[1] == '\n' ? 2 : 3;
        if (p >= lx->end)
            return '\0';
        if (n-- == 0)
            return (unsigned char)*p;
        p++;
    }
}

static int peek(Lexer *lx)
{
    return peek_at(lx, 0);
}

/* Moves past the current logical character. */
static void advance(Lexer *lx)
{
    skip_splices(lx);
    if (lx->p >= lx->end)
        return;
    if (*lx->p == '\n') {
        lx->line++;
        lx->bol = lx->p + 1;
    }
    lx->p++;
}

/* --------------------------------------------------------------- scanning */

static bool is_ident_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_hex(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* True if a universal character name \uXXXX or \UXXXXXXXX starts at the cursor. */
static bool at_ucn(Lexer *lx)
{
    if (peek(lx) != '\\')
        return false;
    int c = peek_at(lx, 1);
    int n = c == 'u' ? 4 : c == 'U' ? 8 : 0;
    if (n == 0)
        return false;
    for (int i = 0; i < n; i++)
        if (!is_hex(peek_at(lx, 2 + i)))
            return false;
    return true;
}

static void skip_ident(Lexer *lx)
{
    for (;;) {
        int c = peek(lx);
        if (is_ident_start(c) || is_digit(c)) {
            advance(lx);
        } else if (at_ucn(lx)) {
            int n = peek_at(lx, 1) == 'u' ? 6 : 10;
            for (int i = 0; i < n; i++)
                advance(lx);
        } else {
            return;
        }
    }
}

/* pp-number: '.'? digit ( digit | ident-char | e+ e- E+ E- p+ p- P+ P- | '.' )* */
static void skip_number(Lexer *lx)
{
    for (;;) {
        int c = peek(lx);
        if ((c == 'e' || c == 'E' || c == 'p' || c == 'P') &&
            (peek_at(lx, 1) == '+' || peek_at(lx, 1) == '-')) {
            advance(lx);
            advance(lx);
        } else if (is_ident_start(c) || is_digit(c) || c == '.') {
            advance(lx);
        } else {
            return;
        }
    }
}

/* Scans a quoted literal whose opening quote is at the cursor.  Returns false
 * (cursor at the end of the line) if it is not terminated on its line. */
static bool skip_quoted(Lexer *lx)
{
    int quote = peek(lx);
    advance(lx);
    for (;;) {
        int c = peek(lx);
        if (c == quote) {
            advance(lx);
            return true;
        }
        if (c == '\n' || (c == '\0' && lx->p >= lx->end))
            return false;
        if (c == '\r' && peek_at(lx, 1) == '\n')
            return false;
        advance(lx);
        if (c == '\\') {
            c = peek(lx);
            if (c == '\n' || (c == '\0' && lx->p >= lx->end))
                return false;
            advance(lx);
        }
    }
}

static const char *const puncts[] = {
    "%:%:", "<<=", ">>=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&",
    "||", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##", "<:", ":>", "<%", "%>", "%:",
};

/* Length of the punctuator at the cursor (1 for any other character). */
static int punct_length(Lexer *lx)
{
    for (size_t i = 0; i < sizeof puncts / sizeof puncts[0]; i++) {
        const char *s = puncts[i];
        int n = (int)strlen(s), k = 0;
        while (k < n && peek_at(lx, k) == (unsigned char)s[k])
            k++;
        if (k == n)
            return n;
    }
    return 1;
}

/* ----------------------------------------------------------------- tokens */

static FcToken *new_token(Lexer *lx, FcTokenKind kind, const char *start, int line,
                          const char *bol)
{
    FcToken *t = fc_alloc(sizeof *t);
    t->kind = kind;
    t->file = lx->file;
    t->line = line + lx->file->line_delta;
    t->col = (int)(start - bol) + 1;
    if (lx->spliced) {
        /* Rebuild the spelling without the splices. */
        char *s = fc_alloc((size_t)(lx->p - start) + 1);
        int n = 0;
        for (const char *q = start; q < lx->p;) {
            if (q[0] == '\\' && q[1] == '\n') {
                q += 2;
            } else if (q[0] == '\\' && q[1] == '\r' && q[2] == '\n') {
                q += 3;
            } else {
                s[n++] = *q++;
            }
        }
        t->loc = s;
        t->len = n;
    } else {
        t->loc = start;
        t->len = (int)(lx->p - start);
    }
    return t;
}

/* Skips white space and comments; returns true if any was skipped, and sets
 * *newline when a line ended. */
static bool skip_space(Lexer *lx, bool *newline)
{
    bool space = false;
    for (;;) {
        int c = peek(lx);
        if (c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r') {
            advance(lx);
            space = true;
        } else if (c == '\n') {
            advance(lx);
            *newline = true;
            space = false;
        } else if (c == '/' && peek_at(lx, 1) == '/') {
            while (peek(lx) != '\n' && lx->p < lx->end)
                advance(lx);
            space = true;
        } else if (c == '/' && peek_at(lx, 1) == '*') {
            int line = lx->line;
            int col = (int)(lx->p - lx->bol) + 1;
            advance(lx);
            advance(lx);
            for (;;) {
                if (lx->p >= lx->end)
                    fc_error_file_pos(lx->file, line + lx->file->line_delta, col,
                                      "unterminated comment");
                if (peek(lx) == '*' && peek_at(lx, 1) == '/')
                    break;
                advance(lx);
            }
            advance(lx);
            advance(lx);
            space = true;
        } else if (c == '\0' && lx->p < lx->end) {
            fc_error_file_pos(lx->file, lx->line + lx->file->line_delta,
                              (int)(lx->p - lx->bol) + 1, "null character in input");
        } else {
            return space;
        }
    }
}

/* Length of an encoding prefix (L, u, U, u8) followed by a quote at the
 * cursor, or 0.  u8 only prefixes strings in C11. */
static int literal_prefix(Lexer *lx)
{
    int c = peek(lx);
    if (c == 'u' && peek_at(lx, 1) == '8' && peek_at(lx, 2) == '"')
        return 2;
    if ((c == 'L' || c == 'u' || c == 'U') && (peek_at(lx, 1) == '"' || peek_at(lx, 1) == '\''))
        return 1;
    return 0;
}

FcToken *fc_tokenize(FcFile *file)
{
    Lexer lx = {.file = file, .p = file->contents, .end = file->contents + file->size,
                .bol = file->contents, .line = 1};
    if (file->size >= 3 && memcmp(lx.p, "\xEF\xBB\xBF", 3) == 0)
        lx.p += 3; /* UTF-8 byte order mark */
    FcToken head = {0}, *cur = &head;
    bool at_bol = true;

    for (;;) {
        bool newline = false;
        bool space = skip_space(&lx, &newline);
        at_bol |= newline;
        skip_splices(&lx);
        const char *start = lx.p, *bol = lx.bol;
        int line = lx.line;
        lx.spliced = false;
        if (lx.p >= lx.end) {
            FcToken *t = new_token(&lx, FC_TK_EOF, start, line, bol);
            t->at_bol = true;
            cur->next = t;
            return head.next;
        }

        FcTokenKind kind;
        int c = peek(&lx);
        int prefix = literal_prefix(&lx);
        if (prefix) {
            for (int i = 0; i < prefix; i++)
                advance(&lx);
            kind = peek(&lx) == '"' ? FC_TK_STR : FC_TK_CHAR;
            if (!skip_quoted(&lx))
                kind = FC_TK_PUNCT;
        } else if (c == '"' || c == '\'') {
            kind = c == '"' ? FC_TK_STR : FC_TK_CHAR;
            if (!skip_quoted(&lx))
                kind = FC_TK_PUNCT;
        } else if (is_digit(c) || (c == '.' && is_digit(peek_at(&lx, 1)))) {
            kind = FC_TK_NUM;
            advance(&lx);
            skip_number(&lx);
        } else if (is_ident_start(c) || at_ucn(&lx)) {
            kind = FC_TK_IDENT;
            skip_ident(&lx);
        } else {
            kind = FC_TK_PUNCT;
            for (int n = punct_length(&lx); n > 0; n--)
                advance(&lx);
        }
        FcToken *t = new_token(&lx, kind, start, line, bol);
        if (kind == FC_TK_IDENT && fc_is_keyword(t->loc, t->len))
            t->kind = FC_TK_KEYWORD;
        t->at_bol = at_bol;
        t->has_space = space;
        at_bol = false;
        cur = cur->next = t;
    }
}

/* Reports a token the lexer could not complete, once it is known to matter. */
void fc_check_token(const FcToken *tok)
{
    if (tok->kind != FC_TK_PUNCT || tok->len < 1)
        return;
    const char *q = memchr(tok->loc, '"', (size_t)tok->len);
    const char *a = memchr(tok->loc, '\'', (size_t)tok->len);
    if (q && (!a || q < a))
        fc_error_at(tok, "unterminated string literal");
    if (a)
        fc_error_at(tok, "unterminated character constant");
}

/* Length of the longest punctuator at the start of s (0 if none). */
int fc_punct_len(const char *s)
{
    for (size_t i = 0; i < sizeof puncts / sizeof puncts[0]; i++) {
        size_t n = strlen(puncts[i]);
        if (strncmp(s, puncts[i], n) == 0)
            return (int)n;
    }
    return strchr("[](){}.&*+-~!/%<>^|?:;=,#", *s) && *s ? 1 : 0;
}
