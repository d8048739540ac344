/*
 * fusion.c - superinstructions at pre-decoding: vm__fuse gives a slot the
 * handler of a pair (or an array-indexing quadruple) of vm/fusion.h when
 * the instructions and their operands match; vm__unfuse undoes it for the
 * debugger.  -DVM_NO_FUSE (INTERP=nofuse) leaves the code unfused.
 */
#include "vm/fusion.h"

static const uint16_t fused_pairs[][4] = {
#define VM_FUSED_ROW(x, y, via) {FIR_OP_##x, FIR_OP_##y, VM_OP_##x##__##y##__##via, VIA_##via},
    VM_FUSED(VM_FUSED_ROW)
#undef VM_FUSED_ROW
};

/* The access opcode of each index handler (FIR_NOPS for none). */
#define FIR_OP_none FIR_NOPS
static const uint16_t index_access[] = {
#define VM_INDEX_ACC(e, acc, via) FIR_OP_##acc,
    VM_FUSED_INDEX(VM_INDEX_ACC)
#undef VM_INDEX_ACC
};
#undef FIR_OP_none

static const uint16_t index_rows[][3] = {
#define VM_INDEX_ROW(e, acc, via) {FIR_OP_##e, VM_OP_ix_##e##__##acc, VIA_##via},
    VM_FUSED_INDEX(VM_INDEX_ROW)
#undef VM_INDEX_ROW
};

/* The array-indexing handler for the m >= 3 instructions at c, or -1. */
static int index_handler(const VmInsn *c, uint32_t m)
{
    if ((c[0].op != FIR_OP_sext_i32_i64 && c[0].op != FIR_OP_zext_i32_i64) ||
        c[1].op != FIR_OP_muli_i64 || c[1].b != c[0].a || c[2].op != FIR_OP_ptradd ||
        c[2].c != c[1].a)
        return -1;
    int none = -1;
    for (size_t i = 0; i < sizeof index_rows / sizeof *index_rows; i++) {
        const uint16_t *row = index_rows[i];
        if (row[0] != c[0].op)
            continue;
        if (row[2] == VIA_none) {
            none = row[1];
            continue;
        }
        /* the access is the fourth; its opcode is the name after "ix_e__" */
        if (m >= 4 && c[3].op == index_access[row[1] - VM_OP_ix_sext_i32_i64__none] &&
            (row[2] == VIA_a ? c[3].a : c[3].b) == c[2].a)
            return row[1];
    }
    return none;
}

void vm__fuse(VmInsn *code, uint32_t n)
{
#ifdef VM_NO_FUSE
    (void)code, (void)n;
    return;
#endif
    enum { NROWS = sizeof fused_pairs / sizeof *fused_pairs };
    const void *const *handlers = vm__handlers();
    uint16_t head[FIR_NOPS], next[NROWS]; /* rows by first opcode */
    for (size_t i = 0; i < FIR_NOPS; i++)
        head[i] = UINT16_MAX;
    for (size_t i = NROWS; i-- > 0;) {
        next[i] = head[fused_pairs[i][0]];
        head[fused_pairs[i][0]] = (uint16_t)i;
    }
    /* x << k is x * 2^k (mod 2^64): one scaling form for the pairs below */
    for (uint32_t k = 0; k < n; k++)
        if (code[k].op == FIR_OP_shli_i64) {
            code[k].op = FIR_OP_muli_i64;
            code[k].imm = (int64_t)((uint64_t)1 << (code[k].imm & 63));
            code[k].handler = handlers[FIR_OP_muli_i64];
        }
    for (uint32_t k = 0; k + 1 < n; k++) {
        const VmInsn *y = &code[k + 1];
        if (code[k].op >= FIR_NOPS)
            continue;
        int ix = k + 2 < n ? index_handler(code + k, n - k) : -1;
        if (ix >= 0) {
            code[k].op = (uint16_t)ix;
            code[k].handler = handlers[ix];
            continue;
        }
        for (uint16_t i = head[code[k].op]; i != UINT16_MAX; i = next[i]) {
            const uint16_t *row = fused_pairs[i];
            if (y->op != row[1])
                continue;
            uint32_t via = row[3] == VIA_a ? y->a : row[3] == VIA_b ? y->b : y->c;
            if (row[3] != VIA_none && via != code[k].a)
                continue;
            code[k].op = row[2];
            code[k].handler = handlers[row[2]];
            break;
        }
    }
}

/* Gives every fused slot back the handler of its own first instruction, so
 * each dispatch runs exactly one FIR instruction (the debugger steps so).
 * muli.i64 made from shli.i64 stays: it computes the same. */
void vm__unfuse(VmInsn *code, uint32_t n)
{
    const void *const *handlers = vm__handlers();
    for (uint32_t k = 0; k < n; k++) {
        uint16_t op = code[k].op;
        if (op < FIR_NOPS || op >= VM_OP_debug_trap)
            continue;
        for (size_t i = 0; i < sizeof fused_pairs / sizeof *fused_pairs; i++)
            if (fused_pairs[i][2] == op)
                code[k].op = fused_pairs[i][0];
        for (size_t i = 0; i < sizeof index_rows / sizeof *index_rows; i++)
            if (index_rows[i][1] == op)
                code[k].op = index_rows[i][0];
        code[k].handler = handlers[code[k].op];
    }
}
