/* session — the public API of sluice.h: a session runs statements one by
 * one and prints errors with their source position. A SELECT runs in the
 * foreground and INSERT INTO in the background, both through the
 * scheduler of queries.c; the sluice_wait / sluice_poll_* calls let the
 * front end keep background queries running between statements. */
#include "session.h"
#include "engine/base/bytesize.h"
#include "grammar/parse.h"
#include "engine/base/mem.h"
#include "engine/plan/optimize.h"
#include "engine/base/timeutil.h"
#include "dotcmd.h"
#include "settings.h"

#include <errno.h>
#include <signal.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

Sluice *sluice_new(const SluiceConfig *cfg)
{
    Sluice *s = xcalloc(1, sizeof *s);
    s->cfg = *cfg;
    if (!s->cfg.out) s->cfg.out = stdout;
    if (!s->cfg.err) s->cfg.err = stderr;
    catalog_init(&s->catalog);
    queries_init(&s->queries);
    s->term_out = s->cfg.out;
    s->next_query_id = 1;
    s->mem.limit = cfg->memory_limit > 0 ? cfg->memory_limit : session_default_memory_limit();
    settings_init(s);
    return s;
}

int64_t session_default_memory_limit(void)
{
    return bytesize_available_memory() / 10 * 8;
}

void sluice_free(Sluice *s)
{
    if (!s) return;
    queries_free(s);                 /* stops what still runs; writers commit */
    dot_output_restore(s);           /* closes a .output file */
    settings_free(s);
    catalog_free(&s->catalog);
    tee_free(s->tee);
    free(s);
}

void sluice_set_format(Sluice *s, OutputFormat fmt) { s->cfg.format = fmt; }

OutputFormat sluice_format(const Sluice *s) { return s->cfg.format; }

bool sluice_quit_requested(const Sluice *s) { return s->quit; }

const char *const *sluice_setting_names(void) { return settings_names(); }

const char *const *sluice_dot_commands(void) { return dot_commands(); }

void sluice_interrupt(Sluice *s) { s->interrupt = 1; }

void sluice_interrupt_signal(Sluice *s, int sig)
{
    if (s->interrupt) s->abort = 1;   /* the second one: no waiting for the batch */
    s->interrupt = 1;
    s->signal = sig;
}

int sluice_output_error(const Sluice *s) { return s->out_errno; }

void session_flush_out(Sluice *s)
{
    int e = errno;                   /* of a failed write just before */
    if (fflush(s->cfg.out) != 0) e = errno;
    else if (!ferror(s->cfg.out)) return;
    if (!s->out_errno) s->out_errno = e ? e : EIO;
}

/* Did writing cfg.out fail (now or during the statement)? */
static bool output_failed(Sluice *s)
{
    if (!s->out_errno) session_flush_out(s);
    return s->out_errno != 0;
}

bool sluice_interrupted(const Sluice *s) { return s->interrupt != 0; }

int sluice_signal_status(const Sluice *s)
{
    if (s->signal == SIGINT) return 130;
    if (s->signal == SIGTERM) return 143;
    return s->signal ? 128 + s->signal : 0;
}

/* ---- background queries ------------------------------------------------------ */

int sluice_wait(Sluice *s) { return queries_wait_all(s); }

int sluice_poll_fds(Sluice *s, struct pollfd *fds, int max, int *timeout_ms)
{
    return queries_wait_fds(s, fds, max, timeout_ms);
}

void sluice_poll_step(Sluice *s) { queries_step(s); }

int sluice_running_queries(const Sluice *s) { return queries_running(&s->queries, false); }

bool sluice_statement_complete(const char *text) { return parse_is_complete(text); }

const char *const *sluice_keywords(void) { return parse_keywords; }

void sluice_each_relation(const Sluice *s, void (*fn)(const char *name, void *arg), void *arg)
{
    for (int i = 0; i < s->catalog.n; i++) fn(s->catalog.entries[i]->def.name, arg);
}

void sluice_each_name(const Sluice *s, void (*fn)(const char *name, void *arg), void *arg)
{
    for (int i = 0; i < s->catalog.n; i++) {
        const CatalogEntry *e = s->catalog.entries[i];
        fn(e->def.name, arg);
        for (int c = 0; c < e->def.schema.n; c++) fn(e->def.schema.cols[c].name, arg);
    }
}

/* ---- queries ------------------------------------------------------------ */

typedef struct TraceCtx {
    StrBuf *out;
} TraceCtx;

