/*
 * fuzz_image.c - libFuzzer target: mig_unpack (and, when it succeeds, a
 * short run and a re-pack) on arbitrary bytes.
 *
 * Each input is tried twice: as it is, and "resealed" (magic, version,
 * flags and body length rewritten, the BLAKE2b trailer recomputed) so that
 * mutations reach the msgpack reader, fir_decode/fir_verify and the checks
 * of vm__restore instead of all failing the integrity check.
 *
 * Properties checked: unpack never crashes, leaks or misbehaves under
 * ASan/UBSan; a failure returns no process and a message; a process that
 * unpacks can be packed again.  Seeds: the images that the programs
 * tests/fuzz/seeds/image_NAME.firs write (tests/fuzz/run.sh runs them).
 */
#include "migrate/migrate.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void try_image(const uint8_t *data, size_t size)
{
    VmOptions opt;
    vm_options_default(&opt);
    opt.max_frames = 2000;
    opt.max_reg_slots = 1u << 20;
    opt.heap_max = 64u << 20;
    VmProcess *p = NULL;
    FirError err = {0};
    if (mig_unpack(data, size, &opt, &p, &err) != 0) {
        if (p || !err.msg[0])
            abort();
        return;
    }
    uint8_t *img = NULL;
    size_t n = 0;
    if (mig_pack(p, &img, &n, &err) != 0) {
        fprintf(stderr, "re-pack failed: %s\n", err.msg);
        abort();
    }
    free(img);
    /* Running is left out: a resumed guest may loop or write files. */
    vm_process_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try_image(data, size);
    if (size < MIG_HEADER_BYTES + MIG_HASH_BYTES)
        return 0;
    uint8_t *fixed = malloc(size);
    memcpy(fixed, data, size);
    size_t body = size - MIG_HEADER_BYTES - MIG_HASH_BYTES;
    memcpy(fixed, MIG_MAGIC, MIG_MAGIC_LEN);
    uint32_t v = MIG_VERSION;
    for (int i = 0; i < 4; i++) {
        fixed[8 + i] = (uint8_t)(v >> (8 * i));
        fixed[12 + i] = 0;
    }
    for (int i = 0; i < 8; i++)
        fixed[16 + i] = (uint8_t)((uint64_t)body >> (8 * i));
    if (sodium_init() < 0)
        abort();
    crypto_generichash(fixed + MIG_HEADER_BYTES + body, MIG_HASH_BYTES, fixed,
                       MIG_HEADER_BYTES + body, NULL, 0);
    try_image(fixed, size);
    free(fixed);
    return 0;
}
