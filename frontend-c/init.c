/*
 * init.c - initializers: braces, brace elision, designators (nested, GNU
 * array ranges `[a ... b]`), string literals for character arrays, arrays of
 * unknown size and flexible array members of static objects.
 *
 * Parsing turns an initializer into a list of leaves in source order, each an
 * (offset, type, expression) to store; a later leaf overrides what an
 * earlier one stored.  For a local the leaves become statements (zero the
 * object, then one assignment per leaf); for a global they stay on the
 * object and the lowering writes them as bytes and relocations.
 *
 * A designator list reaching into a subobject (`.a.x = 1, 2`) goes on with
 * the subobjects after the designated one, as an unbraced list of that
 * aggregate would (C11 6.7.9p17), then with the member after it.
 */
#include "frontend-c/cc.h"

#include <string.h>

typedef struct Ctx {
    FcLeaf head, *tail;
    int64_t extent;       /* bytes covered, for flexible array members */
} Ctx;

static bool equal(const FcToken *tok, const char *s)
{
    return tok->kind != FC_TK_STR && tok->kind != FC_TK_CHAR && fc_equal(tok, s);
}

static void add_leaf(Ctx *c, int64_t off, FcType *ty, FcMember *bf, FcNode *expr,
                     const FcToken *tok)
{
    FcLeaf *l = fc_alloc(sizeof *l);
    l->off = off;
    l->ty = ty;
    l->bf = bf;
    l->expr = expr;
    l->tok = tok;
    c->tail = c->tail->next = l;
    int64_t end = off + (bf ? bf->offset + bf->unit_size : ty->size);
    if (end > c->extent)
        c->extent = end;
}

/* A braced list or a string for a subobject an earlier initializer reached
 * replaces the whole subobject (C11 6.7.9p19): a leaf without expression zeroes
 * it first.  Only then, so ordinary initializers stay one leaf per value. */
static void zero_if_reinitialized(Ctx *c, int64_t off, FcType *ty, const FcToken *tok)
{
    bool reached = false;
    for (FcLeaf *l = c->head.next; l && !reached; l = l->next) {
        int64_t start = l->off + (l->bf ? l->bf->offset : 0);
        int64_t size = l->str ? l->nbytes : l->bf ? l->bf->unit_size : l->ty->size;
        reached = start < off + ty->size && off < start + size;
    }
    if (reached)
        add_leaf(c, off, ty, NULL, NULL, tok);
}

static bool is_designator(const FcToken *tok)
{
    return equal(tok, "[") || equal(tok, ".");
}

/* Can the string literal at tok initialize an array of elem? */
static bool string_fits(const FcToken *tok, const FcType *arr)
{
    if (tok->kind != FC_TK_STR || arr->kind != FC_TY_ARRAY)
        return false;
    const FcType *e = arr->base;
    if (!fc__is_integer(e) || e->kind == FC_TY_BOOL || e->kind == FC_TY_ENUM)
        return false;
    const char *p = tok->loc;
    int size = (p[0] == 'L' || p[0] == 'U') ? 4 : (p[0] == 'u' && p[1] != '8') ? 2 : 1;
    return e->size == size;
}

static void string_init(Ctx *c, FcToken **rest, FcToken *tok, FcType *ty, int64_t off,
                        int64_t *count)
{
    const FcToken *t = tok;
    FcString s = fc__parse_string(&t);
    *rest = (FcToken *)t;
    int64_t n = s.len;
    if (ty->array_len >= 0) {
        if (n > ty->array_len + 1 && fc_warnings_enabled)
            fc_warn_at(tok, "initializer-string for array of '%s' is too long",
                       fc__type_name(ty->base));
        if (n > ty->array_len)
            n = ty->array_len;
    }
    if (count && s.len > *count)
        *count = s.len;
    if (ty->array_len >= 0)
        zero_if_reinitialized(c, off, ty, tok);
    FcLeaf *l = fc_alloc(sizeof *l);
    l->off = off;
    l->ty = ty;
    l->str = fc__string_literal(&s, tok);
    l->nbytes = n * s.elem->size;
    l->tok = tok;
    c->tail = c->tail->next = l;
    if (off + l->nbytes > c->extent)
        c->extent = off + l->nbytes;
}

