/* Unit tests: arithmetic and comparison kernels in every shape (column op
 * column, column op constant, constant op column, constant op constant),
 * with NULLs, selections, and full 2048-row batches. */
#include <criterion/criterion.h>
#include <math.h>

#include "helpers.h"

static Arena *A;
static void setup(void) { A = arena_new(); }
static void teardown(void) { arena_free(A); }
TestSuite(kernels, .init = setup, .fini = teardown);

#define EXPECT(e, want) cr_assert_str_eq(eval_str(A, (e), b), (want))

Test(kernels, bigint_arithmetic)
{
    Batch *b = fixture(A);
    EXPECT(fn(A, "+", 2, col(A, 0), lit_i(A, 1)), "2,-1,NULL,8,1");
    EXPECT(fn(A, "+", 2, lit_i(A, 1), col(A, 0)), "2,-1,NULL,8,1");
    EXPECT(fn(A, "-", 2, col(A, 0), col(A, 0)), "0,0,NULL,0,0");
    EXPECT(fn(A, "-", 2, lit_i(A, 10), col(A, 0)), "9,12,NULL,3,10");
    EXPECT(fn(A, "*", 2, col(A, 0), lit_i(A, 3)), "3,-6,NULL,21,0");
    EXPECT(fn(A, "-", 1, col(A, 0)), "-1,2,NULL,-7,0");
    cr_assert_eq(fn(A, "*", 2, col(A, 0), col(A, 0))->type, TYPE_INT64);
}

Test(kernels, division_always_double_and_by_zero_is_null)
{
    Batch *b = fixture(A);
    Expr *e = fn(A, "/", 2, col(A, 0), lit_i(A, 2));
    cr_assert_eq(e->type, TYPE_DOUBLE);
    EXPECT(e, "0.5,-1.0,NULL,3.5,0.0");
    EXPECT(fn(A, "/", 2, lit_i(A, 7), col(A, 0)), "7.0,-3.5,NULL,1.0,NULL");
    EXPECT(fn(A, "/", 2, col(A, 1), lit_i(A, 0)), "NULL,NULL,NULL,NULL,NULL");
    EXPECT(fn(A, "/", 2, col(A, 1), col(A, 0)), "1.5,NULL,NULL,0.2857142857142857,NULL");
    EXPECT(fn(A, "/", 2, lit_i(A, 7), lit_i(A, 2)), "3.5,3.5,3.5,3.5,3.5");
}

Test(kernels, modulo)
{
    Batch *b = fixture(A);
    EXPECT(fn(A, "%", 2, col(A, 0), lit_i(A, 3)), "1,-2,NULL,1,0");
    EXPECT(fn(A, "%", 2, lit_i(A, 10), col(A, 0)), "0,0,NULL,3,NULL");
    EXPECT(fn(A, "%", 2, col(A, 1), lit_i(A, 2)), "1.5,NULL,-0.5,0.0,1.0");
    EXPECT(fn(A, "%", 2, col(A, 1), lit_d(A, 0)), "NULL,NULL,NULL,NULL,NULL");
    EXPECT(fn(A, "mod", 2, col(A, 0), lit_i(A, 4)), "1,-2,NULL,3,0");
}

/* BIGINT overflow never wraps: NULL, and a row error with its message
 * (it used to wrap like Java's long). */
Test(kernels, bigint_overflow_is_null_and_a_row_error)
{
    Batch *b = fixture(A);
    b->n_rows = b->n_sel = 1;
    RowErrors errs = {0};
    ExprCtx ctx = {.errors = &errs};
    cr_assert_str_eq(eval_str_ctx(A, &ctx, fn(A, "+", 2, lit_i(A, INT64_MAX), lit_i(A, 1)), b), "NULL");
    cr_assert_str_eq(eval_str_ctx(A, &ctx, fn(A, "*", 2, lit_i(A, INT64_MAX), lit_i(A, 2)), b), "NULL");
    cr_assert_str_eq(eval_str_ctx(A, &ctx, fn(A, "-", 1, lit_i(A, INT64_MIN)), b), "NULL");
    cr_assert_str_eq(eval_str_ctx(A, &ctx, fn(A, "abs", 1, lit_i(A, INT64_MIN)), b), "NULL");
    EXPECT(fn(A, "%", 2, lit_i(A, INT64_MIN), lit_i(A, -1)), "0");
    cr_assert_eq(errs.total, 4);
    cr_assert_eq(errs.batch, 4);
    cr_assert_str_eq(sb_str(&errs.shown), "(9223372036854775807 + 1): BIGINT out of range\n"
                                          "(9223372036854775807 * 2): BIGINT out of range\n"
                                          "(- -9223372036854775808): BIGINT out of range\n");
    sb_free(&errs.shown);

    /* Columns: only selected rows with values count, garbage rows do not. */
    static const char *const big[] = {"9223372036854775807", "NULL", "9223372036854775806", "1"};
    Batch *t = batch_of(A, TYPE_INT64, 4, big);
    VEC_I64(&t->cols[0])[1] = INT64_MAX;             /* garbage under a NULL */
    uint32_t sel[] = {1, 2, 3};
    t->sel = sel;
    t->n_sel = 3;
    RowErrors e2 = {0};
    ExprCtx c2 = {.errors = &e2};
    Expr *plus = fn(A, "+", 2, coln(A, 0, TYPE_INT64, "x"), lit_i(A, 1));
    cr_assert_str_eq(eval_str_ctx(A, &c2, plus, t), "NULL,9223372036854775807,2");
    cr_assert_eq(e2.total, 0);
    Expr *twice = fn(A, "+", 2, coln(A, 0, TYPE_INT64, "x"), coln(A, 0, TYPE_INT64, "x"));
    cr_assert_str_eq(eval_str_ctx(A, &c2, twice, t), "NULL,NULL,2");
    cr_assert_eq(e2.total, 1);
    cr_assert_str_eq(sb_str(&e2.shown), "(x + x): BIGINT out of range\n");
    sb_free(&e2.shown);
}

