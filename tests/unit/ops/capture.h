/* Test helpers for operator tests: building batches by hand, and a
 * capture sink that records every row it receives as one line of text,
 * "+ a,1" (kind, then the values), and every flush as "--". */
#ifndef TEST_OPS_CAPTURE_H
#define TEST_OPS_CAPTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/base/arena.h"
#include "engine/base/mem.h"
#include "engine/base/strbuf.h"
#include "engine/base/batch.h"
#include "engine/ops/op.h"
#include "engine/ops/ops.h"
#include "engine/base/types.h"

/* ---- values and batches ------------------------------------------------ */

#define I(x) value_int(x)
#define D(x) value_double(x)
#define B(x) value_bool(x)
#define S(s) value_text((s), (uint32_t)strlen(s))
#define TS(x) value_ts(x)
#define NUL(t) value_null(t)

static inline Batch *tb_new(Arena *a, int n, const Type *types)
{
    Batch *b = batch_new(a, types, n);
    batch_clear(b);
    return b;
}

/* Append one row; TEXT values are copied into the batch arena. */
static inline void tb_add(Batch *b, const Value *vals)
{
    uint32_t r = b->n_rows++;
    b->n_sel = b->n_rows;
    for (int c = 0; c < b->n_cols; c++) {
        Value v = vals[c];
        if (v.type == TYPE_TEXT && !v.is_null) v.s.ptr = arena_strndup(b->arena, v.s.ptr, v.s.len);
        vec_set(&b->cols[c], r, &v, b->arena);
    }
}
#define ROW(b, ...) tb_add((b), (Value[]){__VA_ARGS__})

static inline Schema tb_schema(Arena *a, int n, const Type *types, const char *const *names)
{
    Schema s = {n, ARENA_ARRAY(a, Column, n > 0 ? n : 1)};
    for (int i = 0; i < n; i++) {
        s.cols[i].type = types[i];
        s.cols[i].name = names ? names[i] : "c";
    }
    return s;
}

/* ---- the capture sink ---------------------------------------------------- */

typedef struct Capture {
    Op base;
    char **lines;
    size_t n, cap;
    int flushes;
    int64_t pushes;
    uint32_t max_rows;   /* most rows of one pushed batch */
} Capture;

static inline void cap_add(Capture *c, char *line)
{
    c->lines = xgrow(c->lines, &c->cap, c->n + 1, sizeof(char *));
    c->lines[c->n++] = line;
}

static inline OpStatus cap_push(Op *op, Batch *in)
{
    Capture *c = (Capture *)op;
    static const char kinds[] = {'+', 'u', '=', '-'};
    c->pushes++;
    if (in->n_sel > c->max_rows) c->max_rows = in->n_sel;
    for (uint32_t k = 0; k < in->n_sel; k++) {
        uint32_t r = batch_row(in, k);
        StrBuf sb = STRBUF_INIT;
        sb_putc(&sb, kinds[in->kind]);
        sb_putc(&sb, ' ');
        for (int i = 0; i < in->n_cols; i++) {
            if (i) sb_putc(&sb, ',');
            Value v = vec_get(&in->cols[i], r);
            value_format(&v, &sb);
        }
        cap_add(c, sb_take(&sb));
    }
    return OP_OK;
}

static inline OpStatus cap_flush(Op *op)
{
    Capture *c = (Capture *)op;
    c->flushes++;
    cap_add(c, xstrdup("--"));
    return OP_OK;
}

static const OpVtab cap_vtab = {.name = "Capture", .push = cap_push, .flush = cap_flush};

static inline Capture *cap_new(ExecCtx *ctx)
{
    Capture *c = ARENA_NEW(ctx->arena, Capture);
    c->base.vt = &cap_vtab;
    c->base.ctx = ctx;
    return c;
}

static inline void cap_reset(Capture *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->lines[i]);
    c->n = 0;
}

static inline void cap_free(Capture *c)
{
    cap_reset(c);
    free(c->lines);
}

/* All lines joined with '\n' (caller frees). */
static inline char *cap_text(const Capture *c)
{
    StrBuf sb = STRBUF_INIT;
    for (size_t i = 0; i < c->n; i++) {
        sb_puts(&sb, c->lines[i]);
        sb_putc(&sb, '\n');
    }
    return sb.data ? sb_take(&sb) : xstrdup("");
}

#define cap_expect(c, text)                                   \
    do {                                                      \
        char *got_ = cap_text(c);                             \
        cr_expect_str_eq(got_, (text));                       \
        free(got_);                                           \
    } while (0)

/* ---- a query context ----------------------------------------------------- */

static inline ExecCtx *ctx_new(EmitMode mode)
{
    Arena *a = arena_new();
    ExecCtx *ctx = ARENA_NEW(a, ExecCtx);
    ctx->arena = a;
    ctx->mode = mode;
    ctx->watermark = ctx->watermark_late = WATERMARK_NONE;
    ctx->diag = ARENA_NEW(a, Diag);
    return ctx;
}

static inline void ctx_free(ExecCtx *ctx)
{
    diag_clear(ctx->diag);
    arena_free(ctx->arena);
}

static inline Expr *col(ExecCtx *ctx, int i, Type t, const char *name)
{
    Expr *e = ARENA_NEW(ctx->arena, Expr);
    e->kind = EXPR_COLUMN;
    e->column = i;
    e->type = t;
    e->name = name;
    e->span = SPAN_NONE;
    return e;
}

#endif
