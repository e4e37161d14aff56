/* sink — the end of a pipeline that prints: hands batches to a Renderer
 * and ends the renderer's micro-batch at flush. */
#include "ops.h"
#include "../sinks/render.h"

typedef struct SinkOp {
    Op base;
    Renderer *r;
} SinkOp;

static OpStatus sink_push(Op *op, Batch *in)
{
    render_rows(((SinkOp *)op)->r, in);
    return OP_OK;
}

static OpStatus sink_flush(Op *op)
{
    render_end(((SinkOp *)op)->r);
    return OP_OK;
}

static void sink_describe(const Op *op, StrBuf *out)
{
    (void)op;
    sb_puts(out, "console");
}

static const OpVtab sink_vtab = {
    .name = "Sink",
    .push = sink_push,
    .flush = sink_flush,
    .describe = sink_describe,
};

Op *op_sink_new(ExecCtx *ctx, Renderer *r, const Schema *in)
{
    SinkOp *s = ARENA_NEW(ctx->arena, SinkOp);
    s->base.vt = &sink_vtab;
    s->base.ctx = ctx;
    s->base.out = *in;
    s->r = r;
    return &s->base;
}
