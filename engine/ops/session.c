/* session — session-window aggregation (SessionWindow), as Spark's
 * session_window.
 *
 * Each row opens the interval [t, t + gap) (gap per row: a dynamic gap is
 * any INTERVAL expression). Per partition key, intervals that overlap or
 * touch form one session [min t, max t + gap): a row whose start is at
 * most a session's end joins it, so rows exactly `gap` apart are one
 * session (Spark merges when the next start <= the current end; Flink's
 * TimeWindow.intersects is the same). A row may extend a session, or
 * bridge several, which merge into the earliest (their aggregate states
 * are folded in start order: first() keeps the earliest session's, last()
 * takes the latest's; DISTINCT sets are united).
 *
 * State: an AggTable maps the partition keys to a partition id; each
 * partition keeps its open sessions in an array sorted by start (they
 * neither overlap nor touch, so ends are sorted too, and a row finds its place by
 * binary search; in-order rows hit the last session at once). Sessions
 * have dense ids indexing the aggregate state (agg_acc) and per-session
 * arrays; a merged-away or evicted session leaves a hole until holes
 * outnumber live sessions and everything is renumbered.
 *
 * push assigns rows one by one (merges depend on order), then updates the
 * aggregates a batch at a time with the rows' final session ids. A
 * close index of session ends (agg_heap.h: ids in buckets per end time,
 * kept sorted) finds the sessions the watermark closed; ends are pushed
 * once per micro-batch per changed session, stale entries are skipped.
 *
 * Output order: partitions in first-seen order, then session start. In
 * UPDATE mode, the sessions merged away this micro-batch that had been
 * emitted come first as ROW_DELETE with the bounds last emitted (values
 * as of the merge: rows an earlier push of the same micro-batch gave them
 * are included), then the changed sessions as ROW_UPDATE. An extended
 * session is a ROW_UPDATE with its new bounds, not a retraction.
 *
 * Rows are late when time + gap <= ctx->watermark_late; sessions close
 * when end <= ctx->watermark. Neither applies in COMPLETE mode. */
#include <stdlib.h>
#include <string.h>

#include "engine/base/mem.h"
#include "agg_acc.h"
#include "engine/state/agg_heap.h"
#include "engine/state/agg_table.h"
#include "ops.h"

enum { SF_DEAD = 1, SF_TOUCHED = 2, SF_EMITTED = 4 };

typedef struct PartSess {
    uint32_t *sids;          /* open sessions by start */
    uint32_t n, cap;
} PartSess;

typedef struct SortEnt {
    uint32_t pid, sid;
    int64_t start;
} SortEnt;

typedef struct SessionOp {
    Op base;
    SessionConfig cfg;
    AggTable *table;         /* partition keys -> partition id */
    AccSet acc;              /* aggregate state by session id */
    Vector *key_scratch;
    const Vector **key_vecs;
    Vector time_scratch, gap_scratch;

    PartSess *parts;
    size_t parts_cap;
    size_t sids_cap;         /* sum of the partitions' cap (for metrics,
                                which memory_limit reads after every chunk) */

    /* Per session id. */
    uint32_t n_sess, live_sess;
    size_t sess_cap;
    uint32_t *spid;          /* partition */
    int64_t *sstart, *send;  /* bounds */
    int64_t *hend;           /* end last pushed on the heap */
    int64_t *em_start, *em_end;   /* bounds last emitted (UPDATE) */
    uint32_t *fwd;           /* itself, or the session it merged into */
    uint8_t *flags;          /* SF_* */

    uint32_t *touched;       /* sessions given rows this micro-batch */
    size_t n_touched, touched_cap;
    uint32_t *gone;          /* sessions merged away this micro-batch */
    size_t n_gone, gone_cap;
    uint32_t *closed;        /* sessions the watermark closed at this flush */
    size_t n_closed, closed_cap;
    SortEnt *order;          /* emission order scratch */
    size_t order_cap;

    CloseHeap heap;          /* (end, session) when watermarked */
    int64_t dropped_late;

    Arena *out_arena;
    Type *out_types;
    int n_out;

    uint32_t sel[BATCH_CAP], pids[BATCH_CAP], sids[BATCH_CAP], buf[BATCH_CAP];
    int64_t t[BATCH_CAP], e[BATCH_CAP];
} SessionOp;

