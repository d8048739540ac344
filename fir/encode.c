/*
 * encode.c - the binary .fir format: encoding (with msgpack-c's packer),
 * decoding (with a small hand-written msgpack reader), and whole-file read
 * and write.  The layout is documented in docs/DESIGN.md (appendix):
 *
 *   "\x7f" "FIR"  u32 version (LE, 1)  <one msgpack map: the module>  u64 FNV-1a (LE)
 *
 * The decoder reads its own msgpack instead of msgpack_unpack_next because
 * msgpack-c allocates an array's elements when it reads the header, so a
 * hostile count of 2^32 would allocate ~100 GB before any check.  Here every
 * count is checked against the bytes that remain (each element takes at
 * least one byte) before anything is allocated, arrays of records grow as
 * elements are actually decoded, and skipping is iterative, so memory is
 * O(input size) and the C stack O(1) whatever the input.
 *
 * Invariants:
 * - Decode trusts nothing and stops at the first problem with a message that
 *   names the record and the field ("function 3 ('main'): field 'code':
 *   expected array"); on success the module is structurally sane (every
 *   array matches its count, every enum in range, call argument slices,
 *   switch ids and locations in range) but not verified: call fir_verify.
 * - Maps are read by key, in any order; unknown keys are skipped so later
 *   versions can add fields.  Unknown "flags" bits are rejected (they would
 *   change the meaning).
 * - Instruction fields that the opcode's format does not use are not
 *   encoded and decode as 0.
 * - Decoded modules can be extended with the builder (capacities are set).
 */
#include "fir.h"

#include <errno.h>
#include <fcntl.h>
#include <msgpack.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIR_FORMAT_VERSION 1u
#define HEADER_SIZE 8
#define TRAILER_SIZE 8
/* Globals with initial data get `size` bytes at decode: bound it. */
#define MAX_INIT_SIZE ((uint64_t)256 << 20)

enum { FUNC_DEFINED = 1, FUNC_STATIC = 2 };
enum { GLOBAL_DEFINED = 1, GLOBAL_STATIC = 2, GLOBAL_CONST = 4 };

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

static void put_le(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* ============================================================== encoding */

typedef struct Enc {
    msgpack_packer pk;
    int bad; /* any packer call failed (out of memory) */
} Enc;

static void e_uint(Enc *E, uint64_t v)
{
    E->bad |= msgpack_pack_uint64(&E->pk, v);
}

static void e_int(Enc *E, int64_t v)
{
    E->bad |= msgpack_pack_int64(&E->pk, v);
}

static void e_str(Enc *E, const char *s)
{
    E->bad |= msgpack_pack_str_with_body(&E->pk, s, strlen(s));
}

static void e_bin(Enc *E, const void *p, size_t n)
{
    E->bad |= msgpack_pack_bin_with_body(&E->pk, p, n);
}

static void e_array(Enc *E, size_t n)
{
    E->bad |= msgpack_pack_array(&E->pk, n);
}

static void e_map(Enc *E, size_t n)
{
    E->bad |= msgpack_pack_map(&E->pk, n);
}

static void e_func(Enc *E, const FirFunc *f)
{
    bool names = false;
    for (uint32_t i = 0; f->reg_names && i < f->nregs; i++)
        names |= f->reg_names[i] != NULL;
    bool body = f->ncode || f->nargs || f->nswitches;
    e_map(E, 5 + names + (body ? 4 : 0));
    e_str(E, "name");
    e_str(E, f->name);
    e_str(E, "flags");
    e_uint(E, (f->defined ? FUNC_DEFINED : 0) | (f->is_static ? FUNC_STATIC : 0));
    e_str(E, "ret");
    e_uint(E, f->ret);
    e_str(E, "nparams");
    e_uint(E, f->nparams);
    e_str(E, "regs");
    e_bin(E, f->reg_types, f->nregs);
    if (names) {
        e_str(E, "regnames");
        e_array(E, f->nregs);
        for (uint32_t i = 0; i < f->nregs; i++) {
            if (f->reg_names[i])
                e_str(E, f->reg_names[i]);
            else
                E->bad |= msgpack_pack_nil(&E->pk);
        }
    }
    if (!body)
        return;

    size_t nfields = 0;
    for (uint32_t i = 0; i < f->ncode; i++) {
        uint16_t op = f->code[i].op;
        uint8_t fl = op < FIR_NOPS ? fir_format_fields[fir_op_info[op].format] : 0;
        nfields += 1 + !!(fl & FIR_FIELD_A) + !!(fl & FIR_FIELD_B) + !!(fl & FIR_FIELD_C) + !!(fl & FIR_FIELD_IMM);
    }
    e_str(E, "code");
    e_array(E, nfields);
    for (uint32_t i = 0; i < f->ncode; i++) {
        const FirInsn *in = &f->code[i];
        uint8_t fl = in->op < FIR_NOPS ? fir_format_fields[fir_op_info[in->op].format] : 0;
        e_uint(E, in->op);
        if (fl & FIR_FIELD_A)
            e_uint(E, in->a);
        if (fl & FIR_FIELD_B)
            e_uint(E, in->b);
        if (fl & FIR_FIELD_C)
            e_uint(E, in->c);
        if (fl & FIR_FIELD_IMM)
            e_int(E, in->imm);
    }

    /* locations: runs of [count, file, line] */
    size_t runs = 0;
    for (uint32_t i = 0; i < f->ncode; i++)
        runs += i == 0 || memcmp(&f->locs[i], &f->locs[i - 1], sizeof(FirLoc)) != 0;
    e_str(E, "locs");
    e_array(E, 3 * runs);
    for (uint32_t i = 0; i < f->ncode;) {
        uint32_t j = i + 1;
        while (j < f->ncode && memcmp(&f->locs[j], &f->locs[i], sizeof(FirLoc)) == 0)
            j++;
        e_uint(E, j - i);
        e_uint(E, f->locs[i].file);
        e_uint(E, f->locs[i].line);
        i = j;
    }

    e_str(E, "args");
    e_array(E, f->nargs);
    for (uint32_t i = 0; i < f->nargs; i++)
        e_uint(E, f->args[i]);

    e_str(E, "switches");
    e_array(E, f->nswitches);
    for (uint32_t i = 0; i < f->nswitches; i++) {
        const FirSwitch *s = &f->switches[i];
        e_array(E, 1 + 2 * (size_t)s->ncases);
        e_uint(E, s->default_target);
        for (uint32_t k = 0; k < s->ncases; k++) {
            e_int(E, s->cases[k].value);
            e_uint(E, s->cases[k].target);
        }
    }
}

static void e_global(Enc *E, const FirGlobal *g)
{
    size_t n = 0;
    if (g->init)
        for (n = (size_t)g->size; n > 0 && g->init[n - 1] == 0; n--)
            ;
    e_map(E, 4 + (n > 0) + (g->nrelocs > 0));
    e_str(E, "name");
    e_str(E, g->name);
    e_str(E, "flags");
    e_uint(E, (g->defined ? GLOBAL_DEFINED : 0) | (g->is_static ? GLOBAL_STATIC : 0) |
                  (g->is_const ? GLOBAL_CONST : 0));
    e_str(E, "size");
    e_uint(E, g->size);
    e_str(E, "align");
    e_uint(E, g->align);
    if (n > 0) {
        e_str(E, "init"); /* trailing zero bytes are implied by size */
        e_bin(E, g->init, n);
    }
    if (g->nrelocs) {
        e_str(E, "relocs");
        e_array(E, 4 * (size_t)g->nrelocs);
        for (uint32_t i = 0; i < g->nrelocs; i++) {
            e_uint(E, g->relocs[i].offset);
            e_uint(E, g->relocs[i].kind);
            e_uint(E, g->relocs[i].target);
            e_int(E, g->relocs[i].addend);
        }
    }
}

/* ------------------------------------------------------------ debug info */

/* The optional "debug" map (see docs/DESIGN.md, appendix): C types, variables of
 * functions, types of globals.  Written only when there is some. */
#define FIR_DEBUG_VERSION 1

static bool has_debug(const FirModule *m)
{
    if (m->ndbg_types)
        return true;
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (m->funcs[i].ndbg_vars || m->funcs[i].dbg_library)
            return true;
    return false;
}

static void e_opt_str(Enc *E, const char *s)
{
    if (s)
        e_str(E, s);
    else
        E->bad |= msgpack_pack_nil(&E->pk);
}

static void e_debug(Enc *E, const FirModule *m)
{
    e_map(E, 4);
    e_str(E, "version");
    e_uint(E, FIR_DEBUG_VERSION);
    e_str(E, "types");
    e_array(E, m->ndbg_types);
    for (uint32_t i = 0; i < m->ndbg_types; i++) {
        const FirDbgType *t = &m->dbg_types[i];
        e_array(E, 6);
        e_uint(E, t->kind);
        e_opt_str(E, t->name);
        e_uint(E, t->size);
        e_uint(E, t->base);
        e_uint(E, t->count);
        e_array(E, (size_t)t->nfields * 5);
        for (uint32_t k = 0; k < t->nfields; k++) {
            const FirDbgField *f = &t->fields[k];
            e_opt_str(E, f->name);
            e_uint(E, f->type);
            e_int(E, f->value);
            e_uint(E, f->bit_offset);
            e_uint(E, f->bit_width);
        }
    }
    uint32_t nf = 0;
    for (uint32_t i = 0; i < m->nfuncs; i++)
        nf += m->funcs[i].ndbg_vars || m->funcs[i].dbg_ret || m->funcs[i].dbg_library;
    e_str(E, "funcs");
    e_array(E, nf);
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        const FirFunc *f = &m->funcs[i];
        if (!f->ndbg_vars && !f->dbg_ret && !f->dbg_library)
            continue;
        e_array(E, 4);
        e_uint(E, i);
        e_uint(E, f->dbg_ret);
        e_uint(E, f->dbg_library);
        e_array(E, (size_t)f->ndbg_vars * 5);
        for (uint32_t k = 0; k < f->ndbg_vars; k++) {
            const FirDbgVar *v = &f->dbg_vars[k];
            e_str(E, v->name);
            e_uint(E, v->type);
            e_uint(E, v->reg);
            e_uint(E, v->line);
            e_uint(E, (v->in_memory ? 1u : 0u) | (v->is_param ? 2u : 0u));
        }
    }
    uint32_t ng = 0;
    for (uint32_t i = 0; i < m->nglobals; i++)
        ng += m->globals[i].dbg_type != 0;
    e_str(E, "globals");
    e_array(E, (size_t)ng * 3);
    for (uint32_t i = 0; i < m->nglobals; i++) {
        const FirGlobal *g = &m->globals[i];
        if (!g->dbg_type)
            continue;
        e_uint(E, i);
        e_uint(E, g->dbg_type);
        e_opt_str(E, g->dbg_name);
    }
}

