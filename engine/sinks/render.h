/* render — printing result rows: table, csv, json, changelog.
 *
 * A Renderer receives the output batches of one query (or the result of a
 * SHOW/DESCRIBE) and writes them to a FILE in one of the formats of
 * SPEC §1, flushing the stream at the end of every micro-batch:
 *
 *   table      a "Batch: N" header per micro-batch (omitted for one-shot
 *              results) and a Spark-console-style table, cells right-
 *              aligned, never truncated, NULL as "NULL".
 *   csv        RFC 4180, header line once, NULL as an empty field.
 *   json       one object per row (JSON Lines), NULL as null.
 *   changelog  {"batch":N,"op":"+","row":{...}} per row; op from the
 *              batch's RowKind.
 * TIMESTAMP prints as "YYYY-MM-DD HH:MM:SS[.ffffff]" (a JSON string),
 * INTERVAL as its readable text ("1 hour 30 minutes"; a JSON string),
 * BOOLEAN as true/false, DOUBLE per format_double (JSON: NaN/Infinity as
 * null).
 *
 * Details a user can rely on:
 *   table      column width = widest cell or header in terminal columns
 *              (UTF-8 aware: East Asian wide characters count 2,
 *              combining marks 0), at least 3.
 *   csv        lines end in "\n"; a field is quoted when it holds the
 *              delimiter, a quote, CR or LF, and an empty string prints as
 *              "" so that it reads back differently from NULL.
 *   json       keys in schema order, no spaces; control characters
 *              escaped (\n \t ... or \u00XX), invalid UTF-8 replaced by
 *              U+FFFD.
 * The csv, json and changelog paths format into a buffer and write it in
 * large blocks; nothing is written per cell. */
#ifndef SLUICE_RENDER_H
#define SLUICE_RENDER_H

#include <stdint.h>
#include <stdio.h>

#include "engine/base/batch.h"
#include "engine/base/types.h"

typedef enum OutputFormat {
    FORMAT_TABLE,
    FORMAT_CSV,
    FORMAT_JSON,
    FORMAT_CHANGELOG,
    FORMAT_VERTICAL,         /* one "column | value" line per cell, a rule per row */
} OutputFormat;

/* "table" -> FORMAT_TABLE etc. (case-insensitive); false if unknown. */
bool output_format_from_name(const char *name, OutputFormat *out);
/* FORMAT_TABLE -> "table" etc. */
const char *output_format_name(OutputFormat fmt);

typedef struct Renderer Renderer;

/* A renderer for rows of `schema` (copied). The FILE is not owned. */
Renderer *render_new(OutputFormat fmt, FILE *out, const Schema *schema);
void render_free(Renderer *r);

/* How much the table and vertical formats show (settings max_rows,
 * max_width, headers, null_value). The defaults of render_new show
 * everything, with headers, NULL as "NULL". */
typedef struct RenderOptions {
    int64_t max_rows;        /* rows per batch; 0 all. The rest is counted:
                                "only showing top N rows (M more)" */
    int64_t max_width;       /* characters per cell; 0 all. Longer cells
                                end in "..." */
    bool headers;            /* table: the column-name line; csv: header */
    const char *null_text;   /* table/vertical; NULL: "NULL" (copied) */
} RenderOptions;
void render_set_options(Renderer *r, const RenderOptions *o);

/* Start a micro-batch; batch_id < 0 means a one-shot result (SHOW,
 * DESCRIBE, a bounded query's single result): no "Batch: N" header in
 * table format, and changelog prints "batch":0. */
void render_begin(Renderer *r, int64_t batch_id);
/* Add the selected rows of b (copied: b may be reused after the call). */
void render_rows(Renderer *r, const Batch *b);
/* End the micro-batch: the table format prints here; every format
 * flushes the FILE. */
void render_end(Renderer *r);

/* Rows rendered so far, over all batches. */
int64_t render_row_count(const Renderer *r);

/* The errno of the first write or flush of the FILE that failed (ENOSPC,
 * EPIPE with SIGPIPE ignored, EIO, ...), or 0. After a failure nothing
 * more is written. */
int render_error(const Renderer *r);
/* Drop the rows of the current micro-batch not yet written (a query
 * stopped at once, mid-batch): nothing of them is printed later. */
void render_discard(Renderer *r);

#endif
