/* Unit tests: Sort — directions, NULL placement, several keys,
 * stability, limit, state cleared per micro-batch. */
#include <criterion/criterion.h>

#include "capture.h"

static const Type ty[] = {TYPE_TEXT, TYPE_INT64, TYPE_DOUBLE};

typedef struct Fx {
    ExecCtx *ctx;
    Capture *cap;
    Op *op;
    Arena *ba;
} Fx;

static Fx fx_sort(const SortKey *keys, int n, int64_t limit)
{
    Fx f = {.ctx = ctx_new(MODE_COMPLETE), .ba = arena_new()};
    f.cap = cap_new(f.ctx);
    Schema in = tb_schema(f.ctx->arena, 3, ty, (const char *[]){"s", "i", "d"});
    f.op = op_sort_new(f.ctx, &f.cap->base, &in, keys, n, limit);
    return f;
}

static void fx_free(Fx *f)
{
    f->op->vt->destroy(f->op);
    cap_free(f->cap);
    ctx_free(f->ctx);
    arena_free(f->ba);
}

/* Two input batches whose strings die right after their push. */
static void feed(Fx *f)
{
    Batch *b = tb_new(f->ba, 3, ty);
    ROW(b, S("b"), I(2), D(0.5));
    ROW(b, NUL(TYPE_TEXT), I(1), D(0.0 / 0.0));
    ROW(b, S("a"), NUL(TYPE_INT64), D(-1));
    b->kind = ROW_SNAPSHOT;
    op_push(f->op, b);
    arena_reset(f->ba);
    b = tb_new(f->ba, 3, ty);
    ROW(b, S("b"), I(1), NUL(TYPE_DOUBLE));
    ROW(b, S("ab"), I(2), D(3));
    ROW(b, S("a"), I(2), D(-0.5));
    b->kind = ROW_SNAPSHOT;
    op_push(f->op, b);
    arena_reset(f->ba);
    memset(arena_alloc(f->ba, 4096), 'X', 4096);
}

Test(sort, ascending_nulls_first_stable)
{
    SortKey k[] = {{.column = 0, .desc = false, .nulls_first = true}};
    Fx f = fx_sort(k, 1, -1);
    feed(&f);
    cr_assert_eq(op_flush(f.op), OP_OK);
    cap_expect(f.cap, "= NULL,1,NaN\n= a,NULL,-1.0\n= a,2,-0.5\n= ab,2,3.0\n"
                      "= b,2,0.5\n= b,1,NULL\n--\n");
    fx_free(&f);
}

Test(sort, descending_multiple_keys_nulls_last)
{
    SortKey k[] = {{.column = 1, .desc = true, .nulls_first = false},
                   {.column = 0, .desc = false, .nulls_first = false}};
    Fx f = fx_sort(k, 2, -1);
    feed(&f);
    op_flush(f.op);
    cap_expect(f.cap, "= a,2,-0.5\n= ab,2,3.0\n= b,2,0.5\n= b,1,NULL\n= NULL,1,NaN\n"
                      "= a,NULL,-1.0\n--\n");
    fx_free(&f);
}

Test(sort, doubles_with_nan_and_limit)
{
    SortKey k[] = {{.column = 2, .desc = true, .nulls_first = true}};
    Fx f = fx_sort(k, 1, 3);
    feed(&f);
    op_flush(f.op);
    cap_expect(f.cap, "= b,1,NULL\n= NULL,1,NaN\n= ab,2,3.0\n--\n");
    OpMetrics m = {0};
    f.op->vt->metrics(f.op, &m);
    cr_expect_eq(m.state_rows, 0);      /* cleared at flush */

    /* The next micro-batch starts empty. */
    cap_reset(f.cap);
    Batch *b = tb_new(f.ba, 3, ty);
    ROW(b, S("z"), I(0), D(1));
    op_push(f.op, b);
    f.op->vt->metrics(f.op, &m);
    cr_expect_eq(m.state_rows, 1);
    op_flush(f.op);
    op_flush(f.op);
    cap_expect(f.cap, "+ z,0,1.0\n--\n--\n");   /* kind of the input */

    StrBuf sb = STRBUF_INIT;
    f.op->vt->describe(f.op, &sb);
    cr_expect_str_eq(sb_str(&sb), "keys=[d DESC NULLS FIRST], limit=3");
    sb_free(&sb);
    fx_free(&f);
}

Test(sort, many_rows_across_output_batches)
{
    SortKey k[] = {{.column = 1, .desc = false, .nulls_first = true}};
    Fx f = fx_sort(k, 1, -1);
    enum { N = 5000 };
    for (int base = 0; base < N; base += 1000) {
        Batch *b = tb_new(f.ba, 3, ty);
        for (int i = base; i < base + 1000; i++) ROW(b, S(i % 2 ? "odd" : "even"), I((i * 37) % 500), D(i));
        op_push(f.op, b);
        arena_reset(f.ba);
    }
    op_flush(f.op);
    cr_assert_eq(f.cap->n, N + 1);
    cr_expect_geq(f.cap->pushes, 3);
    long long prev_i = -1, prev_d = -1;
    for (int i = 0; i < N; i++) {
        char s[8];
        long long iv;
        double dv;
        cr_assert_eq(sscanf(f.cap->lines[i], "+ %7[^,],%lld,%lf", s, &iv, &dv), 3);
        cr_assert_geq(iv, prev_i);
        if (iv == prev_i) cr_assert_gt((long long)dv, prev_d, "stable");
        cr_assert_str_eq(s, (long long)dv % 2 ? "odd" : "even");
        prev_i = iv;
        prev_d = (long long)dv;
    }
    fx_free(&f);
}
