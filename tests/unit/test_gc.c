/*
 * test_gc.c - the pointer table and the collector on hand-built heaps:
 * allocation, checked access and its fault reasons, free and its faults,
 * index reuse only when unreferenced, leaks, cycles, deep lists, minor and
 * major collections, compaction order, the remembered set through the
 * first-store path, held blocks (a fake speculation root), the heap limit,
 * frame blocks, big blocks, rebuilding, the heap checker, and a stress run
 * against a model.
 */
#include "gc/gc.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define PTR(idx, off) (((uint64_t)(idx) << 32) | (uint32_t)(off))

static GcHeap heap;

/* Roots of the tests: words scanned, indexes held. */
static uint64_t roots[8];
static uint32_t held[4];

static void test_roots(GcHeap *h, void *ctx)
{
    (void)ctx;
    gc_scan_roots(h, roots, 8);
    for (int i = 0; i < 4; i++)
        if (held[i])
            gc_hold(h, held[i]);
}

static void setup(void)
{
    gc_init(&heap);
    memset(roots, 0, sizeof roots);
    memset(held, 0, sizeof held);
    gc_set_roots(&heap, test_roots, NULL);
}

static void teardown(void)
{
    gc_destroy(&heap);
}

static void check_heap(void)
{
    char msg[256];
    int rc = gc_check_heap(&heap, msg, sizeof msg);
    ck_assert_msg(rc == 0, "heap check: %s", msg);
}

static const char *describe(uint64_t p, uint64_t n, bool write)
{
    static char buf[256];
    GcFault f = gc_check(&heap, p, n, write);
    gc_describe(&heap, f, p, n, write ? "store" : "load", buf, sizeof buf);
    return buf;
}

/* A store as the VM does it: fast path, else the slow path. */
static void store64(uint64_t p, uint64_t v)
{
    uint8_t *m = gc_write_ptr(&heap, p, 8);
    GcFault f = GC_FAULT_OK;
    if (!m)
        m = gc_store_slow(&heap, p, 8, &f);
    if (!m || f != GC_FAULT_OK) /* plain checks: these run millions of times */
        ck_abort_msg("store to 0x%llx failed: %s", (unsigned long long)p, gc_fault_name(f));
    memcpy(m, &v, 8);
}

static uint64_t load64(uint64_t p)
{
    uint8_t *m = gc_read_ptr(&heap, p, 8);
    if (!m)
        ck_abort_msg("load from 0x%llx failed", (unsigned long long)p);
    uint64_t v;
    memcpy(&v, m, 8);
    return v;
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
    ck_assert(gc_is_young(&heap, a));
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
    /* globals are born old, with a stale stamp (their first store is seen) */
    uint32_t g = gc_alloc(&heap, GC_KIND_GLOBAL, 8);
    ck_assert(!gc_is_young(&heap, g));
    ck_assert_ptr_null(gc_write_ptr(&heap, PTR(g, 0), 8));
    ck_assert_ptr_nonnull(gc_read_ptr(&heap, PTR(g, 0), 8));
    check_heap();
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
    /* the messages survive a collection that keeps the indexes */
    roots[0] = PTR(a, 8);
    roots[1] = PTR(l1, 0);
    gc_collect(&heap, false);
    ck_assert_str_eq(describe(PTR(a, 8), 4, false),
                     "use after free: load of 4 bytes at offset 8 in a freed block of 40 bytes");
    ck_assert_int_eq(gc_entry_prev_kind(&heap, l1), GC_KIND_FRAME);
    ck_assert_int_eq(gc_entry_kind(&heap, l2), GC_KIND_NONE); /* nobody named it */
    check_heap();
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
    /* double free is still caught after the block was promoted and collected */
    roots[0] = PTR(a, 0);
    gc_collect(&heap, false);
    gc_collect(&heap, true);
    ck_assert_int_eq(gc_free(&heap, PTR(a, 0)), GC_FAULT_DOUBLE_FREE);
    check_heap();
}
END_TEST

