/*
 * lowexpr.c - lowering expressions to FIR: values in registers, addresses as
 * (pointer register, constant offset) pairs folded into load/store
 * immediates, conversions, assignments (bit-fields by read-modify-write),
 * calls (struct by value, variadic argument blocks, host calls), conditions
 * as fused compare-and-branch, and the builtins.
 *
 * fc__gen(L, n, dst) evaluates n and returns the register holding its value;
 * with dst != FIR_NOREG the value ends up in dst, written after n has read
 * everything it reads (by its last instruction, or by a load before a
 * `p++` that does not touch dst), so `x = x + 1` can target x directly.  A
 * returned register may be a variable's own register, a hoisted constant or
 * a cached address: callers read it and never write it.  Temporaries come
 * from fc__tmp and are recycled after each statement (lower.c).  Aggregate
 * values are pointers to their memory.
 *
 * Cheap code for the interpreter: inside loops, constants and global
 * addresses come from registers the prologue sets (fc__hoisted); an element
 * address `base + i * size` is kept in a register for the rest of its basic
 * block while neither base nor i is written (cached_index; fc__emit and
 * fc__place forget entries); `*p++` loads or stores through p before
 * stepping it instead of copying the old p; `(unsigned char)*p` is one load
 * of the narrower type.
 */
#include "frontend-c/cc.h"

#include <string.h>

#define IOP(name, t) ((t) == FIR_I64 ? FIR_OP_##name##_i64 : FIR_OP_##name##_i32)
#define FOP(name, t) ((t) == FIR_F64 ? FIR_OP_##name##_f64 : FIR_OP_##name##_f32)

static FirType ftype(const FcType *ty)
{
    return fc__fir_type(ty);
}

static FcType *decay(FcType *ty)
{
    if (ty->kind == FC_TY_ARRAY || ty->kind == FC_TY_VLA)
        return fc__pointer_to(ty->base);
    if (ty->kind == FC_TY_FUNC)
        return fc__pointer_to(ty);
    return ty;
}

static bool is_aggr(const FcType *ty)
{
    return ty->kind == FC_TY_STRUCT || ty->kind == FC_TY_UNION;
}

static bool is_reg_var(const FcObj *v)
{
    return v->is_local && !fc__in_memory(v);
}

static FirType reg_type(FcLower *L, uint32_t r)
{
    return (FirType)FC_F(L)->reg_types[r];
}

static uint32_t mov(FcLower *L, uint32_t dst, uint32_t src)
{
    static const FirOp movs[FIR_NTYPES] = {
        [FIR_I32] = FIR_OP_mov_i32, [FIR_I64] = FIR_OP_mov_i64, [FIR_F32] = FIR_OP_mov_f32,
        [FIR_F64] = FIR_OP_mov_f64, [FIR_PTR] = FIR_OP_mov_ptr,
    };
    if (dst != src)
        fc__emit(L, movs[reg_type(L, dst)], dst, src, 0, 0);
    return dst;
}

static uint32_t dest(FcLower *L, uint32_t dst, FirType t)
{
    return dst != FIR_NOREG ? dst : fc__tmp(L, t);
}

uint32_t fc__const_reg(FcLower *L, FirType t, int64_t v)
{
    static const FirOp ops[FIR_NTYPES] = {
        [FIR_I32] = FIR_OP_const_i32, [FIR_I64] = FIR_OP_const_i64,
        [FIR_F32] = FIR_OP_const_f32, [FIR_F64] = FIR_OP_const_f64, [FIR_PTR] = FIR_OP_const_ptr,
    };
    if (t == FIR_I32)
        v = (int64_t)(int32_t)v;
    uint32_t r = fc__hoisted(L, ops[t], t, v);
    if (r != FIR_NOREG)
        return r;
    r = fc__tmp(L, t);
    fc__emit(L, ops[t], r, 0, 0, v);
    return r;
}

/* The address of a global or function into dst (FIR_NOREG: any register). */
static uint32_t symbol_addr(FcLower *L, FirOp op, uint32_t id, uint32_t dst)
{
    if (dst == FIR_NOREG) {
        uint32_t r = fc__hoisted(L, op, FIR_PTR, id);
        if (r != FIR_NOREG)
            return r;
        dst = fc__tmp(L, FIR_PTR);
    }
    fc__emit(L, op, dst, id, 0, 0);
    return dst;
}

