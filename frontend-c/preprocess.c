/*
 * preprocess.c - the C preprocessor (C11 6.10 plus the GNU extensions C code
 * relies on), and the -E printer.
 *
 * How it works
 * ------------
 * The input is the main file's token list, with the predefined macros and the
 * -D/-U options in front of it as #define/#undef lines from two pseudo-files.
 * One loop (expand) walks the list: a '#' first on its line starts a
 * directive; an identifier naming a macro is replaced by its expansion, which
 * is put back in front of the rest of the list and rescanned; anything else
 * goes to the output.  #include tokenizes the header (once per file: the
 * tokens are cached and copied per inclusion) and splices its tokens in front
 * of the rest, followed by the header's own EOF token, which the loop takes as
 * "end of included file": that pops the include stack, where an unterminated
 * #if is caught and the include depth (__INCLUDE_LEVEL__, #include_next) lives.
 *
 * Macro expansion is Prosser's algorithm: every token carries a hideset, the
 * names of the macros whose expansion produced it.  A token is never expanded
 * by a macro in its own hideset, so recursion stops and a self-reference stays
 * in the output (C11 6.10.3.4).  An object-like expansion gets the name
 * token's hideset plus the macro; a function-like one gets the intersection of
 * the name's and the closing parenthesis's hidesets plus the macro.  Arguments
 * are fully expanded on their own (an EOF-terminated copy) before
 * substitution, except next to # and ##.  ## works on placemarkers: an empty
 * argument next to ## is a placemarker token (empty spelling), removed after
 * the pastes.
 *
 * Positions: the tokens of a macro body are reported at the place of the
 * macro use (file, line, column of the name); argument tokens keep their own.
 * Expansion tokens are never at_bol, so they can neither start a directive
 * nor split a line in -E output.
 *
 * What is not here: trigraphs; #import, #assert; #pragma other than once,
 * push_macro and pop_macro is dropped (gcc passes it to the compiler; the
 * parser has no use for one).  __GNUC__, __x86_64__ and __linux__ are not
 * defined on purpose: firc is not gcc (headers would take gcc-only paths, such
 * as inline asm and builtins firc lacks) and the data model is the FIR VM's,
 * not a host's, so code that tests for an OS or a CPU must not find one.
 */
#include "frontend-c/internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---------------------------------------------------------------- tables */

/* A string-keyed hash table (open addressing, tombstones for deletion). */
typedef struct MapEntry {
    char *key;
    void *val;
} MapEntry;

typedef struct Map {
    MapEntry *buckets;
    int cap, used;
} Map;

#define TOMBSTONE ((char *)-1)

static uint64_t hash_str(const char *s, int len)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (int i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
    return h;
}

static bool key_is(const char *key, const char *s, int len)
{
    return key != TOMBSTONE && strncmp(key, s, (size_t)len) == 0 && key[len] == '\0';
}

static MapEntry *map_find(const Map *map, const char *key, int len)
{
    if (!map->buckets)
        return NULL;
    uint64_t h = hash_str(key, len);
    for (int i = 0; i < map->cap; i++) {
        MapEntry *e = &map->buckets[(h + (uint64_t)i) & (uint64_t)(map->cap - 1)];
        if (!e->key)
            return NULL;
        if (key_is(e->key, key, len))
            return e;
    }
    return NULL;
}

static void *map_get(const Map *map, const char *key, int len)
{
    MapEntry *e = map_find(map, key, len);
    return e ? e->val : NULL;
}

static void map_put(Map *map, const char *key, int len, void *val);

static void map_grow(Map *map)
{
    Map bigger = {fc_alloc(sizeof(MapEntry) * (size_t)(map->cap ? map->cap * 2 : 256)),
                  map->cap ? map->cap * 2 : 256, 0};
    for (int i = 0; i < map->cap; i++) {
        MapEntry *e = &map->buckets[i];
        if (e->key && e->key != TOMBSTONE)
            map_put(&bigger, e->key, (int)strlen(e->key), e->val);
    }
    *map = bigger;
}

static void map_put(Map *map, const char *key, int len, void *val)
{
    MapEntry *e = map_find(map, key, len);
    if (e) {
        e->val = val;
        return;
    }
    if ((map->used + 1) * 4 >= map->cap * 3)
        map_grow(map);
    uint64_t h = hash_str(key, len);
    for (int i = 0;; i++) {
        e = &map->buckets[(h + (uint64_t)i) & (uint64_t)(map->cap - 1)];
        if (!e->key || e->key == TOMBSTONE) {
            if (!e->key)
                map->used++;
            e->key = fc_strndup(key, (size_t)len);
            e->val = val;
            return;
        }
    }
}

static void map_delete(Map *map, const char *key, int len)
{
    MapEntry *e = map_find(map, key, len);
    if (e)
        e->key = TOMBSTONE;
}

/* --------------------------------------------------------------- state */

typedef struct Pp Pp;
typedef FcToken *BuiltinFn(Pp *pp, FcToken *tok);

typedef struct Macro {
    char *name;
    bool objlike;
    int nparams;
    char **params;
    char *va_name;     /* NULL, "__VA_ARGS__" or the GNU "name..." parameter */
    FcToken *body;     /* EOF-terminated */
    BuiltinFn *builtin;
} Macro;

struct FcHideset {
    FcHideset *next;
    const char *name;
};

typedef enum CondCtx { IN_THEN, IN_ELIF, IN_ELSE } CondCtx;

typedef struct CondIncl {
    struct CondIncl *next;
    CondCtx ctx;
    FcToken *tok;      /* the directive name, for messages */
    bool included;     /* some group of this #if was taken */
} CondIncl;

typedef struct IncludeFrame {
    struct IncludeFrame *next;
    FcFile *file;
    int dir_index;     /* where the file was found in include_dirs, -1 if not there */
    CondIncl *cond;    /* conditional stack when the file was entered */
} IncludeFrame;

/* A file as tokenized once, copied for each inclusion. */
typedef struct CachedFile {
    FcToken *tokens;
    char *guard;       /* include-guard macro, or NULL */
    bool once;         /* #pragma once seen */
} CachedFile;

typedef struct PushedMacro {
    struct PushedMacro *next;
    Macro *macro;      /* NULL: it was undefined */
} PushedMacro;

struct Pp {
    const FcOptions *opt;
    Map macros;        /* name -> Macro */
    Map files;         /* resolved path -> CachedFile */
    Map pushed;        /* name -> PushedMacro stack */
    CondIncl *cond;
    IncludeFrame *frame;
    int depth;         /* include frames below the main file */
    int counter;       /* __COUNTER__ */
    bool in_if;        /* evaluating #if: defined and __has_* are operators */
    FcFile *base_file;
};

enum { MAX_INCLUDE_DEPTH = 200 };

static FcToken *expand(Pp *pp, FcToken *tok, bool directives);
static FcToken *directive(Pp *pp, FcToken *tok);

/* -------------------------------------------------------------- tokens */

static bool is_ident(const FcToken *t)
{
    return t->kind == FC_TK_IDENT || t->kind == FC_TK_KEYWORD;
}

static bool is_hash(const FcToken *t)
{
    return t->kind == FC_TK_PUNCT && (fc_equal(t, "#") || fc_equal(t, "%:"));
}

static bool is_hashhash(const FcToken *t)
{
    return t->kind == FC_TK_PUNCT && (fc_equal(t, "##") || fc_equal(t, "%:%:"));
}

static bool is_punct(const FcToken *t, const char *s)
{
    return t->kind == FC_TK_PUNCT && fc_equal(t, s);
}

static bool is_placemarker(const FcToken *t)
{
    return t->kind == FC_TK_PUNCT && t->len == 0;
}

static char *spelling(const FcToken *t)
{
    return fc_strndup(t->loc, (size_t)t->len);
}

static FcToken *copy_token(const FcToken *t)
{
    FcToken *c = fc_alloc(sizeof *c);
    *c = *t;
    c->next = NULL;
    return c;
}

static FcToken *new_eof(const FcToken *at)
{
    FcToken *t = copy_token(at);
    t->kind = FC_TK_EOF;
    t->len = 0;
    t->at_bol = true;
    return t;
}

static FcToken *new_placemarker(const FcToken *at)
{
    FcToken *t = copy_token(at);
    t->kind = FC_TK_PUNCT;
    t->loc = "";
    t->len = 0;
    return t;
}

/* A token spelled `text` at the position of `at`. */
static FcToken *new_token_at(FcTokenKind kind, const char *text, const FcToken *at)
{
    FcToken *t = copy_token(at);
    t->kind = kind;
    t->loc = text;
    t->len = (int)strlen(text);
    t->hideset = NULL;
    return t;
}

static FcToken *new_number(int64_t v, const FcToken *at)
{
    return new_token_at(FC_TK_NUM, fc_format("%lld", (long long)v), at);
}

/* The token after the current line (the next token at the start of a line). */
static FcToken *skip_line(FcToken *tok, const char *directive_name)
{
    if (tok->at_bol)
        return tok;
    if (directive_name)
        fc_warn_at(tok, "extra tokens at end of #%s directive", directive_name);
    while (!tok->at_bol)
        tok = tok->next;
    return tok;
}

/* Copies the rest of the line into an EOF-terminated list; *rest is the
 * first token of the next line. */
static FcToken *copy_line(FcToken **rest, FcToken *tok, const FcToken *eof_at)
{
    FcToken head = {0}, *cur = &head;
    for (; !tok->at_bol; tok = tok->next) {
        cur = cur->next = copy_token(tok);
        eof_at = tok;
    }
    cur->next = new_eof(eof_at);
    cur->next->at_bol = true;
    *rest = tok;
    return head.next;
}

/* The text of tokens with single spaces where there was white space. */
static char *join_tokens(const FcToken *tok, const FcToken *end)
{
    size_t n = 1;
    for (const FcToken *t = tok; t != end && t->kind != FC_TK_EOF; t = t->next)
        n += (size_t)t->len + 1;
    char *buf = fc_alloc(n), *p = buf;
    for (const FcToken *t = tok; t != end && t->kind != FC_TK_EOF; t = t->next) {
        if (t != tok && (t->has_space || t->at_bol))
            *p++ = ' ';
        memcpy(p, t->loc, (size_t)t->len);
        p += t->len;
    }
    *p = '\0';
    return buf;
}

/* Tokenizes text made by the preprocessor (pastes, _Pragma, -D). */
static FcToken *tokenize_text(const char *name, const char *text)
{
    return fc_tokenize(fc_new_file(name, text, strlen(text)));
}

/* ------------------------------------------------------------- hidesets */

static bool hs_contains(const FcHideset *hs, const char *s, int len)
{
    for (; hs; hs = hs->next)
        if (strncmp(hs->name, s, (size_t)len) == 0 && hs->name[len] == '\0')
            return true;
    return false;
}

static FcHideset *hs_new(const char *name, FcHideset *next)
{
    FcHideset *hs = fc_alloc(sizeof *hs);
    hs->name = name;
    hs->next = next;
    return hs;
}

/* Hidesets are immutable and shared: a union copies only a's names. */
static FcHideset *hs_union(FcHideset *a, FcHideset *b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    FcHideset *out = b;
    for (; a; a = a->next)
        if (!hs_contains(b, a->name, (int)strlen(a->name)))
            out = hs_new(a->name, out);
    return out;
}

