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
 * sink_commit once per micro-batch. Rows become visible only at commit.
 * A file sink never changes or removes bytes it did not write itself (in
 * this run), and takes an exclusive lock (flock) on its file or directory
 * from sink_open to sink_close: a second writer, in this session or
 * another process, is refused at open
 *   cannot write sink out to "o.csv": process 1234 (sluice) is writing to this file
 *
 *   per_batch = true   `path` must be an existing directory. Each batch
 *       with at least one row is written to a hidden temporary file
 *       ".batch-NNNNNN.EXT.XXXXXXXX.tmp" (random suffix; created with
 *       O_EXCL|O_NOFOLLOW, so a planted file or symlink is never written
 *       through), fsync'ed, and renamed to "batch-NNNNNN.EXT" (never
 *       replacing an existing file); the directory is fsync'ed. NNNNNN is
 *       FIRST + the batch id, zero-padded to 6 digits (more past 999999),
 *       where FIRST is one more than the highest "batch-N.csv|json" already
 *       in the directory at open (0 if none): a run never overwrites the
 *       files of an earlier one. EXT = csv or json; a one-shot result (batch
 *       id < 0) is batch 0. A batch with no rows writes no file. With
 *       header = true every csv file starts with the header. sink_open
 *       removes our temporary files left by a crashed run (a warning says
 *       how many). A crash leaves no partial batch file.
 *   per_batch = false  `path` is one file, created if missing (its
 *       directory must exist) and appended to. A batch is formatted in
 *       memory and written with one write loop, then fsync'ed. The csv
 *       header goes first only when the file is new or empty. A write
 *       error cuts the file back to its end before the batch. An existing
 *       file whose last byte is not "\n" is refused at open (the error
 *       says how many bytes follow its last newline; the hint gives the
 *       truncate command that would drop them). A crash (kill -9, power
 *       loss) during a commit can leave the start of that batch at the end
 *       of the file: whole rows, possibly followed by part of a row.
 *   connector = 'stdout'  rows go to the given FILE, flushed at commit;
 *       the csv header is printed once, before the first row.
 *
 * Errors name the sink and the path, e.g.
 *   cannot write sink out to "/nope/x.json": No such file or directory */
#ifndef SLUICE_SINK_WRITER_H
#define SLUICE_SINK_WRITER_H

#include <stdint.h>
#include <stdio.h>

#include "engine/base/diag.h"
#include "engine/base/batch.h"
#include "engine/base/types.h"

typedef struct SinkWriter SinkWriter;

/* Check a sink definition's options without any I/O. Errors point at the
 * option's value (Option.span_off/len) and hint the valid values or the
 * closest name. 0 if valid, else -1 with d set. */
int sink_validate(const char *sink_name, const Options *opts, Diag *d);

/* Open the sink for a query writing rows of `schema` (copied). A file
 * sink's directory (per_batch) or file's directory must exist and be
 * writable; the sink's lock is taken here, an appended file's last line
 * checked, a directory's stale temporary files removed.
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
