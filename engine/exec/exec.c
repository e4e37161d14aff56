/* exec — runs one query micro-batch by micro-batch (see exec.h). */
#include "exec.h"
#include "engine/base/mem.h"
#include "engine/base/timeutil.h"
#include "engine/io/input.h"
#include "memcheck.h"
#include "engine/ops/ops.h"
#include "physical.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* A micro-batch keeps taking input while more arrives within this idle
 * gap (so a fast producer fills big batches instead of one per 64 KiB pipe
 * buffer), but never for longer than BATCH_MAX_MS. Inputs without a
 * descriptor (files, directories) are polled every TIMER_MS. */
enum { BATCH_IDLE_MS = 2, BATCH_MAX_MS = 100, TIMER_MS = 100 };

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * US_PER_SEC + ts.tv_nsec / 1000;
}

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* One input of the running query. */
typedef struct InputRun {
    const PhysInput *pi;
    Input *in;                 /* NULL for VALUES */
    Batch *batch;              /* chunk buffer, reused */
    int64_t max_rows;          /* per micro-batch; INT64_MAX = unlimited */
    int64_t rows;              /* taken in the current micro-batch */
    bool exhausted;
    int64_t max_event;         /* largest event time seen, INT64_MIN before any */
    int64_t jump_us;           /* this batch's largest jump of max_event (0: none
                                  over the warning threshold) */
    int64_t jump_from, jump_to;
    StrBuf jump_row;           /* the row that made it, as text */
    int stdin_fd;              /* its own copy of standard input, or -1 */
} InputRun;

struct QueryRun {
    const Query *q;
    const ExecEnv *env;
    ExecCtx ctx;
    Physical ph;
    ExecOutput out;
    InputRun inputs[PHYS_MAX_INPUTS];
    int n_inputs;
    Arena *chunk_arena;        /* strings of the current chunk */
    BatchProgress prog;
    int64_t next_watermark;    /* in force from the next batch */
    int64_t next_trigger;      /* processing-time trigger, 0 = not started */
    int64_t out_before;        /* rows output before the current batch */
    bool pending_nodata;       /* the watermark moved: run a batch without data */
    bool done;
    double last_start;         /* when the previous batch began (ms, monotonic) */
    int64_t dropped_total;     /* rows dropped as late, over all batches */
    int64_t bad_total;         /* bad records, over all batches */
    RowErrors row_errors;      /* failed CASTs, overflows, regex give-ups (ctx.expr.errors) */
    MemCheck mem;              /* its share of memory_limit */
};

static bool interrupted(const QueryRun *r)
{
    return r->env->interrupt && *r->env->interrupt;
}

static bool aborted(const QueryRun *r)
{
    return r->ctx.expr.abort && *r->ctx.expr.abort;
}

/* Stop mid-batch: what the batch has not written yet is dropped (a sink
 * drops its uncommitted rows at close). */
static ExecState stop_now(QueryRun *r, Diag *d)
{
    if (r->out.console) render_discard(r->out.console);
    diag_clear(d);
    r->done = true;
    return EXEC_STOPPED;
}

static bool all_exhausted(const QueryRun *r)
{
    for (int i = 0; i < r->n_inputs; i++)
        if (!r->inputs[i].exhausted) return false;
    return true;
}

/* ---- watermarks -------------------------------------------------------- */

/* The far-future guard. One row with a wrong, far-future time (year 9999
 * for 2023) moves the event-time maximum, and with it the watermark, so
 * far ahead that every later row is dropped as late. Spark and Flink
 * accept it silently; sluice keeps the row (same results) but says so:
 * a row whose event time is more than watermark_jump_warning (default 1
 * day; 0 = off) after the maximum of the rows before it is noted, and at
 * the end of the batch the largest such jump is reported on err, once. */
