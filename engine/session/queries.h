/* queries — the session's query table and its single-threaded scheduler.
 *
 * Every query a session starts gets an id (1, 2, ...) and an entry here:
 * the foreground SELECT (rows to the console; the statement runs until it
 * ends) and background INSERT INTO queries (rows to a sink writer; the
 * statement returns at once). One thread runs them all in turn: a round
 * steps each running query once (exec_step runs at most one micro-batch
 * and never stops halfway through one), and when no query ran a batch,
 * the scheduler polls the descriptors and timeouts of all of them
 * (exec_wait), so a quiet source never stalls another query.
 *
 * A query ends when its inputs are exhausted (finished), on an error
 * (failed) or when stopped (STOP QUERY, an interrupt): its pipeline and
 * inputs are closed, its writer closed (every batch already committed
 * stays), and its arena freed. The entry stays in the table with its
 * figures for SHOW QUERIES and SHOW PROGRESS.
 *
 * Interrupts (Sluice.interrupt, set by sluice_interrupt): in the REPL they
 * stop the foreground query only; otherwise they stop every query. Either
 * way the micro-batch in progress finishes first, unless a second signal
 * (Sluice.abort) stops it at once (exec_step returns EXEC_STOPPED).
 *
 * Not here: planning (session.c), the executor itself (exec.c). */
#ifndef SLUICE_QUERIES_H
#define SLUICE_QUERIES_H

#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/exec/exec.h"

typedef struct Sluice Sluice;

typedef enum QueryStatus {
    QUERY_RUNNING,
    QUERY_FINISHED,     /* its inputs ended */
    QUERY_FAILED,       /* an error ended it */
    QUERY_STOPPED,      /* STOP QUERY, Ctrl-C, SIGINT/SIGTERM */
} QueryStatus;

typedef struct RunningQuery {
    int64_t id;
    bool background;                /* INSERT INTO: runs between statements */
    char *label;                    /* "INSERT INTO out" or "SELECT" (heap) */
    char *sink;                     /* the sink's name, or NULL (heap) */
    QueryStatus status;
    /* While running; released when the query ends. */
    Arena *arena;                   /* plan, operators, their state */
    Query q;
    ExecEnv env;                    /* exec keeps a pointer to it */
    SinkWriter *writer;             /* owned; NULL for a SELECT */
    QueryRun *run;
    Diag diag;                      /* the run's errors (operators point here) */
    volatile sig_atomic_t stop;     /* the interrupt flag of a REPL background query */
    /* Kept after the end. */
    int64_t batches;
    int64_t input_rows;             /* over all batches */
    BatchProgress last;             /* the last batch */
    int64_t started_us, ended_us;   /* monotonic; ended_us 0 while running */
} RunningQuery;

typedef struct QueryTable {
    int n, cap;
    RunningQuery **items;           /* in id order */
    int ran;                        /* queries that ran a batch in the last round */
    int failed;                     /* background failures not yet reported
                                       by queries_wait_all */
} QueryTable;

void queries_init(QueryTable *t);
/* Now, on the monotonic clock, in microseconds. */
int64_t queries_clock_us(void);
/* Input rows per second over the query's life, start to end (or now
 * while it runs): what SHOW QUERIES shows. A stopped query keeps its
 * rate; the last batch's own rates are in SHOW PROGRESS. */
double queries_input_rate(const RunningQuery *rq);
/* Stop every running query (as STOP QUERY) and free the table. */
void queries_free(Sluice *s);

/* Start query q (planned in arena qa) writing to out. Takes ownership of
 * qa and of out.writer in every case. background: an INSERT INTO that runs
 * between statements; label names it in messages. Inputs on standard
 * input read it through the session's tee (stdin_tee.h). Returns the
 * entry, or NULL with d filled (nothing added, qa and the writer freed). */
RunningQuery *queries_start(Sluice *s, Arena *qa, const Query *q, ExecOutput out,
                            bool background, const char *label, Diag *d);

/* Run the scheduler until rq has ended (the foreground query). If it
 * failed, its error is moved to d and -1 returned. */
int queries_run_foreground(Sluice *s, RunningQuery *rq, Diag *d);

/* Run the scheduler until no background query runs (or an interrupt,
 * which stops them all). -1 if one of them failed since the last call. */
int queries_wait_all(Sluice *s);

/* One round: steps each running query once and handles those that end.
 * Returns how many ran a micro-batch (then step again before waiting). */
int queries_step(Sluice *s);
/* Descriptors (up to max) and timeout for the next wait: 0 when a query
 * has work now, -1 when only descriptors matter. */
int queries_wait_fds(Sluice *s, struct pollfd *fds, int max, int *timeout_ms);

/* End a running query with status st (its current batch is complete:
 * called between steps). */
void queries_end(Sluice *s, RunningQuery *rq, QueryStatus st);

RunningQuery *queries_find(const QueryTable *t, int64_t id);
/* Running queries (background ones only if background_only). */
int queries_running(const QueryTable *t, bool background_only);
/* The running query whose plan reads def, or NULL. */
const RunningQuery *queries_reading(const QueryTable *t, const InputDef *def);
/* The running query writing to the sink named `sink`, or NULL. */
const RunningQuery *queries_writing(const QueryTable *t, const char *sink);

const char *query_status_name(QueryStatus st);   /* "running", ... */

#endif