START_TEST(index_reuse_only_when_unreferenced)
{
    uint32_t holder = gc_alloc(&heap, GC_KIND_DATA, 32);
    uint32_t a = gc_alloc(&heap, GC_KIND_DATA, 8);
    uint32_t b = gc_alloc(&heap, GC_KIND_DATA, 8);
    uint32_t c = gc_alloc(&heap, GC_KIND_DATA, 8);
    /* a stale pointer to a; a word at a non-8-aligned offset is not seen
     * (only the high halves of aligned words are) */
    uint64_t pa = PTR(a, 0), pc = PTR(c, 0);
    memcpy(gc_write_ptr(&heap, PTR(holder, 8), 8), &pa, 8);
    memcpy(gc_write_ptr(&heap, PTR(holder, 20), 8), &pc, 8);
    roots[0] = PTR(b, 0); /* b is still in a register */
    roots[1] = PTR(holder, 0);
    ck_assert_int_eq(gc_free(&heap, PTR(a, 0)), GC_FAULT_OK);
    ck_assert_int_eq(gc_free(&heap, PTR(b, 0)), GC_FAULT_OK);
    ck_assert_int_eq(gc_free(&heap, PTR(c, 0)), GC_FAULT_OK);
    /* not reused before a collection */
    uint32_t d = gc_alloc(&heap, GC_KIND_DATA, 8);
    ck_assert_uint_eq(d, 5);
    ck_assert_uint_eq(gc_collect(&heap, false), 2); /* c and d (unreferenced) */
    ck_assert_uint_eq(gc_free_count(&heap), 2);
    ck_assert_int_eq(gc_entry_kind(&heap, c), GC_KIND_NONE);
    ck_assert_int_eq(gc_entry_kind(&heap, a), GC_KIND_DEAD);
    ck_assert_int_eq(gc_entry_kind(&heap, b), GC_KIND_DEAD);
    ck_assert_ptr_null(heap.tab[a].data); /* its bytes went */
    uint32_t x1 = gc_alloc(&heap, GC_KIND_DATA, 8), x2 = gc_alloc(&heap, GC_KIND_DATA, 8);
    ck_assert((x1 == c && x2 == d) || (x1 == d && x2 == c));
    /* a and b are old now: a minor collection does not free them */
    store64(PTR(holder, 0), 0);
    store64(PTR(holder, 8), 0);
    store64(PTR(holder, 16), 0);
    store64(PTR(holder, 24), 0);
    roots[0] = 0;
    ck_assert_uint_eq(gc_collect(&heap, false), 2); /* x1, x2 */
    ck_assert_int_eq(gc_entry_kind(&heap, a), GC_KIND_DEAD);
    ck_assert_uint_eq(gc_collect(&heap, true), 2);
    ck_assert_int_eq(gc_entry_kind(&heap, a), GC_KIND_NONE);
    ck_assert_int_eq(gc_entry_kind(&heap, b), GC_KIND_NONE);
    ck_assert_int_eq(gc_entry_kind(&heap, holder), GC_KIND_DATA);
    ck_assert_uint_eq(heap.stats.minor, 2);
    ck_assert_uint_eq(heap.stats.major, 1);
    check_heap();
}
END_TEST

START_TEST(leaks_and_cycles)
{
    /* a reachable cycle, an unreachable cycle, a leaked block */
    uint32_t r1 = gc_alloc(&heap, GC_KIND_DATA, 16), r2 = gc_alloc(&heap, GC_KIND_DATA, 16);
    uint32_t u1 = gc_alloc(&heap, GC_KIND_DATA, 16), u2 = gc_alloc(&heap, GC_KIND_DATA, 16);
    uint32_t leak = gc_alloc(&heap, GC_KIND_DATA, 100);
    store64(PTR(r1, 0), PTR(r2, 0));
    store64(PTR(r2, 8), PTR(r1, 0));
    store64(PTR(u1, 0), PTR(u2, 0));
    store64(PTR(u2, 0), PTR(u1, 0));
    roots[3] = PTR(r2, 4); /* interior pointers keep blocks too */
    ck_assert_uint_eq(heap.live_bytes, 164);
    ck_assert_uint_eq(gc_collect(&heap, false), 3);
    ck_assert_uint_eq(heap.live_bytes, 32);
    ck_assert_uint_eq(heap.stats.leaked_blocks, 3);
    ck_assert_int_eq(gc_entry_kind(&heap, u1), GC_KIND_NONE);
    ck_assert_int_eq(gc_entry_kind(&heap, leak), GC_KIND_NONE);
    ck_assert_uint_eq(load64(PTR(r1, 0)), PTR(r2, 0));
    ck_assert_uint_eq(load64(PTR(r2, 8)), PTR(r1, 0));
    /* the old cycle becomes unreachable: only a major frees it */
    roots[3] = 0;
    ck_assert_uint_eq(gc_collect(&heap, false), 0);
    ck_assert_int_eq(gc_entry_kind(&heap, r1), GC_KIND_DATA);
    ck_assert_uint_eq(gc_collect(&heap, true), 2);
    ck_assert_uint_eq(heap.live_bytes, 0);
    ck_assert_uint_eq(heap.old_bytes, 0);
    check_heap();
}
END_TEST

