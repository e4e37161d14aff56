/* join_table — join key hashing, the key -> row-chain index, and output
 * column helpers (see join_table.h).
 *
 * The hashing is agg_table.c's (key_hash.h: same mixing, same canonical
 * doubles), so both tables agree on what "equal keys" means; the difference is
 * NULL: grouping treats NULL as a value, a join key NULL matches nothing,
 * so such rows are flagged and never indexed or probed. */
#include "join_table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/base/mem.h"
#include "engine/state/key_hash.h"

/* ---- JoinKeys ------------------------------------------------------------- */

JoinKeys *join_keys_new(const Type *types, int n_keys)
{
    JoinKeys *kb = xcalloc(1, sizeof *kb);
    size_t n = (size_t)(n_keys > 0 ? n_keys : 1);
    kb->n_keys = n_keys;
    kb->fixed_cols = xcalloc(n, sizeof(int));
    kb->text_cols = xcalloc(n, sizeof(int));
    kb->fixed = xcalloc(n, sizeof(uint64_t *));
    kb->text = xcalloc(n, sizeof(Str *));
    for (int c = 0; c < n_keys; c++) {
        if (types[c] == TYPE_TEXT) {
            kb->text_cols[kb->n_text++] = c;
            kb->text[c] = xmalloc(sizeof(Str) * BATCH_CAP);
        } else {
            kb->fixed_cols[kb->n_fixed++] = c;
            kb->fixed[c] = xmalloc(sizeof(uint64_t) * BATCH_CAP);
        }
    }
    return kb;
}

void join_keys_free(JoinKeys *kb)
{
    if (!kb) return;
    for (int c = 0; c < kb->n_keys; c++) {
        free(kb->fixed[c]);
        free(kb->text[c]);
    }
    free(kb->fixed);
    free(kb->text);
    free(kb->fixed_cols);
    free(kb->text_cols);
    free(kb);
}

/* Key column c of the n selected rows into the dense arrays. */
static void gather_key(JoinKeys *kb, int c, const Vector *v, const uint32_t *sel, uint32_t n)
{
    const bool text = kb->text[c] != NULL;
    if (v->type == TYPE_NULL || (v->is_const && !valid_at(v, 0))) {
        memset(kb->null, 1, n);
        return;
    }
    if (v->is_const) {
        if (text) {
            for (uint32_t k = 0; k < n; k++) kb->text[c][k] = VEC_STR(v)[0];
        } else {
            uint64_t x = fixed_bits(v, 0);
            for (uint32_t k = 0; k < n; k++) kb->fixed[c][k] = x;
        }
        return;
    }
    switch (v->type) {
    case TYPE_TEXT: {
        const Str *src = VEC_STR(v);
        for (uint32_t k = 0; k < n; k++) kb->text[c][k] = src[sel ? sel[k] : k];
        break;
    }
    case TYPE_DOUBLE: {
        const double *src = VEC_F64(v);
        for (uint32_t k = 0; k < n; k++) kb->fixed[c][k] = double_bits(src[sel ? sel[k] : k]);
        break;
    }
    case TYPE_BOOL: {
        const uint8_t *src = VEC_BOOL(v);
        for (uint32_t k = 0; k < n; k++) kb->fixed[c][k] = src[sel ? sel[k] : k] != 0;
        break;
    }
    default: {
        const int64_t *src = VEC_I64(v);
        for (uint32_t k = 0; k < n; k++) kb->fixed[c][k] = (uint64_t)src[sel ? sel[k] : k];
        break;
    }
    }
    if (v->valid)
        for (uint32_t k = 0; k < n; k++)
            if (!valid_at(v, sel ? sel[k] : k)) kb->null[k] = 1;
}

