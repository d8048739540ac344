/*
 * expr.c - expressions: the precedence-climbing parser from comma down to
 * primary, pointer arithmetic, member access, calls (argument conversion and
 * count checks), the compiler builtins, _Generic, and constant evaluation
 * (integer constant expressions, floating constants and address constants
 * for static initializers).
 *
 * Compound assignment `a op= b` is one FC_ND_ASSIGN whose right side is the
 * ordinary expression `LHSVAL op b` (LHSVAL stands for the value of `a`,
 * loaded once), so the same typing rules as for `a = a op b` apply and the
 * lowering evaluates the address of `a` only once.  `a++` is the same with
 * is_post set.
 */
#include "frontend-c/cc.h"

#include <math.h>
#include <string.h>

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

static FcNode *cast(FcToken **rest, FcToken *tok);
static FcNode *unary(FcToken **rest, FcToken *tok);
static FcNode *postfix(FcToken **rest, FcToken *tok);
static FcNode *primary(FcToken **rest, FcToken *tok);

static FcNode *typed(FcNode *n)
{
    fc__add_type(n);
    return n;
}

static FcType *decay(FcType *ty)
{
    if (ty->kind == FC_TY_ARRAY || ty->kind == FC_TY_VLA)
        return fc__pointer_to(ty->base);
    if (ty->kind == FC_TY_FUNC)
        return fc__pointer_to(ty);
    return ty;
}

/* ------------------------------------------------------------ arithmetic */

static FcNode *elem_size(FcType *base, const FcToken *tok)
{
    if (base->kind == FC_TY_VLA)
        return fc__new_cast(fc__new_var(base->vla_size, tok), fc__ty_long);
    int64_t size = base->size;
    if (base->kind == FC_TY_VOID || base->kind == FC_TY_FUNC)
        size = 1;
    if (size < 0)
        fc_error_at(tok, "arithmetic on pointer to an incomplete type");
    return fc__new_num(size, fc__ty_long, tok);
}

static FcNode *scaled(FcNode *idx, FcType *base, const FcToken *tok)
{
    FcNode *size = elem_size(base, tok);
    idx = fc__new_cast(idx, fc__ty_long);
    if (size->kind == FC_ND_NUM && size->val == 1)
        return idx;
    return typed(fc__new_binary(FC_ND_MUL, idx, size, tok));
}

FcNode *fc__new_add(FcNode *lhs, FcNode *rhs, const FcToken *tok)
{
    fc__add_type(lhs);
    fc__add_type(rhs);
    FcType *l = decay(lhs->ty), *r = decay(rhs->ty);
    if (fc__is_numeric(l) && fc__is_numeric(r))
        return typed(fc__new_binary(FC_ND_ADD, lhs, rhs, tok));
    if (l->kind == FC_TY_PTR && r->kind == FC_TY_PTR)
        fc_error_at(tok, "invalid operands to binary + (have '%s' and '%s')",
                    fc__type_name(lhs->ty), fc__type_name(rhs->ty));
    if (r->kind == FC_TY_PTR && fc__is_integer(l)) {
        FcNode *t = lhs;
        lhs = rhs;
        rhs = t;
        l = r;
        r = decay(rhs->ty);
    }
    if (l->kind != FC_TY_PTR || !fc__is_integer(r))
        fc_error_at(tok, "invalid operands to binary + (have '%s' and '%s')",
                    fc__type_name(lhs->ty), fc__type_name(rhs->ty));
    FcNode *n = fc__new_binary(FC_ND_PTR_ADD, lhs, scaled(rhs, l->base, tok), tok);
    n->ty = l;
    return n;
}

FcNode *fc__new_sub(FcNode *lhs, FcNode *rhs, const FcToken *tok)
{
    fc__add_type(lhs);
    fc__add_type(rhs);
    FcType *l = decay(lhs->ty), *r = decay(rhs->ty);
    if (fc__is_numeric(l) && fc__is_numeric(r))
        return typed(fc__new_binary(FC_ND_SUB, lhs, rhs, tok));
    if (l->kind == FC_TY_PTR && fc__is_integer(r)) {
        FcNode *off = typed(fc__new_unary(FC_ND_NEG, scaled(rhs, l->base, tok), tok));
        FcNode *n = fc__new_binary(FC_ND_PTR_ADD, lhs, off, tok);
        n->ty = l;
        return n;
    }
    if (l->kind == FC_TY_PTR && r->kind == FC_TY_PTR) {
        if (!fc__is_compatible(fc__unqual(l->base), fc__unqual(r->base)) &&
            l->base->size != r->base->size)
            fc_error_at(tok, "invalid operands to binary - (have '%s' and '%s')",
                        fc__type_name(lhs->ty), fc__type_name(rhs->ty));
        FcNode *diff = fc__new_binary(FC_ND_PTR_DIFF, lhs, rhs, tok);
        diff->ty = fc__ty_long;
        FcNode *size = elem_size(l->base, tok);
        if (size->kind == FC_ND_NUM && size->val == 1)
            return diff;
        return typed(fc__new_binary(FC_ND_DIV, diff, size, tok));
    }
    fc_error_at(tok, "invalid operands to binary - (have '%s' and '%s')",
                fc__type_name(lhs->ty), fc__type_name(rhs->ty));
}

/* ----------------------------------------------------------------- lvalues */

/* verb: "assignment", "increment" or "decrement" (gcc's wording) */
static void check_modifiable(FcNode *n, const char *verb, const FcToken *at)
{
    fc__add_type(n);
    switch (n->kind) {
    case FC_ND_VAR:
        if (n->var->is_function)
            break;
        if (n->ty->is_const)
            fc_error_at(at, "%s of read-only variable '%s'", verb, n->var->name);
        return;
    case FC_ND_MEMBER:
        if (n->member->ty->is_const)
            fc_error_at(at, "%s of read-only member '%.*s'", verb, n->member->name->len,
                        n->member->name->loc);
        if (n->ty->is_const)
            fc_error_at(at, "%s of member '%.*s' in read-only object", verb,
                        n->member->name->len, n->member->name->loc);
        if (n->ty->kind == FC_TY_FUNC)
            break;
        return;
    case FC_ND_DEREF:
        if (n->ty->is_const)
            fc_error_at(at, "%s of read-only location", verb);
        if (n->ty->kind == FC_TY_FUNC)
            break;
        return;
    default:
        break;
    }
    fc_error_at(at, "lvalue required as left operand of assignment");
}

void fc__check_lvalue(FcNode *n, const FcToken *at)
{
    check_modifiable(n, "assignment", at);
}

static FcNode *compound_assign(FcNode *lhs, FcNodeKind op, FcNode *rhs, const FcToken *tok,
                               bool post)
{
    check_modifiable(lhs, !equal(tok, "++") ? !equal(tok, "--") ? "assignment" : "decrement"
                                              : "increment", tok);
    if (!fc__is_scalar(lhs->ty))
        fc_error_at(tok, "invalid operands to binary %.*s (have '%s')",
                    tok->len > 1 ? 1 : tok->len, tok->loc, fc__type_name(lhs->ty));
    FcNode *asg = fc__new_node(FC_ND_ASSIGN, tok);
    asg->lhs = lhs;
    asg->is_post = post;
    asg->val = 1; /* compound: the right side reads LHSVAL */
    FcNode *cur = fc__new_node(FC_ND_LHSVAL, tok);
    cur->assign = asg;
    cur->ty = lhs->ty;
    if (op == FC_ND_ADD)
        asg->rhs = fc__new_add(cur, rhs, tok);
    else if (op == FC_ND_SUB)
        asg->rhs = fc__new_sub(cur, rhs, tok);
    else
        asg->rhs = fc__new_binary(op, cur, rhs, tok);
    return typed(asg);
}

