/* exec — running one query, micro-batch by micro-batch.
 *
 * A QueryRun is a state machine the session's scheduler steps: each
 * exec_step runs at most one micro-batch, and only when an input has data
 * (or the processing-time trigger is due), so one thread can interleave
 * many queries without a quiet source stalling the others.
 *
 * One micro-batch, in order: fix its number, processing time and
 * watermark; read what every input has now (up to max_batch_rows) and
 * push it through the pipeline in chunks of BATCH_CAP rows, coalescing
 * data that keeps arriving within a short idle gap; flush the operators
 * (stateful ones emit per the output mode, the sink prints or commits);
 * fold the batch's event times into the next watermark and count. When
 * the watermark moves and some operator's state depends on it, the next
 * step is a batch without data that emits and evicts what it closed. A
 * query ends when all its inputs are exhausted (after a last batch), or
 * when stopped (after finishing the batch in progress).
 *
 * Interrupts: *env->interrupt (a first SIGINT/SIGTERM) ends the reading of
 * the batch in progress after the current chunk; the batch is then
 * finished and its rows written. A one-shot query (every input a table)
 * is the exception: its single result would be incomplete, so it is
 * dropped, never printed as if it were the answer. *env->abort (a second
 * signal) stops the batch at once: every operator push and flush checks
 * it (so per chunk of BATCH_CAP rows, also inside long emits and join
 * probes), and the batch's rows not yet written are dropped: console rows
 * still buffered are discarded, a sink's uncommitted batch is never
 * committed. */
#ifndef SLUICE_EXEC_H
#define SLUICE_EXEC_H

#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "engine/analyze/analyze.h"
#include "engine/sinks/render.h"
#include "engine/sinks/sink_writer.h"

/* memory_limit: what all queries of a session may hold together, and
 * what they held at their last checks. Each query counts its operator
 * state (hash tables, kept rows, key strings, at their reserved sizes)
 * and its read buffers after every chunk it pushes (up to BATCH_CAP rows)
 * and every flush; a query whose growth takes the total over the limit
 * fails with "out of memory: ...". The count is of the engine's own
 * structures, not of malloc's overhead or the process's code; a hash
 * table that doubles can pass the limit by its growth before the check
 * sees it. limit 0: no limit. */
typedef struct MemBudget {
    int64_t limit;
    int64_t used;
} MemBudget;

/* What a query needs from its session. */
typedef struct ExecEnv {
    int stdin_fd;                        /* the 'stdin' connector; -1: not data */
    /* With these, every 'stdin' input gets its own descriptor (the
     * session's tee, stdin_tee.h) instead of sharing stdin_fd; pump moves
     * data into them while the executor waits inside a batch. */
    int (*open_stdin)(void *arg, Diag *d);
    void (*close_stdin)(void *arg, int fd);
    void (*pump_stdin)(void *arg, int timeout_ms);
    void *stdin_arg;
    FILE *err;                           /* warnings, bad-record reports */
    FILE *progress;                      /* per-batch progress lines, or NULL */
    volatile sig_atomic_t *interrupt;    /* set asynchronously: stop reading */
    volatile sig_atomic_t *abort;        /* set asynchronously: stop at once,
                                            dropping the batch; NULL: never */
    int64_t query_id;
    MemBudget *mem;                      /* the session's; NULL: not counted */
} ExecEnv;

/* Where the rows go: exactly one of the two. */
typedef struct ExecOutput {
    Renderer *console;                   /* SELECT: printed */
    SinkWriter *writer;                  /* INSERT INTO: written */
    const char *sink_name;
} ExecOutput;

/* The figures of one micro-batch (Spark's StreamingQueryProgress). */
typedef struct BatchProgress {
    int64_t query_id;
    int64_t batch_id;
    int64_t input_rows;
    int64_t output_rows;
    double duration_ms;
    double input_rows_per_s;      /* rows / time since the previous batch began */
    double processed_rows_per_s;  /* rows / this batch's duration */
    int64_t state_rows;
    int64_t state_bytes;
    int64_t dropped_late;
    int64_t bad_records;
    int64_t watermark;       /* in force during the batch, or WATERMARK_NONE */
} BatchProgress;

typedef struct QueryRun QueryRun;

typedef enum ExecState {
    EXEC_IDLE,      /* nothing to do now: wait (exec_wait) and step again */
    EXEC_RAN,       /* a micro-batch ran */
    EXEC_DONE,      /* the query has ended */
    EXEC_FAILED,    /* an error ended it (d filled) */
    EXEC_STOPPED,   /* stopped mid-batch: *abort was set, or an interrupt came
                       before a one-shot query read all its input; nothing of
                       the batch was printed or committed (d empty) */
} ExecState;

/* Build the pipeline and open the inputs. The query, its arena, the
 * output, `env` and `d` must outlive the run (operators report runtime
 * errors into d; the run keeps env). NULL with d filled on error. */
QueryRun *exec_start(const Query *q, Arena *qa, ExecOutput out, const ExecEnv *env, Diag *d);
/* Run at most one micro-batch. */
ExecState exec_step(QueryRun *r, Diag *d);
/* Descriptors to poll for readability (up to max) and the longest wait in
 * ms before the next step is worth trying (-1: only the descriptors). */
int exec_wait(QueryRun *r, struct pollfd *fds, int max, int *timeout_ms);
/* Close inputs and free the operators. */
void exec_finish(QueryRun *r);

const BatchProgress *exec_progress(const QueryRun *r);   /* the last batch */
int64_t exec_batches(const QueryRun *r);                  /* batches run */

/* Build the physical pipeline without running it, and print it. A
 * sink_name (INSERT INTO) names the sink; NULL means the console. */
int exec_explain_physical(const Query *q, Arena *qa, const char *sink_name, StrBuf *out, Diag *d);

#endif
