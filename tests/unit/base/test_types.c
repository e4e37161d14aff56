/* Unit tests: type names, value formatting and ordering. */
#include <criterion/criterion.h>

#include "engine/base/types.h"

static void check(Value v, const char *want)
{
    StrBuf sb = STRBUF_INIT;
    value_format(&v, &sb);
    cr_assert_str_eq(sb_str(&sb), want);
    sb_free(&sb);
}

Test(types, names)
{
    Type t;
    cr_assert(type_from_name("VARCHAR", &t)); cr_assert_eq(t, TYPE_TEXT);
    cr_assert(type_from_name("integer", &t)); cr_assert_eq(t, TYPE_INT64);
    cr_assert(type_from_name("Real", &t)); cr_assert_eq(t, TYPE_DOUBLE);
    cr_assert_not(type_from_name("blob", &t));
    cr_assert_str_eq(type_name(TYPE_INT64), "BIGINT");
}

Test(types, format)
{
    check(value_double(2.0), "2.0");
    check(value_double(0.1), "0.1");
    check(value_double(2.5), "2.5");
    check(value_double(1.0 / 3), "0.3333333333333333");
    /* Shortest text that reads back: products that land on the double
     * nearest a short decimal print it; the others need 16-17 digits. */
    volatile double price = 123456, rate = 0.908, tenth = 0.1;
    check(value_double(rate * price), "112098.04800000001");
    check(value_double(rate * 3), "2.724");
    check(value_double(tenth * 3), "0.30000000000000004");
    check(value_double(1.1 * 1.1), "1.2100000000000002");
    check(value_double(-0.0005), "-0.0005");
    check(value_double(999999999999999.0), "999999999999999.0");
    check(value_double(1e15), "1e+15");
    check(value_int(-42), "-42");
    check(value_bool(true), "true");
    check(value_null(TYPE_INT64), "NULL");
    check(value_ts(0), "1970-01-01 00:00:00");
    check(value_text("abc", 3), "abc");
}

Test(types, compare)
{
    Value a = value_int(1), b = value_double(1.5), n = value_null(TYPE_INT64);
    cr_assert_lt(value_compare(&a, &b), 0);
    cr_assert_lt(value_compare(&n, &a), 0);
    Value s1 = value_text("ab", 2), s2 = value_text("abc", 3);
    cr_assert_lt(value_compare(&s1, &s2), 0);
}
