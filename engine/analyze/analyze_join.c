/* analyze_join — JOIN ... ON: equality keys, the time bound, the residual
 * predicate, and Spark's support matrix for streams and tables.
 *
 * The ON condition is split into conjuncts. `l = r` with each side
 * reading only one input becomes a hash key; comparisons between a
 * timestamp column of each side (optionally shifted by a constant
 * interval) give each side's expiry terms — when a stored row can no
 * longer match any future row of the other side — which is what lets the
 * watermark evict join state (see state_bounds). Every conjunct that is
 * not a key stays in the residual, so the exact condition is always
 * applied. */
#include "analyze.h"
#include "engine/base/timeutil.h"

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

static int64_t sat_sub(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_sub_overflow(a, b, &r)) return b < 0 ? INT64_MAX : INT64_MIN;
    return r;
}

/* A comparison of a timestamp of each side, normalised to
 * L.l  op  R.r + d  (r counted in the right input; = sets both ge and le). */
typedef struct TimeCmp {
    int l, r;
    int64_t d;
    bool ge, le;
    bool strict;     /* <, > or = */
} TimeCmp;

/* L + a  op  R + b  is  L op R + (b - a); R op L is flipped. */
static bool time_cmp(const Expr *c, int n_left, TimeCmp *out)
{
    if (c->kind != EXPR_CALL || c->n_args != 2 || !c->name) return false;
    const char *op = c->name;
    bool eq = strcmp(op, "=") == 0;
    bool ge = eq || strcmp(op, ">=") == 0 || strcmp(op, ">") == 0;
    bool le = eq || strcmp(op, "<=") == 0 || strcmp(op, "<") == 0;
    if (!ge && !le) return false;
    int ca, cb;
    int64_t oa, ob;
    if (!time_term(c->args[0], &ca, &oa) || !time_term(c->args[1], &cb, &ob)) return false;
    if ((ca < n_left) == (cb < n_left)) return false;     /* both on one side */
    if (ca >= n_left) {                                    /* right op left: flip */
        int ct = ca; ca = cb; cb = ct;
        int64_t ot = oa; oa = ob; ob = ot;
        bool t = ge; ge = le; le = t;
    }
    /* Strict: the row dies once its bound is <= the watermark. So for <
     * and >, and for = (Spark makes an equality on the event time a join
     * key, and evicts state keys <= the watermark). */
    *out = (TimeCmp){.l = ca, .r = cb - n_left, .d = sat_sub(ob, oa), .ge = ge, .le = le,
                     .strict = eq || strcmp(op, "<") == 0 || strcmp(op, ">") == 0};
    return true;
}

/* A side's time column: of the columns that can bound the other side's
 * rows (left: L.l <= ..., right: ... <= L.l), the first that carries a
 * watermark (EVT_TIME), else the first. -1 if none. */
static int pick_time(const TimeCmp *cmps, int n, bool left, const Scope *sc)
{
    int first = -1;
    for (int i = 0; i < n; i++) {
        if (left ? !cmps[i].le : !cmps[i].ge) continue;
        int col = left ? cmps[i].l : cmps[i].r;
        if (sc->cols[col].event_time == EVT_TIME) return col;
        if (first < 0) first = col;
    }
    return first;
}

/* Add `column + off` (strict: dead already at == watermark) to a side's
 * expiry terms; one term per column, the one that dies first (the row
 * dies at the first term the watermark passes). */
static void add_expiry(JoinExpiry *terms, int *n, int column, int64_t off, bool strict)
{
    for (int i = 0; i < *n; i++)
        if (terms[i].column == column) {
            if (off < terms[i].offset_us || (off == terms[i].offset_us && strict))
                terms[i] = (JoinExpiry){column, off, strict};
            return;
        }
    if (*n < JOIN_MAX_EXPIRY) terms[(*n)++] = (JoinExpiry){column, off, strict};
    /* else: fewer terms, rows live longer; still correct */
}

