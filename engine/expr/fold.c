/* fold — constant folding and boolean simplification (optimizer rule).
 *
 * Bottom-up: a node whose subtree reads no column and calls nothing
 * volatile is evaluated once (expr_eval_const on a 1-row batch) and
 * replaced by a constant; otherwise AND/OR drop neutral constants and
 * flatten, NOT is pushed into comparisons, IS NULL, IN and LIKE, CASE
 * drops branches with constant conditions, COALESCE drops NULL constants.
 * Nodes are never modified in place: a changed node is a copy, so shared
 * subtrees stay intact. Volatile calls (current_timestamp, batch_id) are
 * never folded. */
#include <string.h>

#include "expr_int.h"

static Expr *fold(Arena *a, Expr *e, bool *ch);

static bool is_bool_const(const Expr *e, bool v)
{
    return e->kind == EXPR_CONST && !e->value.is_null && e->value.type == TYPE_BOOL &&
           e->value.b == v;
}

static bool is_null_const(const Expr *e)
{
    return e->kind == EXPR_CONST && e->value.is_null;
}

static Expr *bool_const(Arena *a, bool v, Span span)
{
    return expr_const(a, value_bool(v), span);
}

/* A copy of e with new arguments. */
static Expr *with_args(Arena *a, const Expr *e, Expr **args, int n)
{
    Expr *c = expr_node(a, e->kind, e->type, e->span, args, n);
    Expr **keep = c->args;
    *c = *e;
    c->args = keep;
    c->n_args = n;
    return c;
}

/* AND / OR: flatten nested ones, drop the neutral constant, stop at the
 * absorbing one. */
static Expr *simplify_andor(Arena *a, Expr *e, bool *ch)
{
    bool is_and = e->kind == EXPR_AND;
    int cap = 0;
    for (int j = 0; j < e->n_args; j++)
        cap += e->args[j]->kind == e->kind ? e->args[j]->n_args : 1;
    Expr *list[cap > 0 ? cap : 1];
    int n = 0;
    bool changed = false;
    for (int j = 0; j < e->n_args; j++) {
        Expr *x = e->args[j];
        int m = x->kind == e->kind ? x->n_args : 1;
        Expr *const *items = x->kind == e->kind ? x->args : &e->args[j];
        changed |= m != 1 || x->kind == e->kind;
        for (int i = 0; i < m; i++) {
            if (is_bool_const(items[i], !is_and)) { *ch = true; return bool_const(a, !is_and, e->span); }
            if (is_bool_const(items[i], is_and)) { changed = true; continue; }
            list[n++] = items[i];
        }
    }
    if (!changed) return e;
    *ch = true;
    if (n == 0) return bool_const(a, is_and, e->span);
    if (n == 1) return list[0];
    return with_args(a, e, list, n);
}

static const char *inverse_op(const char *name)
{
    static const char *const pairs[][2] = {
        {"=", "<>"}, {"<>", "="}, {"<", ">="}, {">=", "<"}, {">", "<="}, {"<=", ">"},
        {"like", "not like"}, {"not like", "like"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (strcmp(pairs[i][0], name) == 0) return pairs[i][1];
    return NULL;
}

static Expr *simplify_not(Arena *a, Expr *e, bool *ch)
{
    Expr *x = e->args[0];
    switch (x->kind) {
    case EXPR_NOT:
        *ch = true;
        return x->args[0];
    case EXPR_IS_NULL: case EXPR_IN: {
        Expr *c = with_args(a, x, x->args, x->n_args);
        c->negated = !x->negated;
        *ch = true;
        return c;
    }
    case EXPR_CALL: {
        const char *inv = inverse_op(x->name);
        if (!inv) return e;
        Type types[2] = {x->args[0]->type, x->args[1]->type};
        const FuncDef *f = registry_exact(inv, types, 2);
        if (!f) return e;
        Expr *c = with_args(a, x, x->args, x->n_args);
        c->fn = f;
        c->name = f->name;
        *ch = true;
        return c;
    }
    default:
        return e;
    }
}

static Expr *simplify_case(Arena *a, Expr *e, bool *ch)
{
    Expr *list[e->n_args];
    int n = 0;
    Expr *els = e->has_else ? e->args[e->n_args - 1] : NULL;
    bool changed = false;
    for (int j = 0; j + 1 < e->n_args; j += 2) {
        Expr *cond = e->args[j];
        if (is_bool_const(cond, true)) { els = e->args[j + 1]; changed = true; break; }
        if (cond->kind == EXPR_CONST) { changed = true; continue; }   /* FALSE or NULL */
        list[n++] = cond;
        list[n++] = e->args[j + 1];
    }
    if (!changed) return e;
    *ch = true;
    if (n == 0) return els ? els : expr_const(a, value_null(e->type), e->span);
    if (els) list[n++] = els;
    Expr *c = with_args(a, e, list, n);
    c->has_else = els != NULL;
    return c;
}

static Expr *simplify_coalesce(Arena *a, Expr *e, bool *ch)
{
    Expr *list[e->n_args];
    int n = 0;
    for (int j = 0; j < e->n_args; j++) {
        if (is_null_const(e->args[j])) continue;
        list[n++] = e->args[j];
        if (e->args[j]->kind == EXPR_CONST) break;   /* never NULL: the rest is dead */
    }
    if (n == e->n_args) return e;
    *ch = true;
    if (n == 0) return expr_const(a, value_null(e->type), e->span);
    if (n == 1) return list[0];
    return with_args(a, e, list, n);
}

static Expr *fold(Arena *a, Expr *e, bool *ch)
{
    if (e->kind == EXPR_CONST || e->kind == EXPR_COLUMN) return e;
    Expr *args[e->n_args > 0 ? e->n_args : 1];
    bool any = false;
    for (int j = 0; j < e->n_args; j++) {
        args[j] = fold(a, e->args[j], ch);
        any |= args[j] != e->args[j];
    }
    if (any) {
        e = with_args(a, e, args, e->n_args);
        if (e->kind == EXPR_CALL) {
            /* An argument may have become constant: precompile again. A
             * failure only means the kernel works per batch instead. */
            Diag scratch = {0};
            expr_prepare_call(a, e, &scratch);
            diag_clear(&scratch);
        }
    }
    if (expr_is_const(e)) {
        /* A constant whose evaluation is a row error (overflow, a failed
         * CAST) stays unfolded, so that running it reports the error
         * instead of a silent NULL. */
        RowErrors errs = {0};
        ExprCtx ctx = {.errors = &errs};
        Value v = expr_eval_const(&ctx, e, a);
        sb_free(&errs.shown);
        if (errs.total > 0) return e;
        *ch = true;
        Expr *c = expr_const(a, v, e->span);
        if (c->type != e->type) c->type = c->value.type = e->type;
        return c;
    }
    switch (e->kind) {
    case EXPR_AND: case EXPR_OR: return simplify_andor(a, e, ch);
    case EXPR_NOT: return simplify_not(a, e, ch);
    case EXPR_CASE: return simplify_case(a, e, ch);
    case EXPR_COALESCE: return simplify_coalesce(a, e, ch);
    default: return e;
    }
}

Expr *expr_fold(Arena *a, Expr *e, bool *changed)
{
    bool ch = false;
    Expr *r = fold(a, e, &ch);
    if (ch && changed) *changed = true;
    return r;
}
