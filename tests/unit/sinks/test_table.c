/* Unit tests: the table format (Spark console look) — headers, alignment,
 * widths, NULLs, UTF-8, empty batches, one-shot results. */
#include "fixture.h"

#define RULE "-------------------------------------------\n"

static const char *const ip_n[] = {"ip", "n"};
static const Type text_int[] = {TYPE_TEXT, TYPE_INT64};

Test(table, spark_look)
{
    Fix x;
    fix_open(&x, FORMAT_TABLE, 2, ip_n, text_int);
    render_begin(x.r, 0);
    ROW(&x, TEXT("124.165.126.217"), value_int(1));
    fix_flush_rows(&x);
    cr_assert_str_eq(fix_out(&x), "");           /* nothing before the end */
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x),
        RULE "Batch: 0\n" RULE
        "+---------------+---+\n"
        "|             ip|  n|\n"
        "+---------------+---+\n"
        "|124.165.126.217|  1|\n"
        "+---------------+---+\n"
        "\n");
    cr_assert_eq(render_row_count(x.r), 1);
    fix_close(&x);
}

Test(table, one_shot_has_no_header_and_rows_accumulate)
{
    Fix x;
    fix_open(&x, FORMAT_TABLE, 2, ip_n, text_int);
    render_begin(x.r, -1);
    ROW(&x, TEXT("a"), value_int(12345));
    fix_flush_rows(&x);
    ROW(&x, TEXT("bb"), value_null(TYPE_INT64));
    ROW(&x, TEXT(""), value_int(-7));
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x),
        "+---+-----+\n"
        "| ip|    n|\n"
        "+---+-----+\n"
        "|  a|12345|\n"
        "| bb| NULL|\n"
        "|   |   -7|\n"
        "+---+-----+\n"
        "\n");
    cr_assert_eq(render_row_count(x.r), 3);
    fix_close(&x);
}

/* A micro-batch without rows prints nothing; a one-shot result prints
 * its empty table. */
Test(table, empty_batch)
{
    Fix x;
    fix_open(&x, FORMAT_TABLE, 2, ip_n, text_int);
    render_begin(x.r, 3);
    fix_flush_rows(&x);                          /* zero rows */
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x), "");
    render_begin(x.r, -1);
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x),
        "+---+---+\n"
        "| ip|  n|\n"
        "+---+---+\n"
        "+---+---+\n"
        "\n");
    fix_close(&x);
}

/* Spark's caps: rows per batch (the rest counted), cells cut with "..."
 * at a character boundary (a wide character is not split). */
Test(table, max_rows_and_max_width)
{
    Fix x;
    fix_open(&x, FORMAT_TABLE, 2, ip_n, text_int);
    RenderOptions o = {.max_rows = 2, .max_width = 6, .headers = true};
    render_set_options(x.r, &o);
    render_begin(x.r, 0);
    ROW(&x, TEXT("abcdefgh"), value_int(1));
    ROW(&x, TEXT("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe6\x96\x87"), value_int(2));
    ROW(&x, TEXT("c"), value_int(3));
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x),
        RULE "Batch: 0\n" RULE
        "+------+---+\n"
        "|    ip|  n|\n"
        "+------+---+\n"
        "|abc...|  1|\n"
        "| \xe6\x97\xa5...|  2|\n"
        "+------+---+\n"
        "only showing top 2 rows, 1 more (.maxrows 0 shows all)\n"
        "\n");
    fix_close(&x);
}

Test(table, widths_are_per_batch)
{
    Fix x;
    fix_open(&x, FORMAT_TABLE, 2, ip_n, text_int);
    render_begin(x.r, 0);
    ROW(&x, TEXT("a-long-value"), value_int(1));
    fix_flush_rows(&x);
    render_end(x.r);
    render_begin(x.r, 1);
    ROW(&x, TEXT("b"), value_int(2));
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x),
        RULE "Batch: 0\n" RULE
        "+------------+---+\n"
        "|          ip|  n|\n"
        "+------------+---+\n"
        "|a-long-value|  1|\n"
        "+------------+---+\n"
        "\n"
        RULE "Batch: 1\n" RULE
        "+---+---+\n"
        "| ip|  n|\n"
        "+---+---+\n"
        "|  b|  2|\n"
        "+---+---+\n"
        "\n");
    fix_close(&x);
}