/* ------------------------------------------------------- binary operators */

typedef struct BinOp {
    const char *text;
    FcNodeKind kind;
} BinOp;

static const BinOp assign_ops[] = {
    {"+=", FC_ND_ADD}, {"-=", FC_ND_SUB}, {"*=", FC_ND_MUL}, {"/=", FC_ND_DIV},
    {"%=", FC_ND_MOD}, {"&=", FC_ND_BITAND}, {"|=", FC_ND_BITOR}, {"^=", FC_ND_BITXOR},
    {"<<=", FC_ND_SHL}, {">>=", FC_ND_SHR},
};

/* expr = assign ("," expr)? */
FcNode *fc__expr(FcToken **rest, FcToken *tok)
{
    FcNode *n = fc__assign(&tok, tok);
    if (equal(tok, ",")) {
        FcToken *op = tok;
        FcNode *r = fc__expr(rest, tok->next);
        return typed(fc__new_binary(FC_ND_COMMA, n, r, op));
    }
    *rest = tok;
    return n;
}

static FcNode *assign_inner(FcToken **rest, FcToken *tok);

/* assign = conditional (assign-op assign)? */
FcNode *fc__assign(FcToken **rest, FcToken *tok)
{
    fc__nest(tok);
    FcNode *n = assign_inner(rest, tok);
    fc__unnest();
    return n;
}

static FcNode *assign_inner(FcToken **rest, FcToken *tok)
{
    FcNode *n = fc__conditional(&tok, tok);
    if (equal(tok, "=")) {
        FcToken *op = tok;
        FcNode *r = fc__assign(rest, tok->next);
        fc__check_lvalue(n, op);
        return typed(fc__new_binary(FC_ND_ASSIGN, n, r, op));
    }
    for (size_t i = 0; i < sizeof assign_ops / sizeof *assign_ops; i++) {
        if (equal(tok, assign_ops[i].text)) {
            FcToken *op = tok;
            FcNode *r = fc__assign(rest, tok->next);
            return compound_assign(n, assign_ops[i].kind, r, op, false);
        }
    }
    *rest = tok;
    return n;
}

static FcNode *logor(FcToken **rest, FcToken *tok);

/* conditional = logor ("?" expr? ":" conditional)? */
FcNode *fc__conditional(FcToken **rest, FcToken *tok)
{
    FcNode *cond = logor(&tok, tok);
    if (!equal(tok, "?")) {
        *rest = tok;
        return cond;
    }
    FcNode *n = fc__new_node(FC_ND_COND, tok);
    n->cond = typed(cond);
    if (equal(tok->next, ":")) {
        n->els = fc__conditional(rest, tok->next->next);
    } else {
        n->then = fc__expr(&tok, tok->next);
        tok = fc__skip(tok, ":");
        n->els = fc__conditional(rest, tok);
    }
    if (!fc__is_scalar(decay(n->cond->ty)))
        fc_error_at(n->cond->tok, "used %s type value where scalar is required",
                    fc__type_name(n->cond->ty));
    return typed(n);
}

typedef FcNode *ParseFn(FcToken **rest, FcToken *tok);

static FcNode *binary_level(FcToken **rest, FcToken *tok, ParseFn *next, const BinOp *ops,
                            int nops)
{
    FcNode *n = next(&tok, tok);
    for (;;) {
        int i = 0;
        while (i < nops && !equal(tok, ops[i].text))
            i++;
        if (i == nops) {
            *rest = tok;
            return n;
        }
        FcToken *op = tok;
        FcNode *r = next(&tok, tok->next);
        n = typed(fc__new_binary(ops[i].kind, n, r, op));
    }
}

static FcNode *mul(FcToken **rest, FcToken *tok)
{
    static const BinOp ops[] = {{"*", FC_ND_MUL}, {"/", FC_ND_DIV}, {"%", FC_ND_MOD}};
    return binary_level(rest, tok, cast, ops, 3);
}

static FcNode *add(FcToken **rest, FcToken *tok)
{
    FcNode *n = mul(&tok, tok);
    for (;;) {
        FcToken *op = tok;
        if (equal(tok, "+")) {
            n = fc__new_add(n, mul(&tok, tok->next), op);
        } else if (equal(tok, "-")) {
            n = fc__new_sub(n, mul(&tok, tok->next), op);
        } else {
            *rest = tok;
            return n;
        }
    }
}

static FcNode *shift(FcToken **rest, FcToken *tok)
{
    static const BinOp ops[] = {{"<<", FC_ND_SHL}, {">>", FC_ND_SHR}};
    return binary_level(rest, tok, add, ops, 2);
}

static FcNode *relational(FcToken **rest, FcToken *tok)
{
    FcNode *n = shift(&tok, tok);
    for (;;) {
        FcToken *op = tok;
        if (equal(tok, "<"))
            n = typed(fc__new_binary(FC_ND_LT, n, shift(&tok, tok->next), op));
        else if (equal(tok, "<="))
            n = typed(fc__new_binary(FC_ND_LE, n, shift(&tok, tok->next), op));
        else if (equal(tok, ">")) {
            FcNode *r = shift(&tok, tok->next);
            n = typed(fc__new_binary(FC_ND_LT, r, n, op));
        } else if (equal(tok, ">=")) {
            FcNode *r = shift(&tok, tok->next);
            n = typed(fc__new_binary(FC_ND_LE, r, n, op));
        } else {
            *rest = tok;
            return n;
        }
    }
}

static FcNode *equality(FcToken **rest, FcToken *tok)
{
    static const BinOp ops[] = {{"==", FC_ND_EQ}, {"!=", FC_ND_NE}};
    return binary_level(rest, tok, relational, ops, 2);
}

static FcNode *bitand(FcToken **rest, FcToken *tok)
{
    static const BinOp ops[] = {{"&", FC_ND_BITAND}};
    return binary_level(rest, tok, equality, ops, 1);
}

static FcNode *bitxor(FcToken **rest, FcToken *tok)
{
    static const BinOp ops[] = {{"^", FC_ND_BITXOR}};
    return binary_level(rest, tok, bitand, ops, 1);
}

static FcNode *bitor(FcToken **rest, FcToken *tok)
{
    static const BinOp ops[] = {{"|", FC_ND_BITOR}};
    return binary_level(rest, tok, bitxor, ops, 1);
}

static FcNode *logand(FcToken **rest, FcToken *tok)
{
    static const BinOp ops[] = {{"&&", FC_ND_LOGAND}};
    return binary_level(rest, tok, bitor, ops, 1);
}

static FcNode *logor(FcToken **rest, FcToken *tok)
{
    static const BinOp ops[] = {{"||", FC_ND_LOGOR}};
    return binary_level(rest, tok, logand, ops, 1);
}

/* ------------------------------------------------------- casts and unary */

