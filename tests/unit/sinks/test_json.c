/* Unit tests: JSON Lines and changelog — escaping, numbers, NULL,
 * NaN/Infinity, timestamps, ops per RowKind, batch ids. */
#include <math.h>

#include "fixture.h"
#include "engine/base/timeutil.h"

static const char *const k_v[] = {"k", "v"};
static const Type text_int[] = {TYPE_TEXT, TYPE_INT64};

Test(json, rows)
{
    Fix x;
    fix_open(&x, FORMAT_JSON, 2, k_v, text_int);
    render_begin(x.r, 0);
    ROW(&x, TEXT("a"), value_int(1));
    ROW(&x, value_null(TYPE_TEXT), value_int(-2));
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x), "{\"k\":\"a\",\"v\":1}\n{\"k\":null,\"v\":-2}\n");
    fix_close(&x);
}

Test(json, empty_batch_prints_nothing)
{
    Fix x;
    fix_open(&x, FORMAT_JSON, 2, k_v, text_int);
    render_begin(x.r, 0);
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x), "");
    fix_close(&x);
}

Test(json, string_escaping)
{
    static const char *const names[] = {"we\"ird\\key", "v"};
    Fix x;
    fix_open(&x, FORMAT_JSON, 2, names, text_int);
    render_begin(x.r, -1);
    ROW(&x, TEXT("q\"b\\s/"), value_int(1));
    ROW(&x, TEXT("\n\r\t\b\f"), value_int(2));
    ROW(&x, TEXT("\x01\x1f\x7f"), value_int(3));
    ROW(&x, TEXT("caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80"), value_int(4));
    ROW(&x, TEXT("bad\xff" "x\xc3"), value_int(5));     /* malformed UTF-8 */
    ROW(&x, TEXT("\xed\xa0\x80"), value_int(6));        /* a UTF-16 surrogate */
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x),
        "{\"we\\\"ird\\\\key\":\"q\\\"b\\\\s/\",\"v\":1}\n"
        "{\"we\\\"ird\\\\key\":\"\\n\\r\\t\\b\\f\",\"v\":2}\n"
        "{\"we\\\"ird\\\\key\":\"\\u0001\\u001f\x7f\",\"v\":3}\n"
        "{\"we\\\"ird\\\\key\":\"caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80\",\"v\":4}\n"
        "{\"we\\\"ird\\\\key\":\"bad\\ufffdx\\ufffd\",\"v\":5}\n"
        "{\"we\\\"ird\\\\key\":\"\\ufffd\\ufffd\\ufffd\",\"v\":6}\n");
    fix_close(&x);
}

