/* analyze_expr — binds AST expressions to typed Exprs over a Scope.
 *
 * Resolves column names (with qualifiers and typo hints), turns literals
 * into constants, desugars BETWEEN, simple CASE and split(...)[i], and in
 * an aggregate context maps grouping keys and aggregate calls to columns
 * of the Aggregate's output. Type rules themselves live in expr.c. */
#include "analyze.h"
#include "engine/base/timeutil.h"

#include <string.h>
#include <strings.h>

static const char *const aggregate_names[] = {
    "count", "sum", "avg", "mean", "min", "max", "first", "last", NULL,
};

bool is_aggregate_name(const char *name)
{
    for (int i = 0; aggregate_names[i]; i++)
        if (strcmp(name, aggregate_names[i]) == 0) return true;
    return false;
}

const char *span_text(Analyzer *az, Span s)
{
    if (!span_valid(s) || !az->src) return "?";
    return arena_strndup(az->arena, az->src + s.off, s.len);
}

static bool has_aggregate(const AstExpr *e, int depth);

bool ast_has_aggregate(const AstExpr *e)
{
    return has_aggregate(e, 0);
}

/* Beyond MAX_EXPR_DEPTH binding refuses the expression anyway. */
static bool has_aggregate(const AstExpr *e, int depth)
{
    if (!e || depth > MAX_EXPR_DEPTH) return false;
    int d = depth + 1;
    switch (e->kind) {
    case AST_CALL:
        if (is_aggregate_name(e->call.name)) return true;
        for (int i = 0; e->call.args && i < e->call.args->n; i++)
            if (has_aggregate(e->call.args->items[i], d)) return true;
        return false;
    case AST_UNARY: return has_aggregate(e->unary.arg, d);
    case AST_BINARY: return has_aggregate(e->binary.left, d) || has_aggregate(e->binary.right, d);
    case AST_IS_NULL: return has_aggregate(e->is_null.arg, d);
    case AST_IN:
        if (has_aggregate(e->in.arg, d)) return true;
        for (int i = 0; i < e->in.list->n; i++)
            if (has_aggregate(e->in.list->items[i], d)) return true;
        return false;
    case AST_BETWEEN:
        return has_aggregate(e->between.arg, d) || has_aggregate(e->between.lo, d) ||
               has_aggregate(e->between.hi, d);
    case AST_LIKE: return has_aggregate(e->like.arg, d) || has_aggregate(e->like.pattern, d);
    case AST_CASE:
        if (has_aggregate(e->kase.operand, d) || has_aggregate(e->kase.else_, d)) return true;
        for (int i = 0; i < e->kase.whens->n; i++) {
            const AstWhen *w = e->kase.whens->items[i];
            if (has_aggregate(w->when, d) || has_aggregate(w->then, d)) return true;
        }
        return false;
    case AST_CAST: return has_aggregate(e->cast.arg, d);
    case AST_SUBSCRIPT: return has_aggregate(e->subscript.arg, d) || has_aggregate(e->subscript.index, d);
    default: return false;
    }
}

/* ---- columns --------------------------------------------------------- */

