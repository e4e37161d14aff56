/* Unit tests: text functions (UTF-8 aware), concatenation, LIKE and
 * regexp_extract, with constant and per-row arguments. */
#include <criterion/criterion.h>
#include <string.h>

#include "helpers.h"

static Arena *A;
static void setup(void) { A = arena_new(); }
static void teardown(void) { arena_free(A); }
TestSuite(strings, .init = setup, .fini = teardown);

#define EXPECT(e, want) cr_assert_str_eq(eval_str(A, (e), b), (want))

/* Evaluate a constant expression to its text. */
static const char *one(Expr *e)
{
    Batch *b = fixture(A);
    b->n_rows = b->n_sel = 1;
    return eval_str(A, e, b);
}

Test(strings, length_upper_lower)
{
    Batch *b = fixture(A);
    EXPECT(fn(A, "length", 1, col(A, 2)), "3,5,NULL,0,3");
    EXPECT(fn(A, "LENGTH", 1, lit_s(A, "\xe2\x82\xac" "1")), "2,2,2,2,2");
    EXPECT(fn(A, "upper", 1, col(A, 2)), "ABC,H\xc3\x89LLO,NULL,,X Y");
    EXPECT(fn(A, "lower", 1, lit_s(A, "\xc3\x80" "B-c")), "\xc3\xa0" "b-c,\xc3\xa0" "b-c,\xc3\xa0" "b-c,\xc3\xa0" "b-c,\xc3\xa0" "b-c");
}

Test(strings, trims_remove_spaces)
{
    cr_assert_str_eq(one(fn(A, "trim", 1, lit_s(A, "  a b  "))), "a b");
    cr_assert_str_eq(one(fn(A, "ltrim", 1, lit_s(A, "  a b  "))), "a b  ");
    cr_assert_str_eq(one(fn(A, "rtrim", 1, lit_s(A, "  a b  "))), "  a b");
    cr_assert_str_eq(one(fn(A, "trim", 1, lit_s(A, "   "))), "");
}

static const char *sub(const char *s, int64_t pos, int64_t len)
{
    if (len == INT64_MIN) return one(fn(A, "substring", 2, lit_s(A, s), lit_i(A, pos)));
    return one(fn(A, "substr", 3, lit_s(A, s), lit_i(A, pos), lit_i(A, len)));
}

Test(strings, substring_spark_semantics)
{
    cr_assert_str_eq(sub("Spark SQL", 5, INT64_MIN), "k SQL");
    cr_assert_str_eq(sub("Spark SQL", -3, INT64_MIN), "SQL");
    cr_assert_str_eq(sub("Spark SQL", 5, 1), "k");
    cr_assert_str_eq(sub("Spark SQL", 0, 3), "Spa");
    cr_assert_str_eq(sub("Spark SQL", 1, 3), "Spa");
    cr_assert_str_eq(sub("Spark SQL", -20, 3), "");
    cr_assert_str_eq(sub("abc", -5, 3), "a");
    cr_assert_str_eq(sub("abc", 2, 100), "bc");
    cr_assert_str_eq(sub("abc", 4, INT64_MIN), "");
    cr_assert_str_eq(sub("abc", 1, -1), "");
    cr_assert_str_eq(sub("abc", 2, INT64_MAX), "bc");
    cr_assert_str_eq(sub("h\xc3\xa9llo", 2, 3), "\xc3\xa9ll");
    cr_assert_str_eq(sub("h\xc3\xa9llo", -4, 1), "\xc3\xa9");
    Batch *b = fixture(A);
    EXPECT(fn(A, "substring", 3, col(A, 2), lit_i(A, 2), lit_i(A, 2)), "bc,\xc3\xa9l,NULL,, y");
    EXPECT(fn(A, "substring", 3, lit_s(A, "abcdef"), col(A, 0), lit_i(A, 2)), "ab,ef,NULL,,ab");
}

