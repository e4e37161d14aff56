/* optimize — rule-based rewrites of the logical plan (see optimize.h).
 *
 * Every rule is a static function with the OptRuleFn signature that
 * applies itself everywhere in the tree, rewrites it in place and returns
 * whether it changed anything. optimize() runs them in the order of optimize_rules[] round
 * after round until a round changes nothing (at most OPT_MAX_ROUNDS).
 *
 * Soundness notes shared by the rules:
 *   - expressions never fail at run time (ANSI off: errors become NULL),
 *     so evaluating a predicate on more or fewer rows, or an unused
 *     projection not at all, cannot change a result;
 *   - a Filter keeps rows whose predicate is TRUE, so Filter(p) over
 *     Filter(q) equals Filter(q AND p) under three-valued logic;
 *   - volatile expressions (current_timestamp, batch_id) are never
 *     duplicated or moved across the projection that computes them. */
#include "optimize.h"

#include <string.h>

#define OPT_MAX_ROUNDS 10

/* ---- expression helpers -------------------------------------------- */

static bool is_true_const(const Expr *e)
{
    return e && e->kind == EXPR_CONST && e->value.type == TYPE_BOOL &&
           !e->value.is_null && e->value.b;
}

/* l AND r, or NULL if the expression layer refuses (it should not for
 * two BOOLEAN operands). */
static Expr *make_and(Arena *a, Expr *l, Expr *r)
{
    Expr **args = ARENA_ARRAY(a, Expr *, 2);
    args[0] = l;
    args[1] = r;
    Diag d = {0};
    Expr *e = expr_logic(a, EXPR_AND, args, 2, false, span_join(l->span, r->span), &d);
    diag_clear(&d);
    return e;
}

/* l AND r, kept left-deep: r's own conjuncts are appended one by one, so
 * merged predicates read in evaluation order, ((a AND b) AND c). */
static Expr *and_append(Arena *a, Expr *l, Expr *r)
{
    if (!l || r->kind != EXPR_AND) return l ? make_and(a, l, r) : r;
    for (int i = 0; i < r->n_args && l; i++) l = and_append(a, l, r->args[i]);
    return l;
}

/* The columns (of an n-column input) that e reads, as a fresh mask. */
static bool *columns_of(Arena *a, const Expr *e, int n)
{
    bool *used = ARENA_ARRAY(a, bool, n > 0 ? n : 1);
    if (e) expr_columns_used(e, used, n);
    return used;
}

/* How many times each input column is referenced (not just whether). */
static void count_columns(const Expr *e, int *count, int n)
{
    if (!e) return;
    if (e->kind == EXPR_COLUMN) {
        if (e->column >= 0 && e->column < n) count[e->column]++;
        return;
    }
    for (int i = 0; i < e->n_args; i++) count_columns(e->args[i], count, n);
}

/* Cheap enough to compute twice: a column reference or a constant. */
static bool is_cheap(const Expr *e)
{
    return e->kind == EXPR_COLUMN || e->kind == EXPR_CONST;
}

/* The number of top-level AND operands of a predicate (nested ANDs
 * flattened), and the operands themselves into `out` (that many slots). */
static int count_conjuncts(const Expr *e)
{
    if (e->kind != EXPR_AND) return 1;
    int n = 0;
    for (int i = 0; i < e->n_args; i++) n += count_conjuncts(e->args[i]);
    return n;
}

static void conjuncts(Expr *e, Expr **out, int *n)
{
    if (e->kind != EXPR_AND) {
        out[(*n)++] = e;
        return;
    }
    for (int i = 0; i < e->n_args; i++) conjuncts(e->args[i], out, n);
}

/* ---- constant_folding ---------------------------------------------- */

static bool fold(Arena *a, Expr **e)
{
    if (!*e) return false;
    bool changed = false;
    *e = expr_fold(a, *e, &changed);
    return changed;
}

/* Fold every expression of every node. A Filter (or scan filter) whose
 * predicate became TRUE goes away; FALSE and NULL stay, as filters. */
