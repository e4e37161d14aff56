/* agg — hash aggregation with state across micro-batches (HashAggregate).
 *
 * push: evaluate the key expressions (a plain column is used in place),
 * find or create every row's group in the AggTable (a batch at a time),
 * then update each aggregate with one tight loop per (aggregate kind x
 * argument type) over the (row, group) pairs. Per-group state lives in
 * plain arrays indexed by group id; strings (min/max/first/last of TEXT)
 * are copied into the operator's state arena, overwritten in place when
 * the new value fits. No allocation, boxing or indirect call per row.
 *
 * flush: emit by output mode (see ops.h), in first-seen group order, in
 * batches built in an arena of the operator's own (reset after each
 * push); then evict final groups (batch_key groups in APPEND and UPDATE,
 * everything at end of input) and forward the flush.
 *
 * Semantics: NULL keys group together; aggregates skip NULL inputs except
 * count(*) and first/last, which follow Spark's defaults
 * (ignoreNulls = false): first(x) is x of the group's first row and
 * last(x) x of its latest row, NULL or not. sum of INT64 wraps around on
 * overflow (Spark with ANSI off); avg is a DOUBLE; min/max order doubles
 * with NaN above every number, as Spark does. DISTINCT keeps a set of the
 * values seen per group (count/sum/avg; it does not change min/max/first/
 * last). Not here yet: watermark eviction of windows, late-row dropping. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"
#include "agg_table.h"
#include "ops.h"
#include "rowstore.h"

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

typedef struct AggOp {
    Op base;
    AggConfig cfg;
    AggTable *table;
    AggState *st;
    Vector *key_scratch;
    const Vector **key_vecs;

    size_t cap;              /* groups the state arrays can hold */
    Arena *state;            /* strings of the aggregate state */
    StrHeap strings;
    uint32_t round;          /* pushes so far (for stamps) */

    uint8_t *changed;        /* UPDATE: per group, touched in this micro-batch */
    uint32_t *clist;         /* the touched groups, in touch order */
    uint32_t n_changed;

    Arena *out_arena;        /* output batches, reset after each push */
    Type *out_types;
    int n_out;

    uint32_t gids[BATCH_CAP], rows2[BATCH_CAP], gids2[BATCH_CAP];
    uint32_t identity[BATCH_CAP], zeros[BATCH_CAP];
} AggOp;

/* ---- per-group state arrays ------------------------------------------- */

static size_t acc_width(AccType a) { return a == ACC_STR ? sizeof(Str) : a == ACC_NONE ? 0 : 8; }

/* p resized to cap elements of w bytes (w == 0: the array is unused). */
static void *grow(void *p, size_t cap, size_t w)
{
    return w ? xrealloc(p, cap * w) : p;
}

static void ensure_groups(AggOp *a, size_t need)
{
    if (need <= a->cap) return;
    size_t cap = a->cap ? a->cap : 64;
    while (cap < need) cap *= 2;
    for (int i = 0; i < a->cfg.n_aggs; i++) {
        AggState *s = &a->st[i];
        s->n = grow(s->n, cap, sizeof(int64_t));
        s->val = grow(s->val, cap, acc_width(s->acc));
        if (s->room) s->room = grow(s->room, cap, sizeof(uint32_t));
        if (s->isnull) s->isnull = grow(s->isnull, cap, 1);
        if (s->stamp) s->stamp = grow(s->stamp, cap, sizeof(uint32_t));
    }
    a->changed = grow(a->changed, cap, 1);
    a->clist = grow(a->clist, cap, sizeof(uint32_t));
    a->cap = cap;
}

/* Zero the state of groups [from, to). */
static void init_groups(AggOp *a, uint32_t from, uint32_t to)
{
    size_t n = to - from;
    for (int i = 0; i < a->cfg.n_aggs; i++) {
        AggState *s = &a->st[i];
        memset(s->n + from, 0, n * sizeof(int64_t));
        size_t w = acc_width(s->acc);
        if (w) memset((char *)s->val + from * w, 0, n * w);
        if (s->room) memset(s->room + from, 0, n * sizeof(uint32_t));
        if (s->isnull) memset(s->isnull + from, 0, n);
        if (s->stamp) memset(s->stamp + from, 0, n * sizeof(uint32_t));
    }
    memset(a->changed + from, 0, n);
}

