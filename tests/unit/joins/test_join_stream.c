/* Unit tests: StreamJoin — symmetric hash join of two streams through its
 * two input adapters: pairs across batches emitted exactly once, time
 * bounds, outer rows emitted in the flush where the watermark passes the
 * bound, LEFT SEMI, late rows, state metrics and compaction, end of
 * input, and the seed authors/books stream-stream join. */
#include <criterion/criterion.h>

#include "tests/unit/ops/capture.h"

#define MIN(m) TS((int64_t)(m) * 60 * 1000000)
#define MINUTES(m) ((int64_t)(m) * 60 * 1000000)

/* left (k, lt, lv), right (k, rt, rv) */
static const Type ty[] = {TYPE_INT64, TYPE_TIMESTAMP, TYPE_TEXT};

typedef struct Fx {
    ExecCtx *ctx;
    Capture *cap;
    Op *op;
    Arena *ba;
} Fx;

/* A join on k = k (no keys: nested loop); with `bound`:
 * right.rt + lower <= left.lt <= right.rt + upper. The residual is built
 * by `res` over the context, if given. */
static Fx fx_make(JoinType type, int n_keys, bool bound, int64_t lower, int64_t upper,
                  Expr *(*res)(ExecCtx *))
{
    Fx f = {.ctx = ctx_new(MODE_APPEND), .ba = arena_new()};
    f.ctx->watermark_late = WATERMARK_NONE;
    f.cap = cap_new(f.ctx);
    Schema l = tb_schema(f.ctx->arena, 3, ty, (const char *[]){"k", "lt", "lv"});
    Schema r = tb_schema(f.ctx->arena, 3, ty, (const char *[]){"k", "rt", "rv"});
    bool semi = type == JOIN_TYPE_LEFT_SEMI;
    Schema out = {semi ? 3 : 6, ARENA_ARRAY(f.ctx->arena, Column, 6)};
    for (int i = 0; i < 3; i++) {
        out.cols[i] = l.cols[i];
        out.cols[3 + i] = r.cols[i];
    }
    JoinConfig cfg = {.type = type, .n_keys = n_keys, .has_time_bound = bound,
                      .left_time = bound ? 1 : -1, .right_time = bound ? 1 : -1,
                      .lower_us = lower, .upper_us = upper};
    if (bound) {            /* the analyzer's terms for this pair */
        cfg.left_expiry[cfg.n_left_expiry++] = (JoinExpiry){1, -lower, false};
        cfg.right_expiry[cfg.n_right_expiry++] = (JoinExpiry){1, upper, false};
    }
    cfg.left_keys = ARENA_ARRAY(f.ctx->arena, Expr *, 1);
    cfg.right_keys = ARENA_ARRAY(f.ctx->arena, Expr *, 1);
    cfg.left_keys[0] = col(f.ctx, 0, TYPE_INT64, "k");
    cfg.right_keys[0] = col(f.ctx, 0, TYPE_INT64, "k");
    cfg.residual = res ? res(f.ctx) : NULL;
    f.op = op_join_stream_new(f.ctx, &f.cap->base, &l, &r, &cfg, &out);
    cr_assert_not_null(f.op);
    return f;
}

static Fx fx_new(JoinType type, bool bound, int64_t lower, int64_t upper)
{
    return fx_make(type, 1, bound, lower, upper, NULL);
}

static void fx_free(Fx *f)
{
    f->op->vt->destroy(f->op);
    cap_free(f->cap);
    ctx_free(f->ctx);
    arena_free(f->ba);
}

/* Start a micro-batch with watermark wm in force; rows are judged late
 * against the previous one, as the exec loop does. */
static void begin(Fx *f, int64_t wm)
{
    f->ctx->watermark_late = f->ctx->watermark;
    f->ctx->watermark = wm;
}

