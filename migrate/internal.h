/*
 * internal.h - names shared inside migrate/ (mig__*).
 *
 * migrate/ is the VM's friend: it packs and rebuilds VmProcess, so it reads
 * vm/internal.h (the process structure and the VmParts layouts of restore.c).
 */
#ifndef MIGRATE_INTERNAL_H
#define MIGRATE_INTERNAL_H

#include "migrate/migrate.h"
#include "vm/internal.h"

/* ------------------------------------------------------------- image.c */

/* sodium_init, once per call site (idempotent). */
int mig__sodium(FirError *err) FIR_MUST_CHECK;
/* Fills the header of buf (magic, version, flags, body_len) and appends the
 * hash (and the signature, when signer->sign is set) after the body, which
 * is already at buf + MIG_HEADER_BYTES.  buf has room for both trailers.
 * *total is the payload length. */
int mig__seal(uint8_t *buf, size_t body_len, const MigSigner *signer, size_t *total,
              FirError *err) FIR_MUST_CHECK;

void mig__put32(uint8_t *b, uint32_t v);
void mig__put64(uint8_t *b, uint64_t v);
uint32_t mig__get32(const uint8_t *b);
uint64_t mig__get64(const uint8_t *b);

#endif
