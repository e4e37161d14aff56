/* Unit tests: input_validate — exact messages, hints and spans. */
#include <criterion/criterion.h>
#include <string.h>

#include "io_util.h"

/* Validate "a BIGINT, b TEXT" as stream logs with the given options. */
#define CHECK(want, ...)                                                 \
    do {                                                                 \
        IoTest t_;                                                       \
        io_init(&t_, true, "logs", "a BIGINT, b TEXT", __VA_ARGS__, NULL); \
        cr_assert_str_eq(io_validate(&t_), (want));                      \
        io_done(&t_);                                                    \
    } while (0)

Test(options, valid_definitions)
{
    CHECK("ok", "connector", "stdin");
    CHECK("ok", "connector", "stdin", "format", "JSON");
    CHECK("ok", "connector", "file", "path", "x.csv", "format", "csv", "header", "TRUE",
          "delimiter", "\\t", "quote", "'", "null_value", "NA", "timestamp_format", "epoch_ms",
          "on_error", "fail", "tail", "false", "max_batch_rows", "1000");
    CHECK("ok", "connector", "stdin", "quote", "");
}

Test(options, unknown_option_with_closest_hint_and_span)
{
    IoTest t;
    io_init(&t, true, "logs", "a BIGINT", "connector", "file", "path", "x", "pth", "y", NULL);
    cr_assert_str_eq(io_validate(&t), "unknown option \"pth\" for connector 'file'");
    cr_assert_str_eq(t.d.hint, "did you mean \"path\"?");
    cr_assert_eq(t.d.span.off, 300);
    cr_assert_eq(t.d.span.len, 1);
    io_done(&t);
}

Test(options, unknown_option_lists_valid_ones)
{
    IoTest t;
    io_init(&t, true, "logs", "a BIGINT", "connector", "stdin", "compression", "gzip", NULL);
    cr_assert_str_eq(io_validate(&t), "unknown option \"compression\" for connector 'stdin'");
    cr_assert_str_eq(t.d.hint, "valid options: connector, format, timestamp_format, on_error, "
                     "max_batch_rows, max_record_bytes, header, delimiter, quote, null_value");
    cr_assert_eq(t.d.span.off, 200);
    io_done(&t);
}

Test(options, options_of_another_format_or_connector)
{
    CHECK("option \"delimiter\" does not apply to format 'json'",
          "connector", "stdin", "format", "json", "delimiter", ";");
    CHECK("option \"path\" does not apply to connector 'stdin'",
          "connector", "stdin", "path", "x.csv");
}

Test(options, connectors)
{
    IoTest t;
    io_init(&t, true, "logs", "a BIGINT", "connector", "kafka", NULL);
    cr_assert_str_eq(io_validate(&t), "unknown connector \"kafka\"");
    cr_assert_str_eq(t.d.hint, "available connectors: stdin, file, directory, socket, rate, nexmark");
    cr_assert_eq(t.d.span.off, 100);
    cr_assert_eq(t.d.span.len, 5);
    io_done(&t);

    CHECK("ok", "connector", "socket", "port", "12345");
    CHECK("ok", "connector", "directory", "path", "data/logs");
    CHECK("column \"a\" of stream logs is not a column of nexmark table 'person'",
          "connector", "Nexmark", "table", "person");

    io_init(&t, true, "logs", "a BIGINT", "connector", "fiel", NULL);
    cr_assert_str_eq(io_validate(&t), "unknown connector \"fiel\"");
    cr_assert_str_eq(t.d.hint, "did you mean 'file'?");
    io_done(&t);

    io_init(&t, true, "logs", "a BIGINT", "format", "csv", NULL);
    cr_assert_str_eq(io_validate(&t), "missing option \"connector\"");
    cr_assert_str_eq(t.d.hint, "add connector = 'stdin' or connector = 'file'");
    io_done(&t);
}

Test(options, formats)
{
    IoTest t;
    io_init(&t, true, "logs", "a BIGINT", "connector", "stdin", "format", "jsn", NULL);
    cr_assert_str_eq(io_validate(&t), "unknown format \"jsn\"");
    cr_assert_str_eq(t.d.hint, "did you mean 'json'?");
    cr_assert_eq(t.d.span.off, 200);
    io_done(&t);

    io_init(&t, true, "logs", "a BIGINT", "connector", "stdin", "format", "parquet", NULL);
    cr_assert_str_eq(io_validate(&t), "unknown format \"parquet\"");
    cr_assert_str_eq(t.d.hint, "available formats: csv, json, text");
    io_done(&t);
}

