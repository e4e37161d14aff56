/* conn_rate — the 'rate' connector: generated (ts TIMESTAMP, value BIGINT).
 *
 * Like Spark's rate source, for trying queries without data: row i has
 * value = i (from 0) and ts = start_time + i / rows_per_second seconds.
 * Rows become available as wall-clock time passes: row i at
 * open + i / rows_per_second (row 0 at once), so a slow query catches up
 * in bigger batches. Options: rows_per_second (default 1), num_rows (end
 * after that many rows: bounded; default none: unbounded), start_time (a
 * timestamp; default: the wall clock at open), for deterministic tests.
 *
 * A generator: rows go straight into the batch, no text and no format
 * (option format is absent or 'rate'; fmt_rate only checks the schema,
 * which must be exactly (ts TIMESTAMP, value BIGINT)). input_fd is -1:
 * the scheduler polls on a timer. */
#include <stdlib.h>
#include <strings.h>
#include <time.h>

#include "engine/base/mem.h"
#include "engine/base/timeutil.h"
#include "io_internal.h"

static const char *const rate_options[] = {"rows_per_second", "num_rows", "start_time", NULL};

typedef struct RateState {
    int64_t rate;           /* rows per second */
    int64_t limit;          /* num_rows, or -1 */
    int64_t start_us;       /* ts of row 0 */
    int64_t open_ms;        /* monotonic clock at open */
    int64_t next;           /* the value of the next row */
} RateState;

static int rate_open(Input *in, Conn *c, int stdin_fd, Diag *d)
{
    (void)stdin_fd;
    (void)d;
    RateState *st = xcalloc(1, sizeof *st);
    st->rate = in->cfg.rows_per_second;
    st->limit = in->cfg.num_rows;
    if (in->cfg.has_start_time) {
        st->start_us = in->cfg.start_time;
    } else {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        st->start_us = (int64_t)ts.tv_sec * US_PER_SEC + ts.tv_nsec / 1000;
    }
    st->open_ms = conn_mono_ms();
    c->state = st;
    c->fd = -1;
    return 0;
}

/* Rows due by now: 1 + floor(elapsed * rate), without overflow. */
static int64_t rows_due(const RateState *st)
{
    int64_t ms = conn_mono_ms() - st->open_ms;
    int64_t due = ms / 1000 * st->rate + (ms % 1000) * st->rate / 1000 + 1;
    return st->limit >= 0 && due > st->limit ? st->limit : due;
}

static uint32_t rate_generate(Input *in, Conn *c, Batch *out, uint32_t max_rows, bool *eof)
{
    (void)in;
    RateState *st = c->state;
    int64_t due = rows_due(st), n = due - st->next;
    if (n > (int64_t)max_rows) n = max_rows;
    int64_t *ts = VEC_I64(&out->cols[0]), *val = VEC_I64(&out->cols[1]);
    for (int64_t k = 0; k < n; k++) {
        int64_t i = st->next + k;
        /* i / rate seconds, split so that it cannot overflow */
        ts[k] = st->start_us + i / st->rate * US_PER_SEC + i % st->rate * US_PER_SEC / st->rate;
        val[k] = i;
    }
    st->next += n;
    *eof = st->limit >= 0 && st->next >= st->limit;
    return (uint32_t)n;
}

static ConnRead rate_read(Input *in, Conn *c, char *buf, size_t cap, size_t *n, Diag *d)
{
    (void)in; (void)c; (void)buf; (void)cap; (void)d;
    *n = 0;
    return CONN_NONE;            /* never called: rate_generate makes the rows */
}

static int rate_fd(const Conn *c)
{
    (void)c;
    return -1;
}

static bool rate_bounded(const Conn *c)
{
    const RateState *st = c->state;
    return st->limit >= 0;
}

static void rate_close(Conn *c)
{
    free(c->state);
    c->state = NULL;
}

const ConnVtab conn_rate = {
    .name = "rate",
    .options = rate_options,
    .open = rate_open,
    .read = rate_read,
    .fd = rate_fd,
    .bounded = rate_bounded,
    .close = rate_close,
    .generate = rate_generate,
};

/* ---- the schema of the rows ---------------------------------------- */

static const char *const no_options[] = {NULL};

static int rate_check_schema(const InputDef *def, Span span, Diag *d)
{
    const Schema *s = &def->schema;
    const char *kind = def->is_stream ? "stream" : "table";
    static const char *const names[] = {"ts", "value"};
    static const Type types[] = {TYPE_TIMESTAMP, TYPE_INT64};
    if (s->n != 2) {
        diag_error(d, span, "connector 'rate' makes the columns (ts TIMESTAMP, value BIGINT); "
                   "%s %s has %d column%s", kind, def->name, s->n, s->n == 1 ? "" : "s");
        diag_hint(d, "declare it as (ts TIMESTAMP, value BIGINT)");
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        if (strcasecmp(s->cols[i].name, names[i]) == 0 && s->cols[i].type == types[i]) continue;
        diag_error(d, span, "connector 'rate' makes the columns (ts TIMESTAMP, value BIGINT); "
                   "column %d of %s %s is %s %s", i + 1, kind, def->name, s->cols[i].name,
                   type_name(s->cols[i].type));
        diag_hint(d, "declare it as (ts TIMESTAMP, value BIGINT)");
        return -1;
    }
    return 0;
}

static int rate_parse(Input *in, Batch *out, uint32_t *rows, uint32_t max_rows, bool final)
{
    (void)in; (void)out; (void)rows; (void)max_rows; (void)final;
    return 0;                    /* never called: there is no text to parse */
}

const FormatVtab fmt_rate = {
    .name = "rate",
    .options = no_options,
    .check_schema = rate_check_schema,
    .parse = rate_parse,
};
