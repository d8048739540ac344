/*
 * levels.c - speculation levels seen from the debugger: the open levels,
 * what each changed (old and new bytes), which variables differ from when
 * a level was entered, and commit / rollback / speculate by hand.
 *
 * How "as it was at level L's entry" is read (repl_read_at_level): start
 * from the block's current bytes, then apply the saved copies of every
 * record of L and later levels for that block, newest first, so the oldest
 * (the bytes when the first of those levels stored to it) wins.  A block
 * with an ALLOC record in those levels did not exist then.  Registers come
 * from the level's snapshot of the VM stack, by frame serial.
 */
#include "repl/internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

bool repl_read_at_level(Repl *R, const SpecLevel *l, uint64_t ptr, void *buf, uint64_t n)
{
    const GcHeap *h = vm_debug_heap(R->p);
    const SpecState *s = vm_debug_spec(R->p);
    uint32_t idx = (uint32_t)(ptr >> 32), off = (uint32_t)ptr;
    if (idx == 0 || idx >= h->len)
        return false;
    const GcEntry *e = &h->tab[idx];
    uint64_t size = e->kind == GC_KIND_DEAD ? e->aux : e->size;
    if (!e->data || (uint64_t)off + n > size)
        return false;
    uint8_t *out = buf;
    memcpy(out, e->data + off, n);
    if (!s || idx >= s->cap_head)
        return true;
    for (uint32_t r = s->head[idx]; r; r = s->rec[r].older) {
        const SpecRec *rec = &s->rec[r];
        if (rec->level < l->gid.seq)
            break;
        if (rec->kind == SPEC_REC_ALLOC)
            return false;
        if (rec->kind == SPEC_REC_SAVE && rec->bytes && (uint64_t)off + n <= rec->size) {
            memcpy(out, rec->bytes + off, n);
        } else if (rec->kind == SPEC_REC_PAGES) {
            for (uint32_t k = 0; k < rec->npages; k++) {
                uint64_t ps = (uint64_t)rec->pages[k] * SPEC_PAGE_SIZE;
                uint64_t pe = ps + SPEC_PAGE_SIZE;
                uint64_t a = ps > off ? ps : off, b = pe < off + n ? pe : off + n;
                if (a < b)
                    memcpy(out + (a - off), rec->bytes + (size_t)k * SPEC_PAGE_SIZE + (a - ps),
                           (size_t)(b - a));
            }
        }
    }
    return true;
}

/* The open level with id (a command's argument); NULL with an error. */
static const SpecLevel *level_arg(Repl *R, const char *args, int32_t *id)
{
    args = skip_space(args);
    char *end;
    long v = strtol(args, &end, 10);
    if (end == args || *skip_space(end) || v <= 0 || v > INT32_MAX) {
        repl_error(R, "Argument required (a speculation level id, as `levels` lists).");
        return NULL;
    }
    *id = (int32_t)v;
    const SpecState *s = vm_debug_spec(R->p);
    for (const SpecLevel *l = s ? s->first : NULL; l; l = l->next)
        if (l->id == *id)
            return l;
    repl_error(R, "No open speculation level %ld.", v);
    return NULL;
}

static uint64_t held_output(const SpecState *s, const SpecLevel *l)
{
    uint64_t from = l->io_mark, to = l->next ? l->next->io_mark : s->io.base + s->io.nent;
    uint64_t bytes = 0;
    for (uint64_t i = from; i < to; i++) {
        if (i < s->io.base || i - s->io.base >= s->io.nent)
            continue;
        const SpecIoEntry *en = &s->io.ent[i - s->io.base];
        if (en->kind == SPEC_IO_OUT)
            bytes += en->len;
    }
    return bytes;
}

