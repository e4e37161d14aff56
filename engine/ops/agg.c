/* agg — hash aggregation with state across micro-batches (HashAggregate).
 *
 * push: evaluate the key expressions (a plain column is used in place),
 * drop late rows (close key <= watermark), find or create every row's
 * group in the AggTable (a batch at a time), then update the aggregates
 * (agg_acc: one tight loop per aggregate kind x argument type over the
 * (row, group) pairs). No allocation, boxing or indirect call per row.
 *
 * flush: emit by output mode (see ops.h), in first-seen group order, in
 * batches built in an arena of the operator's own (reset after each
 * push); then evict final groups and forward the flush. Final groups:
 * batch_key groups at their batch end, close_key groups once the
 * watermark reaches their close value, everything at end of input.
 *
 * The group table is partitioned by the close key (a window's groups
 * share their end), so a flush finds the closed groups as the partitions
 * whose value the watermark passed, at no cost per row. Evicted ids
 * become holes in the group table;
 * when holes outnumber live groups, everything is renumbered (compact),
 * keeping first-seen order, so eviction is amortised O(1) per group.
 *
 * Semantics of NULLs, first/last, overflow, DISTINCT: see agg_acc.h. A
 * NULL close key never closes (such groups are final at end of input). */
#include <stdlib.h>
#include <string.h>

#include "engine/base/mem.h"
#include "agg_acc.h"
#include "engine/state/agg_table.h"
#include "ops.h"

typedef struct AggOp {
    Op base;
    AggConfig cfg;
    AggTable *table;
    AccSet acc;
    Vector *key_scratch;
    const Vector **key_vecs;

    size_t cap;              /* groups `changed` can hold */
    uint8_t *changed;        /* UPDATE: per group, touched in this micro-batch */
    uint32_t *clist;         /* the touched groups, in touch order */
    uint32_t n_changed;

    bool closing;            /* close_key in use (a TIMESTAMP/BIGINT key) */
    uint32_t *closed;        /* groups closed at this flush, by id */
    size_t n_closed, closed_cap;
    int64_t dropped_late;

    Arena *out_arena;        /* output batches, reset after each push */
    Type *out_types;
    int n_out;

    uint32_t gids[BATCH_CAP], sel[BATCH_CAP], identity[BATCH_CAP], buf[BATCH_CAP];
} AggOp;

/* The watermark rows are judged late against: the previous batch's (see
 * op.h), so rows an upstream operator emits because the watermark just
 * advanced are not late here; closing uses ctx->watermark. Both lag by
 * the operator's wm_delay_us (see op.h). */
static inline int64_t late_mark(const AggOp *a) { return op_watermark_late(&a->base); }

static void ensure_groups(AggOp *a, size_t need)
{
    acc_reserve(&a->acc, need);
    if (need <= a->cap) return;
    size_t cap = a->cap ? a->cap : 64;
    while (cap < need) cap *= 2;
    a->changed = xrealloc(a->changed, cap);
    a->clist = xrealloc(a->clist, cap * sizeof(uint32_t));
    a->cap = cap;
}

/* ---- push ---------------------------------------------------------------- */

static const Vector *eval(const ExecCtx *ctx, const Expr *e, Batch *in, Vector *scratch)
{
    if (e->kind == EXPR_COLUMN) return &in->cols[e->column];
    expr_eval(&ctx->expr, e, in, scratch);
    return scratch;
}

/* Select into a->sel the rows of `in` whose close key is NULL or above
 * the watermark; count the others as late. Returns how many remain. */
static uint32_t drop_late(AggOp *a, const Batch *in)
{
    const Vector *v = a->key_vecs[a->cfg.close_key];
    const int64_t wm = late_mark(a), *t = VEC_I64(v);
    const uint32_t n = in->n_sel;
    if (v->is_const) {
        bool late = !vec_is_null(v, 0) && t[0] <= wm;
        if (late) a->dropped_late += n;
        if (!late) for (uint32_t k = 0; k < n; k++) a->sel[k] = batch_row(in, k);
        return late ? 0 : n;
    }
    uint32_t m = 0;
    for (uint32_t k = 0; k < n; k++) {          /* branch-free compaction */
        uint32_t r = batch_row(in, k);
        a->sel[m] = r;
        m += t[r] > wm || vec_is_null(v, r);
    }
    a->dropped_late += n - m;
    return m;
}