/* An explicit CAST that fails is NULL and a row error; an implicit one
 * (here: the coercion a NULL-free TEXT -> TIMESTAMP time function makes)
 * stays quiet. */
Test(kernels, failed_explicit_cast_is_a_row_error)
{
    static const char *const txt[] = {"1", "abc", "NULL", " 7 "};
    Batch *t = batch_of(A, TYPE_TEXT, 4, txt);
    RowErrors errs = {0};
    ExprCtx ctx = {.errors = &errs};
    Expr *c = cast(A, coln(A, 0, TYPE_TEXT, "s"), TYPE_INT64);
    cr_assert_str_eq(eval_str_ctx(A, &ctx, c, t), "1,NULL,NULL,7");
    cr_assert_eq(errs.total, 1);
    cr_assert_str_eq(sb_str(&errs.shown), "CAST(s AS BIGINT): invalid input syntax for type BIGINT: \"abc\"\n");
    c->implicit = true;
    cr_assert_str_eq(eval_str_ctx(A, &ctx, c, t), "1,NULL,NULL,7");
    cr_assert_eq(errs.total, 1);
    sb_free(&errs.shown);
}

Test(kernels, mixed_and_cast_text_arithmetic_is_double)
{
    Batch *b = fixture(A);
    Expr *e = fn(A, "+", 2, col(A, 0), col(A, 1));
    cr_assert_eq(e->type, TYPE_DOUBLE);
    EXPECT(e, "2.5,NULL,NULL,9.0,3.0");
    EXPECT(fn(A, "*", 2, lit_d(A, 0.5), col(A, 0)), "0.5,-1.0,NULL,3.5,0.0");

    static const char *const txt[] = {"1", " 2.5 ", "x", NULL};
    Batch *t = batch_of(A, TYPE_TEXT, 4, txt);
    Expr *s = cast(A, coln(A, 0, TYPE_TEXT, "s"), TYPE_DOUBLE);
    Expr *sum = fn(A, "+", 2, s, lit_i(A, 1));
    cr_assert_eq(sum->type, TYPE_DOUBLE);
    cr_assert_str_eq(eval_str(A, sum, t), "2.0,3.5,NULL,NULL");
}

Test(kernels, constant_inputs_give_a_constant_vector)
{
    Batch *b = fixture(A);
    Vector v;
    ExprCtx ctx = {0};
    expr_eval(&ctx, fn(A, "+", 2, lit_i(A, 2), lit_i(A, 3)), b, &v);
    cr_assert(v.is_const);
    cr_assert_eq(VEC_I64(&v)[0], 5);
    expr_eval(&ctx, fn(A, "+", 2, col(A, 0), lit_null(A)), b, &v);
    cr_assert(v.is_const);
    cr_assert(vec_is_null(&v, 4));
    expr_eval_flat(&ctx, fn(A, "+", 2, lit_i(A, 2), lit_i(A, 3)), b, &v);
    cr_assert_not(v.is_const);
    cr_assert_eq(VEC_I64(&v)[4], 5);
}

Test(kernels, respects_the_selection)
{
    Batch *b = fixture(A);
    uint32_t sel[] = {1, 3};
    b->sel = sel;
    b->n_sel = 2;
    EXPECT(fn(A, "+", 2, col(A, 0), lit_i(A, 1)), "-1,8");
    EXPECT(fn(A, ">", 2, col(A, 0), lit_i(A, 0)), "false,true");
    EXPECT(fn(A, "upper", 1, col(A, 2)), "H\xc3\x89LLO,");
}

