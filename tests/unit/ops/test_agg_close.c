/* Unit tests: HashAggregate with a close key (event-time windows under a
 * watermark): the seed watermark trace (seed-examples.md §7) replayed one
 * row per micro-batch through Window -> HashAggregate, late-row dropping,
 * APPEND emission when the watermark passes a window's end and at end of
 * input, COMPLETE keeping everything, and bounded state under eviction. */
#include <criterion/criterion.h>

#include "capture.h"
#include "engine/base/timeutil.h"

typedef struct Fx {
    ExecCtx *ctx;
    Capture *cap;
    Op *agg, *win;
    Arena *ba;
} Fx;

static const Type tin[] = {TYPE_TIMESTAMP, TYPE_DOUBLE};

/* 2023-04-16 hh:mm */
static int64_t at(const char *hhmm)
{
    char buf[32];
    snprintf(buf, sizeof buf, "2023-04-16 %s", hhmm);
    int64_t t;
    cr_assert(time_parse_timestamp(buf, strlen(buf), &t));
    return t;
}

/* (time, count) -> window(time, size, slide) -> GROUP BY window:
 * start, end, sum(count) [, count(*)], with the window end as close key. */
static Fx fx_new(EmitMode mode, int64_t size, int64_t slide, bool with_count)
{
    Fx f = {.ctx = ctx_new(mode), .ba = arena_new()};
    f.cap = cap_new(f.ctx);
    Expr *keys[] = {col(f.ctx, 2, TYPE_TIMESTAMP, "window_start"),
                    col(f.ctx, 3, TYPE_TIMESTAMP, "window_end")};
    AggCall aggs[] = {
        {.kind = AGG_SUM, .arg = col(f.ctx, 1, TYPE_DOUBLE, "count"), .type = TYPE_DOUBLE},
        {.kind = AGG_COUNT_STAR, .type = TYPE_INT64},
    };
    int na = with_count ? 2 : 1;
    Schema out = tb_schema(f.ctx->arena, 2 + na,
                           (Type[]){TYPE_TIMESTAMP, TYPE_TIMESTAMP, TYPE_DOUBLE, TYPE_INT64},
                           NULL);
    AggConfig cfg = {.keys = keys, .n_keys = 2, .aggs = aggs, .n_aggs = na,
                     .batch_key = -1, .close_key = 1};
    f.agg = op_agg_new(f.ctx, &f.cap->base, NULL, &cfg, &out);
    cr_assert_not_null(f.agg);
    Schema in = tb_schema(f.ctx->arena, 2, tin, NULL);
    Schema wout = tb_schema(f.ctx->arena, 4,
                            (Type[]){TYPE_TIMESTAMP, TYPE_DOUBLE, TYPE_TIMESTAMP, TYPE_TIMESTAMP},
                            NULL);
    f.win = op_window_new(f.ctx, f.agg, &in, col(f.ctx, 0, TYPE_TIMESTAMP, "time"), size, slide,
                          0, &wout);
    cr_assert_not_null(f.win);
    return f;
}

static void fx_free(Fx *f)
{
    f->agg->vt->destroy(f->agg);
    cap_free(f->cap);
    ctx_free(f->ctx);
    arena_free(f->ba);
}

/* One micro-batch: rows at the given times (count 1.0 each; NULL ends
 * the list) under watermark wm ("" = none). */
static void batch(Fx *f, const char *wm, const char *const *times)
{
    f->ctx->watermark = f->ctx->watermark_late = *wm ? at(wm) : WATERMARK_NONE;
    Batch *b = tb_new(f->ba, 2, tin);
    for (int i = 0; times[i]; i++) ROW(b, TS(at(times[i])), D(1));
    if (b->n_rows) cr_assert_eq(op_push(f->win, b), OP_OK);
    cr_assert_eq(op_flush(f->win), OP_OK);
    arena_reset(f->ba);
    f->ctx->batch_id++;
}