START_TEST(deep_list)
{
    /* a million-node list: marking uses an explicit stack, not recursion */
    enum { N = 1000000 };
    uint64_t prev = 0;
    for (uint32_t i = 0; i < N; i++) {
        roots[0] = prev;
        uint32_t n = gc_alloc(&heap, GC_KIND_DATA, 16);
        if (!n)
            ck_abort_msg("allocation %u failed", i);
        store64(PTR(n, 0), prev);
        store64(PTR(n, 8), i);
        prev = PTR(n, 0);
    }
    roots[0] = prev;
    ck_assert_uint_gt(heap.stats.minor, 0);
    gc_collect(&heap, true);
    check_heap();
    ck_assert_uint_eq(heap.live_bytes, (uint64_t)N * 16);
    uint64_t p = prev;
    for (uint32_t i = N; i-- > 0;) {
        if (load64(p + 8) != i)
            ck_abort_msg("node %u holds %llu", i, (unsigned long long)load64(p + 8));
        p = load64(p);
    }
    ck_assert_uint_eq(p, 0);
    roots[0] = 0;
    ck_assert_uint_eq(gc_collect(&heap, true), N);
    ck_assert_uint_eq(heap.live_bytes, 0);
    check_heap();
}
END_TEST

START_TEST(compaction_keeps_order)
{
    enum { N = 2000 };
    uint32_t idx[N];
    uint32_t table = gc_alloc(&heap, GC_KIND_DATA, N * 8);
    roots[0] = PTR(table, 0);
    for (uint32_t i = 0; i < N; i++) {
        idx[i] = gc_alloc(&heap, GC_KIND_DATA, 24 + i % 3 * 8);
        store64(PTR(idx[i], 0), i * 7);
        store64(PTR(table, 8 * i), PTR(idx[i], 0));
        gc_alloc(&heap, GC_KIND_DATA, 40); /* garbage in between */
    }
    gc_collect(&heap, false); /* promoted in allocation order */
    for (uint32_t i = 1; i < N; i++)
        ck_assert((uintptr_t)heap.tab[idx[i - 1]].data < (uintptr_t)heap.tab[idx[i]].data);
    /* free two thirds, leave holes, compact */
    for (uint32_t i = 0; i < N; i++)
        if (i % 3 != 1) {
            store64(PTR(table, 8 * i), 0);
            ck_assert_int_eq(gc_free(&heap, PTR(idx[i], 0)), GC_FAULT_OK);
        }
    uint64_t before = heap.old_bytes;
    gc_collect(&heap, true);
    check_heap();
    ck_assert_uint_lt(heap.old_bytes, before / 2);
    /* survivors are contiguous, in allocation order, contents intact */
    uint8_t *prev_end = heap.tab[table].data + N * 8;
    for (uint32_t i = 1; i < N; i += 3) {
        uint8_t *d = heap.tab[idx[i]].data;
        ck_assert_ptr_eq(d, prev_end + 8); /* right after the previous block and a header */
        prev_end = d + heap.tab[idx[i]].size;
        ck_assert_uint_eq(load64(PTR(idx[i], 0)), i * 7);
    }
}
END_TEST

static int hook_calls;
static uint32_t hook_last;
static int hook_result;

static int test_hook(GcHeap *h, uint32_t idx, void *ctx)
{
    (void)h;
    (void)ctx;
    hook_calls++;
    hook_last = idx;
    return hook_result;
}

