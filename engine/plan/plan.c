/* plan — logical plan nodes: construction, copying and printing.
 *
 * plan_print is the text EXPLAIN shows, so its format is stable and
 * deterministic: one node per line, two spaces of indent per level, the
 * root first. Per node:
 *
 *   Scan <name>[ AS <alias>] [<needed columns>][ filter=<expr>]
 *   Values
 *   Filter <expr>
 *   Project [<item>, ...]
 *   Explode <item> := split(<expr>, '<delim>')[ regex]
 *   Aggregate keys=[<item>, ...] aggs=[<item>, ...]
 *   Join <type>[ keys=[<l> = <r>, ...]][ on=<expr>]<bounds>[ (static <side>)]
 *   Sort [<column>[ DESC][ NULLS FIRST|NULLS LAST], ...]
 *   Limit <count>
 *
 * An <item> is "<name> := <expr>", or just the expression's text when
 * that already is the output column's name (a plain column reference).
 * NULLS FIRST/LAST appear only when they differ from the default (first
 * ascending, last descending). A join's <bounds> are StreamJoin's words
 * (ops/join_describe.c): the probe's time bound, and for two streams when
 * each side's stored rows die or which side grows. */
#include "plan.h"
#include "engine/base/timeutil.h"
#include "engine/ops/join_describe.h"

#include <string.h>

Plan *plan_new(Arena *a, PlanKind kind, Plan *input, Schema schema, Span span)
{
    Plan *p = ARENA_NEW(a, Plan);
    p->kind = kind;
    p->input = input;
    p->schema = schema;
    p->span = span;
    if (kind == PLAN_AGGREGATE)
        p->agg.cfg.batch_key = p->agg.cfg.close_key = p->agg.cfg.start_key = -1;
    return p;
}

Schema schema_copy(Arena *a, const Schema *s)
{
    Schema c = {.n = s->n, .cols = NULL};
    if (s->n > 0) c.cols = arena_memdup(a, s->cols, sizeof(Column) * (size_t)s->n);
    return c;
}

/* ---- printing ------------------------------------------------------- */

static void put_name(StrBuf *out, const char *name, int index)
{
    if (name) sb_puts(out, name);
    else sb_printf(out, "#%d", index);
}

/* "<name> := <text>" unless the text already is the name. */
static void put_item(StrBuf *out, const char *name, const char *text)
{
    if (name && strcmp(name, text) != 0) {
        sb_puts(out, name);
        sb_puts(out, " := ");
    }
    sb_puts(out, text);
}

static void put_expr_item(StrBuf *out, const Schema *s, int col, const Expr *e)
{
    StrBuf t = STRBUF_INIT;
    expr_print(e, &t);
    put_item(out, col < s->n ? s->cols[col].name : NULL, sb_str(&t));
    sb_free(&t);
}

/* A single-quoted SQL string literal ('' doubles a quote). */
static void put_quoted(StrBuf *out, const char *s)
{
    sb_putc(out, '\'');
    for (; s && *s; s++) {
        if (*s == '\'') sb_putc(out, '\'');
        sb_putc(out, *s);
    }
    sb_putc(out, '\'');
}

static const char *agg_name(AggKind k)
{
    switch (k) {
    case AGG_COUNT_STAR:
    case AGG_COUNT: return "count";
    case AGG_SUM: return "sum";
    case AGG_AVG: return "avg";
    case AGG_MIN: return "min";
    case AGG_MAX: return "max";
    case AGG_FIRST: return "first";
    case AGG_LAST: return "last";
    }
    return "?";
}

static void put_agg(StrBuf *out, const Schema *s, int col, const AggCall *c)
{
    StrBuf t = STRBUF_INIT;
    sb_puts(&t, agg_name(c->kind));
    sb_putc(&t, '(');
    if (c->kind == AGG_COUNT_STAR || !c->arg) {
        sb_putc(&t, '*');
    } else {
        if (c->distinct) sb_puts(&t, "DISTINCT ");
        expr_print(c->arg, &t);
    }
    sb_putc(&t, ')');
    put_item(out, col < s->n ? s->cols[col].name : NULL, sb_str(&t));
    sb_free(&t);
}