static OpMetrics metrics(const Fx *f)
{
    OpMetrics m = {0};
    f->agg->vt->metrics(f->agg, &m);
    return m;
}

#define ROWS(...) ((const char *[]){__VA_ARGS__, NULL})
#define W(s, e) "2023-04-16 " s ":00,2023-04-16 " e ":00"

Test(agg_close, seed_watermark_trace_update)
{
    Fx f = fx_new(MODE_UPDATE, 5 * US_PER_MIN, 5 * US_PER_MIN, false);
    cr_expect(f.agg->vt->bounded(f.agg));
    batch(&f, "", ROWS("09:08"));
    batch(&f, "08:58", ROWS("08:59"));
    batch(&f, "08:58", ROWS("08:45"));             /* dropped: window ended 08:50 */
    batch(&f, "08:58", ROWS("08:54"));             /* dropped: window ended 08:55 */
    batch(&f, "08:58", ROWS("08:55"));
    batch(&f, "08:58", ROWS("09:19"));
    cr_expect_eq(metrics(&f).state_rows, 3);
    batch(&f, "09:09", ROWS("09:11"));             /* evicts [08:55, 09:00) */
    cr_expect_eq(metrics(&f).state_rows, 3);
    batch(&f, "09:09", ROWS("09:07"));             /* [09:05, 09:10) still in state */
    batch(&f, "09:09", ROWS("09:04"));             /* dropped: window ended 09:05 */
    cap_expect(f.cap,
               "u " W("09:05", "09:10") ",1.0\n--\n"
               "u " W("08:55", "09:00") ",1.0\n--\n"
               "--\n"
               "--\n"
               "u " W("08:55", "09:00") ",2.0\n--\n"
               "u " W("09:15", "09:20") ",1.0\n--\n"
               "u " W("09:10", "09:15") ",1.0\n--\n"
               "u " W("09:05", "09:10") ",2.0\n--\n"
               "--\n");
    OpMetrics m = metrics(&f);
    cr_expect_eq(m.rows_dropped_late, 3);
    cr_expect_eq(m.state_rows, 3);
    fx_free(&f);
}

Test(agg_close, seed_trace_pasted_at_once_counts_everything)
{
    Fx f = fx_new(MODE_UPDATE, 5 * US_PER_MIN, 5 * US_PER_MIN, false);
    batch(&f, "", ROWS("09:08", "08:59", "08:45", "08:54", "08:55", "09:19", "09:11", "09:07",
                       "09:04"));
    cap_expect(f.cap,
               "u " W("09:05", "09:10") ",2.0\n"
               "u " W("08:55", "09:00") ",2.0\n"
               "u " W("08:45", "08:50") ",1.0\n"
               "u " W("08:50", "08:55") ",1.0\n"
               "u " W("09:15", "09:20") ",1.0\n"
               "u " W("09:10", "09:15") ",1.0\n"
               "u " W("09:00", "09:05") ",1.0\n--\n");
    cr_expect_eq(metrics(&f).rows_dropped_late, 0);
    fx_free(&f);
}

/* A window is emitted once, when the watermark reaches its end; the row
 * exactly at the watermark's window end is late. */
Test(agg_close, append_emits_when_watermark_passes_end)
{
    Fx f = fx_new(MODE_APPEND, 5 * US_PER_MIN, 5 * US_PER_MIN, true);
    batch(&f, "", ROWS("09:01", "09:06", "09:02", "09:12"));
    batch(&f, "09:04", ROWS("09:03"));
    batch(&f, "09:05", ROWS("09:04", "09:07"));      /* 09:04 late: [09:00,09:05) closed */
    batch(&f, "09:09", ROWS("09:14"));
    batch(&f, "09:10", ROWS(NULL));                 /* [09:05, 09:10) closes */
    cr_expect_eq(metrics(&f).state_rows, 1);
    f.ctx->end_of_input = true;
    batch(&f, "09:10", ROWS("09:11"));
    cap_expect(f.cap,
               "--\n"
               "--\n"
               "+ " W("09:00", "09:05") ",3.0,3\n--\n"
               "--\n"
               "+ " W("09:05", "09:10") ",2.0,2\n--\n"
               "+ " W("09:10", "09:15") ",3.0,3\n--\n");
    cr_expect_eq(metrics(&f).rows_dropped_late, 1);
    cr_expect_eq(metrics(&f).state_rows, 0);
    fx_free(&f);
}

