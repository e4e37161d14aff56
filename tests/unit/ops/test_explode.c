/* Unit tests: Explode — literal and regex delimiters, empty and NULL
 * strings, other columns copied, output split over several batches. */
#include <criterion/criterion.h>

#include "capture.h"

static const Type ty[] = {TYPE_INT64, TYPE_TEXT};

typedef struct Fx {
    ExecCtx *ctx;
    Capture *cap;
    Op *op;
    Arena *ba;
} Fx;

static Fx fx_explode(const char *delim, bool regex)
{
    Fx f = {.ctx = ctx_new(MODE_APPEND), .ba = arena_new()};
    f.cap = cap_new(f.ctx);
    Schema in = tb_schema(f.ctx->arena, 2, ty, (const char *[]){"n", "line"});
    Schema out = tb_schema(f.ctx->arena, 3, (Type[]){TYPE_INT64, TYPE_TEXT, TYPE_TEXT},
                           (const char *[]){"n", "line", "word"});
    f.op = op_explode_new(f.ctx, &f.cap->base, &in, col(f.ctx, 1, TYPE_TEXT, "line"), delim,
                          regex, &out);
    return f;
}

static void fx_free(Fx *f)
{
    if (f->op) f->op->vt->destroy(f->op);
    cap_free(f->cap);
    ctx_free(f->ctx);
    arena_free(f->ba);
}

static void push_lines(Fx *f, const char *const *lines, int n)
{
    Batch *b = tb_new(f->ba, 2, ty);
    for (int i = 0; i < n; i++) {
        if (lines[i]) ROW(b, I(i), S(lines[i]));
        else ROW(b, NUL(TYPE_INT64), NUL(TYPE_TEXT));
    }
    cr_assert_eq(op_push(f->op, b), OP_OK);
    arena_reset(f->ba);
}

Test(explode, literal_delimiter)
{
    Fx f = fx_explode(" ", false);
    const char *lines[] = {"a b", NULL, "", "x  y ", "one"};
    push_lines(&f, lines, 5);
    op_flush(f.op);
    cap_expect(f.cap, "+ 0,a b,a\n+ 0,a b,b\n+ 2,,\n+ 3,x  y ,x\n+ 3,x  y ,\n+ 3,x  y ,y\n"
                      "+ 3,x  y ,\n+ 4,one,one\n--\n");
    cr_expect_str_eq(f.op->vt->name, "Explode");
    fx_free(&f);
}

Test(explode, multi_byte_literal_and_selection)
{
    Fx f = fx_explode("::", false);
    Batch *b = tb_new(f.ba, 2, ty);
    ROW(b, I(0), S("a::b:c::"));
    ROW(b, I(1), S("skip::me"));
    ROW(b, I(2), S("::"));
    uint32_t sel[] = {0, 2};
    b->sel = sel;
    b->n_sel = 2;
    op_push(f.op, b);
    cap_expect(f.cap, "+ 0,a::b:c::,a\n+ 0,a::b:c::,b:c\n+ 0,a::b:c::,\n+ 2,::,\n+ 2,::,\n");
    fx_free(&f);
}

Test(explode, regex_delimiter)
{
    Fx f = fx_explode("[ ,]+", true);
    const char *lines[] = {"a, b,,c", ",lead", "", NULL};
    push_lines(&f, lines, 4);
    cap_expect(f.cap, "+ 0,a, b,,c,a\n+ 0,a, b,,c,b\n+ 0,a, b,,c,c\n"
                      "+ 1,,lead,\n+ 1,,lead,lead\n+ 2,,\n");
    fx_free(&f);
}

Test(explode, empty_delimiter_splits_characters)
{
    Fx f = fx_explode("", false);
    const char *lines[] = {"ab\xc3\xa9"};
    push_lines(&f, lines, 1);
    cap_expect(f.cap, "+ 0,ab\xc3\xa9,a\n+ 0,ab\xc3\xa9,b\n+ 0,ab\xc3\xa9,\xc3\xa9\n");
    fx_free(&f);

    Fx g = fx_explode("x*", true);      /* zero-length matches */
    const char *l2[] = {"abxc"};
    push_lines(&g, l2, 1);
    cap_expect(g.cap, "+ 0,abxc,a\n+ 0,abxc,b\n+ 0,abxc,c\n");
    fx_free(&g);
}

Test(explode, bad_regex_is_an_error)
{
    Fx f = fx_explode("(", true);
    cr_expect_null(f.op);
    cr_expect(f.ctx->diag->set);
    fx_free(&f);
}

/* One input batch producing 3 * 2048 + 5 rows: several output batches,
 * none larger than BATCH_CAP, rows in order. */
Test(explode, more_output_than_one_batch)
{
    Fx f = fx_explode(" ", false);
    enum { WORDS = 3 * 2048 + 5 };
    StrBuf sb = STRBUF_INIT;
    for (int i = 0; i < WORDS; i++) sb_printf(&sb, i ? " w%d" : "w%d", i);
    const char *lines[] = {sb_str(&sb)};
    Batch *b = tb_new(f.ba, 2, ty);
    ROW(b, I(7), S(lines[0]));
    op_push(f.op, b);
    cr_assert_eq(f.cap->n, WORDS);
    cr_expect_eq(f.cap->pushes, 4);
    for (int i = 0; i < WORDS; i += 1001) {
        const char *line = f.cap->lines[i];
        const char *last = strrchr(line, ',');
        char want[16];
        snprintf(want, sizeof want, "w%d", i);
        cr_assert_str_eq(last + 1, want);
        cr_assert(strncmp(line, "+ 7,", 4) == 0);
    }
    sb_free(&sb);
    fx_free(&f);
}
