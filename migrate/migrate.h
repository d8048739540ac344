/*
 * migrate.h - process images: pack a running process into a portable
 * payload, check and unpack one into a process that resumes where it was,
 * image files, and the handler of the `migrate` instruction.  The one public
 * header of migrate/ (the network part, `firvm --serve` and keys, builds on
 * the same functions).
 *
 * Use:
 *     uint8_t *img; size_t n;
 *     if (mig_pack(p, &img, &n, &err) < 0) ...          (p: stopped at a migrate)
 *     VmProcess *q;
 *     if (mig_unpack(img, n, &opt, &q, &err) < 0) ...   (untrusted bytes)
 *     mig_install(q);                                   (so q can migrate again)
 *     vm_run(q);
 *
 * Payload (all integers little-endian; see docs/DESIGN.md):
 *     offset 0   8 bytes  magic "\x7f" "FIRPROC"
 *     offset 8   u32      version (MIG_VERSION)
 *     offset 12  u32      flags: MIG_FLAG_SIGNED; other bits are rejected
 *     offset 16  u64      body length B
 *     offset 24  B bytes  msgpack map: the process (unknown keys are skipped)
 *     24 + B     32 bytes BLAKE2b-256 (crypto_generichash) of bytes 0 .. 24+B-1
 *     [signed]   96 bytes MIG_SIG_BYTES signature block over that hash
 * An image file is "#!/usr/bin/env firvm\n" followed by the payload.
 *
 * Invariants
 * - Nothing host-specific is packed (no addresses, no native code): a payload
 *   written by any build resumes on any build (64-bit or 32-bit host).
 * - Unpack trusts nothing: structure, sizes and hash first, then fir_verify
 *   of the module, then every index, size, pc and register of the process
 *   state; any failure is a FirError naming the field, never a crash.
 * - Functions return 0 or a negative FIR_E* code and never print.
 */
#ifndef MIGRATE_H
#define MIGRATE_H

#include "fir/fir.h"
#include "vm/vm.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MIG_MAGIC "\x7f" "FIRPROC"
#define MIG_MAGIC_LEN 8
#define MIG_VERSION 1u
#define MIG_HEADER_BYTES 24
#define MIG_HASH_BYTES 32
#define MIG_FLAG_SIGNED 1u
/* Signature block: 32-byte public key, then a 64-byte signature of the hash
 * (Ed25519, crypto_sign_detached); produced and checked by a MigSigner. */
#define MIG_SIG_BYTES 96
#define MIG_SHEBANG "#!/usr/bin/env firvm\n"

/* ------------------------------------------------------------- signing */

/* Optional signing, supplied by the caller (mig-net's keys).  sign fills
 * sig[MIG_SIG_BYTES] for the payload hash; verify returns 0 when sig is a
 * trusted signature of hash, else a negative FIR_E* code with err set. */
typedef struct MigSigner {
    int (*sign)(void *ctx, const uint8_t hash[MIG_HASH_BYTES], uint8_t sig[MIG_SIG_BYTES],
                FirError *err);
    int (*verify)(void *ctx, const uint8_t hash[MIG_HASH_BYTES],
                  const uint8_t sig[MIG_SIG_BYTES], FirError *err);
    void *ctx;
    bool require; /* unpack: refuse payloads without a signature */
} MigSigner;

/* --------------------------------------------------------- pack, unpack */

/* Packs the whole process (after a collection if gc offers one) into a
 * payload (*out is malloc'd; the caller frees it).  The process must be
 * stopped between instructions: not running, or inside the migrate hook.
 * Open speculation levels, held output and journaled input are packed too
 * (held output is not written).  Fails with a message when the state cannot
 * move (a heap over 4 GiB, out of memory). */
int mig_pack(VmProcess *p, uint8_t **out, size_t *len, FirError *err) FIR_MUST_CHECK;
/* The same, signed with `signer` (NULL: unsigned). */
int mig_pack_signed(VmProcess *p, const MigSigner *signer, uint8_t **out, size_t *len,
                    FirError *err) FIR_MUST_CHECK;

/* Checks and rebuilds a process from a payload: structure, sizes, hash,
 * then fir_verify, then the heap, table, frames and files (files are
 * re-opened by path and offset); the process is ready for vm_run and
 * resumes where it was.  opt: the resuming host's limits (NULL: defaults). */
int mig_unpack(const uint8_t *data, size_t len, const VmOptions *opt, VmProcess **out,
               FirError *err) FIR_MUST_CHECK;
/* The same, checking the signature with `signer` (NULL: signatures are
 * ignored; signer->require: unsigned payloads are refused). */
int mig_unpack_signed(const uint8_t *data, size_t len, const VmOptions *opt,
                      const MigSigner *signer, VmProcess **out, FirError *err) FIR_MUST_CHECK;

/* Checks only the frame of a payload (magic, version, flags, lengths, hash);
 * fills *hash when not NULL.  Cheap; mig_unpack does it too. */
int mig_check_payload(const uint8_t *data, size_t len, uint8_t hash[MIG_HASH_BYTES],
                      FirError *err) FIR_MUST_CHECK;

/* ---------------------------------------------------------- image files */

/* Writes "#!/usr/bin/env firvm\n" + payload to PATH.tmp.PID.N, makes it
 * executable, and renames it over path (a crash never leaves a torn image). */
int mig_write_image(const char *path, const uint8_t *payload, size_t len,
                    FirError *err) FIR_MUST_CHECK;
/* Reads an image file and returns its payload (malloc'd; the caller frees
 * it).  Only the framing is checked here. */
int mig_read_image(const char *path, uint8_t **payload, size_t *len, FirError *err) FIR_MUST_CHECK;
/* True when the bytes (a file's start) are an image: an optional #! line
 * (at most MIG_MAX_SHEBANG bytes) followed by the payload magic. */
#define MIG_MAX_SHEBANG 256
bool mig_is_image(const uint8_t *data, size_t len);
/* The same for a file (false when it cannot be read). */
bool mig_file_is_image(const char *path);

/* ------------------------------------------------------ the instruction */

/* What `migrate(target)` does for a network target ("migrate:HOST:PORT"):
 * installed by mig-net.  Returns 0 when the peer has taken the process
 * (the process then exits with status 0), or a negative errno value
 * (migrate() returns it and the process continues). */
typedef int MigSendFn(VmProcess *p, const char *host, const char *port, void *ctx);

/* Installs the handler the interpreter calls for the `migrate` instruction:
 * "checkpoint:FILE" (write the image, continue, return 0), "suspend:FILE"
 * (write the image, exit 0) and, when send is not NULL, "migrate:HOST:PORT".
 * Unknown targets return -EINVAL; failures return a negative errno value and
 * the process continues. */
void mig_install(VmProcess *p);
void mig_install_net(VmProcess *p, MigSendFn *send, void *ctx);

#endif
