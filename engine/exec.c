/* exec — runs one query micro-batch by micro-batch (see exec.h). */
#include "exec.h"
#include "base/timeutil.h"
#include "io/input.h"
#include "ops/ops.h"
#include "physical.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A micro-batch keeps taking input while more arrives within this idle
 * gap (so a fast producer fills big batches instead of one per pipe
 * buffer), but never for longer than BATCH_MAX_MS. */
enum { BATCH_IDLE_MS = 2, BATCH_MAX_MS = 1000, WAIT_SLICE_MS = 100 };

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

typedef struct Run {
    const Query *q;
    const ExecEnv *env;
    ExecCtx ctx;
    Physical ph;
    Renderer *r;
    Input *input;              /* NULL for VALUES */
    Batch *batch;              /* input chunk, reused */
    Arena *chunk_arena;        /* strings of the current chunk */
    int64_t max_rows;          /* per micro-batch; INT64_MAX = unlimited */
    bool exhausted;
    bool values_done;
    BatchProgress prog;
} Run;

static bool interrupted(const Run *run)
{
    return run->env->interrupt && *run->env->interrupt;
}

static int parse_max_rows(const InputDef *def, int64_t *out, Diag *d)
{
    *out = INT64_MAX;
    const Option *o = options_find(&def->options, "max_batch_rows");
    if (!o) return 0;
    char *end;
    long long v = strtoll(o->value, &end, 10);
    if (*end || v <= 0)
        return diag_error(d, (Span){o->span_off, o->span_len},
                          "max_batch_rows must be a positive integer, not \"%s\"", o->value);
    *out = v;
    return 0;
}

/* Wait up to ms for the input to become readable (or an interrupt).
 * Inputs without a descriptor (files) are polled by sleeping. */
static void wait_input(Run *run, int ms)
{
    int fd = run->input ? input_fd(run->input) : -1;
    if (fd >= 0) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        poll(&p, 1, ms);
    } else {
        struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
}

/* Read one chunk into run->batch. Returns rows, 0 if none now, -1 error. */
static int read_chunk(Run *run, uint32_t cap, Diag *d)
{
    if (!run->input) {
        if (run->values_done) { run->exhausted = true; return 0; }
        run->values_done = true;
        run->exhausted = true;
        batch_clear(run->batch);
        run->batch->n_rows = run->batch->n_sel = 1;
        return 1;
    }
    arena_reset(run->chunk_arena);
    run->batch->arena = run->chunk_arena;
    bool eof = false;
    int n = input_next(run->input, run->batch, cap, &eof, d);
    if (eof) run->exhausted = true;
    return n;
}

static void collect_metrics(Run *run)
{
    run->prog.state_rows = run->prog.state_bytes = run->prog.dropped_late = 0;
    for (int i = 0; i < run->ph.n_ops; i++) {
        const Op *op = run->ph.ops[i];
        if (!op->vt->metrics) continue;
        OpMetrics m = {0};
        op->vt->metrics(op, &m);
        run->prog.state_rows += m.state_rows;
        run->prog.state_bytes += m.state_bytes;
        run->prog.dropped_late += m.rows_dropped_late;
    }
    if (run->input) run->prog.bad_records = input_bad_records(run->input);
}

static void report_progress(Run *run)
{
    FILE *f = run->env->progress;
    if (!f) return;
    BatchProgress *p = &run->prog;
    fprintf(f, "progress: query %lld batch %lld: %lld input rows (%.0f rows/s), %lld output rows, "
               "%.3f ms, state %lld rows / %lld bytes, %lld dropped by watermark, %lld bad records\n",
            (long long)p->query_id, (long long)p->batch_id, (long long)p->input_rows,
            p->input_rows_per_s, (long long)p->output_rows, p->duration_ms,
            (long long)p->state_rows, (long long)p->state_bytes, (long long)p->dropped_late,
            (long long)p->bad_records);
    fflush(f);
}

