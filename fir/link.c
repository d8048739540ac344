/*
 * link.c - the FIR linker: fir_link merges one module into another,
 * fir_check_complete reports what is still undefined, fir_prune drops what a
 * root function cannot reach.
 *
 * How linking works: functions and globals share one namespace (as in C);
 * host imports and file names have their own.  fir_link first decides, for
 * every symbol of src, whether it binds to an existing symbol of dst or is
 * appended, and checks every conflict; only when everything is consistent
 * does it move src's records into dst and rewrite the ids in the moved code,
 * relocs and locations.  So a failed link leaves dst unchanged.
 *
 * Rules:
 * - A non-static symbol binds by name to the non-static symbol of the other
 *   module: a declaration binds to a definition; two function definitions are
 *   "duplicate definition of 'foo'"; a function declaration and definition
 *   with different signatures are "conflicting types for 'foo'"; a function
 *   and a global of one name are "'foo' redeclared as a different kind of
 *   symbol".
 * - Two global definitions of one name merge like -fcommon when one of them
 *   is tentative (no initial data, no relocs, not const) and both have the
 *   same size: the other one is kept, with the larger alignment.  Otherwise
 *   they are duplicates.
 * - A static symbol never binds across modules.  When a name is taken, the
 *   static one is renamed "name.N" (smallest N >= 1 free in both modules), so
 *   names stay unique in a module and the text form round-trips.
 * - Host imports of one name must have the same signature.
 * - Linking a library (fir_link_library), a dst definition wins over the
 *   library's; when their signatures differ the library's function stays, for
 *   the library's own calls, renamed and static like a static symbol.
 *
 * Invariants: ids outside a module's arrays (possible in unverified input)
 * are rewritten to UINT32_MAX, never used as indexes, so the verifier
 * rejects them later; nothing here crashes on such input.
 */
#include "fir.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BAD_ID UINT32_MAX

static void *xmalloc(size_t n)
{
    void *p = calloc(n ? n : 1, 1);
    if (!p)
        abort(); /* like the builder: linking serves compilers and loaders */
    return p;
}

/* ------------------------------------------------------------ name maps */

/* C-string keys over the shared map (fir/internal.h). */
typedef FirMap Map;

static bool map_get(const Map *m, const char *key, uint32_t *val)
{
    return fir__map_get(m, key, strlen(key), val);
}

static void map_put(Map *m, const char *key, uint32_t val)
{
    fir__map_put(m, key, strlen(key), val);
}

static void map_free(Map *m)
{
    fir__map_clear(m);
}

/* Symbols: id | SYM_GLOBAL for globals. */
#define SYM_GLOBAL 0x80000000u

static void map_symbols(Map *map, const FirModule *m)
{
    for (uint32_t i = 0; i < m->nfuncs; i++)
        map_put(map, m->funcs[i].name, i);
    for (uint32_t i = 0; i < m->nglobals; i++)
        map_put(map, m->globals[i].name, i | SYM_GLOBAL);
}

/* ------------------------------------------------------------- records */

static void func_clear(FirFunc *f)
{
    free(f->name);
    for (uint32_t i = 0; f->reg_names && i < f->nregs; i++)
        free(f->reg_names[i]);
    free(f->reg_names);
    free(f->reg_types);
    free(f->code);
    free(f->locs);
    free(f->args);
    for (uint32_t i = 0; i < f->nswitches; i++)
        free(f->switches[i].cases);
    free(f->switches);
    free(f->label_pos);
    fir_dbg_free_func(f);
    memset(f, 0, sizeof *f);
}

static void global_clear(FirGlobal *g)
{
    free(g->name);
    free(g->init);
    free(g->relocs);
    free(g->dbg_name);
    memset(g, 0, sizeof *g);
}

static uint32_t map_id(const uint32_t *map, uint32_t n, uint32_t id)
{
    return id < n ? map[id] : BAD_ID;
}

/* Old-to-new id tables for moving code between modules. */
typedef struct Remap {
    const uint32_t *funcs, *globals, *hosts, *files;
    uint32_t nfuncs, nglobals, nhosts, nfiles;
    uint32_t types;  /* added to debug type references (their table is appended) */
} Remap;

static uint32_t map_type(uint32_t t, uint32_t off)
{
    return t ? t + off : 0;
}