Test(options, text_format_needs_one_text_column)
{
    IoTest t;
    io_init(&t, true, "lines", "value TEXT", "connector", "stdin", "format", "text", NULL);
    cr_assert_str_eq(io_validate(&t), "ok");
    io_done(&t);

    io_init(&t, true, "lines", "value TEXT, n BIGINT", "connector", "stdin", "format", "text", NULL);
    cr_assert_str_eq(io_validate(&t), "format 'text' needs exactly one TEXT column "
                     "(value TEXT); stream lines has 2 columns");
    cr_assert_eq(t.d.span.off, 200);
    io_done(&t);

    io_init(&t, false, "nums", "n BIGINT", "connector", "stdin", "format", "text", NULL);
    cr_assert_str_eq(io_validate(&t), "format 'text' needs exactly one TEXT column "
                     "(value TEXT); column \"n\" of table nums is BIGINT");
    io_done(&t);
}

Test(options, bad_values)
{
    CHECK("invalid value \"maybe\" for option \"header\": expected true or false",
          "connector", "stdin", "header", "maybe");
    CHECK("invalid value \";;\" for option \"delimiter\": expected one character (or '\\t' for a tab)",
          "connector", "stdin", "delimiter", ";;");
    CHECK("invalid value \"\" for option \"delimiter\": expected one character (or '\\t' for a tab)",
          "connector", "stdin", "delimiter", "");
    CHECK("invalid value \"<>\" for option \"quote\": expected one character, or '' for no quoting",
          "connector", "stdin", "quote", "<>");
    CHECK("the quote and the delimiter must differ",
          "connector", "stdin", "delimiter", "'", "quote", "'");
    CHECK("invalid value \"epoch_ns\" for option \"timestamp_format\": expected 'iso', "
          "'epoch_s', 'epoch_ms' or 'epoch_us'", "connector", "stdin", "timestamp_format", "epoch_ns");
    CHECK("invalid value \"ignore\" for option \"on_error\": expected 'skip' or 'fail'",
          "connector", "stdin", "on_error", "ignore");
    CHECK("invalid value \"yes\" for option \"tail\": expected true or false",
          "connector", "file", "path", "x", "tail", "yes");
    CHECK("missing option \"path\" for connector 'file'", "connector", "file");
    CHECK("invalid value \"\" for option \"path\": expected a file name",
          "connector", "file", "path", "");
    const char *bad_rows[] = {"0", "-5", "abc", "", "10x", "99999999999999999999", " 5"};
    for (size_t i = 0; i < sizeof bad_rows / sizeof *bad_rows; i++) {
        char want[128];
        snprintf(want, sizeof want,
                 "invalid value \"%s\" for option \"max_batch_rows\": expected a positive integer",
                 bad_rows[i]);
        CHECK(want, "connector", "stdin", "max_batch_rows", bad_rows[i]);
    }
}

Test(options, tail_needs_a_stream)
{
    IoTest t;
    io_init(&t, false, "books", "a BIGINT", "connector", "file", "path", "b.csv", "tail", "true", NULL);
    cr_assert_str_eq(io_validate(&t), "tail = true needs a STREAM: a TABLE is read once, "
                     "before the first batch");
    cr_assert_eq(t.d.span.off, 300);
    io_done(&t);
}

Test(options, max_batch_rows_is_exposed)
{
    IoTest t;
    io_init(&t, true, "logs", "a BIGINT", "connector", "stdin", "max_batch_rows", "250", NULL);
    cr_assert_not_null(io_open(&t, 0, false));
    cr_assert_eq(input_max_batch_rows(t.in, true), 250);
    cr_assert_eq(input_max_batch_rows(t.in, false), 250);
    io_done(&t);
    /* Unset: the default cap, or none when the executor asks without it. */
    io_init(&t, true, "logs", "a BIGINT", "connector", "stdin", NULL);
    cr_assert_not_null(io_open(&t, 0, false));
    cr_assert_eq(input_max_batch_rows(t.in, true), INPUT_DEFAULT_BATCH_ROWS);
    cr_assert_eq(input_max_batch_rows(t.in, false), 0);
    io_done(&t);
}

