/* expr_int — what the files of engine/expr/ share and nobody else sees.
 *
 * A scalar function or operator is a FuncDef: a name, parameter types, a
 * result type and a Kernel. A Kernel computes a whole output Vector over
 * the selected rows of its (already evaluated) argument Vectors. The
 * evaluator (eval.c) takes care of everything common to all strict
 * kernels before calling one:
 *   - an argument that is a constant NULL makes the result a constant NULL
 *     (the kernel is not called);
 *   - when every argument is constant, the kernel runs once, on row 0, and
 *     the result is marked constant;
 *   - otherwise out->data has room for BATCH_CAP rows and out->valid is the
 *     AND of the arguments' validity bitmaps (NULL when no argument has
 *     NULLs). A kernel may add NULLs with vec_set_null(out, i, k->arena).
 * So a kernel only looks at rows whose result is valid, and constant
 * arguments (is_const) are read at index 0. Arithmetic and comparison
 * kernels may also compute rows that are not selected or NULL (their data
 * is garbage but harmless for integer and floating point arithmetic); text
 * kernels must skip them, since a NULL row's Str is garbage. */
#ifndef SLUICE_EXPR_INT_H
#define SLUICE_EXPR_INT_H

#include "expr.h"

typedef struct KernelCtx {
    const ExprCtx *ctx;
    const Expr *e;          /* the node being evaluated (fn_state, arg types) */
    Arena *arena;           /* the batch arena: results and scratch */
    const uint32_t *sel;    /* NULL = every row of [0, n_rows) */
    uint32_t n_sel;
    uint32_t n_rows;
} KernelCtx;

typedef void (*Kernel)(const KernelCtx *k, const Vector *args, Vector *out);

/* Precompute call->fn_state from constant arguments at construction (LIKE
 * pattern, regex check, date_trunc unit, time format). Returns -1 and
 * fills d when a constant argument can never work. */
typedef int (*Prepare)(Arena *aa, Expr *call, Diag *d);

enum {
    FN_VOLATILE    = 1 << 0,   /* value changes per batch: never folded */
    FN_OPERATOR    = 1 << 1,   /* printed and reported as an operator */
    FN_VARIADIC    = 1 << 2,   /* n_args is the minimum; extra args take args[0] */
    FN_ARITH       = 1 << 3,   /* arithmetic: a TEXT operand is refused with a hint */
    FN_ANY_TO_TEXT = 1 << 4,   /* any argument may be cast to TEXT */
    FN_TEXT_TO_TS  = 1 << 5,   /* TEXT argument may be cast to TIMESTAMP */
    FN_COMPARE     = 1 << 6,   /* comparison: TEXT against another type is refused */
};

struct FuncDef {
    const char *name;     /* lower case; operators by symbol */
    int n_args;
    Type args[3];
    Type ret;
    unsigned flags;
    Kernel kernel;
    Prepare prepare;      /* may be NULL */
};

/* ---- registry.c --------------------------------------------------- */

extern const FuncDef expr_funcs[];
extern const int expr_n_funcs;
/* The canonical name for an alias ("substr" -> "substring"), else name. */
const char *registry_canonical(const char *lower_name);
/* The overload of `name` taking exactly these types, or NULL. */
const FuncDef *registry_exact(const char *name, const Type *types, int n);

/* ---- cast.c -------------------------------------------------------- */

/* Whether CAST(from AS to) can ever succeed. */
bool cast_allowed(Type from, Type to);
/* The kernel converting one argument of type `from` to `to` (from != to,
 * neither TYPE_NULL). */
Kernel cast_kernel(Type from, Type to);
/* Text to value parsers shared with the time functions (false = NULL). */
bool cast_text_to_i64(Str s, int64_t *out);
bool cast_text_to_f64(Str s, double *out);
bool cast_double_to_i64(double d, int64_t *out);
bool cast_text_to_bool(Str s, uint8_t *out);

/* ---- kernels_compare.c --------------------------------------------- */

/* The `=` kernel for two arguments of type t (IN lists). */
Kernel kernel_eq_for(Type t);

/* ---- eval.c -------------------------------------------------------- */

/* A constant vector holding v (strings by reference), in a. */
void vec_const(Vector *out, const Value *v, Arena *a);

/* ---- build.c ------------------------------------------------------- */

/* A node of the given kind with a copy of args (n may be 0). */
Expr *expr_node(Arena *a, ExprKind kind, Type type, Span span, Expr **args, int n);
/* e coerced to type `to` by an implicit cast (NULL literals become typed
 * NULL constants). */
Expr *expr_coerce(Arena *a, Expr *e, Type to);
/* Run the FuncDef's prepare hook on a call node. */
int expr_prepare_call(Arena *aa, Expr *call, Diag *d);

/* ---- helpers for kernels ------------------------------------------- */

static inline bool bit_get(const uint64_t *w, uint32_t i)
{
    return (w[i >> 6] >> (i & 63)) & 1;
}

/* Is row i of a kernel's output valid (inputs not NULL)? */
static inline bool out_valid(const Vector *out, uint32_t i)
{
    return !out->valid || bit_get(out->valid, i);
}