static void initializer(Ctx *c, FcToken **rest, FcToken *tok, FcType *ty, int64_t off,
                        int64_t *count);
static void array_body(Ctx *c, FcToken **rest, FcToken *tok, FcType *ty, int64_t off,
                       bool braced, bool designated, int64_t *count);
static void struct_body(Ctx *c, FcToken **rest, FcToken *tok, FcType *ty, int64_t off,
                        bool braced, bool designated);

/* A designator list that goes on into the aggregate `ty` (`.a.x = 1, 2`): the
 * initializers after the designated one continue with the subobjects after it
 * (C11 6.7.9p17), as in an unbraced list, until `ty` is full. */
static void designated_body(Ctx *c, FcToken **rest, FcToken *tok, FcType *ty, int64_t off)
{
    if (ty->kind == FC_TY_ARRAY)
        array_body(c, rest, tok, ty, off, false, true, NULL);
    else
        struct_body(c, rest, tok, ty, off, false, true);
}

static void discard_initializer(Ctx *c, FcToken **rest, FcToken *tok)
{
    if (equal(tok, "{")) {
        int depth = 0;
        do {
            if (tok->kind == FC_TK_EOF)
                fc_error_at(tok, "expected '}' at end of input");
            if (equal(tok, "{"))
                depth++;
            else if (equal(tok, "}"))
                depth--;
            tok = tok->next;
        } while (depth > 0);
        *rest = tok;
        return;
    }
    (void)c;
    fc__assign(rest, tok);
}

/* The initializer of one member (a bit-field is a leaf of its own). */
static void init_member(Ctx *c, FcToken **rest, FcToken *tok, FcType *sty, int64_t off,
                        FcMember *m)
{
    if (!m->is_bitfield) {
        int64_t count = 0;
        bool flex = m->ty->kind == FC_TY_ARRAY && m->ty->array_len < 0;
        initializer(c, rest, tok, m->ty, off + m->offset, flex ? &count : NULL);
        if (flex && off + m->offset + count * m->ty->base->size > c->extent)
            c->extent = off + m->offset + count * m->ty->base->size;
        return;
    }
    bool braced = fc__consume(&tok, tok, "{");
    FcNode *e = fc__assign(&tok, tok);
    if (braced)
        tok = fc__skip(tok, "}");
    add_leaf(c, off, sty, m, e, e->tok);
    *rest = tok;
}

/* designation = ("[" const-expr ("..." const-expr)? "]" | "." ident)+ "=" initializer */
static void designation(Ctx *c, FcToken **rest, FcToken *tok, FcType *ty, int64_t off,
                        int64_t *count, FcMember **member, int64_t *index)
{
    FcToken *start = tok;
    if (equal(tok, "[")) {
        if (ty->kind != FC_TY_ARRAY)
            fc_error_at(tok, "array index in non-array initializer");
        int64_t lo = fc__const_expr(&tok, tok->next), hi = lo;
        if (fc__consume(&tok, tok, "..."))
            hi = fc__const_expr(&tok, tok);
        tok = fc__skip(tok, "]");
        if (lo < 0 || hi < lo || (ty->array_len >= 0 && hi >= ty->array_len))
            fc_error_at(start, "array index in initializer exceeds array bounds");
        FcToken *after = tok;
        for (int64_t i = lo; i <= hi; i++) {
            FcToken *t = tok;
            int64_t eoff = off + i * ty->base->size;
            if (is_designator(t)) {
                designated_body(c, &after, t, ty->base, eoff);
            } else {
                fc__consume(&t, t, "=");
                initializer(c, &after, t, ty->base, eoff, NULL);
            }
        }
        if (count && hi + 1 > *count)
            *count = hi + 1;
        if (index)
            *index = hi + 1;
        *rest = after;
        return;
    }
    /* "." ident */
    if (ty->kind != FC_TY_STRUCT && ty->kind != FC_TY_UNION)
        fc_error_at(tok, "field name not in record or union initializer");
    FcToken *name = tok->next;
    if (name->kind != FC_TK_IDENT && name->kind != FC_TK_KEYWORD)
        fc_error_at(name, "expected identifier before '%.*s'", name->len, name->loc);
    FcMember *m = fc__find_member(ty, name);
    if (!m)
        fc_error_at(name, "'%s' has no member named '%.*s'", fc__type_name(ty), name->len,
                    name->loc);
    if (member)
        *member = m;
    if (!m->name) {
        /* the name is inside an anonymous struct/union member: descend */
        designated_body(c, rest, tok, m->ty, off + m->offset);
        return;
    }
    tok = name->next;
    if (is_designator(tok)) {
        if (m->is_bitfield)
            fc_error_at(tok, "bit-field '%.*s' has no members", name->len, name->loc);
        designated_body(c, rest, tok, m->ty, off + m->offset);
        return;
    }
    tok = fc__skip(tok, "=");
    init_member(c, rest, tok, ty, off, m);
}

