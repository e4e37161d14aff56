/* Unit tests: StaticJoin — hash join of a stream batch against a static
 * table: INNER, LEFT, LEFT SEMI, RIGHT (static left), NULL and duplicate
 * keys, residual predicates, nested loop, output past BATCH_CAP,
 * static-static RIGHT/FULL with unmatched static rows at end of input,
 * and the seed books/authors join. */
#include <criterion/criterion.h>

#include "tests/unit/ops/capture.h"
#include "engine/state/rowstore.h"

/* Stream side (id, name); static side (rid, tag). */
static const Type st_ty[] = {TYPE_INT64, TYPE_TEXT};
static const Type tb_ty[] = {TYPE_INT64, TYPE_TEXT};

typedef struct Fx {
    ExecCtx *ctx;
    Capture *cap;
    Op *op;
    Arena *ba;
    RowStore *table;
    Schema stream, stat;
} Fx;

static Fx fx_new(void)
{
    Fx f = {.ctx = ctx_new(MODE_APPEND), .ba = arena_new()};
    f.cap = cap_new(f.ctx);
    f.stream = tb_schema(f.ctx->arena, 2, st_ty, (const char *[]){"id", "name"});
    f.stat = tb_schema(f.ctx->arena, 2, tb_ty, (const char *[]){"rid", "tag"});
    f.table = rowstore_new(tb_ty, 2);
    return f;
}

static void fx_free(Fx *f)
{
    if (f->op) f->op->vt->destroy(f->op);
    rowstore_free(f->table);
    cap_free(f->cap);
    ctx_free(f->ctx);
    arena_free(f->ba);
}

/* The static table: keys 1, 2, 2 (duplicate), NULL, 4. */
static void fill_table(Fx *f)
{
    Batch *b = tb_new(f->ba, 2, tb_ty);
    ROW(b, I(1), S("a"));
    ROW(b, I(2), S("b"));
    ROW(b, I(2), S("b2"));
    ROW(b, NUL(TYPE_INT64), S("n"));
    ROW(b, I(4), S("d"));
    rowstore_append(f->table, b);
    arena_reset(f->ba);
}

/* Stream batch: keys 1, 2, 3 (no match), NULL; strings die after the push. */
static void push_stream(Fx *f)
{
    Batch *b = tb_new(f->ba, 2, st_ty);
    ROW(b, I(1), S("x"));
    ROW(b, I(2), S("y"));
    ROW(b, I(3), S("z"));
    ROW(b, NUL(TYPE_INT64), S("w"));
    cr_assert_eq(op_push(f->op, b), OP_OK);
    arena_reset(f->ba);
    memset(arena_alloc(f->ba, 4096), 'X', 4096);
}

static Schema out_schema(Fx *f, const Schema *l, const Schema *r, bool semi)
{
    int n = l->n + (semi ? 0 : r->n);
    Schema s = {n, ARENA_ARRAY(f->ctx->arena, Column, n)};
    for (int i = 0; i < l->n; i++) s.cols[i] = l->cols[i];
    for (int i = 0; !semi && i < r->n; i++) s.cols[l->n + i] = r->cols[i];
    return s;
}

/* Stream left, static right, keys id = rid. */
static void make(Fx *f, JoinType type, Expr *residual)
{
    fill_table(f);
    JoinConfig cfg = {.type = type, .n_keys = 1, .residual = residual,
                      .left_time = -1, .right_time = -1};
    cfg.left_keys = ARENA_ARRAY(f->ctx->arena, Expr *, 1);
    cfg.right_keys = ARENA_ARRAY(f->ctx->arena, Expr *, 1);
    cfg.left_keys[0] = col(f->ctx, 0, TYPE_INT64, "id");
    cfg.right_keys[0] = col(f->ctx, 0, TYPE_INT64, "rid");
    Schema out = out_schema(f, &f->stream, &f->stat, type == JOIN_TYPE_LEFT_SEMI);
    f->op = op_join_static_new(f->ctx, &f->cap->base, &f->stream, &f->stat, &cfg, 1,
                               f->table, &out);
    cr_assert_not_null(f->op);
}

