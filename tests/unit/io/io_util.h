/* io_util — helpers for the engine/io unit tests: temp files, InputDefs
 * built from short strings, and batches rendered as text. */
#ifndef SLUICE_TEST_IO_UTIL_H
#define SLUICE_TEST_IO_UTIL_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/base/strbuf.h"
#include "engine/io/input.h"

#define IO_MAX_COLS 16
#define IO_MAX_OPTS 16

typedef struct IoTest {
    char dir[64];              /* mkdtemp directory, removed by io_done */
    InputDef def;
    Column cols[IO_MAX_COLS];
    Option opts[IO_MAX_OPTS];
    char *names[IO_MAX_COLS];
    bool needed[IO_MAX_COLS];
    Arena *arena;
    Batch *batch;
    Input *in;
    Diag d;
    FILE *err;                 /* open_memstream for bad-record reports */
    char *err_buf;
    size_t err_len;
    StrBuf rows;               /* rendered rows */
    char *opt_values[IO_MAX_OPTS];
    char paths[8][256];
    int n_paths;
    int pipe_fd;               /* closed by io_done when > 0 */
} IoTest;

/* schema: "a BIGINT, b TEXT"; options: key, value pairs ending in NULL.
 * Option i gets the span {100 * (i + 1), strlen(value)}. */
void io_init(IoTest *t, bool is_stream, const char *name, const char *schema, ...);
/* Write a file in t->dir; returns its path (static to t, until io_done). */
const char *io_file(IoTest *t, const char *fname, const char *data, size_t len);
/* Append an option after io_init (value copied). */
void io_opt(IoTest *t, const char *key, const char *value);
/* Open t->in (needed mask: t->needed if use_mask). NULL on error (t->d). */
Input *io_open(IoTest *t, int stdin_fd, bool use_mask);
/* One input_next into t->batch; appends rendered rows to t->rows.
 * Returns input_next's result. */
int io_next(IoTest *t, uint32_t max_rows, bool *eof);
/* input_next until eof or error; returns the total rows or -1. */
long io_drain(IoTest *t, uint32_t max_rows);
/* io_next until `want` rows in all came, end of input, or timeout_ms
 * passed, waiting on input_fd (or 10 ms naps) in between. Returns the
 * rows read, or -1 on an error. *eof may be NULL. */
long io_wait_rows(IoTest *t, long want, int timeout_ms, bool *eof);
/* Milliseconds of a monotonic clock. */
long io_ms(void);
/* The bad-record report text written so far. */
const char *io_err(IoTest *t);
void io_done(IoTest *t);

/* Validate a definition with the given options; returns the message or
 * "ok" (static buffer in t). */
const char *io_validate(IoTest *t);

#endif
