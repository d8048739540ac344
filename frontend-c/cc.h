/*
 * cc.h - the back half of firc: C types, the syntax tree, objects, and the
 * functions shared by the parser (parse.c, expr.c, init.c), the type rules
 * (type.c), literal conversion (literal.c), the lowering to FIR (lower.c,
 * lowexpr.c), library adapters (libabi.c) and debug info (debuginfo.c).
 *
 * How it fits together
 * --------------------
 * fc_compile_unit parses the whole translation unit into a typed tree first
 * (every expression node carries its C type, with implicit conversions made
 * explicit as FC_ND_CAST nodes), then lowers it: a function's locals are only
 * placed (register or frame block) once its whole body is known, because a
 * later `&x` moves x into memory.
 *
 * Invariants
 * ----------
 * - After fc__add_type, both operands of an arithmetic or comparison node
 *   have the node's operand type (usual arithmetic conversions applied), and
 *   pointer arithmetic is FC_ND_PTR_ADD with a long byte offset.
 * - A struct, union or array valued expression denotes its memory: lowering
 *   yields a pointer to it.
 * - Everything here is allocated with fc_alloc and lives until the compiler
 *   exits (or fc_free_all in tests).
 */
#ifndef FC_CC_H
#define FC_CC_H

#include "frontend-c/internal.h"

typedef struct FcType FcType;
typedef struct FcNode FcNode;
typedef struct FcObj FcObj;
typedef struct FcMember FcMember;
typedef struct FcParam FcParam;
typedef struct FcLeaf FcLeaf;

/* ---------------------------------------------------------------- type.c */

typedef enum FcTypeKind {
    FC_TY_VOID,
    FC_TY_BOOL,
    FC_TY_CHAR,
    FC_TY_SHORT,
    FC_TY_INT,
    FC_TY_LONG,
    FC_TY_LLONG,
    FC_TY_FLOAT,
    FC_TY_DOUBLE,
    FC_TY_LDOUBLE, /* same representation as double */
    FC_TY_ENUM,
    FC_TY_PTR,
    FC_TY_FUNC,
    FC_TY_ARRAY,
    FC_TY_VLA,
    FC_TY_STRUCT,
    FC_TY_UNION,
} FcTypeKind;

struct FcType {
    FcTypeKind kind;
    int64_t size;          /* -1 while incomplete */
    int align;
    bool is_unsigned;
    bool is_const;         /* set on qualified copies (origin points at the original) */
    int bit_width;         /* the type of a bit-field expression: its width (promotions) */
    FcType *origin;        /* the type this one is a qualified copy of */

    FcType *base;          /* pointer target, array element */
    int64_t array_len;     /* arrays: element count, -1 for [] */
    FcNode *vla_len;       /* VLA: the length expression */
    FcObj *vla_size;       /* VLA: hidden local holding the byte size */
    FcNode *vla_owner;     /* VLA: the FC_ND_VLA_ALLOC node that computes the size
                            * (the first made for it: a typedef's size is fixed where
                            * the typedef is) */

    /* struct and union */
    FcMember *members;
    bool is_flexible;
    bool is_packed;
    bool is_defined;       /* the body has been seen */
    const FcToken *tag;
    FcType *quals;         /* qualified copies made before the body was seen */
    FcType *qual_next;     /* (they are completed with it) */

    /* function */
    FcType *return_ty;
    FcParam *params;
    int nparams;
    bool is_variadic;
    bool has_proto;        /* false for `int f()` */
};

struct FcParam {
    FcParam *next;
    FcType *ty;
    const FcToken *name;   /* NULL if unnamed */
    FcObj *var;            /* the parameter object (becomes the local of a definition) */
    bool knr_declared;     /* old-style definition: a declaration gave its type */
};

struct FcMember {
    FcMember *next;
    FcType *ty;
    const FcToken *name;   /* NULL for anonymous struct/union members and unnamed bit-fields */
    const FcToken *tok;
    int64_t offset;
    int align;
    bool is_bitfield;
    int bit_offset;        /* within the storage unit at offset */
    int bit_width;
    int unit_size;         /* bytes loaded/stored to access the bit-field */
};

