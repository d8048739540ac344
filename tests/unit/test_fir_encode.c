/*
 * test_fir_encode.c - the binary .fir format: every opcode through print ->
 * parse -> encode -> decode -> print, binary round trips, and decoding of
 * truncated, corrupted and hostile inputs (exact messages).
 */
#include "fir/fir.h"
#include "tests/unit/fir_support.h"

#include <check.h>
#include <dirent.h>
#include <msgpack.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FirModule *roundtrip(const FirModule *m, uint8_t **bytes, size_t *len)
{
    FirError e = {0};
    uint8_t *b;
    size_t n;
    ck_assert_int_eq(fir_encode(m, &b, &n, &e), 0);
    FirModule *out = NULL;
    int rc = fir_decode(b, n, &out, &e);
    ck_assert_msg(rc == 0, "decode failed: %s", e.msg);
    if (bytes) {
        *bytes = b;
        *len = n;
    } else {
        free(b);
    }
    return out;
}

/* ---------------------------------------------------- every opcode */

/* One function holding one instruction of every opcode, with registers of
 * the types fir_op_info asks for (it need not verify). */
static FirModule *every_opcode_module(void)
{
    FirModule *m = fir_module_new();
    uint32_t file = fir_add_file(m, "all.c");
    FirType hp[1] = {FIR_I32};
    fir_add_host(m, "exit", FIR_VOID, 1, hp);
    fir_add_global(m, "g", 8, 8, NULL);
    FirType params[1] = {FIR_I32};
    uint32_t fid = fir_add_func(m, "all", FIR_I32, 1, params);
    FirFunc *f = &m->funcs[fid];
    fir_func_begin_body(f);
    uint32_t reg[FIR_NTYPES];
    reg[FIR_VOID] = reg[FIR_I8] = reg[FIR_I16] = reg[FIR_I32] = 0;
    reg[FIR_I64] = fir_new_reg(f, FIR_I64, "l");
    reg[FIR_F32] = fir_new_reg(f, FIR_F32, "s");
    reg[FIR_F64] = fir_new_reg(f, FIR_F64, "d");
    reg[FIR_PTR] = fir_new_reg(f, FIR_PTR, "p");
    uint32_t top = fir_new_label(f);
    fir_place_label(f, top);
    for (int op = 0; op < FIR_NOPS; op++) {
        const FirOpInfo *oi = &fir_op_info[op];
        uint32_t d = reg[oi->td], s1 = reg[oi->t1], s2 = reg[oi->t2];
        fir_set_loc(f, file, 100 + (uint32_t)op / 3);
        int64_t imm = op % 2 ? -(int64_t)op : op * 1000;
        switch (oi->format) {
        case FIR_FMT_NONE:
            fir_emit(f, op, 0, 0, 0, 0);
            break;
        case FIR_FMT_D:
            fir_emit(f, op, d, 0, 0, 0);
            break;
        case FIR_FMT_S:
            fir_emit(f, op, s1, 0, 0, 0);
            break;
        case FIR_FMT_DS:
            fir_emit(f, op, d, s1, 0, 0);
            break;
        case FIR_FMT_DSS:
            fir_emit(f, op, d, s1, s2, 0);
            break;
        case FIR_FMT_DI:
            if (oi->td == FIR_F32)
                imm = 0x3fc00000; /* 1.5f */
            else if (oi->td == FIR_F64)
                imm = 0x400921fb54442d18; /* pi */
            fir_emit(f, op, d, 0, 0, imm);
            break;
        case FIR_FMT_DSI:
            fir_emit(f, op, d, s1, 0, imm);
            break;
        case FIR_FMT_SSI:
        case FIR_FMT_SS:
            fir_emit(f, op, s1, s2, 0, oi->format == FIR_FMT_SSI ? imm : 0);
            break;
        case FIR_FMT_L:
            fir_emit(f, op, 0, 0, 0, FIR_LABEL(top));
            break;
        case FIR_FMT_SL:
            fir_emit(f, op, s1, 0, 0, FIR_LABEL(top));
            break;
        case FIR_FMT_SSL:
            fir_emit(f, op, s1, s2, 0, FIR_LABEL(top));
            break;
        case FIR_FMT_GLOBAL:
            fir_emit(f, op, d, 0, 0, 0);
            break;
        case FIR_FMT_FUNC:
            fir_emit(f, op, d, fid, 0, 0);
            break;
        case FIR_FMT_CALL:
            fir_emit_call(f, op, reg[FIR_I32], fid, 1, (uint32_t[]){reg[FIR_I32]});
            break;
        case FIR_FMT_CALLI:
            fir_emit_call(f, op, FIR_NOREG, reg[FIR_PTR], 2,
                          (uint32_t[]){reg[FIR_I64], reg[FIR_F64]});
            break;
        case FIR_FMT_HCALL:
            fir_emit_call(f, op, FIR_NOREG, 0, 1, (uint32_t[]){reg[FIR_I32]});
            break;
        case FIR_FMT_SWITCH:
            fir_emit_switch(f, reg[FIR_I32], FIR_LABEL(top), 2,
                            (FirSwitchCase[]){{INT64_MIN, 0}, {3, FIR_LABEL(top)}});
            break;
        default:
            ck_abort_msg("opcode %s has an unknown format", oi->name);
        }
    }
    FirError e;
    ck_assert_int_eq(fir_func_resolve_labels(f, &e), 0);
    return m;
}

