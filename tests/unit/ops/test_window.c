/* Unit tests: Window — tumbling and sliding window assignment: bounds at
 * window edges, negative times, offsets, slides that do not divide the
 * size, NULL times, selections, and rows with many windows. */
#include <criterion/criterion.h>

#include "capture.h"
#include "engine/base/timeutil.h"

typedef struct Fx {
    ExecCtx *ctx;
    Capture *cap;
    Op *op;
    Arena *ba;
} Fx;

static const Type tin[] = {TYPE_TEXT, TYPE_TIMESTAMP};

static Fx fx_new(int64_t size, int64_t slide, int64_t offset)
{
    Fx f = {.ctx = ctx_new(MODE_APPEND), .ba = arena_new()};
    f.cap = cap_new(f.ctx);
    Schema in = tb_schema(f.ctx->arena, 2, tin, NULL);
    Schema out = tb_schema(f.ctx->arena, 4,
                           (Type[]){TYPE_TEXT, TYPE_TIMESTAMP, TYPE_TIMESTAMP, TYPE_TIMESTAMP},
                           NULL);
    f.op = op_window_new(f.ctx, &f.cap->base, &in, col(f.ctx, 1, TYPE_TIMESTAMP, "ts"), size,
                         slide, offset, &out);
    cr_assert_not_null(f.op);
    return f;
}

static void fx_free(Fx *f)
{
    cap_free(f->cap);
    ctx_free(f->ctx);
    arena_free(f->ba);
}

/* Push rows (id, time) and flush. */
static void run(Fx *f, int n, const char *const *ids, const int64_t *ts)
{
    Batch *b = tb_new(f->ba, 2, tin);
    for (int i = 0; i < n; i++) ROW(b, S(ids[i]), TS(ts[i]));
    cr_assert_eq(op_push(f->op, b), OP_OK);
    cr_assert_eq(op_flush(f->op), OP_OK);
    arena_reset(f->ba);
}

#define SEC US_PER_SEC
#define MIN US_PER_MIN

Test(window, tumbling_row_at_start_and_just_before_end)
{
    Fx f = fx_new(5 * MIN, 5 * MIN, 0);
    int64_t base = 9 * US_PER_HOUR;
    run(&f, 3, (const char *[]){"start", "last", "next"},
        (int64_t[]){base + 5 * MIN, base + 5 * MIN - 1, base + 10 * MIN});
    cap_expect(f.cap,
               "+ start,1970-01-01 09:05:00,1970-01-01 09:05:00,1970-01-01 09:10:00\n"
               "+ last,1970-01-01 09:04:59.999999,1970-01-01 09:00:00,1970-01-01 09:05:00\n"
               "+ next,1970-01-01 09:10:00,1970-01-01 09:10:00,1970-01-01 09:15:00\n--\n");
    cr_expect_eq(f.cap->pushes, 1);
    fx_free(&f);
}

Test(window, negative_timestamps_floor)
{
    Fx f = fx_new(10 * SEC, 10 * SEC, 0);
    run(&f, 4, (const char *[]){"m1", "m10", "m11", "zero"},
        (int64_t[]){-1, -10 * SEC, -10 * SEC - 1, 0});
    cap_expect(f.cap,
               "+ m1,1969-12-31 23:59:59.999999,1969-12-31 23:59:50,1970-01-01 00:00:00\n"
               "+ m10,1969-12-31 23:59:50,1969-12-31 23:59:50,1970-01-01 00:00:00\n"
               "+ m11,1969-12-31 23:59:49.999999,1969-12-31 23:59:40,1969-12-31 23:59:50\n"
               "+ zero,1970-01-01 00:00:00,1970-01-01 00:00:00,1970-01-01 00:00:10\n--\n");
    fx_free(&f);
}