/* column op text-constant, over the joined row */
static Expr *cmp_text(Fx *f, const char *opname, int c, const char *name, const char *text)
{
    Expr *args[2] = {col(f->ctx, c, TYPE_TEXT, name),
                     expr_const(f->ctx->arena, S(text), SPAN_NONE)};
    Expr *e = expr_call(f->ctx->arena, opname, args, 2, SPAN_NONE, f->ctx->diag);
    cr_assert_not_null(e);
    return e;
}

Test(join_static, inner_duplicates_and_null_keys)
{
    Fx f = fx_new();
    make(&f, JOIN_TYPE_INNER, NULL);
    push_stream(&f);
    cr_assert_eq(op_flush(f.op), OP_OK);
    cap_expect(f.cap, "+ 1,x,1,a\n+ 2,y,2,b\n+ 2,y,2,b2\n--\n");
    fx_free(&f);
}

Test(join_static, left_pads_unmatched_and_null_keys)
{
    Fx f = fx_new();
    make(&f, JOIN_TYPE_LEFT, NULL);
    push_stream(&f);
    op_flush(f.op);
    cap_expect(f.cap, "+ 1,x,1,a\n+ 2,y,2,b\n+ 2,y,2,b2\n+ 3,z,NULL,NULL\n"
                      "+ NULL,w,NULL,NULL\n--\n");
    fx_free(&f);
}

Test(join_static, left_semi_emits_each_row_once)
{
    Fx f = fx_new();
    make(&f, JOIN_TYPE_LEFT_SEMI, NULL);
    push_stream(&f);
    op_flush(f.op);
    cap_expect(f.cap, "+ 1,x\n+ 2,y\n--\n");
    fx_free(&f);
}

Test(join_static, residual_inner_left_semi)
{
    /* tag <> 'b': (2,y) keeps only its b2 match. */
    Fx f = fx_new();
    make(&f, JOIN_TYPE_INNER, cmp_text(&f, "<>", 3, "tag", "b"));
    push_stream(&f);
    op_flush(f.op);
    cap_expect(f.cap, "+ 1,x,1,a\n+ 2,y,2,b2\n--\n");
    fx_free(&f);

    /* tag LIKE 'b%' fails for (1,x): LEFT pads it although its key matched. */
    f = fx_new();
    make(&f, JOIN_TYPE_LEFT, cmp_text(&f, "like", 3, "tag", "b%"));
    push_stream(&f);
    op_flush(f.op);
    cap_expect(f.cap, "+ 2,y,2,b\n+ 2,y,2,b2\n+ 1,x,NULL,NULL\n+ 3,z,NULL,NULL\n"
                      "+ NULL,w,NULL,NULL\n--\n");
    fx_free(&f);

    f = fx_new();
    make(&f, JOIN_TYPE_LEFT_SEMI, cmp_text(&f, "like", 3, "tag", "b%"));
    push_stream(&f);
    op_flush(f.op);
    cap_expect(f.cap, "+ 2,y\n--\n");
    fx_free(&f);
}

Test(join_static, right_with_static_left)
{
    /* static (rid, tag) on the left, stream (id, name) on the right, preserved. */
    Fx f = fx_new();
    fill_table(&f);
    JoinConfig cfg = {.type = JOIN_TYPE_RIGHT, .n_keys = 1, .left_time = -1, .right_time = -1};
    Expr *lk = col(f.ctx, 0, TYPE_INT64, "rid"), *rk = col(f.ctx, 0, TYPE_INT64, "id");
    cfg.left_keys = &lk;
    cfg.right_keys = &rk;
    Schema out = out_schema(&f, &f.stat, &f.stream, false);
    f.op = op_join_static_new(f.ctx, &f.cap->base, &f.stat, &f.stream, &cfg, 0, f.table, &out);
    cr_assert_not_null(f.op);
    push_stream(&f);
    op_flush(f.op);
    cap_expect(f.cap, "+ 1,a,1,x\n+ 2,b,2,y\n+ 2,b2,2,y\n+ NULL,NULL,3,z\n"
                      "+ NULL,NULL,NULL,w\n--\n");
    fx_free(&f);
}

