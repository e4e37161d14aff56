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
    /* Index of a key whose value closes the group when the watermark
     * reaches it: the window end (window(...), TUMBLE/HOP) or the
     * watermarked event-time column itself. -1 if none. With a close key
     * and ctx->watermark != WATERMARK_NONE, outside COMPLETE mode:
     *  - a row whose close-key value is <= ctx->watermark_late when it arrives
     *    is late: dropped and counted (OpMetrics.rows_dropped_late);
     *  - at flush, groups whose close key is <= ctx->watermark are final:
     *    APPEND emits them (ROW_INSERT) and evicts them, UPDATE evicts them
     *    (after emitting this batch's changes).
     * At end of input (ctx->end_of_input) every group is final. */
    int close_key;
    /* Index of a key whose value follows from the close key's (the start
     * of a fixed-size window whose end is the close key), or -1: the group
     * table need not hash or compare it. */
    int start_key;
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

/* ---- windows (window.c, session.c) --------------------------------- */

/* window.c: appends window_start and window_end (TIMESTAMP) to every row,
 * once for each window that contains the row's time: windows of `size`
 * starting every `slide` (slide == size: tumbling), aligned so that
 * start = offset + k * slide for integer k (the Unix epoch when offset is
 * 0); size need not be a multiple of slide. A row whose time is NULL is
 * dropped (its window would be NULL). Output = input columns +
 * window_start + window_end. */
Op *op_window_new(ExecCtx *ctx, Op *next, const Schema *in, Expr *time,
                  int64_t size_us, int64_t slide_us, int64_t offset_us,
                  const Schema *out);

typedef struct SessionConfig {
    Expr **keys;          /* partition keys (the other GROUP BY keys) */
    int n_keys;
    Expr *time;           /* TIMESTAMP: event time (or processing time) */
    Expr *gap;            /* INTERVAL; constant or per row (dynamic gap);
                             a row with a NULL or non-positive gap is dropped */
    AggCall *aggs;
    int n_aggs;
    bool watermarked;     /* time is a watermarked event time: sessions
                             close when the watermark passes their end */
} SessionConfig;

/* session.c: session-window aggregation (Spark's session_window). Per
 * partition key, rows whose times are at most `gap` apart (row time +
 * its gap reaching the next row's time) form one session [first time,
 * last time + gap); a new row can extend a session or bridge two, which merges them
 * (with their aggregate states). Output schema `out`: the keys, then
 * session_start, session_end (TIMESTAMP), then the aggregates. Emission
 * by ctx->mode as for op_agg_new: COMPLETE every session, UPDATE the
 * sessions changed this micro-batch (a session merged away into another
 * is emitted as ROW_DELETE with its old bounds first), APPEND the
 * sessions the watermark closed (end <= watermark) or all at end of
 * input. Rows whose session end (time + gap) <= watermark on arrival are
 * late: dropped and counted. Closed sessions are evicted outside COMPLETE. */
Op *op_session_new(ExecCtx *ctx, Op *next, const Schema *in,
                   const SessionConfig *cfg, const Schema *out);

/* ---- joins (join_static.c, join_stream.c) -------------------------- */

typedef enum JoinType {
    JOIN_TYPE_INNER, JOIN_TYPE_LEFT, JOIN_TYPE_RIGHT, JOIN_TYPE_FULL,
    JOIN_TYPE_LEFT_SEMI,
} JoinType;

/* A stored join row is dead once its `column` + offset_us < watermark,
 * or <= watermark when `strict` (from a strict comparison in ON: as in
 * Spark, a future row of the other side is only known to be >= the
 * watermark, so `L > R + d` rules out every future R once L - d <= W). */
enum { JOIN_MAX_EXPIRY = 8 };
typedef struct JoinExpiry {
    int column;
    int64_t offset_us;
    bool strict;
} JoinExpiry;