static void note_jump(InputRun *ir, uint32_t row, int64_t from, int64_t to)
{
    uint64_t jump = (uint64_t)to - (uint64_t)from;
    if (jump <= (uint64_t)ir->jump_us) return;
    ir->jump_us = jump > INT64_MAX ? INT64_MAX : (int64_t)jump;
    ir->jump_from = from;
    ir->jump_to = to;
    const Schema *sc = &ir->pi->def->schema;
    sb_reset(&ir->jump_row);
    for (int c = 0; c < sc->n; c++) {
        if (ir->pi->needed && !ir->pi->needed[c] && c != ir->pi->wm_column) continue;
        Value val = vec_get(&ir->batch->cols[c], row);
        sb_printf(&ir->jump_row, "%s%s = ", ir->jump_row.len ? ", " : "", sc->cols[c].name);
        value_format(&val, &ir->jump_row);
    }
}

/* The largest of a chunk's event times, or `mx` (a loop that vectorizes). */
static int64_t chunk_max(const Vector *v, uint32_t n, int64_t mx)
{
    const int64_t *t = VEC_I64(v);
    if (!v->valid) {
        for (uint32_t i = 0; i < n; i++) mx = t[i] > mx ? t[i] : mx;
    } else {
        for (uint32_t i = 0; i < n; i++)
            if (!vec_is_null(v, i) && t[i] > mx) mx = t[i];
    }
    return mx;
}

/* Fold a chunk's event times into its input's maximum. A row more than
 * warn_us past the maximum before it is a jump (note_jump); since that
 * maximum only grows, a chunk can hold one only when its own maximum is
 * that far past the input's, or when the input had no maximum yet, and
 * only then are its rows walked one by one. */
static void observe_event_times(InputRun *ir, int64_t warn_us)
{
    const Vector *v = &ir->batch->cols[ir->pi->wm_column];
    uint32_t n = ir->batch->n_rows;
    int64_t mx = ir->max_event;
    int64_t top = chunk_max(v, n, mx);
    bool may_jump = warn_us > 0 && top != mx &&
                    (mx == INT64_MIN || (uint64_t)top - (uint64_t)mx > (uint64_t)warn_us);
    if (may_jump) {
        const int64_t *t = VEC_I64(v);
        for (uint32_t i = 0; i < n; i++) {
            if (t[i] <= mx || (v->valid && vec_is_null(v, i))) continue;
            if (mx != INT64_MIN && (uint64_t)t[i] - (uint64_t)mx > (uint64_t)warn_us)
                note_jump(ir, i, mx, t[i]);
            mx = t[i];
        }
    }
    ir->max_event = top;
}

/* The warning for the largest jump of the batch just ended, if any. */
static void report_jumps(QueryRun *r)
{
    InputRun *worst = NULL;
    for (int i = 0; i < r->n_inputs; i++)
        if (r->inputs[i].jump_us > 0 && (!worst || r->inputs[i].jump_us > worst->jump_us))
            worst = &r->inputs[i];
    if (worst && r->env->err) {
        char from[48], to[48], wm[48];
        StrBuf jump = STRBUF_INIT;
        time_format_interval(worst->jump_us, &jump);
        time_format_timestamp_buf(worst->jump_from, from);
        time_format_timestamp_buf(worst->jump_to, to);
        time_format_timestamp_buf(worst->jump_to - worst->pi->wm_delay_us, wm);
        const InputDef *def = worst->pi->def;
        fprintf(r->env->err,
                "warning: batch %lld: a row of %s %s moved its event-time maximum %s ahead, "
                "from %s to %s (%s); its watermark follows, so rows before %s will be dropped "
                "as late (SET watermark_jump_warning = '0' turns this warning off)\n",
                (long long)r->ctx.batch_id, def->is_stream ? "stream" : "table", def->name,
                sb_str(&jump), from, to, sb_str(&worst->jump_row), wm);
        fflush(r->env->err);
        sb_free(&jump);
    }
    for (int i = 0; i < r->n_inputs; i++) r->inputs[i].jump_us = 0;
}

/* The query's watermark from its inputs' maxima: the minimum (or, with
 * watermark_policy = 'max', the maximum) over watermarked inputs; none
 * while a watermarked input has seen no data under the min policy. It
 * never moves back. */
