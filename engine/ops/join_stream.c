/* join_stream — symmetric hash join of two streams (StreamJoin).
 *
 * Each side keeps the rows it has seen: a RowStore, a JoinTable on the
 * equality keys (none: nested loop over the side's rows), and per row two
 * flags (matched, dead), its expiry (with expiry terms) and its time
 * (with a time-pair bound). A batch arriving on one side
 *
 *   1. drops its late rows (time column <= ctx->watermark_late, Spark's
 *      eventTime <= watermark; the time column is the one the other
 *      side's expiry relies on, else the side's watermarked event time),
 *   2. probes the other side's state: candidate pairs that pass the time
 *      pair bound are materialised a BATCH_CAP chunk at a time as joined
 *      rows (left columns, then right), filtered by the residual, pushed,
 *   3. is added to its own side's state.
 *
 * So every matching pair is emitted exactly once, in the batch where its
 * second row arrives. Rows that can never match (a NULL key, a NULL time
 * or expiry column: the ON conjunct reading it is never true; or a
 * conjunct of the residual that reads only this side's columns is not
 * true, Spark's early state exclusion) are not stored: on a preserved
 * side they are emitted padded with NULLs at once, else dropped.
 *
 * Eviction (the analyzer derives the terms, see analyze_join.c): a row's
 * expiry is the least `column + offset` over its side's terms (less 1 us
 * for a strict term); with the watermark W (ctx->watermark, at flush) it
 * is dead once expiry < W, as every future row of the other side has its
 * time column >= W (Spark's state watermark; in fact > W). The flush
 * after both inputs flushed marks dead rows, emits the unmatched ones of
 * a preserved side (LEFT: left, RIGHT: right, FULL: both) padded with
 * NULLs, and rebuilds a side's store and index when dead rows outnumber
 * live ones. LEFT SEMI emits a left row the first time it matches and
 * then forgets it. At end of input every unmatched preserved row is
 * emitted and the state cleared. A side without terms (INNER only for a
 * preserved side, by Spark's matrix) is never evicted.
 *
 * Inputs come through two adapter operators (op_join_stream_input); the
 * join flushes downstream once both have flushed in a micro-batch. */
#include <stdlib.h>
#include <string.h>

#include "engine/base/mem.h"
#include "join_table.h"
#include "join_describe.h"
#include "ops.h"
#include "engine/state/rowstore.h"

enum { F_MATCHED = 1, F_DEAD = 2, COMPACT_MIN = 256, JOIN_SIDE_FILTERS = 8 };

typedef struct StreamJoin StreamJoin;

typedef struct Adapter {
    Op base;
    StreamJoin *join;
    int side;
} Adapter;

typedef struct Side {
    int n_cols, off;          /* columns, and where they start in a joined row */
    Type *types;
    Expr **keys;
    int time_col;             /* late rows dropped against it; -1: none */
    const JoinExpiry *terms;  /* expiry terms over this side's columns */
    int n_terms;
    bool keep;                /* preserved: unmatched rows emitted padded */
    RowStore *rows;
    JoinTable *index;         /* NULL: nested loop */
    int64_t *time;            /* per row, with a time-pair bound */
    int64_t *expiry;          /* per row, with terms */
    uint8_t *flags;           /* per row: F_MATCHED, F_DEAD */
    size_t time_cap, expiry_cap, flags_cap;
    size_t live, dead;
    int64_t min_expiry;       /* <= the expiry of every live row */
    bool flushed;             /* its adapter flushed this micro-batch */
    Expr *only[JOIN_SIDE_FILTERS];  /* ON conjuncts over this side alone,
                                       on its own columns */
    int n_only;
    Adapter in;
} Side;