static FcHideset *hs_intersection(FcHideset *a, FcHideset *b)
{
    FcHideset *out = NULL;
    for (; a; a = a->next)
        if (hs_contains(b, a->name, (int)strlen(a->name)))
            out = hs_new(a->name, out);
    return out;
}

/* -------------------------------------------------------------- macros */

static Macro *find_macro(Pp *pp, const FcToken *tok)
{
    if (!is_ident(tok))
        return NULL;
    return map_get(&pp->macros, tok->loc, tok->len);
}

static bool is_has_operator(const FcToken *t)
{
    return is_ident(t) && (fc_equal(t, "__has_include") || fc_equal(t, "__has_include_next") ||
                           fc_equal(t, "__has_attribute") || fc_equal(t, "__has_builtin"));
}

static bool is_defined_name(Pp *pp, const FcToken *tok)
{
    return find_macro(pp, tok) || is_has_operator(tok);
}

/* Two definitions are the same if their parameters and bodies are spelled the
 * same with white space in the same places (C11 6.10.3p2). */
static bool same_definition(const Macro *a, const Macro *b)
{
    if (a->objlike != b->objlike || a->nparams != b->nparams || a->builtin || b->builtin)
        return false;
    if ((a->va_name == NULL) != (b->va_name == NULL) ||
        (a->va_name && strcmp(a->va_name, b->va_name) != 0))
        return false;
    for (int i = 0; i < a->nparams; i++)
        if (strcmp(a->params[i], b->params[i]) != 0)
            return false;
    const FcToken *x = a->body, *y = b->body;
    for (; x->kind != FC_TK_EOF && y->kind != FC_TK_EOF; x = x->next, y = y->next) {
        if (x->len != y->len || memcmp(x->loc, y->loc, (size_t)x->len) != 0)
            return false;
        if (x != a->body && x->has_space != y->has_space)
            return false;
    }
    return x->kind == y->kind;
}

static void define_macro(Pp *pp, const FcToken *name_tok, Macro *m)
{
    Macro *old = map_get(&pp->macros, m->name, (int)strlen(m->name));
    if (old && !same_definition(old, m))
        fc_warn_at(name_tok, "\"%s\" redefined", m->name);
    map_put(&pp->macros, m->name, (int)strlen(m->name), m);
}

static int param_index(const Macro *m, const FcToken *t)
{
    if (!is_ident(t))
        return -1;
    for (int i = 0; i < m->nparams; i++)
        if (fc_equal(t, m->params[i]))
            return i;
    if (m->va_name && fc_equal(t, m->va_name))
        return m->nparams;
    return -1;
}

/* Reads "( params )" after a function-like macro name. */
static void read_params(Macro *m, FcToken **rest, FcToken *tok)
{
    int cap = 8;
    m->params = fc_alloc(sizeof(char *) * (size_t)cap);
    tok = tok->next; /* '(' */
    if (is_punct(tok, ")")) {
        *rest = tok->next;
        return;
    }
    for (;;) {
        if (tok->at_bol)
            fc_error_at(tok, "missing ')' in macro parameter list");
        if (is_punct(tok, "...")) {
            m->va_name = "__VA_ARGS__";
            tok = tok->next;
            if (!is_punct(tok, ")"))
                fc_error_at(tok, "missing ')' after \"...\" in macro parameter list");
            *rest = tok->next;
            return;
        }
        if (!is_ident(tok))
            fc_error_at(tok, "expected parameter name, found \"%.*s\"", tok->len, tok->loc);
        if (fc_equal(tok, "__VA_ARGS__"))
            fc_error_at(tok, "__VA_ARGS__ can not be used as a parameter name");
        for (int i = 0; i < m->nparams; i++)
            if (fc_equal(tok, m->params[i]))
                fc_error_at(tok, "duplicate macro parameter \"%.*s\"", tok->len, tok->loc);
        char *name = spelling(tok);
        tok = tok->next;
        if (is_punct(tok, "...")) {
            /* GNU named variadic parameter: "args..." */
            m->va_name = name;
            tok = tok->next;
            if (!is_punct(tok, ")"))
                fc_error_at(tok, "missing ')' after \"...\" in macro parameter list");
            *rest = tok->next;
            return;
        }
        if (m->nparams == cap) {
            char **bigger = fc_alloc(sizeof(char *) * (size_t)cap * 2);
            memcpy(bigger, m->params, sizeof(char *) * (size_t)cap);
            m->params = bigger;
            cap *= 2;
        }
        m->params[m->nparams++] = name;
        if (is_punct(tok, ")")) {
            *rest = tok->next;
            return;
        }
        if (!is_punct(tok, ","))
            fc_error_at(tok, "expected ',' or ')', found \"%.*s\"", tok->len, tok->loc);
        tok = tok->next;
    }
}

/* #define NAME body / #define NAME(params) body; tok is the name. */
static FcToken *read_define(Pp *pp, FcToken *tok)
{
    if (tok->at_bol)
        fc_error_at(tok, "no macro name given in #define directive");
    if (!is_ident(tok))
        fc_error_at(tok, "macro names must be identifiers");
    if (fc_equal(tok, "defined"))
        fc_error_at(tok, "\"defined\" cannot be used as a macro name");
    FcToken *name = tok;
    Macro *m = fc_alloc(sizeof *m);
    m->name = spelling(name);
    tok = tok->next;
    if (!tok->at_bol && is_punct(tok, "(") && !tok->has_space) {
        read_params(m, &tok, tok);
    } else {
        m->objlike = true;
    }
    FcToken *rest;
    m->body = copy_line(&rest, tok, name);
    if (m->body->kind != FC_TK_EOF)
        m->body->has_space = false;
    for (FcToken *t = m->body; t->kind != FC_TK_EOF; t = t->next) {
        if (is_hashhash(t) && (t == m->body || t->next->kind == FC_TK_EOF))
            fc_error_at(t, "'##' cannot appear at either end of a macro expansion");
        if (!m->objlike && is_hash(t) && param_index(m, t->next) < 0 &&
            !(m->va_name && fc_equal(t->next, "__VA_OPT__")))
            fc_error_at(t, "'#' is not followed by a macro parameter");
        if (fc_equal(t, "__VA_ARGS__") && !(m->va_name && strcmp(m->va_name, "__VA_ARGS__") == 0))
            fc_error_at(t, "__VA_ARGS__ can only appear in the expansion of a C99 variadic macro");
    }
    define_macro(pp, name, m);
    return rest;
}

/* ----------------------------------------------------------- arguments */

typedef struct MacroArg {
    FcToken *tok;       /* raw tokens, EOF-terminated */
    FcToken *expanded;  /* fully expanded, computed on first use */
    bool omitted;       /* variadic part absent altogether */
} MacroArg;

/* Reads one argument: tokens up to a ',' or ')' at paren depth 0 (with
 * commas included for the variadic argument). */
static FcToken *read_arg(Pp *pp, FcToken **rest, FcToken *tok, const FcToken *name,
                         bool variadic, bool directives)
{
    FcToken head = {0}, *cur = &head;
    int depth = 0;
    for (;;) {
        if (tok->kind == FC_TK_EOF)
            fc_error_at(name, "unterminated argument list invoking macro \"%.*s\"", name->len,
                        name->loc);
        if (directives && tok->at_bol && is_hash(tok) && !tok->origin) {
            tok = directive(pp, tok);
            continue;
        }
        if (depth == 0 && (is_punct(tok, ")") || (!variadic && is_punct(tok, ","))))
            break;
        if (is_punct(tok, "("))
            depth++;
        else if (is_punct(tok, ")"))
            depth--;
        FcToken *c = copy_token(tok);
        if (c->at_bol) {
            c->at_bol = false;
            c->has_space = true;
        }
        cur = cur->next = c;
        tok = tok->next;
    }
    cur->next = new_eof(tok);
    *rest = tok;
    return head.next;
}

/* Reads the arguments of function-like macro m invoked by `name`, whose next
 * token is '('.  *rparen is the closing parenthesis. */
static MacroArg *read_args(Pp *pp, FcToken **rparen, FcToken *name, Macro *m, bool directives)
{
    int n = m->nparams + (m->va_name != NULL);
    MacroArg *args = fc_alloc(sizeof(MacroArg) * (size_t)(n ? n : 1));
    FcToken *tok = name->next->next;
    if (n == 0) {
        /* f() only; count what was passed for the message. */
        read_arg(pp, &tok, tok, name, false, directives);
        if (!is_punct(tok, ")") || tok != name->next->next) {
            int given = 1;
            while (is_punct(tok, ",")) {
                read_arg(pp, &tok, tok->next, name, false, directives);
                given++;
            }
            fc_error_at(name, "macro \"%s\" passed %d arguments, but takes just 0", m->name,
                        given);
        }
        *rparen = tok;
        return args;
    }
    for (int i = 0; i < m->nparams; i++) {
        if (i > 0) {
            if (!is_punct(tok, ","))
                fc_error_at(tok, "macro \"%s\" requires %d arguments, but only %d given",
                            m->name, m->nparams, i);
            tok = tok->next;
        }
        args[i].tok = read_arg(pp, &tok, tok, name, false, directives);
    }
    if (m->va_name) {
        if (m->nparams == 0 || is_punct(tok, ",")) {
            if (m->nparams > 0)
                tok = tok->next;
            args[m->nparams].tok = read_arg(pp, &tok, tok, name, true, directives);
        } else {
            args[m->nparams].tok = new_eof(tok);
            args[m->nparams].omitted = true;
        }
    } else if (!is_punct(tok, ")")) {
        int given = m->nparams;
        while (is_punct(tok, ",")) {
            read_arg(pp, &tok, tok->next, name, false, directives);
            given++;
        }
        fc_error_at(name, "macro \"%s\" passed %d arguments, but takes just %d", m->name, given,
                    m->nparams);
    }
    *rparen = tok;
    return args;
}

static FcToken *expanded_arg(Pp *pp, MacroArg *arg)
{
    if (!arg->expanded) {
        FcToken head = {0}, *cur = &head;
        for (FcToken *t = arg->tok; t; t = t->next)
            cur = cur->next = copy_token(t);
        arg->expanded = expand(pp, head.next, false);
    }
    return arg->expanded;
}

/* -------------------------------------------------------- # and ## */

/* C11 6.10.3.2: the argument's spelling, one space for each run of white
 * space, with \ and " escaped inside string and character literals. */
static FcToken *stringize(const FcToken *hash, const FcToken *arg)
{
    size_t n = 3;
    for (const FcToken *t = arg; t->kind != FC_TK_EOF; t = t->next)
        n += (size_t)t->len * 2 + 1;
    char *buf = fc_alloc(n), *p = buf;
    *p++ = '"';
    for (const FcToken *t = arg; t->kind != FC_TK_EOF; t = t->next) {
        if (is_placemarker(t))
            continue;
        if (t != arg && p > buf + 1 && (t->has_space || t->at_bol))
            *p++ = ' ';
        bool quoted = t->kind == FC_TK_STR || t->kind == FC_TK_CHAR ||
                      memchr(t->loc, '"', (size_t)t->len) || memchr(t->loc, '\'', (size_t)t->len);
        for (int i = 0; i < t->len; i++) {
            if (quoted && (t->loc[i] == '"' || t->loc[i] == '\\'))
                *p++ = '\\';
            *p++ = t->loc[i];
        }
    }
    *p++ = '"';
    *p = '\0';
    FcToken *s = new_token_at(FC_TK_STR, buf, hash);
    s->has_space = hash->has_space;
    return s;
}

