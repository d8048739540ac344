/*
 * internal.h - names shared inside repl/: the session, breakpoints, values.
 *
 * Invariants
 * - Everything the session prints goes to R->out (stdout), errors included,
 *   so a transcript keeps its order; each command error is one line.
 * - The program's own output goes to its file descriptors; R->out is
 *   flushed before the program runs.
 * - Type references are 1-based: 1..ndbg_types are the module's debug
 *   types, above them the session's own (int for literals, pointers made by
 *   &); 0 is "no type".
 */
#ifndef REPL_INTERNAL_H
#define REPL_INTERNAL_H

#include "vm/debug.h"

#include <stdarg.h>
#include <stdio.h>

typedef enum ReplBreakKind {
    BK_CODE,      /* a function or a source line: traps at pcs */
    BK_SPECULATE, /* level events */
    BK_COMMIT,
    BK_ABORT
} ReplBreakKind;

typedef struct ReplPc {
    uint32_t func, pc;
} ReplPc;

typedef struct ReplBreak {
    int num;
    ReplBreakKind kind;
    bool temp;
    char *what;          /* "in main at t.c:5", "speculate" */
    ReplPc *pcs;
    uint32_t npcs;
    uint32_t hits;
} ReplBreak;

typedef struct Repl {
    FILE *out;
    VmOptions opt;
    char *path;          /* the .fir or image */
    char **args;         /* program arguments (argv[1..]) */
    int nargs;
    char *run_text;      /* `run ARGS`: the words, split in place (args points in) */
    char **run_args;
    bool is_image;
    VmProcess *p;        /* the loaded process (NULL: none) */
    bool running;        /* started and not ended: `continue` makes sense */
    uint32_t frame;      /* selected frame, 0 = innermost */

    ReplBreak *bps;
    uint32_t nbps, cap_bps;
    int next_bp;
    ReplPc *armed;       /* traps set in the process */
    uint32_t narmed, cap_armed;
    ReplPc *event_pcs;   /* every speculate, commit and rollback instruction */
    uint32_t nevent_pcs;

    /* list: where the next `list` goes on */
    int list_file;
    int list_line;
    char *last_cmd;      /* repeated by an empty line */
    bool repeating;
    bool quit;
    int values;          /* $N counter of printed values */

    const SpecLevel *view; /* reads show memory as at this level's entry (diff) */

    /* the session's own types (see the invariants above) */
    FirDbgType *xtypes;
    uint32_t nxtypes, cap_xtypes;
} Repl;

/* Prints to R->out; the `error` form is a command error (one line). */
void repl_printf(Repl *R, const char *fmt, ...) FIR_PRINTF(2, 3);
void repl_error(Repl *R, const char *fmt, ...) FIR_PRINTF(2, 3);

/* ------------------------------------------------------------- repl.c */

/* Runs one command line. */
void repl_command(Repl *R, const char *line);
/* Names for completion: commands (i = 0, 1, ...), NULL past the last. */
const char *repl_command_name(size_t i);
/* Loads (or reloads) the program: a new process, stopped before its
 * first instruction (a .fir) or at its resume point (an image). */
int repl_load(Repl *R);

/* --------------------------------------------------------------- run.c */

void cmd_run(Repl *R, const char *args, bool start);
void cmd_continue(Repl *R, const char *args);
void cmd_step(Repl *R, const char *args, bool into);
void cmd_stepi(Repl *R, const char *args);
void cmd_finish(Repl *R, const char *args);
void cmd_break(Repl *R, const char *args, bool temp);
void cmd_delete(Repl *R, const char *args);
void cmd_info_breakpoints(Repl *R);
/* True if the process can run further (else an error was printed). */
bool repl_need_running(Repl *R);
/* Finds instructions for a location text: FUNC, FILE:LINE or LINE.  Fills
 * *pcs (malloc'd) and a description; false with an error printed. */
bool repl_resolve(Repl *R, const char *loc, ReplPc **pcs, uint32_t *npcs, char *what,
                  size_t nwhat);

/* -------------------------------------------------------------- show.c */

/* The source position of pc in func: line 0 if none. */
uint32_t repl_line(const Repl *R, uint32_t func, uint32_t pc, uint32_t *file);
const char *repl_file_name(const Repl *R, uint32_t file);
/* Prints "LINE\tSOURCE" (or what is known) for that position. */
void repl_print_source_line(Repl *R, uint32_t file, uint32_t line);
/* "NAME (ARGS) at FILE:LINE" of a frame, without a newline. */
void repl_print_frame_head(Repl *R, uint32_t depth);
/* After a stop: the frame head (when asked) and the source line. */
void repl_print_stop(Repl *R, bool head);
void cmd_backtrace(Repl *R, const char *args);
void cmd_frame(Repl *R, const char *args, int dir);
void cmd_list(Repl *R, const char *args);
void cmd_disassemble(Repl *R, const char *args);
void cmd_info_registers(Repl *R, const char *args);
void cmd_info_frame(Repl *R);
/* Function id by name, or -1. */
int64_t repl_find_func(const Repl *R, const char *name);