static FcNode *explicit_cast(FcNode *e, FcType *ty, const FcToken *tok)
{
    fc__add_type(e);
    FcType *from = e->ty;
    if (ty->kind == FC_TY_VOID)
        return fc__new_cast(e, ty);
    if (from->kind == FC_TY_VOID)
        fc_error_at(tok, "void value not ignored as it ought to be");
    if (ty->kind == FC_TY_STRUCT || ty->kind == FC_TY_UNION) {
        if (fc__is_compatible(ty, from) || ty->members == from->members)
            return e;
        fc_error_at(tok, "conversion to non-scalar type requested");
    }
    if (ty->kind == FC_TY_ARRAY || ty->kind == FC_TY_FUNC || ty->kind == FC_TY_VLA)
        fc_error_at(tok, "cast specifies %s type", ty->kind == FC_TY_FUNC ? "function" : "array");
    if (from->kind == FC_TY_STRUCT || from->kind == FC_TY_UNION)
        fc_error_at(tok, "aggregate value used where %s was expected",
                    fc__is_flonum(ty) ? "a floating-point" : ty->kind == FC_TY_PTR ? "a pointer"
                                                                               : "an integer");
    if ((fc__is_flonum(ty) && decay(from)->kind == FC_TY_PTR) ||
        (ty->kind == FC_TY_PTR && fc__is_flonum(from)))
        fc_error_at(tok, "cannot convert %s to %s", fc__is_flonum(from) ? "a floating-point value" : "a pointer",
                    fc__is_flonum(ty) ? "a floating-point type" : "a pointer type");
    return fc__new_cast(e, ty);
}

static FcNode *cast_inner(FcToken **rest, FcToken *tok);

/* cast = "(" type-name ")" cast | unary */
static FcNode *cast(FcToken **rest, FcToken *tok)
{
    fc__nest(tok);
    FcNode *n = cast_inner(rest, tok);
    fc__unnest();
    return n;
}

static FcNode *cast_inner(FcToken **rest, FcToken *tok)
{
    if (equal(tok, "(") && fc__is_typename(tok->next)) {
        FcToken *start = tok;
        FcType *ty = fc__typename(&tok, tok->next);
        tok = fc__skip(tok, ")");
        if (equal(tok, "{"))
            return unary(rest, start); /* compound literal */
        FcNode *e = cast(rest, tok);
        FcNode *n = explicit_cast(e, ty, start);
        FcNode *sizes = fc__vla_sizes(ty, start);
        if (sizes)
            n = typed(fc__new_binary(FC_ND_COMMA, sizes, n, start));
        return n;
    }
    return unary(rest, tok);
}

static FcNode *size_of_type(FcType *ty, const FcToken *tok, bool is_align)
{
    if (is_align)
        return fc__new_num(ty->align, fc__ty_ulong, tok);
    if (ty->kind == FC_TY_VLA)
        return fc__new_cast(fc__new_var(ty->vla_size, tok), fc__ty_ulong);
    if (ty->kind == FC_TY_VOID || ty->kind == FC_TY_FUNC)
        return fc__new_num(1, fc__ty_ulong, tok);
    if (ty->size < 0)
        fc_error_at(tok, "invalid application of 'sizeof' to incomplete type '%s'",
                    fc__type_name(ty));
    return fc__new_num(ty->size, fc__ty_ulong, tok);
}

static bool is_bitfield(const FcNode *n)
{
    return n->kind == FC_ND_MEMBER && n->member->is_bitfield;
}

/* unary = ("+" | "-" | "*" | "&" | "!" | "~") cast | ("++" | "--") unary
 *       | ("sizeof" | "_Alignof") (unary | "(" type-name ")") | postfix */
static FcNode *unary_inner(FcToken **rest, FcToken *tok);

static FcNode *unary(FcToken **rest, FcToken *tok)
{
    fc__nest(tok);
    FcNode *n = unary_inner(rest, tok);
    fc__unnest();
    return n;
}

static FcNode *unary_inner(FcToken **rest, FcToken *tok)
{
    FcToken *op = tok;
    if (equal(tok, "+")) {
        FcNode *e = typed(cast(rest, tok->next));
        if (!fc__is_numeric(e->ty))
            fc_error_at(op, "wrong type argument to unary plus");
        return fc__new_cast(e, fc__int_promote(e->ty));
    }
    if (equal(tok, "-"))
        return typed(fc__new_unary(FC_ND_NEG, cast(rest, tok->next), op));
    if (equal(tok, "&")) {
        FcNode *e = typed(cast(rest, tok->next));
        if (is_bitfield(e))
            fc_error_at(op, "cannot take address of bit-field '%.*s'", e->member->name->len,
                        e->member->name->loc);
        if (e->kind == FC_ND_VAR) {
            e->var->addr_taken = true;
        } else if (e->kind != FC_ND_DEREF && e->kind != FC_ND_MEMBER &&
                   !(e->kind == FC_ND_COMMA && e->rhs->kind == FC_ND_VAR)) {
            fc_error_at(op, "lvalue required as unary '&' operand");
        }
        if (e->kind == FC_ND_COMMA)
            e->rhs->var->addr_taken = true;
        return typed(fc__new_unary(FC_ND_ADDR, e, op));
    }
    if (equal(tok, "&&"))
        fc_error_at(tok, "taking the address of a label is not supported");
    if (equal(tok, "*")) {
        FcNode *e = typed(cast(rest, tok->next));
        if (e->ty->kind == FC_TY_FUNC)
            return e;
        return typed(fc__new_unary(FC_ND_DEREF, e, op));
    }
    if (equal(tok, "!"))
        return typed(fc__new_unary(FC_ND_NOT, cast(rest, tok->next), op));
    if (equal(tok, "~"))
        return typed(fc__new_unary(FC_ND_BITNOT, cast(rest, tok->next), op));
    if (equal(tok, "++") || equal(tok, "--")) {
        FcNode *e = unary(rest, tok->next);
        fc__add_type(e);
        if (!fc__is_scalar(e->ty) || e->kind == FC_ND_NUM || e->kind == FC_ND_CAST)
            fc_error_at(op, "lvalue required as %s operand",
                        equal(op, "++") ? "increment" : "decrement");
        return compound_assign(e, equal(op, "++") ? FC_ND_ADD : FC_ND_SUB,
                               fc__new_num(1, fc__ty_int, op), op, false);
    }
    bool is_align = equal(tok, "_Alignof") || equal(tok, "__alignof__") ||
                    equal(tok, "__alignof") || equal(tok, "alignof");
    if (equal(tok, "sizeof") || is_align) {
        if (equal(tok->next, "(") && fc__is_typename(tok->next->next)) {
            FcToken *t = tok->next->next;
            FcType *ty = fc__typename(&t, t);
            t = fc__skip(t, ")");
            if (!equal(t, "{")) {
                *rest = t;
                FcNode *n = size_of_type(ty, op, is_align);
                FcNode *sizes = fc__vla_sizes(ty, op);
                if (sizes && !is_align)
                    n = typed(fc__new_binary(FC_ND_COMMA, sizes, n, op));
                return n;
            }
        }
        FcNode *e = typed(unary(rest, tok->next));
        if (is_bitfield(e))
            fc_error_at(op, "'%s' applied to a bit-field", is_align ? "_Alignof" : "sizeof");
        if (is_align && e->kind == FC_ND_VAR && e->var->align > e->ty->align)
            return fc__new_num(e->var->align, fc__ty_ulong, op);
        return size_of_type(e->ty, op, is_align);
    }
    if (equal(tok, "__extension__"))
        return cast(rest, tok->next);
    if (equal(tok, "__real__") || equal(tok, "__imag__"))
        fc_error_at(tok, "complex numbers are not supported");
    return postfix(rest, tok);
}

/* -------------------------------------------------------------- postfix */

FcMember *fc__find_member(FcType *ty, const FcToken *name)
{
    for (FcMember *m = ty->members; m; m = m->next) {
        if (m->name) {
            if (m->name->len == name->len &&
                memcmp(m->name->loc, name->loc, (size_t)name->len) == 0)
                return m;
        } else if ((m->ty->kind == FC_TY_STRUCT || m->ty->kind == FC_TY_UNION) &&
                   fc__find_member(m->ty, name)) {
            return m;
        }
    }
    return NULL;
}

