/*
 * test_spec.c - speculation levels on hand-built heaps: copy-on-write once
 * per level, commit folding in any order, rollback of bytes and entries
 * (allocations reclaimed, deferred frees revived), page-granular saves of
 * large blocks, held I/O, ids, and what levels report to the collector.
 */
#include "spec/spec.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PTR(idx, off) (((uint64_t)(idx) << 32) | (uint32_t)(off))

static GcHeap heap;
static SpecState *st;

static void setup(void)
{
    gc_init(&heap);
    st = spec_new();
    ck_assert_ptr_nonnull(st);
}

static void teardown(void)
{
    spec_destroy(st, &heap);
    gc_destroy(&heap);
}

/* A store of one byte as the VM does it: fast path, else the slow path
 * (large blocks: pages first, then kept stale). */
static void poke(uint32_t idx, uint32_t off, uint8_t v)
{
    uint64_t p = PTR(idx, off);
    uint8_t *m = gc_write_ptr(&heap, p, 1);
    if (!m) {
        GcFault f;
        int stale = 0;
        if (spec_active(st) && spec_paged(&heap, idx) &&
            gc_check(&heap, p, 1, true) == GC_FAULT_STAMP)
            stale = spec_save_range(st, &heap, idx, off, 1);
        ck_assert_int_ge(stale, 0);
        m = gc_store_slow(&heap, p, 1, &f);
        st->skip_idx = 0;
        ck_assert_ptr_nonnull(m);
        if (stale)
            heap.tab[idx].stamp = heap.stamp - 1;
    }
    *m = v;
}

static uint8_t peek(uint32_t idx, uint32_t off)
{
    uint8_t *m = gc_read_ptr(&heap, PTR(idx, off), 1);
    ck_assert_ptr_nonnull(m);
    return *m;
}

static SpecLevel *enter(void)
{
    SpecLevel *l = NULL;
    ck_assert_int_eq(spec_enter(st, &heap, &l), 0);
    uint64_t regs[2] = {PTR(1, 0), 7};
    ck_assert_int_eq(spec_snapshot(l, "frames", 6, regs, 2), 0);
    return l;
}

static uint32_t block(uint32_t size, uint8_t fill)
{
    uint32_t idx = gc_alloc(&heap, GC_KIND_DATA, size);
    ck_assert_uint_ne(idx, 0);
    memset(gc_data(&heap, idx), fill, size);
    return idx;
}

START_TEST(clone_once)
{
    uint32_t a = block(64, 1), b = block(32, 2);
    SpecLevel *l = enter();
    ck_assert_int_eq(l->id, 1);
    poke(a, 0, 10);
    poke(a, 5, 11); /* same level: no second copy */
    poke(a, 63, 12);
    ck_assert_uint_eq(st->stats.blocks_cloned, 1);
    ck_assert_uint_eq(st->stats.bytes_copied, 64);
    const SpecRec *r = spec_record(st, a);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->kind, SPEC_REC_SAVE);
    ck_assert_uint_eq(r->size, 64);
    ck_assert_uint_eq(r->bytes[0], 1);
    ck_assert_ptr_null(spec_record(st, b)); /* never stored: never copied */
    SpecLevel *back = spec_rollback(st, &heap, l);
    ck_assert_ptr_eq(back, l);
    ck_assert_mem_eq(back->snap, "frames", 6); /* readable for the VM */
    ck_assert_uint_eq(peek(a, 0), 1);
    ck_assert_uint_eq(peek(a, 5), 1);
    ck_assert_uint_eq(peek(a, 63), 1);
    ck_assert_uint_eq(spec_record_count(st), 0);
    ck_assert(!spec_active(st));
    ck_assert_uint_eq(st->stats.aborted, 1);
}
END_TEST

