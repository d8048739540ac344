/*
 * test_gc.c - the pointer table: allocation, checked access and its fault
 * reasons, free and its faults, the quarantine and its reclamation pass, the
 * heap limit.
 */
#include "gc/gc.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define PTR(idx, off) (((uint64_t)(idx) << 32) | (uint32_t)(off))

static GcHeap heap;

static void setup(void)
{
    gc_init(&heap);
}

static void teardown(void)
{
    gc_destroy(&heap);
}

static const char *describe(uint64_t p, uint64_t n, bool write)
{
    static char buf[256];
    GcFault f = gc_check(&heap, p, n, write);
    gc_describe(&heap, f, p, n, write ? "store" : "load", buf, sizeof buf);
    return buf;
}

START_TEST(alloc_basics)
{
    uint32_t a = gc_alloc(&heap, GC_KIND_DATA, 16);
    uint32_t b = gc_alloc(&heap, GC_KIND_DATA, 0);
    ck_assert_uint_eq(a, 1); /* index 0 is never allocated */
    ck_assert_uint_eq(b, 2);
    ck_assert_int_eq(gc_entry_kind(&heap, a), GC_KIND_DATA);
    ck_assert_uint_eq(gc_entry_size(&heap, a), 16);
    ck_assert_uint_eq(heap.live_bytes, 16);
    /* zeroed */
    uint8_t *d = gc_read_ptr(&heap, PTR(a, 0), 16);
    ck_assert_ptr_nonnull(d);
    for (int i = 0; i < 16; i++)
        ck_assert_uint_eq(d[i], 0);
    ck_assert_ptr_nonnull(gc_write_ptr(&heap, PTR(a, 12), 4));
    ck_assert_ptr_null(gc_read_ptr(&heap, PTR(a, 13), 4));
    ck_assert_ptr_null(gc_read_ptr(&heap, PTR(b, 0), 1));
    ck_assert_int_eq(gc_check(&heap, PTR(b, 0), 0, true), GC_FAULT_OK);
    ck_assert_ptr_null(gc_read_ptr(&heap, 0, 1));
    ck_assert_ptr_null(gc_read_ptr(&heap, PTR(77, 0), 1));
    ck_assert_uint_eq(gc_alloc(&heap, GC_KIND_DATA, (uint64_t)UINT32_MAX + 1), 0);
    ck_assert_uint_eq(gc_alloc(&heap, GC_KIND_FRAME, 8), 0); /* frames via gc_alloc_frame */
}
END_TEST

START_TEST(fault_reasons)
{
    uint32_t a = gc_alloc(&heap, GC_KIND_DATA, 40);
    uint32_t c = gc_alloc(&heap, GC_KIND_CONST, 6);
    uint32_t f = gc_alloc_func(&heap, 7);
    ck_assert_uint_eq(heap.tab[f].aux, 7);
    ck_assert_int_eq(gc_check(&heap, PTR(a, 36), 4, true), GC_FAULT_OK);
    ck_assert_str_eq(describe(PTR(0, 8), 4, false),
                     "null pointer dereference: load of 4 bytes at offset 8");
    ck_assert_str_eq(describe(PTR(a, 40), 4, false),
                     "out of bounds: load of 4 bytes at offset 40 in a block of 40 bytes");
    ck_assert_str_eq(describe(PTR(a, -4), 4, true),
                     "out of bounds: store of 4 bytes at offset -4 in a block of 40 bytes");
    ck_assert_int_eq(gc_check(&heap, PTR(c, 0), 1, false), GC_FAULT_OK);
    ck_assert_ptr_null(gc_write_ptr(&heap, PTR(c, 0), 1));
    ck_assert_str_eq(describe(PTR(c, 2), 1, true),
                     "store to constant data: store of 1 byte at offset 2 in a block of 6 bytes");
    ck_assert_str_eq(describe(PTR(f, 0), 8, false),
                     "access to a function's memory: load of 8 bytes at offset 0");
    ck_assert_str_eq(describe(PTR(99, 0), 8, false),
                     "invalid pointer 0x6300000000: load of 8 bytes");
    ck_assert_int_eq(gc_free(&heap, PTR(a, 0)), GC_FAULT_OK);
    ck_assert_str_eq(describe(PTR(a, 8), 4, false),
                     "use after free: load of 4 bytes at offset 8 in a freed block of 40 bytes");
    uint32_t head = 0;
    uint32_t l1 = gc_alloc_frame(&heap, 8, &head);
    uint32_t l2 = gc_alloc_frame(&heap, 4, &head);
    ck_assert_uint_eq(head, l2);
    ck_assert_int_eq(gc_entry_kind(&heap, l1), GC_KIND_FRAME);
    gc_release_frame(&heap, head);
    ck_assert_int_eq(gc_entry_kind(&heap, l1), GC_KIND_DEAD);
    ck_assert_int_eq(gc_entry_kind(&heap, l2), GC_KIND_DEAD);
    ck_assert_int_eq(gc_entry_prev_kind(&heap, l2), GC_KIND_FRAME);
    ck_assert_str_eq(describe(PTR(l1, 0), 4, true),
                     "use after return: store of 4 bytes at offset 0 in a local of a function "
                     "that has returned");
    ck_assert_uint_eq(heap.live_bytes, 6);
}
END_TEST