FcNode *fc__member_access(FcNode *lhs, const FcToken *name)
{
    fc__add_type(lhs);
    if (lhs->ty->kind != FC_TY_STRUCT && lhs->ty->kind != FC_TY_UNION)
        fc_error_at(name, "request for member '%.*s' in something not a structure or union",
                    name->len, name->loc);
    if (!lhs->ty->is_defined)
        fc_error_at(name, "invalid use of incomplete type '%s'", fc__type_name(lhs->ty));
    for (;;) {
        FcMember *m = fc__find_member(lhs->ty, name);
        if (!m)
            fc_error_at(name, "'%s' has no member named '%.*s'", fc__type_name(lhs->ty),
                        name->len, name->loc);
        FcNode *n = fc__new_unary(FC_ND_MEMBER, lhs, name);
        n->member = m;
        fc__add_type(n);
        if (m->name)
            return n;
        lhs = n;
    }
}

static const char *callee_name(const FcNode *fn)
{
    if (fn->kind == FC_ND_VAR)
        return fn->var->name;
    if (fn->kind == FC_ND_DEREF && fn->lhs->kind == FC_ND_VAR)
        return fn->lhs->var->name;
    return NULL;
}

/* Converts a call argument to its parameter type (assignment rules). */
static FcNode *convert_arg(FcNode *arg, FcType *ty, int i, const FcNode *fn)
{
    FcType *from = arg->ty;
    const char *name = callee_name(fn);
    char *where = name ? fc_format("'%s'", name) : "function";
    if (ty->kind == FC_TY_STRUCT || ty->kind == FC_TY_UNION) {
        if (!fc__is_compatible(ty, from) && ty->members != from->members)
            fc_error_at(arg->tok, "incompatible type for argument %d of %s", i, where);
        return arg;
    }
    FcType *d = decay(from);
    if (!fc__is_scalar(d) || (ty->kind == FC_TY_PTR && fc__is_flonum(d)) ||
        (fc__is_flonum(ty) && d->kind == FC_TY_PTR))
        fc_error_at(arg->tok, "incompatible type for argument %d of %s", i, where);
    if (ty->kind == FC_TY_PTR && fc__is_integer(d) && fc_warnings_enabled) {
        int64_t v;
        if (!(fc__try_const_int(arg, &v) && v == 0))
            fc_warn_at(arg->tok, "passing argument %d of %s makes pointer from integer without a cast",
                       i, where);
    } else if (ty->kind == FC_TY_PTR && d->kind == FC_TY_PTR && fc_warnings_enabled) {
        FcPtrConv c = fc__ptr_conversion(ty, d);
        if (c == FC_PTR_INCOMPATIBLE)
            fc_warn_at(arg->tok, "passing argument %d of %s from incompatible pointer type", i,
                       where);
        else if (c == FC_PTR_DISCARDS_CONST)
            fc_warn_at(arg->tok, "passing argument %d of %s discards 'const' qualifier from "
                       "pointer target type", i, where);
    } else if (fc__is_integer(ty) && d->kind == FC_TY_PTR && ty->kind != FC_TY_BOOL &&
               fc_warnings_enabled) {
        fc_warn_at(arg->tok, "passing argument %d of %s makes integer from pointer without a cast",
                   i, where);
    }
    return fc__new_cast(arg, ty);
}

static FcNode *default_promote(FcNode *arg)
{
    FcType *t = arg->ty;
    if (t->kind == FC_TY_VOID)
        fc_error_at(arg->tok, "invalid use of void expression");
    if (t->kind == FC_TY_FLOAT)
        return fc__new_cast(arg, fc__ty_double);
    if (fc__is_integer(t))
        return fc__new_cast(arg, fc__int_promote(t));
    if (t->kind == FC_TY_ARRAY || t->kind == FC_TY_VLA || t->kind == FC_TY_FUNC)
        return fc__new_cast(arg, decay(t));
    return arg;
}

/* funcall = "(" (assign ("," assign)*)? ")" */
static FcNode *funcall(FcToken **rest, FcToken *tok, FcNode *fn, const FcToken *start)
{
    fc__add_type(fn);
    FcType *ft = fn->ty;
    if (ft->kind == FC_TY_PTR && ft->base->kind == FC_TY_FUNC)
        ft = ft->base;
    if (ft->kind != FC_TY_FUNC)
        fc_error_at(start, "called object is not a function or function pointer");
    const char *name = callee_name(fn);
    char *where = name ? fc_format("'%s'", name) : "function";
    FcNode head = {0}, *cur = &head;
    FcParam *p = ft->params;
    int n = 0;
    while (!equal(tok, ")")) {
        if (n)
            tok = fc__skip(tok, ",");
        FcNode *arg = typed(fc__assign(&tok, tok));
        n++;
        if (arg->ty->kind == FC_TY_VOID)
            fc_error_at(arg->tok, "invalid use of void expression");
        if (p && ft->has_proto) {
            arg = convert_arg(arg, p->ty, n, fn);
            p = p->next;
        } else if (ft->has_proto && !ft->is_variadic) {
            fc_error_at(arg->tok, "too many arguments to function %s", where);
        } else {
            arg = default_promote(arg);
        }
        cur = cur->next = typed(arg);
    }
    if (p && ft->has_proto)
        fc_error_at(tok, "too few arguments to function %s", where);
    *rest = tok->next;
    FcNode *call = fc__new_node(FC_ND_CALL, fn->tok);
    call->lhs = fn;
    call->func_ty = ft;
    call->args = head.next;
    call->nargs = n;
    call->ty = ft->return_ty;
    if ((call->ty->kind == FC_TY_STRUCT || call->ty->kind == FC_TY_UNION) && call->ty->size < 0)
        fc_error_at(start, "calling function with incomplete return type '%s'",
                    fc__type_name(call->ty));
    return call;
}

/* postfix = "(" type-name ")" "{" initializer-list "}" postfix-tail*
 *         | primary postfix-tail*
 * postfix-tail = "[" expr "]" | "(" args ")" | "." ident | "->" ident | "++" | "--" */