/* C11 6.10.3.3: lhs ## rhs must spell one preprocessing token. */
static FcToken *paste(const FcToken *lhs, const FcToken *rhs)
{
    char *text = fc_format("%.*s%.*s", lhs->len, lhs->loc, rhs->len, rhs->loc);
    FcToken *t = tokenize_text(lhs->file ? lhs->file->name : "<paste>", text);
    if (t->kind == FC_TK_EOF || t->next->kind != FC_TK_EOF)
        fc_error_at(lhs, "pasting \"%.*s\" and \"%.*s\" does not give a valid preprocessing token",
                    lhs->len, lhs->loc, rhs->len, rhs->loc);
    FcToken *out = copy_token(lhs);
    out->kind = t->kind;
    out->loc = t->loc;
    out->len = t->len;
    return out;
}

/* ---------------------------------------------------------- substitution */

typedef struct Out {
    FcToken head;
    FcToken *last;
} Out;

static void out_init(Out *o)
{
    memset(&o->head, 0, sizeof o->head);
    o->last = &o->head;
}

static void out_add(Out *o, FcToken *t)
{
    o->last = o->last->next = t;
    t->next = NULL;
}

/* Appends a NULL-terminated chain as it is. */
static void out_append(Out *o, FcToken *t)
{
    o->last->next = t;
    while (o->last->next)
        o->last = o->last->next;
}

/* Removes and returns the last token (NULL if none). */
static FcToken *out_pop(Out *o)
{
    if (o->last == &o->head)
        return NULL;
    FcToken *prev = &o->head;
    while (prev->next != o->last)
        prev = prev->next;
    FcToken *t = o->last;
    prev->next = NULL;
    o->last = prev;
    return t;
}

/* Body token copied into an expansion: reported at the macro use. */
static FcToken *body_copy(const FcToken *t, const FcToken *use)
{
    FcToken *c = copy_token(t);
    c->file = use->file;
    c->line = use->line;
    c->col = use->col;
    c->at_bol = false;
    return c;
}

/* Appends copies of an argument's tokens; the first takes the spacing of the
 * parameter it replaces.  Adds a placemarker if the argument is empty and
 * `mark_empty`. */
static void add_arg(Out *o, const FcToken *arg, const FcToken *param, bool mark_empty)
{
    bool first = true;
    for (const FcToken *t = arg; t->kind != FC_TK_EOF; t = t->next) {
        FcToken *c = copy_token(t);
        c->at_bol = false;
        if (first)
            c->has_space = param->has_space;
        first = false;
        out_add(o, c);
    }
    if (first && mark_empty) {
        FcToken *pm = new_placemarker(param);
        out_add(o, pm);
    }
}

static bool arg_is_empty(const MacroArg *a)
{
    for (const FcToken *t = a->tok; t->kind != FC_TK_EOF; t = t->next)
        if (!is_placemarker(t))
            return false;
    return true;
}

static FcToken *subst(Pp *pp, const Macro *m, MacroArg *args, const FcToken *body,
                      const FcToken *end, const FcToken *use);

/* The tokens of "__VA_OPT__ ( content )" starting at tok; *after is the token
 * after the ')'.  Returns the substituted content or a placemarker. */
static FcToken *va_opt(Pp *pp, const Macro *m, MacroArg *args, const FcToken *tok,
                       const FcToken **after, const FcToken *use)
{
    const FcToken *open = tok->next;
    if (!is_punct(open, "("))
        fc_error_at(tok, "__VA_OPT__ must be followed by an open parenthesis");
    int depth = 0;
    const FcToken *t = open->next;
    for (;; t = t->next) {
        if (t->kind == FC_TK_EOF)
            fc_error_at(tok, "unterminated __VA_OPT__");
        if (is_punct(t, "("))
            depth++;
        else if (is_punct(t, ")") && depth-- == 0)
            break;
    }
    *after = t->next;
    MacroArg *va = &args[m->nparams];
    if (arg_is_empty(va) || expanded_arg(pp, va)->kind == FC_TK_EOF)
        return new_placemarker(body_copy(tok, use));
    FcToken *r = subst(pp, m, args, open->next, t, use);
    if (r->kind == FC_TK_EOF)
        return new_placemarker(body_copy(tok, use));
    r->has_space = tok->has_space;
    return r;
}

/* Substitutes arguments into the body tokens [body, end): stringizing,
 * pasting and placemarkers.  Returns an EOF-terminated list (placemarkers
 * still in it). */
static FcToken *subst(Pp *pp, const Macro *m, MacroArg *args, const FcToken *body,
                      const FcToken *end, const FcToken *use)
{
    Out o;
    out_init(&o);
    const FcToken *tok = body;
    while (tok != end && tok->kind != FC_TK_EOF) {
        /* # param */
        if (!m->objlike && is_hash(tok)) {
            int i = param_index(m, tok->next);
            if (i >= 0) {
                out_add(&o, stringize(body_copy(tok, use), args[i].tok));
                tok = tok->next->next;
                continue;
            }
        }

        /* GNU: , ## __VA_ARGS__ drops the comma when the variadic part is empty. */
        if (m->va_name && is_punct(tok, ",") && tok->next != end && is_hashhash(tok->next) &&
            param_index(m, tok->next->next) == m->nparams) {
            /* gcc keeps the comma for an empty but present argument after
             * named parameters: F(a,) gives "a,". */
            MacroArg *va = &args[m->nparams];
            if (!va->omitted && !(m->nparams == 0 && arg_is_empty(va))) {
                out_add(&o, body_copy(tok, use));
                add_arg(&o, va->tok, va->tok, false);
            }
            tok = tok->next->next->next;
            continue;
        }

        /* lhs ## rhs */
        if (is_hashhash(tok)) {
            const FcToken *r = tok->next, *after = r->next;
            Out rhs;
            out_init(&rhs);
            int i = m->objlike ? -1 : param_index(m, r);
            if (!m->objlike && is_hash(r) && param_index(m, r->next) >= 0) {
                out_add(&rhs, stringize(body_copy(r, use), args[param_index(m, r->next)].tok));
                after = r->next->next;
            } else if (i >= 0) {
                add_arg(&rhs, args[i].tok, r, false);
            } else if (m->va_name && fc_equal(r, "__VA_OPT__")) {
                FcToken *v = va_opt(pp, m, args, r, &after, use);
                for (FcToken *x = v, *next; x && x->kind != FC_TK_EOF; x = next) {
                    next = x->next;
                    out_add(&rhs, x);
                }
            } else {
                out_add(&rhs, body_copy(r, use));
            }
            FcToken *lhs = out_pop(&o);
            FcToken *first = rhs.head.next;
            while (first && is_placemarker(first))
                first = first->next;
            if (!lhs || is_placemarker(lhs)) {
                /* placemarker ## x = x; placemarker ## placemarker = placemarker */
                if (!first) {
                    out_add(&o, new_placemarker(lhs ? lhs : body_copy(tok, use)));
                } else {
                    if (lhs)
                        first->has_space = lhs->has_space;
                    out_append(&o, first);
                }
            } else if (!first) {
                out_add(&o, lhs);
            } else {
                FcToken *rest = first->next;
                out_add(&o, paste(lhs, first));
                if (rest)
                    out_append(&o, rest);
            }
            tok = after;
            continue;
        }

        /* __VA_OPT__ ( ... ) */
        if (m->va_name && fc_equal(tok, "__VA_OPT__")) {
            const FcToken *after;
            FcToken *v = va_opt(pp, m, args, tok, &after, use);
            for (FcToken *x = v, *next; x && x->kind != FC_TK_EOF; x = next) {
                next = x->next;
                out_add(&o, x);
            }
            tok = after;
            continue;
        }

        /* param: raw before ##, else fully expanded */
        int i = m->objlike ? -1 : param_index(m, tok);
        if (i >= 0) {
            bool before_paste = tok->next != end && is_hashhash(tok->next);
            if (before_paste)
                add_arg(&o, args[i].tok, tok, true);
            else
                add_arg(&o, expanded_arg(pp, &args[i]), tok, false);
            tok = tok->next;
            continue;
        }

        out_add(&o, body_copy(tok, use));
        tok = tok->next;
    }
    FcToken *eof = new_eof(use);
    o.last->next = eof;
    return o.head.next;
}

/* ------------------------------------------------------------ expansion */

/* Finishes an expansion: drops placemarkers, adds the hideset, marks the
 * origin, gives the first token the spacing of the macro name, and puts the
 * result in front of `rest`. */
static FcToken *finish_expansion(FcToken *list, FcHideset *hs, FcToken *use, FcToken *rest)
{
    FcToken head = {0}, *cur = &head;
    bool first = true;
    for (FcToken *t = list; t->kind != FC_TK_EOF; t = t->next) {
        if (is_placemarker(t))
            continue;
        FcToken *c = copy_token(t);
        c->hideset = hs_union(c->hideset, hs);
        c->origin = use;
        /* The first token takes the name's place on its line (for -E); an
         * expansion token never starts a directive, as origin is set. */
        c->at_bol = first && use->at_bol;
        if (first)
            c->has_space = use->has_space;
        first = false;
        cur = cur->next = c;
    }
    cur->next = rest;
    /* An expansion to nothing passes its place to the next token: "a EMPTY b". */
    if (first && rest && rest->kind != FC_TK_EOF && !rest->at_bol &&
        (use->has_space || use->at_bol)) {
        FcToken *c = copy_token(rest);
        c->next = rest->next;
        c->has_space |= use->has_space;
        c->at_bol = use->at_bol;
        if (!c->origin)
            c->origin = use;
        return c;
    }
    return head.next;
}

/* If tok names a macro that applies here, replaces it by its expansion: *rest
 * becomes the expansion followed by what comes after the invocation. */
static bool expand_macro(Pp *pp, FcToken **rest, FcToken *tok, bool directives)
{
    if (!is_ident(tok) || hs_contains(tok->hideset, tok->loc, tok->len))
        return false;
    Macro *m = find_macro(pp, tok);
    if (!m)
        return false;

    if (m->builtin) {
        FcToken *t = m->builtin(pp, tok);
        t->hideset = hs_new(m->name, tok->hideset);
        t->origin = tok;
        t->has_space = tok->has_space;
        t->at_bol = tok->at_bol;
        t->next = tok->next;
        *rest = t;
        return true;
    }

    if (m->objlike) {
        FcHideset *hs = hs_new(m->name, tok->hideset);
        FcToken *body = subst(pp, m, NULL, m->body, NULL, tok);
        *rest = finish_expansion(body, hs, tok, tok->next);
        return true;
    }

    /* A function-like macro name not followed by '(' is an ordinary name. */
    FcToken *next = tok->next;
    if (!is_punct(next, "("))
        return false;
    FcToken *rparen;
    MacroArg *args = read_args(pp, &rparen, tok, m, directives);
    FcHideset *hs = hs_new(m->name, hs_intersection(tok->hideset, rparen->hideset));
    FcToken *body = subst(pp, m, args, m->body, NULL, tok);
    *rest = finish_expansion(body, hs, tok, rparen->next);
    return true;
}