void join_keys_load(JoinKeys *kb, const Batch *b, const Vector *const *keys)
{
    const uint32_t n = b->n_sel;
    kb->n = n;
    memset(kb->null, 0, n);
    for (int c = 0; c < kb->n_keys; c++) gather_key(kb, c, keys[c], b->sel, n);

    for (uint32_t k = 0; k < n; k++) kb->hash[k] = UINT64_C(0x2545f4914f6cdd1d);
    for (int i = 0; i < kb->n_fixed; i++) {
        const uint64_t *x = kb->fixed[kb->fixed_cols[i]];
        for (uint32_t k = 0; k < n; k++) kb->hash[k] = mix(kb->hash[k], x[k]);
    }
    for (int i = 0; i < kb->n_text; i++) {
        const Str *x = kb->text[kb->text_cols[i]];
        for (uint32_t k = 0; k < n; k++)
            if (!kb->null[k]) kb->hash[k] = mix(kb->hash[k], hash_bytes(x[k].ptr, x[k].len));
    }
    for (uint32_t k = 0; k < n; k++) kb->hash[k] = fmix64(kb->hash[k]);
}

/* ---- JoinTable --------------------------------------------------------------- */

enum { MIN_SLOTS = 16 };

JoinTable *join_table_new(const JoinKeys *shape)
{
    JoinTable *t = xcalloc(1, sizeof *t);
    size_t n = (size_t)(shape->n_keys > 0 ? shape->n_keys : 1);
    t->n_keys = shape->n_keys;
    t->shape = shape;
    t->kfixed = xcalloc(n, sizeof(uint64_t *));
    t->ktext = xcalloc(n, sizeof(Str *));
    t->n_slots = MIN_SLOTS;
    t->slots = xmalloc(sizeof(JoinSlot) * t->n_slots);
    memset(t->slots, 0xff, sizeof(JoinSlot) * t->n_slots);
    t->arena = arena_new();
    strheap_init(&t->strings, t->arena);
    return t;
}

void join_table_free(JoinTable *t)
{
    if (!t) return;
    for (int c = 0; c < t->n_keys; c++) {
        free(t->kfixed[c]);
        free(t->ktext[c]);
    }
    free(t->kfixed);
    free(t->ktext);
    free(t->slots);
    free(t->khash);
    free(t->head);
    free(t->tail);
    free(t->next);
    arena_free(t->arena);
    free(t);
}

void join_table_clear(JoinTable *t)
{
    t->n_ids = 0;
    t->n_rows = 0;
    memset(t->slots, 0xff, sizeof(JoinSlot) * t->n_slots);
    arena_reset(t->arena);
    strheap_reset(&t->strings);
}

static void rehash(JoinTable *t, uint32_t n_slots)
{
    free(t->slots);
    t->slots = xmalloc(sizeof(JoinSlot) * n_slots);
    memset(t->slots, 0xff, sizeof(JoinSlot) * n_slots);
    t->n_slots = n_slots;
    const uint32_t mask = n_slots - 1;
    for (uint32_t id = 0; id < t->n_ids; id++) {
        uint64_t h = t->khash[id];
        uint32_t pos = (uint32_t)h & mask;
        while (t->slots[pos].kid != JOIN_NONE) pos = (pos + 1) & mask;
        t->slots[pos] = (JoinSlot){(uint32_t)(h >> 32), id};
    }
}

/* Room for `extra` new keys (load <= 0.7) and rows up to `max_row`. */
static void reserve(JoinTable *t, uint32_t extra, size_t max_row)
{
    const JoinKeys *s = t->shape;
    size_t need = (size_t)t->n_ids + extra;
    if (need * 10 > (size_t)t->n_slots * 7) {
        uint32_t n = t->n_slots;
        while ((size_t)n * 7 < need * 10 * 2 && n < (UINT32_C(1) << 31)) n *= 2;
        rehash(t, n);
    }
    if (need > t->key_cap) {
        size_t cap = t->key_cap;
        t->khash = xgrow(t->khash, &cap, need, sizeof(uint64_t));
        cap = t->key_cap;
        t->head = xgrow(t->head, &cap, need, sizeof(uint32_t));
        cap = t->key_cap;
        t->tail = xgrow(t->tail, &cap, need, sizeof(uint32_t));
        for (int i = 0; i < s->n_fixed; i++) {
            int c = s->fixed_cols[i];
            cap = t->key_cap;
            t->kfixed[c] = xgrow(t->kfixed[c], &cap, need, sizeof(uint64_t));
        }
        for (int i = 0; i < s->n_text; i++) {
            int c = s->text_cols[i];
            cap = t->key_cap;
            t->ktext[c] = xgrow(t->ktext[c], &cap, need, sizeof(Str));
        }
        t->key_cap = cap;
    }
    t->next = xgrow(t->next, &t->row_cap, max_row + 1, sizeof(uint32_t));
}

