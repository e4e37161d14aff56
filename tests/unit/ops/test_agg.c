/* Unit tests: HashAggregate — grouping, every aggregate, DISTINCT, the
 * three output modes, eviction, growth, and state that outlives batches. */
#include <criterion/criterion.h>

#include "capture.h"
#include "engine/base/timeutil.h"

typedef struct Fx {
    ExecCtx *ctx;
    Capture *cap;
    Op *op;
    Arena *ba;        /* batch arena */
} Fx;

static Fx fx_new(EmitMode mode)
{
    Fx f = {.ctx = ctx_new(mode), .ba = arena_new()};
    f.cap = cap_new(f.ctx);
    return f;
}

static void fx_free(Fx *f)
{
    if (f->op && f->op->vt->destroy) f->op->vt->destroy(f->op);
    cap_free(f->cap);
    ctx_free(f->ctx);
    arena_free(f->ba);
}

static AggCall call(AggKind k, Expr *arg, bool distinct)
{
    Type t = TYPE_INT64;
    if (arg) {
        if (k == AGG_AVG) t = TYPE_DOUBLE;
        else if (k != AGG_COUNT) t = arg->type;
    }
    return (AggCall){.kind = k, .distinct = distinct, .arg = arg, .type = t};
}

static Op *mk_agg(Fx *f, Expr **keys, int nk, AggCall *aggs, int na, int batch_key)
{
    Type types[16];
    for (int i = 0; i < nk; i++) types[i] = keys[i]->type;
    for (int i = 0; i < na; i++) types[nk + i] = aggs[i].type;
    Schema out = tb_schema(f->ctx->arena, nk + na, types, NULL);
    AggConfig cfg = {keys, nk, aggs, na, batch_key, -1, -1};
    f->op = op_agg_new(f->ctx, &f->cap->base, NULL, &cfg, &out);
    cr_assert_not_null(f->op);
    return f->op;
}

static void flush(Fx *f)
{
    cr_assert_eq(op_flush(f->op), OP_OK);
    f->ctx->batch_id++;
    f->ctx->expr.batch_id = f->ctx->batch_id;
}

static const Type tkx[] = {TYPE_TEXT, TYPE_INT64};

Test(agg, null_keys_group_together_complete)
{
    Fx f = fx_new(MODE_COMPLETE);
    Expr *k = col(f.ctx, 0, TYPE_TEXT, "k"), *x = col(f.ctx, 1, TYPE_INT64, "x");
    AggCall aggs[] = {call(AGG_COUNT_STAR, NULL, false), call(AGG_COUNT, x, false),
                      call(AGG_SUM, x, false)};
    mk_agg(&f, &k, 1, aggs, 3, -1);
    Batch *b = tb_new(f.ba, 2, tkx);
    ROW(b, S("a"), I(1));
    ROW(b, NUL(TYPE_TEXT), I(2));
    ROW(b, S("b"), NUL(TYPE_INT64));
    ROW(b, NUL(TYPE_TEXT), NUL(TYPE_INT64));
    ROW(b, S("a"), I(10));
    cr_assert_eq(op_push(f.op, b), OP_OK);
    flush(&f);
    cap_expect(f.cap, "= a,2,2,11\n= NULL,2,1,2\n= b,1,0,NULL\n--\n");

    /* COMPLETE re-emits everything, changed or not. */
    cap_reset(f.cap);
    arena_reset(f.ba);
    memset(arena_alloc(f.ba, 8192), 'X', 8192);   /* the old key strings are gone */
    b = tb_new(f.ba, 2, tkx);
    ROW(b, S("c"), I(5));
    ROW(b, NUL(TYPE_TEXT), I(5));
    op_push(f.op, b);
    flush(&f);
    cap_expect(f.cap, "= a,2,2,11\n= NULL,3,2,7\n= b,1,0,NULL\n= c,1,1,5\n--\n");
    OpMetrics m = {0};
    f.op->vt->metrics(f.op, &m);
    cr_expect_eq(m.state_rows, 4);
    cr_expect_gt(m.state_bytes, 0);
    fx_free(&f);
}

