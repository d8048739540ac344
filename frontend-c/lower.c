/*
 * lower.c - lowering a parsed translation unit to a FIR module: functions
 * (signatures, placement of locals, the entry prologue, statements), the
 * temporaries pool, goto labels, and global data (bytes and relocations).
 *
 * Functions and globals enter the module on first use: every external
 * definition is lowered, a static or inline-only function or static object
 * only if something lowered refers to it (a work list).  A function body is
 * lowered first and its prologue (frame blocks for address-taken locals,
 * aggregates, call-site temporaries, the variadic argument block, copies of
 * address-taken parameters) is then moved in front of it; every branch uses
 * a label, so moving code only shifts label positions.
 *
 * Signatures: a struct/union result is returned through a hidden first
 * pointer parameter (the caller's block); a struct/union parameter is a
 * pointer to a copy the caller made; a variadic function takes one more
 * pointer parameter, to 8-byte slots holding the variadic arguments.  main
 * is always (i32 argc, ptr argv) -> i32.
 *
 * The prologue also sets the registers of constants hoisted out of loops
 * (fc__hoisted) and nulls the per-declaration slots that let a VLA declared
 * in a loop take its previous block again (FIR cannot free a frame block).
 * `return c ? a : b` returns from each arm.
 */
#include "frontend-c/cc.h"

#include <stdlib.h>
#include <string.h>

struct FcEntryBlock {
    FcEntryBlock *next;
    uint32_t reg;
    int64_t size;
};

struct FcLabelName {
    FcLabelName *next;
    const char *name;
    uint32_t label;
};

/* ------------------------------------------------------------- emitting */

void fc__clobber(FcLower *L, uint32_t r)
{
    for (int i = 0; i < L->nacache; i++) {
        FcAddrCache *e = &L->acache[i];
        if (r == FIR_NOREG || e->base == r || e->index == r || e->reg == r)
            e->valid = false;
    }
}

uint32_t fc__emit(FcLower *L, FirOp op, uint32_t a, uint32_t b, uint32_t c, int64_t imm)
{
    if (L->nacache) {
        switch (fir_op_info[op].format) {
        case FIR_FMT_D: case FIR_FMT_DS: case FIR_FMT_DSS: case FIR_FMT_DI: case FIR_FMT_DSI:
        case FIR_FMT_GLOBAL: case FIR_FMT_FUNC:
            /* setjmp and speculate return twice: as if from a label */
            fc__clobber(L, op == FIR_OP_setjmp || op == FIR_OP_speculate ? FIR_NOREG : a);
            break;
        default:
            break;
        }
    }
    return fir_emit(FC_F(L), op, a, b, c, imm);
}

void fc__set_loc(FcLower *L, const FcToken *tok)
{
    if (!tok || !tok->file)
        return;
    if (tok->file != L->last_file) {
        L->last_file = tok->file;
        L->last_file_no = fir_add_file(L->m, tok->file->name);
    }
    fir_set_loc(FC_F(L), L->last_file_no, (uint32_t)(tok->line > 0 ? tok->line : 0));
}

uint32_t fc__label(FcLower *L)
{
    return fir_new_label(FC_F(L));
}

void fc__place(FcLower *L, uint32_t label)
{
    fc__clobber(L, FIR_NOREG);
    fir_place_label(FC_F(L), label);
}

void fc__jmp(FcLower *L, uint32_t label)
{
    fc__emit(L, FIR_OP_jmp, 0, 0, 0, FIR_LABEL(label));
}

/* ----------------------------------------------------------- temporaries */

uint32_t fc__tmp(FcLower *L, FirType t)
{
    uint32_t r;
    if (L->nfree[t])
        r = L->free_regs[t][--L->nfree[t]];
    else
        r = fir_new_reg(FC_F(L), t, NULL);
    if (L->nlive == L->cap_live) {
        L->cap_live = L->cap_live ? 2 * L->cap_live : 64;
        uint32_t *n = fc_alloc(sizeof(uint32_t) * L->cap_live);
        if (L->nlive)
            memcpy(n, L->live, sizeof(uint32_t) * L->nlive);
        L->live = n;
    }
    L->live[L->nlive++] = r;
    if (FC_F(L)->nregs > FIR_MAX_REGS)
        fc_error_at(L->fn->tok, "function '%s' is too large (more than %u registers)",
                    L->fn->name, FIR_MAX_REGS);
    return r;
}