/* Push rows to one side; their strings die right after. */
#define PUSH(f, side, ...)                                                     \
    do {                                                                       \
        Batch *b_ = tb_new((f)->ba, 3, ty);                                    \
        Value rows_[][3] = {__VA_ARGS__};                                      \
        for (size_t i_ = 0; i_ < sizeof rows_ / sizeof rows_[0]; i_++)         \
            tb_add(b_, rows_[i_]);                                             \
        cr_assert_eq(op_push(op_join_stream_input((f)->op, side), b_), OP_OK); \
        arena_reset((f)->ba);                                                  \
        memset(arena_alloc((f)->ba, 4096), 'X', 4096);                         \
    } while (0)
#define R3(a, b, c) {a, b, c}

static void end(Fx *f)
{
    cr_assert_eq(op_flush(op_join_stream_input(f->op, 0)), OP_OK);
    cr_assert_eq(op_flush(op_join_stream_input(f->op, 1)), OP_OK);
}

/* Captured lines with the date part of the timestamps cut ("00:10:00"). */
static void expect(Fx *f, const char *want)
{
    char *got = cap_text(f->cap);
    char *w = got;
    for (char *r = got; *r;) {
        if (strncmp(r, "1970-01-01 ", 11) == 0) r += 11;
        else *w++ = *r++;
    }
    *w = 0;
    cr_expect_str_eq(got, want);
    free(got);
    cap_reset(f->cap);
}

static OpMetrics metrics(Fx *f)
{
    OpMetrics m = {0};
    f->op->vt->metrics(f->op, &m);
    return m;
}

Test(join_stream, inner_without_bound_each_pair_once)
{
    Fx f = fx_new(JOIN_TYPE_INNER, false, 0, 0);
    PUSH(&f, 0, R3(I(1), MIN(0), S("a")), R3(I(2), MIN(0), S("b")));
    PUSH(&f, 1, R3(I(2), MIN(0), S("x")));
    end(&f);
    expect(&f, "+ 2,00:00:00,b,2,00:00:00,x\n--\n");
    /* Pairs whose second row arrives now; old pairs are not repeated. */
    PUSH(&f, 1, R3(I(1), MIN(0), S("y")), R3(I(2), MIN(0), S("z")),
         R3(NUL(TYPE_INT64), MIN(0), S("n")));
    PUSH(&f, 0, R3(I(2), MIN(0), S("c")));
    begin(&f, MINUTES(100));        /* no bound: the watermark evicts nothing */
    end(&f);
    expect(&f, "+ 1,00:00:00,a,1,00:00:00,y\n+ 2,00:00:00,b,2,00:00:00,z\n"
               "+ 2,00:00:00,c,2,00:00:00,x\n+ 2,00:00:00,c,2,00:00:00,z\n--\n");
    OpMetrics m = metrics(&f);
    cr_assert_eq(m.state_rows, 6);      /* the NULL-key row is not kept */
    cr_assert_gt(m.state_bytes, 0);
    cr_assert(!f.op->vt->bounded(f.op));
    StrBuf sb = STRBUF_INIT;
    f.op->vt->describe(f.op, &sb);
    cr_assert(strstr(sb.data, "no time bound"), "%s", sb.data);
    sb_free(&sb);
    fx_free(&f);
}

Test(join_stream, flush_waits_for_both_inputs)
{
    Fx f = fx_new(JOIN_TYPE_INNER, false, 0, 0);
    cr_assert_eq(op_flush(op_join_stream_input(f.op, 1)), OP_OK);
    cr_assert_eq(f.cap->flushes, 0);
    cr_assert_eq(op_flush(op_join_stream_input(f.op, 0)), OP_OK);
    cr_assert_eq(f.cap->flushes, 1);
    fx_free(&f);
}