int fir_encode(const FirModule *m, uint8_t **out, size_t *outlen, FirError *err)
{
    msgpack_sbuffer sb;
    msgpack_sbuffer_init(&sb);
    Enc E = {.bad = 0};
    msgpack_packer_init(&E.pk, &sb, msgpack_sbuffer_write);

    uint8_t header[HEADER_SIZE] = {0x7f, 'F', 'I', 'R'};
    put_le(header + 4, FIR_FORMAT_VERSION, 4);
    E.bad |= msgpack_sbuffer_write(&sb, (const char *)header, HEADER_SIZE);

    bool debug = has_debug(m);
    e_map(&E, 5 + debug);
    e_str(&E, "flags");
    e_uint(&E, 0);
    e_str(&E, "files");
    e_array(&E, m->nfiles);
    for (uint32_t i = 0; i < m->nfiles; i++)
        e_str(&E, m->files[i]);
    e_str(&E, "hosts");
    e_array(&E, m->nhosts);
    for (uint32_t i = 0; i < m->nhosts; i++) {
        const FirHost *h = &m->hosts[i];
        e_map(&E, 3);
        e_str(&E, "name");
        e_str(&E, h->name);
        e_str(&E, "ret");
        e_uint(&E, h->ret);
        e_str(&E, "params");
        e_bin(&E, h->params, h->nparams);
    }
    e_str(&E, "globals");
    e_array(&E, m->nglobals);
    for (uint32_t i = 0; i < m->nglobals; i++)
        e_global(&E, &m->globals[i]);
    e_str(&E, "funcs");
    e_array(&E, m->nfuncs);
    for (uint32_t i = 0; i < m->nfuncs; i++)
        e_func(&E, &m->funcs[i]);
    if (debug) {
        e_str(&E, "debug");
        e_debug(&E, m);
    }

    uint8_t trailer[TRAILER_SIZE];
    if (!E.bad) {
        put_le(trailer, fnv1a((const uint8_t *)sb.data + HEADER_SIZE, sb.size - HEADER_SIZE), 8);
        E.bad |= msgpack_sbuffer_write(&sb, (const char *)trailer, TRAILER_SIZE);
    }
    if (E.bad) {
        msgpack_sbuffer_destroy(&sb);
        return fir_error_set(err, FIR_ENOMEM, "out of memory while encoding the module");
    }
    *outlen = sb.size;
    *out = (uint8_t *)msgpack_sbuffer_release(&sb);
    return 0;
}

/* ========================================================= msgpack reader */

typedef struct Rd {
    const uint8_t *p, *end;
} Rd;

/* Each reader returns NULL or a message saying what was wrong. */
#define TRUNC "unexpected end of data"

static const char *rd_take(Rd *r, size_t n, const uint8_t **out)
{
    if ((size_t)(r->end - r->p) < n)
        return TRUNC;
    *out = r->p;
    r->p += n;
    return NULL;
}

