/*
 * test_migrate.c - process images: pack inside the migrate hook, unpack and
 * resume; the payload frame (magic, version, flags, lengths, hash) with
 * exact messages; hostile bodies with a valid hash (missing fields, bad
 * frames, bad table entries); signing hooks; image files; processes with
 * open speculation levels (resume, re-pack, hostile level records).
 */
#include "migrate/migrate.h"

#include <check.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------- helpers */

/* main keeps a heap block (value 40) and calls down(3, block); down takes an
 * alloca'd local in every frame and, at the bottom, calls migrate "x" and
 * returns its result plus 2.  Exit status: 40 + 2 + migrate's result. */
static const char program[] =
    "file \"m.c\"\n"
    "global @target size 2 align 1 const\n"
    "  data \"x\"\n"
    "global @g size 8 align 8\n"
    "  reloc 0 @target\n"
    "func @down(i32 %n, ptr %keep) -> i32\n"
    "  reg ptr %loc\n"
    "  reg i64 %sz\n"
    "  reg i32 %r\n"
    "  reg i32 %one\n"
    "  reg ptr %t\n"
    "  reg f64 %d\n"
    "  loc 0 3\n"
    "  %sz = const.i64 16\n"
    "  %loc = alloca %sz\n"
    "  store.ptr %loc, %keep, 0\n"
    "  %d = const.f64 2.5\n"
    "  %one = const.i32 1\n"
    "  bles.i32 %n, %one, .bottom\n"
    "  %n = sub.i32 %n, %one\n"
    "  %r = call @down(%n, %loc)\n"
    "  ret %r\n"
    ".bottom:\n"
    "  %t = gaddr @g\n"
    "  %t = load.ptr %t, 0\n"
    "  loc 0 7\n"
    "  %r = migrate %t\n"
    "  %d = add.f64 %d, %d\n"
    "  %one = cvts.f64.i32 %d\n"
    "  %r = add.i32 %r, %one\n"
    "  %one = const.i32 3\n"
    "  %r = sub.i32 %r, %one\n"
    "  ret %r\n"
    "end\n"
    "func @main() -> i32\n"
    "  reg ptr %a\n"
    "  reg ptr %b\n"
    "  reg i64 %n\n"
    "  reg i32 %k\n"
    "  reg i32 %r\n"
    "  reg i32 %v\n"
    "  loc 0 10\n"
    "  %n = const.i64 64\n"
    "  %a = alloc %n\n"
    "  %b = alloc %n\n"
    "  free %b\n"
    "  %v = const.i32 40\n"
    "  store.i32 %a, %v, 60\n"
    "  %k = const.i32 3\n"
    "  %r = call @down(%k, %a)\n"
    "  %v = load.i32 %a, 60\n"
    "  %r = add.i32 %r, %v\n"
    "  ret %r\n"
    "end\n";

static uint8_t *packed;
static size_t packed_len;
static int hook_result;

static VmProcess *load_program(void)
{
    FirModule *m = NULL;
    FirError err = {0};
    int rc = fir_parse_text(program, strlen(program), "m.firs", &m, &err);
    ck_assert_msg(rc == 0, "parse: %s", err.msg);
    rc = fir_verify(m, &err);
    ck_assert_msg(rc == 0, "verify: %s", err.msg);
    VmProcess *p = vm_process_new(NULL);
    ck_assert_ptr_nonnull(p);
    rc = vm_load(p, m, 0, NULL, &err);
    ck_assert_msg(rc == 0, "load: %s", err.msg);
    return p;
}

/* A hook that packs the process into `packed` and returns hook_result. */
static int pack_hook(VmProcess *p, const char *target, void *ctx)
{
    (void)ctx;
    ck_assert_str_eq(target, "x");
    FirError err = {0};
    free(packed);
    packed = NULL;
    int rc = mig_pack(p, &packed, &packed_len, &err);
    ck_assert_msg(rc == 0, "pack: %s", err.msg);
    return hook_result;
}

static void setup(void)
{
    packed = NULL;
    packed_len = 0;
    hook_result = 0;
}

static void teardown(void)
{
    free(packed);
    packed = NULL;
}

