/* eval — vectorized evaluation of Expr trees over a Batch.
 *
 * Each node evaluates its children to Vectors over a selection (a list of
 * physical row indices, or NULL for every row), then computes its own
 * Vector with one kernel call. Strict nodes (calls, casts, NOT) share
 * apply_strict, which handles NULL constants, all-constant arguments and
 * the word-wise AND of validity bitmaps. Conditional nodes (CASE,
 * COALESCE) evaluate each branch only on the rows that still need it.
 * Nothing is ever written into an input Vector: a column reference hands
 * back the batch's own Vector, so results are always fresh allocations in
 * the batch arena. Evaluation cannot fail. */
#include <stdarg.h>
#include <string.h>

#include "expr_int.h"

typedef struct EvalState {
    const ExprCtx *ctx;
    Batch *in;
    Arena *arena;
    uint32_t n_rows;
} EvalState;

static void eval_node(const EvalState *st, const Expr *e, const uint32_t *sel,
                      uint32_t n_sel, Vector *out);

/* ---- vectors --------------------------------------------------------- */

void vec_const(Vector *out, const Value *v, Arena *a)
{
    Type t = v->type;
    *out = (Vector){.type = t, .is_const = true};
    out->data = arena_calloc(a, type_width(t) < 16 ? 16 : type_width(t));
    if (v->is_null || t == TYPE_NULL) {
        out->valid = arena_calloc(a, sizeof(uint64_t));
        return;
    }
    switch (t) {
    case TYPE_BOOL: VEC_BOOL(out)[0] = v->b; break;
    case TYPE_DOUBLE: VEC_F64(out)[0] = v->d; break;
    case TYPE_TEXT: VEC_STR(out)[0] = v->s; break;
    default: VEC_I64(out)[0] = v->i; break;
    }
}

static void const_null(Vector *out, Type t, Arena *a)
{
    Value v = value_null(t);
    vec_const(out, &v, a);
}

/* A fresh output vector with room for every row. */
static void vec_alloc(Vector *out, Type t, Arena *a)
{
    *out = (Vector){.type = t};
    out->data = arena_alloc(a, type_width(t) * BATCH_CAP);
}

static uint64_t *valid_all(Arena *a)
{
    uint64_t *w = arena_alloc(a, VALID_WORDS * sizeof(uint64_t));
    memset(w, 0xff, VALID_WORDS * sizeof(uint64_t));
    return w;
}

static inline void bit_put(uint64_t *w, uint32_t i, bool v)
{
    w[i >> 6] = (w[i >> 6] & ~(UINT64_C(1) << (i & 63))) | ((uint64_t)v << (i & 63));
}

/* ---- strict nodes ---------------------------------------------------- */

/* Run a strict kernel over n evaluated arguments. */
static void apply_strict(const EvalState *st, const Expr *e, Kernel kern, Vector *av, int n,
                         const uint32_t *sel, uint32_t n_sel, Vector *out)
{
    bool all_const = true;
    for (int j = 0; j < n; j++) {
        if (av[j].is_const && vec_is_null(&av[j], 0)) { const_null(out, e->type, st->arena); return; }
        all_const &= av[j].is_const;
    }
    KernelCtx k = {st->ctx, e, st->arena, sel, n_sel, st->n_rows};
    if (all_const) {
        /* Once, on row 0; the arguments look like 1-row columns. */
        for (int j = 0; j < n; j++) { av[j].is_const = false; av[j].valid = NULL; }
        k.sel = NULL;
        k.n_sel = k.n_rows = 1;
        *out = (Vector){.type = e->type};
        out->data = arena_calloc(st->arena, type_width(e->type) < 16 ? 16 : type_width(e->type));
        kern(&k, av, out);
        out->is_const = true;
        return;
    }
    vec_alloc(out, e->type, st->arena);
    /* Validity = AND of the arguments' bitmaps, a word at a time. */
    uint32_t words = (st->n_rows + 63) / 64;
    for (int j = 0; j < n; j++) {
        if (av[j].is_const || !av[j].valid) continue;
        if (!out->valid) {
            out->valid = arena_alloc(st->arena, VALID_WORDS * sizeof(uint64_t));
            memcpy(out->valid, av[j].valid, words * sizeof(uint64_t));
            continue;
        }
        uint64_t *restrict o = out->valid;
        const uint64_t *restrict v = av[j].valid;
        for (uint32_t w = 0; w < words; w++) o[w] &= v[w];
    }
    kern(&k, av, out);
}

