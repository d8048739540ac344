/*
 * codemem.c - executable memory for compiled code, W^X: each function's
 * code is copied into pages mapped read-write, which are then made
 * read-execute; no page is ever writable and executable at once.  The pages
 * belong to the process's JIT and are unmapped with it; an image never
 * contains them.
 */
#define _DEFAULT_SOURCE
#include "jit-ia32/internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct Region {
    void *base;
    size_t size;
} Region;

struct JitMem {
    Region *regions;
    size_t n, cap;
    size_t bytes;
};

JitMem *jit_mem_new(void)
{
    return calloc(1, sizeof(JitMem));
}

void *jit_mem_place(JitMem *m, const uint8_t *code, size_t len)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 16;
        Region *r = realloc(m->regions, cap * sizeof *r);
        if (!r)
            return NULL;
        m->regions = r;
        m->cap = cap;
    }
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t size = (len + page - 1) / page * page;
    void *base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
        return NULL;
    memcpy(base, code, len);
    if (mprotect(base, size, PROT_READ | PROT_EXEC) != 0) {
        munmap(base, size);
        return NULL;
    }
    m->regions[m->n++] = (Region){base, size};
    m->bytes += len;
    return base;
}

size_t jit_mem_bytes(const JitMem *m)
{
    return m->bytes;
}

void jit_mem_free(JitMem *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        munmap(m->regions[i].base, m->regions[i].size);
    free(m->regions);
    free(m);
}