static void release_temps(FcLower *L, uint32_t mark)
{
    while (L->nlive > mark) {
        uint32_t r = L->live[--L->nlive];
        FirType t = (FirType)FC_F(L)->reg_types[r];
        if (L->nfree[t] == L->cap_free[t]) {
            L->cap_free[t] = L->cap_free[t] ? 2 * L->cap_free[t] : 16;
            uint32_t *n = fc_alloc(sizeof(uint32_t) * L->cap_free[t]);
            if (L->nfree[t])
                memcpy(n, L->free_regs[t], sizeof(uint32_t) * L->nfree[t]);
            L->free_regs[t] = n;
        }
        L->free_regs[t][L->nfree[t]++] = r;
    }
}

/* Loops are where constants cost: at most this many are hoisted per function
 * (each costs one instruction per call). */
#define MAX_HOIST 64

uint32_t fc__hoisted(FcLower *L, FirOp op, FirType t, int64_t imm)
{
    if (L->loop_depth <= 0)
        return FIR_NOREG;
    for (int i = 0; i < L->nhoist; i++)
        if (L->hoist[i].op == op && L->hoist[i].imm == imm)
            return L->hoist[i].reg;
    if (L->nhoist == MAX_HOIST)
        return FIR_NOREG;
    if (L->nhoist == L->cap_hoist) {
        L->cap_hoist = L->cap_hoist ? 2 * L->cap_hoist : 8;
        FcHoist *n = fc_alloc(sizeof *n * (size_t)L->cap_hoist);
        if (L->nhoist)
            memcpy(n, L->hoist, sizeof *n * (size_t)L->nhoist);
        L->hoist = n;
    }
    uint32_t r = fir_new_reg(FC_F(L), t, NULL);
    L->hoist[L->nhoist++] = (FcHoist){op, imm, r};
    return r;
}

uint32_t fc__vla_slot(FcLower *L)
{
    FcEntryBlock *b = fc_alloc(sizeof *b);
    b->reg = fir_new_reg(FC_F(L), FIR_PTR, NULL);
    b->next = L->vla_slots;
    L->vla_slots = b;
    return b->reg;
}

uint32_t fc__entry_block(FcLower *L, int64_t size)
{
    FcEntryBlock *b = fc_alloc(sizeof *b);
    b->reg = fir_new_reg(FC_F(L), FIR_PTR, NULL);
    b->size = size > 0 ? size : 1;
    b->next = L->entry;
    L->entry = b;
    return b->reg;
}

/* ----------------------------------------------------------- signatures */

static bool is_aggr_value(const FcType *ty)
{
    return ty->kind == FC_TY_STRUCT || ty->kind == FC_TY_UNION;
}

static bool is_main(const FcObj *fn)
{
    return fn->is_definition && strcmp(fn->name, "main") == 0;
}

/* FIR parameter types of a C function; returns the count. */
static uint32_t signature(const FcObj *fn, const FcNode *call, FirType *ret, FirType **params)
{
    FcType *ty = fn->ty;
    FirType *p = fc_alloc(sizeof(FirType) * (size_t)(ty->nparams + (call ? call->nargs : 0) + 3));
    uint32_t n = 0;
    *params = p;
    if (strcmp(fn->name, "main") == 0) {
        *ret = FIR_I32;
        p[0] = FIR_I32;
        p[1] = FIR_PTR;
        return 2;
    }
    FcType *rt = ty->return_ty;
    if (is_aggr_value(rt)) {
        p[n++] = FIR_PTR;
        *ret = FIR_VOID;
    } else {
        *ret = fc__fir_type(rt);
    }
    if (!ty->has_proto && !fn->is_definition && call) {
        for (FcNode *a = call->args; a; a = a->next)
            p[n++] = fc__fir_type(a->ty);
        return n;
    }
    for (FcParam *q = ty->params; q; q = q->next) {
        FcType *pt = q->ty;
        if (fn->is_knr && pt->kind == FC_TY_FLOAT)
            pt = fc__ty_double;
        p[n++] = fc__fir_type(pt);
    }
    if (ty->is_variadic)
        p[n++] = FIR_PTR;
    return n;
}

static void push_work(FcLower *L, FcObj *fn)
{
    if (L->nwork == L->cap_work) {
        L->cap_work = L->cap_work ? 2 * L->cap_work : 64;
        FcObj **w = fc_alloc(sizeof *w * (size_t)L->cap_work);
        if (L->nwork)
            memcpy(w, L->work, sizeof *w * (size_t)L->nwork);
        L->work = w;
    }
    L->work[L->nwork++] = fn;
}

/* Emitted as internal: static, or C99 inline without an extern declaration. */
static bool is_internal(const FcObj *fn)
{
    return fn->is_static || (fn->is_inline && !fn->extern_seen);
}