/* Separators between list elements; false at the end of this (sub)list. */
static bool next_element(FcToken **tok, bool braced, bool first, bool full)
{
    if (braced && equal(*tok, "}"))
        return false;
    if (first)
        return braced || !full;
    if (!equal(*tok, ","))
        return false;
    FcToken *after = (*tok)->next;
    if (equal(after, "}")) {
        if (braced)
            *tok = after;
        return false;
    }
    if (!braced && (full || is_designator(after)))
        return false;
    *tok = after;
    return true;
}

/* designated: the list starts with a designator into this unbraced aggregate */
static void array_body(Ctx *c, FcToken **rest, FcToken *tok, FcType *ty, int64_t off,
                       bool braced, bool designated, int64_t *count)
{
    int64_t idx = 0, len = ty->array_len;
    int64_t esize = ty->base->size;
    for (bool first = true; next_element(&tok, braced, first, len >= 0 && idx >= len);
         first = false) {
        if (is_designator(tok)) {
            if (!braced && !(first && designated))
                break;
            designation(c, &tok, tok, ty, off, count, NULL, &idx);
            continue;
        }
        if (len >= 0 && idx >= len) {
            if (fc_warnings_enabled)
                fc_warn_at(tok, "excess elements in array initializer");
            discard_initializer(c, &tok, tok);
            continue;
        }
        initializer(c, &tok, tok, ty->base, off + idx * esize, NULL);
        idx++;
        if (count && idx > *count)
            *count = idx;
    }
    *rest = tok;
}

static FcMember *next_member(FcMember *m)
{
    while (m && m->is_bitfield && !m->name)
        m = m->next;
    return m;
}

static void struct_body(Ctx *c, FcToken **rest, FcToken *tok, FcType *ty, int64_t off,
                        bool braced, bool designated)
{
    FcMember *m = next_member(ty->members);
    bool is_union = ty->kind == FC_TY_UNION;
    for (bool first = true; next_element(&tok, braced, first, m == NULL); first = false) {
        if (is_designator(tok)) {
            if (!braced && !(first && designated))
                break;
            FcMember *dm = NULL;
            designation(c, &tok, tok, ty, off, NULL, &dm, NULL);
            m = is_union || !dm ? NULL : next_member(dm->next);
            continue;
        }
        if (!m) {
            if (fc_warnings_enabled)
                fc_warn_at(tok, "excess elements in %s initializer", is_union ? "union" : "struct");
            discard_initializer(c, &tok, tok);
            continue;
        }
        init_member(c, &tok, tok, ty, off, m);
        m = is_union ? NULL : next_member(m->next);
    }
    *rest = tok;
}

static void initializer_inner(Ctx *c, FcToken **rest, FcToken *tok, FcType *ty, int64_t off,
                              int64_t *count);

