/*
 * internal.h - names shared inside jit-ia32/: the generated code of one
 * function, the code memory, the compiler's entry points.
 *
 * jit-ia32/ is the VM's friend: it reads vm/internal.h (the process, the
 * pre-decoded code, the pointer table's layout) to compile code that works
 * on the VM's own state.
 */
#ifndef JIT_INTERNAL_H
#define JIT_INTERNAL_H

#include "jit-ia32/jit.h"
#include "jit-ia32/x86.h"
#include "vm/internal.h"

/* Position-independent code of one function (malloc'd). */
typedef struct JitCode {
    uint8_t *bytes;
    size_t len;
    size_t call_offset; /* the entry for calls from compiled code */
    uint32_t *inlined;  /* the functions whose calls were inlined (malloc'd, no repeats) */
    uint32_t ninlined;
} JitCode;

/* Generates the code of f (compiled[pc]: the pc runs in the code, not in
 * the interpreter).  False when f cannot be compiled (out of memory, or no
 * back end for this build). */
bool jit_generate(const VmProcess *p, uint32_t f, JitCode *out, bool *compiled);
/* Every opcode that may allocate or enter the runtime is left to the
 * interpreter (stores excepted: their slow path is): the table is sane. */
bool jit_rows_agree_with_flags(void);

/* Code memory: mapped writable, filled, then made executable (never both);
 * released with the process. */
typedef struct JitMem JitMem;
JitMem *jit_mem_new(void);
/* Copies code into new executable memory; NULL on failure. */
void *jit_mem_place(JitMem *m, const uint8_t *code, size_t len);
size_t jit_mem_bytes(const JitMem *m);
void jit_mem_free(JitMem *m);

#endif
