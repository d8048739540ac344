/*
 * vmstate.c - the VM's own state: heap summary, pointer-table entries,
 * block dumps with pointer words marked, counters; writing or sending an
 * image of the stopped process (checkpoint, migrate).
 *
 * A word "holds a pointer" when it is 8-byte aligned in its block and its
 * high half names a table entry that is allocated (any kind but NONE) with
 * an offset no larger than that block: the same test the collector's
 * conservative root scan makes (gc_scan_roots).
 */
#include "repl/internal.h"

#include "migrate/migrate.h"
#include "migrate/netvm.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static bool need_process(Repl *R)
{
    if (!R->p) {
        repl_error(R, "No process.");
        return false;
    }
    return true;
}

/* An unsigned number from an expression ("12", "x->n"): false with an
 * error printed. */
static bool eval_uint(Repl *R, const char *text, uint64_t *out)
{
    const char *s = skip_space(text);
    char *end;
    if (isdigit((unsigned char)*s)) {
        unsigned long long v = strtoull(s, &end, 0);
        if (*skip_space(end) == '\0') {
            *out = v;
            return true;
        }
    }
    if (vm_debug_module(R->p)->ndbg_types == 0) {
        repl_error(R, "Bad number \"%s\".", s);
        return false;
    }
    ReplValue v;
    if (!repl_eval(R, s, &v))
        return false;
    if (v.where != RW_NONE && !repl_load_value(R, &v)) {
        repl_error(R, "Value is not available.");
        return false;
    }
    *out = v.bits;
    return true;
}

void cmd_heap(Repl *R, const char *args)
{
    (void)args;
    if (!need_process(R))
        return;
    const GcHeap *h = vm_debug_heap(R->p);
    uint64_t blocks[GC_NKINDS] = {0}, bytes[GC_NKINDS] = {0};
    uint64_t young_n = 0, young_b = 0, old_n = 0, old_b = 0;
    for (uint32_t i = 1; i < h->len; i++) {
        const GcEntry *e = &h->tab[i];
        if (e->kind >= GC_NKINDS)
            continue;
        blocks[e->kind]++;
        bytes[e->kind] += e->kind == GC_KIND_DEAD ? 0 : e->size;
        if (e->kind == GC_KIND_NONE || e->kind == GC_KIND_FUNC || e->kind == GC_KIND_DEAD)
            continue;
        if (gc_is_young(h, i))
            young_n++, young_b += e->size;
        else
            old_n++, old_b += e->size;
    }
    repl_printf(R, "pointer table: %u entries, %u free\n", h->len - 1, gc_free_count(h));
    repl_printf(R, "kind      blocks        bytes\n");
    for (int k = GC_KIND_DATA; k < GC_NKINDS; k++)
        repl_printf(R, "%-8s %7" PRIu64 " %12" PRIu64 "\n", gc_kind_name((GcKind)k), blocks[k],
                    bytes[k]);
    repl_printf(R, "young    %7" PRIu64 " %12" PRIu64 "\n", young_n, young_b);
    repl_printf(R, "old      %7" PRIu64 " %12" PRIu64 "\n", old_n, old_b);
    repl_printf(R, "live bytes %" PRIu64 ", peak %" PRIu64 "\n", h->live_bytes, h->peak_bytes);
}

static void entry_line(Repl *R, uint32_t i)
{
    const GcHeap *h = vm_debug_heap(R->p);
    const GcEntry *e = &h->tab[i];
    repl_printf(R, "%6u  %-6s %10u  %-5s stamp %-6u aux %u", i, gc_kind_name((GcKind)e->kind),
                e->size, e->kind == GC_KIND_NONE ? "-" : gc_is_young(h, i) ? "young" : "old",
                e->stamp, e->aux);
    if (e->kind == GC_KIND_FUNC && e->aux < vm_debug_module(R->p)->nfuncs)
        repl_printf(R, " (%s)", vm_debug_module(R->p)->funcs[e->aux].name);
    if (e->kind == GC_KIND_GLOBAL || e->kind == GC_KIND_CONST) {
        const FirModule *m = vm_debug_module(R->p);
        for (uint32_t g = 0; g < m->nglobals; g++)
            if ((uint32_t)(vm_debug_global_ptr(R->p, g) >> 32) == i)
                repl_printf(R, " (%s)", m->globals[g].dbg_name ? m->globals[g].dbg_name
                                                               : m->globals[g].name);
    }
    if (e->kind == GC_KIND_DEAD)
        repl_printf(R, " (was %s)", gc_kind_name((GcKind)e->prev_kind));
    repl_printf(R, "\n");
}

void cmd_ptable(Repl *R, const char *args)
{
    if (!need_process(R))
        return;
    const GcHeap *h = vm_debug_heap(R->p);
    args = skip_space(args);
    uint64_t first = 1, count = 20;
    if (*args) {
        char a[128], b[128] = "";
        if (sscanf(args, "%127s %127s", a, b) < 1 || !eval_uint(R, a, &first))
            return;
        if (b[0] && !eval_uint(R, b, &count))
            return;
        if (!b[0])
            count = 1;
    }
    if (first == 0 || first >= h->len) {
        repl_error(R, "No pointer-table entry %" PRIu64 " (the table has 1..%u).", first,
                   h->len - 1);
        return;
    }
    repl_printf(R, " index  kind         size  gen\n");
    for (uint64_t i = first; i < h->len && i < first + count; i++)
        entry_line(R, (uint32_t)i);
}

