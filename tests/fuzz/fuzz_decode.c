/*
 * fuzz_decode.c - libFuzzer target: fir_decode on arbitrary bytes, then
 * fir_verify, the printer, and the binary round trip on what decodes.
 *
 * Each input is decoded twice: as it is, and "repaired" (magic, version and
 * trailer hash rewritten) so that mutations reach the msgpack decoder
 * instead of all failing the integrity check.
 *
 * Properties checked (abort on violation): decode never crashes or leaks;
 * a decoded module re-encodes to bytes that decode again and re-encode to
 * the same bytes (the encoding is deterministic and total on decoded
 * modules); printing any decoded module is safe.
 * Build and run with tests/fuzz/run.sh.
 */
#include "fir/fir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    if (!devnull)
        devnull = fopen("/dev/null", "w");
    FirModule *m = NULL;
    FirError err;
    if (fir_decode(data, size, &m, &err) != 0) {
        if (m)
            abort(); /* failure must not return a module */
        return;
    }
    (void)fir_verify(m, &err);
    if (fir_print(m, devnull) != 0)
        abort();
    uint8_t *b1, *b2;
    size_t n1, n2;
    FirModule *m2;
    if (fir_encode(m, &b1, &n1, &err) != 0)
        abort();
    if (fir_decode(b1, n1, &m2, &err) != 0) {
        fprintf(stderr, "re-decode failed: %s\n", err.msg);
        abort();
    }
    if (fir_encode(m2, &b2, &n2, &err) != 0 || n1 != n2 || memcmp(b1, b2, n1) != 0) {
        fprintf(stderr, "encoding is not stable\n");
        abort();
    }
    free(b1);
    free(b2);
    fir_module_free(m2);
    fir_module_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check(data, size);
    if (size < 17)
        return 0;
    uint8_t *fixed = malloc(size);
    memcpy(fixed, data, size);
    memcpy(fixed, "\x7f" "FIR\x01\0\0\0", 8);
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 8; i < size - 8; i++)
        h = (h ^ fixed[i]) * 0x100000001b3u;
    for (int i = 0; i < 8; i++)
        fixed[size - 8 + (size_t)i] = (uint8_t)(h >> (8 * i));
    check(fixed, size);
    free(fixed);
    return 0;
}