static FcNode *postfix(FcToken **rest, FcToken *tok)
{
    FcNode *n;
    if (equal(tok, "(") && fc__is_typename(tok->next)) {
        FcToken *start = tok;
        FcType *ty = fc__typename(&tok, tok->next);
        tok = fc__skip(tok, ")");
        if (!equal(tok, "{"))
            expected(tok, "'{'");
        if (ty->kind == FC_TY_VLA)
            fc_error_at(start, "compound literal has variable size");
        if (!fc__p.fn) {
            FcObj *v = fc__new_anon_gvar(ty, "lit", start);
            fc__gvar_initializer(&tok, tok, v);
            v->has_init = true;
            n = fc__new_var(v, start);
        } else {
            FcObj *v = fc__new_lvar("", ty, start);
            v->addr_taken = true;
            FcNode *init = fc__lvar_initializer(&tok, tok, v);
            n = typed(fc__new_binary(FC_ND_COMMA, init, fc__new_var(v, start), start));
        }
    } else {
        n = primary(&tok, tok);
    }
    for (;;) {
        FcToken *op = tok;
        if (equal(tok, "(")) {
            n = funcall(&tok, tok->next, n, op);
            continue;
        }
        if (equal(tok, "[")) {
            FcNode *idx = fc__expr(&tok, tok->next);
            tok = fc__skip(tok, "]");
            fc__add_type(n);
            fc__add_type(idx);
            if (decay(n->ty)->kind != FC_TY_PTR && decay(idx->ty)->kind != FC_TY_PTR)
                fc_error_at(op, "subscripted value is neither array nor pointer");
            n = typed(fc__new_unary(FC_ND_DEREF, fc__new_add(n, idx, op), op));
            continue;
        }
        if (equal(tok, ".")) {
            if (tok->next->kind != FC_TK_IDENT && tok->next->kind != FC_TK_KEYWORD)
                expected(tok->next, "identifier");
            n = fc__member_access(n, tok->next);
            tok = tok->next->next;
            continue;
        }
        if (equal(tok, "->")) {
            fc__add_type(n);
            FcType *t = decay(n->ty);
            if (t->kind != FC_TY_PTR ||
                (t->base->kind != FC_TY_STRUCT && t->base->kind != FC_TY_UNION))
                fc_error_at(op, "invalid type argument of '->' (have '%s')", fc__type_name(n->ty));
            if (tok->next->kind != FC_TK_IDENT && tok->next->kind != FC_TK_KEYWORD)
                expected(tok->next, "identifier");
            n = typed(fc__new_unary(FC_ND_DEREF, n, op));
            n = fc__member_access(n, tok->next);
            tok = tok->next->next;
            continue;
        }
        if (equal(tok, "++") || equal(tok, "--")) {
            fc__add_type(n);
            if (!fc__is_scalar(n->ty) || n->kind == FC_ND_NUM || n->kind == FC_ND_CAST)
                fc_error_at(op, "lvalue required as %s operand",
                            equal(op, "++") ? "increment" : "decrement");
            n = compound_assign(n, equal(op, "++") ? FC_ND_ADD : FC_ND_SUB,
                                fc__new_num(1, fc__ty_int, op), op, true);
            tok = tok->next;
            continue;
        }
        *rest = tok;
        return n;
    }
}

/* ------------------------------------------------------------- builtins */

static FcNode *builtin_node(FcBuiltin kind, FcType *ty, const FcToken *tok)
{
    FcNode *n = fc__new_node(FC_ND_BUILTIN, tok);
    n->val = kind;
    n->ty = ty;
    return n;
}

static FcNode *arg_expr(FcToken **tok, bool first)
{
    if (!first)
        *tok = fc__skip(*tok, ",");
    return typed(fc__assign(tok, *tok));
}

static FcNode *to_type(FcNode *e, FcType *ty, const char *what)
{
    fc__add_type(e);
    FcType *d = decay(e->ty);
    if (ty->kind == FC_TY_PTR ? d->kind != FC_TY_PTR : !fc__is_numeric(d))
        fc_error_at(e->tok, "invalid argument to '%s'", what);
    return fc__new_cast(e, ty);
}

static bool name_is(const FcToken *tok, const char *s)
{
    return (size_t)tok->len == strlen(s) && memcmp(tok->loc, s, (size_t)tok->len) == 0;
}

/* offsetof-designator = ident ("." ident | "[" expr "]")* */
static FcNode *builtin_offsetof(FcToken **tok, const FcToken *name)
{
    FcType *ty = fc__typename(tok, *tok);
    *tok = fc__skip(*tok, ",");
    /* ((T *)0)->designator, evaluated as an address constant */
    FcNode *base = fc__new_cast(fc__new_num(0, fc__ty_long, name), fc__pointer_to(ty));
    FcNode *n = typed(fc__new_unary(FC_ND_DEREF, base, name));
    if (!equal(*tok, "["))
        goto member;
    for (;;) {
        if (equal(*tok, ".")) {
            *tok = (*tok)->next;
        member:
            if ((*tok)->kind != FC_TK_IDENT && (*tok)->kind != FC_TK_KEYWORD)
                expected(*tok, "identifier");
            n = fc__member_access(n, *tok);
            if (n->member->is_bitfield)
                fc_error_at(*tok, "attempt to take address of bit-field structure member");
            *tok = (*tok)->next;
        } else if (equal(*tok, "[")) {
            FcToken *op = *tok;
            FcNode *idx = fc__expr(tok, (*tok)->next);
            *tok = fc__skip(*tok, "]");
            n = typed(fc__new_unary(FC_ND_DEREF, fc__new_add(n, idx, op), op));
        } else {
            break;
        }
    }
    FcObj *obj;
    int64_t off;
    FcNode *addr = typed(fc__new_unary(FC_ND_ADDR, n, name));
    if (!fc__try_const_addr(addr, &obj, &off) || obj)
        fc_error_at(name, "'__builtin_offsetof' designator is not a constant");
    return fc__new_num(off, fc__ty_ulong, name);
}

