/* kernels_arith — vectorized arithmetic: + - * / % and unary minus.
 *
 * Every binary kernel is generated from the tables below in three shapes
 * (column op column, column op constant, constant op column) so that the
 * inner loop has no branch on the shape and constants are never
 * materialised. BIGINT + - * and unary minus never wrap: a result out of
 * range is NULL and a row error (expr_row_error), checked in a second pass
 * only when the vectorized pass saw an overflow. `/` on BIGINTs gives
 * DOUBLE (Spark); division or modulo by zero gives NULL.
 * TIMESTAMP and INTERVAL are int64 microseconds, so they reuse the BIGINT
 * kernels (the registry decides which types go where). Not here: type
 * resolution (registry.c) and NULL propagation (eval.c). */
#include <math.h>
#include <string.h>

#include "expr_int.h"

/* Multiply an interval by a double; NULL when it does not fit. */
static inline bool iv_scale(int64_t iv, double f, int64_t *r)
{
    double x = round((double)iv * f);
    if (!f64_fits_i64(x)) return false;
    *r = (int64_t)x;
    return true;
}

/* Divide an interval by a non-zero double; NULL when it does not fit. */
static inline bool iv_div(int64_t iv, double f, int64_t *r)
{
    double x = round((double)iv / f);
    if (!f64_fits_i64(x)) return false;
    *r = (int64_t)x;
    return true;
}

/* Operations that never give NULL: (name, left type, right type, result
 * type, expression over a and b). */
#define ARITH_PURE(X)                                                         \
    X(add_f64, double, double, double, a + b)                                 \
    X(sub_f64, double, double, double, a - b)                                 \
    X(mul_f64, double, double, double, a * b)

/* Operations that may give NULL: the statement sets `r`, and `null` when
 * the row has no value. It must not divide by zero itself. */
#define ARITH_NULLABLE(X)                                                     \
    X(div_f64, double, double, double,                                        \
      null = b == 0; r = a / (null ? 1.0 : b))                                \
    X(div_i64, int64_t, int64_t, double,                                      \
      null = b == 0; r = (double)a / (null ? 1.0 : (double)b))                \
    X(mod_i64, int64_t, int64_t, int64_t,                                     \
      null = b == 0; r = (b == 0 || b == -1) ? 0 : a % b)                     \
    X(mod_f64, double, double, double,                                        \
      null = b == 0; r = null ? 0 : fmod(a, b))                               \
    X(div_iv_i64, int64_t, int64_t, int64_t,                                  \
      null = b == 0; r = b == 0 ? 0 : b == -1 ? wrap_neg(a) : a / b)          \
    X(div_iv_f64, int64_t, double, int64_t,                                   \
      null = b == 0 || !iv_div(a, b, &r))            \
    X(mul_iv_f64, int64_t, double, int64_t, null = !iv_scale(a, b, &r))       \
    X(mul_f64_iv, double, int64_t, int64_t, null = !iv_scale(b, a, &r))

/* The three shapes of one binary kernel, and its dispatcher. LOAD_A/LOAD_B
 * read a row (or the hoisted constant); STORE writes the result. */
#define DEF_SHAPES(NAME, TA, TB, TO, STEP)                                    \
    static void NAME##_vv(const KernelCtx *k, const TA *restrict A,           \
                          const TB *restrict B, TO *restrict O, Vector *out)  \
    {                                                                         \
        (void)out;                                                            \
        FOR_ROWS_DENSE(k, i, TA a = A[i]; TB b = B[i]; STEP);                 \
    }                                                                         \
    static void NAME##_vc(const KernelCtx *k, const TA *restrict A,           \
                          const TB *restrict B, TO *restrict O, Vector *out)  \
    {                                                                         \
        (void)out;                                                            \
        const TB b = B[0];                                                    \
        FOR_ROWS_DENSE(k, i, TA a = A[i]; STEP);                              \
    }                                                                         \
    static void NAME##_cv(const KernelCtx *k, const TA *restrict A,           \
                          const TB *restrict B, TO *restrict O, Vector *out)  \
    {                                                                         \
        (void)out;                                                            \
        const TA a = A[0];                                                    \
        FOR_ROWS_DENSE(k, i, TB b = B[i]; STEP);                              \
    }                                                                         \
    void kern_##NAME(const KernelCtx *k, const Vector *args, Vector *out)     \
    {                                                                         \
        const TA *A = args[0].data;                                           \
        const TB *B = args[1].data;                                           \
        TO *O = out->data;                                                    \
        if (args[1].is_const) NAME##_vc(k, A, B, O, out);                     \
        else if (args[0].is_const) NAME##_cv(k, A, B, O, out);                \
        else NAME##_vv(k, A, B, O, out);                                      \
    }