void cmd_levels(Repl *R, const char *args)
{
    (void)args;
    const SpecState *s = vm_debug_spec(R->p);
    if (!s || !s->first) {
        repl_printf(R, "No open speculation levels.\n");
        return;
    }
    repl_printf(R, "Level Depth Entered at                        Blocks saved  Bytes saved  "
                   "Held output\n");
    int depth = 0;
    for (const SpecLevel *l = s->first; l; l = l->next) {
        uint32_t func, pc, file;
        vm_debug_level_where(l, &func, &pc);
        uint32_t line = repl_line(R, func, pc, &file);
        char where[300];
        if (line)
            snprintf(where, sizeof where, "%s:%u", repl_file_name(R, file), line);
        else
            snprintf(where, sizeof where, "%s+%u", vm_debug_module(R->p)->funcs[func].name, pc);
        if (l->implicit)
            snprintf(where + strlen(where), sizeof where - strlen(where), " (by hand)");
        uint64_t blocks = 0, bytes = 0;
        for (uint32_t k = 0; k < l->nrecs; k++) {
            const SpecRec *r = &s->rec[l->recs[k]];
            if (r->kind == SPEC_REC_SAVE) {
                blocks++;
                bytes += r->size;
            } else if (r->kind == SPEC_REC_PAGES) {
                blocks++;
                for (uint32_t p = 0; p < r->npages; p++) {
                    uint64_t o = (uint64_t)r->pages[p] * SPEC_PAGE_SIZE;
                    bytes += r->size - o < SPEC_PAGE_SIZE ? r->size - o : SPEC_PAGE_SIZE;
                }
            }
        }
        repl_printf(R, "%5d %5d %-33s %12" PRIu64 " %12" PRIu64 " %12" PRIu64 "\n", l->id,
                    ++depth, where, blocks, bytes, held_output(s, l));
    }
}

static void dump_bytes(Repl *R, const char *label, const uint8_t *b, uint32_t from, uint32_t to)
{
    repl_printf(R, "    %s", label);
    for (uint32_t i = from; i < to; i++)
        repl_printf(R, " %02x", b[i]);
    repl_printf(R, "\n");
}

/* The byte ranges where old and new differ, 16 bytes a line, at most 8 lines. */
static void show_changes(Repl *R, const uint8_t *old, const uint8_t *cur, uint32_t base,
                         uint32_t n)
{
    int lines = 0;
    for (uint32_t off = 0; off < n; off += 16) {
        uint32_t end = off + 16 < n ? off + 16 : n;
        if (memcmp(old + off, cur + off, end - off) == 0)
            continue;
        if (++lines > 8) {
            repl_printf(R, "    ...\n");
            return;
        }
        repl_printf(R, "  offset %u:\n", base + off);
        dump_bytes(R, "old", old, off, end);
        dump_bytes(R, "new", cur, off, end);
    }
    if (lines == 0)
        repl_printf(R, "  (saved, no byte differs now)\n");
}

void cmd_level(Repl *R, const char *args)
{
    int32_t id;
    const SpecLevel *l = level_arg(R, args, &id);
    if (!l)
        return;
    const SpecState *s = vm_debug_spec(R->p);
    const GcHeap *h = vm_debug_heap(R->p);
    if (l->nrecs == 0) {
        repl_printf(R, "Level %d has changed no block.\n", id);
        return;
    }
    for (uint32_t k = 0; k < l->nrecs; k++) {
        const SpecRec *r = &s->rec[l->recs[k]];
        const GcEntry *e = r->idx < h->len ? &h->tab[r->idx] : NULL;
        const uint8_t *cur = e ? e->data : NULL;
        switch ((SpecRecKind)r->kind) {
        case SPEC_REC_SAVE:
            repl_printf(R, "block %u (%s, %u bytes): changed\n", r->idx,
                        e ? gc_kind_name((GcKind)e->kind) : "?", r->size);
            if (cur && r->bytes && e->size >= r->size)
                show_changes(R, r->bytes, cur, 0, r->size);
            break;
        case SPEC_REC_PAGES:
            repl_printf(R, "block %u (%s, %u bytes): %u pages changed\n", r->idx,
                        e ? gc_kind_name((GcKind)e->kind) : "?", r->size, r->npages);
            for (uint32_t p = 0; p < r->npages && cur && e->size >= r->size; p++) {
                uint64_t o = (uint64_t)r->pages[p] * SPEC_PAGE_SIZE;
                uint32_t len = r->size - o < SPEC_PAGE_SIZE ? (uint32_t)(r->size - o)
                                                            : SPEC_PAGE_SIZE;
                show_changes(R, r->bytes + (size_t)p * SPEC_PAGE_SIZE, cur + o, (uint32_t)o,
                             len);
            }
            break;
        case SPEC_REC_ALLOC:
            repl_printf(R, "block %u (%s, %u bytes): allocated in this level\n", r->idx,
                        e ? gc_kind_name((GcKind)e->kind) : "?", e ? e->size : 0);
            break;
        case SPEC_REC_FREE:
            repl_printf(R, "block %u (%s, %u bytes): freed in this level (done at commit)\n",
                        r->idx, gc_kind_name((GcKind)r->old_kind), r->size);
            break;
        }
    }
}

