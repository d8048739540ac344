/*
 * unpack.c - a payload back into a process: frame and hash (image.c), the
 * msgpack body, fir_decode + fir_verify of the module, then vm__restore,
 * which checks the process state against the module before rebuilding it.
 *
 * How it works
 * - The body is read by a small cursor reader over the payload bytes (not
 *   msgpack_unpack, which would allocate what a hostile count asks for):
 *   every length is checked against the bytes that remain, maps are read by
 *   key in any order, unknown keys are skipped (room for later fields), and
 *   nesting is bounded.  Bins are not copied: the parts point into the
 *   payload.
 * - Every failure goes through one reporter that names the field, e.g.
 *   "image field 'heap.entries': expected bin".
 *
 * Invariants
 * - Memory allocated is proportional to the payload: every count is bounded
 *   by the bytes that carry it.
 * - The module is verified before any process state is looked at.
 */
#include "migrate/internal.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- reader */

typedef struct Rd {
    const uint8_t *p, *end;
    const char *field; /* what is being read, for messages */
    FirError *err;
    int rc;            /* first error */
} Rd;

static bool fail(Rd *r, const char *what)
{
    if (r->rc == 0)
        r->rc = fir_error_set(r->err, FIR_EFORMAT, "image field '%s': %s", r->field, what);
    r->p = r->end;
    return false;
}

static bool need(Rd *r, size_t n)
{
    if (r->rc || (size_t)(r->end - r->p) < n)
        return fail(r, "truncated");
    return true;
}

