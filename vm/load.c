/*
 * load.c - the process object and the loader: turns a verified FirModule
 * into a runnable process.
 *
 * How it works
 * - Every function gets a FUNC block (so faddr and call.ind work through the
 *   pointer table) and pre-decoded code: one VmInsn per FIR instruction, with
 *   the handler address and operands ready to execute (gaddr and faddr become
 *   const.i64 of the block's pointer, call.ind carries the interned signature
 *   of its call site, switch tables become dense tables when that is cheap).
 * - Every global gets a GLOBAL or CONST block with its initializer and
 *   relocations applied; host imports are bound by name with their
 *   signatures checked; argv is built as guest blocks; the entry frame is
 *   pushed, so a loaded process is "a stack of frames" like any other.
 *
 * Invariants
 * - Signatures are interned strings (return letter, then parameter letters):
 *   a call.ind whose site signature id equals the callee's needs no further
 *   check.
 * - On failure nothing of the module is retained; the caller still owns it.
 */
#include "vm/internal.h"

#include <stdlib.h>
#include <string.h>

/* -------------------------------------------------------------- process */

void vm_options_default(VmOptions *opt)
{
    opt->max_frames = VM_DEFAULT_MAX_FRAMES;
    opt->max_reg_slots = VM_DEFAULT_MAX_REG_SLOTS;
    opt->heap_max = VM_DEFAULT_HEAP_MAX;
    opt->spec_io_direct = false;
    opt->gc_stress = 0;
}

VmProcess *vm_process_new(const VmOptions *opt)
{
    VmProcess *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    if (opt)
        p->opt = *opt;
    else
        vm_options_default(&p->opt);
    if (p->opt.max_frames == 0)
        p->opt.max_frames = 1;
    gc_init(&p->heap);
    vm__gc_setup(p);
    p->next_serial = 1;
    return p;
}

static void unload(VmProcess *p)
{
    for (uint32_t i = 0; i < p->nfuncs; i++) {
        VmFunc *f = &p->funcs[i];
        free(f->code);
        if (f->switches && f->fir)
            for (uint32_t s = 0; s < f->fir->nswitches; s++)
                free(f->switches[s].table);
        free(f->switches);
    }
    free(p->funcs);
    p->funcs = NULL;
    p->nfuncs = 0;
    free(p->globals);
    p->globals = NULL;
    free(p->hosts);
    p->hosts = NULL;
    for (uint32_t i = 0; i < p->nsigs; i++)
        free(p->sigs[i]);
    free(p->sigs);
    p->sigs = NULL;
    p->nsigs = p->cap_sigs = 0;
    free(p->frames);
    p->frames = NULL;
    p->nframes = p->cap_frames = 0;
    free(p->regs);
    p->regs = NULL;
    p->cap_regs = 0;
}

void vm_process_free(VmProcess *p)
{
    if (!p)
        return;
    vm__debug_free(p); /* gives the functions their own code back */
    vm__jit_free(p);
    unload(p);
    spec_destroy(p->spec, &p->heap); /* gives deferred frees back to the heap first */
    gc_destroy(&p->heap);
    if (p->loaded)
        fir_module_free(p->mod);
    vm__files_close(p);
    if (p->migrate_free)
        p->migrate_free(p->migrate_ctx);
    if (p->msg.free_ctx)
        p->msg.free_ctx(p->msg.ctx);
    free(p);
}

int vm_exit_status(const VmProcess *p)
{
    return p->exit_status;
}

const char *vm_fault_message(const VmProcess *p)
{
    return p->fault;
}