/* The watermark rows are judged late against: the previous batch's (see
 * op.h), so rows an upstream operator emits because the watermark just
 * advanced are not late here; closing uses ctx->watermark. Both lag by
 * the operator's wm_delay_us (see op.h). */
static inline int64_t late_mark(const SessionOp *a) { return op_watermark_late(&a->base); }

static bool closes(const SessionOp *a)
{
    return a->cfg.watermarked && a->base.ctx->mode != MODE_COMPLETE;
}

#define APPEND_TO(arr, n, cap, x)                                      \
    do {                                                               \
        (arr) = xgrow((arr), &(cap), (n) + 1, sizeof *(arr));          \
        (arr)[(n)++] = (x);                                            \
    } while (0)

/* ---- sessions ------------------------------------------------------------ */

static void ensure_sessions(SessionOp *a, size_t need)
{
    acc_reserve(&a->acc, need);
    if (need <= a->sess_cap) return;
    size_t cap = a->sess_cap ? a->sess_cap : 64;
    while (cap < need) cap *= 2;
    a->spid = xrealloc(a->spid, cap * sizeof(uint32_t));
    a->sstart = xrealloc(a->sstart, cap * sizeof(int64_t));
    a->send = xrealloc(a->send, cap * sizeof(int64_t));
    a->hend = xrealloc(a->hend, cap * sizeof(int64_t));
    a->em_start = xrealloc(a->em_start, cap * sizeof(int64_t));
    a->em_end = xrealloc(a->em_end, cap * sizeof(int64_t));
    a->fwd = xrealloc(a->fwd, cap * sizeof(uint32_t));
    a->flags = xrealloc(a->flags, cap);
    a->sess_cap = cap;
}

static void ensure_parts(SessionOp *a, size_t from, size_t to)
{
    if (to > a->parts_cap) {
        size_t cap = a->parts_cap;
        a->parts = xgrow(a->parts, &cap, to, sizeof(PartSess));
        a->parts_cap = cap;
    }
    memset(a->parts + from, 0, (to - from) * sizeof(PartSess));
}

/* A new session [t, e) of partition p, at position pos of its array. */
static uint32_t new_session(SessionOp *a, uint32_t p, uint32_t pos, int64_t t, int64_t e)
{
    uint32_t s = a->n_sess++;
    ensure_sessions(a, a->n_sess);
    acc_reset(&a->acc, s, s + 1);
    a->spid[s] = p;
    a->sstart[s] = t;
    a->send[s] = e;
    a->hend[s] = INT64_MIN;
    a->fwd[s] = s;
    a->flags[s] = 0;
    a->live_sess++;
    PartSess *ps = &a->parts[p];
    if (ps->n == ps->cap) {
        a->sids_cap += ps->cap ? ps->cap : 2;
        ps->cap = ps->cap ? ps->cap * 2 : 2;
        ps->sids = xrealloc(ps->sids, ps->cap * sizeof(uint32_t));
    }
    memmove(ps->sids + pos + 1, ps->sids + pos, (ps->n - pos) * sizeof(uint32_t));
    ps->sids[pos] = s;
    ps->n++;
    return s;
}

/* The session of a row [t, e) of partition p: an existing one (extended,
 * or merged with the others the row bridges) or a new one. */
static uint32_t assign(SessionOp *a, uint32_t p, int64_t t, int64_t e)
{
    PartSess *ps = &a->parts[p];
    const uint32_t n = ps->n;
    if (n > 0) {                               /* fast path: at or after the last start */
        uint32_t last = ps->sids[n - 1];
        if (t >= a->sstart[last]) {
            if (t > a->send[last]) return new_session(a, p, n, t, e);
            if (e > a->send[last]) a->send[last] = e;
            return last;
        }
    }
    /* First session ending at or after t, then all that start at or
     * before e: those the row touches. */
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (a->send[ps->sids[mid]] >= t) hi = mid;
        else lo = mid + 1;
    }
    uint32_t i = lo, j = lo;
    while (j < n && a->sstart[ps->sids[j]] <= e) j++;
    if (i == j) return new_session(a, p, i, t, e);
    uint32_t s = ps->sids[i];
    if (t < a->sstart[s]) a->sstart[s] = t;
    int64_t end = a->send[ps->sids[j - 1]];
    a->send[s] = end > e ? end : e;
    for (uint32_t q = i + 1; q < j; q++) {     /* bridged: fold in start order */
        uint32_t v = ps->sids[q];
        acc_merge(&a->acc, s, v);
        a->flags[v] |= SF_DEAD;
        a->fwd[v] = s;
        a->live_sess--;
        APPEND_TO(a->gone, a->n_gone, a->gone_cap, v);
    }
    if (j - i > 1) {
        memmove(ps->sids + i + 1, ps->sids + j, (n - j) * sizeof(uint32_t));
        ps->n -= j - i - 1;
    }
    return s;
}

