/*
 * type.c - C types of the FIR data model and the typing of expressions.
 *
 * Sizes and alignments are those of x86-64 System V (char is signed, long is
 * 64 bits, long double is represented as double).  Struct layout follows gcc:
 * bit-fields are packed into units of their declared type and never straddle
 * a unit boundary (except in packed structs), unnamed bit-fields do not raise
 * the struct alignment, a zero-width bit-field aligns the next field to its
 * type.
 *
 * Qualifiers: a const type is a copy with is_const set (origin: the
 * unqualified type); compatibility requires equal qualifiers, so `const char *`
 * and `char *` differ, as do char, signed char and unsigned char.  A const
 * copy of a struct made before its body is seen is completed with it.
 *
 * fc__add_type walks an expression tree once: after it every node has a type,
 * arithmetic operands have been converted to their common type (as explicit
 * FC_ND_CAST nodes) and invalid operand combinations have been reported.
 */
#include "frontend-c/cc.h"

#include <string.h>

/* --------------------------------------------------------- basic types */

static FcType basic[] = {
    {.kind = FC_TY_VOID, .size = 1, .align = 1},
    {.kind = FC_TY_BOOL, .size = 1, .align = 1, .is_unsigned = true},
    {.kind = FC_TY_CHAR, .size = 1, .align = 1},
    {.kind = FC_TY_CHAR, .size = 1, .align = 1},
    {.kind = FC_TY_CHAR, .size = 1, .align = 1, .is_unsigned = true},
    {.kind = FC_TY_SHORT, .size = 2, .align = 2},
    {.kind = FC_TY_SHORT, .size = 2, .align = 2, .is_unsigned = true},
    {.kind = FC_TY_INT, .size = 4, .align = 4},
    {.kind = FC_TY_INT, .size = 4, .align = 4, .is_unsigned = true},
    {.kind = FC_TY_LONG, .size = 8, .align = 8},
    {.kind = FC_TY_LONG, .size = 8, .align = 8, .is_unsigned = true},
    {.kind = FC_TY_LLONG, .size = 8, .align = 8},
    {.kind = FC_TY_LLONG, .size = 8, .align = 8, .is_unsigned = true},
    {.kind = FC_TY_FLOAT, .size = 4, .align = 4},
    {.kind = FC_TY_DOUBLE, .size = 8, .align = 8},
    {.kind = FC_TY_LDOUBLE, .size = 8, .align = 8},
};

FcType *fc__ty_void = &basic[0], *fc__ty_bool = &basic[1], *fc__ty_char = &basic[2],
       *fc__ty_schar = &basic[3], *fc__ty_uchar = &basic[4], *fc__ty_short = &basic[5],
       *fc__ty_ushort = &basic[6], *fc__ty_int = &basic[7], *fc__ty_uint = &basic[8],
       *fc__ty_long = &basic[9], *fc__ty_ulong = &basic[10], *fc__ty_llong = &basic[11],
       *fc__ty_ullong = &basic[12], *fc__ty_float = &basic[13], *fc__ty_double = &basic[14],
       *fc__ty_ldouble = &basic[15];

FcType *fc__new_type(FcTypeKind kind, int64_t size, int align)
{
    FcType *ty = fc_alloc(sizeof *ty);
    ty->kind = kind;
    ty->size = size;
    ty->align = align;
    return ty;
}

FcType *fc__copy_type(FcType *ty)
{
    FcType *t = fc_alloc(sizeof *t);
    *t = *ty;
    t->origin = ty;
    return t;
}

FcType *fc__unqual(FcType *ty)
{
    while (ty->origin && ty->is_const)
        ty = ty->origin;
    return ty;
}

FcType *fc__pointer_to(FcType *base)
{
    FcType *ty = fc__new_type(FC_TY_PTR, 8, 8);
    ty->base = base;
    ty->is_unsigned = true;
    return ty;
}

FcType *fc__array_of(FcType *base, int64_t len)
{
    FcType *ty = fc__new_type(FC_TY_ARRAY, len < 0 || base->size < 0 ? -1 : base->size * len,
                              base->align);
    ty->base = base;
    ty->array_len = len;
    return ty;
}

