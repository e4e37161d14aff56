/* Unit tests: the stdin and file connectors. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "io_util.h"

static void put(int fd, const char *s)
{
    cr_assert_eq(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

Test(conn, stdin_pipe_with_partial_lines)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    IoTest t;
    io_init(&t, true, "logs", "n BIGINT, s TEXT", "connector", "stdin", NULL);
    cr_assert_not_null(io_open(&t, fds[0], false));
    cr_assert_eq(input_fd(t.in), fds[0]);
    cr_assert(input_bounded(t.in));

    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 0);          /* nothing yet, no blocking */
    cr_assert_not(eof);
    put(fds[1], "1,a\n2,");
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    cr_assert_not(eof);
    cr_assert_eq(input_offset(t.in).bytes, 4);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);          /* "2," is not a record yet */
    put(fds[1], "b\n3,c");
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    cr_assert_not(eof);
    close(fds[1]);
    cr_assert_eq(io_next(&t, 2048, &eof), 1);          /* the last line, no newline */
    cr_assert(eof);
    cr_assert_str_eq(sb_str(&t.rows), "1|[a]\n2|[b]\n3|[c]\n");
    cr_assert_eq(input_offset(t.in).records, 3);
    cr_assert_eq(input_offset(t.in).bytes, 11);
    io_done(&t);
    close(fds[0]);
}

Test(conn, stdin_many_small_writes_fill_batches)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    IoTest t;
    io_init(&t, true, "logs", "value TEXT", "connector", "stdin", "format", "text", NULL);
    cr_assert_not_null(io_open(&t, fds[0], false));
    for (int i = 0; i < 100; i++) put(fds[1], "line\n");
    close(fds[1]);
    bool eof = false;
    cr_assert_eq(io_next(&t, 64, &eof), 64);
    cr_assert_eq(io_next(&t, 64, &eof), 36);
    cr_assert(eof);
    io_done(&t);
    close(fds[0]);
}

Test(conn, file_tail_follows_growth)
{
    IoTest t;
    io_init(&t, true, "logs", "n BIGINT", NULL);
    const char *p = io_file(&t, "grow.csv", "1\n2", 3);
    io_opt(&t, "connector", "file");
    io_opt(&t, "path", p);
    io_opt(&t, "tail", "true");
    cr_assert_not_null(io_open(&t, -1, false));
    cr_assert_eq(input_fd(t.in), -1);
    cr_assert_not(input_bounded(t.in));
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 1);          /* "2" waits for its newline */
    cr_assert_not(eof);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    FILE *f = fopen(p, "ab");
    fputs("0\n30\n", f);
    fclose(f);
    cr_assert_eq(io_next(&t, 2048, &eof), 2);
    cr_assert_not(eof);
    cr_assert_str_eq(sb_str(&t.rows), "1\n20\n30\n");
    io_done(&t);
}

Test(conn, plain_file_is_bounded)
{
    IoTest t;
    io_init(&t, false, "books", "n BIGINT", NULL);
    const char *p = io_file(&t, "b.csv", "1\n", 2);
    io_opt(&t, "connector", "file");
    io_opt(&t, "path", p);
    cr_assert_not_null(io_open(&t, -1, false));
    cr_assert_eq(input_fd(t.in), -1);
    cr_assert(input_bounded(t.in));
    cr_assert_eq(io_drain(&t, 2048), 1);
    io_done(&t);
}

Test(conn, missing_file_and_directory)
{
    IoTest t;
    io_init(&t, true, "logs", "n BIGINT", NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/nope.csv", t.dir);
    io_opt(&t, "connector", "file");
    io_opt(&t, "path", path);
    cr_assert_null(io_open(&t, -1, false));
    char want[512];
    snprintf(want, sizeof want,
             "cannot open file \"%s\" for stream logs: No such file or directory", path);
    cr_assert_str_eq(t.d.message, want);
    io_done(&t);

    io_init(&t, false, "books", "n BIGINT", NULL);
    io_opt(&t, "connector", "file");
    io_opt(&t, "path", t.dir);
    cr_assert_null(io_open(&t, -1, false));
    snprintf(want, sizeof want, "cannot open file \"%s\" for table books: it is a directory", t.dir);
    cr_assert_str_eq(t.d.message, want);
    io_done(&t);
}

Test(conn, bad_options_fail_open_too)
{
    IoTest t;
    io_init(&t, true, "logs", "n BIGINT", "connector", "kafka", NULL);
    cr_assert_null(io_open(&t, 0, false));
    cr_assert_str_eq(t.d.message, "unknown connector \"kafka\"");
    io_done(&t);
}

/* Feeding a pipe one byte at a time gives the same rows and reports as
 * reading the whole text at once: records cut anywhere (inside quotes,
 * between CR and LF, after a closing quote) wait for the rest. */
static void one_byte_at_a_time(const char *schema, const char *format, const char *data,
                               const char *want_rows)
{
    IoTest whole, bytes;
    int fds[2];

    io_init(&whole, true, "s", schema, "connector", "stdin", "format", format, NULL);
    cr_assert_eq(pipe(fds), 0);
    put(fds[1], data);
    close(fds[1]);
    cr_assert_not_null(io_open(&whole, fds[0], false));
    whole.pipe_fd = fds[0];
    io_drain(&whole, 2048);

    io_init(&bytes, true, "s", schema, "connector", "stdin", "format", format, NULL);
    cr_assert_eq(pipe(fds), 0);
    cr_assert_not_null(io_open(&bytes, fds[0], false));
    bytes.pipe_fd = fds[0];
    bool eof = false;
    for (const char *p = data; *p; p++) {
        cr_assert_eq(write(fds[1], p, 1), 1);
        while (io_next(&bytes, 2048, &eof) > 0) {}
        cr_assert_not(eof);
    }
    close(fds[1]);
    io_drain(&bytes, 2048);

    cr_assert_str_eq(sb_str(&whole.rows), want_rows);
    cr_assert_str_eq(sb_str(&bytes.rows), sb_str(&whole.rows));
    cr_assert_str_eq(io_err(&bytes), io_err(&whole));
    cr_assert_eq(input_offset(bytes.in).bytes, (int64_t)strlen(data));
    cr_assert_eq(input_offset(bytes.in).records, input_offset(whole.in).records);
    io_done(&whole);
    io_done(&bytes);
}

Test(conn, csv_one_byte_at_a_time)
{
    one_byte_at_a_time("a TEXT, n BIGINT", "csv",
        "plain,1\r\n\"q,\"\"x\"\"\",2\r\n\"multi\r\nline\",3\n\"\",4\n"
        "bad,x\n\"ab\"c,5\nlast,\"6\"\r",
        "[plain]|1\n[q,\"x\"]|2\n[multi\r\nline]|3\n[]|4\n[last]|6\n");
}

Test(conn, json_one_byte_at_a_time)
{
    one_byte_at_a_time("a TEXT, n BIGINT", "json",
        "{\"a\": \"x\\u00e9\", \"n\": 1}\r\n\n{\"n\": \"2\"}\n[3]\n{\"a\": {\"b\": [1]}, \"n\": 4}",
        "[x\xc3\xa9]|1\nNULL|2\n[{\"b\": [1]}]|4\n");
}