uint32_t fc__func_id(FcLower *L, FcObj *fn, const FcNode *call)
{
    if (fn->fir_id >= 0)
        return (uint32_t)fn->fir_id;
    int64_t existing = fir_find_func(L->m, fn->name);
    if (existing >= 0 && !fn->is_definition) {
        fn->fir_id = existing;
        return (uint32_t)existing;
    }
    FirType ret, *params;
    uint32_t n = signature(fn, call, &ret, &params);
    int64_t adapter = fc__libabi_adapter(L, fn, ret, n, params);
    if (adapter >= 0) {
        fn->fir_id = adapter;
        return (uint32_t)adapter;
    }
    fn->fir_id = fir_add_func(L->m, fn->name, ret, n, params);
    FirFunc *f = &L->m->funcs[fn->fir_id];
    f->is_static = fn->is_definition && is_internal(fn);
    if (fn->is_definition)
        push_work(L, fn);
    return (uint32_t)fn->fir_id;
}

uint32_t fc__host_id(FcLower *L, const char *name, FirType ret, uint32_t n, const FirType *p)
{
    for (uint32_t i = 0; i < L->m->nhosts; i++) {
        FirHost *h = &L->m->hosts[i];
        if (strcmp(h->name, name) != 0)
            continue;
        bool same = h->ret == ret && h->nparams == n;
        for (uint32_t k = 0; same && k < n; k++)
            same = h->params[k] == p[k];
        if (!same)
            fc_fatal("conflicting signatures for host function '%s'", name);
        return i;
    }
    return fir_add_host(L->m, name, ret, n, p);
}

/* ---------------------------------------------------------------- labels */

static uint32_t named_label(FcLower *L, const char *name)
{
    for (FcLabelName *l = L->labels; l; l = l->next)
        if (strcmp(l->name, name) == 0)
            return l->label;
    FcLabelName *l = fc_alloc(sizeof *l);
    l->name = name;
    l->label = fc__label(L);
    l->next = L->labels;
    L->labels = l;
    return l->label;
}

/* ------------------------------------------------------------ statements */

static void gen_switch(FcLower *L, FcNode *n)
{
    FcType *ty = n->cond->ty;
    uint32_t v = fc__gen(L, n->cond, FIR_NOREG);
    if (ty->kind == FC_TY_INT && ty->is_unsigned)
        v = fc__convert(L, v, ty, fc__ty_ulong, FIR_NOREG);
    n->lab_break = fc__label(L);
    int64_t ncases = 0;
    for (FcNode *c = n->case_next; c; c = c->case_next) {
        c->lab = fc__label(L);
        if (c->end >= c->begin)
            ncases += c->end - c->begin + 1;
        if (ncases > 1000000)
            fc_error_at(c->tok, "case range too large");
    }
    FirSwitchCase *cases = fc_alloc(sizeof *cases * (size_t)(ncases ? ncases : 1));
    int64_t k = 0;
    for (FcNode *c = n->case_next; c; c = c->case_next)
        for (int64_t x = c->begin; x <= c->end && c->end >= c->begin; x++) {
            cases[k].value = x;
            cases[k].target = FIR_LABEL(c->lab);
            k++;
            if (x == INT64_MAX)
                break;
        }
    uint32_t def;
    if (n->default_case) {
        n->default_case->lab = fc__label(L);
        def = n->default_case->lab;
    } else {
        def = n->lab_break;
    }
    fir_emit_switch(FC_F(L), v, FIR_LABEL(def), (uint32_t)k, cases);
    fc__gen_stmt(L, n->then);
    fc__place(L, n->lab_break);
}

static void gen_return(FcLower *L, FcNode *n)
{
    FcObj *fn = L->fn;
    FcType *rt = fn->ty->return_ty;
    bool main_fn = is_main(fn);
    if (n->lhs && is_aggr_value(rt)) {
        uint32_t src = fc__gen(L, n->lhs, FIR_NOREG);
        fc__memcpy(L, fn->ret_area->reg, src, rt->size);
        fc__emit(L, FIR_OP_ret_void, 0, 0, 0, 0);
        return;
    }
    if (n->lhs && (rt->kind == FC_TY_VOID || n->val)) {
        fc__gen_void(L, n->lhs);
        n = NULL;
    } else if (n->lhs) {
        FcNode *e = n->lhs, *conv = NULL;
        if (e->kind == FC_ND_CAST && e->lhs->kind == FC_ND_COND) {
            conv = e;
            e = e->lhs;
        }
        if (e->kind == FC_ND_COND && e->then && e->ty->kind != FC_TY_VOID) {
            /* return c ? a : b; returns from each arm (no join, no move) */
            uint32_t lelse = fc__label(L);
            fc__gen_cond(L, e->cond, lelse, false);
            FcNode arm = *n;
            arm.lhs = conv ? fc__new_cast(e->then, conv->ty) : e->then;
            gen_return(L, &arm);
            fc__place(L, lelse);
            arm.lhs = conv ? fc__new_cast(e->els, conv->ty) : e->els;
            gen_return(L, &arm);
            return;
        }
        uint32_t v = fc__gen(L, n->lhs, FIR_NOREG);
        if (main_fn && fc__fir_type(rt) != FIR_I32)
            v = fc__convert(L, v, rt, fc__ty_int, FIR_NOREG);
        fc__emit(L, FIR_OP_ret, v, 0, 0, 0);
        return;
    }
    if (main_fn) {
        fc__emit(L, FIR_OP_ret, fc__const_reg(L, FIR_I32, 0), 0, 0, 0);
    } else if (rt->kind == FC_TY_VOID || is_aggr_value(rt)) {
        fc__emit(L, FIR_OP_ret_void, 0, 0, 0, 0);
    } else {
        FirType t = fc__fir_type(rt);
        fc__emit(L, FIR_OP_ret, fc__const_reg(L, t, 0), 0, 0, 0);
    }
}