static void trace_rule(void *arg, const char *rule, const Plan *root)
{
    TraceCtx *t = arg;
    sb_printf(t->out, "-- after %s:\n", rule);
    plan_print(root, t->out);
}

int session_plan_query(StmtCtx *c, Arena *qa, const AstSelect *sel, Query *q, StrBuf *trace)
{
    Analyzer az = {.arena = qa, .catalog = &c->s->catalog, .src = c->src, .diag = c->diag};
    if (analyze_query(&az, sel, q) < 0) return -1;
    TraceCtx t = {.out = trace};
    if (trace) {
        sb_puts(trace, "== Logical plan ==\n");
        plan_print(q->plan, trace);
        sb_puts(trace, "== Optimizer ==\n");
    }
    size_t before = trace ? trace->len : 0;
    q->plan = optimize(qa, q->plan, trace ? trace_rule : NULL, &t);
    if (trace && trace->len == before) sb_puts(trace, "(no rule fired)\n");
    return 0;
}

/* The session's settings, copied into a query when it starts. */
static void apply_settings(const Sluice *s, Query *q)
{
    q->flush_on_end = s->settings.flush_on_end;
    q->watermark_max = s->settings.watermark_max;
    q->wm_jump_warn_us = s->settings.wm_jump_warn_us;
    q->clock_simulated = s->settings.clock_simulated;
    q->clock_start_us = s->settings.clock_start_us;
    q->clock_step_us = s->settings.clock_step_us;
}

/* SELECT: runs in the foreground, through the scheduler, so background
 * queries keep running until it ends or is interrupted. */
int stmt_select(StmtCtx *c, const AstSelect *sel)
{
    Sluice *s = c->s;
    Arena *qa = arena_new();
    Query q;
    if (session_plan_query(c, qa, sel, &q, NULL) < 0) {
        arena_free(qa);
        return -1;
    }
    apply_settings(s, &q);
    Schema shown = q.plan->schema;
    if (s->cfg.format == FORMAT_TABLE && q.written_names) {
        /* The table shows names as written (position tells them apart). */
        shown.cols = arena_memdup(qa, shown.cols, sizeof(Column) * (size_t)shown.n);
        for (int i = 0; i < shown.n; i++) shown.cols[i].name = q.written_names[i];
    }
    Renderer *r = render_new(s->cfg.format, s->cfg.out, &shown);
    RenderOptions ro = {.max_rows = s->settings.max_rows, .max_width = s->settings.max_width,
                        .headers = s->settings.headers, .null_text = s->settings.null_text};
    render_set_options(r, &ro);
    ExecOutput out = {.console = r};
    RunningQuery *rq = queries_start(s, qa, &q, out, false, "SELECT", c->diag);
    int rc = rq ? queries_run_foreground(s, rq, c->diag) : -1;
    s->last_rows = render_row_count(r);
    if (render_error(r) && !s->out_errno) s->out_errno = render_error(r);
    render_free(r);
    return rc;
}

/* INSERT INTO sink SELECT ...: planned like a SELECT, then started in the
 * background; the statement returns at once. */
