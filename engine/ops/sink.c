/* sink — the end of a pipeline: hands batches to a Renderer (console
 * output of a SELECT) or to a SinkWriter (INSERT INTO), and ends the
 * micro-batch at flush: the renderer prints, the writer commits. */
#include "ops.h"
#include "engine/sinks/render.h"
#include "engine/sinks/sink_writer.h"
#include "engine/state/rowstore.h"

#include <string.h>

typedef struct SinkOp {
    Op base;
    Renderer *r;
} SinkOp;

/* A failed write to the console ends the query: the output has a hole. */
static OpStatus written(Op *op)
{
    int e = render_error(((SinkOp *)op)->r);
    if (!e) return OP_OK;
    diag_error(op->ctx->diag, SPAN_NONE, "cannot write results to standard output: %s", strerror(e));
    return OP_ERROR;
}

static OpStatus sink_push(Op *op, Batch *in)
{
    render_rows(((SinkOp *)op)->r, in);
    return written(op);
}

static OpStatus sink_flush(Op *op)
{
    render_end(((SinkOp *)op)->r);
    return written(op);
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

/* ---- INSERT INTO: a sink writer ---------------------------------------- */

typedef struct WriterOp {
    Op base;
    SinkWriter *w;
    const char *name;
} WriterOp;

static OpStatus writer_push(Op *op, Batch *in)
{
    sink_rows(((WriterOp *)op)->w, in);
    return OP_OK;
}

static OpStatus writer_flush(Op *op)
{
    return sink_commit(((WriterOp *)op)->w, op->ctx->diag) < 0 ? OP_ERROR : OP_OK;
}

static void writer_describe(const Op *op, StrBuf *out)
{
    sb_puts(out, ((const WriterOp *)op)->name);
}

static const OpVtab writer_vtab = {
    .name = "Sink",
    .push = writer_push,
    .flush = writer_flush,
    .describe = writer_describe,
};

Op *op_sink_writer_new(ExecCtx *ctx, SinkWriter *w, const char *name, const Schema *in)
{
    WriterOp *s = ARENA_NEW(ctx->arena, WriterOp);
    s->base.vt = &writer_vtab;
    s->base.ctx = ctx;
    s->base.out = *in;
    s->w = w;
    s->name = name;
    return &s->base;
}

/* ---- collecting a static input into rows ------------------------------- */

typedef struct CollectOp {
    Op base;
    RowStore *rows;
} CollectOp;

static OpStatus collect_push(Op *op, Batch *in)
{
    rowstore_append(((CollectOp *)op)->rows, in);
    return OP_OK;
}

static OpStatus collect_flush(Op *op)
{
    (void)op;
    return OP_OK;
}

static void collect_describe(const Op *op, StrBuf *out)
{
    sb_printf(out, "%zu rows", rowstore_count(((const CollectOp *)op)->rows));
}

static const OpVtab collect_vtab = {
    .name = "Collect",
    .push = collect_push,
    .flush = collect_flush,
    .describe = collect_describe,
};

Op *op_collect_new(ExecCtx *ctx, struct RowStore *rows, const Schema *in)
{
    CollectOp *c = ARENA_NEW(ctx->arena, CollectOp);
    c->base.vt = &collect_vtab;
    c->base.ctx = ctx;
    c->base.out = *in;
    c->rows = rows;
    return &c->base;
}