static void update_watermark(QueryRun *r)
{
    int64_t wm = WATERMARK_NONE;
    bool any = false;
    for (int i = 0; i < r->n_inputs; i++) {
        const InputRun *ir = &r->inputs[i];
        if (ir->pi->wm_column < 0) continue;
        if (ir->max_event == INT64_MIN) {
            if (!r->q->watermark_max) return;
            continue;
        }
        int64_t w = ir->max_event - ir->pi->wm_delay_us;
        if (!any) wm = w;
        else wm = r->q->watermark_max ? (w > wm ? w : wm) : (w < wm ? w : wm);
        any = true;
    }
    if (any && (r->next_watermark == WATERMARK_NONE || wm > r->next_watermark))
        r->next_watermark = wm;
}

/* ---- batches ---------------------------------------------------------------- */

/* Runs as one batch over inputs read to their end: a query over tables,
 * or EMIT FINAL over bounded streams. */
static bool one_shot(const Query *q) { return q->is_static || q->run_once; }

/* Start a micro-batch: its number, processing time and watermarks. */
static void start_batch(QueryRun *r)
{
    const Query *q = r->q;
    r->ctx.expr.now_us = q->clock_simulated ? q->clock_start_us + r->ctx.batch_id * q->clock_step_us
                                            : now_us();
    r->ctx.expr.batch_id = r->ctx.batch_id;
    r->ctx.watermark_late = r->ctx.watermark;
    r->ctx.watermark = r->next_watermark;
    if (r->out.console) {
        r->out_before = render_row_count(r->out.console);
        render_begin(r->out.console, one_shot(q) ? -1 : r->ctx.batch_id);
    } else {
        r->out_before = sink_rows_written(r->out.writer);
        sink_begin(r->out.writer, r->ctx.batch_id);
    }
}

static int64_t rows_output(const QueryRun *r)
{
    return r->out.console ? render_row_count(r->out.console) : sink_rows_written(r->out.writer);
}

/* Read one chunk of input i. Returns rows, 0 if none now, -1 on error. */
static int read_chunk(QueryRun *r, InputRun *ir, Diag *d)
{
    int64_t left = ir->max_rows - ir->rows;
    uint32_t cap = left < (int64_t)BATCH_CAP ? (uint32_t)left : BATCH_CAP;
    if (!ir->in) {                          /* VALUES: one row, no columns */
        ir->exhausted = true;
        batch_clear(ir->batch);
        ir->batch->n_rows = ir->batch->n_sel = 1;
        return 1;
    }
    arena_reset(r->chunk_arena);
    ir->batch->arena = r->chunk_arena;
    bool eof = false;
    int n = input_next(ir->in, ir->batch, cap, &eof, d);
    if (eof) ir->exhausted = true;
    /* The jump warning only where the watermark drops rows. */
    if (n > 0 && ir->pi->wm_column >= 0)
        observe_event_times(ir, r->ph.uses_watermark ? r->q->wm_jump_warn_us : 0);
    return n;
}

/* State and counters summed over operators and inputs (totals so far). */
static void collect_metrics(const QueryRun *r, OpMetrics *m, int64_t *bad)
{
    *m = (OpMetrics){0};
    *bad = 0;
    for (int i = 0; i < r->ph.n_ops; i++) {
        const Op *op = r->ph.ops[i];
        if (!op->vt->metrics || r->ph.batch_op[i]) continue;
        OpMetrics om = {0};
        op->vt->metrics(op, &om);
        m->state_rows += om.state_rows;
        m->state_bytes += om.state_bytes;
        m->rows_dropped_late += om.rows_dropped_late;
    }
    for (int i = 0; i < r->n_inputs; i++)
        if (r->inputs[i].in) *bad += input_bad_records(r->inputs[i].in);
    *bad += r->row_errors.total;
}

/* Row errors of expressions since the last call: reported like bad
 * records (the first ROW_ERRORS_SHOWN lines of a batch, then a count), or
 * the query's error under on_error = 'fail'. Returns -1 then. */