static void remap_func(FirFunc *f, const Remap *r)
{
    for (uint32_t i = 0; i < f->ncode; i++) {
        FirInsn *in = &f->code[i];
        if (in->op >= FIR_NOPS)
            continue;
        switch (fir_op_info[in->op].format) {
        case FIR_FMT_CALL:
        case FIR_FMT_FUNC:
            in->b = map_id(r->funcs, r->nfuncs, in->b);
            break;
        case FIR_FMT_GLOBAL:
            in->b = map_id(r->globals, r->nglobals, in->b);
            break;
        case FIR_FMT_HCALL:
            in->b = map_id(r->hosts, r->nhosts, in->b);
            break;
        default:
            break;
        }
    }
    for (uint32_t i = 0; i < f->ndbg_vars; i++)
        f->dbg_vars[i].type = map_type(f->dbg_vars[i].type, r->types);
    f->dbg_ret = map_type(f->dbg_ret, r->types);
    if (r->files)
        for (uint32_t i = 0; i < f->ncode; i++)
            if (f->locs[i].file != 0 || f->locs[i].line != 0)
                f->locs[i].file = map_id(r->files, r->nfiles, f->locs[i].file);
}

static void remap_global(FirGlobal *g, const Remap *r)
{
    g->dbg_type = map_type(g->dbg_type, r->types);
    for (uint32_t i = 0; i < g->nrelocs; i++) {
        FirReloc *rl = &g->relocs[i];
        if (rl->kind == FIR_RELOC_FUNC)
            rl->target = map_id(r->funcs, r->nfuncs, rl->target);
        else if (rl->kind == FIR_RELOC_GLOBAL)
            rl->target = map_id(r->globals, r->nglobals, rl->target);
    }
}

static bool same_signature(const FirFunc *a, const FirFunc *b)
{
    if (a->ret != b->ret || a->nparams != b->nparams)
        return false;
    for (uint32_t i = 0; i < a->nparams; i++)
        if (i >= a->nregs || i >= b->nregs || a->reg_types[i] != b->reg_types[i])
            return false;
    return true;
}

static bool tentative(const FirGlobal *g)
{
    return g->defined && !g->init && g->nrelocs == 0 && !g->is_const;
}

/* Appends room for one more element; keeps the builder's capacities. */
#define PUSH(arr, n, cap)                                                   \
    do {                                                                    \
        if ((n) == (cap)) {                                                 \
            (cap) = (cap) ? 2 * (cap) : 8;                                  \
            void *p_ = realloc((arr), (size_t)(cap) * sizeof *(arr));       \
            if (!p_)                                                        \
                abort();                                                    \
            (arr) = p_;                                                     \
        }                                                                   \
    } while (0)

/* "name.N" free in both maps. */
static char *fresh_name(const char *name, const Map *a, const Map *b)
{
    size_t n = strlen(name) + 24;
    char *s = xmalloc(n);
    uint32_t dummy;
    for (unsigned long k = 1;; k++) {
        snprintf(s, n, "%s.%lu", name, k);
        if (!map_get(a, s, &dummy) && !map_get(b, s, &dummy))
            return s;
    }
}

/* ------------------------------------------------------------------ link */

/* What happens to each src symbol. */
enum { NEW, BIND_KEEP_DST, BIND_TAKE_SRC };

/* One link in progress: the decisions about src's symbols (steps 1-2 of
 * link_modules) and the id tables that moving them needs (steps 3-5). */
typedef struct Link {
    FirModule *dst, *src;
    bool library;     /* src is linked like a static archive (see fir_link_library) */
    Map dmap, smap;   /* symbol names of dst (plus names handed out) and of src */
    uint32_t nf, ng;  /* src's functions and globals */
    uint8_t *fact, *gact;                   /* NEW, BIND_KEEP_DST or BIND_TAKE_SRC */
    uint32_t *fmap, *gmap, *hmap, *filemap; /* src id -> dst id */
    char **fname, **gname;                  /* new names for src statics */
    /* dst statics to rename because a src non-static symbol takes the name */
    uint32_t *dren;
    char **oldnames;
    uint32_t ndren;
} Link;

