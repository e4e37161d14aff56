/* sink_writer — the output side of CREATE SINK / INSERT INTO.
 *
 *   CREATE SINK name WITH (connector = 'file' | 'stdout', path = '...',
 *                          format = 'csv' | 'json', per_batch = true|false,
 *                          header = true|false);
 *   INSERT INTO name SELECT ...;
 *
 * Options (values case-insensitive):
 *   connector  required: 'file' or 'stdout'.
 *   path       file only, required: the file appended to, or with
 *              per_batch = true the directory that gets one file per batch.
 *   format     'csv' (default) or 'json'; rows are formatted exactly as
 *              the console's --format csv / json prints them.
 *   per_batch  file only, default false.
 *   header     csv only, default true: a header line of column names.
 *
 * A query calls sink_begin, sink_rows (any number of times) and
 * sink_commit once per micro-batch. Rows become visible only at commit,
 * and a crash never leaves a half-written row where a reader looks:
 *
 *   per_batch = true   `path` must be an existing directory. Each batch
 *       with at least one row is written to a hidden temporary file in it,
 *       ".batch-NNNNNN.EXT.tmp", fsync'ed, and renamed to
 *       "batch-NNNNNN.EXT" (NNNNNN = the batch id zero-padded to 6
 *       digits, more digits past 999999; EXT = csv or json; a one-shot
 *       result with batch id < 0 is batch 0). A batch with no rows writes
 *       no file. With header = true every csv file starts with the header.
 *       A file of the same name from an earlier run is replaced. A crash
 *       can leave a hidden ".tmp" file behind, never a partial batch file.
 *   per_batch = false  `path` is one file, created if missing (its
 *       directory must exist) and appended to. A batch is formatted in
 *       memory and written with one write loop, then fsync'ed. The csv
 *       header goes first only when the file is new or empty. A write
 *       error rolls the file back to its previous end. A crash during the
 *       write can leave a partial last line; the next sink_open of the
 *       file cuts the file back to its last "\n" (with a warning on
 *       stderr), so readers never see half a row. (A csv field holding a
 *       newline can hide such a cut; JSON Lines cannot.)
 *   connector = 'stdout'  rows go to the given FILE, flushed at commit;
 *       the csv header is printed once, before the first row.
 *
 * Errors name the sink and the path, e.g.
 *   cannot write sink out to "/nope/x.json": No such file or directory */
#ifndef SLUICE_SINK_WRITER_H
#define SLUICE_SINK_WRITER_H

#include <stdint.h>
#include <stdio.h>

#include "../base/diag.h"
#include "../batch.h"
#include "../types.h"

typedef struct SinkWriter SinkWriter;

/* Check a sink definition's options without any I/O. Errors point at the
 * option's value (Option.span_off/len) and hint the valid values or the
 * closest name. 0 if valid, else -1 with d set. */
int sink_validate(const char *sink_name, const Options *opts, Diag *d);

/* Open the sink for a query writing rows of `schema` (copied). A file
 * sink's directory (per_batch) or file's directory must exist and be
 * writable; a partial last line of an appended file is removed here.
 * stdout_file is where connector 'stdout' writes (not owned; NULL means
 * stdout). NULL on error with d set. */
SinkWriter *sink_open(const char *sink_name, const Options *opts, const Schema *schema,
                      FILE *stdout_file, Diag *d);

/* Start micro-batch batch_id, dropping any rows not committed. */
void sink_begin(SinkWriter *w, int64_t batch_id);
/* Add the selected rows of b (formatted now: b may be reused after). */
void sink_rows(SinkWriter *w, const Batch *b);
/* End the micro-batch: make its rows visible at once (see above).
 * -1 with d set on an I/O error (disk full, EIO, ...); a file sink then
 * shows nothing of the batch, and the batch's rows are dropped. */
int sink_commit(SinkWriter *w, Diag *d);
/* Close the sink; rows not committed are dropped. NULL is ignored. */
void sink_close(SinkWriter *w);

/* Rows committed so far, over all batches. */
int64_t sink_rows_written(const SinkWriter *w);

#endif
