/*
 * jit.c - the JIT attached to a process: the compile hook the VM calls for
 * a hot function (generate, place in code memory, install), --trace=jit and
 * the perf map.
 */
#include "jit-ia32/internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct Jit {
    JitOptions opt;
    JitMem *mem;
    FILE *perf;
    uint32_t compiled;
} Jit;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void jit_free(void *ctx)
{
    Jit *j = ctx;
    jit_mem_free(j->mem);
    if (j->perf)
        fclose(j->perf);
    free(j);
}

static bool compile(VmProcess *p, uint32_t fid, void *ctx)
{
    Jit *j = ctx;
    const VmFunc *f = &p->funcs[fid];
    uint64_t t0 = now_ns();
    bool *compiled = calloc(f->fir->ncode ? f->fir->ncode : 1, sizeof *compiled);
    JitCode code = {0};
    void *entry = NULL;
    if (compiled && jit_generate(p, fid, &code, compiled))
        entry = jit_mem_place(j->mem, code.bytes, code.len);
    const void *call_entry = code.call_offset ? (const uint8_t *)entry + code.call_offset : NULL;
    bool ok = entry && vm_jit_install(p, fid, (VmJitEntry *)entry, call_entry, compiled);
    uint64_t t1 = now_ns();
    if (j->opt.trace) {
        uint32_t inl = 0;
        for (uint32_t k = 0; ok && k < f->fir->ncode; k++)
            inl += compiled[k];
        if (ok) {
            fprintf(j->opt.trace, "jit: compiled %s (%u FIR instructions, %u inline", f->fir->name,
                    f->fir->ncode, inl);
            for (uint32_t i = 0; i < code.ninlined; i++)
                fprintf(j->opt.trace, "%s%s", i ? ", " : ", calls of ",
                        p->funcs[code.inlined[i]].fir->name);
            fprintf(j->opt.trace, "%s; %zu bytes in %.1f us) %s\n",
                    code.ninlined ? " inlined" : "", code.len, (double)(t1 - t0) / 1000.0,
                    j->opt.mode == JIT_ALWAYS ? "at load (--jit=always)" : "when hot");
        }
        else
            fprintf(j->opt.trace, "jit: %s stays interpreted (cannot compile it)\n",
                    f->fir->name);
    }
    const char *dump = getenv("FIRVM_JIT_DUMP"); /* debugging: see HACKING.md */
    if (ok && dump && *dump) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.bin", dump, f->fir->name);
        FILE *out = fopen(path, "wb");
        if (out) {
            fwrite(code.bytes, 1, code.len, out);
            fclose(out);
        }
    }
    if (ok && j->perf) {
        fprintf(j->perf, "%lx %zx fir:%s\n", (unsigned long)(uintptr_t)entry, code.len,
                f->fir->name);
        fflush(j->perf);
    }
    j->compiled += ok;
    free(code.bytes);
    free(code.inlined);
    free(compiled);
    return ok;
}

bool jit_available(void)
{
    return true; /* x86-64 (compile.c) and IA-32 (compile32.c) */
}

const char *jit_backend_name(void)
{
    return X86_64 ? "x86-64" : "IA-32";
}

int jit_attach(VmProcess *p, const JitOptions *o)
{
    if (o->mode == JIT_OFF)
        return 0;
    if (!jit_available())
        return -1;
    Jit *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    j->opt = *o;
    j->mem = jit_mem_new();
    if (!j->mem) {
        free(j);
        return -1;
    }
    if (o->perf_map) {
        char path[64];
        snprintf(path, sizeof path, "/tmp/perf-%ld.map", (long)getpid());
        j->perf = fopen(path, "a");
    }
    vm_set_jit(p, compile, j, jit_free, o->mode == JIT_ALWAYS ? 0 : o->threshold);
    return 0;
}