START_TEST(test_every_opcode)
{
    FirModule *m = every_opcode_module();
    ck_assert_uint_eq(m->funcs[0].ncode, FIR_NOPS);
    for (uint32_t i = 0; i < FIR_NOPS; i++)
        ck_assert_uint_eq(m->funcs[0].code[i].op, i);
    char *t1 = fir_test_print(m);
    /* every mnemonic appears in the text */
    for (int op = 0; op < FIR_NOPS; op++) {
        char needle[64];
        snprintf(needle, sizeof needle, " %s", fir_op_info[op].name);
        ck_assert_msg(strstr(t1, needle), "no '%s' in the text", fir_op_info[op].name);
    }
    FirModule *m2 = fir_test_parse(t1);
    char *t2 = fir_test_print(m2);
    ck_assert_str_eq(t2, t1);
    FirModule *m3 = roundtrip(m2, NULL, NULL);
    char *t3 = fir_test_print(m3);
    ck_assert_str_eq(t3, t1);
    /* straight from the builder too, and the decoded code is identical */
    FirModule *m4 = roundtrip(m, NULL, NULL);
    ck_assert_uint_eq(m4->funcs[0].ncode, FIR_NOPS);
    for (uint32_t i = 0; i < FIR_NOPS; i++) {
        const FirInsn *x = &m4->funcs[0].code[i], *y = &m->funcs[0].code[i];
        ck_assert_msg(x->op == y->op && x->a == y->a && x->b == y->b && x->c == y->c &&
                          x->imm == y->imm,
                      "instruction %u (%s) differs", i, fir_op_info[i].name);
        ck_assert_uint_eq(m4->funcs[0].locs[i].line, m->funcs[0].locs[i].line);
    }
    free(t1);
    free(t2);
    free(t3);
    fir_module_free(m);
    fir_module_free(m2);
    fir_module_free(m3);
    fir_module_free(m4);
}
END_TEST

/* ------------------------------------------------------ round trips */

static const char sample[] =
    "file \"a.c\"\n"
    "file \"b.h\"\n"
    "host @write(i32, ptr, i64) -> i64\n"
    "global @msg size 7 align 1 const\n"
    "  data \"hi\\x00\\xff\"\n"
    "global @tab size 16 align 8 static\n"
    "  reloc 0 @msg + 1\n"
    "  reloc 8 @main - 3\n"
    "global @ext size 4 align 4 extern\n"
    "\n"
    "func @main(i32 %argc, ptr %argv) -> i32\n"
    "  reg i64 %n\n"
    "  reg ptr %p\n"
    "  loc 0 3\n"
    "  %p = gaddr @msg\n"
    "  %n = const.i64 -1\n"
    "  loc 1 7\n"
    "  %n = hcall @write(%argc, %p, %n)\n"
    "  switch %argc, .L6 [-2: .L5, 9: .L6]\n"
    "  loc 0 0\n"
    "  %argc = call @helper(%argc, %argc)\n"
    ".L5:\n"
    "  ret %argc\n"
    ".L6:\n"
    "  trap\n"
    "end\n"
    "func @helper(i32 %0, i32 %1) -> i32 static extern\n";

START_TEST(test_binary_roundtrip)
{
    FirModule *m = fir_test_parse(sample);
    uint8_t *b1;
    size_t n1;
    FirModule *d = roundtrip(m, &b1, &n1);
    char *t = fir_test_print(d);
    ck_assert_str_eq(t, sample);
    /* fields the text does not show */
    ck_assert_str_eq(d->funcs[0].reg_names[1], "argv");
    ck_assert_ptr_null(d->funcs[1].reg_names[0]);
    ck_assert(d->globals[1].is_static && d->globals[0].is_const && !d->globals[2].defined);
    ck_assert_uint_eq(d->globals[2].size, 4);
    ck_assert_uint_eq(d->funcs[0].locs[2].file, 1);
    ck_assert_uint_eq(d->funcs[0].locs[2].line, 7);
    ck_assert_uint_ge(d->funcs[0].cap_code, d->funcs[0].ncode);
    /* encoding is deterministic: encode(decode(x)) == x */
    uint8_t *b2;
    size_t n2;
    FirError e;
    ck_assert_int_eq(fir_encode(d, &b2, &n2, &e), 0);
    ck_assert_uint_eq(n1, n2);
    ck_assert_mem_eq(b1, b2, n1);
    /* a decoded module can be extended with the builder */
    FirFunc *f = &d->funcs[0];
    uint32_t r = fir_new_reg(f, FIR_I32, "more");
    fir_emit(f, FIR_OP_ret, r, 0, 0, 0);
    ck_assert_uint_eq(f->nregs, 5);
    ck_assert_str_eq(f->reg_names[r], "more");
    free(b1);
    free(b2);
    free(t);
    fir_module_free(m);
    fir_module_free(d);
}
END_TEST

