/*
 * internal.h - names shared inside spec/: the held-I/O steps that level.c
 * runs when levels end (io.c), and the record pool for pack.c.
 */
#ifndef SPEC_INTERNAL_H
#define SPEC_INTERNAL_H

#include "spec/spec.h"

/* The outermost level committed: writes held output before log position
 * upto (absolute), drops journaled input before it. */
void spec__io_commit_outermost(SpecState *s, uint64_t upto);
/* A rollback to a level entered at log position mark: drops held output
 * after it and moves journaled input after it to the replay buffers. */
void spec__io_rollback(SpecState *s, uint64_t mark);

/* A new record of level l for block idx, chained as the newest of idx (for
 * pack.c's import); 0 when the host is out of memory. */
uint32_t spec__rec_new(SpecState *s, SpecLevel *l, uint32_t idx, SpecRecKind kind);

#endif