START_TEST(nested_clone_per_level)
{
    uint32_t a = block(16, 0);
    SpecLevel *l1 = enter();
    poke(a, 0, 1);
    SpecLevel *l2 = enter();
    ck_assert_int_eq(l2->id, 2);
    poke(a, 0, 2); /* new level: a second copy (of the state at l2's entry) */
    poke(a, 1, 2);
    ck_assert_uint_eq(st->stats.blocks_cloned, 2);
    SpecLevel *l3 = enter();
    poke(a, 0, 3);
    ck_assert_uint_eq(spec_record_count(st), 3);
    spec_rollback(st, &heap, l2); /* l2 and l3 */
    ck_assert_uint_eq(peek(a, 0), 1);
    ck_assert_uint_eq(peek(a, 1), 0);
    ck_assert_uint_eq(st->nopen, 1);
    ck_assert_ptr_eq(st->last, l1);
    ck_assert_ptr_null(spec_find(st, 2));
    ck_assert_ptr_null(spec_find(st, 3));
    (void)l3;
    poke(a, 2, 9); /* back in l1, whose copy exists: no new copy */
    ck_assert_uint_eq(spec_record_count(st), 1);
    spec_rollback(st, &heap, l1);
    ck_assert_uint_eq(peek(a, 0), 0);
    ck_assert_uint_eq(peek(a, 2), 0);
}
END_TEST

/* Commits in every order of three levels that each wrote the block: the
 * content is the last write, and an abort of the surviving level brings
 * back the state before all of them. */
