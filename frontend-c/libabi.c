/*
 * libabi.c - calls to C library functions that the program declared itself
 * with other types (`int strlen(char *);` without <string.h>).
 *
 * gcc accepts such a declaration with a -Wbuiltin-declaration-mismatch
 * warning and the call reaches the library's function, its values passed as
 * the C ABI passes them.  Here the program's calls go to an adapter, a static
 * FIR function "NAME.abi" with the program's signature, which converts each
 * argument to the library's parameter type (as C converts the program's type
 * to it: integers are sign- or zero-extended by the program's type's
 * signedness, or truncated; float and double are converted), calls the
 * library's NAME and converts the result back the same way.  The library is
 * the C library module firc links (fc_library); its debug info names the
 * expected C type in the warning; a value the library's function does not
 * return is 0.  A mismatch no conversion can bridge (a pointer for an
 * integer, another number of parameters) is an error.
 */
#include "frontend-c/cc.h"

#include <stdio.h>
#include <string.h>

const FirModule *fc_library;

void fc_set_library(const FirModule *lib)
{
    fc_library = lib;
}

static bool is_number(FirType t)
{
    return t == FIR_I32 || t == FIR_I64 || t == FIR_F32 || t == FIR_F64;
}

static bool convertible(FirType from, FirType to)
{
    return from == to || (is_number(from) && is_number(to));
}

/* Appends the C spelling of debug type `id` (1-based; 0 unknown) to buf. */
static void dbg_type_text(const FirModule *m, uint32_t id, char *buf, size_t cap, int depth)
{
    size_t len = strlen(buf);
    if (id == 0 || id > m->ndbg_types || depth > 8) {
        snprintf(buf + len, cap - len, "?");
        return;
    }
    const FirDbgType *t = &m->dbg_types[id - 1];
    if (t->kind == FIR_DK_PTR) {
        dbg_type_text(m, t->base, buf, cap, depth + 1);
        len = strlen(buf);
        snprintf(buf + len, cap - len, "%s*", buf[len - 1] == '*' ? "" : " ");
    } else {
        snprintf(buf + len, cap - len, "%s", t->name ? t->name : "?");
    }
}

/* "unsigned long(char *, int)": the library function's C type, from its debug info. */
static const char *library_type_text(const FirFunc *lf)
{
    static char buf[512];
    buf[0] = 0;
    if (!lf->dbg_ret && !lf->ndbg_vars)
        return NULL;
    dbg_type_text(fc_library, lf->dbg_ret, buf, sizeof buf - 32, 0);
    strcat(buf, "(");
    uint32_t np = 0;
    for (uint32_t i = 0; i < lf->ndbg_vars; i++) {
        if (!lf->dbg_vars[i].is_param)
            continue;
        if (np++)
            strcat(buf, ", ");
        dbg_type_text(fc_library, lf->dbg_vars[i].type, buf, sizeof buf - 32, 0);
    }
    if (np == 0)
        strcat(buf, "void");
    strcat(buf, ")");
    return buf;
}

static bool is_unsigned_type(const FcType *ty)
{
    return ty && ty->is_unsigned && ty->kind != FC_TY_PTR;
}

/* Emits dst = src converted from FIR type `from` to `to`; `uns` is the C signedness of
 * the integer being widened. */
static void convert(FirFunc *f, uint32_t dst, FirType to, uint32_t src, FirType from, bool uns)
{
    FirOp op;
    if (from == to) {
        op = to == FIR_I32 ? FIR_OP_mov_i32 : to == FIR_I64 ? FIR_OP_mov_i64
           : to == FIR_F32 ? FIR_OP_mov_f32 : to == FIR_F64 ? FIR_OP_mov_f64 : FIR_OP_mov_ptr;
    } else if (from == FIR_I32 && to == FIR_I64) {
        op = uns ? FIR_OP_zext_i32_i64 : FIR_OP_sext_i32_i64;
    } else if (from == FIR_I64 && to == FIR_I32) {
        op = FIR_OP_trunc_i64_i32;
    } else if (from == FIR_F32 && to == FIR_F64) {
        op = FIR_OP_cvt_f32_f64;
    } else if (from == FIR_F64 && to == FIR_F32) {
        op = FIR_OP_cvt_f64_f32;
    } else if (to == FIR_F32) {
        op = from == FIR_I32 ? (uns ? FIR_OP_cvtu_i32_f32 : FIR_OP_cvts_i32_f32)
                             : (uns ? FIR_OP_cvtu_i64_f32 : FIR_OP_cvts_i64_f32);
    } else if (to == FIR_F64) {
        op = from == FIR_I32 ? (uns ? FIR_OP_cvtu_i32_f64 : FIR_OP_cvts_i32_f64)
                             : (uns ? FIR_OP_cvtu_i64_f64 : FIR_OP_cvts_i64_f64);
    } else if (from == FIR_F32) {
        op = to == FIR_I32 ? (uns ? FIR_OP_cvtu_f32_i32 : FIR_OP_cvts_f32_i32)
                           : (uns ? FIR_OP_cvtu_f32_i64 : FIR_OP_cvts_f32_i64);
    } else {
        op = to == FIR_I32 ? (uns ? FIR_OP_cvtu_f64_i32 : FIR_OP_cvts_f64_i32)
                           : (uns ? FIR_OP_cvtu_f64_i64 : FIR_OP_cvts_f64_i64);
    }
    fir_emit(f, op, dst, src, 0, 0);
}

