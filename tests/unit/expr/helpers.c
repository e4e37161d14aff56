/* helpers — see helpers.h. */
#include "helpers.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <string.h>

#include "engine/base/timeutil.h"

static const Type fixture_types[] = {TYPE_INT64, TYPE_DOUBLE, TYPE_TEXT, TYPE_TIMESTAMP,
                                     TYPE_INTERVAL, TYPE_BOOL};
static const char *const fixture_names[] = {"i", "d", "s", "t", "iv", "b"};

/* Parse text into a Value of type t (NULL on failure or "NULL"). */
static Value parse(Arena *a, Type t, const char *s)
{
    if (!s || strcmp(s, "NULL") == 0) return value_null(t);
    Expr *e = cast(a, lit_s(a, s), t);
    ExprCtx ctx = {0};
    return expr_eval_const(&ctx, e, a);
}

Batch *batch_of(Arena *a, Type t, int n, const char *const *vals)
{
    Batch *b = batch_new(a, &t, 1);
    b->n_rows = b->n_sel = (uint32_t)n;
    for (int r = 0; r < n; r++) {
        Value v = parse(a, t, vals[r]);
        vec_set(&b->cols[0], (uint32_t)r, &v, a);
    }
    return b;
}

Batch *fixture(Arena *a)
{
    static const char *const rows[6][5] = {
        {"1", "-2", "NULL", "7", "0"},
        {"1.5", "NULL", "-0.5", "2.0", "3.0"},
        {"abc", "h\xc3\xa9llo", "NULL", "", "x y"},
        {"2023-04-16 09:30:15.5", "NULL", "1970-01-01", "2024-02-29 23:59:59", "1969-12-31 23:00:00"},
        {"10 seconds", "1 hour", "NULL", "-5 minutes", "0 seconds"},
        {"true", "false", "NULL", "true", "false"},
    };
    Batch *b = batch_new(a, fixture_types, 6);
    b->n_rows = b->n_sel = 5;
    for (int c = 0; c < 6; c++)
        for (int r = 0; r < 5; r++) {
            Value v = parse(a, fixture_types[c], rows[c][r]);
            vec_set(&b->cols[c], (uint32_t)r, &v, a);
        }
    return b;
}

Expr *col(Arena *a, int i) { return expr_column(a, i, fixture_types[i], fixture_names[i], SPAN_NONE); }
Expr *coln(Arena *a, int i, Type t, const char *name) { return expr_column(a, i, t, name, SPAN_NONE); }
Expr *lit_i(Arena *a, int64_t v) { return expr_const(a, value_int(v), SPAN_NONE); }
Expr *lit_d(Arena *a, double v) { return expr_const(a, value_double(v), SPAN_NONE); }
Expr *lit_s(Arena *a, const char *s) { return expr_const(a, value_text(s, (uint32_t)strlen(s)), SPAN_NONE); }
Expr *lit_b(Arena *a, bool v) { return expr_const(a, value_bool(v), SPAN_NONE); }
Expr *lit_null(Arena *a) { return expr_const(a, value_null(TYPE_NULL), SPAN_NONE); }

Expr *lit_ts(Arena *a, const char *s)
{
    int64_t us = 0;
    cr_assert(time_parse_timestamp(s, strlen(s), &us), "bad timestamp %s", s);
    return expr_const(a, value_ts(us), SPAN_NONE);
}

Expr *lit_iv(Arena *a, const char *s)
{
    int64_t us = 0;
    cr_assert(time_parse_interval(s, NULL, &us), "bad interval %s", s);
    return expr_const(a, value_interval(us), SPAN_NONE);
}

Expr *fn(Arena *a, const char *name, int n, ...)
{
    Expr *args[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) args[i] = va_arg(ap, Expr *);
    va_end(ap);
    Diag d = {0};
    Expr *e = expr_call(a, name, args, n, (Span){0, 1}, &d);
    cr_assert(e, "expr_call(%s) failed: %s", name, d.message ? d.message : "?");
    diag_clear(&d);
    return e;
}

Expr *logic(Arena *a, ExprKind k, bool negated, int n, ...)
{
    Expr *args[16];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) args[i] = va_arg(ap, Expr *);
    va_end(ap);
    Diag d = {0};
    Expr *e = expr_logic(a, k, args, n, negated, (Span){0, 1}, &d);
    cr_assert(e, "expr_logic failed: %s", d.message ? d.message : "?");
    diag_clear(&d);
    return e;
}

Expr *cast(Arena *a, Expr *e, Type t)
{
    Diag d = {0};
    Expr *c = expr_cast(a, e, t, (Span){0, 1}, &d);
    cr_assert(c, "expr_cast failed: %s", d.message ? d.message : "?");
    diag_clear(&d);
    return c;
}

const char *eval_str_ctx(Arena *a, const ExprCtx *ctx, const Expr *e, Batch *b)
{
    Vector v;
    expr_eval(ctx, e, b, &v);
    cr_assert_eq(v.type, e->type, "vector type %d, expr type %d", v.type, e->type);
    StrBuf sb = STRBUF_INIT;
    for (uint32_t k = 0; k < b->n_sel; k++) {
        if (k) sb_putc(&sb, ',');
        Value x = vec_get(&v, batch_row(b, k));
        value_format(&x, &sb);
    }
    const char *r = arena_strdup(a, sb_str(&sb));
    sb_free(&sb);
    return r;
}

const char *eval_str(Arena *a, const Expr *e, Batch *b)
{
    ExprCtx ctx = {.now_us = 1681637400000000, .batch_id = 3};   /* 2023-04-16 09:30:00 */
    return eval_str_ctx(a, &ctx, e, b);
}

const char *print(Arena *a, const Expr *e)
{
    StrBuf sb = STRBUF_INIT;
    expr_print(e, &sb);
    const char *r = arena_strdup(a, sb_str(&sb));
    sb_free(&sb);
    return r;
}

const char *fold_print(Arena *a, Expr *e)
{
    bool changed = false;
    return print(a, expr_fold(a, e, &changed));
}

const char *call_error(Arena *a, const char *name, int n, Expr **args, const char **hint)
{
    Diag d = {0};
    Expr *e = expr_call(a, name, args, n, (Span){3, 4}, &d);
    const char *msg = "";
    if (!e) {
        cr_assert(d.set);
        cr_assert_eq(d.span.off, 3);
        msg = arena_strdup(a, d.message);
        if (hint) *hint = d.hint ? arena_strdup(a, d.hint) : NULL;
    }
    diag_clear(&d);
    return msg;
}