static const char *rd_be(Rd *r, int n, uint64_t *v)
{
    const uint8_t *p;
    const char *e = rd_take(r, (size_t)n, &p);
    if (e)
        return e;
    *v = 0;
    for (int i = 0; i < n; i++)
        *v = *v << 8 | p[i];
    return NULL;
}

/* Any msgpack integer: *neg tells whether it is negative (then *v holds the
 * int64 value as bits). */
static const char *rd_anyint(Rd *r, bool *neg, uint64_t *v, const char *what)
{
    if (r->p == r->end)
        return TRUNC;
    uint8_t t = *r->p;
    *neg = false;
    if (t <= 0x7f) {
        r->p++;
        *v = t;
        return NULL;
    }
    if (t >= 0xe0) {
        r->p++;
        *neg = true;
        *v = (uint64_t)(int64_t)(int8_t)t;
        return NULL;
    }
    if (t >= 0xcc && t <= 0xcf) {
        r->p++;
        return rd_be(r, 1 << (t - 0xcc), v);
    }
    if (t >= 0xd0 && t <= 0xd3) {
        int n = 1 << (t - 0xd0);
        r->p++;
        const char *e = rd_be(r, n, v);
        if (e)
            return e;
        if (n < 8 && (*v >> (8 * n - 1)) & 1) /* sign-extend */
            *v |= ~(uint64_t)0 << (8 * n);
        *neg = (int64_t)*v < 0;
        return NULL;
    }
    return what;
}

static const char *rd_uint(Rd *r, uint64_t max, uint64_t *v)
{
    bool neg;
    const char *e = rd_anyint(r, &neg, v, "expected unsigned integer");
    if (e)
        return e;
    if (neg || *v > max)
        return "integer out of range";
    return NULL;
}

static const char *rd_u32(Rd *r, uint32_t *v)
{
    uint64_t x;
    const char *e = rd_uint(r, UINT32_MAX, &x);
    *v = (uint32_t)x;
    return e;
}

static const char *rd_int(Rd *r, int64_t *v)
{
    bool neg;
    uint64_t x;
    const char *e = rd_anyint(r, &neg, &x, "expected integer");
    if (e)
        return e;
    if (!neg && x > INT64_MAX)
        return "integer out of range";
    *v = (int64_t)x;
    return NULL;
}

/* Header of a str (bin = false) or bin (bin = true); checks the length. */
static const char *rd_bytes(Rd *r, bool bin, const uint8_t **s, uint32_t *n)
{
    if (r->p == r->end)
        return TRUNC;
    uint8_t t = *r->p;
    uint64_t len;
    const char *e = NULL;
    if (!bin && t >= 0xa0 && t <= 0xbf) {
        r->p++;
        len = t & 0x1f;
    } else if (!bin && t >= 0xd9 && t <= 0xdb) {
        r->p++;
        e = rd_be(r, 1 << (t - 0xd9), &len);
    } else if (bin && t >= 0xc4 && t <= 0xc6) {
        r->p++;
        e = rd_be(r, 1 << (t - 0xc4), &len);
    } else {
        return bin ? "expected binary" : "expected string";
    }
    if (e)
        return e;
    *n = (uint32_t)len;
    return rd_take(r, (size_t)len, s);
}

/* Header of an array (map = false) or map; the count is checked against the
 * remaining bytes (an element takes at least one byte, a map entry two). */
static const char *rd_count(Rd *r, bool map, uint32_t *n)
{
    if (r->p == r->end)
        return TRUNC;
    uint8_t t = *r->p;
    uint64_t c;
    const char *e = NULL;
    if (!map && t >= 0x90 && t <= 0x9f) {
        r->p++;
        c = t & 0x0f;
    } else if (map && t >= 0x80 && t <= 0x8f) {
        r->p++;
        c = t & 0x0f;
    } else if (t == (map ? 0xde : 0xdc) || t == (map ? 0xdf : 0xdd)) {
        r->p++;
        e = rd_be(r, (t & 1) ? 4 : 2, &c);
    } else {
        return map ? "expected map" : "expected array";
    }
    if (e)
        return e;
    if (c * (map ? 2 : 1) > (uint64_t)(r->end - r->p))
        return "count larger than the data";
    *n = (uint32_t)c;
    return NULL;
}

/* Skips one object of any type, iteratively. */
static const char *rd_skip(Rd *r)
{
    uint64_t pending = 1;
    while (pending > 0) {
        if (r->p == r->end)
            return TRUNC;
        if (pending > (uint64_t)(r->end - r->p))
            return "count larger than the data";
        pending--;
        uint8_t t = *r->p;
        const uint8_t *dummy;
        uint32_t n;
        uint64_t len;
        bool neg;
        const char *e = NULL;
        if (t <= 0x7f || t >= 0xe0 || (t >= 0xcc && t <= 0xd3)) {
            e = rd_anyint(r, &neg, &len, NULL);
        } else if ((t >= 0xa0 && t <= 0xbf) || (t >= 0xd9 && t <= 0xdb)) {
            e = rd_bytes(r, false, &dummy, &n);
        } else if (t >= 0xc4 && t <= 0xc6) {
            e = rd_bytes(r, true, &dummy, &n);
        } else if ((t >= 0x90 && t <= 0x9f) || t == 0xdc || t == 0xdd) {
            e = rd_count(r, false, &n);
            pending += n;
        } else if ((t >= 0x80 && t <= 0x8f) || t == 0xde || t == 0xdf) {
            e = rd_count(r, true, &n);
            pending += 2 * (uint64_t)n;
        } else if (t == 0xc0 || t == 0xc2 || t == 0xc3) {
            r->p++;
        } else if (t == 0xca || t == 0xcb) {
            r->p++;
            e = rd_take(r, t == 0xca ? 4 : 8, &dummy);
        } else if (t >= 0xd4 && t <= 0xd8) { /* fixext: type byte + 2^k bytes */
            r->p++;
            e = rd_take(r, 1 + ((size_t)1 << (t - 0xd4)), &dummy);
        } else if (t >= 0xc7 && t <= 0xc9) { /* ext 8/16/32 */
            r->p++;
            e = rd_be(r, 1 << (t - 0xc7), &len);
            if (!e)
                e = len + 1 > (uint64_t)(r->end - r->p) ? TRUNC : rd_take(r, len + 1, &dummy);
        } else {
            return "invalid msgpack type byte";
        }
        if (e)
            return e;
    }
    return NULL;
}

/* ============================================================== decoding */

typedef struct Dec {
    FirError *err;
    char ctx[96];      /* "function 3 ('main')", or empty */
    const char *field; /* current field, or NULL */
} Dec;

static int derr(Dec *D, const char *fmt, ...) FIR_PRINTF(2, 3);
static int derr(Dec *D, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *sep = D->ctx[0] ? ": " : "";
    if (D->field)
        return fir_error_set(D->err, FIR_EFORMAT, "%s%sfield '%s': %s", D->ctx, sep, D->field,
                             msg);
    return fir_error_set(D->err, FIR_EFORMAT, "%s%s%s", D->ctx, sep, msg);
}

