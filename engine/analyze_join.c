/* analyze_join — JOIN ... ON: equality keys, the time bound, the residual
 * predicate, and Spark's support matrix for streams and tables.
 *
 * The ON condition is split into conjuncts. `l = r` with each side
 * reading only one input becomes a hash key; comparisons between a
 * timestamp of each side (optionally shifted by a constant interval)
 * bound the time range in which rows can match, which is what lets the
 * watermark evict join state. Every conjunct that is not a key stays in
 * the residual, so the exact condition is always applied. */
#include "analyze.h"
#include "base/timeutil.h"

#include <string.h>

static const char *const join_names[] = {"INNER", "LEFT OUTER", "RIGHT OUTER", "FULL OUTER", "LEFT SEMI"};

/* Collect the conjuncts of an AND tree. */
static void conjuncts(Expr *e, Expr **out, int *n, int max)
{
    if (e->kind == EXPR_AND) {
        for (int i = 0; i < e->n_args; i++) conjuncts(e->args[i], out, n, max);
        return;
    }
    if (*n < max) out[(*n)++] = e;
}

/* 0: reads no column, 1: only left, 2: only right, 3: both. */
static int sides_of(Arena *a, const Expr *e, int n_left, int n_all)
{
    bool *used = ARENA_ARRAY(a, bool, n_all > 0 ? n_all : 1);
    expr_columns_used(e, used, n_all);
    int s = 0;
    for (int i = 0; i < n_all; i++)
        if (used[i]) s |= i < n_left ? 1 : 2;
    return s;
}

/* A timestamp column, possibly +/- a constant interval: col + offset. */
static bool time_term(const Expr *e, int *col, int64_t *offset)
{
    if (e->kind == EXPR_COLUMN && e->type == TYPE_TIMESTAMP) {
        *col = e->column;
        *offset = 0;
        return true;
    }
    if (e->kind == EXPR_CALL && e->n_args == 2 && e->name && e->type == TYPE_TIMESTAMP &&
        (strcmp(e->name, "+") == 0 || strcmp(e->name, "-") == 0) &&
        e->args[0]->kind == EXPR_COLUMN && e->args[1]->kind == EXPR_CONST &&
        e->args[1]->type == TYPE_INTERVAL && !e->args[1]->value.is_null) {
        *col = e->args[0]->column;
        *offset = strcmp(e->name, "+") == 0 ? e->args[1]->value.i : -e->args[1]->value.i;
        return true;
    }
    return false;
}

/* Fold one comparison of a left time and a right time into the bound:
 * L + a  op  R + b  means  L op R + (b - a). */
static void bound_from(const Expr *c, int n_left, JoinConfig *cfg, bool *lo, bool *hi)
{
    if (c->kind != EXPR_CALL || c->n_args != 2 || !c->name) return;
    const char *op = c->name;
    bool ge = strcmp(op, ">=") == 0 || strcmp(op, ">") == 0;
    bool le = strcmp(op, "<=") == 0 || strcmp(op, "<") == 0;
    bool eq = strcmp(op, "=") == 0;
    if (!ge && !le && !eq) return;
    int ca, cb;
    int64_t oa, ob;
    if (!time_term(c->args[0], &ca, &oa) || !time_term(c->args[1], &cb, &ob)) return;
    if ((ca < n_left) == (cb < n_left)) return;          /* both on one side */
    if (ca >= n_left) {                                   /* right op left: flip */
        int ct = ca; ca = cb; cb = ct;
        int64_t ot = oa; oa = ob; ob = ot;
        bool t = ge; ge = le; le = t;
    }
    if ((cfg->left_time >= 0 && cfg->left_time != ca) ||
        (cfg->right_time >= 0 && cfg->right_time != cb - n_left))
        return;                                           /* one pair of times only */
    cfg->left_time = ca;
    cfg->right_time = cb - n_left;
    int64_t d = ob - oa;
    if (ge || eq) { cfg->lower_us = *lo ? (d > cfg->lower_us ? d : cfg->lower_us) : d; *lo = true; }
    if (le || eq) { cfg->upper_us = *hi ? (d < cfg->upper_us ? d : cfg->upper_us) : d; *hi = true; }
}

