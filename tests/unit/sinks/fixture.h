/* fixture — hand-made batches and captured renderer output for the sink
 * tests. Header-only: each test file is its own executable. */
#ifndef SLUICE_TEST_SINKS_FIXTURE_H
#define SLUICE_TEST_SINKS_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/base/arena.h"
#include "engine/base/batch.h"
#include "engine/sinks/render.h"

/* A renderer writing into memory; out() returns everything so far. */
typedef struct Fix {
    Arena *arena;
    Schema schema;
    Batch *batch;
    char *text;
    size_t len;
    FILE *f;
    Renderer *r;
} Fix;

/* A schema of n columns (names[i], types[i]), an empty batch of it, and a
 * renderer of format fmt over an in-memory FILE. */
static inline void fix_open(Fix *x, OutputFormat fmt, int n, const char *const *names,
                            const Type *types)
{
    memset(x, 0, sizeof *x);
    x->arena = arena_new();
    x->schema.n = n;
    x->schema.cols = arena_calloc(x->arena, sizeof(Column) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        x->schema.cols[i].name = names[i];
        x->schema.cols[i].type = types[i];
    }
    x->batch = batch_new(x->arena, types, n);
    x->f = open_memstream(&x->text, &x->len);
    cr_assert_not_null(x->f);
    x->r = render_new(fmt, x->f, &x->schema);
}

/* Everything written so far (the renderer flushes at render_end). */
static inline const char *fix_out(Fix *x)
{
    fflush(x->f);
    return x->text ? x->text : "";
}

static inline void fix_close(Fix *x)
{
    render_free(x->r);
    fclose(x->f);
    free(x->text);
    arena_free(x->arena);
}

/* Append one row of Values to the fixture batch. */
static inline void fix_row(Fix *x, const Value *vals)
{
    Batch *b = x->batch;
    for (int c = 0; c < b->n_cols; c++) vec_set(&b->cols[c], b->n_rows, &vals[c], x->arena);
    b->n_rows++;
    b->n_sel = b->n_rows;
}

/* Render the fixture batch (then clear it for the next one). */
static inline void fix_flush_rows(Fix *x)
{
    render_rows(x->r, x->batch);
    batch_clear(x->batch);
}

#define TEXT(s) value_text((s), (uint32_t)strlen(s))
#define ROW(x, ...) fix_row((x), (const Value[]){__VA_ARGS__})

#endif