/* The label a statement that only jumps (break, continue, goto, maybe in
 * braces) goes to, or FIR_NOREG. */
static uint32_t jump_target(FcLower *L, FcNode *n)
{
    if (n->kind == FC_ND_BLOCK && n->body && !n->body->next)
        n = n->body;
    switch (n->kind) {
    case FC_ND_BREAK: return n->target->lab_break;
    case FC_ND_CONTINUE: return n->target->lab_cont;
    case FC_ND_GOTO: return named_label(L, n->label);
    default: return FIR_NOREG;
    }
}

void fc__gen_stmt(FcLower *L, FcNode *n)
{
    uint32_t mark = L->nlive;
    fc__set_loc(L, n->tok);
    switch (n->kind) {
    case FC_ND_BLOCK:
        for (FcNode *s = n->body; s; s = s->next)
            fc__gen_stmt(L, s);
        break;
    case FC_ND_EXPR_STMT:
        fc__gen_void(L, n->lhs);
        break;
    case FC_ND_RETURN:
        gen_return(L, n);
        break;
    case FC_ND_IF: {
        uint32_t jump = n->els ? FIR_NOREG : jump_target(L, n->then);
        if (jump != FIR_NOREG) { /* if (c) break;: one branch to the target */
            fc__gen_cond(L, n->cond, jump, true);
            break;
        }
        uint32_t lelse = fc__label(L), lend = fc__label(L);
        fc__gen_cond(L, n->cond, lelse, false);
        release_temps(L, mark);
        fc__gen_stmt(L, n->then);
        if (n->els) {
            fc__jmp(L, lend);
            fc__place(L, lelse);
            fc__gen_stmt(L, n->els);
            fc__place(L, lend);
        } else {
            fc__place(L, lelse);
        }
        break;
    }
    case FC_ND_FOR: {
        if (n->init)
            fc__gen_stmt(L, n->init);
        uint32_t lbody = fc__label(L);
        n->lab_cont = fc__label(L);
        n->lab_break = fc__label(L);
        if (n->cond) {
            fc__gen_cond(L, n->cond, n->lab_break, false);
            release_temps(L, mark);
        }
        fc__place(L, lbody);
        L->loop_depth++;
        fc__gen_stmt(L, n->then);
        fc__place(L, n->lab_cont);
        if (n->inc) {
            fc__set_loc(L, n->inc->tok);
            fc__gen_void(L, n->inc);
            release_temps(L, mark);
        }
        if (n->cond) {
            fc__gen_cond(L, n->cond, lbody, true);
        } else {
            fc__jmp(L, lbody);
        }
        L->loop_depth--;
        fc__place(L, n->lab_break);
        break;
    }
    case FC_ND_DO: {
        uint32_t lbody = fc__label(L);
        n->lab_cont = fc__label(L);
        n->lab_break = fc__label(L);
        fc__place(L, lbody);
        L->loop_depth++;
        fc__gen_stmt(L, n->then);
        fc__place(L, n->lab_cont);
        fc__gen_cond(L, n->cond, lbody, true);
        L->loop_depth--;
        fc__place(L, n->lab_break);
        break;
    }
    case FC_ND_SWITCH:
        gen_switch(L, n);
        break;
    case FC_ND_CASE:
        fc__place(L, n->lab);
        fc__gen_stmt(L, n->lhs);
        break;
    case FC_ND_GOTO:
        fc__jmp(L, named_label(L, n->label));
        break;
    case FC_ND_LABEL:
        fc__place(L, named_label(L, n->label));
        fc__gen_stmt(L, n->lhs);
        break;
    case FC_ND_BREAK:
        fc__jmp(L, n->target->lab_break);
        break;
    case FC_ND_CONTINUE:
        fc__jmp(L, n->target->lab_cont);
        break;
    default:
        fc__gen_void(L, n);
        break;
    }
    release_temps(L, mark);
}