Test(strings, concat_and_pipes)
{
    Batch *b = fixture(A);
    EXPECT(fn(A, "concat", 3, col(A, 2), lit_s(A, "-"), col(A, 0)), "abc-1,h\xc3\xa9llo--2,NULL,-7,x y-0");
    EXPECT(fn(A, "||", 2, col(A, 2), lit_s(A, "!")), "abc!,h\xc3\xa9llo!,NULL,!,x y!");
    EXPECT(fn(A, "||", 2, lit_s(A, "n="), col(A, 1)), "n=1.5,NULL,n=-0.5,n=2.0,n=3.0");
    EXPECT(fn(A, "concat", 1, col(A, 2)), "abc,h\xc3\xa9llo,NULL,,x y");
    EXPECT(fn(A, "concat", 2, lit_s(A, "a"), lit_null(A)), "NULL,NULL,NULL,NULL,NULL");
}

Test(strings, split_part)
{
    static const char *const ns[] = {"1", "2", "3", "4", "5", "-1", "-4", "-5", "0", NULL};
    Batch *b = batch_of(A, TYPE_INT64, 10, ns);
    Expr *n = coln(A, 0, TYPE_INT64, "n");
    EXPECT(fn(A, "split_part", 3, lit_s(A, "a,b,,c"), lit_s(A, ","), n), "a,b,,c,,c,a,,NULL,NULL");
    EXPECT(fn(A, "split_part", 3, lit_s(A, "a::b::c"), lit_s(A, "::"), n), "a,b,c,,,c,,,NULL,NULL");
    EXPECT(fn(A, "split_part", 3, lit_s(A, "abc"), lit_s(A, ""), n), "abc,,,,,abc,,,NULL,NULL");
}

Test(strings, replace)
{
    cr_assert_str_eq(one(fn(A, "replace", 3, lit_s(A, "aaa"), lit_s(A, "a"), lit_s(A, "bb"))), "bbbbbb");
    cr_assert_str_eq(one(fn(A, "replace", 3, lit_s(A, "abc"), lit_s(A, ""), lit_s(A, "x"))), "abc");
    cr_assert_str_eq(one(fn(A, "replace", 2, lit_s(A, "a.b.c"), lit_s(A, "."))), "abc");
    cr_assert_str_eq(one(fn(A, "replace", 3, lit_s(A, "GET /a GET"), lit_s(A, "GET"), lit_s(A, "PUT"))), "PUT /a PUT");
    Batch *b = fixture(A);
    EXPECT(fn(A, "replace", 3, col(A, 2), lit_s(A, " "), lit_s(A, "_")), "abc,h\xc3\xa9llo,NULL,,x_y");
}

Test(strings, like)
{
    Batch *b = fixture(A);
    Expr *s = col(A, 2);
    EXPECT(fn(A, "like", 2, s, lit_s(A, "a%")), "true,false,NULL,false,false");
    EXPECT(fn(A, "like", 2, s, lit_s(A, "%l%")), "false,true,NULL,false,false");
    EXPECT(fn(A, "like", 2, s, lit_s(A, "%y")), "false,false,NULL,false,true");
    EXPECT(fn(A, "like", 2, s, lit_s(A, "_bc")), "true,false,NULL,false,false");
    EXPECT(fn(A, "like", 2, s, lit_s(A, "h_llo")), "false,true,NULL,false,false");
    EXPECT(fn(A, "like", 2, s, lit_s(A, "%")), "true,true,NULL,true,true");
    EXPECT(fn(A, "like", 2, s, lit_s(A, "")), "false,false,NULL,true,false");
    EXPECT(fn(A, "like", 2, s, lit_s(A, "abc")), "true,false,NULL,false,false");
    EXPECT(fn(A, "not like", 2, s, lit_s(A, "a%")), "false,true,NULL,true,true");
    EXPECT(fn(A, "like", 2, s, s), "true,true,NULL,true,true");
    EXPECT(fn(A, "like", 2, lit_s(A, "abc"), fn(A, "||", 2, s, lit_s(A, "%"))), "true,false,NULL,true,false");
}

