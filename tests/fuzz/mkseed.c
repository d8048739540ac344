/*
 * mkseed.c - seed and dictionary maker for the fuzz targets (run.sh).
 *   mkseed OUTDIR FILE.firs...   writes OUTDIR/NAME.fir for each text module
 *   mkseed --dict                prints a libFuzzer dictionary of the text form
 */
#include "fir/fir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int dict(void)
{
    static const char *const words[] = {
        "file", "host", "global", "data", "reloc", "func", "end", "reg", "loc", "size",
        "align", "const", "static", "extern", "->", "bits(", "inf", "nan", "0x", "\\x",
        "%", "@", ".L", ":", ",", "(", ")", "[", "]", "=", "\"", ";", "\\n"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        printf("\"");
        for (const char *p = words[i]; *p; p++)
            printf(*p == '"' || *p == '\\' ? "\\%c" : "%c", *p);
        printf("\"\n");
    }
    for (int t = 0; t < FIR_NTYPES; t++)
        printf("\"%s\"\n", fir_type_name((FirType)t));
    for (int op = 0; op < FIR_NOPS; op++)
        printf("\"%s\"\n", fir_op_info[op].name);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--dict") == 0)
        return dict();
    if (argc < 3) {
        fprintf(stderr, "usage: mkseed OUTDIR FILE.firs... | mkseed --dict\n");
        return 2;
    }
    int status = 0;
    for (int i = 2; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            status = 1;
            continue;
        }
        static char buf[1 << 22];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        FirModule *m;
        FirError err;
        if (fir_parse_text(buf, n, argv[i], &m, &err) != 0) {
            fprintf(stderr, "mkseed: %s\n", err.msg); /* not every seed must parse */
            continue;
        }
        const char *base = strrchr(argv[i], '/');
        base = base ? base + 1 : argv[i];
        char out[4096];
        snprintf(out, sizeof out, "%s/%.*s.fir", argv[1], (int)strcspn(base, "."), base);
        if (fir_write_file(out, m, &err) != 0) {
            fprintf(stderr, "mkseed: %s: %s\n", out, err.msg);
            status = 1;
        }
        fir_module_free(m);
    }
    return status;
}