/* keys=[...] aggs=[...]; the aggregates' output columns start at agg0. */
static void put_keys_aggs(StrBuf *out, const Schema *schema, Expr *const *keys, int n_keys,
                          const AggCall *aggs, int n_aggs, int agg0)
{
    sb_puts(out, "keys=[");
    for (int i = 0; i < n_keys; i++) {
        if (i) sb_puts(out, ", ");
        put_expr_item(out, schema, i, keys[i]);
    }
    sb_puts(out, "] aggs=[");
    for (int i = 0; i < n_aggs; i++) {
        if (i) sb_puts(out, ", ");
        put_agg(out, schema, agg0 + i, &aggs[i]);
    }
    sb_putc(out, ']');
}

static void print_node(const Plan *p, StrBuf *out)
{
    switch (p->kind) {
    case PLAN_SCAN: {
        const InputDef *def = p->scan.def;
        sb_puts(out, "Scan ");
        sb_puts(out, def && def->name ? def->name : "?");
        if (p->scan.alias && def && def->name && strcmp(p->scan.alias, def->name) != 0)
            sb_printf(out, " AS %s", p->scan.alias);
        sb_puts(out, " [");
        bool first = true;
        int n = def ? def->schema.n : 0;
        for (int i = 0; i < n; i++) {
            if (p->scan.needed && !p->scan.needed[i]) continue;
            if (!first) sb_puts(out, ", ");
            put_name(out, def->schema.cols[i].name, i);
            first = false;
        }
        sb_putc(out, ']');
        if (p->scan.filter) {
            sb_puts(out, " filter=");
            expr_print(p->scan.filter, out);
        }
        break;
    }
    case PLAN_VALUES:
        sb_puts(out, "Values");
        break;
    case PLAN_FILTER:
        sb_puts(out, "Filter ");
        expr_print(p->filter.pred, out);
        break;
    case PLAN_PROJECT:
        sb_puts(out, "Project [");
        for (int i = 0; i < p->project.n; i++) {
            if (i) sb_puts(out, ", ");
            put_expr_item(out, &p->schema, i, p->project.exprs[i]);
        }
        sb_putc(out, ']');
        break;
    case PLAN_EXPLODE: {
        int last = p->schema.n - 1;
        sb_puts(out, "Explode ");
        put_name(out, last >= 0 ? p->schema.cols[last].name : NULL, last);
        sb_puts(out, " := split(");
        expr_print(p->explode.text, out);
        sb_puts(out, ", ");
        put_quoted(out, p->explode.delim);
        sb_putc(out, ')');
        if (p->explode.regex) sb_puts(out, " regex");
        break;
    }
    case PLAN_AGGREGATE: {
        const AggConfig *c = &p->agg.cfg;
        sb_puts(out, "Aggregate ");
        put_keys_aggs(out, &p->schema, c->keys, c->n_keys, c->aggs, c->n_aggs, c->n_keys);
        break;
    }
    case PLAN_WINDOW: {
        sb_puts(out, "Window time=");
        expr_print(p->window.time, out);
        sb_puts(out, " size=");
        time_format_interval(p->window.size_us, out);
        if (p->window.slide_us != p->window.size_us) {
            sb_puts(out, " slide=");
            time_format_interval(p->window.slide_us, out);
        }
        if (p->window.offset_us) {
            sb_puts(out, " offset=");
            time_format_interval(p->window.offset_us, out);
        }
        break;
    }
    case PLAN_SESSION: {
        const SessionConfig *c = &p->session.cfg;
        sb_puts(out, "SessionWindow time=");
        expr_print(c->time, out);
        sb_puts(out, " gap=");
        expr_print(c->gap, out);
        sb_putc(out, ' ');
        /* The session bounds sit between the keys and the aggregates. */
        put_keys_aggs(out, &p->schema, c->keys, c->n_keys, c->aggs, c->n_aggs, c->n_keys + 2);
        break;
    }
    case PLAN_JOIN: {
        static const char *const names[] = {"Inner", "LeftOuter", "RightOuter", "FullOuter", "LeftSemi"};
        const JoinConfig *c = &p->join.cfg;
        sb_printf(out, "Join %s", names[c->type]);
        if (c->n_keys) {
            sb_puts(out, " keys=[");
            for (int i = 0; i < c->n_keys; i++) {
                if (i) sb_puts(out, ", ");
                expr_print(c->left_keys[i], out);
                sb_puts(out, " = ");
                expr_print(c->right_keys[i], out);
            }
            sb_putc(out, ']');
        }
        if (c->residual) {
            sb_puts(out, " on=");
            expr_print(c->residual, out);
        }
        /* as the physical join prints them (ops/join_table.c) */
        const Schema *ls = &p->input->schema, *rs = &p->right->schema;
        if (p->join.left_static || p->join.right_static) join_describe_time_bound(c, ls, rs, out);
        else join_describe_state(c, ls, rs, out);
        if (p->join.left_static || p->join.right_static)
            sb_printf(out, " (static %s)", p->join.left_static && p->join.right_static ? "tables"
                                           : p->join.left_static ? "left" : "right");
        break;
    }
    case PLAN_SORT: {
        const Schema *in = p->input ? &p->input->schema : &p->schema;
        sb_puts(out, "Sort [");
        for (int i = 0; i < p->sort.n; i++) {
            const SortKey *k = &p->sort.keys[i];
            if (i) sb_puts(out, ", ");
            put_name(out, k->column < in->n ? in->cols[k->column].name : NULL,
                     k->column);
            if (k->desc) sb_puts(out, " DESC");
            if (k->nulls_first == k->desc)   /* not the default */
                sb_puts(out, k->nulls_first ? " NULLS FIRST" : " NULLS LAST");
        }
        sb_putc(out, ']');
        break;
    }
    case PLAN_LIMIT:
        sb_printf(out, "Limit %lld", (long long)p->limit.count);
        break;
    }
}

