/* analyze_window — event-time windows in GROUP BY and the lineage that
 * lets the watermark close them.
 *
 * window(ts, size[, slide[, offset]]) becomes a Window node that adds
 * window_start/window_end to every row (several rows per input row for
 * sliding windows); session_window(ts, gap) becomes pseudo columns that a
 * session aggregation computes. A bound column remembers whether it comes
 * from a watermarked event time (EVT_TIME for the end, EVT_START for the
 * start), which is what allows APPEND and bounds the state. */
#include "analyze.h"
#include "engine/base/timeutil.h"

#include <string.h>
#include <strings.h>

bool is_window_call(const AstExpr *e)
{
    return e && e->kind == AST_CALL &&
           (strcmp(e->call.name, "window") == 0 || strcmp(e->call.name, "session_window") == 0);
}

int bind_duration(Analyzer *az, const AstExpr *e, int64_t *us, const char *what)
{
    if (analyze_interval_literal(az, e, us) < 0) {
        diag_clear(az->diag);
        diag_error(az->diag, e->span, "the %s must be a constant duration such as '10 minutes' "
                   "or INTERVAL '10' MINUTE", what);
        return -1;
    }
    return 0;
}

uint8_t expr_event_kind(const Expr *e, const Scope *scope)
{
    if (e->kind == EXPR_COLUMN)
        return e->column < scope->n ? scope->cols[e->column].event_time : EVT_NONE;
    if (e->kind == EXPR_CAST && e->n_args == 1 && e->type == TYPE_TIMESTAMP)
        return expr_event_kind(e->args[0], scope);
    if (e->kind == EXPR_CALL && e->n_args == 2 && e->name &&
        (strcmp(e->name, "+") == 0 || strcmp(e->name, "-") == 0) &&
        e->type == TYPE_TIMESTAMP && e->args[1]->kind == EXPR_CONST &&
        e->args[1]->type == TYPE_INTERVAL) {
        uint8_t k = expr_event_kind(e->args[0], scope);
        return k == EVT_TIME ? EVT_TIME : EVT_NONE;
    }
    return EVT_NONE;
}

static void scope_push(Analyzer *az, Scope *scope, ScopeCol col)
{
    ScopeCol *cols = ARENA_ARRAY(az->arena, ScopeCol, scope->n + 1);
    if (scope->n) memcpy(cols, scope->cols, sizeof(ScopeCol) * (size_t)scope->n);
    cols[scope->n] = col;
    scope->cols = cols;
    scope->n++;
}

Plan *add_window_node(Analyzer *az, Plan *p, Scope *scope, Expr *time, int64_t size_us,
                      int64_t slide_us, int64_t offset_us, const char *qualifier,
                      bool spark_names, Span span)
{
    bool evt = expr_event_kind(time, scope) == EVT_TIME;
    int n = p->schema.n;
    Schema s = {.n = n + 2, .cols = ARENA_ARRAY(az->arena, Column, n + 2)};
    if (n) memcpy(s.cols, p->schema.cols, sizeof(Column) * (size_t)n);
    s.cols[n] = (Column){.name = "window_start", .type = TYPE_TIMESTAMP,
                         .event_time = evt ? EVT_START : EVT_NONE};
    s.cols[n + 1] = (Column){.name = "window_end", .type = TYPE_TIMESTAMP,
                             .event_time = evt ? EVT_TIME : EVT_NONE};
    Plan *w = plan_new(az->arena, PLAN_WINDOW, p, s, span);
    w->window.time = time;
    w->window.size_us = size_us;
    w->window.slide_us = slide_us;
    w->window.offset_us = offset_us;
    scope_push(az, scope, (ScopeCol){.qualifier = qualifier, .name = spark_names ? "start" : "window_start",
                                     .type = TYPE_TIMESTAMP, .alt_name = spark_names ? "window_start" : NULL,
                                     .event_time = s.cols[n].event_time});
    scope_push(az, scope, (ScopeCol){.qualifier = qualifier, .name = spark_names ? "end" : "window_end",
                                     .type = TYPE_TIMESTAMP, .alt_name = spark_names ? "window_end" : NULL,
                                     .event_time = s.cols[n + 1].event_time});
    return w;
}