Test(options, connector_options)
{
    CHECK("ok", "connector", "directory", "path", "logs", "max_files_per_batch", "3",
          "format", "json");
    CHECK("ok", "connector", "socket", "host", "::1", "port", "65535", "reconnect", "TRUE",
          "format", "json");
    CHECK("option \"tail\" does not apply to connector 'directory'",
          "connector", "directory", "path", "logs", "tail", "true");
    CHECK("option \"max_files_per_batch\" does not apply to connector 'file'",
          "connector", "file", "path", "x", "max_files_per_batch", "1");
    CHECK("option \"port\" does not apply to connector 'stdin'", "connector", "stdin", "port", "1");
    CHECK("missing option \"path\" for connector 'directory'", "connector", "directory");
    CHECK("invalid value \"\" for option \"path\": expected a directory name",
          "connector", "directory", "path", "");
    CHECK("invalid value \"0\" for option \"max_files_per_batch\": expected a positive integer",
          "connector", "directory", "path", "logs", "max_files_per_batch", "0");
    CHECK("missing option \"port\" for connector 'socket'", "connector", "socket");
    const char *bad_ports[] = {"0", "65536", "-1", "http", ""};
    for (size_t i = 0; i < sizeof bad_ports / sizeof *bad_ports; i++) {
        char want[128];
        snprintf(want, sizeof want, "invalid value \"%s\" for option \"port\": "
                 "expected a port number from 1 to 65535", bad_ports[i]);
        CHECK(want, "connector", "socket", "port", bad_ports[i]);
    }
    CHECK("invalid value \"\" for option \"host\": expected a host name or address",
          "connector", "socket", "port", "1", "host", "");
    CHECK("invalid value \"yes\" for option \"reconnect\": expected true or false",
          "connector", "socket", "port", "1", "reconnect", "yes");

    IoTest t;
    io_init(&t, false, "lines", "value TEXT", "connector", "socket", "port", "1",
            "reconnect", "true", NULL);
    cr_assert_str_eq(io_validate(&t), "reconnect = true needs a STREAM: a TABLE is read once, "
                     "before the first batch");
    cr_assert_eq(t.d.span.off, 300);
    io_done(&t);

    io_init(&t, true, "lines", "value TEXT", "connector", "socket", NULL);
    io_validate(&t);
    cr_assert_str_eq(t.d.hint, "add port = 12345 (and host = '...' unless the server is on localhost)");
    io_done(&t);
}

/* Validate a rate definition with schema "ts TIMESTAMP, value BIGINT". */
#define RATE(want, ...)                                                  \
    do {                                                                 \
        IoTest t_;                                                       \
        io_init(&t_, true, "r", "ts TIMESTAMP, value BIGINT", "connector", "rate", \
                __VA_ARGS__, NULL);                                      \
        cr_assert_str_eq(io_validate(&t_), (want));                      \
        io_done(&t_);                                                    \
    } while (0)

Test(options, rate_options)
{
    RATE("ok", "rows_per_second", "1000", "num_rows", "0", "start_time", "2024-01-01 00:00:00");
    RATE("ok", "format", "RATE");
    RATE("connector 'rate' generates its rows: format 'csv' does not apply", "format", "csv");
    RATE("option \"header\" does not apply to connector 'rate'", "header", "true");
    const char *bad_rates[] = {"0", "-1", "1.5", "", "1000000001"};
    for (size_t i = 0; i < sizeof bad_rates / sizeof *bad_rates; i++) {
        char want[160];
        snprintf(want, sizeof want, "invalid value \"%s\" for option \"rows_per_second\": "
                 "expected a positive integer (at most 1000000000)", bad_rates[i]);
        RATE(want, "rows_per_second", bad_rates[i]);
    }
    RATE("invalid value \"-3\" for option \"num_rows\": expected a non-negative integer",
         "num_rows", "-3");
    RATE("invalid value \"yesterday\" for option \"start_time\": expected a timestamp such "
         "as '2024-01-01 00:00:00'", "start_time", "yesterday");
    CHECK("format 'rate' needs connector = 'rate'", "connector", "stdin", "format", "rate");
}

Test(options, rate_schema)
{
    IoTest t;
    io_init(&t, true, "r", "value BIGINT", "connector", "rate", NULL);
    cr_assert_str_eq(io_validate(&t), "connector 'rate' makes the columns (ts TIMESTAMP, "
                     "value BIGINT); stream r has 1 column");
    cr_assert_str_eq(t.d.hint, "declare it as (ts TIMESTAMP, value BIGINT)");
    cr_assert_eq(t.d.span.off, 100);
    io_done(&t);

    io_init(&t, true, "r", "ts TIMESTAMP, v BIGINT", "connector", "rate", NULL);
    cr_assert_str_eq(io_validate(&t), "connector 'rate' makes the columns (ts TIMESTAMP, "
                     "value BIGINT); column 2 of stream r is v BIGINT");
    io_done(&t);

    io_init(&t, true, "r", "TS TEXT, value BIGINT", "connector", "rate", NULL);
    cr_assert_str_eq(io_validate(&t), "connector 'rate' makes the columns (ts TIMESTAMP, "
                     "value BIGINT); column 1 of stream r is TS TEXT");
    io_done(&t);

    io_init(&t, false, "r", "ts TIMESTAMP, value BIGINT", "connector", "rate", NULL);
    cr_assert_str_eq(io_validate(&t), "connector 'rate' never ends: a TABLE needs num_rows");
    io_done(&t);
}