static bool rule_constant_folding(Arena *a, Plan **root)
{
    bool fired = false;
    Plan **s = root;
    while (*s) {
        Plan *p = *s;
        switch (p->kind) {
        case PLAN_SCAN:
            fired |= fold(a, &p->scan.filter);
            if (is_true_const(p->scan.filter)) {
                p->scan.filter = NULL;
                fired = true;
            }
            break;
        case PLAN_FILTER:
            fired |= fold(a, &p->filter.pred);
            if (is_true_const(p->filter.pred)) {
                *s = p->input;          /* same schema as its input */
                fired = true;
                continue;
            }
            break;
        case PLAN_PROJECT:
            for (int i = 0; i < p->project.n; i++) fired |= fold(a, &p->project.exprs[i]);
            break;
        case PLAN_EXPLODE:
            fired |= fold(a, &p->explode.text);
            break;
        case PLAN_AGGREGATE:
            for (int i = 0; i < p->agg.cfg.n_keys; i++) fired |= fold(a, &p->agg.cfg.keys[i]);
            for (int i = 0; i < p->agg.cfg.n_aggs; i++) fired |= fold(a, &p->agg.cfg.aggs[i].arg);
            break;
        case PLAN_WINDOW:
            fired |= fold(a, &p->window.time);
            break;
        case PLAN_SESSION: {
            SessionConfig *c = &p->session.cfg;
            for (int i = 0; i < c->n_keys; i++) fired |= fold(a, &c->keys[i]);
            for (int i = 0; i < c->n_aggs; i++) fired |= fold(a, &c->aggs[i].arg);
            fired |= fold(a, &c->time);
            fired |= fold(a, &c->gap);
            break;
        }
        case PLAN_JOIN: {
            JoinConfig *c = &p->join.cfg;
            for (int i = 0; i < c->n_keys; i++) {
                fired |= fold(a, &c->left_keys[i]);
                fired |= fold(a, &c->right_keys[i]);
            }
            fired |= fold(a, &c->residual);
            if (is_true_const(c->residual)) {
                c->residual = NULL;
                fired = true;
            }
            fired |= rule_constant_folding(a, &p->right);
            break;
        }
        case PLAN_VALUES:
        case PLAN_SORT:
        case PLAN_LIMIT:
            break;
        }
        s = &p->input;
    }
    return fired;
}

/* ---- merge_filters ------------------------------------------------- */

/* Filter(p) over Filter(q) -> Filter(q AND p): the lower predicate first,
 * as it was evaluated first. */
static bool rule_merge_filters(Arena *a, Plan **root)
{
    bool fired = false;
    for (Plan **s = root; *s; s = &(*s)->input) {
        Plan *p = *s;
        while (p->kind == PLAN_FILTER && p->input && p->input->kind == PLAN_FILTER) {
            Plan *c = p->input;
            Expr *m = and_append(a, c->filter.pred, p->filter.pred);
            if (!m) break;
            c->filter.pred = m;
            *s = p = c;
            fired = true;
        }
        if (p->kind == PLAN_JOIN) fired |= rule_merge_filters(a, &p->right);
    }
    return fired;
}

/* ---- merge_projections --------------------------------------------- */

/* Project(E) over Project(I) -> Project(E[I/columns]) when no inner
 * expression that is not a plain column or constant would be evaluated
 * more than once (which also keeps volatile ones from being duplicated). */
static bool merge_two_projects(Arena *a, Plan *p)
{
    Plan *c = p->input;
    int *uses = ARENA_ARRAY(a, int, c->project.n > 0 ? c->project.n : 1);
    for (int j = 0; j < p->project.n; j++)
        count_columns(p->project.exprs[j], uses, c->project.n);
    for (int i = 0; i < c->project.n; i++)
        if (uses[i] > 1 && !is_cheap(c->project.exprs[i])) return false;

    Expr **exprs = ARENA_ARRAY(a, Expr *, p->project.n > 0 ? p->project.n : 1);
    for (int j = 0; j < p->project.n; j++)
        exprs[j] = expr_substitute(a, p->project.exprs[j], c->project.exprs);
    p->project.exprs = exprs;
    p->input = c->input;
    return true;
}

static bool rule_merge_projections(Arena *a, Plan **root)
{
    bool fired = false;
    for (Plan *p = *root; p; p = p->input) {
        while (p->kind == PLAN_PROJECT && p->input && p->input->kind == PLAN_PROJECT &&
               merge_two_projects(a, p))
            fired = true;
        if (p->kind == PLAN_JOIN) fired |= rule_merge_projections(a, &p->right);
    }
    return fired;
}

/* ---- predicate_pushdown -------------------------------------------- */

