/* physical — turns an optimized logical plan into a pipeline of push
 * operators ending in a sink, and describes it for EXPLAIN.
 *
 * A Scan becomes an input (opened later by exec) whose batches enter the
 * pipeline at `entry`; a predicate pushed into the scan becomes the first
 * Filter of the pipeline. */
#ifndef SLUICE_PHYSICAL_H
#define SLUICE_PHYSICAL_H

#include "base/diag.h"
#include "base/strbuf.h"
#include "ops/op.h"
#include "plan.h"

#define PHYS_MAX_OPS 64

typedef struct Physical {
    const InputDef *input;   /* NULL for a query without FROM (VALUES) */
    const bool *needed;      /* columns of the input to materialize */
    Op *entry;               /* where input batches are pushed */
    Op *ops[PHYS_MAX_OPS];   /* every operator, sink last */
    int n_ops;
} Physical;

/* Build operators for `root` in ctx->arena, feeding `sink`. */
int physical_build(ExecCtx *ctx, const Plan *root, Op *sink, Physical *out, Diag *d);

/* The operator DAG, sink at the top, with each operator's detail and,
 * for stateful ones, what bounds its state. */
void physical_print(const Physical *ph, EmitMode mode, StrBuf *out);

#endif
