/* limit — the first N rows of each micro-batch (Limit).
 *
 * Passes rows through until `limit` have gone by in the current
 * micro-batch, narrowing the selection of the batch that crosses the
 * limit, and drops the rest; the count restarts at every flush. It never
 * answers OP_DONE: the next micro-batch wants rows again. */
#include "ops.h"

typedef struct LimitOp {
    Op base;
    int64_t limit;
    int64_t left;            /* rows still to pass in this micro-batch */
} LimitOp;

static OpStatus limit_push(Op *op, Batch *in)
{
    LimitOp *l = (LimitOp *)op;
    if (l->left <= 0 || in->n_sel == 0) return OP_OK;
    if ((int64_t)in->n_sel > l->left) {
        uint32_t keep = (uint32_t)l->left;
        if (!in->sel) {
            /* The first `keep` physical rows. */
            in->sel = arena_alloc(in->arena, sizeof(uint32_t) * keep);
            for (uint32_t k = 0; k < keep; k++) in->sel[k] = k;
        }
        in->n_sel = keep;               /* sel is ascending: keep its prefix */
    }
    l->left -= in->n_sel;
    return op_push(op->next, in);
}

static OpStatus limit_flush(Op *op)
{
    LimitOp *l = (LimitOp *)op;
    l->left = l->limit;
    return op_flush(op->next);
}

static void limit_describe(const Op *op, StrBuf *out)
{
    sb_printf(out, "limit=%lld", (long long)((const LimitOp *)op)->limit);
}

static const OpVtab limit_vtab = {
    .name = "Limit",
    .push = limit_push,
    .flush = limit_flush,
    .describe = limit_describe,
};

Op *op_limit_new(ExecCtx *ctx, Op *next, const Schema *in, int64_t limit)
{
    LimitOp *l = ARENA_NEW(ctx->arena, LimitOp);
    l->base.vt = &limit_vtab;
    l->base.next = next;
    l->base.ctx = ctx;
    l->base.out = *in;
    l->limit = l->left = limit < 0 ? INT64_MAX : limit;
    return &l->base;
}