/* Filter f over Aggregate c: move the conjuncts that read grouping keys
 * only (rewritten through the key expressions) below the aggregate. A
 * group is kept or dropped as a whole either way. Never for a global
 * aggregate (it yields a row even for no input), never for volatile
 * conjuncts or keys. */
static bool push_below_aggregate(Arena *a, Plan **s)
{
    Plan *f = *s, *c = f->input;
    const AggConfig *cfg = &c->agg.cfg;
    if (cfg->n_keys == 0) return false;

    int cap = count_conjuncts(f->filter.pred), n = 0;
    Expr **conj = ARENA_ARRAY(a, Expr *, cap);
    conjuncts(f->filter.pred, conj, &n);

    Expr **repl = ARENA_ARRAY(a, Expr *, c->schema.n > 0 ? c->schema.n : 1);
    for (int i = 0; i < cfg->n_keys; i++) repl[i] = cfg->keys[i];

    Expr *below = NULL, *above = NULL;
    for (int k = 0; k < n; k++) {
        bool *used = columns_of(a, conj[k], c->schema.n);
        bool ok = !expr_is_volatile(conj[k]), any = false;
        for (int i = 0; i < c->schema.n && ok; i++) {
            if (!used[i]) continue;
            any = true;
            ok = i < cfg->n_keys && !expr_is_volatile(cfg->keys[i]);
        }
        Expr *e = ok && any ? expr_substitute(a, conj[k], repl) : conj[k];
        Expr **side = ok && any ? &below : &above;
        *side = and_append(a, *side, e);
        if (!*side) return false;
    }
    if (!below) return false;

    Plan *nf = plan_new(a, PLAN_FILTER, c->input, c->input->schema, f->span);
    nf->filter.pred = below;
    c->input = nf;
    if (above) f->filter.pred = above;
    else *s = c;
    return true;
}

/* Filter f over Join c: conjuncts that read only one input go below the
 * join on that side, when the join type lets them (a filter on the
 * NULL-padded side of an outer join must stay above it). */
static bool push_below_join(Arena *a, Plan **s)
{
    Plan *f = *s, *c = f->input;
    JoinType t = c->join.cfg.type;
    int nl = c->input->schema.n, n = c->schema.n;
    bool to_left = t == JOIN_TYPE_INNER || t == JOIN_TYPE_LEFT || t == JOIN_TYPE_LEFT_SEMI;
    bool to_right = t == JOIN_TYPE_INNER || t == JOIN_TYPE_RIGHT;
    int cap = count_conjuncts(f->filter.pred), k = 0;
    Expr **conj = ARENA_ARRAY(a, Expr *, cap);
    conjuncts(f->filter.pred, conj, &k);
    int *rmap = ARENA_ARRAY(a, int, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) rmap[i] = i - nl;
    Expr *left = NULL, *right = NULL, *above = NULL;
    for (int i = 0; i < k; i++) {
        bool *used = columns_of(a, conj[i], n);
        bool l = false, r = false;
        for (int j = 0; j < n; j++) {
            if (!used[j]) continue;
            if (j < nl) l = true;
            else r = true;
        }
        if (expr_is_volatile(conj[i]) || (l && r) || (!l && !r)) above = and_append(a, above, conj[i]);
        else if (l && to_left) left = and_append(a, left, conj[i]);
        else if (r && to_right) right = and_append(a, right, expr_remap(a, conj[i], rmap));
        else above = and_append(a, above, conj[i]);
    }
    if (!left && !right) return false;
    if (left) {
        Plan *lf = plan_new(a, PLAN_FILTER, c->input, c->input->schema, f->span);
        lf->filter.pred = left;
        c->input = lf;
    }
    if (right) {
        Plan *rf = plan_new(a, PLAN_FILTER, c->right, c->right->schema, f->span);
        rf->filter.pred = right;
        c->right = rf;
    }
    if (above) f->filter.pred = above;
    else *s = c;
    return true;
}

