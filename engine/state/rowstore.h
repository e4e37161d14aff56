/* rowstore — rows copied out of batches, kept by stateful operators.
 *
 * A RowStore holds rows of a fixed list of column types, row-major: each
 * row is a NULL bitmap followed by one cell per column (8 bytes for the
 * fixed-width types, a Str for TEXT). Strings are copied into an arena the
 * store owns, so rows stay valid after the batch they came from is gone.
 * Rows are numbered from 0 in append order and stay put until
 * rowstore_clear(); the store turns any list of row numbers back into a
 * Batch (at most BATCH_CAP rows at a time) whose strings point into it.
 *
 * Used by sort (buffer a micro-batch, emit it reordered) and by joins
 * (build side). Rows cannot be deleted one by one: clear or rebuild.
 *
 * Also here: StrHeap, a bump allocator for many small strings inside an
 * Arena (no 16-byte rounding per string), shared by the aggregation state. */
#ifndef SLUICE_ROWSTORE_H
#define SLUICE_ROWSTORE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "engine/base/arena.h"
#include "engine/base/batch.h"
#include "engine/base/types.h"

/* ---- StrHeap --------------------------------------------------------- */

typedef struct StrHeap {
    Arena *arena;        /* where the chunks come from (not owned) */
    char *cur;           /* free space of the current chunk */
    size_t left;
} StrHeap;

static inline void strheap_init(StrHeap *h, Arena *a)
{
    h->arena = a;
    h->cur = NULL;
    h->left = 0;
}

/* Forget the current chunk (call after resetting the arena). */
static inline void strheap_reset(StrHeap *h) { h->cur = NULL; h->left = 0; }

/* n bytes of string space, unaligned. */
char *strheap_alloc(StrHeap *h, size_t n);

/* A copy of s whose bytes live in the heap's arena. */
static inline Str strheap_copy(StrHeap *h, Str s)
{
    Str out = {"", 0};
    if (s.len == 0) return out;
    char *p = strheap_alloc(h, s.len);
    memcpy(p, s.ptr, s.len);
    out.ptr = p;
    out.len = s.len;
    return out;
}

/* ---- RowStore -------------------------------------------------------- */

typedef struct RowStore {
    int n_cols;
    Type *types;         /* column types (owned copy) */
    uint32_t *offs;      /* byte offset of each cell within a row */
    uint32_t width;      /* bytes per row */
    uint32_t null_words; /* uint64 words of NULL bitmap at the row start */
    uint8_t *data;       /* n_rows * width bytes (heap) */
    size_t n_rows, cap_rows;
    Arena *arena;        /* strings */
    StrHeap strings;
} RowStore;

/* A new empty store for rows of these column types (copied). Free with
 * rowstore_free. */
RowStore *rowstore_new(const Type *types, int n_cols);
void rowstore_free(RowStore *rs);
/* Drop every row and string; keeps the row buffer for reuse. */
void rowstore_clear(RowStore *rs);

/* Append the selected rows of b (whose columns must have the store's
 * types), copying strings. */
void rowstore_append(RowStore *rs, const Batch *b);
/* Append the physical rows rows[0..n) of b. */
void rowstore_append_rows(RowStore *rs, const Batch *b, const uint32_t *rows,
                          uint32_t n);

static inline size_t rowstore_count(const RowStore *rs) { return rs->n_rows; }

static inline const uint8_t *rowstore_row(const RowStore *rs, size_t row)
{
    return rs->data + row * rs->width;
}
static inline bool rowstore_is_null(const RowStore *rs, size_t row, int col)
{
    const uint64_t *bits = (const uint64_t *)rowstore_row(rs, row);
    return (bits[col >> 6] >> (col & 63)) & 1;
}
/* The cell of (row, col): an int64_t (INT64, TIMESTAMP, INTERVAL), double,
 * uint8_t (BOOL) or Str (TEXT). Zero when NULL. */
static inline const void *rowstore_cell(const RowStore *rs, size_t row, int col)
{
    return rowstore_row(rs, row) + rs->offs[col];
}

/* (row, col) as a Value (TEXT points into the store). */
Value rowstore_get(const RowStore *rs, size_t row, int col);

/* Overwrite `out` (a batch of the store's column types, e.g. from
 * batch_new) with rows[0..n) of the store, n <= BATCH_CAP; NULL bitmaps
 * are allocated in out->arena, strings point into the store. */
void rowstore_fill(const RowStore *rs, const uint32_t *rows, uint32_t n,
                   Batch *out);

/* Bytes held: rows plus strings. */
size_t rowstore_bytes(const RowStore *rs);

#endif