/* Store x as group g's string, reusing its bytes when x fits. */
static inline void set_str(AggOp *a, AggState *s, uint32_t g, Str x)
{
    Str *acc = (Str *)s->val;
    if (x.len > s->room[g]) {
        acc[g].ptr = strheap_alloc(&a->strings, x.len);
        s->room[g] = x.len;
    }
    if (x.len) memcpy((char *)acc[g].ptr, x.ptr, x.len);
    else if (!acc[g].ptr) acc[g].ptr = "";
    acc[g].len = x.len;
}

static inline int str_cmp(Str x, Str y)
{
    uint32_t m = x.len < y.len ? x.len : y.len;
    int c = m ? memcmp(x.ptr, y.ptr, m) : 0;
    return c ? c : (x.len > y.len) - (x.len < y.len);
}

/* ---- update kernels: one per (kind x argument class) --------------------- */

#define VALID(v, r) (!(v)->valid || (((v)->valid[(r) >> 6] >> ((r) & 63)) & 1))
#define KERNEL(name) \
    static void name(AggOp *a, AggState *s, const Vector *v, const uint32_t *rows, \
                     const uint32_t *gids, uint32_t n)

KERNEL(k_count)
{
    (void)a;
    int64_t *cnt = s->n;
    if (!v->valid) {
        for (uint32_t k = 0; k < n; k++) cnt[gids[k]]++;
        return;
    }
    for (uint32_t k = 0; k < n; k++) cnt[gids[k]] += VALID(v, rows[k]);
}

/* sum and avg: acc += x, n counts the non-NULL inputs. */
#define ADD_WRAP(acc, x) ((acc) = (int64_t)((uint64_t)(acc) + (uint64_t)(x)))
#define ADD_DBL(acc, x) ((acc) += (double)(x))
#define DEF_SUM(name, SRC_T, ACC_T, ADD)                                       \
    KERNEL(name)                                                               \
    {                                                                          \
        (void)a;                                                               \
        const SRC_T *src = (const SRC_T *)v->data;                             \
        ACC_T *acc = (ACC_T *)s->val;                                          \
        int64_t *cnt = s->n;                                                   \
        for (uint32_t k = 0; k < n; k++) {                                     \
            uint32_t r = rows[k], g = gids[k];                                 \
            if (!VALID(v, r)) continue;                                        \
            ADD(acc[g], src[r]);                                               \
            cnt[g]++;                                                          \
        }                                                                      \
    }
DEF_SUM(k_sum_i64, int64_t, int64_t, ADD_WRAP)
DEF_SUM(k_sum_f64, double, double, ADD_DBL)
DEF_SUM(k_avg_i64, int64_t, double, ADD_DBL)

/* min and max: n is "has a value". Doubles: NaN above every number. */
#define LT(x, y) ((x) < (y))
#define GT(x, y) ((x) > (y))
#define DLT(x, y) ((x) < (y) || (isnan(y) && !isnan(x)))
#define DGT(x, y) DLT(y, x)
#define DEF_MINMAX(name, SRC_T, ACC_T, BETTER)                                 \
    KERNEL(name)                                                               \
    {                                                                          \
        (void)a;                                                               \
        const SRC_T *src = (const SRC_T *)v->data;                             \
        ACC_T *acc = (ACC_T *)s->val;                                          \
        int64_t *has = s->n;                                                   \
        for (uint32_t k = 0; k < n; k++) {                                     \
            uint32_t r = rows[k], g = gids[k];                                 \
            if (!VALID(v, r)) continue;                                        \
            ACC_T x = (ACC_T)src[r];                                           \
            if (!has[g] || BETTER(x, acc[g])) acc[g] = x;                      \
            has[g] = 1;                                                        \
        }                                                                      \
    }
DEF_MINMAX(k_min_i64, int64_t, int64_t, LT)
DEF_MINMAX(k_max_i64, int64_t, int64_t, GT)
DEF_MINMAX(k_min_bool, uint8_t, int64_t, LT)
DEF_MINMAX(k_max_bool, uint8_t, int64_t, GT)
DEF_MINMAX(k_min_f64, double, double, DLT)
DEF_MINMAX(k_max_f64, double, double, DGT)

