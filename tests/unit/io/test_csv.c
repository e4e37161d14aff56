/* Unit tests: the csv format — types, NULLs, quoting, options, framing. */
#include <criterion/criterion.h>
#include <string.h>

#include "io_util.h"

#define FILE_OPTS(path) "connector", "file", "path", (path)

static void open_csv(IoTest *t, const char *data)
{
    const char *p = io_file(t, "in.csv", data, strlen(data));
    io_opt(t, "connector", "file");
    io_opt(t, "path", p);
    cr_assert_not_null(io_open(t, -1, false), "%s", t->d.message);
}

Test(csv, every_type_and_nulls)
{
    IoTest t;
    io_init(&t, true, "logs", "b BOOLEAN, i BIGINT, d DOUBLE, s TEXT, ts TIMESTAMP, iv INTERVAL", NULL);
    open_csv(&t,
        "true,42,1.5,hello,2023-04-16 09:00:00,10 seconds\n"
        "FALSE,-9223372036854775808,-2e3,,2023-04-16T09:00:00.25Z,1 hour 30 minutes\n"
        "1,9223372036854775807,0.1,x y,2023-04-16,1.5 s\n"
        ",,,,,\n"
        "0, 7 ,NaN,\" \",2023-04-16 09:00:00+02:00,500 ms\n");
    cr_assert_eq(io_drain(&t, 2048), 5);
    cr_assert_str_eq(sb_str(&t.rows),
        "true|42|1.5|[hello]|2023-04-16 09:00:00|10000000us\n"
        "false|-9223372036854775808|-2000.0|NULL|2023-04-16 09:00:00.250000|5400000000us\n"
        "true|9223372036854775807|0.1|[x y]|2023-04-16 00:00:00|1500000us\n"
        "NULL|NULL|NULL|NULL|NULL|NULL\n"
        "false|7|NaN|[ ]|2023-04-16 07:00:00|500000us\n");
    cr_assert_str_eq(io_err(&t), "");
    io_done(&t);
}

Test(csv, header_delimiter_and_null_value)
{
    IoTest t;
    io_init(&t, true, "s", "a BIGINT, b TEXT, c DOUBLE",
            "header", "true", "delimiter", ";", "null_value", "NA", NULL);
    open_csv(&t, "a;b;c\n1;NA;NA\n2;;\n3;\"NA\";2.5\n");
    cr_assert_eq(io_drain(&t, 2048), 3);
    /* NA unquoted is NULL; an empty TEXT is '' (not the null value); an
     * empty DOUBLE is NULL; "NA" quoted is text. */
    cr_assert_str_eq(sb_str(&t.rows), "1|NULL|NULL\n2|[]|NULL\n3|[NA]|2.5\n");
    InputOffset off = input_offset(t.in);
    cr_assert_eq(off.records, 3);
    cr_assert_eq(off.bytes, (int64_t)strlen("a;b;c\n1;NA;NA\n2;;\n3;\"NA\";2.5\n"));
    io_done(&t);
}

Test(csv, tab_delimiter_written_as_backslash_t)
{
    IoTest t;
    io_init(&t, true, "s", "a TEXT, b BIGINT", "delimiter", "\\t", NULL);
    open_csv(&t, "x,y\t1\nz\t2\n");
    cr_assert_eq(io_drain(&t, 2048), 2);
    cr_assert_str_eq(sb_str(&t.rows), "[x,y]|1\n[z]|2\n");
    io_done(&t);
}

Test(csv, quoted_fields)
{
    IoTest t;
    io_init(&t, true, "s", "a TEXT, b TEXT, n BIGINT", NULL);
    open_csv(&t,
        "\"a,b\",\"say \"\"hi\"\"\",1\n"
        "\"\",plain,\"2\"\n"
        "\"multi\nline\r\nfield\",x,3\n"
        "ab\"c,\"\"\"\",4\n"
        "last,\"q\",5\n");
    cr_assert_eq(io_drain(&t, 2048), 5);
    cr_assert_str_eq(sb_str(&t.rows),
        "[a,b]|[say \"hi\"]|1\n"
        "[]|[plain]|2\n"
        "[multi\nline\r\nfield]|[x]|3\n"
        "[ab\"c]|[\"]|4\n"
        "[last]|[q]|5\n");
    cr_assert_str_eq(io_err(&t), "");
    /* Line numbers count the lines inside quotes: a bad record after the
     * multi-line field is on line 6. */
    io_done(&t);
}

