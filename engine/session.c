/* session — the public API of sluice.h: a session runs statements one by
 * one, prints errors with their source position, and runs queries in the
 * foreground. */
#include "session.h"
#include "../grammar/parse.h"
#include "base/mem.h"
#include "optimize.h"
#include "base/timeutil.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

Sluice *sluice_new(const SluiceConfig *cfg)
{
    Sluice *s = xcalloc(1, sizeof *s);
    s->cfg = *cfg;
    if (!s->cfg.out) s->cfg.out = stdout;
    if (!s->cfg.err) s->cfg.err = stderr;
    catalog_init(&s->catalog);
    s->settings.flush_on_end = true;
    s->settings.clock_step_us = US_PER_SEC;
    s->next_query_id = 1;
    return s;
}

void sluice_free(Sluice *s)
{
    if (!s) return;
    catalog_free(&s->catalog);
    free(s);
}

void sluice_set_format(Sluice *s, OutputFormat fmt) { s->cfg.format = fmt; }

OutputFormat sluice_format(const Sluice *s) { return s->cfg.format; }

void sluice_interrupt(Sluice *s) { s->interrupt = 1; }

void sluice_interrupt_signal(Sluice *s, int sig)
{
    s->interrupt = 1;
    s->signal = sig;
}

bool sluice_interrupted(const Sluice *s) { return s->interrupt != 0; }

int sluice_signal_status(const Sluice *s)
{
    if (s->signal == SIGINT) return 130;
    if (s->signal == SIGTERM) return 143;
    return s->signal ? 128 + s->signal : 0;
}

bool sluice_statement_complete(const char *text) { return parse_is_complete(text); }

const char *const *sluice_keywords(void) { return parse_keywords; }

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

int stmt_select(StmtCtx *c, const AstSelect *sel)
{
    Sluice *s = c->s;
    Arena *qa = arena_new();
    Query q;
    int rc = session_plan_query(c, qa, sel, &q, NULL);
    if (rc == 0) {
        Renderer *r = render_new(s->cfg.format, s->cfg.out, &q.plan->schema);
        ExecEnv env = {
            .stdin_fd = s->cfg.stdin_fd,
            .err = s->cfg.err,
            .progress = s->cfg.progress ? s->cfg.err : NULL,
            .interrupt = &s->interrupt,
            .query_id = s->next_query_id++,
        };
        q.flush_on_end = s->settings.flush_on_end;
        q.watermark_max = s->settings.watermark_max;
        q.clock_simulated = s->settings.clock_simulated;
        q.clock_start_us = s->settings.clock_start_us;
        q.clock_step_us = s->settings.clock_step_us;
        ExecOutput out = {.console = r};
        rc = exec_query(&q, qa, out, &env, &s->last_progress, c->diag);
        s->has_progress = true;
        render_free(r);
    }
    arena_free(qa);
    return rc;
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
    case STMT_CREATE_SINK:
    case STMT_INSERT:
        diag_error(c->diag, st->span, "sinks and INSERT INTO are not available yet");
        diag_detail(c->diag, "a plain SELECT prints its results in the --format of the session");
        return -1;
    case STMT_STOP:
        diag_error(c->diag, st->span, "no background query is running");
        diag_detail(c->diag, "background queries (INSERT INTO) are not available yet");
        return -1;
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

int sluice_exec(Sluice *s, const char *src_name, const char *text, bool keep_going)
{
    int status = 0;
    uint32_t off = 0;
    fflush(s->cfg.out);
    for (;;) {
        if (s->interrupt) break;
        Arena *pa = arena_new();
        Diag d = {0};
        d.span = SPAN_NONE;
        uint32_t next = off;
        AstStmt *st = parse_next(pa, text, off, &next, &d);
        bool parse_failed = !st && d.set;
        if (st) {
            StmtCtx c = {.s = s, .src = text, .diag = &d};
            if (run_stmt(&c, st) < 0 && !d.set)
                diag_error(&d, st->span, "statement failed");
        }
        if (d.set) {
            fflush(s->cfg.out);
            print_error(s, &d, src_name, text);
            status = -1;
        }
        diag_clear(&d);
        arena_free(pa);
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
    if (s->cfg.interactive) s->interrupt = 0;
    return status;
}
