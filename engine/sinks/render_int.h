/* render_int — the Renderer's insides, shared by the per-format files.
 *
 * render.c owns the lifecycle and dispatch; render_table.c, render_csv.c
 * and render_json.c each implement one format (json.c also does
 * changelog); sink_writer.c borrows the csv/json row formatting. Not a
 * public header: nothing outside engine/sinks/ includes it. */
#ifndef SLUICE_RENDER_INT_H
#define SLUICE_RENDER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "render.h"

/* The csv/json paths hand the buffer to fwrite once it holds this much. */
#define RENDER_WRITE_CHUNK (64u * 1024u)

/* One buffered table cell: bytes [off, off+len) of Renderer.cells_text,
 * `width` terminal columns wide. */
typedef struct TableCell {
    uint32_t off, len, width;
} TableCell;

struct Renderer {
    OutputFormat fmt;
    FILE *out;
    int n_cols;
    char **names;            /* column names (owned copies) */
    Type *types;
    int64_t batch_id;        /* of the current micro-batch; < 0 one-shot */
    int64_t rows;            /* rendered over all batches */
    StrBuf buf;              /* csv/json/changelog: bytes not yet written */
    int write_err;           /* errno of the first failed write; 0: none */

    /* csv */
    bool csv_header_done;

    /* json/changelog: the `"name":` prefix of each column, pre-escaped */
    char **json_keys;
    size_t *json_key_len;

    /* table: the cells of the current micro-batch, row-major */
    StrBuf cells_text;
    TableCell *cells;
    size_t n_cells, cap_cells;
    uint32_t *col_width;     /* terminal columns of the widest cell/header */
    int64_t max_rows, max_width;   /* table/vertical caps; 0 none */
    bool no_headers;
    char *null_text;         /* NULL: "NULL" */
    int64_t rows_left_out;   /* of this batch, beyond max_rows */
};

/* Writing straight into a StrBuf: rb_room makes room for n more bytes
 * and returns where they go; rb_commit ends the text at `end` (keeping
 * the buffer NUL-terminated). Per value this is one capacity check
 * instead of a call per piece. */
static inline char *rb_room(StrBuf *sb, size_t n)
{
    if (sb->len + n >= sb->cap) sb_reserve(sb, n);
    return sb->data + sb->len;
}
static inline void rb_commit(StrBuf *sb, char *end)
{
    sb->len = (size_t)(end - sb->data);
    *end = '\0';
}
static inline void rb_putc(StrBuf *sb, char c)
{
    char *p = rb_room(sb, 1);
    *p++ = c;
    rb_commit(sb, p);
}

/* Append the display text of row i of v (NULL -> "NULL"), as tables and
 * CSV show it. No printf for the common types. */
void render_cell_text(StrBuf *sb, const Vector *v, uint32_t i);
/* Append a decimal integer. */
void render_put_int(StrBuf *sb, int64_t x);
/* Append "YYYY-MM-DD HH:MM:SS[.ffffff]". */
void render_put_timestamp(StrBuf *sb, int64_t us);
/* The same written at p, which has room for RENDER_INT_MAX / RENDER_TS_MAX
 * bytes; they return the end. render_timestamp_at returns NULL for years
 * outside 0000-9999 (render_put_timestamp handles those). */
#define RENDER_INT_MAX 20
#define RENDER_TS_MAX 26
char *render_int_at(char *p, int64_t x);
char *render_timestamp_at(char *p, int64_t us);
/* Write the pending buffer to the FILE (and empty it). */
void render_drain(Renderer *r);

/* Terminal columns taken by the UTF-8 text s[0..n). */
uint32_t render_text_width(const char *s, size_t n);

void table_init(Renderer *r);
void table_rows(Renderer *r, const Batch *b);
void table_end(Renderer *r);
void table_free(Renderer *r);

void csv_rows(Renderer *r, const Batch *b);
void csv_end(Renderer *r);

void json_init(Renderer *r);
void json_rows(Renderer *r, const Batch *b);
void json_free(Renderer *r);

/* Formatting without I/O, shared with the file sinks (sink_writer.c).
 * They read only r's columns (names, json keys), so a Renderer made with
 * render_new(FORMAT_CSV or FORMAT_JSON, NULL, schema) serves as the
 * formatting context of a sink. */
/* The CSV header line, "\n" included. */
void csv_put_header(const Renderer *r, StrBuf *sb);
/* Physical row `row` of b as one CSV line, "\n" included. */
void csv_put_row(const Renderer *r, StrBuf *sb, const Batch *b, uint32_t row);
/* Physical row `row` of b as one JSON object, no newline. */
void json_put_object(const Renderer *r, StrBuf *sb, const Batch *b, uint32_t row);

#endif