static Expr *bind_column(Binder *b, const AstExpr *e)
{
    const Scope *s = b->scope;
    const char *q = e->column.qualifier, *name = e->column.name;
    int found = -1;
    bool qualifier_known = q == NULL;
    for (int i = 0; i < s->n; i++) {
        if (q) {
            if (!s->cols[i].qualifier || strcasecmp(s->cols[i].qualifier, q) != 0) continue;
            qualifier_known = true;
        }
        if (strcasecmp(s->cols[i].name, name) != 0 &&
            (q || !s->cols[i].alt_name || strcasecmp(s->cols[i].alt_name, name) != 0))
            continue;
        if (found >= 0)
            return diag_error(b->az->diag, e->span, "column reference \"%s\" is ambiguous", name),
                   diag_hint(b->az->diag, "qualify it with the name of its stream or table, e.g. t.%s", name),
                   NULL;
        found = i;
    }
    if (found >= 0) {
        const ScopeCol *c = &s->cols[found];
        if (c->pseudo && !b->allow_pseudo) {
            diag_error(b->az->diag, e->span, "%s is computed by the session aggregation", name);
            diag_hint(b->az->diag, "group by the session bounds and select them; they cannot be used in %s",
                      b->clause);
            return NULL;
        }
        return expr_column(b->az->arena, found, c->type, c->alt_name ? c->alt_name : c->name, e->span);
    }
    if (!qualifier_known) {
        diag_error(b->az->diag, e->span, "unknown table or alias \"%s\" in \"%s.%s\"", q, q, name);
        return NULL;
    }
    /* A typo hint from every visible name (qualified if the user qualified). */
    const char **names = arena_alloc(b->az->arena, sizeof(char *) * (size_t)(s->n + 1));
    int n = 0;
    for (int i = 0; i < s->n; i++)
        if (!q || (s->cols[i].qualifier && strcasecmp(s->cols[i].qualifier, q) == 0))
            names[n++] = s->cols[i].name;
    if (q)
        diag_error(b->az->diag, e->span, "column \"%s.%s\" does not exist", q, name);
    else
        diag_error(b->az->diag, e->span, "column \"%s\" does not exist", name);
    const char *close = diag_closest(name, names, n);
    if (close) diag_hint(b->az->diag, "did you mean \"%s\"?", close);
    return NULL;
}

/* ---- literals ------------------------------------------------------ */

static Expr *bind_literal(Binder *b, const AstExpr *e)
{
    Arena *a = b->az->arena;
    switch (e->lit.kind) {
    case LIT_NULL: return expr_const(a, value_null(TYPE_NULL), e->span);
    case LIT_BOOL: return expr_const(a, value_bool(e->lit.b), e->span);
    case LIT_INT: return expr_const(a, value_int(e->lit.i), e->span);
    case LIT_FLOAT: return expr_const(a, value_double(e->lit.f), e->span);
    case LIT_STRING:
        return expr_const(a, value_text(e->lit.s, (uint32_t)strlen(e->lit.s)), e->span);
    case LIT_INTERVAL: {
        int64_t us;
        if (!time_parse_interval(e->lit.s, e->lit.unit, &us)) {
            diag_error(b->az->diag, e->span, "invalid interval \"%s%s%s\"", e->lit.s,
                       e->lit.unit ? " " : "", e->lit.unit ? e->lit.unit : "");
            diag_hint(b->az->diag, "write e.g. INTERVAL '10' SECOND or INTERVAL '1 hour 30 minutes' "
                      "(units: microseconds to weeks; months and years have no fixed length)");
            return NULL;
        }
        return expr_const(a, value_interval(us), e->span);
    }
    case LIT_TIMESTAMP: {
        int64_t us;
        TimeParse tp = time_parse_timestamp_checked(e->lit.s, strlen(e->lit.s), &us);
        if (tp == TIME_PARSE_RANGE) {
            diag_error(b->az->diag, e->span, "timestamp \"%s\" is out of range", e->lit.s);
            diag_hint(b->az->diag, "timestamps go from 0001-01-01 00:00:00 to 9999-12-31 23:59:59.999999");
            return NULL;
        }
        if (tp != TIME_PARSE_OK) {
            diag_error(b->az->diag, e->span, "invalid timestamp \"%s\"", e->lit.s);
            diag_hint(b->az->diag, "write e.g. TIMESTAMP '2023-04-16 09:00:00'");
            return NULL;
        }
        return expr_const(a, value_ts(us), e->span);
    }
    }
    return NULL;
}

int analyze_interval_literal(Analyzer *az, const AstExpr *e, int64_t *us)
{
    Scope empty = {0};
    Binder b = {.az = az, .scope = &empty, .clause = "interval"};
    Expr *x = bind_expr(&b, e);
    if (!x) return -1;
    bool changed;
    x = expr_fold(az->arena, x, &changed);
    if (x->kind == EXPR_CONST && x->value.type == TYPE_TEXT) {
        char *s = arena_strndup(az->arena, x->value.s.ptr, x->value.s.len);
        if (time_parse_interval(s, NULL, us)) return 0;
    }
    if (x->kind != EXPR_CONST || x->type != TYPE_INTERVAL || x->value.is_null)
        return diag_error(az->diag, e->span, "expected a constant interval such as INTERVAL '10' SECOND");
    *us = x->value.i;
    return 0;
}