/* Sets the context to "KIND INDEX" or "KIND INDEX ('name')", the name made
 * printable and short. */
static void set_ctx(Dec *D, const char *kind, uint32_t index, const char *name)
{
    int n = snprintf(D->ctx, sizeof D->ctx, "%s %u", kind, index);
    if (name) {
        char safe[44];
        size_t j = 0;
        for (size_t i = 0; name[i] && j < 40; i++)
            safe[j++] = (name[i] >= 0x20 && name[i] < 0x7f) ? name[i] : '?';
        safe[j] = 0;
        snprintf(D->ctx + n, sizeof D->ctx - (size_t)n, " ('%s%s')", safe,
                 strlen(name) > j ? "..." : "");
    }
}

#define RD(call)                        \
    do {                                \
        const char *e_ = (call);        \
        if (e_)                         \
            return derr(D, "%s", e_);   \
    } while (0)

/* Reads a map whose known keys are keys[0..nkeys-1]: records where each
 * value starts (NULL if absent) and skips unknown keys and all values. */
static int scan_map(Dec *D, Rd *r, const char *const *keys, int nkeys, const uint8_t **pos)
{
    uint32_t n;
    const char *where = D->field;
    RD(rd_count(r, true, &n));
    for (int k = 0; k < nkeys; k++)
        pos[k] = NULL;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *s;
        uint32_t len;
        int k = nkeys;
        D->field = where;
        if (r->p < r->end && ((*r->p >= 0xa0 && *r->p <= 0xbf) || (*r->p >= 0xd9 && *r->p <= 0xdb))) {
            RD(rd_bytes(r, false, &s, &len));
            for (k = 0; k < nkeys; k++)
                if (strlen(keys[k]) == len && memcmp(keys[k], s, len) == 0)
                    break;
        } else {
            RD(rd_skip(r)); /* a key that is not a string: unknown */
        }
        if (k < nkeys) {
            D->field = keys[k];
            if (pos[k])
                return derr(D, "duplicate key");
            pos[k] = r->p;
        }
        RD(rd_skip(r));
    }
    D->field = NULL;
    return 0;
}

/* Field helpers: position r at the field's value. */
static Rd at(const Rd *r, const uint8_t *pos)
{
    return (Rd){pos, r->end};
}

static int need(Dec *D, const uint8_t *pos)
{
    if (!pos)
        return derr(D, "missing");
    return 0;
}

/* A name: a string without NUL bytes, not empty unless it is a file name;
 * returns a new C string. */
static int read_string(Dec *D, Rd *r, bool may_be_empty, char **out)
{
    const uint8_t *s;
    uint32_t n;
    RD(rd_bytes(r, false, &s, &n));
    if (n == 0 && !may_be_empty)
        return derr(D, "empty name");
    if (memchr(s, 0, n))
        return derr(D, "name contains a NUL byte");
    char *c = malloc((size_t)n + 1);
    if (!c)
        return fir_error_set(D->err, FIR_ENOMEM, "out of memory");
    memcpy(c, s, n);
    c[n] = 0;
    *out = c;
    return 0;
}

static int read_name(Dec *D, Rd *r, char **out)
{
    return read_string(D, r, false, out);
}

static int read_type(Dec *D, Rd *r, uint8_t *t)
{
    uint64_t v;
    RD(rd_uint(r, UINT64_MAX, &v));
    if (v >= FIR_NTYPES)
        return derr(D, "invalid type %llu", (unsigned long long)v);
    *t = (uint8_t)v;
    return 0;
}

static int read_types(Dec *D, Rd *r, uint8_t **out, uint32_t *count)
{
    const uint8_t *s;
    uint32_t n;
    RD(rd_bytes(r, true, &s, &n));
    for (uint32_t i = 0; i < n; i++)
        if (s[i] >= FIR_NTYPES)
            return derr(D, "entry %u: invalid type %u", i, s[i]);
    *out = malloc(n ? n : 1);
    if (!*out)
        return fir_error_set(D->err, FIR_ENOMEM, "out of memory");
    memcpy(*out, s, n);
    *count = n;
    return 0;
}

static int read_flags(Dec *D, Rd *r, uint64_t known, uint64_t *flags)
{
    RD(rd_uint(r, UINT64_MAX, flags));
    if (*flags & ~known)
        return derr(D, "unknown flag bits 0x%llx", (unsigned long long)(*flags & ~known));
    return 0;
}

/* Makes room for `need` elements, growing by doubling (so a hostile count
 * allocates only as elements are really decoded). */
static int grow(Dec *D, void **arr, uint32_t *cap, uint32_t need, size_t elsize)
{
    if (need <= *cap)
        return 0;
    uint32_t c = *cap ? *cap : 8;
    while (c < need)
        c = c > UINT32_MAX / 2 ? UINT32_MAX : 2 * c;
    void *p = realloc(*arr, (size_t)c * elsize);
    if (!p)
        return fir_error_set(D->err, FIR_ENOMEM, "out of memory");
    memset((char *)p + (size_t)*cap * elsize, 0, (size_t)(c - *cap) * elsize);
    *arr = p;
    *cap = c;
    return 0;
}

/* ------------------------------------------------------------ functions */

static int dec_code(Dec *D, Rd r, FirFunc *f)
{
    uint32_t n;
    RD(rd_count(&r, false, &n));
    for (uint32_t k = 0; k < n;) {
        uint64_t op;
        RD(rd_uint(&r, UINT64_MAX, &op));
        k++;
        if (op >= FIR_NOPS)
            return derr(D, "instruction %u: unknown opcode %llu", f->ncode, (unsigned long long)op);
        uint8_t fl = fir_format_fields[fir_op_info[op].format];
        uint32_t need = !!(fl & FIR_FIELD_A) + !!(fl & FIR_FIELD_B) + !!(fl & FIR_FIELD_C) + !!(fl & FIR_FIELD_IMM);
        if (n - k < need)
            return derr(D, "instruction %u (%s): truncated", f->ncode, fir_op_info[op].name);
        if (f->ncode == f->cap_code) {
            uint32_t c1 = f->cap_code, c2 = f->cap_code;
            int rc = grow(D, (void **)&f->code, &c1, f->ncode + 1, sizeof *f->code);
            if (!rc)
                rc = grow(D, (void **)&f->locs, &c2, f->ncode + 1, sizeof *f->locs);
            if (rc)
                return rc;
            f->cap_code = c1; /* both grew the same way */
        }
        FirInsn *in = &f->code[f->ncode];
        *in = (FirInsn){.op = (uint16_t)op};
        f->locs[f->ncode] = (FirLoc){0, 0};
        const char *e = NULL;
        if (!e && (fl & FIR_FIELD_A))
            e = rd_u32(&r, &in->a);
        if (!e && (fl & FIR_FIELD_B))
            e = rd_u32(&r, &in->b);
        if (!e && (fl & FIR_FIELD_C))
            e = rd_u32(&r, &in->c);
        if (!e && (fl & FIR_FIELD_IMM))
            e = rd_int(&r, &in->imm);
        if (e)
            return derr(D, "instruction %u (%s): %s", f->ncode, fir_op_info[op].name, e);
        k += need;
        f->ncode++;
    }
    return 0;
}

