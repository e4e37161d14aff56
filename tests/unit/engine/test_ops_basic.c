/* Unit tests: the filter and project operators fed hand-made batches. */
#include <criterion/criterion.h>
#include <string.h>

#include "engine/ops/ops.h"

/* A sink that prints each selected row as "a|b|c" lines. */
typedef struct Capture {
    Op base;
    StrBuf rows;
    int flushes;
} Capture;

static OpStatus cap_push(Op *op, Batch *in)
{
    Capture *c = (Capture *)op;
    for (uint32_t k = 0; k < in->n_sel; k++) {
        uint32_t i = batch_row(in, k);
        for (int col = 0; col < in->n_cols; col++) {
            Value v = vec_get(&in->cols[col], i);
            if (col) sb_putc(&c->rows, '|');
            value_format(&v, &c->rows);
        }
        sb_putc(&c->rows, '\n');
    }
    return OP_OK;
}

static OpStatus cap_flush(Op *op)
{
    ((Capture *)op)->flushes++;
    return OP_OK;
}

static const OpVtab cap_vtab = {.name = "Capture", .push = cap_push, .flush = cap_flush};

static Batch *make_batch(Arena *a)
{
    Type types[2] = {TYPE_INT64, TYPE_TEXT};
    Batch *b = batch_new(a, types, 2);
    const char *names[] = {"a", "bb", "ccc", "dddd", "eeeee"};
    for (uint32_t i = 0; i < 5; i++) {
        Value n = value_int((int64_t)i * 10);
        Value s = value_text(names[i], (uint32_t)strlen(names[i]));
        vec_set(&b->cols[0], i, &n, a);
        vec_set(&b->cols[1], i, &s, a);
    }
    vec_set_null(&b->cols[0], 2, a);
    b->n_rows = b->n_sel = 5;
    return b;
}

Test(ops_basic, filter_narrows_selection_and_forwards_flush)
{
    Arena *a = arena_new();
    ExecCtx ctx = {.arena = a};
    Capture cap = {.base = {.vt = &cap_vtab, .ctx = &ctx}};
    Diag d = {0};
    Expr *col = expr_column(a, 0, TYPE_INT64, "n", SPAN_NONE);
    Expr *lit = expr_const(a, value_int(10), SPAN_NONE);
    Expr *args[2] = {col, lit};
    Expr *pred = expr_call(a, ">=", args, 2, SPAN_NONE, &d);
    cr_assert_not_null(pred);
    Schema in = {0};
    Op *f = op_filter_new(&ctx, &cap.base, &in, pred);
    Batch *b = make_batch(a);
    cr_assert_eq(op_push(f, b), OP_OK);
    cr_assert_eq(op_flush(f), OP_OK);
    cr_assert_str_eq(sb_str(&cap.rows), "10|bb\n30|dddd\n40|eeeee\n");
    cr_assert_eq(cap.flushes, 1);
    sb_free(&cap.rows);
    arena_free(a);
}

Test(ops_basic, project_computes_over_selected_rows)
{
    Arena *a = arena_new();
    ExecCtx ctx = {.arena = a};
    Capture cap = {.base = {.vt = &cap_vtab, .ctx = &ctx}};
    Diag d = {0};
    Expr *s = expr_column(a, 1, TYPE_TEXT, "s", SPAN_NONE);
    Expr *up = expr_call(a, "upper", &s, 1, SPAN_NONE, &d);
    Expr *n = expr_column(a, 0, TYPE_INT64, "n", SPAN_NONE);
    Expr *one = expr_const(a, value_int(1), SPAN_NONE);
    Expr *args[2] = {n, one};
    Expr *plus = expr_call(a, "+", args, 2, SPAN_NONE, &d);
    cr_assert(up && plus);
    Expr *exprs[3] = {up, plus, n};
    Column cols[3] = {{.name = "u", .type = TYPE_TEXT}, {.name = "p", .type = TYPE_INT64}, {.name = "n", .type = TYPE_INT64}};
    Schema out = {3, cols};
    Op *p = op_project_new(&ctx, &cap.base, exprs, 3, &out);
    Batch *b = make_batch(a);
    uint32_t sel[3] = {0, 2, 4};
    b->sel = sel;
    b->n_sel = 3;
    cr_assert_eq(op_push(p, b), OP_OK);
    cr_assert_str_eq(sb_str(&cap.rows), "A|1|0\nCCC|NULL|NULL\nEEEEE|41|40\n");
    sb_free(&cap.rows);
    arena_free(a);
}
