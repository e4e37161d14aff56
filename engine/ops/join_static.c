/* join_static — a join with one static side (StaticJoin).
 *
 * The static side's rows (a RowStore the caller keeps alive) are indexed
 * once at construction on the static key values (rows with a NULL key are
 * not indexed: they never match). Every pushed batch of the other input,
 * the probe side, then runs as one vectorized step:
 *
 *   load + hash the probe keys  ->  candidate pairs (probe row, static row),
 *   up to BATCH_CAP at a time   ->  materialise them as joined rows (left
 *   columns, then right)        ->  expr_filter the residual  ->  push.
 *
 * With no equality keys every static row is a candidate (nested loop).
 * Which probe rows matched is remembered for the batch, so LEFT (stream
 * left) and RIGHT (static left, stream right) pad the unmatched ones with
 * NULLs after the matches, and LEFT SEMI pushes each matched probe row
 * once, by narrowing the input batch's selection (no copy).
 *
 * Static-static joins (both inputs bounded; the static table is the right
 * side, the bounded left input is pushed through) support every type:
 * RIGHT and FULL keep a matched flag per static row across batches and
 * emit the static rows that never matched at the end-of-input flush. That
 * is the only state; otherwise the operator is stateless per micro-batch.
 *
 * Not here: refusing stream RIGHT/FULL static (the analyzer does that by
 * Spark's matrix; the constructor refuses what it cannot run). */
#include <stdlib.h>
#include <string.h>

#include "engine/base/mem.h"
#include "join_table.h"
#include "ops.h"
#include "engine/state/rowstore.h"

typedef struct StaticJoin {
    Op base;
    JoinConfig cfg;
    int static_side;            /* 0: static left, stream right; 1: the reverse */
    bool semi;
    bool keep_probe;            /* pad unmatched probe rows */
    bool keep_build;            /* pad unmatched static rows at end of input */
    const RowStore *table;
    size_t n_static;
    int n_left, n_right;
    int probe_off, build_off;   /* where each side's columns start in a joined row */
    int n_probe, n_build;
    Type *pair_types;           /* joined row: left then right */
    Expr **probe_keys;
    Vector *key_scratch;
    const Vector **key_vecs;
    JoinKeys *keys;             /* probe-side keys of the current batch */
    JoinTable *index;           /* static rows by key; NULL for a nested loop */
    uint8_t *build_matched;     /* keep_build: per static row */
    bool tail_done;             /* keep_build rows emitted */
    bool built;                 /* the index reflects the loaded table */
    Schema st_schema;           /* the static side, for building the index */
    Expr **st_keys;
    Arena *out_arena;           /* output batches, reset after each push */
    /* Per push: candidate pairs and which probe rows matched. */
    uint32_t pair_probe[BATCH_CAP];  /* selected-row number k in the probe batch */
    uint32_t pair_build[BATCH_CAP];  /* static row */
    uint32_t rows[BATCH_CAP];
    uint8_t matched[BATCH_CAP];
} StaticJoin;

static Batch *new_pair_batch(StaticJoin *j)
{
    return batch_new(j->out_arena, j->pair_types, j->n_left + j->n_right);
}

static OpStatus emit(StaticJoin *j, Batch *out)
{
    OpStatus st = OP_OK;
    out->kind = ROW_INSERT;
    if (out->n_sel > 0) st = op_push(j->base.next, out);
    arena_reset(j->out_arena);
    return st;
}

/* Materialise n candidate pairs, apply the residual, note the matches and
 * (unless semi) push the joined rows. */
static OpStatus join_pairs(StaticJoin *j, Batch *in, uint32_t n)
{
    Batch *out = new_pair_batch(j);
    for (uint32_t i = 0; i < n; i++) j->rows[i] = batch_row(in, j->pair_probe[i]);
    join_out_from_batch(out, j->probe_off, in, j->rows, n);
    join_out_from_store(out, j->build_off, j->table, j->pair_build, n);
    out->n_rows = out->n_sel = n;
    out->sel = NULL;
    if (j->cfg.residual) expr_filter(&j->base.ctx->expr, j->cfg.residual, out);
    for (uint32_t i = 0; i < out->n_sel; i++) {
        uint32_t p = batch_row(out, i);
        j->matched[j->pair_probe[p]] = 1;
        if (j->keep_build) j->build_matched[j->pair_build[p]] = 1;
    }
    if (j->semi) {
        arena_reset(j->out_arena);
        return OP_OK;
    }
    return emit(j, out);
}

static inline uint32_t first_candidate(const StaticJoin *j, uint32_t k)
{
    if (j->index) return join_table_find(j->index, j->keys, k);
    return j->n_static > 0 ? 0 : JOIN_NONE;
}

static inline uint32_t next_candidate(const StaticJoin *j, uint32_t row)
{
    if (j->index) return join_table_next(j->index, row);
    return row + 1 < j->n_static ? row + 1 : JOIN_NONE;
}