FcType *fc__vla_of(FcType *base, FcNode *len)
{
    FcType *ty = fc__new_type(FC_TY_VLA, 8, base->align);
    ty->base = base;
    ty->vla_len = len;
    ty->vla_size = fc__new_lvar("", fc__ty_long, len->tok); /* byte size, set at run time */
    return ty;
}

FcType *fc__func_type(FcType *ret)
{
    FcType *ty = fc__new_type(FC_TY_FUNC, 1, 1);
    ty->return_ty = ret;
    return ty;
}

FcType *fc__enum_type(void)
{
    return fc__new_type(FC_TY_ENUM, 4, 4);
}

FcType *fc__struct_type(void)
{
    return fc__new_type(FC_TY_STRUCT, -1, 1);
}

/* ----------------------------------------------------------- predicates */

bool fc__is_integer(const FcType *ty)
{
    FcTypeKind k = ty->kind;
    return k == FC_TY_BOOL || k == FC_TY_CHAR || k == FC_TY_SHORT || k == FC_TY_INT ||
           k == FC_TY_LONG || k == FC_TY_LLONG || k == FC_TY_ENUM;
}

bool fc__is_flonum(const FcType *ty)
{
    return ty->kind == FC_TY_FLOAT || ty->kind == FC_TY_DOUBLE || ty->kind == FC_TY_LDOUBLE;
}

bool fc__is_numeric(const FcType *ty)
{
    return fc__is_integer(ty) || fc__is_flonum(ty);
}

bool fc__is_scalar(const FcType *ty)
{
    return fc__is_numeric(ty) || ty->kind == FC_TY_PTR;
}

bool fc__is_pointer_like(const FcType *ty)
{
    return ty->kind == FC_TY_PTR || ty->kind == FC_TY_ARRAY || ty->kind == FC_TY_VLA;
}

bool fc__is_aggregate(const FcType *ty)
{
    return ty->kind == FC_TY_STRUCT || ty->kind == FC_TY_UNION || ty->kind == FC_TY_ARRAY ||
           ty->kind == FC_TY_VLA;
}

static const FcType *root(const FcType *t)
{
    while (t->origin)
        t = t->origin;
    return t;
}

bool fc__is_compatible(const FcType *a, const FcType *b)
{
    if (a == b)
        return true;
    /* compatible types have identical qualifiers (C11 6.7.3p10) */
    if (a->is_const != b->is_const)
        return false;
    if (root(a) == root(b))
        return true;
    if (a->kind != b->kind) {
        /* a variable length array is compatible with any array of a compatible
         * element type; long and long long are distinct even with the same size */
        if ((a->kind == FC_TY_VLA && b->kind == FC_TY_ARRAY) ||
            (a->kind == FC_TY_ARRAY && b->kind == FC_TY_VLA))
            return fc__is_compatible(a->base, b->base);
        /* an enum is compatible with its underlying type, unsigned int when no
         * enumerator is negative, else int (as gcc) */
        if ((a->kind == FC_TY_ENUM && b->kind == FC_TY_INT) ||
            (a->kind == FC_TY_INT && b->kind == FC_TY_ENUM))
            return a->is_unsigned == b->is_unsigned;
        return false;
    }
    switch (a->kind) {
    case FC_TY_VOID: case FC_TY_BOOL: case FC_TY_FLOAT: case FC_TY_DOUBLE: case FC_TY_LDOUBLE:
        return true;
    case FC_TY_CHAR:
        /* char, signed char and unsigned char are three distinct types */
        return false;
    case FC_TY_SHORT: case FC_TY_INT: case FC_TY_LONG: case FC_TY_LLONG:
        return a->is_unsigned == b->is_unsigned;
    case FC_TY_PTR:
        return fc__is_compatible(a->base, b->base);
    case FC_TY_FUNC: {
        /* qualifiers of the return type and of parameters do not count */
        if (!fc__is_compatible(fc__unqual(a->return_ty), fc__unqual(b->return_ty)))
            return false;
        if (!a->has_proto || !b->has_proto)
            return true;
        if (a->is_variadic != b->is_variadic)
            return false;
        const FcParam *p = a->params, *q = b->params;
        for (; p && q; p = p->next, q = q->next)
            if (!fc__is_compatible(fc__unqual(p->ty), fc__unqual(q->ty)))
                return false;
        return p == NULL && q == NULL;
    }
    case FC_TY_ARRAY:
        if (!fc__is_compatible(a->base, b->base))
            return false;
        return a->array_len < 0 || b->array_len < 0 || a->array_len == b->array_len;
    case FC_TY_VLA:
        return fc__is_compatible(a->base, b->base);
    default:
        return false;
    }
}

