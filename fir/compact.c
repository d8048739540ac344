/*
 * compact.c - fir_compact_regs: temporaries that are never live at the same
 * time share one register.
 *
 * A front end that gives each temporary of a statement its own register
 * leaves a function with many registers that are each live for a few
 * instructions.  Every register is a slot of every frame (zeroed by each
 * call, kept exact at each exit of the JIT), so fewer of them make calls
 * cheaper and let the JIT keep the hot ones in machine registers.
 *
 * Which registers move: temporaries only, that is registers that are not
 * parameters, have no name and no debug variable, are not read before
 * being written (live at entry: a fresh frame's zero would be read), and
 * are not defined once by a constant or an address (the JIT turns those
 * into immediates).  Functions with setjmp are left alone: longjmp resumes
 * after a setjmp with the registers as they are, so a value live across the
 * setjmp must not share a register with one set later.  Speculation needs
 * nothing: a rollback restores every register.
 *
 * How: liveness by backward dataflow over basic blocks, then each
 * temporary's hull, the instructions from the first to the last where it
 * is defined or live.  Linear scan over the hulls gives each one the first
 * register of its type whose hull ended before its own starts; a hull that
 * starts where another ends does not share (so an instruction never gets a
 * destination that is also one of its operands when it had none).  The
 * registers are then renumbered in their old order, unused temporaries
 * dropped.
 */
#include "fir/fir.h"

#include <stdlib.h>
#include <string.h>

/* Pointers to the register fields of one instruction. */
typedef struct RegOperands {
    uint32_t *def;     /* NULL: none */
    uint32_t *use[3];
    int nuse;
    uint32_t *args;    /* call arguments, in func->args */
    uint32_t nargs;
} RegOperands;

static void reg_operands(FirFunc *f, FirInsn *in, RegOperands *o)
{
    FirFormat fmt = fir_op_info[in->op].format;
    unsigned fl = fir_format_fields[fmt];
    o->def = NULL;
    o->nuse = 0;
    o->args = NULL;
    o->nargs = 0;
    if (fl & FIR_FIELD_ARGS) {
        if (in->a != FIR_NOREG)
            o->def = &in->a;
        if (fmt == FIR_FMT_CALLI)
            o->use[o->nuse++] = &in->b;
        o->args = f->args + in->c;
        o->nargs = (uint32_t)in->imm;
        return;
    }
    if (fl & FIR_FIELD_A) {
        if (fl & FIR_FIELD_DEST)
            o->def = &in->a;
        else
            o->use[o->nuse++] = &in->a;
    }
    if ((fl & FIR_FIELD_B) && fmt != FIR_FMT_GLOBAL && fmt != FIR_FMT_FUNC &&
        fmt != FIR_FMT_SWITCH)
        o->use[o->nuse++] = &in->b;
    if (fl & FIR_FIELD_C)
        o->use[o->nuse++] = &in->c;
}

static size_t in_args(const FirFunc *f, const uint32_t *arg)
{
    return (size_t)(arg - f->args);
}

typedef uint64_t Word;
#define WORD_BITS 64
#define TEST(set, i) (((set)[(i) / WORD_BITS] >> ((i) % WORD_BITS)) & 1)
#define SET(set, i) ((set)[(i) / WORD_BITS] |= (Word)1 << ((i) % WORD_BITS))
#define CLEAR(set, i) ((set)[(i) / WORD_BITS] &= ~((Word)1 << ((i) % WORD_BITS)))

/* The instructions from the first to the last where a live range (or one
 * of its nodes) is live or written; lo = UINT32_MAX: none. */
typedef struct Span {
    uint32_t lo, hi;
    uint32_t range;    /* after the sort: which range this was */
} Span;

static void widen(Span *s, uint32_t k)
{
    if (k < s->lo)
        s->lo = k;
    if (k > s->hi || s->hi == UINT32_MAX)
        s->hi = k;
}

static int by_start(const void *x, const void *y)
{
    const Span *a = x, *b = y;
    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    return a->range < b->range ? -1 : a->range > b->range;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        abort(); /* the builder's rule: out of memory aborts */
    return p;
}

/* Targets of instruction k's jumps: appended to out (room for the switch's). */
static uint32_t jump_targets(const FirFunc *f, const FirInsn *in, uint32_t *out)
{
    uint32_t n = 0;
    if (fir_format_fields[fir_op_info[in->op].format] & FIR_FIELD_LABEL)
        out[n++] = (uint32_t)in->imm;
    if (in->op == FIR_OP_switch) {
        const FirSwitch *sw = &f->switches[in->b];
        for (uint32_t c = 0; c < sw->ncases; c++)
            out[n++] = sw->cases[c].target;
        out[n++] = sw->default_target;
    }
    return n;
}