extern FcType *fc__ty_void, *fc__ty_bool, *fc__ty_char, *fc__ty_schar, *fc__ty_uchar,
    *fc__ty_short, *fc__ty_ushort, *fc__ty_int, *fc__ty_uint, *fc__ty_long, *fc__ty_ulong,
    *fc__ty_llong, *fc__ty_ullong, *fc__ty_float, *fc__ty_double, *fc__ty_ldouble;

FcType *fc__new_type(FcTypeKind kind, int64_t size, int align);
FcType *fc__copy_type(FcType *ty);
FcType *fc__pointer_to(FcType *base);
FcType *fc__array_of(FcType *base, int64_t len);
FcType *fc__vla_of(FcType *base, FcNode *len);
FcType *fc__func_type(FcType *ret);
FcType *fc__enum_type(void);
FcType *fc__struct_type(void);
FcType *fc__unqual(FcType *ty);
/* The const-qualified version of ty (for an array: of its elements). */
FcType *fc__qualify(FcType *ty);
bool fc__is_integer(const FcType *ty);
bool fc__is_flonum(const FcType *ty);
bool fc__is_numeric(const FcType *ty);
bool fc__is_scalar(const FcType *ty);
bool fc__is_pointer_like(const FcType *ty); /* pointer, array, VLA */
bool fc__is_aggregate(const FcType *ty);   /* struct, union, array, VLA */
bool fc__is_compatible(const FcType *a, const FcType *b);
FcType *fc__int_promote(FcType *ty);
FcType *fc__common_type(FcType *a, FcType *b);
/* The FIR register type a value of this C type lives in (PTR for aggregates). */
FirType fc__fir_type(const FcType *ty);
/* Type text for diagnostics, e.g. "struct point *". */
char *fc__type_name(const FcType *ty);
/* Lays out a struct or union whose members are set. */
void fc__layout_struct(FcType *ty, const FcToken *tok);

/* Adds types to an expression tree (recursively), checking operands. */
void fc__add_type(FcNode *node);
FcNode *fc__new_cast(FcNode *expr, FcType *ty);

/* ------------------------------------------------------------- literal.c */

/* Converts a pp-number to an FC_ND_NUM node (integer or floating). */
FcNode *fc__parse_number(const FcToken *tok);
/* Character constant to an FC_ND_NUM node. */
FcNode *fc__parse_char(const FcToken *tok);
/* Decodes adjacent string literal tokens starting at *tok (advanced past
 * them): returns the bytes of the array (with terminator), its element type
 * and element count. */
typedef struct FcString {
    uint8_t *data;
    int64_t len;       /* elements, including the terminator */
    FcType *elem;
} FcString;
FcString fc__parse_string(const FcToken **tok);

/* --------------------------------------------------------------- objects */

struct FcObj {
    FcObj *next;
    char *name;
    FcType *ty;
    const FcToken *tok;
    bool is_local;
    bool is_function;
    bool is_definition;
    bool is_static;
    bool is_extern;
    bool is_inline;
    bool is_tentative;
    bool is_string;         /* anonymous string literal global */
    int align;              /* _Alignas / aligned() (0: the type's) */

    /* locals */
    bool addr_taken;        /* lives in a frame block */
    bool is_param;
    uint32_t reg;           /* value register, or pointer to its frame block */
    bool placed;            /* in some function's locals list */

    /* globals */
    char *fir_name;         /* unique symbol name (static locals, literals) */
    bool has_init;
    FcLeaf *leaves;         /* the initializer, for globals */
    int64_t init_size;      /* bytes, when a flexible array member is initialized */
    uint8_t *str_data;      /* string literal bytes */
    int64_t fir_id;         /* -1 until added to the module */
    bool is_referenced;

