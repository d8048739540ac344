/*
 * fir_support.c - see fir_support.h.
 */
#include "tests/unit/fir_support.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

char *fir_test_print(const FirModule *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fir_print(m, f), 0);
    fclose(f);
    return buf;
}

FirModule *fir_test_parse(const char *text)
{
    FirModule *m = NULL;
    FirError e = {0};
    int rc = fir_parse_text(text, strlen(text), "t.firs", &m, &e);
    ck_assert_msg(rc == 0, "parse failed: %s", e.msg);
    ck_assert_ptr_nonnull(m);
    return m;
}