/* Rows are judged late against the previous batch's watermark
 * (watermark_late), windows close by the current one: a row between the
 * two is counted, and its window emitted at once. */
Test(agg_close, late_mark_lags_closing_mark)
{
    Fx f = fx_new(MODE_APPEND, 5 * US_PER_MIN, 5 * US_PER_MIN, true);
    f.ctx->watermark_late = at("09:00");
    f.ctx->watermark = at("09:05");
    Batch *b = tb_new(f.ba, 2, tin);
    ROW(b, TS(at("08:59")), D(1));       /* window ended 09:00: late */
    ROW(b, TS(at("09:02")), D(1));       /* window ends 09:05: counted, and closed */
    ROW(b, TS(at("09:06")), D(1));
    cr_assert_eq(op_push(f.win, b), OP_OK);
    cr_assert_eq(op_flush(f.win), OP_OK);
    cap_expect(f.cap, "+ " W("09:00", "09:05") ",1.0,1\n--\n");
    cr_expect_eq(metrics(&f).rows_dropped_late, 1);
    cr_expect_eq(metrics(&f).state_rows, 1);
    fx_free(&f);
}

/* Sliding windows: each (row, window) pair is judged on its own window. */
Test(agg_close, sliding_rows_judged_per_window)
{
    Fx f = fx_new(MODE_APPEND, 10 * US_PER_MIN, 5 * US_PER_MIN, true);
    batch(&f, "", ROWS("09:12"));
    /* 09:08 is in [09:00,09:10) (closed by 09:10: dropped) and
     * [09:05,09:15) (open: counted). */
    batch(&f, "09:10", ROWS("09:08"));
    cr_expect_eq(metrics(&f).rows_dropped_late, 1);
    batch(&f, "09:15", ROWS(NULL));
    f.ctx->end_of_input = true;
    batch(&f, "09:15", ROWS(NULL));
    cap_expect(f.cap, "--\n--\n+ " W("09:05", "09:15") ",2.0,2\n--\n+ " W("09:10", "09:20")
                      ",1.0,1\n--\n");
    fx_free(&f);
}

Test(agg_close, complete_keeps_everything_and_drops_nothing)
{
    Fx f = fx_new(MODE_COMPLETE, 5 * US_PER_MIN, 5 * US_PER_MIN, false);
    batch(&f, "", ROWS("09:08"));
    batch(&f, "09:30", ROWS("08:59"));              /* late, but COMPLETE keeps it */
    f.ctx->end_of_input = true;
    batch(&f, "09:30", ROWS(NULL));
    cap_expect(f.cap,
               "= " W("09:05", "09:10") ",1.0\n--\n"
               "= " W("09:05", "09:10") ",1.0\n= " W("08:55", "09:00") ",1.0\n--\n"
               "= " W("09:05", "09:10") ",1.0\n= " W("08:55", "09:00") ",1.0\n--\n");
    cr_expect_eq(metrics(&f).rows_dropped_late, 0);
    cr_expect_eq(metrics(&f).state_rows, 2);
    fx_free(&f);
}

/* A close key that is the event-time column itself (GROUP BY ts, k):
 * NULL times never close, and end of input emits them. */