/* initializer = string | "{" list "}" | assign (with brace elision for aggregates) */
static void initializer(Ctx *c, FcToken **rest, FcToken *tok, FcType *ty, int64_t off,
                        int64_t *count)
{
    fc__nest(tok);
    initializer_inner(c, rest, tok, ty, off, count);
    fc__unnest();
}

static void initializer_inner(Ctx *c, FcToken **rest, FcToken *tok, FcType *ty, int64_t off,
                              int64_t *count)
{
    if (string_fits(tok, ty)) {
        string_init(c, rest, tok, ty, off, count);
        return;
    }
    if (equal(tok, "{") && string_fits(tok->next, ty)) {
        FcToken *t = tok->next;
        while (t->kind == FC_TK_STR)
            t = t->next;
        if (equal(t, "}")) {
            string_init(c, &t, tok->next, ty, off, count);
            *rest = fc__skip(t, "}");
            return;
        }
    }
    if (equal(tok, "{")) {
        if (fc__is_aggregate(ty) && ty->size > 0)
            zero_if_reinitialized(c, off, ty, tok);
        if (ty->kind == FC_TY_ARRAY) {
            array_body(c, &tok, tok->next, ty, off, true, false, count);
        } else if (ty->kind == FC_TY_STRUCT || ty->kind == FC_TY_UNION) {
            struct_body(c, &tok, tok->next, ty, off, true, false);
        } else if (equal(tok->next, "}")) {
            add_leaf(c, off, ty, NULL, fc__new_num(0, fc__ty_int, tok), tok);
            tok = tok->next;
        } else {
            initializer(c, &tok, tok->next, ty, off, NULL);
            while (equal(tok, ",") && !equal(tok->next, "}")) {
                if (fc_warnings_enabled)
                    fc_warn_at(tok->next, "excess elements in scalar initializer");
                discard_initializer(c, &tok, tok->next);
            }
            fc__consume(&tok, tok, ",");
        }
        *rest = fc__skip(tok, "}");
        return;
    }
    if (ty->kind == FC_TY_STRUCT || ty->kind == FC_TY_UNION) {
        FcToken *t = tok;
        FcNode *e = fc__assign(&t, tok);
        fc__add_type(e);
        if (e->ty->kind == ty->kind &&
            (fc__is_compatible(ty, e->ty) || ty->members == e->ty->members)) {
            add_leaf(c, off, ty, NULL, e, tok);
            *rest = t;
            return;
        }
        struct_body(c, rest, tok, ty, off, false, false);
        return;
    }
    if (ty->kind == FC_TY_ARRAY) {
        if (ty->array_len < 0 && !count)
            fc_error_at(tok, "invalid initializer");
        array_body(c, rest, tok, ty, off, false, false, count);
        return;
    }
    FcNode *e = fc__assign(rest, tok);
    add_leaf(c, off, ty, NULL, e, e->tok);
}

/* Parses the initializer of an object of type *ty, completing an array of
 * unknown size. */
static FcLeaf *parse_init(Ctx *c, FcToken **rest, FcToken *tok, FcType **ty)
{
    c->tail = &c->head;
    c->head.next = NULL;
    c->extent = 0;
    FcType *t = *ty;
    if (t->kind == FC_TY_ARRAY && t->array_len < 0) {
        int64_t count = 0;
        if (!equal(tok, "{") && !string_fits(tok, t))
            fc_error_at(tok, "invalid initializer");
        initializer(c, rest, tok, t, 0, &count);
        *ty = fc__array_of(t->base, count);
    } else {
        initializer(c, rest, tok, t, 0, NULL);
    }
    return c->head.next;
}

/* ---------------------------------------------------------- local objects */

/* The lvalue of type ty at byte offset off inside var. */
static FcNode *lvalue_at(FcObj *var, int64_t off, FcType *ty, const FcToken *tok)
{
    if (off == 0 && ty == var->ty)
        return fc__new_var(var, tok);
    FcNode *base = fc__new_cast(fc__new_unary(FC_ND_ADDR, fc__new_var(var, tok), tok),
                                fc__pointer_to(fc__ty_char));
    FcNode *p = fc__new_binary(FC_ND_PTR_ADD, base, fc__new_num(off, fc__ty_long, tok), tok);
    p->ty = base->ty;
    FcNode *n = fc__new_unary(FC_ND_DEREF, fc__new_cast(p, fc__pointer_to(ty)), tok);
    fc__add_type(n);
    return n;
}

