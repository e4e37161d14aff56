/* Unit tests: constant folding and boolean simplification (checked via
 * expr_print), printing, and the tree utilities the optimizer uses. */
#include <criterion/criterion.h>

#include "helpers.h"

static Arena *A;
static void setup(void) { A = arena_new(); }
static void teardown(void) { arena_free(A); }
TestSuite(fold, .init = setup, .fini = teardown);

static Expr *gt(Expr *a, Expr *b) { return fn(A, ">", 2, a, b); }

Test(fold, printing)
{
    Expr *status = coln(A, 0, TYPE_INT64, "status");
    cr_assert_str_eq(print(A, fn(A, ">=", 2, status, lit_i(A, 400))), "(status >= 400)");
    cr_assert_str_eq(print(A, fn(A, "upper", 1, col(A, 2))), "upper(s)");
    cr_assert_str_eq(print(A, cast(A, col(A, 0), TYPE_DOUBLE)), "CAST(i AS DOUBLE)");
    cr_assert_str_eq(print(A, fn(A, "+", 2, col(A, 0), lit_d(A, 1.5))), "(i + 1.5)");
    cr_assert_str_eq(print(A, lit_s(A, "it's")), "'it''s'");
    cr_assert_str_eq(print(A, fn(A, "-", 1, col(A, 0))), "(-i)");
    cr_assert_str_eq(print(A, fn(A, "like", 2, col(A, 2), lit_s(A, "a%"))), "(s LIKE 'a%')");
    cr_assert_str_eq(print(A, fn(A, "current_timestamp", 0)), "current_timestamp");
    cr_assert_str_eq(print(A, fn(A, "batch_id", 0)), "batch_id()");
    cr_assert_str_eq(print(A, fn(A, "+", 2, col(A, 3), lit_iv(A, "10 seconds"))), "(t + INTERVAL '10 seconds')");
    cr_assert_str_eq(print(A, lit_ts(A, "2023-04-16 09:30:00")), "TIMESTAMP '2023-04-16 09:30:00'");
    cr_assert_str_eq(print(A, logic(A, EXPR_IS_NULL, true, 1, col(A, 0))), "(i IS NOT NULL)");
    cr_assert_str_eq(print(A, logic(A, EXPR_IN, true, 3, col(A, 0), lit_i(A, 1), lit_null(A))),
                     "(i NOT IN (1, NULL))");
    cr_assert_str_eq(print(A, logic(A, EXPR_CASE, false, 3, col(A, 5), lit_s(A, "y"), lit_s(A, "n"))),
                     "CASE WHEN b THEN 'y' ELSE 'n' END");
    cr_assert_str_eq(print(A, logic(A, EXPR_COALESCE, false, 2, col(A, 0), lit_i(A, 0))), "coalesce(i, 0)");
    cr_assert_str_eq(print(A, coln(A, 3, TYPE_INT64, NULL)), "#3");
    cr_assert_str_eq(print(A, logic(A, EXPR_AND, false, 2, col(A, 5), lit_b(A, false))), "(b AND FALSE)");
}

Test(fold, constants)
{
    cr_assert_str_eq(fold_print(A, fn(A, "+", 2, lit_i(A, 1), fn(A, "*", 2, lit_i(A, 2), lit_i(A, 3)))), "7");
    cr_assert_str_eq(fold_print(A, fn(A, "+", 2, col(A, 0), fn(A, "+", 2, lit_i(A, 1), lit_i(A, 2)))), "(i + 3)");
    cr_assert_str_eq(fold_print(A, fn(A, "upper", 1, lit_s(A, "abc"))), "'ABC'");
    cr_assert_str_eq(fold_print(A, cast(A, lit_s(A, "12"), TYPE_INT64)), "12");
    cr_assert_str_eq(fold_print(A, fn(A, "/", 2, lit_i(A, 1), lit_i(A, 0))), "NULL");
    cr_assert_str_eq(fold_print(A, fn(A, "+", 2, col(A, 0), lit_d(A, 1))), "(i + 1.0)");
    Expr *e = fn(A, "+", 2, lit_i(A, 1), lit_i(A, 1));
    bool changed = false;
    Expr *f = expr_fold(A, e, &changed);
    cr_assert(changed);
    cr_assert_eq(f->kind, EXPR_CONST);
    cr_assert_eq(f->type, TYPE_INT64);
    changed = false;
    Expr *g = gt(col(A, 0), lit_i(A, 1));
    cr_assert_eq(expr_fold(A, g, &changed), g);
    cr_assert_not(changed);
}