Test(strings, like_general_and_escapes)
{
    cr_assert_str_eq(one(fn(A, "like", 2, lit_s(A, "a%"), lit_s(A, "a\\%"))), "true");
    cr_assert_str_eq(one(fn(A, "like", 2, lit_s(A, "ab"), lit_s(A, "a\\%"))), "false");
    cr_assert_str_eq(one(fn(A, "like", 2, lit_s(A, "a_b"), lit_s(A, "a\\_b"))), "true");
    cr_assert_str_eq(one(fn(A, "like", 2, lit_s(A, "axb"), lit_s(A, "a\\_b"))), "false");
    cr_assert_str_eq(one(fn(A, "like", 2, lit_s(A, "aXbXc"), lit_s(A, "a%b%c"))), "true");
    cr_assert_str_eq(one(fn(A, "like", 2, lit_s(A, "abacd"), lit_s(A, "%a_d"))), "true");
    cr_assert_str_eq(one(fn(A, "like", 2, lit_s(A, "mississippi"), lit_s(A, "%iss%ipp%"))), "true");
    cr_assert_str_eq(one(fn(A, "like", 2, lit_s(A, "mississippi"), lit_s(A, "m%ss%x"))), "false");
    cr_assert_str_eq(one(fn(A, "like", 2, lit_s(A, "/users/12"), lit_s(A, "/users/__"))), "true");
    cr_assert_str_eq(one(fn(A, "like", 2, lit_s(A, "\xc3\xa9t\xc3\xa9"), lit_s(A, "_t_"))), "true");
    cr_assert_str_eq(one(fn(A, "like", 2, lit_s(A, "abc"), lit_s(A, "%%c"))), "true");
}

Test(strings, regexp_extract)
{
    Expr *s = lit_s(A, "100-200");
    const char *pat = "(\\d+)-(\\d+)";
    cr_assert_str_eq(one(fn(A, "regexp_extract", 3, s, lit_s(A, pat), lit_i(A, 1))), "100");
    cr_assert_str_eq(one(fn(A, "regexp_extract", 3, s, lit_s(A, pat), lit_i(A, 2))), "200");
    cr_assert_str_eq(one(fn(A, "regexp_extract", 3, s, lit_s(A, pat), lit_i(A, 0))), "100-200");
    cr_assert_str_eq(one(fn(A, "regexp_extract", 2, s, lit_s(A, "([0-9]+)$"))), "200");
    cr_assert_str_eq(one(fn(A, "regexp_extract", 3, s, lit_s(A, "x(y)"), lit_i(A, 1))), "");
    cr_assert_str_eq(one(fn(A, "regexp_extract", 3, s, lit_s(A, "(x)?(1)"), lit_i(A, 1))), "");
    Batch *b = fixture(A);
    EXPECT(fn(A, "regexp_extract", 3, col(A, 2), lit_s(A, "([a-z]+)"), lit_i(A, 1)), "abc,h,NULL,,x");
    /* Pattern per row: the text itself, so each row matches entirely. */
    EXPECT(fn(A, "regexp_extract", 3, col(A, 2), col(A, 2), lit_i(A, 0)), "abc,h\xc3\xa9llo,NULL,,x y");
    /* Group index per row, out of range gives NULL. */
    EXPECT(fn(A, "regexp_extract", 3, lit_s(A, "ab"), lit_s(A, "(a)(b)"), col(A, 0)), "a,NULL,NULL,NULL,ab");
}

Test(strings, regexp_errors_at_construction)
{
    /* A bad pattern: see test_regex.c (the error is on the literal). */
    Expr *args[3] = {lit_s(A, "x"), lit_s(A, "(a)"), lit_i(A, 1)};
    args[2] = lit_i(A, 2);
    cr_assert_str_eq(call_error(A, "regexp_extract", 3, args, NULL),
                     "regexp_extract group index 2 is out of range: the pattern has 1 group");
}