START_TEST(test_empty_module)
{
    FirModule *m = fir_module_new();
    FirModule *d = roundtrip(m, NULL, NULL);
    ck_assert_uint_eq(d->nfuncs + d->nglobals + d->nhosts + d->nfiles, 0);
    fir_module_free(d);
    fir_add_file(m, ""); /* an empty file name is allowed (found by fuzzing) */
    d = roundtrip(m, NULL, NULL);
    ck_assert_uint_eq(d->nfiles, 1);
    ck_assert_str_eq(d->files[0], "");
    fir_module_free(m);
    fir_module_free(d);
}
END_TEST

/* ------------------------------------------------ damaged inputs */

static void encode_sample(uint8_t **b, size_t *n)
{
    FirModule *m = fir_test_parse(sample);
    FirError e;
    ck_assert_int_eq(fir_encode(m, b, n, &e), 0);
    fir_module_free(m);
}

static void decode_fails(const uint8_t *b, size_t n, int code, const char *msg)
{
    FirModule *m = (FirModule *)1;
    FirError e = {0};
    int rc = fir_decode(b, n, &m, &e);
    ck_assert_int_eq(rc, code);
    ck_assert_ptr_null(m);
    if (msg)
        ck_assert_str_eq(e.msg, msg);
}

START_TEST(test_prefixes_fail)
{
    uint8_t *b;
    size_t n;
    encode_sample(&b, &n);
    decode_fails(b, 0, FIR_EFORMAT, "not a FIR file (bad magic)");
    decode_fails(b, 7, FIR_EFORMAT, "not a FIR file (bad magic)");
    decode_fails(b, 8, FIR_EFORMAT, "truncated file");
    decode_fails(b, n - 1, FIR_EFORMAT, "integrity check failed (file damaged or truncated)");
    for (size_t i = 0; i < n; i++) {
        uint8_t *copy = malloc(i ? i : 1); /* exact size, so ASan sees overreads */
        memcpy(copy, b, i);
        decode_fails(copy, i, FIR_EFORMAT, NULL);
        free(copy);
    }
    free(b);
}
END_TEST

START_TEST(test_flipped_bytes_fail)
{
    uint8_t *b;
    size_t n;
    encode_sample(&b, &n);
    for (size_t i = 8; i < n; i++)
        for (int bit = 0; bit < 8; bit += 3) {
            b[i] ^= (uint8_t)(1 << bit);
            decode_fails(b, n, FIR_EFORMAT, "integrity check failed (file damaged or truncated)");
            b[i] ^= (uint8_t)(1 << bit);
        }
    b[1] = 'f';
    decode_fails(b, n, FIR_EFORMAT, "not a FIR file (bad magic)");
    free(b);
}
END_TEST

START_TEST(test_version_mismatch)
{
    uint8_t *b;
    size_t n;
    encode_sample(&b, &n);
    b[4] = 2;
    decode_fails(b, n, FIR_EVERSION, "unsupported format version 2 (this build reads version 1)");
    b[4] = 0;
    b[7] = 1;
    decode_fails(b, n, FIR_EVERSION,
                 "unsupported format version 16777216 (this build reads version 1)");
    free(b);
}
END_TEST

START_TEST(test_shebang)
{
    uint8_t *b;
    size_t n;
    encode_sample(&b, &n);
    const char *line = "#!/usr/bin/env firvm\n";
    size_t ln = strlen(line);
    uint8_t *img = malloc(ln + n);
    memcpy(img, line, ln);
    memcpy(img + ln, b, n);
    FirModule *m;
    FirError e;
    ck_assert_int_eq(fir_decode(img, ln + n, &m, &e), 0);
    ck_assert_uint_eq(m->nfuncs, 2);
    fir_module_free(m);
    decode_fails(img, 10, FIR_EFORMAT, "'#!' line without an end");
    free(img);
    free(b);
}
END_TEST

/* --------------------------------------- hostile but hash-valid inputs */

