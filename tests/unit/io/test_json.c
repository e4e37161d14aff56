/* Unit tests: the json format (JSON Lines). */
#include <criterion/criterion.h>
#include <string.h>

#include "io_util.h"

static void open_json(IoTest *t, const char *data)
{
    const char *p = io_file(t, "in.json", data, strlen(data));
    io_opt(t, "connector", "file");
    io_opt(t, "format", "json");
    io_opt(t, "path", p);
    cr_assert_not_null(io_open(t, -1, false), "%s", t->d.message);
}

Test(json, every_type_missing_and_null_fields)
{
    IoTest t;
    io_init(&t, false, "books", "b BOOLEAN, i BIGINT, d DOUBLE, s TEXT, ts TIMESTAMP, iv INTERVAL", NULL);
    open_json(&t,
        "{\"b\": true, \"i\": 42, \"d\": 1.5, \"s\": \"hi\", \"ts\": \"2023-04-16 09:00:00\", \"iv\": \"10 seconds\"}\n"
        "{\"B\":false,\"I\":-7,\"D\":-2E3,\"S\":\"\",\"TS\":\"2023-04-16T10:00:00Z\",\"IV\":\"1 min\"}\n"
        "{}\n"
        "{\"b\": null, \"i\": null, \"s\": null, \"extra\": [1, {\"x\": \"}\"}], \"more\": {\"a\": 1}}\n"
        "  {\"i\": \"12\", \"d\": \"2.5\", \"b\": 1, \"i\": 13}  \r\n");
    cr_assert_eq(io_drain(&t, 2048), 5);
    cr_assert_str_eq(sb_str(&t.rows),
        "true|42|1.5|[hi]|2023-04-16 09:00:00|10000000us\n"
        "false|-7|-2000.0|[]|2023-04-16 10:00:00|60000000us\n"
        "NULL|NULL|NULL|NULL|NULL|NULL\n"
        "NULL|NULL|NULL|NULL|NULL|NULL\n"
        "true|13|2.5|NULL|NULL|NULL\n");
    cr_assert_str_eq(io_err(&t), "");
    io_done(&t);
}

Test(json, text_columns_take_numbers_bools_and_nested_raw)
{
    IoTest t;
    io_init(&t, true, "s", "a TEXT, b TEXT, c TEXT, d TEXT", NULL);
    open_json(&t, "{\"a\": 12.50, \"b\": true, \"c\": {\"x\": [1, \"]\"]}, \"d\": [ ]}\n");
    cr_assert_eq(io_drain(&t, 2048), 1);
    cr_assert_str_eq(sb_str(&t.rows), "[12.50]|[true]|[{\"x\": [1, \"]\"]}]|[[ ]]\n");
    io_done(&t);
}

Test(json, string_escapes)
{
    IoTest t;
    io_init(&t, true, "s", "a TEXT, n BIGINT", NULL);
    open_json(&t,
        "{\"a\": \"q\\\"b\\\\s\\/ \\n\\t\\u00e9\\u20ac\\ud83d\\ude00\", \"n\": 1}\n"
        "{\"a\": \"lone \\ud800 x\", \"n\": \"\\u0032\"}\n"
        "{\"\\u0061\": \"key escaped\"}\n");
    cr_assert_eq(io_drain(&t, 2048), 3);
    cr_assert_str_eq(sb_str(&t.rows),
        "[q\"b\\s/ \n\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80]|1\n"
        "[lone \xef\xbf\xbd x]|2\n"
        "[key escaped]|NULL\n");
    io_done(&t);
}

Test(json, bad_records)
{
    IoTest t;
    io_init(&t, true, "events", "a TEXT, n BIGINT", NULL);
    open_json(&t,
        "[1, 2]\n"
        "{\"a\": \"x\", \"n\": 1.5}\n"
        "{\"a\": \"x\" \"n\": 1}\n"
        "\n"
        "{\"a\": \"unterminated}\n"
        "{\"a\": \"ok\"} trailing\n"
        "{\"n\": {\"nested\": 1}}\n"
        "{\"a\": \"good\", \"n\": 3}\n"
        "{\"a\": \"bad\\q\"}\n"
        "{\"a\": nope}\n");
    cr_assert_eq(io_drain(&t, 2048), 1);
    cr_assert_str_eq(sb_str(&t.rows), "[good]|3\n");
    char want[2048];
    snprintf(want, sizeof want,
        "warning: bad record in stream events (%s/in.json), line 1: not a JSON object (skipped)\n"
        "warning: bad record in stream events (%s/in.json), line 2: column \"n\": cannot read \"1.5\" as BIGINT (skipped)\n"
        "warning: bad record in stream events (%s/in.json), line 3: invalid JSON: expected ',' or '}' at character 11 (skipped)\n"
        "warning: bad record in stream events (%s/in.json), line 5: invalid JSON: unterminated string at character 7 (skipped)\n"
        "warning: bad record in stream events (%s/in.json), line 6: invalid JSON: text after the object at character 13 (skipped)\n"
        "warning: 3 more bad records in stream events (%s/in.json) in this batch (skipped)\n",
        t.dir, t.dir, t.dir, t.dir, t.dir, t.dir);
    cr_assert_str_eq(io_err(&t), want);
    cr_assert_eq(input_bad_records(t.in), 8);
    cr_assert_eq(input_offset(t.in).records, 9);
    io_done(&t);
}

