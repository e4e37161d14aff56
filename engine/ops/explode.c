/* explode — one output row per piece of a split string (Explode).
 *
 * For every selected input row, splits the TEXT value of `text` on a
 * literal delimiter (memmem) or, when `regex`, on matches of a regular
 * expression (engine/expr/rx.h: PCRE2 with limits, close to Java's
 * syntax; a match that hits a limit ends the split of that row, the rest
 * of its text being the last piece, and counts a row error). Output = the input columns (copied by value)
 * + the piece. As Spark's explode(split(s, d)): NULL gives no row, '' one
 * empty piece, empty pieces between delimiters are kept, and an empty
 * delimiter (or a regex match of zero length) splits between characters.
 *
 * Output batches (at most BATCH_CAP rows, in an arena of the operator's
 * own) are pushed as they fill and at the end of every input batch, so an
 * output batch never outlives the input whose strings it references. */
#include <stdio.h>
#include <string.h>

#include "engine/base/mem.h"
#include "engine/expr/rx.h"
#include "ops.h"

typedef struct ExplodeOp {
    Op base;
    Expr *text;
    char *delim;             /* literal delimiter (query arena) */
    size_t dlen;
    bool regex;
    Rx *re;                  /* freed with the query arena */
    int n_in;
    Type *types;             /* output column types */
    Arena *out_arena;        /* reset after each output push */
    Vector scratch;          /* `text` evaluated by expr_eval */

    /* Pending output rows: input row and piece. */
    uint32_t n;
    uint32_t src[BATCH_CAP];
    Str piece[BATCH_CAP];
} ExplodeOp;

static inline bool valid_at(const Vector *v, uint32_t r)
{
    if (v->is_const) r = 0;
    return !v->valid || ((v->valid[r >> 6] >> (r & 63)) & 1);
}

/* Copy column `in` of rows src[0..n) into `out` rows 0..n-1. */
static void gather(Vector *out, const Vector *in, const uint32_t *src, uint32_t n, Arena *a)
{
    const size_t w = type_width(in->type);
    const char *from = in->data;
    char *to = out->data;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t r = in->is_const ? 0 : src[k];
        if (!valid_at(in, r) || in->type == TYPE_NULL) {
            vec_set_null(out, k, a);
            continue;
        }
        memcpy(to + k * w, from + (size_t)r * w, w);
    }
}

/* Push the pending rows downstream as one batch. */
static OpStatus emit(ExplodeOp *x, Batch *in)
{
    if (x->n == 0) return OP_OK;
    Batch *out = batch_new(x->out_arena, x->types, x->n_in + 1);
    batch_clear(out);
    for (int c = 0; c < x->n_in; c++) gather(&out->cols[c], &in->cols[c], x->src, x->n, x->out_arena);
    memcpy(out->cols[x->n_in].data, x->piece, sizeof(Str) * x->n);
    out->n_rows = out->n_sel = x->n;
    out->kind = in->kind;
    x->n = 0;
    OpStatus st = op_push(x->base.next, out);
    arena_reset(x->out_arena);
    return st;
}

static inline OpStatus add(ExplodeOp *x, Batch *in, uint32_t row, const char *p, size_t len)
{
    x->src[x->n] = row;
    x->piece[x->n] = (Str){len ? p : "", (uint32_t)len};
    return ++x->n == BATCH_CAP ? emit(x, in) : OP_OK;
}