/* first and last keep NULLs (Spark's ignoreNulls = false). */
#define DEF_FIRST(name, SRC_T, ACC_T)                                          \
    KERNEL(name)                                                               \
    {                                                                          \
        (void)a;                                                               \
        const SRC_T *src = (const SRC_T *)v->data;                             \
        ACC_T *acc = (ACC_T *)s->val;                                          \
        for (uint32_t k = 0; k < n; k++) {                                     \
            uint32_t r = rows[k], g = gids[k];                                 \
            if (s->n[g]) continue;                                             \
            s->n[g] = 1;                                                       \
            s->isnull[g] = !VALID(v, r);                                       \
            if (!s->isnull[g]) acc[g] = (ACC_T)src[r];                         \
        }                                                                      \
    }
#define DEF_LAST(name, SRC_T, ACC_T)                                           \
    KERNEL(name)                                                               \
    {                                                                          \
        (void)a;                                                               \
        const SRC_T *src = (const SRC_T *)v->data;                             \
        ACC_T *acc = (ACC_T *)s->val;                                          \
        for (uint32_t k = 0; k < n; k++) {                                     \
            uint32_t r = rows[k], g = gids[k];                                 \
            s->n[g] = 1;                                                       \
            s->isnull[g] = !VALID(v, r);                                       \
            if (!s->isnull[g]) acc[g] = (ACC_T)src[r];                         \
        }                                                                      \
    }
DEF_FIRST(k_first_i64, int64_t, int64_t)
DEF_FIRST(k_first_bool, uint8_t, int64_t)
DEF_FIRST(k_first_f64, double, double)
DEF_LAST(k_last_i64, int64_t, int64_t)
DEF_LAST(k_last_bool, uint8_t, int64_t)
DEF_LAST(k_last_f64, double, double)

/* TEXT: strings are copied only when they become the kept value. */
#define DEF_MINMAX_STR(name, SIGN)                                             \
    KERNEL(name)                                                               \
    {                                                                          \
        const Str *src = VEC_STR(v);                                           \
        const Str *acc = (const Str *)s->val;                                  \
        for (uint32_t k = 0; k < n; k++) {                                     \
            uint32_t r = rows[k], g = gids[k];                                 \
            if (!VALID(v, r)) continue;                                        \
            if (!s->n[g] || SIGN str_cmp(src[r], acc[g]) < 0) set_str(a, s, g, src[r]); \
            s->n[g] = 1;                                                       \
        }                                                                      \
    }
DEF_MINMAX_STR(k_min_str, +)
DEF_MINMAX_STR(k_max_str, -)

KERNEL(k_first_str)
{
    const Str *src = VEC_STR(v);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t r = rows[k], g = gids[k];
        if (s->n[g]) continue;
        s->n[g] = 1;
        s->isnull[g] = !VALID(v, r);
        if (!s->isnull[g]) set_str(a, s, g, src[r]);
    }
}

/* Backwards, so each group copies only its last string of the batch. */
KERNEL(k_last_str)
{
    const Str *src = VEC_STR(v);
    for (uint32_t k = n; k-- > 0;) {
        uint32_t r = rows[k], g = gids[k];
        if (s->stamp[g] == a->round) continue;
        s->stamp[g] = a->round;
        s->n[g] = 1;
        s->isnull[g] = !VALID(v, r);
        if (!s->isnull[g]) set_str(a, s, g, src[r]);
    }
}

typedef void (*Kernel)(AggOp *, AggState *, const Vector *, const uint32_t *,
                       const uint32_t *, uint32_t);

/* The kernel of an aggregate (chosen once per batch, not per row). */
static Kernel kernel_for(const AggState *s)
{
#define BY_CLASS(i64, f64, b, str) \
    return s->cls == CLS_I64 ? i64 : s->cls == CLS_F64 ? f64 : s->cls == CLS_BOOL ? b : str
    switch (s->call.kind) {
    case AGG_COUNT_STAR: return NULL;
    case AGG_COUNT: return k_count;
    case AGG_SUM: return s->cls == CLS_I64 ? k_sum_i64 : k_sum_f64;
    case AGG_AVG: return s->cls == CLS_I64 ? k_avg_i64 : k_sum_f64;
    case AGG_MIN: BY_CLASS(k_min_i64, k_min_f64, k_min_bool, k_min_str);
    case AGG_MAX: BY_CLASS(k_max_i64, k_max_f64, k_max_bool, k_max_str);
    case AGG_FIRST: BY_CLASS(k_first_i64, k_first_f64, k_first_bool, k_first_str);
    case AGG_LAST: BY_CLASS(k_last_i64, k_last_f64, k_last_bool, k_last_str);
    }
#undef BY_CLASS
    return NULL;
}

