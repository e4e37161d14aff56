/* Unit tests: Limit — per micro-batch, across batches, with selections. */
#include <criterion/criterion.h>

#include "capture.h"

static const Type ty[] = {TYPE_INT64};

static Batch *nums(Arena *a, int from, int n)
{
    Batch *b = tb_new(a, 1, ty);
    for (int i = from; i < from + n; i++) ROW(b, I(i));
    return b;
}

Test(limit, first_rows_of_each_micro_batch)
{
    ExecCtx *ctx = ctx_new(MODE_APPEND);
    Capture *cap = cap_new(ctx);
    Schema in = tb_schema(ctx->arena, 1, ty, NULL);
    Op *op = op_limit_new(ctx, &cap->base, &in, 3, false);
    Arena *a = arena_new();
    cr_expect_eq(op_push(op, nums(a, 0, 2)), OP_OK);
    cr_expect_eq(op_push(op, nums(a, 10, 5)), OP_OK);   /* crosses the limit */
    cr_expect_eq(op_push(op, nums(a, 20, 5)), OP_OK);   /* dropped */
    op_flush(op);
    Batch *b = nums(a, 30, 6);
    uint32_t sel[] = {1, 3, 4, 5};
    b->sel = sel;
    b->n_sel = 4;
    op_push(op, b);                                      /* counter was reset */
    op_flush(op);
    cap_expect(cap, "+ 0\n+ 1\n+ 10\n--\n+ 31\n+ 33\n+ 34\n--\n");

    StrBuf sb = STRBUF_INIT;
    op->vt->describe(op, &sb);
    cr_expect_str_eq(sb_str(&sb), "limit=3");
    cr_expect_str_eq(op->vt->name, "Limit");
    sb_free(&sb);
    cap_free(cap);
    ctx_free(ctx);
    arena_free(a);
}

Test(limit, zero_drops_everything)
{
    ExecCtx *ctx = ctx_new(MODE_APPEND);
    Capture *cap = cap_new(ctx);
    Schema in = tb_schema(ctx->arena, 1, ty, NULL);
    Op *op = op_limit_new(ctx, &cap->base, &in, 0, false);
    Arena *a = arena_new();
    op_push(op, nums(a, 0, 4));
    op_flush(op);
    cap_expect(cap, "--\n");
    cr_expect_eq(cap->pushes, 0);
    cap_free(cap);
    ctx_free(ctx);
    arena_free(a);
}

Test(limit, whole_query_counts_across_batches_and_ends_the_query)
{
    ExecCtx *ctx = ctx_new(MODE_APPEND);
    Capture *cap = cap_new(ctx);
    Schema in = tb_schema(ctx->arena, 1, ty, NULL);
    Op *op = op_limit_new(ctx, &cap->base, &in, 3, true);
    Arena *a = arena_new();
    op_push(op, nums(a, 0, 2));
    op_flush(op);
    cr_expect(!ctx->query_done);
    op_push(op, nums(a, 10, 5));                         /* crosses the limit */
    cr_expect(ctx->query_done);
    op_flush(op);
    op_push(op, nums(a, 20, 5));                         /* not reset: dropped */
    op_flush(op);
    cap_expect(cap, "+ 0\n+ 1\n--\n+ 10\n--\n--\n");

    StrBuf sb = STRBUF_INIT;
    op->vt->describe(op, &sb);
    cr_expect_str_eq(sb_str(&sb), "limit=3 (ends the query)");
    sb_free(&sb);
    cap_free(cap);
    ctx_free(ctx);
    arena_free(a);
}

Test(limit, whole_query_zero_is_done_at_once)
{
    ExecCtx *ctx = ctx_new(MODE_APPEND);
    Capture *cap = cap_new(ctx);
    Schema in = tb_schema(ctx->arena, 1, ty, NULL);
    op_limit_new(ctx, &cap->base, &in, 0, true);
    cr_expect(ctx->query_done);
    cap_free(cap);
    ctx_free(ctx);
}
