/* filter — keeps the rows where a predicate is TRUE by narrowing the
 * batch's selection vector; no row is copied. */
#include "ops.h"

typedef struct FilterOp {
    Op base;
    Expr *pred;
} FilterOp;

static OpStatus filter_push(Op *op, Batch *in)
{
    FilterOp *f = (FilterOp *)op;
    expr_filter(&op->ctx->expr, f->pred, in);
    if (in->n_sel == 0) return OP_OK;
    return op_push(op->next, in);
}

static void filter_describe(const Op *op, StrBuf *out)
{
    expr_print(((const FilterOp *)op)->pred, out);
}

static const OpVtab filter_vtab = {
    .name = "Filter",
    .push = filter_push,
    .flush = op_flush_forward,
    .describe = filter_describe,
};

Op *op_filter_new(ExecCtx *ctx, Op *next, const Schema *in, Expr *pred)
{
    FilterOp *f = ARENA_NEW(ctx->arena, FilterOp);
    f->base.vt = &filter_vtab;
    f->base.next = next;
    f->base.ctx = ctx;
    f->base.out = *in;
    f->pred = pred;
    return &f->base;
}