/* The value of v printed into a string (as `print` shows it). */
static char *value_text(Repl *R, const ReplValue *v)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return NULL;
    FILE *out = R->out;
    R->out = mem;
    repl_print_value(R, v);
    R->out = out;
    fclose(mem);
    return buf;
}

static int diff_one(Repl *R, const SpecLevel *l, const char *name, const ReplValue *v)
{
    R->view = l;
    char *old = value_text(R, v);
    R->view = NULL;
    char *cur = value_text(R, v);
    int differs = old && cur && strcmp(old, cur) != 0;
    if (differs)
        repl_printf(R, "%s: %s -> %s\n", name, old, cur);
    free(old);
    free(cur);
    /* a pointer that still points to the same place: what it points to */
    const FirDbgType *ty = repl_type(R, v->type);
    const FirDbgType *bt = ty && ty->kind == FIR_DK_PTR ? repl_type(R, ty->base) : NULL;
    if (!bt || bt->kind == FIR_DK_VOID || bt->kind == FIR_DK_FUNC || name[0] == '*')
        return differs;
    ReplValue now = *v, then = *v;
    R->view = l;
    bool ok = repl_load_value(R, &then);
    R->view = NULL;
    if (ok && repl_load_value(R, &now) && now.bits == then.bits && now.bits != 0) {
        char deref[300];
        snprintf(deref, sizeof deref, "*%s", name);
        ReplValue target = {.type = ty->base, .where = RW_MEM, .addr = now.bits};
        differs += diff_one(R, l, deref, &target);
    }
    return differs;
}

void cmd_diff(Repl *R, const char *args)
{
    int32_t id;
    const SpecLevel *l = level_arg(R, args, &id);
    if (!l)
        return;
    const FirModule *m = vm_debug_module(R->p);
    int n = 0;
    VmDebugFrame f;
    if (vm_debug_frame(R->p, R->frame, &f)) {
        const FirFunc *fn = &m->funcs[f.func];
        uint64_t raw;
        for (uint32_t i = 0; i < fn->ndbg_vars; i++) {
            const FirDbgVar *dv = &fn->dbg_vars[i];
            ReplValue v;
            /* only variables of a frame that existed at the level's entry */
            if (!vm_debug_level_reg(l, f.serial, dv->reg, &raw) ||
                !repl_var_value(R, R->frame, dv, &v))
                continue;
            n += diff_one(R, l, dv->name, &v);
        }
    }
    for (uint32_t g = 0; g < m->nglobals; g++) {
        const FirGlobal *gl = &m->globals[g];
        if (!gl->dbg_type || gl->is_const || (gl->name[0] == '_' && gl->name[1] == '_'))
            continue;
        ReplValue v = {.type = gl->dbg_type, .where = RW_MEM,
                       .addr = vm_debug_global_ptr(R->p, g)};
        n += diff_one(R, l, gl->dbg_name ? gl->dbg_name : gl->name, &v);
    }
    if (n == 0)
        repl_printf(R, "No variable in scope differs from when level %d was entered.\n", id);
}

void cmd_commit(Repl *R, const char *args)
{
    int32_t id;
    char err[256];
    if (!repl_need_running(R) || !level_arg(R, args, &id))
        return;
    if (vm_debug_commit(R->p, id, err, sizeof err) < 0) {
        repl_error(R, "%s", err);
        return;
    }
    repl_printf(R, "Speculation level %d committed.\n", id);
}

void cmd_rollback(Repl *R, const char *args)
{
    int32_t id;
    char err[256];
    if (!repl_need_running(R) || !level_arg(R, args, &id))
        return;
    if (vm_debug_rollback(R->p, id, err, sizeof err) < 0) {
        repl_error(R, "%s", err);
        return;
    }
    R->frame = 0;
    repl_printf(R, "Speculation level %d rolled back; the program is back at\n", id);
    repl_print_stop(R, true);
}

void cmd_speculate(Repl *R, const char *args)
{
    (void)args;
    int32_t id;
    char err[256];
    if (!repl_need_running(R))
        return;
    if (vm_debug_speculate(R->p, &id, err, sizeof err) < 0) {
        repl_error(R, "%s", err);
        return;
    }
    repl_printf(R, "Speculation level %d entered here; `rollback %d` comes back to this "
                   "point.\n", id, id);
}