/* ------------------------------------------------------------- includes */

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    if (slash == path)
        return "/";
    return fc_strndup(path, (size_t)(slash - path));
}

static char *join_path(const char *dir, const char *name)
{
    if (strcmp(dir, ".") == 0)
        return fc_strndup(name, strlen(name));
    size_t n = strlen(dir);
    return fc_format("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

/* Searches the include path from index `start`; *found_index is where. */
static char *search_dirs(Pp *pp, const char *name, int start, int *found_index)
{
    for (int i = start < 0 ? 0 : start; i < pp->opt->ninclude_dirs; i++) {
        char *path = join_path(pp->opt->include_dirs[i], name);
        if (file_exists(path)) {
            *found_index = i;
            return path;
        }
    }
    return NULL;
}

/* Resolves an include: quoted names look beside the current file first. */
static char *find_include(Pp *pp, const char *name, bool quoted, bool next, const FcToken *at,
                          int *dir_index)
{
    *dir_index = -1;
    if (name[0] == '/')
        return file_exists(name) ? fc_strndup(name, strlen(name)) : NULL;
    if (next)
        return search_dirs(pp, name, pp->frame->dir_index + 1, dir_index);
    if (quoted) {
        char *path = join_path(dir_of(at->file->path ? at->file->path : "."), name);
        if (file_exists(path))
            return path;
    }
    return search_dirs(pp, name, 0, dir_index);
}

/* Finds "#ifndef X ... #endif" wrapping the whole file. */
static char *detect_guard(FcToken *tok)
{
    if (!(tok->at_bol && is_hash(tok) && fc_equal(tok->next, "ifndef") &&
          is_ident(tok->next->next) && tok->next->next->next->at_bol))
        return NULL;
    char *guard = spelling(tok->next->next);
    int depth = 0;
    for (FcToken *t = tok; t->kind != FC_TK_EOF; t = t->next) {
        if (!(t->at_bol && is_hash(t)) || t->next->at_bol)
            continue;
        FcToken *d = t->next;
        if (fc_equal(d, "if") || fc_equal(d, "ifdef") || fc_equal(d, "ifndef")) {
            depth++;
        } else if (fc_equal(d, "elif") || fc_equal(d, "else")) {
            if (depth == 1)
                return NULL;
        } else if (fc_equal(d, "endif")) {
            if (--depth == 0) {
                FcToken *after = skip_line(d->next, NULL);
                return after->kind == FC_TK_EOF ? guard : NULL;
            }
        }
    }
    return NULL;
}

static CachedFile *load_file(Pp *pp, const char *path, const FcToken *at)
{
    char *real = realpath(path, NULL);
    char *key = real ? fc_strndup(real, strlen(real)) : (char *)path;
    free(real);
    CachedFile *cf = map_get(&pp->files, key, (int)strlen(key));
    if (cf)
        return cf;
    FcFile *file = fc_read_file(path, path);
    if (!file)
        fc_error_at(at, "%s: cannot read file", path);
    cf = fc_alloc(sizeof *cf);
    cf->tokens = fc_tokenize(file);
    cf->guard = detect_guard(cf->tokens);
    map_put(&pp->files, key, (int)strlen(key), cf);
    return cf;
}

/* Splices the tokens of `path` in front of `rest`. */
static FcToken *include_file(Pp *pp, const char *path, int dir_index, FcToken *rest,
                             const FcToken *at)
{
    CachedFile *cf = load_file(pp, path, at);
    if (cf->once)
        return rest;
    if (cf->guard && map_get(&pp->macros, cf->guard, (int)strlen(cf->guard)))
        return rest;
    if (pp->depth >= MAX_INCLUDE_DEPTH)
        fc_error_at(at, "#include nested depth %d exceeds maximum of %d", pp->depth + 1,
                    MAX_INCLUDE_DEPTH);
    IncludeFrame *f = fc_alloc(sizeof *f);
    f->file = cf->tokens->file;
    f->dir_index = dir_index;
    f->cond = pp->cond;
    f->next = pp->frame;
    pp->frame = f;
    pp->depth++;
    FcToken head = {0}, *cur = &head;
    for (FcToken *t = cf->tokens; t; t = t->next)
        cur = cur->next = copy_token(t);
    cur->next = rest; /* cur is the file's EOF: the end-of-include marker */
    return head.next;
}

/* The file name of #include / __has_include: "name" or <name> as written, or
 * after macro expansion.  *rest is the token after the name. */
static char *read_header_name(FcToken **rest, FcToken *tok, bool *quoted,
                              const char *what)
{
    if (tok->kind == FC_TK_STR && tok->loc[0] == '"') {
        *quoted = true;
        *rest = tok->next;
        return fc_strndup(tok->loc + 1, (size_t)tok->len - 2);
    }
    if (is_punct(tok, "<")) {
        FcToken *start = tok->next, *t = start;
        while (!is_punct(t, ">")) {
            if (t->at_bol || t->kind == FC_TK_EOF)
                fc_error_at(tok, "missing terminating > character");
            t = t->next;
        }
        *quoted = false;
        *rest = t->next;
        return join_tokens(start, t);
    }
    fc_error_at(tok, "%s expects \"FILENAME\" or <FILENAME>", what);
}

static FcToken *include_directive(Pp *pp, FcToken *tok, bool next)
{
    const char *what = next ? "#include_next" : "#include";
    FcToken *name_tok = tok->next, *rest;
    if (name_tok->at_bol)
        fc_error_at(tok, "%s expects \"FILENAME\" or <FILENAME>", what);
    bool quoted;
    char *name;
    if ((name_tok->kind == FC_TK_STR && name_tok->loc[0] == '"') || is_punct(name_tok, "<")) {
        name = read_header_name(&rest, name_tok, &quoted, what);
        rest = skip_line(rest, next ? "include_next" : "include");
    } else {
        /* Computed include: expand the line, then read a name from it. */
        FcToken *line = copy_line(&rest, name_tok, tok);
        FcToken *exp = expand(pp, line, false);
        FcToken *after;
        name = read_header_name(&after, exp, &quoted, what);
        if (after->kind != FC_TK_EOF)
            fc_warn_at(after, "extra tokens at end of %s directive", what);
    }
    if (name[0] == '\0')
        fc_error_at(name_tok, "empty filename in %s", what);
    int dir_index;
    char *path = find_include(pp, name, quoted, next, tok, &dir_index);
    if (!path)
        fc_error_at(name_tok, "%s: No such file or directory", name);
    return include_file(pp, path, dir_index, rest, name_tok);
}

/* ------------------------------------------------------- #if expressions */

typedef struct Value {
    uint64_t v;
    bool is_unsigned;
} Value;

typedef struct Eval {
    Pp *pp;
    FcToken *tok;
} Eval;

static Value eval_expr(Eval *e, bool live);

static noreturn void eval_error_at(FcToken *t)
{
    if (t->kind == FC_TK_EOF)
        fc_error_at(t, "expected value in expression");
    fc_error_at(t, "token \"%.*s\" is not valid in preprocessor expressions", t->len, t->loc);
}

/* Reads an integer pp-number: decimal, octal, hex or binary, with u/l suffixes. */
static Value eval_number(FcToken *t)
{
    const char *s = t->loc, *end = t->loc + t->len;
    int base = 10;
    if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    } else if (end - s > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
        base = 2;
        s += 2;
    } else if (s[0] == '0') {
        base = 8;
    }
    uint64_t v = 0;
    bool overflow = false;
    const char *digits = s;
    for (; s < end; s++) {
        int d;
        if (*s >= '0' && *s <= '9')
            d = *s - '0';
        else if (*s >= 'a' && *s <= 'f')
            d = *s - 'a' + 10;
        else if (*s >= 'A' && *s <= 'F')
            d = *s - 'A' + 10;
        else
            break;
        if (d >= base)
            break;
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
            overflow = true;
        v = v * (uint64_t)base + (uint64_t)d;
    }
    const char *suffix = s;
    bool u = false;
    int l = 0;
    bool ok = s > digits;
    for (; ok && s < end; s++) {
        if ((*s == 'u' || *s == 'U') && !u) {
            u = true;
        } else if ((*s == 'l' || *s == 'L') && l == 0) {
            l = 1;
            if (s + 1 < end && s[1] == s[0]) {
                s++;
                l = 2;
            }
        } else {
            ok = false;
        }
    }
    if (!ok) {
        bool is_float = base == 16 ? memchr(t->loc, 'p', (size_t)t->len) ||
                                         memchr(t->loc, 'P', (size_t)t->len) ||
                                         memchr(t->loc, '.', (size_t)t->len)
                                   : base != 2 && (memchr(t->loc, '.', (size_t)t->len) ||
                                                   memchr(t->loc, 'e', (size_t)t->len) ||
                                                   memchr(t->loc, 'E', (size_t)t->len));
        if (is_float)
            fc_error_at(t, "floating constant in preprocessor expression");
        if (suffix == digits)
            fc_error_at(t, "invalid integer constant \"%.*s\"", t->len, t->loc);
        fc_error_at(t, "invalid suffix \"%.*s\" on integer constant", (int)(end - suffix), suffix);
    }
    if (overflow)
        fc_error_at(t, "integer constant is too large for its type");
    if (v > (uint64_t)INT64_MAX) {
        if (base == 10 && !u)
            fc_warn_at(t, "integer constant is so large that it is unsigned");
        u = true;
    }
    return (Value){v, u};
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes one UTF-8 sequence at *p (advancing it); bad bytes decode as themselves. */
static uint32_t utf8_decode(const char **p, const char *end)
{
    const unsigned char *s = (const unsigned char *)*p;
    uint32_t c = s[0];
    int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (n == 0 || end - *p <= n) {
        (*p)++;
        return c;
    }
    c &= 0x3Fu >> n;
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            (*p)++;
            return s[0];
        }
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    *p += n + 1;
    return c;
}

/* Value of a character constant, as gcc computes it on x86-64 (plain char
 * is signed; multi-character constants shift bytes into an int). */
static Value eval_char(FcToken *t)
{
    const char *p = t->loc, *end = t->loc + t->len - 1;
    int width = 8; /* bits per character */
    bool wide = false, is_unsigned = false;
    if (*p == 'L') {
        wide = true;
        width = 32;
        p++;
    } else if (*p == 'u') {
        wide = true;
        width = 16;
        is_unsigned = true;
        p++;
    } else if (*p == 'U') {
        wide = true;
        width = 32;
        is_unsigned = true;
        p++;
    }
    p++; /* quote */
    if (p >= end)
        fc_error_at(t, "empty character constant");
    uint64_t v = 0;
    int count = 0;
    while (p < end) {
        uint32_t c;
        if (*p == '\\') {
            p++;
            switch (*p) {
            case 'a': c = 7; p++; break;
            case 'b': c = 8; p++; break;
            case 'e': case 'E': c = 27; p++; break;
            case 'f': c = 12; p++; break;
            case 'n': c = 10; p++; break;
            case 'r': c = 13; p++; break;
            case 't': c = 9; p++; break;
            case 'v': c = 11; p++; break;
            case 'x':
                p++;
                if (p >= end || hex_value(*p) < 0)
                    fc_error_at(t, "\\x used with no following hex digits");
                for (c = 0; p < end && hex_value(*p) >= 0; p++)
                    c = c * 16 + (uint32_t)hex_value(*p);
                break;
            case 'u': case 'U': {
                int n = *p == 'u' ? 4 : 8;
                p++;
                c = 0;
                for (int i = 0; i < n; i++, p++) {
                    if (p >= end || hex_value(*p) < 0)
                        fc_error_at(t, "incomplete universal character name");
                    c = c * 16 + (uint32_t)hex_value(*p);
                }
                break;
            }
            default:
                if (*p >= '0' && *p <= '7') {
                    c = 0;
                    for (int i = 0; i < 3 && p < end && *p >= '0' && *p <= '7'; i++, p++)
                        c = c * 8 + (uint32_t)(*p - '0');
                } else {
                    c = (unsigned char)*p++;
                }
            }
        } else if (wide) {
            c = utf8_decode(&p, end);
        } else {
            c = (unsigned char)*p++;
        }
        if (width < 32)
            c &= (1u << width) - 1;
        v = wide ? c : ((v << 8) | c);
        count++;
    }
    if (count > 1 && !wide)
        fc_warn_at(t, "multi-character character constant");
    if (!wide) {
        /* An int; a single char is a signed char. */
        int64_t sv = count == 1 ? (int64_t)(int8_t)(uint8_t)v : (int64_t)(int32_t)(uint32_t)v;
        return (Value){(uint64_t)sv, false};
    }
    if (!is_unsigned)
        return (Value){(uint64_t)(int64_t)(int32_t)(uint32_t)v, false};
    return (Value){v, false}; /* char16_t/char32_t promote to int/unsigned: value fits */
}

static bool eval_accept(Eval *e, const char *op)
{
    if (is_punct(e->tok, op)) {
        e->tok = e->tok->next;
        return true;
    }
    return false;
}

static Value eval_unary(Eval *e, bool live);

static Value eval_primary(Eval *e, bool live)
{
    FcToken *t = e->tok;
    if (eval_accept(e, "(")) {
        Value v = eval_expr(e, live);
        if (!eval_accept(e, ")"))
            fc_error_at(e->tok, "missing ')' in expression");
        return v;
    }
    e->tok = t->next;
    if (t->kind == FC_TK_NUM)
        return eval_number(t);
    if (t->kind == FC_TK_CHAR)
        return eval_char(t);
    if (is_ident(t))
        return (Value){0, false}; /* identifiers left after expansion are 0 */
    e->tok = t;
    eval_error_at(t);
}

static Value eval_unary(Eval *e, bool live)
{
    if (eval_accept(e, "+"))
        return eval_unary(e, live);
    if (eval_accept(e, "-")) {
        Value v = eval_unary(e, live);
        return (Value){0 - v.v, v.is_unsigned};
    }
    if (eval_accept(e, "~")) {
        Value v = eval_unary(e, live);
        return (Value){~v.v, v.is_unsigned};
    }
    if (eval_accept(e, "!")) {
        Value v = eval_unary(e, live);
        return (Value){v.v == 0, false};
    }
    return eval_primary(e, live);
}

/* Binary operators by precedence level (tighter first). */
static const char *const binops[][5] = {
    {"*", "/", "%"}, {"+", "-"}, {"<<", ">>"}, {"<", ">", "<=", ">="}, {"==", "!="},
    {"&"}, {"^"}, {"|"}, {"&&"}, {"||"},
};
enum { NLEVELS = sizeof binops / sizeof binops[0] };

static int binop_level(const FcToken *t, int *which)
{
    if (t->kind != FC_TK_PUNCT)
        return -1;
    for (int l = 0; l < NLEVELS; l++)
        for (int i = 0; i < 5 && binops[l][i]; i++)
            if (fc_equal(t, binops[l][i])) {
                *which = i;
                return l;
            }
    return -1;
}

static Value apply_binop(Eval *e, FcToken *op, int level, int which, Value a, Value b, bool live)
{
    bool u = a.is_unsigned || b.is_unsigned;
    int64_t sa = (int64_t)a.v, sb = (int64_t)b.v;
    switch (level) {
    case 0:
        if (which == 0)
            return (Value){a.v * b.v, u};
        if (b.v == 0) {
            if (live)
                fc_error_at(op, "division by zero in #if");
            return (Value){0, u};
        }
        if (u)
            return (Value){which == 1 ? a.v / b.v : a.v % b.v, true};
        if (sa == INT64_MIN && sb == -1)
            return (Value){which == 1 ? a.v : 0, false};
        return (Value){(uint64_t)(which == 1 ? sa / sb : sa % sb), false};
    case 1:
        return (Value){which == 0 ? a.v + b.v : a.v - b.v, u};
    case 2: {
        /* The left operand's type; a negative count shifts the other way. */
        bool left = which == 0;
        int64_t n = (int64_t)b.v;
        if (!b.is_unsigned && n < 0) {
            left = !left;
            n = n == INT64_MIN ? INT64_MAX : -n;
        } else if (b.is_unsigned && b.v > 64) {
            n = 64;
        }
        if (left)
            return (Value){n >= 64 ? 0 : a.v << n, a.is_unsigned};
        if (a.is_unsigned)
            return (Value){n >= 64 ? 0 : a.v >> n, true};
        return (Value){(uint64_t)(n >= 64 ? (sa < 0 ? -1 : 0) : sa >> n), false};
    }
    case 3: {
        bool r;
        if (u)
            r = which == 0 ? a.v < b.v : which == 1 ? a.v > b.v : which == 2 ? a.v <= b.v : a.v >= b.v;
        else
            r = which == 0 ? sa < sb : which == 1 ? sa > sb : which == 2 ? sa <= sb : sa >= sb;
        return (Value){r, false};
    }
    case 4:
        return (Value){which == 0 ? a.v == b.v : a.v != b.v, false};
    case 5:
        return (Value){a.v & b.v, u};
    case 6:
        return (Value){a.v ^ b.v, u};
    case 7:
        return (Value){a.v | b.v, u};
    }
    (void)e;
    return (Value){0, false};
}

/* Precedence climbing over binops; && and || short-circuit `live`. */
static Value eval_binary(Eval *e, int max_level, bool live)
{
    Value lhs = eval_unary(e, live);
    for (;;) {
        int which, level = binop_level(e->tok, &which);
        if (level < 0 || level > max_level)
            return lhs;
        FcToken *op = e->tok;
        e->tok = e->tok->next;
        if (level == 8 || level == 9) {
            bool take = level == 8 ? lhs.v != 0 : lhs.v == 0;
            Value rhs = eval_binary(e, level - 1, live && take);
            lhs = (Value){level == 8 ? (lhs.v != 0 && rhs.v != 0) : (lhs.v != 0 || rhs.v != 0),
                          false};
            continue;
        }
        Value rhs = eval_binary(e, level - 1, live);
        lhs = apply_binop(e, op, level, which, lhs, rhs, live);
    }
}

static Value eval_cond(Eval *e, bool live)
{
    Value c = eval_binary(e, NLEVELS - 1, live);
    if (!eval_accept(e, "?"))
        return c;
    Value a = eval_expr(e, live && c.v != 0);
    if (!eval_accept(e, ":"))
        fc_error_at(e->tok, "'?' without following ':'");
    Value b = eval_cond(e, live && c.v == 0);
    bool u = a.is_unsigned || b.is_unsigned;
    return (Value){c.v ? a.v : b.v, u};
}

static Value eval_expr(Eval *e, bool live)
{
    Value v = eval_cond(e, live);
    while (eval_accept(e, ","))
        v = eval_cond(e, live);
    return v;
}

/* ------------------------------------------------ #if special operators */

static const char *const known_builtins[] = {
    "__builtin_va_list", "__builtin_va_start", "__builtin_va_arg", "__builtin_va_end",
    "__builtin_va_copy", "__builtin_speculate", "__builtin_commit", "__builtin_abort_level",
    "__builtin_migrate", "__builtin_setjmp", "__builtin_longjmp", "__builtin_expect",
    "__builtin_unreachable", "__builtin_offsetof", "__builtin_types_compatible_p",
    "__builtin_constant_p", "__builtin_huge_val", "__builtin_inf", "__builtin_nan",
    "__builtin_clz", "__builtin_clzl", "__builtin_clzll", "__builtin_ctz", "__builtin_ctzl",
    "__builtin_ctzll", "__builtin_popcount", "__builtin_popcountl", "__builtin_popcountll",
    "__builtin_bswap16", "__builtin_bswap32", "__builtin_bswap64", "__builtin_fir_alloc",
    "__builtin_fir_free", "__builtin_fir_blocksize",
};

/* Attributes the parser accepts (most are accepted and ignored). */
static const char *const known_attributes[] = {
    "aligned", "packed", "noreturn", "unused", "used", "always_inline", "noinline", "const",
    "pure", "format", "deprecated", "warn_unused_result", "nonnull", "cold", "hot",
    "maybe_unused", "fallthrough", "malloc", "returns_nonnull", "sentinel", "weak",
    "visibility", "section", "constructor", "destructor", "may_alias", "transparent_union",
};

static bool in_list(const FcToken *t, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fc_equal(t, list[i]))
            return true;
    return false;
}