/* ---- aggregate context ---------------------------------------------- */

static AggKind agg_kind(const char *name, bool star)
{
    if (strcmp(name, "count") == 0) return star ? AGG_COUNT_STAR : AGG_COUNT;
    if (strcmp(name, "sum") == 0) return AGG_SUM;
    if (strcmp(name, "avg") == 0 || strcmp(name, "mean") == 0) return AGG_AVG;
    if (strcmp(name, "min") == 0) return AGG_MIN;
    if (strcmp(name, "max") == 0) return AGG_MAX;
    if (strcmp(name, "first") == 0) return AGG_FIRST;
    return AGG_LAST;
}

static Expr *bind_aggregate(Binder *b, const AstExpr *e)
{
    Analyzer *az = b->az;
    if (!b->agg) {
        diag_error(az->diag, e->span, "aggregate functions are not allowed in %s", b->clause);
        if (strcmp(b->clause, "WHERE") == 0)
            diag_hint(az->diag, "filter on an aggregate with HAVING");
        return NULL;
    }
    AggBuild *ab = b->agg;
    int nargs = e->call.args ? e->call.args->n : 0;
    bool star = nargs == 1 && ((AstExpr *)e->call.args->items[0])->kind == AST_STAR;
    if (nargs != 1) {
        diag_error(az->diag, e->span, "%s() takes exactly one argument", e->call.name);
        return NULL;
    }
    if (star && strcmp(e->call.name, "count") != 0) {
        diag_error(az->diag, e->span, "only count accepts *");
        return NULL;
    }
    AggCall call = {.kind = agg_kind(e->call.name, star), .distinct = e->call.distinct};
    if (star && call.distinct) {
        diag_error(az->diag, e->span, "count(DISTINCT *) is not supported");
        diag_hint(az->diag, "count the distinct values of a column: count(DISTINCT x)");
        return NULL;
    }
    if (!star) {
        const AstExpr *arg = e->call.args->items[0];
        if (ast_has_aggregate(arg)) {
            diag_error(az->diag, arg->span, "aggregate function calls cannot be nested");
            return NULL;
        }
        Binder inner = {.az = az, .scope = ab->arg_scope ? ab->arg_scope : ab->input, .agg = NULL,
                        .clause = "an aggregate argument"};
        call.arg = bind_expr(&inner, arg);
        if (!call.arg) return NULL;
        Type t = call.arg->type;
        switch (call.kind) {
        case AGG_COUNT: call.type = TYPE_INT64; break;
        case AGG_SUM: case AGG_AVG:
            if (t == TYPE_TEXT || t == TYPE_NULL || (t == TYPE_INT64 && call.kind == AGG_AVG)) {
                /* Spark sums text as double; avg is always double. */
                call.arg = expr_cast(az->arena, call.arg, TYPE_DOUBLE, call.arg->span, az->diag);
                if (!call.arg) return NULL;
                call.arg->implicit = true;
                t = TYPE_DOUBLE;
            }
            if (t == TYPE_INTERVAL && call.kind == AGG_SUM) { call.type = t; break; }
            if (!type_is_numeric(t)) {
                diag_error(az->diag, e->span, "%s() needs a numeric argument, not %s",
                           e->call.name, type_name(t));
                return NULL;
            }
            call.type = call.kind == AGG_AVG ? TYPE_DOUBLE : t;
            break;
        default: call.type = t == TYPE_NULL ? TYPE_TEXT : t; break;
        }
    } else {
        call.type = TYPE_INT64;
    }
    /* Reuse an identical aggregate already requested. */
    int idx = -1;
    for (int i = 0; i < ab->n_aggs; i++) {
        const AggCall *o = &ab->aggs[i];
        if (o->kind == call.kind && o->distinct == call.distinct &&
            ((!o->arg && !call.arg) || (o->arg && call.arg && expr_equal(o->arg, call.arg)))) {
            idx = i;
            break;
        }
    }
    if (idx < 0) {
        if (ab->n_aggs == ab->cap_aggs) {
            int cap = ab->cap_aggs ? ab->cap_aggs * 2 : 8;
            AggCall *na = ARENA_ARRAY(az->arena, AggCall, cap);
            const char **nn = ARENA_ARRAY(az->arena, const char *, cap);
            if (ab->n_aggs) {
                memcpy(na, ab->aggs, sizeof(AggCall) * (size_t)ab->n_aggs);
                memcpy(nn, ab->agg_names, sizeof(char *) * (size_t)ab->n_aggs);
            }
            ab->aggs = na;
            ab->agg_names = nn;
            ab->cap_aggs = cap;
        }
        idx = ab->n_aggs++;
        ab->aggs[idx] = call;
        ab->agg_names[idx] = span_text(az, e->span);
    }
    return expr_column(az->arena, ab->n_keys + idx, ab->aggs[idx].type, ab->agg_names[idx], e->span);
}

