/* render — Renderer lifecycle, format dispatch and value text shared by
 * the formats. The formats themselves live in render_table.c,
 * render_csv.c and render_json.c. */
#include "render_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/mem.h"
#include "../base/timeutil.h"

static const char *const format_names[] = {
    [FORMAT_TABLE] = "table",
    [FORMAT_CSV] = "csv",
    [FORMAT_JSON] = "json",
    [FORMAT_CHANGELOG] = "changelog",
};

bool output_format_from_name(const char *name, OutputFormat *out)
{
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
        if (strcasecmp(name, format_names[i]) == 0) {
            *out = (OutputFormat)i;
            return true;
        }
    }
    return false;
}

const char *output_format_name(OutputFormat fmt)
{
    return (unsigned)fmt < sizeof format_names / sizeof format_names[0]
               ? format_names[fmt] : "?";
}

Renderer *render_new(OutputFormat fmt, FILE *out, const Schema *schema)
{
    Renderer *r = xcalloc(1, sizeof *r);
    r->fmt = fmt;
    r->out = out;
    r->batch_id = -1;
    r->n_cols = schema ? schema->n : 0;
    r->names = xcalloc((size_t)r->n_cols + 1, sizeof *r->names);
    r->types = xcalloc((size_t)r->n_cols + 1, sizeof *r->types);
    for (int i = 0; i < r->n_cols; i++) {
        const char *name = schema->cols[i].name;
        r->names[i] = xstrdup(name ? name : "");
        r->types[i] = schema->cols[i].type;
    }
    if (fmt == FORMAT_TABLE) table_init(r);
    if (fmt == FORMAT_JSON || fmt == FORMAT_CHANGELOG) json_init(r);
    return r;
}

void render_free(Renderer *r)
{
    if (!r) return;
    render_drain(r);
    table_free(r);
    json_free(r);
    for (int i = 0; i < r->n_cols; i++) free(r->names[i]);
    free(r->names);
    free(r->types);
    sb_free(&r->buf);
    free(r);
}

void render_begin(Renderer *r, int64_t batch_id)
{
    r->batch_id = batch_id;
}

void render_rows(Renderer *r, const Batch *b)
{
    if (b->n_sel == 0) return;
    switch (r->fmt) {
    case FORMAT_TABLE: table_rows(r, b); break;
    case FORMAT_CSV: csv_rows(r, b); break;
    case FORMAT_JSON:
    case FORMAT_CHANGELOG: json_rows(r, b); break;
    }
    r->rows += b->n_sel;
}

void render_end(Renderer *r)
{
    if (r->fmt == FORMAT_TABLE) table_end(r);
    if (r->fmt == FORMAT_CSV) csv_end(r);
    render_drain(r);
    fflush(r->out);
}

int64_t render_row_count(const Renderer *r) { return r->rows; }

void render_drain(Renderer *r)
{
    if (r->buf.len) fwrite(r->buf.data, 1, r->buf.len, r->out);
    sb_reset(&r->buf);
}

/* ---- value text ------------------------------------------------------ */

void render_put_int(StrBuf *sb, int64_t x)
{
    char tmp[24];
    char *p = tmp + sizeof tmp;
    /* Work on the magnitude as unsigned so INT64_MIN does not overflow. */
    uint64_t u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (x < 0) *--p = '-';
    sb_append(sb, p, (size_t)(tmp + sizeof tmp - p));
}

static char *put_digits(char *p, unsigned v, int n)
{
    for (int k = n - 1; k >= 0; k--) {
        p[k] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + n;
}

void render_put_timestamp(StrBuf *sb, int64_t us)
{
    int64_t secs = time_floor_div(us, US_PER_SEC);
    int64_t frac = us - secs * US_PER_SEC;
    int64_t days = time_floor_div(secs, 86400);
    int64_t rem = secs - days * 86400;
    int64_t y;
    unsigned m, d;
    time_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {            /* rare: let timeutil print it */
        time_format_timestamp(us, sb);
        return;
    }
    char tmp[32], *p = tmp;
    p = put_digits(p, (unsigned)y, 4); *p++ = '-';
    p = put_digits(p, m, 2); *p++ = '-';
    p = put_digits(p, d, 2); *p++ = ' ';
    p = put_digits(p, (unsigned)(rem / 3600), 2); *p++ = ':';
    p = put_digits(p, (unsigned)(rem / 60 % 60), 2); *p++ = ':';
    p = put_digits(p, (unsigned)(rem % 60), 2);
    if (frac) {
        *p++ = '.';
        p = put_digits(p, (unsigned)frac, 6);
    }
    sb_append(sb, tmp, (size_t)(p - tmp));
}

void render_cell_text(StrBuf *sb, const Vector *v, uint32_t i)
{
    uint32_t k = v->is_const ? 0 : i;
    if (vec_is_null(v, k) || v->type == TYPE_NULL) {
        sb_append(sb, "NULL", 4);
        return;
    }
    switch (v->type) {
    case TYPE_BOOL:
        if (VEC_BOOL(v)[k]) sb_append(sb, "true", 4);
        else sb_append(sb, "false", 5);
        break;
    case TYPE_INT64: render_put_int(sb, VEC_I64(v)[k]); break;
    case TYPE_DOUBLE: format_double(VEC_F64(v)[k], sb); break;
    case TYPE_TEXT:
        /* An empty Str may carry a NULL pointer: no memcpy from it. */
        if (VEC_STR(v)[k].len) sb_append(sb, VEC_STR(v)[k].ptr, VEC_STR(v)[k].len);
        break;
    case TYPE_TIMESTAMP: render_put_timestamp(sb, VEC_I64(v)[k]); break;
    case TYPE_INTERVAL: time_format_interval(VEC_I64(v)[k], sb); break;
    case TYPE_NULL: break;
    }
}