Test(window, offset_shifts_alignment)
{
    /* Hourly windows starting at a quarter past; a negative offset is the
     * same alignment. */
    for (int neg = 0; neg < 2; neg++) {
        Fx f = fx_new(US_PER_HOUR, US_PER_HOUR, neg ? -45 * MIN : 15 * MIN);
        run(&f, 2, (const char *[]){"a", "b"}, (int64_t[]){10 * MIN, 15 * MIN});
        cap_expect(f.cap,
                   "+ a,1970-01-01 00:10:00,1969-12-31 23:15:00,1970-01-01 00:15:00\n"
                   "+ b,1970-01-01 00:15:00,1970-01-01 00:15:00,1970-01-01 01:15:00\n--\n");
        fx_free(&f);
    }
}

Test(window, sliding_slide_divides_size)
{
    Fx f = fx_new(2 * US_PER_HOUR, US_PER_HOUR, 0);
    run(&f, 2, (const char *[]){"a", "b"},
        (int64_t[]){9 * US_PER_HOUR + 2 * MIN, 10 * US_PER_HOUR});
    /* Earlier windows first, then input order. */
    cap_expect(f.cap,
               "+ a,1970-01-01 09:02:00,1970-01-01 08:00:00,1970-01-01 10:00:00\n"
               "+ b,1970-01-01 10:00:00,1970-01-01 09:00:00,1970-01-01 11:00:00\n"
               "+ a,1970-01-01 09:02:00,1970-01-01 09:00:00,1970-01-01 11:00:00\n"
               "+ b,1970-01-01 10:00:00,1970-01-01 10:00:00,1970-01-01 12:00:00\n--\n");
    cr_expect_eq(f.cap->pushes, 2);
    fx_free(&f);
}

Test(window, sliding_slide_not_dividing_size)
{
    /* size 10 s, slide 4 s: starts at multiples of 4 s; rows belong to 3
     * windows (t mod 4 < 2) or 2 (t mod 4 >= 2). */
    Fx f = fx_new(10 * SEC, 4 * SEC, 0);
    run(&f, 4, (const char *[]){"t0", "t2", "t5", "tm3"},
        (int64_t[]){0, 2 * SEC, 5 * SEC, -3 * SEC});
    cap_expect(f.cap,
               "+ t0,1970-01-01 00:00:00,1969-12-31 23:59:52,1970-01-01 00:00:02\n"
               "+ t5,1970-01-01 00:00:05,1969-12-31 23:59:56,1970-01-01 00:00:06\n"
               "+ tm3,1969-12-31 23:59:57,1969-12-31 23:59:48,1969-12-31 23:59:58\n"
               "+ t0,1970-01-01 00:00:00,1969-12-31 23:59:56,1970-01-01 00:00:06\n"
               "+ t2,1970-01-01 00:00:02,1969-12-31 23:59:56,1970-01-01 00:00:06\n"
               "+ t5,1970-01-01 00:00:05,1970-01-01 00:00:00,1970-01-01 00:00:10\n"
               "+ tm3,1969-12-31 23:59:57,1969-12-31 23:59:52,1970-01-01 00:00:02\n"
               "+ t0,1970-01-01 00:00:00,1970-01-01 00:00:00,1970-01-01 00:00:10\n"
               "+ t2,1970-01-01 00:00:02,1970-01-01 00:00:00,1970-01-01 00:00:10\n"
               "+ t5,1970-01-01 00:00:05,1970-01-01 00:00:04,1970-01-01 00:00:14\n"
               "+ tm3,1969-12-31 23:59:57,1969-12-31 23:59:56,1970-01-01 00:00:06\n--\n");
    fx_free(&f);
}

Test(window, null_time_dropped_and_selection_kept)
{
    Fx f = fx_new(MIN, MIN, 0);
    Batch *b = tb_new(f.ba, 2, tin);
    ROW(b, S("skip"), TS(0));
    ROW(b, S("null"), NUL(TYPE_TIMESTAMP));
    ROW(b, S("keep"), TS(90 * SEC));
    uint32_t sel[] = {1, 2};
    b->sel = sel;
    b->n_sel = 2;
    cr_assert_eq(op_push(f.op, b), OP_OK);
    cap_expect(f.cap, "+ keep,1970-01-01 00:01:30,1970-01-01 00:01:00,1970-01-01 00:02:00\n");
    fx_free(&f);
}

