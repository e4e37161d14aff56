/* analyze — queries and clauses to a logical plan (see analyze.h).
 *
 * The order of a SELECT follows SQL's logical order: FROM (streams,
 * tables, CTEs, subqueries), WHERE, explode, GROUP BY / aggregates,
 * HAVING, the SELECT list, ORDER BY, LIMIT. Then the output mode is
 * chosen or checked against Spark's rules (Appendix A of SPEC.md). */
#include "analyze.h"
#include "engine/base/timeutil.h"
#include "engine/expr/rx.h"
#include "engine/state/agg_table.h"

#include <string.h>
#include <strings.h>

typedef struct Env {
    Analyzer *az;
    const AstList *ctes;      /* visible CTEs (innermost query's list) */
    int n_ctes;               /* how many of them are visible: a CTE's body
                                 sees only the ones declared before it */
    const struct Env *outer;
    bool any_stream;          /* some input of the whole query is a stream */
    int n_aggregates;         /* Aggregate nodes built so far */
    const char **out_quals;   /* outermost SELECT: each output column's qualifier
                                 (NULL when not a column reference) */
    Span *out_spans;          /*   and the select item it came from */
} Env;

static Plan *bind_select(Env *env, const AstSelect *sel, Scope *out_scope, bool outermost);

static Scope scope_from_schema(Arena *a, const Schema *s, const char *qualifier)
{
    Scope sc = {.n = s->n, .cols = ARENA_ARRAY(a, ScopeCol, s->n > 0 ? s->n : 1)};
    for (int i = 0; i < s->n; i++) {
        sc.cols[i].qualifier = qualifier;
        sc.cols[i].name = s->cols[i].name;
        sc.cols[i].type = s->cols[i].type;
        sc.cols[i].event_time = s->cols[i].event_time;
    }
    return sc;
}

/* ---- FROM --------------------------------------------------------------- */

/* The CTE `name` visible from env: its list's env and index, or NULL. */
static const AstCte *find_cte(const Env *env, const char *name, const Env **where, int *index)
{
    for (const Env *e = env; e; e = e->outer)
        for (int i = 0; e->ctes && i < e->n_ctes; i++) {
            const AstCte *c = e->ctes->items[i];
            if (strcasecmp(c->name, name) == 0) {
                *where = e;
                *index = i;
                return c;
            }
        }
    return NULL;
}

static Plan *bind_table(Env *env, const AstFrom *f, Scope *scope)
{
    Analyzer *az = env->az;
    const char *name = f->table.name;
    const char *alias = f->alias ? f->alias : name;
    const Env *where;
    int index;
    const AstCte *cte = find_cte(env, name, &where, &index);
    if (cte) {
        /* The body sees the CTEs before this one (so WITH s AS (SELECT *
         * FROM s) reads the stream s, and no CTE can reach itself). */
        Env limited = *where;
        limited.n_ctes = index;
        Env inner = {.az = az, .outer = &limited, .ctes = NULL};
        Scope sub;
        Plan *p = bind_select(&inner, cte->query, &sub, false);
        if (!p) return NULL;
        env->any_stream |= inner.any_stream;
        env->n_aggregates += inner.n_aggregates;
        *scope = scope_from_schema(az->arena, &p->schema, alias);
        return p;
    }
    CatalogEntry *e = catalog_find(az->catalog, name);
    if (!e || e->kind == CAT_SINK) {
        if (e)
            diag_error(az->diag, f->table.name_span, "\"%s\" is a sink, not a stream or table", name);
        else
            diag_error(az->diag, f->table.name_span, "stream or table \"%s\" does not exist", name);
        const char *names[256];
        int n = 0;
        for (int i = 0; i < az->catalog->n && n < 256; i++)
            if (az->catalog->entries[i]->kind != CAT_SINK) names[n++] = az->catalog->entries[i]->def.name;
        const char *close = diag_closest(name, names, n);
        if (close) diag_hint(az->diag, "did you mean \"%s\"?", close);
        else if (!e) diag_hint(az->diag, "declare it with CREATE STREAM or CREATE TABLE; SHOW STREAMS lists them");
        return NULL;
    }
    Plan *p = plan_new(az->arena, PLAN_SCAN, NULL, e->def.schema, f->span);
    p->scan.def = &e->def;
    p->scan.alias = alias;
    p->scan.wm_column = e->wm_column;
    p->scan.wm_delay_us = e->wm_delay_us;
    if (e->kind == CAT_STREAM) env->any_stream = true;
    *scope = scope_from_schema(az->arena, &e->def.schema, alias);
    return p;
}

/* Flink's window table functions: TUMBLE(t, ts, size), HOP(t, ts, slide,
 * size) add window_start and window_end columns to the rows of t. */
