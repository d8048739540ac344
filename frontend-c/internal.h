/*
 * internal.h - names shared inside frontend-c/ (firc).
 *
 * The pipeline: fc_read_file -> fc_tokenize -> fc_preprocess -> fc_compile_unit
 * (parse, type, lower to FIR) -> fir_link of all units and libc.fir -> fir_verify.
 *
 * The contract between the preprocessor and the parser is the token list
 * below: the preprocessor delivers fully macro-expanded tokens, with keywords
 * already marked, pp-numbers, string and character literals still as their
 * source spelling (the parser converts them: number parsing, escapes, string
 * concatenation and encoding prefixes are the parser's job), and every token
 * carrying the file, line and column it came from (for a macro expansion, the
 * place of the macro use), so diagnostics and the FIR line table point at the
 * user's source.
 */
#ifndef FC_INTERNAL_H
#define FC_INTERNAL_H

#include "fir/fir.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>

/* ----------------------------------------------------------------- files */

typedef struct FcFile {
    char *name;         /* as given (or as #line set it) for messages */
    char *path;         /* real path used to open it */
    int file_no;        /* unique per compilation, 1-based */
    char *contents;     /* NUL-terminated, line splices and trigraphs NOT removed */
    size_t size;
    int line_delta;     /* reported line - physical line (set by #line) */
} FcFile;

/* A file made from a string (tests, command-line macros); contents copied. */
FcFile *fc_new_file(const char *name, const char *contents, size_t size);

/* ---------------------------------------------------------------- tokens */

typedef enum FcTokenKind {
    FC_TK_IDENT,   /* identifier that is not a keyword */
    FC_TK_KEYWORD, /* C keyword or GNU keyword spelling (__attribute__, typeof, ...) */
    FC_TK_PUNCT,   /* punctuator, e.g. "+", "<<=", "...", "##" never reaches the parser */
    FC_TK_NUM,     /* preprocessing number, spelling only (e.g. "0x1fUL", "1.5e3f") */
    FC_TK_STR,     /* string literal with prefix and quotes, e.g. "u8\"a\\n\"", "L\"x\"" */
    FC_TK_CHAR,    /* character constant with prefix and quotes, e.g. "'a'", "L'\\0'" */
    FC_TK_EOF,
} FcTokenKind;

typedef struct FcHideset FcHideset; /* preprocessor private */

typedef struct FcToken {
    FcTokenKind kind;
    struct FcToken *next;
    const char *loc;      /* spelling: points into a file's contents or a macro buffer */
    int len;              /* spelling length */
    FcFile *file;         /* where it is reported: the use site for macro expansions */
    int line, col;        /* 1-based, after #line */
    bool at_bol;          /* first token on its line */
    bool has_space;       /* preceded by white space */
    FcHideset *hideset;   /* preprocessor private */
    struct FcToken *origin; /* preprocessor private: token this came from in a macro body */
} FcToken;

/* Compares a token's spelling with a C string. */
bool fc_equal(const FcToken *tok, const char *s);

/* --------------------------------------------------------------- options */

typedef struct FcOptions {
    const char **include_dirs;   /* -I, in order, then the system dir */
    int ninclude_dirs;
    const char **defines;        /* -D NAME[=VALUE] and -U NAME in command-line order */
    bool *define_is_undef;       /* true for -U entries */
    int ndefines;
    bool warnings;               /* false with -w */
} FcOptions;

/* ----------------------------------------------------------- diagnostics */

/* Prints "file:line:col: error: message", the source line and a caret, then
 * exits with status 1.  Bad input never reaches an assert or a crash. */
noreturn void fc_error_at(const FcToken *tok, const char *fmt, ...) FIR_PRINTF(2, 3);
noreturn void fc_error_file_pos(const FcFile *file, int line, int col, const char *fmt, ...)
    FIR_PRINTF(4, 5);
void fc_warn_at(const FcToken *tok, const char *fmt, ...) FIR_PRINTF(2, 3);
/* Errors that have no source position: "firc: error: message", exit 1. */
noreturn void fc_fatal(const char *fmt, ...) FIR_PRINTF(1, 2);
extern bool fc_warnings_enabled;

/* Host out-of-memory aborts the compiler with a message. */
void *fc_alloc(size_t n);          /* zeroed */
char *fc_strndup(const char *s, size_t n);
char *fc_format(const char *fmt, ...) FIR_PRINTF(1, 2);
/* Releases every fc_alloc block at once (tests; the compiler just exits). */
void fc_free_all(void);

/* ------------------------------------------------------------ the stages */

/* Reads a file (NULL if it cannot be read). */
FcFile *fc_read_file(const char *path, const char *display_name);
/* Splits a file into tokens (errors go through fc_error_*). */
FcToken *fc_tokenize(FcFile *file);
/* True if the spelling is a keyword (C11 or a GNU spelling firc accepts). */
bool fc_is_keyword(const char *s, int len);
/* Reports a token the lexer left incomplete (an unterminated string or
 * character literal becomes an FC_TK_PUNCT token, legal in skipped code). */
void fc_check_token(const FcToken *tok);
/* Length of the longest punctuator at the start of s (0 if none). */
int fc_punct_len(const char *s);
/* Runs the preprocessor on a main file's tokens. */
FcToken *fc_preprocess(FcToken *tok, const FcOptions *opt);
/* Prints preprocessed tokens as text (firc -E). */
void fc_print_tokens(FILE *out, const FcToken *tok);

/* Parses one translation unit and lowers it into a new FIR module.  External
 * symbols that are declared but not defined become declarations
 * (FirFunc.defined / FirGlobal.defined false) for fir_link to resolve;
 * functions named __host_NAME that are declared but not defined become host
 * imports named NAME. */
FirModule *fc_compile_unit(FcToken *tok, const char *main_file);
/* The C library the program will be linked with (NULL: none): a function the program
 * declares itself with other types is called through an adapter (libabi.c). */
void fc_set_library(const FirModule *lib);

#endif