static uint32_t find(SessionOp *a, uint32_t s)
{
    while (a->fwd[s] != s) {
        a->fwd[s] = a->fwd[a->fwd[s]];      /* path halving */
        s = a->fwd[s];
    }
    return s;
}

/* ---- push ---------------------------------------------------------------- */

static const Vector *eval(const ExecCtx *ctx, const Expr *e, Batch *in, Vector *scratch)
{
    if (e->kind == EXPR_COLUMN) return &in->cols[e->column];
    expr_eval(&ctx->expr, e, in, scratch);
    return scratch;
}

/* Select into a->sel the rows with a time and a positive gap that are not
 * late; their intervals into a->t, a->e. Returns how many. */
static uint32_t select_rows(SessionOp *a, Batch *in)
{
    const ExecCtx *ctx = a->base.ctx;
    const Vector *tv = eval(ctx, a->cfg.time, in, &a->time_scratch);
    const Vector *gv = eval(ctx, a->cfg.gap, in, &a->gap_scratch);
    const int64_t *tt = VEC_I64(tv), *gg = VEC_I64(gv);
    const bool check = closes(a) && late_mark(a) != WATERMARK_NONE;
    const int64_t wm = late_mark(a);
    uint32_t m = 0;
    for (uint32_t k = 0; k < in->n_sel; k++) {
        uint32_t r = batch_row(in, k);
        uint32_t rt = tv->is_const ? 0 : r, rg = gv->is_const ? 0 : r;
        if (vec_is_null(tv, rt) || vec_is_null(gv, rg) || gg[rg] <= 0) continue;
        int64_t e;
        if (__builtin_add_overflow(tt[rt], gg[rg], &e)) continue;
        if (check && e <= wm) {
            a->dropped_late++;
            continue;
        }
        a->sel[m] = r;
        a->t[m] = tt[rt];
        a->e[m++] = e;
    }
    return m;
}

static OpStatus session_push(Op *op, Batch *in)
{
    SessionOp *a = (SessionOp *)op;
    if (in->n_sel == 0) return OP_OK;
    for (int c = 0; c < a->cfg.n_keys; c++)
        a->key_vecs[c] = eval(op->ctx, a->cfg.keys[c], in, &a->key_scratch[c]);
    uint32_t m = select_rows(a, in);
    if (m == 0) return OP_OK;
    Batch view = *in;
    view.sel = a->sel;
    view.n_sel = m;

    uint32_t before = agg_table_size(a->table);
    agg_table_probe(a->table, &view, a->key_vecs, a->pids);
    uint32_t size = agg_table_size(a->table);
    if (size > before) ensure_parts(a, before, size);

    size_t gone0 = a->n_gone;
    for (uint32_t k = 0; k < m; k++) a->sids[k] = assign(a, a->pids[k], a->t[k], a->e[k]);
    if (a->n_gone > gone0) {
        /* Rows of merged-away sessions go to the survivor; so do their
         * DISTINCT values, once fwd points straight at survivors. */
        for (uint32_t k = 0; k < m; k++) a->sids[k] = find(a, a->sids[k]);
        for (size_t i = gone0; i < a->n_gone; i++) find(a, a->gone[i]);
        acc_merge_distinct(&a->acc, a->fwd, a->n_sess);
    }
    acc_update(&a->acc, &op->ctx->expr, &view, a->sel, a->sids, m);
    for (uint32_t k = 0; k < m; k++) {
        uint32_t s = a->sids[k];
        if (a->flags[s] & SF_TOUCHED) continue;
        a->flags[s] |= SF_TOUCHED;
        APPEND_TO(a->touched, a->n_touched, a->touched_cap, s);
    }
    return OP_OK;
}

/* ---- emission ------------------------------------------------------------ */

/* Push sessions sids[0..n) (n <= BATCH_CAP) downstream; old_bounds: the
 * bounds last emitted instead of the current ones. */