Test(agg, every_aggregate_over_int_with_nulls)
{
    Fx f = fx_new(MODE_COMPLETE);
    Expr *k = col(f.ctx, 0, TYPE_TEXT, "k"), *x = col(f.ctx, 1, TYPE_INT64, "x");
    AggCall aggs[] = {call(AGG_SUM, x, false), call(AGG_AVG, x, false),
                      call(AGG_MIN, x, false), call(AGG_MAX, x, false),
                      call(AGG_FIRST, x, false), call(AGG_LAST, x, false),
                      call(AGG_COUNT, x, false)};
    mk_agg(&f, &k, 1, aggs, 7, -1);
    Batch *b = tb_new(f.ba, 2, tkx);
    ROW(b, S("g"), NUL(TYPE_INT64));     /* first(x) of g is NULL */
    ROW(b, S("g"), I(4));
    ROW(b, S("g"), I(-3));
    ROW(b, S("n"), NUL(TYPE_INT64));     /* only NULLs */
    ROW(b, S("g"), I(9));
    ROW(b, S("h"), I(7));
    ROW(b, S("h"), NUL(TYPE_INT64));     /* last(x) of h is NULL */
    ROW(b, S("w"), I(INT64_MAX));
    ROW(b, S("w"), I(1));                /* out of range: NULL, never a wrap */
    op_push(f.op, b);
    flush(&f);
    cap_expect(f.cap,
               "= g,10,3.3333333333333335,-3,9,NULL,9,3\n"
               "= n,NULL,NULL,NULL,NULL,NULL,NULL,0\n"
               "= h,7,7.0,7,7,7,NULL,1\n"
               "= w,NULL,4.611686018427388e+18,1,9223372036854775807,"
               "9223372036854775807,1,2\n--\n");
    fx_free(&f);
}

Test(agg, double_text_timestamp_bool_and_const)
{
    static const Type ty[] = {TYPE_INT64, TYPE_DOUBLE, TYPE_TEXT, TYPE_TIMESTAMP, TYPE_BOOL};
    Fx f = fx_new(MODE_COMPLETE);
    Expr *k = col(f.ctx, 0, TYPE_INT64, "k");
    Expr *d = col(f.ctx, 1, TYPE_DOUBLE, "d"), *s = col(f.ctx, 2, TYPE_TEXT, "s");
    Expr *t = col(f.ctx, 3, TYPE_TIMESTAMP, "t"), *bo = col(f.ctx, 4, TYPE_BOOL, "b");
    Expr *one = ARENA_NEW(f.ctx->arena, Expr);
    one->kind = EXPR_CONST;
    one->type = TYPE_INT64;
    one->value = value_int(1);
    AggCall aggs[] = {call(AGG_SUM, d, false), call(AGG_AVG, d, false),
                      call(AGG_MIN, d, false), call(AGG_MAX, d, false),
                      call(AGG_MIN, s, false), call(AGG_MAX, s, false),
                      call(AGG_FIRST, s, false), call(AGG_LAST, s, false),
                      call(AGG_MIN, t, false), call(AGG_MAX, t, false),
                      call(AGG_MIN, bo, false), call(AGG_MAX, bo, false),
                      call(AGG_SUM, one, false)};
    mk_agg(&f, &k, 1, aggs, 13, -1);
    Batch *b = tb_new(f.ba, 5, ty);
    ROW(b, I(1), D(1.5), S("pear"), TS(60 * US_PER_SEC), B(true));
    ROW(b, I(1), D(-2.25), S("apple"), TS(0), B(true));
    ROW(b, I(1), NUL(TYPE_DOUBLE), NUL(TYPE_TEXT), NUL(TYPE_TIMESTAMP), NUL(TYPE_BOOL));
    ROW(b, I(1), D(10), S("zebra-long-string"), TS(30 * US_PER_SEC), B(false));
    ROW(b, I(2), D(0.0 / 0.0), S(""), TS(-US_PER_SEC), B(false));
    ROW(b, I(2), D(5), S("b"), TS(0), B(false));
    op_push(f.op, b);
    /* The batch's strings are gone before the flush. */
    arena_reset(f.ba);
    memset(arena_alloc(f.ba, 8192), 'X', 8192);
    flush(&f);
    cap_expect(f.cap,
               "= 1,9.25,3.0833333333333335,-2.25,10.0,apple,zebra-long-string,pear,zebra-long-string,"
               "1970-01-01 00:00:00,1970-01-01 00:01:00,false,true,4\n"
               "= 2,NaN,NaN,5.0,NaN,,b,,b,1969-12-31 23:59:59,1970-01-01 00:00:00,"
               "false,false,2\n--\n");
    fx_free(&f);
}