static Expr *and_all(Analyzer *az, Expr **parts, int n, Span span)
{
    if (n == 0) return NULL;
    if (n == 1) return parts[0];
    return expr_logic(az->arena, EXPR_AND, parts, n, false, span, az->diag);
}

static JoinType join_type(AstJoinKind k)
{
    switch (k) {
    case JOIN_LEFT: return JOIN_TYPE_LEFT;
    case JOIN_RIGHT: return JOIN_TYPE_RIGHT;
    case JOIN_FULL: return JOIN_TYPE_FULL;
    case JOIN_LEFT_SEMI: return JOIN_TYPE_LEFT_SEMI;
    default: return JOIN_TYPE_INNER;
    }
}

/* A stream-static join that would have to know when a static row can
 * never match: refused. */
static int refuse_static(Analyzer *az, const AstFrom *f, const char *name, const char *what,
                         const char *hint)
{
    diag_error(az->diag, f->span, "%s JOIN of %s is not supported", name, what);
    diag_detail(az->diag, "a static row can only be known to have no match once the stream "
                "has ended, and a stream never ends");
    diag_hint(az->diag, "%s", hint);
    return -1;
}

/* Spark's support matrix (SPEC appendix A). */
static int check_matrix(Analyzer *az, const AstFrom *f, const JoinConfig *cfg, bool ls, bool rs,
                        bool left_wm, bool right_wm)
{
    JoinType t = cfg->type;
    const char *name = join_names[t];
    if (ls && rs) return 0;                               /* static-static: all */
    if (!ls && rs && (t == JOIN_TYPE_RIGHT || t == JOIN_TYPE_FULL))
        return refuse_static(az, f, name, "a stream with a static table",
                             "use INNER, LEFT OUTER or LEFT SEMI with the stream on the left, or "
                             "put the table on the left of a RIGHT OUTER JOIN");
    if (ls && !rs && t != JOIN_TYPE_INNER && t != JOIN_TYPE_RIGHT)
        return refuse_static(az, f, name, "a static table with a stream",
                             "use INNER or RIGHT OUTER with the table on the left, or put the "
                             "stream on the left");
    if (ls != rs) return 0;
    /* stream-stream */
    if (t == JOIN_TYPE_INNER) return 0;
    bool need_right = t == JOIN_TYPE_LEFT || t == JOIN_TYPE_LEFT_SEMI;
    bool need_left = t == JOIN_TYPE_RIGHT;
    bool wm_ok = need_right ? right_wm : need_left ? left_wm : (left_wm || right_wm);
    if (!cfg->has_time_bound || !wm_ok) {
        diag_error(az->diag, f->span, "%s JOIN of two streams needs %s and a time constraint in ON",
                   name, need_right ? "a watermark on the right stream"
                                    : need_left ? "a watermark on the left stream"
                                                : "a watermark on one stream");
        diag_detail(az->diag, "an unmatched row can only be emitted when the watermark proves "
                    "that no match can come");
        diag_hint(az->diag, "declare WATERMARK FOR ts AS ts - INTERVAL '...' on the stream and add "
                  "e.g. AND l.ts BETWEEN r.ts AND r.ts + INTERVAL '1' HOUR to ON");
        return -1;
    }
    return 0;
}