int check_window_shape(Analyzer *az, int64_t size_us, int64_t slide_us, Span span)
{
    int64_t per_row = size_us / slide_us + (size_us % slide_us != 0);
    if (per_row <= MAX_WINDOWS_PER_ROW) return 0;
    StrBuf size = STRBUF_INIT, slide = STRBUF_INIT, min = STRBUF_INIT;
    time_format_interval(size_us, &size);
    time_format_interval(slide_us, &slide);
    int64_t least = size_us / MAX_WINDOWS_PER_ROW + (size_us % MAX_WINDOWS_PER_ROW != 0);
    time_format_interval(least, &min);
    diag_error(az->diag, span, "a window of %s sliding by %s puts every row in %lld windows, "
               "more than the %d allowed", sb_str(&size), sb_str(&slide), (long long)per_row,
               MAX_WINDOWS_PER_ROW);
    diag_hint(az->diag, "each window a row is in is a group it updates: use a slide of at least "
              "%s (the size / %d), or a shorter window", sb_str(&min), MAX_WINDOWS_PER_ROW);
    sb_free(&size);
    sb_free(&slide);
    sb_free(&min);
    return -1;
}

static Expr *bind_time_arg(Analyzer *az, const Scope *scope, const AstExpr *e, const char *fn)
{
    Binder b = {.az = az, .scope = scope, .clause = "a window"};
    Expr *t = bind_expr(&b, e);
    if (!t) return NULL;
    if (t->type == TYPE_TEXT && t->kind == EXPR_CONST && !t->value.is_null) {
        int64_t us;
        if (time_parse_timestamp(t->value.s.ptr, t->value.s.len, &us))
            return expr_const(az->arena, value_ts(us), t->span);
    }
    if (t->type != TYPE_TIMESTAMP) {
        /* Text is not cast silently: every row that does not parse would
         * vanish from the windows. */
        diag_error(az->diag, e->span, "the time of %s() must be a TIMESTAMP, not %s", fn,
                   type_name(t->type));
        if (t->type == TYPE_TEXT)
            diag_hint(az->diag, "declare the column as TIMESTAMP, or write CAST(%s AS TIMESTAMP)",
                      span_text(az, e->span));
        return NULL;
    }
    return t;
}

static int bind_fixed(Analyzer *az, const AstExpr *call, Plan **p, Scope *scope, GroupWindow *gw)
{
    int n = call->call.args ? call->call.args->n : 0;
    if (n < 2 || n > 4) {
        diag_error(az->diag, call->span, "window() takes (time, size[, slide[, offset]])");
        diag_hint(az->diag, "e.g. window(ts, '10 minutes') or window(ts, '10 minutes', '5 minutes')");
        return -1;
    }
    AstExpr **args = (AstExpr **)call->call.args->items;
    Expr *time = bind_time_arg(az, scope, args[0], "window");
    if (!time) return -1;
    int64_t size, slide, offset = 0;
    if (bind_duration(az, args[1], &size, "window size") < 0) return -1;
    slide = size;
    if (n >= 3 && bind_duration(az, args[2], &slide, "window slide") < 0) return -1;
    if (n == 4 && bind_duration(az, args[3], &offset, "window offset") < 0) return -1;
    if (size <= 0) return diag_error(az->diag, args[1]->span, "the window size must be positive");
    if (slide <= 0) return diag_error(az->diag, args[2]->span, "the window slide must be positive");
    if (slide > size) {
        diag_error(az->diag, args[2]->span, "the window slide must not be larger than its size");
        diag_hint(az->diag, "rows between windows would belong to none");
        return -1;
    }
    if (offset < 0 || offset >= slide) {
        diag_error(az->diag, args[3]->span, "the window offset must be at least 0 and less than the slide");
        return -1;
    }
    if (check_window_shape(az, size, slide, call->span) < 0) return -1;
    gw->kind = WIN_FIXED;
    gw->event_time = expr_event_kind(time, scope) == EVT_TIME;
    *p = add_window_node(az, *p, scope, time, size, slide, offset, "window", true, call->span);
    gw->start_col = scope->n - 2;
    gw->end_col = scope->n - 1;
    return 0;
}

/* The gap of a session: a constant duration, or an INTERVAL expression of
 * the row (Spark's dynamic gap). NULL with the diag filled on error. */