/* The innermost element type of an array type (qualifiers of an array are
 * those of its elements). */
static const FcType *elem_type(const FcType *t)
{
    while (t->kind == FC_TY_ARRAY || t->kind == FC_TY_VLA)
        t = t->base;
    return t;
}

/* Same type apart from the qualifiers of the elements? */
static bool same_array_unqual(const FcType *a, const FcType *b)
{
    while ((a->kind == FC_TY_ARRAY || a->kind == FC_TY_VLA) && a->kind == b->kind) {
        if (a->kind == FC_TY_ARRAY && a->array_len >= 0 && b->array_len >= 0 &&
            a->array_len != b->array_len)
            return false;
        a = a->base;
        b = b->base;
    }
    return fc__is_compatible(fc__unqual((FcType *)a), fc__unqual((FcType *)b));
}

FcPtrConv fc__ptr_conversion(const FcType *to, const FcType *from)
{
    const FcType *t = to->base, *f = from->base;
    bool discards = elem_type(f)->is_const && !elem_type(t)->is_const;
    FcType *ut = fc__unqual((FcType *)t), *uf = fc__unqual((FcType *)f);
    if (ut->kind == FC_TY_VOID || uf->kind == FC_TY_VOID || fc__is_compatible(ut, uf) ||
        same_array_unqual(t, f))
        return discards ? FC_PTR_DISCARDS_CONST : FC_PTR_OK;
    /* char * and unsigned char * differ only in signedness: -Wpointer-sign is
     * not on by default */
    if (fc__is_integer(ut) && fc__is_integer(uf) && ut->kind == uf->kind &&
        ut->kind != FC_TY_ENUM && ut->kind != FC_TY_BOOL)
        return discards ? FC_PTR_DISCARDS_CONST : FC_PTR_OK;
    return FC_PTR_INCOMPATIBLE;
}

FcType *fc__qualify(FcType *ty)
{
    if (ty->is_const || ty->kind == FC_TY_FUNC)
        return ty;
    if (ty->kind == FC_TY_ARRAY) /* the qualifier applies to the elements */
        return fc__array_of(fc__qualify(ty->base), ty->array_len);
    if (ty->kind == FC_TY_VLA)
        return ty;
    FcType *t = fc__copy_type(ty);
    t->is_const = true;
    if ((ty->kind == FC_TY_STRUCT || ty->kind == FC_TY_UNION) && !ty->is_defined) {
        FcType *r = ty;
        while (r->origin)
            r = r->origin;
        t->qual_next = r->quals;
        r->quals = t;
    }
    return t;
}

/* Integer conversion rank, for the usual arithmetic conversions. */
static int rank(const FcType *ty)
{
    switch (ty->kind) {
    case FC_TY_BOOL: return 1;
    case FC_TY_CHAR: return 2;
    case FC_TY_SHORT: return 3;
    case FC_TY_INT: case FC_TY_ENUM: return 4;
    case FC_TY_LONG: return 5;
    case FC_TY_LLONG: return 6;
    default: return 0;
    }
}

FcType *fc__int_promote(FcType *ty)
{
    if (ty->bit_width) {
        /* a bit-field promotes to int when int holds all its values (gcc) */
        if (ty->bit_width < 32 || (ty->bit_width == 32 && !ty->is_unsigned))
            return fc__ty_int;
        if (ty->bit_width == 32)
            return fc__ty_uint;
    }
    if (fc__is_integer(ty) && rank(ty) < 4)
        return fc__ty_int;
    if (ty->kind == FC_TY_ENUM)
        return ty->is_unsigned ? fc__ty_uint : fc__ty_int;
    return fc__unqual(ty);
}