Test(join_static, refuses_left_outer_with_static_left)
{
    Fx f = fx_new();
    JoinConfig cfg = {.type = JOIN_TYPE_LEFT, .left_time = -1, .right_time = -1};
    Schema out = out_schema(&f, &f.stat, &f.stream, false);
    Op *op = op_join_static_new(f.ctx, &f.cap->base, &f.stat, &f.stream, &cfg, 0, f.table, &out);
    cr_assert_null(op);
    cr_assert(f.ctx->diag->set);
    fx_free(&f);
}

Test(join_static, nested_loop_with_residual)
{
    /* No keys: every pair, filtered by id < rid. */
    Fx f = fx_new();
    fill_table(&f);
    Expr *args[2] = {col(f.ctx, 0, TYPE_INT64, "id"), col(f.ctx, 2, TYPE_INT64, "rid")};
    JoinConfig cfg = {.type = JOIN_TYPE_LEFT, .left_time = -1, .right_time = -1,
                      .residual = expr_call(f.ctx->arena, "<", args, 2, SPAN_NONE, f.ctx->diag)};
    Schema out = out_schema(&f, &f.stream, &f.stat, false);
    f.op = op_join_static_new(f.ctx, &f.cap->base, &f.stream, &f.stat, &cfg, 1, f.table, &out);
    cr_assert_not_null(f.op);
    push_stream(&f);
    op_flush(f.op);
    cap_expect(f.cap, "+ 1,x,2,b\n+ 1,x,2,b2\n+ 1,x,4,d\n+ 2,y,4,d\n+ 3,z,4,d\n"
                      "+ NULL,w,NULL,NULL\n--\n");
    fx_free(&f);
}

Test(join_static, static_static_full_outer)
{
    /* Both bounded: the left input is pushed through; unmatched static rows
     * (key 4, and the NULL key) come out at the end-of-input flush only. */
    Fx f = fx_new();
    make(&f, JOIN_TYPE_FULL, NULL);
    push_stream(&f);
    op_flush(f.op);
    cap_expect(f.cap, "+ 1,x,1,a\n+ 2,y,2,b\n+ 2,y,2,b2\n+ 3,z,NULL,NULL\n"
                      "+ NULL,w,NULL,NULL\n--\n");
    cap_reset(f.cap);
    f.ctx->end_of_input = true;
    op_flush(f.op);
    cap_expect(f.cap, "+ NULL,NULL,NULL,n\n+ NULL,NULL,4,d\n--\n");
    fx_free(&f);
}

Test(join_static, static_static_right_outer)
{
    Fx f = fx_new();
    make(&f, JOIN_TYPE_RIGHT, NULL);
    push_stream(&f);
    f.ctx->end_of_input = true;
    op_flush(f.op);
    cap_expect(f.cap, "+ 1,x,1,a\n+ 2,y,2,b\n+ 2,y,2,b2\n+ NULL,NULL,NULL,n\n"
                      "+ NULL,NULL,4,d\n--\n");
    fx_free(&f);
}

Test(join_static, output_beyond_batch_cap)
{
    /* 3000 static rows with one key: one probe row yields 3000 rows, in
     * batches of at most BATCH_CAP, in static order. */
    Fx f = fx_new();
    for (int i = 0; i < 3000; i++) {
        Batch *b = tb_new(f.ba, 2, tb_ty);
        char tag[16];
        snprintf(tag, sizeof tag, "t%d", i);
        ROW(b, I(7), S(tag));
        rowstore_append(f.table, b);
        arena_reset(f.ba);
    }
    JoinConfig cfg = {.type = JOIN_TYPE_INNER, .n_keys = 1, .left_time = -1, .right_time = -1};
    Expr *lk = col(f.ctx, 0, TYPE_INT64, "id"), *rk = col(f.ctx, 0, TYPE_INT64, "rid");
    cfg.left_keys = &lk;
    cfg.right_keys = &rk;
    Schema out = out_schema(&f, &f.stream, &f.stat, false);
    f.op = op_join_static_new(f.ctx, &f.cap->base, &f.stream, &f.stat, &cfg, 1, f.table, &out);
    Batch *b = tb_new(f.ba, 2, st_ty);
    ROW(b, I(7), S("s"));
    ROW(b, I(8), S("none"));
    op_push(f.op, b);
    cr_assert_eq(f.cap->n, 3000);
    cr_assert_eq(f.cap->pushes, 2);
    cr_assert_str_eq(f.cap->lines[0], "+ 7,s,7,t0");
    cr_assert_str_eq(f.cap->lines[2999], "+ 7,s,7,t2999");
    OpMetrics m = {0};
    f.op->vt->metrics(f.op, &m);
    cr_assert_eq(m.state_rows, 0);          /* stateless: only the index */
    cr_assert_gt(m.state_bytes, 0);
    fx_free(&f);
}