START_TEST(free_faults)
{
    char buf[256];
    uint32_t a = gc_alloc(&heap, GC_KIND_DATA, 16);
    uint32_t g = gc_alloc(&heap, GC_KIND_GLOBAL, 4);
    uint32_t f = gc_alloc_func(&heap, 0);
    ck_assert_int_eq(gc_free(&heap, 0), GC_FAULT_OK);
    ck_assert_int_eq(gc_free(&heap, PTR(a, 8)), GC_FAULT_INTERIOR);
    gc_describe_free(&heap, GC_FAULT_INTERIOR, PTR(a, 8), buf, sizeof buf);
    ck_assert_str_eq(buf, "free of a pointer into the middle of a block (offset 8 in a block "
                          "of 16 bytes)");
    ck_assert_int_eq(gc_free(&heap, PTR(g, 0)), GC_FAULT_NOT_HEAP);
    gc_describe_free(&heap, GC_FAULT_NOT_HEAP, PTR(g, 0), buf, sizeof buf);
    ck_assert_str_eq(buf, "free of memory not allocated by malloc (a global variable)");
    ck_assert_int_eq(gc_free(&heap, PTR(f, 0)), GC_FAULT_NOT_HEAP);
    ck_assert_int_eq(gc_free(&heap, PTR(a, 0)), GC_FAULT_OK);
    ck_assert_int_eq(gc_free(&heap, PTR(a, 0)), GC_FAULT_DOUBLE_FREE);
    gc_describe_free(&heap, GC_FAULT_DOUBLE_FREE, PTR(a, 0), buf, sizeof buf);
    ck_assert_str_eq(buf, "double free of a block of 16 bytes");
    ck_assert_int_eq(gc_free(&heap, PTR(500, 0)), GC_FAULT_WILD);
    gc_describe_free(&heap, GC_FAULT_WILD, PTR(500, 0), buf, sizeof buf);
    ck_assert_str_eq(buf, "free of an invalid pointer 0x1f400000000");
    uint32_t head = 0;
    uint32_t l = gc_alloc_frame(&heap, 8, &head);
    gc_release_frame(&heap, head);
    ck_assert_int_eq(gc_free(&heap, PTR(l, 0)), GC_FAULT_NOT_HEAP);
    gc_describe_free(&heap, GC_FAULT_NOT_HEAP, PTR(l, 0), buf, sizeof buf);
    ck_assert_str_eq(buf, "free of memory not allocated by malloc (a local of a function "
                          "that has returned)");
}
END_TEST

/* Roots for the reclamation tests. */
static uint64_t roots[4];

static void scan_test_roots(GcHeap *h, void *ctx)
{
    (void)ctx;
    gc_scan_roots(h, roots, 4);
}