/* Runs the program once with pack_hook; the payload is in `packed`. */
static void pack_program(void)
{
    VmProcess *p = load_program();
    vm_set_migrate_hook(p, pack_hook, NULL, NULL);
    ck_assert_int_eq(vm_run(p), VM_EXITED);
    ck_assert_int_eq(vm_exit_status(p), 42);
    vm_process_free(p);
    ck_assert_ptr_nonnull(packed);
}

/* Unpacks buf; returns the error code and leaves the message in msg. */
static int unpack(const uint8_t *buf, size_t len, char *msg, size_t n)
{
    VmProcess *p = NULL;
    FirError err = {0};
    int rc = mig_unpack(buf, len, NULL, &p, &err);
    snprintf(msg, n, "%s", rc ? err.msg : "");
    if (rc == 0) {
        ck_assert_ptr_nonnull(p);
        vm_process_free(p);
    } else {
        ck_assert_ptr_null(p);
    }
    return rc;
}

/* Recomputes the length field and the hash of a payload after a change. */
static void reseal(uint8_t *buf, size_t len)
{
    size_t body = len - MIG_HEADER_BYTES - MIG_HASH_BYTES;
    for (int i = 0; i < 8; i++)
        buf[16 + i] = (uint8_t)((uint64_t)body >> (8 * i));
    ck_assert_int_ge(sodium_init(), 0);
    crypto_generichash(buf + MIG_HEADER_BYTES + body, MIG_HASH_BYTES, buf,
                       MIG_HEADER_BYTES + body, NULL, 0);
}

/* Offset of the first byte after msgpack key `key` in the body. */
static size_t after_key(const uint8_t *buf, size_t len, const char *key)
{
    size_t k = strlen(key);
    for (size_t i = MIG_HEADER_BYTES; i + k + 1 <= len; i++)
        if (buf[i] == (0xa0 | k) && memcmp(buf + i + 1, key, k) == 0)
            return i + 1 + k;
    ck_abort_msg("key %s not found", key);
    return 0;
}

/* Offset of the contents of the bin that follows key `key`. */
static size_t bin_after(const uint8_t *buf, size_t len, const char *key)
{
    size_t o = after_key(buf, len, key);
    switch (buf[o]) {
    case 0xc4: return o + 2;
    case 0xc5: return o + 3;
    case 0xc6: return o + 5;
    default: ck_abort_msg("no bin after %s", key); return 0;
    }
}

/* ------------------------------------------------------- pack and resume */

START_TEST(test_resume_exit_status)
{
    pack_program();
    VmProcess *q = NULL;
    FirError err = {0};
    int rc = mig_unpack(packed, packed_len, NULL, &q, &err);
    ck_assert_msg(rc == 0, "unpack: %s", err.msg);
    ck_assert_int_eq(vm_run(q), VM_EXITED);
    ck_assert_int_eq(vm_exit_status(q), 42); /* heap, frames, f64 register intact */
    vm_process_free(q);
}
END_TEST

START_TEST(test_pack_is_deterministic)
{
    pack_program();
    uint8_t *first = packed;
    size_t n = packed_len;
    packed = NULL;
    pack_program();
    ck_assert_uint_eq(n, packed_len);
    ck_assert(memcmp(first, packed, n) == 0);
    /* a resumed process packs to the same bytes again */
    VmProcess *q = NULL;
    FirError err = {0};
    ck_assert_int_eq(mig_unpack(first, n, NULL, &q, &err), 0);
    uint8_t *again = NULL;
    size_t an = 0;
    ck_assert_int_eq(mig_pack(q, &again, &an, &err), 0);
    ck_assert_uint_eq(an, n);
    ck_assert(memcmp(first, again, n) == 0);
    free(again);
    free(first);
    vm_process_free(q);
}
END_TEST