int stmt_insert(StmtCtx *c, const AstStmt *st)
{
    Sluice *s = c->s;
    const char *name = st->insert.sink;
    CatalogEntry *e = catalog_find(&s->catalog, name);
    if (!e) {
        diag_error(c->diag, st->insert.sink_span, "sink \"%s\" does not exist", name);
        const char *names[256];
        int n = 0;
        for (int i = 0; i < s->catalog.n && n < 256; i++)
            if (s->catalog.entries[i]->kind == CAT_SINK) names[n++] = s->catalog.entries[i]->def.name;
        const char *close = diag_closest(name, names, n);
        if (close) diag_hint(c->diag, "did you mean \"%s\"?", close);
        else diag_hint(c->diag, "declare it first: CREATE SINK %s WITH (connector = 'file', "
                       "path = '...', format = 'json')", name);
        return -1;
    }
    if (e->kind != CAT_SINK) {
        diag_error(c->diag, st->insert.sink_span, "\"%s\" is a %s, not a sink", name,
                   catalog_kind_name(e->kind));
        diag_hint(c->diag, "INSERT INTO writes to a sink declared with CREATE SINK");
        return -1;
    }
    const RunningQuery *busy = queries_writing(&s->queries, e->def.name);
    if (busy) {
        diag_error(c->diag, st->insert.sink_span, "sink %s is already written by query %lld",
                   e->def.name, (long long)busy->id);
        diag_hint(c->diag, "STOP QUERY %lld first, or declare another sink", (long long)busy->id);
        return -1;
    }
    Arena *qa = arena_new();
    Query q;
    if (session_plan_query(c, qa, st->insert.query, &q, NULL) < 0) {
        arena_free(qa);
        return -1;
    }
    if (q.renamed_col >= 0) {
        /* A file's columns must keep the names the query gave them. */
        diag_error(c->diag, q.renamed_span, "column name \"%s\" appears more than once in the output of INSERT INTO %s",
                   q.renamed_from, e->def.name);
        diag_hint(c->diag, "give each column its own name with AS, e.g. SELECT a.%s AS a_%s, b.%s AS b_%s",
                  q.renamed_from, q.renamed_from, q.renamed_from, q.renamed_from);
        arena_free(qa);
        return -1;
    }
    apply_settings(s, &q);
    SinkWriter *w = sink_open(e->def.name, &e->def.options, &q.plan->schema, s->term_out, c->diag);
    if (!w) {
        if (!span_valid(c->diag->span)) c->diag->span = st->insert.sink_span;
        arena_free(qa);
        return -1;
    }
    StrBuf label = STRBUF_INIT;
    sb_printf(&label, "INSERT INTO %s", e->def.name);
    ExecOutput out = {.writer = w, .sink_name = e->def.name};
    RunningQuery *rq = queries_start(s, qa, &q, out, true, sb_str(&label), c->diag);
    sb_free(&label);
    if (!rq) return -1;
    if (s->cfg.interactive) {
        fprintf(s->cfg.out, "started query %lld (%s)\n", (long long)rq->id, rq->label);
        session_flush_out(s);
    }
    return 0;
}

/* The ids of the running background queries, for error hints. */
static void running_ids(const Sluice *s, StrBuf *sb)
{
    const QueryTable *t = &s->queries;
    for (int i = 0; i < t->n; i++) {
        const RunningQuery *rq = t->items[i];
        if (rq->status != QUERY_RUNNING || !rq->background) continue;
        sb_printf(sb, "%s%lld (%s)", sb->len ? ", " : "", (long long)rq->id, rq->label);
    }
}

/* STOP QUERY n / TERMINATE n. Statements run between scheduler steps, so
 * no batch is in progress: the query ends now with every batch it ran
 * committed. */
int stmt_stop(StmtCtx *c, const AstStmt *st)
{
    Sluice *s = c->s;
    RunningQuery *rq = queries_find(&s->queries, st->stop.id);
    if (rq && rq->background && rq->status == QUERY_RUNNING) {
        queries_end(s, rq, QUERY_STOPPED);
        if (s->cfg.interactive) {         /* as INSERT INTO says "started" */
            fprintf(s->cfg.out, "stopped query %lld (%s) after %lld batch%s, %lld input row%s\n",
                    (long long)rq->id, rq->label, (long long)rq->batches, rq->batches == 1 ? "" : "es",
                    (long long)rq->input_rows, rq->input_rows == 1 ? "" : "s");
            fflush(s->cfg.out);
        }
        return 0;
    }
    if (rq && rq->background)
        diag_error(c->diag, st->stop.id_span, "query %lld has already ended (%s)",
                   (long long)st->stop.id, query_status_name(rq->status));
    else
        diag_error(c->diag, st->stop.id_span, "no running query has id %lld", (long long)st->stop.id);
    StrBuf ids = STRBUF_INIT;
    running_ids(s, &ids);
    if (ids.len) diag_hint(c->diag, "running queries: %s", sb_str(&ids));
    else diag_hint(c->diag, "no background query is running; INSERT INTO starts one");
    sb_free(&ids);
    return -1;
}

/* ---- statements ------------------------------------------------------------ */

static int run_stmt(StmtCtx *c, const AstStmt *st)
{
    switch (st->kind) {
    case STMT_CREATE_SOURCE: return stmt_create_source(c, st);
    case STMT_DROP: return stmt_drop(c, st);
    case STMT_SHOW: return stmt_show(c, st);
    case STMT_DESCRIBE: return stmt_describe(c, st);
    case STMT_SET: return stmt_set(c, st);
    case STMT_SELECT: return stmt_select(c, st->select);
    case STMT_EXPLAIN: return stmt_explain(c, st);
    case STMT_HELP: return stmt_help(c, st);
    case STMT_RESET: return stmt_reset(c, st);
    case STMT_CREATE_SINK: return stmt_create_sink(c, st);
    case STMT_INSERT: return stmt_insert(c, st);
    case STMT_STOP: return stmt_stop(c, st);
    }
    return diag_error(c->diag, st->span, "internal error: unknown statement");
}

