/* render_csv — RFC 4180 rows for piping into other tools.
 *
 * Header line once: before the first row, or at the end of the first
 * micro-batch when it had no rows. A field is quoted when it holds a
 * comma, a quote, CR or LF (quotes doubled); NULL is an empty field and an
 * empty string is "" so the two stay apart. Lines end in "\n" (the Unix
 * convention of Spark's and PostgreSQL's CSV writers). Rows are formatted
 * into the Renderer's buffer and written in large blocks; csv_put_header
 * and csv_put_row format into any buffer (the file sinks use them). */
#include "render_int.h"

#include <string.h>

/* The bytes that make a field need quotes. */
static const bool csv_special[256] = {[','] = true, ['"'] = true, ['\n'] = true, ['\r'] = true};

static bool needs_quotes(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (csv_special[(unsigned char)s[i]]) return true;
    return false;
}

/* Field text at p (room for 2 n + 2 bytes): quoted, with quotes doubled,
 * when it holds a comma, quote or line break; "" when empty. */
static char *field_at(char *p, const char *s, size_t n)
{
    if (n == 0) {
        memcpy(p, "\"\"", 2);
        return p + 2;
    }
    if (!needs_quotes(s, n)) {
        memcpy(p, s, n);
        return p + n;
    }
    *p++ = '"';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') *p++ = '"';
        *p++ = s[i];
    }
    *p++ = '"';
    return p;
}

void csv_put_header(const Renderer *r, StrBuf *sb)
{
    for (int c = 0; c < r->n_cols; c++) {
        size_t n = strlen(r->names[c]);
        char *p = rb_room(sb, 2 * n + 3);
        if (c) *p++ = ',';
        rb_commit(sb, field_at(p, r->names[c], n));
    }
    sb_putc(sb, '\n');
}

/* Bytes a row of b can take, at most: every value's widest text and its
 * separator (TEXT measured; types other than TEXT, BIGINT and TIMESTAMP
 * go through render_cell_text, which makes its own room). */
static size_t row_bound(const Batch *b, int nc, int n_cols, uint32_t row)
{
    size_t need = (size_t)n_cols * (RENDER_TS_MAX + 1) + 1;
    for (int c = 0; c < nc; c++) {
        const Vector *v = &b->cols[c];
        uint32_t k = v->is_const ? 0 : row;
        /* A NULL cell's Str is not set: its length may be anything. */
        if (v->type == TYPE_TEXT && !vec_is_null(v, k)) need += 2 * (size_t)VEC_STR(v)[k].len + 2;
    }
    return need;
}

/* One row, written straight into sb after one capacity check. Numbers,
 * booleans, timestamps and intervals never hold a comma, quote or
 * newline: only TEXT is ever quoted. */
void csv_put_row(const Renderer *r, StrBuf *sb, const Batch *b, uint32_t row)
{
    const int nc = b->n_cols < r->n_cols ? b->n_cols : r->n_cols;
    const size_t need = row_bound(b, nc, r->n_cols, row);
    char *p = rb_room(sb, need);
    for (int c = 0; c < nc; c++) {
        if (c) *p++ = ',';
        const Vector *v = &b->cols[c];
        const uint32_t k = v->is_const ? 0 : row;
        if (v->type == TYPE_NULL || vec_is_null(v, k)) continue;
        char *e = NULL;
        switch (v->type) {
        case TYPE_TEXT: e = field_at(p, VEC_STR(v)[k].ptr, VEC_STR(v)[k].len); break;
        case TYPE_INT64: e = render_int_at(p, VEC_I64(v)[k]); break;
        case TYPE_TIMESTAMP: e = render_timestamp_at(p, VEC_I64(v)[k]); break;
        default: break;
        }
        if (e) {
            p = e;
        } else {                          /* the general formatter, then room again */
            rb_commit(sb, p);
            render_cell_text(sb, v, k);
            p = rb_room(sb, need);
        }
    }
    for (int c = nc; c < r->n_cols; c++)
        if (c) *p++ = ',';
    *p++ = '\n';
    rb_commit(sb, p);
}

static void put_header(Renderer *r)
{
    csv_put_header(r, &r->buf);
    r->csv_header_done = true;
}

void csv_rows(Renderer *r, const Batch *b)
{
    if (!r->csv_header_done) put_header(r);
    for (uint32_t k = 0; k < b->n_sel; k++) {
        csv_put_row(r, &r->buf, b, batch_row(b, k));
        if (r->buf.len >= RENDER_WRITE_CHUNK) render_drain(r);
    }
}

void csv_end(Renderer *r)
{
    if (!r->csv_header_done) put_header(r);
}