static OpStatus agg_push(Op *op, Batch *in)
{
    AggOp *a = (AggOp *)op;
    const ExecCtx *ctx = op->ctx;
    uint32_t n = in->n_sel;
    if (n == 0) return OP_OK;
    for (int c = 0; c < a->cfg.n_keys; c++)
        a->key_vecs[c] = eval(ctx, a->cfg.keys[c], in, &a->key_scratch[c]);

    Batch view, *b = in;                /* `in` narrowed to the rows on time */
    if (a->closing && late_mark(a) != WATERMARK_NONE && ctx->mode != MODE_COMPLETE) {
        uint32_t m = drop_late(a, in);
        if (m == 0) return OP_OK;
        if (m < n) {
            view = *in;
            view.sel = a->sel;
            view.n_sel = n = m;
            b = &view;
        }
    }

    uint32_t before = agg_table_size(a->table);
    agg_table_probe(a->table, b, a->key_vecs, a->gids);
    uint32_t size = agg_table_size(a->table);
    if (size > before) {
        ensure_groups(a, size);
        acc_reset(&a->acc, before, size);
        memset(a->changed + before, 0, size - before);
    }
    if (ctx->mode == MODE_UPDATE) {
        for (uint32_t k = 0; k < n; k++) {
            uint32_t g = a->gids[k];
            if (!a->changed[g]) {
                a->changed[g] = 1;
                a->clist[a->n_changed++] = g;
            }
        }
    }
    acc_update(&a->acc, &ctx->expr, b, b->sel ? b->sel : a->identity, a->gids, n);
    return OP_OK;
}

/* ---- emission ------------------------------------------------------------ */

/* Push groups gids[0..n) (n <= BATCH_CAP) downstream as one batch. */
static OpStatus emit_chunk(AggOp *a, const uint32_t *gids, uint32_t n, RowKind kind)
{
    if (n == 0) return OP_OK;
    Batch *out = batch_new(a->out_arena, a->out_types, a->n_out);
    batch_clear(out);
    agg_table_emit_keys(a->table, gids, n, out);
    for (int i = 0; i < a->cfg.n_aggs; i++)
        acc_emit(&a->acc, i, gids, n, &out->cols[a->cfg.n_keys + i], a->out_arena);
    out->n_rows = out->n_sel = n;
    out->kind = kind;
    OpStatus st = op_push(a->base.next, out);
    arena_reset(a->out_arena);
    return st;
}

static OpStatus emit_list(AggOp *a, const uint32_t *gids, size_t n, RowKind kind)
{
    for (size_t i = 0; i < n; i += BATCH_CAP) {
        uint32_t m = n - i < BATCH_CAP ? (uint32_t)(n - i) : BATCH_CAP;
        OpStatus st = emit_chunk(a, gids + i, m, kind);
        if (st != OP_OK) return st;
    }
    return OP_OK;
}

/* Final: no later row can change the group. */
static bool is_final(const AggOp *a, uint32_t g)
{
    const ExecCtx *ctx = a->base.ctx;
    if (ctx->end_of_input) return true;
    if (a->cfg.batch_key >= 0) {
        Value v = agg_table_key(a->table, g, a->cfg.batch_key);
        if (!v.is_null && v.i <= ctx->batch_id) return true;
    }
    const int64_t wm = op_watermark(&a->base);
    if (a->closing && wm != WATERMARK_NONE) {
        Value v = agg_table_key(a->table, g, a->cfg.close_key);
        if (!v.is_null && v.i <= wm) return true;
    }
    return false;
}