static void eval_call(const EvalState *st, const Expr *e, const uint32_t *sel,
                      uint32_t n_sel, Vector *out)
{
    Vector av[e->n_args > 0 ? e->n_args : 1];
    for (int j = 0; j < e->n_args; j++) eval_node(st, e->args[j], sel, n_sel, &av[j]);
    apply_strict(st, e, e->fn->kernel, av, e->n_args, sel, n_sel, out);
}

static void eval_cast(const EvalState *st, const Expr *e, const uint32_t *sel,
                      uint32_t n_sel, Vector *out)
{
    Vector v;
    eval_node(st, e->args[0], sel, n_sel, &v);
    if (v.type == e->type) { *out = v; return; }
    Kernel kern = v.type == TYPE_NULL ? NULL : cast_kernel(v.type, e->type);
    if (!kern) { const_null(out, e->type, st->arena); return; }
    apply_strict(st, e, kern, &v, 1, sel, n_sel, out);
}

static void eval_not(const EvalState *st, const Expr *e, const uint32_t *sel,
                     uint32_t n_sel, Vector *out)
{
    Vector v;
    eval_node(st, e->args[0], sel, n_sel, &v);
    apply_strict(st, e, kern_not_bool, &v, 1, sel, n_sel, out);
}

/* ---- NULL-aware nodes ------------------------------------------------ */

static void eval_is_null(const EvalState *st, const Expr *e, const uint32_t *sel,
                         uint32_t n_sel, Vector *out)
{
    Vector v;
    eval_node(st, e->args[0], sel, n_sel, &v);
    if (v.is_const || !v.valid || v.type == TYPE_NULL) {
        Value r = value_bool((vec_is_null(&v, 0) || v.type == TYPE_NULL) != e->negated);
        vec_const(out, &r, st->arena);
        return;
    }
    vec_alloc(out, TYPE_BOOL, st->arena);
    uint8_t *restrict O = out->data;
    const uint64_t *restrict w = v.valid;
    KernelCtx k = {.sel = sel, .n_sel = n_sel, .n_rows = st->n_rows};
    uint8_t flip = !e->negated;               /* IS NULL = not valid */
    FOR_ROWS_DENSE(&k, i, O[i] = (uint8_t)(((w[i >> 6] >> (i & 63)) & 1) ^ flip));
}

/* AND / OR over n arguments with three-valued logic: a row is decided by
 * any FALSE (AND) or TRUE (OR), else NULL if any argument is NULL. */
static void eval_andor(const EvalState *st, const Expr *e, const uint32_t *sel,
                       uint32_t n_sel, Vector *out)
{
    bool is_and = e->kind == EXPR_AND;
    Vector av[e->n_args];
    bool all_const = true;
    for (int j = 0; j < e->n_args; j++) {
        eval_node(st, e->args[j], sel, n_sel, &av[j]);
        all_const &= av[j].is_const;
    }
    KernelCtx k = {.sel = sel, .n_sel = n_sel, .n_rows = st->n_rows};
    if (all_const) { k.sel = NULL; k.n_rows = 1; }
    vec_alloc(out, TYPE_BOOL, st->arena);
    out->valid = valid_all(st->arena);
    uint8_t *O = out->data;
    FOR_ROWS(&k, i,
        bool decided = false, unknown = false;
        for (int j = 0; j < e->n_args; j++) {
            const Vector *v = &av[j];
            uint32_t r = arg_row(v, i);
            if (v->valid && !bit_get(v->valid, r)) { unknown = true; continue; }
            if ((VEC_BOOL(v)[r] != 0) != is_and) { decided = true; break; }
        }
        O[i] = (uint8_t)(decided ? !is_and : is_and);
        bit_put(out->valid, i, decided || !unknown));
    out->is_const = all_const;
}

