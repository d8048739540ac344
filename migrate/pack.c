/*
 * pack.c - a process into a payload, and the handler of the `migrate`
 * instruction (checkpoint, suspend, and the network target of mig-net).
 *
 * How it works
 * - The body is one msgpack map written with msgpack-c's packer into a
 *   buffer sized up front (module + table + heap + stack), so packing a big
 *   heap is a few memcpys and one hash.  Bulk state (table entries, heap
 *   bytes, frames, registers) is packed as bins of the fixed little-endian
 *   records of vm/internal.h (VmParts); small things are msgpack values.
 *   docs/DESIGN.md (appendix) lists every key.
 * - The process must be between instructions (inside the migrate hook the
 *   top frame already points after the migrate instruction and its result
 *   register holds 0, so the image resumes as "migrate() returned 0").
 * - Files: every open guest fd is packed with its path, its FIR open flags
 *   and its current offset; fds 0-2 that are still the host's streams are
 *   packed without a path (the resuming host's own streams).
 * - Speculation: the open levels (identity, log mark, the VM stack of their
 *   entry, their records with the saved bytes), the held-I/O log and the
 *   replay buffers are read from spec/'s plain structures; blocks freed
 *   inside a level are DEAD entries that keep their bytes (entry flag 1).
 *   Held output is not written by packing: it belongs to whoever resumes
 *   the image (and to this process if it goes on, for a checkpoint).
 *
 * Invariants
 * - No host address, no host fd number, no pre-decoded code is packed: only
 *   FIR, indexes, sizes, bytes and FIR pcs.
 * - Packing does not change the process (apart from a collection, when gc
 *   offers one).
 */
#include "migrate/internal.h"

#include <errno.h>
#include <msgpack.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------- buffer */

typedef struct Buf {
    uint8_t *p;
    size_t len, cap;
    bool failed;
} Buf;

