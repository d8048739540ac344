/*
 * diag.c - firc's diagnostics and memory helpers.
 *
 * Errors print "file:line:col: error: message", then the physical source line
 * and a caret under the column (tabs in the line are copied into the caret
 * line so the caret lines up in any terminal), and exit with status 1: firc
 * stops at the first error, like chibicc.  Warnings print the same way with
 * "warning:" and go on; -w turns them off (fc_warnings_enabled).
 *
 * Line numbers in tokens are the reported ones (after #line); the physical line
 * to show is line - file->line_delta.  Columns are 1-based byte columns in the
 * physical line.  A position the file does not have (a token made by the
 * preprocessor, a #line that points nowhere) prints the message only.
 *
 * Memory: the compiler is a short-lived process that frees nothing piecemeal.
 * Every fc_alloc block is chained on one list so the leak checker of the
 * sanitizer build sees it as reachable, and fc_free_all can release it all
 * (tests that compile many sources in one process).  Blocks from fc_alloc must
 * never be passed to free() or realloc().
 */
#include "frontend-c/internal.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool fc_warnings_enabled = true;

/* ---------------------------------------------------------------- memory */

typedef struct AllocHeader {
    struct AllocHeader *next;
    alignas(max_align_t) unsigned char data[];
} AllocHeader;

static AllocHeader *all_blocks;

void *fc_alloc(size_t n)
{
    if (n > SIZE_MAX - sizeof(AllocHeader))
        fc_fatal("out of memory");
    AllocHeader *h = calloc(1, sizeof(AllocHeader) + n);
    if (!h)
        fc_fatal("out of memory");
    h->next = all_blocks;
    all_blocks = h;
    return h->data;
}

void fc_free_all(void)
{
    while (all_blocks) {
        AllocHeader *next = all_blocks->next;
        free(all_blocks);
        all_blocks = next;
    }
}

char *fc_strndup(const char *s, size_t n)
{
    char *p = fc_alloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *buf = fc_alloc((size_t)n + 1);
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    return buf;
}

char *fc_format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(fmt, ap);
    va_end(ap);
    return s;
}

FcFile *fc_new_file(const char *name, const char *contents, size_t size)
{
    static int next_file_no = 1;
    FcFile *f = fc_alloc(sizeof *f);
    f->name = fc_strndup(name, strlen(name));
    f->path = f->name;
    f->file_no = next_file_no++;
    f->contents = fc_strndup(contents, size);
    f->size = size;
    return f;
}

bool fc_equal(const FcToken *tok, const char *s)
{
    size_t n = strlen(s);
    return (size_t)tok->len == n && memcmp(tok->loc, s, n) == 0;
}

/* ----------------------------------------------------------- diagnostics */

/* Prints the physical line `line` of `file` and a caret under column `col`. */
static void show_line(const FcFile *file, int line, int col)
{
    if (!file || !file->contents || line < 1 || col < 1)
        return;
    const char *p = file->contents, *end = file->contents + file->size;
    for (int l = 1; l < line; l++) {
        p = memchr(p, '\n', (size_t)(end - p));
        if (!p)
            return;
        p++;
    }
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
        eol = end;
    if (eol > p && eol[-1] == '\r')
        eol--;
    if (col - 1 > eol - p)
        return;
    fprintf(stderr, "%.*s\n", (int)(eol - p), p);
    for (int i = 0; i < col - 1; i++)
        fputc(p[i] == '\t' ? '\t' : ' ', stderr);
    fputs("^\n", stderr);
}

static void vreport(const FcFile *file, int line, int col, const char *kind,
                    const char *fmt, va_list ap)
{
    fflush(stdout);
    if (file)
        fprintf(stderr, "%s:%d:%d: %s: ", file->name, line, col, kind);
    else
        fprintf(stderr, "firc: %s: ", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    if (file)
        show_line(file, line - file->line_delta, col);
}

void fc_error_file_pos(const FcFile *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(file, line, col, "error", fmt, ap);
    va_end(ap);
    exit(1);
}

void fc_error_at(const FcToken *tok, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(tok ? tok->file : NULL, tok ? tok->line : 0, tok ? tok->col : 0, "error", fmt, ap);
    va_end(ap);
    exit(1);
}

void fc_warn_at(const FcToken *tok, const char *fmt, ...)
{
    if (!fc_warnings_enabled)
        return;
    va_list ap;
    va_start(ap, fmt);
    vreport(tok ? tok->file : NULL, tok ? tok->line : 0, tok ? tok->col : 0, "warning", fmt, ap);
    va_end(ap);
}

void fc_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(NULL, 0, 0, "error", fmt, ap);
    va_end(ap);
    exit(1);
}