FcType *fc__common_type(FcType *a, FcType *b)
{
    if (a->kind == FC_TY_LDOUBLE || b->kind == FC_TY_LDOUBLE)
        return fc__ty_ldouble;
    if (a->kind == FC_TY_DOUBLE || b->kind == FC_TY_DOUBLE)
        return fc__ty_double;
    if (a->kind == FC_TY_FLOAT || b->kind == FC_TY_FLOAT)
        return fc__ty_float;
    a = fc__int_promote(a);
    b = fc__int_promote(b);
    if (a->size != b->size)
        return a->size > b->size ? a : b;
    if (rank(a) != rank(b)) {
        /* same size, different rank (long vs long long): higher rank, unsigned if either */
        FcType *hi = rank(a) > rank(b) ? a : b;
        if (a->is_unsigned || b->is_unsigned)
            return hi->kind == FC_TY_LLONG ? fc__ty_ullong : fc__ty_ulong;
        return hi;
    }
    return a->is_unsigned ? a : b;
}

FirType fc__fir_type(const FcType *ty)
{
    switch (ty->kind) {
    case FC_TY_VOID: return FIR_VOID;
    case FC_TY_BOOL: case FC_TY_CHAR: case FC_TY_SHORT: case FC_TY_INT: case FC_TY_ENUM:
        return FIR_I32;
    case FC_TY_LONG: case FC_TY_LLONG: return FIR_I64;
    case FC_TY_FLOAT: return FIR_F32;
    case FC_TY_DOUBLE: case FC_TY_LDOUBLE: return FIR_F64;
    default: return FIR_PTR;
    }
}

/* ------------------------------------------------------------ type names */

static char *base_name(const FcType *ty)
{
    switch (ty->kind) {
    case FC_TY_VOID: return "void";
    case FC_TY_BOOL: return "_Bool";
    case FC_TY_CHAR:
        return ty->is_unsigned ? "unsigned char" : root(ty) == fc__ty_schar ? "signed char" : "char";
    /* spelled as gcc spells them in diagnostics */
    case FC_TY_SHORT: return ty->is_unsigned ? "short unsigned int" : "short int";
    case FC_TY_INT: return ty->is_unsigned ? "unsigned int" : "int";
    case FC_TY_LONG: return ty->is_unsigned ? "long unsigned int" : "long int";
    case FC_TY_LLONG: return ty->is_unsigned ? "long long unsigned int" : "long long int";
    case FC_TY_FLOAT: return "float";
    case FC_TY_DOUBLE: return "double";
    case FC_TY_LDOUBLE: return "long double";
    case FC_TY_ENUM:
        return ty->tag ? fc_format("enum %.*s", ty->tag->len, ty->tag->loc) : "enum <anonymous>";
    case FC_TY_STRUCT: case FC_TY_UNION: {
        const char *kw = ty->kind == FC_TY_STRUCT ? "struct" : "union";
        return ty->tag ? fc_format("%s %.*s", kw, ty->tag->len, ty->tag->loc)
                       : fc_format("%s <anonymous>", kw);
    }
    default: return "?";
    }
}

/* Builds "int *", "char [4]", "int (*)(int)": the declarator around the base. */
static char *declarator(const FcType *ty, char *inner)
{
    switch (ty->kind) {
    case FC_TY_PTR: {
        const FcType *b = ty->base;
        char *s = fc_format("*%s", inner);
        if (b->kind == FC_TY_ARRAY || b->kind == FC_TY_FUNC || b->kind == FC_TY_VLA)
            s = fc_format("(%s)", s);
        return declarator(b, s);
    }
    case FC_TY_ARRAY:
        if (ty->array_len < 0)
            return declarator(ty->base, fc_format("%s[]", inner));
        return declarator(ty->base, fc_format("%s[%lld]", inner, (long long)ty->array_len));
    case FC_TY_VLA:
        return declarator(ty->base, fc_format("%s[*]", inner));
    case FC_TY_FUNC: {
        char *p = fc_format("%s(", inner);
        for (const FcParam *t = ty->params; t; t = t->next)
            p = fc_format("%s%s%s", p, fc__type_name(t->ty), t->next ? ", " : "");
        if (ty->is_variadic)
            p = fc_format("%s%s...", p, ty->params ? ", " : "");
        else if (!ty->params && ty->has_proto)
            p = fc_format("%svoid", p);
        return declarator(ty->return_ty, fc_format("%s)", p));
    }
    default: {
        const char *b = base_name(ty);
        if (!*inner)
            return fc_format("%s%s", ty->is_const ? "const " : "", b);
        return fc_format("%s%s %s", ty->is_const ? "const " : "", b, inner);
    }
    }
}