static int report_row_errors(QueryRun *r, Diag *d)
{
    RowErrors *e = &r->row_errors;
    if (e->batch == 0) return 0;
    long long batch = (long long)r->ctx.batch_id;
    if (r->row_errors.fail) {
        Str msg = expr_row_error_first(e);
        diag_error(d, SPAN_NONE, "row error in batch %lld: %.*s", batch, (int)msg.len, msg.ptr);
        diag_hint(d, "the query stopped because an input has on_error = 'fail'");
    } else {
        FILE *f = r->env->err ? r->env->err : stderr;
        int i = 0;
        for (const char *p = sb_str(&e->shown); *p; i++) {
            size_t n = strcspn(p, "\n");
            fprintf(f, "warning: row error in batch %lld: %.*s (%s)\n", batch, (int)n, p, e->effects[i]);
            p += n + (p[n] == '\n');
        }
        if (e->batch > ROW_ERRORS_SHOWN)
            fprintf(f, "warning: %lld more row errors in batch %lld\n",
                    (long long)(e->batch - ROW_ERRORS_SHOWN), batch);
        fflush(f);
    }
    e->batch = 0;
    sb_reset(&e->shown);
    return r->row_errors.fail ? -1 : 0;
}

/* Progress of the batch just flushed: state now, drops and bad records
 * of this batch (Spark's numRowsDroppedByWatermark is per batch). */
static void record_progress(QueryRun *r)
{
    OpMetrics m;
    int64_t bad;
    collect_metrics(r, &m, &bad);
    r->prog.state_rows = m.state_rows;
    r->prog.state_bytes = m.state_bytes;
    r->prog.dropped_late = m.rows_dropped_late - r->dropped_total;
    r->prog.bad_records = bad - r->bad_total;
    r->dropped_total = m.rows_dropped_late;
    r->bad_total = bad;
}

/* -1 with d set when the line cannot be written (stderr on a full disk):
 * the query ends, like one whose results cannot be written. */
static int report_progress(const QueryRun *r, Diag *d)
{
    FILE *f = r->env->progress;
    if (!f) return 0;
    const BatchProgress *p = &r->prog;
    char wm[48] = "none";
    if (p->watermark != WATERMARK_NONE) time_format_timestamp_buf(p->watermark, wm);
    fprintf(f, "progress: query %lld batch %lld: %lld input rows (%.0f rows/s in, %.0f rows/s processed), "
               "%lld output rows, %.3f ms, watermark %s, state %lld rows / %lld bytes, "
               "%lld dropped by watermark, %lld bad records\n",
            (long long)p->query_id, (long long)p->batch_id, (long long)p->input_rows,
            p->input_rows_per_s, p->processed_rows_per_s, (long long)p->output_rows, p->duration_ms, wm,
            (long long)p->state_rows, (long long)p->state_bytes, (long long)p->dropped_late,
            (long long)p->bad_records);
    if (fflush(f) == 0 && !ferror(f)) return 0;
    return diag_error(d, SPAN_NONE, "cannot write progress to standard error: %s",
                      strerror(errno ? errno : EIO));
}

/* Count the query's memory (memcheck.h): operator state, and the read
 * buffers and chunk strings here. -1 with d filled when over the limit. */
static int check_memory(QueryRun *r, Diag *d)
{
    if (!r->env->mem) return 0;
    int64_t extra = (int64_t)arena_reserved(r->chunk_arena);
    for (int i = 0; i < r->n_inputs; i++)
        if (r->inputs[i].in) extra += input_buffer_bytes(r->inputs[i].in);
    MemCheckEnv env = {.ph = &r->ph, .mode = r->q->mode, .is_static = r->q->is_static,
                       .query_id = r->env->query_id, .err = r->env->err};
    return memcheck_run(&r->mem, r->env->mem, &env, extra, d);
}