int64_t fc__libabi_adapter(FcLower *L, FcObj *fn, FirType ret, uint32_t n, const FirType *p)
{
    if (!fc_library || fn->is_definition || fn->is_static)
        return -1;
    int64_t li = fir_find_func(fc_library, fn->name);
    if (li < 0 || fc_library->funcs[li].is_static || !fc_library->funcs[li].defined)
        return -1;
    const FirFunc *lf = &fc_library->funcs[li];
    bool same = lf->ret == ret && lf->nparams == n;
    for (uint32_t i = 0; same && i < n; i++)
        same = lf->reg_types[i] == p[i];
    if (same)
        return -1;

    const char *want = library_type_text(lf);
    bool ok = lf->nparams == n &&
              (ret == FIR_VOID || lf->ret == FIR_VOID || convertible(lf->ret, ret));
    for (uint32_t i = 0; ok && i < n; i++)
        ok = convertible(p[i], lf->reg_types[i]);
    if (!ok)
        fc_error_at(fn->tok, "conflicting types for built-in function '%s'%s%s%s; the C library's "
                    "'%s' cannot be called with these types", fn->name, want ? "; expected '" : "",
                    want ? want : "", want ? "'" : "", fn->name);
    fc_warn_at(fn->tok, "conflicting types for built-in function '%s'%s%s%s "
               "[-Wbuiltin-declaration-mismatch]", fn->name, want ? "; expected '" : "",
               want ? want : "", want ? "'" : "");

    /* The library's function, declared with its own signature, then the adapter. */
    FirType lret = lf->ret, lparams[n ? n : 1];
    for (uint32_t i = 0; i < n; i++)
        lparams[i] = (FirType)lf->reg_types[i];
    int64_t target = fir_find_func(L->m, fn->name);
    if (target < 0)
        target = fir_add_func(L->m, fn->name, lret, n, lparams);
    char *name = fc_format("%s.abi", fn->name);
    uint32_t id = fir_add_func(L->m, name, ret, n, p);
    FirFunc *f = &L->m->funcs[id];
    f->is_static = true;
    fir_func_begin_body(f);
    fir_set_loc(f, 0, fn->tok ? (uint32_t)fn->tok->line : 0);
    uint32_t args[n ? n : 1];
    FcParam *q = fn->ty->params;
    for (uint32_t i = 0; i < n; i++) {
        args[i] = fir_new_reg(f, lparams[i], NULL);
        convert(f, args[i], lparams[i], i, p[i], q && is_unsigned_type(q->ty));
        if (q)
            q = q->next;
    }
    if (ret == FIR_VOID) {
        fir_emit_call(f, FIR_OP_call, lret == FIR_VOID ? FIR_NOREG : fir_new_reg(f, lret, NULL),
                      (uint32_t)target, n, args);
        fir_emit(f, FIR_OP_ret_void, 0, 0, 0, 0);
    } else if (lret == FIR_VOID) { /* `int exit(int);`: the value is 0 */
        fir_emit_call(f, FIR_OP_call, FIR_NOREG, (uint32_t)target, n, args);
        uint32_t out = fir_new_reg(f, ret, NULL);
        FirOp zero = ret == FIR_I32 ? FIR_OP_const_i32 : ret == FIR_I64 ? FIR_OP_const_i64
                   : ret == FIR_F32 ? FIR_OP_const_f32 : ret == FIR_F64 ? FIR_OP_const_f64
                   : FIR_OP_const_ptr;
        fir_emit(f, zero, out, 0, 0, 0);
        fir_emit(f, FIR_OP_ret, out, 0, 0, 0);
    } else {
        uint32_t r = fir_new_reg(f, lret, NULL), out = fir_new_reg(f, ret, NULL);
        fir_emit_call(f, FIR_OP_call, r, (uint32_t)target, n, args);
        convert(f, out, ret, r, lret, is_unsigned_type(fn->ty->return_ty));
        fir_emit(f, FIR_OP_ret, out, 0, 0, 0);
    }
    return id;
}