    /* functions */
    FcObj *params;          /* parameter objects, linked by param_next */
    FcObj *param_next;
    FcObj *locals;          /* every local (params too), linked by next */
    FcNode *body;
    FcObj *va_area;         /* hidden parameter of variadic functions */
    FcObj *ret_area;        /* hidden first parameter when returning a struct */
    bool is_host;           /* __host_NAME import */
    bool is_noreturn;
    bool is_knr;            /* old-style definition */
    bool extern_seen;       /* some declaration was extern or not inline */
    bool lowered;
};

/* One piece of an initializer, in source order (a later piece overrides the
 * bytes of an earlier one).  A bit-field piece names its struct at `off` with
 * type `ty` and member `bf`; a string piece copies `nbytes` of `str`. */
struct FcLeaf {
    FcLeaf *next;
    int64_t off;
    FcType *ty;
    FcMember *bf;
    FcNode *expr;
    FcObj *str;
    int64_t nbytes;
    const FcToken *tok;
};

/* ------------------------------------------------------------------ tree */

typedef enum FcNodeKind {
    /* expressions */
    FC_ND_NUM,
    FC_ND_VAR,
    FC_ND_ADD, FC_ND_SUB, FC_ND_MUL, FC_ND_DIV, FC_ND_MOD,
    FC_ND_BITAND, FC_ND_BITOR, FC_ND_BITXOR, FC_ND_SHL, FC_ND_SHR,
    FC_ND_PTR_ADD,  /* lhs pointer + rhs long byte offset */
    FC_ND_PTR_DIFF, /* (lhs - rhs) / val, long */
    FC_ND_EQ, FC_ND_NE, FC_ND_LT, FC_ND_LE,
    FC_ND_NEG, FC_ND_NOT, FC_ND_BITNOT,
    FC_ND_LOGAND, FC_ND_LOGOR,
    FC_ND_ASSIGN,   /* lhs = rhs; rhs may contain FC_ND_LHSVAL (compound) */
    FC_ND_LHSVAL,   /* the current value of assign->lhs (compound assignment) */
    FC_ND_COND,     /* cond ? then : els (then NULL: GNU a ?: b) */
    FC_ND_COMMA,
    FC_ND_MEMBER,   /* lhs.member */
    FC_ND_ADDR,
    FC_ND_DEREF,
    FC_ND_CAST,
    FC_ND_CALL,
    FC_ND_STMT_EXPR,
    FC_ND_MEMZERO,  /* zero the memory of var */
    FC_ND_VLA_ALLOC,/* allocate VLA var, sizes computed first */
    FC_ND_BUILTIN,  /* builtin (kind in val), args */
    /* statements */
    FC_ND_RETURN,
    FC_ND_IF,
    FC_ND_FOR,      /* for and while */
    FC_ND_DO,
    FC_ND_SWITCH,
    FC_ND_CASE,
    FC_ND_BLOCK,
    FC_ND_GOTO,
    FC_ND_LABEL,
    FC_ND_BREAK,
    FC_ND_CONTINUE,
    FC_ND_EXPR_STMT,
} FcNodeKind;

typedef enum FcBuiltin {
    FC_BI_VA_START, FC_BI_VA_ARG, FC_BI_VA_END, FC_BI_VA_COPY,
    FC_BI_SPECULATE, FC_BI_COMMIT, FC_BI_ROLLBACK, FC_BI_MIGRATE,
    FC_BI_SETJMP, FC_BI_LONGJMP, FC_BI_TRAP,
    FC_BI_CLZ, FC_BI_CTZ, FC_BI_POPCOUNT, FC_BI_BSWAP,
    FC_BI_ALLOC, FC_BI_FREE, FC_BI_BLOCKSIZE, FC_BI_ALLOCA,
    FC_BI_MEMCPY,  /* args: destination, source, byte count (initializers) */
    FC_BI_ABORT,   /* no-argument __builtin_abort_level(): calls abort() */
} FcBuiltin;

struct FcNode {
    FcNodeKind kind;
    FcNode *next;          /* statements in a block, call arguments */
    FcType *ty;
    const FcToken *tok;

    FcNode *lhs, *rhs;