Test(agg_close, event_time_key_and_null_close_values)
{
    Fx f = {.ctx = ctx_new(MODE_APPEND), .ba = arena_new()};
    f.cap = cap_new(f.ctx);
    Expr *keys[] = {col(f.ctx, 0, TYPE_TIMESTAMP, "ts")};
    AggCall aggs[] = {{.kind = AGG_COUNT_STAR, .type = TYPE_INT64}};
    Schema out = tb_schema(f.ctx->arena, 2, (Type[]){TYPE_TIMESTAMP, TYPE_INT64}, NULL);
    AggConfig cfg = {keys, 1, aggs, 1, -1, 0, -1};
    f.agg = f.win = op_agg_new(f.ctx, &f.cap->base, NULL, &cfg, &out);
    cr_assert_not_null(f.agg);
    Batch *b = tb_new(f.ba, 2, tin);
    ROW(b, TS(10), D(0));
    ROW(b, NUL(TYPE_TIMESTAMP), D(0));
    ROW(b, TS(20), D(0));
    ROW(b, TS(10), D(0));
    f.ctx->watermark = f.ctx->watermark_late = 5;
    op_push(f.agg, b);
    op_flush(f.agg);
    f.ctx->watermark = f.ctx->watermark_late = 10;
    op_push(f.agg, b);                 /* ts 10 is late now (10 <= 10) */
    op_flush(f.agg);
    f.ctx->end_of_input = true;
    op_flush(f.agg);
    cap_expect(f.cap, "--\n+ 1970-01-01 00:00:00.000010,2\n--\n"
                      "+ NULL,2\n+ 1970-01-01 00:00:00.000020,2\n--\n");
    cr_expect_eq(metrics(&f).rows_dropped_late, 2);
    fx_free(&f);
}

/* Hours of one-minute windows over a thousand keys, the watermark a
 * minute behind: state stays at a few windows' worth (eviction and
 * compaction), and every window is emitted exactly once with its rows. */
Test(agg_close, eviction_keeps_state_bounded)
{
    Fx f = {.ctx = ctx_new(MODE_APPEND), .ba = arena_new()};
    f.cap = cap_new(f.ctx);
    static const Type ty[] = {TYPE_INT64, TYPE_TIMESTAMP};
    Expr *keys[] = {col(f.ctx, 0, TYPE_INT64, "k"), col(f.ctx, 1, TYPE_TIMESTAMP, "end")};
    AggCall aggs[] = {{.kind = AGG_COUNT_STAR, .type = TYPE_INT64}};
    Schema out = tb_schema(f.ctx->arena, 3, (Type[]){TYPE_INT64, TYPE_TIMESTAMP, TYPE_INT64}, NULL);
    AggConfig cfg = {keys, 2, aggs, 1, -1, 1, -1};
    f.agg = f.win = op_agg_new(f.ctx, &f.cap->base, NULL, &cfg, &out);
    int64_t max_rows = 0, total = 0;
    for (int minute = 1; minute <= 180; minute++) {
        f.ctx->watermark = f.ctx->watermark_late = (minute - 1) * US_PER_MIN;
        for (int half = 0; half < 2; half++) {
            Batch *b = tb_new(f.ba, 2, ty);
            for (int k = 0; k < 1000; k++) ROW(b, I(k), TS(minute * US_PER_MIN));
            op_push(f.agg, b);
            arena_reset(f.ba);
        }
        op_flush(f.agg);
        OpMetrics m = metrics(&f);
        if (m.state_rows > max_rows) max_rows = m.state_rows;
        for (size_t i = 0; i < f.cap->n; i++) {
            long long k, c;
            char end[40];
            if (strcmp(f.cap->lines[i], "--") == 0) continue;
            cr_assert_eq(sscanf(f.cap->lines[i], "+ %lld,%39[^,],%lld", &k, end, &c), 3);
            cr_assert_eq(c, 2);
            total += c;
        }
        cap_reset(f.cap);
    }
    cr_expect_leq(max_rows, 2000);
    cr_expect_eq(total, 179 * 2000);
    cr_expect_eq(metrics(&f).rows_dropped_late, 0);
    fx_free(&f);
}
