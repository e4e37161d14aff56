/* Unit tests: text-to-value conversions shared by every format. */
#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/base/timeutil.h"
#include "engine/io/io_internal.h"
#include "io_util.h"

static bool i64(const char *s, int64_t *v) { return conv_int64(s, strlen(s), v); }

Test(convert, bigint)
{
    int64_t v;
    cr_assert(i64("0", &v) && v == 0);
    cr_assert(i64("+17", &v) && v == 17);
    cr_assert(i64(" -42\t", &v) && v == -42);
    cr_assert(i64("9223372036854775807", &v) && v == INT64_MAX);
    cr_assert(i64("-9223372036854775808", &v) && v == INT64_MIN);
    cr_assert_not(i64("9223372036854775808", &v));
    cr_assert_not(i64("-9223372036854775809", &v));
    cr_assert_not(i64("18446744073709551616", &v));
    cr_assert_not(i64("", &v));
    cr_assert_not(i64("-", &v));
    cr_assert_not(i64("1.0", &v));
    cr_assert_not(i64("1e3", &v));
    cr_assert_not(i64("12abc", &v));
    cr_assert_not(i64("1 2", &v));
}

Test(convert, double_matches_strtod)
{
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    const char *cases[] = {"0", "-0", "1.5", "0.1", "123456.789", "1e10", "-2.5E-3",
                           "3.141592653589793", "1e300", "4.9e-324", "12345678901234567890",
                           "0.000000000000000000001", ".5", "5.", "1e22", "9007199254740993",
                           "179769313486231570000000000000000000000000000000000000000000000"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double d;
        cr_assert(conv_double(cases[i], strlen(cases[i]), c, &d), "%s", cases[i]);
        double want = strtod(cases[i], NULL);
        cr_assert(memcmp(&d, &want, sizeof d) == 0, "%s: %.17g != %.17g", cases[i], d, want);
    }
    /* Random decimals through the fast path agree bit for bit. */
    srand(7);
    char buf[64];
    for (int i = 0; i < 20000; i++) {
        snprintf(buf, sizeof buf, "%d.%0*d", rand() % 1000000, 1 + rand() % 9, rand() % 1000000);
        double d;
        cr_assert(conv_double(buf, strlen(buf), c, &d));
        cr_assert_eq(d, strtod(buf, NULL), "%s", buf);
    }
    double d;
    cr_assert(conv_double("NaN", 3, c, &d) && isnan(d));
    cr_assert(conv_double("-Infinity", 9, c, &d) && isinf(d) && d < 0);
    cr_assert_not(conv_double("0x10", 4, c, &d));
    cr_assert_not(conv_double("1,5", 3, c, &d));
    cr_assert_not(conv_double("abc", 3, c, &d));
    cr_assert_not(conv_double("1e", 2, c, &d));
    cr_assert_not(conv_double(".", 1, c, &d));
    freelocale(c);
}

Test(convert, boolean)
{
    uint8_t b;
    cr_assert(conv_bool("TRUE", 4, &b) && b == 1);
    cr_assert(conv_bool("False", 5, &b) && b == 0);
    cr_assert(conv_bool("1", 1, &b) && b == 1);
    cr_assert(conv_bool(" 0 ", 3, &b) && b == 0);
    cr_assert_not(conv_bool("yes", 3, &b));
    cr_assert_not(conv_bool("2", 1, &b));
}

Test(convert, epoch_timestamps)
{
    int64_t us;
    cr_assert(conv_timestamp("1681635600", 10, TS_EPOCH_S, NULL, &us) && us == INT64_C(1681635600000000));
    cr_assert(conv_timestamp("1681635600.25", 13, TS_EPOCH_S, NULL, &us) && us == INT64_C(1681635600250000));
    cr_assert(conv_timestamp("-1.5", 4, TS_EPOCH_S, NULL, &us) && us == -1500000);
    cr_assert(conv_timestamp("1681635600123", 13, TS_EPOCH_MS, NULL, &us) && us == INT64_C(1681635600123000));
    cr_assert(conv_timestamp("1.0015", 6, TS_EPOCH_MS, NULL, &us) && us == 1001);
    cr_assert(conv_timestamp("1681635600123456", 16, TS_EPOCH_US, NULL, &us) && us == INT64_C(1681635600123456));
    cr_assert(conv_timestamp("1.6816356e9", 11, TS_EPOCH_S, NULL, &us) && us == INT64_C(1681635600000000));
    cr_assert_not(conv_timestamp("99999999999999", 14, TS_EPOCH_S, NULL, &us));
    cr_assert_not(conv_timestamp("2023-04-16", 10, TS_EPOCH_S, NULL, &us));
    cr_assert_not(conv_timestamp(".", 1, TS_EPOCH_S, NULL, &us));
    cr_assert(conv_timestamp("2023-04-16 09:00:00", 19, TS_TEXT, NULL, &us) && us == INT64_C(1681635600000000));
}