    /* if / for / do / switch / cond */
    FcNode *cond, *then, *els, *init, *inc;

    /* block and statement expression */
    FcNode *body;

    /* member access */
    FcMember *member;

    /* calls: lhs is the function expression */
    FcType *func_ty;
    FcNode *args;
    int nargs;

    /* goto and labels */
    const char *label;
    FcNode *target;        /* break/continue: the loop or switch */
    FcNode *assign;        /* FC_ND_LHSVAL: its assignment */
    bool is_post;          /* assignment yields the old value (x++) */
    uint8_t assign_kind;   /* FcAssignKind of an FC_ND_ASSIGN, for warnings */

    /* switch: cases linked by case_next; case: value range */
    FcNode *case_next;
    FcNode *default_case;
    int64_t begin, end;

    FcObj *var;
    int64_t val;           /* integer constant, builtin kind, divisor */
    double fval;

    int depth;             /* height of the expression tree, bounded */

    /* lowering scratch */
    uint32_t lab_break, lab_cont, lab;
    uint32_t reg;
};

/* What an FC_ND_ASSIGN stands for (the wording of its warnings). */
typedef enum FcAssignKind {
    FC_AS_ASSIGN,
    FC_AS_INIT,
    FC_AS_RETURN,
} FcAssignKind;

/* Implicit conversion of a `from` pointer to a `to` pointer (C11 6.5.16.1):
 * FC_PTR_OK, or the problem gcc warns about by default. */
typedef enum FcPtrConv {
    FC_PTR_OK,
    FC_PTR_INCOMPATIBLE,
    FC_PTR_DISCARDS_CONST,
} FcPtrConv;
FcPtrConv fc__ptr_conversion(const FcType *to, const FcType *from);

/* --------------------------------------------------------------- parse.c */

typedef struct FcUnit {
    FcObj *globals;        /* every file-scope object, in order of declaration */
    const char *main_file;
} FcUnit;

FcUnit *fc__parse(FcToken *tok, const char *main_file);
FcNode *fc__new_node(FcNodeKind kind, const FcToken *tok);
FcNode *fc__new_binary(FcNodeKind kind, FcNode *lhs, FcNode *rhs, const FcToken *tok);
FcNode *fc__new_unary(FcNodeKind kind, FcNode *expr, const FcToken *tok);
FcNode *fc__new_num(int64_t val, FcType *ty, const FcToken *tok);
FcNode *fc__new_var(FcObj *var, const FcToken *tok);
/* Evaluates an integer constant expression (errors if it is not one). */
int64_t fc__const_int(FcNode *node);
/* True if node is an integer constant expression; stores its value. */
bool fc__try_const_int(FcNode *node, int64_t *val);
/* Floating constant expression. */
bool fc__try_const_float(FcNode *node, double *val);
/* Address constant: obj + offset (obj NULL: a plain integer in *off). */
bool fc__try_const_addr(FcNode *node, FcObj **obj, int64_t *off);

/* ------------------------------------- parser internals (parse.c, expr.c, init.c) */

typedef struct FcScope FcScope;

/* What an ordinary identifier names in a scope. */
typedef struct FcSym {
    FcObj *var;
    FcType *type_def;
    FcType *enum_ty;
    int64_t enum_val;
} FcSym;

typedef struct FcParser {
    FcScope *scope;
    FcObj *fn;                 /* function being parsed, NULL at file scope */
    FcObj *globals, *globals_tail;
    FcNode *brk, *cont;        /* targets of break and continue */
    FcNode *sw;                /* innermost switch */
    FcNode *gotos, *labels;    /* of the current function, linked by case_next */
    int anon;                  /* counter for unique names */
    FcObj *func_name;          /* __func__ of the current function */
    struct StrLit *strings;    /* string literals, for sharing */
    int nesting;               /* recursion depth of the parser, bounded */
} FcParser;

