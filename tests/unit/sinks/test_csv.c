/* Unit tests: the csv format — header once, RFC 4180 quoting, NULL versus
 * empty string, every type, large outputs. */
#include <math.h>

#include "fixture.h"
#include "engine/sinks/render_int.h"

static const char *const k_v[] = {"k", "v"};
static const Type text_int[] = {TYPE_TEXT, TYPE_INT64};

Test(csv, header_once_then_rows)
{
    Fix x;
    fix_open(&x, FORMAT_CSV, 2, k_v, text_int);
    render_begin(x.r, 0);
    ROW(&x, TEXT("a"), value_int(1));
    ROW(&x, TEXT("b"), value_int(2));
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x), "k,v\na,1\nb,2\n");
    render_begin(x.r, 1);
    ROW(&x, TEXT("c"), value_int(3));
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x), "k,v\na,1\nb,2\nc,3\n");
    fix_close(&x);
}

Test(csv, header_at_first_end_when_no_rows)
{
    Fix x;
    fix_open(&x, FORMAT_CSV, 2, k_v, text_int);
    render_begin(x.r, 0);
    cr_assert_str_eq(fix_out(&x), "");
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x), "k,v\n");
    render_begin(x.r, 1);
    render_end(x.r);
    render_begin(x.r, 2);
    ROW(&x, TEXT("z"), value_int(9));
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x), "k,v\nz,9\n");
    fix_close(&x);
}

Test(csv, quoting)
{
    static const char *const names[] = {"a,b", "say \"hi\""};
    Fix x;
    fix_open(&x, FORMAT_CSV, 2, names, text_int);
    render_begin(x.r, -1);
    ROW(&x, TEXT("x,y"), value_int(1));
    ROW(&x, TEXT("she said \"no\""), value_int(2));
    ROW(&x, TEXT("two\nlines"), value_int(3));
    ROW(&x, TEXT("cr\rhere"), value_int(4));
    ROW(&x, TEXT(" spaced "), value_int(5));
    ROW(&x, TEXT("\""), value_int(6));
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x),
        "\"a,b\",\"say \"\"hi\"\"\"\n"
        "\"x,y\",1\n"
        "\"she said \"\"no\"\"\",2\n"
        "\"two\nlines\",3\n"
        "\"cr\rhere\",4\n"
        " spaced ,5\n"
        "\"\"\"\",6\n");
    fix_close(&x);
}

Test(csv, null_is_empty_and_empty_string_is_quoted)
{
    Fix x;
    fix_open(&x, FORMAT_CSV, 2, k_v, text_int);
    render_begin(x.r, 0);
    ROW(&x, value_null(TYPE_TEXT), value_null(TYPE_INT64));
    ROW(&x, TEXT(""), value_int(0));
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x), "k,v\n,\n\"\",0\n");
    fix_close(&x);
}

/* The Str of a NULL TEXT cell is garbage (nothing writes it): sizing the
 * row must not read it. A huge garbage length used to make the buffer
 * grow by twice that (16 GiB and an abort on a long stream). */
Test(csv, garbage_in_null_text_cell_is_not_read)
{
    Fix x;
    fix_open(&x, FORMAT_CSV, 2, k_v, text_int);
    render_begin(x.r, 0);
    ROW(&x, value_null(TYPE_TEXT), value_int(1));
    ROW(&x, TEXT("b"), value_int(2));
    VEC_STR(&x.batch->cols[0])[0] = (Str){NULL, 1u << 26};
    fix_flush_rows(&x);
    cr_assert_lt(x.r->buf.cap, (size_t)1 << 20, "buffer grew to %zu bytes", x.r->buf.cap);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x), "k,v\n,1\nb,2\n");
    fix_close(&x);
}

Test(csv, every_type)
{
    static const char *const names[] = {"b", "d", "ts", "iv", "i"};
    static const Type types[] = {TYPE_BOOL, TYPE_DOUBLE, TYPE_TIMESTAMP, TYPE_INTERVAL, TYPE_INT64};
    Fix x;
    fix_open(&x, FORMAT_CSV, 5, names, types);
    render_begin(x.r, 0);
    ROW(&x, value_bool(true), value_double(1.0 / 3), value_ts(0), value_interval(300 * INT64_C(1000000)),
        value_int(INT64_MIN));
    ROW(&x, value_bool(false), value_double(NAN), value_ts(-1), value_interval(-2 * 86400 * INT64_C(1000000)),
        value_int(INT64_MAX));
    ROW(&x, value_null(TYPE_BOOL), value_double(1e20), value_ts(1681635600000001),
        value_null(TYPE_INTERVAL), value_int(0));
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x),
        "b,d,ts,iv,i\n"
        "true,0.3333333333333333,1970-01-01 00:00:00,5 minutes,-9223372036854775808\n"
        "false,NaN,1969-12-31 23:59:59.999999,-2 days,9223372036854775807\n"
        ",1e+20,2023-04-16 09:00:00.000001,,0\n");
    fix_close(&x);
}

Test(csv, large_output_is_complete_and_ordered)
{
    Fix x;
    fix_open(&x, FORMAT_CSV, 2, k_v, text_int);
    render_begin(x.r, 0);
    StrBuf want = STRBUF_INIT;
    sb_puts(&want, "k,v\n");
    for (int batch = 0; batch < 20; batch++) {
        for (int i = 0; i < (int)BATCH_CAP; i++) {
            int64_t n = (int64_t)batch * BATCH_CAP + i;
            ROW(&x, TEXT("row-with-some-text"), value_int(n));
            sb_printf(&want, "row-with-some-text,%lld\n", (long long)n);
        }
        fix_flush_rows(&x);
    }
    render_end(x.r);
    cr_assert_eq(x.len, want.len);
    cr_assert(memcmp(fix_out(&x), want.data, want.len) == 0);
    cr_assert_eq(render_row_count(x.r), 20 * (int64_t)BATCH_CAP);
    sb_free(&want);
    fix_close(&x);
}

/* Integers at every digit-count boundary (10^k - 1, 10^k, both signs)
 * and repeated timestamps (the last text is reused) next to new ones. */
Test(csv, digit_boundaries_and_repeated_timestamps)
{
    static const char *const names[] = {"i", "ts"};
    static const Type types[] = {TYPE_INT64, TYPE_TIMESTAMP};
    Fix x;
    fix_open(&x, FORMAT_CSV, 2, names, types);
    render_begin(x.r, 0);
    StrBuf want = STRBUF_INIT;
    sb_puts(&want, "i,ts\n");
    static const int64_t ts[] = {1681635600000000, 1681635600000000, 1681635610000000,
                                 1681635600000000, 1681635600000001};
    static const char *const ts_text[] = {"2023-04-16 09:00:00", "2023-04-16 09:00:00",
                                          "2023-04-16 09:00:10", "2023-04-16 09:00:00",
                                          "2023-04-16 09:00:00.000001"};
    int row = 0;
    for (uint64_t p = 1; p <= UINT64_C(1000000000000000000); p *= 10) {
        const int64_t vals[] = {(int64_t)p - 1, (int64_t)p, -(int64_t)p, 1 - (int64_t)p};
        for (int i = 0; i < 4; i++, row++) {
            ROW(&x, value_int(vals[i]), value_ts(ts[row % 5]));
            sb_printf(&want, "%lld,%s\n", (long long)vals[i], ts_text[row % 5]);
        }
    }
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x), want.data);
    sb_free(&want);
    fix_close(&x);
}