static FcNode *expr_stmt(FcNode *e)
{
    FcNode *n = fc__new_node(FC_ND_EXPR_STMT, e->tok);
    n->lhs = e;
    return n;
}

FcNode *fc__lvar_initializer(FcToken **rest, FcToken *tok, FcObj *var)
{
    Ctx c = {0};
    FcToken *start = tok;
    FcLeaf *leaves = parse_init(&c, rest, tok, &var->ty);
    if (var->ty->kind == FC_TY_STRUCT && var->ty->is_flexible && c.extent > var->ty->size)
        fc_error_at(start, "non-static initialization of a flexible array member");
    FcNode head = {0}, *cur = &head;
    bool whole = leaves && !leaves->next && leaves->off == 0 && leaves->ty == var->ty &&
                 !leaves->bf && !leaves->str;
    if (fc__is_aggregate(var->ty) && !whole) {
        FcNode *z = fc__new_node(FC_ND_MEMZERO, start);
        z->var = var;
        cur = cur->next = expr_stmt(z);
    }
    for (FcLeaf *l = leaves; l; l = l->next) {
        if (!l->expr && !l->str) { /* zero a subobject initialized again */
            FcNode *z = fc__new_node(FC_ND_MEMZERO, l->tok);
            z->var = var;
            z->begin = l->off;
            z->end = l->off + l->ty->size;
            cur = cur->next = expr_stmt(z);
            continue;
        }
        if (l->str) {
            FcNode *n = fc__new_node(FC_ND_BUILTIN, l->tok);
            n->val = FC_BI_MEMCPY;
            n->ty = fc__ty_void;
            FcNode *dst = fc__new_unary(FC_ND_ADDR, lvalue_at(var, l->off, l->ty, l->tok), l->tok);
            fc__add_type(dst);
            n->args = dst;
            dst->next = fc__new_var(l->str, l->tok);
            dst->next->next = fc__new_num(l->nbytes, fc__ty_long, l->tok);
            fc__add_type(n->args->next);
            cur = cur->next = expr_stmt(n);
            continue;
        }
        FcNode *lhs;
        if (l->bf) {
            lhs = fc__new_unary(FC_ND_MEMBER, lvalue_at(var, l->off, l->ty, l->tok), l->tok);
            lhs->member = l->bf;
        } else {
            lhs = lvalue_at(var, l->off, l->ty, l->tok);
        }
        FcNode *asg = fc__new_binary(FC_ND_ASSIGN, lhs, l->expr, l->tok);
        asg->assign_kind = FC_AS_INIT;
        fc__add_type(asg);
        cur = cur->next = expr_stmt(asg);
    }
    FcNode *blk = fc__new_node(FC_ND_BLOCK, start);
    blk->body = head.next;
    fc__add_type(blk);
    blk->ty = fc__ty_void;
    return blk;
}

/* --------------------------------------------------------- global objects */

void fc__gvar_initializer(FcToken **rest, FcToken *tok, FcObj *var)
{
    Ctx c = {0};
    var->leaves = parse_init(&c, rest, tok, &var->ty);
    var->init_size = c.extent > var->ty->size ? c.extent : var->ty->size;
    /* Type-check each leaf now, as an assignment to its type. */
    for (FcLeaf *l = var->leaves; l; l = l->next) {
        if (l->str || !l->expr)
            continue;
        FcObj tmp = {.ty = l->bf ? l->bf->ty : l->ty, .fir_id = -1};
        FcNode *asg = fc__new_binary(FC_ND_ASSIGN, fc__new_var(&tmp, l->tok), l->expr, l->tok);
        asg->assign_kind = FC_AS_INIT;
        fc__add_type(asg);
        l->expr = asg->rhs;
    }
}
