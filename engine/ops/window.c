/* window — tumbling and sliding window assignment (Window).
 *
 * Adds window_start and window_end to every row, once per window that
 * contains the row's time. Windows are [s, s + size) with
 * s = offset + k * slide; a row at time t belongs to the windows whose
 * start is last - j * slide for j = 0, 1, ... while start + size > t,
 * last = offset + floor((t - offset) / slide) * slide being the latest
 * start <= t (floor division: negative times work). When slide divides
 * size that is size / slide windows per row, otherwise floor or ceil of
 * it, depending on t.
 *
 * Nothing is copied: for window number j (earliest first) the operator
 * pushes the input's own columns plus two computed vectors, with a
 * selection of the rows that have a window j. So a row with w windows
 * appears in w pushes, each of at most BATCH_CAP rows; output is ordered
 * by window number, then by input order. Rows with a NULL time are
 * dropped, as are times beyond +-2^62 us (about 146,000 years), whose
 * window bounds could overflow. */
#include <stdbool.h>

#include "engine/base/timeutil.h"
#include "ops.h"

#define TIME_LIMIT (INT64_C(1) << 62)     /* |t| above this: no window */
#define SPAN_LIMIT (INT64_C(1) << 60)     /* size and slide at most this */
#define MAX_WINDOWS 100000                /* windows of one row */

typedef struct WindowOp {
    Op base;
    Expr *time;
    int64_t size, slide, offset;          /* offset normalised into [0, slide) */
    uint32_t n_windows;                   /* most windows of one row: ceil(size/slide) */
    int n_in;
    Vector time_scratch;
    Vector *cols;                         /* output columns: input ones + start, end */
    Batch out;
    int64_t last[BATCH_CAP];              /* latest window start of each row */
    int64_t start[BATCH_CAP], end[BATCH_CAP];
    uint32_t rows[BATCH_CAP], sel[BATCH_CAP];
} WindowOp;

static OpStatus window_push(Op *op, Batch *in)
{
    WindowOp *w = (WindowOp *)op;
    const uint32_t n = in->n_sel;
    if (n == 0) return OP_OK;
    const Vector *tv = &w->time_scratch;
    if (w->time->kind == EXPR_COLUMN) tv = &in->cols[w->time->column];
    else expr_eval(&op->ctx->expr, w->time, in, &w->time_scratch);

    /* The rows that get windows, and their latest window start. */
    const int64_t *t = VEC_I64(tv);
    uint32_t m = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t r = batch_row(in, k), src = tv->is_const ? 0 : r;
        int64_t x = t[src];
        bool ok = !vec_is_null(tv, src) && x > -TIME_LIMIT && x < TIME_LIMIT;
        x = ok ? x : 0;                 /* NULL rows hold garbage */
        w->rows[m] = r;
        w->last[m] = w->offset + time_floor_div(x - w->offset, w->slide) * w->slide;
        m += ok;
    }
    if (m == 0) return OP_OK;

    w->out.n_rows = in->n_rows;
    w->out.arena = in->arena;
    w->out.kind = in->kind;
    /* Window j of a row starts at last - j * slide; earliest first. */
    for (uint32_t j = w->n_windows; j-- > 0;) {
        const int64_t back = (int64_t)j * w->slide;
        uint32_t ns = 0;
        for (uint32_t k = 0; k < m; k++) {
            uint32_t r = w->rows[k];
            int64_t s = w->last[k] - back;
            w->start[r] = s;
            w->end[r] = s + w->size;
            w->sel[ns] = r;
            ns += s + w->size > t[tv->is_const ? 0 : r];
        }
        if (ns == 0) continue;
        /* Afresh each time: the receiver may have narrowed or rewritten them. */
        for (int c = 0; c < w->n_in; c++) w->cols[c] = in->cols[c];
        w->cols[w->n_in] = (Vector){.type = TYPE_TIMESTAMP, .data = w->start};
        w->cols[w->n_in + 1] = (Vector){.type = TYPE_TIMESTAMP, .data = w->end};
        w->out.sel = w->sel;
        w->out.n_sel = ns;
        OpStatus st = op_push(op->next, &w->out);
        if (st != OP_OK) return st;
    }
    return OP_OK;
}

static void window_describe(const Op *op, StrBuf *out)
{
    const WindowOp *w = (const WindowOp *)op;
    sb_puts(out, "time=");
    expr_print(w->time, out);
    sb_puts(out, " size=");
    time_format_interval(w->size, out);
    if (w->slide != w->size) {
        sb_puts(out, " slide=");
        time_format_interval(w->slide, out);
    }
    if (w->offset) {
        sb_puts(out, " offset=");
        time_format_interval(w->offset, out);
    }
}

static const OpVtab window_vtab = {
    .name = "Window",
    .push = window_push,
    .flush = op_flush_forward,
    .describe = window_describe,
};

Op *op_window_new(ExecCtx *ctx, Op *next, const Schema *in, Expr *time,
                  int64_t size_us, int64_t slide_us, int64_t offset_us,
                  const Schema *out)
{
    if (size_us <= 0 || slide_us <= 0 || size_us > SPAN_LIMIT || slide_us > SPAN_LIMIT) {
        diag_error(ctx->diag, time->span, "window size and slide must be positive durations "
                   "of at most %lld days", (long long)(SPAN_LIMIT / US_PER_DAY));
        return NULL;
    }
    if (time->type != TYPE_TIMESTAMP && time->type != TYPE_INT64) {
        diag_error(ctx->diag, time->span, "a window needs a TIMESTAMP, not %s",
                   type_name(time->type));
        return NULL;
    }
    int64_t n_windows = (size_us + slide_us - 1) / slide_us;
    if (n_windows > MAX_WINDOWS) {
        diag_error(ctx->diag, time->span, "every row would fall into %lld windows (at most %d): "
                   "use a longer slide", (long long)n_windows, MAX_WINDOWS);
        return NULL;
    }
    WindowOp *w = ARENA_NEW(ctx->arena, WindowOp);
    w->base.vt = &window_vtab;
    w->base.next = next;
    w->base.ctx = ctx;
    w->base.out = *out;
    w->time = time;
    w->size = size_us;
    w->slide = slide_us;
    w->offset = time_floor_mod(offset_us, slide_us);
    w->n_windows = (uint32_t)n_windows;
    w->n_in = in->n;
    w->cols = ARENA_ARRAY(ctx->arena, Vector, in->n + 2);
    w->out.n_cols = in->n + 2;
    w->out.cols = w->cols;
    return &w->base;
}