/* Reads "( ... )" after a special operator; returns the tokens inside
 * (EOF-terminated) and sets *rest after the ')'. */
static FcToken *operator_operand(FcToken **rest, FcToken *op)
{
    FcToken *t = op->next;
    if (!is_punct(t, "("))
        fc_error_at(op, "missing '(' after \"%.*s\"", op->len, op->loc);
    FcToken head = {0}, *cur = &head;
    int depth = 0;
    for (t = t->next;; t = t->next) {
        if (t->kind == FC_TK_EOF)
            fc_error_at(op, "missing ')' after \"%.*s\" operand", op->len, op->loc);
        if (is_punct(t, "("))
            depth++;
        else if (is_punct(t, ")") && depth-- == 0)
            break;
        cur = cur->next = copy_token(t);
    }
    cur->next = new_eof(t);
    *rest = t->next;
    return head.next;
}

/* `defined X`, `defined(X)`, __has_include(...) and friends, in #if. */
static FcToken *eval_operator(Pp *pp, FcToken **rest, FcToken *tok)
{
    if (fc_equal(tok, "defined")) {
        FcToken *t = tok->next;
        bool paren = is_punct(t, "(");
        if (paren)
            t = t->next;
        if (!is_ident(t))
            fc_error_at(t, "operator \"defined\" requires an identifier");
        bool def = is_defined_name(pp, t);
        t = t->next;
        if (paren) {
            if (!is_punct(t, ")"))
                fc_error_at(t, "missing ')' after \"defined\"");
            t = t->next;
        }
        *rest = t;
        return new_number(def, tok);
    }
    FcToken *arg = operator_operand(rest, tok);
    if (fc_equal(tok, "__has_include") || fc_equal(tok, "__has_include_next")) {
        bool next = fc_equal(tok, "__has_include_next");
        if (!(arg->kind == FC_TK_STR || is_punct(arg, "<")))
            arg = expand(pp, arg, false);
        bool quoted;
        FcToken *after;
        char *name = read_header_name(&after, arg, &quoted, "__has_include");
        if (after->kind != FC_TK_EOF)
            fc_error_at(after, "missing ')' after \"__has_include\" operand");
        int dir_index;
        return new_number(find_include(pp, name, quoted, next, tok, &dir_index) != NULL, tok);
    }
    if (!is_ident(arg) || arg->next->kind != FC_TK_EOF)
        fc_error_at(arg, "macro \"%.*s\" requires an identifier", tok->len, tok->loc);
    if (fc_equal(tok, "__has_builtin"))
        return new_number(in_list(arg, known_builtins,
                                  sizeof known_builtins / sizeof known_builtins[0]), tok);
    /* __has_attribute: both "name" and "__name__" spellings. */
    const FcToken *a = arg;
    FcToken plain = *arg;
    if (a->len > 4 && strncmp(a->loc, "__", 2) == 0 && strncmp(a->loc + a->len - 2, "__", 2) == 0) {
        plain.loc += 2;
        plain.len -= 4;
    }
    return new_number(in_list(&plain, known_attributes,
                              sizeof known_attributes / sizeof known_attributes[0]), tok);
}