START_TEST(remembered_set)
{
    uint32_t old = gc_alloc(&heap, GC_KIND_DATA, 32);
    roots[0] = PTR(old, 0);
    gc_collect(&heap, false);
    ck_assert(!gc_is_young(&heap, old));
    /* the only pointer to a young block is in an old block */
    uint32_t young = gc_alloc(&heap, GC_KIND_DATA, 8);
    store64(PTR(young, 0), 0x1234);
    gc_set_first_store(&heap, test_hook, NULL);
    store64(PTR(old, 8), PTR(young, 0));
    store64(PTR(old, 16), PTR(young, 0)); /* fast path now: remembered once */
    ck_assert_int_eq(hook_calls, 1);
    ck_assert_uint_eq(hook_last, old);
    ck_assert_uint_eq(heap.nremset, 1);
    gc_collect(&heap, false);
    ck_assert_uint_eq(heap.nremset, 0);
    ck_assert_int_eq(gc_entry_kind(&heap, young), GC_KIND_DATA);
    ck_assert_uint_eq(load64(PTR(young, 0)), 0x1234);
    /* a new epoch: the next store to the old block is seen again */
    uint32_t y2 = gc_alloc(&heap, GC_KIND_DATA, 8);
    store64(PTR(old, 24), PTR(y2, 0));
    ck_assert_int_eq(hook_calls, 2);
    gc_collect(&heap, false);
    ck_assert_int_eq(gc_entry_kind(&heap, y2), GC_KIND_DATA);
    /* a hook that answers 1 keeps the block stale: every store comes back */
    hook_result = 1;
    store64(PTR(old, 0), 1);
    store64(PTR(old, 0), 2);
    ck_assert_int_eq(hook_calls, 4);
    ck_assert_uint_eq(heap.nremset, 1);
    /* and -1 fails the store */
    hook_result = -1;
    GcFault f;
    ck_assert_ptr_null(gc_store_slow(&heap, PTR(old, 0), 8, &f));
    ck_assert_int_eq(f, GC_FAULT_NOMEM);
    hook_result = 0;
    /* an old block not stored to since the last collection is not scanned
     * by a minor: its stale pointer does not keep a freed young index */
    uint32_t y3 = gc_alloc(&heap, GC_KIND_DATA, 8);
    store64(PTR(old, 8), PTR(y3, 0));
    ck_assert_int_eq(gc_free(&heap, PTR(y3, 0)), GC_FAULT_OK);
    gc_collect(&heap, false); /* old was remembered: y3's index is kept */
    ck_assert_int_eq(gc_entry_kind(&heap, y3), GC_KIND_DEAD);
    check_heap();
}
END_TEST

START_TEST(card_remembering)
{
    /* a big old block is remembered per 4 KiB card: a minor scans only
     * the cards stored to, and the block stays stale meanwhile */
    uint32_t big = gc_alloc(&heap, GC_KIND_GLOBAL, 1u << 20);
    uint32_t y1 = gc_alloc(&heap, GC_KIND_DATA, 8), y2 = gc_alloc(&heap, GC_KIND_DATA, 8);
    store64(PTR(big, 5 * 4096 + 8), PTR(y1, 0));
    store64(PTR(big, 5 * 4096 + 16), 7); /* same card: not recorded again */
    /* a 16-byte store across cards 8 and 9 (a host call's): the whole block */
    GcFault f;
    uint8_t *m = gc_store_slow(&heap, PTR(big, 9 * 4096 - 8), 16, &f);
    ck_assert_ptr_nonnull(m);
    memcpy(m + 8, &(uint64_t){PTR(y2, 0)}, 8);
    ck_assert_uint_eq(heap.nremset, 2);
    ck_assert_uint_eq(heap.remset[0], big | (uint64_t)5 << 32);
    ck_assert_uint_eq(heap.remset[1], big | (uint64_t)GC_CARD_ALL << 32);
    gc_collect(&heap, false);
    ck_assert_int_eq(gc_entry_kind(&heap, y1), GC_KIND_DATA);
    ck_assert_int_eq(gc_entry_kind(&heap, y2), GC_KIND_DATA);
    /* cards only: a pointer in another card is not seen by a minor */
    uint32_t y3 = gc_alloc(&heap, GC_KIND_DATA, 8), y4 = gc_alloc(&heap, GC_KIND_DATA, 8);
    store64(PTR(big, 100 * 4096), PTR(y3, 0));
    ck_assert_ptr_null(gc_write_ptr(&heap, PTR(big, 0), 8)); /* still stale */
    memcpy(gc_data(&heap, big) + 200 * 4096, &(uint64_t){PTR(y4, 0)}, 8); /* no barrier */
    gc_collect(&heap, false);
    ck_assert_int_eq(gc_entry_kind(&heap, y3), GC_KIND_DATA);
    ck_assert_int_eq(gc_entry_kind(&heap, y4), GC_KIND_NONE);
    /* past 15 cards the whole block is remembered and restamped */
    for (uint32_t c = 0; c < 16; c++)
        store64(PTR(big, c * 2 * 4096), c);
    ck_assert_uint_eq(heap.nremset, 16);
    ck_assert_ptr_nonnull(gc_write_ptr(&heap, PTR(big, 0), 8));
    check_heap();
    gc_collect(&heap, false);
    check_heap();
}
END_TEST

