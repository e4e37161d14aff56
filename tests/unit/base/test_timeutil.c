/* Unit tests: timestamp and interval parsing and printing. */
#include <criterion/criterion.h>
#include <string.h>

#include "engine/base/timeutil.h"

static int64_t ts(const char *s)
{
    int64_t us = 0;
    cr_assert(time_parse_timestamp(s, strlen(s), &us), "parse %s", s);
    return us;
}

static void check_fmt(int64_t us, const char *want)
{
    StrBuf sb = STRBUF_INIT;
    time_format_timestamp(us, &sb);
    cr_assert_str_eq(sb_str(&sb), want);
    sb_free(&sb);
}

Test(timeutil, parse_forms)
{
    cr_assert_eq(ts("1970-01-01 00:00:00"), 0);
    cr_assert_eq(ts("1970-01-01"), 0);
    cr_assert_eq(ts("2023-04-16 09:08:00"), INT64_C(1681636080) * US_PER_SEC);
    cr_assert_eq(ts("2023-04-16T09:08:00Z"), INT64_C(1681636080) * US_PER_SEC);
    cr_assert_eq(ts("2023-04-16T11:08:00+02:00"), INT64_C(1681636080) * US_PER_SEC);
    cr_assert_eq(ts(" 2023-04-16 09:08 "), INT64_C(1681636080) * US_PER_SEC);
    cr_assert_eq(ts("1970-01-01 00:00:00.5"), 500000);
    cr_assert_eq(ts("1969-12-31 23:59:59"), -US_PER_SEC);
}

Test(timeutil, parse_rejects)
{
    int64_t us;
    const char *bad[] = {"", "2023-13-01", "2023-02-29", "2023-04-16 25:00:00",
                         "hello", "2023-04-16x", "2023-4-16"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_not(time_parse_timestamp(bad[i], strlen(bad[i]), &us), "%s", bad[i]);
    cr_assert(time_parse_timestamp("2024-02-29", 10, &us));
}

Test(timeutil, format)
{
    check_fmt(0, "1970-01-01 00:00:00");
    check_fmt(INT64_C(1681636080) * US_PER_SEC + 123, "2023-04-16 09:08:00.000123");
    check_fmt(-1, "1969-12-31 23:59:59.999999");
}

Test(timeutil, intervals)
{
    int64_t us;
    cr_assert(time_parse_interval("10 seconds", NULL, &us)); cr_assert_eq(us, 10 * US_PER_SEC);
    cr_assert(time_parse_interval("10", "SECOND", &us)); cr_assert_eq(us, 10 * US_PER_SEC);
    cr_assert(time_parse_interval("1 hour 30 minutes", NULL, &us)); cr_assert_eq(us, 90 * US_PER_MIN);
    cr_assert(time_parse_interval("1.5 s", NULL, &us)); cr_assert_eq(us, 1500000);
    cr_assert(time_parse_interval("5 Minutes", NULL, &us)); cr_assert_eq(us, 5 * US_PER_MIN);
    cr_assert_not(time_parse_interval("1 month", NULL, &us));
    cr_assert_not(time_parse_interval("ten seconds", NULL, &us));
    cr_assert_not(time_parse_interval("", NULL, &us));
    StrBuf sb = STRBUF_INIT;
    time_format_interval(90 * US_PER_MIN, &sb);
    cr_assert_str_eq(sb_str(&sb), "1 hour 30 minutes");
    sb_free(&sb);
}

Test(timeutil, floor_division)
{
    cr_assert_eq(time_floor_div(-1, 10), -1);
    cr_assert_eq(time_floor_mod(-1, 10), 9);
    cr_assert_eq(time_floor_div(10, 10), 1);
}

/* The supported range is 0001-01-01 .. 9999-12-31 23:59:59.999999 UTC;
 * well-formed text outside it is told apart from junk, and nothing
 * overflows (800000-01-01 used to wrap to year 215445). */
Test(timeutil, range)
{
    int64_t us = 42;
    cr_assert_eq(ts("0001-01-01 00:00:00"), TIME_MIN_US);
    cr_assert_eq(ts("9999-12-31 23:59:59.999999"), TIME_MAX_US);
    cr_assert_eq(ts("9999-12-31 23:59:59.999999Z"), TIME_MAX_US);
    cr_assert_eq(ts("0000-12-31 23:30:00-01:00"), TIME_MIN_US + 30 * US_PER_MIN);
    const char *out[] = {"800000-01-01", "999999-12-31 23:59:59", "10000-01-01",
                         "0000-12-31 23:59:59.999999", "-2023-04-16", "-999999-01-01",
                         "9999-12-31 23:30:00-01:00", "0001-01-01 00:30:00+01:00"};
    for (size_t i = 0; i < sizeof out / sizeof out[0]; i++) {
        cr_assert_eq(time_parse_timestamp_checked(out[i], strlen(out[i]), &us), TIME_PARSE_RANGE,
                     "%s", out[i]);
        cr_assert_not(time_parse_timestamp(out[i], strlen(out[i]), &us), "%s", out[i]);
    }
    cr_assert_eq(us, 42);                    /* untouched on failure */
    cr_assert_eq(time_parse_timestamp_checked("800000-13-01", 12, &us), TIME_PARSE_BAD);
    cr_assert_eq(time_parse_timestamp_checked("1234567-01-01", 13, &us), TIME_PARSE_BAD);
    cr_assert(time_in_range(0));
    cr_assert_not(time_in_range(TIME_MAX_US + 1));
    cr_assert_not(time_in_range(TIME_MIN_US - 1));
    check_fmt(TIME_MIN_US, "0001-01-01 00:00:00");
    check_fmt(TIME_MAX_US, "9999-12-31 23:59:59.999999");
}