/* Builds a payload with msgpack-c and wraps it as a valid .fir. */
typedef struct Payload {
    msgpack_sbuffer sb;
    msgpack_packer pk;
} Payload;

static void pl_init(Payload *p)
{
    msgpack_sbuffer_init(&p->sb);
    msgpack_packer_init(&p->pk, &p->sb, msgpack_sbuffer_write);
}

static void str(Payload *p, const char *s)
{
    msgpack_pack_str_with_body(&p->pk, s, strlen(s));
}

static uint8_t *pl_wrap(Payload *p, size_t *n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < p->sb.size; i++)
        h = (h ^ (uint8_t)p->sb.data[i]) * 0x100000001b3u;
    *n = 16 + p->sb.size;
    uint8_t *b = malloc(*n);
    memcpy(b, "\x7f" "FIR\x01\0\0\0", 8);
    memcpy(b + 8, p->sb.data, p->sb.size);
    for (int i = 0; i < 8; i++)
        b[8 + p->sb.size + (size_t)i] = (uint8_t)(h >> (8 * i));
    msgpack_sbuffer_destroy(&p->sb);
    return b;
}

static void hostile(Payload *p, const char *msg)
{
    size_t n;
    uint8_t *b = pl_wrap(p, &n);
    decode_fails(b, n, FIR_EFORMAT, msg);
    free(b);
}

/* {"funcs": [{"name": "main", "flags": 1, <extra pairs>}]} - the caller
 * packs `extra` pairs after this returns. */
static void func_prefix(Payload *p, uint32_t extra)
{
    msgpack_pack_map(&p->pk, 1);
    str(p, "funcs");
    msgpack_pack_array(&p->pk, 1);
    msgpack_pack_map(&p->pk, 2 + extra);
    str(p, "name");
    str(p, "main");
    str(p, "flags");
    msgpack_pack_uint32(&p->pk, 1);
}

