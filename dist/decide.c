/*
 * decide.c - the decision functions of decide.h.  Decisions are found
 * through a hash index (a run makes thousands); open levels and their
 * dependencies are few and searched linearly.
 */
#include "dist/decide.h"

#include <stdlib.h>

static bool same(SpecId a, SpecId b)
{
    return a.owner == b.owner && a.seq == b.seq;
}

static uint32_t hash(SpecId g)
{
    uint64_t x = g.seq * 0x9e3779b97f4a7c15ULL ^ g.owner * 0xc2b2ae3d27d4eb4fULL;
    return (uint32_t)(x ^ x >> 29);
}

/* The index of gid in dec, or -1. */
static int64_t lookup(const DistKnown *k, SpecId gid)
{
    if (!k->index_cap)
        return -1;
    for (uint32_t h = hash(gid) & (k->index_cap - 1);; h = (h + 1) & (k->index_cap - 1)) {
        uint32_t v = k->index[h];
        if (!v)
            return -1;
        if (same(k->dec[v - 1].gid, gid))
            return v - 1;
    }
}

static int grow_index(DistKnown *k)
{
    uint32_t cap = k->index_cap ? 2 * k->index_cap : 256;
    uint32_t *ix = calloc(cap, sizeof *ix);
    if (!ix)
        return -1;
    for (uint32_t i = 0; i < k->ndec; i++) {
        uint32_t h = hash(k->dec[i].gid) & (cap - 1);
        while (ix[h])
            h = (h + 1) & (cap - 1);
        ix[h] = i + 1;
    }
    free(k->index);
    k->index = ix;
    k->index_cap = cap;
    return 0;
}

DistOutcome dist_known_outcome(const DistKnown *k, SpecId gid)
{
    int64_t i = lookup(k, gid);
    if (i >= 0)
        return (DistOutcome)k->dec[i].outcome;
    uint32_t r = DIST_RANK_OF(gid.owner), inc = DIST_INC_OF(gid.owner);
    if (r < DIST_MAX_RANKS && (inc < k->inc[r] || (inc == k->inc[r] && k->dead[r])))
        return DIST_DONE_ABORT;
    return DIST_OPEN;
}

int dist_known_decide(DistKnown *k, SpecId gid, DistOutcome o)
{
    if (lookup(k, gid) >= 0)
        return 0;
    if (2 * (k->ndec + 1) >= k->index_cap && grow_index(k) < 0)
        return -1;
    if (k->ndec == k->cap) {
        uint32_t cap = k->cap ? 2 * k->cap : 64;
        void *d = realloc(k->dec, cap * sizeof *k->dec);
        if (!d)
            return -1;
        k->dec = d;
        k->cap = cap;
    }
    k->dec[k->ndec].gid = gid;
    k->dec[k->ndec].outcome = (uint8_t)o;
    uint32_t h = hash(gid) & (k->index_cap - 1);
    while (k->index[h])
        h = (h + 1) & (k->index_cap - 1);
    k->index[h] = ++k->ndec;
    return 0;
}

void dist_known_free(DistKnown *k)
{
    free(k->dec);
    free(k->index);
    k->dec = NULL;
    k->index = NULL;
    k->ndec = k->cap = k->index_cap = 0;
}

bool dist_depends_on(const DistLevel *lv, uint32_t nlv, SpecId gid)
{
    for (uint32_t i = 0; i < nlv; i++) {
        if (same(lv[i].gid, gid))
            return true;
        for (uint32_t j = 0; j < lv[i].ndeps; j++)
            if (same(lv[i].deps[j], gid))
                return true;
    }
    return false;
}

DistDelivery dist_decide_delivery(const DistKnown *k, const DistLevel *lv, uint32_t nlv,
                                  const SpecId *deps, uint32_t nd, SpecId *new_deps,
                                  uint32_t *nnew)
{
    *nnew = 0;
    for (uint32_t i = 0; i < nd; i++)
        if (dist_known_outcome(k, deps[i]) == DIST_DONE_ABORT)
            return DIST_DROP;
    for (uint32_t i = 0; i < nd; i++) {
        if (dist_known_outcome(k, deps[i]) == DIST_DONE_COMMIT ||
            dist_depends_on(lv, nlv, deps[i]))
            continue;
        bool dup = false;
        for (uint32_t j = 0; j < *nnew && !dup; j++)
            dup = same(new_deps[j], deps[i]);
        if (!dup)
            new_deps[(*nnew)++] = deps[i];
    }
    return *nnew ? DIST_JOIN : DIST_DELIVER;
}

DistAction dist_decide_action(const DistKnown *k, const DistLevel *lv, uint32_t nlv,
                              int32_t *level)
{
    for (uint32_t i = 0; i < nlv; i++)
        for (uint32_t j = 0; j < lv[i].ndeps; j++)
            if (dist_known_outcome(k, lv[i].deps[j]) == DIST_DONE_ABORT) {
                *level = lv[i].id;
                return DIST_ABORT_LEVEL;
            }
    for (uint32_t i = 0; i < nlv; i++) {
        if (!lv[i].implicit)
            continue;
        bool all = true;
        for (uint32_t j = 0; j < lv[i].ndeps && all; j++)
            all = dist_known_outcome(k, lv[i].deps[j]) == DIST_DONE_COMMIT;
        if (all) {
            *level = lv[i].id;
            return DIST_COMMIT_LEVEL;
        }
    }
    for (uint32_t i = 0; i < nlv; i++)
        if (lv[i].pending && !dist_implicit_after(lv, nlv, i)) {
            *level = lv[i].id;
            return DIST_COMMIT_LEVEL;
        }
    return DIST_NONE;
}

bool dist_implicit_after(const DistLevel *lv, uint32_t nlv, uint32_t i)
{
    for (uint32_t j = i + 1; j < nlv; j++)
        if (lv[j].implicit)
            return true;
    return false;
}

bool dist_has_implicit(const DistLevel *lv, uint32_t nlv)
{
    for (uint32_t i = 0; i < nlv; i++)
        if (lv[i].implicit || lv[i].pending)
            return true;
    return false;
}
