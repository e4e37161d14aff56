/* ops — constructors of the physical operators (one file each).
 *
 * Every constructor allocates the operator in ctx->arena, takes ownership
 * of nothing it is given (Exprs and Schemas live in the query arena), and
 * pushes its output to `next`. */
#ifndef SLUICE_OPS_H
#define SLUICE_OPS_H

#include "op.h"

/* filter.c: keep rows where pred is TRUE. */
Op *op_filter_new(ExecCtx *ctx, Op *next, const Schema *in, Expr *pred);

/* project.c: compute exprs[i] as output column i (schema `out`). */
Op *op_project_new(ExecCtx *ctx, Op *next, Expr **exprs, int n, const Schema *out);

/* explode.c: for every input row, one output row per piece of the TEXT
 * value `text` split on `delim` (a literal separator, or a regular
 * expression when `regex`); output = input columns + the piece (TEXT) as
 * the last column. A NULL text gives no rows; an empty string one empty
 * piece (as Spark's explode(split(...))). */
Op *op_explode_new(ExecCtx *ctx, Op *next, const Schema *in, Expr *text,
                   const char *delim, bool regex, const Schema *out);

/* ---- aggregation (agg.c) -------------------------------------------- */

typedef enum AggKind {
    AGG_COUNT_STAR, AGG_COUNT, AGG_SUM, AGG_AVG, AGG_MIN, AGG_MAX,
    AGG_FIRST, AGG_LAST,
} AggKind;

typedef struct AggCall {
    AggKind kind;
    bool distinct;        /* count(DISTINCT x), sum(DISTINCT x), ... */
    Expr *arg;            /* over the aggregate's input; NULL for count(*) */
    Type type;            /* result: count -> INT64, avg -> DOUBLE,
                             sum(INT64) -> INT64, sum(DOUBLE) -> DOUBLE,
                             min/max/first/last -> arg type */
} AggCall;

typedef struct AggConfig {
    Expr **keys;          /* grouping expressions over the input */
    int n_keys;
    AggCall *aggs;
    int n_aggs;
    /* Index of a key whose value is batch_id(): such groups are final when
     * their micro-batch ends (APPEND emits them then, and they are evicted
     * in APPEND and UPDATE). -1 if none. */
    int batch_key;
} AggConfig;

/* Hash aggregation with state across micro-batches. Output schema `out`:
 * the keys, then the aggregates, in order. At every flush it emits by
 * ctx->mode: COMPLETE every group (ROW_SNAPSHOT), UPDATE the groups
 * changed in this micro-batch (ROW_UPDATE), APPEND the groups that became
 * final (ROW_INSERT): batch_key groups at their batch end, and every group
 * when ctx->end_of_input. Groups are emitted in the order they were first
 * seen. NULL keys form one group; aggregates skip NULL inputs (count(*)
 * counts rows); sum/min/max/avg of no non-NULL input is NULL. */
Op *op_agg_new(ExecCtx *ctx, Op *next, const Schema *in, const AggConfig *cfg,
               const Schema *out);

/* ---- sorting and limits (sort.c, limit.c) ------------------------- */

typedef struct SortKey {
    int column;           /* input column */
    bool desc;
    bool nulls_first;     /* default: NULLs first ascending, last descending */
} SortKey;

/* Buffers every row pushed during a micro-batch; at flush emits them
 * sorted (stable), at most `limit` of them (-1 = all), then forwards the
 * flush. */
Op *op_sort_new(ExecCtx *ctx, Op *next, const Schema *in, const SortKey *keys,
                int n, int64_t limit);

/* Passes the first `limit` rows of each micro-batch, drops the rest. */
Op *op_limit_new(ExecCtx *ctx, Op *next, const Schema *in, int64_t limit);

/* ---- sinks (sink.c) --------------------------------------------- */

struct Renderer;
/* Hands every pushed batch to the renderer; at flush ends the renderer's
 * micro-batch (which prints and flushes). The exec loop calls
 * render_begin at the start of each micro-batch. */
Op *op_sink_new(ExecCtx *ctx, struct Renderer *r, const Schema *in);

#endif