Test(agg, text_state_overwrites_and_grows_in_place)
{
    Fx f = fx_new(MODE_UPDATE);
    Expr *k = col(f.ctx, 1, TYPE_INT64, "k"), *s = col(f.ctx, 0, TYPE_TEXT, "s");
    AggCall aggs[] = {call(AGG_MAX, s, false), call(AGG_LAST, s, false),
                      call(AGG_FIRST, s, false)};
    mk_agg(&f, &k, 1, aggs, 3, -1);
    const char *vals[] = {"a", "bbbbbbbbbbbbbbbbbbbb", "c", "", "dd", NULL, "e"};
    for (int i = 0; i < 7; i++) {
        Batch *b = tb_new(f.ba, 2, tkx);
        if (vals[i]) ROW(b, S(vals[i]), I(0));
        else ROW(b, NUL(TYPE_TEXT), I(0));
        op_push(f.op, b);
        arena_reset(f.ba);
        flush(&f);
    }
    cap_expect(f.cap,
               "u 0,a,a,a\n--\n"
               "u 0,bbbbbbbbbbbbbbbbbbbb,bbbbbbbbbbbbbbbbbbbb,a\n--\n"
               "u 0,c,c,a\n--\n"
               "u 0,c,,a\n--\n"
               "u 0,dd,dd,a\n--\n"
               "u 0,dd,NULL,a\n--\n"
               "u 0,e,e,a\n--\n");
    fx_free(&f);
}

Test(agg, distinct_across_micro_batches)
{
    Fx f = fx_new(MODE_UPDATE);
    Expr *k = col(f.ctx, 0, TYPE_TEXT, "k"), *x = col(f.ctx, 1, TYPE_INT64, "x");
    AggCall aggs[] = {call(AGG_COUNT, x, true), call(AGG_SUM, x, true),
                      call(AGG_AVG, x, true), call(AGG_MAX, x, true),
                      call(AGG_COUNT, x, false)};
    mk_agg(&f, &k, 1, aggs, 5, -1);
    Batch *b = tb_new(f.ba, 2, tkx);
    ROW(b, S("a"), I(1));
    ROW(b, S("a"), I(1));
    ROW(b, S("a"), I(2));
    ROW(b, S("a"), NUL(TYPE_INT64));
    ROW(b, S("b"), I(1));
    op_push(f.op, b);
    flush(&f);
    arena_reset(f.ba);
    b = tb_new(f.ba, 2, tkx);
    ROW(b, S("a"), I(2));
    ROW(b, S("a"), I(3));
    op_push(f.op, b);
    flush(&f);
    cap_expect(f.cap, "u a,2,3,1.5,2,3\nu b,1,1,1.0,1,1\n--\nu a,3,6,2.0,3,5\n--\n");

    /* And the sets see only the selected rows. */
    cap_reset(f.cap);
    arena_reset(f.ba);
    b = tb_new(f.ba, 2, tkx);
    ROW(b, S("b"), I(5));
    ROW(b, S("b"), I(6));
    ROW(b, S("b"), I(7));
    uint32_t sel[] = {0, 2};
    b->sel = sel;
    b->n_sel = 2;
    op_push(f.op, b);
    flush(&f);
    cap_expect(f.cap, "u b,3,13,4.333333333333333,7,3\n--\n");
    fx_free(&f);
}

