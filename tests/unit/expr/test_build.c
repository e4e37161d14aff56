/* Unit tests: overload resolution, implicit casts, and the exact text of
 * construction errors (unknown function, wrong types, wrong count,
 * operators, logical operands). */
#include <criterion/criterion.h>

#include "helpers.h"

static Arena *A;
static void setup(void) { A = arena_new(); }
static void teardown(void) { arena_free(A); }
TestSuite(build, .init = setup, .fini = teardown);

static void expect_error(const char *name, int n, Expr **args, const char *msg, const char *hint)
{
    const char *h = NULL;
    cr_assert_str_eq(call_error(A, name, n, args, &h), msg);
    if (hint) cr_assert_str_eq(h, hint);
    else cr_assert_null(h);
}

Test(build, unknown_function_suggests_the_closest)
{
    Expr *args[1] = {col(A, 2)};
    expect_error("uper", 1, args, "function \"uper\" does not exist", "did you mean \"upper\"?");
    expect_error("SUBSTRNG", 1, args, "function \"substrng\" does not exist", "did you mean \"substring\"?");
    expect_error("frobnicate", 1, args, "function \"frobnicate\" does not exist",
                 "SHOW FUNCTIONS lists the functions");
}

Test(build, wrong_argument_types)
{
    Expr *args[2] = {col(A, 0), col(A, 2)};
    expect_error("upper", 1, args, "function upper(BIGINT) does not exist", "expected upper(TEXT)");
    Expr *t[1] = {col(A, 2)};
    expect_error("round", 1, t, "function round(TEXT) does not exist",
                 "expected one of: round(BIGINT), round(DOUBLE), round(BIGINT, BIGINT), round(DOUBLE, BIGINT)");
    Expr *sp[3] = {col(A, 2), col(A, 2), col(A, 2)};
    expect_error("split_part", 3, sp, "function split_part(TEXT, TEXT, TEXT) does not exist",
                 "expected split_part(TEXT, TEXT, BIGINT)");
}

Test(build, wrong_argument_count)
{
    Expr *args[3] = {col(A, 2), col(A, 2), col(A, 2)};
    expect_error("upper", 2, args, "function upper expects 1 argument, got 2", "expected upper(TEXT)");
    expect_error("substring", 1, args, "function substring expects 2 or 3 arguments, got 1",
                 "expected one of: substring(TEXT, BIGINT), substring(TEXT, BIGINT, BIGINT)");
    expect_error("concat", 0, args, "function concat expects at least 1 argument, got 0",
                 "expected concat(TEXT, ...)");
    expect_error("batch_id", 1, args, "function batch_id expects 0 arguments, got 1", "expected batch_id()");
}

Test(build, operator_errors)
{
    const char *h = "No operator matches the given name and argument types. "
                    "You might need to add explicit type casts.";
    Expr *b[2] = {col(A, 0), col(A, 2)};
    expect_error("like", 2, b, "operator does not exist: BIGINT LIKE TEXT", h);
    Expr *c[2] = {col(A, 5), col(A, 0)};
    expect_error("=", 2, c, "operator does not exist: BOOLEAN = BIGINT", h);
    Expr *d[1] = {col(A, 5)};
    expect_error("-", 1, d, "operator does not exist: - BOOLEAN", h);
    Expr *e[2] = {col(A, 3), col(A, 3)};
    expect_error("+", 2, e, "operator does not exist: TIMESTAMP + TIMESTAMP", h);
}

/* TEXT that is not a literal is never cast silently next to another type
 * (it used to turn every row that did not parse into NULL). */
Test(build, text_against_another_type_is_refused)
{
    Expr *a[2] = {col(A, 2), col(A, 3)};
    expect_error("-", 2, a, "operator does not exist: TEXT - TIMESTAMP",
                 "text is not a number: write CAST(s AS TIMESTAMP) to compute with it, or || to concatenate");
    Expr *b[2] = {col(A, 2), lit_i(A, 1)};
    expect_error("+", 2, b, "operator does not exist: TEXT + BIGINT",
                 "text is not a number: write CAST(s AS BIGINT) to compute with it, or || to concatenate");
    Expr *c[2] = {col(A, 2), lit_s(A, "x")};
    expect_error("+", 2, c, "operator does not exist: TEXT + TEXT", "use || to concatenate text");
    Expr *d[2] = {col(A, 2), col(A, 0)};
    expect_error("=", 2, d, "operator does not exist: TEXT = BIGINT",
                 "compare values of one type: write CAST(s AS BIGINT)");
    Expr *e[2] = {col(A, 3), col(A, 2)};
    expect_error(">", 2, e, "operator does not exist: TIMESTAMP > TEXT",
                 "compare values of one type: write CAST(s AS TIMESTAMP)");
    Expr *f[1] = {col(A, 2)};
    expect_error("neg", 1, f, "operator does not exist: - TEXT",
                 "text is not a number: write CAST(s AS DOUBLE) to compute with it, or || to concatenate");
    /* TEXT against TEXT or NULL still compares; || takes anything. */
    cr_assert_eq(fn(A, "=", 2, col(A, 2), lit_s(A, "x"))->type, TYPE_BOOL);
    cr_assert_eq(fn(A, "=", 2, col(A, 2), lit_null(A))->type, TYPE_BOOL);
    cr_assert_eq(fn(A, "||", 2, col(A, 2), col(A, 0))->type, TYPE_TEXT);
}

