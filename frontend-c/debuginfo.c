/*
 * debuginfo.c - C debug info for `firvm --repl`: the C types of variables,
 * struct layouts, and where each variable of a function lives.
 *
 * Each C type becomes one FirDbgType of the module (see fir.h), made once:
 * a small hash table maps the unqualified FcType to its debug type, and a
 * struct's entry is made before its members are, so self-referencing
 * structs terminate.  A local lives in its register (a scalar) or in the
 * frame block its register points to (fc__in_memory: arrays, structs,
 * address-taken scalars).
 */
#include "frontend-c/cc.h"

#include <stdlib.h>
#include <string.h>

typedef struct FcDbgCache {
    const FcType **keys;
    uint32_t *ids;
    uint32_t cap, n;
    uint32_t *ptr_base, *ptr_id; /* pointer types by target (one per target) */
    uint32_t ptr_cap, ptr_n;
} FcDbgCache;

/* The pointer type to debug type `base`, made once per target. */
static uint32_t pointer_type(FcLower *L, uint32_t base)
{
    FcDbgCache *c = L->dbg;
    if ((c->ptr_n + 1) * 2 > c->ptr_cap) {
        uint32_t cap = c->ptr_cap ? 2 * c->ptr_cap : 256;
        uint32_t *kb = fc_alloc(cap * sizeof *kb), *ki = fc_alloc(cap * sizeof *ki);
        for (uint32_t i = 0; i < c->ptr_cap; i++)
            if (c->ptr_id[i]) {
                uint32_t h = (c->ptr_base[i] * 2654435761u) & (cap - 1);
                while (ki[h])
                    h = (h + 1) & (cap - 1);
                kb[h] = c->ptr_base[i];
                ki[h] = c->ptr_id[i];
            }
        c->ptr_base = kb;
        c->ptr_id = ki;
        c->ptr_cap = cap;
    }
    uint32_t h = (base * 2654435761u) & (c->ptr_cap - 1);
    while (c->ptr_id[h] && c->ptr_base[h] != base)
        h = (h + 1) & (c->ptr_cap - 1);
    if (!c->ptr_id[h]) {
        c->ptr_base[h] = base;
        c->ptr_id[h] = fir_dbg_add_type(L->m, FIR_DK_PTR, NULL, 8, base, 0);
        c->ptr_n++;
    }
    return c->ptr_id[h];
}

static uint32_t hash_ptr(const void *p, uint32_t cap)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 29;
    return (uint32_t)x & (cap - 1);
}

static uint32_t *slot(FcLower *L, const FcType *ty)
{
    FcDbgCache *c = L->dbg;
    if (!c) {
        c = L->dbg = fc_alloc(sizeof *c);
    }
    if ((c->n + 1) * 2 > c->cap) {
        uint32_t cap = c->cap ? 2 * c->cap : 256;
        const FcType **keys = fc_alloc(cap * sizeof *keys);
        uint32_t *ids = fc_alloc(cap * sizeof *ids);
        for (uint32_t i = 0; i < c->cap; i++)
            if (c->keys[i]) {
                uint32_t h = hash_ptr(c->keys[i], cap);
                while (keys[h])
                    h = (h + 1) & (cap - 1);
                keys[h] = c->keys[i];
                ids[h] = c->ids[i];
            }
        c->keys = keys; /* the old arrays are arena memory */
        c->ids = ids;
        c->cap = cap;
    }
    uint32_t h = hash_ptr(ty, c->cap);
    while (c->keys[h] && c->keys[h] != ty)
        h = (h + 1) & (c->cap - 1);
    if (!c->keys[h]) {
        c->keys[h] = ty;
        c->ids[h] = 0;
        c->n++;
    }
    return &c->ids[h];
}

static char *token_text(const FcToken *t)
{
    char *s = fc_alloc((size_t)t->len + 1);
    memcpy(s, t->loc, (size_t)t->len);
    return s;
}

/* Records id as ty's debug type (before its parts are made: recursion). */
static uint32_t remember(FcLower *L, const FcType *ty, uint32_t id)
{
    *slot(L, ty) = id;
    return id;
}