START_TEST(test_hostile)
{
    Payload p;

    pl_init(&p);
    msgpack_pack_array(&p.pk, 0);
    hostile(&p, "expected map");

    pl_init(&p);
    msgpack_pack_map(&p.pk, 1);
    str(&p, "funcs");
    msgpack_pack_uint32(&p.pk, 3);
    hostile(&p, "field 'funcs': expected array");

    pl_init(&p); /* a count far beyond the data: refused before allocating */
    msgpack_pack_map(&p.pk, 1);
    str(&p, "funcs");
    msgpack_pack_array(&p.pk, 4000000000u);
    hostile(&p, "field 'funcs': count larger than the data");

    pl_init(&p);
    func_prefix(&p, 1);
    str(&p, "code");
    msgpack_pack_uint32(&p.pk, 3);
    hostile(&p, "function 0 ('main'): field 'code': expected array");

    pl_init(&p);
    func_prefix(&p, 1);
    str(&p, "code");
    msgpack_pack_array(&p.pk, 1);
    msgpack_pack_uint32(&p.pk, FIR_NOPS);
    char want[128];
    snprintf(want, sizeof want,
             "function 0 ('main'): field 'code': instruction 0: unknown opcode %d", FIR_NOPS);
    hostile(&p, want);

    pl_init(&p);
    func_prefix(&p, 1);
    str(&p, "code");
    msgpack_pack_array(&p.pk, 2);
    msgpack_pack_uint32(&p.pk, FIR_OP_add_i32);
    msgpack_pack_uint32(&p.pk, 0);
    hostile(&p, "function 0 ('main'): field 'code': instruction 0 (add.i32): truncated");

    pl_init(&p);
    func_prefix(&p, 1);
    str(&p, "code");
    msgpack_pack_array(&p.pk, 1);
    msgpack_pack_uint32(&p.pk, FIR_OP_nop);
    hostile(&p, "function 0 ('main'): field 'locs': missing");

    pl_init(&p);
    func_prefix(&p, 2);
    str(&p, "code");
    msgpack_pack_array(&p.pk, 2);
    msgpack_pack_uint32(&p.pk, FIR_OP_nop);
    msgpack_pack_uint32(&p.pk, FIR_OP_nop);
    str(&p, "locs");
    msgpack_pack_array(&p.pk, 3);
    msgpack_pack_uint32(&p.pk, 1);
    msgpack_pack_uint32(&p.pk, 0);
    msgpack_pack_uint32(&p.pk, 0);
    hostile(&p, "function 0 ('main'): field 'locs': covers 1 instructions, expected 2");

    pl_init(&p);
    func_prefix(&p, 2);
    str(&p, "locs"); /* key order does not matter */
    msgpack_pack_array(&p.pk, 3);
    msgpack_pack_uint32(&p.pk, 1);
    msgpack_pack_uint32(&p.pk, 5);
    msgpack_pack_uint32(&p.pk, 1);
    str(&p, "code");
    msgpack_pack_array(&p.pk, 1);
    msgpack_pack_uint32(&p.pk, FIR_OP_nop);
    hostile(&p, "function 0 ('main'): field 'locs': run 0: file 5 out of range");

    pl_init(&p);
    func_prefix(&p, 2);
    str(&p, "code");
    msgpack_pack_array(&p.pk, 5);
    msgpack_pack_uint32(&p.pk, FIR_OP_call);
    msgpack_pack_uint32(&p.pk, 0);
    msgpack_pack_uint32(&p.pk, 0);
    msgpack_pack_uint32(&p.pk, 0);
    msgpack_pack_uint32(&p.pk, 2);
    str(&p, "locs");
    msgpack_pack_array(&p.pk, 3);
    msgpack_pack_uint32(&p.pk, 1);
    msgpack_pack_uint32(&p.pk, 0);
    msgpack_pack_uint32(&p.pk, 0);
    hostile(&p, "function 0 ('main'): field 'code': instruction 0 (call): arguments 0..2 "
                "outside 'args' (0 entries)");

    pl_init(&p);
    func_prefix(&p, 2);
    str(&p, "code");
    msgpack_pack_array(&p.pk, 3);
    msgpack_pack_uint32(&p.pk, FIR_OP_switch);
    msgpack_pack_uint32(&p.pk, 0);
    msgpack_pack_uint32(&p.pk, 0);
    str(&p, "locs");
    msgpack_pack_array(&p.pk, 3);
    msgpack_pack_uint32(&p.pk, 1);
    msgpack_pack_uint32(&p.pk, 0);
    msgpack_pack_uint32(&p.pk, 0);
    hostile(&p, "function 0 ('main'): field 'code': instruction 0 (switch): table 0 out of "
                "range (0 tables)");

    pl_init(&p);
    func_prefix(&p, 1);
    str(&p, "flags");
    msgpack_pack_uint32(&p.pk, 1);
    hostile(&p, "function 0: field 'flags': duplicate key");

    pl_init(&p);
    msgpack_pack_map(&p.pk, 1);
    str(&p, "funcs");
    msgpack_pack_array(&p.pk, 1);
    msgpack_pack_map(&p.pk, 2);
    str(&p, "name");
    str(&p, "f");
    str(&p, "flags");
    msgpack_pack_uint32(&p.pk, 9);
    hostile(&p, "function 0 ('f'): field 'flags': unknown flag bits 0x8");

    pl_init(&p);
    msgpack_pack_map(&p.pk, 1);
    str(&p, "funcs");
    msgpack_pack_array(&p.pk, 1);
    msgpack_pack_map(&p.pk, 1);
    str(&p, "flags");
    msgpack_pack_uint32(&p.pk, 1);
    hostile(&p, "function 0: field 'name': missing");

    pl_init(&p);
    func_prefix(&p, 2);
    str(&p, "regs");
    msgpack_pack_bin_with_body(&p.pk, "\x03\x09", 2);
    str(&p, "nparams");
    msgpack_pack_uint32(&p.pk, 1);
    hostile(&p, "function 0 ('main'): field 'regs': entry 1: invalid type 9");

    pl_init(&p);
    func_prefix(&p, 2);
    str(&p, "regs");
    msgpack_pack_bin_with_body(&p.pk, "\x03", 1);
    str(&p, "nparams");
    msgpack_pack_uint32(&p.pk, 2);
    hostile(&p, "function 0 ('main'): field 'nparams': 2 parameters but 1 registers");

    pl_init(&p);
    msgpack_pack_map(&p.pk, 1);
    str(&p, "globals");
    msgpack_pack_array(&p.pk, 1);
    msgpack_pack_map(&p.pk, 3);
    str(&p, "name");
    str(&p, "g");
    str(&p, "size");
    msgpack_pack_uint64(&p.pk, (uint64_t)1 << 40);
    str(&p, "init");
    msgpack_pack_bin_with_body(&p.pk, "x", 1);
    hostile(&p, "global 0 ('g'): field 'init': initialized global larger than 268435456 bytes");

    pl_init(&p);
    msgpack_pack_map(&p.pk, 1);
    str(&p, "globals");
    msgpack_pack_array(&p.pk, 1);
    msgpack_pack_map(&p.pk, 3);
    str(&p, "name");
    str(&p, "g");
    str(&p, "size");
    msgpack_pack_uint32(&p.pk, 16);
    str(&p, "relocs");
    msgpack_pack_array(&p.pk, 4);
    msgpack_pack_uint32(&p.pk, 0);
    msgpack_pack_uint32(&p.pk, 7);
    msgpack_pack_uint32(&p.pk, 0);
    msgpack_pack_int32(&p.pk, -1);
    hostile(&p, "global 0 ('g'): field 'relocs': reloc 0: invalid kind 7");

    pl_init(&p);
    msgpack_pack_map(&p.pk, 1);
    str(&p, "hosts");
    msgpack_pack_array(&p.pk, 1);
    msgpack_pack_map(&p.pk, 1);
    str(&p, "name");
    msgpack_pack_str_with_body(&p.pk, "a\0b", 3);
    hostile(&p, "host 0: field 'name': name contains a NUL byte");

    pl_init(&p);
    msgpack_pack_map(&p.pk, 1);
    str(&p, "flags");
    msgpack_pack_int32(&p.pk, -1);
    hostile(&p, "field 'flags': integer out of range");

    pl_init(&p);
    msgpack_pack_map(&p.pk, 0);
    msgpack_pack_nil(&p.pk);
    hostile(&p, "1 bytes after the module");

    pl_init(&p);
    msgpack_pack_map(&p.pk, 1);
    str(&p, "files");
    msgpack_pack_array(&p.pk, 1);
    msgpack_pack_uint32(&p.pk, 1);
    hostile(&p, "field 'files': expected string");
}
END_TEST