void vm_get_stats(const VmProcess *p, VmStats *st)
{
    st->blocks_allocated = p->heap.nallocs;
    st->peak_heap_bytes = p->heap.peak_bytes;
    st->live_heap_bytes = p->heap.live_bytes;
    st->gc_minor = p->heap.stats.minor;
    st->gc_major = p->heap.stats.major;
    st->gc_pause_max_ns = p->heap.stats.pause_max_ns;
    st->gc_pause_total_ns = p->heap.stats.pause_total_ns;
    st->gc_peak_mem = p->heap.stats.peak_mem;
    st->gc_leaked_blocks = p->heap.stats.leaked_blocks;
    st->table_entries = p->heap.len;
    st->calls = p->calls;
    const SpecStats *ss = p->spec ? &p->spec->stats : NULL;
    st->spec_entered = ss ? ss->entered : 0;
    st->spec_committed = ss ? ss->committed : 0;
    st->spec_aborted = ss ? ss->aborted : 0;
    st->spec_blocks_cloned = ss ? ss->blocks_cloned : 0;
    st->spec_pages_saved = ss ? ss->pages_saved : 0;
    st->spec_bytes_copied = ss ? ss->bytes_copied : 0;
}

/* ----------------------------------------------------------- signatures */

static char type_letter(FirType t)
{
    switch (t) {
    case FIR_I32: return 'i';
    case FIR_I64: return 'l';
    case FIR_F32: return 'f';
    case FIR_F64: return 'd';
    case FIR_PTR: return 'p';
    default: return 'v';
    }
}

/* Interns the signature (ret, types[0..n-1]); returns its id or -1 (OOM). */
static int64_t intern_sig(VmProcess *p, FirType ret, uint32_t n, const uint8_t *types,
                          const uint32_t *regs)
{
    char *s = malloc((size_t)n + 2);
    if (!s)
        return -1;
    s[0] = type_letter(ret);
    for (uint32_t i = 0; i < n; i++)
        s[i + 1] = type_letter((FirType)(regs ? types[regs[i]] : types[i]));
    s[n + 1] = '\0';
    for (uint32_t i = 0; i < p->nsigs; i++)
        if (strcmp(p->sigs[i], s) == 0) {
            free(s);
            return i;
        }
    if (p->nsigs == p->cap_sigs) {
        uint32_t cap = p->cap_sigs ? 2 * p->cap_sigs : 16;
        char **t = realloc(p->sigs, cap * sizeof *t);
        if (!t) {
            free(s);
            return -1;
        }
        p->sigs = t;
        p->cap_sigs = cap;
    }
    p->sigs[p->nsigs] = s;
    return p->nsigs++;
}

/* ------------------------------------------------------------ pre-decode */

static int nomem(FirError *err)
{
    return fir_error_set(err, FIR_ENOMEM, "out of memory while loading the module");
}

static int build_switch(VmSwitch *vs, const FirSwitch *sw, bool is32)
{
    vs->is32 = is32;
    vs->def = sw->default_target;
    vs->fir = sw;
    vs->dense = false;
    if (sw->ncases == 0)
        return 0;
    int64_t lo = sw->cases[0].value, hi = sw->cases[sw->ncases - 1].value;
    uint64_t range = (uint64_t)hi - (uint64_t)lo; /* cases are sorted */
    if (range >= 2 * (uint64_t)sw->ncases + 16)
        return 0;
    vs->table = malloc((range + 1) * sizeof *vs->table);
    if (!vs->table)
        return FIR_ENOMEM;
    for (uint64_t i = 0; i <= range; i++)
        vs->table[i] = sw->default_target;
    for (uint32_t i = 0; i < sw->ncases; i++)
        vs->table[(uint64_t)sw->cases[i].value - (uint64_t)lo] = sw->cases[i].target;
    vs->dense = true;
    vs->min = lo;
    vs->ntable = (uint32_t)(range + 1);
    return 0;
}