START_TEST(quarantine_no_reuse_until_reclaimed)
{
    gc_set_roots(&heap, scan_test_roots, NULL);
    uint32_t holder = gc_alloc(&heap, GC_KIND_DATA, 16);
    uint32_t a = gc_alloc(&heap, GC_KIND_DATA, 8);
    uint32_t b = gc_alloc(&heap, GC_KIND_DATA, 8);
    uint32_t c = gc_alloc(&heap, GC_KIND_DATA, 8);
    /* a stale pointer to a, stored at a 4-aligned (not 8-aligned) offset;
     * its low half (0) must not look like a quarantined index itself */
    uint64_t pa = PTR(a, 0);
    memcpy(gc_write_ptr(&heap, PTR(holder, 4), 8), &pa, 8);
    roots[0] = PTR(b, 0); /* b is still in a register */
    ck_assert_int_eq(gc_free(&heap, PTR(a, 0)), GC_FAULT_OK);
    ck_assert_int_eq(gc_free(&heap, PTR(b, 0)), GC_FAULT_OK);
    ck_assert_int_eq(gc_free(&heap, PTR(c, 0)), GC_FAULT_OK);
    ck_assert_uint_eq(gc_quarantine_count(&heap), 3);
    /* not reused before reclamation */
    uint32_t d = gc_alloc(&heap, GC_KIND_DATA, 8);
    ck_assert_uint_eq(d, 5);
    ck_assert_uint_eq(gc_reclaim(&heap), 1);
    ck_assert_uint_eq(gc_quarantine_count(&heap), 2);
    ck_assert_uint_eq(gc_free_count(&heap), 1);
    ck_assert_int_eq(gc_entry_kind(&heap, c), GC_KIND_NONE);
    ck_assert_int_eq(gc_entry_kind(&heap, a), GC_KIND_DEAD);
    ck_assert_uint_eq(gc_alloc(&heap, GC_KIND_DATA, 8), c);
    /* overwrite the stale pointer and the register: a and b become reusable */
    memset(gc_write_ptr(&heap, PTR(holder, 0), 16), 0, 16);
    roots[0] = 0;
    ck_assert_uint_eq(gc_reclaim(&heap), 2);
    ck_assert_uint_eq(gc_quarantine_count(&heap), 0);
    uint32_t x = gc_alloc(&heap, GC_KIND_DATA, 8);
    uint32_t y = gc_alloc(&heap, GC_KIND_DATA, 8);
    ck_assert(x == a || x == b);
    ck_assert(y == a || y == b);
    ck_assert_uint_ne(x, y);
    ck_assert_uint_eq(gc_alloc(&heap, GC_KIND_DATA, 8), 6);
}
END_TEST

START_TEST(quarantine_automatic_trigger)
{
    gc_set_roots(&heap, scan_test_roots, NULL);
    memset(roots, 0, sizeof roots);
    /* 4095 frees: no pass; the 4096th triggers one (live bytes are tiny) */
    for (int i = 0; i < 4095; i++) {
        uint32_t idx = gc_alloc(&heap, GC_KIND_DATA, 8);
        ck_assert_int_eq(gc_free(&heap, PTR(idx, 0)), GC_FAULT_OK);
    }
    ck_assert_uint_eq(heap.nreclaims, 0);
    ck_assert_uint_eq(gc_quarantine_count(&heap), 4095);
    uint32_t idx = gc_alloc(&heap, GC_KIND_DATA, 8);
    ck_assert_uint_eq(idx, 4096);
    ck_assert_int_eq(gc_free(&heap, PTR(idx, 0)), GC_FAULT_OK);
    ck_assert_uint_eq(heap.nreclaims, 1);
    ck_assert_uint_eq(gc_quarantine_count(&heap), 0);
    ck_assert_uint_eq(gc_free_count(&heap), 4096);
    /* with a large live heap the pass waits until count * 256 >= live bytes */
    uint32_t big = gc_alloc(&heap, GC_KIND_DATA, 2u << 20); /* 2 MiB: needs 8192 */
    ck_assert_uint_ne(big, 0);
    for (int i = 0; i < 8191; i++) {
        uint32_t j = gc_alloc(&heap, GC_KIND_DATA, 0);
        ck_assert_int_eq(gc_free(&heap, PTR(j, 0)), GC_FAULT_OK);
    }
    ck_assert_uint_eq(heap.nreclaims, 1);
    uint32_t j = gc_alloc(&heap, GC_KIND_DATA, 0);
    ck_assert_int_eq(gc_free(&heap, PTR(j, 0)), GC_FAULT_OK);
    ck_assert_uint_eq(heap.nreclaims, 2);
}
END_TEST