Test(join_stream, inner_time_bound)
{
    /* rt <= lt <= rt + 10 min */
    Fx f = fx_new(JOIN_TYPE_INNER, true, 0, MINUTES(10));
    PUSH(&f, 0, R3(I(1), MIN(10), S("a")));
    PUSH(&f, 1, R3(I(1), MIN(5), S("x")), R3(I(1), MIN(30), S("y")), R3(I(1), MIN(0), S("z")),
         R3(I(1), NUL(TYPE_TIMESTAMP), S("n")));
    end(&f);
    expect(&f, "+ 1,00:10:00,a,1,00:05:00,x\n+ 1,00:10:00,a,1,00:00:00,z\n--\n");
    StrBuf sb = STRBUF_INIT;
    f.op->vt->describe(f.op, &sb);
    cr_assert(strstr(sb.data, "bound rt"), "%s", sb.data);
    cr_assert(f.op->vt->bounded(f.op));
    sb_free(&sb);
    fx_free(&f);
}

Test(join_stream, left_outer_emitted_when_watermark_passes_bound)
{
    Fx f = fx_new(JOIN_TYPE_LEFT, true, 0, MINUTES(10));
    begin(&f, WATERMARK_NONE);
    PUSH(&f, 0, R3(I(1), MIN(20), S("a")), R3(I(2), MIN(30), S("b")));
    PUSH(&f, 1, R3(I(1), MIN(15), S("x")));
    end(&f);
    expect(&f, "+ 1,00:20:00,a,1,00:15:00,x\n--\n");
    cr_assert_eq(metrics(&f).state_rows, 3);

    begin(&f, MINUTES(25));         /* a (matched) dies; b may still match */
    end(&f);
    expect(&f, "--\n");
    cr_assert_eq(metrics(&f).state_rows, 2);

    begin(&f, MINUTES(30));         /* b at 30: a right row at >= 30 can't match... */
    end(&f);                        /* ...but 30 - 0 < 30 is false: still waiting */
    expect(&f, "--\n");
    cr_assert_eq(metrics(&f).state_rows, 1);    /* x (15 + 10 < 30) evicted */

    begin(&f, MINUTES(31));
    end(&f);
    expect(&f, "+ 2,00:30:00,b,NULL,NULL,NULL\n--\n");
    cr_assert_eq(metrics(&f).state_rows, 0);
    fx_free(&f);
}

Test(join_stream, late_rows_dropped_and_counted)
{
    Fx f = fx_new(JOIN_TYPE_LEFT, true, 0, MINUTES(10));
    begin(&f, MINUTES(50));
    end(&f);
    expect(&f, "--\n");
    begin(&f, MINUTES(60));         /* late: at or before 50 (Spark: <= watermark) */
    PUSH(&f, 0, R3(I(1), MIN(40), S("late")), R3(I(1), MIN(55), S("a")));
    PUSH(&f, 1, R3(I(1), MIN(49), S("late")), R3(I(1), MIN(50), S("late")),
         R3(I(1), MIN(51), S("x")));
    end(&f);
    /* a: 51 <= 55 <= 61 matched; at flush a (55 < 60) is evicted, matched. */
    expect(&f, "+ 1,00:55:00,a,1,00:51:00,x\n--\n");
    cr_assert_eq(metrics(&f).rows_dropped_late, 3);
    fx_free(&f);
}

Test(join_stream, right_outer)
{
    Fx f = fx_new(JOIN_TYPE_RIGHT, true, 0, MINUTES(10));
    PUSH(&f, 1, R3(I(1), MIN(10), S("x")), R3(I(2), MIN(10), S("y")),
         R3(NUL(TYPE_INT64), MIN(10), S("n")));
    PUSH(&f, 0, R3(I(2), MIN(12), S("b")));
    end(&f);
    /* The NULL-key right row can never match: padded at once. */
    expect(&f, "+ NULL,NULL,NULL,NULL,00:10:00,n\n+ 2,00:12:00,b,2,00:10:00,y\n--\n");
    begin(&f, MINUTES(20));         /* 10 + 10 < 20 is false */
    end(&f);
    expect(&f, "--\n");
    begin(&f, MINUTES(21));
    end(&f);
    expect(&f, "+ NULL,NULL,NULL,1,00:10:00,x\n--\n");
    fx_free(&f);
}