void cmd_block(Repl *R, const char *args)
{
    if (!need_process(R))
        return;
    uint64_t idx;
    if (!*skip_space(args)) {
        repl_error(R, "Argument required (a block index or a pointer).");
        return;
    }
    if (!eval_uint(R, args, &idx))
        return;
    if (idx >> 32)
        idx >>= 32; /* a pointer: its block */
    const GcHeap *h = vm_debug_heap(R->p);
    if (idx == 0 || idx >= h->len) {
        repl_error(R, "No pointer-table entry %" PRIu64 ".", idx);
        return;
    }
    entry_line(R, (uint32_t)idx);
    const GcEntry *e = &h->tab[idx];
    if (e->size == 0 || !e->data)
        return;
    uint32_t n = e->size > 4096 ? 4096 : e->size;
    for (uint32_t off = 0; off < n; off += 16) {
        repl_printf(R, "  %6u:", off);
        for (uint32_t k = 0; k < 16; k++)
            repl_printf(R, off + k < n ? "%s%02x" : "%s  ", k == 8 ? "  " : " ",
                        off + k < n ? e->data[off + k] : 0);
        repl_printf(R, "  ");
        for (uint32_t k = 0; k < 16 && off + k < n; k++) {
            unsigned char c = e->data[off + k];
            repl_printf(R, "%c", c >= 32 && c < 127 ? c : '.');
        }
        repl_printf(R, "\n");
        for (uint32_t w = off; w < off + 16 && w + 8 <= n; w += 8) {
            uint64_t v;
            memcpy(&v, e->data + w, 8);
            uint32_t ti = (uint32_t)(v >> 32), to = (uint32_t)v;
            if (ti == 0 || ti >= h->len || h->tab[ti].kind == GC_KIND_NONE)
                continue;
            uint32_t tsize = h->tab[ti].kind == GC_KIND_DEAD ? h->tab[ti].aux : h->tab[ti].size;
            if (to > tsize)
                continue;
            repl_printf(R, "          * offset %u: pointer to block %u + %u (%s)\n", w, ti, to,
                        gc_kind_name((GcKind)h->tab[ti].kind));
        }
    }
    if (n < e->size)
        repl_printf(R, "  ... %u more bytes\n", e->size - n);
}

void cmd_stats(Repl *R, const char *args)
{
    (void)args;
    if (!need_process(R))
        return;
    VmStats st;
    vm_debug_stats(R->p, &st);
    repl_printf(R, "blocks allocated      %" PRIu64 "\n", st.blocks_allocated);
    repl_printf(R, "live heap bytes       %" PRIu64 " (peak %" PRIu64 ")\n", st.live_heap_bytes,
                st.peak_heap_bytes);
    repl_printf(R, "pointer-table entries %" PRIu64 "\n", st.table_entries);
    repl_printf(R, "guest calls           %" PRIu64 "\n", st.calls);
    repl_printf(R, "collections           %" PRIu64 " minor, %" PRIu64 " major\n", st.gc_minor,
                st.gc_major);
    repl_printf(R, "speculation levels    %" PRIu64 " entered, %" PRIu64 " committed, %" PRIu64
                   " aborted\n",
                st.spec_entered, st.spec_committed, st.spec_aborted);
    repl_printf(R, "copy-on-write         %" PRIu64 " blocks cloned, %" PRIu64
                   " pages saved, %" PRIu64 " bytes copied\n",
                st.spec_blocks_cloned, st.spec_pages_saved, st.spec_bytes_copied);
}

void cmd_checkpoint(Repl *R, const char *args)
{
    args = skip_space(args);
    if (!*args) {
        repl_error(R, "Argument required (an image file name).");
        return;
    }
    if (!repl_need_running(R))
        return;
    FirError err = {0};
    uint8_t *img = NULL;
    size_t len = 0;
    if (mig_pack(R->p, &img, &len, &err) < 0 || mig_write_image(args, img, len, &err) < 0) {
        free(img);
        repl_error(R, "checkpoint: %s", err.msg);
        return;
    }
    free(img);
    repl_printf(R, "Checkpoint written to %s; `firvm %s` resumes it from here.\n", args, args);
}

void cmd_migrate(Repl *R, const char *args)
{
    args = skip_space(args);
    char host[256], port[8];
    FirError err = {0};
    if (!*args) {
        repl_error(R, "Argument required (HOST:PORT of a firvm --serve).");
        return;
    }
    if (!repl_need_running(R))
        return;
    if (mig_net_split_address(args, host, sizeof host, port, sizeof port, &err) < 0) {
        repl_error(R, "migrate: %s", err.msg);
        return;
    }
    MigNetVm nv;
    mig_netvm_init(&nv, &R->opt);
    nv.fault_out = R->out;
    int rc = mig_netvm_send(R->p, host, port, &nv);
    mig_netvm_free(&nv);
    if (rc < 0) {
        repl_error(R, "migrate: the process stays here (%s).", strerror(-rc));
        return;
    }
    R->running = false;
    repl_printf(R, "Process sent to %s:%s; it runs there now.\n", host, port);
}