/* Evaluates the expression of #if/#elif at tok (the directive name). */
static bool eval_condition(Pp *pp, FcToken **rest, FcToken *tok)
{
    FcToken *line = copy_line(rest, tok->next, tok);
    if (line->kind == FC_TK_EOF)
        fc_error_at(tok, "#%.*s with no expression", tok->len, tok->loc);
    pp->in_if = true;
    FcToken *exp = expand(pp, line, false);
    pp->in_if = false;
    if (exp->kind == FC_TK_EOF)
        fc_error_at(tok, "#%.*s with no expression", tok->len, tok->loc);
    Eval e = {pp, exp};
    Value v = eval_expr(&e, true);
    if (e.tok->kind != FC_TK_EOF) {
        if (is_punct(e.tok, ")"))
            fc_error_at(e.tok, "missing '(' in expression");
        if (is_punct(e.tok, ":"))
            fc_error_at(e.tok, "':' without preceding '?'");
        fc_error_at(e.tok, "missing binary operator before token \"%.*s\"", e.tok->len,
                    e.tok->loc);
    }
    return v.v != 0;
}

/* ------------------------------------------------------- conditionals */

static void push_cond(Pp *pp, FcToken *tok, bool included)
{
    CondIncl *c = fc_alloc(sizeof *c);
    c->next = pp->cond;
    c->ctx = IN_THEN;
    c->tok = tok;
    c->included = included;
    pp->cond = c;
}

static bool directive_is(const FcToken *hash, const char *name)
{
    return hash->at_bol && is_hash(hash) && !hash->next->at_bol && fc_equal(hash->next, name);
}

/* Skips a group up to its #elif, #else or #endif (returned, at the '#'). */
static FcToken *skip_group(Pp *pp, FcToken *tok)
{
    int depth = 0;
    for (;; tok = tok->next) {
        if (tok->kind == FC_TK_EOF)
            fc_error_at(pp->cond->tok, "unterminated #%.*s", pp->cond->tok->len,
                        pp->cond->tok->loc);
        if (!(tok->at_bol && is_hash(tok)))
            continue;
        if (directive_is(tok, "if") || directive_is(tok, "ifdef") || directive_is(tok, "ifndef")) {
            depth++;
        } else if (directive_is(tok, "endif")) {
            if (depth-- == 0)
                return tok;
        } else if (depth == 0 && (directive_is(tok, "elif") || directive_is(tok, "else"))) {
            return tok;
        }
    }
}

/* ------------------------------------------------------------- #line */

/* #line N ["file"] and the GNU marker # N "file" flags; tok is the number. */
static FcToken *line_directive(Pp *pp, FcToken *hash, FcToken *tok, bool expand_line)
{
    FcToken *rest;
    FcToken *line = copy_line(&rest, tok, hash);
    if (expand_line)
        line = expand(pp, line, false);
    FcToken *num = line;
    bool digits = num->kind == FC_TK_NUM;
    for (int i = 0; digits && i < num->len; i++)
        digits = num->loc[i] >= '0' && num->loc[i] <= '9';
    if (!digits)
        fc_error_at(num, "\"%.*s\" after #line is not a positive integer", num->len, num->loc);
    long long n = 0;
    for (int i = 0; i < num->len; i++) {
        n = n * 10 + (num->loc[i] - '0');
        if (n > INT_MAX)
            fc_error_at(num, "line number out of range");
    }
    const char *name = NULL;
    FcToken *t = num->next;
    if (t->kind == FC_TK_STR) {
        if (t->loc[0] != '"')
            fc_error_at(t, "invalid filename \"%.*s\"", t->len, t->loc);
        char *s = fc_alloc((size_t)t->len), *p = s;
        for (int i = 1; i < t->len - 1; i++) {
            if (t->loc[i] == '\\' && i + 1 < t->len - 1)
                i++;
            *p++ = t->loc[i];
        }
        *p = '\0';
        name = s;
        t = t->next;
    } else if (t->kind != FC_TK_EOF) {
        fc_error_at(t, "invalid filename \"%.*s\"", t->len, t->loc);
    }
    if (expand_line && t->kind != FC_TK_EOF)
        fc_warn_at(t, "extra tokens at end of #line directive");

    /* The rest of this file gets new numbering (and maybe a new name): its
     * tokens move to a copy of the file that records the shift. */
    FcFile *old = hash->file;
    int physical_next = hash->line - old->line_delta + 1;
    FcFile *f = fc_alloc(sizeof *f);
    *f = *old;
    if (name) {
        f->name = (char *)name;
        f->file_no = fc_new_file(name, "", 0)->file_no;
    }
    f->line_delta = (int)n - physical_next;
    int shift = f->line_delta - old->line_delta;
    for (FcToken *r = rest; r; r = r->next) {
        if (r->file != old)
            continue;
        r->file = f;
        r->line += shift;
        if (r->kind == FC_TK_EOF)
            break;
    }
    if (pp->frame->file == old)
        pp->frame->file = f;
    return rest;
}

/* ------------------------------------------------------------ pragmas */

static Macro *copy_macro(const Macro *m)
{
    if (!m)
        return NULL;
    Macro *c = fc_alloc(sizeof *c);
    *c = *m;
    return c;
}

/* push_macro("X") / pop_macro("X"): the argument tokens start at '('. */
static void pragma_push_pop(Pp *pp, FcToken *kw, bool push)
{
    FcToken *t = kw->next;
    if (!is_punct(t, "(") || t->next->kind != FC_TK_STR || !is_punct(t->next->next, ")"))
        fc_error_at(kw, "invalid #pragma %s directive", push ? "push_macro" : "pop_macro");
    FcToken *s = t->next;
    if (s->loc[0] != '"')
        fc_error_at(s, "invalid #pragma %s directive", push ? "push_macro" : "pop_macro");
    const char *name = s->loc + 1;
    int len = s->len - 2;
    PushedMacro *stack = map_get(&pp->pushed, name, len);
    if (push) {
        PushedMacro *p = fc_alloc(sizeof *p);
        p->macro = copy_macro(map_get(&pp->macros, name, len));
        p->next = stack;
        map_put(&pp->pushed, name, len, p);
        return;
    }
    if (!stack)
        return;
    map_put(&pp->pushed, name, len, stack->next);
    if (stack->macro)
        map_put(&pp->macros, name, len, stack->macro);
    else
        map_delete(&pp->macros, name, len);
}

/* A pragma's tokens (EOF-terminated or up to the line end). */
static void do_pragma(Pp *pp, FcToken *tok)
{
    if (tok->at_bol || tok->kind == FC_TK_EOF)
        return;
    if (fc_equal(tok, "once")) {
        char *real = realpath(tok->file->path, NULL);
        const char *key = real ? real : tok->file->path;
        CachedFile *cf = map_get(&pp->files, key, (int)strlen(key));
        if (!cf) {
            cf = fc_alloc(sizeof *cf);
            map_put(&pp->files, key, (int)strlen(key), cf);
            cf->tokens = NULL;
        }
        cf->once = true;
        free(real);
    } else if (fc_equal(tok, "push_macro")) {
        pragma_push_pop(pp, tok, true);
    } else if (fc_equal(tok, "pop_macro")) {
        pragma_push_pop(pp, tok, false);
    }
}

/* _Pragma ( string-literal ): destringized and run as a #pragma line. */
static FcToken *pragma_operator(Pp *pp, FcToken *tok)
{
    FcToken *l = tok->next, *s = l->next, *r = s->next;
    if (!is_punct(l, "(") || s->kind != FC_TK_STR || !is_punct(r, ")"))
        fc_error_at(tok, "_Pragma takes a parenthesized string literal");
    const char *p = s->loc;
    if (*p == 'L')
        p++;
    if (*p != '"')
        fc_error_at(s, "_Pragma takes a parenthesized string literal");
    p++;
    char *text = fc_alloc((size_t)s->len + 1), *q = text;
    for (; p < s->loc + s->len - 1; p++) {
        if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
            p++;
        *q++ = *p;
    }
    *q = '\0';
    FcToken *t = tokenize_text(tok->file->name, text);
    for (FcToken *x = t; x; x = x->next) {
        x->file = tok->file;
        x->line = tok->line;
        x->col = tok->col;
        x->at_bol = false;
        if (x->kind == FC_TK_EOF)
            x->at_bol = true;
    }
    do_pragma(pp, t);
    return r->next;
}

/* --------------------------------------------------------- directives */