/* In an aggregate context: is e (bound below the aggregate) a grouping key? */
static Expr *match_key(Binder *b, const AstExpr *e)
{
    AggBuild *ab = b->agg;
    if (ast_has_aggregate(e)) return NULL;
    Diag scratch = {0};
    scratch.span = SPAN_NONE;
    Analyzer quiet = *b->az;
    quiet.diag = &scratch;
    Binder below = {.az = &quiet, .scope = ab->input, .agg = NULL, .clause = b->clause,
                    .allow_pseudo = true};
    Expr *x = bind_expr(&below, e);
    diag_clear(&scratch);
    if (!x) return NULL;
    for (int k = 0; k < ab->n_keys; k++) {
        if (expr_equal(x, ab->keys[k])) {
            const char *name = ab->keys[k]->kind == EXPR_COLUMN ? ab->keys[k]->name : span_text(b->az, e->span);
            return expr_column(b->az->arena, k, ab->keys[k]->type, name, e->span);
        }
    }
    return NULL;
}

/* ---- the binder -------------------------------------------------------- */

static Expr *bind_list(Binder *b, const AstList *l, Expr ***out)
{
    int n = l ? l->n : 0;
    Expr **args = ARENA_ARRAY(b->az->arena, Expr *, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        args[i] = bind_expr(b, l->items[i]);
        if (!args[i]) return NULL;
    }
    *out = args;
    return (Expr *)args;   /* non-NULL marker */
}

static const char *binop_func(AstBinOp op)
{
    switch (op) {
    case OP_ADD: return "+";
    case OP_SUB: return "-";
    case OP_MUL: return "*";
    case OP_DIV: return "/";
    case OP_MOD: return "%";
    case OP_EQ: return "=";
    case OP_NE: return "<>";
    case OP_LT: return "<";
    case OP_LE: return "<=";
    case OP_GT: return ">";
    case OP_GE: return ">=";
    case OP_CONCAT: return "||";
    default: return NULL;
    }
}

static Expr *bind_call(Binder *b, const AstExpr *e)
{
    Analyzer *az = b->az;
    const char *name = e->call.name;
    if (is_aggregate_name(name)) return bind_aggregate(b, e);
    if (e->call.distinct) {
        diag_error(az->diag, e->span, "DISTINCT is only allowed in aggregate functions");
        return NULL;
    }
    if (strcmp(name, "explode") == 0) {
        diag_error(az->diag, e->span, "explode() is only allowed as a whole item of a SELECT list");
        diag_hint(az->diag, "write SELECT explode(split(value, ' ')) AS word FROM ..., and aggregate "
                  "over it in an outer query");
        return NULL;
    }
    if (strcmp(name, "split") == 0) {
        diag_error(az->diag, e->span, "split() makes an array, which can only be exploded or indexed");
        diag_hint(az->diag, "use explode(split(...)), split(...)[i] or split_part(s, delim, n)");
        return NULL;
    }
    if (strcmp(name, "window") == 0 || strcmp(name, "session_window") == 0) {
        diag_error(az->diag, e->span, "%s() can only be used in GROUP BY", name);
        diag_hint(az->diag, "group by it and select its bounds: %s.start, %s.end", name, name);
        return NULL;
    }
    if (strcmp(name, "coalesce") == 0) {
        Expr **args;
        if (!bind_list(b, e->call.args, &args)) return NULL;
        return expr_logic(az->arena, EXPR_COALESCE, args, e->call.args ? e->call.args->n : 0,
                          false, e->span, az->diag);
    }
    if (strcmp(name, "proctime") == 0) name = "current_timestamp";
    Expr **args;
    if (!bind_list(b, e->call.args, &args)) return NULL;
    return expr_call(az->arena, name, args, e->call.args ? e->call.args->n : 0, e->span, az->diag);
}