Test(join_stream, full_outer_and_end_of_input)
{
    Fx f = fx_new(JOIN_TYPE_FULL, true, 0, MINUTES(10));
    PUSH(&f, 0, R3(I(1), MIN(10), S("a")));
    PUSH(&f, 1, R3(I(2), MIN(10), S("x")), R3(I(3), MIN(10), S("y")));
    PUSH(&f, 0, R3(I(3), MIN(15), S("c")));
    end(&f);
    expect(&f, "+ 3,00:15:00,c,3,00:10:00,y\n--\n");
    begin(&f, MINUTES(11));         /* left a dies (10 < 11), right rows wait */
    end(&f);
    expect(&f, "+ 1,00:10:00,a,NULL,NULL,NULL\n--\n");
    begin(&f, MINUTES(12));
    f.ctx->end_of_input = true;     /* every pending outer row, once */
    end(&f);
    expect(&f, "+ NULL,NULL,NULL,2,00:10:00,x\n--\n");
    cr_assert_eq(metrics(&f).state_rows, 0);
    fx_free(&f);
}

Test(join_stream, end_of_input_emits_pending_left_rows)
{
    Fx f = fx_new(JOIN_TYPE_LEFT, true, 0, MINUTES(10));
    PUSH(&f, 0, R3(I(1), MIN(10), S("a")), R3(NUL(TYPE_INT64), MIN(10), S("n")),
         R3(I(2), MIN(10), S("b")));
    PUSH(&f, 1, R3(I(2), MIN(5), S("x")));
    end(&f);
    expect(&f, "+ NULL,00:10:00,n,NULL,NULL,NULL\n+ 2,00:10:00,b,2,00:05:00,x\n--\n");
    f.ctx->end_of_input = true;
    end(&f);
    expect(&f, "+ 1,00:10:00,a,NULL,NULL,NULL\n--\n");
    fx_free(&f);
}

Test(join_stream, left_semi_each_left_row_once)
{
    Fx f = fx_new(JOIN_TYPE_LEFT_SEMI, true, 0, MINUTES(10));
    PUSH(&f, 1, R3(I(1), MIN(5), S("x")));
    PUSH(&f, 0, R3(I(1), MIN(10), S("a")), R3(I(2), MIN(10), S("b")));
    end(&f);
    expect(&f, "+ 1,00:10:00,a\n--\n");
    /* Two more matches for a: nothing; two matches for b in one batch: once. */
    PUSH(&f, 1, R3(I(1), MIN(6), S("y")), R3(I(2), MIN(5), S("z")), R3(I(2), MIN(6), S("w")));
    end(&f);
    expect(&f, "+ 2,00:10:00,b\n--\n");
    /* A new left row matching two stored right rows: once. */
    PUSH(&f, 0, R3(I(2), MIN(12), S("c")));
    end(&f);
    expect(&f, "+ 2,00:12:00,c\n--\n");
    f.ctx->end_of_input = true;
    end(&f);
    expect(&f, "--\n");
    fx_free(&f);
}

Test(join_stream, state_falls_after_eviction_and_compaction)
{
    Fx f = fx_new(JOIN_TYPE_INNER, true, 0, MINUTES(10));
    for (int i = 0; i < 600; i++) PUSH(&f, 0, R3(I(i % 3), MIN(i), S("l")));
    end(&f);
    OpMetrics before = metrics(&f);
    cr_assert_eq(before.state_rows, 600);
    begin(&f, MINUTES(500));
    end(&f);
    OpMetrics after = metrics(&f);
    cr_assert_eq(after.state_rows, 100);
    cr_assert_lt(after.state_bytes, before.state_bytes);
    /* The rebuilt state still joins: key 0 at 590..600 -> 591, 594, 597. */
    PUSH(&f, 1, R3(I(0), MIN(590), S("r")));
    end(&f);
    expect(&f, "--\n--\n+ 0,09:51:00,l,0,09:50:00,r\n+ 0,09:54:00,l,0,09:50:00,r\n"
               "+ 0,09:57:00,l,0,09:50:00,r\n--\n");
    fx_free(&f);
}

