/*
 * text_parse.c - reads the FIR text form (.firs) into a FirModule.
 *
 * How it works: the input is read line by line; a small lexer turns a line
 * into tokens (words, strings, punctuation; `;` starts a comment outside
 * strings).  Top-level lines are directives (file, host, global + data/reloc,
 * func); lines between a `func` header and `end` are reg/loc declarations,
 * labels and instructions.  An instruction's operands are parsed by its
 * opcode's format (fir_op_info[op].format): one code path per format.
 *
 * References may point forward: labels are builder labels (FIR_LABEL ids)
 * resolved at `end`; references to functions, globals and hosts are recorded
 * as fixups and resolved once the whole text has been read.  Registers must
 * be declared (params or `reg` lines) before the line that uses them.
 *
 * Invariants:
 * - Never crashes and never reads outside [text, text+len), whatever the
 *   input (it is fuzzed); every error is "FILE:LINE: message", FIR_ESYNTAX.
 * - Ids follow textual order per kind (files, hosts, globals, functions), so
 *   parsing the printer's canonical output gives back the same module.
 * - Symbol names are unique: a function and a global never share a name, and
 *   each name is declared once.  Lookups go through hash maps, so hostile
 *   inputs with many symbols stay linear.
 * - The parser checks structure, not types: that is fir_verify's job.
 */
#include "fir.h"
#include "internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Globals with initial data allocate `size` bytes; bound it so a short text
 * cannot ask for gigabytes. */
#define MAX_INIT_SIZE ((uint64_t)256 << 20)

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        abort(); /* like the builder: parser memory is bounded by the text */
    return q;
}