struct StreamJoin {
    Op base;
    JoinConfig cfg;
    bool semi;
    Side side[2];
    Type *pair_types;
    int n_pair;
    JoinKeys *keys;           /* keys of the batch being pushed or rebuilt */
    Vector *key_scratch;
    const Vector **key_vecs;
    int64_t dropped_late;
    Arena *out_arena;         /* output batches, reset after each push */
    Arena *tmp_arena;         /* rebuild scratch */
    /* Per push. */
    uint32_t pair_new[BATCH_CAP];   /* selected-row number k in the pushed batch */
    uint32_t pair_old[BATCH_CAP];   /* row of the other side's state */
    uint32_t rows[BATCH_CAP], ks[BATCH_CAP], ids[BATCH_CAP];
    uint8_t matched[BATCH_CAP];
    uint8_t unmatchable[BATCH_CAP];
    int64_t new_time[BATCH_CAP];
    int64_t new_expiry[BATCH_CAP];
};

static inline int64_t sat_add(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r)) return b > 0 ? INT64_MAX : INT64_MIN;
    return r;
}

/* right.time + lower <= left.time <= right.time + upper */
static inline bool in_bound(const JoinConfig *c, int64_t lt, int64_t rt)
{
    return sat_add(rt, c->lower_us) <= lt && lt <= sat_add(rt, c->upper_us);
}

static Batch *new_pair_batch(StreamJoin *j)
{
    return batch_new(j->out_arena, j->pair_types, j->n_pair);
}

static OpStatus emit(StreamJoin *j, Batch *out)
{
    OpStatus st = OP_OK;
    out->kind = ROW_INSERT;
    if (out->n_sel > 0) st = op_push(j->base.next, out);
    arena_reset(j->out_arena);
    return st;
}

/* Rows rows[0..n) of side s's state, the other side NULL (semi: left
 * columns only, which is the same batch shape cut short). */
static OpStatus emit_stored(StreamJoin *j, int s, const uint32_t *rows, uint32_t n)
{
    Side *sd = &j->side[s];
    Batch *out = new_pair_batch(j);
    join_out_from_store(out, sd->off, sd->rows, rows, n);
    if (j->semi) out->n_cols = sd->n_cols;
    else join_out_nulls(out, j->side[1 - s].off, j->side[1 - s].n_cols, n);
    out->n_rows = out->n_sel = n;
    return emit(j, out);
}

/* Rows rows[0..n) (physical) of a pushed batch of side s, the other side
 * NULL (semi: left columns only). */
static OpStatus emit_new(StreamJoin *j, int s, const Batch *in, const uint32_t *rows, uint32_t n)
{
    Side *sd = &j->side[s];
    Batch *out = new_pair_batch(j);
    join_out_from_batch(out, sd->off, in, rows, n);
    if (j->semi) out->n_cols = sd->n_cols;
    else join_out_nulls(out, j->side[1 - s].off, j->side[1 - s].n_cols, n);
    out->n_rows = out->n_sel = n;
    return emit(j, out);
}

/* ---- push ------------------------------------------------------------------ */

static inline bool cell_time(const Vector *v, uint32_t r, int64_t *out)
{
    uint32_t i = v->is_const ? 0 : r;
    if (vec_is_null(v, i)) return false;
    *out = VEC_I64(v)[i];
    return true;
}

/* A row's expiry: the least column + offset over the terms; false if a
 * term's column is NULL. */
static bool row_expiry(const Side *sd, const Batch *in, uint32_t r, int64_t *out)
{
    int64_t e = INT64_MAX, v;
    for (int i = 0; i < sd->n_terms; i++) {
        if (!cell_time(&in->cols[sd->terms[i].column], r, &v)) return false;
        v = sat_add(v, sd->terms[i].offset_us);
        if (sd->terms[i].strict && v > INT64_MIN) v--;   /* dead at == W: < W once less 1 */
        if (v < e) e = v;
    }
    *out = e;
    return true;
}

/* Drop late rows (narrowing in->sel), note each row's time and expiry,
 * and mark unmatchable the rows with one of those columns NULL. */