typedef struct JoinConfig {
    JoinType type;
    int n_keys;             /* equality keys (0: nested loop) */
    Expr **left_keys;       /* over the left input */
    Expr **right_keys;      /* over the right input */
    Expr *residual;         /* other ON conditions over the joined row
                               (left columns, then right columns); NULL */
    /* Stream-stream state bounds, from the ON clause (join_stream.c).
     * Time columns: a side's rows with it <= the watermark of the
     * previous batch are late and dropped (Spark: eventTime <=
     * watermark), so its future rows have it > the watermark; the column
     * the other side's terms rely on, else the side's watermarked event
     * time column; -1 when neither. Expiry terms: a stored row of a side
     * is dead once column + offset_us < watermark (<= when strict) for
     * any one of its terms. */
    int left_time, right_time;
    JoinExpiry left_expiry[JOIN_MAX_EXPIRY], right_expiry[JOIN_MAX_EXPIRY];
    int n_left_expiry, n_right_expiry;
    /* Both ends bound the time pair (an optimisation of the probe):
     *   right.time + lower_us <= left.time <= right.time + upper_us
     * (BETWEEN, >=, <=, or equal windows: lower = upper = 0). */
    bool has_time_bound;
    int64_t lower_us, upper_us;
} JoinConfig;

/* join_static.c: a join with one static side, read completely before the
 * query starts and given as rows (`table`, rows of the static input's
 * schema; the join keeps a reference, the caller keeps it alive).
 * static_side is 0 (left) or 1 (right). Hash join on the equality keys
 * (NULL keys never match), nested loop when n_keys == 0; the residual is
 * applied to candidate pairs. Supports every type whose preserved side is
 * the stream or that preserves only the static side as allowed by
 * Spark's matrix: stream LEFT/INNER/LEFT SEMI static, static RIGHT/INNER
 * stream; for static-static joins (both bounded) every type, the static
 * side being the right one. Output: left columns then right columns
 * (LEFT SEMI: left columns only), unmatched preserved rows padded with
 * NULLs. Stateless across micro-batches (ROW_INSERT). */
struct RowStore;
Op *op_join_static_new(ExecCtx *ctx, Op *next, const Schema *left,
                       const Schema *right, const JoinConfig *cfg,
                       int static_side, const struct RowStore *table,
                       const Schema *out);

/* join_stream.c: a symmetric hash join of two streams. Both sides are
 * buffered in state keyed by the equality keys; each pushed row is joined
 * against the other side's state (inner matches emitted at once,
 * ROW_INSERT). With a watermark, stored rows whose expiry terms say they
 * can no longer match are evicted at flush, outer rows that never
 * matched are emitted with NULLs when evicted, and input rows older than
 * the watermark on a time column are dropped as late. A side without
 * expiry terms (INNER only, for a preserved side) grows. At end of input
 * every pending outer row is emitted. Fails (NULL, diag) on an invalid
 * config.
 * Inputs arrive through two adapter operators: */
Op *op_join_stream_new(ExecCtx *ctx, Op *next, const Schema *left,
                       const Schema *right, const JoinConfig *cfg,
                       const Schema *out);
/* The operator to push side `side` (0 left, 1 right) into. Each adapter
 * receives that side's flush; the join flushes downstream once both
 * sides have flushed in a micro-batch. */
Op *op_join_stream_input(Op *join, int side);

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
/* whole_query: count over the whole query (a stream's LIMIT) and set
 * ctx->query_done once `limit` rows went by; else per micro-batch. */
Op *op_limit_new(ExecCtx *ctx, Op *next, const Schema *in, int64_t limit, bool whole_query);

/* ---- sinks (sink.c) --------------------------------------------- */

struct Renderer;
/* Hands every pushed batch to the renderer; at flush ends the renderer's
 * micro-batch (which prints and flushes). The exec loop calls
 * render_begin at the start of each micro-batch. */
Op *op_sink_new(ExecCtx *ctx, struct Renderer *r, const Schema *in);
/* The static side of a join: every row pushed is kept in `rows` (which
 * the caller owns), read completely before the query starts. */
Op *op_collect_new(ExecCtx *ctx, struct RowStore *rows, const Schema *in);
/* INSERT INTO: rows go to a sink writer, committed at every flush. */
struct SinkWriter;
Op *op_sink_writer_new(ExecCtx *ctx, struct SinkWriter *w, const char *name, const Schema *in);

#endif
