/* distinct_set — which values each group has seen, for count(DISTINCT x)
 * and friends: one open-addressing set of (group id, value) pairs, with
 * the string values copied into an arena of its own. Groups are the ids
 * of an AggTable (remapped after its compaction). */
#ifndef SLUICE_DISTINCT_SET_H
#define SLUICE_DISTINCT_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/base/batch.h"
#include "engine/base/types.h"
#include "agg_table.h"

typedef struct DistinctSet DistinctSet;

DistinctSet *distinct_new(Type t);
void distinct_free(DistinctSet *s);
/* Of the pairs (rows[k], gids[k]), k < n, keep those whose value in v is
 * non-NULL and was not seen before for that group (and remember it):
 * compacts rows and gids in place, returns how many remain. */
uint32_t distinct_filter(DistinctSet *s, const Vector *v, uint32_t *rows,
                         uint32_t *gids, uint32_t n);
/* After agg_table_compact: drop the values of removed groups, renumber the
 * rest by map. */
void distinct_remap(DistinctSet *s, const uint32_t *map);
void distinct_clear(DistinctSet *s);

/* Values moved by distinct_merge: group and value bits (fixed-width key
 * bits; for TEXT the string pointer). Zero-initialise; the arrays grow as
 * needed and the caller frees them. */
typedef struct DistinctMoved {
    uint32_t *gids;
    uint64_t *bits;
    size_t n, cap;
} DistinctMoved;
/* Re-file the values of every group g < n_groups with fwd[g] != g under
 * group fwd[g] (which must map to itself); a value fwd[g] already had is
 * dropped, the others are appended to *moved. One pass over the set. */
void distinct_merge(DistinctSet *s, const uint32_t *fwd, uint32_t n_groups,
                    DistinctMoved *moved);
size_t distinct_bytes(const DistinctSet *s);

#endif