#define DEF_PURE(NAME, TA, TB, TO, EXPR) \
    DEF_SHAPES(NAME, TA, TB, TO, O[i] = (EXPR))
#define DEF_NULLABLE(NAME, TA, TB, TO, ...)                                   \
    DEF_SHAPES(NAME, TA, TB, TO,                                              \
               TO r = 0; bool null = false; __VA_ARGS__; O[i] = r;            \
               if (null) vec_set_null(out, i, k->arena))

ARITH_PURE(DEF_PURE)
ARITH_NULLABLE(DEF_NULLABLE)

/* ---- checked BIGINT arithmetic ------------------------------------------ */

/* Rows whose result overflowed become NULL and row errors; only selected
 * rows with valid inputs count (the fast pass also ran over garbage). */
static void overflow_rows(const KernelCtx *k, const Vector *args, Vector *out, int op)
{
    FOR_ROWS(k, i, if (!out_valid(out, i)) continue;
             int64_t a = arg_i64(&args[0], i), b = arg_i64(&args[1], i), r;
             bool o = op == '+' ? __builtin_add_overflow(a, b, &r)
                    : op == '-' ? __builtin_sub_overflow(a, b, &r)
                                : __builtin_mul_overflow(a, b, &r);
             if (!o) continue;
             vec_set_null(out, i, k->arena);
             expr_row_error(k->ctx->errors, k->e, "%s out of range", type_name(k->e->type)));
}

/* One pass that wraps and notes whether anything overflowed (vectorizes
 * like the plain loop), in the three shapes. */
#define DEF_CHECKED(NAME, BUILTIN, OPC)                                       \
    void kern_##NAME(const KernelCtx *k, const Vector *args, Vector *out)     \
    {                                                                         \
        const int64_t *restrict A = args[0].data;                             \
        const int64_t *restrict B = args[1].data;                             \
        int64_t *restrict O = out->data;                                      \
        unsigned any = 0;                                                     \
        if (args[1].is_const) {                                               \
            const int64_t b = B[0];                                           \
            FOR_ROWS_DENSE(k, i, any |= BUILTIN(A[i], b, &O[i]));             \
        } else if (args[0].is_const) {                                        \
            const int64_t a = A[0];                                           \
            FOR_ROWS_DENSE(k, i, any |= BUILTIN(a, B[i], &O[i]));             \
        } else {                                                              \
            FOR_ROWS_DENSE(k, i, any |= BUILTIN(A[i], B[i], &O[i]));          \
        }                                                                     \
        if (any) overflow_rows(k, args, out, OPC);                            \
    }
DEF_CHECKED(add_i64, __builtin_add_overflow, '+')
DEF_CHECKED(sub_i64, __builtin_sub_overflow, '-')
DEF_CHECKED(mul_i64, __builtin_mul_overflow, '*')

/* ---- unary ----------------------------------------------------------- */

void kern_neg_i64(const KernelCtx *k, const Vector *args, Vector *out)
{
    const int64_t *restrict A = args[0].data;
    int64_t *restrict O = out->data;
    unsigned any = 0;
    FOR_ROWS_DENSE(k, i, O[i] = wrap_neg(A[i]); any |= A[i] == INT64_MIN);
    if (!any) return;
    FOR_ROWS(k, i, if (!out_valid(out, i)) continue;
             if (arg_i64(&args[0], i) != INT64_MIN) continue;
             vec_set_null(out, i, k->arena);
             expr_row_error(k->ctx->errors, k->e, "%s out of range", type_name(k->e->type)));
}

void kern_neg_f64(const KernelCtx *k, const Vector *args, Vector *out)
{
    const double *restrict A = args[0].data;
    double *restrict O = out->data;
    FOR_ROWS_DENSE(k, i, O[i] = -A[i]);
}

void kern_not_bool(const KernelCtx *k, const Vector *args, Vector *out)
{
    const uint8_t *restrict A = args[0].data;
    uint8_t *restrict O = out->data;
    FOR_ROWS_DENSE(k, i, O[i] = !A[i]);
}

/* A function that returns its argument (to_timestamp(TIMESTAMP), ...). */
void kern_identity(const KernelCtx *k, const Vector *args, Vector *out)
{
    size_t w = type_width(out->type);
    const char *A = args[0].data;
    char *O = out->data;
    FOR_ROWS(k, i, memcpy(O + i * w, A + arg_row(&args[0], i) * w, w));
}
