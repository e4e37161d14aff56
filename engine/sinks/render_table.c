/* render_table — Spark's console sink look, and the vertical format.
 *
 *   -------------------------------------------
 *   Batch: 0
 *   -------------------------------------------
 *   +---------------+-----+
 *   |             ip|    n|
 *   +---------------+-----+
 *   |124.165.126.217|    1|
 *   +---------------+-----+
 *   (blank line)
 *
 * A table needs every cell before it can print its first border, so the
 * cells of a micro-batch are formatted into one text buffer as they
 * arrive and printed at render_end. Widths are terminal columns, so
 * UTF-8 text (accents, CJK, emoji) stays aligned.
 *
 * As Spark's console, a table shows at most max_rows rows per batch and
 * max_width characters per cell (render_set_options; render_new shows
 * all), ends a cut cell in "...", and says how many rows it left out. A
 * micro-batch without rows prints nothing (a one-shot result still
 * prints its empty table).
 *
 * Vertical (psql's \x, sqlite's .mode line): one line per cell,
 *   -[ RECORD 1 ]------
 *   ip | 124.165.126.217
 *   n  | 1
 * for rows too wide for a terminal: cells are never cut there. */
#include "render_int.h"

#include <stdlib.h>
#include <string.h>

#include "engine/base/mem.h"

#define MIN_COL_WIDTH 3u
#define BATCH_RULE "-------------------------------------------\n"

/* ---- terminal width of UTF-8 text --------------------------------------- */

typedef struct Range { uint32_t lo, hi; } Range;

/* Zero-width: combining marks, zero-width spaces/joiners, variation
 * selectors. */
static const Range zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x1AB0, 0x1AFF},
    {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xE0100, 0xE01EF},
};

/* Two columns: East Asian Wide and Fullwidth blocks, and emoji. */
static const Range double_width[] = {
    {0x1100, 0x115F}, {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF}, {0xA000, 0xA4CF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
    {0xFE30, 0xFE4F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F},
    {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD},
    {0x30000, 0x3FFFD},
};

static bool in_ranges(uint32_t c, const Range *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (c >= r[i].lo && c <= r[i].hi) return true;
    return false;
}

static uint32_t codepoint_width(uint32_t c)
{
    if (c < 0x300) return 1;
    if (in_ranges(c, zero_width, sizeof zero_width / sizeof zero_width[0])) return 0;
    if (in_ranges(c, double_width, sizeof double_width / sizeof double_width[0])) return 2;
    return 1;
}

/* Decode one UTF-8 sequence at s (n > 0 bytes left); returns its length,
 * or 0 if it is malformed. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

uint32_t render_text_width(const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    uint32_t w = 0;
    size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) { w++; i++; continue; }
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) { w++; i++; continue; }   /* a stray byte: one column */
        w += codepoint_width(cp);
        i += len;
    }
    return w;
}

/* ---- the table ---------------------------------------------------------- */

/* Each column starts as wide as its header (cut to max_width). */
static void reset_widths(Renderer *r)
{
    for (int c = 0; c < r->n_cols; c++) {
        uint32_t w = r->no_headers ? 0 : render_text_width(r->names[c], strlen(r->names[c]));
        if (r->max_width > 0 && w > (uint64_t)r->max_width) w = (uint32_t)r->max_width;
        r->col_width[c] = w < MIN_COL_WIDTH ? MIN_COL_WIDTH : w;
    }
}

void table_init(Renderer *r)
{
    r->col_width = xcalloc((size_t)r->n_cols + 1, sizeof *r->col_width);
    reset_widths(r);
}

void render_set_options(Renderer *r, const RenderOptions *o)
{
    r->max_rows = o->max_rows;
    r->max_width = o->max_width;
    r->no_headers = !o->headers;
    if (r->fmt == FORMAT_CSV && !o->headers) r->csv_header_done = true;
    free(r->null_text);
    r->null_text = o->null_text && strcmp(o->null_text, "NULL") != 0 ? xstrdup(o->null_text) : NULL;
    if (r->col_width) reset_widths(r);
}