/* Seed example §2, stream-stream: authors (id, name, book_id) and books
 * (id, name, year) both streaming, inner on book_id = id, no watermark:
 * each of the 8 pairs once, in the batch where its second row arrives. */
Test(join_stream, seed_authors_books)
{
    static const Type a_ty[] = {TYPE_INT64, TYPE_TEXT, TYPE_INT64};
    static const Type b_ty[] = {TYPE_INT64, TYPE_TEXT, TYPE_INT64};
    ExecCtx *ctx = ctx_new(MODE_APPEND);
    Arena *ba = arena_new();
    Capture *cap = cap_new(ctx);
    Schema as = tb_schema(ctx->arena, 3, a_ty, (const char *[]){"id", "name", "book_id"});
    Schema bs = tb_schema(ctx->arena, 3, b_ty, (const char *[]){"id", "name", "year"});
    Schema out = {6, ARENA_ARRAY(ctx->arena, Column, 6)};
    for (int i = 0; i < 3; i++) out.cols[i] = as.cols[i], out.cols[3 + i] = bs.cols[i];
    Expr *lk = col(ctx, 2, TYPE_INT64, "book_id"), *rk = col(ctx, 0, TYPE_INT64, "id");
    JoinConfig cfg = {.type = JOIN_TYPE_INNER, .n_keys = 1, .left_keys = &lk, .right_keys = &rk,
                      .left_time = -1, .right_time = -1};
    Op *op = op_join_stream_new(ctx, &cap->base, &as, &bs, &cfg, &out);
    cr_assert_not_null(op);
    Op *authors = op_join_stream_input(op, 0), *books = op_join_stream_input(op, 1);

    /* Batch 0: the first four authors, books 0..3. */
    Batch *b = tb_new(ba, 3, a_ty);
    ROW(b, I(0), S("Richard Dawkins"), I(0));
    ROW(b, I(1), S("Gary Marcus"), I(1));
    ROW(b, I(2), S("Charles Robert Darwin"), I(2));
    ROW(b, I(3), S("Haruki Murakami"), I(3));
    op_push(authors, b);
    arena_reset(ba);
    b = tb_new(ba, 3, b_ty);
    ROW(b, I(0), S("The Selfish Gene"), I(2022));
    ROW(b, I(1), S("Kluge"), I(2008));
    ROW(b, I(2), S("On the Origin of Species"), I(2020));
    ROW(b, I(3), S("1Q84"), I(2019));
    op_push(books, b);
    arena_reset(ba);
    op_flush(authors);
    op_flush(books);
    /* Batch 1: books 4 and 5 first, then the other authors. */
    b = tb_new(ba, 3, b_ty);
    ROW(b, I(4), S("Learning Spark 2nd Edition"), I(2021));
    ROW(b, I(5), S("Nudge Final Edition"), I(2021));
    op_push(books, b);
    arena_reset(ba);
    b = tb_new(ba, 3, a_ty);
    ROW(b, I(4), S("Jules"), I(4));
    ROW(b, I(5), S("Denny Lee"), I(4));
    ROW(b, I(6), S("Richard H.Thaler"), I(5));
    ROW(b, I(7), S("Cass R. Sunstein"), I(5));
    op_push(authors, b);
    arena_reset(ba);
    op_flush(books);
    op_flush(authors);
    cap_expect(cap,
               "+ 0,Richard Dawkins,0,0,The Selfish Gene,2022\n"
               "+ 1,Gary Marcus,1,1,Kluge,2008\n"
               "+ 2,Charles Robert Darwin,2,2,On the Origin of Species,2020\n"
               "+ 3,Haruki Murakami,3,3,1Q84,2019\n"
               "--\n"
               "+ 4,Jules,4,4,Learning Spark 2nd Edition,2021\n"
               "+ 5,Denny Lee,4,4,Learning Spark 2nd Edition,2021\n"
               "+ 6,Richard H.Thaler,5,5,Nudge Final Edition,2021\n"
               "+ 7,Cass R. Sunstein,5,5,Nudge Final Edition,2021\n"
               "--\n");
    op->vt->destroy(op);
    cap_free(cap);
    ctx_free(ctx);
    arena_free(ba);
}