static uint32_t max_targets(const FirFunc *f)
{
    uint32_t m = 1;
    for (uint32_t s = 0; s < f->nswitches; s++)
        if (f->switches[s].ncases + 1 > m)
            m = f->switches[s].ncases + 1;
    return m;
}

/* The temporaries of f: temp_of[r] is r's index among them or UINT32_MAX. */
static uint32_t find_temps(FirFunc *f, uint32_t *temp_of)
{
    uint32_t *ndefs = xcalloc(f->nregs, sizeof *ndefs);
    uint8_t *fixed = xcalloc(f->nregs, 1);
    for (uint32_t r = 0; r < f->nparams && r < f->nregs; r++)
        fixed[r] = 1;
    for (uint32_t r = 0; f->reg_names && r < f->nregs; r++)
        if (f->reg_names[r])
            fixed[r] = 1;
    for (uint32_t v = 0; v < f->ndbg_vars; v++)
        if (f->dbg_vars[v].reg < f->nregs)
            fixed[f->dbg_vars[v].reg] = 1;
    uint8_t *constant = xcalloc(f->nregs, 1);
    for (uint32_t k = 0; k < f->ncode; k++) {
        RegOperands o;
        reg_operands(f, &f->code[k], &o);
        if (!o.def || *o.def >= f->nregs)
            continue;
        FirFormat fmt = fir_op_info[f->code[k].op].format;
        ndefs[*o.def]++;
        constant[*o.def] = fmt == FIR_FMT_DI || fmt == FIR_FMT_GLOBAL || fmt == FIR_FMT_FUNC;
    }
    uint32_t ntemps = 0;
    for (uint32_t r = 0; r < f->nregs; r++) {
        bool keep = fixed[r] || (ndefs[r] == 1 && constant[r]);
        temp_of[r] = keep ? UINT32_MAX : ntemps++;
    }
    free(ndefs), free(fixed), free(constant);
    return ntemps;
}

static uint32_t find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

static void unite(uint32_t *parent, uint32_t x, uint32_t y)
{
    x = find(parent, x), y = find(parent, y);
    if (x != y)
        parent[x < y ? y : x] = x < y ? x : y;
}

/* The liveness of the temporaries: per basic block, which are live in. */
typedef struct Flow {
    uint32_t n, nblocks;
    size_t words;
    uint32_t *first;     /* first instruction of each block; first[nblocks] = n */
    uint32_t *block_of;
    Word *live_in, *live_out;
    uint32_t *targets;   /* scratch: one instruction's successors */
} Flow;

/* Successors of block b's last instruction, into fl->targets. */
static uint32_t block_succs(const FirFunc *f, const Flow *fl, uint32_t b)
{
    uint32_t last = fl->first[b + 1] - 1;
    const FirInsn *in = &f->code[last];
    uint32_t nt = jump_targets(f, in, fl->targets);
    if (!(fir_op_info[in->op].flags & FIR_OPF_TERM) && last + 1 < fl->n)
        fl->targets[nt++] = last + 1;
    return nt;
}

static uint32_t temp_at(const FirFunc *f, const uint32_t *temp_of, uint32_t r)
{
    return r < f->nregs ? temp_of[r] : UINT32_MAX;
}

/* Bit sets above this many words per set (64 MB) are not worth it: such a
 * function keeps its registers. */
#define MAX_SET_WORDS ((size_t)1 << 23)