static inline bool key_eq(const JoinTable *t, const JoinKeys *kb, uint32_t k, uint32_t id)
{
    const JoinKeys *s = t->shape;
    for (int i = 0; i < s->n_fixed; i++) {
        int c = s->fixed_cols[i];
        if (t->kfixed[c][id] != kb->fixed[c][k]) return false;
    }
    for (int i = 0; i < s->n_text; i++) {
        int c = s->text_cols[i];
        if (!str_eq(t->ktext[c][id], kb->text[c][k])) return false;
    }
    return true;
}

/* The slot holding loaded row k's key, or the empty slot where it goes. */
static inline uint32_t lookup(const JoinTable *t, const JoinKeys *kb, uint32_t k)
{
    const uint64_t h = kb->hash[k];
    const uint32_t tag = (uint32_t)(h >> 32), mask = t->n_slots - 1;
    uint32_t pos = (uint32_t)h & mask;
    for (;;) {
        JoinSlot s = t->slots[pos];
        if (s.kid == JOIN_NONE || (s.tag == tag && key_eq(t, kb, k, s.kid))) return pos;
        pos = (pos + 1) & mask;
    }
}

void join_table_insert(JoinTable *t, const JoinKeys *kb, const uint32_t *ks,
                       const uint32_t *ids, uint32_t n)
{
    if (n == 0) return;
    const JoinKeys *s = t->shape;
    reserve(t, n, ids[n - 1]);
    for (uint32_t j = 0; j < n; j++) {
        const uint32_t k = ks[j], row = ids[j];
        const uint32_t pos = lookup(t, kb, k);
        uint32_t id = t->slots[pos].kid;
        t->next[row] = JOIN_NONE;
        if (id == JOIN_NONE) {
            id = t->n_ids++;
            t->slots[pos] = (JoinSlot){(uint32_t)(kb->hash[k] >> 32), id};
            t->khash[id] = kb->hash[k];
            for (int i = 0; i < s->n_fixed; i++) {
                int c = s->fixed_cols[i];
                t->kfixed[c][id] = kb->fixed[c][k];
            }
            for (int i = 0; i < s->n_text; i++) {
                int c = s->text_cols[i];
                t->ktext[c][id] = strheap_copy(&t->strings, kb->text[c][k]);
            }
            t->head[id] = row;
        } else {
            t->next[t->tail[id]] = row;
        }
        t->tail[id] = row;
    }
    t->n_rows += n;
}

uint32_t join_table_find(const JoinTable *t, const JoinKeys *kb, uint32_t k)
{
    if (kb->null[k] || t->n_ids == 0) return JOIN_NONE;
    uint32_t id = t->slots[lookup(t, kb, k)].kid;
    return id == JOIN_NONE ? JOIN_NONE : t->head[id];
}

size_t join_table_bytes(const JoinTable *t)
{
    const JoinKeys *s = t->shape;
    size_t per_key = 8 + 4 + 4 + 8 * (size_t)s->n_fixed + sizeof(Str) * (size_t)s->n_text;
    return sizeof(JoinSlot) * t->n_slots + per_key * t->key_cap + 4 * t->row_cap +
           arena_used(t->arena);
}

const char *join_type_name(JoinType type)
{
    switch (type) {
    case JOIN_TYPE_INNER: return "INNER";
    case JOIN_TYPE_LEFT: return "LEFT OUTER";
    case JOIN_TYPE_RIGHT: return "RIGHT OUTER";
    case JOIN_TYPE_FULL: return "FULL OUTER";
    case JOIN_TYPE_LEFT_SEMI: return "LEFT SEMI";
    }
    return "?";
}