/* Unknown keys (of any type and nesting) are skipped. */
START_TEST(test_unknown_keys)
{
    Payload p;
    pl_init(&p);
    msgpack_pack_map(&p.pk, 3);
    str(&p, "future");
    msgpack_pack_array(&p.pk, 3);
    msgpack_pack_map(&p.pk, 1);
    msgpack_pack_nil(&p.pk);
    msgpack_pack_double(&p.pk, 1.5);
    msgpack_pack_ext_with_body(&p.pk, "abc", 3, 7);
    msgpack_pack_true(&p.pk);
    msgpack_pack_uint32(&p.pk, 77); /* a non-string key */
    msgpack_pack_float(&p.pk, 2.5f);
    str(&p, "funcs");
    msgpack_pack_array(&p.pk, 1);
    msgpack_pack_map(&p.pk, 3);
    str(&p, "name");
    str(&p, "f");
    str(&p, "later");
    msgpack_pack_bin_with_body(&p.pk, "zz", 2);
    str(&p, "ret");
    msgpack_pack_uint32(&p.pk, FIR_I32);
    size_t n;
    uint8_t *b = pl_wrap(&p, &n);
    FirModule *m;
    FirError e = {0};
    int rc = fir_decode(b, n, &m, &e);
    ck_assert_msg(rc == 0, "%s", e.msg);
    ck_assert_uint_eq(m->nfuncs, 1);
    ck_assert_str_eq(m->funcs[0].name, "f");
    ck_assert_uint_eq(m->funcs[0].ret, FIR_I32);
    ck_assert(!m->funcs[0].defined);
    fir_module_free(m);
    free(b);
}
END_TEST

/* ------------------------------------------------------------ debug info */

/* A module with C debug info: int, struct point {int x; unsigned y : 3;},
 * struct point *; main(p) with a parameter and a local in memory; a global
 * with a C name of its own. */
static FirModule *debug_module(const char *gname)
{
    FirModule *m = fir_module_new();
    FirType params[] = {FIR_PTR};
    uint32_t f = fir_add_func(m, "main", FIR_I32, 1, params);
    FirFunc *fn = &m->funcs[f];
    fir_func_begin_body(fn);
    uint32_t r = fir_new_reg(fn, FIR_I32, "n");
    fir_emit(fn, FIR_OP_const_i32, r, 0, 0, 7);
    fir_emit(fn, FIR_OP_ret, r, 0, 0, 0);
    uint32_t g = fir_add_global(m, gname, 8, 4, NULL);
    uint32_t ti = fir_dbg_add_type(m, FIR_DK_SINT, "int", 4, 0, 0);
    uint32_t tu = fir_dbg_add_type(m, FIR_DK_UINT, "unsigned int", 4, 0, 0);
    uint32_t ts = fir_dbg_add_type(m, FIR_DK_STRUCT, "struct point", 8, 0, 0);
    fir_dbg_add_field(m, ts, "x", ti, 0, 0, 0);
    fir_dbg_add_field(m, ts, "y", tu, 4, 2, 3);
    uint32_t tp = fir_dbg_add_type(m, FIR_DK_PTR, NULL, 8, ts, 0);
    fir_dbg_add_var(&m->funcs[f], "p", tp, 0, 3, false, true);
    fir_dbg_add_var(&m->funcs[f], "n", ti, 1, 4, false, false);
    m->funcs[f].dbg_ret = ti;
    m->funcs[f].dbg_library = true;
    m->globals[g].dbg_type = ts;
    m->globals[g].dbg_name = strdup("origin");
    return m;
}

