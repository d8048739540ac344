/*
 * repl.h - `firvm --repl`: an interactive debugger for FIR programs and
 * their speculation levels.  The one public header of repl/.
 */
#ifndef REPL_H
#define REPL_H

#include "vm/vm.h"

/* Runs a debugging session.  argv: [-ex CMD]... [--] PROG.fir [ARGS...] or
 * IMAGE.  Commands come from readline when standard input is a terminal,
 * else one per line from standard input.  Returns the exit status for
 * firvm: 0, or 2 for a usage error, 1 when the program cannot be loaded. */
int repl_main(const VmOptions *opt, int argc, char **argv);

#endif