static int64_t float_bits(double d, FirType t)
{
    if (t == FIR_F32) {
        float f = (float)d;
        uint32_t u;
        memcpy(&u, &f, 4);
        return (int64_t)u;
    }
    int64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static uint32_t const_to(FcLower *L, FirType t, int64_t v, uint32_t dst)
{
    if (dst == FIR_NOREG)
        return fc__const_reg(L, t, v);
    static const FirOp ops[FIR_NTYPES] = {
        [FIR_I32] = FIR_OP_const_i32, [FIR_I64] = FIR_OP_const_i64,
        [FIR_F32] = FIR_OP_const_f32, [FIR_F64] = FIR_OP_const_f64, [FIR_PTR] = FIR_OP_const_ptr,
    };
    fc__emit(L, ops[t], dst, 0, 0, t == FIR_I32 ? (int64_t)(int32_t)v : v);
    return dst;
}

/* ------------------------------------------------------- memory access */

static FirOp load_op(const FcType *ty)
{
    switch (ty->kind) {
    case FC_TY_BOOL: return FIR_OP_load_i8u;
    case FC_TY_CHAR: return ty->is_unsigned ? FIR_OP_load_i8u : FIR_OP_load_i8s;
    case FC_TY_SHORT: return ty->is_unsigned ? FIR_OP_load_i16u : FIR_OP_load_i16s;
    case FC_TY_INT: return FIR_OP_load_i32;
    case FC_TY_ENUM: return ty->size == 8 ? FIR_OP_load_i64 : FIR_OP_load_i32;
    case FC_TY_LONG: case FC_TY_LLONG: return FIR_OP_load_i64;
    case FC_TY_FLOAT: return FIR_OP_load_f32;
    case FC_TY_DOUBLE: case FC_TY_LDOUBLE: return FIR_OP_load_f64;
    default: return FIR_OP_load_ptr;
    }
}

static FirOp store_op(const FcType *ty)
{
    switch (ty->kind) {
    case FC_TY_BOOL: case FC_TY_CHAR: return FIR_OP_store_i8;
    case FC_TY_SHORT: return FIR_OP_store_i16;
    case FC_TY_INT: return FIR_OP_store_i32;
    case FC_TY_ENUM: return ty->size == 8 ? FIR_OP_store_i64 : FIR_OP_store_i32;
    case FC_TY_LONG: case FC_TY_LLONG: return FIR_OP_store_i64;
    case FC_TY_FLOAT: return FIR_OP_store_f32;
    case FC_TY_DOUBLE: case FC_TY_LDOUBLE: return FIR_OP_store_f64;
    default: return FIR_OP_store_ptr;
    }
}

static uint32_t load(FcLower *L, FcType *ty, FcAddr a, uint32_t dst)
{
    uint32_t d = dest(L, dst, ftype(ty));
    fc__emit(L, load_op(ty), d, a.reg, 0, a.off);
    return d;
}

static void store(FcLower *L, FcType *ty, FcAddr a, uint32_t v)
{
    fc__emit(L, store_op(ty), a.reg, v, 0, a.off);
}

/* The address as one pointer register. */
static uint32_t addr_reg(FcLower *L, FcAddr a, uint32_t dst)
{
    if (a.off == 0)
        return dst == FIR_NOREG ? a.reg : mov(L, dst, a.reg);
    uint32_t d = dest(L, dst, FIR_PTR);
    fc__emit(L, FIR_OP_ptraddi, d, a.reg, 0, a.off);
    return d;
}

/* Copies of up to 32 bytes are loads and stores (a host call costs more);
 * marking is conservative, so a pointer may travel as an i64. */
enum { INLINE_COPY_MAX = 32 };

void fc__memcpy(FcLower *L, uint32_t dst, uint32_t src, int64_t size)
{
    static const FirType p[3] = {FIR_PTR, FIR_PTR, FIR_I64};
    if (size >= 0 && size <= INLINE_COPY_MAX) {
        static const struct { int64_t n; FirOp load, store; FirType t; } chunks[] = {
            {8, FIR_OP_load_i64, FIR_OP_store_i64, FIR_I64},
            {4, FIR_OP_load_i32, FIR_OP_store_i32, FIR_I32},
            {2, FIR_OP_load_i16u, FIR_OP_store_i16, FIR_I32},
            {1, FIR_OP_load_i8u, FIR_OP_store_i8, FIR_I32},
        };
        int64_t off = 0;
        for (int k = 0; k < 4; k++) {
            for (; off + chunks[k].n <= size; off += chunks[k].n) {
                uint32_t t = fc__tmp(L, chunks[k].t);
                fc__emit(L, chunks[k].load, t, src, 0, off);
                fc__emit(L, chunks[k].store, dst, t, 0, off);
            }
        }
        return;
    }
    uint32_t h = fc__host_id(L, "memcpy", FIR_PTR, 3, p);
    uint32_t args[3] = {dst, src, fc__const_reg(L, FIR_I64, size)};
    fir_emit_call(FC_F(L), FIR_OP_hcall, FIR_NOREG, h, 3, args);
}

void fc__memzero(FcLower *L, FcAddr a, int64_t size)
{
    if (size <= 64) {
        uint32_t z64 = size >= 8 ? fc__const_reg(L, FIR_I64, 0) : FIR_NOREG;
        uint32_t z32 = size % 8 ? fc__const_reg(L, FIR_I32, 0) : FIR_NOREG;
        int64_t off = 0;
        for (; off + 8 <= size; off += 8)
            fc__emit(L, FIR_OP_store_i64, a.reg, z64, 0, a.off + off);
        if (off + 4 <= size) {
            fc__emit(L, FIR_OP_store_i32, a.reg, z32, 0, a.off + off);
            off += 4;
        }
        if (off + 2 <= size) {
            fc__emit(L, FIR_OP_store_i16, a.reg, z32, 0, a.off + off);
            off += 2;
        }
        if (off < size)
            fc__emit(L, FIR_OP_store_i8, a.reg, z32, 0, a.off + off);
        return;
    }
    static const FirType p[3] = {FIR_PTR, FIR_I32, FIR_I64};
    uint32_t h = fc__host_id(L, "memset", FIR_PTR, 3, p);
    uint32_t args[3] = {addr_reg(L, a, FIR_NOREG), fc__const_reg(L, FIR_I32, 0),
                        fc__const_reg(L, FIR_I64, size)};
    fir_emit_call(FC_F(L), FIR_OP_hcall, FIR_NOREG, h, 3, args);
}

/* ------------------------------------------------------------ addresses */

static FcAddr gen_ptr(FcLower *L, FcNode *p);

FcAddr fc__gen_addr(FcLower *L, FcNode *n)
{
    switch (n->kind) {
    case FC_ND_VAR: {
        FcObj *v = n->var;
        if (v->is_local) {
            if (!fc__in_memory(v))
                fc_error_at(n->tok, "internal error: address of register variable '%s'", v->name);
            return (FcAddr){v->reg, 0};
        }
        if (v->is_function) {
            if (v->is_host)
                fc_error_at(n->tok, "cannot take the address of host function '%s'", v->name);
            return (FcAddr){symbol_addr(L, FIR_OP_faddr, fc__func_id(L, v, NULL), FIR_NOREG), 0};
        }
        return (FcAddr){symbol_addr(L, FIR_OP_gaddr, fc__global_id(L, v), FIR_NOREG), 0};
    }
    case FC_ND_DEREF:
        return gen_ptr(L, n->lhs);
    case FC_ND_MEMBER: {
        FcAddr a = fc__gen_addr(L, n->lhs);
        a.off += n->member->offset;
        return a;
    }
    case FC_ND_COMMA:
        fc__gen_void(L, n->lhs);
        return fc__gen_addr(L, n->rhs);
    default:
        return (FcAddr){fc__gen(L, n, FIR_NOREG), 0};
    }
}

/* The address a pointer-valued expression holds, folding constant offsets. */
/* n without conversions that do not change the type's representation. */
static FcNode *same_type_cast(FcNode *n)
{
    while (n->kind == FC_ND_CAST && fc__is_integer(n->ty) && fc__is_integer(n->lhs->ty) &&
           n->ty->size == n->lhs->ty->size && n->ty->size >= 4 &&
           n->ty->is_unsigned == n->lhs->ty->is_unsigned && !n->lhs->ty->bit_width)
        n = n->lhs;
    return n;
}

/* The most element addresses remembered per function (each one a register). */
#define MAX_ACACHE 32

/* base + off, where off is `(long)v * scale` or `(long)v` of a register
 * variable v (an array index): the register computed for it earlier in this
 * basic block if base and v are unchanged, else computed into that register. */
static bool cached_index(FcLower *L, FcAddr base, FcNode *off, FcAddr *out)
{
    int64_t scale = 1;
    off = same_type_cast(off);
    if (off->kind == FC_ND_MUL && fc__try_const_int(off->rhs, &scale))
        off = same_type_cast(off->lhs);
    FirOp ext = FIR_OP_nop;
    if (off->kind == FC_ND_CAST && off->ty->size == 8 && fc__is_integer(off->ty)) {
        FcType *from = off->lhs->ty;
        if (!fc__is_integer(from) || from->kind == FC_TY_BOOL || from->bit_width)
            return false;
        if (from->size == 4)
            ext = from->is_unsigned ? FIR_OP_zext_i32_i64 : FIR_OP_sext_i32_i64;
        else if (from->size != 8)
            return false;
        off = off->lhs;
    }
    if (off->kind != FC_ND_VAR || !is_reg_var(off->var) || !fc__is_integer(off->ty) ||
        (ext == FIR_OP_nop && off->ty->size != 8))
        return false;
    uint32_t v = off->var->reg, b = addr_reg(L, base, FIR_NOREG);
    FcAddrCache *e = NULL;
    for (int i = 0; i < L->nacache; i++) {
        FcAddrCache *c = &L->acache[i];
        if (c->base == b && c->index == v && c->ext == ext && c->scale == scale) {
            if (c->valid) {
                *out = (FcAddr){c->reg, 0};
                return true;
            }
            e = c;
            break;
        }
    }
    if (!e) {
        if (L->nacache == MAX_ACACHE)
            return false;
        if (!L->acache)
            L->acache = fc_alloc(sizeof *L->acache * MAX_ACACHE);
        e = &L->acache[L->nacache++];
        *e = (FcAddrCache){b, v, fir_new_reg(FC_F(L), FIR_PTR, NULL), ext, scale, false};
    }
    uint32_t x = v;
    if (ext != FIR_OP_nop) {
        x = fc__tmp(L, FIR_I64);
        fc__emit(L, ext, x, v, 0, 0);
    }
    if (scale != 1) {
        uint32_t y = fc__tmp(L, FIR_I64);
        fc__emit(L, FIR_OP_muli_i64, y, x, 0, scale);
        x = y;
    }
    fc__emit(L, FIR_OP_ptradd, e->reg, b, x, 0);
    e->valid = true;
    *out = (FcAddr){e->reg, 0};
    return true;
}

static FcAddr gen_ptr(FcLower *L, FcNode *p)
{
    int64_t c;
    switch (p->kind) {
    case FC_ND_PTR_ADD: {
        if (fc__try_const_int(p->rhs, &c)) {
            FcAddr a = gen_ptr(L, p->lhs);
            a.off += c;
            return a;
        }
        FcAddr a = gen_ptr(L, p->lhs), r;
        if (cached_index(L, (FcAddr){a.reg, 0}, p->rhs, &r)) {
            r.off = a.off;
            return r;
        }
        uint32_t off = fc__gen(L, p->rhs, FIR_NOREG);
        uint32_t d = fc__tmp(L, FIR_PTR);
        fc__emit(L, FIR_OP_ptradd, d, a.reg, off, 0);
        return (FcAddr){d, a.off};
    }
    case FC_ND_CAST:
        if (p->ty->kind == FC_TY_PTR && decay(p->lhs->ty)->kind == FC_TY_PTR)
            return gen_ptr(L, p->lhs);
        break;
    case FC_ND_ADDR:
        if (p->lhs->kind != FC_ND_VAR || !p->lhs->var->is_function)
            return fc__gen_addr(L, p->lhs);
        break;
    default:
        if (p->ty->kind == FC_TY_ARRAY || p->ty->kind == FC_TY_VLA)
            return fc__gen_addr(L, p);
        break;
    }
    return (FcAddr){fc__gen(L, p, FIR_NOREG), 0};
}

/* ----------------------------------------------------------- conversions */

static FirOp narrow_op(const FcType *to)
{
    if (to->size == 1)
        return to->is_unsigned ? FIR_OP_zext8_i32 : FIR_OP_sext8_i32;
    return to->is_unsigned ? FIR_OP_zext16_i32 : FIR_OP_sext16_i32;
}

static uint32_t un(FcLower *L, FirOp op, uint32_t r, uint32_t dst, FirType t)
{
    uint32_t d = dest(L, dst, t);
    fc__emit(L, op, d, r, 0, 0);
    return d;
}

uint32_t fc__convert(FcLower *L, uint32_t r, FcType *from, FcType *to, uint32_t dst)
{
    from = decay(from);
    if (to->kind == FC_TY_VOID)
        return FIR_NOREG;
    if (to->kind == FC_TY_STRUCT || to->kind == FC_TY_UNION || from->kind == FC_TY_STRUCT ||
        from->kind == FC_TY_UNION)
        return r;
    FirType ft = ftype(from), tt = ftype(to);
    if (to->kind == FC_TY_BOOL) {
        if (from->kind == FC_TY_BOOL)
            return r;
        uint32_t z = fc__const_reg(L, ft, 0);
        uint32_t d = dest(L, dst, FIR_I32);
        FirOp op = ft == FIR_PTR ? FIR_OP_ne_ptr : ft == FIR_F32 || ft == FIR_F64 ? FOP(ne, ft)
                                                                              : IOP(ne, ft);
        fc__emit(L, op, d, r, z, 0);
        return d;
    }
    if (fc__is_integer(to)) {
        if (fc__is_integer(from)) {
            if (ft == FIR_I32 && tt == FIR_I32) {
                if (to->size == 4)
                    return r;
                if (from->size < to->size && (from->is_unsigned || !to->is_unsigned))
                    return r;
                if (from->size == to->size && from->is_unsigned == to->is_unsigned)
                    return r;
                return un(L, narrow_op(to), r, dst, FIR_I32);
            }
            if (ft == FIR_I32 && tt == FIR_I64)
                return un(L, from->is_unsigned ? FIR_OP_zext_i32_i64 : FIR_OP_sext_i32_i64, r,
                          dst, FIR_I64);
            if (ft == FIR_I64 && tt == FIR_I32) {
                if (to->size == 4)
                    return un(L, FIR_OP_trunc_i64_i32, r, dst, FIR_I32);
                uint32_t t = un(L, FIR_OP_trunc_i64_i32, r, FIR_NOREG, FIR_I32);
                return un(L, narrow_op(to), t, dst, FIR_I32);
            }
            return r;
        }
        if (fc__is_flonum(from)) {
            bool u = to->is_unsigned;
            if (tt == FIR_I64) {
                FirOp op = ft == FIR_F32 ? (u ? FIR_OP_cvtu_f32_i64 : FIR_OP_cvts_f32_i64)
                                         : (u ? FIR_OP_cvtu_f64_i64 : FIR_OP_cvts_f64_i64);
                return un(L, op, r, dst, FIR_I64);
            }
            if (to->size == 4) {
                FirOp op = ft == FIR_F32 ? (u ? FIR_OP_cvtu_f32_i32 : FIR_OP_cvts_f32_i32)
                                         : (u ? FIR_OP_cvtu_f64_i32 : FIR_OP_cvts_f64_i32);
                return un(L, op, r, dst, FIR_I32);
            }
            FirOp op = ft == FIR_F32 ? FIR_OP_cvts_f32_i32 : FIR_OP_cvts_f64_i32;
            uint32_t t = un(L, op, r, FIR_NOREG, FIR_I32);
            return un(L, narrow_op(to), t, dst, FIR_I32);
        }
        /* pointer to integer */
        uint32_t t = un(L, FIR_OP_ptr_to_i64, r, tt == FIR_I64 ? dst : FIR_NOREG, FIR_I64);
        if (tt == FIR_I64)
            return t;
        if (to->size == 4)
            return un(L, FIR_OP_trunc_i64_i32, t, dst, FIR_I32);
        t = un(L, FIR_OP_trunc_i64_i32, t, FIR_NOREG, FIR_I32);
        return un(L, narrow_op(to), t, dst, FIR_I32);
    }
    if (fc__is_flonum(to)) {
        if (fc__is_flonum(from)) {
            if (ft == tt)
                return r;
            return un(L, ft == FIR_F32 ? FIR_OP_cvt_f32_f64 : FIR_OP_cvt_f64_f32, r, dst, tt);
        }
        bool u = from->is_unsigned && from->size >= 4;
        FirOp op;
        if (ft == FIR_I32)
            op = tt == FIR_F32 ? (u ? FIR_OP_cvtu_i32_f32 : FIR_OP_cvts_i32_f32)
                               : (u ? FIR_OP_cvtu_i32_f64 : FIR_OP_cvts_i32_f64);
        else
            op = tt == FIR_F32 ? (u ? FIR_OP_cvtu_i64_f32 : FIR_OP_cvts_i64_f32)
                               : (u ? FIR_OP_cvtu_i64_f64 : FIR_OP_cvts_i64_f64);
        return un(L, op, r, dst, tt);
    }
    /* to a pointer */
    if (ft == FIR_PTR)
        return r;
    if (ft == FIR_I32)
        r = un(L, from->is_unsigned ? FIR_OP_zext_i32_i64 : FIR_OP_sext_i32_i64, r, FIR_NOREG,
               FIR_I64);
    return un(L, FIR_OP_i64_to_ptr, r, dst, FIR_PTR);
}

/* Conversions that leave the register unchanged. */
static bool noop_conversion(FcType *from, FcType *to)
{
    from = decay(from);
    if (to->kind == FC_TY_VOID || to->kind == FC_TY_BOOL)
        return false;
    if (is_aggr(from) || is_aggr(to))
        return true;
    FirType ft = ftype(from), tt = ftype(to);
    if (ft != tt)
        return false;
    if (ft == FIR_I32 && fc__is_integer(from) && fc__is_integer(to) && to->size < 4)
        return (from->size < to->size && (from->is_unsigned || !to->is_unsigned)) ||
               (from->size == to->size && from->is_unsigned == to->is_unsigned);
    return true;
}

/* ------------------------------------------------------------- bit-fields */

static FirOp unit_load(int size)
{
    return size == 1 ? FIR_OP_load_i8u : size == 2 ? FIR_OP_load_i16u
         : size == 4 ? FIR_OP_load_i32 : FIR_OP_load_i64;
}

static FirOp unit_store(int size)
{
    return size == 1 ? FIR_OP_store_i8 : size == 2 ? FIR_OP_store_i16
         : size == 4 ? FIR_OP_store_i32 : FIR_OP_store_i64;
}

static int64_t imm_for(FirType t, int64_t v)
{
    return t == FIR_I32 ? (int64_t)(int32_t)v : v;
}

/* Converts an integer register between i32 and i64 (zero-extending). */
static uint32_t resize(FcLower *L, uint32_t r, FirType from, FirType to, bool sign)
{
    if (from == to)
        return r;
    if (to == FIR_I64)
        return un(L, sign ? FIR_OP_sext_i32_i64 : FIR_OP_zext_i32_i64, r, FIR_NOREG, FIR_I64);
    return un(L, FIR_OP_trunc_i64_i32, r, FIR_NOREG, FIR_I32);
}

/* Extracts member m from the unit value u (type ut) into a value of m's type. */
static uint32_t bf_extract(FcLower *L, FcMember *m, uint32_t u, FirType ut, uint32_t dst)
{
    int ubits = ut == FIR_I64 ? 64 : 32;
    FirType mt = ftype(m->ty);
    uint32_t t;
    if (m->ty->is_unsigned || m->ty->kind == FC_TY_BOOL) {
        t = u;
        if (m->bit_offset) {
            t = fc__tmp(L, ut);
            fc__emit(L, IOP(shrui, ut), t, u, 0, m->bit_offset);
        }
        uint32_t d = fc__tmp(L, ut);
        int64_t mask = m->bit_width == 64 ? -1 : (int64_t)(((uint64_t)1 << m->bit_width) - 1);
        fc__emit(L, IOP(andi, ut), d, t, 0, imm_for(ut, mask));
        t = d;
    } else {
        int left = ubits - m->bit_offset - m->bit_width;
        t = u;
        if (left) {
            t = fc__tmp(L, ut);
            fc__emit(L, IOP(shli, ut), t, u, 0, left);
        }
        uint32_t d = fc__tmp(L, ut);
        fc__emit(L, IOP(shrsi, ut), d, t, 0, ubits - m->bit_width);
        t = d;
    }
    t = resize(L, t, ut, mt, !m->ty->is_unsigned);
    return dst == FIR_NOREG ? t : mov(L, dst, t);
}

static uint32_t gen_bitfield_read(FcLower *L, FcNode *n, uint32_t dst)
{
    FcMember *m = n->member;
    FcAddr a = fc__gen_addr(L, n->lhs);
    FirType ut = m->unit_size == 8 ? FIR_I64 : FIR_I32;
    uint32_t u = fc__tmp(L, ut);
    fc__emit(L, unit_load(m->unit_size), u, a.reg, 0, a.off + m->offset);
    return bf_extract(L, m, u, ut, dst);
}

static uint32_t gen_bitfield_assign(FcLower *L, FcNode *n, bool want)
{
    FcMember *m = n->lhs->member;
    FcAddr a = fc__gen_addr(L, n->lhs->lhs);
    a.off += m->offset;
    FirType ut = m->unit_size == 8 ? FIR_I64 : FIR_I32, mt = ftype(m->ty);
    uint32_t u = fc__tmp(L, ut);
    fc__emit(L, unit_load(m->unit_size), u, a.reg, 0, a.off);
    uint32_t old = FIR_NOREG;
    if (n->val) {
        old = bf_extract(L, m, u, ut, FIR_NOREG);
        n->reg = old;
    }
    uint32_t v = fc__gen(L, n->rhs, FIR_NOREG);
    int64_t wmask = m->bit_width == 64 ? -1 : (int64_t)(((uint64_t)1 << m->bit_width) - 1);
    uint32_t vu = resize(L, v, mt, ut, false);
    uint32_t bits = fc__tmp(L, ut);
    fc__emit(L, IOP(andi, ut), bits, vu, 0, imm_for(ut, wmask));
    if (m->bit_offset) {
        uint32_t s = fc__tmp(L, ut);
        fc__emit(L, IOP(shli, ut), s, bits, 0, m->bit_offset);
        bits = s;
    }
    uint32_t kept = fc__tmp(L, ut);
    fc__emit(L, IOP(andi, ut), kept, u, 0, imm_for(ut, ~(int64_t)((uint64_t)wmask << m->bit_offset)));
    uint32_t nu = fc__tmp(L, ut);
    fc__emit(L, IOP(or, ut), nu, kept, bits, 0);
    fc__emit(L, unit_store(m->unit_size), a.reg, nu, 0, a.off);
    if (!want)
        return FIR_NOREG;
    if (n->is_post)
        return old;
    /* the value of the assignment is the stored field, read back */
    return bf_extract(L, m, nu, ut, FIR_NOREG);
}

/* ----------------------------------------------------------- assignment */

/* The register pointer variable p of `p++` / `p--` (a post step by a
 * constant), else NULL. */
static FcObj *post_step_var(const FcNode *n)
{
    int64_t c;
    if (n->kind != FC_ND_ASSIGN || !n->is_post || n->lhs->kind != FC_ND_VAR ||
        !is_reg_var(n->lhs->var) || n->lhs->ty->kind != FC_TY_PTR)
        return NULL;
    const FcNode *r = n->rhs;
    if (r->kind == FC_ND_CAST)
        r = r->lhs;
    if (r->kind != FC_ND_PTR_ADD || r->lhs->kind != FC_ND_LHSVAL || !fc__try_const_int(r->rhs, &c))
        return NULL;
    return n->lhs->var;
}

/* An lvalue whose value is a plain load (no bit-field, not a register). */
static bool is_plain_load(const FcNode *n)
{
    if (fc__is_aggregate(n->ty) || n->ty->kind == FC_TY_FUNC)
        return false;
    switch (n->kind) {
    case FC_ND_DEREF:
        return true;
    case FC_ND_MEMBER:
        return !n->member->is_bitfield;
    case FC_ND_VAR:
        return !n->var->is_function && !is_reg_var(n->var);
    default:
        return false;
    }
}

static uint32_t gen_assign(FcLower *L, FcNode *n, uint32_t dst, bool want);

/* Loads the plain lvalue n as type ty (n's type, or a narrower integer). */
static uint32_t load_lvalue(FcLower *L, FcNode *n, FcType *ty, uint32_t dst)
{
    FcObj *pv = n->kind == FC_ND_DEREF ? post_step_var(n->lhs) : NULL;
    if (pv && dst != pv->reg) {
        /* *p++: load through p, then step it (saves copying the old p) */
        uint32_t d = load(L, ty, (FcAddr){pv->reg, 0}, dst);
        gen_assign(L, n->lhs, FIR_NOREG, false);
        return d;
    }
    return load(L, ty, fc__gen_addr(L, n), dst);
}

static uint32_t gen_assign(FcLower *L, FcNode *n, uint32_t dst, bool want)
{
    FcNode *lhs = n->lhs;
    FcType *ty = lhs->ty;
    if (ty->kind == FC_TY_STRUCT || ty->kind == FC_TY_UNION) {
        FcAddr a = fc__gen_addr(L, lhs);
        uint32_t src = fc__gen(L, n->rhs, FIR_NOREG);
        uint32_t d = addr_reg(L, a, FIR_NOREG);
        fc__memcpy(L, d, src, ty->size);
        return d;
    }
    if (lhs->kind == FC_ND_VAR && is_reg_var(lhs->var)) {
        uint32_t v = lhs->var->reg;
        if (n->is_post && want) {
            uint32_t old = fc__tmp(L, reg_type(L, v));
            mov(L, old, v);
            n->reg = old;
            fc__gen(L, n->rhs, v);
            return old;
        }
        n->reg = v;
        fc__gen(L, n->rhs, v);
        return v;
    }
    if (lhs->kind == FC_ND_MEMBER && lhs->member->is_bitfield)
        return gen_bitfield_assign(L, n, want);
    FcObj *pv = lhs->kind == FC_ND_DEREF && !n->val ? post_step_var(lhs->lhs) : NULL;
    if (pv && dst != pv->reg && !(n->rhs->kind == FC_ND_VAR && n->rhs->var == pv)) {
        /* *p++ = v: store through p, then step it (the right side cannot read p:
         * that would be unsequenced with the step) */
        uint32_t v = fc__gen(L, n->rhs, want ? dst : FIR_NOREG);
        store(L, ty, (FcAddr){pv->reg, 0}, v);
        gen_assign(L, lhs->lhs, FIR_NOREG, false);
        return v;
    }
    FcAddr a = fc__gen_addr(L, lhs);
    uint32_t old = FIR_NOREG;
    if (n->val) {
        old = load(L, ty, a, FIR_NOREG);
        n->reg = old;
    }
    uint32_t target = n->is_post || !want ? FIR_NOREG : dst;
    /* In `last = last->next = x` the destination is the address's own base
     * register: writing it before the store would move the store. */
    bool clobbers_address = target != FIR_NOREG && target == a.reg;
    uint32_t v = fc__gen(L, n->rhs, clobbers_address ? FIR_NOREG : target);
    store(L, ty, a, v);
    if (clobbers_address)
        v = mov(L, target, v);
    return n->is_post ? old : v;
}

/* ---------------------------------------------------------------- calls */

static FirType host_type(const FcType *ty, const FcNode *n)
{
    if (ty->kind == FC_TY_STRUCT || ty->kind == FC_TY_UNION)
        fc_error_at(n->tok, "host calls cannot pass or return structs");
    return ftype(ty);
}

static uint32_t gen_call(FcLower *L, FcNode *n, uint32_t dst, bool want)
{
    FcType *ft = n->func_ty;
    FcNode *callee = n->lhs;
    FcObj *direct = callee->kind == FC_ND_VAR && callee->var->is_function ? callee->var : NULL;
    bool host = direct && direct->is_host && !direct->is_definition;
    FcType *rt = ft->return_ty;
    bool sret = rt->kind == FC_TY_STRUCT || rt->kind == FC_TY_UNION;

    if (direct && direct->is_definition && !ft->has_proto && !direct->ty->is_variadic) {
        int np = direct->ty->nparams;
        if (np != n->nargs)
            fc_error_at(n->tok, "too %s arguments to function '%s'", n->nargs < np ? "few" : "many",
                        direct->name);
    }

    /* memcpy(d, s, small constant): inline loads and stores */
    int64_t csize;
    if (direct && !host && n->nargs == 3 && ft->has_proto && !strcmp(direct->name, "memcpy") &&
        fc__try_const_int(n->args->next->next, &csize) && csize >= 0 &&
        csize <= INLINE_COPY_MAX) {
        uint32_t d = fc__gen(L, n->args, FIR_NOREG);
        uint32_t s = fc__gen(L, n->args->next, FIR_NOREG);
        fc__set_loc(L, n->tok);
        fc__memcpy(L, d, s, csize);
        return want ? (dst == FIR_NOREG ? d : mov(L, dst, d)) : FIR_NOREG;
    }

    /* evaluate everything first, then fill blocks and call */
    int nfixed = 0;
    for (FcParam *p = ft->params; p && ft->has_proto; p = p->next)
        nfixed++;
    if (!ft->has_proto)
        nfixed = n->nargs;
    uint32_t *vals = fc_alloc(sizeof(uint32_t) * (size_t)(n->nargs + 1));
    int i = 0;
    for (FcNode *a = n->args; a; a = a->next, i++)
        vals[i] = fc__gen(L, a, FIR_NOREG);
    uint32_t fp = direct ? FIR_NOREG : fc__gen(L, callee, FIR_NOREG);
    fc__set_loc(L, n->tok);

    uint32_t *args = fc_alloc(sizeof(uint32_t) * (size_t)(n->nargs + 3));
    int na = 0;
    uint32_t ret_block = FIR_NOREG;
    if (sret) {
        if (host)
            fc_error_at(n->tok, "host calls cannot pass or return structs");
        ret_block = fc__entry_block(L, rt->size);
        args[na++] = ret_block;
    }
    i = 0;
    for (FcNode *a = n->args; a && i < nfixed; a = a->next, i++) {
        if (a->ty->kind == FC_TY_STRUCT || a->ty->kind == FC_TY_UNION) {
            if (host)
                fc_error_at(a->tok, "host calls cannot pass or return structs");
            uint32_t copy = fc__entry_block(L, a->ty->size);
            fc__memcpy(L, copy, vals[i], a->ty->size);
            args[na++] = copy;
        } else {
            args[na++] = vals[i];
        }
    }
    if (ft->is_variadic && ft->has_proto) {
        if (host)
            fc_error_at(n->tok, "host calls cannot be variadic");
        int64_t size = 0;
        FcNode *a = n->args;
        for (int k = 0; k < nfixed; k++)
            a = a->next;
        for (FcNode *b = a; b; b = b->next)
            size += (b->ty->kind == FC_TY_STRUCT || b->ty->kind == FC_TY_UNION)
                        ? (b->ty->size + 7) / 8 * 8 : 8;
        if (size > L->va_block_size)
            L->va_block_size = size;
        if (L->va_block == FIR_NOREG)
            L->va_block = fir_new_reg(FC_F(L), FIR_PTR, NULL);
        int64_t off = 0;
        for (; a; a = a->next, i++) {
            FcType *t = a->ty;
            if (t->kind == FC_TY_STRUCT || t->kind == FC_TY_UNION) {
                uint32_t d = fc__tmp(L, FIR_PTR);
                fc__emit(L, FIR_OP_ptraddi, d, L->va_block, 0, off);
                fc__memcpy(L, d, vals[i], t->size);
                off += (t->size + 7) / 8 * 8;
                continue;
            }
            uint32_t v = vals[i];
            FirType vt = ftype(t);
            if (vt == FIR_I32) {
                v = un(L, t->is_unsigned ? FIR_OP_zext_i32_i64 : FIR_OP_sext_i32_i64, v,
                       FIR_NOREG, FIR_I64);
                vt = FIR_I64;
            }
            FirOp op = vt == FIR_I64 ? FIR_OP_store_i64 : vt == FIR_F64 ? FIR_OP_store_f64
                     : vt == FIR_F32 ? FIR_OP_store_f32 : FIR_OP_store_ptr;
            fc__emit(L, op, L->va_block, v, 0, off);
            off += 8;
        }
        args[na++] = L->va_block;
    }
    FirType rft = sret ? FIR_VOID : ftype(rt);
    uint32_t d = rft == FIR_VOID || !want ? FIR_NOREG : dest(L, dst, rft);
    if (d != FIR_NOREG)
        fc__clobber(L, d);
    if (host) {
        FirType *pt = fc_alloc(sizeof(FirType) * (size_t)(na + 1));
        i = 0;
        for (FcNode *a = n->args; a; a = a->next)
            pt[i++] = host_type(a->ty, a);
        if (!ft->has_proto)
            fc_error_at(n->tok, "host function '%s' needs a prototype", direct->name);
        uint32_t h = fc__host_id(L, direct->name + 7, rft, (uint32_t)na, pt);
        fir_emit_call(FC_F(L), FIR_OP_hcall, d, h, (uint32_t)na, args);
    } else if (direct) {
        uint32_t id = fc__func_id(L, direct, n);
        fir_emit_call(FC_F(L), FIR_OP_call, d, id, (uint32_t)na, args);
    } else {
        fir_emit_call(FC_F(L), FIR_OP_call_ind, d, fp, (uint32_t)na, args);
    }
    if (direct && direct->is_noreturn)
        fc__emit(L, FIR_OP_trap, 0, 0, 0, 0);
    return sret ? ret_block : d;
}

/* ------------------------------------------------------------- builtins */

static uint32_t count_loop(FcLower *L, FcBuiltin k, uint32_t v, FirType t, uint32_t dst)
{
    int width = t == FIR_I64 ? 64 : 32;
    uint32_t x = fc__tmp(L, t), c = dest(L, dst, FIR_I32);
    uint32_t zero = fc__const_reg(L, t, 0);
    uint32_t top = fc__label(L), end = fc__label(L);
    mov(L, x, v);
    if (k == FC_BI_POPCOUNT) {
        fc__emit(L, FIR_OP_const_i32, c, 0, 0, 0);
        fc__place(L, top);
        fc__emit(L, IOP(beq, t), x, zero, 0, FIR_LABEL(end));
        uint32_t m1 = fc__tmp(L, t);
        fc__emit(L, IOP(addi, t), m1, x, 0, -1);
        fc__emit(L, IOP(and, t), x, x, m1, 0);
        fc__emit(L, FIR_OP_addi_i32, c, c, 0, 1);
        fc__jmp(L, top);
        fc__place(L, end);
        return c;
    }
    /* clz/ctz: the width for zero, like the hardware instructions */
    uint32_t loop = fc__label(L);
    fc__emit(L, FIR_OP_const_i32, c, 0, 0, width);
    fc__emit(L, IOP(beq, t), x, zero, 0, FIR_LABEL(end));
    fc__emit(L, FIR_OP_const_i32, c, 0, 0, 0);
    fc__place(L, loop);
    if (k == FC_BI_CLZ) {
        fc__emit(L, IOP(blts, t), x, zero, 0, FIR_LABEL(end));
        fc__emit(L, IOP(shli, t), x, x, 0, 1);
    } else {
        uint32_t bit = fc__tmp(L, t);
        fc__emit(L, IOP(andi, t), bit, x, 0, 1);
        fc__emit(L, IOP(bne, t), bit, zero, 0, FIR_LABEL(end));
        fc__emit(L, IOP(shrui, t), x, x, 0, 1);
    }
    fc__emit(L, FIR_OP_addi_i32, c, c, 0, 1);
    fc__jmp(L, loop);
    fc__place(L, end);
    (void)top;
    return c;
}

static uint32_t gen_bswap(FcLower *L, uint32_t v, FcType *ty, uint32_t dst)
{
    FirType t = ftype(ty);
    int n = (int)ty->size;
    uint32_t acc = FIR_NOREG;
    for (int i = 0; i < n; i++) {
        uint32_t b = v;
        if (i) {
            b = fc__tmp(L, t);
            fc__emit(L, IOP(shrui, t), b, v, 0, 8 * i);
        }
        uint32_t m = fc__tmp(L, t);
        fc__emit(L, IOP(andi, t), m, b, 0, 0xff);
        int sh = 8 * (n - 1 - i);
        if (sh) {
            uint32_t s = fc__tmp(L, t);
            fc__emit(L, IOP(shli, t), s, m, 0, sh);
            m = s;
        }
        if (acc == FIR_NOREG) {
            acc = m;
        } else {
            uint32_t o = i == n - 1 ? dest(L, dst, t) : fc__tmp(L, t);
            fc__emit(L, IOP(or, t), o, acc, m, 0);
            acc = o;
        }
    }
    return acc;
}

static uint32_t gen_va_arg(FcLower *L, FcNode *n, uint32_t dst)
{
    FcNode *ap = n->lhs;
    FcType *ty = n->ty;
    int64_t slot = ty->kind == FC_TY_STRUCT || ty->kind == FC_TY_UNION ? (ty->size + 7) / 8 * 8
                                                                       : 8;
    uint32_t old = fc__tmp(L, FIR_PTR);
    if (ap->kind == FC_ND_VAR && is_reg_var(ap->var)) {
        mov(L, old, ap->var->reg);
        fc__emit(L, FIR_OP_ptraddi, ap->var->reg, old, 0, slot);
    } else {
        FcAddr a = fc__gen_addr(L, ap);
        fc__emit(L, FIR_OP_load_ptr, old, a.reg, 0, a.off);
        uint32_t nw = fc__tmp(L, FIR_PTR);
        fc__emit(L, FIR_OP_ptraddi, nw, old, 0, slot);
        fc__emit(L, FIR_OP_store_ptr, a.reg, nw, 0, a.off);
    }
    if (ty->kind == FC_TY_STRUCT || ty->kind == FC_TY_UNION)
        return old;
    return load(L, ty, (FcAddr){old, 0}, dst);
}

static uint32_t gen_builtin(FcLower *L, FcNode *n, uint32_t dst)
{
    uint32_t v, d;
    switch ((FcBuiltin)n->val) {
    case FC_BI_VA_ARG:
        return gen_va_arg(L, n, dst);
    case FC_BI_SPECULATE:
        d = dest(L, dst, FIR_I32);
        fc__emit(L, FIR_OP_speculate, d, 0, 0, 0);
        return d;
    case FC_BI_COMMIT: case FC_BI_ROLLBACK:
        v = fc__gen(L, n->lhs, FIR_NOREG);
        fc__emit(L, n->val == FC_BI_COMMIT ? FIR_OP_commit : FIR_OP_rollback, v, 0, 0, 0);
        return FIR_NOREG;
    case FC_BI_MIGRATE:
        v = fc__gen(L, n->lhs, FIR_NOREG);
        d = dest(L, dst, FIR_I32);
        fc__emit(L, FIR_OP_migrate, d, v, 0, 0);
        return d;
    case FC_BI_SETJMP:
        v = fc__gen(L, n->lhs, FIR_NOREG);
        d = dest(L, dst, FIR_I32);
        fc__emit(L, FIR_OP_setjmp, d, v, 0, 0);
        return d;
    case FC_BI_LONGJMP: {
        v = fc__gen(L, n->lhs, FIR_NOREG);
        uint32_t w = fc__gen(L, n->rhs, FIR_NOREG);
        fc__emit(L, FIR_OP_longjmp, v, w, 0, 0);
        return FIR_NOREG;
    }
    case FC_BI_TRAP:
        fc__emit(L, FIR_OP_trap, 0, 0, 0, 0);
        return FIR_NOREG;
    case FC_BI_ABORT: {
        int64_t id = fir_find_func(L->m, "abort");
        if (id < 0)
            id = fir_add_func(L->m, "abort", FIR_VOID, 0, NULL);
        fir_emit_call(FC_F(L), FIR_OP_call, FIR_NOREG, (uint32_t)id, 0, NULL);
        return FIR_NOREG;
    }
    case FC_BI_CLZ: case FC_BI_CTZ: case FC_BI_POPCOUNT:
        v = fc__gen(L, n->lhs, FIR_NOREG);
        return count_loop(L, (FcBuiltin)n->val, v, ftype(n->lhs->ty), dst);
    case FC_BI_BSWAP:
        v = fc__gen(L, n->lhs, FIR_NOREG);
        return gen_bswap(L, v, n->ty, dst);
    case FC_BI_ALLOC: case FC_BI_ALLOCA:
        v = fc__gen(L, n->lhs, FIR_NOREG);
        d = dest(L, dst, FIR_PTR);
        fc__emit(L, n->val == FC_BI_ALLOC ? FIR_OP_alloc : FIR_OP_alloca, d, v, 0, 0);
        return d;
    case FC_BI_FREE:
        v = fc__gen(L, n->lhs, FIR_NOREG);
        fc__emit(L, FIR_OP_free, v, 0, 0, 0);
        return FIR_NOREG;
    case FC_BI_BLOCKSIZE:
        v = fc__gen(L, n->lhs, FIR_NOREG);
        d = dest(L, dst, FIR_I64);
        fc__emit(L, FIR_OP_blocksize, d, v, 0, 0);
        return d;
    case FC_BI_MEMCPY: {
        uint32_t a = fc__gen(L, n->args, FIR_NOREG);
        uint32_t b = fc__gen(L, n->args->next, FIR_NOREG);
        fc__memcpy(L, a, b, n->args->next->next->val);
        return FIR_NOREG;
    }
    default:
        fc_error_at(n->tok, "internal error: builtin %lld", (long long)n->val);
    }
}

/* ----------------------------------------------------------- operators */

static bool small_imm(FcNode *n, FirType t, int64_t *v)
{
    if (n->kind != FC_ND_NUM && !(n->kind == FC_ND_CAST && n->lhs->kind == FC_ND_NUM))
        return false;
    if (!fc__try_const_int(n, v))
        return false;
    if (t == FIR_I32)
        *v = (int32_t)*v;
    return t == FIR_I32 || t == FIR_I64;
}

static FirOp arith_op(FcNodeKind k, FirType t, bool u)
{
    bool f = t == FIR_F32 || t == FIR_F64;
    switch (k) {
    case FC_ND_ADD: return f ? FOP(add, t) : IOP(add, t);
    case FC_ND_SUB: return f ? FOP(sub, t) : IOP(sub, t);
    case FC_ND_MUL: return f ? FOP(mul, t) : IOP(mul, t);
    case FC_ND_DIV: return f ? FOP(div, t) : u ? IOP(divu, t) : IOP(divs, t);
    case FC_ND_MOD: return u ? IOP(remu, t) : IOP(rems, t);
    case FC_ND_BITAND: return IOP(and, t);
    case FC_ND_BITOR: return IOP(or, t);
    case FC_ND_BITXOR: return IOP(xor, t);
    case FC_ND_SHL: return IOP(shl, t);
    default: return u ? IOP(shru, t) : IOP(shrs, t);
    }
}

static uint32_t gen_arith(FcLower *L, FcNode *n, uint32_t dst)
{
    FirType t = ftype(n->ty);
    bool u = n->ty->is_unsigned;
    bool isint = t == FIR_I32 || t == FIR_I64;
    int64_t imm;
    FcNode *lhs = n->lhs, *rhs = n->rhs;
    if (isint && (n->kind == FC_ND_ADD || n->kind == FC_ND_MUL || n->kind == FC_ND_BITAND) &&
        small_imm(lhs, t, &imm) && !small_imm(rhs, t, &imm)) {
        FcNode *x = lhs;
        lhs = rhs;
        rhs = x;
    }
    if (isint && small_imm(rhs, t, &imm)) {
        FirOp op = FIR_NOPS;
        switch (n->kind) {
        case FC_ND_ADD: op = IOP(addi, t); break;
        case FC_ND_SUB: op = IOP(addi, t); imm = t == FIR_I32 ? (int32_t)(0u - (uint32_t)imm)
                                                           : (int64_t)(0 - (uint64_t)imm); break;
        case FC_ND_MUL: op = IOP(muli, t); break;
        case FC_ND_BITAND: op = IOP(andi, t); break;
        case FC_ND_SHL: op = IOP(shli, t); break;
        case FC_ND_SHR: op = u ? IOP(shrui, t) : IOP(shrsi, t); break;
        default: break;
        }
        if (op != FIR_NOPS) {
            uint32_t a = fc__gen(L, lhs, FIR_NOREG);
            uint32_t d = dest(L, dst, t);
            fc__emit(L, op, d, a, 0, imm);
            return d;
        }
    }
    uint32_t a = fc__gen(L, lhs, FIR_NOREG);
    uint32_t b = fc__gen(L, rhs, FIR_NOREG);
    uint32_t d = dest(L, dst, t);
    fc__set_loc(L, n->tok);
    fc__emit(L, arith_op(n->kind, t, u), d, a, b, 0);
    return d;
}

static FirOp cmp_op(FcNodeKind k, FirType t, bool u)
{
    if (t == FIR_PTR)
        return k == FC_ND_EQ ? FIR_OP_eq_ptr : k == FC_ND_NE ? FIR_OP_ne_ptr
             : k == FC_ND_LT ? FIR_OP_lt_ptr : FIR_OP_le_ptr;
    if (t == FIR_F32 || t == FIR_F64)
        return k == FC_ND_EQ ? FOP(eq, t) : k == FC_ND_NE ? FOP(ne, t)
             : k == FC_ND_LT ? FOP(lt, t) : FOP(le, t);
    switch (k) {
    case FC_ND_EQ: return IOP(eq, t);
    case FC_ND_NE: return IOP(ne, t);
    case FC_ND_LT: return u ? IOP(ltu, t) : IOP(lts, t);
    default: return u ? IOP(leu, t) : IOP(les, t);
    }
}

static FcType *operand_type(FcNode *n)
{
    return decay(n->lhs->ty);
}

static uint32_t gen_compare(FcLower *L, FcNode *n, uint32_t dst)
{
    FcType *ot = operand_type(n);
    FirType t = ftype(ot);
    uint32_t a = fc__gen(L, n->lhs, FIR_NOREG);
    uint32_t b = fc__gen(L, n->rhs, FIR_NOREG);
    uint32_t d = dest(L, dst, FIR_I32);
    fc__emit(L, cmp_op(n->kind, t, ot->is_unsigned), d, a, b, 0);
    return d;
}

/* Value 0/1 of a condition, through branches. */
static uint32_t gen_bool_value(FcLower *L, FcNode *n, uint32_t dst)
{
    uint32_t d = dest(L, dst, FIR_I32);
    uint32_t lfalse = fc__label(L), lend = fc__label(L);
    fc__gen_cond(L, n, lfalse, false);
    fc__emit(L, FIR_OP_const_i32, d, 0, 0, 1);
    fc__jmp(L, lend);
    fc__place(L, lfalse);
    fc__emit(L, FIR_OP_const_i32, d, 0, 0, 0);
    fc__place(L, lend);
    return d;
}

static uint32_t gen_not(FcLower *L, FcNode *n, uint32_t dst)
{
    FcType *ot = decay(n->lhs->ty);
    FirType t = ftype(ot);
    uint32_t a = fc__gen(L, n->lhs, FIR_NOREG);
    uint32_t z = fc__const_reg(L, t, 0);
    uint32_t d = dest(L, dst, FIR_I32);
    fc__emit(L, cmp_op(FC_ND_EQ, t, false), d, a, z, 0);
    return d;
}

static uint32_t gen_cond_expr(FcLower *L, FcNode *n, uint32_t dst)
{
    FcType *ty = n->ty;
    uint32_t lelse = fc__label(L), lend = fc__label(L);
    if (ty->kind == FC_TY_VOID) {
        if (n->then) {
            fc__gen_cond(L, n->cond, lelse, false);
            fc__gen_void(L, n->then);
        } else {
            fc__gen_cond(L, n->cond, lelse, true);
        }
        fc__jmp(L, lend);
        fc__place(L, lelse);
        fc__gen_void(L, n->els);
        fc__place(L, lend);
        return FIR_NOREG;
    }
    FirType t = ftype(ty);
    uint32_t d = fc__tmp(L, t);
    if (dst != FIR_NOREG && !(n->then == NULL))
        d = dst;
    if (n->then) {
        fc__gen_cond(L, n->cond, lelse, false);
        fc__gen(L, n->then, d);
    } else {
        /* GNU a ?: b evaluates a once */
        uint32_t c = fc__gen(L, n->cond, FIR_NOREG);
        FcType *ct = decay(n->cond->ty);
        FirType cft = ftype(ct);
        uint32_t z = fc__const_reg(L, cft, 0);
        uint32_t isz = fc__tmp(L, FIR_I32);
        fc__emit(L, cmp_op(FC_ND_EQ, cft, false), isz, c, z, 0);
        fc__emit(L, FIR_OP_br, isz, 0, 0, FIR_LABEL(lelse));
        uint32_t cv = fc__convert(L, c, n->cond->ty, ty, FIR_NOREG);
        mov(L, d, cv);
    }
    fc__jmp(L, lend);
    fc__place(L, lelse);
    fc__gen(L, n->els, d);
    fc__place(L, lend);
    return d;
}

static uint32_t gen_stmt_expr(FcLower *L, FcNode *n, uint32_t dst)
{
    FcNode *last = n->body;
    while (last && last->next)
        last = last->next;
    bool has_value = n->ty->kind != FC_TY_VOID && last && last->kind == FC_ND_EXPR_STMT;
    uint32_t d = FIR_NOREG;
    if (has_value)
        d = dst != FIR_NOREG ? dst : fc__tmp(L, ftype(n->ty));
    for (FcNode *s = n->body; s; s = s->next) {
        if (s == last && has_value) {
            uint32_t mark = L->nlive;
            fc__gen(L, s->lhs, d);
            while (L->nlive > mark) {
                uint32_t r = L->live[--L->nlive];
                FirType t = reg_type(L, r);
                if (L->nfree[t] == L->cap_free[t]) {
                    L->cap_free[t] = L->cap_free[t] ? 2 * L->cap_free[t] : 16;
                    uint32_t *nf = fc_alloc(sizeof(uint32_t) * L->cap_free[t]);
                    if (L->nfree[t])
                        memcpy(nf, L->free_regs[t], sizeof(uint32_t) * L->nfree[t]);
                    L->free_regs[t] = nf;
                }
                L->free_regs[t][L->nfree[t]++] = r;
            }
        } else {
            fc__gen_stmt(L, s);
        }
    }
    return d;
}

/* --------------------------------------------------------- expressions */

static bool foldable(const FcNode *n)
{
    switch (n->kind) {
    case FC_ND_ADD: case FC_ND_SUB: case FC_ND_MUL: case FC_ND_DIV: case FC_ND_MOD:
    case FC_ND_BITAND: case FC_ND_BITOR: case FC_ND_BITXOR: case FC_ND_SHL: case FC_ND_SHR:
    case FC_ND_NEG: case FC_ND_BITNOT: case FC_ND_NOT: case FC_ND_CAST: case FC_ND_EQ:
    case FC_ND_NE: case FC_ND_LT: case FC_ND_LE: case FC_ND_LOGAND: case FC_ND_LOGOR:
        return true;
    default:
        return false;
    }
}

/* FIR has no op that frees a frame block, so a VLA declared in a loop would
 * take a new block every iteration until the function returns.  Instead the
 * declaration keeps its block in a slot register and takes it again when the
 * size is the same (the old object's lifetime has ended: C11 6.2.4p7); only a
 * changed size allocates.  Its contents are then indeterminate, as C says. */
static void gen_vla_alloc(FcLower *L, FcObj *var)
{
    uint32_t size = var->ty->vla_size->reg;
    uint32_t slot = fc__vla_slot(L);
    uint32_t fresh = fc__label(L), done = fc__label(L);
    uint32_t have = fc__tmp(L, FIR_I64);
    /* 0 for the null slot: a zero-length VLA (undefined in C) may be null */
    fc__emit(L, FIR_OP_blocksize, have, slot, 0, 0);
    fc__emit(L, FIR_OP_bne_i64, have, size, 0, FIR_LABEL(fresh));
    fc__emit(L, FIR_OP_mov_ptr, var->reg, slot, 0, 0);
    fc__jmp(L, done);
    fc__place(L, fresh);
    fc__emit(L, FIR_OP_alloca, var->reg, size, 0, 0);
    fc__emit(L, FIR_OP_mov_ptr, slot, var->reg, 0, 0);
    fc__place(L, done);
}

static uint32_t gen_inner(FcLower *L, FcNode *n, uint32_t dst)
{
    int64_t iv;
    double fv;
    if (foldable(n)) {
        if (fc__is_integer(n->ty) && fc__try_const_int(n, &iv))
            return const_to(L, ftype(n->ty), iv, dst);
        if (fc__is_flonum(n->ty) && (n->kind == FC_ND_CAST || n->kind == FC_ND_NEG) &&
            n->lhs->kind == FC_ND_NUM && fc__try_const_float(n, &fv))
            return const_to(L, ftype(n->ty), float_bits(fv, ftype(n->ty)), dst);
        if (n->ty->kind == FC_TY_PTR && n->kind == FC_ND_CAST && fc__is_integer(n->lhs->ty) &&
            fc__try_const_int(n->lhs, &iv))
            return const_to(L, FIR_PTR, iv, dst);
    }
    switch (n->kind) {
    case FC_ND_NUM:
        if (fc__is_flonum(n->ty))
            return const_to(L, ftype(n->ty), float_bits(n->fval, ftype(n->ty)), dst);
        return const_to(L, ftype(n->ty), n->val, dst);
    case FC_ND_VAR: {
        FcObj *v = n->var;
        if (v->is_local && !fc__in_memory(v))
            return v->reg;
        if (v->is_function) {
            if (v->is_host)
                fc_error_at(n->tok, "cannot take the address of host function '%s'", v->name);
            return symbol_addr(L, FIR_OP_faddr, fc__func_id(L, v, NULL), dst);
        }
        if (fc__is_aggregate(v->ty)) {
            if (v->is_local)
                return v->reg;
            return symbol_addr(L, FIR_OP_gaddr, fc__global_id(L, v), dst);
        }
        return load(L, v->ty, fc__gen_addr(L, n), dst);
    }
    case FC_ND_LHSVAL:
        return n->assign->reg;
    case FC_ND_ADD: case FC_ND_SUB: case FC_ND_MUL: case FC_ND_DIV: case FC_ND_MOD:
    case FC_ND_BITAND: case FC_ND_BITOR: case FC_ND_BITXOR: case FC_ND_SHL: case FC_ND_SHR:
        return gen_arith(L, n, dst);
    case FC_ND_PTR_ADD: {
        FcAddr a = gen_ptr(L, n->lhs);
        if (fc__try_const_int(n->rhs, &iv)) {
            a.off += iv;
            return addr_reg(L, a, dst);
        }
        uint32_t base = addr_reg(L, a, FIR_NOREG);
        uint32_t off = fc__gen(L, n->rhs, FIR_NOREG);
        uint32_t d = dest(L, dst, FIR_PTR);
        fc__emit(L, FIR_OP_ptradd, d, base, off, 0);
        return d;
    }
    case FC_ND_PTR_DIFF: {
        uint32_t a = fc__gen(L, n->lhs, FIR_NOREG);
        uint32_t b = fc__gen(L, n->rhs, FIR_NOREG);
        uint32_t ia = un(L, FIR_OP_ptr_to_i64, a, FIR_NOREG, FIR_I64);
        uint32_t ib = un(L, FIR_OP_ptr_to_i64, b, FIR_NOREG, FIR_I64);
        uint32_t d = dest(L, dst, FIR_I64);
        fc__emit(L, FIR_OP_sub_i64, d, ia, ib, 0);
        return d;
    }
    case FC_ND_EQ: case FC_ND_NE: case FC_ND_LT: case FC_ND_LE:
        return gen_compare(L, n, dst);
    case FC_ND_NEG: {
        FirType t = ftype(n->ty);
        uint32_t a = fc__gen(L, n->lhs, FIR_NOREG);
        return un(L, t == FIR_F32 || t == FIR_F64 ? FOP(neg, t) : IOP(neg, t), a, dst, t);
    }
    case FC_ND_BITNOT: {
        FirType t = ftype(n->ty);
        uint32_t a = fc__gen(L, n->lhs, FIR_NOREG);
        return un(L, IOP(not, t), a, dst, t);
    }
    case FC_ND_NOT:
        return gen_not(L, n, dst);
    case FC_ND_LOGAND: case FC_ND_LOGOR:
        return gen_bool_value(L, n, dst);
    case FC_ND_ASSIGN:
        return gen_assign(L, n, dst, true);
    case FC_ND_COND:
        return gen_cond_expr(L, n, dst);
    case FC_ND_COMMA:
        fc__gen_void(L, n->lhs);
        return fc__gen(L, n->rhs, dst);
    case FC_ND_MEMBER:
        if (n->member->is_bitfield)
            return gen_bitfield_read(L, n, dst);
        /* fall through */
    case FC_ND_DEREF: {
        if (fc__is_aggregate(n->ty) || n->ty->kind == FC_TY_FUNC)
            return addr_reg(L, fc__gen_addr(L, n), dst);
        return load_lvalue(L, n, n->ty, dst);
    }
    case FC_ND_ADDR:
        if (n->lhs->kind == FC_ND_VAR && n->lhs->var->is_function)
            return fc__gen(L, n->lhs, dst);
        return addr_reg(L, fc__gen_addr(L, n->lhs), dst);
    case FC_ND_CAST: {
        if (noop_conversion(n->lhs->ty, n->ty))
            return fc__gen(L, n->lhs, dst);
        if (fc__is_integer(n->ty) && n->ty->kind != FC_TY_BOOL && n->ty->size < 4 &&
            fc__is_integer(n->lhs->ty) && n->lhs->ty->size >= n->ty->size &&
            is_plain_load(n->lhs)) {
            /* (unsigned char)*p: load the low bytes as the new type (little-endian) */
            return load_lvalue(L, n->lhs, n->ty, dst);
        }
        uint32_t r = fc__gen(L, n->lhs, FIR_NOREG);
        if (n->ty->kind == FC_TY_VOID)
            return FIR_NOREG;
        return fc__convert(L, r, n->lhs->ty, n->ty, dst);
    }
    case FC_ND_CALL:
        return gen_call(L, n, dst, true);
    case FC_ND_STMT_EXPR:
        return gen_stmt_expr(L, n, dst);
    case FC_ND_MEMZERO:
        if (n->end > n->begin) /* a subobject initialized again */
            fc__memzero(L, (FcAddr){n->var->reg, n->begin}, n->end - n->begin);
        else
            fc__memzero(L, (FcAddr){n->var->reg, 0}, n->var->ty->size);
        return FIR_NOREG;
    case FC_ND_VLA_ALLOC:
        if (n->var) /* the sizes were computed by the declaration's sizes node */
            gen_vla_alloc(L, n->var);
        else
            fc__gen_vla_sizes(L, n->then->ty, n);
        return FIR_NOREG;
    case FC_ND_BUILTIN:
        return gen_builtin(L, n, dst);
    case FC_ND_BLOCK:
        fc__gen_stmt(L, n);
        return FIR_NOREG;
    default:
        fc_error_at(n->tok, "internal error: cannot lower expression (kind %d)", n->kind);
    }
}

uint32_t fc__gen(FcLower *L, FcNode *n, uint32_t dst)
{
    fc__set_loc(L, n->tok);
    uint32_t r = gen_inner(L, n, dst);
    if (dst != FIR_NOREG && r != FIR_NOREG && r != dst)
        mov(L, dst, r);
    return dst != FIR_NOREG ? dst : r;
}

void fc__gen_vla_sizes(FcLower *L, FcType *ty, const FcNode *owner)
{
    if (!ty || (ty->kind != FC_TY_PTR && ty->kind != FC_TY_ARRAY && ty->kind != FC_TY_VLA))
        return;
    fc__gen_vla_sizes(L, ty->base, owner);
    if (ty->kind != FC_TY_VLA || ty->vla_owner != owner)
        return;
    uint32_t len = fc__gen(L, ty->vla_len, FIR_NOREG);
    len = fc__convert(L, len, ty->vla_len->ty, fc__ty_long, FIR_NOREG);
    uint32_t d = ty->vla_size->reg;
    if (ty->base->kind == FC_TY_VLA)
        fc__emit(L, FIR_OP_mul_i64, d, len, ty->base->vla_size->reg, 0);
    else
        fc__emit(L, FIR_OP_muli_i64, d, len, 0, ty->base->size);
}

void fc__gen_void(FcLower *L, FcNode *n)
{
    fc__set_loc(L, n->tok);
    switch (n->kind) {
    case FC_ND_ASSIGN:
        gen_assign(L, n, FIR_NOREG, false);
        return;
    case FC_ND_COMMA:
        fc__gen_void(L, n->lhs);
        fc__gen_void(L, n->rhs);
        return;
    case FC_ND_CAST:
        if (n->ty->kind == FC_TY_VOID) {
            fc__gen_void(L, n->lhs);
            return;
        }
        break;
    case FC_ND_COND:
        if (n->then) {
            uint32_t lelse = fc__label(L), lend = fc__label(L);
            fc__gen_cond(L, n->cond, lelse, false);
            fc__gen_void(L, n->then);
            fc__jmp(L, lend);
            fc__place(L, lelse);
            fc__gen_void(L, n->els);
            fc__place(L, lend);
            return;
        }
        break;
    case FC_ND_NUM: case FC_ND_VAR:
        return;
    case FC_ND_CALL:
        gen_call(L, n, FIR_NOREG, false);
        return;
    default:
        break;
    }
    fc__gen(L, n, FIR_NOREG);
}

/* ------------------------------------------------------------ conditions */

void fc__gen_cond(FcLower *L, FcNode *n, uint32_t label, bool jump_if)
{
    fc__set_loc(L, n->tok);
    bool b;
    int64_t iv;
    double fv;
    if (fc__is_integer(n->ty) && fc__try_const_int(n, &iv)) {
        if ((iv != 0) == jump_if)
            fc__jmp(L, label);
        return;
    }
    (void)b;
    (void)fv;
    switch (n->kind) {
    case FC_ND_NOT:
        fc__gen_cond(L, n->lhs, label, !jump_if);
        return;
    case FC_ND_LOGAND: case FC_ND_LOGOR: {
        bool is_and = n->kind == FC_ND_LOGAND;
        if (is_and != jump_if) {
            /* and-false or or-true: either operand decides */
            fc__gen_cond(L, n->lhs, label, jump_if);
            fc__gen_cond(L, n->rhs, label, jump_if);
        } else {
            uint32_t skip = fc__label(L);
            fc__gen_cond(L, n->lhs, skip, !jump_if);
            fc__gen_cond(L, n->rhs, label, jump_if);
            fc__place(L, skip);
        }
        return;
    }
    case FC_ND_EQ: case FC_ND_NE: case FC_ND_LT: case FC_ND_LE: {
        FcType *ot = operand_type(n);
        FirType t = ftype(ot);
        if (t == FIR_I32 || t == FIR_I64) {
            /* x == 0 / x != 0 on an i32: one br/brz */
            if (t == FIR_I32 && (n->kind == FC_ND_EQ || n->kind == FC_ND_NE) &&
                fc__try_const_int(n->rhs, &iv) && iv == 0) {
                uint32_t a = fc__gen(L, n->lhs, FIR_NOREG);
                bool nz = (n->kind == FC_ND_NE) == jump_if;
                fc__emit(L, nz ? FIR_OP_br : FIR_OP_brz, a, 0, 0, FIR_LABEL(label));
                return;
            }
            uint32_t a = fc__gen(L, n->lhs, FIR_NOREG);
            uint32_t c = fc__gen(L, n->rhs, FIR_NOREG);
            bool u = ot->is_unsigned;
            FirOp op;
            uint32_t x = a, y = c;
            switch (n->kind) {
            case FC_ND_EQ: op = jump_if ? IOP(beq, t) : IOP(bne, t); break;
            case FC_ND_NE: op = jump_if ? IOP(bne, t) : IOP(beq, t); break;
            case FC_ND_LT:
                if (jump_if) {
                    op = u ? IOP(bltu, t) : IOP(blts, t);
                } else { /* !(a < b) == b <= a */
                    op = u ? IOP(bleu, t) : IOP(bles, t);
                    x = c;
                    y = a;
                }
                break;
            default:
                if (jump_if) {
                    op = u ? IOP(bleu, t) : IOP(bles, t);
                } else { /* !(a <= b) == b < a */
                    op = u ? IOP(bltu, t) : IOP(blts, t);
                    x = c;
                    y = a;
                }
                break;
            }
            fc__emit(L, op, x, y, 0, FIR_LABEL(label));
            return;
        }
        /* p == NULL / p != NULL: compare with a (hoisted) null, br or brz */
        if (t == FIR_PTR && (n->kind == FC_ND_EQ || n->kind == FC_ND_NE)) {
            FcNode *other = NULL;
            if (fc__try_const_int(n->rhs, &iv) && iv == 0)
                other = n->lhs;
            else if (fc__try_const_int(n->lhs, &iv) && iv == 0)
                other = n->rhs;
            if (other) {
                uint32_t a = fc__gen(L, other, FIR_NOREG);
                uint32_t z = fc__const_reg(L, FIR_PTR, 0);
                uint32_t c = fc__tmp(L, FIR_I32);
                fc__emit(L, FIR_OP_ne_ptr, c, a, z, 0);
                bool nz = (n->kind == FC_ND_NE) == jump_if;
                fc__emit(L, nz ? FIR_OP_br : FIR_OP_brz, c, 0, 0, FIR_LABEL(label));
                return;
            }
        }
        if ((t == FIR_F32 || t == FIR_F64) && jump_if &&
            (n->kind == FC_ND_LT || n->kind == FC_ND_LE)) {
            uint32_t a = fc__gen(L, n->lhs, FIR_NOREG);
            uint32_t c = fc__gen(L, n->rhs, FIR_NOREG);
            FirOp op = n->kind == FC_ND_LT ? FOP(blt, t) : FOP(ble, t);
            fc__emit(L, op, a, c, 0, FIR_LABEL(label));
            return;
        }
        uint32_t v = gen_compare(L, n, FIR_NOREG);
        fc__emit(L, jump_if ? FIR_OP_br : FIR_OP_brz, v, 0, 0, FIR_LABEL(label));
        return;
    }
    default:
        break;
    }
    FcType *ty = decay(n->ty);
    FirType t = ftype(ty);
    uint32_t v = fc__gen(L, n, FIR_NOREG);
    if (t == FIR_I64) { /* one fused compare with zero */
        uint32_t z = fc__const_reg(L, t, 0);
        fc__emit(L, jump_if ? FIR_OP_bne_i64 : FIR_OP_beq_i64, v, z, 0, FIR_LABEL(label));
        return;
    }
    if (t != FIR_I32) {
        uint32_t z = fc__const_reg(L, t, 0);
        uint32_t c = fc__tmp(L, FIR_I32);
        fc__emit(L, cmp_op(FC_ND_NE, t, false), c, v, z, 0);
        v = c;
    }
    fc__emit(L, jump_if ? FIR_OP_br : FIR_OP_brz, v, 0, 0, FIR_LABEL(label));
}