static int predecode(VmProcess *p, uint32_t fid, FirError *err)
{
    const void *const *handlers = vm__handlers();
    VmFunc *vf = &p->funcs[fid];
    const FirFunc *f = vf->fir;
    vf->code = calloc(f->ncode ? f->ncode : 1, sizeof *vf->code);
    if (!vf->code)
        return nomem(err);
    if (f->nswitches) {
        vf->switches = calloc(f->nswitches, sizeof *vf->switches);
        if (!vf->switches)
            return nomem(err);
    }
    for (uint32_t i = 0; i < f->ncode; i++) {
        const FirInsn *in = &f->code[i];
        VmInsn *v = &vf->code[i];
        uint16_t op = in->op;
        v->a = in->a;
        v->b = in->b;
        v->c = in->c;
        v->imm = in->imm;
        switch (op) {
        case FIR_OP_gaddr:
            op = FIR_OP_const_i64;
            v->imm = (int64_t)((uint64_t)p->globals[in->b] << 32);
            break;
        case FIR_OP_faddr:
            op = FIR_OP_const_i64;
            v->imm = (int64_t)((uint64_t)p->funcs[in->b].block << 32);
            break;
        case FIR_OP_call_ind: {
            FirType ret = in->a == FIR_NOREG ? FIR_VOID : (FirType)f->reg_types[in->a];
            int64_t sig = intern_sig(p, ret, (uint32_t)in->imm, f->reg_types, f->args + in->c);
            if (sig < 0)
                return nomem(err);
            v->imm = (int64_t)(((uint64_t)sig << 32) | (uint32_t)in->imm);
            break;
        }
        case FIR_OP_switch: {
            bool is32 = f->reg_types[in->a] == FIR_I32;
            if (build_switch(&vf->switches[in->b], &f->switches[in->b], is32))
                return nomem(err);
            break;
        }
        default:
            break;
        }
        v->op = op;
        v->handler = handlers[op];
    }
    vm__fuse(vf->code, f->ncode);
    return 0;
}

/* --------------------------------------------------------------- globals */

static int load_globals(VmProcess *p, const FirModule *m, FirError *err)
{
    for (uint32_t i = 0; i < m->nglobals; i++) {
        const FirGlobal *g = &m->globals[i];
        if (!g->defined)
            return fir_error_set(err, FIR_ELINK, "global '%s' is declared but never defined",
                                 g->name);
        if (g->size > UINT32_MAX)
            return fir_error_set(err, FIR_ERANGE, "global '%s' is too large (%llu bytes)",
                                 g->name, (unsigned long long)g->size);
        uint32_t idx = gc_alloc(&p->heap, g->is_const ? GC_KIND_CONST : GC_KIND_GLOBAL, g->size);
        if (!idx)
            return fir_error_set(err, FIR_ENOMEM,
                                 "out of memory for global '%s' (%llu bytes)", g->name,
                                 (unsigned long long)g->size);
        p->globals[i] = idx;
    }
    for (uint32_t i = 0; i < m->nglobals; i++) {
        const FirGlobal *g = &m->globals[i];
        uint8_t *data = gc_data(&p->heap, p->globals[i]);
        if (g->init && g->size)
            memcpy(data, g->init, g->size);
        for (uint32_t r = 0; r < g->nrelocs; r++) {
            const FirReloc *rl = &g->relocs[r];
            uint32_t block;
            if (rl->kind == FIR_RELOC_GLOBAL && rl->target < m->nglobals)
                block = p->globals[rl->target];
            else if (rl->kind == FIR_RELOC_FUNC && rl->target < m->nfuncs)
                block = p->funcs[rl->target].block;
            else
                return fir_error_set(err, FIR_EFORMAT, "global '%s': bad relocation %u",
                                     g->name, r);
            if (rl->offset > g->size || g->size - rl->offset < 8)
                return fir_error_set(err, FIR_EFORMAT,
                                     "global '%s': relocation %u is out of bounds", g->name, r);
            uint64_t v = ((uint64_t)block << 32) | (uint32_t)rl->addend;
            memcpy(data + rl->offset, &v, 8); /* the host is little-endian */
        }
    }
    return 0;
}

/* ----------------------------------------------------------------- hosts */

static void sig_text(char *buf, size_t n, char ret, const char *params)
{
    static const struct { char c; const char *name; } names[] = {
        {'v', "void"}, {'i', "i32"}, {'l', "i64"}, {'f', "f32"}, {'d', "f64"}, {'p', "ptr"}};
    size_t len = 0;
    len += (size_t)snprintf(buf + len, n - len, "(");
    for (const char *c = params; *c && len < n; c++)
        for (size_t k = 0; k < 6; k++)
            if (names[k].c == *c)
                len += (size_t)snprintf(buf + len, n - len, "%s%s", c == params ? "" : ", ",
                                        names[k].name);
    for (size_t k = 0; k < 6 && len < n; k++)
        if (names[k].c == ret)
            snprintf(buf + len, n - len, ") -> %s", names[k].name);
}