START_TEST(held_blocks)
{
    /* a block freed inside a speculation level: DEAD, bytes held by a root
     * (gc_hold), moved by collections, revived with its contents */
    uint32_t target = gc_alloc(&heap, GC_KIND_DATA, 8);
    uint32_t a = gc_alloc(&heap, GC_KIND_DATA, 24);
    store64(PTR(a, 0), 77);
    store64(PTR(a, 8), PTR(target, 0)); /* its bytes keep target alive */
    ck_assert_int_eq(gc_free(&heap, PTR(a, 0)), GC_FAULT_OK);
    held[0] = a;
    uint8_t *was = heap.tab[a].data;
    gc_collect(&heap, false);
    ck_assert_ptr_ne(heap.tab[a].data, was);
    ck_assert_int_eq(gc_entry_kind(&heap, target), GC_KIND_DATA);
    gc_collect(&heap, true);
    check_heap();
    ck_assert(gc_revive(&heap, a));
    ck_assert_int_eq(gc_entry_kind(&heap, a), GC_KIND_DATA);
    ck_assert_uint_eq(gc_entry_size(&heap, a), 24);
    ck_assert_uint_eq(load64(PTR(a, 0)), 77);
    ck_assert_uint_eq(load64(PTR(a, 8)), PTR(target, 0));
    ck_assert_uint_eq(heap.live_bytes, 32);
    /* a block reachable only through the hold */
    uint32_t only = gc_alloc(&heap, GC_KIND_DATA, 8);
    held[1] = only;
    gc_collect(&heap, true);
    ck_assert_int_eq(gc_entry_kind(&heap, only), GC_KIND_DATA);
    /* not held any more: a freed block's bytes go, its index too */
    ck_assert_int_eq(gc_free(&heap, PTR(a, 0)), GC_FAULT_OK);
    held[0] = held[1] = 0;
    gc_collect(&heap, true);
    ck_assert_int_eq(gc_entry_kind(&heap, a), GC_KIND_NONE);
    ck_assert(!gc_revive(&heap, a));
    ck_assert_int_eq(gc_entry_kind(&heap, target), GC_KIND_NONE);
    ck_assert_uint_eq(heap.live_bytes, 0);
    /* discard: an allocation undone */
    uint32_t u = gc_alloc(&heap, GC_KIND_DATA, 8);
    gc_discard(&heap, u);
    ck_assert_int_eq(gc_entry_kind(&heap, u), GC_KIND_DEAD);
    check_heap();
}
END_TEST