Test(csv, line_numbers_after_multiline_field)
{
    IoTest t;
    io_init(&t, true, "logs", "a TEXT, n BIGINT", NULL);
    open_csv(&t, "\"x\ny\nz\",1\nok,2\nbad,zz\n");
    cr_assert_eq(io_drain(&t, 2048), 2);
    cr_assert(strstr(io_err(&t), ", line 5: column \"n\": cannot read \"zz\" as BIGINT"),
              "%s", io_err(&t));
    io_done(&t);
}

Test(csv, custom_quote_and_no_quoting)
{
    IoTest t;
    io_init(&t, true, "s", "a TEXT, b TEXT", "quote", "'", NULL);
    open_csv(&t, "'x,y','it''s'\n\"a\",b\n");
    cr_assert_eq(io_drain(&t, 2048), 2);
    cr_assert_str_eq(sb_str(&t.rows), "[x,y]|[it's]\n[\"a\"]|[b]\n");
    io_done(&t);

    io_init(&t, true, "s", "a TEXT, b TEXT", "quote", "", NULL);
    open_csv(&t, "\"x\",y\n");
    cr_assert_eq(io_drain(&t, 2048), 1);
    cr_assert_str_eq(sb_str(&t.rows), "[\"x\"]|[y]\n");
    io_done(&t);
}

Test(csv, crlf_blank_lines_and_missing_final_newline)
{
    IoTest t;
    io_init(&t, true, "s", "a TEXT, b BIGINT", "header", "true", NULL);
    open_csv(&t, "a,b\r\nx,1\r\n\r\n\"y\",2\r\nz,3");
    cr_assert_eq(io_drain(&t, 2048), 3);
    cr_assert_str_eq(sb_str(&t.rows), "[x]|1\n[y]|2\n[z]|3\n");
    InputOffset off = input_offset(t.in);
    cr_assert_eq(off.records, 3);
    cr_assert_eq(off.bytes, (int64_t)strlen("a,b\r\nx,1\r\n\r\n\"y\",2\r\nz,3"));
    io_done(&t);

    io_init(&t, true, "s", "a TEXT, b TEXT", NULL);
    open_csv(&t, "x,\"q\"\r");
    cr_assert_eq(io_drain(&t, 2048), 1);
    cr_assert_str_eq(sb_str(&t.rows), "[x]|[q]\n");
    io_done(&t);
}

Test(csv, utf8_bom_is_skipped)
{
    IoTest t;
    io_init(&t, true, "s", "a TEXT, b BIGINT", NULL);
    open_csv(&t, "\xEF\xBB\xBFx,1\n");
    cr_assert_eq(io_drain(&t, 2048), 1);
    cr_assert_str_eq(sb_str(&t.rows), "[x]|1\n");
    io_done(&t);
}

Test(csv, needed_mask_leaves_other_columns_null)
{
    IoTest t;
    io_init(&t, true, "s", "a BIGINT, b TEXT, c BIGINT", NULL);
    t.needed[0] = false;
    t.needed[2] = false;
    const char *p = io_file(&t, "m.csv", "junk,x,junk\n1,y,2\n", 18);
    io_opt(&t, "connector", "file");
    io_opt(&t, "path", p);
    cr_assert_not_null(io_open(&t, -1, true));
    /* Unneeded columns are not converted, so "junk" is no bad record. */
    cr_assert_eq(io_drain(&t, 2048), 2);
    cr_assert_str_eq(sb_str(&t.rows), "NULL|[x]|NULL\nNULL|[y]|NULL\n");
    cr_assert_eq(input_bad_records(t.in), 0);
    io_done(&t);
}