static int bind_hosts(VmProcess *p, const FirModule *m, FirError *err)
{
    for (uint32_t i = 0; i < m->nhosts; i++) {
        const FirHost *h = &m->hosts[i];
        const VmHostDef *d = vm__host_find(h->name);
        if (!d)
            return fir_error_set(err, FIR_ELINK, "unknown host call '%s'", h->name);
        char want[16] = {0}, have[16] = {0};
        bool ok = h->nparams == strlen(d->params) && h->nparams < sizeof have;
        for (uint32_t k = 0; ok && k < h->nparams; k++)
            have[k] = type_letter((FirType)h->params[k]);
        if (ok)
            ok = strcmp(have, d->params) == 0 && type_letter(h->ret) == d->ret;
        if (!ok) {
            char a[128], b[128];
            for (uint32_t k = 0; k < h->nparams && k < sizeof have - 1; k++)
                have[k] = type_letter((FirType)h->params[k]);
            snprintf(want, sizeof want, "%s", d->params);
            sig_text(a, sizeof a, type_letter(h->ret), have);
            sig_text(b, sizeof b, d->ret, want);
            return fir_error_set(err, FIR_ELINK, "host call '%s' is imported as %s, expected %s",
                                 h->name, a, b);
        }
        p->hosts[i] = d->fn;
    }
    return 0;
}

/* ------------------------------------------------------------ argv, entry */

static uint32_t guest_string(VmProcess *p, const char *s)
{
    size_t n = strlen(s) + 1;
    uint32_t idx = gc_alloc(&p->heap, GC_KIND_GLOBAL, n);
    if (idx)
        memcpy(gc_data(&p->heap, idx), s, n);
    return idx;
}

static int push_entry(VmProcess *p, FirError *err, int argc, char **argv)
{
    const FirModule *m = p->mod;
    int64_t entry = fir_find_func(m, "__fir_start");
    if (entry < 0 || !m->funcs[entry].defined)
        entry = fir_find_func(m, "main");
    if (entry < 0 || !m->funcs[entry].defined)
        return fir_error_set(err, FIR_ELINK,
                             "no entry point: the module defines neither '__fir_start' nor "
                             "'main'");
    const FirFunc *f = &m->funcs[entry];
    bool two = f->nparams == 2 && f->reg_types[0] == FIR_I32 && f->reg_types[1] == FIR_PTR;
    if (!(f->nparams == 0 || two) || !(f->ret == FIR_I32 || f->ret == FIR_VOID))
        return fir_error_set(err, FIR_ELINK,
                             "entry function '%s' must have type () or (i32, ptr) returning "
                             "i32 or void", f->name);
    uint64_t argv_ptr = 0;
    if (two) {
        uint32_t arr = gc_alloc(&p->heap, GC_KIND_GLOBAL, ((uint64_t)argc + 1) * 8);
        if (!arr)
            return nomem(err);
        for (int i = 0; i < argc; i++) {
            uint32_t s = guest_string(p, argv[i]);
            if (!s)
                return nomem(err);
            uint64_t v = (uint64_t)s << 32;
            memcpy(gc_data(&p->heap, arr) + 8 * (size_t)i, &v, 8);
        }
        argv_ptr = (uint64_t)arr << 32;
    }
    const VmFunc *vf = &p->funcs[entry];
    p->cap_frames = 64;
    p->frames = calloc(p->cap_frames, sizeof *p->frames);
    p->cap_regs = vf->nregs > 1024 ? vf->nregs : 1024;
    p->regs = calloc(p->cap_regs, sizeof *p->regs);
    if (!p->frames || !p->regs)
        return nomem(err);
    p->frames[0] = (VmFrame){.func = (uint32_t)entry, .pc = 0, .base = 0, .dst = FIR_NOREG,
                             .blocks = 0, .serial = p->next_serial++};
    p->nframes = 1;
    if (two) {
        p->regs[0].u64 = (uint32_t)argc;
        p->regs[1].u64 = argv_ptr;
    }
    return 0;
}