/* Flush the pipeline at the end of a batch, and record its progress. */
static int finish_batch(QueryRun *r, int64_t rows, double start, bool final)
{
    r->ctx.end_of_input = final;
    /* Flush every input's pipeline; operators fed by several inputs
     * (joins) flush downstream once all of them have. The static side of
     * a join was flushed once, at the end of its preload. */
    for (int i = 0; i < r->n_inputs; i++)
        if (!r->inputs[i].pi->preload && op_flush(r->inputs[i].pi->entry) == OP_ERROR) return -1;
    if (report_row_errors(r, r->ctx.diag) < 0) return -1;
    if (check_memory(r, r->ctx.diag) < 0) return -1;
    double ms = mono_ms() - start;
    r->prog.batch_id = r->ctx.batch_id;
    r->prog.watermark = r->ctx.watermark;
    r->prog.input_rows = rows;
    r->prog.output_rows = rows_output(r) - r->out_before;
    r->prog.duration_ms = ms;
    /* Spark's two rates: arrival (since the previous batch began) and
     * processing (this batch's own duration). */
    double since = r->last_start > 0 ? start - r->last_start : ms;
    r->prog.input_rows_per_s = since > 0 ? (double)rows * 1000.0 / since : 0;
    r->prog.processed_rows_per_s = ms > 0 ? (double)rows * 1000.0 / ms : 0;
    r->last_start = start;
    record_progress(r);
    if (report_progress(r, r->ctx.diag) < 0) return -1;
    report_jumps(r);
    r->ctx.batch_id++;
    update_watermark(r);
    /* COMPLETE mode neither closes nor evicts by the watermark, so a
     * batch without data would only print the same table again (Spark
     * runs none there either). */
    if (!final && r->ph.uses_watermark && r->q->mode != MODE_COMPLETE &&
        r->next_watermark != r->ctx.watermark)
        r->pending_nodata = true;
    return 0;
}

/* Wait up to ms for any input to become readable (or an interrupt). */
static void wait_inputs(QueryRun *r, int ms)
{
    if (r->env->pump_stdin) {
        /* Standard input reaches our inputs only through the tee. */
        r->env->pump_stdin(r->env->stdin_arg, ms < 10 ? ms : 10);
        ms = ms < 10 ? 0 : ms - 10;
    }
    struct pollfd fds[PHYS_MAX_INPUTS];
    int timeout = ms;
    int n = exec_wait(r, fds, PHYS_MAX_INPUTS, &timeout);
    if (timeout < 0 || timeout > ms) timeout = ms;
    poll(fds, (nfds_t)n, timeout);
}

/* Take what the inputs have now. Returns rows taken; *started says
 * whether the batch began (the first row arrived). */
static int64_t take_input(QueryRun *r, bool *started, double *start, Diag *d)
{
    bool is_static = one_shot(r->q);
    int64_t rows = 0;
    for (;;) {
        bool got = false;
        for (int i = 0; i < r->n_inputs; i++) {
            InputRun *ir = &r->inputs[i];
            if (ir->exhausted || ir->rows >= ir->max_rows) continue;
            int n = read_chunk(r, ir, d);
            if (n < 0) return -1;
            if (n == 0) continue;
            if (!*started) {
                *started = true;
                *start = mono_ms();
                start_batch(r);
            }
            got = true;
            ir->rows += n;
            rows += n;
            if (op_push(ir->pi->entry, ir->batch) == OP_ERROR) return -1;
            if (r->row_errors.fail && report_row_errors(r, d) < 0) return -1;
            if (check_memory(r, d) < 0) return -1;
        }
        if (aborted(r)) return -1;
        if (all_exhausted(r) || interrupted(r)) break;
        /* A continuous firehose still gets batch boundaries: results,
         * watermarks and eviction advance at least every BATCH_MAX_MS. */
        if (*started && !is_static && mono_ms() - *start > BATCH_MAX_MS) break;
        bool capped = true;
        for (int i = 0; i < r->n_inputs; i++)
            if (!r->inputs[i].exhausted && r->inputs[i].rows < r->inputs[i].max_rows) capped = false;
        if (capped) break;
        if (got) continue;
        if (is_static) {              /* one-shot: everything in one batch */
            wait_inputs(r, TIMER_MS);
            continue;
        }
        if (!*started || mono_ms() - *start > BATCH_MAX_MS) break;
        /* Standard input reaches the inputs through the session's tee:
         * move what has arrived before deciding the batch is over. */
        if (r->env->pump_stdin) r->env->pump_stdin(r->env->stdin_arg, 0);
        /* More arriving right behind? Then it belongs to this batch. */
        struct pollfd fds[PHYS_MAX_INPUTS];
        int timeout = -1;
        int nfd = exec_wait(r, fds, PHYS_MAX_INPUTS, &timeout);
        if (nfd == 0 || poll(fds, (nfds_t)nfd, BATCH_IDLE_MS) <= 0) break;
    }
    return rows;
}