static Expr *bind_gap(Analyzer *az, const Scope *scope, const AstExpr *e)
{
    int64_t us;
    Diag scratch = {0};
    scratch.span = SPAN_NONE;
    Analyzer quiet = *az;
    quiet.diag = &scratch;
    bool constant = analyze_interval_literal(&quiet, e, &us) == 0;
    diag_clear(&scratch);
    if (constant) {
        if (us <= 0) {
            diag_error(az->diag, e->span, "the session gap must be positive");
            return NULL;
        }
        return expr_const(az->arena, value_interval(us), e->span);
    }
    Binder b = {.az = az, .scope = scope, .clause = "a session gap"};
    Expr *gap = bind_expr(&b, e);
    if (!gap) return NULL;
    if (gap->type != TYPE_INTERVAL) {
        diag_error(az->diag, e->span, "the session gap must be an INTERVAL, not %s", type_name(gap->type));
        diag_hint(az->diag, "e.g. CASE WHEN kind = 'a' THEN INTERVAL '5' MINUTE ELSE INTERVAL '1' MINUTE END");
        return NULL;
    }
    return gap;
}

/* Two pseudo columns for a session's bounds, at the end of the scope. */
static void push_session_bounds(Analyzer *az, Scope *scope, GroupWindow *gw, const char *qualifier,
                                bool spark_names)
{
    uint8_t s = gw->event_time ? EVT_START : EVT_NONE, e = gw->event_time ? EVT_TIME : EVT_NONE;
    scope_push(az, scope, (ScopeCol){.qualifier = qualifier, .name = spark_names ? "start" : "window_start",
                                     .type = TYPE_TIMESTAMP, .alt_name = spark_names ? "session_start" : NULL,
                                     .pseudo = true, .event_time = s, .session = gw});
    scope_push(az, scope, (ScopeCol){.qualifier = qualifier, .name = spark_names ? "end" : "window_end",
                                     .type = TYPE_TIMESTAMP, .alt_name = spark_names ? "session_end" : NULL,
                                     .pseudo = true, .event_time = e, .session = gw});
    gw->start_col = scope->n - 2;
    gw->end_col = scope->n - 1;
}

static int bind_session(Analyzer *az, const AstExpr *call, Scope *scope, GroupWindow *gw)
{
    int n = call->call.args ? call->call.args->n : 0;
    if (n != 2) {
        diag_error(az->diag, call->span, "session_window() takes (time, gap)");
        diag_hint(az->diag, "e.g. session_window(ts, '5 minutes'); the gap may be an expression");
        return -1;
    }
    AstExpr **args = (AstExpr **)call->call.args->items;
    Expr *time = bind_time_arg(az, scope, args[0], "session_window");
    if (!time) return -1;
    Expr *gap = bind_gap(az, scope, args[1]);
    if (!gap) return -1;
    gw->kind = WIN_SESSION;
    gw->time = time;
    gw->gap = gap;
    gw->event_time = expr_event_kind(time, scope) == EVT_TIME;
    push_session_bounds(az, scope, gw, "session_window", true);
    return 0;
}

int bind_session_tvf(Analyzer *az, Scope *scope, Expr *time, const AstExpr *gap, const char *qualifier,
                     Span span)
{
    GroupWindow *gw = ARENA_NEW(az->arena, GroupWindow);
    gw->kind = WIN_SESSION;
    gw->time = time;
    gw->span = span;
    gw->event_time = expr_event_kind(time, scope) == EVT_TIME;
    if (!(gw->gap = bind_gap(az, scope, gap))) return -1;
    push_session_bounds(az, scope, gw, qualifier, false);
    return 0;
}

const GroupWindow *session_tvf_ref(const Scope *scope, const AstExpr *g)
{
    if (g->kind != AST_COLUMN) return NULL;
    for (int i = 0; i < scope->n; i++) {
        const ScopeCol *c = &scope->cols[i];
        if (!c->session || strcasecmp(c->name, g->column.name) != 0) continue;
        if (g->column.qualifier && (!c->qualifier || strcasecmp(c->qualifier, g->column.qualifier) != 0))
            continue;
        return c->session;
    }
    return NULL;
}

int bind_group_window(Analyzer *az, const AstExpr *call, Plan **p, Scope *scope, GroupWindow *gw)
{
    if (gw->kind != WIN_NONE) {
        diag_error(az->diag, call->span, "only one window per GROUP BY");
        return -1;
    }
    gw->span = call->span;
    if (strcmp(call->call.name, "window") == 0) return bind_fixed(az, call, p, scope, gw);
    return bind_session(az, call, scope, gw);
}