static OpStatus emit_chunk(SessionOp *a, const uint32_t *sids, uint32_t n, RowKind kind,
                           bool old_bounds)
{
    if (n == 0) return OP_OK;
    const int nk = a->cfg.n_keys;
    Batch *out = batch_new(a->out_arena, a->out_types, a->n_out);
    batch_clear(out);
    uint32_t pids[BATCH_CAP];
    for (uint32_t k = 0; k < n; k++) pids[k] = a->spid[sids[k]];
    agg_table_emit_keys(a->table, pids, n, out);
    const int64_t *st = old_bounds ? a->em_start : a->sstart, *en = old_bounds ? a->em_end : a->send;
    for (uint32_t k = 0; k < n; k++) {
        VEC_I64(&out->cols[nk])[k] = st[sids[k]];
        VEC_I64(&out->cols[nk + 1])[k] = en[sids[k]];
    }
    for (int i = 0; i < a->cfg.n_aggs; i++)
        acc_emit(&a->acc, i, sids, n, &out->cols[nk + 2 + i], a->out_arena);
    out->n_rows = out->n_sel = n;
    out->kind = kind;
    OpStatus st_ = op_push(a->base.next, out);
    arena_reset(a->out_arena);
    return st_;
}

static int cmp_ent(const void *x, const void *y)
{
    const SortEnt *p = x, *q = y;
    if (p->pid != q->pid) return p->pid < q->pid ? -1 : 1;
    if (p->start != q->start) return p->start < q->start ? -1 : 1;
    return (p->sid > q->sid) - (p->sid < q->sid);
}

/* Emit sessions ids[0..n), skipping dead ones unless old_bounds, in
 * (partition, start) order. */
static OpStatus emit_sorted(SessionOp *a, const uint32_t *ids, size_t n, RowKind kind,
                            bool old_bounds)
{
    size_t m = 0;
    a->order = xgrow(a->order, &a->order_cap, n ? n : 1, sizeof(SortEnt));
    for (size_t i = 0; i < n; i++) {
        uint32_t s = ids[i];
        if (old_bounds ? !(a->flags[s] & SF_EMITTED) : (a->flags[s] & SF_DEAD) != 0) continue;
        a->order[m++] = (SortEnt){a->spid[s], s, old_bounds ? a->em_start[s] : a->sstart[s]};
    }
    qsort(a->order, m, sizeof(SortEnt), cmp_ent);
    for (size_t i = 0; i < m; i += BATCH_CAP) {
        uint32_t c = m - i < BATCH_CAP ? (uint32_t)(m - i) : BATCH_CAP;
        for (uint32_t k = 0; k < c; k++) a->buf[k] = a->order[i + k].sid;
        OpStatus st = emit_chunk(a, a->buf, c, kind, old_bounds);
        if (st != OP_OK) return st;
    }
    return OP_OK;
}

/* Emit every open session, partition by partition (already in order). */
static OpStatus emit_all(SessionOp *a, RowKind kind)
{
    uint32_t nb = 0, size = agg_table_size(a->table);
    for (uint32_t p = 0; p < size; p++) {
        const PartSess *ps = &a->parts[p];
        for (uint32_t i = 0; i < ps->n; i++) {
            a->buf[nb++] = ps->sids[i];
            if (nb == BATCH_CAP) {
                OpStatus st = emit_chunk(a, a->buf, nb, kind, false);
                if (st != OP_OK) return st;
                nb = 0;
            }
        }
    }
    return emit_chunk(a, a->buf, nb, kind, false);
}

static OpStatus emit_update(SessionOp *a)
{
    OpStatus st = emit_sorted(a, a->gone, a->n_gone, ROW_DELETE, true);
    if (st != OP_OK) return st;
    st = emit_sorted(a, a->touched, a->n_touched, ROW_UPDATE, false);
    for (size_t i = 0; i < a->n_touched; i++) {
        uint32_t s = a->touched[i];
        a->flags[s] |= SF_EMITTED;
        a->em_start[s] = a->sstart[s];
        a->em_end[s] = a->send[s];
    }
    return st;
}

/* Heap: the new ends of this micro-batch's sessions; then pop the ones
 * the watermark closed into a->closed. */