int join_key_types(ExecCtx *ctx, const JoinConfig *cfg, Type *types)
{
    for (int i = 0; i < cfg->n_keys; i++) {
        Type l = cfg->left_keys[i]->type, r = cfg->right_keys[i]->type;
        if (l == TYPE_NULL) l = r;
        if (r == TYPE_NULL) r = l;
        if (l != r) {
            diag_error(ctx->diag, cfg->left_keys[i]->span,
                       "join key %d compares %s with %s", i + 1, type_name(l), type_name(r));
            diag_hint(ctx->diag, "cast one side so that both keys have the same type");
            return -1;
        }
        types[i] = l;
    }
    return 0;
}

void join_describe_on(const JoinConfig *cfg, StrBuf *out)
{
    if (cfg->n_keys == 0) {
        sb_puts(out, "nested loop");
    } else {
        sb_puts(out, "keys [");
        for (int i = 0; i < cfg->n_keys; i++) {
            if (i) sb_puts(out, ", ");
            expr_print(cfg->left_keys[i], out);
            sb_puts(out, " = ");
            expr_print(cfg->right_keys[i], out);
        }
        sb_putc(out, ']');
    }
    if (cfg->residual) {
        sb_puts(out, ", residual ");
        expr_print(cfg->residual, out);
    }
}

/* ---- output columns --------------------------------------------------------- */

const Vector *join_eval(const ExprCtx *ctx, const Expr *e, Batch *in, Vector *scratch)
{
    if (e->kind == EXPR_COLUMN) return &in->cols[e->column];
    expr_eval(ctx, e, in, scratch);
    return scratch;
}

#define GATHER(T)                                                       \
    do {                                                                \
        const T *s_ = (const T *)src->data;                             \
        T *d_ = (T *)dst->data;                                         \
        if (src->is_const)                                              \
            for (uint32_t k = 0; k < n; k++) d_[k] = s_[0];             \
        else                                                            \
            for (uint32_t k = 0; k < n; k++) d_[k] = s_[rows[k]];       \
    } while (0)

static void gather_vec(Vector *dst, const Vector *src, const uint32_t *rows, uint32_t n,
                       Arena *a)
{
    dst->is_const = false;
    dst->valid = NULL;
    switch (src->type) {
    case TYPE_NULL:
        for (uint32_t k = 0; k < n; k++) vec_set_null(dst, k, a);
        return;
    case TYPE_TEXT: GATHER(Str); break;
    case TYPE_BOOL: GATHER(uint8_t); break;
    default: GATHER(uint64_t); break;    /* INT64, DOUBLE, TIMESTAMP, INTERVAL bits */
    }
    if (!src->valid) return;
    for (uint32_t k = 0; k < n; k++)
        if (!valid_at(src, src->is_const ? 0 : rows[k])) vec_set_null(dst, k, a);
}

#undef GATHER

void join_out_from_batch(Batch *out, int off, const Batch *src, const uint32_t *rows,
                         uint32_t n)
{
    for (int c = 0; c < src->n_cols; c++)
        gather_vec(&out->cols[off + c], &src->cols[c], rows, n, out->arena);
}

void join_out_from_store(Batch *out, int off, const RowStore *rs, const uint32_t *rows,
                         uint32_t n)
{
    /* rowstore_fill writes a whole batch: give it a view of our columns. */
    Batch view = {.n_cols = rs->n_cols, .cols = out->cols + off, .arena = out->arena};
    rowstore_fill(rs, rows, n, &view);
}

void join_out_nulls(Batch *out, int off, int n_cols, uint32_t n)
{
    for (int c = off; c < off + n_cols; c++) {
        Vector *v = &out->cols[c];
        v->is_const = false;
        v->valid = arena_calloc(out->arena, VALID_WORDS * sizeof(uint64_t));
        memset(v->data, 0, type_width(v->type) * n);
        if (v->type == TYPE_TEXT)
            for (uint32_t k = 0; k < n; k++) VEC_STR(v)[k] = (Str){"", 0};
    }
}