static void prepare_rows(StreamJoin *j, Side *sd, Batch *in)
{
    const Vector *tv = sd->time_col >= 0 ? &in->cols[sd->time_col] : NULL;
    const int64_t wm = op_watermark_late(&j->base);
    /* The time column is in ON when the other side's expiry or the time
     * pair bound reads it (a NULL there never matches); otherwise it
     * only judges lateness, and a NULL time is not late. */
    const bool in_on = j->cfg.has_time_bound || j->side[sd == &j->side[0]].n_terms > 0;
    uint32_t *sel = arena_alloc(in->arena, sizeof(uint32_t) * in->n_sel);
    uint32_t m = 0;
    for (uint32_t k = 0; k < in->n_sel; k++) {
        uint32_t r = batch_row(in, k);
        int64_t t = 0, e = INT64_MAX;
        bool has_t = tv && cell_time(tv, r, &t);
        bool ok = !tv || has_t || !in_on;
        if (has_t && wm != WATERMARK_NONE && t <= wm) {
            j->dropped_late++;
            continue;
        }
        ok = ok && row_expiry(sd, in, r, &e);
        j->unmatchable[m] = !ok;
        j->new_time[m] = t;
        j->new_expiry[m] = e;
        sel[m++] = r;
    }
    in->sel = sel;
    in->n_sel = m;
}

/* Materialise n candidate pairs (new row of side s, stored row of the
 * other side), apply the residual, record matches, and push the joined
 * rows (semi: the newly matched stored left rows, or nothing). */
static OpStatus join_pairs(StreamJoin *j, int s, Batch *in, uint32_t n)
{
    Side *sd = &j->side[s], *od = &j->side[1 - s];
    Batch *out = new_pair_batch(j);
    for (uint32_t i = 0; i < n; i++) j->rows[i] = batch_row(in, j->pair_new[i]);
    join_out_from_batch(out, sd->off, in, j->rows, n);
    join_out_from_store(out, od->off, od->rows, j->pair_old, n);
    out->n_rows = out->n_sel = n;
    out->sel = NULL;
    if (j->cfg.residual) expr_filter(&j->base.ctx->expr, j->cfg.residual, out);
    uint32_t m = 0;       /* semi, new right rows: stored left rows matched first now */
    for (uint32_t i = 0; i < out->n_sel; i++) {
        uint32_t p = batch_row(out, i), old = j->pair_old[p];
        j->matched[j->pair_new[p]] = 1;
        if (j->semi && s == 1 && !(od->flags[old] & F_MATCHED)) {
            od->flags[old] |= F_MATCHED | F_DEAD;     /* emitted once, then useless */
            od->live--;
            od->dead++;
            j->ids[m++] = old;
        }
        od->flags[old] |= F_MATCHED;
    }
    if (!j->semi) return emit(j, out);
    arena_reset(j->out_arena);
    return m ? emit_stored(j, 0, j->ids, m) : OP_OK;
}

static inline uint32_t first_candidate(const StreamJoin *j, const Side *od, uint32_t k)
{
    if (od->index) return join_table_find(od->index, j->keys, k);
    return rowstore_count(od->rows) > 0 ? 0 : JOIN_NONE;
}

static inline uint32_t next_candidate(const Side *od, uint32_t row)
{
    if (od->index) return join_table_next(od->index, row);
    return row + 1 < rowstore_count(od->rows) ? row + 1 : JOIN_NONE;
}

/* Probe the other side's state with every matchable row of `in`. */
static OpStatus probe(StreamJoin *j, int s, Batch *in)
{
    const Side *od = &j->side[1 - s];
    const bool bound = j->cfg.has_time_bound;
    OpStatus st = OP_OK;
    uint32_t np = 0;
    if (od->live == 0) return OP_OK;
    for (uint32_t k = 0; k < in->n_sel && st == OP_OK; k++) {
        if (j->unmatchable[k]) continue;
        const int64_t t = j->new_time[k];
        for (uint32_t row = first_candidate(j, od, k); row != JOIN_NONE;
             row = next_candidate(od, row)) {
            if (od->flags[row] & F_DEAD) continue;
            if (bound && !(s == 0 ? in_bound(&j->cfg, t, od->time[row])
                                  : in_bound(&j->cfg, od->time[row], t)))
                continue;
            if (np == BATCH_CAP) {
                st = join_pairs(j, s, in, np);
                np = 0;
                if (st != OP_OK) break;
            }
            j->pair_new[np] = k;
            j->pair_old[np] = row;
            np++;
        }
    }
    if (np > 0 && st == OP_OK) st = join_pairs(j, s, in, np);
    return st;
}