/* lv <> 'l5' over the joined row (k, lt, lv, k, rt, rv) */
static Expr *lv_not_l5(ExecCtx *ctx)
{
    Expr *args[2] = {col(ctx, 2, TYPE_TEXT, "lv"), expr_const(ctx->arena, S("l5"), SPAN_NONE)};
    return expr_call(ctx->arena, "<>", args, 2, SPAN_NONE, ctx->diag);
}

Test(join_stream, many_pairs_with_residual)
{
    /* 3000 stored left rows with one key; one right row joins all but l5,
     * in output batches of at most BATCH_CAP. */
    Fx f = fx_make(JOIN_TYPE_INNER, 1, false, 0, 0, lv_not_l5);
    for (int part = 0; part < 2; part++) {
        Batch *b = tb_new(f.ba, 3, ty);
        for (int i = part ? 2048 : 0; i < (part ? 3000 : 2048); i++) {
            char name[16];
            snprintf(name, sizeof name, "l%d", i);
            ROW(b, I(1), MIN(0), S(name));
        }
        op_push(op_join_stream_input(f.op, 0), b);
        arena_reset(f.ba);
    }
    PUSH(&f, 1, R3(I(1), MIN(0), S("r")));
    cr_assert_eq(f.cap->n, 2999);
    cr_assert_geq(f.cap->pushes, 2);
    cr_assert_str_eq(f.cap->lines[4], "+ 1,1970-01-01 00:00:00,l4,1,1970-01-01 00:00:00,r");
    cr_assert_str_eq(f.cap->lines[5], "+ 1,1970-01-01 00:00:00,l6,1,1970-01-01 00:00:00,r");
    cr_assert_str_eq(f.cap->lines[2998], "+ 1,1970-01-01 00:00:00,l2999,1,1970-01-01 00:00:00,r");
    fx_free(&f);
}

Test(join_stream, nested_loop_with_time_bound)
{
    /* No equality keys: every stored row is a candidate, the bound decides. */
    Fx f = fx_make(JOIN_TYPE_LEFT, 0, true, MINUTES(-5), MINUTES(5), NULL);
    PUSH(&f, 1, R3(I(1), MIN(10), S("x")), R3(I(2), MIN(30), S("y")));
    PUSH(&f, 0, R3(I(7), MIN(12), S("a")), R3(I(8), MIN(20), S("b")));
    end(&f);
    expect(&f, "+ 7,00:12:00,a,1,00:10:00,x\n--\n");
    begin(&f, MINUTES(26));        /* left dead once lt + 5 < 26 */
    end(&f);
    expect(&f, "+ 8,00:20:00,b,NULL,NULL,NULL\n--\n");
    fx_free(&f);
}

Test(join_stream, left_outer_matched_in_later_batch_not_padded)
{
    Fx f = fx_new(JOIN_TYPE_LEFT, true, 0, MINUTES(10));
    PUSH(&f, 0, R3(I(1), MIN(20), S("a")));
    end(&f);
    begin(&f, MINUTES(12));
    PUSH(&f, 1, R3(I(1), MIN(12), S("x")));     /* 12 <= 20 <= 22 */
    end(&f);
    begin(&f, MINUTES(40));
    end(&f);
    expect(&f, "--\n+ 1,00:20:00,a,1,00:12:00,x\n--\n--\n");
    cr_assert_eq(metrics(&f).state_rows, 0);
    fx_free(&f);
}