Plan *bind_join(Analyzer *az, const AstFrom *f, Plan *left, const Scope *lscope, Plan *right,
                const Scope *rscope, Scope *out_scope)
{
    Arena *a = az->arena;
    int nl = lscope->n, nr = rscope->n, n = nl + nr;
    Scope both = {.n = n, .cols = ARENA_ARRAY(a, ScopeCol, n > 0 ? n : 1)};
    memcpy(both.cols, lscope->cols, sizeof(ScopeCol) * (size_t)nl);
    memcpy(both.cols + nl, rscope->cols, sizeof(ScopeCol) * (size_t)nr);

    JoinConfig cfg = {.type = join_type(f->join.kind), .left_time = -1, .right_time = -1};
    if (f->join.on) {
        Binder b = {.az = az, .scope = &both, .clause = "ON"};
        Expr *on = bind_expr(&b, f->join.on);
        if (!on) return NULL;
        if (on->type != TYPE_BOOL && on->type != TYPE_NULL) {
            diag_error(az->diag, f->join.on->span, "ON needs a BOOLEAN condition, not %s", type_name(on->type));
            return NULL;
        }
        enum { MAX_PARTS = 64 };
        Expr *parts[MAX_PARTS], *rest[MAX_PARTS];
        int np = 0, nrest = 0;
        conjuncts(on, parts, &np, MAX_PARTS);
        cfg.left_keys = ARENA_ARRAY(a, Expr *, np);
        cfg.right_keys = ARENA_ARRAY(a, Expr *, np);
        int *rmap = ARENA_ARRAY(a, int, n);
        for (int i = 0; i < n; i++) rmap[i] = i - nl;
        bool lo = false, hi = false;
        for (int i = 0; i < np; i++) {
            Expr *c = parts[i];
            bound_from(c, nl, &cfg, &lo, &hi);
            if (c->kind == EXPR_CALL && c->name && strcmp(c->name, "=") == 0 && c->n_args == 2) {
                int s0 = sides_of(a, c->args[0], nl, n), s1 = sides_of(a, c->args[1], nl, n);
                if ((s0 == 1 && s1 == 2) || (s0 == 2 && s1 == 1)) {
                    Expr *l = s0 == 1 ? c->args[0] : c->args[1];
                    Expr *r = s0 == 1 ? c->args[1] : c->args[0];
                    cfg.left_keys[cfg.n_keys] = l;
                    cfg.right_keys[cfg.n_keys++] = expr_remap(a, r, rmap);
                    continue;
                }
            }
            rest[nrest++] = c;
        }
        cfg.has_time_bound = lo && hi;
        if (!cfg.has_time_bound) cfg.left_time = cfg.right_time = -1;
        cfg.residual = and_all(az, rest, nrest, f->join.on->span);
        if (nrest && !cfg.residual) return NULL;
    } else if (f->join.kind != JOIN_CROSS) {
        diag_error(az->diag, f->span, "JOIN needs an ON condition");
        diag_hint(az->diag, "write JOIN t ON a.k = t.k, or CROSS JOIN t");
        return NULL;
    }

    bool ls = plan_is_static(left), rs = plan_is_static(right);
    bool left_wm = cfg.left_time >= 0 && lscope->cols[cfg.left_time].event_time == EVT_TIME;
    bool right_wm = cfg.right_time >= 0 && rscope->cols[cfg.right_time].event_time == EVT_TIME;
    if (check_matrix(az, f, &cfg, ls, rs, left_wm, right_wm) < 0) return NULL;

    bool semi = cfg.type == JOIN_TYPE_LEFT_SEMI;
    int no = semi ? nl : n;
    Schema s = {.n = no, .cols = ARENA_ARRAY(a, Column, no > 0 ? no : 1)};
    for (int i = 0; i < no; i++) {
        const ScopeCol *c = &both.cols[i];
        /* Outer-join NULL padding keeps lineage: the watermark still
         * orders these rows. */
        s.cols[i] = (Column){.name = c->alt_name ? c->alt_name : c->name, .type = c->type,
                             .event_time = c->event_time};
    }
    Plan *j = plan_new(a, PLAN_JOIN, left, s, f->span);
    j->right = right;
    j->join.cfg = cfg;
    j->join.left_static = ls;
    j->join.right_static = rs;
    out_scope->n = no;
    out_scope->cols = both.cols;
    return j;
}