static void grow_side(const StreamJoin *j, Side *sd, size_t need)
{
    sd->flags = xgrow(sd->flags, &sd->flags_cap, need, 1);
    if (j->cfg.has_time_bound) sd->time = xgrow(sd->time, &sd->time_cap, need, sizeof(int64_t));
    if (sd->n_terms) sd->expiry = xgrow(sd->expiry, &sd->expiry_cap, need, sizeof(int64_t));
}

/* Add the pushed rows that can still match to side s's state. */
static void store(StreamJoin *j, int s, const Batch *in)
{
    Side *sd = &j->side[s];
    const bool semi_left = j->semi && s == 0;
    const uint32_t base = (uint32_t)rowstore_count(sd->rows);
    uint32_t m = 0;
    for (uint32_t k = 0; k < in->n_sel; k++) {
        if (j->unmatchable[k] || (semi_left && j->matched[k])) continue;
        j->ks[m] = k;
        j->rows[m] = batch_row(in, k);
        j->ids[m] = base + m;
        m++;
    }
    if (m == 0) return;
    rowstore_append_rows(sd->rows, in, j->rows, m);
    if (sd->index) join_table_insert(sd->index, j->keys, j->ks, j->ids, m);
    grow_side(j, sd, (size_t)base + m);
    for (uint32_t i = 0; i < m; i++) {
        uint32_t k = j->ks[i];
        sd->flags[base + i] = j->matched[k] ? F_MATCHED : 0;
        if (sd->time) sd->time[base + i] = j->new_time[k];
        if (sd->expiry) {
            sd->expiry[base + i] = j->new_expiry[k];
            if (j->new_expiry[k] < sd->min_expiry) sd->min_expiry = j->new_expiry[k];
        }
    }
    sd->live += m;
}

/* Mark unmatchable the selected rows (numbered as in->sel) that fail
 * one of the side's own conjuncts of ON. */
static void exclude_rows(StreamJoin *j, Side *sd, Batch *in)
{
    const uint32_t n = in->n_sel;
    uint32_t *orig = arena_alloc(in->arena, sizeof(uint32_t) * n);
    for (uint32_t k = 0; k < n; k++) orig[k] = batch_row(in, k);
    Batch tmp = *in;
    tmp.sel = arena_alloc(in->arena, sizeof(uint32_t) * n);
    memcpy(tmp.sel, orig, sizeof(uint32_t) * n);
    for (int i = 0; i < sd->n_only && tmp.n_sel > 0; i++)
        expr_filter(&j->base.ctx->expr, sd->only[i], &tmp);
    uint32_t p = 0;
    for (uint32_t k = 0; k < n; k++) {
        if (p < tmp.n_sel && batch_row(&tmp, p) == orig[k]) p++;
        else j->unmatchable[k] = 1;
    }
}

