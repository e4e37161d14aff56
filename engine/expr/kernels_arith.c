/* kernels_arith — vectorized arithmetic: + - * / % and unary minus.
 *
 * Every binary kernel is generated from the tables below in three shapes
 * (column op column, column op constant, constant op column) so that the
 * inner loop has no branch on the shape and constants are never
 * materialised. BIGINT arithmetic wraps like Java's long; `/` on BIGINTs
 * gives DOUBLE (Spark); division or modulo by zero gives NULL.
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
    X(add_i64, int64_t, int64_t, int64_t, wrap_add(a, b))                     \
    X(sub_i64, int64_t, int64_t, int64_t, wrap_sub(a, b))                     \
    X(mul_i64, int64_t, int64_t, int64_t, wrap_mul(a, b))                     \
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

/* ---- unary ----------------------------------------------------------- */

void kern_neg_i64(const KernelCtx *k, const Vector *args, Vector *out)
{
    const int64_t *restrict A = args[0].data;
    int64_t *restrict O = out->data;
    FOR_ROWS_DENSE(k, i, O[i] = wrap_neg(A[i]));
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