static int dec_locs(Dec *D, Rd r, FirFunc *f, uint32_t nfiles)
{
    uint32_t n;
    RD(rd_count(&r, false, &n));
    if (n % 3)
        return derr(D, "expected [count, file, line] triples, got %u entries", n);
    uint64_t at = 0;
    for (uint32_t i = 0; i < n; i += 3) {
        uint32_t count, file, line;
        RD(rd_u32(&r, &count));
        RD(rd_u32(&r, &file));
        RD(rd_u32(&r, &line));
        if (count == 0 || count > f->ncode - at)
            return derr(D, "run %u covers instructions past the end", i / 3);
        if (file >= nfiles && (file != 0 || line != 0))
            return derr(D, "run %u: file %u out of range", i / 3, file);
        for (uint32_t k = 0; k < count; k++)
            f->locs[at + k] = (FirLoc){file, line};
        at += count;
    }
    if (at != f->ncode)
        return derr(D, "covers %llu instructions, expected %u", (unsigned long long)at, f->ncode);
    return 0;
}

static int dec_args(Dec *D, Rd r, FirFunc *f)
{
    uint32_t n;
    RD(rd_count(&r, false, &n));
    f->args = malloc((size_t)(n ? n : 1) * sizeof *f->args);
    if (!f->args)
        return fir_error_set(D->err, FIR_ENOMEM, "out of memory");
    f->cap_args = n;
    for (uint32_t i = 0; i < n; i++) {
        RD(rd_u32(&r, &f->args[i]));
        f->nargs++;
    }
    return 0;
}

static int dec_switches(Dec *D, Rd r, FirFunc *f)
{
    uint32_t n;
    RD(rd_count(&r, false, &n));
    for (uint32_t i = 0; i < n; i++) {
        uint32_t len;
        if (grow(D, (void **)&f->switches, &f->cap_switches, f->nswitches + 1,
                 sizeof *f->switches))
            return FIR_ENOMEM;
        FirSwitch *s = &f->switches[f->nswitches];
        RD(rd_count(&r, false, &len));
        if (len % 2 != 1)
            return derr(D, "switch %u: expected [default, value, target, ...]", i);
        RD(rd_u32(&r, &s->default_target));
        s->cases = malloc((size_t)(len / 2 ? len / 2 : 1) * sizeof *s->cases);
        if (!s->cases)
            return fir_error_set(D->err, FIR_ENOMEM, "out of memory");
        f->nswitches++;
        for (uint32_t k = 0; k < len / 2; k++) {
            RD(rd_int(&r, &s->cases[k].value));
            RD(rd_u32(&r, &s->cases[k].target));
            s->ncases++;
        }
    }
    return 0;
}

enum { FK_NAME, FK_FLAGS, FK_RET, FK_NPARAMS, FK_REGS, FK_REGNAMES, FK_CODE, FK_LOCS, FK_ARGS,
       FK_SWITCHES, FK_N };
static const char *const func_keys[FK_N] = {"name", "flags",    "ret",  "nparams", "regs",
                                            "regnames", "code", "locs", "args", "switches"};

static int dec_func(Dec *D, Rd *r, FirModule *m, uint32_t index)
{
    const uint8_t *pos[FK_N];
    set_ctx(D, "function", index, NULL);
    int rc = scan_map(D, r, func_keys, FK_N, pos);
    if (rc)
        return rc;
    FirFunc *f = &m->funcs[m->nfuncs++]; /* zeroed by grow; freed with m on error */
    Rd v;
#define FIELD(k) (D->field = func_keys[k], v = at(r, pos[k]), &v)
    (void)FIELD(FK_NAME);
    if ((rc = need(D, pos[FK_NAME])) || (rc = read_name(D, &v, &f->name)))
        return rc;
    set_ctx(D, "function", index, f->name);
    uint64_t flags = 0, np = 0;
    if (pos[FK_FLAGS] && (rc = read_flags(D, FIELD(FK_FLAGS), FUNC_DEFINED | FUNC_STATIC, &flags)))
        return rc;
    f->defined = flags & FUNC_DEFINED;
    f->is_static = flags & FUNC_STATIC;
    uint8_t ret = FIR_VOID;
    if (pos[FK_RET] && (rc = read_type(D, FIELD(FK_RET), &ret)))
        return rc;
    f->ret = (FirType)ret;
    if (pos[FK_REGS]) {
        if ((rc = read_types(D, FIELD(FK_REGS), &f->reg_types, &f->nregs)))
            return rc;
        if (f->nregs > FIR_MAX_REGS)
            return derr(D, "%u registers, at most %u", f->nregs, FIR_MAX_REGS);
    } else if (!(f->reg_types = malloc(1))) {
        return fir_error_set(D->err, FIR_ENOMEM, "out of memory");
    }
    f->cap_regs = f->nregs;
    if (pos[FK_NPARAMS]) {
        (void)FIELD(FK_NPARAMS);
        RD(rd_uint(&v, UINT32_MAX, &np));
        if (np > f->nregs)
            return derr(D, "%llu parameters but %u registers", (unsigned long long)np, f->nregs);
    }
    f->nparams = (uint32_t)np;
    /* reg_names always exists so the builder can add registers */
    f->reg_names = calloc(f->nregs ? f->nregs : 1, sizeof *f->reg_names);
    if (!f->reg_names)
        return fir_error_set(D->err, FIR_ENOMEM, "out of memory");
    if (pos[FK_REGNAMES]) {
        uint32_t n;
        (void)FIELD(FK_REGNAMES);
        RD(rd_count(&v, false, &n));
        if (n != f->nregs)
            return derr(D, "%u names for %u registers", n, f->nregs);
        for (uint32_t i = 0; i < n; i++) {
            if (v.p < v.end && *v.p == 0xc0) {
                v.p++;
                continue;
            }
            if ((rc = read_name(D, &v, &f->reg_names[i])))
                return rc;
        }
    }
    if (pos[FK_CODE] && (rc = dec_code(D, *FIELD(FK_CODE), f)))
        return rc;
    if (pos[FK_LOCS] && (rc = dec_locs(D, *FIELD(FK_LOCS), f, m->nfiles)))
        return rc;
    if (!pos[FK_LOCS] && f->ncode) {
        D->field = "locs";
        return derr(D, "missing");
    }
    if (pos[FK_ARGS] && (rc = dec_args(D, *FIELD(FK_ARGS), f)))
        return rc;
    if (pos[FK_SWITCHES] && (rc = dec_switches(D, *FIELD(FK_SWITCHES), f)))
        return rc;
#undef FIELD

    /* cross-checks that make the module safe to walk */
    D->field = "code";
    for (uint32_t i = 0; i < f->ncode; i++) {
        const FirInsn *in = &f->code[i];
        FirFormat fmt = fir_op_info[in->op].format;
        if ((fir_format_fields[fmt] & FIR_FIELD_ARGS) &&
            (in->imm < 0 || (uint64_t)in->c + (uint64_t)in->imm > f->nargs))
            return derr(D, "instruction %u (%s): arguments %u..%lld outside 'args' (%u entries)",
                        i, fir_op_info[in->op].name, in->c, (long long)in->c + in->imm, f->nargs);
        if (fmt == FIR_FMT_SWITCH && in->b >= f->nswitches)
            return derr(D, "instruction %u (switch): table %u out of range (%u tables)", i, in->b,
                        f->nswitches);
    }
    if (!f->defined && f->ncode) {
        D->field = NULL;
        return derr(D, "a declaration has code");
    }
    D->field = NULL;
    return 0;
}