char *fc__type_name(const FcType *ty)
{
    return declarator(ty, "");
}

/* ---------------------------------------------------------- struct layout */

static int64_t align_to(int64_t n, int64_t a)
{
    return (n + a - 1) / a * a;
}

void fc__layout_struct(FcType *ty, const FcToken *tok)
{
    int64_t bits = 0, size = 0;
    int align = 1;
    bool is_union = ty->kind == FC_TY_UNION;
    for (FcMember *m = ty->members; m; m = m->next) {
        int a = ty->is_packed ? 1 : m->ty->align;
        if (m->align > a)
            a = m->align;
        if (m->is_bitfield) {
            int64_t unit = m->ty->size * 8;
            if (m->bit_width == 0) {
                if (!is_union && !ty->is_packed)
                    bits = align_to(bits, unit);
                continue;
            }
            if (is_union)
                bits = 0;
            else if (!ty->is_packed && bits / unit != (bits + m->bit_width - 1) / unit)
                bits = align_to(bits, unit);
            if (ty->is_packed) {
                m->offset = bits / 8;
                m->bit_offset = (int)(bits % 8);
                int need = (m->bit_offset + m->bit_width + 7) / 8;
                m->unit_size = need <= 1 ? 1 : need <= 2 ? 2 : need <= 4 ? 4 : 8;
            } else {
                m->offset = bits / unit * m->ty->size;
                m->bit_offset = (int)(bits - m->offset * 8);
                m->unit_size = (int)m->ty->size;
            }
            bits += m->bit_width;
            if (m->name && a > align)
                align = a;
            if (is_union && (bits + 7) / 8 > size)
                size = (bits + 7) / 8;
            continue;
        }
        if (m->ty->size < 0 && !(m->ty->kind == FC_TY_ARRAY && !m->next && !is_union))
            fc_error_at(m->tok, "field '%.*s' has incomplete type", m->name ? m->name->len : 0,
                        m->name ? m->name->loc : "");
        if (m->ty->kind == FC_TY_ARRAY && m->ty->size < 0) {
            ty->is_flexible = true;
        }
        int64_t msize = m->ty->size < 0 ? 0 : m->ty->size;
        if (is_union) {
            m->offset = 0;
            if (msize > size)
                size = msize;
        } else {
            bits = align_to(bits, (int64_t)a * 8);
            m->offset = bits / 8;
            bits += msize * 8;
        }
        if (a > align)
            align = a;
    }
    (void)tok;
    if (!is_union)
        size = (bits + 7) / 8;
    if (ty->align > align)
        align = ty->align; /* aligned(N) on the struct */
    ty->align = align;
    ty->size = align_to(size, align);
    ty->is_defined = true;
    for (FcType *q = ty->quals; q; q = q->qual_next) {
        q->members = ty->members;
        q->is_flexible = ty->is_flexible;
        q->is_packed = ty->is_packed;
        q->is_defined = true;
        q->size = ty->size;
        if (ty->align > q->align)
            q->align = ty->align;
    }
}

/* ---------------------------------------------------------------- typing */

FcNode *fc__new_cast(FcNode *expr, FcType *ty)
{
    fc__add_type(expr);
    FcNode *n = fc__new_node(FC_ND_CAST, expr->tok);
    n->lhs = expr;
    n->ty = ty;
    fc__set_depth(n);
    return n;
}

static void usual_arith(FcNode *node)
{
    FcType *ty = fc__common_type(node->lhs->ty, node->rhs->ty);
    node->lhs = fc__new_cast(node->lhs, ty);
    node->rhs = fc__new_cast(node->rhs, ty);
}

static const char *op_text(FcNodeKind k)
{
    switch (k) {
    case FC_ND_ADD: case FC_ND_PTR_ADD: return "+";
    case FC_ND_SUB: case FC_ND_PTR_DIFF: return "-";
    case FC_ND_MUL: return "*";
    case FC_ND_DIV: return "/";
    case FC_ND_MOD: return "%";
    case FC_ND_BITAND: return "&";
    case FC_ND_BITOR: return "|";
    case FC_ND_BITXOR: return "^";
    case FC_ND_SHL: return "<<";
    case FC_ND_SHR: return ">>";
    case FC_ND_EQ: return "==";
    case FC_ND_NE: return "!=";
    case FC_ND_LT: return "<";
    case FC_ND_LE: return "<=";
    default: return "?";
    }
}