/* A string literal next to a typed value is read as that type when it
 * parses (a typed constant at analysis), refused at the literal if not. */
Test(build, string_literal_takes_the_type_beside_it)
{
    Expr *x = fn(A, ">", 2, col(A, 0), lit_s(A, "10"));
    cr_assert_eq(x->args[1]->kind, EXPR_CONST);
    cr_assert_eq(x->args[1]->type, TYPE_INT64);
    cr_assert_eq(x->args[1]->value.i, 10);
    x = fn(A, "<", 2, col(A, 0), lit_s(A, "2.5"));    /* compared as DOUBLE, not truncated */
    cr_assert_eq(x->args[0]->type, TYPE_DOUBLE);
    cr_assert_eq(x->args[1]->value.d, 2.5);
    x = fn(A, ">=", 2, col(A, 3), lit_s(A, "2023-06-01"));
    cr_assert_eq(x->args[1]->type, TYPE_TIMESTAMP);
    x = fn(A, "+", 2, col(A, 3), lit_s(A, "1 hour"));
    cr_assert_eq(x->type, TYPE_TIMESTAMP);
    cr_assert_eq(x->args[1]->type, TYPE_INTERVAL);
    cr_assert_eq(fn(A, "=", 2, lit_s(A, "a"), lit_s(A, "b"))->args[0]->type, TYPE_TEXT);

    Expr *a[2] = {col(A, 0), lit_s(A, "abc")};
    a[1]->span = (Span){4, 5};
    Diag dg = {0};
    cr_assert_null(expr_call(A, ">", a, 2, (Span){0, 9}, &dg));
    cr_assert_str_eq(dg.message, "invalid input syntax for type BIGINT: \"abc\"");
    cr_assert_eq(dg.span.off, 4);
    diag_clear(&dg);
    Expr *t[2] = {col(A, 3), lit_s(A, "yesterday")};
    t[1]->span = (Span){3, 4};     /* call_error checks the span is 3 */
    expect_error(">", 2, t, "invalid input syntax for type TIMESTAMP: \"yesterday\"",
                 "write a timestamp such as '2023-06-01' or '2023-06-01 12:00:00'");
    Expr *b[2] = {col(A, 5), lit_s(A, "maybe")};
    b[1]->span = (Span){3, 4};
    expect_error("=", 2, b, "invalid input syntax for type BOOLEAN: \"maybe\"", "write true or false");
}

Test(build, in_list_types)
{
    Diag d = {0};
    Expr *ok[3] = {col(A, 0), lit_s(A, "1"), lit_d(A, 2.5)};
    Expr *x = expr_logic(A, EXPR_IN, ok, 3, false, SPAN_NONE, &d);
    cr_assert_not_null(x);
    cr_assert_eq(x->args[1]->kind, EXPR_CONST);
    cr_assert_eq(x->args[1]->type, TYPE_DOUBLE);
    Expr *lit[3] = {col(A, 0), lit_s(A, "1"), lit_s(A, "x")};
    cr_assert_null(expr_logic(A, EXPR_IN, lit, 3, false, SPAN_NONE, &d));
    cr_assert_str_eq(d.message, "invalid input syntax for type BIGINT: \"x\"");
    diag_clear(&d);
    Expr *mix[3] = {col(A, 2), lit_s(A, "a"), lit_i(A, 5)};
    cr_assert_null(expr_logic(A, EXPR_IN, mix, 3, false, SPAN_NONE, &d));
    cr_assert_str_eq(d.message, "IN types TEXT and BIGINT cannot be matched");
    cr_assert_str_eq(d.hint, "compare values of one type: write CAST(s AS BIGINT)");
    diag_clear(&d);
    Expr *txt[3] = {col(A, 2), lit_s(A, "a"), lit_null(A)};
    cr_assert_not_null(expr_logic(A, EXPR_IN, txt, 3, false, SPAN_NONE, &d));
}

Test(build, result_types_and_implicit_casts)
{
    cr_assert_eq(fn(A, "+", 2, col(A, 0), col(A, 1))->type, TYPE_DOUBLE);
    cr_assert_eq(fn(A, "/", 2, col(A, 0), col(A, 0))->type, TYPE_DOUBLE);
    cr_assert_eq(fn(A, "%", 2, col(A, 0), col(A, 0))->type, TYPE_INT64);
    cr_assert_eq(fn(A, "-", 2, col(A, 3), col(A, 3))->type, TYPE_INTERVAL);
    cr_assert_eq(fn(A, "||", 2, lit_s(A, "a"), lit_i(A, 1))->type, TYPE_TEXT);
    cr_assert_eq(fn(A, "floor", 1, col(A, 1))->type, TYPE_INT64);
    cr_assert_eq(fn(A, "upper", 1, lit_null(A))->type, TYPE_TEXT);
    cr_assert_eq(fn(A, "+", 2, lit_null(A), lit_null(A))->type, TYPE_INT64);
    Expr *e = fn(A, "UPPER", 1, col(A, 2));
    cr_assert_str_eq(e->name, "upper");
    cr_assert_str_eq(fn(A, "substr", 2, col(A, 2), lit_i(A, 1))->name, "substring");
    cr_assert(expr_function_exists("UPPER"));
    cr_assert(expr_function_exists("substr"));
    cr_assert(expr_function_exists("current_timestamp"));
    cr_assert_not(expr_function_exists("nope"));
    cr_assert_not(expr_function_exists("count"));
}