static void print_error(Sluice *s, const Diag *d, const char *src_name, const char *text)
{
    StrBuf out = STRBUF_INIT;
    diag_render(d, src_name, text, &out);
    fputs(sb_str(&out), s->cfg.err);
    fflush(s->cfg.err);
    sb_free(&out);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* .echo: the statement's text before it runs. */
static void echo(Sluice *s, const char *text, Span span, bool semicolon)
{
    if (!s->settings.echo) return;
    fprintf(s->cfg.out, "%.*s%s\n", (int)span.len, text + span.off, semicolon ? ";" : "");
    fflush(s->cfg.out);
}

/* .timer: how long the statement took and, for a SELECT, its rows. */
static void timer(Sluice *s, double start, bool select)
{
    if (!s->settings.timer) return;
    fflush(s->cfg.out);
    double ms = (now_s() - start) * 1e3;
    if (select)
        fprintf(s->cfg.err, "Time: %.3f ms, %lld row%s\n", ms, (long long)s->last_rows,
                s->last_rows == 1 ? "" : "s");
    else
        fprintf(s->cfg.err, "Time: %.3f ms\n", ms);
    fflush(s->cfg.err);
}

/* A dot command at `start`: run it, report its error. */
static int run_dot(Sluice *s, const char *src_name, const char *text, uint32_t start, uint32_t *next,
                   bool keep_going)
{
    Diag d = {0};
    d.span = SPAN_NONE;
    bool once = s->once;
    const char *nl = strchr(text + start, '\n');
    echo(s, text, (Span){start, nl ? (uint32_t)(nl - text) - start : (uint32_t)strlen(text + start)}, false);
    int rc = dot_run(s, text, start, next, keep_going, &d);
    if (d.set) {
        fflush(s->cfg.out);
        print_error(s, &d, src_name, text);
    }
    diag_clear(&d);
    if (once && s->once) dot_output_restore(s);    /* the statement .once was for */
    return rc;
}

int sluice_exec(Sluice *s, const char *src_name, const char *text, bool keep_going)
{
    int status = 0;
    uint32_t off = 0;
    fflush(s->cfg.out);
    for (;;) {
        if (s->interrupt || s->quit) break;
        uint32_t dot;
        if (dot_find(text, off, &dot)) {
            uint32_t next = dot;
            if (run_dot(s, src_name, text, dot, &next, keep_going) < 0) status = -1;
            if (status < 0 && !keep_going) break;
            off = next;
            continue;
        }
        Arena *pa = arena_new();
        Diag d = {0};
        d.span = SPAN_NONE;
        uint32_t next = off;
        AstStmt *st = parse_next(pa, text, off, &next, &d);
        bool parse_failed = !st && d.set;
        if (st) {
            StmtCtx c = {.s = s, .src = text, .diag = &d};
            bool once = s->once;
            echo(s, text, st->span, true);
            double start = now_s();
            s->last_rows = 0;
            if (run_stmt(&c, st) < 0 && !d.set)
                diag_error(&d, st->span, "statement failed");
            timer(s, start, st->kind == STMT_SELECT);
            if (once && s->once) dot_output_restore(s);
        }
        /* What the statement printed must have reached the output; if
         * not, nothing more runs, even with keep_going. */
        bool out_failed = output_failed(s);
        if (out_failed && !d.set)
            diag_error(&d, SPAN_NONE, "cannot write to standard output: %s", strerror(s->out_errno));
        if (d.set) {
            print_error(s, &d, src_name, text);
            status = -1;
        }
        diag_clear(&d);
        arena_free(pa);
        if (out_failed) break;
        if (!st && !parse_failed) break;             /* end of text */
        if (status < 0 && !keep_going) break;
        if (parse_failed) {
            /* Resume after the next ';' so --keep-going can carry on. */
            if (next <= off) {
                const char *semi = strchr(text + off, ';');
                if (!semi) break;
                next = (uint32_t)(semi - text) + 1;
            }
        }
        off = next;
    }
    if (s->cfg.interactive) s->interrupt = s->abort = 0;
    return status;
}