START_TEST(test_hook_exit_and_error)
{
    hook_result = VM_MIGRATE_EXIT; /* suspended: the original ends with 0 */
    VmProcess *p = load_program();
    vm_set_migrate_hook(p, pack_hook, NULL, NULL);
    ck_assert_int_eq(vm_run(p), VM_EXITED);
    ck_assert_int_eq(vm_exit_status(p), 0);
    vm_process_free(p);
    hook_result = -5; /* a failure is migrate()'s value: 40 + 2 - 5 */
    p = load_program();
    vm_set_migrate_hook(p, pack_hook, NULL, NULL);
    ck_assert_int_eq(vm_run(p), VM_EXITED);
    ck_assert_int_eq(vm_exit_status(p), 37);
    vm_process_free(p);
    /* the resumed process sees 0 whatever the original saw */
    VmProcess *q = NULL;
    FirError err = {0};
    ck_assert_int_eq(mig_unpack(packed, packed_len, NULL, &q, &err), 0);
    ck_assert_int_eq(vm_run(q), VM_EXITED);
    ck_assert_int_eq(vm_exit_status(q), 42);
    vm_process_free(q);
}
END_TEST

START_TEST(test_no_hook_faults)
{
    VmProcess *p = load_program();
    ck_assert_int_eq(vm_run(p), VM_FAULTED);
    ck_assert_str_eq(vm_fault_message(p), "migration is not supported yet");
    vm_process_free(p);
}
END_TEST

START_TEST(test_limits_of_the_resuming_host)
{
    pack_program();
    VmOptions opt;
    vm_options_default(&opt);
    opt.max_frames = 3;
    VmProcess *q = NULL;
    FirError err = {0};
    ck_assert_int_eq(mig_unpack(packed, packed_len, &opt, &q, &err), FIR_ERANGE);
    ck_assert_str_eq(err.msg, "the process has 4 nested calls, more than the limit of 3");
    vm_options_default(&opt);
    opt.heap_max = 100;
    ck_assert_int_eq(mig_unpack(packed, packed_len, &opt, &q, &err), FIR_ERANGE);
    ck_assert_ptr_null(q);
    ck_assert(strstr(err.msg, "more than the limit of 100") != NULL);
}
END_TEST

/* ---------------------------------------------------------------- frame */

START_TEST(test_frame_errors)
{
    pack_program();
    char msg[512];
    uint8_t *b = malloc(packed_len + 200);
    /* intact */
    ck_assert_int_eq(unpack(packed, packed_len, msg, sizeof msg), 0);
    /* bad magic */
    memcpy(b, packed, packed_len);
    b[1] = 'X';
    ck_assert_int_eq(unpack(b, packed_len, msg, sizeof msg), FIR_EFORMAT);
    ck_assert_str_eq(msg, "not a process image (bad magic)");
    /* short */
    ck_assert_int_eq(unpack(packed, 12, msg, sizeof msg), FIR_EFORMAT);
    ck_assert_str_eq(msg, "truncated image (12 bytes)");
    /* version */
    memcpy(b, packed, packed_len);
    b[8] = 2;
    ck_assert_int_eq(unpack(b, packed_len, msg, sizeof msg), FIR_EVERSION);
    ck_assert_str_eq(msg, "unsupported image version 2 (expected 1)");
    /* flags */
    memcpy(b, packed, packed_len);
    b[12] = 6;
    ck_assert_int_eq(unpack(b, packed_len, msg, sizeof msg), FIR_EFORMAT);
    ck_assert_str_eq(msg, "unknown image flags 0x6");
    /* truncated */
    char want[128];
    snprintf(want, sizeof want, "truncated image (%zu bytes, the header announces %zu)",
             packed_len - 1, packed_len);
    ck_assert_int_eq(unpack(packed, packed_len - 1, msg, sizeof msg), FIR_EFORMAT);
    ck_assert_str_eq(msg, want);
    /* trailing bytes */
    memcpy(b, packed, packed_len);
    b[packed_len] = 0;
    ck_assert_int_eq(unpack(b, packed_len + 1, msg, sizeof msg), FIR_EFORMAT);
    ck_assert_str_eq(msg, "1 unexpected bytes after the image");
    /* one bit flipped in the body */
    memcpy(b, packed, packed_len);
    b[packed_len / 2] ^= 0x10;
    ck_assert_int_eq(unpack(b, packed_len, msg, sizeof msg), FIR_EFORMAT);
    ck_assert_str_eq(msg, "image integrity check failed (corrupted)");
    /* signed flag without a signature block */
    memcpy(b, packed, packed_len);
    b[12] = 1;
    ck_assert_int_eq(unpack(b, packed_len, msg, sizeof msg), FIR_EFORMAT);
    ck_assert(strncmp(msg, "truncated image", 15) == 0);
    free(b);
}
END_TEST