/* Bounds that keep hostile input from exhausting the C stack. */
#define FC_MAX_NESTING 800
#define FC_MAX_EXPR_DEPTH 4000
void fc__nest(const FcToken *tok);  /* enter one parser recursion level */
void fc__unnest(void);
void fc__set_depth(FcNode *n);      /* computes n->depth from its operands */
extern FcParser fc__p;

bool fc__consume(FcToken **rest, FcToken *tok, const char *s);
FcToken *fc__skip(FcToken *tok, const char *s);
FcSym *fc__find_var(const FcToken *tok);
bool fc__is_typename(const FcToken *tok);
FcType *fc__typename(FcToken **rest, FcToken *tok);
FcNode *fc__expr(FcToken **rest, FcToken *tok);
FcNode *fc__assign(FcToken **rest, FcToken *tok);
FcNode *fc__conditional(FcToken **rest, FcToken *tok);
FcNode *fc__compound_stmt(FcToken **rest, FcToken *tok);
int64_t fc__const_expr(FcToken **rest, FcToken *tok);
void fc__enter_scope(void);
void fc__leave_scope(void);
FcObj *fc__new_lvar(const char *name, FcType *ty, const FcToken *tok);
FcObj *fc__new_anon_gvar(FcType *ty, const char *prefix, const FcToken *tok);
FcObj *fc__string_literal(const FcString *s, const FcToken *tok);
FcNode *fc__new_add(FcNode *lhs, FcNode *rhs, const FcToken *tok);
FcNode *fc__new_sub(FcNode *lhs, FcNode *rhs, const FcToken *tok);
/* lhs.name, through anonymous members; errors if there is no such member. */
FcNode *fc__member_access(FcNode *lhs, const FcToken *name);
FcMember *fc__find_member(FcType *ty, const FcToken *name);
/* A node computing the run-time sizes of the VLA types in ty that no earlier
 * node computes (NULL if none). */
FcNode *fc__vla_sizes(FcType *ty, const FcToken *tok);
bool fc__has_vla(const FcType *ty);
/* Initializers: a local's become statements; a global's become var->leaves. */
FcNode *fc__lvar_initializer(FcToken **rest, FcToken *tok, FcObj *var);
void fc__gvar_initializer(FcToken **rest, FcToken *tok, FcObj *var);
/* Checks that node is a modifiable lvalue (errors are reported at `at`). */
void fc__check_lvalue(FcNode *node, const FcToken *at);

/* ------------------------------------- lowering internals (lower.c, lowexpr.c) */

typedef struct FcEntryBlock FcEntryBlock;
typedef struct FcLabelName FcLabelName;

/* An element address base + ext(index) * scale kept in register `reg` while
 * neither base nor index is written and no label intervenes (see lowexpr.c). */
typedef struct FcAddrCache {
    uint32_t base, index, reg;
    FirOp ext;             /* sext/zext to i64, or FIR_OP_nop for an i64 index */
    int64_t scale;
    bool valid;
} FcAddrCache;

/* A constant or address that code inside loops reads from a register the
 * prologue sets once (op is const.T, gaddr or faddr; imm its operand). */
typedef struct FcHoist {
    FirOp op;
    int64_t imm;
    uint32_t reg;
} FcHoist;

typedef struct FcLower {
    FirModule *m;
    FcUnit *unit;
    uint32_t fid;              /* FIR id of the function being lowered */
    FcObj *fn;
    const FcFile *last_file;   /* cache for fir_add_file */
    uint32_t last_file_no;
    /* temporaries: a stack of live ones, free lists per type */
    uint32_t *live;
    uint32_t nlive, cap_live;
    uint32_t *free_regs[FIR_NTYPES];
    uint32_t nfree[FIR_NTYPES], cap_free[FIR_NTYPES];
    /* frame blocks allocated by the prologue */
    FcEntryBlock *entry;
    uint32_t va_block;         /* shared block for variadic call arguments */
    int64_t va_block_size;
    FcLabelName *labels;       /* goto labels of the function */
    FcEntryBlock *vla_slots;   /* registers set to null by the prologue: per VLA
                                * declaration, its block from a previous execution */
    int loop_depth;            /* > 0 while lowering the repeated part of a loop */
    FcHoist *hoist;            /* constants read inside loops */
    int nhoist, cap_hoist;
    FcAddrCache *acache;       /* element addresses of the current basic block */
    int nacache;
    FcObj **work;              /* functions still to lower */
    int nwork, cap_work;
    struct FcDbgCache *dbg;    /* C type -> debug type (debuginfo.c) */
} FcLower;