/* Seed example §2: books (id, name, year) streaming in, joined with the
 * static authors (book_id, id, name) on authors.book_id = books.id, the
 * static table on the left, inner: 8 rows. */
Test(join_static, seed_books_authors)
{
    static const Type a_ty[] = {TYPE_INT64, TYPE_INT64, TYPE_TEXT};
    static const Type b_ty[] = {TYPE_INT64, TYPE_TEXT, TYPE_INT64};
    Fx f = fx_new();
    Schema authors = tb_schema(f.ctx->arena, 3, a_ty, (const char *[]){"book_id", "id", "name"});
    Schema books = tb_schema(f.ctx->arena, 3, b_ty, (const char *[]){"id", "name", "year"});
    RowStore *as = rowstore_new(a_ty, 3);
    Batch *a = tb_new(f.ba, 3, a_ty);
    ROW(a, I(0), I(0), S("Richard Dawkins"));
    ROW(a, I(1), I(1), S("Gary Marcus"));
    ROW(a, I(2), I(2), S("Charles Robert Darwin"));
    ROW(a, I(3), I(3), S("Haruki Murakami"));
    ROW(a, I(4), I(4), S("Jules"));
    ROW(a, I(4), I(5), S("Denny Lee"));
    ROW(a, I(5), I(6), S("Richard H.Thaler"));
    ROW(a, I(5), I(7), S("Cass R. Sunstein"));
    rowstore_append(as, a);
    arena_reset(f.ba);

    JoinConfig cfg = {.type = JOIN_TYPE_INNER, .n_keys = 1, .left_time = -1, .right_time = -1};
    Expr *lk = col(f.ctx, 0, TYPE_INT64, "book_id"), *rk = col(f.ctx, 0, TYPE_INT64, "id");
    cfg.left_keys = &lk;
    cfg.right_keys = &rk;
    Schema out = out_schema(&f, &authors, &books, false);
    f.op = op_join_static_new(f.ctx, &f.cap->base, &authors, &books, &cfg, 0, as, &out);
    cr_assert_not_null(f.op);

    /* The six book lines, over two micro-batches. */
    Batch *b = tb_new(f.ba, 3, b_ty);
    ROW(b, I(0), S("The Selfish Gene"), I(2022));
    ROW(b, I(1), S("Kluge"), I(2008));
    ROW(b, I(2), S("On the Origin of Species"), I(2020));
    op_push(f.op, b);
    op_flush(f.op);
    arena_reset(f.ba);
    b = tb_new(f.ba, 3, b_ty);
    ROW(b, I(3), S("1Q84"), I(2019));
    ROW(b, I(4), S("Learning Spark 2nd Edition"), I(2021));
    ROW(b, I(5), S("Nudge Final Edition"), I(2021));
    op_push(f.op, b);
    op_flush(f.op);
    cap_expect(f.cap,
               "+ 0,0,Richard Dawkins,0,The Selfish Gene,2022\n"
               "+ 1,1,Gary Marcus,1,Kluge,2008\n"
               "+ 2,2,Charles Robert Darwin,2,On the Origin of Species,2020\n"
               "--\n"
               "+ 3,3,Haruki Murakami,3,1Q84,2019\n"
               "+ 4,4,Jules,4,Learning Spark 2nd Edition,2021\n"
               "+ 4,5,Denny Lee,4,Learning Spark 2nd Edition,2021\n"
               "+ 5,6,Richard H.Thaler,5,Nudge Final Edition,2021\n"
               "+ 5,7,Cass R. Sunstein,5,Nudge Final Edition,2021\n"
               "--\n");
    fx_free(&f);
    rowstore_free(as);
}