Test(build, logical_operand_errors)
{
    Diag d = {0};
    Expr *args[3] = {col(A, 0), col(A, 5), col(A, 0)};
    args[0]->span = (Span){7, 1};
    cr_assert_null(expr_logic(A, EXPR_AND, args, 2, false, (Span){0, 9}, &d));
    cr_assert_str_eq(d.message, "argument of AND must be BOOLEAN, not BIGINT");
    cr_assert_eq(d.span.off, 7);
    diag_clear(&d);
    Expr *c[3] = {col(A, 5), col(A, 5), col(A, 3)};
    cr_assert_null(expr_logic(A, EXPR_CASE, c, 3, false, (Span){0, 9}, &d));
    cr_assert_str_eq(d.message, "CASE types BOOLEAN and TIMESTAMP cannot be matched");
    diag_clear(&d);
    Expr *w[2] = {col(A, 0), col(A, 0)};
    cr_assert_null(expr_logic(A, EXPR_CASE, w, 2, false, (Span){0, 9}, &d));
    cr_assert_str_eq(d.message, "argument of CASE/WHEN must be BOOLEAN, not BIGINT");
    diag_clear(&d);
    Expr *in[3] = {col(A, 0), lit_i(A, 1), col(A, 5)};
    cr_assert_null(expr_logic(A, EXPR_IN, in, 3, false, (Span){0, 9}, &d));
    cr_assert_str_eq(d.message, "IN types BIGINT and BOOLEAN cannot be matched");
    diag_clear(&d);
    Expr *co[2] = {col(A, 3), col(A, 4)};
    cr_assert_null(expr_logic(A, EXPR_COALESCE, co, 2, false, (Span){0, 9}, &d));
    cr_assert_str_eq(d.message, "COALESCE types TIMESTAMP and INTERVAL cannot be matched");
    diag_clear(&d);
}

Test(build, math_functions)
{
    Batch *b = fixture(A);
    cr_assert_str_eq(eval_str(A, fn(A, "abs", 1, col(A, 0)), b), "1,2,NULL,7,0");
    cr_assert_str_eq(eval_str(A, fn(A, "abs", 1, col(A, 1)), b), "1.5,NULL,0.5,2.0,3.0");
    cr_assert_str_eq(eval_str(A, fn(A, "round", 1, col(A, 1)), b), "2.0,NULL,-1.0,2.0,3.0");
    cr_assert_str_eq(eval_str(A, fn(A, "floor", 1, col(A, 1)), b), "1,NULL,-1,2,3");
    cr_assert_str_eq(eval_str(A, fn(A, "ceil", 1, col(A, 1)), b), "2,NULL,0,2,3");
    cr_assert_str_eq(eval_str(A, fn(A, "ceiling", 1, col(A, 0)), b), "1,-2,NULL,7,0");
    b->n_rows = b->n_sel = 1;
    cr_assert_str_eq(eval_str(A, fn(A, "round", 2, lit_d(A, 0.285), lit_i(A, 2)), b), "0.29");
    cr_assert_str_eq(eval_str(A, fn(A, "round", 2, lit_d(A, -2.5), lit_i(A, 0)), b), "-3.0");
    cr_assert_str_eq(eval_str(A, fn(A, "round", 2, lit_d(A, 1234.5678), lit_i(A, -2)), b), "1200.0");
    cr_assert_str_eq(eval_str(A, fn(A, "round", 2, lit_d(A, 9.995), lit_i(A, 2)), b), "10.0");
    cr_assert_str_eq(eval_str(A, fn(A, "round", 2, lit_d(A, 0.004), lit_i(A, 2)), b), "0.0");
    cr_assert_str_eq(eval_str(A, fn(A, "round", 2, lit_d(A, 1.5), lit_i(A, 5)), b), "1.5");
    cr_assert_str_eq(eval_str(A, fn(A, "round", 2, lit_i(A, 15), lit_i(A, -1)), b), "20");
    cr_assert_str_eq(eval_str(A, fn(A, "round", 2, lit_i(A, -15), lit_i(A, -1)), b), "-20");
    cr_assert_str_eq(eval_str(A, fn(A, "round", 2, lit_i(A, 14), lit_i(A, -1)), b), "10");
    cr_assert_str_eq(eval_str(A, fn(A, "floor", 1, lit_d(A, 1e300)), b), "NULL");
}