/* ------------------------------------------------------------- functions */

bool fc__in_memory(const FcObj *v)
{
    return v->addr_taken || fc__is_aggregate(v->ty) || v->ty->kind == FC_TY_FUNC;
}

/* Moves the instructions from `start` on (the prologue) to the front. */
static void rotate_prologue(FirFunc *f, uint32_t start)
{
    uint32_t n = f->ncode - start;
    if (n == 0 || start == 0)
        return;
    FirInsn *code = malloc(sizeof *code * f->ncode);
    FirLoc *locs = malloc(sizeof *locs * f->ncode);
    if (!code || !locs)
        fc_fatal("out of memory");
    memcpy(code, f->code + start, sizeof *code * n);
    memcpy(code + n, f->code, sizeof *code * start);
    memcpy(locs, f->locs + start, sizeof *locs * n);
    memcpy(locs + n, f->locs, sizeof *locs * start);
    memcpy(f->code, code, sizeof *code * f->ncode);
    memcpy(f->locs, locs, sizeof *locs * f->ncode);
    free(code);
    free(locs);
    for (uint32_t i = 0; i < f->nlabels; i++)
        if (f->label_pos[i] != UINT32_MAX)
            f->label_pos[i] += n;
}

/* Branches to a label that is followed by a jmp go straight to the jmp's
 * target (loops end in "jmp .top", and their continue/if exits jump to it). */
static void thread_jumps(FirFunc *f)
{
    for (uint32_t i = 0; i < f->ncode; i++) {
        FirInsn *in = &f->code[i];
        FirFormat fmt = fir_op_info[in->op].format;
        if (!(fir_format_fields[fmt] & FIR_FIELD_LABEL))
            continue;
        for (int hops = 0; hops < 8 && (in->imm & FIR_LABEL_BIT); hops++) {
            uint32_t id = (uint32_t)in->imm & ~FIR_LABEL_BIT;
            uint32_t pos = id < f->nlabels ? f->label_pos[id] : UINT32_MAX;
            if (pos >= f->ncode || pos == i || f->code[pos].op != FIR_OP_jmp ||
                !(f->code[pos].imm & FIR_LABEL_BIT) || f->code[pos].imm == in->imm)
                break;
            in->imm = f->code[pos].imm;
        }
    }
}

/* Does control never reach the end of the code (no label there either)? */
static bool ends_in_jump(const FirFunc *f)
{
    if (f->ncode == 0)
        return false;
    for (uint32_t i = 0; i < f->nlabels; i++)
        if (f->label_pos[i] == f->ncode)
            return false;
    FirOp op = (FirOp)f->code[f->ncode - 1].op;
    return op == FIR_OP_ret || op == FIR_OP_ret_void || op == FIR_OP_jmp || op == FIR_OP_trap;
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        fc_fatal("out of memory");
    return d;
}

/* Per-function state of the lowering, reset for fn. */
static void begin_function(FcLower *L, FcObj *fn)
{
    L->fid = (uint32_t)fc__func_id(L, fn, NULL);
    L->fn = fn;
    L->nlive = 0;
    memset(L->nfree, 0, sizeof L->nfree);
    L->entry = NULL;
    L->vla_slots = NULL;
    L->loop_depth = 0;
    L->nhoist = 0;
    L->nacache = 0;
    L->va_block = FIR_NOREG;
    L->va_block_size = 0;
    L->labels = NULL;
    fir_func_begin_body(FC_F(L));
    fc__set_loc(L, fn->tok);
}

/* Parameters are registers 0..n-1 (the hidden return area first, the
 * va_list area last); main's parameters past argv get none here. */
static void param_registers(FcLower *L, FcObj *fn)
{
    uint32_t pi = 0;
    bool main_fn = is_main(fn);
    if (fn->ret_area)
        fn->ret_area->reg = pi++;
    int cparam = 0;
    for (FcObj *p = fn->params; p; p = p->param_next, cparam++) {
        if (main_fn && cparam >= 2) {
            p->reg = FIR_NOREG; /* e.g. envp: a local set to null below */
            continue;
        }
        p->reg = pi++;
        if (p->name && *p->name && p->reg < FC_F(L)->nregs) {
            free(FC_F(L)->reg_names[p->reg]);
            FC_F(L)->reg_names[p->reg] = xstrdup(p->name);
        }
    }
    if (fn->va_area)
        fn->va_area->reg = pi++;
}

/* Every other local gets a register (a value, or its frame block). */
static void local_registers(FcLower *L, FcObj *fn)
{
    for (FcObj *v = fn->locals; v; v = v->next) {
        if (v->is_param)
            continue;
        FirType t = fc__in_memory(v) ? FIR_PTR : fc__fir_type(v->ty);
        v->reg = fir_new_reg(FC_F(L), t, v->name && *v->name ? v->name : NULL);
    }
}