START_TEST(heap_limit)
{
    gc_set_limit(&heap, 100);
    uint32_t a = gc_alloc(&heap, GC_KIND_DATA, 60);
    ck_assert_uint_ne(a, 0);
    roots[0] = PTR(a, 0);
    ck_assert_uint_eq(gc_alloc(&heap, GC_KIND_DATA, 41), 0);
    ck_assert_uint_eq(heap.stats.major, 1); /* it tried */
    uint32_t b = gc_alloc(&heap, GC_KIND_DATA, 40);
    ck_assert_uint_ne(b, 0);
    ck_assert_uint_eq(heap.live_bytes, 100);
    ck_assert_int_eq(gc_free(&heap, PTR(a, 0)), GC_FAULT_OK);
    ck_assert_uint_ne(gc_alloc(&heap, GC_KIND_DATA, 41), 0);
    ck_assert_uint_eq(heap.peak_bytes, 100);
    ck_assert_uint_eq(heap.nallocs, 3);
    /* leaked blocks do not count against the limit once collected */
    gc_set_limit(&heap, 1000);
    for (int i = 0; i < 1000; i++)
        ck_assert_uint_ne(gc_alloc(&heap, GC_KIND_DATA, 100), 0);
    check_heap();
}
END_TEST

START_TEST(frame_blocks)
{
    uint32_t head = 0;
    uint32_t a = gc_alloc_frame(&heap, 40, &head);
    uint32_t b = gc_alloc_frame(&heap, 8, &head);
    uint32_t obj = gc_alloc(&heap, GC_KIND_DATA, 8);
    store64(PTR(a, 0), PTR(obj, 0)); /* a local points to a heap block */
    /* nothing names the frame blocks, yet live frames keep them */
    gc_collect(&heap, false);
    gc_collect(&heap, true);
    ck_assert_int_eq(gc_entry_kind(&heap, a), GC_KIND_FRAME);
    ck_assert_int_eq(gc_entry_kind(&heap, b), GC_KIND_FRAME);
    ck_assert_int_eq(gc_entry_kind(&heap, obj), GC_KIND_DATA);
    ck_assert_uint_eq(heap.tab[b].aux, a); /* the frame list is intact */
    gc_release_frame(&heap, head);
    ck_assert_uint_eq(heap.live_bytes, 8);
    gc_collect(&heap, true);
    ck_assert_int_eq(gc_entry_kind(&heap, a), GC_KIND_NONE);
    ck_assert_int_eq(gc_entry_kind(&heap, obj), GC_KIND_NONE);
    ck_assert_uint_eq(heap.live_bytes, 0);
    check_heap();
}
END_TEST

START_TEST(big_blocks)
{
    /* blocks over the nursery's limit are young but live in the old space */
    uint32_t big = gc_alloc(&heap, GC_KIND_DATA, 1u << 20);
    roots[0] = PTR(big, 0);
    ck_assert(gc_is_young(&heap, big));
    uint8_t *d = heap.tab[big].data;
    d[12345] = 9;
    uint32_t dies = gc_alloc(&heap, GC_KIND_DATA, 300000); /* collects first: 1 MiB young */
    ck_assert_uint_eq(heap.stats.minor, 1);
    ck_assert(!gc_is_young(&heap, big));
    ck_assert(gc_is_young(&heap, dies));
    gc_collect(&heap, false);
    ck_assert(!gc_is_young(&heap, big));
    ck_assert_ptr_eq(heap.tab[big].data, d); /* promoted without a copy */
    ck_assert_int_eq(gc_entry_kind(&heap, dies), GC_KIND_NONE);
    check_heap();
    gc_collect(&heap, true);
    ck_assert_uint_eq(heap.tab[big].data[12345], 9);
    roots[0] = 0;
    gc_collect(&heap, true);
    ck_assert_uint_eq(heap.old_bytes, 0);
    ck_assert_uint_le(heap.mapped, GC_NURSERY_SIZE + (1u << 20));
    check_heap();
}
END_TEST