/* ---- push ---------------------------------------------------------------- */

static const Vector *eval(const ExecCtx *ctx, const Expr *e, Batch *in, Vector *scratch)
{
    if (e->kind == EXPR_COLUMN) return &in->cols[e->column];
    expr_eval(&ctx->expr, e, in, scratch);
    return scratch;
}

static void update(AggOp *a, AggState *s, Batch *in, const uint32_t *rows, uint32_t n)
{
    if (s->call.kind == AGG_COUNT_STAR) {
        int64_t *cnt = s->n;
        for (uint32_t k = 0; k < n; k++) cnt[a->gids[k]]++;
        return;
    }
    if (s->cls == CLS_NONE) {               /* a NULL literal: only first/last notice */
        if (s->call.kind == AGG_FIRST || s->call.kind == AGG_LAST)
            for (uint32_t k = 0; k < n; k++) s->n[a->gids[k]] = 1, s->isnull[a->gids[k]] = 1;
        return;
    }
    const Vector *v = eval(a->base.ctx, s->call.arg, in, &s->scratch);
    const uint32_t *r = v->is_const ? a->zeros : rows;
    const uint32_t *g = a->gids;
    if (s->distinct) {
        memcpy(a->rows2, r, n * sizeof(uint32_t));
        memcpy(a->gids2, g, n * sizeof(uint32_t));
        n = distinct_filter(s->distinct, v, a->rows2, a->gids2, n);
        r = a->rows2;
        g = a->gids2;
    }
    kernel_for(s)(a, s, v, r, g, n);
}

static OpStatus agg_push(Op *op, Batch *in)
{
    AggOp *a = (AggOp *)op;
    const uint32_t n = in->n_sel;
    if (n == 0) return OP_OK;
    a->round++;
    for (int c = 0; c < a->cfg.n_keys; c++)
        a->key_vecs[c] = eval(op->ctx, a->cfg.keys[c], in, &a->key_scratch[c]);
    uint32_t before = agg_table_size(a->table);
    agg_table_probe(a->table, in, a->key_vecs, a->gids);
    uint32_t size = agg_table_size(a->table);
    if (size > before) {
        ensure_groups(a, size);
        init_groups(a, before, size);
    }
    if (op->ctx->mode == MODE_UPDATE) {
        for (uint32_t k = 0; k < n; k++) {
            uint32_t g = a->gids[k];
            if (!a->changed[g]) {
                a->changed[g] = 1;
                a->clist[a->n_changed++] = g;
            }
        }
    }
    const uint32_t *rows = in->sel ? in->sel : a->identity;
    for (int i = 0; i < a->cfg.n_aggs; i++) update(a, &a->st[i], in, rows, n);
    return OP_OK;
}

/* ---- emission ------------------------------------------------------------ */

static void put_f64(Vector *v, uint32_t k, double d)
{
    if (v->type == TYPE_DOUBLE) VEC_F64(v)[k] = d;
    else VEC_I64(v)[k] = (d >= -9.2e18 && d <= 9.2e18) ? (int64_t)d : 0;
}

static void put_i64(Vector *v, uint32_t k, int64_t x)
{
    if (v->type == TYPE_DOUBLE) VEC_F64(v)[k] = (double)x;
    else if (v->type == TYPE_BOOL) VEC_BOOL(v)[k] = x != 0;
    else VEC_I64(v)[k] = x;
}

static void emit_agg(const AggState *s, const uint32_t *gids, uint32_t n, Vector *out,
                     Arena *arena)
{
    const bool count = s->call.kind == AGG_COUNT_STAR || s->call.kind == AGG_COUNT;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t g = gids[k];
        if (count) { put_i64(out, k, s->n[g]); continue; }
        if (!s->n[g] || (s->isnull && s->isnull[g]) || s->acc == ACC_NONE ||
            out->type == TYPE_NULL) {
            vec_set_null(out, k, arena);
            continue;
        }
        switch (s->acc) {
        case ACC_I64: put_i64(out, k, ((const int64_t *)s->val)[g]); break;
        case ACC_F64: {
            double d = ((const double *)s->val)[g];
            put_f64(out, k, s->call.kind == AGG_AVG ? d / (double)s->n[g] : d);
            break;
        }
        case ACC_STR: VEC_STR(out)[k] = ((const Str *)s->val)[g]; break;
        case ACC_NONE: break;
        }
    }
}