/* A parameter that must live in memory or needs converting (K&R, main's
 * extra ones): p gets a new register; the prologue fills it from `in`
 * (FIR_NOREG: zero). */
typedef struct ParamFix {
    FcObj *p;
    uint32_t in;
} ParamFix;

static ParamFix *param_fixes(FcLower *L, FcObj *fn, int *nfix)
{
    ParamFix *fix = fc_alloc(sizeof *fix * (size_t)(fn->ty->nparams + 1));
    *nfix = 0;
    for (FcObj *p = fn->params; p; p = p->param_next) {
        bool knr_conv = fn->is_knr && p->ty->kind == FC_TY_FLOAT;
        bool mem = fc__in_memory(p) && !is_aggr_value(p->ty);
        if (p->reg == FIR_NOREG) {
            p->reg = fir_new_reg(FC_F(L), fc__in_memory(p) ? FIR_PTR : fc__fir_type(p->ty), p->name);
            fix[(*nfix)++] = (ParamFix){p, FIR_NOREG};
            continue;
        }
        if (!mem && !knr_conv && !(fn->is_knr && fc__is_integer(p->ty) && p->ty->size < 4))
            continue;
        uint32_t in = p->reg;
        p->reg = fir_new_reg(FC_F(L), mem ? FIR_PTR : fc__fir_type(p->ty), mem ? NULL : p->name);
        fix[(*nfix)++] = (ParamFix){p, in};
    }
    return fix;
}

/* The body, and the return of falling off its end. */
static void lower_body(FcLower *L, FcObj *fn)
{
    fc__gen_stmt(L, fn->body);
    if (!ends_in_jump(FC_F(L))) {
        FcNode ret = {.kind = FC_ND_RETURN, .tok = fn->body->tok};
        fc__set_loc(L, fn->body->tok);
        L->nlive = 0;
        gen_return(L, &ret);
    }
}

/* Prologue: the parameter's value, converted, into its register or block. */
static void emit_param_fix(FcLower *L, FcObj *fn, const ParamFix *fx)
{
    FcObj *p = fx->p;
    FcType *pt = p->ty;
    FcType *from = fn->is_knr && pt->kind == FC_TY_FLOAT ? fc__ty_double
                 : fn->is_knr && fc__is_integer(pt) && pt->size < 4 ? fc__ty_int : pt;
    uint32_t val;
    if (fx->in == FIR_NOREG)
        val = fc__const_reg(L, fc__fir_type(pt), 0);
    else
        val = fc__convert(L, fx->in, from, pt, FIR_NOREG);
    if (fc__in_memory(p)) {
        uint32_t s = fc__const_reg(L, FIR_I64, pt->size);
        fc__emit(L, FIR_OP_alloca, p->reg, s, 0, 0);
        FirOp op;
        switch (fc__fir_type(pt)) {
        case FIR_I32:
            op = pt->size == 1 ? FIR_OP_store_i8 : pt->size == 2 ? FIR_OP_store_i16
                                                                  : FIR_OP_store_i32;
            break;
        case FIR_I64: op = FIR_OP_store_i64; break;
        case FIR_F32: op = FIR_OP_store_f32; break;
        case FIR_F64: op = FIR_OP_store_f64; break;
        default: op = FIR_OP_store_ptr; break;
        }
        fc__emit(L, op, p->reg, val, 0, 0);
    } else {
        FirOp mv = fc__fir_type(pt) == FIR_F32 ? FIR_OP_mov_f32 : fc__fir_type(pt) == FIR_F64
                 ? FIR_OP_mov_f64 : fc__fir_type(pt) == FIR_I64 ? FIR_OP_mov_i64
                 : fc__fir_type(pt) == FIR_PTR ? FIR_OP_mov_ptr : FIR_OP_mov_i32;
        if (val != p->reg)
            fc__emit(L, mv, p->reg, val, 0, 0);
    }
}

/* The prologue, emitted after the body (which decides what it holds: frame
 * blocks, VLA slots, hoisted constants, the va block) and moved to the
 * front. */
