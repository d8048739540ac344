/*
 * parse.c - declarations and statements: scopes, declaration specifiers,
 * declarators, struct/union/enum definitions, attributes, function
 * definitions (prototype and K&R style) and every statement.
 *
 * Expressions are in expr.c, initializers in init.c.  The grammar rule of
 * each parse function is in the comment above it.  The parser is recursive
 * descent over the preprocessed token list; it keeps one state object,
 * fc__p, reset for each translation unit (firc compiles one unit at a time).
 *
 * Scopes map ordinary identifiers (variables, functions, typedefs, enum
 * constants) and tags separately; a block scope is pushed for each compound
 * statement.  File-scope objects are merged by name across redeclarations, so
 * each external symbol has exactly one FcObj.
 */
#include "frontend-c/cc.h"

#include <string.h>

FcParser fc__p;

/* ---------------------------------------------------------------- scopes */

typedef struct Entry {
    const char *name;
    int len;
    void *val;
    struct Entry *next;
} Entry;

#define NBUCKETS 256

struct FcScope {
    FcScope *up;
    Entry *vars[NBUCKETS];
    Entry *tags[NBUCKETS];
};

static unsigned hash(const char *s, int len)
{
    unsigned h = 2166136261u;
    for (int i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h % NBUCKETS;
}

static void *lookup_in(Entry **tab, const char *s, int len)
{
    for (Entry *e = tab[hash(s, len)]; e; e = e->next)
        if (e->len == len && memcmp(e->name, s, (size_t)len) == 0)
            return e->val;
    return NULL;
}

static void insert(Entry **tab, const char *s, int len, void *val)
{
    Entry *e = fc_alloc(sizeof *e);
    unsigned h = hash(s, len);
    e->name = s;
    e->len = len;
    e->val = val;
    e->next = tab[h];
    tab[h] = e;
}

void fc__enter_scope(void)
{
    FcScope *sc = fc_alloc(sizeof *sc);
    sc->up = fc__p.scope;
    fc__p.scope = sc;
}

void fc__leave_scope(void)
{
    fc__p.scope = fc__p.scope->up;
}

FcSym *fc__find_var(const FcToken *tok)
{
    for (FcScope *sc = fc__p.scope; sc; sc = sc->up) {
        FcSym *s = lookup_in(sc->vars, tok->loc, tok->len);
        if (s)
            return s;
    }
    return NULL;
}

static FcSym *push_sym(const char *name, int len)
{
    FcSym *s = fc_alloc(sizeof *s);
    insert(fc__p.scope->vars, name, len, s);
    return s;
}

static FcType *find_tag(const FcToken *tok, bool current_only)
{
    for (FcScope *sc = fc__p.scope; sc; sc = sc->up) {
        FcType *t = lookup_in(sc->tags, tok->loc, tok->len);
        if (t || current_only)
            return t;
    }
    return NULL;
}

/* --------------------------------------------------------------- helpers */

bool fc__consume(FcToken **rest, FcToken *tok, const char *s)
{
    if (tok->kind != FC_TK_STR && tok->kind != FC_TK_CHAR && fc_equal(tok, s)) {
        *rest = tok->next;
        return true;
    }
    *rest = tok;
    return false;
}

static bool equal(const FcToken *tok, const char *s)
{
    return tok->kind != FC_TK_STR && tok->kind != FC_TK_CHAR && fc_equal(tok, s);
}

static noreturn void expected(const FcToken *tok, const char *what)
{
    if (tok->kind == FC_TK_EOF)
        fc_error_at(tok, "expected %s at end of input", what);
    fc_error_at(tok, "expected %s before '%.*s'", what, tok->len, tok->loc);
}

FcToken *fc__skip(FcToken *tok, const char *s)
{
    if (!equal(tok, s))
        expected(tok, fc_format("'%s'", s));
    return tok->next;
}

static char *tok_str(const FcToken *tok)
{
    return fc_strndup(tok->loc, (size_t)tok->len);
}

static bool is_ident(const FcToken *tok)
{
    return tok->kind == FC_TK_IDENT;
}

FcNode *fc__new_node(FcNodeKind kind, const FcToken *tok)
{
    FcNode *n = fc_alloc(sizeof *n);
    n->kind = kind;
    n->tok = tok;
    return n;
}

void fc__nest(const FcToken *tok)
{
    if (++fc__p.nesting > FC_MAX_NESTING)
        fc_error_at(tok, "nesting too deep (more than %d levels)", FC_MAX_NESTING);
}

void fc__unnest(void)
{
    fc__p.nesting--;
}

void fc__set_depth(FcNode *n)
{
    int d = 0;
    if (n->lhs && n->lhs->depth > d)
        d = n->lhs->depth;
    if (n->rhs && n->rhs->depth > d)
        d = n->rhs->depth;
    n->depth = d + 1;
    if (n->depth > FC_MAX_EXPR_DEPTH)
        fc_error_at(n->tok, "expression too complex (deeper than %d)", FC_MAX_EXPR_DEPTH);
}

FcNode *fc__new_binary(FcNodeKind kind, FcNode *lhs, FcNode *rhs, const FcToken *tok)
{
    FcNode *n = fc__new_node(kind, tok);
    n->lhs = lhs;
    n->rhs = rhs;
    fc__set_depth(n);
    return n;
}

FcNode *fc__new_unary(FcNodeKind kind, FcNode *expr, const FcToken *tok)
{
    FcNode *n = fc__new_node(kind, tok);
    n->lhs = expr;
    fc__set_depth(n);
    return n;
}

FcNode *fc__new_num(int64_t val, FcType *ty, const FcToken *tok)
{
    FcNode *n = fc__new_node(FC_ND_NUM, tok);
    n->val = val;
    n->ty = ty;
    return n;
}

FcNode *fc__new_var(FcObj *var, const FcToken *tok)
{
    FcNode *n = fc__new_node(FC_ND_VAR, tok);
    n->var = var;
    return n;
}

static void add_global(FcObj *obj)
{
    if (fc__p.globals_tail)
        fc__p.globals_tail->next = obj;
    else
        fc__p.globals = obj;
    fc__p.globals_tail = obj;
}

FcObj *fc__new_lvar(const char *name, FcType *ty, const FcToken *tok)
{
    FcObj *v = fc_alloc(sizeof *v);
    v->name = (char *)name;
    v->ty = ty;
    v->tok = tok;
    v->is_local = true;
    v->fir_id = -1;
    if (fc__p.fn) {
        v->next = fc__p.fn->locals;
        fc__p.fn->locals = v;
        v->placed = true;
    }
    if (name && *name)
        push_sym(name, (int)strlen(name))->var = v;
    return v;
}

FcObj *fc__new_anon_gvar(FcType *ty, const char *prefix, const FcToken *tok)
{
    FcObj *v = fc_alloc(sizeof *v);
    v->name = fc_format("%s.%d", prefix, fc__p.anon++);
    v->fir_name = v->name;
    v->ty = ty;
    v->tok = tok;
    v->is_static = true;
    v->is_definition = true;
    v->fir_id = -1;
    add_global(v);
    return v;
}

typedef struct StrLit {
    struct StrLit *next;
    FcObj *obj;
} StrLit;

FcObj *fc__string_literal(const FcString *s, const FcToken *tok)
{
    int64_t bytes = s->len * s->elem->size;
    for (StrLit *l = fc__p.strings; l; l = l->next) {
        FcObj *o = l->obj;
        if (o->ty->base == s->elem && o->ty->array_len == s->len &&
            memcmp(o->str_data, s->data, (size_t)bytes) == 0)
            return o;
    }
    FcObj *v = fc__new_anon_gvar(fc__array_of(s->elem, s->len), "str", tok);
    v->is_string = true;
    v->str_data = s->data;
    StrLit *l = fc_alloc(sizeof *l);
    l->obj = v;
    l->next = fc__p.strings;
    fc__p.strings = l;
    return v;
}

/* ------------------------------------------------------------ attributes */

typedef struct DeclAttr {
    bool is_typedef, is_static, is_extern, is_inline, is_noreturn;
    bool implicit_int;     /* no type specifier: int (C89), warned like gcc */
    bool packed;
    int align;
} DeclAttr;

/* gcc's default warning for a declaration without a type specifier. */
static void implicit_int(const DeclAttr *a, const FcToken *name, bool is_funcdef)
{
    if (!a->implicit_int || !name || !fc_warnings_enabled)
        return;
    if (is_funcdef)
        fc_warn_at(name, "return type defaults to 'int'");
    else
        fc_warn_at(name, "type defaults to 'int' in declaration of '%.*s'", name->len, name->loc);
}

static FcToken *skip_balanced(FcToken *tok)
{
    /* tok is "(": returns the token after the matching ")" */
    int depth = 0;
    do {
        if (tok->kind == FC_TK_EOF)
            fc_error_at(tok, "expected ')' at end of input");
        if (equal(tok, "("))
            depth++;
        else if (equal(tok, ")"))
            depth--;
        tok = tok->next;
    } while (depth > 0);
    return tok;
}

static bool attr_name(const FcToken *t, const char *name)
{
    size_t n = strlen(name);
    if ((size_t)t->len == n && memcmp(t->loc, name, n) == 0)
        return true;
    return (size_t)t->len == n + 4 && memcmp(t->loc, "__", 2) == 0 &&
           memcmp(t->loc + 2, name, n) == 0 && memcmp(t->loc + 2 + n, "__", 2) == 0;
}

/* attributes = ("__attribute__" "(" "(" attr ("," attr)* ")" ")" | "__asm__" "(" ... ")")* */
static FcToken *attributes(FcToken *tok, DeclAttr *attr)
{
    for (;;) {
        if (equal(tok, "__asm__") || equal(tok, "__asm") || equal(tok, "asm")) {
            if (!equal(tok->next, "("))
                expected(tok->next, "'('");
            tok = skip_balanced(tok->next);
            continue;
        }
        if (!equal(tok, "__attribute__") && !equal(tok, "__attribute"))
            return tok;
        tok = fc__skip(tok->next, "(");
        tok = fc__skip(tok, "(");
        while (!equal(tok, ")")) {
            if (tok->kind != FC_TK_IDENT && tok->kind != FC_TK_KEYWORD)
                expected(tok, "attribute name");
            FcToken *name = tok;
            tok = tok->next;
            if (attr_name(name, "packed")) {
                if (attr)
                    attr->packed = true;
            } else if (attr_name(name, "aligned")) {
                int a = 16;
                if (equal(tok, "(")) {
                    FcToken *t = tok->next;
                    a = (int)fc__const_expr(&t, t);
                    tok = fc__skip(t, ")");
                    if (a <= 0 || (a & (a - 1)))
                        fc_error_at(name, "requested alignment is not a positive power of 2");
                }
                if (attr && a > attr->align)
                    attr->align = a;
            } else if (attr_name(name, "noreturn")) {
                if (attr)
                    attr->is_noreturn = true;
            }
            if (equal(tok, "("))
                tok = skip_balanced(tok);
            if (!fc__consume(&tok, tok, ","))
                break;
        }
        tok = fc__skip(tok, ")");
        tok = fc__skip(tok, ")");
    }
}

/* ------------------------------------------------------ type specifiers */

static const char *const typename_words[] = {
    "void", "_Bool", "char", "short", "int", "long", "float", "double", "signed",
    "unsigned", "struct", "union", "enum", "typedef", "static", "extern", "inline",
    "const", "volatile", "restrict", "auto", "register", "_Noreturn", "_Alignas",
    "_Thread_local", "__thread", "typeof", "__typeof__", "__typeof", "__restrict",
    "__restrict__", "__inline", "__inline__", "__const", "__const__", "__volatile",
    "__volatile__", "__signed", "__signed__", "__attribute__", "__attribute",
    "__extension__", "__builtin_va_list", "_Atomic", "__int128", "_Complex", "__alignas__",
};

bool fc__is_typename(const FcToken *tok)
{
    if (tok->kind == FC_TK_KEYWORD || tok->kind == FC_TK_IDENT) {
        for (size_t i = 0; i < sizeof typename_words / sizeof *typename_words; i++)
            if (fc_equal(tok, typename_words[i]))
                return true;
    }
    if (tok->kind != FC_TK_IDENT)
        return false;
    FcSym *s = fc__find_var(tok);
    return s && s->type_def;
}

static FcType *struct_decl(FcToken **rest, FcToken *tok, FcTypeKind kind);
static FcType *enum_specifier(FcToken **rest, FcToken *tok);
static FcType *declarator(FcToken **rest, FcToken *tok, FcType *ty, FcToken **name,
                          DeclAttr *attr);
static FcType *abstract_declarator(FcToken **rest, FcToken *tok, FcType *ty);
static FcType *declspec(FcToken **rest, FcToken *tok, DeclAttr *attr);

static FcType *qualified(FcType *ty)
{
    return fc__qualify(ty);
}

static FcType *typeof_specifier(FcToken **rest, FcToken *tok)
{
    tok = fc__skip(tok, "(");
    FcType *ty;
    if (fc__is_typename(tok)) {
        ty = fc__typename(&tok, tok);
    } else {
        FcNode *n = fc__expr(&tok, tok);
        fc__add_type(n);
        ty = n->ty;
    }
    *rest = fc__skip(tok, ")");
    return ty;
}

/*
 * declspec = ("void" | "char" | ... | typedef-name | struct-decl | enum-specifier
 *            | "typedef" | "static" | ... | attributes | "_Alignas" "(" ... ")")+
 * attr is NULL where storage classes are not allowed (type names, members).
 */
static FcType *declspec(FcToken **rest, FcToken *tok, DeclAttr *attr)
{
    enum {
        VOID = 1 << 0, BOOL = 1 << 2, CHAR = 1 << 4, SHORT = 1 << 6, INT = 1 << 8,
        LONG = 1 << 10, FLOAT = 1 << 12, DOUBLE = 1 << 14, OTHER = 1 << 16,
        SIGNED = 1 << 17, UNSIGNED = 1 << 18,
    };
    FcType *ty = fc__ty_int;
    int counter = 0;
    bool is_const = false;
    DeclAttr dummy = {0};
    if (!attr)
        attr = &dummy;
    FcToken *start = tok;

    while (fc__is_typename(tok)) {
        if (equal(tok, "typedef") || equal(tok, "static") || equal(tok, "extern") ||
            equal(tok, "inline") || equal(tok, "__inline") || equal(tok, "__inline__") ||
            equal(tok, "_Noreturn") || equal(tok, "_Thread_local") || equal(tok, "__thread")) {
            if (attr == &dummy)
                fc_error_at(tok, "storage class specifier not allowed here");
            if (equal(tok, "typedef"))
                attr->is_typedef = true;
            else if (equal(tok, "static"))
                attr->is_static = true;
            else if (equal(tok, "extern"))
                attr->is_extern = true;
            else if (equal(tok, "_Noreturn"))
                attr->is_noreturn = true;
            else if (equal(tok, "_Thread_local") || equal(tok, "__thread"))
                ;
            else
                attr->is_inline = true;
            if (attr->is_typedef + attr->is_static + attr->is_extern > 1)
                fc_error_at(tok, "multiple storage classes in declaration specifiers");
            tok = tok->next;
            continue;
        }
        if (equal(tok, "const") || equal(tok, "__const") || equal(tok, "__const__")) {
            is_const = true;
            tok = tok->next;
            continue;
        }
        if (equal(tok, "volatile") || equal(tok, "__volatile") || equal(tok, "__volatile__") ||
            equal(tok, "restrict") || equal(tok, "__restrict") || equal(tok, "__restrict__") ||
            equal(tok, "auto") || equal(tok, "register") || equal(tok, "__extension__")) {
            tok = tok->next;
            continue;
        }
        if (equal(tok, "_Atomic")) {
            tok = tok->next;
            if (equal(tok, "(")) {
                ty = fc__typename(&tok, tok->next);
                tok = fc__skip(tok, ")");
                counter += OTHER;
            }
            continue;
        }
        if (equal(tok, "__attribute__") || equal(tok, "__attribute")) {
            tok = attributes(tok, attr);
            continue;
        }
        if (equal(tok, "_Alignas") || equal(tok, "__alignas__")) {
            tok = fc__skip(tok->next, "(");
            int a;
            if (fc__is_typename(tok))
                a = fc__typename(&tok, tok)->align;
            else
                a = (int)fc__const_expr(&tok, tok);
            tok = fc__skip(tok, ")");
            if (a < 0 || (a & (a - 1)))
                fc_error_at(start, "requested alignment is not a positive power of 2");
            if (a > attr->align)
                attr->align = a;
            continue;
        }
        if (equal(tok, "__int128") || equal(tok, "_Complex"))
            fc_error_at(tok, "'%.*s' is not supported", tok->len, tok->loc);

        /* user-defined and typeof types */
        FcSym *sym = is_ident(tok) ? fc__find_var(tok) : NULL;
        if (equal(tok, "struct") || equal(tok, "union") || equal(tok, "enum") ||
            equal(tok, "typeof") || equal(tok, "__typeof__") || equal(tok, "__typeof") ||
            equal(tok, "__builtin_va_list") || (sym && sym->type_def)) {
            if (counter)
                break; /* a typedef name after a type is the declarator's name */
            if (equal(tok, "struct")) {
                ty = struct_decl(&tok, tok->next, FC_TY_STRUCT);
            } else if (equal(tok, "union")) {
                ty = struct_decl(&tok, tok->next, FC_TY_UNION);
            } else if (equal(tok, "enum")) {
                ty = enum_specifier(&tok, tok->next);
            } else if (equal(tok, "__builtin_va_list")) {
                ty = fc__pointer_to(fc__ty_void);
                tok = tok->next;
            } else if (sym && sym->type_def) {
                ty = sym->type_def;
                tok = tok->next;
            } else {
                ty = typeof_specifier(&tok, tok->next);
            }
            counter += OTHER;
            continue;
        }

        if (equal(tok, "void")) counter += VOID;
        else if (equal(tok, "_Bool")) counter += BOOL;
        else if (equal(tok, "char")) counter += CHAR;
        else if (equal(tok, "short")) counter += SHORT;
        else if (equal(tok, "int")) counter += INT;
        else if (equal(tok, "long")) counter += LONG;
        else if (equal(tok, "float")) counter += FLOAT;
        else if (equal(tok, "double")) counter += DOUBLE;
        else if (equal(tok, "signed") || equal(tok, "__signed") || equal(tok, "__signed__"))
            counter |= SIGNED;
        else if (equal(tok, "unsigned")) counter |= UNSIGNED;
        else fc_error_at(tok, "unexpected '%.*s'", tok->len, tok->loc);

        switch (counter) {
        case VOID: ty = fc__ty_void; break;
        case BOOL: ty = fc__ty_bool; break;
        case CHAR: ty = fc__ty_char; break;
        case SIGNED + CHAR: ty = fc__ty_schar; break;
        case UNSIGNED + CHAR: ty = fc__ty_uchar; break;
        case SHORT: case SHORT + INT: case SIGNED + SHORT: case SIGNED + SHORT + INT:
            ty = fc__ty_short; break;
        case UNSIGNED + SHORT: case UNSIGNED + SHORT + INT: ty = fc__ty_ushort; break;
        case INT: case SIGNED: case SIGNED + INT: ty = fc__ty_int; break;
        case UNSIGNED: case UNSIGNED + INT: ty = fc__ty_uint; break;
        case LONG: case LONG + INT: case SIGNED + LONG: case SIGNED + LONG + INT:
            ty = fc__ty_long; break;
        case LONG + LONG: case LONG + LONG + INT: case SIGNED + LONG + LONG:
        case SIGNED + LONG + LONG + INT:
            ty = fc__ty_llong; break;
        case UNSIGNED + LONG: case UNSIGNED + LONG + INT: ty = fc__ty_ulong; break;
        case UNSIGNED + LONG + LONG: case UNSIGNED + LONG + LONG + INT:
            ty = fc__ty_ullong; break;
        case FLOAT: ty = fc__ty_float; break;
        case DOUBLE: ty = fc__ty_double; break;
        case LONG + DOUBLE: ty = fc__ty_ldouble; break;
        default: fc_error_at(tok, "invalid combination of type specifiers");
        }
        tok = tok->next;
    }
    if (tok == start)
        expected(tok, "a type");
    if (!counter)
        attr->implicit_int = true;
    *rest = tok;
    return is_const ? qualified(ty) : ty;
}

/* ------------------------------------------------------------ declarators */

static int in_params; /* depth of parameter lists being parsed */

/* func-params = ("void" | param ("," param)* ("," "...")?)? ")" | ident-list ")" */
static FcType *func_params(FcToken **rest, FcToken *tok, FcType *ret)
{
    FcType *fn = fc__func_type(ret);
    if (ret->kind == FC_TY_ARRAY || ret->kind == FC_TY_FUNC)
        fc_error_at(tok, "function cannot return %s type",
                    ret->kind == FC_TY_ARRAY ? "array" : "function");
    if (equal(tok, "void") && equal(tok->next, ")")) {
        fn->has_proto = true;
        *rest = tok->next->next;
        return fn;
    }
    if (equal(tok, ")")) {
        *rest = tok->next;
        return fn; /* unspecified parameters */
    }
    FcParam head = {0}, *cur = &head;
    if (is_ident(tok) && !fc__is_typename(tok)) {
        /* K&R identifier list: types come later, default int */
        for (;;) {
            if (!is_ident(tok))
                expected(tok, "identifier");
            cur = cur->next = fc_alloc(sizeof *cur);
            cur->ty = fc__ty_int;
            cur->name = tok;
            fn->nparams++;
            tok = tok->next;
            if (!fc__consume(&tok, tok, ","))
                break;
        }
        fn->params = head.next;
        fn->has_proto = false; /* an identifier list: params set, no prototype */
        *rest = fc__skip(tok, ")");
        return fn;
    }
    fn->has_proto = true;
    /* parameter names are visible to later parameters' array sizes */
    fc__enter_scope();
    in_params++;
    while (!equal(tok, ")")) {
        if (cur != &head)
            tok = fc__skip(tok, ",");
        if (equal(tok, "...")) {
            fn->is_variadic = true;
            tok = tok->next;
            if (!equal(tok, ")"))
                expected(tok, "')'");
            break;
        }
        DeclAttr pattr = {0};
        FcType *ty = declspec(&tok, tok, &pattr);
        FcToken *name = NULL;
        ty = declarator(&tok, tok, ty, &name, NULL);
        implicit_int(&pattr, name, false);
        if (ty->kind == FC_TY_VOID)
            fc_error_at(tok, "'void' must be the only parameter");
        if (ty->kind == FC_TY_ARRAY || ty->kind == FC_TY_VLA)
            ty = fc__pointer_to(ty->base);
        else if (ty->kind == FC_TY_FUNC)
            ty = fc__pointer_to(ty);
        cur = cur->next = fc_alloc(sizeof *cur);
        cur->ty = ty;
        cur->name = name;
        fn->nparams++;
        if (name) {
            FcObj *v = fc_alloc(sizeof *v);
            v->name = tok_str(name);
            v->ty = ty;
            v->tok = name;
            v->is_local = true;
            v->fir_id = -1;
            push_sym(name->loc, name->len)->var = v;
            cur->var = v;
        }
    }
    in_params--;
    fc__leave_scope();
    fn->params = head.next;
    *rest = tok->next;
    return fn;
}

/* array-dimensions = ("static" | qualifier)* expr? "]" type-suffix */
static FcType *type_suffix(FcToken **rest, FcToken *tok, FcType *ty);

static FcType *array_dimensions_inner(FcToken **rest, FcToken *tok, FcType *ty);

static FcType *array_dimensions(FcToken **rest, FcToken *tok, FcType *ty)
{
    fc__nest(tok);
    FcType *t = array_dimensions_inner(rest, tok, ty);
    fc__unnest();
    return t;
}

static FcType *array_dimensions_inner(FcToken **rest, FcToken *tok, FcType *ty)
{
    while (equal(tok, "static") || equal(tok, "const") || equal(tok, "restrict") ||
           equal(tok, "volatile") || equal(tok, "__restrict") || equal(tok, "__restrict__"))
        tok = tok->next;
    if (equal(tok, "]") || (equal(tok, "*") && equal(tok->next, "]"))) {
        if (equal(tok, "*"))
            tok = tok->next;
        ty = type_suffix(rest, tok->next, ty);
        return fc__array_of(ty, -1);
    }
    FcToken *start = tok;
    FcNode *len = fc__conditional(&tok, tok);
    tok = fc__skip(tok, "]");
    ty = type_suffix(rest, tok, ty);
    fc__add_type(len);
    if (!fc__is_integer(len->ty))
        fc_error_at(start, "size of array has non-integer type");
    if (ty->kind == FC_TY_FUNC)
        fc_error_at(start, "declaration of array of functions");
    if (ty->size < 0 && ty->kind != FC_TY_VLA)
        fc_error_at(start, "array type has incomplete element type '%s'", fc__type_name(ty));
    int64_t n;
    if (ty->kind != FC_TY_VLA && fc__try_const_int(len, &n)) {
        if (n < 0 || (!len->ty->is_unsigned && n < 0))
            fc_error_at(start, "size of array is negative");
        if (ty->size > 0 && n > ((int64_t)1 << 40) / ty->size)
            fc_error_at(start, "size of array is too large");
        return fc__array_of(ty, n);
    }
    if (!fc__p.fn && !in_params)
        fc_error_at(start, "variably modified type at file scope");
    return fc__vla_of(ty, len);
}

/* type-suffix = "(" func-params | "[" array-dimensions | ε */
static FcType *type_suffix(FcToken **rest, FcToken *tok, FcType *ty)
{
    if (equal(tok, "("))
        return func_params(rest, tok->next, ty);
    if (equal(tok, "["))
        return array_dimensions(rest, tok->next, ty);
    *rest = tok;
    return ty;
}

static FcToken *pointers(FcToken *tok, FcType **ty, DeclAttr *attr)
{
    int n = 0;
    while (equal(tok, "*")) {
        if (++n > FC_MAX_NESTING)
            fc_error_at(tok, "too many levels of pointers");
        *ty = fc__pointer_to(*ty);
        tok = tok->next;
        for (;;) {
            if (equal(tok, "const") || equal(tok, "__const")) {
                *ty = qualified(*ty);
                tok = tok->next;
            } else if (equal(tok, "volatile") || equal(tok, "restrict") ||
                       equal(tok, "__restrict") || equal(tok, "__restrict__") ||
                       equal(tok, "__volatile__") || equal(tok, "_Atomic")) {
                tok = tok->next;
            } else if (equal(tok, "__attribute__") || equal(tok, "__attribute")) {
                tok = attributes(tok, attr);
            } else {
                break;
            }
        }
    }
    return tok;
}

/* The token after any attribute lists at tok (without reading them). */
static const FcToken *past_attributes(const FcToken *t)
{
    while ((equal(t, "__attribute__") || equal(t, "__attribute")) && equal(t->next, "("))
        t = skip_balanced((FcToken *)t->next);
    return t;
}

/* Is "(" at tok the start of a nested declarator (not a parameter list)?
 * Attributes may open either: `(__attribute__((unused)) *p)`, `(__attribute__((unused))
 * int x)`. */
static bool nested_declarator(const FcToken *tok)
{
    const FcToken *t = past_attributes(tok->next);
    if (equal(t, "*") || equal(t, "(") || equal(t, "[") || equal(t, "^"))
        return true;
    if (t != tok->next && equal(t, ")"))
        return true;
    return is_ident(t) && !fc__is_typename(t);
}

/* declarator = pointers ("(" declarator ")" | ident)? type-suffix attributes */
static FcType *declarator_inner(FcToken **rest, FcToken *tok, FcType *ty, FcToken **name,
                                DeclAttr *attr);

static FcType *declarator(FcToken **rest, FcToken *tok, FcType *ty, FcToken **name,
                          DeclAttr *attr)
{
    fc__nest(tok);
    FcType *t = declarator_inner(rest, tok, ty, name, attr);
    fc__unnest();
    return t;
}

static FcType *declarator_inner(FcToken **rest, FcToken *tok, FcType *ty, FcToken **name,
                                DeclAttr *attr)
{
    tok = attributes(tok, attr);
    tok = pointers(tok, &ty, attr);
    tok = attributes(tok, attr);
    if (equal(tok, "(") && nested_declarator(tok)) {
        FcToken *start = tok;
        FcType dummy = {0};
        FcToken *ignored;
        declarator(&tok, start->next, &dummy, &ignored, NULL);
        tok = fc__skip(tok, ")");
        ty = type_suffix(&tok, tok, ty);
        tok = attributes(tok, attr);
        FcToken *end;
        FcType *res = declarator(&end, start->next, ty, name, attr);
        *rest = tok;
        return res;
    }
    *name = NULL;
    if (is_ident(tok)) {
        *name = tok;
        tok = tok->next;
    }
    ty = type_suffix(&tok, tok, ty);
    tok = attributes(tok, attr);
    *rest = tok;
    return ty;
}

static FcType *abstract_declarator(FcToken **rest, FcToken *tok, FcType *ty)
{
    FcToken *name;
    FcToken *start = tok;
    ty = declarator(rest, tok, ty, &name, NULL);
    if (name)
        fc_error_at(name, "unexpected identifier '%.*s' in type name", name->len, name->loc);
    (void)start;
    return ty;
}

/* type-name = declspec abstract-declarator */
FcType *fc__typename(FcToken **rest, FcToken *tok)
{
    FcType *ty = declspec(&tok, tok, NULL);
    return abstract_declarator(rest, tok, ty);
}

bool fc__has_vla(const FcType *ty)
{
    for (; ty; ty = ty->base) {
        if (ty->kind == FC_TY_VLA)
            return true;
        if (ty->kind != FC_TY_PTR && ty->kind != FC_TY_ARRAY)
            return false;
    }
    return false;
}

FcNode *fc__vla_sizes(FcType *ty, const FcToken *tok)
{
    if (!fc__has_vla(ty))
        return NULL;
    FcNode *n = fc__new_node(FC_ND_VLA_ALLOC, tok);
    bool owns = false;
    for (FcType *t = ty; t; t = t->base) {
        if (t->kind == FC_TY_VLA && !t->vla_owner) {
            t->vla_owner = n;
            owns = true;
        }
        if (t->kind != FC_TY_PTR && t->kind != FC_TY_ARRAY && t->kind != FC_TY_VLA)
            break;
    }
    if (!owns)
        return NULL;
    n->ty = fc__ty_void;
    n->then = fc__new_node(FC_ND_NUM, tok); /* carries the type to size */
    n->then->ty = ty;
    return n;
}

/* ----------------------------------------------------- struct, union, enum */

static void static_assertion(FcToken **rest, FcToken *tok);

/* struct-members = (declspec declarator (":" const-expr)? ("," ...)* ";")* "}" */
static void struct_members(FcToken **rest, FcToken *tok, FcType *ty)
{
    FcMember head = {0}, *cur = &head;
    while (!equal(tok, "}")) {
        if (tok->kind == FC_TK_EOF)
            expected(tok, "'}'");
        if (equal(tok, "_Static_assert") || equal(tok, "static_assert")) {
            static_assertion(&tok, tok);
            continue;
        }
        if (fc__consume(&tok, tok, ";"))
            continue;
        DeclAttr attr = {0};
        FcToken *start = tok;
        FcType *basety = declspec(&tok, tok, &attr);
        if (attr.is_typedef || attr.is_static || attr.is_extern || attr.is_inline)
            fc_error_at(start, "storage class specified for a member");
        if ((basety->kind == FC_TY_STRUCT || basety->kind == FC_TY_UNION) && equal(tok, ";")) {
            cur = cur->next = fc_alloc(sizeof *cur);
            cur->ty = basety;
            cur->tok = start;
            cur->align = attr.align;
            tok = tok->next;
            continue;
        }
        bool first = true;
        while (!fc__consume(&tok, tok, ";")) {
            if (!first)
                tok = fc__skip(tok, ",");
            first = false;
            DeclAttr mattr = attr;
            FcToken *name = NULL, *mstart = tok;
            FcType *mty = equal(tok, ":") ? basety : declarator(&tok, tok, basety, &name, &mattr);
            FcMember *m = fc_alloc(sizeof *m);
            m->ty = mty;
            m->name = name;
            m->tok = name ? name : mstart;
            if (mty->kind == FC_TY_FUNC)
                fc_error_at(m->tok, "field '%.*s' declared as a function", name ? name->len : 0,
                            name ? name->loc : "");
            if (mty->kind == FC_TY_VLA)
                fc_error_at(m->tok, "a member of a structure or union cannot have a variably modified type");
            if (mty->kind == FC_TY_VOID)
                fc_error_at(m->tok, "field declared void");
            if (fc__consume(&tok, tok, ":")) {
                FcToken *wtok = tok;
                int64_t w = fc__const_expr(&tok, tok);
                if (!fc__is_integer(mty))
                    fc_error_at(m->tok, "bit-field has invalid type");
                if (w < 0)
                    fc_error_at(wtok, "negative width in bit-field");
                if (w > mty->size * 8)
                    fc_error_at(wtok, "width of bit-field exceeds its type");
                if (w == 0 && name)
                    fc_error_at(wtok, "zero width for bit-field '%.*s'", name->len, name->loc);
                m->is_bitfield = true;
                m->bit_width = (int)w;
                tok = attributes(tok, &mattr);
            }
            m->align = mattr.align;
            if (mattr.packed && !attr.packed)
                m->align = m->align ? m->align : 1;
            cur = cur->next = m;
        }
    }
    /* a flexible array member must be last */
    for (FcMember *m = head.next; m; m = m->next)
        if (m->ty->kind == FC_TY_ARRAY && m->ty->array_len < 0 && m->next)
            fc_error_at(m->tok, "flexible array member not at end of struct");
    ty->members = head.next;
    *rest = tok->next;
}

/* struct-decl = attributes ident? ("{" struct-members attributes)? */
static FcType *struct_decl_inner(FcToken **rest, FcToken *tok, FcTypeKind kind);

static FcType *struct_decl(FcToken **rest, FcToken *tok, FcTypeKind kind)
{
    fc__nest(tok);
    FcType *t = struct_decl_inner(rest, tok, kind);
    fc__unnest();
    return t;
}

static FcType *struct_decl_inner(FcToken **rest, FcToken *tok, FcTypeKind kind)
{
    DeclAttr attr = {0};
    tok = attributes(tok, &attr);
    FcToken *tag = NULL;
    if (is_ident(tok)) {
        tag = tok;
        tok = tok->next;
    }
    const char *kw = kind == FC_TY_STRUCT ? "struct" : "union";
    if (!tag && !equal(tok, "{"))
        expected(tok, "'{'");
    if (tag && !equal(tok, "{")) {
        *rest = tok;
        /* "struct S;" alone declares a new type in this scope */
        FcType *ty = find_tag(tag, equal(tok, ";"));
        if (ty) {
            if (ty->kind != kind)
                fc_error_at(tag, "'%.*s' defined as wrong kind of tag", tag->len, tag->loc);
            return ty;
        }
        ty = fc__struct_type();
        ty->kind = kind;
        ty->tag = tag;
        insert(fc__p.scope->tags, tag->loc, tag->len, ty);
        return ty;
    }
    FcType *ty = tag ? find_tag(tag, true) : NULL;
    if (ty) {
        if (ty->kind != kind)
            fc_error_at(tag, "'%.*s' defined as wrong kind of tag", tag->len, tag->loc);
        if (ty->is_defined || ty->members)
            fc_error_at(tag, "redefinition of '%s %.*s'", kw, tag->len, tag->loc);
    } else {
        ty = fc__struct_type();
        ty->kind = kind;
        ty->tag = tag;
        if (tag)
            insert(fc__p.scope->tags, tag->loc, tag->len, ty);
    }
    struct_members(&tok, tok->next, ty);
    tok = attributes(tok, &attr);
    ty->is_packed = attr.packed;
    ty->align = attr.align ? attr.align : 1;
    fc__layout_struct(ty, tag);
    *rest = tok;
    return ty;
}

/* enum-specifier = attributes ident? ("{" enum-list? "}")? */
static FcType *enum_specifier(FcToken **rest, FcToken *tok)
{
    tok = attributes(tok, NULL);
    FcToken *tag = NULL;
    if (is_ident(tok)) {
        tag = tok;
        tok = tok->next;
    }
    if (!tag && !equal(tok, "{"))
        expected(tok, "'{'");
    if (tag && !equal(tok, "{")) {
        FcType *ty = find_tag(tag, false);
        if (ty && ty->kind != FC_TY_ENUM)
            fc_error_at(tag, "'%.*s' defined as wrong kind of tag", tag->len, tag->loc);
        if (!ty) {
            ty = fc__enum_type();
            ty->tag = tag;
            ty->is_unsigned = true;
            insert(fc__p.scope->tags, tag->loc, tag->len, ty);
        }
        *rest = tok;
        return ty;
    }
    FcType *ty = NULL;
    if (tag) {
        ty = find_tag(tag, true);
        if (ty && (ty->kind != FC_TY_ENUM || ty->is_defined))
            fc_error_at(tag, "redefinition of 'enum %.*s'", tag->len, tag->loc);
    }
    if (!ty) {
        ty = fc__enum_type();
        ty->tag = tag;
        if (tag)
            insert(fc__p.scope->tags, tag->loc, tag->len, ty);
    }
    tok = tok->next;
    int64_t val = 0, minv = 0, maxv = 0;
    bool first = true;
    FcSym *syms[1024];
    int nsyms = 0;
    while (!fc__consume(&tok, tok, "}")) {
        if (!first) {
            tok = fc__skip(tok, ",");
            if (fc__consume(&tok, tok, "}"))
                break;
        }
        first = false;
        if (!is_ident(tok))
            expected(tok, "identifier");
        FcToken *name = tok;
        tok = attributes(tok->next, NULL);
        if (fc__consume(&tok, tok, "="))
            val = fc__const_expr(&tok, tok);
        if (lookup_in(fc__p.scope->vars, name->loc, name->len))
            fc_error_at(name, "redeclaration of '%.*s'", name->len, name->loc);
        FcSym *s = push_sym(name->loc, name->len);
        s->enum_ty = val >= INT32_MIN && val <= INT32_MAX ? fc__ty_int : ty;
        s->enum_val = val;
        if (nsyms < 1024)
            syms[nsyms++] = s;
        if (val < minv)
            minv = val;
        if (val > maxv)
            maxv = val;
        val++;
    }
    ty->is_unsigned = minv >= 0;
    if (maxv > (minv < 0 ? INT32_MAX : (int64_t)UINT32_MAX) || minv < INT32_MIN) {
        ty->size = ty->align = 8;
        for (int i = 0; i < nsyms; i++)
            if (syms[i]->enum_ty == ty)
                syms[i]->enum_ty = ty->is_unsigned ? fc__ty_ulong : fc__ty_long;
    }
    ty->is_defined = true;
    *rest = attributes(tok, NULL);
    return ty;
}

/* ---------------------------------------------------------- declarations */

static void static_assertion(FcToken **rest, FcToken *tok)
{
    tok = fc__skip(tok->next, "(");
    FcToken *start = tok;
    int64_t v = fc__const_expr(&tok, tok);
    const char *msg = NULL;
    if (fc__consume(&tok, tok, ",")) {
        if (tok->kind != FC_TK_STR)
            expected(tok, "string literal");
        const FcToken *t = tok;
        FcString s = fc__parse_string(&t);
        msg = (const char *)s.data;
        tok = (FcToken *)t;
    }
    tok = fc__skip(tok, ")");
    *rest = fc__skip(tok, ";");
    if (!v) {
        if (msg)
            fc_error_at(start, "static assertion failed: \"%s\"", msg);
        fc_error_at(start, "static assertion failed");
    }
}

static FcScope *file_scope(void)
{
    FcScope *sc = fc__p.scope;
    while (sc->up)
        sc = sc->up;
    return sc;
}

static bool more_complete(const FcType *old, const FcType *ty)
{
    if (ty->kind == FC_TY_ARRAY && old->kind == FC_TY_ARRAY)
        return old->array_len < 0 && ty->array_len >= 0;
    if (ty->kind == FC_TY_FUNC)
        return !old->has_proto && ty->has_proto;
    return false;
}

/* The one object of a file-scope name; block-scope externs land here too. */
static FcObj *declare_global(FcToken *name, FcType *ty, DeclAttr *a)
{
    FcScope *file = file_scope();
    FcSym *s = lookup_in(file->vars, name->loc, name->len);
    bool is_func = ty->kind == FC_TY_FUNC;
    if (s && !s->var)
        fc_error_at(name, "'%.*s' redeclared as different kind of symbol", name->len, name->loc);
    if (s) {
        FcObj *o = s->var;
        if (o->is_function != is_func)
            fc_error_at(name, "'%.*s' redeclared as different kind of symbol", name->len,
                        name->loc);
        if (!fc__is_compatible(o->ty, ty))
            fc_error_at(name, "conflicting types for '%.*s'; have '%s'", name->len, name->loc,
                        fc__type_name(ty));
        if (more_complete(o->ty, ty))
            o->ty = ty;
        if (a->is_static)
            o->is_static = true;
        if (is_func && (!a->is_inline || a->is_extern))
            o->extern_seen = true;
        if (a->is_inline)
            o->is_inline = true;
        if (a->is_noreturn)
            o->is_noreturn = true;
        if (fc__p.scope != file)
            push_sym(name->loc, name->len)->var = o;
        return o;
    }
    FcObj *o = fc_alloc(sizeof *o);
    o->name = tok_str(name);
    o->fir_name = o->name;
    o->ty = ty;
    o->tok = name;
    o->is_function = is_func;
    o->is_static = a->is_static;
    o->is_extern = a->is_extern;
    o->is_inline = a->is_inline;
    o->is_noreturn = a->is_noreturn;
    o->extern_seen = !a->is_inline || a->is_extern;
    o->fir_id = -1;
    if (is_func && strncmp(o->name, "__host_", 7) == 0)
        o->is_host = true;
    insert(file->vars, name->loc, name->len, fc_alloc(sizeof(FcSym)));
    ((FcSym *)lookup_in(file->vars, name->loc, name->len))->var = o;
    if (fc__p.scope != file)
        push_sym(name->loc, name->len)->var = o;
    add_global(o);
    return o;
}

static bool is_builtin_name(const FcToken *name)
{
    return name->len > 10 && memcmp(name->loc, "__builtin_", 10) == 0;
}

/* typedef = "typedef" declspec declarator ("," declarator)* ";" */
static void parse_typedef(FcToken **rest, FcToken *tok, FcType *basety, DeclAttr *attr,
                          FcNode **vla)
{
    bool first = true;
    while (!fc__consume(&tok, tok, ";")) {
        if (!first)
            tok = fc__skip(tok, ",");
        first = false;
        FcToken *name, *start = tok;
        DeclAttr a = *attr;
        FcType *ty = declarator(&tok, tok, basety, &name, &a);
        if (!name)
            fc_error_at(start, "typedef name omitted");
        if (a.align > ty->align && ty->kind != FC_TY_FUNC) {
            ty = fc__copy_type(ty);
            ty->align = a.align;
        }
        FcSym *old = lookup_in(fc__p.scope->vars, name->loc, name->len);
        if (old && !(old->type_def && fc__is_compatible(old->type_def, ty)))
            fc_error_at(name, "conflicting types for '%.*s'", name->len, name->loc);
        push_sym(name->loc, name->len)->type_def = ty;
        if (vla) {
            FcNode *n = fc__vla_sizes(ty, name);
            if (n)
                *vla = (*vla)->next = n;
        }
    }
    *rest = tok;
}

static FcObj *static_local(FcToken *name, FcType *ty)
{
    char *base = fc_format("%s.%.*s", fc__p.fn->name, name->len, name->loc);
    char *fname = base;
    for (int n = 1;; n++) {
        bool clash = false;
        for (FcObj *g = fc__p.globals; g && !clash; g = g->next)
            clash = g->fir_name && strcmp(g->fir_name, fname) == 0;
        if (!clash)
            break;
        fname = fc_format("%s.%d", base, n);
    }
    FcObj *v = fc_alloc(sizeof *v);
    v->name = tok_str(name);
    v->fir_name = fname;
    v->ty = ty;
    v->tok = name;
    v->is_static = true;
    v->is_definition = true;
    v->fir_id = -1;
    add_global(v);
    push_sym(name->loc, name->len)->var = v;
    return v;
}

/* declaration = declspec (init-declarator ("," init-declarator)*)? ";" */
static FcNode *declaration(FcToken **rest, FcToken *tok, FcType *basety, DeclAttr *attr)
{
    FcNode head = {0}, *cur = &head;
    bool first = true;
    while (!equal(tok, ";")) {
        if (!first && !equal(tok, ","))
            expected(tok, "',' or ';'");
        if (!first)
            tok = tok->next;
        first = false;
        FcToken *name, *start = tok;
        DeclAttr a = *attr;
        FcType *ty = declarator(&tok, tok, basety, &name, &a);
        if (!name)
            fc_error_at(start, "expected identifier or '('");
        implicit_int(&a, name, false);
        if (ty->kind == FC_TY_FUNC || a.is_extern) {
            if (is_builtin_name(name))
                continue;
            if (equal(tok, "="))
                fc_error_at(name, "'%.*s' has both 'extern' and initializer", name->len,
                            name->loc);
            a.is_static = false;
            declare_global(name, ty, &a);
            continue;
        }
        if (ty->kind == FC_TY_VOID)
            fc_error_at(name, "variable or field '%.*s' declared void", name->len, name->loc);
        FcSym *old = lookup_in(fc__p.scope->vars, name->loc, name->len);
        if (old)
            fc_error_at(name, "redeclaration of '%.*s'", name->len, name->loc);
        if (a.is_static) {
            if (fc__has_vla(ty))
                fc_error_at(name, "storage size of '%.*s' isn't constant", name->len, name->loc);
            FcObj *v = static_local(name, ty);
            v->align = a.align;
            if (fc__consume(&tok, tok, "=")) {
                fc__gvar_initializer(&tok, tok, v);
                v->has_init = true;
            }
            if (v->ty->size < 0)
                fc_error_at(name, "storage size of '%.*s' isn't known", name->len, name->loc);
            continue;
        }
        FcNode *sizes = fc__vla_sizes(ty, name);
        if (sizes)
            cur = cur->next = sizes;
        FcObj *v = fc__new_lvar(tok_str(name), ty, name);
        v->align = a.align;
        if (ty->kind == FC_TY_VLA) {
            if (equal(tok, "="))
                fc_error_at(tok, "variable-sized object may not be initialized");
            FcNode *n = fc__new_node(FC_ND_VLA_ALLOC, name);
            n->var = v;
            n->ty = fc__ty_void;
            cur = cur->next = n;
            continue;
        }
        if (fc__consume(&tok, tok, "=")) {
            FcNode *init = fc__lvar_initializer(&tok, tok, v);
            if (init)
                cur = cur->next = init;
        }
        if (v->ty->size < 0) {
            if (v->ty->kind == FC_TY_ARRAY)
                fc_error_at(name, "array size missing in '%.*s'", name->len, name->loc);
            fc_error_at(name, "storage size of '%.*s' isn't known", name->len, name->loc);
        }
    }
    FcNode *blk = fc__new_node(FC_ND_BLOCK, tok);
    blk->body = head.next;
    *rest = tok->next;
    return blk;
}

/* ------------------------------------------------------------ statements */

static FcNode *stmt(FcToken **rest, FcToken *tok);

static FcNode *expr_stmt(FcToken **rest, FcToken *tok)
{
    if (equal(tok, ";")) {
        *rest = tok->next;
        return fc__new_node(FC_ND_BLOCK, tok);
    }
    FcNode *n = fc__new_node(FC_ND_EXPR_STMT, tok);
    n->lhs = fc__expr(&tok, tok);
    *rest = fc__skip(tok, ";");
    return n;
}

static FcNode *cond_expr(FcToken **rest, FcToken *tok)
{
    tok = fc__skip(tok, "(");
    FcNode *n = fc__expr(&tok, tok);
    fc__add_type(n);
    FcType *t = n->ty;
    if (!fc__is_scalar(t) && t->kind != FC_TY_ARRAY && t->kind != FC_TY_FUNC)
        fc_error_at(n->tok, "used %s type value where scalar is required", fc__type_name(t));
    *rest = fc__skip(tok, ")");
    return n;
}

static int64_t case_value(int64_t v, FcType *ty)
{
    if (ty->size == 4)
        return ty->is_unsigned ? (int64_t)(uint32_t)v : (int64_t)(int32_t)v;
    return v;
}

static FcNode *stmt_inner(FcToken **rest, FcToken *tok);

static FcNode *stmt(FcToken **rest, FcToken *tok)
{
    fc__nest(tok);
    FcNode *n = stmt_inner(rest, tok);
    fc__unnest();
    return n;
}

static FcNode *stmt_inner(FcToken **rest, FcToken *tok)
{
    if (equal(tok, "return")) {
        FcNode *n = fc__new_node(FC_ND_RETURN, tok);
        FcType *rt = fc__p.fn->ty->return_ty;
        if (fc__consume(rest, tok->next, ";")) {
            if (rt->kind != FC_TY_VOID && fc_warnings_enabled)
                fc_warn_at(tok, "'return' with no value, in function returning non-void");
            return n;
        }
        FcNode *e = fc__expr(&tok, tok->next);
        *rest = fc__skip(tok, ";");
        fc__add_type(e);
        if (rt->kind == FC_TY_VOID) {
            if (e->ty->kind != FC_TY_VOID && fc_warnings_enabled)
                fc_warn_at(e->tok, "'return' with a value, in function returning void");
            n->lhs = e; /* evaluated for its side effects */
            n->val = 1;
            return n;
        }
        if (rt->kind == FC_TY_STRUCT || rt->kind == FC_TY_UNION) {
            if (!fc__is_compatible(rt, e->ty) && rt->members != e->ty->members)
                fc_error_at(e->tok, "incompatible types when returning type '%s' but '%s' was expected",
                            fc__type_name(e->ty), fc__type_name(rt));
            n->lhs = e;
        } else {
            FcNode *asg = fc__new_node(FC_ND_ASSIGN, e->tok); /* type check as an assignment */
            FcObj tmp = {.ty = rt};
            asg->lhs = fc__new_var(&tmp, e->tok);
            asg->rhs = e;
            asg->assign_kind = FC_AS_RETURN;
            fc__add_type(asg);
            n->lhs = asg->rhs;
        }
        return n;
    }
    if (equal(tok, "if")) {
        FcNode *n = fc__new_node(FC_ND_IF, tok);
        n->cond = cond_expr(&tok, tok->next);
        n->then = stmt(&tok, tok);
        if (equal(tok, "else"))
            n->els = stmt(&tok, tok->next);
        *rest = tok;
        return n;
    }
    if (equal(tok, "switch")) {
        FcNode *n = fc__new_node(FC_ND_SWITCH, tok);
        n->cond = cond_expr(&tok, tok->next);
        if (!fc__is_integer(n->cond->ty))
            fc_error_at(n->cond->tok, "switch quantity not an integer");
        n->cond = fc__new_cast(n->cond, fc__int_promote(n->cond->ty));
        FcNode *sw = fc__p.sw, *brk = fc__p.brk;
        fc__p.sw = fc__p.brk = n;
        n->then = stmt(rest, tok);
        fc__p.sw = sw;
        fc__p.brk = brk;
        return n;
    }
    if (equal(tok, "case")) {
        FcNode *sw = fc__p.sw;
        if (!sw)
            fc_error_at(tok, "case label not within a switch statement");
        FcNode *n = fc__new_node(FC_ND_CASE, tok);
        FcType *ty = sw->cond->ty;
        n->begin = n->end = case_value(fc__const_expr(&tok, tok->next), ty);
        if (fc__consume(&tok, tok, "..."))
            n->end = case_value(fc__const_expr(&tok, tok), ty);
        if (n->end < n->begin && fc_warnings_enabled)
            fc_warn_at(n->tok, "empty range specified");
        tok = fc__skip(tok, ":");
        for (FcNode *c = sw->case_next; c; c = c->case_next)
            if (c->begin <= n->end && n->begin <= c->end)
                fc_error_at(n->tok, "duplicate case value");
        n->case_next = sw->case_next;
        sw->case_next = n;
        n->lhs = equal(tok, "}") ? fc__new_node(FC_ND_BLOCK, tok) : stmt(&tok, tok);
        *rest = tok;
        return n;
    }
    if (equal(tok, "default")) {
        FcNode *sw = fc__p.sw;
        if (!sw)
            fc_error_at(tok, "'default' label not within a switch statement");
        if (sw->default_case)
            fc_error_at(tok, "multiple default labels in one switch");
        FcNode *n = fc__new_node(FC_ND_CASE, tok);
        sw->default_case = n;
        tok = fc__skip(tok->next, ":");
        n->lhs = equal(tok, "}") ? fc__new_node(FC_ND_BLOCK, tok) : stmt(&tok, tok);
        *rest = tok;
        return n;
    }
    if (equal(tok, "for") || equal(tok, "while")) {
        FcNode *n = fc__new_node(FC_ND_FOR, tok);
        bool is_for = equal(tok, "for");
        tok = fc__skip(tok->next, "(");
        fc__enter_scope();
        if (is_for) {
            if (fc__is_typename(tok)) {
                DeclAttr attr = {0};
                FcType *basety = declspec(&tok, tok, &attr);
                n->init = declaration(&tok, tok, basety, &attr);
            } else {
                n->init = expr_stmt(&tok, tok);
            }
            if (!equal(tok, ";"))
                n->cond = fc__expr(&tok, tok);
            tok = fc__skip(tok, ";");
            if (!equal(tok, ")"))
                n->inc = fc__expr(&tok, tok);
        } else {
            n->cond = fc__expr(&tok, tok);
        }
        tok = fc__skip(tok, ")");
        if (n->cond) {
            fc__add_type(n->cond);
            if (!fc__is_scalar(n->cond->ty) && n->cond->ty->kind != FC_TY_ARRAY)
                fc_error_at(n->cond->tok, "used %s type value where scalar is required",
                            fc__type_name(n->cond->ty));
        }
        FcNode *brk = fc__p.brk, *cont = fc__p.cont;
        fc__p.brk = fc__p.cont = n;
        n->then = stmt(rest, tok);
        fc__p.brk = brk;
        fc__p.cont = cont;
        fc__leave_scope();
        return n;
    }
    if (equal(tok, "do")) {
        FcNode *n = fc__new_node(FC_ND_DO, tok);
        FcNode *brk = fc__p.brk, *cont = fc__p.cont;
        fc__p.brk = fc__p.cont = n;
        n->then = stmt(&tok, tok->next);
        fc__p.brk = brk;
        fc__p.cont = cont;
        if (!equal(tok, "while"))
            expected(tok, "'while'");
        n->cond = cond_expr(&tok, tok->next);
        *rest = fc__skip(tok, ";");
        return n;
    }
    if (equal(tok, "goto")) {
        if (equal(tok->next, "*"))
            fc_error_at(tok, "computed goto is not supported");
        if (!is_ident(tok->next))
            expected(tok->next, "label name");
        FcNode *n = fc__new_node(FC_ND_GOTO, tok->next);
        n->label = tok_str(tok->next);
        n->case_next = fc__p.gotos;
        fc__p.gotos = n;
        *rest = fc__skip(tok->next->next, ";");
        return n;
    }
    if (equal(tok, "break")) {
        if (!fc__p.brk)
            fc_error_at(tok, "break statement not within loop or switch");
        FcNode *n = fc__new_node(FC_ND_BREAK, tok);
        n->target = fc__p.brk;
        *rest = fc__skip(tok->next, ";");
        return n;
    }
    if (equal(tok, "continue")) {
        if (!fc__p.cont)
            fc_error_at(tok, "continue statement not within a loop");
        FcNode *n = fc__new_node(FC_ND_CONTINUE, tok);
        n->target = fc__p.cont;
        *rest = fc__skip(tok->next, ";");
        return n;
    }
    if (is_ident(tok) && equal(tok->next, ":")) {
        FcNode *n = fc__new_node(FC_ND_LABEL, tok);
        n->label = tok_str(tok);
        for (FcNode *l = fc__p.labels; l; l = l->case_next)
            if (strcmp(l->label, n->label) == 0)
                fc_error_at(tok, "duplicate label '%s'", n->label);
        n->case_next = fc__p.labels;
        fc__p.labels = n;
        tok = attributes(tok->next->next, NULL);
        if (equal(tok, "}")) {
            n->lhs = fc__new_node(FC_ND_BLOCK, tok);
            *rest = tok;
        } else if (fc__is_typename(tok)) {
            n->lhs = fc__new_node(FC_ND_BLOCK, tok);
            *rest = tok;
        } else {
            n->lhs = stmt(rest, tok);
        }
        return n;
    }
    if (equal(tok, "{"))
        return fc__compound_stmt(rest, tok->next);
    if (equal(tok, "asm") || equal(tok, "__asm__") || equal(tok, "__asm"))
        fc_error_at(tok, "inline assembly is not supported");
    if (equal(tok, "_Static_assert") || equal(tok, "static_assert")) {
        static_assertion(rest, tok);
        return fc__new_node(FC_ND_BLOCK, tok);
    }
    return expr_stmt(rest, tok);
}

/* compound-stmt = (typedef | declaration | stmt)* "}" */
FcNode *fc__compound_stmt(FcToken **rest, FcToken *tok)
{
    FcNode *blk = fc__new_node(FC_ND_BLOCK, tok);
    FcNode head = {0}, *cur = &head;
    fc__enter_scope();
    while (!equal(tok, "}")) {
        if (tok->kind == FC_TK_EOF)
            expected(tok, "'}'");
        if (equal(tok, "_Static_assert") || equal(tok, "static_assert")) {
            static_assertion(&tok, tok);
            continue;
        }
        if (fc__is_typename(tok) && !equal(tok->next, ":") &&
            !(equal(tok, "__extension__") && !fc__is_typename(tok->next))) {
            DeclAttr attr = {0};
            FcType *basety = declspec(&tok, tok, &attr);
            if (attr.is_typedef) {
                parse_typedef(&tok, tok, basety, &attr, &cur);
                continue;
            }
            cur = cur->next = declaration(&tok, tok, basety, &attr);
        } else {
            if (equal(tok, "__extension__"))
                tok = tok->next;
            cur = cur->next = stmt(&tok, tok);
        }
        fc__add_type(cur);
    }
    fc__leave_scope();
    blk->body = head.next;
    *rest = tok->next;
    return blk;
}

/* ------------------------------------------------------------- functions */

static FcObj *hidden_param(FcType *ty, const FcToken *tok)
{
    FcObj *v = fc__new_lvar("", ty, tok);
    v->is_param = true;
    return v;
}

/* VLA size objects made while parsing a prototype join the function. */
static void adopt_vla_sizes(FcObj *fn, FcType *ty)
{
    for (; ty && (ty->kind == FC_TY_PTR || ty->kind == FC_TY_ARRAY || ty->kind == FC_TY_VLA);
         ty = ty->base) {
        FcObj *v = ty->vla_size;
        if (ty->kind == FC_TY_VLA && v && !v->placed) {
            v->next = fn->locals;
            fn->locals = v;
            v->placed = true;
        }
    }
}

/* function = declspec declarator knr-param-decls* "{" compound-stmt */
static void function_def(FcToken **rest, FcToken *tok, FcType *ty, FcToken *name, DeclAttr *a)
{
    bool knr = ty->params && !ty->has_proto;
    while (knr && !equal(tok, "{")) {
        DeclAttr pa = {0};
        FcType *basety = declspec(&tok, tok, &pa);
        bool first = true;
        while (!fc__consume(&tok, tok, ";")) {
            if (!first)
                tok = fc__skip(tok, ",");
            first = false;
            FcToken *pname, *start = tok;
            FcType *pty = declarator(&tok, tok, basety, &pname, NULL);
            if (!pname)
                fc_error_at(start, "expected identifier or '('");
            FcParam *p = ty->params;
            while (p && !(p->name->len == pname->len &&
                          memcmp(p->name->loc, pname->loc, (size_t)pname->len) == 0))
                p = p->next;
            if (!p)
                fc_error_at(pname, "declaration for parameter '%.*s' but no such parameter",
                            pname->len, pname->loc);
            if (pty->kind == FC_TY_ARRAY || pty->kind == FC_TY_VLA)
                pty = fc__pointer_to(pty->base);
            else if (pty->kind == FC_TY_FUNC)
                pty = fc__pointer_to(pty);
            p->ty = pty;
            p->knr_declared = true;
        }
    }
    for (FcParam *p = ty->params; knr && p && fc_warnings_enabled; p = p->next)
        if (!p->knr_declared)
            fc_warn_at(name, "type of '%.*s' defaults to 'int'", p->name->len, p->name->loc);
    if (!equal(tok, "{"))
        expected(tok, "'{'");
    if (is_builtin_name(name))
        fc_error_at(name, "cannot define builtin function '%.*s'", name->len, name->loc);
    FcObj *fn = declare_global(name, ty, a);
    if (fn->is_definition)
        fc_error_at(name, "redefinition of '%.*s'", name->len, name->loc);
    if (!knr || !fn->ty->has_proto)
        fn->ty = ty;
    fn->is_definition = true;
    fn->is_knr = knr && !fn->ty->has_proto;
    fn->is_host = false;
    fc__p.fn = fn;
    fc__p.gotos = fc__p.labels = NULL;
    fc__p.func_name = NULL;
    fc__p.brk = fc__p.cont = fc__p.sw = NULL;
    fc__enter_scope();
    FcType *rt = ty->return_ty;
    if (rt->kind == FC_TY_STRUCT || rt->kind == FC_TY_UNION) {
        if (rt->size < 0)
            fc_error_at(name, "return type is an incomplete type");
        fn->ret_area = hidden_param(fc__pointer_to(rt), name);
    }
    FcObj head = {0}, *cur = &head;
    for (FcParam *p = ty->params; p; p = p->next) {
        if (!p->name)
            fc_error_at(name, "parameter name omitted");
        if (p->ty->size < 0)
            fc_error_at(p->name, "parameter '%.*s' has incomplete type", p->name->len,
                        p->name->loc);
        if (lookup_in(fc__p.scope->vars, p->name->loc, p->name->len))
            fc_error_at(p->name, "redefinition of parameter '%.*s'", p->name->len,
                        p->name->loc);
        FcObj *v = p->var;
        if (v && !v->placed) {
            /* the object later parameters' sizes refer to */
            v->ty = p->ty;
            v->next = fn->locals;
            fn->locals = v;
            v->placed = true;
            push_sym(p->name->loc, p->name->len)->var = v;
        } else {
            v = fc__new_lvar(tok_str(p->name), p->ty, p->name);
        }
        v->is_param = true;
        cur = cur->param_next = v;
        adopt_vla_sizes(fn, p->ty);
    }
    fn->params = head.param_next;
    if (ty->is_variadic)
        fn->va_area = hidden_param(fc__pointer_to(fc__ty_void), name);
    /* sizes of variably modified parameter types are computed on entry (made
     * before the body so that they own those types) */
    FcNode shead = {0}, *scur = &shead;
    for (FcParam *p = ty->params; p; p = p->next) {
        FcNode *sizes = fc__vla_sizes(p->ty, p->name);
        if (sizes)
            scur = scur->next = sizes;
    }
    fn->body = fc__compound_stmt(&tok, tok->next);
    if (shead.next) {
        scur->next = fn->body->body;
        fn->body->body = shead.next;
    }
    for (FcNode *g = fc__p.gotos; g; g = g->case_next) {
        FcNode *l = fc__p.labels;
        while (l && strcmp(l->label, g->label) != 0)
            l = l->case_next;
        if (!l)
            fc_error_at(g->tok, "label '%s' used but not defined", g->label);
    }
    fc__leave_scope();
    fc__p.fn = NULL;
    *rest = tok;
}

static void global_decl(FcToken **rest, FcToken *tok, FcType *ty, FcToken *name, DeclAttr *a)
{
    *rest = tok;
    if (is_builtin_name(name))
        return;
    if (ty->kind == FC_TY_VOID)
        fc_error_at(name, "variable or field '%.*s' declared void", name->len, name->loc);
    FcObj *o = declare_global(name, ty, a);
    if (ty->kind == FC_TY_FUNC)
        return;
    if (a->align > o->align)
        o->align = a->align;
    if (fc__consume(&tok, tok, "=")) {
        if (o->has_init)
            fc_error_at(name, "redefinition of '%.*s'", name->len, name->loc);
        fc__gvar_initializer(&tok, tok, o);
        o->has_init = true;
        o->is_definition = true;
    } else if (!a->is_extern) {
        o->is_definition = true;
        o->is_tentative = true;
    }
    *rest = tok;
}

/* program = (typedef | function | global-declaration | static-assert | ";")* */
FcUnit *fc__parse(FcToken *tok, const char *main_file)
{
    memset(&fc__p, 0, sizeof fc__p);
    in_params = 0;
    fc__enter_scope();
    while (tok->kind != FC_TK_EOF) {
        if (fc__consume(&tok, tok, ";"))
            continue;
        if (equal(tok, "_Static_assert") || equal(tok, "static_assert")) {
            static_assertion(&tok, tok);
            continue;
        }
        if (equal(tok, "asm") || equal(tok, "__asm__"))
            fc_error_at(tok, "inline assembly is not supported");
        DeclAttr attr = {0};
        FcType *basety;
        if (is_ident(tok) && !fc__is_typename(tok) && !equal(tok->next, ";")) {
            /* `f(void) { ... }`, `x = 1;`: C89 implicit int */
            basety = fc__ty_int;
            attr.implicit_int = true;
        } else {
            basety = declspec(&tok, tok, &attr);
        }
        if (attr.is_typedef) {
            parse_typedef(&tok, tok, basety, &attr, NULL);
            continue;
        }
        if (fc__consume(&tok, tok, ";"))
            continue;
        for (bool first = true;; first = false) {
            FcToken *name, *start = tok;
            DeclAttr a = attr;
            FcType *ty = declarator(&tok, tok, basety, &name, &a);
            if (!name)
                fc_error_at(start, "expected identifier or '('");
            if (ty->kind == FC_TY_FUNC && first &&
                (equal(tok, "{") || (ty->params && !ty->has_proto && !equal(tok, ";") &&
                                     !equal(tok, ",")))) {
                implicit_int(&a, name, true);
                function_def(&tok, tok, ty, name, &a);
                break;
            }
            implicit_int(&a, name, false);
            global_decl(&tok, tok, ty, name, &a);
            if (fc__consume(&tok, tok, ";"))
                break;
            if (!equal(tok, ","))
                expected(tok, "',' or ';'");
            tok = tok->next;
        }
    }
    for (FcObj *o = fc__p.globals; o; o = o->next) {
        if (o->is_function || !o->is_definition || o->ty->size >= 0)
            continue;
        if (o->ty->kind == FC_TY_ARRAY && o->ty->array_len < 0 && o->ty->base->size > 0) {
            if (fc_warnings_enabled)
                fc_warn_at(o->tok, "array '%s' assumed to have one element", o->name);
            o->ty = fc__array_of(o->ty->base, 1);
            continue;
        }
        fc_error_at(o->tok, "storage size of '%s' isn't known", o->name);
    }
    FcUnit *u = fc_alloc(sizeof *u);
    u->globals = fc__p.globals;
    u->main_file = main_file;
    return u;
}