Test(fold, volatile_calls_are_not_folded)
{
    cr_assert_str_eq(fold_print(A, fn(A, "+", 2, fn(A, "current_timestamp", 0), lit_iv(A, "1 hour"))),
                     "(current_timestamp + INTERVAL '1 hour')");
    cr_assert_str_eq(fold_print(A, fn(A, "+", 2, fn(A, "batch_id", 0), fn(A, "+", 2, lit_i(A, 1), lit_i(A, 1)))),
                     "(batch_id() + 2)");
}

Test(fold, boolean_simplification)
{
    Expr *p = gt(col(A, 0), lit_i(A, 1)), *q = gt(col(A, 1), lit_i(A, 2)), *r = col(A, 5);
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_AND, false, 2, p, lit_b(A, true))), "(i > 1)");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_AND, false, 2, p, lit_b(A, false))), "FALSE");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_OR, false, 2, p, lit_b(A, true))), "TRUE");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_OR, false, 2, lit_b(A, false), p)), "(i > 1)");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_AND, false, 2, p, gt(lit_i(A, 2), lit_i(A, 1)))), "(i > 1)");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_AND, false, 2, p, lit_null(A))), "((i > 1) AND NULL)");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_AND, false, 2, p, logic(A, EXPR_AND, false, 2, q, r))),
                     "((i > 1) AND (d > 2.0) AND b)");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_NOT, false, 1, logic(A, EXPR_NOT, false, 1, p))), "(i > 1)");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_NOT, false, 1, p)), "(i <= 1)");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_NOT, false, 1, fn(A, "=", 2, col(A, 2), lit_s(A, "x")))),
                     "(s <> 'x')");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_NOT, false, 1, fn(A, "like", 2, col(A, 2), lit_s(A, "a%")))),
                     "(s NOT LIKE 'a%')");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_NOT, false, 1, logic(A, EXPR_IS_NULL, false, 1, col(A, 0)))),
                     "(i IS NOT NULL)");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_NOT, false, 1,
                                         logic(A, EXPR_IN, false, 3, col(A, 0), lit_i(A, 1), lit_i(A, 2)))),
                     "(i NOT IN (1, 2))");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_NOT, false, 1, r)), "(NOT b)");
}

Test(fold, case_and_coalesce_pruning)
{
    Expr *p = gt(col(A, 0), lit_i(A, 0));
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_CASE, false, 5, lit_b(A, false), lit_i(A, 1), p, lit_i(A, 2),
                                         lit_i(A, 3))),
                     "CASE WHEN (i > 0) THEN 2 ELSE 3 END");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_CASE, false, 3, fn(A, "=", 2, lit_i(A, 1), lit_i(A, 1)),
                                         lit_s(A, "a"), lit_s(A, "b"))),
                     "'a'");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_CASE, false, 6, p, lit_i(A, 1), lit_b(A, true), lit_i(A, 2),
                                         gt(lit_i(A, 0), col(A, 0)), lit_i(A, 3))),
                     "CASE WHEN (i > 0) THEN 1 ELSE 2 END");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_CASE, false, 4, lit_null(A), col(A, 0), lit_b(A, false),
                                         lit_i(A, 2))),
                     "NULL");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_CASE, false, 3, lit_b(A, false), col(A, 0), col(A, 1))), "d");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_COALESCE, false, 3, lit_null(A), col(A, 0), lit_i(A, 5))),
                     "coalesce(i, 5)");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_COALESCE, false, 3, lit_null(A), lit_i(A, 5), col(A, 0))), "5");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_COALESCE, false, 3, col(A, 0), lit_i(A, 5), col(A, 0))),
                     "coalesce(i, 5)");
    cr_assert_str_eq(fold_print(A, logic(A, EXPR_COALESCE, false, 2, lit_null(A), col(A, 2))), "s");
    Expr *c = expr_fold(A, logic(A, EXPR_COALESCE, false, 2, lit_null(A), lit_null(A)), NULL);
    cr_assert_eq(c->kind, EXPR_CONST);
}

