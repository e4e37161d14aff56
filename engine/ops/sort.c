/* sort — ORDER BY [LIMIT] over one micro-batch (Sort).
 *
 * Buffers every row pushed during a micro-batch in a RowStore (copies,
 * so input batches may die), and at flush sorts row numbers with a stable
 * merge sort on the SortKeys, emits at most `limit` rows in batches of
 * BATCH_CAP and forwards the flush; the buffer is then cleared. The
 * output rows carry the kind of the last batch pushed in the micro-batch
 * (Sort runs after a COMPLETE aggregation: ROW_SNAPSHOT).
 *
 * Order: value_compare's (numbers numerically, TEXT bytewise, false <
 * true), with NaN above every other double as in Spark; NULLs placed by
 * each key's nulls_first, whatever its direction. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/base/mem.h"
#include "ops.h"
#include "engine/state/rowstore.h"

typedef struct SortOp {
    Op base;
    SortKey *keys;
    int n_keys;
    int64_t limit;           /* -1: all */
    RowStore *rows;
    RowKind kind;
    Type *types;
    Arena *out_arena;        /* output batches, reset after each push */
} SortOp;

static OpStatus sort_push(Op *op, Batch *in)
{
    SortOp *s = (SortOp *)op;
    rowstore_append(s->rows, in);
    s->kind = in->kind;
    return OP_OK;
}

static inline int cmp_f64(double x, double y)
{
    if (isnan(x) || isnan(y)) return isnan(x) - isnan(y);
    return (x > y) - (x < y);
}

static int cmp_rows(const SortOp *s, uint32_t a, uint32_t b)
{
    const RowStore *rs = s->rows;
    for (int i = 0; i < s->n_keys; i++) {
        const SortKey *k = &s->keys[i];
        int c = k->column;
        bool na = rowstore_is_null(rs, a, c), nb = rowstore_is_null(rs, b, c);
        if (na || nb) {
            if (na && nb) continue;
            return (na ? -1 : 1) * (k->nulls_first ? 1 : -1);
        }
        const void *x = rowstore_cell(rs, a, c), *y = rowstore_cell(rs, b, c);
        int r;
        switch (rs->types[c]) {
        case TYPE_TEXT: {
            Str p, q;
            memcpy(&p, x, sizeof p);
            memcpy(&q, y, sizeof q);
            uint32_t m = p.len < q.len ? p.len : q.len;
            r = m ? memcmp(p.ptr, q.ptr, m) : 0;
            r = r ? (r > 0) - (r < 0) : (p.len > q.len) - (p.len < q.len);
            break;
        }
        case TYPE_DOUBLE: {
            double p, q;
            memcpy(&p, x, 8);
            memcpy(&q, y, 8);
            r = cmp_f64(p, q);
            break;
        }
        case TYPE_BOOL: r = (int)*(const uint8_t *)x - (int)*(const uint8_t *)y; break;
        case TYPE_NULL: r = 0; break;
        default: {
            int64_t p, q;
            memcpy(&p, x, 8);
            memcpy(&q, y, 8);
            r = (p > q) - (p < q);
            break;
        }
        }
        if (r) return k->desc ? -r : r;
    }
    return 0;
}

/* Stable bottom-up merge sort of idx[0..n) (tmp has room for n). */
static void merge_sort(const SortOp *s, uint32_t *idx, uint32_t *tmp, size_t n)
{
    uint32_t *src = idx, *dst = tmp;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi) dst[o++] = cmp_rows(s, src[j], src[i]) < 0 ? src[j++] : src[i++];
            while (i < mid) dst[o++] = src[i++];
            while (j < hi) dst[o++] = src[j++];
        }
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != idx) memcpy(idx, src, n * sizeof(uint32_t));
}

static OpStatus sort_flush(Op *op)
{
    SortOp *s = (SortOp *)op;
    size_t n = rowstore_count(s->rows);
    OpStatus st = OP_OK;
    if (n > 0) {
        uint32_t *idx = xmalloc(n * sizeof(uint32_t)), *tmp = xmalloc(n * sizeof(uint32_t));
        for (size_t i = 0; i < n; i++) idx[i] = (uint32_t)i;
        merge_sort(s, idx, tmp, n);
        size_t emit = s->limit >= 0 && (uint64_t)s->limit < n ? (size_t)s->limit : n;
        for (size_t i = 0; i < emit && st == OP_OK; i += BATCH_CAP) {
            uint32_t m = (uint32_t)(emit - i < BATCH_CAP ? emit - i : BATCH_CAP);
            Batch *out = batch_new(s->out_arena, s->types, s->rows->n_cols);
            rowstore_fill(s->rows, idx + i, m, out);
            out->kind = s->kind;
            st = op_push(op->next, out);
            arena_reset(s->out_arena);
        }
        free(idx);
        free(tmp);
        rowstore_clear(s->rows);
    }
    if (st == OP_ERROR) return st;
    return op_flush(op->next);
}

static void sort_describe(const Op *op, StrBuf *out)
{
    const SortOp *s = (const SortOp *)op;
    sb_puts(out, "keys=[");
    for (int i = 0; i < s->n_keys; i++) {
        const SortKey *k = &s->keys[i];
        const char *name = op->out.cols[k->column].name;
        if (i) sb_puts(out, ", ");
        if (name) sb_puts(out, name);
        else sb_printf(out, "#%d", k->column);
        sb_printf(out, " %s NULLS %s", k->desc ? "DESC" : "ASC", k->nulls_first ? "FIRST" : "LAST");
    }
    sb_putc(out, ']');
    if (s->limit >= 0) sb_printf(out, ", limit=%lld", (long long)s->limit);
}

static void sort_metrics(const Op *op, OpMetrics *m)
{
    const SortOp *s = (const SortOp *)op;
    m->state_rows = (int64_t)rowstore_count(s->rows);
    m->state_bytes = (int64_t)rowstore_bytes(s->rows);
}

static void sort_destroy(Op *op)
{
    SortOp *s = (SortOp *)op;
    rowstore_free(s->rows);
    arena_free(s->out_arena);
}

static const OpVtab sort_vtab = {
    .name = "Sort",
    .push = sort_push,
    .flush = sort_flush,
    .describe = sort_describe,
    .metrics = sort_metrics,
    .destroy = sort_destroy,
};

Op *op_sort_new(ExecCtx *ctx, Op *next, const Schema *in, const SortKey *keys,
                int n, int64_t limit)
{
    SortOp *s = ARENA_NEW(ctx->arena, SortOp);
    s->base.vt = &sort_vtab;
    s->base.next = next;
    s->base.ctx = ctx;
    s->base.out = *in;
    s->keys = ARENA_ARRAY(ctx->arena, SortKey, n + 1);
    if (n) memcpy(s->keys, keys, sizeof(SortKey) * (size_t)n);
    s->n_keys = n;
    s->limit = limit;
    s->kind = ROW_INSERT;
    s->types = ARENA_ARRAY(ctx->arena, Type, in->n + 1);
    for (int i = 0; i < in->n; i++) s->types[i] = in->cols[i].type;
    s->rows = rowstore_new(s->types, in->n);
    s->out_arena = arena_new();
    return &s->base;
}
