/*
 * internal.h - names shared inside fir/ and nowhere else.
 */
#ifndef FIR_INTERNAL_H
#define FIR_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Open-addressing hash map from byte strings (not owned: they must outlive
 * the map) to uint32.  Memory grows with the keys put, so it is bounded by
 * the input that names them; host out-of-memory aborts, like the builder. */
typedef struct FirMapSlot {
    const char *key; /* NULL: empty */
    size_t len;
    uint32_t val;
} FirMapSlot;

typedef struct FirMap {
    FirMapSlot *slots;
    size_t cap, n; /* cap is 0 or a power of two */
} FirMap;

bool fir__map_get(const FirMap *map, const char *key, size_t len, uint32_t *val);
/* Inserts or replaces. */
void fir__map_put(FirMap *map, const char *key, size_t len, uint32_t val);
void fir__map_clear(FirMap *map);

#endif
