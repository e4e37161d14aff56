/* agg_table — the group table of hash aggregation, and distinct-value sets.
 *
 * AggTable maps a group key (0..64 columns of any type; NULL is a value,
 * equal to NULL) to a dense group id. Ids are handed out in first-seen
 * order, so iterating 0..size-1 visits groups in the order they appeared;
 * the aggregate keeps its per-group state in arrays indexed by that id.
 *
 * Probing is a batch at a time: the key vectors are normalised into dense
 * per-column arrays (doubles canonicalised so -0.0 = 0.0 and NaN = NaN),
 * hashed column by column, then every row finds or inserts its group.
 * Keys are copied into an arena of the table's own; the full hash is
 * cached per group.
 *
 * Groups are partitioned by the value of one fixed-width key column (the
 * window end of a windowed aggregation; none: one partition): each
 * partition is an open-addressing table of its own (linear probing,
 * 8-byte slots holding a 32-bit hash tag and the group id, load <= 0.7,
 * removal by backward shift, so no tombstones). The groups a row can
 * meet are those of its window, so the slots probed stay small and warm
 * in cache however many windows a micro-batch holds, and a partition
 * whose last group is removed is dropped whole.
 *
 * Removing a group leaves a hole in the id space; when holes outnumber
 * live groups the owner calls agg_table_compact(), which renumbers the
 * live groups (keeping their order) and moves the key strings to a fresh
 * arena, so removal is amortised O(1) and memory follows the live groups.
 * (The distinct values per group live in distinct_set.h.) */
#ifndef SLUICE_AGG_TABLE_H
#define SLUICE_AGG_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/base/batch.h"
#include "engine/base/types.h"

#define AGG_MAX_KEYS 64
#define AGG_GROUP_NONE UINT32_MAX     /* in compaction maps: a removed group */

typedef struct AggTable AggTable;

/* A table for keys of these types (n_keys <= AGG_MAX_KEYS; 0 = one global
 * group), partitioned by key column part_col if it is fixed-width (-1:
 * not partitioned). Bit c of same_in_part: key column c has one value in
 * a partition (part_col itself, a window start beside its end), so it is
 * neither hashed nor compared. Free with agg_table_free. */
AggTable *agg_table_new(const Type *key_types, int n_keys, int part_col, uint64_t same_in_part);
void agg_table_free(AggTable *t);

/* Find or create the group of every selected row of b. keys[c] is key
 * column c evaluated over b (indexed by physical row; is_const allowed).
 * gids[k] receives the group of the k-th selected row. New groups get ids
 * size..size+created-1; returns `created`. */
uint32_t agg_table_probe(AggTable *t, const Batch *b, const Vector *const *keys,
                         uint32_t *gids);

/* Group ids in use are 0..size-1; some may have been removed. */
uint32_t agg_table_size(const AggTable *t);
uint32_t agg_table_live(const AggTable *t);
bool agg_table_is_live(const AggTable *t, uint32_t g);

/* Key column c of group g (TEXT points into the table: valid until the
 * next compact/clear). */
Value agg_table_key(const AggTable *t, uint32_t g, int c);
/* Write the keys of groups gids[0..n) as rows 0..n-1 of out->cols[0..n_keys)
 * (n <= BATCH_CAP; NULL bitmaps in out->arena, strings by reference). */
void agg_table_emit_keys(const AggTable *t, const uint32_t *gids, uint32_t n,
                         Batch *out);

/* Remove a live group: its id becomes a hole until compaction. */
void agg_table_remove(AggTable *t, uint32_t g);
/* The groups of a partitioned table whose partition value is <= limit
 * (NULL values excluded), ordered by that value and then by id (first
 * seen): written to *ids (grown as needed, *cap its room); returns how
 * many. A window's groups are closed by the watermark this way. */
size_t agg_table_closed(AggTable *t, int64_t limit, uint32_t **ids, size_t *cap);
/* Remove the live groups among gids[0..n) (cheaper than one at a time:
 * a partition left empty is dropped whole, others are rebuilt once). */
void agg_table_remove_many(AggTable *t, const uint32_t *gids, size_t n);
/* True when enough groups were removed that compaction pays. */
bool agg_table_wants_compact(const AggTable *t);
/* Renumber the live groups 0..live-1 in their order. map (room for size
 * entries) receives each old id's new id, or AGG_GROUP_NONE if removed;
 * new ids never exceed old ones, so owners can compact their arrays in
 * place walking upwards. Returns the new size (= live). */
uint32_t agg_table_compact(AggTable *t, uint32_t *map);
/* Remove every group (ids restart at 0). */
void agg_table_clear(AggTable *t);

/* Bytes held: slots, per-group arrays, key strings. */
size_t agg_table_bytes(const AggTable *t);

#endif