/* ------------------------------------------------------- globals, hosts */

enum { GK_NAME, GK_FLAGS, GK_SIZE, GK_ALIGN, GK_INIT, GK_RELOCS, GK_N };
static const char *const global_keys[GK_N] = {"name", "flags", "size", "align", "init", "relocs"};

static int dec_global(Dec *D, Rd *r, FirModule *m, uint32_t index)
{
    const uint8_t *pos[GK_N];
    set_ctx(D, "global", index, NULL);
    int rc = scan_map(D, r, global_keys, GK_N, pos);
    if (rc)
        return rc;
    FirGlobal *g = &m->globals[m->nglobals++];
    Rd v;
#define FIELD(k) (D->field = global_keys[k], v = at(r, pos[k]), &v)
    (void)FIELD(GK_NAME);
    if ((rc = need(D, pos[GK_NAME])) || (rc = read_name(D, &v, &g->name)))
        return rc;
    set_ctx(D, "global", index, g->name);
    uint64_t flags = 0, align = 1;
    if (pos[GK_FLAGS] &&
        (rc = read_flags(D, FIELD(GK_FLAGS), GLOBAL_DEFINED | GLOBAL_STATIC | GLOBAL_CONST, &flags)))
        return rc;
    g->defined = flags & GLOBAL_DEFINED;
    g->is_static = flags & GLOBAL_STATIC;
    g->is_const = flags & GLOBAL_CONST;
    if (pos[GK_SIZE])
        RD(rd_uint(FIELD(GK_SIZE), UINT64_MAX, &g->size));
    if (pos[GK_ALIGN])
        RD(rd_uint(FIELD(GK_ALIGN), UINT32_MAX, &align));
    g->align = (uint32_t)align;
    if (pos[GK_INIT]) {
        const uint8_t *s;
        uint32_t n;
        RD(rd_bytes(FIELD(GK_INIT), true, &s, &n));
        if (n > g->size)
            return derr(D, "%u bytes for a global of %llu", n, (unsigned long long)g->size);
        if (n > 0) {
            if (g->size > MAX_INIT_SIZE)
                return derr(D, "initialized global larger than %llu bytes",
                            (unsigned long long)MAX_INIT_SIZE);
            if (!(g->init = calloc((size_t)g->size, 1)))
                return fir_error_set(D->err, FIR_ENOMEM, "out of memory");
            memcpy(g->init, s, n);
        }
    }
    if (pos[GK_RELOCS]) {
        uint32_t n;
        RD(rd_count(FIELD(GK_RELOCS), false, &n));
        if (n % 4)
            return derr(D, "expected [offset, kind, target, addend] quads, got %u entries", n);
        if (!(g->relocs = malloc((size_t)(n / 4 ? n / 4 : 1) * sizeof *g->relocs)))
            return fir_error_set(D->err, FIR_ENOMEM, "out of memory");
        g->cap_relocs = n / 4;
        for (uint32_t i = 0; i < n / 4; i++) {
            FirReloc *rl = &g->relocs[i];
            RD(rd_uint(&v, UINT64_MAX, &rl->offset));
            RD(rd_u32(&v, &rl->kind));
            RD(rd_u32(&v, &rl->target));
            RD(rd_int(&v, &rl->addend));
            if (rl->kind != FIR_RELOC_GLOBAL && rl->kind != FIR_RELOC_FUNC)
                return derr(D, "reloc %u: invalid kind %u", i, rl->kind);
            g->nrelocs++;
        }
    }
#undef FIELD
    D->field = NULL;
    return 0;
}

enum { HK_NAME, HK_RET, HK_PARAMS, HK_N };
static const char *const host_keys[HK_N] = {"name", "ret", "params"};

static int dec_host(Dec *D, Rd *r, FirModule *m, uint32_t index)
{
    const uint8_t *pos[HK_N];
    set_ctx(D, "host", index, NULL);
    int rc = scan_map(D, r, host_keys, HK_N, pos);
    if (rc)
        return rc;
    FirHost *h = &m->hosts[m->nhosts++];
    Rd v;
    D->field = "name";
    v = at(r, pos[HK_NAME]);
    if ((rc = need(D, pos[HK_NAME])) || (rc = read_name(D, &v, &h->name)))
        return rc;
    set_ctx(D, "host", index, h->name);
    uint8_t ret = FIR_VOID;
    D->field = "ret";
    v = at(r, pos[HK_RET]);
    if (pos[HK_RET] && (rc = read_type(D, &v, &ret)))
        return rc;
    h->ret = (FirType)ret;
    D->field = "params";
    v = at(r, pos[HK_PARAMS]);
    if (pos[HK_PARAMS])
        rc = read_types(D, &v, &h->params, &h->nparams);
    else if (!(h->params = malloc(1)))
        rc = fir_error_set(D->err, FIR_ENOMEM, "out of memory");
    D->field = NULL;
    return rc;
}

/* ----------------------------------------------------------- debug info */

static int read_opt_name(Dec *D, Rd *r, char **out)
{
    *out = NULL;
    if (r->p < r->end && *r->p == 0xc0) {
        r->p++;
        return 0;
    }
    return read_name(D, r, out);
}

static int read_dbg_ref(Dec *D, Rd *r, uint32_t ntypes, uint32_t *t)
{
    uint64_t v;
    RD(rd_uint(r, UINT32_MAX, &v));
    if (v > ntypes)
        return derr(D, "type %llu of %u", (unsigned long long)v, ntypes);
    *t = (uint32_t)v;
    return 0;
}

/* Reads n fixed-size tuples: an array whose length is a multiple of k. */
static int tuples(Dec *D, Rd *r, uint32_t k, uint32_t *n)
{
    uint32_t len;
    RD(rd_count(r, false, &len));
    if (len % k)
        return derr(D, "%u entries, not a multiple of %u", len, k);
    *n = len / k;
    return 0;
}