static Plan *bind_window_tvf(Env *env, const AstFrom *f, Scope *scope)
{
    Analyzer *az = env->az;
    const char *fn = f->func.name;
    bool tumble = strcmp(fn, "tumble") == 0, hop = strcmp(fn, "hop") == 0;
    bool session = strcmp(fn, "session") == 0;
    int n = f->func.args ? f->func.args->n : 0;
    if (!tumble && !hop && !session) {
        diag_error(az->diag, f->span, "unknown table function %s()", fn);
        diag_hint(az->diag, "window table functions: TUMBLE(t, ts, size), HOP(t, ts, slide, size), "
                  "SESSION(t, ts, gap)");
        return NULL;
    }
    const char *fname = tumble ? "TUMBLE" : hop ? "HOP" : "SESSION";
    int want = hop ? 4 : 3;
    if (n < want || n > (session ? want : want + 1)) {
        diag_error(az->diag, f->span, tumble ? "TUMBLE takes (table, time column, size[, offset])"
                                      : hop ? "HOP takes (table, time column, slide, size[, offset])"
                                            : "SESSION takes (table, time column, gap)");
        return NULL;
    }
    AstExpr **args = (AstExpr **)f->func.args->items;
    if (args[0]->kind != AST_COLUMN || args[0]->column.qualifier) {
        diag_error(az->diag, args[0]->span, "the first argument of %s must name a stream or table", fname);
        return NULL;
    }
    AstFrom t = {.kind = FROM_TABLE, .span = args[0]->span,
                 .alias = f->alias ? f->alias : args[0]->column.name};
    t.table.name = args[0]->column.name;
    t.table.name_span = args[0]->span;
    Plan *p = bind_table(env, &t, scope);
    if (!p) return NULL;
    Binder b = {.az = az, .scope = scope, .clause = "a window"};
    Expr *time = bind_expr(&b, args[1]);
    if (!time) return NULL;
    if (time->type != TYPE_TIMESTAMP) {
        diag_error(az->diag, args[1]->span, "the time column of %s must be a TIMESTAMP", fname);
        return NULL;
    }
    if (session)
        return bind_session_tvf(az, scope, time, args[2], t.alias, f->span) < 0 ? NULL : p;
    int64_t size, slide, offset = 0;
    if (tumble) {
        if (bind_duration(az, args[2], &size, "window size") < 0) return NULL;
        slide = size;
    } else {
        if (bind_duration(az, args[2], &slide, "window slide") < 0) return NULL;
        if (bind_duration(az, args[3], &size, "window size") < 0) return NULL;
    }
    if (n > want && bind_duration(az, args[want], &offset, "window offset") < 0) return NULL;
    if (size <= 0 || slide <= 0 || slide > size || offset < 0 || offset >= slide) {
        diag_error(az->diag, f->span, "invalid window: the size and slide must be positive, "
                   "the slide at most the size, and the offset in [0, slide)");
        return NULL;
    }
    if (check_window_shape(az, size, slide, f->span) < 0) return NULL;
    return add_window_node(az, p, scope, time, size, slide, offset, t.alias, false, f->span);
}

static Plan *bind_from(Env *env, const AstFrom *f, Scope *scope)
{
    Analyzer *az = env->az;
    switch (f->kind) {
    case FROM_TABLE: return bind_table(env, f, scope);
    case FROM_SUBQUERY: {
        Env inner = {.az = az, .outer = env};
        Scope sub;
        Plan *p = bind_select(&inner, f->subquery, &sub, false);
        if (!p) return NULL;
        env->any_stream |= inner.any_stream;
        env->n_aggregates += inner.n_aggregates;
        *scope = scope_from_schema(az->arena, &p->schema, f->alias);
        return p;
    }
    case FROM_JOIN: {
        Scope ls, rs;
        Plan *l = bind_from(env, f->join.left, &ls);
        if (!l) return NULL;
        Plan *r = bind_from(env, f->join.right, &rs);
        if (!r) return NULL;
        Plan *j = bind_join(az, f, l, &ls, r, &rs, scope);
        if (j && !(j->join.left_static || j->join.right_static)) env->n_aggregates++;   /* stateful */
        return j;
    }
    case FROM_FUNCTION:
        return bind_window_tvf(env, f, scope);
    }
    return NULL;
}

/* ---- SELECT list --------------------------------------------------------- */

/* Is this select item explode(split(s, d))? */
static bool is_explode(const AstExpr *e)
{
    return e->kind == AST_CALL && strcmp(e->call.name, "explode") == 0;
}

static const char *item_name(Analyzer *az, const AstSelectItem *it)
{
    if (it->alias) return it->alias;
    if (it->expr->kind == AST_COLUMN) return it->expr->column.name;
    return span_text(az, it->expr->span);
}

/* Regular-expression metacharacters: a split delimiter without them is
 * matched literally (faster, and what the user meant). */
static bool has_regex_meta(const char *s)
{
    return strpbrk(s, ".[]{}()\\*+?^$|") != NULL;
}

static Plan *add_explode(Env *env, Plan *p, Scope *scope, const AstSelectItem *it)
{
    Analyzer *az = env->az;
    const AstExpr *e = it->expr;
    const AstExpr *arg = e->call.args && e->call.args->n == 1 ? e->call.args->items[0] : NULL;
    if (!arg || arg->kind != AST_CALL || strcmp(arg->call.name, "split") != 0 ||
        !arg->call.args || arg->call.args->n != 2) {
        diag_error(az->diag, e->span, "explode() takes split(text, delimiter)");
        diag_hint(az->diag, "e.g. explode(split(value, ' ')) AS word");
        return NULL;
    }
    const AstExpr *d = arg->call.args->items[1];
    if (d->kind != AST_LITERAL || d->lit.kind != LIT_STRING) {
        diag_error(az->diag, d->span, "the delimiter of split() must be a string literal");
        return NULL;
    }
    Binder b = {.az = az, .scope = scope, .clause = "SELECT"};
    Expr *text = bind_expr(&b, arg->call.args->items[0]);
    if (!text) return NULL;
    if (text->type != TYPE_TEXT) {
        text = expr_cast(az->arena, text, TYPE_TEXT, text->span, az->diag);
        if (!text) return NULL;
    }
    Schema s = {.n = p->schema.n + 1, .cols = ARENA_ARRAY(az->arena, Column, p->schema.n + 1)};
    memcpy(s.cols, p->schema.cols, sizeof(Column) * (size_t)p->schema.n);
    s.cols[p->schema.n] = (Column){.name = it->alias ? it->alias : "col", .type = TYPE_TEXT};
    Plan *x = plan_new(az->arena, PLAN_EXPLODE, p, s, e->span);
    x->explode.text = text;
    x->explode.delim = d->lit.s;
    x->explode.regex = has_regex_meta(d->lit.s);
    /* A bad pattern or one over a limit: an error on the literal. */
    if (x->explode.regex &&
        !rx_compile_diag((Str){d->lit.s, (uint32_t)strlen(d->lit.s)}, az->arena, d->span, az->diag))
        return NULL;
    Scope ns = {.n = scope->n + 1, .cols = ARENA_ARRAY(az->arena, ScopeCol, scope->n + 1)};
    memcpy(ns.cols, scope->cols, sizeof(ScopeCol) * (size_t)scope->n);
    ns.cols[scope->n] = (ScopeCol){.name = s.cols[p->schema.n].name, .type = TYPE_TEXT};
    *scope = ns;
    return x;
}

