/*
 * fir_support.h - helpers shared by the fir/ unit tests (linked into every
 * unit test binary): text in, text out, with Check assertions on failure.
 */
#ifndef FIR_SUPPORT_H
#define FIR_SUPPORT_H

#include "fir/fir.h"

/* Prints m into a malloc'd string (the caller frees it). */
char *fir_test_print(const FirModule *m);
/* Parses FIR text (file name "t.firs"); fails the test on a parse error. */
FirModule *fir_test_parse(const char *text);

#endif