static void collect_closed(SessionOp *a)
{
    for (size_t i = 0; i < a->n_touched; i++) {
        uint32_t s = a->touched[i];
        if (!(a->flags[s] & SF_DEAD) && a->hend[s] != a->send[s]) {
            close_heap_push(&a->heap, a->send[s], s);
            a->hend[s] = a->send[s];
        }
    }
    const int64_t wm = op_watermark(&a->base);
    if (wm == WATERMARK_NONE || a->base.ctx->end_of_input) return;
    CloseEnt ce;
    while (close_heap_pop_le(&a->heap, wm, &ce)) {
        uint32_t s = ce.id;
        if (s < a->n_sess && !(a->flags[s] & SF_DEAD) && a->send[s] == ce.at)
            APPEND_TO(a->closed, a->n_closed, a->closed_cap, s);
    }
}

/* ---- eviction ------------------------------------------------------------ */

static void clear_state(SessionOp *a)
{
    uint32_t size = agg_table_size(a->table);
    for (uint32_t p = 0; p < size; p++) free(a->parts[p].sids);
    a->sids_cap = 0;
    agg_table_clear(a->table);
    acc_clear(&a->acc);
    a->n_sess = a->live_sess = 0;
    close_heap_clear(&a->heap);
}

/* Renumber live sessions 0..live-1 (in id order) and live partitions. */
static void compact(SessionOp *a)
{
    uint32_t old = a->n_sess, j = 0;
    uint32_t *map = xmalloc(sizeof(uint32_t) * (old ? old : 1));
    for (uint32_t s = 0; s < old; s++) {
        if (a->flags[s] & SF_DEAD) { map[s] = AGG_GROUP_NONE; continue; }
        map[s] = j;
        a->spid[j] = a->spid[s];
        a->sstart[j] = a->sstart[s];
        a->send[j] = a->send[s];
        a->hend[j] = a->hend[s];
        a->em_start[j] = a->em_start[s];
        a->em_end[j] = a->em_end[s];
        a->flags[j] = a->flags[s];
        a->fwd[j] = j;
        j++;
    }
    acc_compact(&a->acc, map, old, j);
    a->n_sess = j;
    close_heap_remap(&a->heap, map, old, AGG_GROUP_NONE);
    uint32_t np = agg_table_size(a->table);
    for (uint32_t p = 0; p < np; p++)
        for (uint32_t i = 0; i < a->parts[p].n; i++) a->parts[p].sids[i] = map[a->parts[p].sids[i]];
    if (agg_table_wants_compact(a->table)) {
        uint32_t *pmap = xrealloc(map, sizeof(uint32_t) * (np ? np : 1));
        uint32_t live = agg_table_compact(a->table, pmap);
        for (uint32_t p = 0; p < np; p++)
            if (pmap[p] != AGG_GROUP_NONE) a->parts[pmap[p]] = a->parts[p];
        memset(a->parts + live, 0, (np - live) * sizeof(PartSess));
        for (uint32_t s = 0; s < a->n_sess; s++) a->spid[s] = pmap[a->spid[s]];
        map = pmap;
    }
    free(map);
}

/* Drop the closed sessions; partitions left empty go too. */
static void evict(SessionOp *a)
{
    if (a->base.ctx->end_of_input) {
        clear_state(a);
        return;
    }
    for (size_t i = 0; i < a->n_closed; i++) {
        uint32_t s = a->closed[i];
        a->flags[s] |= SF_DEAD;
        a->live_sess--;
    }
    /* Closed sessions are a prefix of their partition (ends are sorted). */
    for (size_t i = 0; i < a->n_closed; i++) {
        uint32_t p = a->spid[a->closed[i]];
        PartSess *ps = &a->parts[p];
        uint32_t k = 0;
        while (k < ps->n && (a->flags[ps->sids[k]] & SF_DEAD)) k++;
        if (k == 0) continue;
        memmove(ps->sids, ps->sids + k, (ps->n - k) * sizeof(uint32_t));
        ps->n -= k;
        if (ps->n == 0) {
            a->sids_cap -= ps->cap;
            free(ps->sids);
            memset(ps, 0, sizeof *ps);
            agg_table_remove(a->table, p);
        }
    }
    if (a->live_sess == 0) clear_state(a);
    else if (a->n_sess - a->live_sess >= a->live_sess && a->n_sess - a->live_sess >= 64) compact(a);
}