/* Bytes of the UTF-8 character starting with byte c (1 for stray bytes). */
static inline size_t char_len(unsigned char c)
{
    return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

static OpStatus split_chars(ExplodeOp *x, Batch *in, uint32_t row, Str s)
{
    OpStatus st = OP_OK;
    for (size_t i = 0; i < s.len && st == OP_OK;) {
        size_t n = char_len((unsigned char)s.ptr[i]);
        if (n > s.len - i) n = s.len - i;
        st = add(x, in, row, s.ptr + i, n);
        i += n;
    }
    return st;
}

static OpStatus split_literal(ExplodeOp *x, Batch *in, uint32_t row, Str s)
{
    size_t pos = 0;
    for (;;) {
        const char *hit = memmem(s.ptr + pos, s.len - pos, x->delim, x->dlen);
        size_t end = hit ? (size_t)(hit - s.ptr) : s.len;
        OpStatus st = add(x, in, row, s.ptr + pos, end - pos);
        if (st != OP_OK || !hit) return st;
        pos = end + x->dlen;
    }
}

static OpStatus split_regex(ExplodeOp *x, Batch *in, uint32_t row, Str s)
{
    size_t start = 0, pos = 0;
    OpStatus st = OP_OK;
    long so, eo;
    char err[200];
    while (pos <= s.len && st == OP_OK) {
        int rc = rx_match(x->re, s, pos, &so, &eo, 0, err, sizeof err);
        if (rc < 0) {
            uint32_t n = s.len > 60 ? 60 : s.len;
            expr_row_error_effect(x->base.ctx->expr.errors, NULL, "the rest of the text is the last piece",
                                  "split: matching '%.*s%s' against '%s': %s", (int)n, s.ptr,
                                  n < s.len ? "..." : "", x->delim, err);
            break;
        }
        if (rc == 0 || so < 0 || eo < so) break;
        size_t ms = (size_t)so, me = (size_t)eo;
        if (me == ms) {
            /* Zero-length match: splits between characters, never at the
             * very start or end. */
            if (ms >= s.len) break;
            if (ms > start) {
                st = add(x, in, row, s.ptr + start, ms - start);
                start = ms;
            }
            pos = ms + char_len((unsigned char)s.ptr[ms]);
            continue;
        }
        st = add(x, in, row, s.ptr + start, ms - start);
        start = pos = me;
    }
    if (st != OP_OK) return st;
    return add(x, in, row, s.ptr + start, s.len - start);
}

static OpStatus explode_push(Op *op, Batch *in)
{
    ExplodeOp *x = (ExplodeOp *)op;
    const Vector *v = &x->scratch;
    if (x->text->kind == EXPR_COLUMN) v = &in->cols[x->text->column];
    else expr_eval(&op->ctx->expr, x->text, in, &x->scratch);
    if (v->type != TYPE_TEXT) return OP_OK;          /* NULL literal: no rows */
    OpStatus st = OP_OK;
    x->n = 0;
    for (uint32_t k = 0; k < in->n_sel && st == OP_OK; k++) {
        if (op_abort_requested(&x->base)) return op_aborted(&x->base);
        uint32_t r = batch_row(in, k);
        if (!valid_at(v, r)) continue;
        Str s = VEC_STR(v)[v->is_const ? 0 : r];
        if (s.len == 0) st = add(x, in, r, "", 0);
        else if (x->regex) st = split_regex(x, in, r, s);
        else if (x->dlen == 0) st = split_chars(x, in, r, s);
        else st = split_literal(x, in, r, s);
    }
    if (st == OP_OK) st = emit(x, in);
    x->n = 0;
    return st;
}

static void explode_describe(const Op *op, StrBuf *out)
{
    const ExplodeOp *x = (const ExplodeOp *)op;
    sb_puts(out, "split(");
    expr_print(x->text, out);
    sb_printf(out, ", '%s')%s", x->delim, x->regex ? " regex" : "");
}

static void explode_destroy(Op *op)
{
    ExplodeOp *x = (ExplodeOp *)op;
    arena_free(x->out_arena);
}

static const OpVtab explode_vtab = {
    .name = "Explode",
    .push = explode_push,
    .flush = op_flush_forward,
    .describe = explode_describe,
    .destroy = explode_destroy,
};

Op *op_explode_new(ExecCtx *ctx, Op *next, const Schema *in, Expr *text,
                   const char *delim, bool regex, const Schema *out)
{
    ExplodeOp *x = ARENA_NEW(ctx->arena, ExplodeOp);
    x->base.vt = &explode_vtab;
    x->base.next = next;
    x->base.ctx = ctx;
    x->base.out = *out;
    x->text = text;
    x->delim = arena_strdup(ctx->arena, delim ? delim : "");
    x->dlen = strlen(x->delim);
    x->regex = regex && x->dlen > 0;     /* an empty pattern splits characters */
    if (x->regex) {
        /* The analyzer checked the pattern (rx_compile there too). */
        char err[256];
        bool limit;
        x->re = rx_compile((Str){x->delim, (uint32_t)x->dlen}, ctx->arena, err, sizeof err, &limit);
        if (!x->re) {
            diag_error(ctx->diag, text->span, "invalid regular expression '%s': %s", x->delim, err);
            return NULL;
        }
    }
    x->n_in = in->n;
    x->types = ARENA_ARRAY(ctx->arena, Type, in->n + 1);
    for (int i = 0; i < in->n; i++) x->types[i] = in->cols[i].type;
    x->types[in->n] = TYPE_TEXT;
    x->out_arena = arena_new();
    return &x->base;
}