/* At end of input, does some operator still hold rows it would emit:
 * groups and sessions in APPEND mode, unmatched outer-join rows in any? */
static bool pending_at_end(const QueryRun *r)
{
    for (int i = 0; i < r->ph.n_ops; i++) {
        const Op *op = r->ph.ops[i];
        if (!op->vt->stateful || !op->vt->metrics || r->ph.batch_op[i]) continue;
        OpMetrics m = {0};
        op->vt->metrics(op, &m);
        if (m.state_rows > 0 && (r->q->mode == MODE_APPEND || op->vt->emits_at_end)) return true;
    }
    return false;
}

ExecState exec_step(QueryRun *r, Diag *d)
{
    if (r->ctx.query_done) r->done = true;        /* LIMIT 0 on a stream */
    if (r->done) return EXEC_DONE;
    if (r->pending_nodata) {
        r->pending_nodata = false;
        double t0 = mono_ms();
        start_batch(r);
        if (finish_batch(r, 0, t0, false) < 0) return aborted(r) ? stop_now(r, d) : EXEC_FAILED;
        return EXEC_RAN;
    }
    const Query *q = r->q;
    if (q->trigger_us > 0 && !q->is_static) {
        int64_t t = now_us();
        if (r->next_trigger == 0) r->next_trigger = t;
        if (t < r->next_trigger) return EXEC_IDLE;
        while (r->next_trigger <= t) r->next_trigger += q->trigger_us;
    }
    for (int i = 0; i < r->n_inputs; i++) {
        r->inputs[i].rows = 0;
        if (r->inputs[i].in) input_begin_batch(r->inputs[i].in);
    }
    bool started = false;
    double start = 0;
    int64_t rows = take_input(r, &started, &start, d);
    if (rows < 0) return aborted(r) ? stop_now(r, d) : EXEC_FAILED;
    bool ended = all_exhausted(r);
    /* A one-shot result of part of the input would pass for the answer. */
    if (one_shot(q) && !ended && interrupted(r)) return stop_now(r, d);
    bool final = ended && (q->flush_on_end || one_shot(q));
    if (!started && final && !one_shot(q)) {
        /* The input ended between batches: a last batch only when some
         * operator still holds rows waiting to become final. */
        final = pending_at_end(r);
    }
    if (!started && final) {
        started = true;
        start = mono_ms();
        start_batch(r);
    }
    if (started && finish_batch(r, rows, start, final) < 0) return aborted(r) ? stop_now(r, d) : EXEC_FAILED;
    if (ended || r->ctx.query_done) r->done = true;
    return started ? EXEC_RAN : r->done ? EXEC_DONE : EXEC_IDLE;
}

int exec_wait(QueryRun *r, struct pollfd *fds, int max, int *timeout_ms)
{
    int n = 0, timeout = -1;
    if (r->done || r->pending_nodata) {
        *timeout_ms = 0;
        return 0;
    }
    if (r->q->trigger_us > 0 && r->next_trigger > 0) {
        int64_t ms = (r->next_trigger - now_us()) / 1000;
        timeout = ms > 0 ? (int)(ms < INT32_MAX ? ms : INT32_MAX) : 0;
    }
    for (int i = 0; i < r->n_inputs; i++) {
        const InputRun *ir = &r->inputs[i];
        if (ir->exhausted) continue;
        int fd = ir->in ? input_fd(ir->in) : -1;
        if (fd >= 0 && n < max) {
            fds[n++] = (struct pollfd){.fd = fd, .events = POLLIN};
        } else if (timeout < 0 || timeout > TIMER_MS) {
            timeout = ir->in ? TIMER_MS : 0;
        }
    }
    *timeout_ms = timeout;
    return n;
}

