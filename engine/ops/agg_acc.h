/* agg_acc — aggregate accumulators shared by HashAggregate and sessions.
 *
 * An AccSet holds the state of a list of aggregate calls for many groups
 * (any dense id space: hash-aggregate groups, session ids) in plain
 * per-aggregate arrays indexed by group id. Updating is a batch at a time:
 * one tight loop per (aggregate kind x argument class) over (row, group)
 * pairs, chosen once per batch; no allocation, boxing or indirect call per
 * row. TEXT state (min/max/first/last) lives in the set's own arena,
 * overwritten in place when a new value fits.
 *
 * Semantics: aggregates skip NULL inputs except count(*) and first/last,
 * which follow Spark's defaults (ignoreNulls = false). sum of INT64 wraps
 * on overflow (Spark with ANSI off); avg is a DOUBLE; min/max order
 * doubles with NaN above every number. DISTINCT keeps a set of the values
 * seen per group (count/sum/avg; it does not change min/max/first/last).
 *
 * Merging (sessions): acc_merge folds group src into dst as if dst's rows
 * came first (first keeps dst's, last takes src's); DISTINCT sets are
 * merged for many pairs at once by acc_merge_distinct. */
#ifndef SLUICE_AGG_ACC_H
#define SLUICE_AGG_ACC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/state/agg_table.h"
#include "engine/state/distinct_set.h"
#include "ops.h"
#include "engine/state/rowstore.h"

typedef enum ArgClass { CLS_NONE, CLS_I64, CLS_F64, CLS_BOOL, CLS_TEXT } ArgClass;
typedef enum AccType { ACC_NONE, ACC_I64, ACC_F64, ACC_STR } AccType;

typedef struct AggState {
    AggCall call;
    ArgClass cls;            /* physical class of the argument */
    AccType acc;             /* what `val` holds per group */
    int64_t *n;              /* per group: rows counted / non-NULL inputs / has a value */
    void *val;               /* per group: int64_t, double or Str (ACC_NONE: NULL) */
    uint32_t *room;          /* ACC_STR: bytes writable at val[g].ptr */
    uint8_t *isnull;         /* first/last: the kept value is NULL */
    uint32_t *stamp;         /* last(TEXT): push round that last wrote the group */
    DistinctSet *distinct;   /* count/sum/avg DISTINCT */
    Vector scratch;          /* argument evaluated by expr_eval */
} AggState;

typedef struct AccSet {
    int n;                   /* aggregates */
    AggState *st;
    size_t cap;              /* groups the arrays can hold */
    bool has_distinct;       /* some aggregate keeps a DistinctSet */
    Arena *arena;            /* strings of the state */
    StrHeap strings;
    uint32_t round;          /* acc_update calls so far (for stamps) */
    int64_t overflows;       /* sums gone out of range, not yet reported */
    uint32_t rows2[BATCH_CAP], gids2[BATCH_CAP], zeros[BATCH_CAP];
} AccSet;

/* Set up the state of calls[0..n) (copied); -1 with ctx->diag filled when
 * an argument type does not suit its aggregate (the set is then freed). */
int acc_init(AccSet *a, ExecCtx *ctx, const AggCall *calls, int n);
void acc_free(AccSet *a);

/* Room for groups [0, need). */
void acc_reserve(AccSet *a, size_t need);
/* Zero the state of groups [from, to) (to <= capacity). */
void acc_reset(AccSet *a, uint32_t from, uint32_t to);

/* Add the rows rows[k] of `in` (physical indices) to groups gids[k],
 * k < n, for every aggregate. Arguments are evaluated over in's selection
 * (which must cover the rows). */
void acc_update(AccSet *a, const ExprCtx *ectx, Batch *in, const uint32_t *rows,
                const uint32_t *gids, uint32_t n);

/* Aggregate i of groups gids[0..n) as rows 0..n-1 of out (of the call's
 * result type; NULL bitmaps in `arena`, strings by reference). */
void acc_emit(const AccSet *a, int i, const uint32_t *gids, uint32_t n, Vector *out,
              Arena *arena);

/* Fold group src into dst (everything but DISTINCT sets). */
void acc_merge(AccSet *a, uint32_t dst, uint32_t src);
/* Move every DISTINCT value of a group g with fwd[g] != g (g < n_groups)
 * to group fwd[g], and add to fwd[g]'s count/sum/avg the values it had
 * not seen. Costs one pass over each set. */
void acc_merge_distinct(AccSet *a, const uint32_t *fwd, uint32_t n_groups);

/* After renumbering groups by map (old id -> new id or AGG_GROUP_NONE,
 * new ids never above old ones, old_size entries): move the state, drop
 * removed groups' DISTINCT values, move live strings to a fresh arena. */
void acc_compact(AccSet *a, const uint32_t *map, uint32_t old_size, uint32_t live);
/* Drop every group's state (the arrays are kept). */
void acc_clear(AccSet *a);

/* Bytes held for `groups` groups. */
size_t acc_bytes(const AccSet *a);

/* "count", "sum", ... and "count(DISTINCT x), sum(y)" for EXPLAIN. */
const char *acc_kind_name(AggKind k);
void acc_describe(const AccSet *a, StrBuf *out);

#endif