/* -------------------------------------------------------------- expr.c */

typedef enum ReplWhere { RW_NONE, RW_MEM, RW_REG } ReplWhere;

/* A value of a C expression: scalars are held in `bits` (the value's bytes
 * as little-endian integer, doubles as their IEEE bits); aggregates are
 * only in memory (where == RW_MEM). */
typedef struct ReplValue {
    uint32_t type;
    ReplWhere where;
    uint64_t addr;       /* RW_MEM */
    uint32_t depth, reg; /* RW_REG: register of frame depth */
    uint64_t bits;
    bool bitfield;
    uint8_t bit_offset, bit_width;
} ReplValue;

/* Reads guest memory (as at R->view's entry when set): NULL or why not. */
const char *repl_read(Repl *R, uint64_t ptr, void *buf, uint64_t n);
/* Evaluates text as a C expression in the selected frame; false with an
 * error printed. */
bool repl_eval(Repl *R, const char *text, ReplValue *v);
/* Stores src into the lvalue dst (converting scalars); false with an
 * error printed. */
bool repl_assign(Repl *R, const ReplValue *dst, const ReplValue *src);
/* Type helpers. */
const FirDbgType *repl_type(const Repl *R, uint32_t t);
uint32_t repl_basic_type(Repl *R, FirDbgKind kind, uint64_t size, const char *name);
uint32_t repl_pointer_to(Repl *R, uint32_t t);
/* The variable `name` visible in frame depth (locals, then globals):
 * false if there is none. */
bool repl_lookup_var(Repl *R, uint32_t depth, const char *name, ReplValue *v);
/* The value of a function's variable in frame depth. */
bool repl_var_value(Repl *R, uint32_t depth, const FirDbgVar *var, ReplValue *v);

/* ------------------------------------------------------------- value.c */

/* Prints v as gdb does ({a = 1, b = {2, 3}}, 0x100000008 "text", ...). */
void repl_print_value(Repl *R, const ReplValue *v);
/* Prints v's type as C ("struct Object *"). */
void repl_print_type(Repl *R, uint32_t t);
/* The value of a scalar as a signed/unsigned integer or a double. */
int64_t repl_value_int(const Repl *R, const ReplValue *v);
double repl_value_double(const Repl *R, const ReplValue *v);
bool repl_is_float(const Repl *R, uint32_t t);
bool repl_is_scalar(const Repl *R, uint32_t t);
/* Reads the scalar bits of a memory or register value into v->bits. */
bool repl_load_value(Repl *R, ReplValue *v);
uint64_t repl_type_size(const Repl *R, uint32_t t);
void cmd_print(Repl *R, const char *args);
void cmd_set_var(Repl *R, const char *args);
void cmd_info_locals(Repl *R, const char *args);
void cmd_info_args(Repl *R);
void cmd_x(Repl *R, const char *fmt, const char *args);
void cmd_ptype(Repl *R, const char *args);

/* -------------------------------------------------------------- vmstate.c */

void cmd_heap(Repl *R, const char *args);
void cmd_ptable(Repl *R, const char *args);
void cmd_block(Repl *R, const char *args);
void cmd_stats(Repl *R, const char *args);
void cmd_checkpoint(Repl *R, const char *args);
void cmd_migrate(Repl *R, const char *args);

/* ------------------------------------------------------------- levels.c */

void cmd_levels(Repl *R, const char *args);
void cmd_level(Repl *R, const char *args);
void cmd_diff(Repl *R, const char *args);
void cmd_commit(Repl *R, const char *args);
void cmd_rollback(Repl *R, const char *args);
void cmd_speculate(Repl *R, const char *args);
/* Bytes at ptr as they were when level l was entered; false if the block
 * did not exist then (allocated inside it). */
bool repl_read_at_level(Repl *R, const SpecLevel *l, uint64_t ptr, void *buf, uint64_t n);

/* --------------------------------------------------------------- line.c */

/* The input loop: readline with history and completion on a terminal,
 * else lines from stdin echoed after the prompt. */
void repl_input_loop(Repl *R);

#endif