static OpStatus session_flush(Op *op)
{
    SessionOp *a = (SessionOp *)op;
    const ExecCtx *ctx = op->ctx;
    OpStatus st = OP_OK;
    a->n_closed = 0;
    if (closes(a)) collect_closed(a);
    switch (ctx->mode) {
    case MODE_COMPLETE: st = emit_all(a, ROW_SNAPSHOT); break;
    case MODE_UPDATE: st = emit_update(a); break;
    case MODE_APPEND:
        st = ctx->end_of_input ? emit_all(a, ROW_INSERT)
                               : emit_sorted(a, a->closed, a->n_closed, ROW_INSERT, false);
        break;
    }
    for (size_t i = 0; i < a->n_touched; i++) a->flags[a->touched[i]] &= (uint8_t)~SF_TOUCHED;
    a->n_touched = 0;
    a->n_gone = 0;
    if (st == OP_ERROR) return st;
    if (ctx->mode != MODE_COMPLETE) evict(a);
    a->n_closed = 0;
    return op_flush(op->next);
}

/* ---- EXPLAIN, metrics, lifetime ------------------------------------------ */

static void session_describe(const Op *op, StrBuf *out)
{
    const SessionOp *a = (const SessionOp *)op;
    sb_puts(out, "time=");
    expr_print(a->cfg.time, out);
    sb_puts(out, " gap=");
    expr_print(a->cfg.gap, out);
    sb_puts(out, " keys=[");
    for (int c = 0; c < a->cfg.n_keys; c++) {
        if (c) sb_puts(out, ", ");
        expr_print(a->cfg.keys[c], out);
    }
    sb_puts(out, "] aggs=[");
    acc_describe(&a->acc, out);
    sb_putc(out, ']');
}

static void session_metrics(const Op *op, OpMetrics *m)
{
    const SessionOp *a = (const SessionOp *)op;
    size_t bytes = agg_table_bytes(a->table) + acc_bytes(&a->acc) +
                   a->sess_cap * (4 + 5 * 8 + 4 + 1) + a->parts_cap * sizeof(PartSess) +
                   close_heap_bytes(&a->heap);
    bytes += a->sids_cap * sizeof(uint32_t);
    m->state_rows = a->live_sess;
    m->state_bytes = (int64_t)bytes;
    m->rows_dropped_late = a->dropped_late;
}

static void session_destroy(Op *op)
{
    SessionOp *a = (SessionOp *)op;
    uint32_t np = agg_table_size(a->table);
    for (uint32_t p = 0; p < np; p++) free(a->parts[p].sids);
    free(a->parts);
    free(a->spid); free(a->sstart); free(a->send); free(a->hend);
    free(a->em_start); free(a->em_end); free(a->fwd); free(a->flags);
    free(a->touched); free(a->gone); free(a->closed); free(a->order);
    close_heap_free(&a->heap);
    acc_free(&a->acc);
    agg_table_free(a->table);
    arena_free(a->out_arena);
}

static bool session_bounded(const Op *op)
{
    return ((const SessionOp *)op)->cfg.watermarked;
}

static const OpVtab session_vtab = {
    .name = "SessionWindow",
    .stateful = true,
    .push = session_push,
    .flush = session_flush,
    .describe = session_describe,
    .metrics = session_metrics,
    .bounded = session_bounded,
    .destroy = session_destroy,
};

Op *op_session_new(ExecCtx *ctx, Op *next, const Schema *in, const SessionConfig *cfg,
                   const Schema *out)
{
    (void)in;
    if (cfg->n_keys > AGG_MAX_KEYS) {
        diag_error(ctx->diag, SPAN_NONE, "too many grouping keys (%d, at most %d)",
                   cfg->n_keys, AGG_MAX_KEYS);
        return NULL;
    }
    if (cfg->time->type != TYPE_TIMESTAMP) {
        diag_error(ctx->diag, cfg->time->span, "a session window needs a TIMESTAMP, not %s",
                   type_name(cfg->time->type));
        return NULL;
    }
    if (cfg->gap->type != TYPE_INTERVAL) {
        diag_error(ctx->diag, cfg->gap->span, "a session gap must be an INTERVAL, not %s",
                   type_name(cfg->gap->type));
        return NULL;
    }
    SessionOp *a = ARENA_NEW(ctx->arena, SessionOp);
    if (acc_init(&a->acc, ctx, cfg->aggs, cfg->n_aggs) < 0) return NULL;
    a->base.vt = &session_vtab;
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
    a->n_out = out->n;
    a->out_types = ARENA_ARRAY(ctx->arena, Type, out->n + 1);
    for (int i = 0; i < out->n; i++) a->out_types[i] = out->cols[i].type;
    a->table = agg_table_new(key_types, cfg->n_keys, -1, 0);
    a->out_arena = arena_new();
    return &a->base;
}