static uint32_t make_type(FcLower *L, FcType *ty)
{
    FirModule *m = L->m;
    int64_t size = ty->size < 0 ? 0 : ty->size;
    switch (ty->kind) {
    case FC_TY_VOID:
        return remember(L, ty, fir_dbg_add_type(m, FIR_DK_VOID, "void", 0, 0, 0));
    case FC_TY_BOOL:
        return remember(L, ty, fir_dbg_add_type(m, FIR_DK_BOOL, "_Bool", 1, 0, 0));
    case FC_TY_CHAR:
        return remember(L, ty, fir_dbg_add_type(m, ty->is_unsigned ? FIR_DK_UCHAR : FIR_DK_SCHAR,
                                          fc__type_name(ty), 1, 0, 0));
    case FC_TY_SHORT:
    case FC_TY_INT:
    case FC_TY_LONG:
    case FC_TY_LLONG:
        return remember(L, ty, fir_dbg_add_type(m, ty->is_unsigned ? FIR_DK_UINT : FIR_DK_SINT,
                                          fc__type_name(ty), (uint64_t)size, 0, 0));
    case FC_TY_FLOAT:
    case FC_TY_DOUBLE:
    case FC_TY_LDOUBLE:
        return remember(L, ty, fir_dbg_add_type(m, FIR_DK_FLOAT, fc__type_name(ty), (uint64_t)size,
                                          0, 0));
    case FC_TY_ENUM:
        return remember(L, ty, fir_dbg_add_type(m, FIR_DK_ENUM, fc__type_name(ty),
                                          (uint64_t)(size ? size : 4), 0, 0));
    case FC_TY_PTR: /* its target first: a struct is known before its members */
        return remember(L, ty, pointer_type(L, fc__dbg_type(L, ty->base)));
    case FC_TY_FUNC: {
        uint32_t id = remember(L, ty, fir_dbg_add_type(m, FIR_DK_FUNC, NULL, 0, 0, 0));
        uint32_t ret = fc__dbg_type(L, ty->return_ty);
        L->m->dbg_types[id - 1].base = ret;
        return id;
    }
    case FC_TY_ARRAY:
    case FC_TY_VLA: {
        uint64_t count = ty->kind == FC_TY_ARRAY && ty->array_len > 0 ? (uint64_t)ty->array_len
                                                                      : 0;
        uint32_t id =
            remember(L, ty, fir_dbg_add_type(m, FIR_DK_ARRAY, NULL, (uint64_t)size, 0, count));
        uint32_t base = fc__dbg_type(L, ty->base);
        L->m->dbg_types[id - 1].base = base;
        return id;
    }
    case FC_TY_STRUCT:
    case FC_TY_UNION: {
        uint32_t id = remember(L, ty, fir_dbg_add_type(
            m, ty->kind == FC_TY_STRUCT ? FIR_DK_STRUCT : FIR_DK_UNION, fc__type_name(ty),
            (uint64_t)size, 0, 0));
        for (FcMember *mb = ty->members; mb; mb = mb->next) {
            if (mb->is_bitfield && mb->bit_width == 0)
                continue;
            uint32_t ft = fc__dbg_type(L, mb->ty);
            fir_dbg_add_field(L->m, id, mb->name ? token_text(mb->name) : NULL, ft, mb->offset,
                              mb->is_bitfield ? (uint8_t)mb->bit_offset : 0,
                              mb->is_bitfield ? (uint8_t)mb->bit_width : 0);
        }
        return id;
    }
    }
    return 0;
}

uint32_t fc__dbg_type(FcLower *L, FcType *ty)
{
    if (!ty)
        return 0;
    ty = fc__unqual(ty);
    uint32_t cached = *slot(L, ty);
    return cached ? cached : make_type(L, ty);
}

static bool is_identifier(const char *s)
{
    if (!s || !*s || (s[0] == '_' && s[1] == '_'))
        return false; /* compiler-made objects (__va_area, ...) */
    for (const char *p = s; *p; p++)
        if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9')))
            return false;
    return true;
}

void fc__dbg_func(FcLower *L, FcObj *fn)
{
    FirFunc *f = FC_F(L);
    f->dbg_ret = fc__dbg_type(L, fn->ty->return_ty);
    f = FC_F(L);
    /* parameters first, in order, then the other locals */
    for (FcObj *p = fn->params; p; p = p->param_next) {
        if (!is_identifier(p->name) || p->reg == FIR_NOREG)
            continue;
        uint32_t t = fc__dbg_type(L, p->ty);
        fir_dbg_add_var(FC_F(L), p->name, t, p->reg, p->tok ? (uint32_t)p->tok->line : 0,
                        fc__in_memory(p), true);
    }
    for (FcObj *v = fn->locals; v; v = v->next) {
        if (v->is_param || !is_identifier(v->name) || v->reg == FIR_NOREG ||
            v->reg >= FC_F(L)->nregs)
            continue;
        uint32_t t = fc__dbg_type(L, v->ty);
        fir_dbg_add_var(FC_F(L), v->name, t, v->reg, v->tok ? (uint32_t)v->tok->line : 0,
                        fc__in_memory(v), false);
    }
}

void fc__dbg_global(FcLower *L, FcObj *v, uint32_t gid)
{
    uint32_t t = fc__dbg_type(L, v->ty);
    FirGlobal *g = &L->m->globals[gid];
    g->dbg_type = t;
    if (v->fir_name && strcmp(v->fir_name, v->name) != 0 && !g->dbg_name)
        g->dbg_name = strdup(v->name);
}