/* Emit every live group (only the final ones if final_only), in order. */
static OpStatus emit_groups(AggOp *a, RowKind kind, bool final_only)
{
    uint32_t *buf = a->buf;
    uint32_t nb = 0, size = agg_table_size(a->table);
    for (uint32_t g = 0; g < size; g++) {
        if (!agg_table_is_live(a->table, g) || (final_only && !is_final(a, g))) continue;
        buf[nb++] = g;
        if (nb == BATCH_CAP) {
            OpStatus st = emit_chunk(a, buf, nb, kind);
            if (st != OP_OK) return st;
            nb = 0;
        }
    }
    return emit_chunk(a, buf, nb, kind);
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* The close-key groups the watermark closed, into a->closed: the table
 * is partitioned by the close key, so these are whole partitions, by
 * close time and then first seen. */
static void collect_closed(AggOp *a)
{
    const int64_t wm = op_watermark(&a->base);
    a->n_closed = wm == WATERMARK_NONE
                      ? 0
                      : agg_table_closed(a->table, wm, &a->closed, &a->closed_cap);
}

/* ---- eviction ------------------------------------------------------------ */

static void clear_state(AggOp *a)
{
    agg_table_clear(a->table);
    acc_clear(&a->acc);
}

/* Renumber groups densely (keeping their order). */
static void compact(AggOp *a)
{
    uint32_t old = agg_table_size(a->table);
    uint32_t *map = xmalloc(sizeof(uint32_t) * (old ? old : 1));
    uint32_t live = agg_table_compact(a->table, map);
    acc_compact(&a->acc, map, old, live);
    free(map);
}

/* A global aggregate (no keys) has its one group from the start, so
 * that empty input still yields a row (count 0, the others NULL). */
static void seed_global_group(AggOp *a)
{
    Batch one = {.n_rows = 1, .n_sel = 1};
    agg_table_probe(a->table, &one, NULL, a->gids);
    ensure_groups(a, 1);
    acc_reset(&a->acc, 0, 1);
    a->changed[0] = 0;
}

static void evict(AggOp *a)
{
    const ExecCtx *ctx = a->base.ctx;
    if (ctx->mode == MODE_COMPLETE) return;           /* COMPLETE keeps all state */
    if (ctx->end_of_input) {
        clear_state(a);
        if (a->cfg.n_keys == 0) seed_global_group(a);
        return;
    }
    if (a->cfg.batch_key >= 0) {
        /* batch_id() groups: one micro-batch's worth, a scan is fine. */
        uint32_t size = agg_table_size(a->table);
        for (uint32_t g = 0; g < size; g++)
            if (agg_table_is_live(a->table, g) && is_final(a, g)) agg_table_remove(a->table, g);
    } else {
        agg_table_remove_many(a->table, a->closed, a->n_closed);
    }
    a->n_closed = 0;
    if (agg_table_live(a->table) == 0) clear_state(a);
    else if (agg_table_wants_compact(a->table)) compact(a);
}

static OpStatus agg_flush(Op *op)
{
    AggOp *a = (AggOp *)op;
    const ExecCtx *ctx = op->ctx;
    OpStatus st = OP_OK;
    if (a->closing && ctx->mode != MODE_COMPLETE && !ctx->end_of_input && a->cfg.batch_key < 0)
        collect_closed(a);
    switch (ctx->mode) {
    case MODE_COMPLETE:
        st = emit_groups(a, ROW_SNAPSHOT, false);
        break;
    case MODE_UPDATE:
        /* Group ids are in first-seen order. */
        if (a->n_changed > 1) qsort(a->clist, a->n_changed, sizeof(uint32_t), cmp_u32);
        st = emit_list(a, a->clist, a->n_changed, ROW_UPDATE);
        for (uint32_t i = 0; i < a->n_changed; i++) a->changed[a->clist[i]] = 0;
        a->n_changed = 0;
        break;
    case MODE_APPEND:
        if (a->cfg.batch_key >= 0 || ctx->end_of_input)
            st = emit_groups(a, ROW_INSERT, true);
        else
            st = emit_list(a, a->closed, a->n_closed, ROW_INSERT);
        break;
    }
    if (st == OP_ERROR) return st;
    evict(a);
    return op_flush(op->next);
}

/* ---- EXPLAIN, metrics, lifetime ------------------------------------------ */

static void agg_describe(const Op *op, StrBuf *out)
{
    const AggOp *a = (const AggOp *)op;
    sb_puts(out, "keys=[");
    for (int c = 0; c < a->cfg.n_keys; c++) {
        if (c) sb_puts(out, ", ");
        expr_print(a->cfg.keys[c], out);
    }
    sb_puts(out, "], aggs=[");
    acc_describe(&a->acc, out);
    sb_putc(out, ']');
}

static void agg_metrics(const Op *op, OpMetrics *m)
{
    const AggOp *a = (const AggOp *)op;
    size_t bytes = agg_table_bytes(a->table) + acc_bytes(&a->acc) + a->cap * 5;
    m->state_rows = agg_table_live(a->table);
    m->state_bytes = (int64_t)bytes;
    m->rows_dropped_late = a->dropped_late;
}

static void agg_destroy(Op *op)
{
    AggOp *a = (AggOp *)op;
    acc_free(&a->acc);
    free(a->changed);
    free(a->clist);
    free(a->closed);
    agg_table_free(a->table);
    arena_free(a->out_arena);
}

/* Per-batch groups are evicted when their batch ends, windows when the
 * watermark closes them. */
static bool agg_bounded(const Op *op)
{
    const AggOp *a = (const AggOp *)op;
    return a->cfg.batch_key >= 0 || a->closing;
}

static const OpVtab agg_vtab = {
    .name = "HashAggregate",
    .stateful = true,
    .push = agg_push,
    .flush = agg_flush,
    .describe = agg_describe,
    .metrics = agg_metrics,
    .bounded = agg_bounded,
    .destroy = agg_destroy,
};

Op *op_agg_new(ExecCtx *ctx, Op *next, const Schema *in, const AggConfig *cfg,
               const Schema *out)
{
    (void)in;
    if (cfg->n_keys > AGG_MAX_KEYS) {
        diag_error(ctx->diag, SPAN_NONE, "too many grouping keys (%d, at most %d)",
                   cfg->n_keys, AGG_MAX_KEYS);
        return NULL;
    }
    AggOp *a = ARENA_NEW(ctx->arena, AggOp);
    if (acc_init(&a->acc, ctx, cfg->aggs, cfg->n_aggs) < 0) return NULL;
    a->base.vt = &agg_vtab;
    a->base.next = next;
    a->base.ctx = ctx;
    a->base.out = *out;
    a->cfg = *cfg;
    a->cfg.keys = ARENA_ARRAY(ctx->arena, Expr *, cfg->n_keys + 1);
    if (cfg->n_keys) memcpy(a->cfg.keys, cfg->keys, sizeof(Expr *) * (size_t)cfg->n_keys);
    a->cfg.aggs = ARENA_ARRAY(ctx->arena, AggCall, cfg->n_aggs + 1);
    if (cfg->n_aggs) memcpy(a->cfg.aggs, cfg->aggs, sizeof(AggCall) * (size_t)cfg->n_aggs);
    if (cfg->close_key >= 0 && cfg->close_key < cfg->n_keys) {
        Type t = cfg->keys[cfg->close_key]->type;
        a->closing = t == TYPE_TIMESTAMP || t == TYPE_INT64;
    }

    Type *key_types = ARENA_ARRAY(ctx->arena, Type, cfg->n_keys + 1);
    for (int c = 0; c < cfg->n_keys; c++) key_types[c] = cfg->keys[c]->type;
    a->key_scratch = ARENA_ARRAY(ctx->arena, Vector, cfg->n_keys + 1);
    a->key_vecs = ARENA_ARRAY(ctx->arena, const Vector *, cfg->n_keys + 1);
    a->n_out = out->n;
    a->out_types = ARENA_ARRAY(ctx->arena, Type, out->n + 1);
    for (int i = 0; i < out->n; i++) a->out_types[i] = out->cols[i].type;
    for (uint32_t k = 0; k < BATCH_CAP; k++) a->identity[k] = k;

    /* Partitioned by the close key (a window's groups close together); the
     * close key and the window start are then the same for every group of
     * a partition. */
    uint64_t same = 0;
    if (a->closing) {
        same = UINT64_C(1) << cfg->close_key;
        if (cfg->start_key >= 0 && cfg->start_key < cfg->n_keys) same |= UINT64_C(1) << cfg->start_key;
    }
    a->table = agg_table_new(key_types, cfg->n_keys, a->closing ? cfg->close_key : -1, same);
    a->out_arena = arena_new();
    if (cfg->n_keys == 0) seed_global_group(a);
    return &a->base;
}