void table_free(Renderer *r)
{
    free(r->null_text);
    sb_free(&r->cells_text);
    free(r->cells);
    free(r->col_width);
}

/* The byte length of the longest prefix of s[0..n) that is at most
 * `cols` terminal columns wide and ends on a character boundary. */
static size_t prefix_within(const char *text, size_t n, uint32_t cols)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    uint32_t w = 0;
    while (i < n) {
        uint32_t cp, cw;
        size_t len = s[i] < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
        if (s[i] < 0x80) cw = 1;
        else if (len == 0) { len = 1; cw = 1; }
        else cw = codepoint_width(cp);
        if (w + cw > cols) break;
        w += cw;
        i += len;
    }
    return i;
}

/* Cut the text [off, len) of the buffer to max_width columns with "...",
 * as Spark's show(truncate = 20) does. */
static void cut_cell(Renderer *r, TableCell *cell)
{
    if (r->max_width <= 0 || cell->width <= (uint64_t)r->max_width || r->fmt == FORMAT_VERTICAL) return;
    const char *text = r->cells_text.data + cell->off;
    size_t keep = prefix_within(text, cell->len, (uint32_t)r->max_width - 3);
    r->cells_text.len = cell->off + keep;
    sb_append(&r->cells_text, "...", 3);
    cell->len = (uint32_t)(keep + 3);
    cell->width = render_text_width(r->cells_text.data + cell->off, cell->len);
}

void table_rows(Renderer *r, const Batch *b)
{
    int nc = b->n_cols < r->n_cols ? b->n_cols : r->n_cols;
    uint32_t take = b->n_sel;
    if (r->max_rows > 0 && r->n_cols) {
        int64_t have = (int64_t)(r->n_cells / (size_t)r->n_cols);
        int64_t room = have < r->max_rows ? r->max_rows - have : 0;
        if ((int64_t)take > room) {
            r->rows_left_out += (int64_t)take - room;
            take = (uint32_t)room;
        }
    }
    size_t need = r->n_cells + (size_t)take * (size_t)r->n_cols;
    r->cells = xgrow(r->cells, &r->cap_cells, need, sizeof *r->cells);
    for (uint32_t k = 0; k < take; k++) {
        uint32_t row = batch_row(b, k);
        for (int c = 0; c < r->n_cols; c++) {
            TableCell *cell = &r->cells[r->n_cells++];
            size_t off = r->cells_text.len;
            const Vector *v = c < nc ? &b->cols[c] : NULL;
            if (r->null_text && (!v || vec_is_null(v, v->is_const ? 0 : row) || v->type == TYPE_NULL))
                sb_puts(&r->cells_text, r->null_text);
            else if (v) render_cell_text(&r->cells_text, v, row);
            else sb_append(&r->cells_text, "NULL", 4);
            cell->off = (uint32_t)off;
            cell->len = (uint32_t)(r->cells_text.len - off);
            cell->width = render_text_width(r->cells_text.data + off, cell->len);
            cut_cell(r, cell);
            if (cell->width > r->col_width[c]) r->col_width[c] = cell->width;
        }
    }
}

static void put_border(Renderer *r)
{
    sb_putc(&r->buf, '+');
    for (int c = 0; c < r->n_cols; c++) {
        sb_repeat(&r->buf, '-', r->col_width[c]);
        sb_putc(&r->buf, '+');
    }
    sb_putc(&r->buf, '\n');
}

/* Right-align text of `width` columns in column c. */
static void put_cell(Renderer *r, int c, const char *text, size_t len, uint32_t width)
{
    sb_repeat(&r->buf, ' ', r->col_width[c] - width);
    if (len) sb_append(&r->buf, text, len);
    sb_putc(&r->buf, '|');
}

/* "only showing top 20 rows" and how many more there were. */
static void put_left_out(Renderer *r)
{
    if (!r->rows_left_out) return;
    sb_printf(&r->buf, "only showing top %lld row%s, %lld more (.maxrows 0 shows all)\n",
              (long long)r->max_rows, r->max_rows == 1 ? "" : "s", (long long)r->rows_left_out);
}