/* Row i of an argument, constant-aware. */
static inline uint32_t arg_row(const Vector *v, uint32_t i) { return v->is_const ? 0 : i; }
static inline int64_t arg_i64(const Vector *v, uint32_t i) { return VEC_I64(v)[arg_row(v, i)]; }
static inline double arg_f64(const Vector *v, uint32_t i) { return VEC_F64(v)[arg_row(v, i)]; }
static inline Str arg_str(const Vector *v, uint32_t i) { return VEC_STR(v)[arg_row(v, i)]; }

/* Loop over the selected rows: `i` is the physical row index. */
#define FOR_ROWS(k, i, ...)                                                   \
    do {                                                                      \
        if (!(k)->sel) {                                                      \
            for (uint32_t i = 0; i < (k)->n_rows; i++) { __VA_ARGS__; }       \
        } else {                                                              \
            for (uint32_t i##_j = 0; i##_j < (k)->n_sel; i##_j++) {           \
                uint32_t i = (k)->sel[i##_j];                                 \
                __VA_ARGS__;                                                  \
            }                                                                 \
        }                                                                     \
    } while (0)

/* Loop over the selected rows of a kernel that is safe on garbage rows:
 * when most rows are selected it runs over all of them, so the loop has no
 * indirection and the compiler can vectorize it. */
#define FOR_ROWS_DENSE(k, i, ...)                                             \
    do {                                                                      \
        if (!(k)->sel || (uint64_t)(k)->n_sel * 4 >= (uint64_t)(k)->n_rows * 3) { \
            for (uint32_t i = 0; i < (k)->n_rows; i++) { __VA_ARGS__; }       \
        } else {                                                              \
            for (uint32_t i##_j = 0; i##_j < (k)->n_sel; i##_j++) {           \
                uint32_t i = (k)->sel[i##_j];                                 \
                __VA_ARGS__;                                                  \
            }                                                                 \
        }                                                                     \
    } while (0)

/* Integer arithmetic that wraps like Java's long (no signed overflow UB). */
static inline int64_t wrap_add(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
static inline int64_t wrap_sub(int64_t a, int64_t b) { return (int64_t)((uint64_t)a - (uint64_t)b); }
static inline int64_t wrap_mul(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * (uint64_t)b); }
static inline int64_t wrap_neg(int64_t a) { return (int64_t)(0 - (uint64_t)a); }

/* Does a double fit in int64_t after truncation (false for NaN)? */
static inline bool f64_fits_i64(double d)
{
    return d >= -9223372036854775808.0 && d < 9223372036854775808.0;
}

/* An output string of n bytes in the arena. */
static inline char *out_str_alloc(const KernelCtx *k, uint32_t n)
{
    return arena_alloc(k->arena, n ? n : 1);
}

/* ---- kernel declarations (defined across the kernel files) --------- */

/* kernels_arith.c: binary kernels named kern_<op>, see ARITH_* there. */
#define ARITH_KERNEL_NAMES(X)                                                 \
    X(add_i64) X(sub_i64) X(mul_i64) X(add_f64) X(sub_f64) X(mul_f64)         \
    X(div_f64) X(div_i64) X(mod_i64) X(mod_f64)                               \
    X(mul_iv_f64) X(mul_f64_iv) X(div_iv_i64) X(div_iv_f64)
#define DECLARE_KERNEL(name) void kern_##name(const KernelCtx *k, const Vector *args, Vector *out);
ARITH_KERNEL_NAMES(DECLARE_KERNEL)

/* kernels_compare.c: kern_cmp_<op>_<type> for op in eq ne lt le gt ge and
 * type in i64 f64 bool text. */
#define CMP_OP_NAMES(X, T) X(eq_##T) X(ne_##T) X(lt_##T) X(le_##T) X(gt_##T) X(ge_##T)
#define DECLARE_CMP(name) void kern_cmp_##name(const KernelCtx *k, const Vector *args, Vector *out);
CMP_OP_NAMES(DECLARE_CMP, i64)
CMP_OP_NAMES(DECLARE_CMP, f64)
CMP_OP_NAMES(DECLARE_CMP, bool)
CMP_OP_NAMES(DECLARE_CMP, text)

/* Every other kernel: one name per line. */
#define OTHER_KERNEL_NAMES(X)                                                 \
    X(neg_i64) X(neg_f64) X(not_bool)                                         \
    X(abs_i64) X(abs_f64) X(round_f64) X(round_f64_d) X(round_i64_d)          \
    X(floor_f64) X(ceil_f64) X(identity)                                      \
    X(sqrt_f64) X(exp_f64) X(power_f64) X(ln_f64) X(log_base_f64)             \
    X(length) X(upper) X(lower) X(trim) X(ltrim) X(rtrim)                     \
    X(substring2) X(substring3) X(concat) X(split_part) X(replace) X(replace2) \
    X(like) X(not_like) X(regexp_extract) X(regexp_extract2)                  \
    X(to_timestamp_text) X(to_timestamp_fmt) X(to_timestamp_i64)              \
    X(to_timestamp_f64) X(date_trunc) X(now) X(batch_id)                      \
    X(unix_timestamp) X(unix_timestamp_now)
OTHER_KERNEL_NAMES(DECLARE_KERNEL)

/* Prepare hooks. */
int prep_like(Arena *aa, Expr *call, Diag *d);
int prep_regexp(Arena *aa, Expr *call, Diag *d);
int prep_date_trunc(Arena *aa, Expr *call, Diag *d);
int prep_time_format(Arena *aa, Expr *call, Diag *d);

#endif