/* Move the Filter at *s one step down; false if it cannot move. */
static bool push_filter(Arena *a, Plan **s)
{
    Plan *f = *s, *c = f->input;
    if (!c) return false;
    switch (c->kind) {
    case PLAN_SCAN: {
        /* Into the scan's own filter, after any predicate already there. */
        Expr *pred = and_append(a, c->scan.filter, f->filter.pred);
        if (!pred) return false;
        c->scan.filter = pred;
        *s = c;
        return true;
    }
    case PLAN_PROJECT: {
        bool *used = columns_of(a, f->filter.pred, c->project.n);
        for (int i = 0; i < c->project.n; i++)
            if (used[i] && expr_is_volatile(c->project.exprs[i])) return false;
        f->filter.pred = expr_substitute(a, f->filter.pred, c->project.exprs);
        break;
    }
    case PLAN_EXPLODE: {
        /* Input columns keep their indices; the piece is the last one. */
        bool *used = columns_of(a, f->filter.pred, c->schema.n);
        if (c->schema.n > 0 && used[c->schema.n - 1]) return false;
        break;
    }
    case PLAN_WINDOW: {
        /* Input columns keep their indices; the window bounds are last. */
        bool *used = columns_of(a, f->filter.pred, c->schema.n);
        if (used[c->schema.n - 1] || used[c->schema.n - 2]) return false;
        break;
    }
    case PLAN_SORT:
        break;
    case PLAN_AGGREGATE:
        return push_below_aggregate(a, s);
    case PLAN_SESSION:
        return false;
    case PLAN_JOIN:
        return push_below_join(a, s);
    case PLAN_VALUES:
    case PLAN_FILTER:          /* merge_filters' job */
    case PLAN_LIMIT:           /* filtering before a limit changes the rows */
        return false;
    }
    /* Swap f and c: c now reads f, f reads c's old input. */
    f->schema = c->input->schema;
    f->input = c->input;
    c->input = f;
    *s = c;
    return true;
}

/* Sink every Filter as far as it goes. A pass goes top-down; a filter
 * held up by another filter may move once that one has moved, so passes
 * repeat until one moves nothing (each move is strictly downwards, the
 * bound is only a guard). */
static bool rule_predicate_pushdown(Arena *a, Plan **root)
{
    bool fired = false;
    for (int pass = 0; pass < 64; pass++) {
        bool moved = false;
        for (Plan **s = root; *s; s = &(*s)->input) {
            while ((*s)->kind == PLAN_FILTER && push_filter(a, s)) moved = true;
            if ((*s)->kind == PLAN_JOIN) moved |= rule_predicate_pushdown(a, &(*s)->right);
        }
        if (!moved) break;
        fired = true;
    }
    return fired;
}

/* ---- projection_pruning -------------------------------------------- */

/* Given which output columns of p its parent needs (`need`, p->schema.n
 * flags), narrow what p asks of its input, set Scan.needed, and drop
 * unneeded Project outputs. Returns the renumbering of p's output columns
 * (old index -> new, -1 = dropped), or NULL if they did not change. */
static const int *prune(Arena *a, Plan *p, const bool *need, bool *changed);

static const int *prune_input(Arena *a, Plan *p, bool *in_need, bool *changed)
{
    return prune(a, p->input, in_need, changed);
}

/* A copy of a parent's mask as the mask over p's input (same width). */
static bool *copy_need(Arena *a, const bool *need, int n)
{
    bool *m = ARENA_ARRAY(a, bool, n > 0 ? n : 1);
    if (n > 0) memcpy(m, need, sizeof(bool) * (size_t)n);
    return m;
}

static const int *prune_scan(Arena *a, Plan *p, const bool *need, bool *changed)
{
    int n = p->scan.def->schema.n;
    bool *mask = ARENA_ARRAY(a, bool, n > 0 ? n : 1);
    for (int i = 0; i < n && i < p->schema.n; i++) mask[i] = need[i];
    if (p->scan.filter) expr_columns_used(p->scan.filter, mask, n);
    bool all = true;
    for (int i = 0; i < n; i++) all &= mask[i];
    bool same = p->scan.needed ? memcmp(mask, p->scan.needed, sizeof(bool) * (size_t)n) == 0
                               : all;
    if (!same) {
        p->scan.needed = all ? NULL : mask;
        *changed = true;
    }
    return NULL;
}