/* A header name as shown: cut like a cell. */
static void put_name(Renderer *r, StrBuf *o, int c, uint32_t *width, bool pad_left)
{
    const char *name = r->names[c];
    size_t len = strlen(name);
    uint32_t w = render_text_width(name, len);
    bool cut = r->max_width > 0 && w > (uint64_t)r->max_width && r->fmt == FORMAT_TABLE;
    if (cut) {
        len = prefix_within(name, len, (uint32_t)r->max_width - 3);
        w = render_text_width(name, len) + 3;
    }
    if (pad_left) sb_repeat(o, ' ', width[c] - w);
    sb_append(o, name, len);
    if (cut) sb_puts(o, "...");
    if (!pad_left) sb_repeat(o, ' ', width[c] - w);
}

static void vertical_end(Renderer *r, size_t n_rows)
{
    StrBuf *o = &r->buf;
    uint32_t name_w = 0, val_w = 0;
    uint32_t *nw = xcalloc((size_t)r->n_cols + 1, sizeof *nw);
    for (int c = 0; c < r->n_cols; c++) {
        size_t len = strlen(r->names[c]);
        uint32_t w = render_text_width(r->names[c], len);
        if (w > name_w) name_w = w;
    }
    for (int c = 0; c < r->n_cols; c++) nw[c] = name_w;
    for (size_t i = 0; i < r->n_cells; i++)
        if (r->cells[i].width > val_w) val_w = r->cells[i].width;
    const TableCell *cell = r->cells;
    for (size_t i = 0; i < n_rows; i++) {
        size_t mark = o->len;
        sb_printf(o, "-[ RECORD %zu ]", i + 1);
        size_t used = o->len - mark, total = (size_t)name_w + 3 + val_w;
        if (used < total) sb_repeat(o, '-', total - used);
        sb_putc(o, '\n');
        for (int c = 0; c < r->n_cols; c++, cell++) {
            put_name(r, o, c, nw, false);
            sb_puts(o, cell->len ? " | " : " |");
            if (cell->len) sb_append(o, r->cells_text.data + cell->off, cell->len);
            sb_putc(o, '\n');
        }
        if (o->len >= RENDER_WRITE_CHUNK) render_drain(r);
    }
    free(nw);
    if (n_rows == 0) sb_puts(o, "(no rows)\n");
}

static void table_body(Renderer *r, size_t n_rows)
{
    StrBuf *o = &r->buf;
    if (!r->no_headers) {
        put_border(r);
        sb_putc(o, '|');
        for (int c = 0; c < r->n_cols; c++) {
            put_name(r, o, c, r->col_width, true);
            sb_putc(o, '|');
        }
        sb_putc(o, '\n');
    }
    put_border(r);
    const TableCell *cell = r->cells;
    for (size_t i = 0; i < n_rows; i++) {
        sb_putc(o, '|');
        for (int c = 0; c < r->n_cols; c++, cell++)
            put_cell(r, c, r->cells_text.data + cell->off, cell->len, cell->width);
        sb_putc(o, '\n');
        if (o->len >= RENDER_WRITE_CHUNK) render_drain(r);
    }
    put_border(r);
}

void table_end(Renderer *r)
{
    StrBuf *o = &r->buf;
    size_t n_rows = r->n_cols ? r->n_cells / (size_t)r->n_cols : 0;
    /* A micro-batch without output rows prints nothing: a rare filter
     * over a fast source would otherwise print empty tables non-stop. */
    if (r->batch_id >= 0 && n_rows == 0 && r->rows_left_out == 0) goto done;
    if (r->batch_id >= 0) {
        sb_puts(o, BATCH_RULE "Batch: ");
        render_put_int(o, r->batch_id);
        sb_puts(o, "\n" BATCH_RULE);
    }
    if (r->fmt == FORMAT_VERTICAL) vertical_end(r, n_rows);
    else table_body(r, n_rows);
    put_left_out(r);
    sb_putc(o, '\n');

done:
    /* Ready for the next micro-batch. */
    r->n_cells = 0;
    r->rows_left_out = 0;
    sb_reset(&r->cells_text);
    reset_widths(r);
}
