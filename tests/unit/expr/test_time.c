/* Unit tests: to_timestamp (ISO, formats, epoch numbers), date_trunc,
 * unix_timestamp, the volatile functions and interval arithmetic. */
#include <criterion/criterion.h>

#include "helpers.h"

static Arena *A;
static void setup(void) { A = arena_new(); }
static void teardown(void) { arena_free(A); }
TestSuite(time, .init = setup, .fini = teardown);

#define EXPECT(e, want) cr_assert_str_eq(eval_str(A, (e), b), (want))

static const char *one(Expr *e)
{
    Batch *b = fixture(A);
    b->n_rows = b->n_sel = 1;
    return eval_str(A, e, b);
}

static const char *fmt(const char *text, const char *pattern)
{
    return one(fn(A, "to_timestamp", 2, lit_s(A, text), lit_s(A, pattern)));
}

Test(time, to_timestamp_iso_and_epoch)
{
    static const char *const vals[] = {"2023-04-16 09:30:00", "2023-04-16T09:30:00.123Z", "2023-04-16", "nope", NULL};
    Batch *b = batch_of(A, TYPE_TEXT, 5, vals);
    EXPECT(fn(A, "to_timestamp", 1, coln(A, 0, TYPE_TEXT, "s")),
           "2023-04-16 09:30:00,2023-04-16 09:30:00.123000,2023-04-16 00:00:00,NULL,NULL");
    cr_assert_str_eq(one(fn(A, "to_timestamp", 1, lit_i(A, 1681637400))), "2023-04-16 09:30:00");
    cr_assert_str_eq(one(fn(A, "to_timestamp", 1, lit_d(A, 1.5))), "1970-01-01 00:00:01.500000");
    cr_assert_str_eq(one(fn(A, "to_timestamp", 1, lit_i(A, INT64_MAX))), "NULL");
}

Test(time, to_timestamp_with_format)
{
    cr_assert_str_eq(fmt("16/04/2023 09:30", "dd/MM/yyyy HH:mm"), "2023-04-16 09:30:00");
    cr_assert_str_eq(fmt("2023-04-16T09:30:00.123", "yyyy-MM-dd'T'HH:mm:ss.SSS"), "2023-04-16 09:30:00.123000");
    cr_assert_str_eq(fmt("20230416", "yyyyMMdd"), "2023-04-16 00:00:00");
    cr_assert_str_eq(fmt("04/16/2023 01:05 PM", "MM/dd/yyyy hh:mm a"), "2023-04-16 13:05:00");
    cr_assert_str_eq(fmt("4/6/23 7:05", "M/d/yy H:mm"), "2023-04-06 07:05:00");
    cr_assert_str_eq(fmt("2023-02-29", "yyyy-MM-dd"), "NULL");
    cr_assert_str_eq(fmt("2024-02-29", "yyyy-MM-dd"), "2024-02-29 00:00:00");
    cr_assert_str_eq(fmt("2023-04-16 25:00", "yyyy-MM-dd HH:mm"), "NULL");
    cr_assert_str_eq(fmt("2023-04-16 trailing", "yyyy-MM-dd"), "NULL");
    cr_assert_str_eq(fmt("it's 2023", "'it''s' yyyy"), "2023-01-01 00:00:00");

    static const char *const fmts[] = {"yyyy", "yyyy-QQ", NULL};
    Batch *b = batch_of(A, TYPE_TEXT, 3, fmts);
    EXPECT(fn(A, "to_timestamp", 2, lit_s(A, "2020"), coln(A, 0, TYPE_TEXT, "f")),
           "2020-01-01 00:00:00,NULL,NULL");

    Expr *args[2] = {lit_s(A, "x"), lit_s(A, "yyyy-QQ")};
    const char *hint = NULL;
    cr_assert_str_eq(call_error(A, "to_timestamp", 2, args, &hint),
                     "invalid to_timestamp format 'yyyy-QQ': unsupported pattern letter 'Q'");
    cr_assert_not_null(hint);
}

Test(time, date_trunc_units)
{
    Batch *b = fixture(A);
    Expr *t = col(A, 3);
    EXPECT(fn(A, "date_trunc", 2, lit_s(A, "hour"), t),
           "2023-04-16 09:00:00,NULL,1970-01-01 00:00:00,2024-02-29 23:00:00,1969-12-31 23:00:00");
    EXPECT(fn(A, "date_trunc", 2, lit_s(A, "SECOND"), t),
           "2023-04-16 09:30:15,NULL,1970-01-01 00:00:00,2024-02-29 23:59:59,1969-12-31 23:00:00");
    EXPECT(fn(A, "date_trunc", 2, lit_s(A, "Minute"), t),
           "2023-04-16 09:30:00,NULL,1970-01-01 00:00:00,2024-02-29 23:59:00,1969-12-31 23:00:00");
    EXPECT(fn(A, "date_trunc", 2, lit_s(A, "day"), t),
           "2023-04-16 00:00:00,NULL,1970-01-01 00:00:00,2024-02-29 00:00:00,1969-12-31 00:00:00");
    /* 2023-04-16 is a Sunday; weeks start on Monday. */
    EXPECT(fn(A, "date_trunc", 2, lit_s(A, "week"), t),
           "2023-04-10 00:00:00,NULL,1969-12-29 00:00:00,2024-02-26 00:00:00,1969-12-29 00:00:00");
    EXPECT(fn(A, "date_trunc", 2, lit_s(A, "month"), t),
           "2023-04-01 00:00:00,NULL,1970-01-01 00:00:00,2024-02-01 00:00:00,1969-12-01 00:00:00");
    EXPECT(fn(A, "date_trunc", 2, lit_s(A, "quarter"), t),
           "2023-04-01 00:00:00,NULL,1970-01-01 00:00:00,2024-01-01 00:00:00,1969-10-01 00:00:00");
    EXPECT(fn(A, "date_trunc", 2, lit_s(A, "YEAR"), t),
           "2023-01-01 00:00:00,NULL,1970-01-01 00:00:00,2024-01-01 00:00:00,1969-01-01 00:00:00");
    /* A unit per row: unknown ones give NULL. */
    EXPECT(fn(A, "date_trunc", 2, col(A, 2), lit_ts(A, "2023-04-16 09:30:00")), "NULL,NULL,NULL,NULL,NULL");
    /* TEXT is accepted where a TIMESTAMP is expected. */
    cr_assert_str_eq(one(fn(A, "date_trunc", 2, lit_s(A, "day"), lit_s(A, "2023-04-16 09:30:00"))),
                     "2023-04-16 00:00:00");

    Expr *args[2] = {lit_s(A, "fortnight"), col(A, 3)};
    const char *hint = NULL;
    cr_assert_str_eq(call_error(A, "date_trunc", 2, args, &hint), "date_trunc unit 'fortnight' is not recognized");
    cr_assert_str_eq(hint, "units: microsecond, millisecond, second, minute, hour, day, week, month, quarter, year");
}