Test(convert, epoch_formats_through_csv)
{
    const char *fmts[] = {"epoch_s", "epoch_ms", "epoch_us"};
    const char *data[] = {"1681635600\n1681635600.5\nsoon\n",
                          "1681635600000\n1681635600500\nsoon\n",
                          "1681635600000000\n1681635600500000\nsoon\n"};
    for (int i = 0; i < 3; i++) {
        IoTest t;
        io_init(&t, true, "s", "ts TIMESTAMP", "timestamp_format", fmts[i], NULL);
        const char *p = io_file(&t, "e.csv", data[i], strlen(data[i]));
        io_opt(&t, "connector", "file");
        io_opt(&t, "path", p);
        cr_assert_not_null(io_open(&t, -1, false));
        cr_assert_eq(io_drain(&t, 2048), 2);
        cr_assert_str_eq(sb_str(&t.rows), "2023-04-16 09:00:00\n2023-04-16 09:00:00.500000\n");
        char want[256];
        snprintf(want, sizeof want, "line 3: column \"ts\": cannot read \"soon\" as TIMESTAMP (%s)",
                 fmts[i]);
        cr_assert(strstr(io_err(&t), want), "%s", io_err(&t));
        io_done(&t);
    }
}

Test(convert, decimal_comma_locale_does_not_matter)
{
    if (!setlocale(LC_NUMERIC, "de_DE.UTF-8") && !setlocale(LC_NUMERIC, "fr_FR.UTF-8"))
        cr_skip_test("no decimal-comma locale installed");
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    double d;
    cr_assert(conv_double("1.5", 3, c, &d) && d == 1.5);
    cr_assert(conv_double("1.00000000000000000000001", 25, c, &d) && d == 1.0);
    freelocale(c);
    setlocale(LC_NUMERIC, "C");
}

/* The cached fast path agrees with time_parse_timestamp, valid or not. */
Test(convert, timestamp_fast_path_agrees)
{
    const char *cases[] = {
        "2023-04-16 09:00:00", "2023-04-16T09:00:00", "2023-04-16 09:00:00.5",
        "2023-04-16 09:00:00.123456", "2023-04-16 23:59:59.999999", "2024-02-29 12:00:00",
        "2023-02-29 12:00:00", "2023-02-30 00:00:00", "2023-13-01 00:00:00",
        "2023-04-16 24:00:00", "2023-04-16 09:60:00", "2023-04-16 09:00:60",
        "2023-04-16 09:00:00.", "2023-04-16 09:00:00.1234567", "1969-12-31 23:59:59.5",
        "2023-04-16 09:00:00Z", "2023-04-16 09:00:00+02:00", "2023-04-16 9:00:00",
        "2023-04-16x09:00:00", "2023-04-16 09:00", "0001-01-01 00:00:00", "2023-04-16 0a:00:00",
    };
    TsCache cache = {0};
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
            const char *s = cases[i];
            int64_t fast = 0, slow = 0;
            bool okf = conv_timestamp(s, strlen(s), TS_TEXT, &cache, &fast);
            bool oks = time_parse_timestamp(s, strlen(s), &slow);
            cr_assert_eq(okf, oks, "%s", s);
            if (oks) cr_assert_eq(fast, slow, "%s", s);
        }
    }
}

/* The cached text path must give what the full parser gives, row after
 * row: repeated seconds and dates, then changes of second, day, fraction
 * length and separator, and invalid rows right after a cached prefix. */
Test(convert, timestamp_cache_matches_full_parser)
{
    static const char *const rows[] = {
        "2023-04-15 00:00:00.048", "2023-04-15 00:00:00.049", "2023-04-15 00:00:00",
        "2023-04-15 00:00:01.5", "2023-04-15T00:00:01.5", "2023-04-16 00:00:01.123456",
        "2023-04-16 00:00:01.1234567", "2023-04-16 00:00:01.1x", "2023-04-16 00:00:01.",
        "2023-04-16 24:00:00", "2023-02-30 12:34:56", "2023-02-30 12:34:56.1",
        "1999-12-31 23:59:59.999999", "1999-12-31 23:59:59.000001", "2023-04-16 09:00:00Z",
    };
    TsCache cache = {0};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t fast = -1, full = -1;
        bool ok_fast = conv_timestamp(rows[i], strlen(rows[i]), TS_TEXT, &cache, &fast);
        bool ok_full = conv_timestamp(rows[i], strlen(rows[i]), TS_TEXT, NULL, &full);
        cr_assert_eq(ok_fast, ok_full, "row %zu (%s)", i, rows[i]);
        if (ok_full) cr_assert_eq(fast, full, "row %zu (%s)", i, rows[i]);
    }
}