/* The function being lowered (re-fetched: adding functions moves the array). */
#define FC_F(L) (&(L)->m->funcs[(L)->fid])

typedef struct FcAddr {
    uint32_t reg;              /* pointer register */
    int64_t off;               /* constant byte offset */
} FcAddr;

uint32_t fc__emit(FcLower *L, FirOp op, uint32_t a, uint32_t b, uint32_t c, int64_t imm);

/* debuginfo.c: C debug info (types, variables) for the debugger.  The
 * debug type of ty (see FirDbgType; 0 for none); a function's variables,
 * once it is lowered; a global's type and C name. */
uint32_t fc__dbg_type(FcLower *L, FcType *ty);
void fc__dbg_func(FcLower *L, FcObj *fn);
void fc__dbg_global(FcLower *L, FcObj *v, uint32_t gid);
/* Register r was written (or, with FIR_NOREG, control may arrive from
 * elsewhere): forgets the cached addresses that depend on it. */
void fc__clobber(FcLower *L, uint32_t r);
void fc__set_loc(FcLower *L, const FcToken *tok);
uint32_t fc__tmp(FcLower *L, FirType t);
/* libabi.c: the id of an adapter to the C library's `fn` when the program declared
 * it with another signature (warns), or -1. */
int64_t fc__libabi_adapter(FcLower *L, FcObj *fn, FirType ret, uint32_t n, const FirType *p);
uint32_t fc__label(FcLower *L);
void fc__place(FcLower *L, uint32_t label);
void fc__jmp(FcLower *L, uint32_t label);
uint32_t fc__func_id(FcLower *L, FcObj *fn, const FcNode *call);
uint32_t fc__global_id(FcLower *L, FcObj *var);
uint32_t fc__host_id(FcLower *L, const char *name, FirType ret, uint32_t n, const FirType *p);
/* Inside a loop: the register the prologue loads with `op imm` (constants,
 * gaddr, faddr); elsewhere FIR_NOREG (the caller emits the op itself). */
uint32_t fc__hoisted(FcLower *L, FirOp op, FirType t, int64_t imm);
/* A pointer register the prologue sets to null (see FcLower.vla_slots). */
uint32_t fc__vla_slot(FcLower *L);
/* A frame block of `size` bytes allocated once at function entry. */
uint32_t fc__entry_block(FcLower *L, int64_t size);
/* Expressions (lowexpr.c): value into dst (FIR_NOREG: any register). */
uint32_t fc__gen(FcLower *L, FcNode *n, uint32_t dst);
void fc__gen_void(FcLower *L, FcNode *n);
/* Jumps to label when n is true (jump_if) or false; falls through otherwise. */
void fc__gen_cond(FcLower *L, FcNode *n, uint32_t label, bool jump_if);
FcAddr fc__gen_addr(FcLower *L, FcNode *n);
uint32_t fc__convert(FcLower *L, uint32_t r, FcType *from, FcType *to, uint32_t dst);
uint32_t fc__const_reg(FcLower *L, FirType t, int64_t v);
void fc__memcpy(FcLower *L, uint32_t dst, uint32_t src, int64_t size);
void fc__memzero(FcLower *L, FcAddr a, int64_t size);
void fc__gen_stmt(FcLower *L, FcNode *n);
/* Computes the run-time sizes of the VLA types in ty that `owner` is
 * responsible for (see FcType.vla_owner). */
void fc__gen_vla_sizes(FcLower *L, FcType *ty, const FcNode *owner);
/* Is this local kept in a frame block? */
bool fc__in_memory(const FcObj *var);

FirModule *fc__lower(FcUnit *unit);

#endif
