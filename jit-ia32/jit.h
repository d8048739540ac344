/*
 * jit.h - the baseline x86 JIT: attaches to a loaded process and compiles
 * its hot functions (see README.md).
 */
#ifndef JIT_JIT_H
#define JIT_JIT_H

#include "vm/vm.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum JitMode { JIT_OFF, JIT_ON, JIT_ALWAYS } JitMode;

typedef struct JitOptions {
    JitMode mode;
    uint32_t threshold;  /* entries + loop-head passes before a function is compiled */
    FILE *trace;         /* --trace=jit: one line per compiled function; NULL: quiet */
    bool perf_map;       /* --jit-perf-map: /tmp/perf-PID.map for perf */
} JitOptions;

#define JIT_DEFAULT_THRESHOLD 200

/* True when this build has a back end (x86-64 and IA-32 do). */
bool jit_available(void);
/* "x86-64" or "IA-32": the back end of this build. */
const char *jit_backend_name(void);
/* Attaches the JIT to p (loaded or resumed) as o says; JIT_OFF does nothing.
 * Returns 0, or -1 when this build has no back end (p stays interpreted). */
int jit_attach(VmProcess *p, const JitOptions *o);

#endif