/* ---- setup and teardown ------------------------------------------------- */

static int build(QueryRun *r, const Query *q, Arena *qa, Diag *d)
{
    r->q = q;
    r->ctx.arena = qa;
    r->ctx.mode = q->mode;
    r->ctx.watermark = r->ctx.watermark_late = WATERMARK_NONE;
    r->ctx.diag = d;
    r->ctx.expr.abort = r->env ? r->env->abort : NULL;
    r->next_watermark = WATERMARK_NONE;
    Op *sink = r->out.console ? op_sink_new(&r->ctx, r->out.console, &q->plan->schema)
                              : op_sink_writer_new(&r->ctx, r->out.writer, r->out.sink_name,
                                                   &q->plan->schema);
    return physical_build(&r->ctx, q->plan, sink, &r->ph, d);
}

static void destroy_ops(QueryRun *r)
{
    for (int i = 0; i < r->ph.n_ops; i++)
        if (r->ph.ops[i]->vt->destroy) r->ph.ops[i]->vt->destroy(r->ph.ops[i]);
}

static int open_input(QueryRun *r, InputRun *ir, const PhysInput *pi, Arena *qa, Diag *d)
{
    ir->pi = pi;
    ir->max_event = INT64_MIN;
    ir->max_rows = INT64_MAX;
    ir->stdin_fd = -1;
    const InputDef *def = pi->def;
    if (!def) {
        ir->batch = batch_new(qa, NULL, 0);
        return 0;
    }
    const char *conn = options_get(&def->options, "connector");
    if (conn && strcmp(conn, "stdin") == 0 && r->env->stdin_fd < 0) {
        diag_error(d, SPAN_NONE, "%s %s reads standard input, but standard input carries the statements",
                   def->is_stream ? "stream" : "table", def->name);
        diag_hint(d, "pass the statements with -e or -f and pipe the data: cat data.csv | sluice -f query.sql");
        return -1;
    }
    int fd = r->env->stdin_fd;
    if (conn && strcmp(conn, "stdin") == 0 && r->env->open_stdin) {
        if ((fd = ir->stdin_fd = r->env->open_stdin(r->env->stdin_arg, d)) < 0) return -1;
    }
    ir->in = input_open_interruptible(def, pi->needed, fd, r->env->err, r->env->interrupt, d);
    if (!ir->in) return -1;
    /* max_batch_rows cuts a stream's micro-batches; a table is read whole.
     * A processing-time trigger's batch takes everything that arrived since
     * the last one (up to 100 ms of reading), so no default cap there. */
    int64_t cap = input_max_batch_rows(ir->in, r->q->trigger_us == 0);
    if (cap > 0 && !one_shot(r->q) && !pi->preload) ir->max_rows = cap;
    if (r->q->run_once && !input_bounded(ir->in)) {
        diag_error(d, r->q->run_once_span, "EMIT FINAL on an aggregation without a watermark needs bounded inputs, "
                   "but stream %s never ends", def->name);
        diag_detail(d, "its connector keeps reading (tail, reconnect, an endless generator or a terminal)");
        diag_hint(d, "use EMIT UPDATE or EMIT COMPLETE, or group by a window on a column with a WATERMARK");
        return -1;
    }
    Type *types = ARENA_ARRAY(qa, Type, def->schema.n > 0 ? def->schema.n : 1);
    for (int i = 0; i < def->schema.n; i++) types[i] = def->schema.cols[i].type;
    ir->batch = batch_new(qa, types, def->schema.n);
    return 0;
}

