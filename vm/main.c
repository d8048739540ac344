/*
 * main.c - the firvm command: load a .fir, verify it, run it.
 *
 *   firvm [options] prog.fir [args...]
 *
 * Exit status: the program's; 134 after a guest fault; 1 when the file
 * cannot be loaded (missing, not FIR, fails verification, unknown host
 * call); 2 for usage errors.  Options end at the first non-option.
 */
#include "vm/vm.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: firvm [options] prog.fir [args...]\n"
    "Runs a FIR program compiled by firc.\n"
    "\n"
    "options:\n"
    "  --max-frames N   fault with a stack overflow past N nested calls (default 100000)\n"
    "  --heap-max SIZE  live memory limit; malloc returns NULL past it (default 2G);\n"
    "                   SIZE is bytes or a number with K, M or G\n"
    "  --stats          print allocation statistics on stderr at exit\n"
    "  --help           print this help and exit\n"
    "  --version        print the version and exit\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "firvm: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nfirvm: try 'firvm --help'\n");
    return 2;
}

/* "64M", "2G", "4096": returns false if malformed or zero. */
static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return false;
    unsigned shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if (*end || v == 0 || (shift && v > (UINT64_MAX >> shift)))
        return false;
    *out = (uint64_t)v << shift;
    return true;
}

static bool parse_count(const char *s, uint32_t *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v == 0 || v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* --opt VALUE or --opt=VALUE: returns the value or NULL if this is not opt. */
static const char *option_value(int argc, char **argv, int *i, const char *opt, bool *missing)
{
    size_t n = strlen(opt);
    if (strncmp(argv[*i], opt, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

static int load_file(const char *path, FirModule **out)
{
    FirError err = {0};
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "firvm: error: %s: cannot open: %s\n", path, strerror(errno));
        return 1;
    }
    uint8_t *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? 2 * cap : 65536;
            uint8_t *d = realloc(data, cap);
            if (!d) {
                free(data);
                fclose(f);
                fprintf(stderr, "firvm: error: %s: out of memory\n", path);
                return 1;
            }
            data = d;
        }
        size_t n = fread(data + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(data);
        fprintf(stderr, "firvm: error: %s: cannot read: %s\n", path, strerror(errno));
        return 1;
    }
    FirModule *m = NULL;
    int rc = fir_decode(data, len, &m, &err);
    free(data);
    if (rc < 0) {
        fprintf(stderr, "firvm: error: %s: not a valid FIR file: %s\n", path, err.msg);
        return 1;
    }
    if (fir_verify(m, &err) < 0) {
        fprintf(stderr, "firvm: error: %s: verification failed: %s\n", path, err.msg);
        fir_module_free(m);
        return 1;
    }
    *out = m;
    return 0;
}

int main(int argc, char **argv)
{
    VmOptions opt;
    vm_options_default(&opt);
    bool stats = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        const char *a = argv[i], *v;
        bool missing = false;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_text, stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("firvm %s (FIR virtual machine, interpreter)\n", FIR_VERSION_STRING);
            return 0;
        } else if (strcmp(a, "--stats") == 0) {
            stats = true;
        } else if ((v = option_value(argc, argv, &i, "--max-frames", &missing))) {
            if (!parse_count(v, &opt.max_frames))
                return usage_error("bad value for --max-frames: '%s'", v);
        } else if ((v = option_value(argc, argv, &i, "--heap-max", &missing))) {
            if (!parse_size(v, &opt.heap_max))
                return usage_error("bad value for --heap-max: '%s'", v);
        } else if (missing) {
            return usage_error("option '%s' needs a value", a);
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    if (i >= argc)
        return usage_error("%s", "no program given");

    const char *path = argv[i];
    FirModule *m = NULL;
    int rc = load_file(path, &m);
    if (rc)
        return rc;
    VmProcess *p = vm_process_new(&opt);
    if (!p) {
        fprintf(stderr, "firvm: error: out of memory\n");
        fir_module_free(m);
        return 1;
    }
    FirError err = {0};
    if (vm_load(p, m, argc - i, argv + i, &err) < 0) {
        fprintf(stderr, "firvm: error: %s: %s\n", path, err.msg);
        fir_module_free(m);
        vm_process_free(p);
        return 1;
    }
    VmOutcome out = vm_run(p);
    int status = vm_exit_status(p);
    if (out == VM_FAULTED) {
        vm_print_fault(p, "firvm", stderr);
        status = 134;
    }
    if (stats) {
        VmStats st;
        vm_get_stats(p, &st);
        fprintf(stderr,
                "firvm: stats: %" PRIu64 " blocks allocated, peak %" PRIu64
                " bytes live, %" PRIu64 " bytes live at exit, %" PRIu64
                " pointer-table entries, %" PRIu64 " reclamation passes, %" PRIu64
                " calls\n",
                st.blocks_allocated, st.peak_heap_bytes, st.live_heap_bytes, st.table_entries,
                st.reclamations, st.calls);
    }
    vm_process_free(p);
    return status & 0xff;
}