static bool buf_reserve(Buf *b, size_t more)
{
    if (b->failed)
        return false;
    if (more <= b->cap - b->len)
        return true;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap - b->len < more) {
        if (cap > SIZE_MAX / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    uint8_t *p = realloc(b->p, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    return true;
}

static int buf_write(void *data, const char *s, size_t n)
{
    Buf *b = data;
    if (!buf_reserve(b, n))
        return -1;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    return 0;
}

/* Little-endian records appended straight into the buffer. */
static uint8_t *buf_bytes(Buf *b, size_t n)
{
    if (!buf_reserve(b, n))
        return NULL;
    uint8_t *p = b->p + b->len;
    b->len += n;
    return p;
}

static void key(msgpack_packer *pk, const char *k)
{
    msgpack_pack_str_with_body(pk, k, strlen(k));
}

static void kv_uint(msgpack_packer *pk, const char *k, uint64_t v)
{
    key(pk, k);
    msgpack_pack_uint64(pk, v);
}

/* ----------------------------------------------------------------- parts */

/* A block freed inside a speculation level keeps its bytes (DEAD, data !=
 * NULL, size in aux) until the level ends: packed with entry flag 1. */
static uint8_t kept(const GcEntry *g)
{
    return g->kind == GC_KIND_DEAD && g->data != NULL;
}

static void pack_heap(msgpack_packer *pk, Buf *b, const GcHeap *h, uint64_t live)
{
    msgpack_pack_map(pk, 10);
    kv_uint(pk, "ntab", h->len);
    kv_uint(pk, "stamp", 1); /* epochs restart on the resuming host */
    key(pk, "entries");
    msgpack_pack_bin(pk, (size_t)(h->len - 1) * VM_ENTRY_BYTES);
    uint8_t *e = buf_bytes(b, (size_t)(h->len - 1) * VM_ENTRY_BYTES);
    for (uint32_t i = 1; e && i < h->len; i++, e += VM_ENTRY_BYTES) {
        const GcEntry *g = &h->tab[i];
        bool none = g->kind == GC_KIND_NONE;
        e[0] = g->kind;
        e[1] = g->kind == GC_KIND_DEAD ? g->prev_kind : 0;
        e[2] = 0; /* every restored block is old */
        e[3] = kept(g);
        mig__put32(e + 4, g->size);
        /* stamps are epochs of this host: only "read-only" is portable, the
         * rest is packed as an old epoch (first stores take the slow path) */
        bool ro = g->kind == GC_KIND_CONST || g->kind == GC_KIND_FUNC;
        mig__put32(e + 8, ro ? GC_STAMP_READONLY : 0);
        mig__put32(e + 12, none ? 0 : g->aux);
    }
    key(pk, "data");
    msgpack_pack_bin(pk, (size_t)live);
    for (uint32_t i = 1; i < h->len; i++) {
        const GcEntry *g = &h->tab[i];
        if (gc_data(h, i) && g->size)
            msgpack_pack_bin_body(pk, g->data, g->size);
        else if (kept(g) && g->aux)
            msgpack_pack_bin_body(pk, g->data, g->aux);
    }
    key(pk, "free");
    msgpack_pack_bin(pk, (size_t)h->nfree * 4);
    uint8_t *f = buf_bytes(b, (size_t)h->nfree * 4);
    for (uint32_t k = 0, i = h->free_head; f && k < h->nfree; k++, i = h->tab[i].aux)
        mig__put32(f + 4 * (size_t)k, i);
    /* freed indexes still named somewhere (the collector has no quarantine
     * list: they are the DEAD entries), in index order */
    uint32_t ndead = 0;
    for (uint32_t i = 1; i < h->len; i++)
        ndead += h->tab[i].kind == GC_KIND_DEAD;
    key(pk, "quar");
    msgpack_pack_bin(pk, (size_t)ndead * 4);
    uint8_t *q = buf_bytes(b, (size_t)ndead * 4);
    for (uint32_t i = 1, k = 0; q && i < h->len; i++)
        if (h->tab[i].kind == GC_KIND_DEAD)
            mig__put32(q + 4 * (size_t)k++, i);
    kv_uint(pk, "quar_kept", 0);
    kv_uint(pk, "peak", h->peak_bytes);
    kv_uint(pk, "nallocs", h->nallocs);
    kv_uint(pk, "nreclaims", 0); /* collections are counted per host */
}

static void pack_blocks(msgpack_packer *pk, Buf *b, const char *k, const uint32_t *v,
                        uint32_t n, size_t stride)
{
    key(pk, k);
    msgpack_pack_bin(pk, (size_t)n * 4);
    uint8_t *o = buf_bytes(b, (size_t)n * 4);
    for (uint32_t i = 0; o && i < n; i++)
        mig__put32(o + 4 * (size_t)i, *(const uint32_t *)((const uint8_t *)v + stride * i));
}

static void pack_stack(msgpack_packer *pk, Buf *b, const VmProcess *p, uint64_t nregs)
{
    msgpack_pack_map(pk, 5);
    key(pk, "frames");
    msgpack_pack_bin(pk, (size_t)p->nframes * VM_FRAME_BYTES);
    uint8_t *o = buf_bytes(b, (size_t)p->nframes * VM_FRAME_BYTES);
    for (uint32_t k = 0; o && k < p->nframes; k++, o += VM_FRAME_BYTES) {
        const VmFrame *fr = &p->frames[k];
        mig__put32(o, fr->func);
        mig__put32(o + 4, fr->pc);
        mig__put64(o + 8, fr->base);
        mig__put32(o + 16, fr->dst);
        mig__put32(o + 20, fr->blocks);
        mig__put64(o + 24, fr->serial);
    }
    key(pk, "regs");
    msgpack_pack_bin(pk, (size_t)nregs * 8);
    o = buf_bytes(b, (size_t)nregs * 8);
    for (uint64_t i = 0; o && i < nregs; i++)
        mig__put64(o + 8 * i, p->regs[i].u64);
    kv_uint(pk, "nframes", p->nframes);
    kv_uint(pk, "next_serial", p->next_serial);
    kv_uint(pk, "calls", p->calls);
}

/* [fd, flags, path or nil, offset] per open guest fd. */
static void pack_files(msgpack_packer *pk, const VmProcess *p)
{
    static const VmFile std[3] = {{0, 0, NULL}, {1, 1, NULL}, {2, 1, NULL}};
    const VmFile *t = p->files ? p->files : std;
    uint32_t n = p->files ? p->nfiles : 3, open = 0;
    for (uint32_t i = 0; i < n; i++)
        open += t[i].host >= 0;
    msgpack_pack_array(pk, open);
    for (uint32_t i = 0; i < n; i++) {
        if (t[i].host < 0)
            continue;
        msgpack_pack_array(pk, 4);
        msgpack_pack_uint32(pk, i);
        msgpack_pack_int32(pk, t[i].flags);
        int64_t off = -1;
        if (t[i].path) {
            msgpack_pack_str_with_body(pk, t[i].path, strlen(t[i].path));
            off_t o = lseek(t[i].host, 0, SEEK_CUR);
            off = o < 0 ? -1 : (int64_t)o;
        } else {
            msgpack_pack_nil(pk);
        }
        msgpack_pack_int64(pk, off);
    }
}

/* Bytes of the k-th saved page of PAGES record r. */
static size_t page_len(const SpecRec *r, uint32_t k)
{
    uint64_t off = (uint64_t)r->pages[k] * SPEC_PAGE_SIZE;
    return r->size - off < SPEC_PAGE_SIZE ? (size_t)(r->size - off) : SPEC_PAGE_SIZE;
}

/* One speculation level: identity, log mark, the VM stack at its entry
 * (the layouts of "stack"), and its records with their saved bytes. */
static void pack_level(msgpack_packer *pk, Buf *b, const SpecState *s, const SpecLevel *l)
{
    msgpack_pack_map(pk, 12);
    kv_uint(pk, "id", (uint64_t)l->id);
    kv_uint(pk, "owner", l->gid.owner);
    kv_uint(pk, "seq", l->gid.seq);
    key(pk, "implicit");
    if (l->implicit)
        msgpack_pack_true(pk);
    else
        msgpack_pack_false(pk);
    key(pk, "deps");
    msgpack_pack_bin(pk, (size_t)l->ndeps * 12);
    uint8_t *o = buf_bytes(b, (size_t)l->ndeps * 12);
    for (uint32_t i = 0; o && i < l->ndeps; i++, o += 12) {
        mig__put32(o, l->deps[i].owner);
        mig__put64(o + 4, l->deps[i].seq);
    }
    kv_uint(pk, "mark", spec_level_mark(s, l));
    uint32_t nframes = vm__spec_snap_nframes(l);
    key(pk, "frames");
    msgpack_pack_bin(pk, (size_t)nframes * VM_FRAME_BYTES);
    o = buf_bytes(b, (size_t)nframes * VM_FRAME_BYTES);
    for (uint32_t k = 0; o && k < nframes; k++, o += VM_FRAME_BYTES) {
        VmFrame fr = vm__spec_snap_frame(l, k);
        mig__put32(o, fr.func);
        mig__put32(o + 4, fr.pc);
        mig__put64(o + 8, fr.base);
        mig__put32(o + 16, fr.dst);
        mig__put32(o + 20, fr.blocks);
        mig__put64(o + 24, fr.serial);
    }
    kv_uint(pk, "next_serial", vm__spec_snap_serial(l));
    key(pk, "regs");
    msgpack_pack_bin(pk, l->nregs * 8);
    o = buf_bytes(b, l->nregs * 8);
    for (size_t i = 0; o && i < l->nregs; i++)
        mig__put64(o + 8 * i, l->regs[i]);
    key(pk, "recs");
    msgpack_pack_bin(pk, (size_t)l->nrecs * VM_REC_BYTES);
    o = buf_bytes(b, (size_t)l->nrecs * VM_REC_BYTES);
    uint64_t npages = 0, nsaved = 0;
    for (uint32_t i = 0; o && i < l->nrecs; i++, o += VM_REC_BYTES) {
        const SpecRec *r = &s->rec[l->recs[i]];
        uint32_t np = r->kind == SPEC_REC_PAGES ? r->npages : 0;
        memset(o, 0, VM_REC_BYTES);
        mig__put32(o, r->idx);
        o[4] = r->kind;
        o[5] = r->kind == SPEC_REC_FREE ? r->old_kind : 0;
        mig__put32(o + 8, r->kind == SPEC_REC_ALLOC ? 0 : r->size);
        mig__put32(o + 12, r->kind == SPEC_REC_FREE ? r->aux : 0);
        mig__put32(o + 16, np);
        npages += np;
        if (r->kind == SPEC_REC_SAVE)
            nsaved += r->size;
        for (uint32_t k = 0; k < np; k++)
            nsaved += page_len(r, k);
    }
    key(pk, "pages");
    msgpack_pack_bin(pk, (size_t)npages * 4);
    o = buf_bytes(b, (size_t)npages * 4);
    for (uint32_t i = 0; o && i < l->nrecs; i++) {
        const SpecRec *r = &s->rec[l->recs[i]];
        for (uint32_t k = 0; r->kind == SPEC_REC_PAGES && k < r->npages; k++, o += 4)
            mig__put32(o, r->pages[k]);
    }
    key(pk, "saved");
    msgpack_pack_bin(pk, (size_t)nsaved);
    for (uint32_t i = 0; i < l->nrecs; i++) {
        const SpecRec *r = &s->rec[l->recs[i]];
        if (r->kind == SPEC_REC_SAVE && r->size)
            msgpack_pack_bin_body(pk, r->bytes, r->size);
        for (uint32_t k = 0; r->kind == SPEC_REC_PAGES && k < r->npages; k++)
            msgpack_pack_bin_body(pk, r->bytes + (size_t)k * SPEC_PAGE_SIZE, page_len(r, k));
    }
}

/* "spec" (global fields), "levels" (outermost first) and "held" (the
 * held-I/O log and the replay buffers). */
static void pack_spec(msgpack_packer *pk, Buf *b, const SpecState *s)
{
    key(pk, "spec");
    msgpack_pack_map(pk, 2);
    kv_uint(pk, "owner", s ? s->owner : 0);
    kv_uint(pk, "next_seq", s ? s->next_seq : 0);
    key(pk, "levels");
    msgpack_pack_array(pk, s ? s->nopen : 0);
    for (const SpecLevel *l = s ? s->first : NULL; l; l = l->next)
        pack_level(pk, b, s, l);
    const SpecIo *io = s ? &s->io : NULL;
    uint64_t nent = io ? io->nent : 0, nbytes = 0;
    key(pk, "held");
    msgpack_pack_map(pk, 3);
    key(pk, "log");
    msgpack_pack_bin(pk, (size_t)nent * VM_LOG_BYTES);
    uint8_t *o = buf_bytes(b, (size_t)nent * VM_LOG_BYTES);
    for (uint64_t i = 0; o && i < nent; i++, o += VM_LOG_BYTES) {
        const SpecIoEntry *e = &io->ent[i];
        memset(o, 0, VM_LOG_BYTES);
        mig__put32(o, (uint32_t)e->fd);
        o[4] = e->kind;
        mig__put64(o + 8, e->len);
        nbytes += e->len;
    }
    key(pk, "bytes");
    msgpack_pack_bin(pk, (size_t)nbytes);
    for (uint64_t i = 0; i < nent; i++)
        if (io->ent[i].len)
            msgpack_pack_bin_body(pk, io->bytes + io->ent[i].off, (size_t)io->ent[i].len);
    uint32_t nreplay = 0;
    for (uint32_t i = 0; io && i < io->nreplay; i++)
        nreplay += io->replay[i].len > 0;
    key(pk, "replay");
    msgpack_pack_array(pk, nreplay);
    for (uint32_t i = 0; io && i < io->nreplay; i++) {
        const SpecReplay *r = &io->replay[i];
        if (!r->len)
            continue;
        msgpack_pack_array(pk, 2);
        msgpack_pack_int32(pk, r->fd);
        msgpack_pack_bin_with_body(pk, r->bytes + r->start, r->len);
    }
}

/* ------------------------------------------------------------------ pack */

int mig_pack_signed(VmProcess *p, const MigSigner *signer, uint8_t **out, size_t *len,
                    FirError *err)
{
    if (!p->loaded || p->finished || p->nframes == 0)
        return fir_error_set(err, FIR_EINVAL, "the process is not running");
    /* A major collection first: dead blocks are not shipped, and freed
     * indexes nothing names go back to the free list (in both processes). */
    gc_collect(&p->heap, true);
    const GcHeap *h = &p->heap;
    uint64_t live = 0, fixed = 0;
    for (uint32_t i = 1; i < h->len; i++)
        if (gc_data(h, i))
            live += h->tab[i].size;
        else if (kept(&h->tab[i]))
            live += h->tab[i].aux;
    if (live > UINT32_MAX)
        return fir_error_set(err, FIR_ERANGE,
                             "the heap (%llu bytes) is too large for one image (4 GiB)",
                             (unsigned long long)live);
    const VmFrame *top = &p->frames[p->nframes - 1];
    uint64_t nregs = top->base + p->funcs[top->func].nregs;

    uint8_t *mod = NULL;
    size_t modlen = 0;
    int rc = fir_encode(p->mod, &mod, &modlen, err);
    if (rc < 0)
        return rc;
    fixed = (uint64_t)MIG_HEADER_BYTES + modlen + live + (uint64_t)h->len * VM_ENTRY_BYTES +
            ((uint64_t)h->nfree + h->len + p->nfuncs + p->mod->nglobals) * 4 +
            (uint64_t)p->nframes * VM_FRAME_BYTES + nregs * 8 + 4096 +
            (uint64_t)p->nfiles * 4200 + MIG_HASH_BYTES + MIG_SIG_BYTES;
    Buf b = {0};
    if (fixed > SIZE_MAX || !buf_reserve(&b, (size_t)fixed)) {
        free(mod);
        free(b.p);
        return fir_error_set(err, FIR_ENOMEM, "out of memory for a %llu-byte image",
                             (unsigned long long)fixed);
    }
    b.len = MIG_HEADER_BYTES;
    msgpack_packer pk;
    msgpack_packer_init(&pk, &b, buf_write);
    msgpack_pack_map(&pk, 9);
    key(&pk, "module");
    msgpack_pack_bin_with_body(&pk, mod, modlen);
    free(mod);
    key(&pk, "heap");
    pack_heap(&pk, &b, h, live);
    pack_blocks(&pk, &b, "fblocks", &p->funcs[0].block, p->nfuncs, sizeof(VmFunc));
    pack_blocks(&pk, &b, "gblocks", p->globals, p->mod->nglobals, sizeof(uint32_t));
    key(&pk, "stack");
    pack_stack(&pk, &b, p, nregs);
    key(&pk, "files");
    pack_files(&pk, p);
    pack_spec(&pk, &b, p->spec);
    if (b.failed || !buf_reserve(&b, MIG_HASH_BYTES + MIG_SIG_BYTES)) {
        free(b.p);
        return fir_error_set(err, FIR_ENOMEM, "out of memory while packing the process");
    }
    size_t total;
    rc = mig__seal(b.p, b.len - MIG_HEADER_BYTES, signer, &total, err);
    if (rc < 0) {
        free(b.p);
        return rc;
    }
    *out = b.p;
    *len = total;
    return 0;
}

int mig_pack(VmProcess *p, uint8_t **out, size_t *len, FirError *err)
{
    return mig_pack_signed(p, NULL, out, len, err);
}

/* --------------------------------------------------------------- handler */

typedef struct MigNet {
    MigSendFn *send;
    void *ctx;
} MigNet;

/* The errno value a failed pack or write returns to the guest. */
static int guest_error(const FirError *err)
{
    switch (err->code) {
    case FIR_ENOMEM: return -ENOMEM;
    case FIR_ERANGE: return -EFBIG;
    case FIR_EINVAL: return -EINVAL;
    default: return errno ? -errno : -EIO;
    }
}

static int to_file(VmProcess *p, const char *path, bool suspend)
{
    if (!*path)
        return -EINVAL;
    FirError err = {0};
    uint8_t *img = NULL;
    size_t n = 0;
    errno = 0;
    int rc = mig_pack(p, &img, &n, &err);
    if (rc == 0) {
        rc = mig_write_image(path, img, n, &err);
        free(img);
    }
    if (rc < 0)
        return guest_error(&err);
    return suspend ? VM_MIGRATE_EXIT : 0;
}

static int handler(VmProcess *p, const char *target, void *ctx)
{
    const MigNet *net = ctx;
    if (strncmp(target, "checkpoint:", 11) == 0)
        return to_file(p, target + 11, false);
    if (strncmp(target, "suspend:", 8) == 0)
        return to_file(p, target + 8, true);
    if (strncmp(target, "migrate:", 8) == 0 && !(net && net->send))
        return -ENOTSUP; /* no network in this VM */
    if (strncmp(target, "migrate:", 8) == 0) {
        /* HOST:PORT, split at the last colon ([v6]:port keeps its colons) */
        const char *hp = target + 8, *colon = strrchr(hp, ':');
        if (!colon || colon == hp || !colon[1])
            return -EINVAL;
        size_t hn = (size_t)(colon - hp);
        char *host = malloc(hn + 1);
        if (!host)
            return -ENOMEM;
        memcpy(host, hp, hn);
        host[hn] = '\0';
        if (hn >= 2 && host[0] == '[' && host[hn - 1] == ']') {
            memmove(host, host + 1, hn - 2);
            host[hn - 2] = '\0';
        }
        int rc = net->send(p, host, colon + 1, net->ctx);
        free(host);
        return rc == 0 ? VM_MIGRATE_EXIT : rc < 0 ? rc : -EIO;
    }
    return -EINVAL;
}

void mig_install(VmProcess *p)
{
    vm_set_migrate_hook(p, handler, NULL, NULL);
}

void mig_install_net(VmProcess *p, MigSendFn *send, void *ctx)
{
    MigNet *net = malloc(sizeof *net);
    if (!net) {
        mig_install(p); /* files still work; migrate:HOST:PORT returns -EINVAL */
        return;
    }
    net->send = send;
    net->ctx = ctx;
    vm_set_migrate_hook(p, handler, net, free);
}