/* Expand the select list (stars included) into expressions and names. */
static int bind_items(Binder *b, const AstList *items, int explode_col, Expr ***exprs_out,
                      Schema *out, const char ***quals_out, Span **spans_out)
{
    Analyzer *az = b->az;
    int stars = 0, n = 0;
    for (int i = 0; i < items->n; i++)
        stars += ((const AstSelectItem *)items->items[i])->expr->kind == AST_STAR;
    int cap = items->n + stars * b->scope->n + 1;
    Expr **exprs = ARENA_ARRAY(az->arena, Expr *, cap);
    Column *cols = ARENA_ARRAY(az->arena, Column, cap);
    const char **quals = ARENA_ARRAY(az->arena, const char *, cap);
    Span *spans = ARENA_ARRAY(az->arena, Span, cap);
    *quals_out = quals;
    *spans_out = spans;
    for (int i = 0; i < items->n; i++) {
        const AstSelectItem *it = items->items[i];
        if (it->expr->kind == AST_STAR) {
            if (b->agg) {
                diag_error(az->diag, it->span, "SELECT * is not allowed with GROUP BY or aggregates");
                diag_hint(az->diag, "list the grouping columns and aggregates");
                return -1;
            }
            const char *q = it->expr->star.qualifier;
            int added = 0;
            for (int c = 0; c < b->scope->n; c++) {
                const ScopeCol *sc = &b->scope->cols[c];
                if (c == explode_col || sc->pseudo) continue;
                if (q && (!sc->qualifier || strcasecmp(sc->qualifier, q) != 0)) continue;
                if (n >= cap) break;
                exprs[n] = expr_column(az->arena, c, sc->type, sc->name, it->span);
                quals[n] = sc->qualifier;
                spans[n] = it->span;
                cols[n++] = (Column){.name = sc->alt_name ? sc->alt_name : sc->name, .type = sc->type,
                                     .event_time = sc->event_time};
                added++;
            }
            if (q && !added) {
                diag_error(az->diag, it->span, "unknown table or alias \"%s\"", q);
                return -1;
            }
            continue;
        }
        if (n >= cap) break;
        Expr *x;
        if (explode_col >= 0 && is_explode(it->expr))
            x = expr_column(az->arena, explode_col, TYPE_TEXT, b->scope->cols[explode_col].name, it->span);
        else
            x = bind_expr(b, it->expr);
        if (!x) return -1;
        exprs[n] = x;
        quals[n] = NULL;
        spans[n] = it->span;
        if (!it->alias && it->expr->kind == AST_COLUMN) {
            quals[n] = it->expr->column.qualifier;
            if (!quals[n] && !b->agg && x->kind == EXPR_COLUMN && x->column < b->scope->n)
                quals[n] = b->scope->cols[x->column].qualifier;
        }
        /* A bare column keeps the name it was declared with (its case). */
        const char *name = !it->alias && it->expr->kind == AST_COLUMN && x->kind == EXPR_COLUMN && x->name
                               ? x->name : item_name(az, it);
        cols[n++] = (Column){.name = name, .type = x->type == TYPE_NULL ? TYPE_TEXT : x->type,
                             .event_time = expr_event_kind(x, b->agg ? b->agg->out_scope : b->scope)};
    }
    *exprs_out = exprs;
    out->n = n;
    out->cols = cols;
    return 0;
}

/* ---- GROUP BY ---------------------------------------------------------- */

/* GROUP BY may name a select item by position (GROUP BY 1) or alias. */
static const AstExpr *resolve_group_item(Analyzer *az, const AstSelect *sel, const AstExpr *g,
                                         const Scope *scope)
{
    if (g->kind == AST_LITERAL && g->lit.kind == LIT_INT) {
        int64_t k = g->lit.i;
        if (k < 1 || k > sel->items->n) {
            diag_error(az->diag, g->span, "GROUP BY position %lld is not in the select list (1..%d)",
                       (long long)k, sel->items->n);
            return NULL;
        }
        const AstSelectItem *it = sel->items->items[k - 1];
        return it->expr;
    }
    if (g->kind == AST_COLUMN && !g->column.qualifier) {
        for (int i = 0; i < scope->n; i++)
            if (strcasecmp(scope->cols[i].name, g->column.name) == 0) return g;
        for (int i = 0; i < sel->items->n; i++) {
            const AstSelectItem *it = sel->items->items[i];
            if (it->alias && strcasecmp(it->alias, g->column.name) == 0) return it->expr;
        }
    }
    return g;
}

static bool is_batch_id_call(const Expr *e)
{
    return e->kind == EXPR_CALL && e->name && strcmp(e->name, "batch_id") == 0;
}

/* ---- ORDER BY ---------------------------------------------------------- */