/* split(s, d)[i] is Spark's getItem (0-based): split_part(s, d, i + 1). */
static Expr *bind_subscript(Binder *b, const AstExpr *e)
{
    Analyzer *az = b->az;
    const AstExpr *arr = e->subscript.arg;
    if (arr->kind != AST_CALL || strcmp(arr->call.name, "split") != 0 || !arr->call.args ||
        arr->call.args->n != 2) {
        diag_error(az->diag, e->span, "only split(...)[i] can be indexed");
        return NULL;
    }
    Expr *args[3];
    args[0] = bind_expr(b, arr->call.args->items[0]);
    if (!args[0]) return NULL;
    args[1] = bind_expr(b, arr->call.args->items[1]);
    if (!args[1]) return NULL;
    Expr *idx = bind_expr(b, e->subscript.index);
    if (!idx) return NULL;
    Expr *one = expr_const(az->arena, value_int(1), e->span);
    Expr *sum_args[2] = {idx, one};
    args[2] = expr_call(az->arena, "+", sum_args, 2, e->subscript.index->span, az->diag);
    if (!args[2]) return NULL;
    return expr_call(az->arena, "split_part", args, 3, e->span, az->diag);
}

static Expr *bind_case(Binder *b, const AstExpr *e)
{
    Analyzer *az = b->az;
    int nw = e->kase.whens->n;
    int n = nw * 2 + (e->kase.else_ ? 1 : 0);
    Expr **args = ARENA_ARRAY(az->arena, Expr *, n);
    Expr *operand = NULL;
    if (e->kase.operand && !(operand = bind_expr(b, e->kase.operand))) return NULL;
    for (int i = 0; i < nw; i++) {
        const AstWhen *w = e->kase.whens->items[i];
        Expr *cond = bind_expr(b, w->when);
        if (!cond) return NULL;
        if (operand) {
            Expr *eq[2] = {operand, cond};
            cond = expr_call(az->arena, "=", eq, 2, w->when->span, az->diag);
            if (!cond) return NULL;
        }
        args[2 * i] = cond;
        if (!(args[2 * i + 1] = bind_expr(b, w->then))) return NULL;
    }
    if (e->kase.else_ && !(args[n - 1] = bind_expr(b, e->kase.else_))) return NULL;
    Expr *x = expr_logic(az->arena, EXPR_CASE, args, n, false, e->span, az->diag);
    if (x) x->has_else = e->kase.else_ != NULL;
    return x;
}

static Expr *bind_node(Binder *b, const AstExpr *e);

Expr *bind_expr(Binder *b, const AstExpr *e)
{
    if (b->depth >= MAX_EXPR_DEPTH) {
        diag_error(b->az->diag, e->span, "expression is nested too deeply (more than %d levels)",
                   MAX_EXPR_DEPTH);
        diag_hint(b->az->diag, "split it, e.g. into a subquery or several columns");
        return NULL;
    }
    b->depth++;
    Expr *x = bind_node(b, e);
    b->depth--;
    return x;
}