/* ---- expiry terms over another column of the stored row (Nexmark q4) -- */

/* left (k, lt, le): le is the row's end; right (k, rt, rv) as above. */
static const Type ty_le[] = {TYPE_INT64, TYPE_TIMESTAMP, TYPE_TIMESTAMP};

static Expr *cmp(ExecCtx *ctx, const char *op, int a, const char *an, int b, const char *bn)
{
    Expr *args[2] = {col(ctx, a, TYPE_TIMESTAMP, an), col(ctx, b, TYPE_TIMESTAMP, bn)};
    return expr_call(ctx->arena, op, args, 2, SPAN_NONE, ctx->diag);
}

/* ON l.k = r.k AND r.rt BETWEEN l.lt AND l.le, as the analyzer splits it:
 * a left row dies once le < W, a right row once rt < W; with
 * `right_terms` false only the left has terms (INNER: right rows stay). */
static Fx fx_expiry(JoinType type, bool right_terms)
{
    Fx f = {.ctx = ctx_new(MODE_APPEND), .ba = arena_new()};
    f.ctx->watermark_late = WATERMARK_NONE;
    f.cap = cap_new(f.ctx);
    Schema l = tb_schema(f.ctx->arena, 3, ty_le, (const char *[]){"k", "lt", "le"});
    Schema r = tb_schema(f.ctx->arena, 3, ty, (const char *[]){"k", "rt", "rv"});
    Schema out = {6, ARENA_ARRAY(f.ctx->arena, Column, 6)};
    for (int i = 0; i < 3; i++) out.cols[i] = l.cols[i], out.cols[3 + i] = r.cols[i];
    JoinConfig cfg = {.type = type, .n_keys = 1, .left_time = right_terms ? 1 : -1,
                      .right_time = 1, .n_left_expiry = 1, .left_expiry = {{2, 0, false}}};
    if (right_terms) cfg.right_expiry[cfg.n_right_expiry++] = (JoinExpiry){1, 0, false};
    cfg.left_keys = ARENA_ARRAY(f.ctx->arena, Expr *, 1);
    cfg.right_keys = ARENA_ARRAY(f.ctx->arena, Expr *, 1);
    cfg.left_keys[0] = col(f.ctx, 0, TYPE_INT64, "k");
    cfg.right_keys[0] = col(f.ctx, 0, TYPE_INT64, "k");
    Expr *parts[2] = {cmp(f.ctx, ">=", 4, "rt", 1, "lt"), cmp(f.ctx, "<=", 4, "rt", 2, "le")};
    cfg.residual = expr_logic(f.ctx->arena, EXPR_AND, parts, 2, false, SPAN_NONE, f.ctx->diag);
    f.op = op_join_stream_new(f.ctx, &f.cap->base, &l, &r, &cfg, &out);
    cr_assert_not_null(f.op);
    return f;
}

#define PUSH_LE(f, ...)                                                        \
    do {                                                                       \
        Batch *b_ = tb_new((f)->ba, 3, ty_le);                                 \
        Value rows_[][3] = {__VA_ARGS__};                                      \
        for (size_t i_ = 0; i_ < sizeof rows_ / sizeof rows_[0]; i_++)         \
            tb_add(b_, rows_[i_]);                                             \
        cr_assert_eq(op_push(op_join_stream_input((f)->op, 0), b_), OP_OK);    \
        arena_reset((f)->ba);                                                  \
    } while (0)