Test(agg, update_emits_only_changed_groups_in_first_seen_order)
{
    Fx f = fx_new(MODE_UPDATE);
    Expr *k = col(f.ctx, 0, TYPE_TEXT, "k");
    AggCall aggs[] = {call(AGG_COUNT_STAR, NULL, false)};
    mk_agg(&f, &k, 1, aggs, 1, -1);
    const char *batches[][4] = {{"a", "b", "c", NULL}, {"c", "a", NULL}, {NULL}, {"d", "b", NULL}};
    for (int i = 0; i < 4; i++) {
        Batch *b = tb_new(f.ba, 2, tkx);
        for (int j = 0; batches[i][j]; j++) ROW(b, S(batches[i][j]), I(0));
        op_push(f.op, b);
        flush(&f);
        arena_reset(f.ba);
    }
    cap_expect(f.cap, "u a,1\nu b,1\nu c,1\n--\nu a,2\nu c,2\n--\n--\nu b,2\nu d,1\n--\n");
    fx_free(&f);
}

static const Type tbk[] = {TYPE_INT64, TYPE_TEXT};

static void push_bk(Fx *f, const char *const *keys)
{
    Batch *b = tb_new(f->ba, 2, tbk);
    for (int j = 0; keys[j]; j++) ROW(b, I(f->ctx->batch_id), S(keys[j]));
    cr_assert_eq(op_push(f->op, b), OP_OK);
    arena_reset(f->ba);
}

Test(agg, append_with_batch_key_emits_and_evicts_at_batch_end)
{
    Fx f = fx_new(MODE_APPEND);
    Expr *keys[] = {col(f.ctx, 0, TYPE_INT64, "bid"), col(f.ctx, 1, TYPE_TEXT, "w")};
    AggCall aggs[] = {call(AGG_COUNT_STAR, NULL, false)};
    mk_agg(&f, keys, 2, aggs, 1, 0);
    push_bk(&f, (const char *[]){"x", "y", "x", NULL});
    push_bk(&f, (const char *[]){"z", NULL});
    flush(&f);
    OpMetrics m = {0};
    f.op->vt->metrics(f.op, &m);
    cr_expect_eq(m.state_rows, 0);
    push_bk(&f, (const char *[]){"x", NULL});
    flush(&f);
    flush(&f);                      /* an empty micro-batch */
    f.ctx->end_of_input = true;
    push_bk(&f, (const char *[]){"y", "y", NULL});
    flush(&f);
    cap_expect(f.cap, "+ 0,x,2\n+ 0,y,1\n+ 0,z,1\n--\n+ 1,x,1\n--\n--\n+ 3,y,2\n--\n");
    fx_free(&f);
}

Test(agg, update_with_batch_key_evicts)
{
    Fx f = fx_new(MODE_UPDATE);
    Expr *keys[] = {col(f.ctx, 0, TYPE_INT64, "bid"), col(f.ctx, 1, TYPE_TEXT, "w")};
    AggCall aggs[] = {call(AGG_COUNT_STAR, NULL, false), call(AGG_MAX, keys[1], false)};
    mk_agg(&f, keys, 2, aggs, 2, 0);
    push_bk(&f, (const char *[]){"a", "a", NULL});
    flush(&f);
    push_bk(&f, (const char *[]){"a", NULL});
    flush(&f);
    cap_expect(f.cap, "u 0,a,2,a\n--\nu 1,a,1,a\n--\n");
    fx_free(&f);
}