/* 2048 rows in 6 windows each: 12288 output rows, no push above
 * BATCH_CAP, every (row, window) pair exactly once. */
Test(window, many_windows_per_row_cross_batch_cap)
{
    Fx f = fx_new(6 * SEC, SEC, 0);
    Batch *b = tb_new(f.ba, 2, tin);
    for (uint32_t i = 0; i < BATCH_CAP; i++) ROW(b, S("r"), TS((int64_t)i * 250 * 1000));
    cr_assert_eq(op_push(f.op, b), OP_OK);
    cr_expect_eq(f.cap->n, (size_t)BATCH_CAP * 6);
    cr_expect_geq(f.cap->pushes, 6);
    cr_expect_leq(f.cap->max_rows, BATCH_CAP);
    for (size_t i = 0; i < f.cap->n; i++) {
        /* Every row lies inside its window. */
        char ts[32], st[32], en[32];
        cr_assert_eq(sscanf(f.cap->lines[i], "+ r,%31[^,],%31[^,],%31[^\n]", ts, st, en), 3);
        int64_t t, s, e;
        cr_assert(time_parse_timestamp(ts, strlen(ts), &t));
        cr_assert(time_parse_timestamp(st, strlen(st), &s));
        cr_assert(time_parse_timestamp(en, strlen(en), &e));
        cr_assert(s <= t && t < e && e - s == 6 * SEC && s % SEC == 0, "%s", f.cap->lines[i]);
    }
    fx_free(&f);
}

Test(window, computed_time_and_describe)
{
    Fx f = {.ctx = ctx_new(MODE_APPEND), .ba = arena_new()};
    f.cap = cap_new(f.ctx);
    Schema in = tb_schema(f.ctx->arena, 2, tin, NULL);
    Schema out = tb_schema(f.ctx->arena, 4,
                           (Type[]){TYPE_TEXT, TYPE_TIMESTAMP, TYPE_TIMESTAMP, TYPE_TIMESTAMP},
                           NULL);
    Expr *one_min = expr_const(f.ctx->arena, value_interval(MIN), SPAN_NONE);
    Expr *args[] = {col(f.ctx, 1, TYPE_TIMESTAMP, "ts"), one_min};
    Expr *t = expr_call(f.ctx->arena, "+", args, 2, SPAN_NONE, f.ctx->diag);
    cr_assert_not_null(t, "%s", f.ctx->diag->message);
    f.op = op_window_new(f.ctx, &f.cap->base, &in, t, US_PER_HOUR, 30 * MIN, 0, &out);
    cr_assert_not_null(f.op);
    StrBuf sb = STRBUF_INIT;
    f.op->vt->describe(f.op, &sb);
    cr_expect_str_eq(f.op->vt->name, "Window");
    cr_expect(strstr(sb_str(&sb), "size=1 hour slide=30 minutes") != NULL, "%s", sb_str(&sb));
    sb_free(&sb);
    run(&f, 1, (const char *[]){"a"}, (int64_t[]){29 * MIN});
    /* The window is of ts + 1 minute = 00:30. */
    cap_expect(f.cap, "+ a,1970-01-01 00:29:00,1970-01-01 00:00:00,1970-01-01 01:00:00\n"
                      "+ a,1970-01-01 00:29:00,1970-01-01 00:30:00,1970-01-01 01:30:00\n--\n");

    Schema bad = out;
    cr_expect_null(op_window_new(f.ctx, &f.cap->base, &in, t, 0, MIN, 0, &bad));
    cr_expect(f.ctx->diag->set);
    fx_free(&f);
}