static OpStatus push_side(StreamJoin *j, int s, Batch *in)
{
    Side *sd = &j->side[s];
    if (in->n_sel == 0) return OP_OK;
    if (sd->time_col >= 0 || sd->n_terms > 0) {
        prepare_rows(j, sd, in);
        if (in->n_sel == 0) return OP_OK;
    } else {
        memset(j->unmatchable, 0, in->n_sel);
    }
    memset(j->matched, 0, in->n_sel);
    if (sd->n_only > 0) exclude_rows(j, sd, in);
    if (sd->index) {
        for (int c = 0; c < j->cfg.n_keys; c++)
            j->key_vecs[c] = join_eval(&j->base.ctx->expr, sd->keys[c], in, &j->key_scratch[c]);
        join_keys_load(j->keys, in, j->key_vecs);
        for (uint32_t k = 0; k < in->n_sel; k++) j->unmatchable[k] |= j->keys->null[k];
    }

    OpStatus st = probe(j, s, in);
    if (st != OP_OK) return st;
    store(j, s, in);

    /* Newly matched semi left rows go out once; unmatchable preserved
     * rows go out padded now. */
    uint32_t m = 0;
    for (uint32_t k = 0; k < in->n_sel; k++) {
        bool out = j->semi ? s == 0 && j->matched[k] : sd->keep && j->unmatchable[k];
        if (out) j->rows[m++] = batch_row(in, k);
    }
    return m ? emit_new(j, s, in, j->rows, m) : OP_OK;
}

/* ---- flush: eviction, end of input, compaction ----------------------------- */

/* Rebuild side s's store and index from its live rows. */
static void compact(StreamJoin *j, int s)
{
    Side *sd = &j->side[s];
    RowStore *fresh = rowstore_new(sd->types, sd->n_cols);
    const size_t n = rowstore_count(sd->rows);
    if (sd->index) join_table_clear(sd->index);
    size_t row = 0, w = 0;
    sd->min_expiry = INT64_MAX;
    while (row < n) {
        uint32_t m = 0;
        for (; row < n && m < BATCH_CAP; row++) {
            if (sd->flags[row] & F_DEAD) continue;
            j->rows[m++] = (uint32_t)row;
        }
        if (m == 0) break;
        Batch *b = batch_new(j->tmp_arena, sd->types, sd->n_cols);
        rowstore_fill(sd->rows, j->rows, m, b);
        rowstore_append(fresh, b);
        for (uint32_t i = 0; i < m; i++, w++) {     /* w <= rows[i]: in place */
            sd->flags[w] = sd->flags[j->rows[i]];
            if (sd->time) sd->time[w] = sd->time[j->rows[i]];
            if (sd->expiry) {
                sd->expiry[w] = sd->expiry[j->rows[i]];
                if (sd->expiry[w] < sd->min_expiry) sd->min_expiry = sd->expiry[w];
            }
        }
        if (sd->index) {
            for (int c = 0; c < j->cfg.n_keys; c++)
                j->key_vecs[c] = join_eval(&j->base.ctx->expr, sd->keys[c], b, &j->key_scratch[c]);
            join_keys_load(j->keys, b, j->key_vecs);
            uint32_t q = 0;
            for (uint32_t k = 0; k < m; k++)
                if (!j->keys->null[k]) {
                    j->ks[q] = k;
                    j->ids[q++] = (uint32_t)(w - m + k);
                }
            join_table_insert(sd->index, j->keys, j->ks, j->ids, q);
        }
        arena_reset(j->tmp_arena);
    }
    rowstore_free(sd->rows);
    sd->rows = fresh;
    sd->live = w;
    sd->dead = 0;
}

static void clear_side(Side *sd)
{
    rowstore_clear(sd->rows);
    if (sd->index) join_table_clear(sd->index);
    sd->live = sd->dead = 0;
    sd->min_expiry = INT64_MAX;
}

/* Mark dead the live rows of side s with expiry < limit (all live rows
 * when `all`), emitting the unmatched ones of a preserved side. */