Test(kernels, comparisons_numbers)
{
    Batch *b = fixture(A);
    EXPECT(fn(A, ">", 2, col(A, 0), lit_i(A, 0)), "true,false,NULL,true,false");
    EXPECT(fn(A, "<", 2, lit_i(A, 0), col(A, 0)), "true,false,NULL,true,false");
    EXPECT(fn(A, "=", 2, col(A, 0), col(A, 0)), "true,true,NULL,true,true");
    EXPECT(fn(A, "<>", 2, col(A, 0), lit_i(A, 7)), "true,true,NULL,false,true");
    EXPECT(fn(A, "!=", 2, col(A, 0), lit_i(A, 7)), "true,true,NULL,false,true");
    EXPECT(fn(A, "<=", 2, col(A, 0), lit_i(A, 0)), "false,true,NULL,false,true");
    EXPECT(fn(A, ">=", 2, col(A, 1), lit_i(A, 2)), "false,NULL,false,true,true");
    EXPECT(fn(A, "=", 2, col(A, 0), col(A, 1)), "false,NULL,NULL,false,false");
    EXPECT(fn(A, ">", 2, lit_i(A, 2), lit_i(A, 1)), "true,true,true,true,true");
}

Test(kernels, comparisons_text_bool_time)
{
    Batch *b = fixture(A);
    EXPECT(fn(A, "=", 2, col(A, 2), lit_s(A, "abc")), "true,false,NULL,false,false");
    EXPECT(fn(A, "<", 2, col(A, 2), lit_s(A, "b")), "true,false,NULL,true,false");
    EXPECT(fn(A, ">=", 2, lit_s(A, "h"), col(A, 2)), "true,false,NULL,true,false");
    EXPECT(fn(A, "=", 2, col(A, 5), lit_b(A, true)), "true,false,NULL,true,false");
    EXPECT(fn(A, ">", 2, col(A, 5), col(A, 5)), "false,false,NULL,false,false");
    /* TEXT compared with TIMESTAMP is cast to TIMESTAMP. */
    EXPECT(fn(A, ">", 2, col(A, 3), lit_s(A, "2000-01-01")), "true,NULL,false,true,false");
    EXPECT(fn(A, "<", 2, col(A, 4), lit_iv(A, "1 minute")), "true,false,NULL,true,true");
    /* TEXT compared with a number is cast to the number's type. */
    EXPECT(fn(A, "=", 2, lit_s(A, "7"), col(A, 0)), "false,false,NULL,true,false");
}

Test(kernels, nan_is_equal_to_itself_and_largest)
{
    static const char *const vals[] = {"NaN", "1", "-Infinity", NULL};
    Batch *b = batch_of(A, TYPE_DOUBLE, 4, vals);
    Expr *x = coln(A, 0, TYPE_DOUBLE, "x");
    EXPECT(fn(A, "=", 2, x, lit_d(A, NAN)), "true,false,false,NULL");
    EXPECT(fn(A, ">", 2, x, lit_d(A, 1)), "true,false,false,NULL");
    EXPECT(fn(A, "<", 2, x, lit_d(A, NAN)), "false,true,true,NULL");
    EXPECT(fn(A, "<=", 2, lit_d(A, NAN), x), "true,false,false,NULL");
}

/* A full batch exercises the dense (vectorizable) loops and the sparse
 * ones, and the validity words beyond the first. */
Test(kernels, full_batch_dense_and_sparse)
{
    Type t = TYPE_INT64;
    Batch *b = batch_new(A, &t, 1);
    b->n_rows = b->n_sel = BATCH_CAP;
    for (uint32_t i = 0; i < BATCH_CAP; i++) VEC_I64(&b->cols[0])[i] = i;
    vec_set_null(&b->cols[0], 1000, A);
    Expr *x = coln(A, 0, TYPE_INT64, "x");
    Expr *e = fn(A, ">", 2, fn(A, "+", 2, fn(A, "*", 2, x, lit_i(A, 2)), lit_i(A, 1)), lit_i(A, 4000));
    ExprCtx ctx = {0};
    Vector v;
    expr_eval(&ctx, e, b, &v);
    for (uint32_t i = 0; i < BATCH_CAP; i++) {
        cr_assert_eq(vec_is_null(&v, i), i == 1000);
        if (i != 1000) cr_assert_eq(VEC_BOOL(&v)[i], 2 * i + 1 > 4000, "row %u", i);
    }
    /* Sparse selection: every 7th row. */
    uint32_t *sel = arena_alloc(A, BATCH_CAP * sizeof(uint32_t)), n = 0;
    for (uint32_t i = 0; i < BATCH_CAP; i += 7) sel[n++] = i;
    b->sel = sel;
    b->n_sel = n;
    expr_filter(&ctx, e, b);
    uint32_t want = 0;
    for (uint32_t i = 0; i < BATCH_CAP; i += 7) want += 2 * i + 1 > 4000 && i != 1000;
    cr_assert_eq(b->n_sel, want);
    for (uint32_t k = 0; k < b->n_sel; k++) cr_assert_eq(b->sel[k] % 7, 0);
}
