/* Unit tests: the text format. */
#include <criterion/criterion.h>
#include <string.h>

#include "io_util.h"

Test(text, lines_crlf_empty_lines_and_last_line)
{
    IoTest t;
    io_init(&t, true, "lines", "value TEXT", "format", "text", NULL);
    const char *data = "hello world\r\n\nsecond, with \"quotes\"\nlast";
    const char *p = io_file(&t, "t.txt", data, strlen(data));
    io_opt(&t, "connector", "file");
    io_opt(&t, "path", p);
    cr_assert_not_null(io_open(&t, -1, false));
    bool eof = false;
    cr_assert_eq(io_next(&t, 3, &eof), 3);
    cr_assert_not(eof);
    cr_assert_eq(input_offset(t.in).records, 3);
    cr_assert_eq(io_next(&t, 3, &eof), 1);
    cr_assert(eof);
    cr_assert_str_eq(sb_str(&t.rows), "[hello world]\n[]\n[second, with \"quotes\"]\n[last]\n");
    cr_assert_eq(input_offset(t.in).bytes, (int64_t)strlen(data));
    io_done(&t);
}

Test(text, unneeded_column_is_null)
{
    IoTest t;
    io_init(&t, true, "lines", "value TEXT", "format", "text", NULL);
    t.needed[0] = false;
    const char *p = io_file(&t, "t.txt", "a\nb\n", 4);
    io_opt(&t, "connector", "file");
    io_opt(&t, "path", p);
    cr_assert_not_null(io_open(&t, -1, true));
    cr_assert_eq(io_drain(&t, 2048), 2);
    cr_assert_str_eq(sb_str(&t.rows), "NULL\nNULL\n");
    io_done(&t);
}