static OpStatus evict(StreamJoin *j, int s, int64_t limit, bool all)
{
    Side *sd = &j->side[s];
    if (sd->live == 0 || (!all && sd->min_expiry >= limit)) return OP_OK;
    const bool pad = sd->keep && !j->semi;
    const size_t n = rowstore_count(sd->rows);
    int64_t min_left = INT64_MAX;
    uint32_t m = 0;
    OpStatus st = OP_OK;
    for (size_t row = 0; row < n && st == OP_OK; row++) {
        uint8_t *f = &sd->flags[row];
        if (*f & F_DEAD) continue;
        if (!all && sd->expiry[row] >= limit) {
            if (sd->expiry[row] < min_left) min_left = sd->expiry[row];
            continue;
        }
        *f |= F_DEAD;
        sd->live--;
        sd->dead++;
        if (pad && !(*f & F_MATCHED)) {
            j->rows[m++] = (uint32_t)row;
            if (m == BATCH_CAP) {
                st = emit_stored(j, s, j->rows, m);
                m = 0;
            }
        }
    }
    if (m > 0 && st == OP_OK) st = emit_stored(j, s, j->rows, m);
    sd->min_expiry = min_left;
    return st;
}

static OpStatus join_flush(StreamJoin *j)
{
    ExecCtx *ctx = j->base.ctx;
    OpStatus st = OP_OK;
    if (ctx->end_of_input) {
        for (int s = 0; s < 2 && st == OP_OK; s++) st = evict(j, s, 0, true);
        for (int s = 0; s < 2; s++) clear_side(&j->side[s]);
    } else if (op_watermark(&j->base) != WATERMARK_NONE) {
        for (int s = 0; s < 2 && st == OP_OK; s++)
            if (j->side[s].n_terms > 0) st = evict(j, s, op_watermark(&j->base), false);
    }
    if (st == OP_ERROR) return st;
    for (int s = 0; s < 2; s++) {
        Side *sd = &j->side[s];
        if (sd->live == 0 && sd->dead > 0) clear_side(sd);
        else if (sd->dead >= COMPACT_MIN && sd->dead >= sd->live) compact(j, s);
    }
    return op_flush(j->base.next);
}

/* ---- the adapters ------------------------------------------------------------ */

static OpStatus adapter_push(Op *op, Batch *in)
{
    Adapter *a = (Adapter *)op;
    return push_side(a->join, a->side, in);
}

static OpStatus adapter_flush(Op *op)
{
    Adapter *a = (Adapter *)op;
    StreamJoin *j = a->join;
    j->side[a->side].flushed = true;
    if (!j->side[0].flushed || !j->side[1].flushed) return OP_OK;
    j->side[0].flushed = j->side[1].flushed = false;
    return join_flush(j);
}

static void adapter_describe(const Op *op, StrBuf *out)
{
    sb_puts(out, ((const Adapter *)op)->side ? "right input" : "left input");
}

static const OpVtab adapter_vtab = {
    .name = "StreamJoinInput",
    .push = adapter_push,
    .flush = adapter_flush,
    .describe = adapter_describe,
};

Op *op_join_stream_input(Op *join, int side)
{
    return &((StreamJoin *)join)->side[side ? 1 : 0].in.base;
}

/* ---- the operator ------------------------------------------------------------ */

static OpStatus stream_push(Op *op, Batch *in)
{
    (void)op;
    (void)in;
    return OP_OK;   /* input arrives through the adapters */
}

static OpStatus stream_flush(Op *op)
{
    return join_flush((StreamJoin *)op);
}

static void stream_describe(const Op *op, StrBuf *out)
{
    const StreamJoin *j = (const StreamJoin *)op;
    sb_printf(out, "%s, ", join_type_name(j->cfg.type));
    join_describe_on(&j->cfg, out);
    join_describe_state(&j->cfg, &j->side[0].in.base.out, &j->side[1].in.base.out, out);
}

static void stream_metrics(const Op *op, OpMetrics *m)
{
    const StreamJoin *j = (const StreamJoin *)op;
    m->state_rows = 0;
    m->state_bytes = 0;
    for (int s = 0; s < 2; s++) {
        const Side *sd = &j->side[s];
        m->state_rows += (int64_t)sd->live;
        m->state_bytes += (int64_t)(rowstore_bytes(sd->rows) + sd->flags_cap +
                                    (sd->time_cap + sd->expiry_cap) * sizeof(int64_t) +
                                    (sd->index ? join_table_bytes(sd->index) : 0));
    }
    m->rows_dropped_late = j->dropped_late;
}