Test(agg, append_without_batch_key_waits_for_end_of_input)
{
    Fx f = fx_new(MODE_APPEND);
    Expr *k = col(f.ctx, 0, TYPE_TEXT, "k"), *x = col(f.ctx, 1, TYPE_INT64, "x");
    AggCall aggs[] = {call(AGG_SUM, x, false)};
    mk_agg(&f, &k, 1, aggs, 1, -1);
    Batch *b = tb_new(f.ba, 2, tkx);
    ROW(b, S("a"), I(1));
    ROW(b, S("b"), I(2));
    op_push(f.op, b);
    flush(&f);
    arena_reset(f.ba);
    b = tb_new(f.ba, 2, tkx);
    ROW(b, S("a"), I(3));
    op_push(f.op, b);
    f.ctx->end_of_input = true;
    flush(&f);
    cap_expect(f.cap, "--\n+ a,4\n+ b,2\n--\n");
    fx_free(&f);
}

Test(agg, global_aggregate_without_keys)
{
    Fx f = fx_new(MODE_COMPLETE);
    Expr *x = col(f.ctx, 1, TYPE_INT64, "x");
    AggCall aggs[] = {call(AGG_COUNT_STAR, NULL, false), call(AGG_SUM, x, false)};
    mk_agg(&f, NULL, 0, aggs, 2, -1);
    flush(&f);                      /* no input: still one row */
    Batch *b = tb_new(f.ba, 2, tkx);
    ROW(b, S("a"), I(1));
    ROW(b, S("b"), I(2));
    op_push(f.op, b);
    flush(&f);
    cap_expect(f.cap, "= 0,NULL\n--\n= 2,3\n--\n");
    fx_free(&f);
}

Test(agg, describe_and_bad_argument)
{
    Fx f = fx_new(MODE_COMPLETE);
    Expr *keys[] = {col(f.ctx, 0, TYPE_TEXT, "domain"), col(f.ctx, 1, TYPE_INT64, "window")};
    AggCall aggs[] = {call(AGG_SUM, keys[1], false), call(AGG_COUNT_STAR, NULL, false),
                      call(AGG_COUNT, keys[0], true)};
    mk_agg(&f, keys, 2, aggs, 3, -1);
    StrBuf sb = STRBUF_INIT;
    f.op->vt->describe(f.op, &sb);
    cr_expect_str_eq(sb_str(&sb), "keys=[domain, window], aggs=[sum(window), count(*), "
                                  "count(DISTINCT domain)]");
    cr_expect_str_eq(f.op->vt->name, "HashAggregate");
    sb_free(&sb);

    AggCall bad[] = {call(AGG_SUM, keys[0], false)};
    Schema out = tb_schema(f.ctx->arena, 1, (Type[]){TYPE_TEXT}, NULL);
    AggConfig cfg = {NULL, 0, bad, 1, -1, -1, -1};
    cr_expect_null(op_agg_new(f.ctx, &f.cap->base, NULL, &cfg, &out));
    cr_expect(f.ctx->diag->set);
    fx_free(&f);
}

/* 100k integer keys (+ a NULL key) over many batches: results checked
 * against sums computed here; exercises growth and multi-batch output. */