static const int *prune_project(Arena *a, Plan *p, const bool *need, bool *changed)
{
    int n = p->project.n, kept = 0, in_n = p->input->schema.n;
    bool *keep = copy_need(a, need, n);
    for (int j = 0; j < n; j++) kept += keep[j];
    if (kept == 0 && n > 0) {
        /* Nobody reads a column, but the rows still count (count(*)):
         * keep one output, preferably one that costs nothing. */
        int pick = 0;
        for (int j = n - 1; j >= 0; j--)
            if (p->project.exprs[j]->kind == EXPR_COLUMN) pick = j;
        for (int j = n - 1; j >= 0; j--)
            if (p->project.exprs[j]->kind == EXPR_CONST) pick = j;
        keep[pick] = true;
        kept = 1;
    }

    bool *in_need = ARENA_ARRAY(a, bool, in_n > 0 ? in_n : 1);
    for (int j = 0; j < n; j++)
        if (keep[j]) expr_columns_used(p->project.exprs[j], in_need, in_n);
    const int *cm = prune_input(a, p, in_need, changed);
    if (cm)
        for (int j = 0; j < n; j++)
            if (keep[j]) p->project.exprs[j] = expr_remap(a, p->project.exprs[j], cm);
    if (kept == n) return NULL;

    Expr **exprs = ARENA_ARRAY(a, Expr *, kept);
    Column *cols = ARENA_ARRAY(a, Column, kept);
    int *map = ARENA_ARRAY(a, int, n);
    int k = 0;
    for (int j = 0; j < n; j++) {
        if (!keep[j]) {
            map[j] = -1;
            continue;
        }
        map[j] = k;
        exprs[k] = p->project.exprs[j];
        cols[k] = p->schema.cols[j];
        k++;
    }
    p->project.exprs = exprs;
    p->project.n = kept;
    p->schema.n = kept;
    p->schema.cols = cols;
    *changed = true;
    return map;
}

static const int *prune_explode(Arena *a, Plan *p, const bool *need, bool *changed)
{
    int in_n = p->input->schema.n;
    bool *in_need = copy_need(a, need, in_n);
    expr_columns_used(p->explode.text, in_need, in_n);
    const int *cm = prune_input(a, p, in_need, changed);
    if (!cm) return NULL;

    /* The input shrank: output = new input columns + the piece. */
    p->explode.text = expr_remap(a, p->explode.text, cm);
    const Schema *ns = &p->input->schema;
    Column *cols = ARENA_ARRAY(a, Column, ns->n + 1);
    if (ns->n > 0) memcpy(cols, ns->cols, sizeof(Column) * (size_t)ns->n);
    cols[ns->n] = p->schema.cols[in_n];
    int *map = ARENA_ARRAY(a, int, in_n + 1);
    memcpy(map, cm, sizeof(int) * (size_t)in_n);
    map[in_n] = ns->n;
    p->schema.n = ns->n + 1;
    p->schema.cols = cols;
    return map;
}

static const int *prune_aggregate(Arena *a, Plan *p, bool *changed)
{
    /* Keys and aggregates all stay (they define groups and emission);
     * only the input is narrowed to what they read. */
    AggConfig *cfg = &p->agg.cfg;
    int in_n = p->input->schema.n;
    bool *in_need = ARENA_ARRAY(a, bool, in_n > 0 ? in_n : 1);
    for (int i = 0; i < cfg->n_keys; i++) expr_columns_used(cfg->keys[i], in_need, in_n);
    for (int i = 0; i < cfg->n_aggs; i++)
        if (cfg->aggs[i].arg) expr_columns_used(cfg->aggs[i].arg, in_need, in_n);
    const int *cm = prune_input(a, p, in_need, changed);
    if (cm) {
        for (int i = 0; i < cfg->n_keys; i++) cfg->keys[i] = expr_remap(a, cfg->keys[i], cm);
        for (int i = 0; i < cfg->n_aggs; i++)
            if (cfg->aggs[i].arg) cfg->aggs[i].arg = expr_remap(a, cfg->aggs[i].arg, cm);
    }
    return NULL;
}

static const int *prune_window(Arena *a, Plan *p, const bool *need, bool *changed)
{
    int in_n = p->input->schema.n;
    bool *in_need = copy_need(a, need, in_n);
    expr_columns_used(p->window.time, in_need, in_n);
    const int *cm = prune_input(a, p, in_need, changed);
    if (!cm) return NULL;

    /* The input shrank: output = new input columns + the two bounds. */
    p->window.time = expr_remap(a, p->window.time, cm);
    const Schema *ns = &p->input->schema;
    Column *cols = ARENA_ARRAY(a, Column, ns->n + 2);
    if (ns->n > 0) memcpy(cols, ns->cols, sizeof(Column) * (size_t)ns->n);
    cols[ns->n] = p->schema.cols[in_n];
    cols[ns->n + 1] = p->schema.cols[in_n + 1];
    int *map = ARENA_ARRAY(a, int, in_n + 2);
    memcpy(map, cm, sizeof(int) * (size_t)in_n);
    map[in_n] = ns->n;
    map[in_n + 1] = ns->n + 1;
    p->schema.n = ns->n + 2;
    p->schema.cols = cols;
    return map;
}

