/* op — the physical operator interface: push pipelines.
 *
 * An operator receives batches with push(), and at the end of every
 * micro-batch a flush(). Stateless operators transform and push to `next`
 * at once; stateful ones (aggregate, sort, joins) absorb input and emit
 * at flush time according to the output mode. Every operator forwards the
 * flush downstream after emitting. The last operator of a pipeline is a
 * sink.
 *
 * A pushed batch belongs to the pusher: the receiver may narrow its
 * selection and allocate in its arena during the call, but must copy what
 * it keeps afterwards (into its own arena / state).
 *
 * Each operator lives in its own file and is created by a constructor
 * declared in ops.h, which takes the ExecCtx and its parameters. */
#ifndef SLUICE_OP_H
#define SLUICE_OP_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/base/arena.h"
#include "engine/base/diag.h"
#include "engine/base/strbuf.h"
#include "engine/base/batch.h"
#include "engine/expr/expr.h"
#include "engine/base/types.h"

#define WATERMARK_NONE INT64_MIN
#define WATERMARK_END  INT64_MAX   /* end of input: everything is final */

typedef enum EmitMode {
    MODE_APPEND,
    MODE_UPDATE,
    MODE_COMPLETE,
} EmitMode;

const char *emit_mode_name(EmitMode m);   /* "append", "update", "complete" */

/* What every operator of one running query shares. */
typedef struct ExecCtx {
    Arena *arena;          /* query lifetime: operators, state */
    ExprCtx expr;          /* now_us and batch_id of the current micro-batch */
    int64_t batch_id;      /* current micro-batch, from 0 */
    int64_t watermark;     /* event-time watermark in force, or WATERMARK_NONE:
                              state closed by it is final (eviction) */
    int64_t watermark_late;/* the watermark rows are judged late against: the
                              previous batch's watermark, so that rows a
                              stateful operator emits because the watermark
                              advanced are not late for the next one */
    bool end_of_input;     /* this flush is the last one */
    bool query_done;       /* an operator needs no more input: a stream's
                              LIMIT has passed its rows; the query ends
                              after this micro-batch */
    EmitMode mode;
    Diag *diag;            /* runtime errors */
    /* expr.abort, set asynchronously (a second SIGINT/SIGTERM): stop at
     * once, mid-batch. Checked at every push and flush, so per batch of
     * rows (and per row by slow kernels); NULL: never. */
} ExecCtx;

typedef enum OpStatus {
    OP_OK = 0,             /* carry on */
    OP_DONE = 1,           /* wants no more input (e.g. LIMIT reached) */
    OP_ERROR = -1,         /* ctx->diag is filled */
} OpStatus;

typedef struct Op Op;

/* Counters shown by SHOW PROGRESS and EXPLAIN. */
typedef struct OpMetrics {
    int64_t state_rows;
    int64_t state_bytes;
    int64_t rows_dropped_late;   /* rows dropped by the watermark */
} OpMetrics;

typedef struct OpVtab {
    const char *name;                          /* "Filter", "HashAggregate", ... */
    bool stateful;                             /* keeps state across micro-batches */
    bool emits_at_end;                         /* its state yields rows at end of input
                                                  in every mode (outer joins) */
    OpStatus (*push)(Op *op, Batch *in);
    OpStatus (*flush)(Op *op);                 /* end of micro-batch */
    void (*describe)(const Op *op, StrBuf *out);   /* one line of detail for EXPLAIN */
    void (*metrics)(const Op *op, OpMetrics *m);   /* may be NULL: stateless */
    bool (*bounded)(const Op *op);             /* state evicted when final? may be NULL */
    /* When not bounded, what grows, for EXPLAIN's warning ("the right
     * rows of the join"); may be NULL. */
    const char *(*growing)(const Op *op);
    void (*destroy)(Op *op);                   /* free heap memory; may be NULL */
} OpVtab;

struct Op {
    const OpVtab *vt;
    Op *next;              /* downstream operator (NULL only for sinks) */
    ExecCtx *ctx;
    Schema out;            /* the schema of the batches it pushes */
    int64_t wm_delay_us;   /* its input's watermark lags the query's by this
                              much: an upstream time-range join's output
                              watermark is its input's minus the range
                              (set by physical.c; 0 by default) */
};

/* The watermark of an operator's input: ctx's less op->wm_delay_us. */
static inline int64_t op_wm_shift(const Op *op, int64_t wm)
{
    if (wm == WATERMARK_NONE || op->wm_delay_us <= 0) return wm;
    return wm < WATERMARK_NONE + op->wm_delay_us + 1 ? WATERMARK_NONE + 1 : wm - op->wm_delay_us;
}
/* In force for closing and eviction (ctx->watermark). */
static inline int64_t op_watermark(const Op *op) { return op_wm_shift(op, op->ctx->watermark); }
/* Rows are judged late against it (ctx->watermark_late). */
static inline int64_t op_watermark_late(const Op *op) { return op_wm_shift(op, op->ctx->watermark_late); }


/* The error every push and flush returns once ctx->expr.abort is set ("query
 * stopped"); the executor tells it apart by the flag. */
OpStatus op_aborted(Op *op);

static inline bool op_abort_requested(const Op *op)
{
    return op->ctx->expr.abort && *op->ctx->expr.abort;
}
/* Fills op->ctx->diag with the first row error of ctx->expr.errors and
 * returns OP_ERROR (on_error = 'fail': a value an expression could not
 * compute stops the query before it reaches the next operator). */
OpStatus op_row_error(Op *op);

static inline OpStatus op_push(Op *op, Batch *in)
{
    if (op_abort_requested(op)) return op_aborted(op);
    const RowErrors *e = op->ctx->expr.errors;
    if (e && e->fail && e->batch > 0) return op_row_error(op);
    return op->vt->push(op, in);
}
static inline OpStatus op_flush(Op *op)
{
    return op_abort_requested(op) ? op_aborted(op) : op->vt->flush(op);
}

/* A flush that only forwards downstream (for stateless operators). */
OpStatus op_flush_forward(Op *op);

#endif