static noreturn void bad_operands(FcNode *node)
{
    fc_error_at(node->tok, "invalid operands to binary %s (have '%s' and '%s')",
                op_text(node->kind), fc__type_name(node->lhs->ty), fc__type_name(node->rhs->ty));
}

/* Array and function operands decay to pointers in value context. */
static FcType *decayed(FcType *ty)
{
    if (ty->kind == FC_TY_ARRAY || ty->kind == FC_TY_VLA)
        return fc__pointer_to(ty->base);
    if (ty->kind == FC_TY_FUNC)
        return fc__pointer_to(ty);
    return ty;
}

static bool is_null_const(FcNode *n)
{
    int64_t v;
    if (n->kind == FC_ND_CAST && n->ty->kind == FC_TY_PTR && n->ty->base->kind == FC_TY_VOID)
        n = n->lhs;
    return fc__is_integer(n->ty) && fc__try_const_int(n, &v) && v == 0;
}

/* The warnings gcc gives by default for the implicit conversion of an
 * assignment, initialization or return (C11 6.5.16.1p1). */
static void assign_warnings(FcNode *node, FcType *l, FcType *r)
{
    const char *ln = fc__type_name(l), *rn = fc__type_name(r);
    FcAssignKind k = node->assign_kind;
    const char *mismatch = NULL;
    if (l->kind == FC_TY_PTR && fc__is_integer(r) && !is_null_const(node->rhs))
        mismatch = "makes pointer from integer";
    else if (fc__is_integer(l) && l->kind != FC_TY_BOOL && r->kind == FC_TY_PTR)
        mismatch = "makes integer from pointer";
    if (mismatch) {
        if (k == FC_AS_RETURN)
            fc_warn_at(node->tok, "returning '%s' from a function with return type '%s' %s "
                       "without a cast", rn, ln, mismatch);
        else
            fc_warn_at(node->tok, "%s '%s' from '%s' %s without a cast",
                       k == FC_AS_INIT ? "initialization of" : "assignment to", ln, rn, mismatch);
        return;
    }
    if (l->kind != FC_TY_PTR || r->kind != FC_TY_PTR)
        return;
    switch (fc__ptr_conversion(l, r)) {
    case FC_PTR_INCOMPATIBLE:
        if (k == FC_AS_RETURN)
            fc_warn_at(node->tok, "returning '%s' from a function with incompatible return "
                       "type '%s'", rn, ln);
        else
            fc_warn_at(node->tok, "%s '%s' from incompatible pointer type '%s'",
                       k == FC_AS_INIT ? "initialization of" : "assignment to", ln, rn);
        return;
    case FC_PTR_DISCARDS_CONST:
        fc_warn_at(node->tok, "%s discards 'const' qualifier from pointer target type",
                   k == FC_AS_INIT ? "initialization" : k == FC_AS_RETURN ? "return"
                                                                         : "assignment");
        return;
    default:
        return;
    }
}

/* The type of `c ? a : b` with pointer operands (C11 6.5.15p6): a null
 * pointer constant takes the other's type; else a pointer to void if either
 * points to void, with the qualifiers of both targets. */
static FcType *cond_pointer(FcNode *a, FcType *t, FcNode *b, FcType *e)
{
    if (is_null_const(a))
        return e;
    if (is_null_const(b))
        return t;
    FcType *base = t->base;
    if (e->base->kind == FC_TY_VOID && base->kind != FC_TY_VOID)
        base = e->base;
    bool is_const = t->base->is_const || e->base->is_const;
    if (base->is_const == is_const)
        return base == t->base ? t : e;
    return fc__pointer_to(fc__qualify(base));
}