/* The probe rows that matched nothing, padded with NULLs. */
static OpStatus emit_unmatched_probe(StaticJoin *j, Batch *in)
{
    uint32_t m = 0;
    for (uint32_t k = 0; k < in->n_sel; k++)
        if (!j->matched[k]) j->rows[m++] = batch_row(in, k);
    if (m == 0) return OP_OK;
    Batch *out = new_pair_batch(j);
    join_out_from_batch(out, j->probe_off, in, j->rows, m);
    join_out_nulls(out, j->build_off, j->n_build, m);
    out->n_rows = out->n_sel = m;
    return emit(j, out);
}

/* LEFT SEMI: the matched probe rows, once each, in input order. */
static OpStatus emit_semi(StaticJoin *j, Batch *in)
{
    uint32_t *sel = arena_alloc(in->arena, sizeof(uint32_t) * (in->n_sel ? in->n_sel : 1));
    uint32_t m = 0;
    for (uint32_t k = 0; k < in->n_sel; k++)
        if (j->matched[k]) sel[m++] = batch_row(in, k);
    if (m == 0) return OP_OK;
    in->sel = sel;
    in->n_sel = m;
    in->kind = ROW_INSERT;
    return op_push(j->base.next, in);
}

static void ensure_built(StaticJoin *j);

static OpStatus static_push(Op *op, Batch *in)
{
    StaticJoin *j = (StaticJoin *)op;
    ensure_built(j);
    const uint32_t n = in->n_sel;
    if (n == 0) return OP_OK;
    memset(j->matched, 0, n);
    if (j->index) {
        for (int c = 0; c < j->cfg.n_keys; c++)
            j->key_vecs[c] = join_eval(&op->ctx->expr, j->probe_keys[c], in, &j->key_scratch[c]);
        join_keys_load(j->keys, in, j->key_vecs);
    }

    OpStatus st = OP_OK;
    if (j->semi && !j->cfg.residual) {
        /* Any candidate is a match: no pairs needed. */
        for (uint32_t k = 0; k < n; k++) j->matched[k] = first_candidate(j, k) != JOIN_NONE;
    } else {
        uint32_t np = 0;
        for (uint32_t k = 0; k < n && st == OP_OK; k++) {
            for (uint32_t row = first_candidate(j, k); row != JOIN_NONE;
                 row = next_candidate(j, row)) {
                if (np == BATCH_CAP) {
                    st = join_pairs(j, in, np);
                    np = 0;
                    if (st != OP_OK || (j->semi && j->matched[k])) break;
                }
                j->pair_probe[np] = k;
                j->pair_build[np] = row;
                np++;
            }
        }
        if (np > 0 && st == OP_OK) st = join_pairs(j, in, np);
    }
    if (st != OP_OK) return st;
    if (j->semi) return emit_semi(j, in);
    if (j->keep_probe) return emit_unmatched_probe(j, in);
    return OP_OK;
}

/* Static-static RIGHT/FULL: the static rows no batch matched. */
static OpStatus emit_unmatched_static(StaticJoin *j)
{
    OpStatus st = OP_OK;
    size_t row = 0;
    while (row < j->n_static && st == OP_OK) {
        uint32_t m = 0;
        for (; row < j->n_static && m < BATCH_CAP; row++)
            if (!j->build_matched[row]) j->rows[m++] = (uint32_t)row;
        if (m == 0) break;
        Batch *out = new_pair_batch(j);
        join_out_nulls(out, j->probe_off, j->n_probe, m);
        join_out_from_store(out, j->build_off, j->table, j->rows, m);
        out->n_rows = out->n_sel = m;
        st = emit(j, out);
    }
    return st;
}

static OpStatus static_flush(Op *op)
{
    StaticJoin *j = (StaticJoin *)op;
    ensure_built(j);
    if (j->keep_build && op->ctx->end_of_input && !j->tail_done) {
        j->tail_done = true;
        OpStatus st = emit_unmatched_static(j);
        if (st == OP_ERROR) return st;
    }
    return op_flush(op->next);
}

static void static_describe(const Op *op, StrBuf *out)
{
    const StaticJoin *j = (const StaticJoin *)op;
    sb_printf(out, "%s, ", join_type_name(j->cfg.type));
    join_describe_on(&j->cfg, out);
    sb_printf(out, ", static %s side: %zu rows indexed once, no state across batches",
              j->static_side ? "right" : "left", rowstore_count(j->table));
    if (j->keep_build) sb_puts(out, " (unmatched static rows emitted at end of input)");
}

static void static_metrics(const Op *op, OpMetrics *m)
{
    const StaticJoin *j = (const StaticJoin *)op;
    /* Nothing is kept per stream row: no state rows, only the index. */
    m->state_rows = 0;
    m->state_bytes = (int64_t)((j->index ? join_table_bytes(j->index) : 0) +
                               (j->keep_build ? j->n_static : 0));
}

static bool static_bounded(const Op *op)
{
    (void)op;
    return true;     /* the index never grows */
}

static void static_destroy(Op *op)
{
    StaticJoin *j = (StaticJoin *)op;
    join_table_free(j->index);
    join_keys_free(j->keys);
    free(j->build_matched);
    arena_free(j->out_arena);
}

static const OpVtab static_vtab = {
    .name = "StaticJoin",
    .push = static_push,
    .flush = static_flush,
    .describe = static_describe,
    .metrics = static_metrics,
    .bounded = static_bounded,
    .destroy = static_destroy,
};

