/* rowstore — row-major copies of batch rows (see rowstore.h).
 *
 * Appending and re-materialising both go column by column with one typed
 * loop per column, so the per-row cost is a few stores; no per-row type
 * dispatch, no Value boxing. */
#include "rowstore.h"

#include <stdlib.h>

#include "engine/base/mem.h"

enum { STRHEAP_CHUNK = 32 * 1024 };

char *strheap_alloc(StrHeap *h, size_t n)
{
    if (n > h->left) {
        if (n > STRHEAP_CHUNK / 4) return arena_alloc(h->arena, n);   /* big: own block */
        h->cur = arena_alloc(h->arena, STRHEAP_CHUNK);
        h->left = STRHEAP_CHUNK;
    }
    char *p = h->cur;
    h->cur += n;
    h->left -= n;
    return p;
}

RowStore *rowstore_new(const Type *types, int n_cols)
{
    RowStore *rs = xcalloc(1, sizeof *rs);
    rs->n_cols = n_cols;
    rs->types = xmalloc(sizeof(Type) * (size_t)(n_cols > 0 ? n_cols : 1));
    rs->offs = xmalloc(sizeof(uint32_t) * (size_t)(n_cols > 0 ? n_cols : 1));
    rs->null_words = (uint32_t)((n_cols + 63) / 64);
    uint32_t off = rs->null_words * 8;
    for (int c = 0; c < n_cols; c++) {
        rs->types[c] = types[c];
        rs->offs[c] = off;
        off += types[c] == TYPE_TEXT ? (uint32_t)sizeof(Str) : 8;
    }
    rs->width = off > 0 ? off : 8;
    rs->arena = arena_new();
    strheap_init(&rs->strings, rs->arena);
    return rs;
}

void rowstore_free(RowStore *rs)
{
    if (!rs) return;
    free(rs->data);
    free(rs->types);
    free(rs->offs);
    arena_free(rs->arena);
    free(rs);
}

void rowstore_clear(RowStore *rs)
{
    rs->n_rows = 0;
    arena_reset(rs->arena);
    strheap_reset(&rs->strings);
}

static inline bool vec_valid_at(const Vector *v, uint32_t r)
{
    return !v->valid || ((v->valid[r >> 6] >> (r & 63)) & 1);
}

/* Copy column c of rows[0..n) (or, rows == NULL, rows 0..n-1) into the
 * rows starting at `base`. */
static void append_column(RowStore *rs, const Vector *v, int c, const uint32_t *rows,
                          uint32_t n, uint8_t *base)
{
    const uint32_t w = rs->width, off = rs->offs[c];
    const bool k0 = v->is_const;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t r = k0 ? 0 : rows ? rows[k] : k;
        uint8_t *row = base + (size_t)k * w;
        if (!vec_valid_at(v, r)) {
            ((uint64_t *)row)[c >> 6] |= UINT64_C(1) << (c & 63);
            continue;
        }
        switch (v->type) {
        case TYPE_TEXT: {
            Str s = strheap_copy(&rs->strings, VEC_STR(v)[r]);
            memcpy(row + off, &s, sizeof s);
            break;
        }
        case TYPE_BOOL: row[off] = VEC_BOOL(v)[r]; break;
        case TYPE_NULL: ((uint64_t *)row)[c >> 6] |= UINT64_C(1) << (c & 63); break;
        default: memcpy(row + off, (const uint8_t *)v->data + (size_t)r * 8, 8); break;
        }
    }
}

void rowstore_append_rows(RowStore *rs, const Batch *b, const uint32_t *rows, uint32_t n)
{
    if (n == 0) return;
    rs->data = xgrow(rs->data, &rs->cap_rows, rs->n_rows + n, rs->width);
    uint8_t *base = rs->data + rs->n_rows * rs->width;
    memset(base, 0, (size_t)n * rs->width);
    /* The switch in append_column is per row but on a loop-invariant
     * value; compilers unswitch it. */
    for (int c = 0; c < rs->n_cols; c++) append_column(rs, &b->cols[c], c, rows, n, base);
    rs->n_rows += n;
}

void rowstore_append(RowStore *rs, const Batch *b)
{
    rowstore_append_rows(rs, b, b->sel, b->n_sel);
}

Value rowstore_get(const RowStore *rs, size_t row, int col)
{
    Type t = rs->types[col];
    if (rowstore_is_null(rs, row, col)) return value_null(t);
    const void *cell = rowstore_cell(rs, row, col);
    Value v = {.type = t};
    switch (t) {
    case TYPE_TEXT: memcpy(&v.s, cell, sizeof(Str)); break;
    case TYPE_BOOL: v.b = *(const uint8_t *)cell != 0; break;
    case TYPE_DOUBLE: memcpy(&v.d, cell, 8); break;
    case TYPE_NULL: v.is_null = true; break;
    default: memcpy(&v.i, cell, 8); break;
    }
    return v;
}

void rowstore_fill(const RowStore *rs, const uint32_t *rows, uint32_t n, Batch *out)
{
    batch_clear(out);
    for (int c = 0; c < rs->n_cols; c++) {
        Vector *v = &out->cols[c];
        v->is_const = false;
        const uint32_t off = rs->offs[c];
        const uint64_t bit = UINT64_C(1) << (c & 63);
        const int word = c >> 6;
        for (uint32_t k = 0; k < n; k++) {
            const uint8_t *row = rowstore_row(rs, rows[k]);
            if (((const uint64_t *)row)[word] & bit) {
                vec_set_null(v, k, out->arena);
                continue;
            }
            switch (rs->types[c]) {
            case TYPE_TEXT: memcpy(&VEC_STR(v)[k], row + off, sizeof(Str)); break;
            case TYPE_BOOL: VEC_BOOL(v)[k] = row[off]; break;
            case TYPE_NULL: vec_set_null(v, k, out->arena); break;
            default: memcpy((uint8_t *)v->data + (size_t)k * 8, row + off, 8); break;
            }
        }
    }
    out->n_rows = out->n_sel = n;
    out->sel = NULL;
}

size_t rowstore_bytes(const RowStore *rs)
{
    return rs->n_rows * rs->width + arena_used(rs->arena);
}