/* ------------------------------------------------------------------ load */

static int load(VmProcess *p, FirModule *m, int argc, char **argv, FirError *err)
{
    p->mod = m;
    p->nfuncs = m->nfuncs;
    p->funcs = calloc(m->nfuncs ? m->nfuncs : 1, sizeof *p->funcs);
    p->globals = calloc(m->nglobals ? m->nglobals : 1, sizeof *p->globals);
    p->hosts = calloc(m->nhosts ? m->nhosts : 1, sizeof *p->hosts);
    if (!p->funcs || !p->globals || !p->hosts)
        return nomem(err);
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        const FirFunc *f = &m->funcs[i];
        VmFunc *vf = &p->funcs[i];
        if (!f->defined)
            return fir_error_set(err, FIR_ELINK, "function '%s' is declared but never defined",
                                 f->name);
        vf->fir = f;
        vf->args = f->args;
        vf->nregs = f->nregs;
        vf->nparams = f->nparams;
        int64_t sig = intern_sig(p, f->ret, f->nparams, f->reg_types, NULL);
        if (sig < 0)
            return nomem(err);
        vf->sig = (uint32_t)sig;
        if (!(vf->block = gc_alloc_func(&p->heap, i)))
            return nomem(err);
    }
    int rc = load_globals(p, m, err);
    if (rc == 0)
        rc = bind_hosts(p, m, err);
    for (uint32_t i = 0; rc == 0 && i < m->nfuncs; i++)
        rc = predecode(p, i, err);
    if (rc == 0)
        rc = push_entry(p, err, argc, argv);
    return rc;
}

int vm_load(VmProcess *p, FirModule *m, int argc, char **argv, FirError *err)
{
    if (p->loaded)
        return fir_error_set(err, FIR_EINVAL, "the process already has a program");
    int rc = load(p, m, argc, argv, err);
    if (rc < 0) {
        /* start over with an empty heap so the process can be freed or reused */
        unload(p);
        gc_destroy(&p->heap);
        gc_init(&p->heap);
        vm__gc_setup(p);
        p->mod = NULL;
        return rc;
    }
    p->loaded = true;
    return 0;
}

/* --------------------------------------------------------------- restore */

int vm__load_code(VmProcess *p, FirModule *m, const uint32_t *func_blocks,
                  const uint32_t *global_blocks, FirError *err)
{
    if (p->loaded || p->funcs)
        return fir_error_set(err, FIR_EINVAL, "the process already has a program");
    p->mod = m;
    p->nfuncs = m->nfuncs;
    p->funcs = calloc(m->nfuncs ? m->nfuncs : 1, sizeof *p->funcs);
    p->globals = calloc(m->nglobals ? m->nglobals : 1, sizeof *p->globals);
    p->hosts = calloc(m->nhosts ? m->nhosts : 1, sizeof *p->hosts);
    int rc = 0;
    if (!p->funcs || !p->globals || !p->hosts)
        rc = nomem(err);
    for (uint32_t i = 0; rc == 0 && i < m->nfuncs; i++) {
        const FirFunc *f = &m->funcs[i];
        VmFunc *vf = &p->funcs[i];
        if (!f->defined) {
            rc = fir_error_set(err, FIR_ELINK, "function '%s' is declared but never defined",
                               f->name);
            break;
        }
        vf->fir = f;
        vf->args = f->args;
        vf->nregs = f->nregs;
        vf->nparams = f->nparams;
        vf->block = func_blocks[i];
        int64_t sig = intern_sig(p, f->ret, f->nparams, f->reg_types, NULL);
        if (sig < 0)
            rc = nomem(err);
        vf->sig = (uint32_t)sig;
    }
    for (uint32_t g = 0; rc == 0 && g < m->nglobals; g++)
        p->globals[g] = global_blocks[g];
    if (rc == 0)
        rc = bind_hosts(p, m, err);
    for (uint32_t i = 0; rc == 0 && i < m->nfuncs; i++)
        rc = predecode(p, i, err);
    if (rc < 0) {
        unload(p);
        p->mod = NULL;
        return rc;
    }
    p->loaded = true;
    return 0;
}
