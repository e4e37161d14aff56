/* funcs_math — abs, round, floor, ceil.
 *
 * round is Spark's: HALF_UP on the decimal value a double prints as (so
 * round(0.285, 2) = 0.29 although the binary value is a bit below), and on
 * BIGINT with a negative scale rounds to tens, hundreds, ...
 * floor and ceil of a DOUBLE return BIGINT (Spark); NULL when the result
 * does not fit. abs(BIGINT) wraps on the minimum like Java. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr_int.h"

void kern_abs_i64(const KernelCtx *k, const Vector *args, Vector *out)
{
    const int64_t *restrict A = args[0].data;
    int64_t *restrict O = out->data;
    unsigned any = 0;
    FOR_ROWS_DENSE(k, i, O[i] = A[i] < 0 ? wrap_neg(A[i]) : A[i]; any |= A[i] == INT64_MIN);
    if (!any) return;
    /* abs(-9223372036854775808) does not exist: NULL and a row error. */
    FOR_ROWS(k, i, if (!out_valid(out, i) || A[i] != INT64_MIN) continue;
             vec_set_null(out, i, k->arena);
             expr_row_error(k->ctx->errors, k->e, "%s out of range", type_name(k->e->type)));
}

void kern_abs_f64(const KernelCtx *k, const Vector *args, Vector *out)
{
    const double *restrict A = args[0].data;
    double *restrict O = out->data;
    FOR_ROWS_DENSE(k, i, O[i] = fabs(A[i]));
}

/* sqrt, exp, power as C's (sqrt of a negative is NaN, as in Spark); ln
 * and log are NULL where the logarithm is undefined (x <= 0, base <= 0),
 * as Spark's Logarithm. */
void kern_sqrt_f64(const KernelCtx *k, const Vector *args, Vector *out)
{
    const double *restrict A = args[0].data;
    double *restrict O = out->data;
    FOR_ROWS_DENSE(k, i, O[i] = sqrt(A[i]));
}

void kern_exp_f64(const KernelCtx *k, const Vector *args, Vector *out)
{
    const double *restrict A = args[0].data;
    double *restrict O = out->data;
    FOR_ROWS_DENSE(k, i, O[i] = exp(A[i]));
}

void kern_power_f64(const KernelCtx *k, const Vector *args, Vector *out)
{
    double *restrict O = out->data;
    FOR_ROWS(k, i, O[i] = pow(arg_f64(&args[0], i), arg_f64(&args[1], i)));
}

void kern_ln_f64(const KernelCtx *k, const Vector *args, Vector *out)
{
    double *restrict O = out->data;
    FOR_ROWS(k, i, {
        double x = arg_f64(&args[0], i);
        if (x > 0) O[i] = log(x);
        else { O[i] = 0; vec_set_null(out, i, k->arena); }
    });
}

void kern_log_base_f64(const KernelCtx *k, const Vector *args, Vector *out)
{
    double *restrict O = out->data;
    FOR_ROWS(k, i, {
        double b = arg_f64(&args[0], i), x = arg_f64(&args[1], i);
        if (b > 0 && x > 0) O[i] = log(x) / log(b);
        else { O[i] = 0; vec_set_null(out, i, k->arena); }
    });
}

void kern_round_f64(const KernelCtx *k, const Vector *args, Vector *out)
{
    const double *restrict A = args[0].data;
    double *restrict O = out->data;
    FOR_ROWS_DENSE(k, i, O[i] = round(A[i]));
}

/* Round x HALF_UP to d decimal places, working on the shortest decimal
 * text of x. */
static double round_decimal(double x, int64_t d)
{
    if (!isfinite(x) || d > 340) return x;
    if (d == 0) return round(x);
    char buf[48];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, x);
        if (strtod(buf, NULL) == x) break;
    }
    /* buf = [-]D.DDDDe[+-]XX: collect the digits and the exponent. */
    bool neg = buf[0] == '-';
    char dig[24];
    int nd = 0;
    const char *p = buf + neg;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9') dig[nd++] = *p;
    int exp = atoi(p + 1);
    /* Digits before the rounding position. */
    int64_t keep = (int64_t)exp + 1 + d;
    if (keep >= nd) return x;
    if (keep < 0) return neg ? -0.0 : 0.0;
    char res[28];
    int nr = 0;
    res[nr++] = '0';                          /* room for a carry */
    for (int i = 0; i < keep; i++) res[nr++] = dig[i];
    if (dig[keep] >= '5') {
        int i = nr - 1;
        while (res[i] == '9') res[i--] = '0';
        res[i]++;
    }
    res[nr] = '\0';
    char text[64];
    snprintf(text, sizeof text, "%s%se%lld", neg ? "-" : "", res, (long long)(exp + 1 - keep));
    return strtod(text, NULL);
}

void kern_round_f64_d(const KernelCtx *k, const Vector *args, Vector *out)
{
    double *O = out->data;
    FOR_ROWS(k, i, O[i] = round_decimal(arg_f64(&args[0], i), arg_i64(&args[1], i)));
}

void kern_round_i64_d(const KernelCtx *k, const Vector *args, Vector *out)
{
    int64_t *O = out->data;
    FOR_ROWS(k, i,
        int64_t x = arg_i64(&args[0], i), d = arg_i64(&args[1], i);
        if (d >= 0) { O[i] = x; continue; }
        if (d < -18) { O[i] = 0; continue; }
        int64_t p = 1;
        for (int64_t j = 0; j < -d; j++) p *= 10;
        int64_t rem = x % p, r = x - rem;
        if (rem >= 0 ? rem * 2 >= p : -rem * 2 >= p) r = wrap_add(r, rem >= 0 ? p : -p);
        O[i] = r);
}

/* floor/ceil to BIGINT: STEP is floor or ceil. */
#define DEF_ROUND_TO_INT(NAME, STEP)                                          \
    void kern_##NAME(const KernelCtx *k, const Vector *args, Vector *out)     \
    {                                                                         \
        const double *A = args[0].data;                                       \
        int64_t *O = out->data;                                               \
        FOR_ROWS(k, i, double v = STEP(A[i]);                                 \
                 if (f64_fits_i64(v)) O[i] = (int64_t)v;                      \
                 else { O[i] = 0; vec_set_null(out, i, k->arena); });         \
    }
DEF_ROUND_TO_INT(floor_f64, floor)
DEF_ROUND_TO_INT(ceil_f64, ceil)