/* Bounded when the rows of both sides can die. */
static bool stream_bounded(const Op *op)
{
    const StreamJoin *j = (const StreamJoin *)op;
    return j->side[0].n_terms > 0 && j->side[1].n_terms > 0;
}

/* For EXPLAIN's warning: the side whose rows no expiry term bounds. */
static const char *stream_growing(const Op *op)
{
    const StreamJoin *j = (const StreamJoin *)op;
    bool left = j->side[0].n_terms > 0, right = j->side[1].n_terms > 0;
    return left && right ? NULL
           : left        ? "the right rows of the join"
           : right       ? "the left rows of the join"
                         : "the rows of both sides of the join";
}

static void stream_destroy(Op *op)
{
    StreamJoin *j = (StreamJoin *)op;
    for (int s = 0; s < 2; s++) {
        Side *sd = &j->side[s];
        rowstore_free(sd->rows);
        join_table_free(sd->index);
        free(sd->time);
        free(sd->expiry);
        free(sd->flags);
    }
    join_keys_free(j->keys);
    arena_free(j->out_arena);
    arena_free(j->tmp_arena);
}

static const OpVtab stream_vtab = {
    .name = "StreamJoin",
    .stateful = true,
    .emits_at_end = true,
    .push = stream_push,
    .flush = stream_flush,
    .describe = stream_describe,
    .metrics = stream_metrics,
    .bounded = stream_bounded,
    .growing = stream_growing,
    .destroy = stream_destroy,
};

static void init_side(StreamJoin *j, int s, const Schema *in, Expr **keys, int time_col,
                      const JoinExpiry *terms, int n_terms, bool keep, int off)
{
    ExecCtx *ctx = j->base.ctx;
    Side *sd = &j->side[s];
    sd->n_cols = in->n;
    sd->off = off;
    sd->types = ARENA_ARRAY(ctx->arena, Type, in->n + 1);
    for (int c = 0; c < in->n; c++) sd->types[c] = in->cols[c].type;
    sd->keys = keys;
    sd->time_col = time_col;
    sd->terms = terms;
    sd->n_terms = n_terms;
    sd->keep = keep;
    sd->rows = rowstore_new(sd->types, in->n);
    if (j->cfg.n_keys > 0) sd->index = join_table_new(j->keys);
    sd->min_expiry = INT64_MAX;
    sd->in.base.vt = &adapter_vtab;
    sd->in.base.next = &j->base;
    sd->in.base.ctx = ctx;
    sd->in.base.out = *in;
    sd->in.join = j;
    sd->in.side = s;
}

static bool timestamp_col(const Schema *s, int c)
{
    return c >= 0 && c < s->n && s->cols[c].type == TYPE_TIMESTAMP;
}

/* The conjuncts of the residual (over left columns, then right ones) that
 * read only one side, remapped to that side's columns: a row failing one
 * can never match. They stay in the residual too. */
static void add_side_filter(StreamJoin *j, const Expr *c, int nl, int nr)
{
    const int n = nl + nr;
    bool *used = ARENA_ARRAY(j->base.ctx->arena, bool, n > 0 ? n : 1);
    expr_columns_used(c, used, n);
    int sides = 0;
    for (int i = 0; i < n; i++)
        if (used[i]) sides |= i < nl ? 1 : 2;
    if (sides != 1 && sides != 2) return;
    Side *sd = &j->side[sides - 1];
    if (sd->n_only >= JOIN_SIDE_FILTERS) return;    /* fewer exclusions: still correct */
    int *map = ARENA_ARRAY(j->base.ctx->arena, int, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) map[i] = sides == 1 ? (i < nl ? i : -1) : (i < nl ? -1 : i - nl);
    sd->only[sd->n_only++] = expr_remap(j->base.ctx->arena, c, map);
}