static void emit_prologue(FcLower *L, FcObj *fn, const ParamFix *fix, int nfix)
{
    uint32_t start = FC_F(L)->ncode;
    fc__set_loc(L, fn->tok);
    for (FcObj *v = fn->locals; v; v = v->next) {
        if (v->is_param || !fc__in_memory(v) || v->ty->kind == FC_TY_VLA)
            continue;
        int64_t size = v->ty->size > 0 ? v->ty->size : 1;
        uint32_t s = fc__const_reg(L, FIR_I64, size);
        fc__emit(L, FIR_OP_alloca, v->reg, s, 0, 0);
    }
    for (FcEntryBlock *b = L->entry; b; b = b->next) {
        uint32_t s = fc__const_reg(L, FIR_I64, b->size);
        fc__emit(L, FIR_OP_alloca, b->reg, s, 0, 0);
    }
    for (FcEntryBlock *b = L->vla_slots; b; b = b->next)
        fc__emit(L, FIR_OP_const_ptr, b->reg, 0, 0, 0);
    for (int i = 0; i < L->nhoist; i++) {
        FcHoist *h = &L->hoist[i];
        bool addr = h->op == FIR_OP_gaddr || h->op == FIR_OP_faddr; /* id in operand b */
        fc__emit(L, h->op, h->reg, addr ? (uint32_t)h->imm : 0, 0, addr ? 0 : h->imm);
    }
    if (L->va_block != FIR_NOREG) {
        uint32_t s = fc__const_reg(L, FIR_I64, L->va_block_size > 0 ? L->va_block_size : 8);
        fc__emit(L, FIR_OP_alloca, L->va_block, s, 0, 0);
    }
    for (int i = 0; i < nfix; i++)
        emit_param_fix(L, fn, &fix[i]);
    rotate_prologue(FC_F(L), start);
}

static void lower_function(FcLower *L, FcObj *fn)
{
    begin_function(L, fn);
    param_registers(L, fn);
    local_registers(L, fn);
    int nfix;
    ParamFix *fix = param_fixes(L, fn, &nfix);
    lower_body(L, fn);
    emit_prologue(L, fn, fix, nfix);
    thread_jumps(FC_F(L));
    FirError err;
    if (fir_func_resolve_labels(FC_F(L), &err))
        fc_fatal("internal error: %s", err.msg);
    fc__dbg_func(L, fn);
    fir_compact_regs(FC_F(L));
}

/* --------------------------------------------------------------- globals */

static void put_int(uint8_t *buf, int64_t off, int size, uint64_t v)
{
    for (int i = 0; i < size; i++)
        buf[off + i] = (uint8_t)(v >> (8 * i));
}

static noreturn void not_constant(const FcLeaf *l)
{
    fc_error_at(l->tok, "initializer element is not constant");
}

static bool is_compound_literal(const FcObj *o)
{
    return !o->is_local && o->fir_name && strncmp(o->fir_name, "lit.", 4) == 0;
}

static void write_leaves(FcLower *L, uint32_t gid, uint8_t *buf, int64_t base, FcLeaf *leaves);

/* A later initializer replaces an earlier one (C11 6.7.9p19): drops the pointers
 * already placed in [off, off+size). */
static void drop_relocs(FirGlobal *g, int64_t off, int64_t size)
{
    uint32_t kept = 0;
    for (uint32_t i = 0; i < g->nrelocs; i++) {
        int64_t at = (int64_t)g->relocs[i].offset;
        if (at + 8 <= off || at >= off + size)
            g->relocs[kept++] = g->relocs[i];
    }
    g->nrelocs = kept;
}

static void write_leaf(FcLower *L, uint32_t gid, uint8_t *buf, int64_t base, FcLeaf *l)
{
    int64_t off = base + l->off;
    if (!l->bf)
        drop_relocs(&L->m->globals[gid], off, l->str ? l->nbytes : l->ty->size);
    else
        drop_relocs(&L->m->globals[gid], off + l->bf->offset, l->bf->unit_size);
    if (!l->expr && !l->str) { /* zero a subobject initialized again */
        memset(buf + off, 0, (size_t)l->ty->size);
        return;
    }
    if (l->str) {
        memcpy(buf + off, l->str->str_data, (size_t)l->nbytes);
        return;
    }
    FcNode *e = l->expr;
    if (l->bf) {
        int64_t v;
        if (!fc__try_const_int(e, &v))
            not_constant(l);
        FcMember *m = l->bf;
        uint64_t unit = 0;
        for (int i = 0; i < m->unit_size; i++)
            unit |= (uint64_t)buf[off + m->offset + i] << (8 * i);
        uint64_t mask = m->bit_width == 64 ? UINT64_MAX : (((uint64_t)1 << m->bit_width) - 1);
        unit = (unit & ~(mask << m->bit_offset)) | (((uint64_t)v & mask) << m->bit_offset);
        put_int(buf, off + m->offset, m->unit_size, unit);
        return;
    }
    FcType *ty = l->ty;
    if (is_aggr_value(ty)) {
        FcNode *x = e;
        while (x->kind == FC_ND_CAST)
            x = x->lhs;
        if (x->kind == FC_ND_VAR && is_compound_literal(x->var)) {
            write_leaves(L, gid, buf, off, x->var->leaves);
            return;
        }
        not_constant(l);
    }
    if (fc__is_flonum(ty)) {
        double d;
        if (!fc__try_const_float(e, &d))
            not_constant(l);
        if (ty->kind == FC_TY_FLOAT) {
            float f = (float)d;
            uint32_t u;
            memcpy(&u, &f, 4);
            put_int(buf, off, 4, u);
        } else {
            uint64_t u;
            memcpy(&u, &d, 8);
            put_int(buf, off, 8, u);
        }
        return;
    }
    int64_t v;
    if (fc__is_integer(ty) && fc__try_const_int(e, &v)) {
        put_int(buf, off, (int)ty->size, (uint64_t)v);
        return;
    }
    FcObj *obj;
    if (!fc__try_const_addr(e, &obj, &v))
        not_constant(l);
    if (!obj) {
        put_int(buf, off, (int)ty->size, (uint64_t)v);
        return;
    }
    if (ty->size != 8)
        fc_error_at(l->tok, "initializer element is not computable at load time");
    if (obj->is_function && obj->is_host)
        fc_error_at(l->tok, "cannot take the address of host function '%s'", obj->name);
    put_int(buf, off, 8, 0);
    if (obj->is_function) {
        uint32_t fid = fc__func_id(L, obj, NULL);
        fir_global_add_reloc(&L->m->globals[gid], (uint64_t)off, FIR_RELOC_FUNC, fid, v);
    } else {
        uint32_t target = fc__global_id(L, obj);
        fir_global_add_reloc(&L->m->globals[gid], (uint64_t)off, FIR_RELOC_GLOBAL, target, v);
    }
}