static int dec_dbg_types(Dec *D, Rd r, FirModule *m)
{
    uint32_t n;
    D->field = "debug.types";
    RD(rd_count(&r, false, &n));
    /* every type is at least 7 bytes: counts are checked before allocating */
    if (n > (size_t)(r.end - r.p) / 7)
        return derr(D, "%u types in %zu bytes", n, (size_t)(r.end - r.p));
    m->dbg_types = calloc(n ? n : 1, sizeof *m->dbg_types);
    if (!m->dbg_types)
        return fir_error_set(D->err, FIR_ENOMEM, "out of memory");
    m->cap_dbg_types = n ? n : 1;
    int rc;
    for (uint32_t i = 0; i < n; i++) {
        FirDbgType *t = &m->dbg_types[i];
        m->ndbg_types = i + 1; /* freed with the module on failure */
        uint32_t k;
        uint64_t v;
        RD(rd_count(&r, false, &k));
        if (k != 6)
            return derr(D, "type %u: %u fields, expected 6", i, k);
        RD(rd_uint(&r, FIR_NDK - 1, &v));
        t->kind = (uint8_t)v;
        if ((rc = read_opt_name(D, &r, &t->name)))
            return rc;
        RD(rd_uint(&r, UINT64_MAX, &t->size));
        if ((rc = read_dbg_ref(D, &r, n, &t->base)))
            return rc;
        RD(rd_uint(&r, UINT64_MAX, &t->count));
        uint32_t nf;
        if ((rc = tuples(D, &r, 5, &nf)))
            return rc;
        if (nf > (size_t)(r.end - r.p) / 5)
            return derr(D, "type %u: %u members in %zu bytes", i, nf, (size_t)(r.end - r.p));
        t->fields = calloc(nf ? nf : 1, sizeof *t->fields);
        if (!t->fields)
            return fir_error_set(D->err, FIR_ENOMEM, "out of memory");
        for (uint32_t f = 0; f < nf; f++) {
            FirDbgField *fd = &t->fields[f];
            t->nfields = f + 1;
            if ((rc = read_opt_name(D, &r, &fd->name)) || (rc = read_dbg_ref(D, &r, n, &fd->type)))
                return rc;
            RD(rd_int(&r, &fd->value));
            RD(rd_uint(&r, 63, &v));
            fd->bit_offset = (uint8_t)v;
            RD(rd_uint(&r, 64, &v));
            fd->bit_width = (uint8_t)v;
        }
    }
    return 0;
}

static int dec_dbg_funcs(Dec *D, Rd r, FirModule *m)
{
    uint32_t n;
    int rc;
    D->field = "debug.funcs";
    RD(rd_count(&r, false, &n));
    for (uint32_t i = 0; i < n; i++) {
        uint32_t k, nv;
        uint64_t fid, lib;
        RD(rd_count(&r, false, &k));
        if (k != 4)
            return derr(D, "entry %u: %u fields, expected 4", i, k);
        RD(rd_uint(&r, UINT32_MAX, &fid));
        if (fid >= m->nfuncs)
            return derr(D, "entry %u: no function %llu", i, (unsigned long long)fid);
        FirFunc *f = &m->funcs[fid];
        if (f->dbg_vars || f->dbg_ret || f->dbg_library)
            return derr(D, "entry %u: function %llu described twice", i,
                        (unsigned long long)fid);
        if ((rc = read_dbg_ref(D, &r, m->ndbg_types, &f->dbg_ret)))
            return rc;
        RD(rd_uint(&r, 1, &lib));
        f->dbg_library = lib;
        if ((rc = tuples(D, &r, 5, &nv)))
            return rc;
        if (nv > (size_t)(r.end - r.p) / 5)
            return derr(D, "entry %u: %u variables in %zu bytes", i, nv, (size_t)(r.end - r.p));
        f->dbg_vars = calloc(nv ? nv : 1, sizeof *f->dbg_vars);
        if (!f->dbg_vars)
            return fir_error_set(D->err, FIR_ENOMEM, "out of memory");
        for (uint32_t j = 0; j < nv; j++) {
            FirDbgVar *v = &f->dbg_vars[j];
            uint64_t reg, line, flags;
            f->ndbg_vars = j + 1;
            if ((rc = read_name(D, &r, &v->name)) ||
                (rc = read_dbg_ref(D, &r, m->ndbg_types, &v->type)))
                return rc;
            RD(rd_uint(&r, UINT32_MAX, &reg));
            if (reg >= f->nregs)
                return derr(D, "'%s': variable '%s' in register %llu of %u", f->name, v->name,
                            (unsigned long long)reg, f->nregs);
            RD(rd_uint(&r, UINT32_MAX, &line));
            RD(rd_uint(&r, 3, &flags));
            /* a variable in memory is reached through a pointer register */
            if ((flags & 1) && f->reg_types[reg] != FIR_PTR)
                return derr(D, "'%s': variable '%s' in memory through register %llu, not a ptr",
                            f->name, v->name, (unsigned long long)reg);
            v->reg = (uint32_t)reg;
            v->line = (uint32_t)line;
            v->in_memory = flags & 1;
            v->is_param = (flags & 2) != 0;
        }
    }
    return 0;
}

static int dec_dbg_globals(Dec *D, Rd r, FirModule *m)
{
    uint32_t n;
    int rc;
    D->field = "debug.globals";
    if ((rc = tuples(D, &r, 3, &n)))
        return rc;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t gid;
        RD(rd_uint(&r, UINT32_MAX, &gid));
        if (gid >= m->nglobals)
            return derr(D, "entry %u: no global %llu", i, (unsigned long long)gid);
        FirGlobal *g = &m->globals[gid];
        if (g->dbg_type || g->dbg_name)
            return derr(D, "entry %u: global %llu described twice", i, (unsigned long long)gid);
        if ((rc = read_dbg_ref(D, &r, m->ndbg_types, &g->dbg_type)) ||
            (rc = read_opt_name(D, &r, &g->dbg_name)))
            return rc;
    }
    return 0;
}

enum { DK_VERSION, DK_TYPES, DK_FUNCS, DK_GLOBALS, DK_N };
static const char *const debug_keys[DK_N] = {"version", "types", "funcs", "globals"};

/* The debug map, after functions and globals.  A later version of it is
 * ignored (the module runs without C debug info). */
static int dec_debug(Dec *D, Rd *r, FirModule *m)
{
    const uint8_t *pos[DK_N];
    D->ctx[0] = 0;
    D->field = "debug";
    int rc = scan_map(D, r, debug_keys, DK_N, pos);
    if (rc)
        return rc;
    uint64_t version;
    Rd v;
    D->field = "debug.version";
    if ((rc = need(D, pos[DK_VERSION])))
        return rc;
    v = at(r, pos[DK_VERSION]);
    RD(rd_uint(&v, UINT64_MAX, &version));
    if (version != FIR_DEBUG_VERSION)
        return 0;
    if ((pos[DK_TYPES] && (rc = dec_dbg_types(D, at(r, pos[DK_TYPES]), m))) ||
        (pos[DK_FUNCS] && (rc = dec_dbg_funcs(D, at(r, pos[DK_FUNCS]), m))) ||
        (pos[DK_GLOBALS] && (rc = dec_dbg_globals(D, at(r, pos[DK_GLOBALS]), m))))
        return rc;
    D->field = NULL;
    return 0;
}