static void build_index(StaticJoin *j, const Schema *st_schema, Expr **st_keys);

/* The table is loaded after the operator is built (before the first
 * batch): index it on first use. */
static void ensure_built(StaticJoin *j)
{
    if (j->built) return;
    j->built = true;
    j->n_static = rowstore_count(j->table);
    if (j->keep_build) j->build_matched = xcalloc(j->n_static + 1, 1);
    if (j->index) build_index(j, &j->st_schema, j->st_keys);
}

/* Index every static row with a non-NULL key, a BATCH_CAP chunk at a time. */
static void build_index(StaticJoin *j, const Schema *st_schema, Expr **st_keys)
{
    ExecCtx *ctx = j->base.ctx;
    Arena *a = arena_new();
    Type *types = ARENA_ARRAY(ctx->arena, Type, st_schema->n + 1);
    for (int c = 0; c < st_schema->n; c++) types[c] = st_schema->cols[c].type;
    uint32_t ks[BATCH_CAP], ids[BATCH_CAP];
    for (size_t base = 0; base < j->n_static; base += BATCH_CAP) {
        uint32_t n = (uint32_t)(j->n_static - base < BATCH_CAP ? j->n_static - base : BATCH_CAP);
        Batch *b = batch_new(a, types, st_schema->n);
        for (uint32_t k = 0; k < n; k++) ids[k] = (uint32_t)(base + k);
        rowstore_fill(j->table, ids, n, b);
        for (int c = 0; c < j->cfg.n_keys; c++)
            j->key_vecs[c] = join_eval(&ctx->expr, st_keys[c], b, &j->key_scratch[c]);
        join_keys_load(j->keys, b, j->key_vecs);
        uint32_t m = 0;
        for (uint32_t k = 0; k < n; k++)
            if (!j->keys->null[k]) {
                ks[m] = k;
                ids[m++] = (uint32_t)(base + k);
            }
        join_table_insert(j->index, j->keys, ks, ids, m);
        arena_reset(a);
    }
    arena_free(a);
}

Op *op_join_static_new(ExecCtx *ctx, Op *next, const Schema *left, const Schema *right,
                       const JoinConfig *cfg, int static_side, const RowStore *table,
                       const Schema *out)
{
    JoinType t = cfg->type;
    if (static_side == 0 && t != JOIN_TYPE_INNER && t != JOIN_TYPE_RIGHT) {
        diag_error(ctx->diag, SPAN_NONE, "%s join with a static left side is not supported",
                   join_type_name(t));
        diag_hint(ctx->diag, "put the static table on the right");
        return NULL;
    }
    const bool semi = t == JOIN_TYPE_LEFT_SEMI;
    if (out->n != left->n + (semi ? 0 : right->n)) {
        diag_error(ctx->diag, SPAN_NONE, "join output has %d columns, expected %d", out->n,
                   left->n + (semi ? 0 : right->n));
        return NULL;
    }
    Type *key_types = ARENA_ARRAY(ctx->arena, Type, cfg->n_keys + 1);
    if (join_key_types(ctx, cfg, key_types) < 0) return NULL;

    StaticJoin *j = ARENA_NEW(ctx->arena, StaticJoin);
    j->base.vt = &static_vtab;
    j->base.next = next;
    j->base.ctx = ctx;
    j->base.out = *out;
    j->cfg = *cfg;
    j->static_side = static_side;
    j->semi = semi;
    j->table = table;
    j->n_left = left->n;
    j->n_right = right->n;
    /* The probe side is the stream: right when the static table is left. */
    j->probe_off = static_side ? 0 : left->n;
    j->build_off = static_side ? left->n : 0;
    j->n_probe = static_side ? left->n : right->n;
    j->n_build = static_side ? right->n : left->n;
    j->keep_probe = t == JOIN_TYPE_LEFT || t == JOIN_TYPE_FULL ||
                    (static_side == 0 && t == JOIN_TYPE_RIGHT);
    j->keep_build = static_side == 1 && (t == JOIN_TYPE_RIGHT || t == JOIN_TYPE_FULL);
    j->pair_types = ARENA_ARRAY(ctx->arena, Type, left->n + right->n + 1);
    for (int c = 0; c < left->n; c++) j->pair_types[c] = left->cols[c].type;
    for (int c = 0; c < right->n; c++) j->pair_types[left->n + c] = right->cols[c].type;
    j->probe_keys = static_side ? cfg->left_keys : cfg->right_keys;
    j->key_scratch = ARENA_ARRAY(ctx->arena, Vector, cfg->n_keys + 1);
    j->key_vecs = ARENA_ARRAY(ctx->arena, const Vector *, cfg->n_keys + 1);
    j->out_arena = arena_new();
    j->st_schema = static_side ? *right : *left;
    j->st_keys = static_side ? cfg->right_keys : cfg->left_keys;
    if (cfg->n_keys > 0) {
        j->keys = join_keys_new(key_types, cfg->n_keys);
        j->index = join_table_new(j->keys);
    }
    return &j->base;
}