void fc__add_type(FcNode *node)
{
    if (!node || node->ty)
        return;
    fc__add_type(node->lhs);
    fc__add_type(node->rhs);
    fc__add_type(node->cond);
    fc__add_type(node->then);
    fc__add_type(node->els);
    fc__add_type(node->init);
    fc__add_type(node->inc);
    for (FcNode *n = node->body; n; n = n->next)
        fc__add_type(n);
    for (FcNode *n = node->args; n; n = n->next)
        fc__add_type(n);

    switch (node->kind) {
    case FC_ND_NUM:
        if (!node->ty)
            node->ty = fc__ty_int;
        return;
    case FC_ND_ADD: case FC_ND_SUB: case FC_ND_MUL: case FC_ND_DIV:
        if (!fc__is_numeric(node->lhs->ty) || !fc__is_numeric(node->rhs->ty))
            bad_operands(node);
        usual_arith(node);
        node->ty = node->lhs->ty;
        return;
    case FC_ND_MOD: case FC_ND_BITAND: case FC_ND_BITOR: case FC_ND_BITXOR:
        if (!fc__is_integer(node->lhs->ty) || !fc__is_integer(node->rhs->ty))
            bad_operands(node);
        usual_arith(node);
        node->ty = node->lhs->ty;
        return;
    case FC_ND_SHL: case FC_ND_SHR:
        if (!fc__is_integer(node->lhs->ty) || !fc__is_integer(node->rhs->ty))
            bad_operands(node);
        node->lhs = fc__new_cast(node->lhs, fc__int_promote(node->lhs->ty));
        node->rhs = fc__new_cast(node->rhs, node->lhs->ty);
        node->ty = node->lhs->ty;
        return;
    case FC_ND_PTR_ADD:
        node->ty = decayed(node->lhs->ty);
        node->rhs = fc__new_cast(node->rhs, fc__ty_long);
        return;
    case FC_ND_PTR_DIFF:
        node->ty = fc__ty_long;
        return;
    case FC_ND_EQ: case FC_ND_NE: case FC_ND_LT: case FC_ND_LE: {
        FcType *l = decayed(node->lhs->ty), *r = decayed(node->rhs->ty);
        if (fc__is_numeric(l) && fc__is_numeric(r)) {
            usual_arith(node);
        } else if (l->kind == FC_TY_PTR && r->kind == FC_TY_PTR) {
            /* compared as raw pointers */
        } else if (l->kind == FC_TY_PTR && fc__is_integer(r)) {
            if (!is_null_const(node->rhs) && fc_warnings_enabled)
                fc_warn_at(node->tok, "comparison between pointer and integer");
            node->rhs = fc__new_cast(node->rhs, l);
        } else if (r->kind == FC_TY_PTR && fc__is_integer(l)) {
            if (!is_null_const(node->lhs) && fc_warnings_enabled)
                fc_warn_at(node->tok, "comparison between pointer and integer");
            node->lhs = fc__new_cast(node->lhs, r);
        } else {
            bad_operands(node);
        }
        node->ty = fc__ty_int;
        return;
    }
    case FC_ND_NEG:
        if (!fc__is_numeric(node->lhs->ty))
            fc_error_at(node->tok, "wrong type argument to unary minus");
        node->lhs = fc__new_cast(node->lhs, fc__int_promote(node->lhs->ty));
        node->ty = node->lhs->ty;
        return;
    case FC_ND_BITNOT:
        if (!fc__is_integer(node->lhs->ty))
            fc_error_at(node->tok, "wrong type argument to bit-complement");
        node->lhs = fc__new_cast(node->lhs, fc__int_promote(node->lhs->ty));
        node->ty = node->lhs->ty;
        return;
    case FC_ND_NOT: case FC_ND_LOGAND: case FC_ND_LOGOR:
        if (!fc__is_scalar(decayed(node->lhs->ty)) ||
            (node->rhs && !fc__is_scalar(decayed(node->rhs->ty))))
            fc_error_at(node->tok, "used %s type value where scalar is required",
                        fc__type_name(!fc__is_scalar(decayed(node->lhs->ty)) ? node->lhs->ty
                                                                            : node->rhs->ty));
        node->ty = fc__ty_int;
        return;
    case FC_ND_VAR:
        node->ty = node->var->ty;
        return;
    case FC_ND_LHSVAL:
        node->ty = node->assign->lhs->ty;
        return;
    case FC_ND_ASSIGN:
        if (node->rhs->ty->kind == FC_TY_VOID)
            fc_error_at(node->rhs->tok, "void value not ignored as it ought to be");
        if (node->lhs->ty->kind == FC_TY_ARRAY)
            fc_error_at(node->tok, "assignment to expression with array type");
        if (node->lhs->ty->kind == FC_TY_STRUCT || node->lhs->ty->kind == FC_TY_UNION) {
            if (!fc__is_compatible(fc__unqual(node->lhs->ty), fc__unqual(node->rhs->ty)) &&
                !(node->rhs->ty->kind == node->lhs->ty->kind &&
                  node->rhs->ty->members == node->lhs->ty->members))
                fc_error_at(node->tok, "incompatible types when assigning to type '%s' from type '%s'",
                            fc__type_name(node->lhs->ty), fc__type_name(node->rhs->ty));
        } else {
            FcType *r = decayed(node->rhs->ty);
            FcType *l = node->lhs->ty;
            if (!fc__is_scalar(r) && r->kind != FC_TY_PTR)
                fc_error_at(node->tok, "incompatible types when assigning to type '%s' from type '%s'",
                            fc__type_name(l), fc__type_name(node->rhs->ty));
            if (l->kind == FC_TY_PTR && fc__is_flonum(r))
                fc_error_at(node->tok, "incompatible types when assigning to type '%s' from type '%s'",
                            fc__type_name(l), fc__type_name(node->rhs->ty));
            if (fc__is_flonum(l) && r->kind == FC_TY_PTR)
                fc_error_at(node->tok, "incompatible types when assigning to type '%s' from type '%s'",
                            fc__type_name(l), fc__type_name(node->rhs->ty));
            if (fc_warnings_enabled)
                assign_warnings(node, l, r);
            node->rhs = fc__new_cast(node->rhs, l);
        }
        node->ty = node->lhs->ty;
        return;
    case FC_ND_COND: {
        FcNode *a = node->then ? node->then : node->cond;
        FcType *t = decayed(a->ty), *e = decayed(node->els->ty);
        if (t->kind == FC_TY_VOID || e->kind == FC_TY_VOID) {
            node->ty = fc__ty_void;
        } else if (fc__is_numeric(t) && fc__is_numeric(e)) {
            node->ty = fc__common_type(t, e);
        } else if (t->kind == FC_TY_PTR && e->kind == FC_TY_PTR) {
            node->ty = cond_pointer(a, t, node->els, e);
        } else if (t->kind == FC_TY_PTR && fc__is_integer(e)) {
            node->ty = t;
        } else if (e->kind == FC_TY_PTR && fc__is_integer(t)) {
            node->ty = e;
        } else if ((t->kind == FC_TY_STRUCT || t->kind == FC_TY_UNION) && t->kind == e->kind) {
            node->ty = t;
        } else {
            fc_error_at(node->tok, "type mismatch in conditional expression");
        }
        if (node->ty->kind != FC_TY_VOID && node->ty->kind != FC_TY_STRUCT &&
            node->ty->kind != FC_TY_UNION) {
            if (node->then)
                node->then = fc__new_cast(node->then, node->ty);
            node->els = fc__new_cast(node->els, node->ty);
        }
        return;
    }
    case FC_ND_COMMA:
        node->ty = node->rhs->ty;
        return;
    case FC_ND_MEMBER:
        node->ty = node->member->ty;
        if (node->lhs->ty->is_const) /* a member of a const object is const */
            node->ty = fc__qualify(node->ty);
        if (node->member->is_bitfield && node->ty->kind != FC_TY_BOOL &&
            node->member->bit_width <= 32) {
            node->ty = fc__copy_type(node->ty);
            node->ty->bit_width = node->member->bit_width;
        }
        return;
    case FC_ND_ADDR:
        node->ty = fc__pointer_to(node->lhs->ty);
        return;
    case FC_ND_DEREF: {
        FcType *t = decayed(node->lhs->ty);
        if (t->kind != FC_TY_PTR)
            fc_error_at(node->tok, "invalid type argument of unary '*' (have '%s')",
                        fc__type_name(node->lhs->ty));
        if (t->base->kind == FC_TY_VOID)
            fc_error_at(node->tok, "dereferencing 'void *' pointer");
        node->ty = t->base;
        return;
    }
    case FC_ND_STMT_EXPR: {
        FcNode *last = node->body;
        while (last && last->next)
            last = last->next;
        if (last && last->kind == FC_ND_EXPR_STMT)
            node->ty = last->lhs->ty;
        else
            node->ty = fc__ty_void;
        return;
    }
    case FC_ND_MEMZERO: case FC_ND_VLA_ALLOC:
        node->ty = fc__ty_void;
        return;
    default:
        return;
    }
}
