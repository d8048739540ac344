/*
 * malloc.c - the heap: every allocation is one VM heap block.
 *
 * The VM's block allocator does all the work (and checks every access), so
 * malloc is __builtin_fir_alloc, free is __builtin_fir_free, and realloc is a
 * new block, a copy and a free.  A block's size is exactly what was asked
 * for, so an overrun of a malloc'ed buffer is caught at the first byte.
 * Block offsets are 32 bits: a request of 4 GiB or more fails.  Offset 0 of
 * a block is aligned for any type, so aligned_alloc is malloc.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libc.h"

#define MAX_BLOCK 0xffffffffUL

void *malloc(size_t size)
{
    if (size > MAX_BLOCK) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = __builtin_fir_alloc(size);
    if (!p)
        errno = ENOMEM;
    return p;
}

void free(void *p)
{
    /* FIR's free ignores null */
    __builtin_fir_free(p);
}

void *calloc(size_t n, size_t size)
{
    if (size != 0 && n > MAX_BLOCK / size) {
        errno = ENOMEM;
        return NULL;
    }
    return malloc(n * size); /* blocks are zeroed */
}

/* glibc semantics: realloc(p, 0) frees p and returns NULL. */
void *realloc(void *p, size_t size)
{
    if (!p)
        return malloc(size);
    if (size == 0) {
        free(p);
        return NULL;
    }
    size_t old = __builtin_fir_blocksize(p);
    void *q = malloc(size);
    if (!q)
        return NULL;
    memcpy(q, p, old < size ? old : size);
    free(p);
    return q;
}

void *reallocarray(void *p, size_t n, size_t size)
{
    if (size != 0 && n > MAX_BLOCK / size) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, n * size);
}

static int power_of_two(size_t n)
{
    return n != 0 && (n & (n - 1)) == 0;
}

void *aligned_alloc(size_t alignment, size_t size)
{
    if (!power_of_two(alignment)) {
        errno = EINVAL;
        return NULL;
    }
    return malloc(size);
}

int posix_memalign(void **out, size_t alignment, size_t size)
{
    if (!power_of_two(alignment) || alignment % sizeof(void *) != 0)
        return EINVAL;
    void *p = malloc(size);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}