/* --------------------------------------------------- hostile, valid hash */

START_TEST(test_hostile_bodies)
{
    pack_program();
    char msg[512];
    uint8_t *b = malloc(packed_len + 64);

    /* the body is not a map */
    memcpy(b, packed, MIG_HEADER_BYTES);
    b[MIG_HEADER_BYTES] = 0x01;
    reseal(b, MIG_HEADER_BYTES + 1 + MIG_HASH_BYTES);
    ck_assert_int_eq(unpack(b, MIG_HEADER_BYTES + 1 + MIG_HASH_BYTES, msg, sizeof msg),
                     FIR_EFORMAT);
    ck_assert_str_eq(msg, "image field 'body': expected a map");

    /* an empty map: the module is missing */
    b[MIG_HEADER_BYTES] = 0x80;
    reseal(b, MIG_HEADER_BYTES + 1 + MIG_HASH_BYTES);
    ck_assert_int_eq(unpack(b, MIG_HEADER_BYTES + 1 + MIG_HASH_BYTES, msg, sizeof msg),
                     FIR_EFORMAT);
    ck_assert_str_eq(msg, "image field 'module': missing");

    /* a map announcing more entries than bytes */
    b[MIG_HEADER_BYTES] = 0xdf;
    memset(b + MIG_HEADER_BYTES + 1, 0xff, 4);
    reseal(b, MIG_HEADER_BYTES + 5 + MIG_HASH_BYTES);
    ck_assert_int_eq(unpack(b, MIG_HEADER_BYTES + 5 + MIG_HASH_BYTES, msg, sizeof msg),
                     FIR_EFORMAT);
    ck_assert_str_eq(msg, "image field 'body': count larger than the data");

    /* the top frame's pc out of range */
    memcpy(b, packed, packed_len);
    size_t fr = bin_after(b, packed_len, "frames");
    size_t top = fr + 3 * 32; /* main, down, down, down */
    memset(b + top + 4, 0xff, 4);
    reseal(b, packed_len);
    ck_assert_int_eq(unpack(b, packed_len, msg, sizeof msg), FIR_EFORMAT);
    ck_assert_str_eq(msg, "bad process state: frame 3: bad function or pc 4294967295");

    /* a caller frame that does not wait at a call */
    memcpy(b, packed, packed_len);
    b[fr + 32 + 4] = 0; /* frame 1's pc: instruction 0 (const.i64) */
    memset(b + fr + 32 + 5, 0, 3);
    reseal(b, packed_len);
    ck_assert_int_eq(unpack(b, packed_len, msg, sizeof msg), FIR_EFORMAT);
    ck_assert_str_eq(msg, "bad process state: frame 2: its caller is not at a call (pc 0)");

    /* a register base that overlaps the caller's registers */
    memcpy(b, packed, packed_len);
    b[fr + 32 + 8] ^= 1;
    reseal(b, packed_len);
    ck_assert_int_eq(unpack(b, packed_len, msg, sizeof msg), FIR_EFORMAT);
    ck_assert(strstr(msg, "frame 1: register base") != NULL);

    /* an unknown block kind in the table */
    memcpy(b, packed, packed_len);
    size_t en = bin_after(b, packed_len, "entries");
    b[en] = 9;
    reseal(b, packed_len);
    ck_assert_int_eq(unpack(b, packed_len, msg, sizeof msg), FIR_EFORMAT);
    ck_assert_str_eq(msg, "bad process state: entry 1: unknown kind 9");

    /* a block grown past the heap bytes */
    memcpy(b, packed, packed_len);
    for (uint32_t i = 0;; i++) {
        uint8_t *e = b + en + 16 * (size_t)i;
        if (e[0] == 1 /* DATA */) {
            e[4] ^= 0x40;
            break;
        }
    }
    reseal(b, packed_len);
    ck_assert_int_eq(unpack(b, packed_len, msg, sizeof msg), FIR_EFORMAT);
    ck_assert(strncmp(msg, "bad process state: the blocks hold", 34) == 0);

    /* the module no longer verifies: a register type changed */
    memcpy(b, packed, packed_len);
    size_t regs = bin_after(b, packed_len, "regs");
    (void)regs;
    size_t mo = bin_after(b, packed_len, "module");
    size_t hit = 0;
    for (size_t i = mo; i + 4 < packed_len && !hit; i++)
        if (memcmp(b + i, "regs", 4) == 0 && b[i - 1] == 0xa4)
            hit = i + 4;
    ck_assert(hit != 0 && b[hit] == 0xc4);
    b[hit + 2] = 6; /* first register of the first function: f64 */
    /* the module's own FNV trailer would catch it: fix it up */
    size_t modlen = b[mo - 1] | (size_t)b[mo - 2] << 8; /* bin16 */
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 8; i < modlen - 8; i++)
        h = (h ^ b[mo + i]) * 0x100000001b3u;
    for (int i = 0; i < 8; i++)
        b[mo + modlen - 8 + (size_t)i] = (uint8_t)(h >> (8 * i));
    reseal(b, packed_len);
    ck_assert_int_eq(unpack(b, packed_len, msg, sizeof msg), FIR_EVERIFY);
    ck_assert(strncmp(msg, "image module: verification failed: ", 35) == 0);
    free(b);
}
END_TEST