Test(table, utf8_width_counts_columns_not_bytes)
{
    static const char *const names[] = {"név", "v"};
    Fix x;
    fix_open(&x, FORMAT_TABLE, 2, names, text_int);
    render_begin(x.r, -1);
    ROW(&x, TEXT("café"), value_int(1));       /* 4 columns, 5 bytes */
    ROW(&x, TEXT("日本"), value_int(2));       /* 2 wide characters: 4 columns */
    ROW(&x, TEXT("e\xcc\x81"), value_int(3));  /* e + combining acute: 1 column */
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x),
        "+----+---+\n"
        "| név|  v|\n"
        "+----+---+\n"
        "|café|  1|\n"
        "|日本|  2|\n"
        "|   e\xcc\x81|  3|\n"
        "+----+---+\n"
        "\n");
    fix_close(&x);
}

Test(table, every_type)
{
    static const char *const names[] = {"b", "d", "ts", "iv", "nul"};
    static const Type types[] = {TYPE_BOOL, TYPE_DOUBLE, TYPE_TIMESTAMP, TYPE_INTERVAL, TYPE_NULL};
    Fix x;
    fix_open(&x, FORMAT_TABLE, 5, names, types);
    render_begin(x.r, -1);
    ROW(&x, value_bool(true), value_double(2.0), value_ts(1681635600000000),
        value_interval(90 * 60 * INT64_C(1000000)), value_null(TYPE_NULL));
    ROW(&x, value_bool(false), value_double(0.1), value_ts(1681635600123456),
        value_interval(10 * INT64_C(1000000)), value_null(TYPE_NULL));
    ROW(&x, value_null(TYPE_BOOL), value_null(TYPE_DOUBLE), value_null(TYPE_TIMESTAMP),
        value_null(TYPE_INTERVAL), value_null(TYPE_NULL));
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x),
        "+-----+----+--------------------------+-----------------+----+\n"
        "|    b|   d|                        ts|               iv| nul|\n"
        "+-----+----+--------------------------+-----------------+----+\n"
        "| true| 2.0|       2023-04-16 09:00:00|1 hour 30 minutes|NULL|\n"
        "|false| 0.1|2023-04-16 09:00:00.123456|       10 seconds|NULL|\n"
        "| NULL|NULL|                      NULL|             NULL|NULL|\n"
        "+-----+----+--------------------------+-----------------+----+\n"
        "\n");
    fix_close(&x);
}

Test(table, selection_vector_and_const)
{
    Fix x;
    fix_open(&x, FORMAT_TABLE, 2, ip_n, text_int);
    render_begin(x.r, 7);
    ROW(&x, TEXT("skip"), value_int(0));
    ROW(&x, TEXT("keep"), value_int(0));
    ROW(&x, TEXT("gone"), value_int(0));
    ROW(&x, TEXT("also"), value_int(0));
    uint32_t sel[] = {1, 3};
    x.batch->sel = sel;
    x.batch->n_sel = 2;
    x.batch->cols[1].is_const = true;
    VEC_I64(&x.batch->cols[1])[0] = 42;
    render_rows(x.r, x.batch);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x),
        RULE "Batch: 7\n" RULE
        "+----+---+\n"
        "|  ip|  n|\n"
        "+----+---+\n"
        "|keep| 42|\n"
        "|also| 42|\n"
        "+----+---+\n"
        "\n");
    cr_assert_eq(render_row_count(x.r), 2);
    fix_close(&x);
}

Test(table, formats_by_name)
{
    OutputFormat f;
    cr_assert(output_format_from_name("table", &f)); cr_assert_eq(f, FORMAT_TABLE);
    cr_assert(output_format_from_name("CSV", &f)); cr_assert_eq(f, FORMAT_CSV);
    cr_assert(output_format_from_name("json", &f)); cr_assert_eq(f, FORMAT_JSON);
    cr_assert(output_format_from_name("changelog", &f)); cr_assert_eq(f, FORMAT_CHANGELOG);
    cr_assert_not(output_format_from_name("xml", &f));
    cr_assert_str_eq(output_format_name(FORMAT_CHANGELOG), "changelog");
    cr_assert_str_eq(output_format_name(FORMAT_TABLE), "table");
}