/* One micro-batch. *ran says whether a batch actually happened. */
static int run_batch(Run *run, bool *ran, Diag *d)
{
    *ran = false;
    bool is_static = run->q->is_static;
    if (run->input) input_begin_batch(run->input);
    int64_t rows = 0;
    double start = 0;
    int64_t before_out = render_row_count(run->r);
    for (;;) {
        int64_t left = run->max_rows - rows;
        uint32_t cap = left < (int64_t)BATCH_CAP ? (uint32_t)left : BATCH_CAP;
        int n = read_chunk(run, cap, d);
        if (n < 0) return -1;
        if (n > 0) {
            if (!*ran) {
                *ran = true;
                start = mono_ms();
                run->ctx.expr.now_us = now_us();
                run->ctx.expr.batch_id = run->ctx.batch_id;
                render_begin(run->r, is_static ? -1 : run->ctx.batch_id);
            }
            rows += n;
            if (op_push(run->ph.entry, run->batch) == OP_ERROR) return -1;
        }
        if (run->exhausted || rows >= run->max_rows) break;
        if (n > 0) continue;
        if (interrupted(run)) break;
        if (*ran && !is_static) {
            if (mono_ms() - start > BATCH_MAX_MS) break;
            /* More arriving right behind? Then it belongs to this batch. */
            int fd = run->input ? input_fd(run->input) : -1;
            if (fd < 0) break;
            struct pollfd p = {.fd = fd, .events = POLLIN};
            if (poll(&p, 1, BATCH_IDLE_MS) <= 0) break;
        } else {
            wait_input(run, WAIT_SLICE_MS);
        }
    }
    /* End of input: a last flush even without new rows, when something
     * is still waiting to be emitted (append-mode groups, one-shot
     * results). */
    bool final = run->exhausted && (run->q->flush_on_end || is_static);
    if (!*ran && final && !is_static) {
        /* Only when some operator still holds rows waiting to be final. */
        collect_metrics(run);
        final = run->q->mode == MODE_APPEND && run->prog.state_rows > 0;
    }
    if (!*ran && final) {
        *ran = true;
        start = mono_ms();
        run->ctx.expr.now_us = now_us();
        render_begin(run->r, is_static ? -1 : run->ctx.batch_id);
    }
    if (!*ran) return 0;
    run->ctx.end_of_input = final;
    if (op_flush(run->ph.entry) == OP_ERROR) return -1;
    double ms = mono_ms() - start;
    run->prog.batch_id = run->ctx.batch_id;
    run->prog.input_rows = rows;
    run->prog.output_rows = render_row_count(run->r) - before_out;
    run->prog.duration_ms = ms;
    run->prog.input_rows_per_s = ms > 0 ? (double)rows * 1000.0 / ms : 0;
    collect_metrics(run);
    report_progress(run);
    run->ctx.batch_id++;
    return 0;
}

static int setup(Run *run, const Query *q, Arena *qa, Renderer *r, Diag *d)
{
    run->q = q;
    run->r = r;
    run->ctx.arena = qa;
    run->ctx.mode = q->mode;
    run->ctx.watermark = WATERMARK_NONE;
    run->ctx.diag = d;
    Op *sink = op_sink_new(&run->ctx, r, &q->plan->schema);
    return physical_build(&run->ctx, q->plan, sink, &run->ph, d);
}

static void destroy_ops(Run *run)
{
    for (int i = 0; i < run->ph.n_ops; i++)
        if (run->ph.ops[i]->vt->destroy) run->ph.ops[i]->vt->destroy(run->ph.ops[i]);
}

int exec_query(const Query *q, Arena *qa, Renderer *r, const ExecEnv *env, BatchProgress *last,
               Diag *d)
{
    Run run = {0};
    run.env = env;
    run.prog.query_id = env->query_id;
    if (setup(&run, q, qa, r, d) < 0) {
        destroy_ops(&run);
        return -1;
    }
    const InputDef *def = run.ph.input;
    run.max_rows = INT64_MAX;
    if (def) {
        if (!q->is_static && parse_max_rows(def, &run.max_rows, d) < 0) {
            destroy_ops(&run);
            return -1;
        }
        const char *conn = options_get(&def->options, "connector");
        if (conn && strcmp(conn, "stdin") == 0 && env->stdin_fd < 0) {
            destroy_ops(&run);
            diag_error(d, SPAN_NONE, "%s %s reads standard input, but standard input carries the statements",
                       def->is_stream ? "stream" : "table", def->name);
            diag_hint(d, "pass the statements with -e or -f and pipe the data: cat data.csv | sluice -f query.sql");
            return -1;
        }
        run.input = input_open(def, run.ph.needed, env->stdin_fd, env->err, d);
        if (!run.input) {
            destroy_ops(&run);
            return -1;
        }
        Type *types = ARENA_ARRAY(qa, Type, def->schema.n > 0 ? def->schema.n : 1);
        for (int i = 0; i < def->schema.n; i++) types[i] = def->schema.cols[i].type;
        run.batch = batch_new(qa, types, def->schema.n);
    } else {
        run.batch = batch_new(qa, NULL, 0);
    }
    run.chunk_arena = arena_new();

    int rc = 0;
    int64_t next_trigger = 0;
    while (!run.exhausted && !interrupted(&run)) {
        if (q->trigger_us > 0 && !q->is_static) {
            /* Processing-time trigger: start batches on the interval. */
            int64_t t = now_us();
            if (next_trigger == 0) next_trigger = t;
            while (t < next_trigger && !interrupted(&run)) {
                int64_t ms = (next_trigger - t) / 1000;
                wait_input(&run, (int)(ms < WAIT_SLICE_MS ? (ms > 0 ? ms : 1) : WAIT_SLICE_MS));
                t = now_us();
            }
            next_trigger += q->trigger_us;
        }
        bool ran;
        if (run_batch(&run, &ran, d) < 0) { rc = -1; break; }
    }
    if (last) *last = run.prog;
    if (run.input) input_close(run.input);
    arena_free(run.chunk_arena);
    destroy_ops(&run);
    return rc;
}

int exec_explain_physical(const Query *q, Arena *qa, StrBuf *out, Diag *d)
{
    Run run = {0};
    Renderer *r = render_new(FORMAT_TABLE, stdout, &q->plan->schema);
    int rc = setup(&run, q, qa, r, d);
    if (rc == 0) physical_print(&run.ph, q->mode, out);
    destroy_ops(&run);
    render_free(r);
    return rc;
}