static bool liveness(FirFunc *f, const uint32_t *temp_of, Flow *fl)
{
    uint32_t n = fl->n;
    uint8_t *leader = xcalloc(n + 1, 1);
    leader[0] = 1;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t nt = jump_targets(f, &f->code[k], fl->targets);
        for (uint32_t t = 0; t < nt; t++)
            if (fl->targets[t] < n)
                leader[fl->targets[t]] = 1;
        if (nt || (fir_op_info[f->code[k].op].flags & FIR_OPF_TERM))
            leader[k + 1] = 1;
    }
    fl->nblocks = 0;
    fl->block_of = xcalloc(n, sizeof *fl->block_of);
    fl->first = xcalloc(n + 1, sizeof *fl->first);
    for (uint32_t k = 0; k < n; k++) {
        if (leader[k])
            fl->first[fl->nblocks++] = k;
        fl->block_of[k] = fl->nblocks - 1;
    }
    fl->first[fl->nblocks] = n;
    free(leader);

    size_t words = fl->words, nb = fl->nblocks;
    if (nb * words > MAX_SET_WORDS)
        return false;
    Word *gen = xcalloc(nb * words, sizeof(Word));  /* read before written */
    Word *kill = xcalloc(nb * words, sizeof(Word)); /* written */
    fl->live_in = xcalloc(nb * words, sizeof(Word));
    fl->live_out = xcalloc(nb * words, sizeof(Word));
    for (uint32_t b = 0; b < nb; b++) {
        Word *g = gen + b * words, *kl = kill + b * words;
        for (uint32_t k = fl->first[b + 1]; k-- > fl->first[b];) {
            RegOperands o;
            reg_operands(f, &f->code[k], &o);
            uint32_t t;
            if (o.def && (t = temp_at(f, temp_of, *o.def)) != UINT32_MAX)
                SET(kl, t), CLEAR(g, t);
            for (int u = 0; u < o.nuse; u++)
                if ((t = temp_at(f, temp_of, *o.use[u])) != UINT32_MAX)
                    SET(g, t);
            for (uint32_t a = 0; a < o.nargs; a++)
                if ((t = temp_at(f, temp_of, o.args[a])) != UINT32_MAX)
                    SET(g, t);
        }
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t b = (uint32_t)nb; b-- > 0;) {
            Word *out = fl->live_out + b * words;
            uint32_t nt = block_succs(f, fl, b);
            for (uint32_t t = 0; t < nt; t++) {
                const Word *succ_in = fl->live_in + fl->block_of[fl->targets[t]] * words;
                for (size_t w = 0; w < words; w++)
                    out[w] |= succ_in[w];
            }
            Word *in = fl->live_in + b * words;
            const Word *g = gen + b * words, *kl = kill + b * words;
            for (size_t w = 0; w < words; w++) {
                Word v = g[w] | (out[w] & ~kl[w]);
                if (v != in[w])
                    in[w] = v, changed = true;
            }
        }
    }
    free(gen), free(kill);
    return true;
}

