/* Unit tests: three-valued AND/OR/NOT, IS [NOT] NULL, IN, CASE,
 * COALESCE, and expr_filter on top of an existing selection. */
#include <criterion/criterion.h>

#include "helpers.h"

static Arena *A;
static void setup(void) { A = arena_new(); }
static void teardown(void) { arena_free(A); }
TestSuite(logic, .init = setup, .fini = teardown);

#define EXPECT(e, want) cr_assert_str_eq(eval_str(A, (e), b), (want))

/* Two BOOLEAN columns with all nine combinations of TRUE/FALSE/NULL. */
static Batch *truth_batch(void)
{
    Type t[2] = {TYPE_BOOL, TYPE_BOOL};
    Batch *b = batch_new(A, t, 2);
    const char *pa = "TTTFFFNNN", *pb = "TFNTFNTFN";
    b->n_rows = b->n_sel = 9;
    for (uint32_t i = 0; i < 9; i++) {
        Value va = pa[i] == 'N' ? value_null(TYPE_BOOL) : value_bool(pa[i] == 'T');
        Value vb = pb[i] == 'N' ? value_null(TYPE_BOOL) : value_bool(pb[i] == 'T');
        vec_set(&b->cols[0], i, &va, A);
        vec_set(&b->cols[1], i, &vb, A);
    }
    return b;
}

Test(logic, truth_tables)
{
    Batch *b = truth_batch();
    Expr *x = coln(A, 0, TYPE_BOOL, "a"), *y = coln(A, 1, TYPE_BOOL, "b");
    EXPECT(logic(A, EXPR_AND, false, 2, x, y), "true,false,NULL,false,false,false,NULL,false,NULL");
    EXPECT(logic(A, EXPR_OR, false, 2, x, y), "true,true,true,true,false,NULL,true,NULL,NULL");
    EXPECT(logic(A, EXPR_NOT, false, 1, x), "false,false,false,true,true,true,NULL,NULL,NULL");
    /* With constants on one side. */
    EXPECT(logic(A, EXPR_AND, false, 2, x, lit_null(A)), "NULL,NULL,NULL,false,false,false,NULL,NULL,NULL");
    EXPECT(logic(A, EXPR_OR, false, 2, lit_b(A, false), y), "true,false,NULL,true,false,NULL,true,false,NULL");
    EXPECT(logic(A, EXPR_AND, false, 3, x, y, lit_b(A, true)),
           "true,false,NULL,false,false,false,NULL,false,NULL");
}

Test(logic, is_null)
{
    Batch *b = fixture(A);
    EXPECT(logic(A, EXPR_IS_NULL, false, 1, col(A, 0)), "false,false,true,false,false");
    EXPECT(logic(A, EXPR_IS_NULL, true, 1, col(A, 2)), "true,true,false,true,true");
    EXPECT(logic(A, EXPR_IS_NULL, false, 1, lit_null(A)), "true,true,true,true,true");
    EXPECT(logic(A, EXPR_IS_NULL, false, 1, fn(A, "/", 2, lit_i(A, 1), col(A, 0))),
           "false,false,true,false,true");
}

Test(logic, in_list_with_sql_null_semantics)
{
    Batch *b = fixture(A);
    EXPECT(logic(A, EXPR_IN, false, 3, col(A, 0), lit_i(A, 1), lit_i(A, 7)), "true,false,NULL,true,false");
    EXPECT(logic(A, EXPR_IN, true, 3, col(A, 0), lit_i(A, 1), lit_i(A, 7)), "false,true,NULL,false,true");
    EXPECT(logic(A, EXPR_IN, false, 3, col(A, 0), lit_i(A, 1), lit_null(A)), "true,NULL,NULL,NULL,NULL");
    EXPECT(logic(A, EXPR_IN, true, 3, col(A, 0), lit_i(A, 1), lit_null(A)), "false,NULL,NULL,NULL,NULL");
    EXPECT(logic(A, EXPR_IN, false, 3, col(A, 2), lit_s(A, "abc"), lit_s(A, "")), "true,false,NULL,true,false");
    EXPECT(logic(A, EXPR_IN, false, 3, col(A, 1), lit_i(A, 2), col(A, 0)), "false,NULL,NULL,true,false");
    EXPECT(logic(A, EXPR_IN, false, 3, lit_i(A, 2), lit_i(A, 1), lit_i(A, 2)), "true,true,true,true,true");
}