/* Runs the directive whose '#' is tok; returns the token after it. */
static FcToken *directive(Pp *pp, FcToken *hash)
{
    FcToken *tok = hash->next;
    if (tok->at_bol)
        return tok; /* null directive */

    if (fc_equal(tok, "include"))
        return include_directive(pp, tok, false);
    if (fc_equal(tok, "include_next"))
        return include_directive(pp, tok, true);
    if (fc_equal(tok, "define"))
        return read_define(pp, tok->next);
    if (fc_equal(tok, "undef")) {
        FcToken *name = tok->next;
        if (name->at_bol)
            fc_error_at(tok, "no macro name given in #undef directive");
        if (!is_ident(name))
            fc_error_at(name, "macro names must be identifiers");
        if (fc_equal(name, "defined"))
            fc_error_at(name, "\"defined\" cannot be used as a macro name");
        map_delete(&pp->macros, name->loc, name->len);
        return skip_line(name->next, "undef");
    }
    if (fc_equal(tok, "if")) {
        FcToken *rest;
        bool v = eval_condition(pp, &rest, tok);
        push_cond(pp, tok, v);
        return v ? rest : skip_group(pp, rest);
    }
    if (fc_equal(tok, "ifdef") || fc_equal(tok, "ifndef")) {
        FcToken *name = tok->next;
        if (name->at_bol)
            fc_error_at(tok, "no macro name given in #%.*s directive", tok->len, tok->loc);
        if (!is_ident(name))
            fc_error_at(name, "macro names must be identifiers");
        bool v = is_defined_name(pp, name) == fc_equal(tok, "ifdef");
        push_cond(pp, tok, v);
        FcToken *rest = skip_line(name->next, fc_equal(tok, "ifdef") ? "ifdef" : "ifndef");
        return v ? rest : skip_group(pp, rest);
    }
    if (fc_equal(tok, "elif")) {
        if (!pp->cond || pp->cond == pp->frame->cond)
            fc_error_at(tok, "#elif without #if");
        if (pp->cond->ctx == IN_ELSE)
            fc_error_at(tok, "#elif after #else");
        pp->cond->ctx = IN_ELIF;
        if (pp->cond->included)
            return skip_group(pp, skip_line(tok->next, NULL));
        FcToken *rest;
        bool v = eval_condition(pp, &rest, tok);
        pp->cond->included = v;
        return v ? rest : skip_group(pp, rest);
    }
    if (fc_equal(tok, "else")) {
        if (!pp->cond || pp->cond == pp->frame->cond)
            fc_error_at(tok, "#else without #if");
        if (pp->cond->ctx == IN_ELSE)
            fc_error_at(tok, "#else after #else");
        pp->cond->ctx = IN_ELSE;
        FcToken *rest = skip_line(tok->next, "else");
        if (pp->cond->included)
            return skip_group(pp, rest);
        pp->cond->included = true;
        return rest;
    }
    if (fc_equal(tok, "endif")) {
        if (!pp->cond || pp->cond == pp->frame->cond)
            fc_error_at(tok, "#endif without #if");
        pp->cond = pp->cond->next;
        return skip_line(tok->next, "endif");
    }
    if (fc_equal(tok, "line"))
        return line_directive(pp, hash, tok->next, true);
    if (tok->kind == FC_TK_NUM)
        return line_directive(pp, hash, tok, false);
    if (fc_equal(tok, "error") || fc_equal(tok, "warning")) {
        FcToken *end = tok->next;
        while (!end->at_bol)
            end = end->next;
        char *msg = join_tokens(tok->next, end);
        if (fc_equal(tok, "error"))
            fc_error_at(tok, "#error %s", msg);
        fc_warn_at(tok, "#warning %s", msg);
        return end;
    }
    if (fc_equal(tok, "pragma")) {
        do_pragma(pp, tok->next);
        return skip_line(tok->next, NULL);
    }
    if (fc_equal(tok, "ident") || fc_equal(tok, "sccs"))
        return skip_line(tok->next, NULL);
    fc_error_at(tok, "invalid preprocessing directive #%.*s", tok->len, tok->loc);
}

/* ------------------------------------------------------------ the loop */

/* Expands a token list.  With `directives`, tok is a file's token stream:
 * directives run, included files end at their EOF markers, _Pragma runs and
 * every kept token is checked.  Without, tok is an EOF-terminated list (an
 * argument, a directive line) that is only macro-expanded. */
static FcToken *expand(Pp *pp, FcToken *tok, bool directives)
{
    FcToken head = {0}, *cur = &head;
    for (;;) {
        if (tok->kind == FC_TK_EOF) {
            if (!directives || !tok->next)
                break;
            /* End of an included file. */
            if (pp->cond != pp->frame->cond)
                fc_error_at(pp->cond->tok, "unterminated #%.*s", pp->cond->tok->len,
                            pp->cond->tok->loc);
            pp->frame = pp->frame->next;
            pp->depth--;
            tok = tok->next;
            continue;
        }
        if (directives && tok->at_bol && is_hash(tok) && !tok->origin) {
            tok = directive(pp, tok);
            continue;
        }
        if (pp->in_if && is_ident(tok) && (fc_equal(tok, "defined") || is_has_operator(tok))) {
            FcToken *rest;
            FcToken *v = eval_operator(pp, &rest, tok);
            v->next = rest;
            cur = cur->next = v;
            tok = rest;
            continue;
        }
        if (expand_macro(pp, &tok, tok, directives))
            continue;
        if (directives && is_ident(tok) && fc_equal(tok, "_Pragma")) {
            tok = pragma_operator(pp, tok);
            continue;
        }
        if (directives)
            fc_check_token(tok);
        cur = cur->next = tok;
        tok = tok->next;
    }
    cur->next = tok;
    return head.next;
}

/* ----------------------------------------------------- builtin macros */

static FcToken *builtin_file(Pp *pp, FcToken *tok)
{
    (void)pp;
    const char *name = tok->file ? tok->file->name : "";
    size_t n = strlen(name);
    char *buf = fc_alloc(n * 2 + 3), *p = buf;
    *p++ = '"';
    for (size_t i = 0; i < n; i++) {
        if (name[i] == '"' || name[i] == '\\')
            *p++ = '\\';
        *p++ = name[i];
    }
    *p++ = '"';
    return new_token_at(FC_TK_STR, buf, tok);
}

static FcToken *builtin_base_file(Pp *pp, FcToken *tok)
{
    FcToken t = *tok;
    FcFile f = *pp->base_file;
    t.file = &f;
    FcToken *r = builtin_file(pp, &t);
    r->file = tok->file;
    return r;
}

static FcToken *builtin_line(Pp *pp, FcToken *tok)
{
    (void)pp;
    return new_number(tok->line, tok);
}

static FcToken *builtin_counter(Pp *pp, FcToken *tok)
{
    return new_number(pp->counter++, tok);
}

static FcToken *builtin_include_level(Pp *pp, FcToken *tok)
{
    return new_number(pp->depth, tok);
}

/* __DATE__ and __TIME__ honour SOURCE_DATE_EPOCH for reproducible builds. */
static struct tm build_time(void)
{
    time_t now = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (*end == '\0' && v >= 0)
            now = (time_t)v;
        struct tm tm;
        gmtime_r(&now, &tm);
        return tm;
    }
    struct tm tm;
    localtime_r(&now, &tm);
    return tm;
}

static FcToken *builtin_date(Pp *pp, FcToken *tok)
{
    (void)pp;
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm = build_time();
    return new_token_at(FC_TK_STR,
                        fc_format("\"%s %2d %d\"", mon[tm.tm_mon % 12], tm.tm_mday,
                                  tm.tm_year + 1900),
                        tok);
}

static FcToken *builtin_time(Pp *pp, FcToken *tok)
{
    (void)pp;
    struct tm tm = build_time();
    return new_token_at(FC_TK_STR,
                        fc_format("\"%02d:%02d:%02d\"", tm.tm_hour, tm.tm_min, tm.tm_sec), tok);
}

static void add_builtin(Pp *pp, const char *name, BuiltinFn *fn)
{
    Macro *m = fc_alloc(sizeof *m);
    m->name = (char *)name;
    m->objlike = true;
    m->builtin = fn;
    map_put(&pp->macros, name, (int)strlen(name), m);
}