/* Find the output column an ORDER BY item means, or add a hidden one. */
static int order_column(Binder *b, const AstExpr *e, Expr ***exprs, Schema *out, int *n_hidden)
{
    Analyzer *az = b->az;
    if (e->kind == AST_LITERAL && e->lit.kind == LIT_INT) {
        if (e->lit.i < 1 || e->lit.i > out->n - *n_hidden) {
            diag_error(az->diag, e->span, "ORDER BY position %lld is not in the select list",
                       (long long)e->lit.i);
            return -1;
        }
        return (int)e->lit.i - 1;
    }
    if (e->kind == AST_COLUMN && !e->column.qualifier) {
        /* An output column by name (an alias, or a column selected as is). */
        for (int i = 0; i < out->n - *n_hidden; i++)
            if (out->cols[i].name && strcasecmp(out->cols[i].name, e->column.name) == 0) return i;
    }
    Expr *x = bind_expr(b, e);
    if (!x) return -1;
    for (int i = 0; i < out->n; i++)
        if (expr_equal(x, (*exprs)[i])) return i;
    /* A hidden column, projected away after the sort. */
    int n = out->n;
    Expr **ne = ARENA_ARRAY(az->arena, Expr *, n + 1);
    Column *nc = ARENA_ARRAY(az->arena, Column, n + 1);
    memcpy(ne, *exprs, sizeof(Expr *) * (size_t)n);
    memcpy(nc, out->cols, sizeof(Column) * (size_t)n);
    ne[n] = x;
    nc[n] = (Column){.name = span_text(az, e->span), .type = x->type};
    *exprs = ne;
    out->cols = nc;
    out->n = n + 1;
    (*n_hidden)++;
    return n;
}

static int64_t bind_limit(Analyzer *az, const AstExpr *e)
{
    if (e->kind != AST_LITERAL || e->lit.kind != LIT_INT || e->lit.i < 0) {
        diag_error(az->diag, e->span, "LIMIT takes a non-negative integer");
        return -1;
    }
    return e->lit.i;
}

/* ---- GROUP BY keys and the aggregation node ---------------------------- */

static void push_key(Analyzer *az, AggBuild *ab, int *cap, Expr *key)
{
    if (ab->n_keys == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        Expr **nk = ARENA_ARRAY(az->arena, Expr *, nc);
        if (ab->n_keys) memcpy(nk, ab->keys, sizeof(Expr *) * (size_t)ab->n_keys);
        ab->keys = nk;
        *cap = nc;
    }
    ab->keys[ab->n_keys++] = key;
}

static Expr *scope_ref(Analyzer *az, const Scope *scope, int col, Span span)
{
    const ScopeCol *c = &scope->cols[col];
    return expr_column(az->arena, col, c->type, c->alt_name ? c->alt_name : c->name, span);
}

/* Bind the grouping keys (GROUP BY items, or the select list of SELECT
 * DISTINCT). window(...) in GROUP BY adds a Window node to *p and groups
 * by its bounds; session_window(...) groups by pseudo bounds, last. */
static int bind_keys(Analyzer *az, const AstSelect *sel, bool distinct, Plan **p, Scope *scope,
                     AggBuild *ab, GroupWindow *gw)
{
    int nk = distinct ? sel->items->n : sel->group_by ? sel->group_by->n : 0;
    int cap = 0;
    const AstExpr **items = ARENA_ARRAY(az->arena, const AstExpr *, nk > 0 ? nk : 1);
    for (int k = 0; k < nk; k++) {
        const AstExpr *g;
        if (distinct) {
            const AstSelectItem *it = sel->items->items[k];
            if (it->expr->kind == AST_STAR) {
                diag_error(az->diag, it->span, "SELECT DISTINCT * is not supported");
                diag_hint(az->diag, "list the columns");
                return -1;
            }
            g = it->expr;
        } else {
            g = resolve_group_item(az, sel, sel->group_by->items[k], scope);
            if (!g) return -1;
        }
        if (ast_has_aggregate(g)) {
            diag_error(az->diag, g->span, "aggregate functions are not allowed in GROUP BY");
            return -1;
        }
        items[k] = g;
        /* Windows first: they change the plan and scope the keys see. */
        if (!distinct && is_window_call(g) && bind_group_window(az, g, p, scope, gw) < 0) return -1;
        const GroupWindow *tvf = distinct ? NULL : session_tvf_ref(scope, g);
        if (tvf) {
            if (gw->kind == WIN_FIXED) {
                diag_error(az->diag, g->span, "only one window per GROUP BY");
                return -1;
            }
            *gw = *tvf;      /* SESSION(): grouping by its bounds groups by sessions */
        }
    }
    for (int k = 0; k < nk; k++) {
        const AstExpr *g = items[k];
        if (!distinct && session_tvf_ref(scope, g)) continue;    /* the session keys go last */
        if (!distinct && is_window_call(g)) {
            if (gw->kind == WIN_FIXED) {
                push_key(az, ab, &cap, scope_ref(az, scope, gw->start_col, g->span));
                push_key(az, ab, &cap, scope_ref(az, scope, gw->end_col, g->span));
            }
            continue;
        }
        Binder b = {.az = az, .scope = scope, .clause = "GROUP BY"};
        Expr *key = bind_expr(&b, g);
        if (!key) return -1;
        push_key(az, ab, &cap, key);
    }
    if (gw->kind == WIN_SESSION) {
        push_key(az, ab, &cap, scope_ref(az, scope, gw->start_col, gw->span));
        push_key(az, ab, &cap, scope_ref(az, scope, gw->end_col, gw->span));
    }
    if (ab->n_keys > AGG_MAX_KEYS) {
        diag_error(az->diag, distinct ? sel->span : ((AstExpr *)sel->group_by->items[0])->span,
                   "too many grouping keys (%d, at most %d)", ab->n_keys, AGG_MAX_KEYS);
        return -1;
    }
    /* The keys as output columns, for event-time lineage above. */
    Scope *ks = ARENA_NEW(az->arena, Scope);
    ks->n = ab->n_keys;
    ks->cols = ARENA_ARRAY(az->arena, ScopeCol, ab->n_keys > 0 ? ab->n_keys : 1);
    for (int k = 0; k < ab->n_keys; k++) {
        ks->cols[k].type = ab->keys[k]->type;
        ks->cols[k].event_time = expr_event_kind(ab->keys[k], scope);
    }
    ab->out_scope = ks;
    return 0;
}