/* Read the static side of a join to its end before the first batch,
 * and flush its pipeline once as a batch query: its aggregations emit
 * every group (APPEND at end of input), as Spark runs an aggregation over
 * static data as a batch aggregation (SPARK-19690). It is not flushed
 * again. */
static int preload(QueryRun *r, InputRun *ir, Diag *d)
{
    r->ctx.expr.now_us = now_us();
    while (!ir->exhausted) {
        if (interrupted(r))
            return diag_error(d, SPAN_NONE, "interrupted while reading table %s", ir->pi->def->name);
        int n = read_chunk(r, ir, d);
        if (n < 0) return -1;
        if (n > 0 && op_push(ir->pi->entry, ir->batch) == OP_ERROR) return -1;
        if (n > 0 && check_memory(r, d) < 0) return -1;
        if (n == 0 && !ir->exhausted) wait_inputs(r, TIMER_MS);
    }
    EmitMode mode = r->ctx.mode;
    r->ctx.mode = MODE_APPEND;
    r->ctx.end_of_input = true;
    OpStatus st = op_flush(ir->pi->entry);
    r->ctx.mode = mode;
    r->ctx.end_of_input = false;
    if (st == OP_ERROR) return -1;
    return report_row_errors(r, d);
}

QueryRun *exec_start(const Query *q, Arena *qa, ExecOutput out, const ExecEnv *env, Diag *d)
{
    QueryRun *r = xcalloc(1, sizeof *r);
    r->env = env;
    r->out = out;
    r->prog.query_id = env->query_id;
    r->prog.watermark = WATERMARK_NONE;
    r->chunk_arena = arena_new();
    if (build(r, q, qa, d) < 0) {
        exec_finish(r);
        return NULL;
    }
    r->n_inputs = r->ph.n_inputs;
    for (int i = 0; i < r->n_inputs; i++) r->inputs[i].stdin_fd = -1;
    for (int i = 0; i < r->n_inputs; i++) r->inputs[i].pi = &r->ph.inputs[i];
    for (int i = 0; i < r->n_inputs; i++) {
        if (open_input(r, &r->inputs[i], &r->ph.inputs[i], qa, d) < 0) {
            exec_finish(r);
            return NULL;
        }
        /* Some input has on_error = 'fail': a row error stops the query. */
        if (r->inputs[i].in && input_fails_on_error(r->inputs[i].in)) r->row_errors.fail = true;
    }
    r->ctx.expr.errors = &r->row_errors;
    for (int i = 0; i < r->n_inputs; i++) {
        if (r->inputs[i].pi->preload && preload(r, &r->inputs[i], d) < 0) {
            exec_finish(r);
            return NULL;
        }
    }
    return r;
}

void exec_finish(QueryRun *r)
{
    if (!r) return;
    for (int i = 0; i < r->n_inputs; i++) {
        sb_free(&r->inputs[i].jump_row);
        if (r->inputs[i].in) input_close(r->inputs[i].in);
        if (r->inputs[i].stdin_fd >= 0) r->env->close_stdin(r->env->stdin_arg, r->inputs[i].stdin_fd);
    }
    if (r->env) memcheck_release(&r->mem, r->env->mem);
    destroy_ops(r);
    physical_free(&r->ph);
    arena_free(r->chunk_arena);
    sb_free(&r->row_errors.shown);
    free(r);
}

const BatchProgress *exec_progress(const QueryRun *r) { return &r->prog; }

int64_t exec_batches(const QueryRun *r) { return r->ctx.batch_id; }

int exec_explain_physical(const Query *q, Arena *qa, const char *sink_name, StrBuf *out, Diag *d)
{
    QueryRun *r = xcalloc(1, sizeof *r);
    if (sink_name) r->out.sink_name = sink_name;    /* described, never written */
    else r->out.console = render_new(FORMAT_TABLE, stdout, &q->plan->schema);
    int rc = build(r, q, qa, d);
    if (rc == 0) physical_print(&r->ph, q->mode, out);
    destroy_ops(r);
    physical_free(&r->ph);
    if (r->out.console) render_free(r->out.console);
    free(r);
    return rc;
}