static uint64_t be(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* Reads a header byte and the big-endian length field of the given size. */
static bool len_field(Rd *r, int n, uint64_t *out)
{
    if (!need(r, (size_t)n))
        return false;
    *out = be(r->p, n);
    r->p += n;
    return true;
}

static bool rd_uint(Rd *r, uint64_t *out)
{
    if (!need(r, 1))
        return false;
    uint8_t c = *r->p++;
    if (c <= 0x7f) {
        *out = c;
        return true;
    }
    switch (c) {
    case 0xcc: return len_field(r, 1, out);
    case 0xcd: return len_field(r, 2, out);
    case 0xce: return len_field(r, 4, out);
    case 0xcf: return len_field(r, 8, out);
    default: return fail(r, "expected an unsigned integer");
    }
}

static bool rd_int(Rd *r, int64_t *out)
{
    if (!need(r, 1))
        return false;
    uint8_t c = *r->p;
    uint64_t v;
    if (c >= 0xe0) {
        r->p++;
        *out = (int8_t)c;
        return true;
    }
    if (c >= 0xd0 && c <= 0xd3) {
        r->p++;
        int n = 1 << (c - 0xd0);
        if (!len_field(r, n, &v))
            return false;
        int shift = 64 - 8 * n; /* sign-extend from n bytes */
        *out = shift ? (int64_t)(v << shift) >> shift : (int64_t)v;
        return true;
    }
    if (!rd_uint(r, &v))
        return false;
    if (v > INT64_MAX)
        return fail(r, "integer out of range");
    *out = (int64_t)v;
    return true;
}

static bool rd_u32(Rd *r, uint32_t *out)
{
    uint64_t v;
    if (!rd_uint(r, &v))
        return false;
    if (v > UINT32_MAX)
        return fail(r, "value out of range");
    *out = (uint32_t)v;
    return true;
}

/* str (raw) or bin: pointer into the payload and length. */
static bool rd_bytes(Rd *r, bool str, const uint8_t **out, size_t *len)
{
    if (!need(r, 1))
        return false;
    uint8_t c = *r->p++;
    uint64_t n = 0;
    if (str && (c & 0xe0) == 0xa0)
        n = c & 0x1f;
    else if (str && c == 0xd9)
        len_field(r, 1, &n);
    else if (str && c == 0xda)
        len_field(r, 2, &n);
    else if (str && c == 0xdb)
        len_field(r, 4, &n);
    else if (!str && c == 0xc4)
        len_field(r, 1, &n);
    else if (!str && c == 0xc5)
        len_field(r, 2, &n);
    else if (!str && c == 0xc6)
        len_field(r, 4, &n);
    else
        return fail(r, str ? "expected a string" : "expected bin");
    if (r->rc || !need(r, (size_t)n))
        return false;
    *out = r->p;
    *len = (size_t)n;
    r->p += n;
    return true;
}

static bool rd_header(Rd *r, bool map, uint64_t *n)
{
    if (!need(r, 1))
        return false;
    uint8_t c = *r->p++;
    bool ok;
    if (map && (c & 0xf0) == 0x80)
        *n = c & 0x0f, ok = true;
    else if (!map && (c & 0xf0) == 0x90)
        *n = c & 0x0f, ok = true;
    else if (c == (map ? 0xde : 0xdc))
        ok = len_field(r, 2, n);
    else if (c == (map ? 0xdf : 0xdd))
        ok = len_field(r, 4, n);
    else
        return fail(r, map ? "expected a map" : "expected an array");
    /* every element takes at least one byte (a map entry two) */
    if (ok && *n > (uint64_t)(r->end - r->p) / (map ? 2 : 1))
        return fail(r, "count larger than the data");
    return ok;
}

/* Skips one value of any type (unknown keys). */
static bool skip(Rd *r, int depth)
{
    if (depth > 32)
        return fail(r, "nested too deeply");
    if (!need(r, 1))
        return false;
    uint8_t c = *r->p;
    uint64_t n, v;
    const uint8_t *b;
    size_t bl;
    if (c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3) {
        r->p++;
        return true;
    }
    if ((c & 0xe0) == 0xa0 || (c >= 0xd9 && c <= 0xdb))
        return rd_bytes(r, true, &b, &bl);
    if (c >= 0xc4 && c <= 0xc6)
        return rd_bytes(r, false, &b, &bl);
    if ((c & 0xf0) == 0x80 || (c & 0xf0) == 0x90 || (c >= 0xdc && c <= 0xdf)) {
        bool map = (c & 0xf0) == 0x80 || c == 0xde || c == 0xdf;
        if (!rd_header(r, map, &n))
            return false;
        for (uint64_t i = 0; i < n * (map ? 2 : 1); i++)
            if (!skip(r, depth + 1))
                return false;
        return true;
    }
    switch (c) {
    case 0xca: r->p++; return len_field(r, 4, &v);
    case 0xcb: r->p++; return len_field(r, 8, &v);
    case 0xcc: case 0xcd: case 0xce: case 0xcf: return rd_uint(r, &v);
    case 0xd0: case 0xd1: case 0xd2: case 0xd3: { int64_t s; return rd_int(r, &s); }
    case 0xd4: case 0xd5: case 0xd6: case 0xd7: case 0xd8: /* fixext */
        r->p++;
        return need(r, 1 + ((size_t)1 << (c - 0xd4))) &&
               (r->p += 1 + ((size_t)1 << (c - 0xd4)), true);
    case 0xc7: case 0xc8: case 0xc9: /* ext */
        r->p++;
        if (!len_field(r, 1 << (c - 0xc7), &n) || !need(r, 1) || !need(r, 1 + (size_t)n))
            return false;
        r->p += 1 + n;
        return true;
    default:
        return fail(r, "unknown msgpack type");
    }
}

/* Reads a map key; true with *k set, or false at error. */
static bool rd_key(Rd *r, char *k, size_t size)
{
    const uint8_t *s;
    size_t n;
    if (!rd_bytes(r, true, &s, &n))
        return false;
    if (n >= size)
        n = size - 1; /* long unknown keys just do not match */
    memcpy(k, s, n);
    k[n] = '\0';
    return true;
}

static bool is_nil(Rd *r)
{
    if (r->p < r->end && *r->p == 0xc0) {
        r->p++;
        return true;
    }
    return false;
}

/* ----------------------------------------------------------------- body */

typedef struct Body {
    const uint8_t *mod;
    size_t modlen;
    bool have_mod, have_heap, have_fb, have_gb, have_stack, have_files;
    uint64_t ntab, stamp;
    const uint8_t *entries, *data, *free_list, *quar, *fb, *gb, *frames, *regs;
    size_t nentries, ndata, nfree, nquar, nfb, ngb, nframes_b, nregs_b;
    uint64_t quar_kept, peak, nallocs, nreclaims;
    uint64_t nframes, next_serial, calls;
    VmPartFile *files;
    uint32_t nfiles;
    bool have_spec, have_levels, have_held;
    uint64_t spec_owner, spec_next_seq;
    VmPartLevel *levels;
    uint32_t nlevels;
    const uint8_t *log, *logbytes;
    size_t nlog_b, nlogbytes;
    VmPartReplay *replay;
    uint32_t nreplay;
} Body;

static bool set(Rd *r, const char *name)
{
    r->field = name;
    return true;
}

static bool read_heap(Rd *r, Body *b)
{
    uint64_t n;
    char k[32];
    set(r, "heap");
    if (b->have_heap)
        return fail(r, "duplicate field");
    if (!rd_header(r, true, &n))
        return false;
    bool ok = true;
    for (uint64_t i = 0; ok && i < n; i++) {
        set(r, "heap");
        if (!rd_key(r, k, sizeof k))
            return false;
        if (strcmp(k, "ntab") == 0)
            ok = set(r, "heap.ntab") && rd_uint(r, &b->ntab);
        else if (strcmp(k, "stamp") == 0)
            ok = set(r, "heap.stamp") && rd_uint(r, &b->stamp);
        else if (strcmp(k, "entries") == 0)
            ok = set(r, "heap.entries") && rd_bytes(r, false, &b->entries, &b->nentries);
        else if (strcmp(k, "data") == 0)
            ok = set(r, "heap.data") && rd_bytes(r, false, &b->data, &b->ndata);
        else if (strcmp(k, "free") == 0)
            ok = set(r, "heap.free") && rd_bytes(r, false, &b->free_list, &b->nfree);
        else if (strcmp(k, "quar") == 0)
            ok = set(r, "heap.quar") && rd_bytes(r, false, &b->quar, &b->nquar);
        else if (strcmp(k, "quar_kept") == 0)
            ok = set(r, "heap.quar_kept") && rd_uint(r, &b->quar_kept);
        else if (strcmp(k, "peak") == 0)
            ok = set(r, "heap.peak") && rd_uint(r, &b->peak);
        else if (strcmp(k, "nallocs") == 0)
            ok = set(r, "heap.nallocs") && rd_uint(r, &b->nallocs);
        else if (strcmp(k, "nreclaims") == 0)
            ok = set(r, "heap.nreclaims") && rd_uint(r, &b->nreclaims);
        else
            ok = skip(r, 1);
    }
    if (ok && !b->entries)
        return set(r, "heap.entries") && fail(r, "missing");
    if (ok && !b->data)
        return set(r, "heap.data") && fail(r, "missing");
    b->have_heap = ok;
    return ok;
}

static bool read_stack(Rd *r, Body *b)
{
    uint64_t n;
    char k[32];
    set(r, "stack");
    if (b->have_stack)
        return fail(r, "duplicate field");
    if (!rd_header(r, true, &n))
        return false;
    bool ok = true;
    for (uint64_t i = 0; ok && i < n; i++) {
        set(r, "stack");
        if (!rd_key(r, k, sizeof k))
            return false;
        if (strcmp(k, "frames") == 0)
            ok = set(r, "stack.frames") && rd_bytes(r, false, &b->frames, &b->nframes_b);
        else if (strcmp(k, "regs") == 0)
            ok = set(r, "stack.regs") && rd_bytes(r, false, &b->regs, &b->nregs_b);
        else if (strcmp(k, "nframes") == 0)
            ok = set(r, "stack.nframes") && rd_uint(r, &b->nframes);
        else if (strcmp(k, "next_serial") == 0)
            ok = set(r, "stack.next_serial") && rd_uint(r, &b->next_serial);
        else if (strcmp(k, "calls") == 0)
            ok = set(r, "stack.calls") && rd_uint(r, &b->calls);
        else
            ok = skip(r, 1);
    }
    if (ok && (!b->frames || !b->regs))
        return set(r, b->frames ? "stack.regs" : "stack.frames") && fail(r, "missing");
    b->have_stack = ok;
    return ok;
}

/* Paths are copied into one block after the file records (NUL-terminated). */
static bool read_files(Rd *r, Body *b)
{
    uint64_t n;
    set(r, "files");
    if (b->have_files || b->files)
        return fail(r, "duplicate field");
    if (!rd_header(r, false, &n))
        return false;
    if (n > 1024)
        return fail(r, "too many files");
    b->files = calloc(n ? n : 1, sizeof *b->files);
    if (!b->files)
        return fail(r, "out of memory");
    b->nfiles = (uint32_t)n;
    for (uint64_t i = 0; i < n; i++) {
        VmPartFile *f = &b->files[i];
        uint64_t m;
        int64_t flags;
        set(r, "files");
        if (!rd_header(r, false, &m))
            return false;
        if (m < 4)
            return fail(r, "expected [fd, flags, path, offset]");
        if (!set(r, "files.fd") || !rd_u32(r, &f->fd) || !set(r, "files.flags") ||
            !rd_int(r, &flags))
            return false;
        if (flags < INT32_MIN || flags > INT32_MAX)
            return fail(r, "value out of range");
        f->flags = (int32_t)flags;
        set(r, "files.path");
        if (!is_nil(r)) {
            const uint8_t *s;
            size_t sl;
            if (!rd_bytes(r, true, &s, &sl))
                return false;
            if (sl == 0 || memchr(s, 0, sl))
                return fail(r, "bad path");
            char *path = malloc(sl + 1);
            if (!path)
                return fail(r, "out of memory");
            memcpy(path, s, sl);
            path[sl] = '\0';
            f->path = path;
        }
        if (!set(r, "files.offset") || !rd_int(r, &f->offset))
            return false;
        for (uint64_t j = 4; j < m; j++)
            if (!skip(r, 2))
                return false;
    }
    b->have_files = true;
    return true;
}

static void free_body(Body *b)
{
    for (uint32_t i = 0; b->files && i < b->nfiles; i++)
        free((char *)b->files[i].path);
    free(b->files);
    free(b->levels);
    free(b->replay);
}

/* "spec": {owner, next_seq}. */
static bool read_spec(Rd *r, Body *b)
{
    uint64_t n;
    char k[32];
    set(r, "spec");
    if (b->have_spec)
        return fail(r, "duplicate field");
    if (!rd_header(r, true, &n))
        return false;
    bool ok = true;
    for (uint64_t i = 0; ok && i < n; i++) {
        set(r, "spec");
        if (!rd_key(r, k, sizeof k))
            return false;
        if (strcmp(k, "owner") == 0)
            ok = set(r, "spec.owner") && rd_uint(r, &b->spec_owner) &&
                 (b->spec_owner <= UINT32_MAX || fail(r, "value out of range"));
        else if (strcmp(k, "next_seq") == 0)
            ok = set(r, "spec.next_seq") && rd_uint(r, &b->spec_next_seq);
        else
            ok = skip(r, 1);
    }
    b->have_spec = ok;
    return ok;
}

/* A bin of fixed records: its length must be a multiple of size. */
static bool rd_records(Rd *r, const char *name, size_t size, const uint8_t **out, uint64_t *n)
{
    size_t len;
    set(r, name);
    if (!rd_bytes(r, false, out, &len))
        return false;
    if (len % size)
        return fail(r, "size does not match");
    *n = len / size;
    return true;
}

static bool rd_bool(Rd *r, bool *out)
{
    if (!need(r, 1))
        return false;
    if (*r->p != 0xc2 && *r->p != 0xc3)
        return fail(r, "expected a boolean");
    *out = *r->p++ == 0xc3;
    return true;
}

static bool read_level(Rd *r, VmPartLevel *l)
{
    uint64_t n, v = 0;
    char k[32];
    bool have_id = false, have_seq = false;
    set(r, "levels");
    if (!rd_header(r, true, &n))
        return false;
    bool ok = true;
    for (uint64_t i = 0; ok && i < n; i++) {
        set(r, "levels");
        if (!rd_key(r, k, sizeof k))
            return false;
        if (strcmp(k, "id") == 0) {
            ok = set(r, "levels.id") && rd_uint(r, &v) &&
                 (v <= INT32_MAX || fail(r, "value out of range"));
            l->id = (int32_t)v;
            have_id = ok;
        } else if (strcmp(k, "owner") == 0) {
            ok = set(r, "levels.owner") && rd_u32(r, &l->owner);
        } else if (strcmp(k, "seq") == 0) {
            ok = set(r, "levels.seq") && rd_uint(r, &l->seq);
            have_seq = ok;
        } else if (strcmp(k, "implicit") == 0) {
            ok = set(r, "levels.implicit") && rd_bool(r, &l->implicit);
        } else if (strcmp(k, "deps") == 0) {
            ok = rd_records(r, "levels.deps", 12, &l->deps, &v);
            l->ndeps = (uint32_t)v; /* at most len / 12 */
        } else if (strcmp(k, "mark") == 0) {
            ok = set(r, "levels.mark") && rd_uint(r, &l->mark);
        } else if (strcmp(k, "frames") == 0) {
            ok = rd_records(r, "levels.frames", VM_FRAME_BYTES, &l->frames, &v);
            l->nframes = (uint32_t)v;
        } else if (strcmp(k, "next_serial") == 0) {
            ok = set(r, "levels.next_serial") && rd_uint(r, &l->next_serial);
        } else if (strcmp(k, "regs") == 0) {
            ok = rd_records(r, "levels.regs", 8, &l->regs, &l->nregs);
        } else if (strcmp(k, "recs") == 0) {
            ok = rd_records(r, "levels.recs", VM_REC_BYTES, &l->recs, &v);
            l->nrecs = (uint32_t)v;
        } else if (strcmp(k, "pages") == 0) {
            ok = rd_records(r, "levels.pages", 4, &l->pages, &l->npages);
        } else if (strcmp(k, "saved") == 0) {
            ok = rd_records(r, "levels.saved", 1, &l->saved, &l->nsaved);
        } else {
            ok = skip(r, 2);
        }
    }
    if (ok && (!have_id || !have_seq || !l->frames || !l->regs))
        return set(r, !have_id    ? "levels.id"
                      : !have_seq ? "levels.seq"
                      : !l->frames ? "levels.frames"
                                   : "levels.regs") &&
               fail(r, "missing");
    return ok;
}

static bool read_levels(Rd *r, Body *b)
{
    uint64_t n;
    set(r, "levels");
    if (b->have_levels)
        return fail(r, "duplicate field");
    if (!rd_header(r, false, &n))
        return false;
    if (n > (uint64_t)(r->end - r->p) / 16) /* a level takes more than 16 bytes */
        return fail(r, "count larger than the data");
    b->levels = calloc(n ? n : 1, sizeof *b->levels);
    if (!b->levels)
        return fail(r, "out of memory");
    b->nlevels = (uint32_t)n;
    for (uint64_t i = 0; i < n; i++)
        if (!read_level(r, &b->levels[i]))
            return false;
    b->have_levels = true;
    return true;
}

/* "held": {log, bytes, replay: [[fd, bin] ...]}; an empty bin is "none"
 * (images written before levels were packed). */
static bool read_held(Rd *r, Body *b)
{
    uint64_t n, v;
    char k[32];
    set(r, "held");
    if (b->have_held)
        return fail(r, "duplicate field");
    b->have_held = true;
    if (r->p < r->end && *r->p == 0xc4) {
        const uint8_t *h;
        size_t len;
        return rd_bytes(r, false, &h, &len) && (len == 0 || fail(r, "expected a map"));
    }
    if (!rd_header(r, true, &n))
        return false;
    bool ok = true;
    for (uint64_t i = 0; ok && i < n; i++) {
        set(r, "held");
        if (!rd_key(r, k, sizeof k))
            return false;
        if (strcmp(k, "log") == 0) {
            ok = rd_records(r, "held.log", VM_LOG_BYTES, &b->log, &v);
            b->nlog_b = (size_t)v;
        } else if (strcmp(k, "bytes") == 0) {
            ok = set(r, "held.bytes") && rd_bytes(r, false, &b->logbytes, &b->nlogbytes);
        } else if (strcmp(k, "replay") == 0) {
            set(r, "held.replay");
            if (b->replay)
                return fail(r, "duplicate field");
            if (!rd_header(r, false, &v))
                return false;
            if (v > (uint64_t)(r->end - r->p) / 4) /* [fd, bin] takes 4 bytes */
                return fail(r, "count larger than the data");
            b->replay = calloc(v ? v : 1, sizeof *b->replay);
            if (!b->replay)
                return fail(r, "out of memory");
            b->nreplay = (uint32_t)v;
            for (uint64_t j = 0; ok && j < v; j++) {
                VmPartReplay *rp = &b->replay[j];
                uint64_t m;
                int64_t fd;
                size_t len;
                set(r, "held.replay");
                if (!rd_header(r, false, &m))
                    return false;
                if (m != 2)
                    return fail(r, "expected [fd, bytes]");
                ok = rd_int(r, &fd) && (fd >= 0 && fd <= INT32_MAX ? true
                                                                    : fail(r, "bad fd")) &&
                     rd_bytes(r, false, &rp->bytes, &len);
                rp->fd = (int32_t)fd;
                rp->n = len;
            }
        } else {
            ok = skip(r, 1);
        }
    }
    return ok;
}

static bool read_body(Rd *r, Body *b)
{
    uint64_t n;
    char k[32];
    set(r, "body");
    if (!rd_header(r, true, &n))
        return false;
    bool ok = true;
    for (uint64_t i = 0; ok && i < n; i++) {
        set(r, "body");
        if (!rd_key(r, k, sizeof k))
            return false;
        if (strcmp(k, "module") == 0)
            ok = set(r, "module") && rd_bytes(r, false, &b->mod, &b->modlen) &&
                 (b->have_mod = true);
        else if (strcmp(k, "heap") == 0)
            ok = read_heap(r, b);
        else if (strcmp(k, "fblocks") == 0)
            ok = set(r, "fblocks") && rd_bytes(r, false, &b->fb, &b->nfb) && (b->have_fb = true);
        else if (strcmp(k, "gblocks") == 0)
            ok = set(r, "gblocks") && rd_bytes(r, false, &b->gb, &b->ngb) && (b->have_gb = true);
        else if (strcmp(k, "stack") == 0)
            ok = read_stack(r, b);
        else if (strcmp(k, "files") == 0)
            ok = read_files(r, b);
        else if (strcmp(k, "spec") == 0)
            ok = read_spec(r, b);
        else if (strcmp(k, "levels") == 0)
            ok = read_levels(r, b);
        else if (strcmp(k, "held") == 0)
            ok = read_held(r, b);
        else
            ok = skip(r, 0);
    }
    if (!ok)
        return false;
    if (r->p != r->end)
        return set(r, "body") && fail(r, "unexpected bytes after the map");
    static const char *const names[] = {"module", "heap", "fblocks", "gblocks", "stack",
                                        "files"};
    bool have[] = {b->have_mod, b->have_heap, b->have_fb, b->have_gb, b->have_stack,
                   b->have_files};
    for (size_t i = 0; i < sizeof have / sizeof *have; i++)
        if (!have[i])
            return set(r, names[i]) && fail(r, "missing");
    return true;
}

/* Sizes of the bins against the counts they carry. */
static int check_sizes(const Body *b, const FirModule *m, FirError *err)
{
    const char *f = NULL;
    if (b->ntab < 1 || b->ntab > UINT32_MAX || b->nentries != (b->ntab - 1) * VM_ENTRY_BYTES)
        f = "heap.entries";
    else if (b->stamp > UINT32_MAX)
        f = "heap.stamp";
    else if (b->nfree % 4 || b->nfree / 4 >= b->ntab)
        f = "heap.free";
    else if (b->nquar % 4 || b->nquar / 4 >= b->ntab)
        f = "heap.quar";
    else if (b->quar_kept > b->nquar / 4)
        f = "heap.quar_kept";
    else if (b->nfb != (size_t)m->nfuncs * 4)
        f = "fblocks";
    else if (b->ngb != (size_t)m->nglobals * 4)
        f = "gblocks";
    else if (b->nframes > UINT32_MAX || b->nframes_b != b->nframes * VM_FRAME_BYTES)
        f = "stack.frames";
    else if (b->nregs_b % 8)
        f = "stack.regs";
    if (f)
        return fir_error_set(err, FIR_EFORMAT, "image field '%s': size does not match", f);
    return 0;
}

int mig_unpack_signed(const uint8_t *data, size_t len, const VmOptions *opt,
                      const MigSigner *signer, VmProcess **out, FirError *err)
{
    uint8_t hash[MIG_HASH_BYTES];
    int rc = mig_check_payload(data, len, hash, err);
    if (rc < 0)
        return rc;
    bool signed_ = mig__get32(data + 12) & MIG_FLAG_SIGNED;
    size_t body_len = (size_t)mig__get64(data + 16);
    if (signer && signer->require && !signed_)
        return fir_error_set(err, FIR_EINVAL, "the image is not signed");
    if (signer && signer->verify && signed_) {
        rc = signer->verify(signer->ctx, hash,
                            data + MIG_HEADER_BYTES + body_len + MIG_HASH_BYTES, err);
        if (rc < 0)
            return rc;
    }
    Body b = {0};
    Rd r = {data + MIG_HEADER_BYTES, data + MIG_HEADER_BYTES + body_len, "body", err, 0};
    if (!read_body(&r, &b)) {
        free_body(&b);
        return r.rc;
    }
    FirModule *m = NULL;
    FirError e2 = {0};
    rc = fir_decode(b.mod, b.modlen, &m, &e2);
    if (rc == 0 && (rc = fir_verify(m, &e2)) < 0)
        rc = fir_error_set(err, rc, "image module: verification failed: %s", e2.msg);
    else if (rc < 0)
        rc = fir_error_set(err, rc, "image module: %s", e2.msg);
    if (rc == 0)
        rc = check_sizes(&b, m, err);
    VmProcess *p = NULL;
    if (rc == 0 && !(p = vm_process_new(opt)))
        rc = fir_error_set(err, FIR_ENOMEM, "out of memory");
    if (rc == 0) {
        VmParts parts = {
            .mod = m, .ntab = (uint32_t)b.ntab, .entries = b.entries, .data = b.data,
            .ndata = b.ndata, .stamp = (uint32_t)b.stamp, .free_list = b.free_list,
            .nfree = (uint32_t)(b.nfree / 4), .quar = b.quar, .nquar = (uint32_t)(b.nquar / 4),
            .quar_kept = (uint32_t)b.quar_kept, .peak_bytes = b.peak, .nallocs = b.nallocs,
            .nreclaims = b.nreclaims, .fblocks = b.fb, .gblocks = b.gb, .frames = b.frames,
            .nframes = (uint32_t)b.nframes, .regs = b.regs, .nregs = b.nregs_b / 8,
            .next_serial = b.next_serial, .calls = b.calls, .files = b.files,
            .nfiles = b.nfiles, .spec_owner = (uint32_t)b.spec_owner,
            .spec_next_seq = b.spec_next_seq, .levels = b.levels, .nlevels = b.nlevels,
            .log = b.log, .nlog = b.nlog_b, .logbytes = b.logbytes, .nlogbytes = b.nlogbytes,
            .replay = b.replay, .nreplay = b.nreplay};
        rc = vm__restore(p, &parts, err);
    }
    free_body(&b);
    if (rc < 0) {
        vm_process_free(p); /* before the module: its code points into it */
        fir_module_free(m);
        return rc;
    }
    *out = p;
    return 0;
}

int mig_unpack(const uint8_t *data, size_t len, const VmOptions *opt, VmProcess **out,
               FirError *err)
{
    return mig_unpack_signed(data, len, opt, NULL, out, err);
}