Test(json, nested_value_for_numeric_column_reason)
{
    IoTest t;
    io_init(&t, true, "s", "n BIGINT", "on_error", "fail", NULL);
    open_json(&t, "{\"n\": {\"nested\": 1}}\n");
    cr_assert_eq(io_drain(&t, 2048), -1);
    char want[512];
    snprintf(want, sizeof want, "bad record in stream s (%s/in.json), line 1: "
             "column \"n\": cannot read \"{\"nested\": 1}\" as BIGINT", t.dir);
    cr_assert_str_eq(t.d.message, want);
    cr_assert_eq(t.d.span.off, SPAN_NONE.off);
    cr_assert_eq(input_bad_records(t.in), 0);
    io_done(&t);
}

Test(json, epoch_timestamps)
{
    IoTest t;
    io_init(&t, true, "s", "ts TIMESTAMP", "timestamp_format", "epoch_ms", NULL);
    open_json(&t, "{\"ts\": 1681635600123}\n{\"ts\": \"1681635600000.5\"}\n{\"ts\": 1.6816356e12}\n");
    cr_assert_eq(io_drain(&t, 2048), 3);
    cr_assert_str_eq(sb_str(&t.rows),
        "2023-04-16 09:00:00.123000\n2023-04-16 09:00:00.000500\n2023-04-16 09:00:00\n");
    io_done(&t);
}

Test(json, needed_mask_and_chunks)
{
    IoTest t;
    io_init(&t, true, "s", "a BIGINT, b TEXT", NULL);
    t.needed[0] = false;
    const char *data = "{\"a\": \"junk\", \"b\": \"x\"}\n{\"b\": \"y\"}\n{\"b\": \"z\"}";
    const char *p = io_file(&t, "m.json", data, strlen(data));
    io_opt(&t, "connector", "file");
    io_opt(&t, "format", "json");
    io_opt(&t, "path", p);
    cr_assert_not_null(io_open(&t, -1, true));
    bool eof = false;
    cr_assert_eq(io_next(&t, 2, &eof), 2);
    cr_assert_eq(input_offset(t.in).records, 2);
    cr_assert_eq(io_next(&t, 2, &eof), 1);
    cr_assert(eof);
    cr_assert_str_eq(sb_str(&t.rows), "NULL|[x]\nNULL|[y]\nNULL|[z]\n");
    cr_assert_eq(input_offset(t.in).bytes, (int64_t)strlen(data));
    io_done(&t);
}

/* The word-at-a-time key match and the 16-byte string scan: names of 8
 * and more bytes, keys that share a prefix with a name, a key at the very
 * end of the input, escapes past the first 16 bytes of a long string. */
Test(json, long_names_prefixes_and_long_strings)
{
    IoTest t;
    io_init(&t, true, "s", "ts TEXT, eightchr BIGINT, a_longer_name BIGINT", NULL);
    open_json(&t,
        "{\"ts\": \"0123456789abcdef0123\\\"x\\\\y\", \"eightchr\": 8, \"a_longer_name\": 9}\n"
        "{\"tsx\": \"no\", \"eightch\": 1, \"eightchrs\": 2, \"a_longer_namE\": 3}\n"
        "{\"TS\": \"0123456789abcdef0123456789\"}\n"
        "{\"eightchr\":5}");
    cr_assert_eq(io_drain(&t, 2048), 4);
    cr_assert_str_eq(sb_str(&t.rows),
        "[0123456789abcdef0123\"x\\y]|8|9\n"
        "NULL|NULL|3\n"
        "[0123456789abcdef0123456789]|NULL|NULL\n"
        "NULL|5|NULL\n");
    io_done(&t);
}
