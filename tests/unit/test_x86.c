/*
 * test_x86.c - the x86 encoder against encodings from the Intel SDM, and the
 * JIT's opcode rows against the opcode flags.
 */
#include "jit-ia32/internal.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Encodes with fn into a fresh buffer and compares with the expected bytes. */
#define EXPECT(code, ...)                                                                    \
    do {                                                                                     \
        X86Buf b_ = {0};                                                                     \
        X86Buf *b = &b_;                                                                     \
        code;                                                                                \
        const uint8_t want_[] = {__VA_ARGS__};                                               \
        ck_assert_msg(!b_.bad && !b_.oom, "%s: not encodable", #code);                       \
        ck_assert_msg(b_.len == sizeof want_ && memcmp(b_.p, want_, sizeof want_) == 0,      \
                      "%s: %zu bytes, first %02x, want %zu bytes", #code, b_.len,            \
                      b_.len ? b_.p[0] : 0, sizeof want_);                                   \
        free(b_.p);                                                                          \
    } while (0)

START_TEST(test_common_32)
{
    EXPECT(x86_mov_load(b, false, X86_RAX, x86_mem(X86_RBX, 8)), 0x8B, 0x43, 0x08);
    EXPECT(x86_mov_store(b, false, x86_mem(X86_RBX, 0x100), X86_RAX), 0x89, 0x83, 0x00, 0x01,
           0x00, 0x00);
    EXPECT(x86_alu_rm(b, false, X86_ADD, X86_RAX, x86_mem(X86_RBX, 16)), 0x03, 0x43, 0x10);
    EXPECT(x86_alu_rm(b, false, X86_CMP, X86_RAX, x86_mem(X86_RBX, 0)), 0x3B, 0x03);
    EXPECT(x86_alu_imm(b, false, X86_SUB, X86_RCX, 1), 0x83, 0xE9, 0x01);
    EXPECT(x86_alu_imm(b, false, X86_AND, X86_RDX, 0x1000), 0x81, 0xE2, 0x00, 0x10, 0x00, 0x00);
    EXPECT(x86_mov_imm(b, X86_RAX, 5), 0xB8, 0x05, 0x00, 0x00, 0x00);
    EXPECT(x86_mov_imm(b, X86_RCX, 0), 0x31, 0xC9);
    EXPECT(x86_setcc(b, X86_E, X86_RAX), 0x0F, 0x94, 0xC0);
    EXPECT(x86_movzx8(b, X86_RAX, X86_RAX), 0x0F, 0xB6, 0xC0);
    EXPECT(x86_push(b, X86_RBX), 0x53);
    EXPECT(x86_pop(b, X86_RBP), 0x5D);
    EXPECT(x86_ret(b), 0xC3);
    EXPECT(x86_shift_imm(b, false, 4, X86_RAX, 3), 0xC1, 0xE0, 0x03);
    EXPECT(x86_lea(b, false, X86_RCX, x86_mem_index(X86_RCX, X86_RCX, 2, 0)), 0x8D, 0x0C, 0x49);
    EXPECT(x86_mov_load(b, false, X86_RAX, x86_mem(X86_RSP, 4)), 0x8B, 0x44, 0x24, 0x04);
    EXPECT(x86_mov_load(b, false, X86_RAX, x86_mem(X86_RBP, 0)), 0x8B, 0x45, 0x00);
    EXPECT(x86_rm(b, X86_F2, 0x0F10, 2, 0, x86_mem(X86_RBX, 8)), 0xF2, 0x0F, 0x10, 0x43, 0x08);
    EXPECT(x86_rm(b, X86_66, 0x0F2E, 2, 1, x86_mem(X86_RBX, 0)), 0x66, 0x0F, 0x2E, 0x0B);
    EXPECT(x86_rm(b, 0, 0x88, 1, X86_RDX, x86_mem(X86_RAX, 0)), 0x88, 0x10);
    EXPECT(x86_rm(b, X86_66, 0x89, 1, X86_RDX, x86_mem(X86_RAX, 0)), 0x66, 0x89, 0x10);
#if X86_64 /* [disp32] takes a SIB byte (mod 00 rm 101 is RIP-relative) */
    EXPECT(x86_mov_load(b, false, X86_RAX, x86_mem(X86_NOREG, 0x1234)), 0x8B, 0x04, 0x25, 0x34,
           0x12, 0x00, 0x00);
#else
    EXPECT(x86_mov_load(b, false, X86_RAX, x86_mem(X86_NOREG, 0x1234)), 0x8B, 0x05, 0x34, 0x12,
           0x00, 0x00);
#endif
}
END_TEST

START_TEST(test_jumps)
{
    X86Buf b = {0};
    size_t at = x86_jcc(&b, X86_NE);
    ck_assert_uint_eq(b.len, 6);
    ck_assert_uint_eq(b.p[0], 0x0F);
    ck_assert_uint_eq(b.p[1], 0x85);
    size_t j = x86_jmp(&b);
    ck_assert_uint_eq(b.p[6], 0xE9);
    x86_patch(&b, at, 0);         /* back to the start: -6 */
    x86_patch(&b, j, b.len + 16); /* forward past the end: +16 */
    int32_t d1, d2;
    memcpy(&d1, b.p + at, 4);
    memcpy(&d2, b.p + j, 4);
    ck_assert_int_eq(d1, -6);
    ck_assert_int_eq(d2, 16);
    free(b.p);
}
END_TEST

#if X86_64
START_TEST(test_common_64)
{
    EXPECT(x86_mov_load(b, true, X86_RAX, x86_mem(X86_RBX, 8)), 0x48, 0x8B, 0x43, 0x08);
    EXPECT(x86_mov_load(b, false, X86_RSI, x86_mem_index(X86_R13, X86_RCX, 1, 8)), 0x41, 0x8B,
           0x74, 0x0D, 0x08);
    EXPECT(x86_mov_load(b, true, X86_R13, x86_mem(X86_R12, 0)), 0x4D, 0x8B, 0x2C, 0x24);
    EXPECT(x86_alu_rr(b, false, X86_CMP, X86_RCX, X86_R14), 0x41, 0x3B, 0xCE);
    EXPECT(x86_mov_imm(b, X86_RAX, 0x1122334455667788ull), 0x48, 0xB8, 0x88, 0x77, 0x66, 0x55,
           0x44, 0x33, 0x22, 0x11);
    EXPECT(x86_mov_imm(b, X86_RCX, (uint64_t)-2), 0x48, 0xC7, 0xC1, 0xFE, 0xFF, 0xFF, 0xFF);
    EXPECT(x86_push(b, X86_R12), 0x41, 0x54);
    EXPECT(x86_pop(b, X86_R15), 0x41, 0x5F);
    EXPECT(x86_rm(b, X86_BYTE, 0x88, 1, X86_RSI, x86_mem(X86_RAX, 0)), 0x40, 0x88, 0x30);
    EXPECT(x86_rr(b, X86_F2 | X86_W, 0x0F2A, 2, 0, X86_RAX), 0xF2, 0x48, 0x0F, 0x2A, 0xC0);
    EXPECT(x86_rr(b, X86_W, 0x0FBA, 2, 7, X86_RAX), 0x48, 0x0F, 0xBA, 0xF8);
    EXPECT(x86_rm(b, X86_W, 0x63, 1, X86_RCX, x86_mem_index(X86_RAX, X86_RDX, 4, 0)), 0x48, 0x63,
           0x0C, 0x90);
    EXPECT(x86_mov_load(b, true, X86_RAX, x86_mem(X86_R13, 0)), 0x49, 0x8B, 0x45, 0x00);
}
END_TEST
#else
START_TEST(test_no_64_bit_forms)
{
    X86Buf b = {0};
    x86_mov_load(&b, true, X86_RAX, x86_mem(X86_RBX, 0));
    ck_assert(b.bad);
    free(b.p);
}
END_TEST
#endif

START_TEST(test_rows_agree_with_flags)
{
    ck_assert(jit_rows_agree_with_flags());
}
END_TEST

int main(void)
{
    Suite *s = suite_create("x86");
    TCase *tc = tcase_create("encoder");
    tcase_add_test(tc, test_common_32);
    tcase_add_test(tc, test_jumps);
#if X86_64
    tcase_add_test(tc, test_common_64);
#else
    tcase_add_test(tc, test_no_64_bit_forms);
#endif
    tcase_add_test(tc, test_rows_agree_with_flags);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