static void write_leaves(FcLower *L, uint32_t gid, uint8_t *buf, int64_t base, FcLeaf *leaves)
{
    for (FcLeaf *l = leaves; l; l = l->next)
        write_leaf(L, gid, buf, base, l);
}

static bool type_is_const(const FcType *ty)
{
    while (ty->kind == FC_TY_ARRAY)
        ty = ty->base;
    return ty->is_const;
}

static void fill_global(FcLower *L, FcObj *v, uint32_t gid)
{
    int64_t size = L->m->globals[gid].size;
    if (v->is_string) {
        memcpy(L->m->globals[gid].init, v->str_data, (size_t)size);
        return;
    }
    if (!v->leaves)
        return;
    uint8_t *buf = calloc(1, (size_t)size);
    if (!buf)
        fc_fatal("out of memory");
    write_leaves(L, gid, buf, 0, v->leaves);
    FirGlobal *g = &L->m->globals[gid];
    g->init = buf;
}

uint32_t fc__global_id(FcLower *L, FcObj *v)
{
    if (v->fir_id >= 0)
        return (uint32_t)v->fir_id;
    const char *name = v->fir_name ? v->fir_name : v->name;
    int64_t size = v->ty->size < 0 ? 0 : v->ty->size;
    if (v->init_size > size)
        size = v->init_size;
    int align = v->ty->align > v->align ? v->ty->align : v->align;
    if (align < 1)
        align = 1;
    if (v->is_string) {
        v->fir_id = fir_add_global(L->m, name, (uint64_t)size, (uint32_t)align, v->str_data);
    } else {
        v->fir_id = fir_add_global(L->m, name, (uint64_t)size, (uint32_t)align, NULL);
    }
    FirGlobal *g = &L->m->globals[v->fir_id];
    g->is_static = v->is_static;
    g->defined = v->is_definition;
    g->is_const = v->is_string || (v->is_definition && type_is_const(v->ty));
    if (v->is_definition && !v->is_string && v->leaves) {
        uint32_t gid = (uint32_t)v->fir_id;
        fill_global(L, v, gid);
    }
    if (!v->is_string)
        fc__dbg_global(L, v, (uint32_t)v->fir_id);
    return (uint32_t)v->fir_id;
}

/* ----------------------------------------------------------------- unit */

FirModule *fc__lower(FcUnit *unit)
{
    FcLower *L = fc_alloc(sizeof *L);
    L->m = fir_module_new();
    L->unit = unit;
    fir_add_file(L->m, unit->main_file);
    for (FcObj *o = unit->globals; o; o = o->next) {
        if (o->is_function) {
            if (o->is_definition && !is_internal(o))
                fc__func_id(L, o, NULL);
        } else if (o->is_definition && !o->is_static) {
            fc__global_id(L, o);
        }
    }
    for (int i = 0; i < L->nwork; i++) {
        FcObj *fn = L->work[i];
        if (!fn->lowered) {
            fn->lowered = true;
            lower_function(L, fn);
        }
    }
    return L->m;
}

FirModule *fc_compile_unit(FcToken *tok, const char *main_file)
{
    FcUnit *u = fc__parse(tok, main_file);
    return fc__lower(u);
}