Test(join_stream, left_outer_evicted_by_expiry_column)
{
    Fx f = fx_expiry(JOIN_TYPE_LEFT, true);
    PUSH_LE(&f, R3(I(1), MIN(0), MIN(30)), R3(I(2), MIN(5), MIN(10)),
            R3(I(3), MIN(1), NUL(TYPE_TIMESTAMP)));
    PUSH(&f, 1, R3(I(1), MIN(20), S("x")));
    end(&f);
    /* A NULL end can never match: padded at once, never stored. */
    expect(&f, "+ 3,00:01:00,NULL,NULL,NULL,NULL\n+ 1,00:00:00,00:30:00,1,00:20:00,x\n--\n");
    cr_assert_eq(metrics(&f).state_rows, 3);

    begin(&f, MINUTES(10));         /* 10 < 10 is false: row 2 waits */
    end(&f);
    expect(&f, "--\n");
    begin(&f, MINUTES(11));
    end(&f);
    expect(&f, "+ 2,00:05:00,00:10:00,NULL,NULL,NULL\n--\n");
    cr_assert_eq(metrics(&f).state_rows, 2);

    begin(&f, MINUTES(25));         /* x dies (20 < 25); row 1 lives by le, not lt */
    end(&f);
    expect(&f, "--\n");
    cr_assert_eq(metrics(&f).state_rows, 1);

    begin(&f, MINUTES(31));         /* late against 25: dropped; 26 still matches */
    PUSH(&f, 1, R3(I(1), MIN(24), S("late")), R3(I(1), MIN(26), S("y")));
    end(&f);                        /* row 1 dies (30 < 31), matched: no padding */
    expect(&f, "+ 1,00:00:00,00:30:00,1,00:26:00,y\n--\n");
    cr_assert_eq(metrics(&f).rows_dropped_late, 1);
    cr_assert_eq(metrics(&f).state_rows, 0);

    StrBuf sb = STRBUF_INIT;
    f.op->vt->describe(f.op, &sb);
    cr_assert(strstr(sb.data, "; state bounded by the watermark: a left row is evicted once "
                              "le < watermark, a right row once rt "
                              "< watermark"), "%s", sb.data);
    cr_assert(!strstr(sb.data, "bound rt"), "%s", sb.data);
    cr_assert(f.op->vt->bounded(f.op));
    sb_free(&sb);
    fx_free(&f);
}

Test(join_stream, inner_with_one_side_bounded)
{
    /* Only left rows can die, and only right rows can be late (left rows
     * rely on future right rows having rt >= W; nothing relies on lt). */
    Fx f = fx_expiry(JOIN_TYPE_INNER, false);
    PUSH_LE(&f, R3(I(1), MIN(0), MIN(10)));
    PUSH(&f, 1, R3(I(1), MIN(5), S("x")));
    end(&f);
    expect(&f, "+ 1,00:00:00,00:10:00,1,00:05:00,x\n--\n");
    begin(&f, MINUTES(20));         /* the left row dies; x stays */
    end(&f);
    cr_assert_eq(metrics(&f).state_rows, 1);
    begin(&f, MINUTES(30));
    PUSH_LE(&f, R3(I(1), MIN(1), MIN(40)));     /* lt 1 < 20, but not late */
    PUSH(&f, 1, R3(I(1), MIN(2), S("old")));    /* late: 2 < 20 */
    end(&f);
    expect(&f, "--\n+ 1,00:01:00,00:40:00,1,00:05:00,x\n--\n");
    cr_assert_eq(metrics(&f).state_rows, 2);
    cr_assert_eq(metrics(&f).rows_dropped_late, 1);
    StrBuf sb = STRBUF_INIT;
    f.op->vt->describe(f.op, &sb);
    cr_assert(strstr(sb.data, "; state partly bounded: a left row is evicted once le "
                              "< watermark; right rows are kept: they grow without limit"),
              "%s", sb.data);
    cr_assert(!f.op->vt->bounded(f.op));
    sb_free(&sb);
    fx_free(&f);
}