Test(json, every_type)
{
    static const char *const names[] = {"b", "d", "ts", "iv", "nul"};
    static const Type types[] = {TYPE_BOOL, TYPE_DOUBLE, TYPE_TIMESTAMP, TYPE_INTERVAL, TYPE_NULL};
    Fix x;
    fix_open(&x, FORMAT_JSON, 5, names, types);
    render_begin(x.r, 0);
    ROW(&x, value_bool(true), value_double(2.0), value_ts(1681635600000000),
        value_interval(10 * INT64_C(1000000)), value_null(TYPE_NULL));
    ROW(&x, value_bool(false), value_double(-0.25), value_ts(1681635600500000),
        value_interval(90 * 60 * INT64_C(1000000)), value_null(TYPE_NULL));
    ROW(&x, value_null(TYPE_BOOL), value_double(NAN), value_null(TYPE_TIMESTAMP),
        value_null(TYPE_INTERVAL), value_null(TYPE_NULL));
    ROW(&x, value_bool(true), value_double(INFINITY), value_ts(0), value_interval(0), value_null(TYPE_NULL));
    ROW(&x, value_bool(true), value_double(-INFINITY), value_ts(0), value_interval(0), value_null(TYPE_NULL));
    ROW(&x, value_bool(true), value_double(1e300), value_ts(0), value_interval(0), value_null(TYPE_NULL));
    fix_flush_rows(&x);
    render_end(x.r);
    StrBuf iv0 = STRBUF_INIT;
    time_format_interval(0, &iv0);
    StrBuf want = STRBUF_INIT;
    sb_puts(&want,
        "{\"b\":true,\"d\":2.0,\"ts\":\"2023-04-16 09:00:00\",\"iv\":\"10 seconds\",\"nul\":null}\n"
        "{\"b\":false,\"d\":-0.25,\"ts\":\"2023-04-16 09:00:00.500000\",\"iv\":\"1 hour 30 minutes\",\"nul\":null}\n"
        "{\"b\":null,\"d\":null,\"ts\":null,\"iv\":null,\"nul\":null}\n");
    sb_printf(&want, "{\"b\":true,\"d\":null,\"ts\":\"1970-01-01 00:00:00\",\"iv\":\"%s\",\"nul\":null}\n", sb_str(&iv0));
    sb_printf(&want, "{\"b\":true,\"d\":null,\"ts\":\"1970-01-01 00:00:00\",\"iv\":\"%s\",\"nul\":null}\n", sb_str(&iv0));
    sb_printf(&want, "{\"b\":true,\"d\":1e+300,\"ts\":\"1970-01-01 00:00:00\",\"iv\":\"%s\",\"nul\":null}\n", sb_str(&iv0));
    cr_assert_str_eq(fix_out(&x), sb_str(&want));
    sb_free(&want);
    sb_free(&iv0);
    fix_close(&x);
}

Test(changelog, ops_and_batches)
{
    Fix x;
    fix_open(&x, FORMAT_CHANGELOG, 2, k_v, text_int);
    static const RowKind kinds[] = {ROW_INSERT, ROW_UPDATE, ROW_SNAPSHOT, ROW_DELETE};
    for (int i = 0; i < 4; i++) {
        render_begin(x.r, i);
        ROW(&x, TEXT("a"), value_int(i));
        x.batch->kind = kinds[i];
        fix_flush_rows(&x);
        render_end(x.r);
    }
    cr_assert_str_eq(fix_out(&x),
        "{\"batch\":0,\"op\":\"+\",\"row\":{\"k\":\"a\",\"v\":0}}\n"
        "{\"batch\":1,\"op\":\"u\",\"row\":{\"k\":\"a\",\"v\":1}}\n"
        "{\"batch\":2,\"op\":\"=\",\"row\":{\"k\":\"a\",\"v\":2}}\n"
        "{\"batch\":3,\"op\":\"-\",\"row\":{\"k\":\"a\",\"v\":3}}\n");
    fix_close(&x);
}

Test(changelog, retraction_and_update_in_one_batch)
{
    Fix x;
    fix_open(&x, FORMAT_CHANGELOG, 2, k_v, text_int);
    render_begin(x.r, 12);
    ROW(&x, TEXT("old"), value_int(1));
    x.batch->kind = ROW_DELETE;
    fix_flush_rows(&x);
    ROW(&x, TEXT("new"), value_null(TYPE_INT64));
    x.batch->kind = ROW_UPDATE;
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x),
        "{\"batch\":12,\"op\":\"-\",\"row\":{\"k\":\"old\",\"v\":1}}\n"
        "{\"batch\":12,\"op\":\"u\",\"row\":{\"k\":\"new\",\"v\":null}}\n");
    fix_close(&x);
}

Test(changelog, one_shot_is_batch_zero)
{
    Fix x;
    fix_open(&x, FORMAT_CHANGELOG, 2, k_v, text_int);
    render_begin(x.r, -1);
    ROW(&x, TEXT("t\"x"), value_int(5));
    fix_flush_rows(&x);
    render_end(x.r);
    cr_assert_str_eq(fix_out(&x),
        "{\"batch\":0,\"op\":\"+\",\"row\":{\"k\":\"t\\\"x\",\"v\":5}}\n");
    fix_close(&x);
}
