/* Unit tests: the rate connector — values, timestamps from a fixed
 * start_time, rows released as time passes, num_rows ending the input. */
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>

#include "io_util.h"

#define WAIT_MS 5000

static void open_rate(IoTest *t, const char *rate, const char *num_rows)
{
    io_init(t, true, "r", "ts TIMESTAMP, value BIGINT", "connector", "rate",
            "rows_per_second", rate, "start_time", "2024-01-01 00:00:00", NULL);
    if (num_rows) io_opt(t, "num_rows", num_rows);
    cr_assert_not_null(io_open(t, -1, true), "%s", t->d.message);
}

Test(rate, values_and_timestamps_then_the_end)
{
    IoTest t;
    open_rate(&t, "1000000", "4");
    cr_assert(input_bounded(t.in));
    cr_assert_eq(input_fd(t.in), -1);
    bool eof = false;
    cr_assert_eq(io_wait_rows(&t, 4, WAIT_MS, &eof), 4);
    if (!eof) cr_assert_eq(io_next(&t, 2048, &eof), 0);
    cr_assert(eof);
    cr_assert_str_eq(sb_str(&t.rows),
                     "2024-01-01 00:00:00|0\n2024-01-01 00:00:00.000001|1\n"
                     "2024-01-01 00:00:00.000002|2\n2024-01-01 00:00:00.000003|3\n");
    cr_assert_eq(input_offset(t.in).records, 4);
    io_done(&t);
}

Test(rate, rows_arrive_with_the_clock)
{
    IoTest t;
    long t0 = io_ms();
    open_rate(&t, "4", "3");
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 1);          /* row 0 at once, row 1 at 250 ms */
    cr_assert_eq(io_wait_rows(&t, 2, WAIT_MS, &eof), 2);
    cr_assert(eof);
    cr_assert_geq(io_ms() - t0, 500);
    cr_assert_str_eq(sb_str(&t.rows), "2024-01-01 00:00:00|0\n2024-01-01 00:00:00.250000|1\n"
                     "2024-01-01 00:00:00.500000|2\n");
    io_done(&t);
}

Test(rate, batches_are_capped_and_unneeded_columns_null)
{
    IoTest t;
    io_init(&t, true, "r", "ts TIMESTAMP, value BIGINT", "connector", "rate",
            "rows_per_second", "1000000000", NULL);
    t.needed[0] = false;
    cr_assert_not_null(io_open(&t, -1, true));
    cr_assert_not(input_bounded(t.in));
    usleep(5000);                                       /* millions of rows due */
    bool eof = false;
    cr_assert_eq(io_next(&t, 3, &eof), 3);
    cr_assert_not(eof);
    cr_assert_str_eq(sb_str(&t.rows), "NULL|0\nNULL|1\nNULL|2\n");
    io_done(&t);
}

Test(rate, num_rows_zero_ends_at_once)
{
    IoTest t;
    open_rate(&t, "10", "0");
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    cr_assert(eof);
    io_done(&t);
}