/* ------------------------------------------------- speculation levels */

/* Two levels are open at the migrate: level 1 stored to block a, freed b
 * and allocated c; level 2 stored to global @cnt.  After the migrate, abort
 * of level 1 brings a's old value (5) back: exit status 40 + a[0] + b's
 * revived size check (32) / 32 = 46; 48 if the store survived. */
static const char spec_program[] =
    "file \"s.c\"\n"
    "global @target size 2 align 1 const\n"
    "  data \"x\"\n"
    "global @cnt size 4 align 4\n"
    "func @main() -> i32\n"
    "  reg i32 %l\n"
    "  reg i32 %m\n"
    "  reg ptr %a\n"
    "  reg ptr %b\n"
    "  reg ptr %c\n"
    "  reg i64 %n\n"
    "  reg i32 %v\n"
    "  reg ptr %t\n"
    "  reg i32 %r\n"
    "  loc 0 1\n"
    "  %n = const.i64 32\n"
    "  %a = alloc %n\n"
    "  %b = alloc %n\n"
    "  %v = const.i32 5\n"
    "  store.i32 %a, %v, 0\n"
    "  %l = speculate\n"
    "  brz %l, .aborted\n"
    "  %v = const.i32 7\n"
    "  store.i32 %a, %v, 0\n"
    "  free %b\n"
    "  %c = alloc %n\n"
    "  %m = speculate\n"
    "  brz %m, .inner\n"
    "  %t = gaddr @cnt\n"
    "  store.i32 %t, %v, 0\n"
    "  %t = gaddr @target\n"
    "  loc 0 9\n"
    "  %r = migrate %t\n"
    "  rollback %l\n"
    ".aborted:\n"
    "  %v = load.i32 %a, 0\n"
    "  %n = blocksize %b\n"
    "  %r = trunc.i64.i32 %n\n"
    "  %m = const.i32 32\n"
    "  %r = divs.i32 %r, %m\n"
    "  %v = add.i32 %v, %r\n"
    "  %m = const.i32 40\n"
    "  %v = add.i32 %v, %m\n"
    "  ret %v\n"
    ".inner:\n"
    "  %v = const.i32 99\n"
    "  ret %v\n"
    "end\n";

static void pack_spec_program(void)
{
    FirModule *m = NULL;
    FirError err = {0};
    int rc = fir_parse_text(spec_program, strlen(spec_program), "s.firs", &m, &err);
    ck_assert_msg(rc == 0, "parse: %s", err.msg);
    ck_assert_msg(fir_verify(m, &err) == 0, "verify: %s", err.msg);
    VmProcess *p = vm_process_new(NULL);
    ck_assert_int_eq(vm_load(p, m, 0, NULL, &err), 0);
    vm_set_migrate_hook(p, pack_hook, NULL, NULL);
    ck_assert_int_eq(vm_run(p), VM_EXITED);
    ck_assert_int_eq(vm_exit_status(p), 46);
    vm_process_free(p);
    ck_assert_ptr_nonnull(packed);
}