/* The Aggregate (or SessionWindow) node for the bound keys and calls. */
static Plan *build_aggregate(Analyzer *az, Plan *p, const AggBuild *ab, const GroupWindow *gw,
                             Span span)
{
    Arena *a = az->arena;
    int nk = ab->n_keys, na = ab->n_aggs;
    Schema as = {.n = nk + na, .cols = ARENA_ARRAY(a, Column, nk + na + 1)};
    for (int k = 0; k < nk; k++)
        as.cols[k] = (Column){.name = ab->keys[k]->kind == EXPR_COLUMN ? ab->keys[k]->name : "key",
                              .type = ab->keys[k]->type == TYPE_NULL ? TYPE_TEXT : ab->keys[k]->type,
                              .event_time = ab->out_scope->cols[k].event_time};
    for (int i = 0; i < na; i++)
        as.cols[nk + i] = (Column){.name = ab->agg_names[i], .type = ab->aggs[i].type};

    if (gw->kind == WIN_SESSION) {
        Plan *g = plan_new(a, PLAN_SESSION, p, as, span);
        g->session.cfg = (SessionConfig){.keys = ab->keys, .n_keys = nk - 2, .time = gw->time,
                                         .gap = gw->gap, .aggs = ab->aggs, .n_aggs = na,
                                         .watermarked = gw->event_time};
        return g;
    }
    Plan *g = plan_new(a, PLAN_AGGREGATE, p, as, span);
    g->agg.cfg = (AggConfig){.keys = ab->keys, .n_keys = nk, .aggs = ab->aggs, .n_aggs = na,
                             .batch_key = -1, .close_key = -1, .start_key = -1};
    for (int k = 0; k < nk; k++) {
        if (is_batch_id_call(ab->keys[k])) g->agg.cfg.batch_key = k;
        /* The window end (or the event time itself) closes a group. */
        if (as.cols[k].event_time == EVT_TIME &&
            (g->agg.cfg.close_key < 0 || (gw->kind == WIN_FIXED && ab->keys[k]->column == gw->end_col)))
            g->agg.cfg.close_key = k;
    }
    int ck = g->agg.cfg.close_key;
    if (gw->kind == WIN_FIXED && ck >= 0 && ab->keys[ck]->kind == EXPR_COLUMN &&
        ab->keys[ck]->column == gw->end_col)
        for (int k = 0; k < nk; k++)
            if (ab->keys[k]->kind == EXPR_COLUMN && ab->keys[k]->column == gw->start_col)
                g->agg.cfg.start_key = k;
    return g;
}

/* ---- the SELECT ------------------------------------------------------------ */

