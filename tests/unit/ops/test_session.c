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

/* An aggregate of the fixture: kind, DISTINCT, argument column (-1: *). */
typedef struct Spec {
    AggKind kind;
    bool distinct;
    int arg;
} Spec;

enum { X = 2, STR = 4, GAP_CONST = 0, GAP_COLUMN = 1 };

/* A session operator over keys [k], time ts, a gap of 5 minutes or the
 * gap column, with the aggregates of spec[0..na). */
static Fx fx_new(EmitMode mode, int gap_kind, bool watermarked, const Spec *spec, int na)
{
    Fx f = {.ctx = ctx_new(mode), .ba = arena_new()};
    f.cap = cap_new(f.ctx);
    Type types[16] = {TYPE_TEXT, TYPE_TIMESTAMP, TYPE_TIMESTAMP};
    AggCall *aggs = ARENA_ARRAY(f.ctx->arena, AggCall, na + 1);
    for (int i = 0; i < na; i++) {
        AggCall *c = &aggs[i];
        c->kind = spec[i].kind;
        c->distinct = spec[i].distinct;
        if (spec[i].arg >= 0) c->arg = col(f.ctx, spec[i].arg, tin[spec[i].arg], "v");
        if (c->kind == AGG_COUNT_STAR || c->kind == AGG_COUNT) c->type = TYPE_INT64;
        else c->type = c->kind == AGG_AVG ? TYPE_DOUBLE : c->arg->type;
        types[3 + i] = c->type;
    }
    Expr *keys[] = {col(f.ctx, 0, TYPE_TEXT, "k")};
    Expr *gap = gap_kind == GAP_COLUMN
                    ? col(f.ctx, 3, TYPE_INTERVAL, "gap")
                    : expr_const(f.ctx->arena, value_interval(5 * MIN), SPAN_NONE);
    SessionConfig cfg = {keys, 1, col(f.ctx, 1, TYPE_TIMESTAMP, "ts"), gap, aggs, na,
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

#define NO_GAP 0
#define NUL_I INT64_MIN

/* Add a row to the current batch (ts or gap NUL_I: NULL). */
static void add(Fx *f, const char *k, int64_t ts, int64_t x, int64_t gap, const char *s)
{
    if (!f->b) f->b = tb_new(f->ba, 5, tin);
    ROW(f->b, S(k), ts == NUL_I ? NUL(TYPE_TIMESTAMP) : TS(ts), I(x),
        gap == NUL_I ? NUL(TYPE_INTERVAL) : value_interval(gap), S(s ? s : ""));
}

/* Push the current batch (if any) and flush under watermark wm. */
static void go(Fx *f, int64_t wm)
{
    f->ctx->watermark = f->ctx->watermark_late = wm;
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
static const Spec count_star[] = {{AGG_COUNT_STAR, false, -1}};

Test(session, extension_and_new_sessions)
{
    Fx f = fx_new(MODE_UPDATE, GAP_CONST, false, count_star, 1);
    add(&f, "a", HM(10, 0), 1, NO_GAP, NULL);
    add(&f, "a", HM(10, 3), 2, NO_GAP, NULL);
    go(&f, NONE);
    add(&f, "a", HM(10, 20), 3, NO_GAP, NULL);
    add(&f, "a", HM(10, 6), 4, NO_GAP, NULL);       /* 10:06 < 10:08: extends */
    add(&f, "b", HM(10, 8), 5, NO_GAP, NULL);       /* another key */
    go(&f, NONE);
    add(&f, "a", HM(10, 11), 6, NO_GAP, NULL);      /* exactly a gap after 10:06: joins */
    go(&f, NONE);
    add(&f, "b", HM(10, 13) + 1, 7, NO_GAP, NULL);  /* just over a gap after 10:08: new */
    go(&f, NONE);
    cap_expect(f.cap,
               "u a," T("10:00") "," T("10:08") ",2\n--\n"
               "u a," T("10:00") "," T("10:11") ",3\n"
               "u a," T("10:20") "," T("10:25") ",1\n"
               "u b," T("10:08") "," T("10:13") ",1\n--\n"
               "u a," T("10:00") "," T("10:16") ",4\n--\n"
               "u b,1970-01-01 10:13:00.000001,1970-01-01 10:18:00.000001,1\n--\n");
    cr_expect_eq(metrics(&f).state_rows, 4);
    cr_expect_eq(metrics(&f).rows_dropped_late, 0);
    cr_expect_not(f.op->vt->bounded(f.op));
    fx_free(&f);
}

static const Spec all_aggs[] = {
    {AGG_COUNT_STAR, false, -1}, {AGG_SUM, false, X}, {AGG_MIN, false, X},
    {AGG_MAX, false, X},         {AGG_FIRST, false, X}, {AGG_LAST, false, X},
    {AGG_COUNT, true, X},        {AGG_AVG, false, X},
};

/* Two emitted sessions, then a row that bridges them: the later one is
 * retracted with its old bounds, then the merged one is updated. */
Test(session, bridging_row_merges_with_retraction)
{
    Fx f = fx_new(MODE_UPDATE, GAP_CONST, false, all_aggs, 8);
    add(&f, "k", HM(10, 0), 5, NO_GAP, NULL);
    add(&f, "k", HM(10, 8), 7, NO_GAP, NULL);
    go(&f, NONE);
    add(&f, "k", HM(10, 4), 5, NO_GAP, NULL);       /* [10:04, 10:09) touches both */
    go(&f, NONE);
    cr_expect_eq(metrics(&f).state_rows, 1);
    add(&f, "k", HM(10, 12), 9, NO_GAP, NULL);
    go(&f, NONE);
    cap_expect(f.cap,
               "u k," T("10:00") "," T("10:05") ",1,5,5,5,5,5,1,5.0\n"
               "u k," T("10:08") "," T("10:13") ",1,7,7,7,7,7,1,7.0\n--\n"
               "- k," T("10:08") "," T("10:13") ",1,7,7,7,7,7,1,7.0\n"
               "u k," T("10:00") "," T("10:13") ",3,17,5,7,5,5,2,5.666666666666667\n--\n"
               "u k," T("10:00") "," T("10:17") ",4,26,5,9,5,9,3,6.5\n--\n");
    fx_free(&f);
}

/* Out of order within one micro-batch: merged before anything was
 * emitted, so nothing is retracted. Three sessions merge at once. */
Test(session, merge_within_a_batch_needs_no_retraction)
{
    Fx f = fx_new(MODE_UPDATE, GAP_CONST, false, all_aggs, 8);
    add(&f, "k", HM(10, 16), 1, NO_GAP, NULL);
    add(&f, "k", HM(10, 0), 2, NO_GAP, NULL);
    add(&f, "k", HM(10, 8), 3, NO_GAP, NULL);
    add(&f, "k", HM(10, 12), 4, NO_GAP, NULL);      /* bridges 10:08 and 10:16 */
    add(&f, "k", HM(10, 4), 5, NO_GAP, NULL);       /* bridges 10:00 and the rest */
    go(&f, NONE);
    cap_expect(f.cap, "u k," T("10:00") "," T("10:21") ",5,15,1,5,1,5,5,3.0\n--\n");
    cr_expect_eq(metrics(&f).state_rows, 1);
    fx_free(&f);
}

/* TEXT state and DISTINCT sets survive a merge across micro-batches. */
Test(session, merge_of_text_and_distinct_states_append)
{
    static const Spec spec[] = {
        {AGG_COUNT_STAR, false, -1}, {AGG_MIN, false, STR}, {AGG_MAX, false, STR},
        {AGG_FIRST, false, STR},     {AGG_LAST, false, STR}, {AGG_COUNT, true, STR},
        {AGG_SUM, true, X},
    };
    Fx f = fx_new(MODE_APPEND, GAP_CONST, false, spec, 7);
    add(&f, "k", HM(10, 0), 1, NO_GAP, "pear");
    add(&f, "k", HM(10, 8), 2, NO_GAP, "apple");
    add(&f, "k", HM(10, 9), 2, NO_GAP, "apple");
    go(&f, NONE);
    memset(arena_alloc(f.ba, 8192), 'X', 8192);     /* the batch strings are gone */
    arena_reset(f.ba);
    add(&f, "k", HM(10, 4), 1, NO_GAP, "zebra");    /* bridges */
    add(&f, "k", HM(10, 9), 3, NO_GAP, "pear");
    go(&f, NONE);
    f.ctx->end_of_input = true;
    go(&f, NONE);
    cap_expect(f.cap, "--\n--\n+ k," T("10:00") "," T("10:14") ",5,apple,zebra,pear,pear,3,6\n--\n");
    cr_expect_eq(metrics(&f).state_rows, 0);
    fx_free(&f);
}

Test(session, dynamic_gap_complete)
{
    Fx f = fx_new(MODE_COMPLETE, GAP_COLUMN, false, count_star, 1);
    add(&f, "a", HM(10, 0), 0, 10 * MIN, NULL);     /* [10:00, 10:10) */
    add(&f, "a", HM(10, 9), 0, 1 * MIN, NULL);      /* inside; end stays 10:10 */
    add(&f, "a", HM(10, 12), 0, 2 * MIN, NULL);     /* [10:12, 10:14) */
    add(&f, "a", HM(10, 20), 0, 0, NULL);           /* zero gap: dropped */
    add(&f, "a", HM(10, 30), 0, -MIN, NULL);        /* negative gap: dropped */
    add(&f, "a", HM(10, 40), 0, NUL_I, NULL);       /* NULL gap: dropped */
    add(&f, "b", NUL_I, 0, MIN, NULL);              /* NULL time: dropped */
    go(&f, NONE);
    add(&f, "a", HM(10, 11), 0, 90 * US_PER_SEC, NULL);   /* [10:11, 10:12:30) bridges */
    go(&f, NONE);
    cap_expect(f.cap,
               "= a," T("10:00") "," T("10:10") ",2\n= a," T("10:12") "," T("10:14") ",1\n--\n"
               "= a," T("10:00") "," T("10:10") ",2\n= a," T("10:11") "," T("10:14") ",2\n--\n");
    cr_expect_eq(metrics(&f).rows_dropped_late, 0);
    fx_free(&f);
}

/* APPEND emits a session when the watermark reaches its end, drops rows
 * whose session would already have ended, and evicts. */
Test(session, append_close_by_watermark_late_rows_eviction)
{
    Fx f = fx_new(MODE_APPEND, GAP_CONST, true, count_star, 1);
    cr_expect(f.op->vt->bounded(f.op));
    add(&f, "a", HM(10, 0), 0, NO_GAP, NULL);
    add(&f, "b", HM(10, 2), 0, NO_GAP, NULL);
    go(&f, NONE);
    add(&f, "a", HM(10, 3), 0, NO_GAP, NULL);
    add(&f, "b", HM(9, 59), 0, NO_GAP, NULL);       /* ends 10:04 <= 10:06: late */
    go(&f, HM(10, 6));
    go(&f, HM(10, 7));                              /* b's [10:02, 10:07) closes */
    cr_expect_eq(metrics(&f).state_rows, 1);
    add(&f, "b", HM(10, 5), 0, NO_GAP, NULL);       /* not late: a fresh session */
    add(&f, "b", HM(10, 2), 0, NO_GAP, NULL);       /* ends 10:07 <= 10:07: late */
    go(&f, HM(10, 7));
    f.ctx->end_of_input = true;
    go(&f, HM(10, 7));
    cap_expect(f.cap,
               "--\n--\n"
               "+ b," T("10:02") "," T("10:07") ",1\n--\n"
               "--\n"
               "+ a," T("10:00") "," T("10:08") ",2\n+ b," T("10:05") "," T("10:10") ",1\n--\n");
    cr_expect_eq(metrics(&f).rows_dropped_late, 2);
    cr_expect_eq(metrics(&f).state_rows, 0);
    fx_free(&f);
}

/* Late against the previous batch's watermark, closed by the current. */
Test(session, late_mark_lags_closing_mark)
{
    Fx f = fx_new(MODE_APPEND, GAP_CONST, true, count_star, 1);
    add(&f, "a", HM(9, 54), 0, NO_GAP, NULL);      /* ends 09:59 <= 10:00: late */
    add(&f, "a", HM(9, 56), 0, NO_GAP, NULL);      /* ends 10:01: counted, closed */
    add(&f, "a", HM(10, 3), 0, NO_GAP, NULL);      /* ends 10:08: open */
    f.ctx->watermark_late = HM(10, 0);
    f.ctx->watermark = HM(10, 6);
    cr_assert_eq(op_push(f.op, f.b), OP_OK);
    cr_assert_eq(op_flush(f.op), OP_OK);
    cap_expect(f.cap, "+ a," T("09:56") "," T("10:01") ",1\n--\n");
    cr_expect_eq(metrics(&f).rows_dropped_late, 1);
    cr_expect_eq(metrics(&f).state_rows, 1);
    fx_free(&f);
}

/* UPDATE evicts a closed session silently; COMPLETE keeps it (and drops
 * nothing), so a later row still merges into it. */
Test(session, update_evicts_complete_keeps)
{
    for (int complete = 0; complete < 2; complete++) {
        Fx f = fx_new(complete ? MODE_COMPLETE : MODE_UPDATE, GAP_CONST, true, count_star, 1);
        add(&f, "a", HM(10, 0), 0, NO_GAP, NULL);
        go(&f, NONE);
        go(&f, HM(10, 5));
        cr_expect_eq(metrics(&f).state_rows, complete ? 1 : 0);
        add(&f, "a", HM(10, 1), 0, NO_GAP, NULL);
        go(&f, HM(10, 5));
        if (complete)
            cap_expect(f.cap, "= a," T("10:00") "," T("10:05") ",1\n--\n"
                              "= a," T("10:00") "," T("10:05") ",1\n--\n"
                              "= a," T("10:00") "," T("10:06") ",2\n--\n");
        else
            cap_expect(f.cap, "u a," T("10:00") "," T("10:05") ",1\n--\n--\n"
                              "u a," T("10:01") "," T("10:06") ",1\n--\n");
        fx_free(&f);
    }
}

/* ---- randomized: against sessions computed offline ---------------------- */

typedef struct Ev {
    int key;
    int64_t t, e, x;
} Ev;

static int cmp_ev(const void *p, const void *q)
{
    const Ev *a = p, *b = q;
    if (a->key != b->key) return a->key - b->key;
    return (a->t > b->t) - (a->t < b->t);
}

/* Random rows in random order, batch by batch; the final COMPLETE output
 * must equal the sessions of a sort-and-sweep over all rows. */
Test(session, random_order_matches_offline_sessions)
{
    static const Spec spec[] = {{AGG_COUNT_STAR, false, -1}, {AGG_SUM, false, X},
                                {AGG_MIN, false, X}, {AGG_COUNT, true, X}};
    enum { N = 6000, KEYS = 40 };
    Fx f = fx_new(MODE_COMPLETE, GAP_COLUMN, false, spec, 4);
    Ev *ev = calloc(N, sizeof(Ev));
    int first_seen[KEYS], n_seen = 0;
    bool seen[KEYS] = {0};
    uint64_t rng = 7;
    char kbuf[16];
    for (int i = 0; i < N; i++) {
        rng = rng * 6364136223846793005u + 1442695040888963407u;
        int key = (int)((rng >> 33) % KEYS);
        int64_t t = (int64_t)((rng >> 20) % 20000) * US_PER_SEC;
        int64_t gap = (int64_t)(1 + (rng >> 45) % 60) * US_PER_SEC;
        int64_t x = (int64_t)((rng >> 50) % 8);
        ev[i] = (Ev){key, t, t + gap, x};
        if (!seen[key]) seen[key] = true, first_seen[n_seen++] = key;
        snprintf(kbuf, sizeof kbuf, "k%02d", key);
        add(&f, kbuf, t, x, gap, NULL);
        if (f.b->n_rows == 1000) {
            op_push(f.op, f.b);
            f.b = NULL;
            arena_reset(f.ba);
            if (i < N - 1) {             /* only the final snapshot matters */
                op_flush(f.op);
                cap_reset(f.cap);
            }
        }
    }
    go(&f, NONE);

    /* Offline: sort by (key, t), sweep merging intervals that overlap or
     * touch (a start at most the session's end joins it, as in Spark). */
    qsort(ev, N, sizeof(Ev), cmp_ev);
    StrBuf want = STRBUF_INIT;
    for (int j = 0; j < n_seen; j++) {
        int key = first_seen[j];
        for (int i = 0; i < N;) {
            if (ev[i].key != key) { i++; continue; }
            int64_t s = ev[i].t, e = ev[i].e, sum = 0, mn = INT64_MAX, cnt = 0;
            bool vals[8] = {0};
            for (; i < N && ev[i].key == key && ev[i].t <= e; i++) {
                if (ev[i].e > e) e = ev[i].e;
                sum += ev[i].x;
                if (ev[i].x < mn) mn = ev[i].x;
                vals[ev[i].x] = true;
                cnt++;
            }
            int nd = 0;
            for (int v = 0; v < 8; v++) nd += vals[v];
            char st[32], en[32];
            time_format_timestamp_buf(s, st);
            time_format_timestamp_buf(e, en);
            sb_printf(&want, "= k%02d,%s,%s,%lld,%lld,%lld,%d\n", key, st, en, (long long)cnt,
                      (long long)sum, (long long)mn, nd);
        }
    }
    sb_puts(&want, "--\n");
    cap_expect(f.cap, sb_str(&want));
    sb_free(&want);
    free(ev);
    fx_free(&f);
}

/* Field i (from 0) of a captured line "+ a,b,c", as a number. */
static long long field(const char *line, int i)
{
    const char *p = line + 2;
    while (i-- > 0) p = strchr(p, ',') + 1;
    return atoll(p);
}

/* Many keys and sessions under an advancing watermark in APPEND: every
 * row is emitted exactly once and the state stays small (eviction,
 * compaction of sessions and partitions). */
Test(session, eviction_keeps_state_bounded)
{
    static const Spec spec[] = {{AGG_COUNT_STAR, false, -1}, {AGG_COUNT, true, X}};
    Fx f = fx_new(MODE_APPEND, GAP_CONST, true, spec, 2);
    char kbuf[16];
    int64_t rows = 0, emitted = 0, max_state = 0;
    for (int minute = 0; minute <= 240; minute++) {
        for (int k = 0; k < 500 && minute < 240; k++) {
            /* Each key is active 20 minutes out of 40; new names every 40. */
            if (((minute + k) / 20) % 2) continue;
            snprintf(kbuf, sizeof kbuf, "key-%d", k + 1000 * (minute / 40));
            add(&f, kbuf, HM(0, minute), k % 3, NO_GAP, NULL);
            rows++;
        }
        f.ctx->end_of_input = minute == 240;
        go(&f, minute > 0 ? HM(0, minute - 1) : NONE);
        for (size_t i = 0; i < f.cap->n; i++) {
            if (strcmp(f.cap->lines[i], "--") == 0) continue;
            cr_assert_leq(field(f.cap->lines[i], 4), 3, "%s", f.cap->lines[i]);
            emitted += field(f.cap->lines[i], 3);
        }
        cap_reset(f.cap);
        OpMetrics m = metrics(&f);
        if (m.state_rows > max_state) max_state = m.state_rows;
    }
    cr_expect_eq(emitted, rows);
    cr_expect_leq(max_state, 800, "%lld", (long long)max_state);
    cr_expect_eq(metrics(&f).rows_dropped_late, 0);
    cr_expect_eq(metrics(&f).state_rows, 0);
    fx_free(&f);
}

Test(session, describe_and_errors)
{
    Fx f = fx_new(MODE_UPDATE, GAP_CONST, true, all_aggs, 2);
    StrBuf sb = STRBUF_INIT;
    f.op->vt->describe(f.op, &sb);
    cr_expect_str_eq(f.op->vt->name, "SessionWindow");
    cr_expect(strstr(sb_str(&sb), "time=ts") && strstr(sb_str(&sb), "keys=[k]") &&
                  strstr(sb_str(&sb), "aggs=[count(*), sum(v)]"),
              "%s", sb_str(&sb));
    sb_free(&sb);
    Expr *keys[] = {col(f.ctx, 0, TYPE_TEXT, "k")};
    SessionConfig cfg = {keys, 1, col(f.ctx, 0, TYPE_TEXT, "k"),
                         col(f.ctx, 3, TYPE_INTERVAL, "gap"), NULL, 0, false};
    Schema in = tb_schema(f.ctx->arena, 5, tin, NULL);
    cr_expect_null(op_session_new(f.ctx, &f.cap->base, &in, &cfg, &in));
    cr_expect(f.ctx->diag->set);
    fx_free(&f);
}