Test(fold, folded_pattern_is_precompiled)
{
    Expr *like = fn(A, "like", 2, col(A, 2), fn(A, "||", 2, lit_s(A, "a"), lit_s(A, "%")));
    cr_assert_null(like->fn_state);
    Expr *f = expr_fold(A, like, NULL);
    cr_assert_str_eq(print(A, f), "(s LIKE 'a%')");
    cr_assert_not_null(f->fn_state);
    cr_assert_null(like->fn_state, "the original is not modified");
    Batch *b = fixture(A);
    cr_assert_str_eq(eval_str(A, f, b), "true,false,NULL,false,false");
}

Test(fold, tree_utilities)
{
    Expr *e1 = fn(A, "+", 2, col(A, 0), lit_i(A, 1));
    Expr *e2 = fn(A, "+", 2, col(A, 0), lit_i(A, 1));
    Expr *e3 = fn(A, "+", 2, col(A, 0), lit_i(A, 2));
    cr_assert(expr_equal(e1, e2));
    cr_assert_not(expr_equal(e1, e3));
    cr_assert_not(expr_equal(e1, fn(A, "-", 2, col(A, 0), lit_i(A, 1))));
    cr_assert(expr_equal(lit_s(A, "x"), lit_s(A, "x")));
    cr_assert_not(expr_equal(lit_s(A, "x"), lit_s(A, "y")));

    Expr *repl[1] = {fn(A, "*", 2, coln(A, 3, TYPE_INT64, "x"), lit_i(A, 2))};
    cr_assert_str_eq(print(A, expr_substitute(A, e1, repl)), "((x * 2) + 1)");
    cr_assert_str_eq(print(A, e1), "(i + 1)");

    int map[1] = {4};
    Expr *m = expr_remap(A, e1, map);
    cr_assert_eq(m->args[0]->column, 4);
    cr_assert_eq(e1->args[0]->column, 0);

    bool used[6] = {0};
    expr_columns_used(logic(A, EXPR_AND, false, 2, gt(col(A, 0), col(A, 1)), col(A, 5)), used, 6);
    cr_assert(used[0] && used[1] && used[5] && !used[2] && !used[3] && !used[4]);

    cr_assert(expr_is_const(fn(A, "+", 2, lit_i(A, 1), lit_i(A, 2))));
    cr_assert_not(expr_is_const(e1));
    cr_assert_not(expr_is_const(fn(A, "current_timestamp", 0)));
    cr_assert(expr_is_volatile(fn(A, "+", 2, fn(A, "batch_id", 0), lit_i(A, 1))));
    cr_assert_not(expr_is_volatile(e1));

    ExprCtx ctx = {0};
    Value v = expr_eval_const(&ctx, fn(A, "concat", 2, lit_s(A, "a"), lit_s(A, "b")), A);
    cr_assert_eq(v.type, TYPE_TEXT);
    cr_assert_eq(v.s.len, 2);
    cr_assert(v.s.ptr[0] == 'a' && v.s.ptr[1] == 'b');
    v = expr_eval_const(&ctx, fn(A, "/", 2, lit_i(A, 1), lit_i(A, 0)), A);
    cr_assert(v.is_null);
    cr_assert_eq(v.type, TYPE_DOUBLE);
}

/* A constant whose evaluation is a row error stays unfolded, so that
 * running it reports the error (it used to fold to a silent NULL). */
Test(fold, row_errors_are_not_folded_away)
{
    cr_assert_str_eq(fold_print(A, fn(A, "+", 2, lit_i(A, INT64_MAX), lit_i(A, 1))),
                     "(9223372036854775807 + 1)");
    cr_assert_str_eq(fold_print(A, cast(A, lit_d(A, 1e20), TYPE_INT64)), "CAST(1e+20 AS BIGINT)");
    cr_assert_str_eq(fold_print(A, fn(A, "+", 2, lit_i(A, 1), lit_i(A, 1))), "2");
    cr_assert_str_eq(fold_print(A, fn(A, "-", 1, fn(A, "-", 1, lit_i(A, 5)))), "5");
    cr_assert_str_eq(print(A, fn(A, "-", 1, lit_i(A, -5))), "(- -5)");
}
