/* Unit tests: the CAST matrix, including failures that give NULL and
 * casts refused at construction. */
#include <criterion/criterion.h>

#include "helpers.h"

static Arena *A;
static void setup(void) { A = arena_new(); }
static void teardown(void) { arena_free(A); }
TestSuite(cast, .init = setup, .fini = teardown);

/* CAST a one-column batch of `from` values (given as text) to `to`. */
static const char *cast_rows(Type from, Type to, int n, const char *const *vals)
{
    Batch *b = batch_of(A, from, n, vals);
    return eval_str(A, cast(A, coln(A, 0, from, "x"), to), b);
}

#define ROWS(...) (sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *)), (const char *[]){__VA_ARGS__}

Test(cast, text_to_numbers)
{
    cr_assert_str_eq(cast_rows(TYPE_TEXT, TYPE_INT64, ROWS(" 42 ", "-7", "1.9", "abc", "", "+3",
                               "9223372036854775807", "9223372036854775808", "-9223372036854775808", NULL)),
                     "42,-7,1,NULL,NULL,3,9223372036854775807,NULL,-9223372036854775808,NULL");
    cr_assert_str_eq(cast_rows(TYPE_TEXT, TYPE_DOUBLE, ROWS("1.5", "-2e3", "NaN", "-inf", "x", "0x10", " 7 ", ".5")),
                     "1.5,-2000.0,NaN,-Infinity,NULL,NULL,7.0,0.5");
}

Test(cast, text_to_bool_timestamp_interval)
{
    cr_assert_str_eq(cast_rows(TYPE_TEXT, TYPE_BOOL, ROWS("true", "F", "yes", "0", "maybe", " TRUE ")),
                     "true,false,true,false,NULL,true");
    cr_assert_str_eq(cast_rows(TYPE_TEXT, TYPE_TIMESTAMP,
                               ROWS("2023-04-16 09:30:00", "2023-04-16T09:30:00.25Z", "2023-02-30", "x")),
                     "2023-04-16 09:30:00,2023-04-16 09:30:00.250000,NULL,NULL");
    cr_assert_str_eq(cast_rows(TYPE_TEXT, TYPE_INTERVAL, ROWS("10 seconds", "1 hour 30 minutes", "5 months")),
                     "10 seconds,1 hour 30 minutes,NULL");
}

Test(cast, numbers)
{
    cr_assert_str_eq(cast_rows(TYPE_INT64, TYPE_DOUBLE, ROWS("1", "-3", NULL)), "1.0,-3.0,NULL");
    cr_assert_str_eq(cast_rows(TYPE_DOUBLE, TYPE_INT64, ROWS("1.9", "-1.9", "1e20", "NaN", "-0.5")),
                     "1,-1,NULL,NULL,0");
    cr_assert_str_eq(cast_rows(TYPE_INT64, TYPE_BOOL, ROWS("0", "5", NULL)), "false,true,NULL");
    cr_assert_str_eq(cast_rows(TYPE_BOOL, TYPE_INT64, ROWS("true", "false")), "1,0");
    cr_assert_str_eq(cast_rows(TYPE_BOOL, TYPE_DOUBLE, ROWS("true", "false")), "1.0,0.0");
    cr_assert_str_eq(cast_rows(TYPE_DOUBLE, TYPE_BOOL, ROWS("0", "0.1")), "false,true");
}

Test(cast, to_text)
{
    cr_assert_str_eq(cast_rows(TYPE_INT64, TYPE_TEXT, ROWS("-42", NULL)), "-42,NULL");
    cr_assert_str_eq(cast_rows(TYPE_DOUBLE, TYPE_TEXT, ROWS("1.5", "2", "0.1")), "1.5,2.0,0.1");
    cr_assert_str_eq(cast_rows(TYPE_BOOL, TYPE_TEXT, ROWS("true", "false")), "true,false");
    cr_assert_str_eq(cast_rows(TYPE_TIMESTAMP, TYPE_TEXT, ROWS("2023-04-16 09:30:00", "2023-04-16 09:30:00.5")),
                     "2023-04-16 09:30:00,2023-04-16 09:30:00.500000");
    cr_assert_str_eq(cast_rows(TYPE_INTERVAL, TYPE_TEXT, ROWS("90 minutes")), "1 hour 30 minutes");
}

Test(cast, timestamps_and_epoch_seconds)
{
    cr_assert_str_eq(cast_rows(TYPE_INT64, TYPE_TIMESTAMP, ROWS("86400", "-1", "9223372036854775807")),
                     "1970-01-02 00:00:00,1969-12-31 23:59:59,NULL");
    cr_assert_str_eq(cast_rows(TYPE_TIMESTAMP, TYPE_INT64, ROWS("1970-01-01 00:00:01.5", "1969-12-31 23:59:59.5")),
                     "1,-1");
    cr_assert_str_eq(cast_rows(TYPE_DOUBLE, TYPE_TIMESTAMP, ROWS("1.5")), "1970-01-01 00:00:01.500000");
    cr_assert_str_eq(cast_rows(TYPE_TIMESTAMP, TYPE_DOUBLE, ROWS("1970-01-01 00:00:01.5")), "1.5");
}

Test(cast, refused_and_null_casts)
{
    Diag d = {0};
    cr_assert_null(expr_cast(A, col(A, 5), TYPE_TIMESTAMP, (Span){2, 3}, &d));
    cr_assert_str_eq(d.message, "cannot cast BOOLEAN to TIMESTAMP");
    cr_assert_eq(d.span.off, 2);
    diag_clear(&d);
    cr_assert_null(expr_cast(A, col(A, 4), TYPE_DOUBLE, SPAN_NONE, &d));
    cr_assert_str_eq(d.message, "cannot cast INTERVAL to DOUBLE");
    diag_clear(&d);

    Batch *b = fixture(A);
    cr_assert_str_eq(eval_str(A, cast(A, lit_null(A), TYPE_INT64), b), "NULL,NULL,NULL,NULL,NULL");
    Expr *c0 = col(A, 0);
    cr_assert_eq(cast(A, c0, TYPE_INT64), c0, "a cast to the same type is the operand");
    cr_assert_str_eq(eval_str(A, cast(A, col(A, 2), TYPE_INT64), b), "NULL,NULL,NULL,NULL,NULL");
    cr_assert_str_eq(eval_str(A, cast(A, lit_s(A, "12"), TYPE_INT64), b), "12,12,12,12,12");
}
