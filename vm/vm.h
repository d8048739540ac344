/*
 * vm.h - the FIR virtual machine: a process, its loader and its interpreter.
 * The one public header of vm/.
 *
 * Use:
 *     VmOptions opt;
 *     vm_options_default(&opt);
 *     VmProcess *p = vm_process_new(&opt);
 *     if (vm_load(p, module, argc, argv, &err) < 0) ...   (module: verified)
 *     if (vm_run(p) == VM_FAULTED) vm_print_fault(p, "firvm", stderr);
 *     status = vm_exit_status(p);
 *     vm_process_free(p);
 *
 * Invariants
 * - All state of a running program is in its VmProcess (no globals), and it
 *   contains no host address that the guest can observe.
 * - vm_load takes a module that fir_verify accepted; the interpreter relies
 *   on that (no run-time checks of register numbers, types, targets).
 * - Library functions never print, except vm_print_fault to the FILE given.
 */
#ifndef VM_H
#define VM_H

#include "fir/fir.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct VmProcess VmProcess;

typedef struct VmOptions {
    uint32_t max_frames;    /* guest call depth; deeper is a stack overflow fault */
    uint64_t max_reg_slots; /* register stack bound (8-byte slots) */
    uint64_t heap_max;      /* live block bytes past which alloc returns null; 0: none */
} VmOptions;

#define VM_DEFAULT_MAX_FRAMES 100000u
#define VM_DEFAULT_MAX_REG_SLOTS (32u << 20) /* 256 MiB of registers */
#define VM_DEFAULT_HEAP_MAX ((uint64_t)2 << 30)

void vm_options_default(VmOptions *opt);

/* NULL when the host is out of memory. */
VmProcess *vm_process_new(const VmOptions *opt);
void vm_process_free(VmProcess *p);

/* Loads a verified module: function and global blocks, host imports bound
 * by name (unknown names and wrong signatures are errors), argv built from
 * argv[0..argc-1] (argv[0] is the program name), the entry frame pushed
 * (`__fir_start` if defined, else `main`).  On success the process owns the
 * module (freed by vm_process_free); on failure the caller still does. */
int vm_load(VmProcess *p, FirModule *m, int argc, char **argv, FirError *err) FIR_MUST_CHECK;

typedef enum VmOutcome {
    VM_EXITED = 0, /* the entry returned or the guest called exit */
    VM_FAULTED = 1 /* a guest fault: see vm_fault_message / vm_print_fault */
} VmOutcome;

/* Runs the loaded process until it exits or faults. */
VmOutcome vm_run(VmProcess *p);

int vm_exit_status(const VmProcess *p);
/* The fault message alone, e.g. "division by zero"; "" if none. */
const char *vm_fault_message(const VmProcess *p);
/* The full report, as firvm prints it:
 *   PROG: error: FILE:LINE: in function 'NAME': MESSAGE
 *   PROG:   called from FILE:LINE in function 'NAME'      (at most 20) */
void vm_print_fault(const VmProcess *p, const char *prog, FILE *out);

typedef struct VmStats {
    uint64_t blocks_allocated; /* all kinds, including globals and functions */
    uint64_t peak_heap_bytes;
    uint64_t live_heap_bytes;
    uint64_t reclamations;     /* quarantine passes */
    uint64_t table_entries;
    uint64_t calls;            /* guest calls, direct and indirect */
} VmStats;
void vm_get_stats(const VmProcess *p, VmStats *st);

#endif