void fir_compact_regs(FirFunc *f)
{
    uint32_t n = f->ncode;
    if (!f->defined || n == 0 || f->nregs <= f->nparams)
        return;
    for (uint32_t k = 0; k < n; k++)
        if (f->code[k].op == FIR_OP_setjmp)
            return;

    uint32_t *temp_of = xcalloc(f->nregs, sizeof *temp_of);
    uint32_t ntemps = find_temps(f, temp_of);
    if (ntemps == 0) {
        free(temp_of);
        return;
    }
    Flow fl = {.n = n, .words = (ntemps + WORD_BITS - 1) / WORD_BITS};
    fl.targets = xcalloc(max_targets(f) + 1, sizeof *fl.targets);
    if (!liveness(f, temp_of, &fl)) {
        free(temp_of), free(fl.targets), free(fl.block_of), free(fl.first);
        return;
    }
    size_t words = fl.words;

    /* a temporary read before it is written keeps its own register */
    for (uint32_t r = 0; r < f->nregs; r++)
        if (temp_of[r] != UINT32_MAX && TEST(fl.live_in, temp_of[r])) {
            uint32_t t = temp_of[r];
            for (uint32_t b = 0; b < fl.nblocks; b++)
                CLEAR(fl.live_in + b * words, t), CLEAR(fl.live_out + b * words, t);
            temp_of[r] = UINT32_MAX;
        }

    /* Live ranges: a node per definition (its pc) and per temporary live
     * into a block (n + live_base[b] + its rank there); a use belongs to the
     * node live at it, and a node live out of a block is the same range as
     * the successors' live-in nodes. */
    uint32_t *live_base = xcalloc(fl.nblocks + 1, sizeof *live_base);
    for (uint32_t b = 0; b < fl.nblocks; b++) {
        uint32_t c = 0;
        for (size_t w = 0; w < words; w++)
            c += (uint32_t)__builtin_popcountll(fl.live_in[b * words + w]);
        live_base[b + 1] = live_base[b] + c;
    }
    uint32_t nnodes = n + live_base[fl.nblocks];
    uint32_t *parent = xcalloc(nnodes, sizeof *parent);
    for (uint32_t x = 0; x < nnodes; x++)
        parent[x] = x;
    uint32_t *use_node = xcalloc((size_t)n * 3, sizeof *use_node);
    uint32_t *arg_node = xcalloc(f->nargs, sizeof *arg_node);
    uint32_t *cur = xcalloc(ntemps, sizeof *cur);
    uint32_t *node_temp = xcalloc(nnodes, sizeof *node_temp);
    Span *span = xcalloc(nnodes, sizeof *span);
    for (uint32_t x = 0; x < nnodes; x++)
        span[x] = (Span){UINT32_MAX, UINT32_MAX, 0};
    Word *live = xcalloc(words, sizeof(Word));
    for (uint32_t b = 0; b < fl.nblocks; b++) {
        uint32_t id = n + live_base[b];
        for (size_t w = 0; w < words; w++)
            for (Word bits = fl.live_in[b * words + w]; bits; bits &= bits - 1)
            {
                uint32_t t = (uint32_t)(w * WORD_BITS + (uint32_t)__builtin_ctzll(bits));
                node_temp[id] = t;
                cur[t] = id++;
            }
        for (uint32_t k = fl.first[b]; k < fl.first[b + 1]; k++) {
            RegOperands o;
            reg_operands(f, &f->code[k], &o);
            uint32_t t;
            for (int u = 0; u < o.nuse; u++)
                if ((t = temp_at(f, temp_of, *o.use[u])) != UINT32_MAX)
                    use_node[k * 3 + (uint32_t)u] = cur[t];
            for (uint32_t a = 0; a < o.nargs; a++)
                if ((t = temp_at(f, temp_of, o.args[a])) != UINT32_MAX)
                    arg_node[in_args(f, &o.args[a])] = cur[t];
            if (o.def && (t = temp_at(f, temp_of, *o.def)) != UINT32_MAX)
                node_temp[k] = t, cur[t] = k;
        }
        uint32_t nt = block_succs(f, &fl, b);
        for (uint32_t s = 0; s < nt; s++) {
            uint32_t sb = fl.block_of[fl.targets[s]];
            uint32_t sid = n + live_base[sb];
            for (size_t w = 0; w < words; w++)
                for (Word bits = fl.live_in[sb * words + w]; bits; bits &= bits - 1)
                    unite(parent, cur[w * WORD_BITS + (uint32_t)__builtin_ctzll(bits)], sid++);
        }
        /* backward: the instructions where each node is live or written */
        memcpy(live, fl.live_out + b * words, words * sizeof(Word));
        for (uint32_t k = fl.first[b + 1]; k-- > fl.first[b];) {
            RegOperands o;
            reg_operands(f, &f->code[k], &o);
            /* live after k counts at k, and so does a value k writes and
             * nobody reads: it takes its register at k */
            for (size_t w = 0; w < words; w++)
                for (Word bits = live[w]; bits; bits &= bits - 1)
                    widen(&span[cur[w * WORD_BITS + (uint32_t)__builtin_ctzll(bits)]], k);
            uint32_t t;
            if (o.def && (t = temp_at(f, temp_of, *o.def)) != UINT32_MAX) {
                widen(&span[k], k);
                CLEAR(live, t);
            }
            for (int u = 0; u < o.nuse; u++)
                if ((t = temp_at(f, temp_of, *o.use[u])) != UINT32_MAX) {
                    cur[t] = use_node[k * 3 + (uint32_t)u];
                    widen(&span[cur[t]], k);
                    SET(live, t);
                }
            for (uint32_t a = 0; a < o.nargs; a++)
                if ((t = temp_at(f, temp_of, o.args[a])) != UINT32_MAX) {
                    cur[t] = arg_node[in_args(f, &o.args[a])];
                    widen(&span[cur[t]], k);
                    SET(live, t);
                }
        }
    }

    /* a range's span: its nodes' together; ranges numbered by first node */
    uint32_t *range_of = xcalloc(nnodes, sizeof *range_of);
    Span *range = xcalloc(nnodes, sizeof *range);
    uint32_t *range_temp = xcalloc(nnodes, sizeof *range_temp);
    uint32_t nranges = 0;
    for (uint32_t x = 0; x < nnodes; x++) {
        if (span[x].lo == UINT32_MAX)
            continue; /* not a temporary's definition or live-in value */
        uint32_t root = find(parent, x);
        if (range_of[root] == 0) {
            range_of[root] = ++nranges;
            range[nranges - 1] = (Span){UINT32_MAX, UINT32_MAX, nranges - 1};
            range_temp[nranges - 1] = node_temp[x];
        }
        Span *r = &range[range_of[root] - 1];
        widen(r, span[x].lo);
        widen(r, span[x].hi);
    }

    /* linear scan over the ranges by start: each takes the first register
     * of its type whose last range ended before it starts */
    uint32_t nkept = 0;
    uint32_t *new_of = xcalloc(f->nregs, sizeof *new_of);
    for (uint32_t r = 0; r < f->nregs; r++)
        new_of[r] = temp_of[r] == UINT32_MAX ? nkept++ : UINT32_MAX;
    Span *order = xcalloc(nranges, sizeof *order);
    memcpy(order, range, nranges * sizeof *order);
    qsort(order, nranges, sizeof *order, by_start);
    uint32_t *colour = xcalloc(nranges, sizeof *colour);       /* per range */
    uint8_t *colour_type = xcalloc(nranges, 1);
    uint32_t *colour_end = xcalloc(nranges, sizeof *colour_end);
    uint32_t ncolours = 0;
    uint32_t *reg_of_temp = xcalloc(ntemps, sizeof *reg_of_temp);
    for (uint32_t r = 0; r < f->nregs; r++)
        if (temp_of[r] != UINT32_MAX)
            reg_of_temp[temp_of[r]] = r;
    for (uint32_t i = 0; i < nranges; i++) {
        const Span *h = &order[i];
        uint8_t type = f->reg_types[reg_of_temp[range_temp[h->range]]];
        uint32_t c = 0;
        while (c < ncolours && (colour_type[c] != type || colour_end[c] >= h->lo))
            c++;
        if (c == ncolours)
            colour_type[ncolours++] = type;
        colour_end[c] = h->hi;
        colour[h->range] = c;
    }

    /* rewrite: kept registers first, in their old order, then the colours */
    uint8_t *arg_done = xcalloc(f->nargs, 1);
#define RANGE_REG(node) (nkept + colour[range_of[find(parent, (node))] - 1])
    for (uint32_t k = 0; k < n; k++) {
        RegOperands o;
        reg_operands(f, &f->code[k], &o);
        for (int u = 0; u < o.nuse; u++)
            if (*o.use[u] < f->nregs)
                *o.use[u] = temp_of[*o.use[u]] == UINT32_MAX ? new_of[*o.use[u]]
                                                             : RANGE_REG(use_node[k * 3 + (uint32_t)u]);
        for (uint32_t a = 0; a < o.nargs; a++) { /* once, should two calls share them */
            size_t ai = in_args(f, &o.args[a]);
            if (arg_done[ai] || o.args[a] >= f->nregs)
                continue;
            arg_done[ai] = 1;
            o.args[a] = temp_of[o.args[a]] == UINT32_MAX ? new_of[o.args[a]]
                                                         : RANGE_REG(arg_node[ai]);
        }
        if (o.def && *o.def < f->nregs)
            *o.def = temp_of[*o.def] == UINT32_MAX ? new_of[*o.def] : RANGE_REG(k);
    }
#undef RANGE_REG
    for (uint32_t v = 0; v < f->ndbg_vars; v++)
        if (f->dbg_vars[v].reg < f->nregs)
            f->dbg_vars[v].reg = new_of[f->dbg_vars[v].reg];
    uint8_t *types = xcalloc(nkept + ncolours, 1);
    char **names = f->reg_names ? xcalloc(nkept + ncolours, sizeof *names) : NULL;
    for (uint32_t r = 0; r < f->nregs; r++)
        if (new_of[r] != UINT32_MAX) {
            types[new_of[r]] = f->reg_types[r];
            if (names)
                names[new_of[r]] = f->reg_names[r];
        }
    for (uint32_t c = 0; c < ncolours; c++)
        types[nkept + c] = colour_type[c];
    memcpy(f->reg_types, types, nkept + ncolours);
    if (names)
        memcpy(f->reg_names, names, (nkept + ncolours) * sizeof *names);
    f->nregs = nkept + ncolours;

    free(temp_of), free(fl.targets), free(fl.block_of), free(fl.first);
    free(fl.live_in), free(fl.live_out), free(live_base), free(parent);
    free(use_node), free(arg_node), free(cur), free(node_temp), free(span), free(live);
    free(range_of), free(range), free(range_temp), free(new_of), free(order), free(colour);
    free(colour_type), free(colour_end), free(reg_of_temp), free(arg_done), free(types), free(names);
}