Test(logic, searched_case)
{
    Batch *b = fixture(A);
    Expr *pos = fn(A, ">", 2, col(A, 0), lit_i(A, 0)), *neg = fn(A, "<", 2, col(A, 0), lit_i(A, 0));
    EXPECT(logic(A, EXPR_CASE, false, 5, pos, lit_s(A, "pos"), neg, lit_s(A, "neg"), lit_s(A, "other")),
           "pos,neg,other,pos,other");
    EXPECT(logic(A, EXPR_CASE, false, 2, pos, col(A, 0)), "1,NULL,NULL,7,NULL");
    Expr *mixed = logic(A, EXPR_CASE, false, 3, col(A, 5), col(A, 0), col(A, 1));
    cr_assert_eq(mixed->type, TYPE_DOUBLE);
    EXPECT(mixed, "1.0,NULL,-0.5,7.0,3.0");
    EXPECT(logic(A, EXPR_CASE, false, 3, lit_null(A), lit_i(A, 1), lit_i(A, 2)), "2,2,2,2,2");

    uint32_t sel[] = {0, 2, 4};
    b->sel = sel;
    b->n_sel = 3;
    EXPECT(logic(A, EXPR_CASE, false, 3, pos, lit_s(A, "pos"), lit_s(A, "x")), "pos,x,x");
}

Test(logic, coalesce)
{
    Batch *b = fixture(A);
    EXPECT(logic(A, EXPR_COALESCE, false, 2, col(A, 0), lit_i(A, 100)), "1,-2,100,7,0");
    Expr *e = logic(A, EXPR_COALESCE, false, 3, col(A, 1), col(A, 0), lit_i(A, 0));
    cr_assert_eq(e->type, TYPE_DOUBLE);
    EXPECT(e, "1.5,-2.0,-0.5,2.0,3.0");
    EXPECT(logic(A, EXPR_COALESCE, false, 2, col(A, 2), lit_s(A, "none")), "abc,h\xc3\xa9llo,none,,x y");
    EXPECT(logic(A, EXPR_COALESCE, false, 2, lit_null(A), col(A, 0)), "1,-2,NULL,7,0");
}

Test(logic, filter_narrows_selection)
{
    Batch *b = fixture(A);
    ExprCtx ctx = {0};
    expr_filter(&ctx, fn(A, ">", 2, col(A, 0), lit_i(A, 0)), b);
    cr_assert_eq(b->n_sel, 2);
    cr_assert_eq(b->sel[0], 0);
    cr_assert_eq(b->sel[1], 3);
    cr_assert_eq(b->n_rows, 5);

    /* On top of an existing selection. */
    b = fixture(A);
    uint32_t sel[] = {1, 2, 3, 4};
    b->sel = sel;
    b->n_sel = 4;
    expr_filter(&ctx, fn(A, ">", 2, col(A, 0), lit_i(A, 0)), b);
    cr_assert_eq(b->n_sel, 1);
    cr_assert_eq(b->sel[0], 3);
    cr_assert_eq(sel[0], 1, "the old selection is not written to");
}

Test(logic, filter_conjunction_constant_and_all_pass)
{
    ExprCtx ctx = {0};
    Batch *b = fixture(A);
    Expr *p = logic(A, EXPR_AND, false, 2, fn(A, ">=", 2, col(A, 0), lit_i(A, 0)),
                    fn(A, ">", 2, col(A, 1), lit_i(A, 1)));
    expr_filter(&ctx, p, b);
    cr_assert_eq(b->n_sel, 3);
    cr_assert_eq(b->sel[0], 0);
    cr_assert_eq(b->sel[1], 3);
    cr_assert_eq(b->sel[2], 4);

    b = fixture(A);
    expr_filter(&ctx, lit_b(A, true), b);
    cr_assert_eq(b->n_sel, 5);
    cr_assert_null(b->sel);
    expr_filter(&ctx, logic(A, EXPR_IS_NULL, true, 1, col(A, 4)), b);
    cr_assert_eq(b->n_sel, 4);
    expr_filter(&ctx, lit_null(A), b);
    cr_assert_eq(b->n_sel, 0);

    b = fixture(A);
    expr_filter(&ctx, logic(A, EXPR_IS_NULL, true, 1, col(A, 5)), b);
    expr_filter(&ctx, fn(A, "<", 2, col(A, 3), lit_s(A, "2030-01-01")), b);
    cr_assert_eq(b->n_sel, 3);
    b = fixture(A);
    expr_filter(&ctx, fn(A, "<", 2, lit_i(A, 0), lit_i(A, 1)), b);
    cr_assert_null(b->sel);
    cr_assert_eq(b->n_sel, 5);
}
