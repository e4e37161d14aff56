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

static void put_field(StrBuf *sb, const char *s, size_t n)
{
    if (n == 0) {
        sb_append(sb, "\"\"", 2);
        return;
    }
    if (!needs_quotes(s, n)) {
        char *p = rb_room(sb, n);
        memcpy(p, s, n);
        rb_commit(sb, p + n);
        return;
    }
    sb_putc(sb, '"');
    const char *end = s + n;
    while (s < end) {
        const char *q = memchr(s, '"', (size_t)(end - s));
        if (!q) {
            sb_append(sb, s, (size_t)(end - s));
            break;
        }
        sb_append(sb, s, (size_t)(q - s) + 1);   /* up to and with the quote */
        sb_putc(sb, '"');                           /* ... doubled */
        s = q + 1;
    }
    sb_putc(sb, '"');
}

void csv_put_header(const Renderer *r, StrBuf *sb)
{
    for (int c = 0; c < r->n_cols; c++) {
        if (c) sb_putc(sb, ',');
        put_field(sb, r->names[c], strlen(r->names[c]));
    }
    sb_putc(sb, '\n');
}

static void put_header(Renderer *r)
{
    csv_put_header(r, &r->buf);
    r->csv_header_done = true;
}

/* One field of row i of v. Only TEXT can need quoting: numbers, booleans,
 * timestamps and intervals never hold a comma, quote or newline. */
static void put_value(StrBuf *sb, const Vector *v, uint32_t i)
{
    uint32_t k = v->is_const ? 0 : i;
    if (v->type == TYPE_NULL || vec_is_null(v, k)) return;
    switch (v->type) {
    case TYPE_TEXT: put_field(sb, VEC_STR(v)[k].ptr, VEC_STR(v)[k].len); break;
    case TYPE_INT64: render_put_int(sb, VEC_I64(v)[k]); break;
    case TYPE_TIMESTAMP: render_put_timestamp(sb, VEC_I64(v)[k]); break;
    default: render_cell_text(sb, v, k); break;
    }
}

void csv_put_row(const Renderer *r, StrBuf *sb, const Batch *b, uint32_t row)
{
    int nc = b->n_cols < r->n_cols ? b->n_cols : r->n_cols;
    for (int c = 0; c < nc; c++) {
        if (c) rb_putc(sb, ',');
        put_value(sb, &b->cols[c], row);
    }
    for (int c = nc; c < r->n_cols; c++)
        if (c) rb_putc(sb, ',');
    rb_putc(sb, '\n');
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