static void link_init(Link *L, FirModule *dst, FirModule *src, bool library)
{
    *L = (Link){.dst = dst, .src = src, .library = library};
    map_symbols(&L->dmap, dst);
    map_symbols(&L->smap, src);
    uint32_t nf = L->nf = src->nfuncs, ng = L->ng = src->nglobals;
    L->fact = xmalloc(nf);
    L->gact = xmalloc(ng);
    L->fmap = xmalloc((size_t)nf * sizeof *L->fmap);
    L->gmap = xmalloc((size_t)ng * sizeof *L->gmap);
    L->hmap = xmalloc((size_t)src->nhosts * sizeof *L->hmap);
    L->filemap = xmalloc((size_t)src->nfiles * sizeof *L->filemap);
    L->fname = xmalloc((size_t)nf * sizeof *L->fname);
    L->gname = xmalloc((size_t)ng * sizeof *L->gname);
    L->dren = xmalloc(((size_t)nf + ng) * sizeof *L->dren);
    L->oldnames = xmalloc(((size_t)nf + ng) * sizeof *L->oldnames);
}

static void link_free(Link *L)
{
    for (uint32_t i = 0; i < L->nf; i++)
        free(L->fname[i]);
    for (uint32_t i = 0; i < L->ng; i++)
        free(L->gname[i]);
    map_free(&L->dmap);
    map_free(&L->smap);
    free(L->fact);
    free(L->gact);
    free(L->fmap);
    free(L->gmap);
    free(L->hmap);
    free(L->filemap);
    free(L->fname);
    free(L->gname);
    free(L->dren);
    free(L->oldnames);
}

/* src function i against dst function d of the same (non-static) name. */
static int decide_func(Link *L, uint32_t i, uint32_t d, const char *name, FirError *err)
{
    const FirFunc *a = &L->dst->funcs[d], *b = &L->src->funcs[i];
    bool both = a->defined && b->defined;
    if (both && L->library && !same_signature(a, b)) {
        /* the program's own function of a library name with other types:
         * each keeps its own, the library's under a fresh static name */
        L->fname[i] = fresh_name(name, &L->dmap, &L->smap);
        map_put(&L->dmap, L->fname[i], BAD_ID);
        return 0;
    }
    int rc = 0;
    if (both && !L->library)
        rc = fir_error_set(err, FIR_ELINK, "duplicate definition of '%s'", name);
    else if (!same_signature(a, b))
        rc = fir_error_set(err, FIR_ELINK, "conflicting types for '%s'", name);
    L->fact[i] = b->defined && !both ? BIND_TAKE_SRC : BIND_KEEP_DST;
    L->fmap[i] = d;
    return rc;
}

/* src global i against dst global d of the same (non-static) name. */
static int decide_global(Link *L, uint32_t i, uint32_t d, const char *name, FirError *err)
{
    const FirGlobal *a = &L->dst->globals[d], *b = &L->src->globals[i];
    uint8_t *act = &L->gact[i];
    int rc = 0;
    if (a->defined && b->defined && L->library) {
        *act = BIND_KEEP_DST;
    } else if (a->defined && b->defined) {
        if ((tentative(a) || tentative(b)) && a->size == b->size)
            *act = tentative(a) ? BIND_TAKE_SRC : BIND_KEEP_DST;
        else
            rc = fir_error_set(err, FIR_ELINK, "duplicate definition of '%s'", name);
    } else {
        *act = b->defined ? BIND_TAKE_SRC : BIND_KEEP_DST;
    }
    L->gmap[i] = d;
    return rc;
}

/* Symbol k of src (functions first, then globals): what happens to it. */
static int decide_symbol(Link *L, uint32_t k, FirError *err)
{
    const FirModule *src = L->src, *dst = L->dst;
    bool isg = k >= L->nf;
    uint32_t i = isg ? k - L->nf : k;
    const char *name = isg ? src->globals[i].name : src->funcs[i].name;
    bool is_static = isg ? src->globals[i].is_static : src->funcs[i].is_static;
    (isg ? L->gact : L->fact)[i] = NEW;
    uint32_t d;
    if (!map_get(&L->dmap, name, &d))
        return 0;
    if (is_static) { /* the name is taken in dst: rename */
        char *fresh = fresh_name(name, &L->dmap, &L->smap);
        (isg ? L->gname : L->fname)[i] = fresh;
        map_put(&L->dmap, fresh, BAD_ID);
        return 0;
    }
    bool dg = d & SYM_GLOBAL;
    d &= ~SYM_GLOBAL;
    bool dstatic = dg ? dst->globals[d].is_static : dst->funcs[d].is_static;
    if (dstatic) {
        L->dren[L->ndren++] = dg ? d | SYM_GLOBAL : d;
        return 0;
    }
    if (dg != isg)
        return fir_error_set(err, FIR_ELINK, "'%s' redeclared as a different kind of symbol",
                             name);
    return isg ? decide_global(L, i, d, name, err) : decide_func(L, i, d, name, err);
}