/* The FIR data model (DESIGN.md): LP64, little-endian, long double = double. */
static const char predefined[] =
    "#define __FIR__ 1\n"
    "#define __firc__ 1\n"
    "#define __STDC__ 1\n"
    "#define __STDC_VERSION__ 201112L\n"
    "#define __STDC_HOSTED__ 1\n"
    "#define __STDC_UTF_16__ 1\n"
    "#define __STDC_UTF_32__ 1\n"
    "#define __STDC_NO_ATOMICS__ 1\n"
    "#define __STDC_NO_COMPLEX__ 1\n"
    "#define __STDC_NO_THREADS__ 1\n"
    "#define __STDC_NO_VLA__ 1\n"
    "#define __LP64__ 1\n"
    "#define _LP64 1\n"
    "#define __CHAR_BIT__ 8\n"
    "#define __SIZEOF_INT__ 4\n"
    "#define __SIZEOF_LONG__ 8\n"
    "#define __SIZEOF_LONG_LONG__ 8\n"
    "#define __SIZEOF_SHORT__ 2\n"
    "#define __SIZEOF_POINTER__ 8\n"
    "#define __SIZEOF_FLOAT__ 4\n"
    "#define __SIZEOF_DOUBLE__ 8\n"
    "#define __SIZEOF_LONG_DOUBLE__ 8\n"
    "#define __SIZEOF_SIZE_T__ 8\n"
    "#define __SIZEOF_WCHAR_T__ 4\n"
    "#define __SIZEOF_WINT_T__ 4\n"
    "#define __SIZEOF_PTRDIFF_T__ 8\n"
    "#define __ORDER_LITTLE_ENDIAN__ 1234\n"
    "#define __ORDER_BIG_ENDIAN__ 4321\n"
    "#define __BYTE_ORDER__ __ORDER_LITTLE_ENDIAN__\n"
    "#define __SCHAR_MAX__ 0x7f\n"
    "#define __SHRT_MAX__ 0x7fff\n"
    "#define __INT_MAX__ 0x7fffffff\n"
    "#define __LONG_MAX__ 0x7fffffffffffffffL\n"
    "#define __LONG_LONG_MAX__ 0x7fffffffffffffffLL\n"
    "#define __SIZE_MAX__ 0xffffffffffffffffUL\n"
    "#define __PTRDIFF_MAX__ 0x7fffffffffffffffL\n"
    "#define __INTMAX_MAX__ 0x7fffffffffffffffL\n"
    "#define __UINTMAX_MAX__ 0xffffffffffffffffUL\n"
    "#define __INTPTR_MAX__ 0x7fffffffffffffffL\n"
    "#define __UINTPTR_MAX__ 0xffffffffffffffffUL\n"
    "#define __WCHAR_MAX__ 0x7fffffff\n"
    "#define __WCHAR_MIN__ (-__WCHAR_MAX__ - 1)\n"
    "#define __WINT_MAX__ 0xffffffffU\n"
    "#define __WINT_MIN__ 0U\n"
    "#define __SIG_ATOMIC_MAX__ 0x7fffffff\n"
    "#define __SIG_ATOMIC_MIN__ (-__SIG_ATOMIC_MAX__ - 1)\n"
    "#define __SIZE_TYPE__ unsigned long\n"
    "#define __PTRDIFF_TYPE__ long\n"
    "#define __WCHAR_TYPE__ int\n"
    "#define __WINT_TYPE__ unsigned int\n"
    "#define __INTMAX_TYPE__ long\n"
    "#define __UINTMAX_TYPE__ unsigned long\n"
    "#define __CHAR16_TYPE__ unsigned short\n"
    "#define __CHAR32_TYPE__ unsigned int\n"
    "#define __SIG_ATOMIC_TYPE__ int\n"
    "#define __INT8_TYPE__ signed char\n"
    "#define __INT16_TYPE__ short\n"
    "#define __INT32_TYPE__ int\n"
    "#define __INT64_TYPE__ long\n"
    "#define __UINT8_TYPE__ unsigned char\n"
    "#define __UINT16_TYPE__ unsigned short\n"
    "#define __UINT32_TYPE__ unsigned int\n"
    "#define __UINT64_TYPE__ unsigned long\n"
    "#define __INTPTR_TYPE__ long\n"
    "#define __UINTPTR_TYPE__ unsigned long\n"
    "#define __INT8_MAX__ 0x7f\n"
    "#define __INT16_MAX__ 0x7fff\n"
    "#define __INT32_MAX__ 0x7fffffff\n"
    "#define __INT64_MAX__ 0x7fffffffffffffffL\n"
    "#define __UINT8_MAX__ 0xff\n"
    "#define __UINT16_MAX__ 0xffff\n"
    "#define __UINT32_MAX__ 0xffffffffU\n"
    "#define __UINT64_MAX__ 0xffffffffffffffffUL\n"
    "#define __INT8_C(c) c\n"
    "#define __INT16_C(c) c\n"
    "#define __INT32_C(c) c\n"
    "#define __INT64_C(c) c ## L\n"
    "#define __UINT8_C(c) c\n"
    "#define __UINT16_C(c) c\n"
    "#define __UINT32_C(c) c ## U\n"
    "#define __UINT64_C(c) c ## UL\n"
    "#define __INTMAX_C(c) c ## L\n"
    "#define __UINTMAX_C(c) c ## UL\n"
    "#define __SCHAR_WIDTH__ 8\n"
    "#define __SHRT_WIDTH__ 16\n"
    "#define __INT_WIDTH__ 32\n"
    "#define __LONG_WIDTH__ 64\n"
    "#define __LONG_LONG_WIDTH__ 64\n"
    "#define __PTRDIFF_WIDTH__ 64\n"
    "#define __SIZE_WIDTH__ 64\n"
    "#define __WCHAR_WIDTH__ 32\n"
    "#define __INTMAX_WIDTH__ 64\n"
    "#define __INTPTR_WIDTH__ 64\n"
    "#define __FLT_EVAL_METHOD__ 0\n"
    "#define __FLT_RADIX__ 2\n"
    "#define __DECIMAL_DIG__ 17\n"
    "#define __FLT_MANT_DIG__ 24\n"
    "#define __FLT_DIG__ 6\n"
    "#define __FLT_MIN_EXP__ (-125)\n"
    "#define __FLT_MIN_10_EXP__ (-37)\n"
    "#define __FLT_MAX_EXP__ 128\n"
    "#define __FLT_MAX_10_EXP__ 38\n"
    "#define __FLT_DECIMAL_DIG__ 9\n"
    "#define __FLT_MAX__ 3.40282346638528859811704183484516925e+38F\n"
    "#define __FLT_NORM_MAX__ 3.40282346638528859811704183484516925e+38F\n"
    "#define __FLT_MIN__ 1.17549435082228750796873653722224568e-38F\n"
    "#define __FLT_EPSILON__ 1.19209289550781250000000000000000000e-7F\n"
    "#define __FLT_DENORM_MIN__ 1.40129846432481707092372958328991613e-45F\n"
    "#define __FLT_HAS_DENORM__ 1\n"
    "#define __FLT_HAS_INFINITY__ 1\n"
    "#define __FLT_HAS_QUIET_NAN__ 1\n"
    "#define __DBL_MANT_DIG__ 53\n"
    "#define __DBL_DIG__ 15\n"
    "#define __DBL_MIN_EXP__ (-1021)\n"
    "#define __DBL_MIN_10_EXP__ (-307)\n"
    "#define __DBL_MAX_EXP__ 1024\n"
    "#define __DBL_MAX_10_EXP__ 308\n"
    "#define __DBL_DECIMAL_DIG__ 17\n"
    "#define __DBL_MAX__ ((double)1.79769313486231570814527423731704357e+308)\n"
    "#define __DBL_NORM_MAX__ ((double)1.79769313486231570814527423731704357e+308)\n"
    "#define __DBL_MIN__ ((double)2.22507385850720138309023271733240406e-308)\n"
    "#define __DBL_EPSILON__ ((double)2.22044604925031308084726333618164062e-16)\n"
    "#define __DBL_DENORM_MIN__ ((double)4.94065645841246544176568792868221372e-324)\n"
    "#define __DBL_HAS_DENORM__ 1\n"
    "#define __DBL_HAS_INFINITY__ 1\n"
    "#define __DBL_HAS_QUIET_NAN__ 1\n"
    "#define __LDBL_MANT_DIG__ 53\n"
    "#define __LDBL_DIG__ 15\n"
    "#define __LDBL_MIN_EXP__ (-1021)\n"
    "#define __LDBL_MIN_10_EXP__ (-307)\n"
    "#define __LDBL_MAX_EXP__ 1024\n"
    "#define __LDBL_MAX_10_EXP__ 308\n"
    "#define __LDBL_DECIMAL_DIG__ 17\n"
    "#define __LDBL_MAX__ 1.79769313486231570814527423731704357e+308L\n"
    "#define __LDBL_NORM_MAX__ 1.79769313486231570814527423731704357e+308L\n"
    "#define __LDBL_MIN__ 2.22507385850720138309023271733240406e-308L\n"
    "#define __LDBL_EPSILON__ 2.22044604925031308084726333618164062e-16L\n"
    "#define __LDBL_DENORM_MIN__ 4.94065645841246544176568792868221372e-324L\n"
    "#define __LDBL_HAS_DENORM__ 1\n"
    "#define __LDBL_HAS_INFINITY__ 1\n"
    "#define __LDBL_HAS_QUIET_NAN__ 1\n";

/* The -D and -U options as #define / #undef lines. */
static char *command_line_text(const FcOptions *opt)
{
    size_t n = 1;
    for (int i = 0; i < opt->ndefines; i++)
        n += strlen(opt->defines[i]) + 16;
    char *buf = fc_alloc(n), *p = buf;
    for (int i = 0; i < opt->ndefines; i++) {
        const char *d = opt->defines[i];
        if (opt->define_is_undef[i]) {
            p += sprintf(p, "#undef %s\n", d);
            continue;
        }
        const char *eq = strchr(d, '=');
        if (eq)
            p += sprintf(p, "#define %.*s %s\n", (int)(eq - d), d, eq + 1);
        else
            p += sprintf(p, "#define %s 1\n", d);
    }
    *p = '\0';
    return buf;
}

/* Tokens of a pseudo-file, without its EOF, in front of `rest`. */
static FcToken *prepend_text(const char *name, const char *text, FcToken *rest)
{
    FcToken *t = tokenize_text(name, text);
    if (t->kind == FC_TK_EOF)
        return rest;
    FcToken *last = t;
    while (last->next->kind != FC_TK_EOF)
        last = last->next;
    last->next = rest;
    return t;
}

/* ------------------------------------------------------------- driver */

/* Digraphs reach the parser spelled as the punctuators they stand for. */
static void canonical_spelling(FcToken *t)
{
    static const char *const digraphs[][2] = {
        {"<:", "["}, {":>", "]"}, {"<%", "{"}, {"%>", "}"}, {"%:", "#"}, {"%:%:", "##"},
    };
    if (t->kind != FC_TK_PUNCT)
        return;
    for (size_t i = 0; i < sizeof digraphs / sizeof digraphs[0]; i++)
        if (fc_equal(t, digraphs[i][0])) {
            t->loc = digraphs[i][1];
            t->len = (int)strlen(digraphs[i][1]);
        }
}

FcToken *fc_preprocess(FcToken *tok, const FcOptions *opt)
{
    static const FcOptions no_options = {.warnings = true};
    Pp *pp = fc_alloc(sizeof *pp);
    pp->opt = opt ? opt : &no_options;
    pp->base_file = tok->file;
    IncludeFrame *main_frame = fc_alloc(sizeof *main_frame);
    main_frame->file = tok->file;
    main_frame->dir_index = -1;
    pp->frame = main_frame;

    add_builtin(pp, "__FILE__", builtin_file);
    add_builtin(pp, "__BASE_FILE__", builtin_base_file);
    add_builtin(pp, "__LINE__", builtin_line);
    add_builtin(pp, "__COUNTER__", builtin_counter);
    add_builtin(pp, "__INCLUDE_LEVEL__", builtin_include_level);
    add_builtin(pp, "__DATE__", builtin_date);
    add_builtin(pp, "__TIME__", builtin_time);

    tok = prepend_text("<command line>", command_line_text(pp->opt), tok);
    tok = prepend_text("<built-in>", predefined, tok);
    FcToken *out = expand(pp, tok, true);
    if (pp->cond)
        fc_error_at(pp->cond->tok, "unterminated #%.*s", pp->cond->tok->len, pp->cond->tok->loc);
    for (FcToken *t = out; t; t = t->next)
        canonical_spelling(t);
    return out;
}

/* ----------------------------------------------------------- -E output */

/* True if printing b right after a would lex differently. */
static bool would_paste(const FcToken *a, const FcToken *b)
{
    if (a->len == 0 || b->len == 0)
        return false;
    bool a_word = is_ident(a) || a->kind == FC_TK_NUM;
    bool b_word = is_ident(b) || b->kind == FC_TK_NUM;
    if (a_word && (b_word || b->kind == FC_TK_STR || b->kind == FC_TK_CHAR))
        return true;
    if (a->kind == FC_TK_NUM && b->loc[0] == '.')
        return true;
    if (a->kind == FC_TK_NUM && (b->loc[0] == '+' || b->loc[0] == '-') &&
        strchr("eEpP", a->loc[a->len - 1]))
        return true;
    if (a->kind == FC_TK_PUNCT && fc_equal(a, ".") && b->kind == FC_TK_NUM)
        return true;
    if (a->kind != FC_TK_PUNCT || b->kind != FC_TK_PUNCT)
        return false;
    if (fc_equal(a, "/") && (b->loc[0] == '/' || b->loc[0] == '*'))
        return true;
    char buf[16];
    int n = snprintf(buf, sizeof buf, "%.*s%.*s", a->len, a->loc, b->len > 4 ? 4 : b->len, b->loc);
    return n > a->len && fc_punct_len(buf) > a->len;
}

static void print_marker(FILE *out, int line, const char *name)
{
    fprintf(out, "# %d \"", line);
    for (const char *p = name; *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
    fputs("\"\n", out);
}

void fc_print_tokens(FILE *out, const FcToken *tok)
{
    const FcFile *file = NULL;
    int line = 0;
    bool line_used = false;
    const FcToken *prev = NULL;
    for (const FcToken *t = tok; t && t->kind != FC_TK_EOF; t = t->next) {
        bool new_file = t->file != file &&
                        (!file || !t->file || strcmp(t->file->name, file->name) != 0);
        if (new_file || (t->at_bol && (t->line < line || t->line - line > 8))) {
            if (line_used)
                fputc('\n', out);
            print_marker(out, t->line, t->file ? t->file->name : "");
            file = t->file;
            line = t->line;
            line_used = false;
        } else if (t->at_bol) {
            file = t->file;
            if (line_used) {
                fputc('\n', out);
                line++;
            }
            for (; line < t->line; line++)
                fputc('\n', out);
            line_used = false;
        }
        if (!line_used) {
            /* Indentation back to the column, like gcc (tabs become spaces). */
            if (t->has_space)
                for (int i = 1; i < (t->at_bol && !t->origin && t->col > 1 ? t->col : 2); i++)
                    fputc(' ', out);
        } else if (t->has_space || (prev && would_paste(prev, t))) {
            fputc(' ', out);
        }
        fwrite(t->loc, 1, (size_t)t->len, out);
        line_used = true;
        prev = t;
    }
    if (line_used)
        fputc('\n', out);
}
