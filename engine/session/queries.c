/* queries — the query table and the scheduler that runs every query of a
 * session on one thread (see queries.h). */
#include "queries.h"
#include "engine/base/mem.h"
#include "session.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

/* Descriptors polled in one wait; a query beyond it falls back to exec's
 * timer polling. */
enum { MAX_POLL_FDS = 256 };
/* Longest single wait while queries run: bounds how late a signal that
 * lands just before poll() is noticed (poll itself returns EINTR). */
enum { WAIT_CAP_MS = 250 };

const char *query_status_name(QueryStatus st)
{
    switch (st) {
    case QUERY_RUNNING: return "running";
    case QUERY_FINISHED: return "finished";
    case QUERY_FAILED: return "failed";
    case QUERY_STOPPED: return "stopped";
    }
    return "?";
}

void queries_init(QueryTable *t) { memset(t, 0, sizeof *t); }

void queries_free(Sluice *s)
{
    QueryTable *t = &s->queries;
    for (int i = 0; i < t->n; i++) {
        RunningQuery *rq = t->items[i];
        queries_end(s, rq, QUERY_STOPPED);
        diag_clear(&rq->diag);
        free(rq->label);
        free(rq->sink);
        free(rq);
    }
    free(t->items);
    memset(t, 0, sizeof *t);
}

/* ---- looking things up ------------------------------------------------------ */

RunningQuery *queries_find(const QueryTable *t, int64_t id)
{
    for (int i = 0; i < t->n; i++)
        if (t->items[i]->id == id) return t->items[i];
    return NULL;
}

int queries_running(const QueryTable *t, bool background_only)
{
    int n = 0;
    for (int i = 0; i < t->n; i++)
        if (t->items[i]->status == QUERY_RUNNING && (t->items[i]->background || !background_only)) n++;
    return n;
}

static bool plan_reads(const Plan *p, const InputDef *def)
{
    if (!p) return false;
    if (p->kind == PLAN_SCAN) return p->scan.def == def;
    return plan_reads(p->input, def) || plan_reads(p->right, def);
}

const RunningQuery *queries_reading(const QueryTable *t, const InputDef *def)
{
    for (int i = 0; i < t->n; i++)
        if (t->items[i]->status == QUERY_RUNNING && plan_reads(t->items[i]->q.plan, def))
            return t->items[i];
    return NULL;
}

const RunningQuery *queries_writing(const QueryTable *t, const char *sink)
{
    for (int i = 0; i < t->n; i++) {
        const RunningQuery *rq = t->items[i];
        if (rq->status == QUERY_RUNNING && rq->sink && strcmp(rq->sink, sink) == 0) return rq;
    }
    return NULL;
}

/* ---- starting and ending ---------------------------------------------------- */

/* ---- standard input, shared through the session's tee ------------------------ */

static int open_stdin(void *arg, Diag *d)
{
    Sluice *s = arg;
    if (!s->tee) s->tee = tee_new(s->cfg.stdin_fd);
    return tee_open(s->tee, d);
}

static void close_stdin(void *arg, int fd)
{
    Sluice *s = arg;
    if (s->tee) tee_close(s->tee, fd);
}

static void pump_stdin(void *arg, int timeout_ms)
{
    Sluice *s = arg;
    if (s->tee) tee_pump(s->tee, timeout_ms);
}

int64_t queries_clock_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

double queries_input_rate(const RunningQuery *rq)
{
    int64_t end = rq->ended_us ? rq->ended_us : queries_clock_us();
    double secs = (double)(end - rq->started_us) / 1e6;
    return secs > 0 ? (double)rq->input_rows / secs : 0;
}

RunningQuery *queries_start(Sluice *s, Arena *qa, const Query *q, ExecOutput out,
                            bool background, const char *label, Diag *d)
{

    RunningQuery *rq = xcalloc(1, sizeof *rq);
    rq->id = s->next_query_id++;
    rq->background = background;
    rq->label = xstrdup(label);
    rq->sink = out.sink_name ? xstrdup(out.sink_name) : NULL;
    rq->arena = qa;
    rq->q = *q;
    rq->writer = out.writer;
    rq->diag.span = SPAN_NONE;
    rq->last = (BatchProgress){.query_id = rq->id, .watermark = WATERMARK_NONE};
    rq->started_us = queries_clock_us();
    /* In the REPL, Ctrl-C stops the foreground query only. */
    bool own_flag = background && s->cfg.interactive;
    rq->env = (ExecEnv){
        .stdin_fd = s->cfg.stdin_fd,
        .err = s->cfg.err,
        .progress = s->cfg.progress ? s->cfg.err : NULL,
        .interrupt = own_flag ? &rq->stop : &s->interrupt,
        /* A second signal stops at once; not the REPL's background queries,
         * which Ctrl-C leaves alone. */
        .abort = own_flag ? NULL : &s->abort,
        .query_id = rq->id,
        .mem = &s->mem,
    };
    if (s->cfg.stdin_fd >= 0) {
        /* Every input on standard input reads its own copy (the tee). */
        rq->env.open_stdin = open_stdin;
        rq->env.close_stdin = close_stdin;
        rq->env.pump_stdin = pump_stdin;
        rq->env.stdin_arg = s;
    }
    out.sink_name = rq->sink;
    rq->run = exec_start(&rq->q, qa, out, &rq->env, &rq->diag);
    if (!rq->run) {
        *d = rq->diag;                       /* the error moves to the statement */
        sink_close(rq->writer);
        arena_free(qa);
        free(rq->label);
        free(rq->sink);
        free(rq);
        return NULL;
    }
    QueryTable *t = &s->queries;
    size_t cap = (size_t)t->cap;
    t->items = xgrow(t->items, &cap, (size_t)t->n + 1, sizeof *t->items);
    t->cap = (int)cap;
    t->items[t->n++] = rq;
    return rq;
}