static const int *prune_session(Arena *a, Plan *p, bool *changed)
{
    SessionConfig *c = &p->session.cfg;
    int in_n = p->input->schema.n;
    bool *in_need = ARENA_ARRAY(a, bool, in_n > 0 ? in_n : 1);
    for (int i = 0; i < c->n_keys; i++) expr_columns_used(c->keys[i], in_need, in_n);
    for (int i = 0; i < c->n_aggs; i++)
        if (c->aggs[i].arg) expr_columns_used(c->aggs[i].arg, in_need, in_n);
    expr_columns_used(c->time, in_need, in_n);
    expr_columns_used(c->gap, in_need, in_n);
    const int *cm = prune_input(a, p, in_need, changed);
    if (cm) {
        for (int i = 0; i < c->n_keys; i++) c->keys[i] = expr_remap(a, c->keys[i], cm);
        for (int i = 0; i < c->n_aggs; i++)
            if (c->aggs[i].arg) c->aggs[i].arg = expr_remap(a, c->aggs[i].arg, cm);
        c->time = expr_remap(a, c->time, cm);
        c->gap = expr_remap(a, c->gap, cm);
    }
    return NULL;
}

/* Each input keeps what the parent needs of it plus what the keys, the
 * residual and the time bound read; the output is the pruned left columns
 * then the pruned right ones. */
static const int *prune_join(Arena *a, Plan *p, const bool *need, bool *changed)
{
    JoinConfig *c = &p->join.cfg;
    int nl = p->input->schema.n, nr = p->right->schema.n;
    bool semi = c->type == JOIN_TYPE_LEFT_SEMI;
    bool *ln = ARENA_ARRAY(a, bool, nl + 1), *rn = ARENA_ARRAY(a, bool, nr + 1);
    for (int i = 0; i < p->schema.n; i++) {
        if (!need[i]) continue;
        if (i < nl) ln[i] = true;
        else rn[i - nl] = true;
    }
    for (int k = 0; k < c->n_keys; k++) {
        expr_columns_used(c->left_keys[k], ln, nl);
        expr_columns_used(c->right_keys[k], rn, nr);
    }
    if (c->residual) {
        bool *both = ARENA_ARRAY(a, bool, nl + nr + 1);
        expr_columns_used(c->residual, both, nl + nr);
        for (int i = 0; i < nl + nr; i++) {
            if (!both[i]) continue;
            if (i < nl) ln[i] = true;
            else rn[i - nl] = true;
        }
    }
    if (c->left_time >= 0) ln[c->left_time] = true;
    if (c->right_time >= 0) rn[c->right_time] = true;
    for (int i = 0; i < c->n_left_expiry; i++) ln[c->left_expiry[i].column] = true;
    for (int i = 0; i < c->n_right_expiry; i++) rn[c->right_expiry[i].column] = true;
    const int *cml = prune(a, p->input, ln, changed);
    const int *cmr = prune(a, p->right, rn, changed);
    if (!cml && !cmr) return NULL;

    int nl2 = p->input->schema.n, nr2 = p->right->schema.n;
    int *ml = ARENA_ARRAY(a, int, nl + 1), *mr = ARENA_ARRAY(a, int, nr + 1);
    for (int i = 0; i < nl; i++) ml[i] = cml ? cml[i] : i;
    for (int j = 0; j < nr; j++) mr[j] = cmr ? cmr[j] : j;
    for (int k = 0; k < c->n_keys; k++) {
        c->left_keys[k] = expr_remap(a, c->left_keys[k], ml);
        c->right_keys[k] = expr_remap(a, c->right_keys[k], mr);
    }
    int *mb = ARENA_ARRAY(a, int, nl + nr + 1);
    for (int i = 0; i < nl + nr; i++)
        mb[i] = i < nl ? ml[i] : (mr[i - nl] < 0 ? -1 : nl2 + mr[i - nl]);
    if (c->residual) c->residual = expr_remap(a, c->residual, mb);
    if (c->left_time >= 0) c->left_time = ml[c->left_time];
    if (c->right_time >= 0) c->right_time = mr[c->right_time];
    for (int i = 0; i < c->n_left_expiry; i++) c->left_expiry[i].column = ml[c->left_expiry[i].column];
    for (int i = 0; i < c->n_right_expiry; i++) c->right_expiry[i].column = mr[c->right_expiry[i].column];

    int no = semi ? nl2 : nl2 + nr2;
    Column *cols = ARENA_ARRAY(a, Column, no + 1);
    memcpy(cols, p->input->schema.cols, sizeof(Column) * (size_t)nl2);
    if (!semi) memcpy(cols + nl2, p->right->schema.cols, sizeof(Column) * (size_t)nr2);
    p->schema.n = no;
    p->schema.cols = cols;
    return mb;
}