Test(time, volatile_functions_read_the_context)
{
    Batch *b = fixture(A);
    ExprCtx ctx = {.now_us = 1681637400000000, .batch_id = 3};
    Vector v;
    expr_eval(&ctx, fn(A, "current_timestamp", 0), b, &v);
    cr_assert(v.is_const);
    EXPECT(fn(A, "current_timestamp", 0), "2023-04-16 09:30:00,2023-04-16 09:30:00,2023-04-16 09:30:00,"
                                          "2023-04-16 09:30:00,2023-04-16 09:30:00");
    EXPECT(fn(A, "proctime", 0), "2023-04-16 09:30:00,2023-04-16 09:30:00,2023-04-16 09:30:00,"
                                 "2023-04-16 09:30:00,2023-04-16 09:30:00");
    EXPECT(fn(A, "batch_id", 0), "3,3,3,3,3");
    ctx.batch_id = 4;
    cr_assert_str_eq(eval_str_ctx(A, &ctx, fn(A, "batch_id", 0), b), "4,4,4,4,4");
    EXPECT(fn(A, "unix_timestamp", 0), "1681637400,1681637400,1681637400,1681637400,1681637400");
    EXPECT(fn(A, "unix_timestamp", 1, col(A, 3)), "1681637415,NULL,0,1709251199,-3600");
}

Test(time, interval_arithmetic)
{
    Batch *b = fixture(A);
    Expr *t = col(A, 3), *iv = col(A, 4);
    Expr *e = fn(A, "+", 2, t, lit_iv(A, "1 hour"));
    cr_assert_eq(e->type, TYPE_TIMESTAMP);
    EXPECT(e, "2023-04-16 10:30:15.500000,NULL,1970-01-01 01:00:00,2024-03-01 00:59:59,1970-01-01 00:00:00");
    EXPECT(fn(A, "+", 2, lit_iv(A, "1 day"), t),
           "2023-04-17 09:30:15.500000,NULL,1970-01-02 00:00:00,2024-03-01 23:59:59,1970-01-01 23:00:00");
    EXPECT(fn(A, "-", 2, t, iv), "2023-04-16 09:30:05.500000,NULL,NULL,2024-03-01 00:04:59,1969-12-31 23:00:00");
    Expr *diff = fn(A, "-", 2, t, lit_ts(A, "1970-01-01"));
    cr_assert_eq(diff->type, TYPE_INTERVAL);
    EXPECT(fn(A, "-", 2, t, t), "0 seconds,NULL,0 seconds,0 seconds,0 seconds");
    EXPECT(fn(A, "+", 2, iv, iv), "20 seconds,2 hours,NULL,-10 minutes,0 seconds");
    EXPECT(fn(A, "-", 2, iv, lit_iv(A, "10 seconds")), "0 seconds,59 minutes 50 seconds,NULL,-5 minutes 10 seconds,-10 seconds");
    EXPECT(fn(A, "*", 2, iv, lit_i(A, 2)), "20 seconds,2 hours,NULL,-10 minutes,0 seconds");
    EXPECT(fn(A, "*", 2, lit_i(A, 3), iv), "30 seconds,3 hours,NULL,-15 minutes,0 seconds");
    EXPECT(fn(A, "*", 2, iv, lit_d(A, 1.5)), "15 seconds,1 hour 30 minutes,NULL,-7 minutes 30 seconds,0 seconds");
    EXPECT(fn(A, "*", 2, lit_d(A, 0.5), iv), "5 seconds,30 minutes,NULL,-2 minutes 30 seconds,0 seconds");
    EXPECT(fn(A, "/", 2, iv, lit_i(A, 2)), "5 seconds,30 minutes,NULL,-2 minutes 30 seconds,0 seconds");
    EXPECT(fn(A, "/", 2, iv, lit_d(A, 0.5)), "20 seconds,2 hours,NULL,-10 minutes,0 seconds");
    EXPECT(fn(A, "/", 2, iv, lit_i(A, 0)), "NULL,NULL,NULL,NULL,NULL");
    uint32_t sel[] = {2, 4};
    b->sel = sel;
    b->n_sel = 2;
    EXPECT(fn(A, "-", 2, lit_ts(A, "1970-01-02 00:00:00"), t), "1 day,1 day 1 hour");
    b->sel = NULL;
    b->n_sel = 5;
    EXPECT(fn(A, "-", 1, iv), "-10 seconds,-1 hour,NULL,5 minutes,0 seconds");
}