/* Push groups gids[0..n) (n <= BATCH_CAP) downstream as one batch. */
static OpStatus emit_chunk(AggOp *a, const uint32_t *gids, uint32_t n, RowKind kind)
{
    if (n == 0) return OP_OK;
    Batch *out = batch_new(a->out_arena, a->out_types, a->n_out);
    batch_clear(out);
    agg_table_emit_keys(a->table, gids, n, out);
    for (int i = 0; i < a->cfg.n_aggs; i++)
        emit_agg(&a->st[i], gids, n, &out->cols[a->cfg.n_keys + i], a->out_arena);
    out->n_rows = out->n_sel = n;
    out->kind = kind;
    OpStatus st = op_push(a->base.next, out);
    arena_reset(a->out_arena);
    return st;
}

static OpStatus emit_list(AggOp *a, const uint32_t *gids, uint32_t n, RowKind kind)
{
    for (uint32_t i = 0; i < n; i += BATCH_CAP) {
        OpStatus st = emit_chunk(a, gids + i, n - i < BATCH_CAP ? n - i : BATCH_CAP, kind);
        if (st != OP_OK) return st;
    }
    return OP_OK;
}

/* Final: no later row can change the group. */
static bool is_final(const AggOp *a, uint32_t g)
{
    const ExecCtx *ctx = a->base.ctx;
    if (ctx->end_of_input) return true;
    if (a->cfg.batch_key < 0) return false;
    Value v = agg_table_key(a->table, g, a->cfg.batch_key);
    return !v.is_null && v.i <= ctx->batch_id;
}

