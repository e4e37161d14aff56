/* Unit tests: the file connector with tail = true — growth, truncation,
 * rotation, a file that appears later. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "io_util.h"

static void write_file(const char *path, const char *mode, const char *data)
{
    FILE *f = fopen(path, mode);
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, strlen(data), f), strlen(data));
    fclose(f);
}

static const char *open_tail(IoTest *t, const char *fname, const char *data)
{
    io_init(t, true, "logs", "n BIGINT", "connector", "file", "tail", "true", NULL);
    const char *p;
    if (data) {
        p = io_file(t, fname, data, strlen(data));
    } else {                                   /* a path, no file */
        char tmp[sizeof t->paths[0]];
        snprintf(tmp, sizeof tmp, "%s/%s", t->dir, fname);
        char *buf = t->paths[t->n_paths++ % 8];
        memcpy(buf, tmp, sizeof tmp);
        p = buf;
    }
    io_opt(t, "path", p);
    cr_assert_not_null(io_open(t, -1, false), "%s", t->d.message);
    return p;
}

Test(tail, growth_waits_for_whole_lines)
{
    IoTest t;
    const char *p = open_tail(&t, "g.csv", "1\n2");
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    write_file(p, "ab", "0\n3\n");
    cr_assert_eq(io_next(&t, 2048, &eof), 2);
    cr_assert_not(eof);
    cr_assert_str_eq(sb_str(&t.rows), "1\n20\n3\n");
    cr_assert_eq(input_offset(t.in).bytes, 7);
    cr_assert_str_eq(io_err(&t), "");
    io_done(&t);
}

Test(tail, truncation_reads_again_from_the_start)
{
    IoTest t;
    const char *p = open_tail(&t, "t.csv", "1\n2\n3\n");
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 3);
    write_file(p, "wb", "4\n");               /* shorter than what was read */
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    write_file(p, "ab", "x\n5\n");
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    cr_assert_not(eof);
    cr_assert_str_eq(sb_str(&t.rows), "1\n2\n3\n4\n5\n");
    char want[1024];
    snprintf(want, sizeof want,
             "warning: file \"%s\" for stream logs was truncated; reading it again from the start\n"
             "warning: bad record in stream logs (%s), line 2: column \"n\": "
             "cannot read \"x\" as BIGINT (skipped)\n", p, p);   /* lines count from 1 again */
    cr_assert_str_eq(io_err(&t), want);
    cr_assert_eq(input_offset(t.in).parts, 1);
    cr_assert_eq(input_offset(t.in).bytes, 6);
    io_done(&t);
}

Test(tail, rotation_finishes_the_old_file_then_follows_the_new_one)
{
    IoTest t;
    const char *p = open_tail(&t, "r.csv", "1\n");
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    char old[300];
    snprintf(old, sizeof old, "%s.1", p);
    cr_assert_eq(rename(p, old), 0);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);  /* gone: the old file is still followed */
    write_file(old, "ab", "2\n3");              /* its writer has not reopened yet */
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    write_file(p, "wb", "10\n11\n");            /* the new file */
    cr_assert_eq(io_next(&t, 2048, &eof), 3);  /* "3" (final in the old file), 10, 11 */
    write_file(old, "ab", "99\n");              /* no longer followed */
    write_file(p, "ab", "12\n");
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    cr_assert_not(eof);
    cr_assert_str_eq(sb_str(&t.rows), "1\n2\n3\n10\n11\n12\n");
    char want[512];
    snprintf(want, sizeof want, "note: file \"%s\" for stream logs was replaced; "
             "reading the new file from its start\n", p);
    cr_assert_str_eq(io_err(&t), want);
    cr_assert_eq(input_offset(t.in).parts, 1);
    cr_assert_eq(input_offset(t.in).bytes, 9);
    io_done(&t);
}

Test(tail, a_missing_file_is_waited_for)
{
    IoTest t;
    const char *p = open_tail(&t, "later.csv", NULL);
    bool eof = false;
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    cr_assert_eq(io_next(&t, 2048, &eof), 0);
    cr_assert_not(eof);
    write_file(p, "wb", "7\n");
    cr_assert_eq(io_next(&t, 2048, &eof), 1);
    cr_assert_str_eq(sb_str(&t.rows), "7\n");
    char want[512];
    snprintf(want, sizeof want,
             "warning: file \"%s\" for stream logs does not exist; waiting for it to appear\n"
             "note: file \"%s\" for stream logs appeared\n", p, p);
    cr_assert_str_eq(io_err(&t), want);
    io_done(&t);
}

Test(tail, without_tail_a_missing_file_is_an_error)
{
    IoTest t;
    io_init(&t, true, "logs", "n BIGINT", "connector", "file", "path", "/nonexistent/x.csv", NULL);
    cr_assert_null(io_open(&t, -1, false));
    cr_assert_str_eq(t.d.message, "cannot open file \"/nonexistent/x.csv\" for stream logs: "
                     "No such file or directory");
    io_done(&t);
}
