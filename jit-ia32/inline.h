/*
 * inline.h - calls of small leaf functions expanded in their caller (the
 * x86-64 back end): the caller's code with a copy of each such callee
 * appended, which compile.c compiles as one function.
 */
#ifndef JIT_INLINE_H
#define JIT_INLINE_H

#include "jit-ia32/internal.h"

#define JIT_NO_REGION UINT32_MAX

/* One inlined call: the call at pc site of function callee runs the merged
 * pcs start..end-1, whose registers base..base+nregs-1 are the callee's. */
typedef struct JitRegion {
    uint32_t site, callee;
    uint32_t start, end;
    uint32_t base, nregs, nparams;
} JitRegion;

/* The function compile.c compiles.  Pcs below own_code and registers below
 * own_regs are the caller's own, numbered as in the interpreter; the others
 * belong to regions.  callee_pc: per merged pc of a region, the callee's pc
 * it was copied from, or UINT32_MAX for a return's move or jump. */
typedef struct JitMerged {
    VmFunc f;
    FirFunc fir;
    uint32_t own_code, own_regs;
    JitRegion *regions;
    uint32_t nregions;
    uint32_t *region_of;   /* per merged pc: its region, or JIT_NO_REGION */
    uint32_t *site_region; /* per caller pc: the region its call became, or JIT_NO_REGION */
    uint32_t *callee_pc;
    bool owned;            /* the arrays of f and fir are the merge's own */
} JitMerged;

/* May instruction k of callee run inside its caller's code (no exit that
 * needs more than the callee's frame: compile.c's answer)? */
typedef bool JitInlinable(const VmProcess *p, const VmFunc *callee, uint32_t k);

/* Merges into function fid the callees whose every instruction is
 * inlinable, except those skip[callee] names (skip may be NULL).  With
 * nothing to inline, m->f is fid's own function.  False: out of memory. */
bool jit_merge(const VmProcess *p, uint32_t fid, JitInlinable *inlinable, const bool *skip,
               JitMerged *m);
void jit_merge_free(JitMerged *m);

#endif
