/* kernels_compare — vectorized comparisons: = <> < <= > >=.
 *
 * Generated for every (operator x physical type x shape) from the X-macro
 * tables below; the result is a BOOLEAN vector (uint8 0/1). BIGINT,
 * TIMESTAMP and INTERVAL share the int64 kernels. DOUBLE follows Spark:
 * NaN equals NaN and is greater than every other value, which makes the
 * order total (so NOT (a < b) may be rewritten as a >= b). TEXT compares
 * bytewise (UTF-8 order = code point order). NULL propagation is done by
 * the evaluator. */
#include <string.h>

#include "expr_int.h"

/* Per-type primitives. */
#define EQ_i64(a, b)  ((a) == (b))
#define LT_i64(a, b)  ((a) < (b))
#define LE_i64(a, b)  ((a) <= (b))
#define EQ_bool(a, b) (((a) != 0) == ((b) != 0))
#define LT_bool(a, b) (((a) != 0) < ((b) != 0))
#define LE_bool(a, b) (((a) != 0) <= ((b) != 0))
#define EQ_f64(a, b)  (((a) == (b)) | (((a) != (a)) & ((b) != (b))))
#define LT_f64(a, b)  (((a) < (b)) | (((a) == (a)) & ((b) != (b))))
#define LE_f64(a, b)  (((a) <= (b)) | ((b) != (b)))

#define DEF_CMP(NAME, T, EXPR)                                                \
    static void NAME##_vv(const KernelCtx *k, const T *restrict A,            \
                          const T *restrict B, uint8_t *restrict O)           \
    {                                                                         \
        FOR_ROWS_DENSE(k, i, T a = A[i]; T b = B[i]; O[i] = (uint8_t)(EXPR)); \
    }                                                                         \
    static void NAME##_vc(const KernelCtx *k, const T *restrict A,            \
                          const T *restrict B, uint8_t *restrict O)           \
    {                                                                         \
        const T b = B[0];                                                     \
        FOR_ROWS_DENSE(k, i, T a = A[i]; O[i] = (uint8_t)(EXPR));             \
    }                                                                         \
    static void NAME##_cv(const KernelCtx *k, const T *restrict A,            \
                          const T *restrict B, uint8_t *restrict O)           \
    {                                                                         \
        const T a = A[0];                                                     \
        FOR_ROWS_DENSE(k, i, T b = B[i]; O[i] = (uint8_t)(EXPR));             \
    }                                                                         \
    void kern_cmp_##NAME(const KernelCtx *k, const Vector *args, Vector *out) \
    {                                                                         \
        const T *A = args[0].data, *B = args[1].data;                         \
        if (args[1].is_const) NAME##_vc(k, A, B, out->data);                  \
        else if (args[0].is_const) NAME##_cv(k, A, B, out->data);             \
        else NAME##_vv(k, A, B, out->data);                                   \
    }

/* The six operators of one type, all from EQ, LT and LE. */
#define DEF_CMP_TYPE(T, CT)                                                   \
    DEF_CMP(eq_##T, CT, EQ_##T(a, b))                                         \
    DEF_CMP(ne_##T, CT, !EQ_##T(a, b))                                        \
    DEF_CMP(lt_##T, CT, LT_##T(a, b))                                         \
    DEF_CMP(le_##T, CT, LE_##T(a, b))                                         \
    DEF_CMP(gt_##T, CT, LT_##T(b, a))                                         \
    DEF_CMP(ge_##T, CT, LE_##T(b, a))

#define CMP_TYPES(X) X(i64, int64_t) X(f64, double) X(bool, uint8_t)
CMP_TYPES(DEF_CMP_TYPE)

/* ---- TEXT ------------------------------------------------------------ */

static inline int str_cmp(Str a, Str b)
{
    uint32_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
    if (c) return c;
    return (a.len > b.len) - (a.len < b.len);
}

static inline bool str_eq(Str a, Str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* Text rows of NULL inputs hold garbage pointers, so text kernels test the
 * output validity before touching a row. */
#define DEF_CMP_TEXT(OP, EXPR)                                                \
    void kern_cmp_##OP##_text(const KernelCtx *k, const Vector *args,         \
                              Vector *out)                                    \
    {                                                                         \
        uint8_t *O = out->data;                                               \
        const Vector *va = &args[0], *vb = &args[1];                          \
        FOR_ROWS(k, i, if (!out_valid(out, i)) continue;                      \
                 Str a = arg_str(va, i); Str b = arg_str(vb, i);              \
                 O[i] = (uint8_t)(EXPR));                                     \
    }

DEF_CMP_TEXT(eq, str_eq(a, b))
DEF_CMP_TEXT(ne, !str_eq(a, b))
DEF_CMP_TEXT(lt, str_cmp(a, b) < 0)
DEF_CMP_TEXT(le, str_cmp(a, b) <= 0)
DEF_CMP_TEXT(gt, str_cmp(a, b) > 0)
DEF_CMP_TEXT(ge, str_cmp(a, b) >= 0)

Kernel kernel_eq_for(Type t)
{
    switch (t) {
    case TYPE_BOOL: return kern_cmp_eq_bool;
    case TYPE_DOUBLE: return kern_cmp_eq_f64;
    case TYPE_TEXT: return kern_cmp_eq_text;
    default: return kern_cmp_eq_i64;
    }
}