/* Offset of the contents of the bin after the n-th (0-based) key `key`. */
static size_t nth_bin_after(const uint8_t *buf, size_t len, const char *key, int n)
{
    size_t from = 0;
    for (int i = 0; i <= n; i++) {
        size_t o = bin_after(buf + from, len - from, key);
        if (i == n)
            return from + o;
        from += o;
    }
    return 0;
}

START_TEST(test_levels_resume)
{
    pack_spec_program();
    VmProcess *q = NULL;
    FirError err = {0};
    int rc = mig_unpack(packed, packed_len, NULL, &q, &err);
    ck_assert_msg(rc == 0, "unpack: %s", err.msg);
    /* packing the resumed process gives the same bytes */
    uint8_t *again = NULL;
    size_t n = 0;
    ck_assert_int_eq(mig_pack(q, &again, &n, &err), 0);
    ck_assert_uint_eq(n, packed_len);
    ck_assert(memcmp(again, packed, n) == 0);
    free(again);
    ck_assert_int_eq(vm_run(q), VM_EXITED);
    ck_assert_int_eq(vm_exit_status(q), 46); /* a[0] back to 5, b revived */
    vm_process_free(q);
}
END_TEST

/* One change to a packed level, resealed: unpack fails with msg. */
static void expect_level_error(const uint8_t *b, size_t len, const char *want)
{
    char msg[512];
    ck_assert_int_eq(unpack(b, len, msg, sizeof msg), FIR_EFORMAT);
    ck_assert_str_eq(msg, want);
}

START_TEST(test_levels_hostile)
{
    pack_spec_program();
    uint8_t *b = malloc(packed_len);
    size_t recs = nth_bin_after(packed, packed_len, "recs", 0);
    size_t recs1 = nth_bin_after(packed, packed_len, "recs", 1);
    size_t frames1 = nth_bin_after(packed, packed_len, "frames", 2); /* stack, level 0, 1 */
    uint32_t idx_a = packed[recs] | (uint32_t)packed[recs + 1] << 8;
    char want[200];

    /* level 0's records: SAVE a, FREE b, ALLOC c; level 1: SAVE @cnt */
    ck_assert_int_eq(packed[recs + 4], 1);
    ck_assert_int_eq(packed[recs + 20 + 4], 4);
    ck_assert_int_eq(packed[recs + 40 + 4], 3);
    ck_assert_int_eq(packed[recs1 + 4], 1);

    /* a record naming an index past the table */
    memcpy(b, packed, packed_len);
    memset(b + recs, 0xff, 4);
    reseal(b, packed_len);
    expect_level_error(b, packed_len,
                       "bad process state: level 0: record 0: index 4294967295 out of range");

    /* an unknown record kind */
    memcpy(b, packed, packed_len);
    b[recs + 20 + 4] = 9;
    reseal(b, packed_len);
    expect_level_error(b, packed_len, "bad process state: level 0: record 1: unknown kind 9");

    /* a saved copy whose size is not its block's */
    memcpy(b, packed, packed_len);
    b[recs1 + 8] = 8; /* @cnt is 4 bytes: 8 saved bytes are missing */
    reseal(b, packed_len);
    expect_level_error(b, packed_len,
                       "bad process state: level 1: record 0: saved bytes missing");

    /* a deferred free of a block that is not kept as it was */
    memcpy(b, packed, packed_len);
    b[recs + 20 + 8] = 16; /* b had 32 bytes */
    reseal(b, packed_len);
    snprintf(want, sizeof want,
             "bad process state: level 0: record 1: block %u freed in the level is not kept "
             "as it was", idx_a + 1);
    expect_level_error(b, packed_len, want);

    /* an allocation record with a size */
    memcpy(b, packed, packed_len);
    b[recs + 4] = 3;
    reseal(b, packed_len);
    expect_level_error(b, packed_len,
                       "bad process state: level 0: record 0: bad allocation record");

    /* saved bytes that no record takes */
    b[recs + 8] = 0;
    reseal(b, packed_len);
    expect_level_error(b, packed_len,
                       "bad process state: level 0: 32 saved bytes belong to no record");

    /* a snapshot whose top frame is not at a speculate */
    memcpy(b, packed, packed_len);
    b[frames1 + 4] ^= 1;
    reseal(b, packed_len);
    ck_assert_int_eq(unpack(b, packed_len, want, sizeof want), FIR_EFORMAT);
    const char *pre = "bad process state: level 1: its top frame is not at a speculate (pc ";
    ck_assert_msg(strncmp(want, pre, strlen(pre)) == 0, "%s", want);

    /* a snapshot with too few registers */
    memcpy(b, packed, packed_len);
    b[frames1 + 8] = 1; /* register base 1 */
    reseal(b, packed_len);
    expect_level_error(b, packed_len,
                       "bad process state: level 1: frame 0: register base 1 is not after its "
                       "caller's");

    /* level ids out of order: level 1 gets id 1 too */
    memcpy(b, packed, packed_len);
    size_t k = 0, found = 0;
    for (size_t i = MIG_HEADER_BYTES; i + 3 < packed_len; i++)
        if (b[i] == 0xa2 && b[i + 1] == 'i' && b[i + 2] == 'd' && k++ == 1) {
            found = i + 3;
            break;
        }
    ck_assert(found && b[found] == 2);
    b[found] = 1;
    reseal(b, packed_len);
    expect_level_error(b, packed_len, "bad process state: level 1: id 1 is not after 1");

    /* a frames bin that is not whole frames */
    memcpy(b, packed, packed_len);
    ck_assert_int_eq(b[frames1 - 1], 32);
    b[frames1 - 1] = 31;
    reseal(b, packed_len);
    expect_level_error(b, packed_len, "image field 'levels.frames': size does not match");
    free(b);
}
END_TEST

