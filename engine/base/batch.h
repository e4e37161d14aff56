/* batch — columnar slices of at most BATCH_CAP rows.
 *
 * A Batch is the unit that flows between operators: typed column Vectors
 * with a validity bitmap each, plus a selection vector naming the live
 * rows. A filter narrows `sel` and copies nothing; a projection computes
 * only the selected rows and keeps `sel`.
 *
 * Ownership: whoever creates a Batch owns it and its arena; a consumer of
 * a pushed batch must copy anything it keeps past the push (a pointer into
 * a batch arena kept across pushes is a bug). Strings (Str) in a batch
 * point into the batch's arena or into memory that the creator keeps
 * alive until its next push. */
#ifndef SLUICE_BATCH_H
#define SLUICE_BATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "types.h"

#define BATCH_CAP 2048u

typedef struct Vector {
    Type type;
    void *data;          /* BATCH_CAP elements of type_width(type), or 1 if is_const */
    uint64_t *valid;     /* NULL = no NULLs; else bit i set = row i is not NULL */
    bool is_const;       /* element 0 (and valid bit 0) holds every row's value */
} Vector;

/* How the rows of a batch change the result (the changelog `op`). */
typedef enum RowKind {
    ROW_INSERT,     /* '+' a new row (append) */
    ROW_UPDATE,     /* 'u' a new version of a row (update mode) */
    ROW_SNAPSHOT,   /* '=' a row of a complete-mode snapshot */
    ROW_DELETE,     /* '-' a retracted row */
} RowKind;

typedef struct Batch {
    uint32_t n_rows;     /* physical rows in every column */
    uint32_t n_sel;      /* live rows: n_rows if sel == NULL */
    uint32_t *sel;       /* NULL = rows 0..n_rows-1, else ascending indices */
    int n_cols;
    Vector *cols;
    Arena *arena;        /* strings and scratch of this batch */
    RowKind kind;
} Batch;

/* A batch with n columns of the given types, each with room for BATCH_CAP
 * rows, allocated in `a` (which also becomes the batch's arena). */
Batch *batch_new(Arena *a, const Type *types, int n);
/* Forget the rows: n_rows = n_sel = 0, sel = NULL, no NULL bitmaps. The
 * caller resets the arena if it owns the strings. */
void batch_clear(Batch *b);

/* The physical row index of the k-th live row. */
static inline uint32_t batch_row(const Batch *b, uint32_t k)
{
    return b->sel ? b->sel[k] : k;
}

static inline bool vec_is_null(const Vector *v, uint32_t i)
{
    if (v->is_const) i = 0;
    return v->valid && !((v->valid[i >> 6] >> (i & 63)) & 1);
}

/* Mark row i NULL, creating the bitmap (all valid) in `a` on first use. */
void vec_set_null(Vector *v, uint32_t i, Arena *a);
/* Mark row i valid (only needed when a bitmap exists). */
static inline void vec_set_valid(Vector *v, uint32_t i)
{
    if (v->valid) v->valid[i >> 6] |= UINT64_C(1) << (i & 63);
}

/* Typed element access (no bounds or type checks). */
#define VEC_I64(v)  ((int64_t *)(v)->data)
#define VEC_F64(v)  ((double *)(v)->data)
#define VEC_BOOL(v) ((uint8_t *)(v)->data)
#define VEC_STR(v)  ((Str *)(v)->data)

/* Row i of a vector as a Value (respects is_const and NULL). */
Value vec_get(const Vector *v, uint32_t i);
/* Store a Value at row i (TEXT is stored by reference, not copied). */
void vec_set(Vector *v, uint32_t i, const Value *val, Arena *a);

/* Bytes of a validity bitmap for BATCH_CAP rows. */
#define VALID_WORDS (BATCH_CAP / 64)

#endif