static void side_filters(StreamJoin *j, const Expr *residual, int nl, int nr)
{
    if (residual->kind == EXPR_AND) {
        for (int i = 0; i < residual->n_args; i++) side_filters(j, residual->args[i], nl, nr);
        return;
    }
    add_side_filter(j, residual, nl, nr);
}

static bool valid_terms(const JoinExpiry *t, int n, const Schema *s)
{
    if (n < 0 || n > JOIN_MAX_EXPIRY) return false;
    for (int i = 0; i < n; i++)
        if (!timestamp_col(s, t[i].column)) return false;
    return true;
}

/* Terms over TIMESTAMP columns; a side with terms needs the other side's
 * time column; a time-pair bound needs both (lower > upper: no pair
 * matches, which the probe handles). */
static bool valid_bounds(const JoinConfig *c, const Schema *l, const Schema *r)
{
    if (c->left_time >= 0 && !timestamp_col(l, c->left_time)) return false;
    if (c->right_time >= 0 && !timestamp_col(r, c->right_time)) return false;
    if (!valid_terms(c->left_expiry, c->n_left_expiry, l) ||
        !valid_terms(c->right_expiry, c->n_right_expiry, r))
        return false;
    if ((c->n_left_expiry && c->right_time < 0) || (c->n_right_expiry && c->left_time < 0))
        return false;
    return !c->has_time_bound || (c->left_time >= 0 && c->right_time >= 0);
}

Op *op_join_stream_new(ExecCtx *ctx, Op *next, const Schema *left, const Schema *right,
                       const JoinConfig *cfg, const Schema *out)
{
    const JoinType t = cfg->type;
    const bool semi = t == JOIN_TYPE_LEFT_SEMI;
    if (out->n != left->n + (semi ? 0 : right->n)) {
        diag_error(ctx->diag, SPAN_NONE, "join output has %d columns, expected %d", out->n,
                   left->n + (semi ? 0 : right->n));
        return NULL;
    }
    if (!valid_bounds(cfg, left, right)) {
        diag_error(ctx->diag, SPAN_NONE, "invalid join time bound");
        return NULL;
    }
    Type *key_types = ARENA_ARRAY(ctx->arena, Type, cfg->n_keys + 1);
    if (join_key_types(ctx, cfg, key_types) < 0) return NULL;

    StreamJoin *j = ARENA_NEW(ctx->arena, StreamJoin);
    j->base.vt = &stream_vtab;
    j->base.next = next;
    j->base.ctx = ctx;
    j->base.out = *out;
    j->cfg = *cfg;
    j->semi = semi;
    j->n_pair = left->n + right->n;
    j->pair_types = ARENA_ARRAY(ctx->arena, Type, j->n_pair + 1);
    for (int c = 0; c < left->n; c++) j->pair_types[c] = left->cols[c].type;
    for (int c = 0; c < right->n; c++) j->pair_types[left->n + c] = right->cols[c].type;
    if (cfg->n_keys > 0) j->keys = join_keys_new(key_types, cfg->n_keys);
    j->key_scratch = ARENA_ARRAY(ctx->arena, Vector, cfg->n_keys + 1);
    j->key_vecs = ARENA_ARRAY(ctx->arena, const Vector *, cfg->n_keys + 1);
    j->out_arena = arena_new();
    j->tmp_arena = arena_new();
    init_side(j, 0, left, cfg->left_keys, cfg->left_time, j->cfg.left_expiry,
              cfg->n_left_expiry, t == JOIN_TYPE_LEFT || t == JOIN_TYPE_FULL, 0);
    init_side(j, 1, right, cfg->right_keys, cfg->right_time, j->cfg.right_expiry,
              cfg->n_right_expiry, t == JOIN_TYPE_RIGHT || t == JOIN_TYPE_FULL, left->n);
    if (cfg->residual) side_filters(j, cfg->residual, left->n, right->n);
    return &j->base;
}