/* A background query's error: nobody else will print it. */
static void report_failure(Sluice *s, RunningQuery *rq)
{
    FILE *err = s->cfg.err;
    fflush(s->cfg.out);
    fprintf(err, "error: query %lld (%s) failed: %s\n", (long long)rq->id, rq->label,
            rq->diag.message ? rq->diag.message : "unknown error");
    if (rq->diag.detail) fprintf(err, "detail: %s\n", rq->diag.detail);
    if (rq->diag.hint) fprintf(err, "hint: %s\n", rq->diag.hint);
    fflush(err);
    diag_clear(&rq->diag);
    s->queries.failed++;
}

void queries_end(Sluice *s, RunningQuery *rq, QueryStatus st)
{
    if (rq->status != QUERY_RUNNING) return;
    rq->status = st;
    rq->ended_us = queries_clock_us();
    rq->last = *exec_progress(rq->run);
    rq->batches = exec_batches(rq->run);
    exec_finish(rq->run);
    sink_close(rq->writer);                  /* committed batches stay */
    arena_free(rq->arena);
    rq->run = NULL;
    rq->writer = NULL;
    rq->arena = NULL;
    rq->q.plan = NULL;
    if (st == QUERY_FAILED && rq->background) report_failure(s, rq);
}

/* ---- the scheduler ------------------------------------------------------------ */

int queries_step(Sluice *s)
{
    QueryTable *t = &s->queries;
    int ran = 0;
    if (s->tee) tee_pump(s->tee, 0);          /* standard input to its readers */
    /* Queries started by a step (none today) wait for the next round. */
    int n = t->n;
    for (int i = 0; i < n; i++) {
        RunningQuery *rq = t->items[i];
        if (rq->status != QUERY_RUNNING) continue;
        /* Between steps no batch is in progress: an interrupt ends the
         * query here, with everything it produced committed. */
        if (*rq->env.interrupt) {
            queries_end(s, rq, QUERY_STOPPED);
            continue;
        }
        ExecState st = exec_step(rq->run, &rq->diag);
        switch (st) {
        case EXEC_RAN:
            ran++;
            rq->last = *exec_progress(rq->run);
            rq->batches = exec_batches(rq->run);
            rq->input_rows += rq->last.input_rows;
            if (*rq->env.interrupt) queries_end(s, rq, QUERY_STOPPED);
            break;
        case EXEC_IDLE:
            if (*rq->env.interrupt) queries_end(s, rq, QUERY_STOPPED);
            break;
        case EXEC_DONE:
            queries_end(s, rq, QUERY_FINISHED);
            break;
        case EXEC_FAILED:
            queries_end(s, rq, QUERY_FAILED);
            break;
        case EXEC_STOPPED:
            queries_end(s, rq, QUERY_STOPPED);
            break;
        }
    }
    t->ran = ran;
    return ran;
}

int queries_wait_fds(Sluice *s, struct pollfd *fds, int max, int *timeout_ms)
{
    const QueryTable *t = &s->queries;
    int n = 0, timeout = -1;
    bool any = false;
    for (int i = 0; i < t->n; i++) {
        RunningQuery *rq = t->items[i];
        if (rq->status != QUERY_RUNNING) continue;
        any = true;
        if (*rq->env.interrupt) {            /* to be ended at the next step */
            timeout = 0;
            continue;
        }
        int qt = -1;
        n += exec_wait(rq->run, fds + n, max - n, &qt);
        if (qt >= 0 && (timeout < 0 || qt < timeout)) timeout = qt;
    }
    if (s->tee && any) n += tee_fds(s->tee, fds + n, max - n);
    if (t->ran) timeout = 0;                 /* step again before waiting */
    if (any && (timeout < 0 || timeout > WAIT_CAP_MS)) timeout = WAIT_CAP_MS;
    *timeout_ms = timeout;
    return n;
}

/* Sleep until some query's input is readable or its timer is due. */
static void wait_round(Sluice *s)
{
    struct pollfd fds[MAX_POLL_FDS];
    int timeout;
    int n = queries_wait_fds(s, fds, MAX_POLL_FDS, &timeout);
    if (timeout == 0 || timeout < 0) return;  /* work to do, or nothing runs */
    if (poll(fds, (nfds_t)n, timeout) < 0 && errno != EINTR) {
        /* Cannot poll (should not happen): do not spin. */
        poll(NULL, 0, WAIT_CAP_MS);
    }
}

int queries_run_foreground(Sluice *s, RunningQuery *rq, Diag *d)
{
    while (rq->status == QUERY_RUNNING) {
        if (queries_step(s) == 0 && rq->status == QUERY_RUNNING) wait_round(s);
    }
    if (rq->status != QUERY_FAILED) return 0;
    *d = rq->diag;                           /* printed with the statement */
    rq->diag = (Diag){.span = SPAN_NONE};
    return -1;
}

int queries_wait_all(Sluice *s)
{
    QueryTable *t = &s->queries;
    while (queries_running(t, true) > 0) {
        if (s->interrupt) {
            for (int i = 0; i < t->n; i++) queries_end(s, t->items[i], QUERY_STOPPED);
            break;
        }
        if (queries_step(s) == 0) wait_round(s);
    }
    int failed = t->failed;
    t->failed = 0;
    return failed ? -1 : 0;
}