START_TEST(rebuild)
{
    GcHeap h2;
    gc_init(&h2);
    GcEntry e = {0};
    uint8_t bytes[16] = {1, 2, 3};
    e.kind = GC_KIND_FUNC;
    e.aux = 3;
    ck_assert_int_eq(gc_restore_entry(&h2, 1, &e, NULL), 0);
    e = (GcEntry){.kind = GC_KIND_DATA, .size = 16, .stamp = 5};
    ck_assert_int_eq(gc_restore_entry(&h2, 2, &e, bytes), 0);
    e = (GcEntry){.kind = GC_KIND_NONE};
    ck_assert_int_eq(gc_restore_entry(&h2, 3, &e, NULL), 0);
    e = (GcEntry){.kind = GC_KIND_DEAD, .prev_kind = GC_KIND_DATA, .aux = 16};
    ck_assert_int_eq(gc_restore_entry(&h2, 4, &e, bytes), 0); /* held: bytes kept */
    ck_assert_int_eq(gc_restore_entry(&h2, 6, &e, NULL), -2); /* out of order */
    e = (GcEntry){.kind = GC_KIND_NONE};
    ck_assert_int_eq(gc_restore_entry(&h2, 5, &e, NULL), 0);
    uint32_t bad[] = {3, 3};
    ck_assert_int_eq(gc_restore_finish(&h2, bad, 2), -2);
    uint32_t fl[] = {5, 3};
    ck_assert_int_eq(gc_restore_finish(&h2, fl, 2), 0);
    ck_assert_uint_eq(h2.free_head, 5);
    ck_assert_uint_eq(h2.live_bytes, 16);
    ck_assert_uint_eq(h2.tab[2].data[2], 3);
    ck_assert_ptr_null(gc_write_ptr(&h2, PTR(2, 0), 1)); /* old: stale stamp */
    ck_assert(gc_revive(&h2, 4));
    ck_assert_uint_eq(h2.tab[4].data[1], 2);
    char msg[200];
    ck_assert_int_eq(gc_check_heap(&h2, msg, sizeof msg), 0);
    ck_assert_uint_eq(gc_alloc(&h2, GC_KIND_DATA, 4), 5);
    gc_destroy(&h2);
}
END_TEST

START_TEST(checker_finds_damage)
{
    char msg[200];
    uint32_t a = gc_alloc(&heap, GC_KIND_DATA, 16);
    roots[0] = PTR(a, 0);
    gc_collect(&heap, false);
    ck_assert_int_eq(gc_check_heap(&heap, msg, sizeof msg), 0);
    heap.tab[a].data[-8] = 9; /* the header's index */
    ck_assert_int_eq(gc_check_heap(&heap, msg, sizeof msg), -1);
    ck_assert_str_eq(msg, "entry 1: header says block 9 of 16 bytes, entry 16 bytes");
    heap.tab[a].data[-8] = 1;
    heap.live_bytes++;
    ck_assert_int_eq(gc_check_heap(&heap, msg, sizeof msg), -1);
    ck_assert_str_eq(msg, "live bytes 17, counted 16");
    heap.live_bytes--;
    heap.tab[a].size = 0;
    ck_assert_int_eq(gc_check_heap(&heap, msg, sizeof msg), -1);
    ck_assert_str_eq(msg, "entry 1: size 0 but data set");
    heap.tab[a].size = 16;
}
END_TEST

/* Host allocation failures inside gc/ never lose a block: a mark stack
 * that cannot grow falls back to rescanning, a remembered set that cannot
 * grow turns the next collection into a major, an old space that cannot
 * grow leaves survivors young in the nursery. */