static Expr *bind_node(Binder *b, const AstExpr *e)
{
    Analyzer *az = b->az;
    Arena *a = az->arena;
    if (b->agg && e->kind != AST_LITERAL) {
        Expr *k = match_key(b, e);
        if (k) return k;
        if (e->kind == AST_COLUMN) {
            /* Not a key: say so precisely (if it exists at all). */
            Binder below = {.az = az, .scope = b->agg->input, .clause = b->clause};
            if (!bind_expr(&below, e)) return NULL;
            diag_error(az->diag, e->span,
                       "column \"%s\" must appear in GROUP BY or be used in an aggregate function",
                       e->column.name);
            return NULL;
        }
    }
    switch (e->kind) {
    case AST_LITERAL: return bind_literal(b, e);
    case AST_COLUMN: return bind_column(b, e);
    case AST_STAR:
        diag_error(az->diag, e->span, "* is only allowed in a SELECT list or count(*)");
        return NULL;
    case AST_UNARY: {
        Expr *x = bind_expr(b, e->unary.arg);
        if (!x) return NULL;
        if (e->unary.op == OP_PLUS) return x;
        if (e->unary.op == OP_NOT) return expr_logic(a, EXPR_NOT, &x, 1, false, e->span, az->diag);
        return expr_call(a, "neg", &x, 1, e->span, az->diag);
    }
    case AST_BINARY: {
        Expr *args[2];
        if (!(args[0] = bind_expr(b, e->binary.left))) return NULL;
        if (!(args[1] = bind_expr(b, e->binary.right))) return NULL;
        if (e->binary.op == OP_AND || e->binary.op == OP_OR)
            return expr_logic(a, e->binary.op == OP_AND ? EXPR_AND : EXPR_OR, args, 2, false,
                              e->span, az->diag);
        return expr_call(a, binop_func(e->binary.op), args, 2, e->span, az->diag);
    }
    case AST_IS_NULL: {
        Expr *x = bind_expr(b, e->is_null.arg);
        if (!x) return NULL;
        return expr_logic(a, EXPR_IS_NULL, &x, 1, e->is_null.negated, e->span, az->diag);
    }
    case AST_IN: {
        int n = e->in.list->n + 1;
        Expr **args = ARENA_ARRAY(a, Expr *, n);
        if (!(args[0] = bind_expr(b, e->in.arg))) return NULL;
        for (int i = 1; i < n; i++)
            if (!(args[i] = bind_expr(b, e->in.list->items[i - 1]))) return NULL;
        return expr_logic(a, EXPR_IN, args, n, e->in.negated, e->span, az->diag);
    }
    case AST_BETWEEN: {
        Expr *x = bind_expr(b, e->between.arg), *lo, *hi;
        if (!x || !(lo = bind_expr(b, e->between.lo)) || !(hi = bind_expr(b, e->between.hi)))
            return NULL;
        Expr *ge_args[2] = {x, lo}, *le_args[2] = {x, hi};
        Expr *both[2];
        if (!(both[0] = expr_call(a, ">=", ge_args, 2, e->span, az->diag))) return NULL;
        if (!(both[1] = expr_call(a, "<=", le_args, 2, e->span, az->diag))) return NULL;
        Expr *r = expr_logic(a, EXPR_AND, both, 2, false, e->span, az->diag);
        if (r && e->between.negated) r = expr_logic(a, EXPR_NOT, &r, 1, false, e->span, az->diag);
        return r;
    }
    case AST_LIKE: {
        Expr *args[2];
        if (!(args[0] = bind_expr(b, e->like.arg))) return NULL;
        if (!(args[1] = bind_expr(b, e->like.pattern))) return NULL;
        return expr_call(a, e->like.negated ? "not like" : "like", args, 2, e->span, az->diag);
    }
    case AST_CASE: return bind_case(b, e);
    case AST_CAST: {
        Type t;
        if (!type_from_name(e->cast.type_name, &t)) {
            diag_error(az->diag, e->cast.type_span, "unknown type \"%s\"", e->cast.type_name);
            diag_hint(az->diag, "types: BOOLEAN, INT, BIGINT, DOUBLE, TEXT, TIMESTAMP, INTERVAL");
            return NULL;
        }
        Expr *x = bind_expr(b, e->cast.arg);
        if (!x) return NULL;
        return expr_cast(a, x, t, e->span, az->diag);
    }
    case AST_CALL: return bind_call(b, e);
    case AST_SUBSCRIPT: return bind_subscript(b, e);
    }
    return NULL;
}