/* Host imports of src: bound by name to dst's, whose signature must agree. */
static int decide_hosts(Link *L, FirError *err)
{
    const FirModule *src = L->src, *dst = L->dst;
    for (uint32_t i = 0; i < src->nhosts; i++) {
        const FirHost *h = &src->hosts[i];
        L->hmap[i] = BAD_ID;
        for (uint32_t j = 0; j < dst->nhosts; j++)
            if (strcmp(dst->hosts[j].name, h->name) == 0) {
                const FirHost *o = &dst->hosts[j];
                if (o->ret != h->ret || o->nparams != h->nparams ||
                    memcmp(o->params, h->params, h->nparams) != 0)
                    return fir_error_set(err, FIR_ELINK,
                                         "conflicting types for host import '%s'", h->name);
                L->hmap[i] = j;
                break;
            }
    }
    return 0;
}

/* Renames the dst statics whose name a src symbol takes (the old names are
 * map keys: freed only once the map is gone). */
static void rename_dst_statics(Link *L)
{
    for (uint32_t k = 0; k < L->ndren; k++) {
        uint32_t d = L->dren[k] & ~SYM_GLOBAL;
        char **name = (L->dren[k] & SYM_GLOBAL) ? &L->dst->globals[d].name
                                                 : &L->dst->funcs[d].name;
        char *old = *name;
        *name = fresh_name(old, &L->dmap, &L->smap);
        map_put(&L->dmap, *name, L->dren[k]);
        L->oldnames[k] = old;
    }
    map_free(&L->dmap);
    L->dmap = (Map){0};
    for (uint32_t k = 0; k < L->ndren; k++)
        free(L->oldnames[k]);
}

/* Files and the host imports dst does not have yet. */
static void move_files_hosts(Link *L)
{
    FirModule *src = L->src, *dst = L->dst;
    for (uint32_t i = 0; i < src->nfiles; i++)
        L->filemap[i] = fir_add_file(dst, src->files[i]);
    for (uint32_t i = 0; i < src->nhosts; i++) {
        FirHost *h = &src->hosts[i];
        if (L->hmap[i] != BAD_ID) {
            free(h->name);
            free(h->params);
            continue;
        }
        PUSH(dst->hosts, dst->nhosts, dst->cap_hosts);
        L->hmap[i] = dst->nhosts;
        dst->hosts[dst->nhosts++] = *h;
    }
}

/* Ids of the appended symbols (in src order) and the debug types (src's
 * table goes after dst's); the remap for the moved code. */
static Remap number_appended(Link *L)
{
    FirModule *src = L->src, *dst = L->dst;
    uint32_t next = dst->nfuncs;
    for (uint32_t i = 0; i < L->nf; i++)
        if (L->fact[i] == NEW)
            L->fmap[i] = next++;
    next = dst->nglobals;
    for (uint32_t i = 0; i < L->ng; i++)
        if (L->gact[i] == NEW)
            L->gmap[i] = next++;
    Remap r = {L->fmap, L->gmap, L->hmap, L->filemap, L->nf, L->ng, src->nhosts, src->nfiles,
               dst->ndbg_types};
    for (uint32_t i = 0; i < src->ndbg_types; i++) {
        FirDbgType *t = &src->dbg_types[i];
        t->base = map_type(t->base, r.types);
        for (uint32_t k = 0; k < t->nfields; k++)
            t->fields[k].type = map_type(t->fields[k].type, r.types);
        PUSH(dst->dbg_types, dst->ndbg_types, dst->cap_dbg_types);
        dst->dbg_types[dst->ndbg_types++] = *t;
    }
    free(src->dbg_types);
    src->dbg_types = NULL;
    src->ndbg_types = src->cap_dbg_types = 0;
    return r;
}