/* --------------------------------------------------------------- module */

enum { MK_FLAGS, MK_FILES, MK_HOSTS, MK_GLOBALS, MK_FUNCS, MK_DEBUG, MK_N };
static const char *const module_keys[MK_N] = {"flags", "files", "hosts", "globals", "funcs",
                                              "debug"};

static int dec_module(Dec *D, Rd *r, FirModule *m)
{
    const uint8_t *pos[MK_N];
    int rc = scan_map(D, r, module_keys, MK_N, pos);
    if (rc)
        return rc;
    if (r->p != r->end)
        return derr(D, "%zu bytes after the module", (size_t)(r->end - r->p));
    Rd v;
    uint32_t n;
    uint64_t flags;
    if (pos[MK_FLAGS]) {
        D->field = "flags";
        v = at(r, pos[MK_FLAGS]);
        if ((rc = read_flags(D, &v, 0, &flags)))
            return rc;
    }
    if (pos[MK_FILES]) {
        D->field = "files";
        v = at(r, pos[MK_FILES]);
        RD(rd_count(&v, false, &n));
        for (uint32_t i = 0; i < n; i++) {
            if (grow(D, (void **)&m->files, &m->cap_files, m->nfiles + 1, sizeof *m->files))
                return FIR_ENOMEM;
            if ((rc = read_string(D, &v, true, &m->files[m->nfiles])))
                return rc;
            m->nfiles++;
        }
    }
    /* records: each kind's array grows as its elements decode */
    if (pos[MK_HOSTS]) {
        D->field = "hosts";
        v = at(r, pos[MK_HOSTS]);
        RD(rd_count(&v, false, &n));
        D->field = NULL;
        for (uint32_t i = 0; i < n; i++) {
            if (grow(D, (void **)&m->hosts, &m->cap_hosts, m->nhosts + 1, sizeof *m->hosts))
                return FIR_ENOMEM;
            if ((rc = dec_host(D, &v, m, i)))
                return rc;
        }
    }
    D->ctx[0] = 0;
    if (pos[MK_GLOBALS]) {
        D->field = "globals";
        v = at(r, pos[MK_GLOBALS]);
        RD(rd_count(&v, false, &n));
        D->field = NULL;
        for (uint32_t i = 0; i < n; i++) {
            if (grow(D, (void **)&m->globals, &m->cap_globals, m->nglobals + 1,
                     sizeof *m->globals))
                return FIR_ENOMEM;
            if ((rc = dec_global(D, &v, m, i)))
                return rc;
        }
    }
    D->ctx[0] = 0;
    if (pos[MK_FUNCS]) {
        D->field = "funcs";
        v = at(r, pos[MK_FUNCS]);
        RD(rd_count(&v, false, &n));
        D->field = NULL;
        for (uint32_t i = 0; i < n; i++) {
            if (grow(D, (void **)&m->funcs, &m->cap_funcs, m->nfuncs + 1, sizeof *m->funcs))
                return FIR_ENOMEM;
            if ((rc = dec_func(D, &v, m, i)))
                return rc;
        }
    }
    if (pos[MK_DEBUG]) {
        v = at(r, pos[MK_DEBUG]);
        if ((rc = dec_debug(D, &v, m)))
            return rc;
    }
    return 0;
}

int fir_decode(const uint8_t *data, size_t len, FirModule **out, FirError *err)
{
    *out = NULL;
    /* an image or a script may start with a "#!" line: skip it */
    if (len >= 2 && data[0] == '#' && data[1] == '!') {
        const uint8_t *nl = memchr(data, '\n', len);
        if (!nl)
            return fir_error_set(err, FIR_EFORMAT, "'#!' line without an end");
        len -= (size_t)(nl + 1 - data);
        data = nl + 1;
    }
    if (len < HEADER_SIZE || memcmp(data, "\x7f" "FIR", 4) != 0)
        return fir_error_set(err, FIR_EFORMAT, "not a FIR file (bad magic)");
    uint32_t version = (uint32_t)get_le(data + 4, 4);
    if (version != FIR_FORMAT_VERSION)
        return fir_error_set(err, FIR_EVERSION,
                             "unsupported format version %u (this build reads version %u)",
                             version, FIR_FORMAT_VERSION);
    if (len < HEADER_SIZE + TRAILER_SIZE + 1)
        return fir_error_set(err, FIR_EFORMAT, "truncated file");
    const uint8_t *payload = data + HEADER_SIZE;
    size_t plen = len - HEADER_SIZE - TRAILER_SIZE;
    if (fnv1a(payload, plen) != get_le(payload + plen, 8))
        return fir_error_set(err, FIR_EFORMAT, "integrity check failed (file damaged or truncated)");

    FirModule *m = fir_module_new();
    Dec D = {.err = err};
    Rd r = {payload, payload + plen};
    int rc = dec_module(&D, &r, m);
    if (rc) {
        fir_module_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

/* ================================================================= files */

int fir_read_file(const char *path, FirModule **out, FirError *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fir_error_set(err, FIR_EIO, "cannot open: %s", strerror(errno));
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? 2 * cap : 65536;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                close(fd);
                return fir_error_set(err, FIR_ENOMEM, "out of memory reading the file");
            }
            buf = nb;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return fir_error_set(err, FIR_EIO, "cannot read: %s", strerror(e));
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    int rc = fir_decode(buf, len, out, err);
    free(buf);
    return rc;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int fir_write_file(const char *path, const FirModule *m, FirError *err)
{
    uint8_t *data;
    size_t len;
    int rc = fir_encode(m, &data, &len, err);
    if (rc)
        return rc;
    /* write a temporary file beside the target, then rename over it, so a
     * crash leaves either the old file or the new one, never a torn one */
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 48);
    if (!tmp) {
        free(data);
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    }
    int fd = -1;
    for (unsigned attempt = 0; fd < 0 && attempt < 100; attempt++) {
        snprintf(tmp, plen + 48, "%s.tmp.%ld.%u", path, (long)getpid(), attempt);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        rc = fir_error_set(err, FIR_EIO, "cannot create a temporary file: %s", strerror(errno));
    } else if (write_all(fd, data, len) || fsync(fd)) {
        rc = fir_error_set(err, FIR_EIO, "cannot write: %s", strerror(errno));
        close(fd);
        unlink(tmp);
    } else if (close(fd) || rename(tmp, path)) {
        rc = fir_error_set(err, FIR_EIO, "cannot write: %s", strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    free(data);
    return rc;
}