Test(csv, max_rows_chunks_and_offsets)
{
    IoTest t;
    io_init(&t, true, "s", "n BIGINT", NULL);
    open_csv(&t, "1\n2\n3\n4\n5\n");
    bool eof = false;
    cr_assert_eq(io_next(&t, 2, &eof), 2);
    cr_assert_not(eof);
    InputOffset off = input_offset(t.in);
    cr_assert_eq(off.records, 2);
    cr_assert_eq(off.bytes, 4);
    cr_assert_eq(io_next(&t, 2, &eof), 2);
    cr_assert_eq(input_offset(t.in).bytes, 8);
    cr_assert_eq(io_next(&t, 2, &eof), 1);
    cr_assert(eof);
    cr_assert_eq(input_offset(t.in).records, 5);
    cr_assert_eq(input_offset(t.in).bytes, 10);
    cr_assert_eq(io_next(&t, 2, &eof), 0);
    cr_assert(eof);
    cr_assert_str_eq(sb_str(&t.rows), "1\n2\n3\n4\n5\n");
    io_done(&t);
}

/* Many rows across several read buffers: every row arrives, in order,
 * full batches, and TEXT values of a batch stay valid across buffer
 * switches within one call. */
Test(csv, large_input_across_buffers)
{
    IoTest t;
    io_init(&t, true, "s", "n BIGINT, s TEXT, d DOUBLE", NULL);
    StrBuf data = STRBUF_INIT;
    const long N = 150000;
    for (long i = 0; i < N; i++)
        sb_printf(&data, "%ld,\"name number %ld with some padding text\",%ld.25\n", i, i, i);
    const char *p = io_file(&t, "big.csv", data.data, data.len);
    io_opt(&t, "connector", "file");
    io_opt(&t, "path", p);
    cr_assert_not_null(io_open(&t, -1, false));
    long seen = 0;
    bool eof = false;
    char want[128];
    while (!eof) {
        int n = io_next(&t, 2048, &eof);
        cr_assert_geq(n, 0);
        if (!eof) cr_assert_eq(n, 2048, "short batch of %d at row %ld", n, seen);
        for (int r = 0; r < n; r++, seen++) {
            Value a = vec_get(&t.batch->cols[0], (uint32_t)r);
            Value s = vec_get(&t.batch->cols[1], (uint32_t)r);
            Value d = vec_get(&t.batch->cols[2], (uint32_t)r);
            cr_assert_eq(a.i, seen);
            int len = snprintf(want, sizeof want, "name number %ld with some padding text", seen);
            cr_assert(s.s.len == (uint32_t)len && memcmp(s.s.ptr, want, (size_t)len) == 0);
            cr_assert_eq(d.d, (double)seen + 0.25);
        }
        sb_reset(&t.rows);
    }
    cr_assert_eq(seen, N);
    cr_assert_eq(input_offset(t.in).bytes, (int64_t)data.len);
    sb_free(&data);
    io_done(&t);
}

/* A record longer than the read buffer grows it. */
Test(csv, record_longer_than_buffer)
{
    IoTest t;
    io_init(&t, true, "s", "n BIGINT, s TEXT", NULL);
    size_t big = (size_t)3 << 20;
    char *data = malloc(big + 16);
    memcpy(data, "1,", 2);
    memset(data + 2, 'x', big);
    memcpy(data + 2 + big, "\n2,y\n", 5);
    const char *p = io_file(&t, "long.csv", data, big + 7);
    free(data);
    io_opt(&t, "connector", "file");
    io_opt(&t, "path", p);
    cr_assert_not_null(io_open(&t, -1, false));
    bool eof = false;
    long rows = 0;
    while (!eof) {
        int n = io_next(&t, 2048, &eof);
        cr_assert_geq(n, 0);
        for (int r = 0; r < n; r++, rows++) {
            Value s = vec_get(&t.batch->cols[1], (uint32_t)r);
            cr_assert_eq(s.s.len, rows == 0 ? big : 1);
        }
    }
    cr_assert_eq(rows, 2);
    io_done(&t);
}