/* -------------------------------------------------------------- signing */

static int fake_sign(void *ctx, const uint8_t hash[MIG_HASH_BYTES], uint8_t sig[MIG_SIG_BYTES],
                     FirError *err)
{
    (void)ctx, (void)err;
    memset(sig, 0, MIG_SIG_BYTES);
    memcpy(sig, hash, MIG_HASH_BYTES); /* "signature" = the hash, for the test */
    return 0;
}

static int fake_verify(void *ctx, const uint8_t hash[MIG_HASH_BYTES],
                       const uint8_t sig[MIG_SIG_BYTES], FirError *err)
{
    (void)ctx;
    if (memcmp(sig, hash, MIG_HASH_BYTES) != 0)
        return fir_error_set(err, FIR_EINVAL, "untrusted signature");
    return 0;
}

static int sign_hook(VmProcess *p, const char *target, void *ctx)
{
    (void)target;
    FirError err = {0};
    free(packed);
    int rc = mig_pack_signed(p, ctx, &packed, &packed_len, &err);
    ck_assert_msg(rc == 0, "pack: %s", err.msg);
    return 0;
}

START_TEST(test_signatures)
{
    MigSigner s = {fake_sign, fake_verify, NULL, true};
    VmProcess *p = load_program();
    vm_set_migrate_hook(p, sign_hook, &s, NULL);
    ck_assert_int_eq(vm_run(p), VM_EXITED);
    vm_process_free(p);
    ck_assert_uint_eq(packed[12], MIG_FLAG_SIGNED);
    VmProcess *q = NULL;
    FirError err = {0};
    ck_assert_int_eq(mig_unpack_signed(packed, packed_len, NULL, &s, &q, &err), 0);
    ck_assert_int_eq(vm_run(q), VM_EXITED);
    ck_assert_int_eq(vm_exit_status(q), 42);
    vm_process_free(q);
    q = NULL;
    /* a bad signature */
    packed[packed_len - 1] ^= 1;
    packed[packed_len - MIG_SIG_BYTES] ^= 1;
    ck_assert_int_eq(mig_unpack_signed(packed, packed_len, NULL, &s, &q, &err), FIR_EINVAL);
    ck_assert_str_eq(err.msg, "untrusted signature");
    /* an unsigned image when one is required */
    pack_program();
    ck_assert_int_eq(mig_unpack_signed(packed, packed_len, NULL, &s, &q, &err), FIR_EINVAL);
    ck_assert_str_eq(err.msg, "the image is not signed");
    ck_assert_ptr_null(q);
}
END_TEST

/* ---------------------------------------------------------------- files */