/* builtin = "__builtin_NAME" "(" args ")" */
static FcNode *builtin(FcToken **rest, FcToken *tok)
{
    const FcToken *name = tok;
    const char *s = fc_strndup(tok->loc, (size_t)tok->len) + 10;
    tok = tok->next->next; /* past "(" */
    FcNode *n = NULL;
    FcObj *fn = fc__p.fn;

    if (!strcmp(s, "va_start")) {
        FcNode *ap = arg_expr(&tok, true);
        if (equal(tok, ","))
            arg_expr(&tok, false);
        if (!fn || !fn->va_area)
            fc_error_at(name, "'va_start' used in function with fixed arguments");
        fc__check_lvalue(ap, ap->tok);
        n = typed(fc__new_binary(FC_ND_ASSIGN, ap,
                                 fc__new_cast(fc__new_var(fn->va_area, name), ap->ty), name));
    } else if (!strcmp(s, "va_end")) {
        n = fc__new_cast(arg_expr(&tok, true), fc__ty_void);
    } else if (!strcmp(s, "va_copy")) {
        FcNode *d = arg_expr(&tok, true);
        FcNode *src = arg_expr(&tok, false);
        fc__check_lvalue(d, d->tok);
        n = typed(fc__new_binary(FC_ND_ASSIGN, d, src, name));
    } else if (!strcmp(s, "va_arg")) {
        FcNode *ap = arg_expr(&tok, true);
        tok = fc__skip(tok, ",");
        FcType *ty = fc__typename(&tok, tok);
        fc__check_lvalue(ap, ap->tok);
        if (ap->ty->kind != FC_TY_PTR)
            fc_error_at(ap->tok, "first argument to 'va_arg' not of type 'va_list'");
        if (ty->size < 0 || ty->kind == FC_TY_VOID || ty->kind == FC_TY_ARRAY ||
            ty->kind == FC_TY_FUNC || ty->kind == FC_TY_VLA)
            fc_error_at(name, "invalid type for 'va_arg'");
        n = builtin_node(FC_BI_VA_ARG, ty, name);
        n->lhs = ap;
    } else if (!strcmp(s, "speculate")) {
        n = builtin_node(FC_BI_SPECULATE, fc__ty_int, name);
    } else if (!strcmp(s, "commit")) {
        n = builtin_node(FC_BI_COMMIT, fc__ty_void, name);
        n->lhs = to_type(arg_expr(&tok, true), fc__ty_int, "commit");
    } else if (!strcmp(s, "abort_level")) {
        if (equal(tok, ")")) {
            n = builtin_node(FC_BI_ABORT, fc__ty_void, name);
        } else {
            n = builtin_node(FC_BI_ROLLBACK, fc__ty_void, name);
            n->lhs = to_type(arg_expr(&tok, true), fc__ty_int, "abort");
        }
    } else if (!strcmp(s, "migrate")) {
        n = builtin_node(FC_BI_MIGRATE, fc__ty_int, name);
        n->lhs = to_type(arg_expr(&tok, true), fc__pointer_to(fc__ty_char), "migrate");
    } else if (!strcmp(s, "setjmp")) {
        n = builtin_node(FC_BI_SETJMP, fc__ty_int, name);
        n->lhs = to_type(arg_expr(&tok, true), fc__pointer_to(fc__ty_void), "setjmp");
    } else if (!strcmp(s, "longjmp")) {
        n = builtin_node(FC_BI_LONGJMP, fc__ty_void, name);
        n->lhs = to_type(arg_expr(&tok, true), fc__pointer_to(fc__ty_void), "longjmp");
        n->rhs = to_type(arg_expr(&tok, false), fc__ty_int, "longjmp");
    } else if (!strcmp(s, "expect") || !strcmp(s, "expect_with_probability")) {
        FcNode *e = arg_expr(&tok, true);
        arg_expr(&tok, false);
        if (equal(tok, ","))
            arg_expr(&tok, false);
        n = to_type(e, fc__ty_long, "__builtin_expect");
    } else if (!strcmp(s, "assume_aligned")) {
        n = arg_expr(&tok, true);
        while (equal(tok, ","))
            arg_expr(&tok, false);
    } else if (!strcmp(s, "unreachable") || !strcmp(s, "trap")) {
        n = builtin_node(FC_BI_TRAP, fc__ty_void, name);
    } else if (!strcmp(s, "offsetof")) {
        n = builtin_offsetof(&tok, name);
    } else if (!strcmp(s, "types_compatible_p")) {
        FcType *a = fc__typename(&tok, tok);
        tok = fc__skip(tok, ",");
        FcType *b = fc__typename(&tok, tok);
        n = fc__new_num(fc__is_compatible(fc__unqual(a), fc__unqual(b)), fc__ty_int, name);
    } else if (!strcmp(s, "constant_p")) {
        FcNode *e = arg_expr(&tok, true);
        int64_t v;
        double d;
        bool c = fc__try_const_int(e, &v) || (fc__is_flonum(e->ty) && fc__try_const_float(e, &d));
        n = fc__new_num(c, fc__ty_int, name);
    } else if (!strcmp(s, "huge_val") || !strcmp(s, "inf") || !strcmp(s, "huge_vall") ||
               !strcmp(s, "infl")) {
        n = fc__new_num(0, fc__ty_double, name);
        n->fval = HUGE_VAL;
    } else if (!strcmp(s, "huge_valf") || !strcmp(s, "inff")) {
        n = fc__new_num(0, fc__ty_float, name);
        n->fval = HUGE_VAL;
    } else if (!strcmp(s, "nan") || !strcmp(s, "nanf") || !strcmp(s, "nanl")) {
        if (tok->kind != FC_TK_STR)
            fc_error_at(tok, "'__builtin_%s' needs a string argument", s);
        const FcToken *t = tok;
        fc__parse_string(&t);
        tok = (FcToken *)t;
        n = fc__new_num(0, !strcmp(s, "nanf") ? fc__ty_float : fc__ty_double, name);
        n->fval = NAN;
    } else if (!strncmp(s, "clz", 3) || !strncmp(s, "ctz", 3) || !strncmp(s, "popcount", 8)) {
        const char *suffix = s + (s[0] == 'p' ? 8 : 3);
        bool wide = !strcmp(suffix, "l") || !strcmp(suffix, "ll");
        if (*suffix && !wide)
            goto unknown;
        FcBuiltin k = s[0] == 'p' ? FC_BI_POPCOUNT : s[1] == 'l' ? FC_BI_CLZ : FC_BI_CTZ;
        n = builtin_node(k, fc__ty_int, name);
        n->lhs = to_type(arg_expr(&tok, true), wide ? fc__ty_ulong : fc__ty_uint, s);
    } else if (!strcmp(s, "bswap16") || !strcmp(s, "bswap32") || !strcmp(s, "bswap64")) {
        FcType *ty = s[5] == '1' ? fc__ty_ushort : s[5] == '3' ? fc__ty_uint : fc__ty_ulong;
        n = builtin_node(FC_BI_BSWAP, ty, name);
        n->lhs = to_type(arg_expr(&tok, true), ty, s);
    } else if (!strcmp(s, "fir_alloc") || !strcmp(s, "alloca")) {
        n = builtin_node(s[0] == 'f' ? FC_BI_ALLOC : FC_BI_ALLOCA, fc__pointer_to(fc__ty_void),
                         name);
        n->lhs = to_type(arg_expr(&tok, true), fc__ty_ulong, s);
    } else if (!strcmp(s, "fir_free")) {
        n = builtin_node(FC_BI_FREE, fc__ty_void, name);
        n->lhs = to_type(arg_expr(&tok, true), fc__pointer_to(fc__ty_void), s);
    } else if (!strcmp(s, "fir_blocksize")) {
        n = builtin_node(FC_BI_BLOCKSIZE, fc__ty_ulong, name);
        n->lhs = to_type(arg_expr(&tok, true), fc__pointer_to(fc__ty_void), s);
    } else {
    unknown:
        fc_error_at(name, "implicit declaration of function '%.*s'", name->len, name->loc);
    }
    *rest = fc__skip(tok, ")");
    return typed(n);
}

/* generic-selection = "(" assign ("," (type-name | "default") ":" assign)+ ")" */
static FcNode *generic_selection(FcToken **rest, FcToken *tok)
{
    const FcToken *start = tok;
    tok = fc__skip(tok->next, "(");
    FcNode *ctrl = typed(fc__assign(&tok, tok));
    FcType *t = fc__unqual(decay(ctrl->ty));
    FcNode *chosen = NULL, *def = NULL;
    while (fc__consume(&tok, tok, ",")) {
        if (equal(tok, "default")) {
            tok = fc__skip(tok->next, ":");
            def = fc__assign(&tok, tok);
            continue;
        }
        FcType *ty = fc__typename(&tok, tok);
        tok = fc__skip(tok, ":");
        FcNode *e = fc__assign(&tok, tok);
        if (!chosen && fc__is_compatible(t, fc__unqual(ty)))
            chosen = e;
    }
    *rest = fc__skip(tok, ")");
    if (!chosen)
        chosen = def;
    if (!chosen)
        fc_error_at(start, "'_Generic' selector of type '%s' is not compatible with any association",
                    fc__type_name(t));
    return typed(chosen);
}

/* ---------------------------------------------------------------- primary */

static FcNode *func_name(const FcToken *tok)
{
    if (!fc__p.fn)
        fc_error_at(tok, "'%.*s' is not defined outside of function scope", tok->len, tok->loc);
    if (!fc__p.func_name) {
        const char *name = fc__p.fn->name;
        FcString s = {(uint8_t *)fc_strndup(name, strlen(name)), (int64_t)strlen(name) + 1,
                      fc__ty_char};
        fc__p.func_name = fc__string_literal(&s, tok);
    }
    return fc__new_var(fc__p.func_name, tok);
}

/* primary = "(" "{" stmt+ "}" ")" | "(" expr ")" | num | char | str+ | ident | builtin
 *         | "_Generic" generic-selection */