START_TEST(test_debug_info)
{
    FirModule *m = debug_module("origin.1");
    FirModule *d = roundtrip(m, NULL, NULL);
    ck_assert_uint_eq(d->ndbg_types, 4);
    const FirDbgType *s = &d->dbg_types[2];
    ck_assert_uint_eq(s->kind, FIR_DK_STRUCT);
    ck_assert_str_eq(s->name, "struct point");
    ck_assert_uint_eq(s->size, 8);
    ck_assert_uint_eq(s->nfields, 2);
    ck_assert_str_eq(s->fields[1].name, "y");
    ck_assert_uint_eq(s->fields[1].type, 2);
    ck_assert_int_eq(s->fields[1].value, 4);
    ck_assert_uint_eq(s->fields[1].bit_offset, 2);
    ck_assert_uint_eq(s->fields[1].bit_width, 3);
    ck_assert_ptr_null(d->dbg_types[3].name);
    ck_assert_uint_eq(d->dbg_types[3].base, 3);
    const FirFunc *f = &d->funcs[0];
    ck_assert_uint_eq(f->ndbg_vars, 2);
    ck_assert_str_eq(f->dbg_vars[0].name, "p");
    ck_assert(f->dbg_vars[0].is_param && !f->dbg_vars[0].in_memory);
    ck_assert_uint_eq(f->dbg_vars[0].type, 4);
    ck_assert_uint_eq(f->dbg_vars[1].reg, 1);
    ck_assert_uint_eq(f->dbg_vars[1].line, 4);
    ck_assert_uint_eq(f->dbg_ret, 1);
    ck_assert(f->dbg_library);
    ck_assert_uint_eq(d->globals[0].dbg_type, 3);
    ck_assert_str_eq(d->globals[0].dbg_name, "origin");
    fir_module_free(d);

    /* the linker appends the second module's types and moves its references */
    FirModule *b = debug_module("other");
    free(b->funcs[0].name);
    b->funcs[0].name = strdup("helper");
    FirError e = {0};
    ck_assert_int_eq(fir_link(m, b, &e), 0);
    fir_module_free(b);
    ck_assert_uint_eq(m->ndbg_types, 8);
    ck_assert_uint_eq(m->funcs[1].dbg_vars[0].type, 8);
    ck_assert_uint_eq(m->dbg_types[7].base, 7);
    ck_assert_uint_eq(m->dbg_types[6].fields[1].type, 6);
    ck_assert_uint_eq(m->globals[1].dbg_type, 7);
    fir_module_free(m);

    /* without debug info nothing is written, and nothing comes back */
    FirModule *plain = fir_module_new();
    FirModule *pd = roundtrip(plain, NULL, NULL);
    ck_assert_uint_eq(pd->ndbg_types, 0);
    fir_module_free(plain);
    fir_module_free(pd);
}
END_TEST

/* {"funcs": [main with 1 i32 register], "debug": <the caller packs it>} */
static void debug_prefix(Payload *p)
{
    msgpack_pack_map(&p->pk, 2);
    str(p, "funcs");
    msgpack_pack_array(&p->pk, 1);
    msgpack_pack_map(&p->pk, 3);
    str(p, "name");
    str(p, "main");
    str(p, "ret");
    msgpack_pack_uint32(&p->pk, FIR_I32);
    str(p, "regs");
    msgpack_pack_bin_with_body(&p->pk, "\x03", 1);
    str(p, "debug");
}

/* One type [kind, name, size, base, count, []] */
static void one_type(Payload *p, uint32_t kind, uint32_t base)
{
    msgpack_pack_array(&p->pk, 6);
    msgpack_pack_uint32(&p->pk, kind);
    msgpack_pack_nil(&p->pk);
    msgpack_pack_uint32(&p->pk, 8);
    msgpack_pack_uint32(&p->pk, base);
    msgpack_pack_uint32(&p->pk, 0);
    msgpack_pack_array(&p->pk, 0);
}