START_TEST(test_image_files)
{
    pack_program();
    char path[] = "/tmp/test_migrate_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    FirError err = {0};
    ck_assert_int_eq(mig_write_image(path, packed, packed_len, &err), 0);
    ck_assert(mig_file_is_image(path));
    ck_assert_int_eq(access(path, X_OK), 0);
    uint8_t *back = NULL;
    size_t n = 0;
    ck_assert_int_eq(mig_read_image(path, &back, &n, &err), 0);
    ck_assert_uint_eq(n, packed_len);
    ck_assert(memcmp(back, packed, n) == 0);
    free(back);
    FILE *f = fopen(path, "rb");
    char line[64];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    fclose(f);
    ck_assert_str_eq(line, "#!/usr/bin/env firvm\n");
    /* not an image */
    f = fopen(path, "w");
    fputs("#!/bin/sh\necho hi\n", f);
    fclose(f);
    ck_assert(!mig_file_is_image(path));
    ck_assert_int_eq(mig_read_image(path, &back, &n, &err), FIR_EFORMAT);
    ck_assert_str_eq(err.msg, "not a process image (bad magic)");
    unlink(path);
    ck_assert_int_eq(mig_read_image(path, &back, &n, &err), FIR_EIO);
    ck_assert_str_eq(err.msg, "cannot open: No such file or directory");
    ck_assert_int_eq(mig_write_image("/nonexistent-dir/x", packed, packed_len, &err), FIR_EIO);
    ck_assert_str_eq(err.msg, "cannot create '/nonexistent-dir/x': No such file or directory");
    ck_assert(mig_is_image((const uint8_t *)MIG_MAGIC, MIG_MAGIC_LEN));
    ck_assert(!mig_is_image((const uint8_t *)"#!x", 3));
}
END_TEST

START_TEST(test_install_checkpoint)
{
    char path[] = "/tmp/test_migrate_ckpt_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    /* a program whose target is "checkpoint:PATH": rebuild the text */
    char *text = malloc(sizeof program + 128);
    const char *cut = strstr(program, "global @g");
    char head[200];
    snprintf(head, sizeof head,
             "file \"m.c\"\nglobal @target size %zu align 1 const\n  data \"checkpoint:%s\"\n",
             strlen(path) + 12, path);
    strcpy(text, head);
    strcat(text, cut);
    FirModule *m = NULL;
    FirError err = {0};
    ck_assert_int_eq(fir_parse_text(text, strlen(text), "m.firs", &m, &err), 0);
    free(text);
    ck_assert_int_eq(fir_verify(m, &err), 0);
    VmProcess *p = vm_process_new(NULL);
    ck_assert_int_eq(vm_load(p, m, 0, NULL, &err), 0);
    mig_install(p);
    ck_assert_int_eq(vm_run(p), VM_EXITED);
    ck_assert_int_eq(vm_exit_status(p), 42);
    vm_process_free(p);
    uint8_t *img = NULL;
    size_t n = 0;
    ck_assert_int_eq(mig_read_image(path, &img, &n, &err), 0);
    VmProcess *q = NULL;
    ck_assert_int_eq(mig_unpack(img, n, NULL, &q, &err), 0);
    free(img);
    ck_assert_int_eq(vm_run(q), VM_EXITED);
    ck_assert_int_eq(vm_exit_status(q), 42);
    vm_process_free(q);
    unlink(path);
}
END_TEST

/* ----------------------------------------------------------------- suite */

static Suite *suite(void)
{
    Suite *s = suite_create("migrate");
    TCase *tc = tcase_create("images");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_resume_exit_status);
    tcase_add_test(tc, test_pack_is_deterministic);
    tcase_add_test(tc, test_hook_exit_and_error);
    tcase_add_test(tc, test_no_hook_faults);
    tcase_add_test(tc, test_limits_of_the_resuming_host);
    tcase_add_test(tc, test_frame_errors);
    tcase_add_test(tc, test_hostile_bodies);
    tcase_add_test(tc, test_signatures);
    tcase_add_test(tc, test_image_files);
    tcase_add_test(tc, test_install_checkpoint);
    tcase_add_test(tc, test_levels_resume);
    tcase_add_test(tc, test_levels_hostile);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