START_TEST(heap_limit)
{
    gc_set_limit(&heap, 100);
    uint32_t a = gc_alloc(&heap, GC_KIND_DATA, 60);
    ck_assert_uint_ne(a, 0);
    ck_assert_uint_eq(gc_alloc(&heap, GC_KIND_DATA, 41), 0);
    uint32_t b = gc_alloc(&heap, GC_KIND_DATA, 40);
    ck_assert_uint_ne(b, 0);
    ck_assert_uint_eq(heap.live_bytes, 100);
    ck_assert_int_eq(gc_free(&heap, PTR(a, 0)), GC_FAULT_OK);
    ck_assert_uint_ne(gc_alloc(&heap, GC_KIND_DATA, 41), 0);
    ck_assert_uint_eq(heap.peak_bytes, 100);
    ck_assert_uint_eq(heap.nallocs, 3);
}
END_TEST

START_TEST(frame_arena)
{
    uint32_t head = 0;
    uint32_t a = gc_alloc_frame(&heap, 40, &head);
    uint32_t b = gc_alloc_frame(&heap, 8, &head);
    uint32_t big = gc_alloc_frame(&heap, GC_FRAME_ARENA_MAX + 1, &head);
    ck_assert_uint_ne(big, 0);
    uint8_t *da = gc_data(&heap, a);
    memset(da, 0xAB, 40);
    memset(gc_data(&heap, b), 0xCD, 8);
    gc_release_frame(&heap, head); /* newest first: big, b, a */
    ck_assert_uint_eq(heap.live_bytes, 0);
    /* the arena space is reused, zeroed */
    head = 0;
    uint32_t c = gc_alloc_frame(&heap, 40, &head);
    ck_assert_ptr_eq(gc_data(&heap, c), da);
    for (int i = 0; i < 40; i++)
        ck_assert_uint_eq(gc_data(&heap, c)[i], 0);
    /* out of order: releasing a lower block first leaves the upper intact */
    uint32_t head2 = 0;
    uint32_t d = gc_alloc_frame(&heap, 16, &head2);
    memset(gc_data(&heap, d), 0x11, 16);
    gc_release_frame(&heap, head);
    ck_assert_int_eq(gc_entry_kind(&heap, c), GC_KIND_DEAD);
    ck_assert_uint_eq(gc_data(&heap, d)[15], 0x11);
    uint32_t head3 = 0;
    uint32_t e = gc_alloc_frame(&heap, 16, &head3);
    ck_assert_ptr_ne(gc_data(&heap, e), gc_data(&heap, d));
    ck_assert_uint_eq(gc_data(&heap, d)[0], 0x11);
    gc_release_frame(&heap, head3);
    gc_release_frame(&heap, head2);
    /* many frames: chunks are pushed and popped */
    uint32_t heads[100] = {0};
    for (int i = 0; i < 100; i++)
        ck_assert_uint_ne(gc_alloc_frame(&heap, 10000, &heads[i]), 0);
    for (int i = 99; i >= 0; i--)
        gc_release_frame(&heap, heads[i]);
    ck_assert_uint_eq(heap.live_bytes, 0);
}
END_TEST

START_TEST(table_growth_and_data)
{
    uint32_t last = 0;
    for (uint32_t i = 0; i < 1000; i++)
        last = gc_alloc(&heap, GC_KIND_GLOBAL, 4);
    ck_assert_uint_eq(last, 1000);
    ck_assert_ptr_nonnull(gc_data(&heap, last));
    ck_assert_ptr_null(gc_data(&heap, 0));
    ck_assert_ptr_null(gc_data(&heap, 1001));
    ck_assert_str_eq(gc_kind_name(GC_KIND_CONST), "const");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gc");
    TCase *tc = tcase_create("heap");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, alloc_basics);
    tcase_add_test(tc, fault_reasons);
    tcase_add_test(tc, free_faults);
    tcase_add_test(tc, quarantine_no_reuse_until_reclaimed);
    tcase_add_test(tc, quarantine_automatic_trigger);
    tcase_add_test(tc, heap_limit);
    tcase_add_test(tc, table_growth_and_data);
    tcase_add_test(tc, frame_arena);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
