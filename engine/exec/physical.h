/* physical — turns an optimized logical plan into a pipeline of push
 * operators ending in a sink, and describes it for EXPLAIN.
 *
 * A Scan becomes an input (opened later by exec) whose batches enter the
 * pipeline at `entry`; a predicate pushed into the scan becomes the first
 * Filter of the pipeline. */
#ifndef SLUICE_PHYSICAL_H
#define SLUICE_PHYSICAL_H

#include "engine/base/diag.h"
#include "engine/base/strbuf.h"
#include "engine/ops/op.h"
#include "engine/plan/plan.h"

#define PHYS_MAX_OPS 64
#define PHYS_MAX_INPUTS 8

/* One input of the query and where its batches enter the pipeline. */
typedef struct PhysInput {
    const InputDef *def;     /* NULL: a query without FROM (one empty row) */
    const bool *needed;      /* columns to materialize (NULL: all) */
    Op *entry;               /* where its batches are pushed */
    int wm_column;           /* its watermarked column, or -1 */
    int64_t wm_delay_us;
    bool preload;            /* the static side of a join: read to its end
                                before the query starts */
    int depth;               /* for EXPLAIN */
    int after_op;            /* printed after this many operators */
} PhysInput;

typedef struct Physical {
    PhysInput inputs[PHYS_MAX_INPUTS];
    int n_inputs;
    Op *ops[PHYS_MAX_OPS];   /* every operator, sink first */
    int depth[PHYS_MAX_OPS]; /* nesting for EXPLAIN */
    bool batch_op[PHYS_MAX_OPS]; /* on the static side of a join: run once,
                                    before the first batch; not state */
    int n_ops;
    struct RowStore *tables[PHYS_MAX_INPUTS];   /* static join sides (owned) */
    int n_tables;
    bool uses_watermark;     /* some operator's state is closed by the watermark */
} Physical;

/* Build operators for `root` in ctx->arena, feeding `sink`. */
int physical_build(ExecCtx *ctx, const Plan *root, Op *sink, Physical *out, Diag *d);

/* The operator DAG, sink at the top, with each operator's detail and,
 * for stateful ones, what bounds its state. */
void physical_print(const Physical *ph, EmitMode mode, StrBuf *out);

/* Free what physical_build allocated outside the arena (static tables). */
void physical_free(Physical *ph);

/* Does the plan have an operator whose state the watermark closes? */
bool plan_uses_watermark(const Plan *p);

#endif
