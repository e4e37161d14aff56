/* join_table — the hash index of the join operators, and the helpers that
 * build their output rows.
 *
 * JoinKeys is the probe-side half: the key vectors of one batch,
 * normalised into dense per-column arrays (doubles canonicalised so that
 * -0.0 = 0.0 and NaN = NaN, as Spark's join keys), hashed column by
 * column, with a flag for rows that have a NULL key (SQL equality: such a
 * row matches nothing). Load a batch once, then probe any number of tables
 * and/or insert it into one.
 *
 * JoinTable maps a key to the chain of row ids indexed under it, in
 * insertion order (so joined output follows the build side's order). Row
 * ids are the caller's (its RowStore row numbers); the table stores only
 * keys and chains: an open-addressing dictionary of distinct keys (8-byte
 * slots: 32-bit hash tag + key id; full hashes cached per key) and a
 * `next` array per row. Rows cannot be removed one by one: the owner skips
 * dead rows and rebuilds (clear + insert) when they pile up.
 *
 * The join_out_* helpers write columns of a joined output batch from an
 * input batch, from a RowStore, or as NULL padding.
 *
 * Not here: the join logic itself (join_static.c, join_stream.c). */
#ifndef SLUICE_JOIN_TABLE_H
#define SLUICE_JOIN_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/base/arena.h"
#include "engine/base/batch.h"
#include "engine/expr/expr.h"
#include "engine/base/types.h"
#include "ops.h"
#include "engine/state/rowstore.h"

#define JOIN_NONE UINT32_MAX     /* no row / no key */

/* ---- keys of one batch ------------------------------------------------- */

typedef struct JoinKeys {
    int n_keys;
    int n_fixed, n_text;
    int *fixed_cols, *text_cols;   /* key columns by storage class */
    uint32_t n;                    /* rows loaded (the batch's selected rows) */
    uint64_t hash[BATCH_CAP];
    uint8_t null[BATCH_CAP];       /* 1: some key is NULL, matches nothing */
    uint64_t **fixed;              /* [key col][k] value bits, fixed-width cols */
    Str **text;                    /* [key col][k], TEXT cols (point into the batch) */
} JoinKeys;

/* Scratch for keys of these types (TYPE_TEXT or fixed-width). Free with
 * join_keys_free. */
JoinKeys *join_keys_new(const Type *types, int n_keys);
void join_keys_free(JoinKeys *kb);

/* Load the selected rows of b: keys[c] is key column c evaluated over b
 * (indexed by physical row; is_const and TYPE_NULL allowed). Row k of kb
 * is the k-th selected row of b; strings stay in b. */
void join_keys_load(JoinKeys *kb, const Batch *b, const Vector *const *keys);

/* ---- the index ------------------------------------------------------------ */

typedef struct JoinSlot {
    uint32_t tag;                  /* high 32 bits of the hash */
    uint32_t kid;                  /* JOIN_NONE when empty */
} JoinSlot;

typedef struct JoinTable {
    int n_keys;
    JoinSlot *slots;
    uint32_t n_slots;              /* power of two */
    /* Per distinct key, indexed by key id. */
    uint32_t n_ids;
    size_t key_cap;
    uint64_t *khash;
    uint64_t **kfixed;             /* [key col][id] */
    Str **ktext;
    uint32_t *head, *tail;         /* row chain of each key */
    /* Per row id. */
    uint32_t *next;
    size_t row_cap;
    size_t n_rows;                 /* rows indexed */
    Arena *arena;                  /* key strings */
    StrHeap strings;
    const JoinKeys *shape;         /* key column classes (a JoinKeys of the same types) */
} JoinTable;

/* An empty index for keys shaped like `shape` (kept by reference: it must
 * outlive the table). Free with join_table_free. */
JoinTable *join_table_new(const JoinKeys *shape);
void join_table_free(JoinTable *t);
/* Forget every key and row (keeps the arrays). */
void join_table_clear(JoinTable *t);

/* Index loaded row ks[j] of kb (none with a NULL key) under row id
 * ids[j], j < n; ids must ascend, within and across calls (until a
 * clear), so that chains stay in row order. Key strings are copied into
 * the table. */
void join_table_insert(JoinTable *t, const JoinKeys *kb, const uint32_t *ks,
                       const uint32_t *ids, uint32_t n);

/* The first row indexed under loaded row k's key, or JOIN_NONE (always
 * for a NULL key). Walk on with join_table_next. */
uint32_t join_table_find(const JoinTable *t, const JoinKeys *kb, uint32_t k);
static inline uint32_t join_table_next(const JoinTable *t, uint32_t row)
{
    return t->next[row];
}

/* Bytes held: slots, per-key and per-row arrays, key strings. */
size_t join_table_bytes(const JoinTable *t);

/* "INNER", "LEFT OUTER", ... for EXPLAIN. */
const char *join_type_name(JoinType type);

/* The common type of each pair of equality keys into types[0..n_keys):
 * the two sides must have the same type (a NULL literal takes the other
 * side's). On a mismatch fills ctx->diag and returns -1. */
int join_key_types(ExecCtx *ctx, const JoinConfig *cfg, Type *types);

/* "keys [a = b, c = d], residual (x > 1)" for EXPLAIN. */
void join_describe_on(const JoinConfig *cfg, StrBuf *out);

/* ---- output rows ----------------------------------------------------------- */

/* Evaluate key expression e over `in`: the input column itself for a
 * column reference, else into *scratch (memory in in->arena). */
const Vector *join_eval(const ExprCtx *ctx, const Expr *e, Batch *in, Vector *scratch);

/* out->cols[off + c] row k := src->cols[c] row rows[k], for c < src->n_cols,
 * k < n (strings by reference; NULL bitmaps in out->arena). */
void join_out_from_batch(Batch *out, int off, const Batch *src, const uint32_t *rows,
                         uint32_t n);
/* out->cols[off + c] row k := row rows[k] of rs (strings point into rs). */
void join_out_from_store(Batch *out, int off, const RowStore *rs, const uint32_t *rows,
                         uint32_t n);
/* out->cols[off .. off + n_cols) := NULL in rows 0..n-1 (values zeroed). */
void join_out_nulls(Batch *out, int off, int n_cols, uint32_t n);

#endif