static Plan *bind_select(Env *outer_env, const AstSelect *sel, Scope *out_scope, bool outermost)
{
    Analyzer *az = outer_env->az;
    Arena *a = az->arena;
    Env env_storage = *outer_env;
    Env *env = outer_env;
    if (sel->ctes) {
        env_storage.ctes = sel->ctes;
        env_storage.n_ctes = sel->ctes->n;
        env_storage.outer = outer_env;
        env = &env_storage;
    }
    if (!outermost && (sel->emit != EMIT_DEFAULT || sel->every)) {
        diag_error(az->diag, span_valid(sel->emit_span) ? sel->emit_span : sel->span,
                   "EMIT belongs to the outermost query");
        return NULL;
    }

    /* FROM */
    Plan *p;
    Scope scope = {0};
    if (sel->from) {
        p = bind_from(env, sel->from, &scope);
        if (!p) return NULL;
    } else {
        p = plan_new(a, PLAN_VALUES, NULL, (Schema){0, NULL}, sel->span);
    }

    /* WHERE */
    if (sel->where) {
        Binder b = {.az = az, .scope = &scope, .clause = "WHERE"};
        Expr *pred = bind_expr(&b, sel->where);
        if (!pred) return NULL;
        if (pred->type != TYPE_BOOL && pred->type != TYPE_NULL) {
            diag_error(az->diag, sel->where->span, "WHERE needs a BOOLEAN condition, not %s",
                       type_name(pred->type));
            return NULL;
        }
        Plan *f = plan_new(a, PLAN_FILTER, p, p->schema, sel->where->span);
        f->filter.pred = pred;
        p = f;
    }

    /* Aggregation? */
    /* HAVING makes an aggregate query, as in PostgreSQL and Spark: without
     * GROUP BY it filters the one group of the whole input (it used to be
     * dropped without a word when nothing else aggregated). */
    bool has_agg = sel->group_by != NULL || sel->having != NULL;
    for (int i = 0; i < sel->items->n && !has_agg; i++)
        has_agg = ast_has_aggregate(((AstSelectItem *)sel->items->items[i])->expr);
    for (int i = 0; sel->order_by && i < sel->order_by->n && !has_agg; i++)
        has_agg = ast_has_aggregate(((AstOrderItem *)sel->order_by->items[i])->expr);
    bool distinct_as_group = sel->distinct && !has_agg;
    if (sel->distinct && has_agg) {
        diag_error(az->diag, sel->span, "SELECT DISTINCT with GROUP BY or aggregates is not supported");
        return NULL;
    }

    /* explode(split(...)) in the select list */
    int explode_col = -1;
    for (int i = 0; i < sel->items->n; i++) {
        const AstSelectItem *it = sel->items->items[i];
        if (!is_explode(it->expr)) continue;
        if (explode_col >= 0) {
            diag_error(az->diag, it->span, "only one explode() per SELECT");
            return NULL;
        }
        if (has_agg || sel->distinct) {
            diag_error(az->diag, it->span, "explode() cannot be combined with %s in one SELECT",
                       sel->distinct ? "DISTINCT" : "GROUP BY or aggregates");
            diag_hint(az->diag, "explode in a subquery and %s in the outer query",
                      sel->distinct ? "use DISTINCT" : "aggregate");
            return NULL;
        }
        p = add_explode(env, p, &scope, it);
        if (!p) return NULL;
        explode_col = scope.n - 1;
    }

    AggBuild ab = {.input = &scope};
    GroupWindow gw = {.kind = WIN_NONE};
    Scope arg_scope = scope;
    if ((has_agg || distinct_as_group) &&
        bind_keys(az, sel, distinct_as_group, &p, &scope, &ab, &gw) < 0)
        return NULL;
    if (gw.kind == WIN_SESSION) {
        arg_scope = scope;
        arg_scope.n -= 2;          /* the session bounds are not input columns */
        ab.arg_scope = &arg_scope;
    }

    /* SELECT list (in aggregate context when aggregating) */
    Binder sb = {.az = az, .scope = &scope, .agg = (has_agg || distinct_as_group) ? &ab : NULL,
                 .clause = "SELECT"};
    Expr **items;
    Schema out;
    const char **quals;
    Span *spans;
    if (bind_items(&sb, sel->items, explode_col, &items, &out, &quals, &spans) < 0) return NULL;
    if (outermost) {
        outer_env->out_quals = quals;
        outer_env->out_spans = spans;
    }

    Expr *having = NULL;
    if (sel->having) {
        Binder hb = sb;
        hb.clause = "HAVING";
        if (!(having = bind_expr(&hb, sel->having))) return NULL;
        if (having->type != TYPE_BOOL && having->type != TYPE_NULL) {
            diag_error(az->diag, sel->having->span, "HAVING needs a BOOLEAN condition");
            return NULL;
        }
    }

    /* ORDER BY items may add hidden output columns. */
    int n_hidden = 0;
    SortKey *keys = NULL;
    int n_order = sel->order_by ? sel->order_by->n : 0;
    if (n_order) {
        keys = ARENA_ARRAY(a, SortKey, n_order);
        Binder ob = sb;
        ob.clause = "ORDER BY";
        for (int i = 0; i < n_order; i++) {
            const AstOrderItem *oi = sel->order_by->items[i];
            int c = order_column(&ob, oi->expr, &items, &out, &n_hidden);
            if (c < 0) return NULL;
            keys[i].column = c;
            keys[i].desc = oi->desc;
            keys[i].nulls_first = oi->nulls == 0 ? !oi->desc : oi->nulls == 1;
        }
    }

    if (has_agg || distinct_as_group) {
        /* Over tables only it is a batch aggregation, not a stateful
         * operator of the stream query (Spark's SPARK-19690). */
        bool streaming = !plan_is_static(p);
        p = build_aggregate(az, p, &ab, &gw, sel->span);
        if (streaming) env->n_aggregates++;
        if (having) {
            Plan *f = plan_new(a, PLAN_FILTER, p, p->schema, sel->having->span);
            f->filter.pred = having;
            p = f;
        }
    }

    Plan *proj = plan_new(a, PLAN_PROJECT, p, out, sel->span);
    proj->project.exprs = items;
    proj->project.n = out.n;
    p = proj;

    if (n_order) {
        Plan *s = plan_new(a, PLAN_SORT, p, p->schema, sel->span);
        s->sort.keys = keys;
        s->sort.n = n_order;
        p = s;
    }
    if (sel->limit) {
        int64_t lim = bind_limit(az, sel->limit);
        if (lim < 0) return NULL;
        Plan *l = plan_new(a, PLAN_LIMIT, p, p->schema, sel->limit->span);
        l->limit.count = lim;
        p = l;
    }
    if (n_hidden) {
        int keep = out.n - n_hidden;
        Schema vis = {.n = keep, .cols = out.cols};
        Expr **refs = ARENA_ARRAY(a, Expr *, keep > 0 ? keep : 1);
        for (int i = 0; i < keep; i++)
            refs[i] = expr_column(a, i, out.cols[i].type, out.cols[i].name, sel->span);
        Plan *trim = plan_new(a, PLAN_PROJECT, p, vis, sel->span);
        trim->project.exprs = refs;
        trim->project.n = keep;
        p = trim;
    }

    if (env != outer_env) {      /* WITH made a copy: hand the facts back */
        outer_env->any_stream |= env->any_stream;
        outer_env->n_aggregates = env->n_aggregates;
    }
    *out_scope = scope_from_schema(a, &p->schema, NULL);
    return p;
}

/* ---- output modes (Spark's rules) --------------------------------------- */

/* These walk the whole tree: both inputs of every join, but not a
 * subtree over tables only: in a stream query that is a batch query,
 * run once before the first micro-batch (Spark's SPARK-19690), so its
 * aggregations, ORDER BY and LIMIT are not streaming ones. */
static bool plan_has(const Plan *p, PlanKind k)
{
    for (; p && !plan_is_static(p); p = p->input) {
        if (p->kind == k) return true;
        if (p->kind == PLAN_JOIN && plan_has(p->right, k)) return true;
    }
    return false;
}