static char *xstrndup(const char *s, size_t n)
{
    char *d = xrealloc(NULL, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* --------------------------------------------------------------- parser */

typedef enum TokKind { T_EOL, T_WORD, T_STR, T_PUNCT } TokKind;

typedef struct Tok {
    TokKind kind;
    const char *s; /* T_WORD, T_PUNCT: the source text; T_STR: Parser.sbuf */
    size_t n;
} Tok;

typedef enum FixKind { FIX_CALL, FIX_GADDR, FIX_FADDR, FIX_HCALL, FIX_RELOC } FixKind;

/* A reference by name resolved after the whole text is read. */
typedef struct Fixup {
    FixKind kind;
    uint32_t owner; /* function id, or global id for FIX_RELOC */
    uint32_t index; /* instruction index, or reloc index */
    uint32_t line;
    char *name;
} Fixup;

typedef struct Label {
    const char *name;
    size_t n;
    uint32_t first_use; /* line of the first reference, 0 if none */
    bool placed;
} Label;

typedef struct Parser {
    const char *src, *end, *file;
    const char *p, *le; /* lexer position and end of the current line */
    uint32_t line;
    Tok tok;
    char *sbuf; /* decoded bytes of the last string token */
    size_t sbuf_cap;
    FirModule *m;
    FirError *err;
    FirMap funcs_globals; /* name -> id | SYM_GLOBAL for globals */
    FirMap hosts, files;
    Fixup *fix;
    size_t nfix, cap_fix;
    /* current global (data/reloc lines), -1 if none */
    int64_t cur_global;
    uint64_t data_len;
    /* current function body, in_body false if none */
    bool in_body;
    uint32_t cur_func;
    FirMap regs, labels;
    Label *lab;
    size_t cap_lab;
    uint32_t *tmp; /* call arguments */
    size_t cap_tmp;
    FirSwitchCase *cases;
    size_t cap_cases;
} Parser;

#define SYM_GLOBAL 0x80000000u

#define TRY(x)                 \
    do {                       \
        int rc_ = (x);         \
        if (rc_)               \
            return rc_;        \
    } while (0)

static int perr(Parser *P, const char *fmt, ...) FIR_PRINTF(2, 3);
static int perr(Parser *P, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return fir_error_set(P->err, FIR_ESYNTAX, "%s:%u: %s", P->file, P->line, msg);
}

/* Quotes a token for messages, bounded and printable. */
static const char *tokdesc(const Tok *t, char *buf, size_t cap)
{
    if (t->kind == T_EOL)
        return "end of line";
    if (t->kind == T_STR)
        return "a string";
    size_t n = t->n < 40 ? t->n : 40, j = 0;
    buf[j++] = '\'';
    for (size_t i = 0; i < n && j + 5 < cap; i++) {
        unsigned char c = (unsigned char)t->s[i];
        buf[j++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    if (t->n > n)
        j += (size_t)snprintf(buf + j, cap - j, "...");
    buf[j++] = '\'';
    buf[j] = 0;
    return buf;
}

static int expected(Parser *P, const char *what)
{
    char b[64];
    return perr(P, "expected %s, got %s", what, tokdesc(&P->tok, b, sizeof b));
}

/* ---------------------------------------------------------------- lexer */

static bool is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_word_char(int c)
{
    return c > 0x20 && c != 0x7f && !strchr(",()[]:=;\"", c);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void sbuf_push(Parser *P, size_t *n, char c)
{
    if (*n == P->sbuf_cap) {
        P->sbuf_cap = P->sbuf_cap ? 2 * P->sbuf_cap : 64;
        P->sbuf = xrealloc(P->sbuf, P->sbuf_cap);
    }
    P->sbuf[(*n)++] = c;
}

/* string := '"' { char | escape } '"'   (C escapes; \xH[H]; octal \N[N[N]]) */
static int lex_string(Parser *P, const char *p)
{
    const char *e = P->le;
    size_t n = 0;
    if (!P->sbuf) /* so that even "" has a buffer */
        P->sbuf = xrealloc(NULL, P->sbuf_cap = 64);
    for (p++;; p++) {
        if (p == e)
            return perr(P, "unterminated string");
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            break;
        if (c != '\\') {
            sbuf_push(P, &n, (char)c);
            continue;
        }
        if (++p == e)
            return perr(P, "unterminated string");
        int v;
        switch (*p) {
        case 'n': v = '\n'; break;
        case 't': v = '\t'; break;
        case 'r': v = '\r'; break;
        case 'a': v = '\a'; break;
        case 'b': v = '\b'; break;
        case 'f': v = '\f'; break;
        case 'v': v = '\v'; break;
        case 'e': v = 0x1b; break;
        case '\\': case '"': case '\'': case '?': v = *p; break;
        case 'x':
            if (p + 1 == e || hexval(p[1]) < 0)
                return perr(P, "'\\x' needs hex digits");
            v = hexval(*++p);
            if (p + 1 < e && hexval(p[1]) >= 0)
                v = v * 16 + hexval(*++p);
            break;
        default:
            if (*p < '0' || *p > '7') {
                char shown = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
                return perr(P, "unknown escape '\\%c'", shown);
            }
            v = *p - '0';
            for (int k = 0; k < 2 && p + 1 < e && p[1] >= '0' && p[1] <= '7'; k++)
                v = v * 8 + (*++p - '0');
            if (v > 255)
                return perr(P, "octal escape out of range");
        }
        sbuf_push(P, &n, (char)v);
    }
    P->tok = (Tok){T_STR, P->sbuf, n};
    P->p = p + 1;
    return 0;
}

/* Reads the next token of the current line into P->tok. */
static int advance(Parser *P)
{
    const char *p = P->p, *e = P->le;
    while (p < e && is_space((unsigned char)*p))
        p++;
    if (p == e || *p == ';') {
        P->tok = (Tok){T_EOL, p, 0};
        P->p = p;
        return 0;
    }
    unsigned char c = (unsigned char)*p;
    if (c == '"')
        return lex_string(P, p);
    if (strchr(",()[]:=", c)) {
        P->tok = (Tok){T_PUNCT, p, 1};
        P->p = p + 1;
        return 0;
    }
    if (!is_word_char(c))
        return perr(P, "invalid character '\\x%02x'", c);
    const char *s = p;
    while (p < e && is_word_char((unsigned char)*p))
        p++;
    P->tok = (Tok){T_WORD, s, (size_t)(p - s)};
    P->p = p;
    return 0;
}

static bool is_punct(const Parser *P, char c)
{
    return P->tok.kind == T_PUNCT && P->tok.s[0] == c;
}

static bool is_word(const Parser *P, const char *w)
{
    return P->tok.kind == T_WORD && P->tok.n == strlen(w) && memcmp(P->tok.s, w, P->tok.n) == 0;
}

/* Consumes punctuation c or fails with "expected 'c' <context>". */
static int expect_punct(Parser *P, char c, const char *context)
{
    if (!is_punct(P, c))
        return perr(P, "expected '%c' %s", c, context);
    return advance(P);
}

static int expect_eol(Parser *P)
{
    char b[64];
    if (P->tok.kind != T_EOL)
        return perr(P, "unexpected %s at end of line", tokdesc(&P->tok, b, sizeof b));
    return 0;
}

/* -------------------------------------------------------------- operands */

static bool is_ident(const char *s, size_t n)
{
    if (n == 0 || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(s[i] == '_' || s[i] == '.' || (s[i] >= 'a' && s[i] <= 'z') ||
              (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}

/* Characters of an unquoted @name or .label. */
static bool is_symchars(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == '_' || s[i] == '.' || s[i] == '$' || (s[i] >= 'a' && s[i] <= 'z') ||
              (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}

/* Parses an unsigned magnitude, decimal or 0x hex: 0 if it fits 64 bits,
 * MAG_SYNTAX if it is not a number, MAG_RANGE if it is too big. */
enum { MAG_SYNTAX = 1, MAG_RANGE = 2 };
static int parse_mag(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    bool big = false;
    if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        for (size_t i = 2; i < n; i++) {
            int d = hexval(s[i]);
            if (d < 0)
                return MAG_SYNTAX;
            big |= v >> 60 != 0;
            v = v * 16 + (uint64_t)d;
        }
    } else {
        if (n == 0)
            return MAG_SYNTAX;
        for (size_t i = 0; i < n; i++) {
            if (s[i] < '0' || s[i] > '9')
                return MAG_SYNTAX;
            big |= v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10;
            v = v * 10 + (uint64_t)(s[i] - '0');
        }
    }
    *out = v;
    return big ? MAG_RANGE : 0;
}

/* integer := ['-'] (decimal | 0x hex); decimal fits int64, hex any 64 bits. */
static int parse_int(Parser *P, int64_t *out)
{
    char b[64];
    if (P->tok.kind != T_WORD)
        return expected(P, "integer");
    const char *s = P->tok.s;
    size_t n = P->tok.n;
    bool neg = n > 0 && s[0] == '-';
    uint64_t v;
    int rc = parse_mag(s + neg, n - neg, &v);
    if (rc == MAG_SYNTAX)
        return perr(P, "invalid integer %s", tokdesc(&P->tok, b, sizeof b));
    bool hex = n - neg > 2 && (s[neg + 1] == 'x' || s[neg + 1] == 'X');
    if (rc == MAG_RANGE || (!hex && v > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX)))
        return perr(P, "integer %s out of range", tokdesc(&P->tok, b, sizeof b));
    *out = (int64_t)(neg ? 0 - v : v);
    return advance(P);
}

static int parse_unsigned(Parser *P, uint64_t max, uint64_t *out)
{
    char b[64];
    if (P->tok.kind != T_WORD)
        return expected(P, "number");
    uint64_t v;
    int rc = parse_mag(P->tok.s, P->tok.n, &v);
    if (rc == MAG_SYNTAX)
        return perr(P, "invalid number %s", tokdesc(&P->tok, b, sizeof b));
    if (rc == MAG_RANGE || v > max)
        return perr(P, "number %s out of range", tokdesc(&P->tok, b, sizeof b));
    *out = v;
    return advance(P);
}

static int parse_u32(Parser *P, uint32_t *out)
{
    uint64_t v;
    TRY(parse_unsigned(P, UINT32_MAX, &v));
    *out = (uint32_t)v;
    return 0;
}

/* float := C floating literal | inf | -inf | nan | bits(0xHEX) */
static int parse_float(Parser *P, FirType t, int64_t *out)
{
    char b[64];
    if (is_word(P, "bits")) {
        uint64_t v;
        TRY(advance(P));
        TRY(expect_punct(P, '(', "after 'bits'"));
        TRY(parse_unsigned(P, UINT64_MAX, &v));
        if (!is_punct(P, ')'))
            return perr(P, "expected ')' after bit pattern");
        *out = (int64_t)v;
        return advance(P);
    }
    if (P->tok.kind != T_WORD)
        return expected(P, "floating-point constant");
    const char *s = P->tok.s;
    size_t n = P->tok.n;
    char buf[80];
    if (n >= sizeof buf)
        return perr(P, "invalid floating-point constant %s", tokdesc(&P->tok, b, sizeof b));
    memcpy(buf, s, n);
    buf[n] = 0;
    const char *digits = buf + (buf[0] == '-' || buf[0] == '+');
    bool special = strcmp(digits, "inf") == 0 || strcmp(digits, "nan") == 0;
    for (size_t i = 0; i < n && !special; i++)
        if (!strchr("0123456789abcdefABCDEFxXpP.+-", buf[i]))
            return perr(P, "invalid floating-point constant %s", tokdesc(&P->tok, b, sizeof b));
    bool neg = buf[0] == '-', nan = strcmp(digits, "nan") == 0;
    char *endp = buf + n;
    if (t == FIR_F32) {
        float f = nan ? (neg ? -NAN : NAN) : strtof(buf, &endp);
        uint32_t bits;
        memcpy(&bits, &f, 4);
        *out = bits;
    } else {
        double d = nan ? (neg ? -NAN : NAN) : strtod(buf, &endp);
        uint64_t bits;
        memcpy(&bits, &d, 8);
        *out = (int64_t)bits;
    }
    if (*endp || endp == buf) /* strtod stopped early: not a whole literal */
        return perr(P, "invalid floating-point constant %s", tokdesc(&P->tok, b, sizeof b));
    return advance(P);
}

/* type := i8 | i16 | i32 | i64 | f32 | f64 | ptr | void */
static int parse_type(Parser *P, bool reg_only, FirType *out)
{
    char b[64];
    if (P->tok.kind == T_WORD)
        for (int t = 0; t < FIR_NTYPES; t++) {
            const char *name = fir_type_name((FirType)t);
            if (strlen(name) == P->tok.n && memcmp(name, P->tok.s, P->tok.n) == 0) {
                if (reg_only && !fir_type_is_reg((FirType)t))
                    return perr(P, "'%s' is not a register type", name);
                *out = (FirType)t;
                return advance(P);
            }
        }
    return perr(P, "expected type, got %s", tokdesc(&P->tok, b, sizeof b));
}

static FirFunc *cur_fn(Parser *P)
{
    return &P->m->funcs[P->cur_func];
}

/* reg := '%' (identifier | number); must be declared. */
static int parse_reg(Parser *P, uint32_t *out)
{
    char b[64];
    if (P->tok.kind != T_WORD || P->tok.s[0] != '%')
        return expected(P, "register");
    const char *s = P->tok.s + 1;
    size_t n = P->tok.n - 1;
    FirFunc *f = cur_fn(P);
    uint64_t v;
    if (n > 0 && s[0] >= '0' && s[0] <= '9') {
        if (parse_mag(s, n, &v) || (s[0] == '0' && n > 1))
            return perr(P, "invalid register %s", tokdesc(&P->tok, b, sizeof b));
        if (v >= f->nregs)
            return perr(P, "register %s is not declared", tokdesc(&P->tok, b, sizeof b));
        *out = (uint32_t)v;
    } else {
        uint32_t r;
        if (!is_ident(s, n))
            return perr(P, "invalid register %s", tokdesc(&P->tok, b, sizeof b));
        if (!fir__map_get(&P->regs, s, n, &r))
            return perr(P, "register %s is not declared", tokdesc(&P->tok, b, sizeof b));
        *out = r;
    }
    return advance(P);
}

/* label := '.' symchars; returns FIR_LABEL(id), creating the label. */
static int parse_label_ref(Parser *P, int64_t *out)
{
    char b[64];
    if (P->tok.kind != T_WORD || P->tok.s[0] != '.')
        return expected(P, "label");
    if (!is_symchars(P->tok.s + 1, P->tok.n - 1))
        return perr(P, "invalid label %s", tokdesc(&P->tok, b, sizeof b));
    uint32_t id;
    if (!fir__map_get(&P->labels, P->tok.s, P->tok.n, &id)) {
        FirFunc *f = cur_fn(P);
        id = fir_new_label(f);
        if (id >= P->cap_lab) {
            P->cap_lab = P->cap_lab ? 2 * P->cap_lab : 16;
            P->lab = xrealloc(P->lab, P->cap_lab * sizeof *P->lab);
        }
        P->lab[id] = (Label){P->tok.s, P->tok.n, 0, false};
        fir__map_put(&P->labels, P->tok.s, P->tok.n, id);
    }
    if (!P->lab[id].first_use)
        P->lab[id].first_use = P->line;
    *out = FIR_LABEL(id);
    return advance(P);
}

/* sym := '@' symchars | '@' string.  Returns a new string in *out. */
static int parse_sym(Parser *P, char **out)
{
    char b[64];
    if (P->tok.kind != T_WORD || P->tok.s[0] != '@')
        return expected(P, "'@name'");
    if (P->tok.n == 1) {
        if (P->p >= P->le || *P->p != '"')
            return expected(P, "'@name'");
        TRY(advance(P));
        if (P->tok.n == 0 || memchr(P->tok.s, 0, P->tok.n))
            return perr(P, "invalid name: empty or with a NUL byte");
    } else if (!is_symchars(P->tok.s + 1, P->tok.n - 1)) {
        return perr(P, "invalid name %s", tokdesc(&P->tok, b, sizeof b));
    } else {
        P->tok.s++;
        P->tok.n--;
    }
    char *name = xstrndup(P->tok.s, P->tok.n);
    int rc = advance(P);
    if (rc)
        free(name);
    else
        *out = name;
    return rc;
}

static void add_fixup(Parser *P, FixKind kind, uint32_t owner, uint32_t index, char *name)
{
    if (P->nfix == P->cap_fix) {
        P->cap_fix = P->cap_fix ? 2 * P->cap_fix : 16;
        P->fix = xrealloc(P->fix, P->cap_fix * sizeof *P->fix);
    }
    P->fix[P->nfix++] = (Fixup){kind, owner, index, P->line, name};
}

/* args := '(' [reg {',' reg}] ')' into P->tmp; returns the count. */
static int parse_args(Parser *P, uint32_t *nargs)
{
    uint32_t n = 0;
    TRY(expect_punct(P, '(', "before arguments"));
    while (!is_punct(P, ')')) {
        if (n > 0)
            TRY(expect_punct(P, ',', "between arguments"));
        if (n == P->cap_tmp) {
            P->cap_tmp = P->cap_tmp ? 2 * P->cap_tmp : 16;
            P->tmp = xrealloc(P->tmp, P->cap_tmp * sizeof *P->tmp);
        }
        TRY(parse_reg(P, &P->tmp[n]));
        n++;
    }
    *nargs = n;
    return advance(P);
}

/* ------------------------------------------------------------ instructions */

static bool format_has_dest(FirFormat f)
{
    return fir_format_fields[f] & FIR_FIELD_DEST;
}

static bool format_is_call(FirFormat f)
{
    return fir_format_fields[f] & FIR_FIELD_ARGS;
}

#define COMMA() TRY(expect_punct(P, ',', "after operand"))

/* switch-tail := '[' [int ':' label {',' int ':' label}] ']' */
static int parse_cases(Parser *P, uint32_t *ncases)
{
    uint32_t n = 0;
    TRY(expect_punct(P, '[', "before switch cases"));
    while (!is_punct(P, ']')) {
        if (n > 0)
            TRY(expect_punct(P, ',', "between switch cases"));
        if (n == P->cap_cases) {
            P->cap_cases = P->cap_cases ? 2 * P->cap_cases : 16;
            P->cases = xrealloc(P->cases, P->cap_cases * sizeof *P->cases);
        }
        int64_t target;
        TRY(parse_int(P, &P->cases[n].value));
        TRY(expect_punct(P, ':', "after case value"));
        TRY(parse_label_ref(P, &target));
        P->cases[n++].target = (uint32_t)target;
    }
    *ncases = n;
    return advance(P);
}

/* insn := [reg '='] opcode operands   (operands by the opcode's format) */
static int parse_insn(Parser *P)
{
    char b[64];
    uint32_t dst = FIR_NOREG;
    bool has_dst = false;
    if (P->tok.kind == T_WORD && P->tok.s[0] == '%') {
        TRY(parse_reg(P, &dst));
        TRY(expect_punct(P, '=', "after destination register"));
        has_dst = true;
    }
    if (P->tok.kind != T_WORD)
        return expected(P, "opcode");
    int op = fir_op_lookup(P->tok.s, P->tok.n);
    if (op < 0)
        return perr(P, "unknown opcode %s", tokdesc(&P->tok, b, sizeof b));
    const FirOpInfo *oi = &fir_op_info[op];
    if (format_has_dest(oi->format) && !has_dst)
        return perr(P, "'%s' needs a destination register", oi->name);
    if (!format_has_dest(oi->format) && !format_is_call(oi->format) && has_dst)
        return perr(P, "'%s' has no destination", oi->name);
    TRY(advance(P));

    uint32_t a = has_dst ? dst : 0, b_ = 0, c = 0, nargs = 0, ncases = 0;
    int64_t imm = 0;
    char *name = NULL;
    int rc = 0;
    switch (oi->format) {
    case FIR_FMT_NONE:
    case FIR_FMT_D:
        break;
    case FIR_FMT_S:
        rc = parse_reg(P, &a);
        break;
    case FIR_FMT_DS:
        rc = parse_reg(P, &b_);
        break;
    case FIR_FMT_DSS:
        TRY(parse_reg(P, &b_));
        COMMA();
        rc = parse_reg(P, &c);
        break;
    case FIR_FMT_DI:
        rc = (oi->td == FIR_F32 || oi->td == FIR_F64) ? parse_float(P, oi->td, &imm)
                                                      : parse_int(P, &imm);
        break;
    case FIR_FMT_DSI:
        TRY(parse_reg(P, &b_));
        COMMA();
        rc = parse_int(P, &imm);
        break;
    case FIR_FMT_SSI:
        TRY(parse_reg(P, &a));
        COMMA();
        TRY(parse_reg(P, &b_));
        COMMA();
        rc = parse_int(P, &imm);
        break;
    case FIR_FMT_SS:
        TRY(parse_reg(P, &a));
        COMMA();
        rc = parse_reg(P, &b_);
        break;
    case FIR_FMT_L:
        rc = parse_label_ref(P, &imm);
        break;
    case FIR_FMT_SL:
        TRY(parse_reg(P, &a));
        COMMA();
        rc = parse_label_ref(P, &imm);
        break;
    case FIR_FMT_SSL:
        TRY(parse_reg(P, &a));
        COMMA();
        TRY(parse_reg(P, &b_));
        COMMA();
        rc = parse_label_ref(P, &imm);
        break;
    case FIR_FMT_GLOBAL:
    case FIR_FMT_FUNC:
        rc = parse_sym(P, &name);
        break;
    case FIR_FMT_CALL:
    case FIR_FMT_HCALL:
        TRY(parse_sym(P, &name));
        rc = parse_args(P, &nargs);
        break;
    case FIR_FMT_CALLI:
        TRY(parse_reg(P, &b_));
        rc = parse_args(P, &nargs);
        break;
    case FIR_FMT_SWITCH:
        TRY(parse_reg(P, &a));
        COMMA();
        TRY(parse_label_ref(P, &imm));
        rc = parse_cases(P, &ncases);
        break;
    default:
        rc = perr(P, "opcode '%s' has an unknown format", oi->name);
    }
    if (rc == 0)
        rc = expect_eol(P);
    if (rc) {
        free(name);
        return rc;
    }

    FirFunc *f = cur_fn(P);
    uint32_t at;
    if (oi->format == FIR_FMT_SWITCH)
        at = fir_emit_switch(f, a, (uint32_t)imm, ncases, P->cases);
    else if (format_is_call(oi->format))
        at = fir_emit_call(f, (FirOp)op, has_dst ? dst : FIR_NOREG, b_, nargs, P->tmp);
    else
        at = fir_emit(f, (FirOp)op, a, b_, c, imm);
    if (name) {
        FixKind k = oi->format == FIR_FMT_GLOBAL  ? FIX_GADDR
                    : oi->format == FIR_FMT_FUNC  ? FIX_FADDR
                    : oi->format == FIR_FMT_HCALL ? FIX_HCALL
                                                  : FIX_CALL;
        add_fixup(P, k, P->cur_func, at, name);
    }
    return 0;
}

/* ------------------------------------------------------------ body lines */

/* reg-line := 'reg' type reg-name */
static int parse_reg_decl(Parser *P)
{
    char b[64];
    FirType t;
    TRY(advance(P));
    TRY(parse_type(P, true, &t));
    if (P->tok.kind != T_WORD || P->tok.s[0] != '%')
        return expected(P, "register name");
    FirFunc *f = cur_fn(P);
    if (f->nregs >= FIR_MAX_REGS)
        return perr(P, "too many registers (at most %u)", FIR_MAX_REGS);
    const char *s = P->tok.s + 1;
    size_t n = P->tok.n - 1;
    uint64_t v;
    if (n > 0 && s[0] >= '0' && s[0] <= '9') {
        if (parse_mag(s, n, &v) || (s[0] == '0' && n > 1))
            return perr(P, "invalid register %s", tokdesc(&P->tok, b, sizeof b));
        if (v != f->nregs)
            return perr(P, "register %s declared as register %u", tokdesc(&P->tok, b, sizeof b),
                        f->nregs);
        fir_new_reg(f, t, NULL);
    } else {
        uint32_t old;
        if (!is_ident(s, n))
            return perr(P, "invalid register %s", tokdesc(&P->tok, b, sizeof b));
        if (fir__map_get(&P->regs, s, n, &old))
            return perr(P, "register %s is already declared", tokdesc(&P->tok, b, sizeof b));
        char *name = xstrndup(s, n);
        uint32_t r = fir_new_reg(f, t, name);
        free(name);
        fir__map_put(&P->regs, f->reg_names[r], n, r);
    }
    TRY(advance(P));
    return expect_eol(P);
}

/* loc-line := 'loc' file-index line */
static int parse_loc(Parser *P)
{
    uint32_t file, line;
    TRY(advance(P));
    TRY(parse_u32(P, &file));
    TRY(parse_u32(P, &line));
    TRY(expect_eol(P));
    if (file >= P->m->nfiles && (file != 0 || line != 0))
        return perr(P, "file %u is not declared", file);
    fir_set_loc(cur_fn(P), file, line);
    return 0;
}

static int end_body(Parser *P)
{
    FirFunc *f = cur_fn(P);
    TRY(advance(P));
    TRY(expect_eol(P));
    for (uint32_t i = 0; i < f->nlabels; i++)
        if (!P->lab[i].placed) {
            P->line = P->lab[i].first_use;
            return perr(P, "label '%.*s' is not defined", (int)P->lab[i].n, P->lab[i].name);
        }
    FirError e;
    if (fir_func_resolve_labels(f, &e))
        return perr(P, "%s", e.msg);
    fir__map_clear(&P->regs);
    fir__map_clear(&P->labels);
    P->in_body = false;
    return 0;
}

static int parse_body_line(Parser *P)
{
    if (is_word(P, "end"))
        return end_body(P);
    if (is_word(P, "reg"))
        return parse_reg_decl(P);
    if (is_word(P, "loc"))
        return parse_loc(P);
    if (P->tok.kind == T_WORD && P->tok.s[0] == '.') {
        int64_t id;
        TRY(parse_label_ref(P, &id));
        TRY(expect_punct(P, ':', "after label"));
        TRY(expect_eol(P));
        Label *l = &P->lab[id & ~(int64_t)FIR_LABEL_BIT];
        if (l->placed)
            return perr(P, "label '%.*s' is already defined", (int)l->n, l->name);
        l->placed = true;
        fir_place_label(cur_fn(P), (uint32_t)(id & ~(int64_t)FIR_LABEL_BIT));
        return 0;
    }
    if (is_word(P, "func") || is_word(P, "global") || is_word(P, "host") || is_word(P, "file"))
        return perr(P, "missing 'end' of function '@%s'", cur_fn(P)->name);
    return parse_insn(P);
}

/* ------------------------------------------------------- top-level lines */

/* A new function or global name: must not clash with an existing one. */
static int check_new_symbol(Parser *P, const char *name)
{
    uint32_t id;
    if (fir__map_get(&P->funcs_globals, name, strlen(name), &id))
        return perr(P, "redefinition of '@%s'", name);
    return 0;
}

/* file-line := 'file' string */
static int parse_file(Parser *P)
{
    uint32_t old;
    TRY(advance(P));
    if (P->tok.kind != T_STR)
        return expected(P, "file name string");
    if (memchr(P->tok.s, 0, P->tok.n))
        return perr(P, "file name contains a NUL byte");
    char *name = xstrndup(P->tok.s, P->tok.n);
    int rc = advance(P);
    if (rc == 0)
        rc = expect_eol(P);
    if (rc == 0 && fir__map_get(&P->files, name, strlen(name), &old))
        rc = perr(P, "duplicate file \"%s\"", name);
    if (rc) {
        free(name);
        return rc;
    }
    /* appended directly: fir_add_file would merge duplicates and scan */
    FirModule *m = P->m;
    if (m->nfiles == m->cap_files) {
        m->cap_files = m->cap_files ? 2 * m->cap_files : 8;
        m->files = xrealloc(m->files, m->cap_files * sizeof *m->files);
    }
    m->files[m->nfiles] = name;
    fir__map_put(&P->files, name, strlen(name), m->nfiles++);
    return 0;
}

/* type-list := '(' [param {',' param}] ')'  where param is type [reg-name]
 * (names only when `names` is not NULL) */
static int parse_params(Parser *P, FirType *types, char **names, uint32_t *n)
{
    char b[64];
    *n = 0;
    TRY(expect_punct(P, '(', "after name"));
    while (!is_punct(P, ')')) {
        if (*n > 0)
            TRY(expect_punct(P, ',', "between parameters"));
        if (*n >= 255)
            return perr(P, "too many parameters (at most 255)");
        TRY(parse_type(P, true, &types[*n]));
        if (names) {
            if (P->tok.kind == T_WORD && P->tok.s[0] == '%') {
                const char *s = P->tok.s + 1;
                size_t len = P->tok.n - 1;
                uint64_t v;
                if (len > 0 && s[0] >= '0' && s[0] <= '9') {
                    if (parse_mag(s, len, &v) || v != *n || (s[0] == '0' && len > 1))
                        return perr(P, "parameter %s declared as register %u",
                                    tokdesc(&P->tok, b, sizeof b), *n);
                } else if (!is_ident(s, len)) {
                    return perr(P, "invalid register %s", tokdesc(&P->tok, b, sizeof b));
                } else {
                    for (uint32_t i = 0; i < *n; i++)
                        if (names[i] && strlen(names[i]) == len && !memcmp(names[i], s, len))
                            return perr(P, "register %s is already declared",
                                        tokdesc(&P->tok, b, sizeof b));
                    names[*n] = xstrndup(s, len);
                }
                (*n)++;
                TRY(advance(P));
                continue;
            }
        }
        (*n)++;
    }
    return advance(P);
}

/* ret := '->' type */
static int parse_ret(Parser *P, FirType *ret)
{
    if (!is_word(P, "->"))
        return perr(P, "expected '->' after parameter list");
    TRY(advance(P));
    TRY(parse_type(P, false, ret));
    if (*ret != FIR_VOID && !fir_type_is_reg(*ret))
        return perr(P, "'%s' is not a return type", fir_type_name(*ret));
    return 0;
}

/* host-line := 'host' sym type-list ret */
static int parse_host(Parser *P)
{
    FirType types[256], ret;
    uint32_t n, old;
    char *name = NULL;
    TRY(advance(P));
    TRY(parse_sym(P, &name));
    int rc = parse_params(P, types, NULL, &n);
    if (rc == 0)
        rc = parse_ret(P, &ret);
    if (rc == 0)
        rc = expect_eol(P);
    if (rc == 0 && fir__map_get(&P->hosts, name, strlen(name), &old))
        rc = perr(P, "redefinition of host '@%s'", name);
    if (rc) {
        free(name);
        return rc;
    }
    /* appended directly: fir_add_host would scan for the name */
    FirModule *m = P->m;
    if (m->nhosts == m->cap_hosts) {
        m->cap_hosts = m->cap_hosts ? 2 * m->cap_hosts : 8;
        m->hosts = xrealloc(m->hosts, m->cap_hosts * sizeof *m->hosts);
    }
    FirHost *h = &m->hosts[m->nhosts];
    h->name = name;
    h->ret = ret;
    h->nparams = n;
    h->params = xrealloc(NULL, n);
    for (uint32_t i = 0; i < n; i++)
        h->params[i] = (uint8_t)types[i];
    fir__map_put(&P->hosts, h->name, strlen(h->name), m->nhosts++);
    return 0;
}

/* func-line := 'func' sym '(' [type [reg] {',' type [reg]}] ')' ret
 *              {'static' | 'extern'}
 * Without 'extern' a body follows, up to 'end'. */
static int parse_func(Parser *P)
{
    FirType types[256], ret;
    char *names[256] = {0};
    uint32_t n = 0;
    bool is_static = false, is_extern = false;
    char *name = NULL;
    TRY(advance(P));
    TRY(parse_sym(P, &name));
    int rc = check_new_symbol(P, name);
    if (rc == 0)
        rc = parse_params(P, types, names, &n);
    if (rc == 0)
        rc = parse_ret(P, &ret);
    while (rc == 0 && P->tok.kind != T_EOL) {
        if (is_word(P, "static"))
            is_static = true;
        else if (is_word(P, "extern"))
            is_extern = true;
        else
            rc = expect_eol(P);
        if (rc == 0)
            rc = advance(P);
    }
    if (rc == 0) {
        uint32_t id = fir_add_func(P->m, name, ret, n, types);
        FirFunc *f = &P->m->funcs[id];
        f->is_static = is_static;
        fir__map_put(&P->funcs_globals, f->name, strlen(f->name), id);
        for (uint32_t i = 0; i < n; i++)
            if (names[i]) {
                f->reg_names[i] = names[i];
                names[i] = NULL;
                fir__map_put(&P->regs, f->reg_names[i], strlen(f->reg_names[i]), i);
            }
        if (!is_extern) {
            fir_func_begin_body(f);
            P->in_body = true;
            P->cur_func = id;
        } else {
            fir__map_clear(&P->regs);
        }
    }
    for (uint32_t i = 0; i < 256; i++)
        free(names[i]);
    free(name);
    return rc;
}

/* global-line := 'global' sym {'size' N | 'align' N | 'const' | 'static' | 'extern'} */
static int parse_global(Parser *P)
{
    uint64_t size = 0, align = 1;
    bool is_const = false, is_static = false, is_extern = false;
    char *name = NULL;
    TRY(advance(P));
    TRY(parse_sym(P, &name));
    int rc = check_new_symbol(P, name);
    while (rc == 0 && P->tok.kind != T_EOL) {
        if (is_word(P, "size")) {
            rc = advance(P);
            if (rc == 0)
                rc = parse_unsigned(P, UINT64_MAX, &size);
            continue;
        }
        if (is_word(P, "align")) {
            rc = advance(P);
            if (rc == 0)
                rc = parse_unsigned(P, UINT32_MAX, &align);
            continue;
        }
        if (is_word(P, "const"))
            is_const = true;
        else if (is_word(P, "static"))
            is_static = true;
        else if (is_word(P, "extern"))
            is_extern = true;
        else
            rc = expect_eol(P);
        if (rc == 0)
            rc = advance(P);
    }
    if (rc == 0) {
        uint32_t id = fir_add_global(P->m, name, size, (uint32_t)align, NULL);
        FirGlobal *g = &P->m->globals[id];
        g->align = (uint32_t)align; /* the builder turns 0 into 1; keep what is written */
        g->is_const = is_const;
        g->is_static = is_static;
        g->defined = !is_extern;
        fir__map_put(&P->funcs_globals, g->name, strlen(g->name), id | SYM_GLOBAL);
        P->cur_global = id;
        P->data_len = 0;
    }
    free(name);
    return rc;
}

/* data-line := 'data' string   (appends to the current global's bytes) */
static int parse_data(Parser *P)
{
    if (P->cur_global < 0)
        return perr(P, "'data' outside a global");
    FirGlobal *g = &P->m->globals[P->cur_global];
    TRY(advance(P));
    if (P->tok.kind != T_STR)
        return expected(P, "string");
    const char *bytes = P->tok.s;
    size_t n = P->tok.n;
    if (n > g->size - P->data_len)
        return perr(P, "data exceeds the size of global '@%s' (%llu bytes)", g->name,
                    (unsigned long long)g->size);
    if (!g->init && n > 0) {
        if (g->size > MAX_INIT_SIZE)
            return perr(P, "global '@%s' is too large to have data (at most %llu bytes)",
                        g->name, (unsigned long long)MAX_INIT_SIZE);
        g->init = xrealloc(NULL, (size_t)g->size);
        memset(g->init, 0, (size_t)g->size);
    }
    if (n > 0)
        memcpy(g->init + P->data_len, bytes, n);
    P->data_len += n;
    TRY(advance(P));
    return expect_eol(P);
}

/* reloc-line := 'reloc' offset sym [('+' | '-') N] */
static int parse_reloc(Parser *P)
{
    if (P->cur_global < 0)
        return perr(P, "'reloc' outside a global");
    uint64_t off, mag = 0;
    char *name = NULL;
    bool neg = false;
    TRY(advance(P));
    TRY(parse_unsigned(P, UINT64_MAX, &off));
    TRY(parse_sym(P, &name));
    int rc = 0;
    if (P->tok.kind == T_WORD && (P->tok.s[0] == '+' || P->tok.s[0] == '-')) {
        neg = P->tok.s[0] == '-';
        if (P->tok.n == 1) /* "+ 4" or "+4" */
            rc = advance(P);
        else
            P->tok.s++, P->tok.n--;
        if (rc == 0)
            rc = parse_unsigned(P, neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, &mag);
    }
    if (rc == 0)
        rc = expect_eol(P);
    if (rc) {
        free(name);
        return rc;
    }
    FirGlobal *g = &P->m->globals[P->cur_global];
    fir_global_add_reloc(g, off, FIR_RELOC_GLOBAL, 0, (int64_t)(neg ? 0 - mag : mag));
    add_fixup(P, FIX_RELOC, (uint32_t)P->cur_global, g->nrelocs - 1, name);
    return 0;
}

static int parse_top_line(Parser *P)
{
    char b[64];
    if (is_word(P, "data"))
        return parse_data(P);
    if (is_word(P, "reloc"))
        return parse_reloc(P);
    P->cur_global = -1;
    if (is_word(P, "file"))
        return parse_file(P);
    if (is_word(P, "host"))
        return parse_host(P);
    if (is_word(P, "global"))
        return parse_global(P);
    if (is_word(P, "func"))
        return parse_func(P);
    if (is_word(P, "end"))
        return perr(P, "'end' outside a function");
    if (P->tok.kind == T_WORD &&
        (P->tok.s[0] == '%' || P->tok.s[0] == '.' || is_word(P, "reg") || is_word(P, "loc") ||
         fir_op_lookup(P->tok.s, P->tok.n) >= 0))
        return perr(P, "instruction outside a function");
    return perr(P, "unknown directive %s", tokdesc(&P->tok, b, sizeof b));
}

/* ---------------------------------------------------------------- driver */

static int resolve_fixups(Parser *P)
{
    FirModule *m = P->m;
    for (size_t i = 0; i < P->nfix; i++) {
        Fixup *x = &P->fix[i];
        uint32_t id;
        P->line = x->line;
        if (x->kind == FIX_HCALL) {
            if (!fir__map_get(&P->hosts, x->name, strlen(x->name), &id))
                return perr(P, "host '@%s' is not declared", x->name);
            m->funcs[x->owner].code[x->index].b = id;
            continue;
        }
        bool found = fir__map_get(&P->funcs_globals, x->name, strlen(x->name), &id);
        bool is_global = found && (id & SYM_GLOBAL);
        id &= ~SYM_GLOBAL;
        switch (x->kind) {
        case FIX_CALL:
        case FIX_FADDR:
            if (!found || is_global)
                return perr(P, "function '@%s' is not declared", x->name);
            m->funcs[x->owner].code[x->index].b = id;
            break;
        case FIX_GADDR:
            if (!found || !is_global)
                return perr(P, "global '@%s' is not declared", x->name);
            m->funcs[x->owner].code[x->index].b = id;
            break;
        default: {
            if (!found)
                return perr(P, "symbol '@%s' is not declared", x->name);
            FirReloc *r = &m->globals[x->owner].relocs[x->index];
            r->kind = is_global ? FIR_RELOC_GLOBAL : FIR_RELOC_FUNC;
            r->target = id;
        }
        }
    }
    return 0;
}

int fir_parse_text(const char *text, size_t len, const char *filename, FirModule **out,
                   FirError *err)
{
    Parser P = {0};
    P.src = text ? text : "";
    P.end = P.src + (text ? len : 0);
    P.file = filename ? filename : "<input>";
    P.err = err;
    P.m = fir_module_new();
    P.cur_global = -1;
    int rc = 0;
    for (const char *p = P.src; rc == 0 && p < P.end;) {
        const char *nl = memchr(p, '\n', (size_t)(P.end - p));
        P.le = nl ? nl : P.end;
        P.p = p;
        P.line++;
        rc = advance(&P);
        if (rc == 0 && P.tok.kind != T_EOL)
            rc = P.in_body ? parse_body_line(&P) : parse_top_line(&P);
        p = nl ? nl + 1 : P.end;
    }
    if (rc == 0 && P.in_body)
        rc = perr(&P, "missing 'end' of function '@%s'", cur_fn(&P)->name);
    if (rc == 0)
        rc = resolve_fixups(&P);
    for (size_t i = 0; i < P.nfix; i++)
        free(P.fix[i].name);
    free(P.fix);
    free(P.sbuf);
    free(P.lab);
    free(P.tmp);
    free(P.cases);
    fir__map_clear(&P.funcs_globals);
    fir__map_clear(&P.hosts);
    fir__map_clear(&P.files);
    fir__map_clear(&P.regs);
    fir__map_clear(&P.labels);
    if (rc) {
        fir_module_free(P.m);
        P.m = NULL;
    }
    if (out)
        *out = P.m;
    else
        fir_module_free(P.m);
    return rc;
}
