/* render_json — JSON Lines and the changelog format.
 *
 *   json       {"k":"a","v":1}
 *   changelog  {"batch":0,"op":"+","row":{"k":"a","v":1}}
 *
 * Numbers print as JSON numbers (NaN and Infinity, which JSON lacks, as
 * null), TIMESTAMP and INTERVAL as strings, NULL as null. Strings are
 * escaped per RFC 8259 and kept valid UTF-8 (a malformed byte becomes
 * U+FFFD). The `"name":` prefix of every column is escaped once, up
 * front; rows are formatted into the Renderer's buffer and written in
 * large blocks. json_put_object formats one row into any buffer (the file
 * sinks use it). */
#include "render_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/base/mem.h"
#include "engine/base/timeutil.h"

static const char hex[] = "0123456789abcdef";

/* Length of the valid UTF-8 sequence at s (n > 0 bytes left, s[0] >=
 * 0x80), or 0 if malformed. */
static size_t utf8_valid(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) len = 3;
    else if (c >= 0xF0 && c <= 0xF4) len = 4;
    else return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    /* Overlong forms, surrogates and code points past U+10FFFF. */
    if (c == 0xE0 && s[1] < 0xA0) return 0;
    if (c == 0xED && s[1] > 0x9F) return 0;
    if (c == 0xF0 && s[1] < 0x90) return 0;
    if (c == 0xF4 && s[1] > 0x8F) return 0;
    return len;
}

/* Append s as a JSON string literal, quotes included. */
static void put_string(StrBuf *sb, const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, run = 0;   /* s[run..i) is pending verbatim output */
    sb_putc(sb, '"');
    while (i < n) {
        unsigned char c = s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) { i++; continue; }
        if (c >= 0x80) {
            size_t len = utf8_valid(s + i, n - i);
            if (len) { i += len; continue; }
        }
        if (i > run) sb_append(sb, text + run, i - run);
        switch (c) {
        case '"': sb_append(sb, "\\\"", 2); break;
        case '\\': sb_append(sb, "\\\\", 2); break;
        case '\n': sb_append(sb, "\\n", 2); break;
        case '\r': sb_append(sb, "\\r", 2); break;
        case '\t': sb_append(sb, "\\t", 2); break;
        case '\b': sb_append(sb, "\\b", 2); break;
        case '\f': sb_append(sb, "\\f", 2); break;
        default:
            if (c >= 0x80) {
                sb_append(sb, "\\ufffd", 6);      /* malformed UTF-8 byte */
            } else {
                char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                sb_append(sb, u, 6);
            }
        }
        run = ++i;
    }
    if (n > run) sb_append(sb, text + run, n - run);
    sb_putc(sb, '"');
}

void json_init(Renderer *r)
{
    r->json_keys = xcalloc((size_t)r->n_cols + 1, sizeof *r->json_keys);
    r->json_key_len = xcalloc((size_t)r->n_cols + 1, sizeof *r->json_key_len);
    StrBuf sb = STRBUF_INIT;
    for (int c = 0; c < r->n_cols; c++) {
        sb_reset(&sb);
        put_string(&sb, r->names[c], strlen(r->names[c]));
        sb_putc(&sb, ':');
        r->json_key_len[c] = sb.len;
        r->json_keys[c] = xstrndup(sb.data, sb.len);
    }
    sb_free(&sb);
}

void json_free(Renderer *r)
{
    if (!r->json_keys) return;
    for (int c = 0; c < r->n_cols; c++) free(r->json_keys[c]);
    free(r->json_keys);
    free(r->json_key_len);
}

static void put_value(StrBuf *sb, const Vector *v, uint32_t i)
{
    uint32_t k = v->is_const ? 0 : i;
    if (v->type == TYPE_NULL || vec_is_null(v, k)) {
        sb_append(sb, "null", 4);
        return;
    }
    switch (v->type) {
    case TYPE_BOOL:
        if (VEC_BOOL(v)[k]) sb_append(sb, "true", 4);
        else sb_append(sb, "false", 5);
        break;
    case TYPE_INT64: render_put_int(sb, VEC_I64(v)[k]); break;
    case TYPE_DOUBLE: {
        double d = VEC_F64(v)[k];
        if (isfinite(d)) format_double(d, sb);
        else sb_append(sb, "null", 4);
        break;
    }
    case TYPE_TEXT: put_string(sb, VEC_STR(v)[k].ptr, VEC_STR(v)[k].len); break;
    case TYPE_TIMESTAMP:
        sb_putc(sb, '"');
        render_put_timestamp(sb, VEC_I64(v)[k]);
        sb_putc(sb, '"');
        break;
    case TYPE_INTERVAL: {
        StrBuf tmp = STRBUF_INIT;
        time_format_interval(VEC_I64(v)[k], &tmp);
        put_string(sb, tmp.data ? tmp.data : "", tmp.len);
        sb_free(&tmp);
        break;
    }
    case TYPE_NULL: break;
    }
}

static const char *op_text(RowKind kind)
{
    switch (kind) {
    case ROW_INSERT: return "+";
    case ROW_UPDATE: return "u";
    case ROW_SNAPSHOT: return "=";
    case ROW_DELETE: return "-";
    }
    return "+";
}

void json_put_object(const Renderer *r, StrBuf *sb, const Batch *b, uint32_t row)
{
    int nc = b->n_cols < r->n_cols ? b->n_cols : r->n_cols;
    sb_putc(sb, '{');
    for (int c = 0; c < r->n_cols; c++) {
        if (c) sb_putc(sb, ',');
        sb_append(sb, r->json_keys[c], r->json_key_len[c]);
        if (c < nc) put_value(sb, &b->cols[c], row);
        else sb_append(sb, "null", 4);
    }
    sb_putc(sb, '}');
}

void json_rows(Renderer *r, const Batch *b)
{
    StrBuf *o = &r->buf;
    /* The changelog prefix is the same for every row of the batch. */
    char prefix[64];
    size_t prefix_len = 0;
    if (r->fmt == FORMAT_CHANGELOG) {
        StrBuf p = STRBUF_INIT;
        sb_puts(&p, "{\"batch\":");
        render_put_int(&p, r->batch_id < 0 ? 0 : r->batch_id);
        sb_puts(&p, ",\"op\":\"");
        sb_puts(&p, op_text(b->kind));
        sb_puts(&p, "\",\"row\":");
        prefix_len = p.len;
        memcpy(prefix, p.data, p.len);
        sb_free(&p);
    }
    for (uint32_t k = 0; k < b->n_sel; k++) {
        if (prefix_len) sb_append(o, prefix, prefix_len);
        json_put_object(r, o, b, batch_row(b, k));
        if (prefix_len) sb_append(o, "}\n", 2);
        else sb_putc(o, '\n');
        if (o->len >= RENDER_WRITE_CHUNK) render_drain(r);
    }
}