static bool is_stateful(const Plan *p)
{
    return p->kind == PLAN_AGGREGATE || p->kind == PLAN_SESSION;
}

/* Does every Sort and Limit sit above an aggregation (of its own
 * input)? On a stream only a result table can be ordered or cut. */
static bool sorts_over_aggregates(const Plan *p, bool agg_below_known)
{
    for (; p && !plan_is_static(p); p = p->input) {
        if ((p->kind == PLAN_SORT || p->kind == PLAN_LIMIT) && !agg_below_known) {
            bool agg_below = false;
            for (const Plan *c = p->input; c && !agg_below; c = c->input)
                agg_below = is_stateful(c);
            if (!agg_below) return false;
        }
        if (p->kind == PLAN_JOIN && !sorts_over_aggregates(p->right, false)) return false;
    }
    return true;
}

/* Can this stateful node emit in APPEND mode: is each of its results
 * final at some point (closed by the watermark, or per batch)? */
static bool appendable(const Plan *p)
{
    if (p->kind == PLAN_SESSION) return p->session.cfg.watermarked;
    return p->agg.cfg.batch_key >= 0 || p->agg.cfg.close_key >= 0;
}

static const Plan *find_stateful(const Plan *p)
{
    for (; p && !plan_is_static(p); p = p->input) {
        if (is_stateful(p)) return p;
        if (p->kind == PLAN_JOIN) {
            const Plan *r = find_stateful(p->right);
            if (r) return r;
        }
    }
    return NULL;
}

static bool all_appendable(const Plan *p)
{
    for (; p && !plan_is_static(p); p = p->input) {
        if (is_stateful(p) && !appendable(p)) return false;
        if (p->kind == PLAN_JOIN && !all_appendable(p->right)) return false;
    }
    return true;
}

static int choose_mode(Analyzer *az, const AstSelect *sel, Query *q, int n_aggregates)
{
    const Plan *agg = find_stateful(q->plan);
    bool appendable_all = all_appendable(q->plan);
    Span where = span_valid(sel->emit_span) ? sel->emit_span : sel->span;
    if (q->is_static) {
        q->mode = agg ? MODE_COMPLETE : MODE_APPEND;
        q->mode_reason = "a query over tables only runs once";
        return 0;
    }
    if (n_aggregates > 1) {
        if (sel->emit == EMIT_UPDATE || sel->emit == EMIT_COMPLETE) {
            diag_error(az->diag, where, "a query with several stateful operators supports only EMIT APPEND");
            diag_detail(az->diag, "a downstream aggregation must only see final rows of the one before it");
            diag_hint(az->diag, "use EMIT APPEND with event-time windows on watermarked columns");
            return -1;
        }
        if (!appendable_all) {
            diag_error(az->diag, sel->span, "a query with several stateful operators needs every aggregation "
                       "to be closed by a watermark");
            diag_hint(az->diag, "group each level by a window of a column with a WATERMARK (e.g. the "
                      "window_end of the level below)");
            return -1;
        }
        q->mode = MODE_APPEND;
        q->mode_reason = sel->emit == EMIT_APPEND || sel->emit == EMIT_FINAL ? "EMIT APPEND"
                                                  : "default: several stateful operators need append";
    }
    switch (n_aggregates > 1 ? EMIT_APPEND : sel->emit) {
    case EMIT_COMPLETE:
        if (!agg) {
            diag_error(az->diag, where, "EMIT COMPLETE needs an aggregation");
            diag_detail(az->diag, "complete mode re-emits the whole result table after every batch, "
                        "which would mean keeping every input row");
            diag_hint(az->diag, "use EMIT APPEND (the default for queries without aggregation)");
            return -1;
        }
        q->mode = MODE_COMPLETE;
        q->mode_reason = "EMIT COMPLETE";
        break;
    case EMIT_UPDATE:
        q->mode = MODE_UPDATE;
        q->mode_reason = "EMIT UPDATE";
        break;
    case EMIT_FINAL:
        if (n_aggregates <= 1 && agg && !appendable_all) {
            /* SPEC §8: legal when every input is bounded (checked when
             * the inputs open): one result when they end. */
            q->mode = MODE_COMPLETE;
            q->mode_reason = "EMIT FINAL: one result when the bounded inputs end";
            q->run_once = true;
            q->run_once_span = where;
            break;
        }
        /* fall through */
    case EMIT_APPEND:
        if (n_aggregates > 1) break;
        if (agg && !appendable_all) {
            diag_error(az->diag, where, "EMIT APPEND is not allowed for an aggregation without a watermark");
            diag_detail(az->diag, "without a watermark an aggregate can always change, so no result row is ever final");
            diag_hint(az->diag, "use EMIT UPDATE or EMIT COMPLETE, or group by a window on a column "
                      "with a WATERMARK; over bounded inputs, EMIT FINAL gives one result at their end");
            return -1;
        }
        q->mode = MODE_APPEND;
        q->mode_reason = "EMIT APPEND";
        break;
    case EMIT_DEFAULT:
        if (!agg) {
            q->mode = MODE_APPEND;
            q->mode_reason = "default for a query without aggregation";
        } else if (appendable_all) {
            q->mode = MODE_APPEND;
            q->mode_reason = agg->kind == PLAN_AGGREGATE && agg->agg.cfg.batch_key >= 0
                                 ? "default: groups per batch_id() are final when their batch ends"
                                 : "default: the watermark closes every window";
        } else {
            q->mode = MODE_UPDATE;
            q->mode_reason = "default: an aggregation without a watermark cannot use append";
        }
        break;
    }
    /* LIMIT n as the last step of a stream query without ORDER BY peeks
     * at it: the query ends after n rows (ksqlDB's EMIT CHANGES LIMIT). */
    if (!q->is_static && q->plan->kind == PLAN_LIMIT && !plan_has(q->plan->input, PLAN_LIMIT) &&
        !plan_has(q->plan, PLAN_SORT) && q->mode != MODE_COMPLETE) {
        q->plan->limit.whole_query = true;
        return 0;
    }
    if ((plan_has(q->plan, PLAN_SORT) || plan_has(q->plan, PLAN_LIMIT)) &&
        !(agg && q->mode == MODE_COMPLETE && sorts_over_aggregates(q->plan, false))) {
        const char *what = plan_has(q->plan, PLAN_SORT) ? "ORDER BY" : "LIMIT";
        Span s = plan_has(q->plan, PLAN_SORT) && sel->order_by
                     ? ((AstOrderItem *)sel->order_by->items[0])->expr->span
                     : sel->limit ? sel->limit->span : sel->span;
        diag_error(az->diag, s, "%s on a stream is only allowed after an aggregation in COMPLETE mode", what);
        diag_detail(az->diag, "a stream never ends, so its rows can only be ordered or cut within a "
                    "complete result table");
        diag_hint(az->diag, !agg ? (plan_has(q->plan, PLAN_SORT) && plan_has(q->plan, PLAN_LIMIT)
                                    ? "aggregate with GROUP BY ... EMIT COMPLETE, or drop ORDER BY: "
                                      "LIMIT alone ends the query after its rows"
                                    : "aggregate with GROUP BY ... EMIT COMPLETE, or drop it")
                            : q->mode != MODE_COMPLETE ? "add EMIT COMPLETE"
                                                       : "apply it to the aggregated result, not to the "
                                                         "stream rows below the aggregation");
        return -1;
    }
    return 0;
}