Test(agg, many_groups_match_reference)
{
    enum { N = 100000, ROUNDS = 3 };
    static const Type ty[] = {TYPE_INT64, TYPE_INT64};
    Fx f = fx_new(MODE_COMPLETE);
    Expr *k = col(f.ctx, 0, TYPE_INT64, "k"), *x = col(f.ctx, 1, TYPE_INT64, "x");
    AggCall aggs[] = {call(AGG_SUM, x, false), call(AGG_COUNT_STAR, NULL, false)};
    mk_agg(&f, &k, 1, aggs, 2, -1);
    int64_t *sum = calloc(N + 1, sizeof(int64_t)), *cnt = calloc(N + 1, sizeof(int64_t));
    uint64_t rng = 42;
    for (int i = 0; i < N * ROUNDS; i += 2000) {
        Batch *b = tb_new(f.ba, 2, ty);
        for (int j = 0; j < 2000; j++) {
            rng = rng * 6364136223846793005u + 1442695040888963407u;
            int64_t key = (int64_t)((rng >> 33) % (N + 1)), val = (int64_t)(rng >> 40) % 1000;
            if (key == N) ROW(b, NUL(TYPE_INT64), I(val));
            else ROW(b, I(key), I(val));
            sum[key] += val;
            cnt[key]++;
        }
        op_push(f.op, b);
        arena_reset(f.ba);
    }
    flush(&f);
    size_t groups = 0;
    int64_t total = 0;
    for (size_t i = 0; i < f.cap->n; i++) {
        const char *line = f.cap->lines[i];
        if (strcmp(line, "--") == 0) continue;
        char keybuf[32];
        long long s, c;
        cr_assert_eq(sscanf(line, "= %31[^,],%lld,%lld", keybuf, &s, &c), 3, "%s", line);
        int64_t key = strcmp(keybuf, "NULL") == 0 ? N : atoll(keybuf);
        cr_assert_eq(s, sum[key], "key %s", keybuf);
        cr_assert_eq(c, cnt[key], "key %s", keybuf);
        total += c;
        groups++;
    }
    size_t want = 0;
    for (int i = 0; i <= N; i++) want += cnt[i] > 0;
    cr_expect_eq(groups, want);
    cr_expect_eq(total, N * ROUNDS);
    cr_expect_gt(f.cap->pushes, (int64_t)(want / BATCH_CAP));
    free(sum);
    free(cnt);
    fx_free(&f);
}

/* Many micro-batches of batch_key groups with a few long-lived ones in
 * UPDATE mode: state stays bounded (eviction, compaction). */
Test(agg, eviction_keeps_state_bounded)
{
    Fx f = fx_new(MODE_UPDATE);
    Expr *keys[] = {col(f.ctx, 0, TYPE_INT64, "bid"), col(f.ctx, 1, TYPE_TEXT, "w")};
    AggCall aggs[] = {call(AGG_COUNT, keys[1], true), call(AGG_MIN, keys[1], false)};
    mk_agg(&f, keys, 2, aggs, 2, 0);
    char buf[32];
    int64_t max_bytes = 0;
    for (int round = 0; round < 60; round++) {
        Batch *b = tb_new(f.ba, 2, tbk);
        for (int j = 0; j < 1500; j++) {
            snprintf(buf, sizeof buf, "word-%d-%d", round, j);
            ROW(b, I(f.ctx->batch_id), S(buf));
        }
        op_push(f.op, b);
        arena_reset(f.ba);
        OpMetrics m = {0};
        f.op->vt->metrics(f.op, &m);
        cr_assert_eq(m.state_rows, 1500);
        if (round >= 10 && m.state_bytes > max_bytes * 2 && max_bytes)
            cr_assert_fail("state grows: %lld", (long long)m.state_bytes);
        if (round == 5) max_bytes = m.state_bytes;
        flush(&f);
        cap_reset(f.cap);
    }
    fx_free(&f);
}

/* GROUP BY batch_id(), w: the key comes from expr_eval (a constant
 * vector), and APPEND emits each micro-batch's groups at its end. */
Test(agg, batch_id_function_as_batch_key)
{
    Fx f = fx_new(MODE_APPEND);
    Expr *bid = expr_call(f.ctx->arena, "batch_id", NULL, 0, SPAN_NONE, f.ctx->diag);
    cr_assert_not_null(bid, "%s", f.ctx->diag->message);
    Expr *keys[] = {bid, col(f.ctx, 0, TYPE_TEXT, "w")};
    AggCall aggs[] = {call(AGG_COUNT_STAR, NULL, false)};
    mk_agg(&f, keys, 2, aggs, 1, 0);
    for (int round = 0; round < 3; round++) {
        Batch *b = tb_new(f.ba, 2, tkx);
        ROW(b, S("hi"), I(0));
        for (int i = 0; i < round; i++) ROW(b, S("there"), I(0));
        op_push(f.op, b);
        arena_reset(f.ba);
        flush(&f);
    }
    cap_expect(f.cap, "+ 0,hi,1\n--\n+ 1,hi,1\n+ 1,there,1\n--\n+ 2,hi,1\n+ 2,there,2\n--\n");
    fx_free(&f);
}