/* Emit every live group (only the final ones if final_only), in order. */
static OpStatus emit_groups(AggOp *a, RowKind kind, bool final_only)
{
    uint32_t *buf = a->gids2;      /* scratch between pushes */
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

/* ---- eviction ------------------------------------------------------------ */

static void clear_state(AggOp *a)
{
    agg_table_clear(a->table);
    for (int i = 0; i < a->cfg.n_aggs; i++)
        if (a->st[i].distinct) distinct_clear(a->st[i].distinct);
    arena_reset(a->state);
    strheap_reset(&a->strings);
}

static void compact_array(void *arr, size_t w, const uint32_t *map, uint32_t n)
{
    if (!arr || !w) return;
    char *p = arr;
    for (uint32_t g = 0; g < n; g++)
        if (map[g] != AGG_GROUP_NONE && map[g] != g) memcpy(p + map[g] * w, p + g * w, w);
}

/* Renumber groups densely; move live strings to a fresh state arena. */
static void compact(AggOp *a)
{
    uint32_t old = agg_table_size(a->table);
    uint32_t *map = xmalloc(sizeof(uint32_t) * (old ? old : 1));
    uint32_t live = agg_table_compact(a->table, map);
    Arena *fresh = arena_new();
    StrHeap heap;
    strheap_init(&heap, fresh);
    for (int i = 0; i < a->cfg.n_aggs; i++) {
        AggState *s = &a->st[i];
        compact_array(s->n, sizeof(int64_t), map, old);
        compact_array(s->val, acc_width(s->acc), map, old);
        compact_array(s->room, sizeof(uint32_t), map, old);
        compact_array(s->isnull, 1, map, old);
        compact_array(s->stamp, sizeof(uint32_t), map, old);
        if (s->distinct) distinct_remap(s->distinct, map);
        if (s->acc == ACC_STR) {
            Str *acc = s->val;
            for (uint32_t g = 0; g < live; g++) {
                acc[g] = strheap_copy(&heap, acc[g]);
                s->room[g] = acc[g].len;
            }
        }
    }
    arena_free(a->state);
    a->state = fresh;
    a->strings = heap;
    free(map);
}

/* A global aggregate (no keys) has its one group from the start, so
 * that empty input still yields a row (count 0, the others NULL). */
static void seed_global_group(AggOp *a)
{
    Batch one = {.n_rows = 1, .n_sel = 1};
    agg_table_probe(a->table, &one, NULL, a->gids);
    ensure_groups(a, 1);
    init_groups(a, 0, 1);
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
    if (a->cfg.batch_key < 0) return;
    uint32_t size = agg_table_size(a->table);
    for (uint32_t g = 0; g < size; g++)
        if (agg_table_is_live(a->table, g) && is_final(a, g)) agg_table_remove(a->table, g);
    if (agg_table_live(a->table) == 0) clear_state(a);
    else if (agg_table_wants_compact(a->table)) compact(a);
}

static OpStatus agg_flush(Op *op)
{
    AggOp *a = (AggOp *)op;
    OpStatus st = OP_OK;
    switch (op->ctx->mode) {
    case MODE_COMPLETE:
        st = emit_groups(a, ROW_SNAPSHOT, false);
        break;
    case MODE_UPDATE:
        /* Group ids are in first-seen order. */
        qsort(a->clist, a->n_changed, sizeof(uint32_t), cmp_u32);
        st = emit_list(a, a->clist, a->n_changed, ROW_UPDATE);
        for (uint32_t i = 0; i < a->n_changed; i++) a->changed[a->clist[i]] = 0;
        a->n_changed = 0;
        break;
    case MODE_APPEND:
        if (a->cfg.batch_key >= 0 || op->ctx->end_of_input)
            st = emit_groups(a, ROW_INSERT, true);
        break;
    }
    if (st == OP_ERROR) return st;
    evict(a);
    return op_flush(op->next);
}

/* ---- EXPLAIN, metrics, lifetime ------------------------------------------ */

static const char *agg_name(AggKind k)
{
    switch (k) {
    case AGG_COUNT_STAR: case AGG_COUNT: return "count";
    case AGG_SUM: return "sum";
    case AGG_AVG: return "avg";
    case AGG_MIN: return "min";
    case AGG_MAX: return "max";
    case AGG_FIRST: return "first";
    case AGG_LAST: return "last";
    }
    return "?";
}

static void agg_describe(const Op *op, StrBuf *out)
{
    const AggOp *a = (const AggOp *)op;
    sb_puts(out, "keys=[");
    for (int c = 0; c < a->cfg.n_keys; c++) {
        if (c) sb_puts(out, ", ");
        expr_print(a->cfg.keys[c], out);
    }
    sb_puts(out, "], aggs=[");
    for (int i = 0; i < a->cfg.n_aggs; i++) {
        const AggCall *call = &a->cfg.aggs[i];
        if (i) sb_puts(out, ", ");
        sb_printf(out, "%s(%s", agg_name(call->kind), call->distinct ? "DISTINCT " : "");
        if (call->arg) expr_print(call->arg, out);
        else sb_putc(out, '*');
        sb_putc(out, ')');
    }
    sb_putc(out, ']');
}

static void agg_metrics(const Op *op, OpMetrics *m)
{
    const AggOp *a = (const AggOp *)op;
    size_t bytes = agg_table_bytes(a->table) + arena_used(a->state) + a->cap * 5;
    for (int i = 0; i < a->cfg.n_aggs; i++) {
        const AggState *s = &a->st[i];
        bytes += a->cap * (sizeof(int64_t) + acc_width(s->acc) + (s->room ? 4 : 0) +
                           (s->isnull ? 1 : 0) + (s->stamp ? 4 : 0));
        if (s->distinct) bytes += distinct_bytes(s->distinct);
    }
    m->state_rows = agg_table_live(a->table);
    m->state_bytes = (int64_t)bytes;
}

static void agg_destroy(Op *op)
{
    AggOp *a = (AggOp *)op;
    for (int i = 0; i < a->cfg.n_aggs; i++) {
        AggState *s = &a->st[i];
        free(s->n); free(s->val); free(s->room); free(s->isnull); free(s->stamp);
        distinct_free(s->distinct);
    }
    free(a->changed);
    free(a->clist);
    agg_table_free(a->table);
    arena_free(a->state);
    arena_free(a->out_arena);
}

/* Per-batch groups (batch_id() keys) are evicted when their batch ends. */
static bool agg_bounded(const Op *op)
{
    return ((const AggOp *)op)->cfg.batch_key >= 0;
}

static const OpVtab agg_vtab = {
    .name = "HashAggregate",
    .push = agg_push,
    .flush = agg_flush,
    .describe = agg_describe,
    .metrics = agg_metrics,
    .bounded = agg_bounded,
    .destroy = agg_destroy,
};

static ArgClass class_of(Type t)
{
    switch (t) {
    case TYPE_NULL: return CLS_NONE;
    case TYPE_BOOL: return CLS_BOOL;
    case TYPE_DOUBLE: return CLS_F64;
    case TYPE_TEXT: return CLS_TEXT;
    default: return CLS_I64;
    }
}

/* Set up the state of one aggregate; -1 (diag) if its argument type does
 * not suit it. */
static int state_init(ExecCtx *ctx, AggState *s, const AggCall *call)
{
    s->call = *call;
    s->cls = call->arg ? class_of(call->arg->type) : CLS_NONE;
    switch (call->kind) {
    case AGG_COUNT_STAR: case AGG_COUNT: s->acc = ACC_NONE; break;
    case AGG_SUM: case AGG_AVG:
        if (s->cls == CLS_BOOL || s->cls == CLS_TEXT)
            return diag_error(ctx->diag, call->arg->span, "%s() needs a numeric argument, not %s",
                              agg_name(call->kind), type_name(call->arg->type));
        s->acc = call->kind == AGG_SUM && s->cls == CLS_I64 ? ACC_I64 : ACC_F64;
        break;
    default:
        s->acc = s->cls == CLS_F64 ? ACC_F64 : s->cls == CLS_TEXT ? ACC_STR :
                 s->cls == CLS_NONE ? ACC_NONE : ACC_I64;
        break;
    }
    /* A non-NULL optional array means "this aggregate uses it";
     * ensure_groups grows it to the group capacity. */
    if (call->kind == AGG_FIRST || call->kind == AGG_LAST) s->isnull = xmalloc(1);
    if (s->acc == ACC_STR) s->room = xmalloc(sizeof(uint32_t));
    if (call->kind == AGG_LAST && s->acc == ACC_STR) s->stamp = xmalloc(sizeof(uint32_t));
    bool distinct_matters = call->kind == AGG_COUNT || call->kind == AGG_SUM || call->kind == AGG_AVG;
    if (call->distinct && distinct_matters && s->cls != CLS_NONE)
        s->distinct = distinct_new(call->arg->type);
    return 0;
}

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
    a->base.vt = &agg_vtab;
    a->base.next = next;
    a->base.ctx = ctx;
    a->base.out = *out;
    a->cfg = *cfg;
    a->cfg.keys = ARENA_ARRAY(ctx->arena, Expr *, cfg->n_keys + 1);
    if (cfg->n_keys) memcpy(a->cfg.keys, cfg->keys, sizeof(Expr *) * (size_t)cfg->n_keys);
    a->cfg.aggs = ARENA_ARRAY(ctx->arena, AggCall, cfg->n_aggs + 1);
    if (cfg->n_aggs) memcpy(a->cfg.aggs, cfg->aggs, sizeof(AggCall) * (size_t)cfg->n_aggs);

    Type *key_types = ARENA_ARRAY(ctx->arena, Type, cfg->n_keys + 1);
    for (int c = 0; c < cfg->n_keys; c++) key_types[c] = cfg->keys[c]->type;
    a->key_scratch = ARENA_ARRAY(ctx->arena, Vector, cfg->n_keys + 1);
    a->key_vecs = ARENA_ARRAY(ctx->arena, const Vector *, cfg->n_keys + 1);
    a->st = ARENA_ARRAY(ctx->arena, AggState, cfg->n_aggs + 1);
    a->n_out = out->n;
    a->out_types = ARENA_ARRAY(ctx->arena, Type, out->n + 1);
    for (int i = 0; i < out->n; i++) a->out_types[i] = out->cols[i].type;
    for (uint32_t k = 0; k < BATCH_CAP; k++) a->identity[k] = k;

    a->table = agg_table_new(key_types, cfg->n_keys);
    a->state = arena_new();
    strheap_init(&a->strings, a->state);
    a->out_arena = arena_new();
    for (int i = 0; i < cfg->n_aggs; i++) {
        if (state_init(ctx, &a->st[i], &cfg->aggs[i]) < 0) {
            a->cfg.n_aggs = i + 1;
            agg_destroy(&a->base);
            return NULL;
        }
    }
    if (cfg->n_keys == 0) seed_global_group(a);
    return &a->base;
}
