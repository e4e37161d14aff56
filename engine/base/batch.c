/* batch — allocation and element access for columnar batches. */
#include "batch.h"

#include <string.h>

Batch *batch_new(Arena *a, const Type *types, int n)
{
    Batch *b = ARENA_NEW(a, Batch);
    b->arena = a;
    b->n_cols = n;
    b->cols = ARENA_ARRAY(a, Vector, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        b->cols[i].type = types[i];
        b->cols[i].data = arena_alloc(a, type_width(types[i]) * BATCH_CAP);
    }
    return b;
}

void batch_clear(Batch *b)
{
    b->n_rows = b->n_sel = 0;
    b->sel = NULL;
    for (int i = 0; i < b->n_cols; i++) b->cols[i].valid = NULL;
}

void vec_set_null(Vector *v, uint32_t i, Arena *a)
{
    if (!v->valid) {
        v->valid = arena_alloc(a, VALID_WORDS * sizeof(uint64_t));
        memset(v->valid, 0xff, VALID_WORDS * sizeof(uint64_t));
    }
    v->valid[i >> 6] &= ~(UINT64_C(1) << (i & 63));
}

Value vec_get(const Vector *v, uint32_t i)
{
    if (v->is_const) i = 0;
    Value out = {.type = v->type};
    if (vec_is_null(v, i)) { out.is_null = true; return out; }
    switch (v->type) {
    case TYPE_BOOL: out.b = VEC_BOOL(v)[i] != 0; break;
    case TYPE_INT64: case TYPE_TIMESTAMP: case TYPE_INTERVAL: out.i = VEC_I64(v)[i]; break;
    case TYPE_DOUBLE: out.d = VEC_F64(v)[i]; break;
    case TYPE_TEXT: out.s = VEC_STR(v)[i]; break;
    case TYPE_NULL: out.is_null = true; break;
    }
    return out;
}

void vec_set(Vector *v, uint32_t i, const Value *val, Arena *a)
{
    if (val->is_null || val->type == TYPE_NULL) { vec_set_null(v, i, a); return; }
    vec_set_valid(v, i);
    switch (v->type) {
    case TYPE_BOOL: VEC_BOOL(v)[i] = val->b; break;
    case TYPE_INT64: case TYPE_TIMESTAMP: case TYPE_INTERVAL: VEC_I64(v)[i] = val->i; break;
    case TYPE_DOUBLE: VEC_F64(v)[i] = val->d; break;
    case TYPE_TEXT: VEC_STR(v)[i] = val->s; break;
    case TYPE_NULL: break;
    }
}