static void print_tree(const Plan *p, int depth, StrBuf *out)
{
    for (; p; p = p->input, depth++) {
        sb_repeat(out, ' ', (size_t)depth * 2);
        print_node(p, out);
        sb_putc(out, '\n');
        if (p->kind == PLAN_JOIN) {
            print_tree(p->input, depth + 1, out);
            print_tree(p->right, depth + 1, out);
            return;
        }
    }
}

void plan_print(const Plan *p, StrBuf *out)
{
    print_tree(p, 0, out);
}

bool plan_is_static(const Plan *p)
{
    for (; p; p = p->input) {
        if (p->kind == PLAN_SCAN && p->scan.def && p->scan.def->is_stream) return false;
        if (p->kind == PLAN_JOIN && !plan_is_static(p->right)) return false;
    }
    return true;
}

/* ---- copying -------------------------------------------------------- */

static void *dup_array(Arena *a, const void *p, size_t elem, int n)
{
    if (!p || n <= 0) return NULL;
    return arena_memdup(a, p, elem * (size_t)n);
}

Plan *plan_clone(Arena *a, const Plan *p)
{
    if (!p) return NULL;
    Plan *c = arena_memdup(a, p, sizeof *p);
    c->schema = schema_copy(a, &p->schema);
    c->input = plan_clone(a, p->input);
    c->right = plan_clone(a, p->right);
    /* Arrays the optimizer rewrites in place get their own copies, so
     * rewriting the clone never shows through in the original. */
    switch (p->kind) {
    case PLAN_SCAN:
        if (p->scan.needed && p->scan.def)
            c->scan.needed = dup_array(a, p->scan.needed, sizeof(bool),
                                       p->scan.def->schema.n);
        break;
    case PLAN_PROJECT:
        c->project.exprs = dup_array(a, p->project.exprs, sizeof(Expr *), p->project.n);
        break;
    case PLAN_AGGREGATE:
        c->agg.cfg.keys = dup_array(a, p->agg.cfg.keys, sizeof(Expr *), p->agg.cfg.n_keys);
        c->agg.cfg.aggs = dup_array(a, p->agg.cfg.aggs, sizeof(AggCall), p->agg.cfg.n_aggs);
        break;
    case PLAN_SORT:
        c->sort.keys = dup_array(a, p->sort.keys, sizeof(SortKey), p->sort.n);
        break;
    case PLAN_SESSION:
        c->session.cfg.keys = dup_array(a, p->session.cfg.keys, sizeof(Expr *), p->session.cfg.n_keys);
        c->session.cfg.aggs = dup_array(a, p->session.cfg.aggs, sizeof(AggCall), p->session.cfg.n_aggs);
        break;
    case PLAN_JOIN:
        c->join.cfg.left_keys = dup_array(a, p->join.cfg.left_keys, sizeof(Expr *), p->join.cfg.n_keys);
        c->join.cfg.right_keys = dup_array(a, p->join.cfg.right_keys, sizeof(Expr *), p->join.cfg.n_keys);
        break;
    case PLAN_WINDOW:
    case PLAN_VALUES:
    case PLAN_FILTER:
    case PLAN_EXPLODE:
    case PLAN_LIMIT:
        break;
    }
    return c;
}