static const int *prune_sort(Arena *a, Plan *p, const bool *need, bool *changed)
{
    int n = p->schema.n;
    bool *in_need = copy_need(a, need, n);
    for (int i = 0; i < p->sort.n; i++)
        if (p->sort.keys[i].column >= 0 && p->sort.keys[i].column < n)
            in_need[p->sort.keys[i].column] = true;
    const int *cm = prune_input(a, p, in_need, changed);
    if (!cm) return NULL;
    SortKey *keys = ARENA_ARRAY(a, SortKey, p->sort.n > 0 ? p->sort.n : 1);
    for (int i = 0; i < p->sort.n; i++) {
        keys[i] = p->sort.keys[i];
        keys[i].column = cm[keys[i].column];
    }
    p->sort.keys = keys;
    p->schema = p->input->schema;
    return cm;
}

static const int *prune(Arena *a, Plan *p, const bool *need, bool *changed)
{
    switch (p->kind) {
    case PLAN_SCAN:
        return prune_scan(a, p, need, changed);
    case PLAN_VALUES:
        return NULL;
    case PLAN_FILTER: {
        bool *in_need = copy_need(a, need, p->schema.n);
        expr_columns_used(p->filter.pred, in_need, p->schema.n);
        const int *cm = prune_input(a, p, in_need, changed);
        if (cm) {
            p->filter.pred = expr_remap(a, p->filter.pred, cm);
            p->schema = p->input->schema;
        }
        return cm;
    }
    case PLAN_PROJECT:
        return prune_project(a, p, need, changed);
    case PLAN_EXPLODE:
        return prune_explode(a, p, need, changed);
    case PLAN_AGGREGATE:
        return prune_aggregate(a, p, changed);
    case PLAN_WINDOW:
        return prune_window(a, p, need, changed);
    case PLAN_SESSION:
        return prune_session(a, p, changed);
    case PLAN_JOIN:
        return prune_join(a, p, need, changed);
    case PLAN_SORT:
        return prune_sort(a, p, need, changed);
    case PLAN_LIMIT: {
        const int *cm = prune_input(a, p, copy_need(a, need, p->schema.n), changed);
        if (cm) p->schema = p->input->schema;
        return cm;
    }
    }
    return NULL;
}

/* The root needs all its columns, so its schema never changes. */
static bool rule_projection_pruning(Arena *a, Plan **root)
{
    int n = (*root)->schema.n;
    bool *all = ARENA_ARRAY(a, bool, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) all[i] = true;
    bool changed = false;
    prune(a, *root, all, &changed);
    return changed;
}

/* ---- driver -------------------------------------------------------- */

const OptRule optimize_rules[] = {
    {"constant_folding", rule_constant_folding},
    {"merge_filters", rule_merge_filters},
    {"merge_projections", rule_merge_projections},
    {"predicate_pushdown", rule_predicate_pushdown},
    {"projection_pruning", rule_projection_pruning},
    {NULL, NULL},
};

Plan *optimize(Arena *a, Plan *root, OptTrace trace, void *trace_arg)
{
    if (!root) return NULL;
    for (int round = 0; round < OPT_MAX_ROUNDS; round++) {
        bool any = false;
        for (const OptRule *r = optimize_rules; r->name; r++) {
            if (!r->fn(a, &root)) continue;
            any = true;
            if (trace) trace(trace_arg, r->name, root);
        }
        if (!any) break;
    }
    return root;
}
