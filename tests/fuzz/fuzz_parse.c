/*
 * fuzz_parse.c - libFuzzer target: fir_parse_text on arbitrary text, then
 * fir_verify and the canonical-form property on what parses.
 *
 * Properties checked (abort on violation): the parser never crashes or
 * leaks; for a module that parses, print(m) parses again and prints the same
 * text (the printer's output is canonical), and the module survives
 * encode -> decode with the same text.
 * Build and run with tests/fuzz/run.sh.
 */
#include "fir/fir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *print_str(const FirModule *m, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f || fir_print(m, f) != 0)
        abort();
    fclose(f);
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FirModule *m = NULL, *m2 = NULL, *m3 = NULL;
    FirError err;
    if (fir_parse_text((const char *)data, size, "fuzz.firs", &m, &err) != 0) {
        if (m)
            abort();
        return 0;
    }
    (void)fir_verify(m, &err);
    size_t n1, n2, n3;
    char *t1 = print_str(m, &n1);
    if (fir_parse_text(t1, n1, "printed.firs", &m2, &err) != 0) {
        fprintf(stderr, "printed text does not parse: %s\n%s", err.msg, t1);
        abort();
    }
    char *t2 = print_str(m2, &n2);
    if (n1 != n2 || memcmp(t1, t2, n1) != 0) {
        fprintf(stderr, "print is not canonical:\n%s\n---\n%s", t1, t2);
        abort();
    }
    uint8_t *b;
    size_t nb;
    if (fir_encode(m, &b, &nb, &err) != 0 || fir_decode(b, nb, &m3, &err) != 0) {
        fprintf(stderr, "binary round trip failed: %s\n", err.msg);
        abort();
    }
    char *t3 = print_str(m3, &n3);
    if (n1 != n3 || memcmp(t1, t3, n1) != 0) {
        fprintf(stderr, "binary round trip changed the text:\n%s\n---\n%s", t1, t3);
        abort();
    }
    free(b);
    free(t1);
    free(t2);
    free(t3);
    fir_module_free(m);
    fir_module_free(m2);
    fir_module_free(m3);
    return 0;
}