static FcNode *primary(FcToken **rest, FcToken *tok)
{
    FcToken *start = tok;
    if (equal(tok, "(") && equal(tok->next, "{")) {
        if (!fc__p.fn)
            fc_error_at(tok, "braced-group within expression allowed only inside a function");
        FcNode *n = fc__new_node(FC_ND_STMT_EXPR, tok);
        FcNode *blk = fc__compound_stmt(&tok, tok->next->next);
        n->body = blk->body;
        *rest = fc__skip(tok, ")");
        return typed(n);
    }
    if (equal(tok, "(")) {
        FcNode *n = fc__expr(&tok, tok->next);
        *rest = fc__skip(tok, ")");
        return n;
    }
    if (tok->kind == FC_TK_NUM) {
        *rest = tok->next;
        return fc__parse_number(tok);
    }
    if (tok->kind == FC_TK_CHAR) {
        *rest = tok->next;
        return fc__parse_char(tok);
    }
    if (tok->kind == FC_TK_STR) {
        const FcToken *t = tok;
        FcString s = fc__parse_string(&t);
        *rest = (FcToken *)t;
        return fc__new_var(fc__string_literal(&s, start), start);
    }
    if (equal(tok, "_Generic"))
        return generic_selection(rest, tok);
    if (tok->kind == FC_TK_IDENT || tok->kind == FC_TK_KEYWORD) {
        FcSym *sym = tok->kind == FC_TK_IDENT ? fc__find_var(tok) : NULL;
        if (sym && sym->var) {
            *rest = tok->next;
            if (sym->var->is_function)
                sym->var->is_referenced = true;
            return fc__new_var(sym->var, tok);
        }
        if (sym && sym->enum_ty) {
            *rest = tok->next;
            return fc__new_num(sym->enum_val, sym->enum_ty, tok);
        }
        if (sym && sym->type_def)
            fc_error_at(tok, "expected expression before '%.*s'", tok->len, tok->loc);
        if (equal(tok, "__func__") || equal(tok, "__FUNCTION__") ||
            equal(tok, "__PRETTY_FUNCTION__")) {
            *rest = tok->next;
            return func_name(tok);
        }
        if (tok->len > 10 && !memcmp(tok->loc, "__builtin_", 10) && equal(tok->next, "(") &&
            !name_is(tok, "__builtin_va_list"))
            return builtin(rest, tok);
        if (tok->kind == FC_TK_IDENT) {
            if (equal(tok->next, "("))
                fc_error_at(tok, "implicit declaration of function '%.*s'", tok->len, tok->loc);
            fc_error_at(tok, "'%.*s' undeclared%s", tok->len, tok->loc,
                        fc__p.fn ? " (first use in this function)" : " here (not in a function)");
        }
    }
    expected(tok, "expression");
}

/* -------------------------------------------------- constant evaluation */

static int64_t wrap(const FcType *ty, uint64_t v)
{
    switch (ty->size) {
    case 1:
        if (ty->kind == FC_TY_BOOL)
            return v != 0;
        return ty->is_unsigned ? (int64_t)(uint8_t)v : (int64_t)(int8_t)v;
    case 2: return ty->is_unsigned ? (int64_t)(uint16_t)v : (int64_t)(int16_t)v;
    case 4: return ty->is_unsigned ? (int64_t)(uint32_t)v : (int64_t)(int32_t)v;
    default: return (int64_t)v;
    }
}

static bool eval(FcNode *n, int64_t *v);

static bool eval_bool(FcNode *n, bool *b)
{
    int64_t v;
    double d;
    fc__add_type(n);
    if (fc__is_flonum(n->ty)) {
        if (!fc__try_const_float(n, &d))
            return false;
        *b = d != 0;
        return true;
    }
    if (fc__is_integer(n->ty) && eval(n, &v)) {
        *b = v != 0;
        return true;
    }
    FcObj *obj;
    if (fc__try_const_addr(n, &obj, &v)) {
        *b = obj != NULL || v != 0;
        return true;
    }
    return false;
}

static bool eval(FcNode *n, int64_t *v)
{
    int64_t a, b;
    bool x;
    if (!n->ty)
        fc__add_type(n);
    FcType *ty = n->ty;
    switch (n->kind) {
    case FC_ND_NUM:
        if (!fc__is_integer(ty) && ty->kind != FC_TY_PTR)
            return false;
        *v = n->val;
        return true;
    case FC_ND_ADD: case FC_ND_SUB: case FC_ND_MUL: case FC_ND_DIV: case FC_ND_MOD:
    case FC_ND_BITAND: case FC_ND_BITOR: case FC_ND_BITXOR: case FC_ND_SHL: case FC_ND_SHR: {
        if (!fc__is_integer(ty) || !eval(n->lhs, &a) || !eval(n->rhs, &b))
            return false;
        uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
        int bits = (int)ty->size * 8;
        switch (n->kind) {
        case FC_ND_ADD: *v = wrap(ty, ua + ub); return true;
        case FC_ND_SUB: *v = wrap(ty, ua - ub); return true;
        case FC_ND_MUL: *v = wrap(ty, ua * ub); return true;
        case FC_ND_DIV: case FC_ND_MOD:
            if (b == 0)
                return false;
            if (ty->is_unsigned) {
                uint64_t m = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
                ua &= m;
                ub &= m;
                *v = wrap(ty, n->kind == FC_ND_DIV ? ua / ub : ua % ub);
            } else if (b == -1) {
                *v = wrap(ty, n->kind == FC_ND_DIV ? 0 - ua : 0);
            } else {
                *v = wrap(ty, (uint64_t)(n->kind == FC_ND_DIV ? a / b : a % b));
            }
            return true;
        case FC_ND_BITAND: *v = wrap(ty, ua & ub); return true;
        case FC_ND_BITOR: *v = wrap(ty, ua | ub); return true;
        case FC_ND_BITXOR: *v = wrap(ty, ua ^ ub); return true;
        case FC_ND_SHL: *v = wrap(ty, ua << (ub & (uint64_t)(bits - 1))); return true;
        default: /* SHR */
            if (ty->is_unsigned) {
                uint64_t m = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
                *v = wrap(ty, (ua & m) >> (ub & (uint64_t)(bits - 1)));
            } else {
                *v = wrap(ty, (uint64_t)(a >> (ub & (uint64_t)(bits - 1))));
            }
            return true;
        }
    }
    case FC_ND_EQ: case FC_ND_NE: case FC_ND_LT: case FC_ND_LE: {
        FcType *ot = n->lhs->ty;
        if (fc__is_flonum(ot)) {
            double da, db;
            if (!fc__try_const_float(n->lhs, &da) || !fc__try_const_float(n->rhs, &db))
                return false;
            *v = n->kind == FC_ND_EQ ? da == db : n->kind == FC_ND_NE ? da != db
                : n->kind == FC_ND_LT ? da < db : da <= db;
            return true;
        }
        if (!fc__is_integer(ot) || !eval(n->lhs, &a) || !eval(n->rhs, &b))
            return false;
        bool lt = ot->is_unsigned ? (uint64_t)a < (uint64_t)b : a < b;
        *v = n->kind == FC_ND_EQ ? a == b : n->kind == FC_ND_NE ? a != b
            : n->kind == FC_ND_LT ? lt : (lt || a == b);
        return true;
    }
    case FC_ND_NEG:
        if (!fc__is_integer(ty) || !eval(n->lhs, &a))
            return false;
        *v = wrap(ty, 0 - (uint64_t)a);
        return true;
    case FC_ND_BITNOT:
        if (!eval(n->lhs, &a))
            return false;
        *v = wrap(ty, ~(uint64_t)a);
        return true;
    case FC_ND_NOT:
        if (!eval_bool(n->lhs, &x))
            return false;
        *v = !x;
        return true;
    case FC_ND_LOGAND: case FC_ND_LOGOR: {
        bool y;
        if (!eval_bool(n->lhs, &x))
            return false;
        if (n->kind == FC_ND_LOGAND ? !x : x) {
            *v = x;
            return true;
        }
        if (!eval_bool(n->rhs, &y))
            return false;
        *v = y;
        return true;
    }
    case FC_ND_COND:
        if (!fc__is_integer(ty) || !eval_bool(n->cond, &x))
            return false;
        if (x)
            return n->then ? eval(n->then, v) : eval(n->cond, v);
        return eval(n->els, v);
    case FC_ND_COMMA:
        return eval(n->rhs, v);
    case FC_ND_CAST: {
        FcType *from = n->lhs->ty;
        if (ty->kind == FC_TY_VOID)
            return false;
        if (fc__is_integer(from) || from->kind == FC_TY_PTR) {
            if (eval(n->lhs, &a)) {
                *v = wrap(ty, (uint64_t)a);
                return fc__is_integer(ty) || ty->kind == FC_TY_PTR;
            }
            if (ty->kind == FC_TY_BOOL)
                return eval_bool(n->lhs, &x) && ((*v = x), true);
            FcObj *obj;
            if ((fc__is_integer(ty) || ty->kind == FC_TY_PTR) &&
                fc__try_const_addr(n->lhs, &obj, &a) && !obj) {
                *v = wrap(ty, (uint64_t)a);
                return true;
            }
            return false;
        }
        if (fc__is_flonum(from) && fc__is_integer(ty)) {
            double d;
            if (!fc__try_const_float(n->lhs, &d) || d != d)
                return false;
            if (ty->kind == FC_TY_BOOL) {
                *v = d != 0;
                return true;
            }
            if (ty->is_unsigned) {
                if (d <= -1.0 || d >= 18446744073709551616.0)
                    return false;
                *v = wrap(ty, (uint64_t)d);
            } else {
                if (d <= -9223372036854775809.0 || d >= 9223372036854775808.0)
                    return false;
                *v = wrap(ty, (uint64_t)(int64_t)d);
            }
            return true;
        }
        return false;
    }
    default:
        return false;
    }
}