static void move_funcs(Link *L, const Remap *r)
{
    FirModule *src = L->src, *dst = L->dst;
    for (uint32_t i = 0; i < L->nf; i++) {
        FirFunc *f = &src->funcs[i];
        if (L->fname[i]) {
            free(f->name);
            f->name = L->fname[i];
            f->is_static = true;
            L->fname[i] = NULL;
        }
        if (L->fact[i] == BIND_KEEP_DST) {
            func_clear(f);
            continue;
        }
        remap_func(f, r);
        if (L->fact[i] == BIND_TAKE_SRC) {
            FirFunc *d = &dst->funcs[L->fmap[i]];
            bool is_static = d->is_static;
            func_clear(d);
            *d = *f;
            d->is_static = is_static;
        } else {
            PUSH(dst->funcs, dst->nfuncs, dst->cap_funcs);
            dst->funcs[dst->nfuncs++] = *f;
        }
        memset(f, 0, sizeof *f);
    }
}

static void move_globals(Link *L, const Remap *r)
{
    FirModule *src = L->src, *dst = L->dst;
    for (uint32_t i = 0; i < L->ng; i++) {
        FirGlobal *g = &src->globals[i];
        if (L->gname[i]) {
            free(g->name);
            g->name = L->gname[i];
            L->gname[i] = NULL;
        }
        if (L->gact[i] == BIND_KEEP_DST) {
            FirGlobal *d = &dst->globals[L->gmap[i]];
            if (g->defined && g->align > d->align) /* merged tentative definition */
                d->align = g->align;
            global_clear(g);
            continue;
        }
        remap_global(g, r);
        if (L->gact[i] == BIND_TAKE_SRC) {
            FirGlobal *d = &dst->globals[L->gmap[i]];
            uint32_t align = d->defined && d->align > g->align ? d->align : g->align;
            global_clear(d);
            *d = *g;
            d->align = align;
        } else {
            PUSH(dst->globals, dst->nglobals, dst->cap_globals);
            dst->globals[dst->nglobals++] = *g;
        }
        memset(g, 0, sizeof *g);
    }
}

/* With `library`, src is linked like a static archive: a definition in dst of
 * a name src also defines wins, and src's definition is dropped. */
static int link_modules(FirModule *dst, FirModule *src, bool library, FirError *err)
{
    Link L;
    link_init(&L, dst, src, library);
    int rc = 0;

    /* 1. decide, and check every conflict, before changing anything:
     * non-static symbols first (they keep their names), then statics */
    for (uint32_t pass = 0; pass < 2 && rc == 0; pass++)
        for (uint32_t k = 0; k < L.nf + L.ng && rc == 0; k++) {
            bool isg = k >= L.nf;
            uint32_t i = isg ? k - L.nf : k;
            bool is_static = isg ? src->globals[i].is_static : src->funcs[i].is_static;
            if (is_static == (pass == 1))
                rc = decide_symbol(&L, k, err);
        }
    if (rc == 0)
        rc = decide_hosts(&L, err);
    if (rc == 0) {
        rename_dst_statics(&L);            /* 2. */
        move_files_hosts(&L);              /* 3. */
        Remap r = number_appended(&L);     /* 4. */
        move_funcs(&L, &r);                /* 5. */
        move_globals(&L, &r);
        /* 6. src is now empty */
        for (uint32_t i = 0; i < src->nfiles; i++)
            free(src->files[i]);
        src->nfuncs = src->nglobals = src->nhosts = src->nfiles = 0;
    }
    link_free(&L);
    return rc;
}

int fir_link(FirModule *dst, FirModule *src, FirError *err)
{
    return link_modules(dst, src, false, err);
}

int fir_link_library(FirModule *dst, FirModule *src, FirError *err)
{
    return link_modules(dst, src, true, err);
}

int fir_check_complete(const FirModule *m, FirError *err)
{
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (!m->funcs[i].defined)
            return fir_error_set(err, FIR_ELINK, "undefined reference to '%s'", m->funcs[i].name);
    for (uint32_t i = 0; i < m->nglobals; i++)
        if (!m->globals[i].defined)
            return fir_error_set(err, FIR_ELINK, "undefined reference to '%s'",
                                 m->globals[i].name);
    return 0;
}

