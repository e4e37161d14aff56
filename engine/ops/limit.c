/* limit — the first N rows of each micro-batch (Limit), or of the whole
 * query (a LIMIT on a stream: ksqlDB's EMIT CHANGES LIMIT).
 *
 * Passes rows through until `limit` have gone by, narrowing the
 * selection of the batch that crosses the limit, and drops the rest. Per
 * micro-batch the count restarts at every flush; over the whole query it
 * never does, and reaching it sets ctx->query_done so the query ends
 * after this micro-batch. */
#include "ops.h"

typedef struct LimitOp {
    Op base;
    int64_t limit;
    int64_t left;            /* rows still to pass in this micro-batch */
    bool whole_query;        /* left is never reset */
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
    if (l->whole_query && l->left <= 0) op->ctx->query_done = true;
    return op_push(op->next, in);
}

static OpStatus limit_flush(Op *op)
{
    LimitOp *l = (LimitOp *)op;
    if (!l->whole_query) l->left = l->limit;
    return op_flush(op->next);
}

static void limit_describe(const Op *op, StrBuf *out)
{
    const LimitOp *l = (const LimitOp *)op;
    sb_printf(out, "limit=%lld%s", (long long)l->limit, l->whole_query ? " (ends the query)" : "");
}

static const OpVtab limit_vtab = {
    .name = "Limit",
    .push = limit_push,
    .flush = limit_flush,
    .describe = limit_describe,
};

Op *op_limit_new(ExecCtx *ctx, Op *next, const Schema *in, int64_t limit, bool whole_query)
{
    LimitOp *l = ARENA_NEW(ctx->arena, LimitOp);
    l->base.vt = &limit_vtab;
    l->base.next = next;
    l->base.ctx = ctx;
    l->base.out = *in;
    l->limit = l->left = limit < 0 ? INT64_MAX : limit;
    l->whole_query = whole_query;
    if (whole_query && limit == 0) ctx->query_done = true;     /* LIMIT 0 */
    return &l->base;
}
