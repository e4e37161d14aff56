/* Unit tests: the bad-record policy — exact reports, the per-batch limit
 * and summary, counting, and on_error = 'fail'. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "io_util.h"

/* An input on a pipe already holding `data`, closed for writing. */
static void open_pipe(IoTest *t, const char *data)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    cr_assert_eq(write(fds[1], data, strlen(data)), (ssize_t)strlen(data));
    close(fds[1]);
    cr_assert_not_null(io_open(t, fds[0], false), "%s", t->d.message);
    /* The test keeps no other handle; the Input does not own stdin. */
    t->pipe_fd = fds[0];
}

Test(badrec, reports_reasons_with_line_numbers)
{
    IoTest t;
    io_init(&t, true, "logs", "ip TEXT, latency BIGINT, ok BOOLEAN", "connector", "stdin", NULL);
    open_pipe(&t,
        "1.2.3.4,12,true\n"
        "1.2.3.4,abc,true\n"
        "1.2.3.4,99999999999999999999,true\n"
        "only,two\n"
        "1.2.3.4,1,maybe\n"
        "\"unterminated,1,true\n");
    input_begin_batch(t.in);
    cr_assert_eq(io_drain(&t, 2048), 1);
    cr_assert_str_eq(io_err(&t),
        "warning: bad record in stream logs, line 2: column \"latency\": cannot read \"abc\" as BIGINT (skipped)\n"
        "warning: bad record in stream logs, line 3: column \"latency\": cannot read \"99999999999999999999\" as BIGINT (skipped)\n"
        "warning: bad record in stream logs, line 4: expected 3 fields, found 2 (skipped)\n"
        "warning: bad record in stream logs, line 5: column \"ok\": cannot read \"maybe\" as BOOLEAN (skipped)\n"
        "warning: bad record in stream logs, line 6: malformed CSV: unterminated quoted field (skipped)\n");
    cr_assert_eq(input_bad_records(t.in), 5);
    cr_assert_eq(input_offset(t.in).records, 6);
    io_done(&t);
}

Test(badrec, per_batch_limit_and_summary)
{
    IoTest t;
    io_init(&t, false, "nums", "n BIGINT", "connector", "stdin", NULL);
    open_pipe(&t, "x1\nx2\nx3\nx4\nx5\nx6\nx7\nx8\n1\ny1\ny2\n");
    input_begin_batch(t.in);
    bool eof = false;
    cr_assert_eq(io_next(&t, 1, &eof), 1);
    cr_assert_str_eq(io_err(&t),
        "warning: bad record in table nums, line 1: column \"n\": cannot read \"x1\" as BIGINT (skipped)\n"
        "warning: bad record in table nums, line 2: column \"n\": cannot read \"x2\" as BIGINT (skipped)\n"
        "warning: bad record in table nums, line 3: column \"n\": cannot read \"x3\" as BIGINT (skipped)\n"
        "warning: bad record in table nums, line 4: column \"n\": cannot read \"x4\" as BIGINT (skipped)\n"
        "warning: bad record in table nums, line 5: column \"n\": cannot read \"x5\" as BIGINT (skipped)\n");
    cr_assert_eq(input_bad_records(t.in), 8);
    /* The next batch begins: the summary, then a fresh allowance. */
    size_t before = strlen(io_err(&t));
    input_begin_batch(t.in);
    cr_assert_eq(io_next(&t, 10, &eof), 0);
    cr_assert(eof);
    cr_assert_str_eq(io_err(&t) + before,
        "warning: 3 more bad records in table nums in this batch (skipped)\n"
        "warning: bad record in table nums, line 10: column \"n\": cannot read \"y1\" as BIGINT (skipped)\n"
        "warning: bad record in table nums, line 11: column \"n\": cannot read \"y2\" as BIGINT (skipped)\n");
    cr_assert_eq(input_bad_records(t.in), 10);
    io_done(&t);
}

Test(badrec, summary_when_the_input_ends)
{
    IoTest t;
    io_init(&t, true, "logs", "n BIGINT", "connector", "stdin", NULL);
    open_pipe(&t, "a\nb\nc\nd\ne\nf\n");
    input_begin_batch(t.in);
    cr_assert_eq(io_drain(&t, 2048), 0);
    const char *err = io_err(&t);
    cr_assert(strstr(err, "line 5: column \"n\": cannot read \"e\" as BIGINT (skipped)\n"
                          "warning: 1 more bad record in stream logs in this batch (skipped)\n"),
              "%s", err);
    cr_assert_eq(input_bad_records(t.in), 6);
    io_done(&t);
}

Test(badrec, long_and_control_text_is_quoted_readably)
{
    IoTest t;
    io_init(&t, true, "logs", "n BIGINT, s TEXT", "connector", "stdin", NULL);
    open_pipe(&t, "\"12\n3\",x\n"
                  "1234567890123456789012345678901234567890123456789012345678901234567890,x\n");
    cr_assert_eq(io_drain(&t, 2048), 0);
    cr_assert_str_eq(io_err(&t),
        "warning: bad record in stream logs, line 1: column \"n\": cannot read \"12\\n3\" as BIGINT (skipped)\n"
        "warning: bad record in stream logs, line 3: column \"n\": cannot read "
        "\"123456789012345678901234567890123456789012345678901234567890...\" as BIGINT (skipped)\n");
    io_done(&t);
}

Test(badrec, on_error_fail)
{
    IoTest t;
    io_init(&t, true, "logs", "n BIGINT", "connector", "stdin", "on_error", "fail", NULL);
    open_pipe(&t, "1\n2\noops\n4\n");
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), -1);
    cr_assert_str_eq(t.d.message,
        "bad record in stream logs, line 3: column \"n\": cannot read \"oops\" as BIGINT");
    cr_assert_not(span_valid(t.d.span));
    cr_assert_str_eq(io_err(&t), "");
    cr_assert_eq(input_bad_records(t.in), 0);
    io_done(&t);
}

Test(badrec, file_label_has_the_path)
{
    IoTest t;
    io_init(&t, true, "logs", "n BIGINT", NULL);
    const char *p = io_file(&t, "x.csv", "1\n2,3\n", 6);
    io_opt(&t, "connector", "file");
    io_opt(&t, "path", p);
    cr_assert_not_null(io_open(&t, -1, false));
    cr_assert_eq(io_drain(&t, 2048), 1);
    char want[512];
    snprintf(want, sizeof want, "warning: bad record in stream logs (%s), line 2: "
             "expected 1 field, found 2 (skipped)\n", p);
    cr_assert_str_eq(io_err(&t), want);
    io_done(&t);
}

Test(badrec, malformed_quote)
{
    IoTest t;
    io_init(&t, true, "logs", "a TEXT, b TEXT", "connector", "stdin", NULL);
    open_pipe(&t, "\"ab\"c,d\nok,fine\n");
    cr_assert_eq(io_drain(&t, 2048), 1);
    cr_assert_str_eq(sb_str(&t.rows), "[ok]|[fine]\n");
    cr_assert_str_eq(io_err(&t), "warning: bad record in stream logs, line 1: malformed CSV: "
                     "unexpected character after closing quote (skipped)\n");
    io_done(&t);
}
