/* render — Renderer lifecycle, format dispatch and value text shared by
 * the formats. The formats themselves live in render_table.c,
 * render_csv.c and render_json.c. */
#include "render_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/base/mem.h"
#include "engine/base/timeutil.h"

static const char *const format_names[] = {
    [FORMAT_TABLE] = "table",
    [FORMAT_CSV] = "csv",
    [FORMAT_JSON] = "json",
    [FORMAT_CHANGELOG] = "changelog",
    [FORMAT_VERTICAL] = "vertical",
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
    if (fmt == FORMAT_TABLE || fmt == FORMAT_VERTICAL) table_init(r);
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
    case FORMAT_TABLE:
    case FORMAT_VERTICAL: table_rows(r, b); break;
    case FORMAT_CSV: csv_rows(r, b); break;
    case FORMAT_JSON:
    case FORMAT_CHANGELOG: json_rows(r, b); break;
    }
    r->rows += b->n_sel;
}

void render_end(Renderer *r)
{
    if (r->fmt == FORMAT_TABLE || r->fmt == FORMAT_VERTICAL) table_end(r);
    if (r->fmt == FORMAT_CSV) csv_end(r);
    render_drain(r);
    errno = 0;
    if (!r->write_err && (fflush(r->out) != 0 || ferror(r->out))) r->write_err = errno ? errno : EIO;
}

int64_t render_row_count(const Renderer *r) { return r->rows; }

int render_error(const Renderer *r) { return r->write_err; }

void render_discard(Renderer *r)
{
    sb_reset(&r->buf);
    if (r->fmt == FORMAT_TABLE) {
        r->n_cells = 0;
        sb_reset(&r->cells_text);
    }
}

/* After a failed write nothing more is written: the output already has a
 * hole, and the query ends on the error (render_error). */
void render_drain(Renderer *r)
{
    if (r->buf.len && !r->write_err) {
        errno = 0;
        if (fwrite(r->buf.data, 1, r->buf.len, r->out) != r->buf.len)
            r->write_err = errno ? errno : EIO;
    }
    sb_reset(&r->buf);
}

/* ---- value text ------------------------------------------------------ */

/* "00" "01" ... "99": two digits per division. */
static const char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* The number of decimal digits of u: the bit length gives it within one
 * (bits * log10(2) ~ bits * 1233 / 4096), a table settles which. */
static inline int digits_of(uint64_t u)
{
    static const uint64_t pow10[20] = {
        1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
        UINT64_C(10000000000), UINT64_C(100000000000), UINT64_C(1000000000000),
        UINT64_C(10000000000000), UINT64_C(100000000000000), UINT64_C(1000000000000000),
        UINT64_C(10000000000000000), UINT64_C(100000000000000000),
        UINT64_C(1000000000000000000), UINT64_C(10000000000000000000)};
    u |= 1;                  /* 0 has one digit; no other count changes */
    int t = (64 - __builtin_clzll(u)) * 1233 >> 12;
    return t + (u >= pow10[t]);
}

/* The decimal digits of u at p; returns their end. */
static char *put_uint(char *p, uint64_t u)
{
    int n = digits_of(u);
    char *e = p + n;
    while (u >= 100) {
        e -= 2;
        memcpy(e, digit_pairs + 2 * (u % 100), 2);
        u /= 100;
    }
    if (u >= 10) memcpy(e - 2, digit_pairs + 2 * u, 2);
    else e[-1] = (char)('0' + u);
    return p + n;
}

char *render_int_at(char *p, int64_t x)
{
    if (x < 0) *p++ = '-';
    /* The magnitude as unsigned, so INT64_MIN does not overflow. */
    return put_uint(p, x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x);
}

void render_put_int(StrBuf *sb, int64_t x)
{
    rb_commit(sb, render_int_at(rb_room(sb, RENDER_INT_MAX), x));
}

/* Exactly two digits of v < 100. */
static inline char *put2(char *p, unsigned v)
{
    memcpy(p, digit_pairs + 2 * v, 2);
    return p + 2;
}

/* The text "YYYY-MM-DD " of the last day rendered: consecutive timestamps
 * mostly share their day, so the calendar arithmetic runs once per day;
 * and the whole text of the last timestamp, which windowed output repeats
 * row after row (per thread: these caches are the only state here). */
static _Thread_local struct {
    int64_t days;
    bool valid;
    char text[11];
} day_cache;

static _Thread_local struct {
    int64_t us;
    uint8_t len;         /* 0: empty */
    char text[26];
} last_ts;

/* The text of us at p (room for RENDER_TS_MAX bytes); returns its end, or
 * NULL for years outside 0000-9999 (left to timeutil). */
static char *timestamp_at(char *p, int64_t us)
{
    int64_t secs = time_floor_div(us, US_PER_SEC);
    int64_t frac = us - secs * US_PER_SEC;
    int64_t days = time_floor_div(secs, 86400);
    unsigned rem = (unsigned)(secs - days * 86400);
    if (!day_cache.valid || day_cache.days != days) {
        int64_t y;
        unsigned m, d;
        time_civil_from_days(days, &y, &m, &d);
        if (y < 0 || y > 9999) return NULL;
        char *c = day_cache.text;
        c = put2(c, (unsigned)(y / 100));
        c = put2(c, (unsigned)(y % 100));
        *c++ = '-';
        c = put2(c, m);
        *c++ = '-';
        c = put2(c, d);
        *c = ' ';
        day_cache.days = days;
        day_cache.valid = true;
    }
    memcpy(p, day_cache.text, 11);
    p += 11;
    p = put2(p, rem / 3600); *p++ = ':';
    p = put2(p, rem / 60 % 60); *p++ = ':';
    p = put2(p, rem % 60);
    if (frac) {
        *p++ = '.';
        p = put2(p, (unsigned)(frac / 10000));
        p = put2(p, (unsigned)(frac / 100 % 100));
        p = put2(p, (unsigned)(frac % 100));
    }
    return p;
}

char *render_timestamp_at(char *p, int64_t us)
{
    if (last_ts.len && last_ts.us == us) {
        memcpy(p, last_ts.text, sizeof last_ts.text);
        return p + last_ts.len;
    }
    char *e = timestamp_at(p, us);
    if (!e) return NULL;
    last_ts.len = (uint8_t)(e - p);
    memcpy(last_ts.text, p, (size_t)(e - p));
    last_ts.us = us;
    return e;
}

void render_put_timestamp(StrBuf *sb, int64_t us)
{
    char *p = rb_room(sb, RENDER_TS_MAX);
    char *e = render_timestamp_at(p, us);
    if (e) rb_commit(sb, e);
    else time_format_timestamp(us, sb);
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
