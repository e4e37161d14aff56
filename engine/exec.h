/* exec — the micro-batch loop of one query.
 *
 * One trigger, in order: wait until the input has data (or the trigger
 * interval passed), fix the batch's processing time, read what is
 * available (up to max_batch_rows) and push it through the pipeline in
 * chunks of BATCH_CAP rows, then flush the operators (stateful ones emit
 * per the output mode; the sink prints and flushes), and count. The query
 * ends when its input is exhausted (after a last batch) or when it is
 * interrupted (after finishing the batch in progress, so nothing already
 * read is lost). */
#ifndef SLUICE_EXEC_H
#define SLUICE_EXEC_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "analyze.h"
#include "sinks/render.h"

/* What a query needs from its session. */
typedef struct ExecEnv {
    int stdin_fd;                        /* the 'stdin' connector; -1: not data */
    FILE *err;                           /* warnings, bad-record reports */
    FILE *progress;                      /* per-batch progress lines, or NULL */
    volatile sig_atomic_t *interrupt;    /* set asynchronously to stop */
    int64_t query_id;
} ExecEnv;

/* The figures of one micro-batch (Spark's StreamingQueryProgress). */
typedef struct BatchProgress {
    int64_t query_id;
    int64_t batch_id;
    int64_t input_rows;
    int64_t output_rows;
    double duration_ms;
    double input_rows_per_s;
    int64_t state_rows;
    int64_t state_bytes;
    int64_t dropped_late;
    int64_t bad_records;
} BatchProgress;

/* Run a query to its end. Rows go to `r`. Returns 0 when the query ended
 * (input exhausted or interrupted), -1 on an error (d filled). The last
 * batch's progress is stored in *last if not NULL. */
int exec_query(const Query *q, Arena *qa, Renderer *r, const ExecEnv *env,
               BatchProgress *last, Diag *d);

/* Build the physical pipeline without running it, and print it. */
int exec_explain_physical(const Query *q, Arena *qa, StrBuf *out, Diag *d);

#endif
