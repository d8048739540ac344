/*
 * strmap.c - the string-keyed hash map the text parser and the linker use to
 * find symbols by name in time linear in the input (hostile inputs included).
 * Linear probing, FNV-1a, load factor at most 1/2.
 */
#include "fir/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
    return h;
}

static FirMapSlot *map_slot(const FirMap *map, const char *key, size_t len)
{
    size_t mask = map->cap - 1;
    for (size_t i = hash_bytes(key, len) & mask;; i = (i + 1) & mask) {
        FirMapSlot *s = &map->slots[i];
        if (!s->key || (s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

bool fir__map_get(const FirMap *map, const char *key, size_t len, uint32_t *val)
{
    if (map->cap == 0)
        return false;
    FirMapSlot *s = map_slot(map, key, len);
    if (!s->key)
        return false;
    *val = s->val;
    return true;
}

void fir__map_put(FirMap *map, const char *key, size_t len, uint32_t val)
{
    if (2 * (map->n + 1) > map->cap) {
        size_t cap = map->cap ? 2 * map->cap : 16;
        FirMap big = {calloc(cap, sizeof(FirMapSlot)), cap, map->n};
        if (!big.slots) {
            fprintf(stderr, "fir: out of memory\n");
            abort();
        }
        for (size_t i = 0; i < map->cap; i++)
            if (map->slots[i].key)
                *map_slot(&big, map->slots[i].key, map->slots[i].len) = map->slots[i];
        free(map->slots);
        *map = big;
    }
    FirMapSlot *s = map_slot(map, key, len);
    if (!s->key)
        map->n++;
    *s = (FirMapSlot){key, len, val};
}

void fir__map_clear(FirMap *map)
{
    free(map->slots);
    *map = (FirMap){0};
}
