/* speculate.h - FIR speculation primitives (see DESIGN.md).
 *   int speculate(void);   enter a level; returns its id >= 1, or 0 (or a
 *                          negative code) when it is rolled back
 *   void commit(int l);    fold level l into the one before it
 *   void abort(int l);     roll back level l and every later level;
 *                          abort() with no argument is the C library's */
#ifndef _SPECULATE_H
#define _SPECULATE_H

#define speculate() __builtin_speculate()
#define commit(l) __builtin_commit(l)
#define abort(...) __builtin_abort_level(__VA_ARGS__)

#endif