/* ----------------------------------------------------------------- prune */

int fir_prune(FirModule *m, const char *root, FirError *err)
{
    uint32_t rootid = BAD_ID;
    for (uint32_t i = 0; i < m->nfuncs && rootid == BAD_ID; i++)
        if (strcmp(m->funcs[i].name, root) == 0)
            rootid = i;
    if (rootid == BAD_ID)
        return fir_error_set(err, FIR_ELINK, "root function '%s' not found", root);

    uint32_t nf = m->nfuncs, ng = m->nglobals, nh = m->nhosts;
    uint8_t *flive = xmalloc(nf), *glive = xmalloc(ng), *hlive = xmalloc(nh);
    /* worklist of symbols (id | SYM_GLOBAL); each enters once */
    uint32_t *work = xmalloc(((size_t)nf + ng) * sizeof *work);
    size_t nwork = 0;
    flive[rootid] = 1;
    work[nwork++] = rootid;
    while (nwork > 0) {
        uint32_t s = work[--nwork];
        if (s & SYM_GLOBAL) {
            const FirGlobal *g = &m->globals[s & ~SYM_GLOBAL];
            for (uint32_t i = 0; i < g->nrelocs; i++) {
                uint32_t t = g->relocs[i].target;
                if (g->relocs[i].kind == FIR_RELOC_FUNC && t < nf && !flive[t]) {
                    flive[t] = 1;
                    work[nwork++] = t;
                } else if (g->relocs[i].kind == FIR_RELOC_GLOBAL && t < ng && !glive[t]) {
                    glive[t] = 1;
                    work[nwork++] = t | SYM_GLOBAL;
                }
            }
            continue;
        }
        const FirFunc *f = &m->funcs[s];
        for (uint32_t i = 0; i < f->ncode; i++) {
            const FirInsn *in = &f->code[i];
            if (in->op >= FIR_NOPS)
                continue;
            FirFormat fmt = fir_op_info[in->op].format;
            if ((fmt == FIR_FMT_CALL || fmt == FIR_FMT_FUNC) && in->b < nf && !flive[in->b]) {
                flive[in->b] = 1;
                work[nwork++] = in->b;
            } else if (fmt == FIR_FMT_GLOBAL && in->b < ng && !glive[in->b]) {
                glive[in->b] = 1;
                work[nwork++] = in->b | SYM_GLOBAL;
            } else if (fmt == FIR_FMT_HCALL && in->b < nh) {
                hlive[in->b] = 1;
            }
        }
    }

    /* renumber: live symbols keep their order */
    uint32_t *fmap = xmalloc((size_t)nf * sizeof *fmap), *gmap = xmalloc((size_t)ng * sizeof *gmap);
    uint32_t *hmap = xmalloc((size_t)nh * sizeof *hmap);
    uint32_t k = 0;
    for (uint32_t i = 0; i < nf; i++) {
        fmap[i] = flive[i] ? k : BAD_ID;
        if (flive[i])
            m->funcs[k++] = m->funcs[i];
        else
            func_clear(&m->funcs[i]);
    }
    m->nfuncs = k;
    k = 0;
    for (uint32_t i = 0; i < ng; i++) {
        gmap[i] = glive[i] ? k : BAD_ID;
        if (glive[i])
            m->globals[k++] = m->globals[i];
        else
            global_clear(&m->globals[i]);
    }
    m->nglobals = k;
    k = 0;
    for (uint32_t i = 0; i < nh; i++) {
        hmap[i] = hlive[i] ? k : BAD_ID;
        if (hlive[i]) {
            m->hosts[k++] = m->hosts[i];
        } else {
            free(m->hosts[i].name);
            free(m->hosts[i].params);
        }
    }
    m->nhosts = k;
    Remap r = {fmap, gmap, hmap, NULL, nf, ng, nh, 0, 0};
    for (uint32_t i = 0; i < m->nfuncs; i++)
        remap_func(&m->funcs[i], &r);
    for (uint32_t i = 0; i < m->nglobals; i++)
        remap_global(&m->globals[i], &r);
    free(flive);
    free(glive);
    free(hlive);
    free(work);
    free(fmap);
    free(gmap);
    free(hmap);
    return 0;
}