START_TEST(commit_any_order)
{
    static const int orders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                     {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    uint32_t a = block(8, 0);
    for (int o = 0; o < 6; o++) {
        SpecLevel *outer = enter();
        SpecLevel *lv[3];
        for (int i = 0; i < 3; i++) {
            lv[i] = enter();
            poke(a, (uint32_t)i, (uint8_t)(10 + i));
            poke(a, 7, (uint8_t)(10 + i));
        }
        int ids[3] = {lv[0]->id, lv[1]->id, lv[2]->id};
        for (int k = 0; k < 3; k++) {
            ck_assert_int_eq(spec_commit(st, &heap, lv[orders[o][k]]), 0);
            for (int j = k + 1; j < 3; j++) /* the others keep their ids */
                ck_assert_ptr_eq(spec_find(st, ids[orders[o][j]]), lv[orders[o][j]]);
        }
        ck_assert_uint_eq(st->nopen, 1);
        ck_assert_uint_eq(peek(a, 0), 10);
        ck_assert_uint_eq(peek(a, 2), 12);
        ck_assert_uint_eq(peek(a, 7), 12);
        /* the three copies folded into the outer level's one */
        ck_assert_uint_eq(spec_record_count(st), 1);
        ck_assert_int_eq(spec_record(st, a)->level, outer->gid.seq);
        spec_rollback(st, &heap, outer);
        for (uint32_t i = 0; i < 8; i++)
            ck_assert_uint_eq(peek(a, i), 0);
    }
}
END_TEST

START_TEST(commit_outermost_first)
{
    uint32_t a = block(4, 5);
    SpecLevel *l1 = enter();
    poke(a, 0, 6);
    SpecLevel *l2 = enter();
    poke(a, 1, 7);
    ck_assert_int_eq(spec_commit(st, &heap, l1), 0); /* permanent: a[0] = 6 */
    ck_assert_ptr_eq(st->first, l2);
    ck_assert_ptr_eq(spec_find(st, 2), l2);
    ck_assert_uint_eq(spec_record_count(st), 1);
    SpecLevel *l3 = enter();
    ck_assert_int_eq(l3->id, 3);
    spec_rollback(st, &heap, l2);
    ck_assert_uint_eq(peek(a, 0), 6);
    ck_assert_uint_eq(peek(a, 1), 5);
    ck_assert_uint_eq(spec_record_count(st), 0);
    SpecLevel *l4 = enter();
    ck_assert_int_eq(l4->id, 1); /* no level open: ids start again */
    spec_commit(st, &heap, l4);
}
END_TEST

START_TEST(rollback_entries)
{
    uint32_t keep = block(16, 3), gone = block(24, 4);
    uint64_t live = heap.live_bytes;
    SpecLevel *l = enter();
    uint32_t fresh = gc_alloc(&heap, GC_KIND_DATA, 40);
    ck_assert_int_eq(spec_note_alloc(st, &heap, fresh), 0);
    ck_assert_int_eq(spec_free(st, &heap, PTR(gone, 0)), GC_FAULT_OK);
    /* deferred: a use is a use after free, a second free a double free */
    ck_assert_int_eq(gc_check(&heap, PTR(gone, 0), 1, false), GC_FAULT_FREED);
    ck_assert_int_eq(spec_free(st, &heap, PTR(gone, 0)), GC_FAULT_DOUBLE_FREE);
    ck_assert_int_eq(spec_free(st, &heap, PTR(keep, 4)), GC_FAULT_INTERIOR);
    const SpecRec *r = spec_record(st, gone);
    ck_assert_int_eq(r->kind, SPEC_REC_FREE);
    ck_assert_int_eq(r->old_kind, GC_KIND_DATA);
    poke(keep, 0, 99);
    spec_rollback(st, &heap, l);
    ck_assert_int_eq(gc_entry_kind(&heap, gone), GC_KIND_DATA);
    ck_assert_uint_eq(gc_entry_size(&heap, gone), 24);
    ck_assert_uint_eq(peek(gone, 23), 4);
    ck_assert_int_eq(gc_entry_kind(&heap, fresh), GC_KIND_DEAD);
    ck_assert_int_eq(gc_check(&heap, PTR(fresh, 0), 1, false), GC_FAULT_FREED);
    ck_assert_uint_eq(peek(keep, 0), 3);
    ck_assert_uint_eq(heap.live_bytes, live);
}
END_TEST

START_TEST(free_fresh_block_at_once)
{
    SpecLevel *l = enter();
    uint32_t b = gc_alloc(&heap, GC_KIND_DATA, 8);
    spec_note_alloc(st, &heap, b);
    ck_assert_int_eq(spec_free(st, &heap, PTR(b, 0)), GC_FAULT_OK);
    ck_assert_int_eq(spec_record(st, b)->kind, SPEC_REC_ALLOC); /* no FREE record */
    ck_assert_int_eq(gc_entry_kind(&heap, b), GC_KIND_DEAD);
    /* committing the outermost level drops the records; the block stays dead */
    ck_assert_int_eq(spec_commit(st, &heap, l), 0);
    ck_assert_uint_eq(spec_record_count(st), 0);
    ck_assert_int_eq(gc_entry_kind(&heap, b), GC_KIND_DEAD);
}
END_TEST

START_TEST(frame_blocks)
{
    uint32_t head = 0;
    uint32_t f1 = gc_alloc_frame(&heap, 32, &head);
    uint32_t f2 = gc_alloc_frame(&heap, 16, &head);
    memset(gc_data(&heap, f1), 7, 32);
    SpecLevel *l = enter();
    uint32_t f3 = gc_alloc_frame(&heap, 8, &head); /* allocated in the level */
    spec_note_alloc(st, &heap, f3);
    ck_assert_int_eq(spec_release_frame(st, &heap, head), 0);
    ck_assert_int_eq(gc_check(&heap, PTR(f1, 0), 1, false), GC_FAULT_RETURNED);
    ck_assert_uint_eq(spec_record_count(st), 3); /* f3's ALLOC, FREEs of f2 and f1 */
    spec_rollback(st, &heap, l);
    ck_assert_int_eq(gc_entry_kind(&heap, f1), GC_KIND_FRAME);
    ck_assert_int_eq(gc_entry_kind(&heap, f2), GC_KIND_FRAME);
    ck_assert_int_eq(gc_entry_kind(&heap, f3), GC_KIND_DEAD);
    ck_assert_uint_eq(heap.tab[f2].aux, f1); /* the frame's list is back */
    ck_assert_uint_eq(peek(f1, 31), 7);
    gc_release_frame(&heap, f2);
    ck_assert_int_eq(gc_entry_kind(&heap, f1), GC_KIND_DEAD);
}
END_TEST

START_TEST(pages)
{
    uint32_t big = block(SPEC_PAGE_BLOCK * 4, 1); /* 64 pages */
    ck_assert(spec_paged(&heap, big));
    SpecLevel *l1 = enter();
    poke(big, 0, 2);
    poke(big, 1, 2);       /* same page: already saved */
    poke(big, 4096 * 10 + 5, 2);
    ck_assert_uint_eq(st->stats.pages_saved, 2);
    ck_assert_uint_eq(st->stats.blocks_cloned, 1);
    ck_assert_uint_eq(st->stats.bytes_copied, 2 * 4096);
    ck_assert_uint_ne(heap.tab[big].stamp, heap.stamp); /* kept stale */
    const SpecRec *r = spec_record(st, big);
    ck_assert_int_eq(r->kind, SPEC_REC_PAGES);
    ck_assert_uint_eq(r->npages, 2);
    SpecLevel *l2 = enter();
    poke(big, 4096 * 10 + 6, 3);
    poke(big, 4096 * 20, 3);
    ck_assert_uint_eq(st->stats.pages_saved, 4);
    ck_assert_int_eq(spec_commit(st, &heap, l2), 0); /* page 20 moves to l1 */
    ck_assert_uint_eq(spec_record(st, big)->npages, 3);
    /* a range over several pages */
    ck_assert_int_eq(spec_save_range(st, &heap, big, 4096 * 30 + 100, 3 * 4096), 1);
    st->skip_idx = 0;
    ck_assert_uint_eq(spec_record(st, big)->npages, 7);
    memset(gc_data(&heap, big) + 4096 * 30 + 100, 9, 3 * 4096);
    spec_rollback(st, &heap, l1);
    uint8_t *d = gc_data(&heap, big);
    for (uint32_t i = 0; i < SPEC_PAGE_BLOCK * 4; i++)
        if (d[i] != 1)
            ck_abort_msg("byte %u is %u after the rollback", i, d[i]);
}
END_TEST

START_TEST(all_pages_saved_restamps)
{
    uint32_t big = block(SPEC_PAGE_BLOCK, 0); /* 16 pages */
    SpecLevel *l = enter();
    ck_assert_int_eq(spec_save_range(st, &heap, big, 0, SPEC_PAGE_BLOCK - 4096), 1);
    ck_assert_int_eq(spec_save_range(st, &heap, big, SPEC_PAGE_BLOCK - 1, 1), 0);
    st->skip_idx = 0;
    spec_commit(st, &heap, l);
}
END_TEST

static char out_buf[256];
static size_t out_len;
static int closed_fd = -1;

static int64_t capture(void *ctx, int32_t fd, const uint8_t *buf, uint64_t n)
{
    (void)ctx;
    out_len += (size_t)snprintf(out_buf + out_len, sizeof out_buf - out_len, "%d:%.*s|", fd,
                                (int)n, (const char *)buf);
    return (int64_t)n;
}

static void on_close(void *ctx, int32_t fd)
{
    (void)ctx;
    closed_fd = fd;
}

START_TEST(held_io)
{
    spec_set_writer(st, capture, on_close, NULL);
    out_len = 0;
    out_buf[0] = 0;
    SpecLevel *l1 = enter();
    ck_assert(spec_holds_io(st));
    ck_assert_int_eq(spec_hold_write(st, 1, (const uint8_t *)"ab", 2), 2);
    ck_assert_int_eq(spec_hold_write(st, 1, (const uint8_t *)"cd", 2), 2);
    ck_assert_uint_eq(st->io.nent, 1); /* merged */
    spec_journal_read(st, 0, (const uint8_t *)"xyz", 3);
    SpecLevel *l2 = enter();
    spec_hold_write(st, 2, (const uint8_t *)"lost", 4);
    spec_journal_read(st, 0, (const uint8_t *)"123", 3);
    spec_hold_close(st, 5);
    spec_rollback(st, &heap, l2);
    ck_assert_int_eq(closed_fd, -1); /* the held close was forgotten */
    uint8_t in[8] = {0};
    ck_assert_uint_eq(spec_replay_read(st, 0, in, 2), 2); /* replayed: "12", then "3" */
    ck_assert_mem_eq(in, "12", 2);
    spec_journal_read(st, 0, in, 2);
    SpecLevel *l3 = enter();
    spec_hold_write(st, 1, (const uint8_t *)"ef", 2);
    spec_hold_close(st, 4);
    ck_assert_str_eq(out_buf, "");
    ck_assert_int_eq(spec_commit(st, &heap, l1), 0); /* releases what l1 wrote, not l3 */
    ck_assert_str_eq(out_buf, "1:abcd|");
    ck_assert_int_eq(spec_commit(st, &heap, l3), 0);
    ck_assert_str_eq(out_buf, "1:abcd|1:ef|");
    ck_assert_int_eq(closed_fd, 4);
    ck_assert_uint_eq(spec_replay_read(st, 0, in, 8), 1);
    ck_assert_uint_eq(in[0], '3');
    ck_assert_uint_eq(spec_replay_read(st, 0, in, 8), 0);
    ck_assert_uint_eq(st->io.nent, 0);
}
END_TEST

START_TEST(replay_order)
{
    SpecLevel *l = enter();
    spec_journal_read(st, 0, (const uint8_t *)"abc", 3);
    spec_journal_read(st, 3, (const uint8_t *)"file", 4);
    spec_journal_read(st, 0, (const uint8_t *)"def", 3);
    spec_rollback(st, &heap, l);
    uint8_t b[16] = {0};
    l = enter();
    ck_assert_uint_eq(spec_replay_read(st, 0, b, 4), 4);
    ck_assert_mem_eq(b, "abcd", 4);
    spec_journal_read(st, 0, b, 4);
    spec_rollback(st, &heap, l); /* "abcd" goes back in front of "ef" */
    ck_assert_uint_eq(spec_replay_read(st, 0, b, 16), 6);
    ck_assert_mem_eq(b, "abcdef", 6);
    ck_assert_uint_eq(spec_replay_read(st, 3, b, 16), 4);
    ck_assert_mem_eq(b, "file", 4);
}
END_TEST

START_TEST(many_levels_ids)
{
    enum { N = 3000 };
    static SpecLevel *lv[N];
    uint32_t a = block(4, 0);
    for (int i = 0; i < N; i++) {
        lv[i] = enter();
        ck_assert_int_eq(lv[i]->id, i + 1);
        poke(a, 0, (uint8_t)(i + 1));
    }
    /* commit every other level, then look the rest up by id */
    for (int i = 0; i < N; i += 2)
        ck_assert_int_eq(spec_commit(st, &heap, lv[i]), 0);
    for (int i = 1; i < N; i += 2)
        ck_assert_ptr_eq(spec_find(st, i + 1), lv[i]);
    ck_assert_ptr_null(spec_find(st, 1));
    ck_assert_uint_eq(st->nopen, N / 2);
    SpecLevel *more = enter();
    ck_assert_int_eq(more->id, N + 1);
    spec_rollback(st, &heap, lv[1]);
    ck_assert_uint_eq(st->nopen, 0);
    ck_assert_uint_eq(peek(a, 0), 1); /* level 1 was committed: its write stays */
}
END_TEST

static uint32_t marked[16];
static int nmarked;

static void mark(GcHeap *h, uint32_t idx)
{
    (void)h;
    if (nmarked < 16)
        marked[nmarked++] = idx;
}

START_TEST(held_for_the_collector)
{
    uint32_t a = block(16, 0), b = block(16, 0);
    SpecLevel *l = enter();
    poke(a, 0, 1);
    spec_free(st, &heap, PTR(b, 0));
    uint32_t c = gc_alloc(&heap, GC_KIND_DATA, 8);
    spec_note_alloc(st, &heap, c);
    nmarked = 0;
    spec_mark_held(st, mark, &heap);
    ck_assert_int_eq(nmarked, 3);
    ck_assert_uint_eq(marked[0], a);
    ck_assert_uint_eq(marked[1], b);
    ck_assert_uint_eq(marked[2], c);
    spec_rollback(st, &heap, l);
    nmarked = 0;
    spec_mark_held(st, mark, &heap);
    ck_assert_int_eq(nmarked, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("spec");
    TCase *tc = tcase_create("levels");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, clone_once);
    tcase_add_test(tc, nested_clone_per_level);
    tcase_add_test(tc, commit_any_order);
    tcase_add_test(tc, commit_outermost_first);
    tcase_add_test(tc, rollback_entries);
    tcase_add_test(tc, free_fresh_block_at_once);
    tcase_add_test(tc, frame_blocks);
    tcase_add_test(tc, pages);
    tcase_add_test(tc, all_pages_saved_restamps);
    tcase_add_test(tc, held_io);
    tcase_add_test(tc, replay_order);
    tcase_add_test(tc, many_levels_ids);
    tcase_add_test(tc, held_for_the_collector);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