/* Fold one comparison into the expiry terms. L.l >= R.t + d with R.t the
 * right time: future right rows have R.t >= W (Spark's rule; they even
 * have R.t > W, late rows being dropped at <= W), so a left row is dead
 * once L.l - d < W, and with L.l > R.t + d once L.l - d <= W. L.t <=
 * R.r + d with L.t the left time: a right row is dead once R.r + d < W
 * (<= W for <). On the time pair itself it also bounds the probe
 * (lower/upper). */
static void fold_cmp(const TimeCmp *c, JoinConfig *cfg, bool *lo, bool *hi)
{
    bool lt = c->l == cfg->left_time, rt = c->r == cfg->right_time;
    int64_t neg_d = c->d == INT64_MIN ? INT64_MAX : -c->d;
    if (c->ge && rt) add_expiry(cfg->left_expiry, &cfg->n_left_expiry, c->l, neg_d, c->strict);
    if (c->le && lt) add_expiry(cfg->right_expiry, &cfg->n_right_expiry, c->r, c->d, c->strict);
    if (!lt || !rt) return;
    if (c->ge) { cfg->lower_us = *lo && cfg->lower_us > c->d ? cfg->lower_us : c->d; *lo = true; }
    if (c->le) { cfg->upper_us = *hi && cfg->upper_us < c->d ? cfg->upper_us : c->d; *hi = true; }
}

/* A side's watermarked event-time column (the first), -1 if none. */
static int watermark_col(const Scope *sc)
{
    for (int i = 0; i < sc->n; i++)
        if (sc->cols[i].event_time == EVT_TIME && sc->cols[i].type == TYPE_TIMESTAMP) return i;
    return -1;
}

/* Time columns, expiry terms and the probe bound from the comparisons. */
static void state_bounds(const TimeCmp *cmps, int n, const Scope *ls, const Scope *rs,
                         JoinConfig *cfg)
{
    cfg->left_time = pick_time(cmps, n, true, ls);
    cfg->right_time = pick_time(cmps, n, false, rs);
    bool lo = false, hi = false;
    for (int i = 0; i < n; i++) fold_cmp(&cmps[i], cfg, &lo, &hi);
    /* The time column the other side's rows rely on (see join_stream.c
     * for the late rows of a side without one). */
    if (cfg->n_right_expiry == 0) cfg->left_time = -1;
    if (cfg->n_left_expiry == 0) cfg->right_time = -1;
    cfg->has_time_bound = lo && hi;
    if (!cfg->has_time_bound) cfg->lower_us = cfg->upper_us = 0;
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
    /* The preserved side's rows must be able to die (their expiry terms). */
    bool left_dies = cfg->n_left_expiry > 0, right_dies = cfg->n_right_expiry > 0;
    bool dies = need_right ? left_dies : need_left ? right_dies : left_dies && right_dies;
    if (!dies || !wm_ok) {
        diag_error(az->diag, f->span, "%s JOIN of two streams needs %s and a time constraint in ON",
                   name, need_right ? "a watermark on the right stream"
                                    : need_left ? "a watermark on the left stream"
                                                : "a watermark on one stream");
        if (!dies && left_dies != right_dies)
            diag_detail(az->diag, "an unmatched row can only be emitted when the watermark proves "
                        "that no match can come, and ON bounds only the %s stream's rows",
                        left_dies ? "left" : "right");
        else
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
        TimeCmp *cmps = ARENA_ARRAY(a, TimeCmp, np);
        int ncmp = 0;
        for (int i = 0; i < np; i++) {
            Expr *c = parts[i];
            if (time_cmp(c, nl, &cmps[ncmp])) ncmp++;
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
        state_bounds(cmps, ncmp, lscope, rscope, &cfg);
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
    if (!ls && !rs) {
        /* Spark drops late rows on every watermarked input of a join: a
         * side no term relies on drops them on its watermarked event time. */
        if (cfg.left_time < 0) cfg.left_time = watermark_col(lscope);
        if (cfg.right_time < 0) cfg.right_time = watermark_col(rscope);
    }

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
