/*
 * gen.c - the generation state both back ends share (see gen.h).
 */
#include "jit-ia32/gen.h"

#include <stdlib.h>
#include <string.h>

bool jit_gen_init(JitGen *g, const VmProcess *p, const VmFunc *f)
{
    memset(g, 0, sizeof *g);
    g->p = p;
    g->off = calloc(f->fir->ncode ? f->fir->ncode : 1, sizeof *g->off);
    return g->off != NULL;
}

void jit_gen_free(JitGen *g)
{
    free(g->b.p);
    free(g->off);
    free(g->jumps);
    free(g->slows);
    free(g->cases);
}

void jit_push_patch(JitGen *g, JitPatch **arr, size_t *n, size_t *cap, size_t at, uint32_t pc)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        JitPatch *p = realloc(*arr, c * sizeof *p);
        if (!p) {
            g->oom = true;
            return;
        }
        *arr = p;
        *cap = c;
    }
    (*arr)[(*n)++] = (JitPatch){at, pc, 0};
}

void jit_slow_if(JitGen *g, X86Cond cc, uint32_t pc)
{
    size_t at = x86_jcc(&g->b, cc);
    jit_push_patch(g, &g->slows, &g->nslows, &g->cap_slows, at, pc);
}

void jit_branch_if(JitGen *g, X86Cond cc, uint32_t target)
{
    size_t at = x86_jcc(&g->b, cc);
    jit_push_patch(g, &g->jumps, &g->njumps, &g->cap_jumps, at, target);
}

void jit_branch(JitGen *g, uint32_t target)
{
    size_t at = x86_jmp(&g->b);
    jit_push_patch(g, &g->jumps, &g->njumps, &g->cap_jumps, at, target);
}

void jit_exit_at(JitGen *g, uint32_t pc)
{
    x86_mov_imm(&g->b, X86_RAX, pc);
    x86_patch(&g->b, x86_jmp(&g->b), g->exit_label);
}

bool jit_gen_patch(JitGen *g, uint32_t n)
{
    X86Buf *b = &g->b;
    size_t *stub = calloc(n ? n : 1, sizeof *stub);
    if (!stub)
        return false;
    for (size_t i = 0; i < g->nslows; i++) {
        uint32_t pc = g->slows[i].pc;
        if (!stub[pc]) {
            stub[pc] = b->len;
            jit_exit_at(g, g->before_exit ? g->before_exit(g, pc) : pc);
        }
        x86_patch(b, g->slows[i].at, stub[pc]);
    }
    free(stub);
    for (size_t i = 0; i < g->njumps; i++)
        x86_patch(b, g->jumps[i].at, g->off[g->jumps[i].pc]);
    for (size_t i = 0; i < g->ncases && !b->oom; i++) {
        int32_t rel = (int32_t)((int64_t)g->off[g->cases[i].pc] - (int64_t)g->cases[i].base);
        memcpy(b->p + g->cases[i].at, &rel, 4);
    }
    return !b->oom && !g->oom;
}