START_TEST(test_debug_hostile)
{
    Payload p;
    size_t n;
    FirModule *m;
    FirError e = {0};

    pl_init(&p); /* a later version of the debug map is ignored */
    debug_prefix(&p);
    msgpack_pack_map(&p.pk, 2);
    str(&p, "version");
    msgpack_pack_uint32(&p.pk, 2);
    str(&p, "types");
    msgpack_pack_uint32(&p.pk, 99);
    uint8_t *b = pl_wrap(&p, &n);
    ck_assert_int_eq(fir_decode(b, n, &m, &e), 0);
    ck_assert_uint_eq(m->ndbg_types, 0);
    fir_module_free(m);
    free(b);

    pl_init(&p);
    debug_prefix(&p);
    msgpack_pack_map(&p.pk, 1);
    str(&p, "types");
    msgpack_pack_array(&p.pk, 0);
    hostile(&p, "field 'debug.version': missing");

    pl_init(&p); /* a reference past the table */
    debug_prefix(&p);
    msgpack_pack_map(&p.pk, 2);
    str(&p, "version");
    msgpack_pack_uint32(&p.pk, 1);
    str(&p, "types");
    msgpack_pack_array(&p.pk, 1);
    one_type(&p, FIR_DK_PTR, 2);
    hostile(&p, "field 'debug.types': type 2 of 1");

    pl_init(&p); /* an unknown kind */
    debug_prefix(&p);
    msgpack_pack_map(&p.pk, 2);
    str(&p, "version");
    msgpack_pack_uint32(&p.pk, 1);
    str(&p, "types");
    msgpack_pack_array(&p.pk, 1);
    one_type(&p, FIR_NDK, 0);
    hostile(&p, "field 'debug.types': integer out of range");

    pl_init(&p); /* a variable in a register the function does not have */
    debug_prefix(&p);
    msgpack_pack_map(&p.pk, 2);
    str(&p, "version");
    msgpack_pack_uint32(&p.pk, 1);
    str(&p, "funcs");
    msgpack_pack_array(&p.pk, 1);
    msgpack_pack_array(&p.pk, 4);
    msgpack_pack_uint32(&p.pk, 0);
    msgpack_pack_uint32(&p.pk, 0);
    msgpack_pack_uint32(&p.pk, 0);
    msgpack_pack_array(&p.pk, 5);
    str(&p, "x");
    msgpack_pack_uint32(&p.pk, 0);
    msgpack_pack_uint32(&p.pk, 5);
    msgpack_pack_uint32(&p.pk, 1);
    msgpack_pack_uint32(&p.pk, 0);
    hostile(&p, "field 'debug.funcs': 'main': variable 'x' in register 5 of 1");

    pl_init(&p); /* a function that is not there */
    debug_prefix(&p);
    msgpack_pack_map(&p.pk, 2);
    str(&p, "version");
    msgpack_pack_uint32(&p.pk, 1);
    str(&p, "globals");
    msgpack_pack_array(&p.pk, 3);
    msgpack_pack_uint32(&p.pk, 4);
    msgpack_pack_uint32(&p.pk, 0);
    msgpack_pack_nil(&p.pk);
    hostile(&p, "field 'debug.globals': entry 0: no global 4");

    pl_init(&p); /* a count far beyond the data */
    debug_prefix(&p);
    msgpack_pack_map(&p.pk, 2);
    str(&p, "version");
    msgpack_pack_uint32(&p.pk, 1);
    str(&p, "types");
    msgpack_pack_array(&p.pk, 4000000000u);
    hostile(&p, "field 'debug': count larger than the data");
}
END_TEST

/* ------------------------------------------------------------ files */

START_TEST(test_files)
{
    char dir[] = "/tmp/fir-encode-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/p.fir", dir);
    FirModule *m = fir_test_parse(sample);
    FirError e = {0};
    ck_assert_int_eq(fir_write_file(path, m, &e), 0);
    ck_assert_int_eq(fir_write_file(path, m, &e), 0); /* replaces */
    FirModule *d;
    ck_assert_int_eq(fir_read_file(path, &d, &e), 0);
    char *t = fir_test_print(d);
    ck_assert_str_eq(t, sample);
    free(t);
    fir_module_free(d);
    /* no temporary file is left behind */
    DIR *dh = opendir(dir);
    int entries = 0;
    for (struct dirent *de; (de = readdir(dh));)
        entries += de->d_name[0] != '.';
    closedir(dh);
    ck_assert_int_eq(entries, 1);
    unlink(path);
    ck_assert_int_eq(fir_read_file(path, &d, &e), FIR_EIO);
    ck_assert_str_eq(e.msg, "cannot open: No such file or directory");
    ck_assert_ptr_null(d);
    snprintf(path, sizeof path, "%s/missing/p.fir", dir);
    ck_assert_int_eq(fir_write_file(path, m, &e), FIR_EIO);
    ck_assert_str_eq(e.msg, "cannot create a temporary file: No such file or directory");
    rmdir(dir);
    fir_module_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fir_encode");
    TCase *tc = tcase_create("encode");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_every_opcode);
    tcase_add_test(tc, test_binary_roundtrip);
    tcase_add_test(tc, test_empty_module);
    tcase_add_test(tc, test_prefixes_fail);
    tcase_add_test(tc, test_flipped_bytes_fail);
    tcase_add_test(tc, test_version_mismatch);
    tcase_add_test(tc, test_shebang);
    tcase_add_test(tc, test_hostile);
    tcase_add_test(tc, test_unknown_keys);
    tcase_add_test(tc, test_files);
    tcase_add_test(tc, test_debug_info);
    tcase_add_test(tc, test_debug_hostile);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