START_TEST(host_failures)
{
    /* marking without a stack: a 500-node list */
    uint64_t prev = 0;
    for (int i = 0; i < 500; i++) {
        uint32_t n = gc_alloc(&heap, GC_KIND_DATA, 16);
        store64(PTR(n, 0), prev);
        store64(PTR(n, 8), (uint64_t)i);
        prev = PTR(n, 0);
    }
    roots[0] = prev;
    heap.fail_host = 1000000;
    gc_collect(&heap, false);
    heap.fail_host = 0;
    ck_assert_uint_eq(heap.live_bytes, 500 * 16);
    uint64_t p = prev;
    for (int i = 499; i >= 0; i--) {
        ck_assert_uint_eq(load64(p + 8), (uint64_t)i);
        p = load64(p);
    }
    ck_assert_uint_eq(p, 0);
    ck_assert(gc_is_young(&heap, (uint32_t)(prev >> 32))); /* no old space either */
    check_heap();
    gc_collect(&heap, false);
    ck_assert(!gc_is_young(&heap, (uint32_t)(prev >> 32)));
    /* a lost remembered set: the next collection is a major */
    uint32_t y = gc_alloc(&heap, GC_KIND_DATA, 8);
    heap.fail_host = 1;
    store64(prev + 8, PTR(y, 0)); /* the only pointer to y, in an old block */
    ck_assert(heap.remset_lost);
    uint64_t majors = heap.stats.major;
    gc_collect(&heap, false);
    ck_assert_uint_eq(heap.stats.major, majors + 1);
    ck_assert(!heap.remset_lost);
    ck_assert_int_eq(gc_entry_kind(&heap, y), GC_KIND_DATA);
    check_heap();
    /* an old space that cannot grow: survivors stay young, intact */
    uint32_t holder = gc_alloc(&heap, GC_KIND_DATA, 8 * 32);
    roots[1] = PTR(holder, 0);
    gc_collect(&heap, false);
    uint32_t big[30];
    for (int i = 0; i < 30; i++) {
        if (i == 15) { /* the first 15 (900 KB) fill most of a chunk */
            gc_collect(&heap, false);
            heap.fail_host = 1000;
        }
        big[i] = gc_alloc(&heap, GC_KIND_DATA, 60000);
        ck_assert_uint_ne(big[i], 0);
        store64(PTR(big[i], 59992), (uint64_t)i * 11);
        store64(PTR(holder, 8 * i), PTR(big[i], 0));
    }
    gc_collect(&heap, false);
    heap.fail_host = 0;
    check_heap();
    int young = 0;
    for (int i = 0; i < 30; i++) {
        young += gc_is_young(&heap, big[i]);
        ck_assert_uint_eq(load64(PTR(big[i], 59992)), (uint64_t)i * 11);
    }
    ck_assert_int_ge(young, 10);
    gc_collect(&heap, false);
    for (int i = 0; i < 30; i++) {
        ck_assert(!gc_is_young(&heap, big[i]));
        ck_assert_uint_eq(load64(PTR(big[i], 59992)), (uint64_t)i * 11);
    }
    check_heap();
}
END_TEST

/* Random operations against a model: rooted blocks hold a known pattern
 * and pointers to each other; every check walks them. */
START_TEST(stress_model)
{
    enum { SLOTS = 8, OPS = 20000 };
    ck_assert_int_eq(gc_set_nursery(&heap, 64 << 10), 0);
    gc_set_stress(&heap, 1);
    uint32_t seed = 12345;
    uint32_t sizes[SLOTS] = {0};
    for (int op = 0; op < OPS; op++) {
        seed = seed * 1103515245u + 12345u;
        int s = (int)((seed >> 16) % SLOTS);
        int what = (int)((seed >> 8) % 4);
        if (what == 0 && roots[s]) {
            ck_assert_int_eq(gc_free(&heap, roots[s]), GC_FAULT_OK);
            roots[s] = 0;
        } else if (what <= 2) {
            uint32_t size = 16 + (seed >> 20) % 200;
            uint32_t n = gc_alloc(&heap, GC_KIND_DATA, size);
            ck_assert_uint_ne(n, 0);
            store64(PTR(n, 0), size);
            store64(PTR(n, 8), roots[(s + 1) % SLOTS]); /* a pointer to another slot */
            roots[s] = PTR(n, 0); /* the old one leaks */
            sizes[s] = size;
        } else if (roots[s]) {
            ck_assert_uint_eq(load64(roots[s]), sizes[s]);
        }
    }
    check_heap();
    ck_assert_uint_gt(heap.stats.major, OPS / 200);
    for (int s = 0; s < SLOTS; s++)
        if (roots[s])
            ck_assert_uint_eq(load64(roots[s]), sizes[s]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gc");
    TCase *tc = tcase_create("heap");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, alloc_basics);
    tcase_add_test(tc, fault_reasons);
    tcase_add_test(tc, free_faults);
    tcase_add_test(tc, index_reuse_only_when_unreferenced);
    tcase_add_test(tc, leaks_and_cycles);
    tcase_add_test(tc, deep_list);
    tcase_add_test(tc, compaction_keeps_order);
    tcase_add_test(tc, remembered_set);
    tcase_add_test(tc, card_remembering);
    tcase_add_test(tc, held_blocks);
    tcase_add_test(tc, heap_limit);
    tcase_add_test(tc, frame_blocks);
    tcase_add_test(tc, big_blocks);
    tcase_add_test(tc, rebuild);
    tcase_add_test(tc, checker_finds_damage);
    tcase_add_test(tc, host_failures);
    tcase_add_test(tc, stress_model);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