/* ---- output names -------------------------------------------------------- */

/* Output names stay distinct, so that no format loses a column (a JSON
 * object with two "id" keys keeps one in jq): when names collide, a column
 * reference takes its qualified name (a.id, b.id); a name that still
 * collides takes a suffix _2, _3, ... by position. The first column
 * renamed is remembered for sinks, which refuse renamed columns. */
static void distinct_names(Analyzer *az, const Env *env, Plan *root, Query *q)
{
    Schema *s = &root->schema;
    q->renamed_col = -1;
    bool any = false;
    for (int i = 0; i < s->n && !any; i++)
        for (int j = i + 1; j < s->n && !any; j++)
            any = strcmp(s->cols[i].name, s->cols[j].name) == 0;
    if (!any) return;
    Column *cols = arena_memdup(az->arena, s->cols, sizeof(Column) * (size_t)s->n);
    const char **orig = ARENA_ARRAY(az->arena, const char *, s->n);
    for (int i = 0; i < s->n; i++) orig[i] = s->cols[i].name;
    q->written_names = orig;
    for (int i = 0; i < s->n; i++) {
        bool dup = false;
        for (int j = 0; j < s->n && !dup; j++) dup = j != i && strcmp(orig[i], orig[j]) == 0;
        if (!dup) continue;
        if (q->renamed_col < 0) {
            q->renamed_col = i;
            q->renamed_from = orig[i];
            q->renamed_span = env->out_spans ? env->out_spans[i] : SPAN_NONE;
        }
        const char *qual = env->out_quals ? env->out_quals[i] : NULL;
        if (qual) {
            StrBuf sb = STRBUF_INIT;
            sb_printf(&sb, "%s.%s", qual, orig[i]);
            cols[i].name = arena_strdup(az->arena, sb_str(&sb));
            sb_free(&sb);
        }
    }
    /* A qualified name that collides too (SELECT *, * or a.x, a.x) goes
     * back to the name as written. */
    bool *same = ARENA_ARRAY(az->arena, bool, s->n);
    for (int i = 0; i < s->n; i++) {
        same[i] = false;
        for (int j = 0; j < s->n && !same[i]; j++)
            same[i] = j != i && cols[i].name != orig[i] && strcmp(cols[i].name, cols[j].name) == 0;
    }
    for (int i = 0; i < s->n; i++)
        if (same[i]) cols[i].name = orig[i];
    /* Whatever still collides (SELECT x, x; two equal aliases): _2, _3. */
    for (int i = 0; i < s->n; i++) {
        int k = 1;
        for (int j = 0; j < i; j++) k += strcmp(cols[i].name, cols[j].name) == 0;
        if (k == 1) continue;
        for (;;) {
            StrBuf sb = STRBUF_INIT;
            sb_printf(&sb, "%s_%d", cols[i].name, k);
            bool taken = false;
            for (int j = 0; j < s->n && !taken; j++) taken = strcmp(sb_str(&sb), cols[j].name) == 0;
            if (!taken) {
                cols[i].name = arena_strdup(az->arena, sb_str(&sb));
                sb_free(&sb);
                break;
            }
            sb_free(&sb);
            k++;
        }
    }
    s->cols = cols;
}

int analyze_query(Analyzer *az, const AstSelect *sel, Query *q)
{
    memset(q, 0, sizeof *q);
    Env env = {.az = az};
    Scope out;
    Plan *p = bind_select(&env, sel, &out, true);
    if (!p) return -1;
    distinct_names(az, &env, p, q);
    q->plan = p;
    q->is_static = !env.any_stream;
    q->has_aggregate = env.n_aggregates > 0;
    if (sel->every) {
        int64_t us;
        if (analyze_interval_literal(az, sel->every, &us) < 0) return -1;
        if (us <= 0) return diag_error(az->diag, sel->every->span, "the trigger interval must be positive");
        q->trigger_us = us;
    }
    return choose_mode(az, sel, q, env.n_aggregates);
}
