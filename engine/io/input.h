/* input — reading a declared stream or table: connector + format.
 *
 * An Input turns the bytes of a connector (stdin, file, ...) into columnar
 * batches through a format (csv, json, text). It frames records (lines,
 * with CRLF accepted), parses only the columns the plan needs, tracks the
 * offset of what it has consumed, and applies the bad-record policy:
 * a record that does not parse or does not fit the schema is skipped,
 * counted and reported on `err` ("source, line number, reason"), at most
 * INPUT_REPORTS_PER_BATCH lines per micro-batch plus a summary line; with
 * option on_error = 'fail' it is an error instead.
 *
 * Reads never block: input_next returns what is available now. The
 * scheduler polls input_fd() to wait for more.
 *
 * Connectors: stdin, file (tail = true follows growth, truncation and
 * rotation), directory (each file once, in name order), socket (lines
 * from a TCP connection), rate (generated rows). See conn_*.c.
 *
 * Messages (the source is "stream logs" or "table books", plus
 * " (path)" for the file connector, " (dir/file)" for the file of a
 * directory being read, " (host:port)" for a socket):
 *   warning: bad record in stream logs (x.csv), line 12: column "latency":
 *            cannot read "abc" as BIGINT (skipped)          [one line]
 *   warning: 3 more bad records in stream logs (x.csv) in this batch (skipped)
 *            (printed when the next batch begins, or at end of input/close)
 *   bad record in stream logs (x.csv), line 12: <reason>     [on_error = 'fail']
 * Other reasons: "expected 6 fields, found 5", "malformed CSV: ...",
 * "not a JSON object", "invalid JSON: ... at character N". */
#ifndef SLUICE_INPUT_H
#define SLUICE_INPUT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "engine/base/diag.h"
#include "engine/base/batch.h"
#include "engine/base/types.h"

#define INPUT_REPORTS_PER_BATCH 5

/* Records longer than this (option max_record_bytes) are bad records:
 * "record longer than max_record_bytes (16 MiB)"; the rest of such a
 * record is skipped up to its line end, so the read buffer never grows
 * past about twice the limit. */
#define INPUT_DEFAULT_RECORD_BYTES ((int64_t)16 << 20)
#define INPUT_MAX_RECORD_BYTES ((int64_t)1 << 30)

/* What the catalog knows about a declared input. */
typedef struct InputDef {
    const char *name;        /* stream or table name */
    bool is_stream;
    Schema schema;
    Options options;         /* connector, path, format, header, ... */
} InputDef;

/* Where a reader stands: enough to resume or checkpoint later. */
typedef struct InputOffset {
    int64_t parts;           /* parts finished: files of a directory, a
                                tailed file's truncations and rotations,
                                socket connections (reconnect = true) */
    int64_t bytes;           /* bytes consumed from the current part */
    int64_t records;         /* records (lines, rows) consumed, good and
                                bad, in all parts; a CSV header and blank
                                lines are not records */
} InputOffset;

typedef struct Input Input;

/* Check the options of a definition without opening anything (format
 * defaults to 'csv'; connector is required): unknown
 * connector/format, unknown option names, bad option values (e.g.
 * header = 'maybe', port = 70000), a file or directory connector without
 * path, a socket without port, a rate schema other than
 * (ts TIMESTAMP, value BIGINT). Used by CREATE. On
 * error fills d (span: the offending option's value, from Option.span_*)
 * and returns -1. */
int input_validate(const InputDef *def, Diag *d);

/* Open the connector. `needed` (def->schema.n bools, or NULL for all)
 * says which columns to materialize; the others come back NULL. Bad-record
 * reports and connector warnings go to `err`. A missing/unreadable file is
 * an error here ("cannot open file \"x.csv\" for stream logs: No such
 * file or directory"; with tail = true a missing file is waited for), so
 * are a missing directory and a refused connection. stdin_fd is the descriptor the 'stdin' connector reads
 * (normally 0). */
Input *input_open(const InputDef *def, const bool *needed, int stdin_fd,
                  FILE *err, Diag *d);
/* The same, giving up a wait at open (a socket's connect) once *interrupt
 * is set: then an error "interrupted while connecting to ...". */
Input *input_open_interruptible(const InputDef *def, const bool *needed, int stdin_fd,
                                FILE *err, const volatile sig_atomic_t *interrupt, Diag *d);
/* Free everything (NULL is fine); prints a pending "N more bad records"
 * summary to err first, so err must still be open. */
void input_close(Input *in);

/* A descriptor to poll for readability, or -1 when none applies (regular
 * files, directories, rate, a socket while disconnected: poll on a
 * timer). */
int input_fd(const Input *in);
/* True for connectors that end (file without tail, stdin, a socket
 * without reconnect, a directory read as a TABLE, rate with num_rows). */
bool input_bounded(const Input *in);
/* Start of a micro-batch: resets the per-batch report limit and
 * connector limits (max_files_per_batch). */
void input_begin_batch(Input *in);

/* Parse up to max_rows (<= BATCH_CAP) complete records available now into
 * `out` (a batch of def->schema's types; cleared first; strings in
 * out->arena, which the caller resets between calls). Returns the rows
 * produced (bad records skipped), 0 when nothing is available right now;
 * *eof is set once the input is exhausted and everything was returned.
 * A partial last line at end of input counts as a record. -1 on an I/O
 * error or a bad record under on_error = 'fail' (d filled).
 *
 * Lifetime of TEXT values: they point into the Input's read buffer when
 * the text needed no unescaping (else into out->arena) and stay valid
 * until the next input_next or input_close on this Input; copy what must
 * live longer. Columns not `needed` are NULL in every row. */
int input_next(Input *in, Batch *out, uint32_t max_rows, bool *eof, Diag *d);

InputOffset input_offset(const Input *in);
/* Bytes of read buffers the Input holds (for memory_limit). */
int64_t input_buffer_bytes(const Input *in);
int64_t input_bad_records(const Input *in);   /* skipped so far */
bool input_fails_on_error(const Input *in);   /* on_error = 'fail' */
/* Records one micro-batch takes from an input that does not set
 * max_batch_rows. A fast source would otherwise fill a batch with 100 ms
 * of reading (over a million rows), and everything a batch opens (the
 * windows it has not yet closed, say) is state until the batch ends:
 * with this cap a firehose gets small batches, a little more often. */
#define INPUT_DEFAULT_BATCH_ROWS 100000

/* The row limit of one micro-batch for the executor: the validated
 * max_batch_rows option, else INPUT_DEFAULT_BATCH_ROWS if with_default
 * (the executor leaves it out for processing-time triggers, whose batch
 * takes what arrived since the last one), else 0; 0 also when the
 * connector applies the option itself (nexmark). */
int64_t input_max_batch_rows(const Input *in, bool with_default);

#endif