/* Copy the given rows of src into out (values and validity). */
static void copy_rows(Vector *out, const Vector *src, const uint32_t *rows, uint32_t n)
{
    size_t w = type_width(out->type);
    char *O = out->data;
    const char *S = src->data;
    for (uint32_t j = 0; j < n; j++) {
        uint32_t i = rows[j], r = arg_row(src, i);
        bool ok = src->type != TYPE_NULL && (!src->valid || bit_get(src->valid, r));
        bit_put(out->valid, i, ok);
        if (ok) memcpy(O + (size_t)i * w, S + (size_t)r * w, w);
    }
}

/* The selection as an explicit list (the "all rows" NULL case expanded). */
static const uint32_t *sel_list(const EvalState *st, const uint32_t *sel, uint32_t n_sel)
{
    if (sel) return sel;
    uint32_t *all = arena_alloc(st->arena, (n_sel ? n_sel : 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < n_sel; i++) all[i] = i;
    return all;
}

/* Split rows by a BOOLEAN vector: TRUE rows to *yes, the others to *no. */
static void split_rows(const EvalState *st, const Vector *c, const uint32_t *rows, uint32_t n,
                       uint32_t **yes, uint32_t *n_yes, uint32_t **no, uint32_t *n_no)
{
    *yes = arena_alloc(st->arena, (n ? n : 1) * sizeof(uint32_t));
    *no = arena_alloc(st->arena, (n ? n : 1) * sizeof(uint32_t));
    uint32_t a = 0, b = 0;
    for (uint32_t j = 0; j < n; j++) {
        uint32_t i = rows[j], r = arg_row(c, i);
        bool t = (!c->valid || bit_get(c->valid, r)) && VEC_BOOL(c)[r];
        (*yes)[a] = i;
        (*no)[b] = i;
        a += t;
        b += !t;
    }
    *n_yes = a;
    *n_no = b;
}

static void eval_case(const EvalState *st, const Expr *e, const uint32_t *sel,
                      uint32_t n_sel, Vector *out)
{
    vec_alloc(out, e->type, st->arena);
    out->valid = valid_all(st->arena);
    const uint32_t *rest = sel_list(st, sel, n_sel);
    uint32_t n_rest = n_sel;
    int pairs = e->n_args / 2;
    for (int p = 0; p < pairs && n_rest > 0; p++) {
        Vector c, v;
        eval_node(st, e->args[2 * p], rest, n_rest, &c);
        uint32_t *yes, *no, n_yes, n_no;
        split_rows(st, &c, rest, n_rest, &yes, &n_yes, &no, &n_no);
        if (n_yes) {
            eval_node(st, e->args[2 * p + 1], yes, n_yes, &v);
            copy_rows(out, &v, yes, n_yes);
        }
        rest = no;
        n_rest = n_no;
    }
    if (n_rest == 0) return;
    if (e->has_else) {
        Vector v;
        eval_node(st, e->args[e->n_args - 1], rest, n_rest, &v);
        copy_rows(out, &v, rest, n_rest);
    } else {
        for (uint32_t j = 0; j < n_rest; j++) bit_put(out->valid, rest[j], false);
    }
}

static void eval_coalesce(const EvalState *st, const Expr *e, const uint32_t *sel,
                          uint32_t n_sel, Vector *out)
{
    Vector v;
    eval_node(st, e->args[0], sel, n_sel, &v);
    if (e->n_args == 1 || (!v.valid && v.type == e->type)) { *out = v; return; }
    vec_alloc(out, e->type, st->arena);
    out->valid = valid_all(st->arena);
    const uint32_t *rows = sel_list(st, sel, n_sel);
    uint32_t n = n_sel;
    for (int a = 0;;) {
        copy_rows(out, &v, rows, n);
        if (++a == e->n_args) break;
        /* Rows still NULL go on to the next argument. */
        uint32_t *left = arena_alloc(st->arena, (n ? n : 1) * sizeof(uint32_t)), m = 0;
        for (uint32_t j = 0; j < n; j++) {
            left[m] = rows[j];
            m += !bit_get(out->valid, rows[j]);
        }
        if (m == 0) break;
        rows = left;
        n = m;
        eval_node(st, e->args[a], rows, n, &v);
    }
}

/* x IN (a, b, ...): TRUE if some item equals x; else NULL if x or an item
 * is NULL; else FALSE. NOT IN negates the TRUE/FALSE outcome. */
static void eval_in(const EvalState *st, const Expr *e, const uint32_t *sel,
                    uint32_t n_sel, Vector *out)
{
    int n = e->n_args;
    Vector av[n > 0 ? n : 1];
    av[0] = (Vector){.type = e->args[0]->type};
    bool all_const = true;
    for (int j = 0; j < n; j++) {
        eval_node(st, e->args[j], sel, n_sel, &av[j]);
        all_const &= av[j].is_const;
    }
    KernelCtx k = {.sel = sel, .n_sel = n_sel, .n_rows = st->n_rows};
    if (all_const) { k.sel = NULL; k.n_rows = 1; }
    Kernel eq = kernel_eq_for(av[0].type);
    Expr cmp = {.kind = EXPR_CALL, .type = TYPE_BOOL, .n_args = 2};
    uint8_t *found = arena_calloc(st->arena, BATCH_CAP);
    uint8_t *unknown = arena_calloc(st->arena, BATCH_CAP);
    for (int j = 1; j < n; j++) {
        Vector pair[2] = {av[0], av[j]}, r;
        apply_strict(st, &cmp, eq, pair, 2, sel, n_sel, &r);
        FOR_ROWS(&k, i,
            uint32_t ri = arg_row(&r, i);
            bool ok = !r.valid || bit_get(r.valid, ri);
            found[i] |= ok & (VEC_BOOL(&r)[ri] != 0);
            unknown[i] |= !ok);
    }
    vec_alloc(out, TYPE_BOOL, st->arena);
    out->valid = valid_all(st->arena);
    uint8_t *O = out->data;
    FOR_ROWS(&k, i,
        O[i] = (uint8_t)(found[i] != e->negated);
        bit_put(out->valid, i, found[i] || !unknown[i]));
    out->is_const = all_const;
}

/* ---- dispatch -------------------------------------------------------- */

static void eval_node(const EvalState *st, const Expr *e, const uint32_t *sel,
                      uint32_t n_sel, Vector *out)
{
    switch (e->kind) {
    case EXPR_CONST: vec_const(out, &e->value, st->arena); break;
    case EXPR_COLUMN: *out = st->in->cols[e->column]; break;
    case EXPR_CALL: eval_call(st, e, sel, n_sel, out); break;
    case EXPR_CAST: eval_cast(st, e, sel, n_sel, out); break;
    case EXPR_NOT: eval_not(st, e, sel, n_sel, out); break;
    case EXPR_AND: case EXPR_OR: eval_andor(st, e, sel, n_sel, out); break;
    case EXPR_IS_NULL: eval_is_null(st, e, sel, n_sel, out); break;
    case EXPR_CASE: eval_case(st, e, sel, n_sel, out); break;
    case EXPR_IN: eval_in(st, e, sel, n_sel, out); break;
    case EXPR_COALESCE: eval_coalesce(st, e, sel, n_sel, out); break;
    }
}

void expr_eval(const ExprCtx *ctx, const Expr *e, Batch *in, Vector *out)
{
    EvalState st = {ctx, in, in->arena, in->n_rows};
    eval_node(&st, e, in->sel, in->sel ? in->n_sel : in->n_rows, out);
}

void expr_eval_flat(const ExprCtx *ctx, const Expr *e, Batch *in, Vector *out)
{
    expr_eval(ctx, e, in, out);
    if (!out->is_const) return;
    Vector c = *out;
    vec_alloc(out, c.type, in->arena);
    size_t w = type_width(c.type);
    bool null = vec_is_null(&c, 0);
    if (null) {
        out->valid = arena_calloc(in->arena, VALID_WORDS * sizeof(uint64_t));
    }
    for (uint32_t i = 0; i < in->n_rows; i++) memcpy((char *)out->data + i * w, c.data, w);
}

/* ---- filtering ------------------------------------------------------- */

/* Narrow (sel, n) to the rows where pred is TRUE; conjunctions are applied
 * one conjunct at a time, so later ones see fewer rows. */
static void filter(const EvalState *st, const Expr *pred, uint32_t **sel, uint32_t *n)
{
    if (pred->kind == EXPR_AND) {
        for (int j = 0; j < pred->n_args && *n > 0; j++) filter(st, pred->args[j], sel, n);
        return;
    }
    Vector v;
    eval_node(st, pred, *sel, *n, &v);
    if (v.is_const) {
        if (vec_is_null(&v, 0) || !VEC_BOOL(&v)[0]) *n = 0;
        if (*n == 0 && !*sel) *sel = arena_alloc(st->arena, sizeof(uint32_t));
        return;
    }
    uint32_t *ns = arena_alloc(st->arena, (*n ? *n : 1) * sizeof(uint32_t));
    const uint8_t *restrict B = v.data;
    const uint64_t *restrict w = v.valid;
    uint32_t m = 0;
    if (!*sel) {
        if (w) for (uint32_t i = 0; i < *n; i++) { ns[m] = i; m += B[i] & (uint8_t)(w[i >> 6] >> (i & 63)) & 1; }
        else for (uint32_t i = 0; i < *n; i++) { ns[m] = i; m += B[i] & 1; }
    } else {
        const uint32_t *s = *sel;
        for (uint32_t j = 0; j < *n; j++) {
            uint32_t i = s[j];
            ns[m] = i;
            m += B[i] & (w ? (uint8_t)(w[i >> 6] >> (i & 63)) & 1 : 1);
        }
    }
    *sel = ns;
    *n = m;
}

void expr_filter(const ExprCtx *ctx, const Expr *pred, Batch *in)
{
    EvalState st = {ctx, in, in->arena, in->n_rows};
    uint32_t *sel = in->sel;
    uint32_t n = in->sel ? in->n_sel : in->n_rows;
    filter(&st, pred, &sel, &n);
    if (!in->sel && sel && n == in->n_rows) sel = NULL;   /* every row passed */
    in->sel = sel;
    in->n_sel = n;
}

/* ---- row errors ------------------------------------------------------ */

static void row_error(RowErrors *errors, const Expr *e, const char *effect,
                      const char *fmt, va_list ap)
{
    errors->total++;
    if (++errors->batch > ROW_ERRORS_SHOWN) return;
    errors->effects[errors->batch - 1] = effect;
    if (e) {
        expr_print(e, &errors->shown);
        sb_puts(&errors->shown, ": ");
    }
    sb_vprintf(&errors->shown, fmt, ap);
    sb_putc(&errors->shown, '\n');
}

void expr_row_error(RowErrors *errors, const Expr *e, const char *fmt, ...)
{
    if (!errors) return;
    va_list ap;
    va_start(ap, fmt);
    row_error(errors, e, "NULL", fmt, ap);
    va_end(ap);
}

void expr_row_error_effect(RowErrors *errors, const Expr *e, const char *effect,
                           const char *fmt, ...)
{
    if (!errors) return;
    va_list ap;
    va_start(ap, fmt);
    row_error(errors, e, effect, fmt, ap);
    va_end(ap);
}

Str expr_row_error_first(const RowErrors *errors)
{
    const char *line = sb_str(&errors->shown);
    return (Str){line, (uint32_t)strcspn(line, "\n")};
}

/* ---- constants ------------------------------------------------------- */

Value expr_eval_const(const ExprCtx *ctx, const Expr *e, Arena *a)
{
    Arena *tmp = arena_new();
    Batch b = {.n_rows = 1, .n_sel = 1, .arena = tmp};
    ExprCtx zero = {0};
    Vector v;
    expr_eval(ctx ? ctx : &zero, e, &b, &v);
    Value r = vec_get(&v, 0);
    r.type = e->type;
    if (!r.is_null && r.type == TYPE_TEXT) r.s.ptr = arena_memdup(a, r.s.ptr ? r.s.ptr : "", r.s.len ? r.s.len : 1);
    arena_free(tmp);
    return r;
}