bool fc__try_const_int(FcNode *n, int64_t *v)
{
    fc__add_type(n);
    if (!fc__is_integer(n->ty) && n->ty->kind != FC_TY_PTR)
        return false;
    return eval(n, v);
}

int64_t fc__const_int(FcNode *n)
{
    int64_t v;
    fc__add_type(n);
    if (!fc__is_integer(n->ty) || !eval(n, &v))
        fc_error_at(n->tok, "expression is not an integer constant expression");
    return v;
}

int64_t fc__const_expr(FcToken **rest, FcToken *tok)
{
    FcNode *n = fc__conditional(rest, tok);
    return fc__const_int(n);
}

bool fc__try_const_float(FcNode *n, double *d)
{
    fc__add_type(n);
    double a, b;
    int64_t v;
    switch (n->kind) {
    case FC_ND_NUM:
        if (fc__is_flonum(n->ty))
            *d = n->fval;
        else
            *d = n->ty->is_unsigned ? (double)(uint64_t)n->val : (double)n->val;
        return true;
    case FC_ND_ADD: case FC_ND_SUB: case FC_ND_MUL: case FC_ND_DIV:
        if (!fc__is_flonum(n->ty)) {
            if (!eval(n, &v))
                return false;
            *d = n->ty->is_unsigned ? (double)(uint64_t)v : (double)v;
            return true;
        }
        if (!fc__try_const_float(n->lhs, &a) || !fc__try_const_float(n->rhs, &b))
            return false;
        *d = n->kind == FC_ND_ADD ? a + b : n->kind == FC_ND_SUB ? a - b
           : n->kind == FC_ND_MUL ? a * b : a / b;
        if (n->ty->kind == FC_TY_FLOAT)
            *d = (float)*d;
        return true;
    case FC_ND_NEG:
        if (!fc__try_const_float(n->lhs, &a))
            return false;
        *d = -a;
        return true;
    case FC_ND_CAST:
        if (fc__is_flonum(n->lhs->ty)) {
            if (!fc__try_const_float(n->lhs, &a))
                return false;
        } else if (fc__is_integer(n->lhs->ty)) {
            if (!eval(n->lhs, &v))
                return false;
            a = n->lhs->ty->is_unsigned ? (double)(uint64_t)v : (double)v;
        } else {
            return false;
        }
        if (fc__is_integer(n->ty)) {
            if (!eval(n, &v))
                return false;
            *d = n->ty->is_unsigned ? (double)(uint64_t)v : (double)v;
            return true;
        }
        *d = n->ty->kind == FC_TY_FLOAT ? (double)(float)a : a;
        return true;
    case FC_ND_COND: {
        bool x;
        if (!eval_bool(n->cond, &x))
            return false;
        FcNode *e = x ? (n->then ? n->then : n->cond) : n->els;
        return fc__try_const_float(e, d);
    }
    case FC_ND_COMMA:
        return fc__try_const_float(n->rhs, d);
    default:
        if (fc__is_integer(n->ty) && eval(n, &v)) {
            *d = n->ty->is_unsigned ? (double)(uint64_t)v : (double)v;
            return true;
        }
        return false;
    }
}

static bool const_lvalue(FcNode *n, FcObj **obj, int64_t *off)
{
    switch (n->kind) {
    case FC_ND_VAR:
        if (n->var->is_local)
            return false;
        *obj = n->var;
        *off = 0;
        return true;
    case FC_ND_DEREF:
        return fc__try_const_addr(n->lhs, obj, off);
    case FC_ND_MEMBER:
        if (n->member->is_bitfield || !const_lvalue(n->lhs, obj, off))
            return false;
        *off += n->member->offset;
        return true;
    case FC_ND_COMMA:
        return const_lvalue(n->rhs, obj, off);
    default:
        return false;
    }
}

bool fc__try_const_addr(FcNode *n, FcObj **obj, int64_t *off)
{
    fc__add_type(n);
    int64_t v;
    switch (n->kind) {
    case FC_ND_NUM:
        if (!fc__is_integer(n->ty) && n->ty->kind != FC_TY_PTR)
            return false;
        *obj = NULL;
        *off = n->val;
        return true;
    case FC_ND_VAR:
        if (n->var->is_local)
            return false;
        if (n->ty->kind != FC_TY_ARRAY && n->ty->kind != FC_TY_FUNC)
            return false;
        *obj = n->var;
        *off = 0;
        return true;
    case FC_ND_ADDR:
        return const_lvalue(n->lhs, obj, off);
    case FC_ND_DEREF:
        /* *&x or (*p) of array/function type used as a value */
        if (n->ty->kind != FC_TY_ARRAY && n->ty->kind != FC_TY_FUNC)
            return false;
        return fc__try_const_addr(n->lhs, obj, off);
    case FC_ND_MEMBER:
        if (n->ty->kind != FC_TY_ARRAY)
            return false;
        return const_lvalue(n, obj, off);
    case FC_ND_PTR_ADD:
        if (!fc__try_const_addr(n->lhs, obj, off) || !fc__try_const_int(n->rhs, &v))
            return false;
        *off += v;
        return true;
    case FC_ND_CAST:
        if (n->ty->kind != FC_TY_PTR && !(fc__is_integer(n->ty) && n->ty->size == 8)) {
            if (fc__is_integer(n->ty) && fc__try_const_int(n, &v)) {
                *obj = NULL;
                *off = v;
                return true;
            }
            return false;
        }
        if (fc__is_flonum(n->lhs->ty))
            return false;
        return fc__try_const_addr(n->lhs, obj, off);
    case FC_ND_COND: {
        bool x;
        if (!eval_bool(n->cond, &x))
            return false;
        return fc__try_const_addr(x ? (n->then ? n->then : n->cond) : n->els, obj, off);
    }
    case FC_ND_COMMA:
        return fc__try_const_addr(n->rhs, obj, off);
    default:
        if (fc__is_integer(n->ty) && eval(n, &v)) {
            *obj = NULL;
            *off = v;
            return true;
        }
        return false;
    }
}
