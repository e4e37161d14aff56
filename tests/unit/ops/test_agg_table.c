/* Unit tests: AggTable (group ids, NULL keys, growth, removal and
 * compaction) and DistinctSet. */
#include <criterion/criterion.h>

#include "capture.h"
#include "engine/state/agg_table.h"
#include "engine/state/distinct_set.h"

static const Vector *const *keys_of(const Batch *b, const Vector **buf)
{
    for (int c = 0; c < b->n_cols; c++) buf[c] = &b->cols[c];
    return buf;
}

static uint32_t probe(AggTable *t, const Batch *b, uint32_t *gids)
{
    const Vector *k[8];
    return agg_table_probe(t, b, keys_of(b, k), gids);
}

Test(agg_table, groups_in_first_seen_order_with_nulls)
{
    static const Type ty[] = {TYPE_TEXT, TYPE_INT64};
    Arena *a = arena_new();
    AggTable *t = agg_table_new(ty, 2, -1, 0);
    Batch *b = tb_new(a, 2, ty);
    ROW(b, S("x"), I(1));
    ROW(b, NUL(TYPE_TEXT), I(1));
    ROW(b, S("x"), I(1));
    ROW(b, NUL(TYPE_TEXT), NUL(TYPE_INT64));
    ROW(b, S(""), I(1));                    /* '' is not NULL */
    ROW(b, NUL(TYPE_TEXT), NUL(TYPE_INT64));
    ROW(b, S("x"), I(0));                   /* 0 is not NULL */
    uint32_t g[8];
    cr_assert_eq(probe(t, b, g), 5);
    uint32_t want[] = {0, 1, 0, 2, 3, 2, 4};
    for (int i = 0; i < 7; i++) cr_expect_eq(g[i], want[i], "row %d", i);

    arena_reset(a);                         /* keys must survive */
    b = tb_new(a, 2, ty);
    ROW(b, S("x"), I(0));
    ROW(b, S("new"), I(9));
    ROW(b, NUL(TYPE_TEXT), I(1));
    cr_assert_eq(probe(t, b, g), 1);
    cr_expect_eq(g[0], 4);
    cr_expect_eq(g[1], 5);
    cr_expect_eq(g[2], 1);
    Value v = agg_table_key(t, 0, 0);
    cr_expect(v.s.len == 1 && v.s.ptr[0] == 'x');
    cr_expect(agg_table_key(t, 1, 0).is_null);
    cr_expect_eq(agg_table_key(t, 5, 1).i, 9);
    cr_expect_eq(agg_table_live(t), 6);
    agg_table_free(t);
    arena_free(a);
}

Test(agg_table, doubles_bools_and_selection)
{
    static const Type ty[] = {TYPE_DOUBLE, TYPE_BOOL};
    Arena *a = arena_new();
    AggTable *t = agg_table_new(ty, 2, -1, 0);
    Batch *b = tb_new(a, 2, ty);
    ROW(b, D(0.0), B(true));
    ROW(b, D(-0.0), B(true));               /* groups with 0.0 */
    ROW(b, D(0.0 / 0.0), B(false));
    ROW(b, D(-(0.0 / 0.0)), B(false));      /* NaN = NaN */
    ROW(b, D(1.5), B(false));
    uint32_t sel[] = {0, 1, 3, 4};
    b->sel = sel;
    b->n_sel = 4;
    uint32_t g[8];
    cr_assert_eq(probe(t, b, g), 3);
    cr_expect_eq(g[0], 0);
    cr_expect_eq(g[1], 0);
    cr_expect_eq(g[2], 1);
    cr_expect_eq(g[3], 2);

    /* Emitting keys into a batch. */
    Arena *oa = arena_new();
    Batch *out = batch_new(oa, ty, 2);
    batch_clear(out);
    uint32_t gl[] = {2, 0};
    agg_table_emit_keys(t, gl, 2, out);
    cr_expect_eq(VEC_F64(&out->cols[0])[0], 1.5);
    cr_expect_eq(VEC_BOOL(&out->cols[1])[1], 1);
    agg_table_free(t);
    arena_free(a);
    arena_free(oa);
}

Test(agg_table, const_key_vectors_and_no_keys)
{
    static const Type ty[] = {TYPE_INT64};
    Arena *a = arena_new();
    AggTable *t = agg_table_new(ty, 1, -1, 0);
    Batch *b = tb_new(a, 1, ty);
    for (int i = 0; i < 5; i++) ROW(b, I(i));
    b->cols[0].is_const = true;
    uint32_t g[8];
    cr_expect_eq(probe(t, b, g), 1);
    for (int i = 0; i < 5; i++) cr_expect_eq(g[i], 0);
    agg_table_free(t);

    AggTable *global = agg_table_new(NULL, 0, -1, 0);
    cr_expect_eq(agg_table_probe(global, b, NULL, g), 1);
    cr_expect_eq(agg_table_probe(global, b, NULL, g), 0);
    cr_expect_eq(g[4], 0);
    agg_table_free(global);
    arena_free(a);
}

/* 100k distinct text+int keys over many batches, each seen 3 times; ids
 * must match a reference numbering. */
Test(agg_table, growth_matches_reference)
{
    static const Type ty[] = {TYPE_TEXT, TYPE_INT64};
    enum { N = 100000 };
    Arena *a = arena_new();
    AggTable *t = agg_table_new(ty, 2, -1, 0);
    char buf[32];
    uint32_t g[BATCH_CAP];
    for (int pass = 0; pass < 3; pass++) {
        for (int base = 0; base < N; base += 2000) {
            Batch *b = tb_new(a, 2, ty);
            for (int i = base; i < base + 2000; i++) {
                int key = (int)(((int64_t)i * 7919) % N);   /* a permutation */
                snprintf(buf, sizeof buf, "k%d", key % 1000);
                ROW(b, S(buf), I(key / 1000));
            }
            probe(t, b, g);
            for (int i = base; i < base + 2000; i++) {
                /* First pass numbers keys in order of appearance: i. */
                cr_assert_eq(g[i - base], (uint32_t)i, "pass %d row %d", pass, i);
            }
            arena_reset(a);
        }
    }
    cr_expect_eq(agg_table_live(t), N);
    agg_table_free(t);
    arena_free(a);
}

Test(agg_table, remove_compact_and_reinsert)
{
    static const Type ty[] = {TYPE_TEXT};
    Arena *a = arena_new();
    AggTable *t = agg_table_new(ty, 1, -1, 0);
    char buf[32];
    uint32_t g[BATCH_CAP];
    uint32_t *map = NULL;
    /* Rounds of 1000 keys where each round removes the previous round's
     * keys: tombstones and compaction, never more than 2000 live. */
    for (int round = 0; round < 200; round++) {
        Batch *b = tb_new(a, 1, ty);
        for (int i = 0; i < 1000; i++) {
            snprintf(buf, sizeof buf, "r%d-%d", round % 3, i);
            ROW(b, S(buf));
        }
        uint32_t before = agg_table_size(t);
        cr_assert_eq(probe(t, b, g), 1000, "round %d", round);
        for (int i = 0; i < 1000; i++) cr_assert_eq(g[i], before + (uint32_t)i);
        arena_reset(a);
        for (uint32_t x = 0; x < before; x++)
            if (agg_table_is_live(t, x)) agg_table_remove(t, x);
        if (agg_table_wants_compact(t)) {
            map = realloc(map, sizeof(uint32_t) * agg_table_size(t));
            uint32_t old = agg_table_size(t);
            uint32_t n = agg_table_compact(t, map);
            cr_assert_eq(n, 1000);
            for (uint32_t x = 0; x < old; x++)
                cr_assert_eq(map[x], x < old - 1000 ? AGG_GROUP_NONE : x - (old - 1000));
            Value v = agg_table_key(t, 999, 0);
            snprintf(buf, sizeof buf, "r%d-999", round % 3);
            cr_assert(v.s.len == strlen(buf) && memcmp(v.s.ptr, buf, v.s.len) == 0);
        }
        cr_assert_eq(agg_table_live(t), 1000);
        cr_assert_leq(agg_table_size(t), 2000);
    }
    /* Removed keys come back as new groups; live ones are found. */
    Batch *b = tb_new(a, 1, ty);
    ROW(b, S("r1-5"));          /* round 199 used r1: live */
    ROW(b, S("r0-5"));          /* removed */
    uint32_t size = agg_table_size(t);
    cr_expect_eq(probe(t, b, g), 1);
    cr_expect_lt(g[0], size);
    cr_expect_eq(g[1], size);
    cr_expect_lt(agg_table_bytes(t), 1u << 20);
    agg_table_clear(t);
    cr_expect_eq(agg_table_size(t), 0);
    cr_expect_eq(probe(t, b, g), 2);
    free(map);
    agg_table_free(t);
    arena_free(a);
}

/* Partitioned by the window column (key 0): groups of many windows, one
 * at a time or removed in bulk; the rest must still be found (removal
 * shifts slots back), ids and keys must survive compaction. */
Test(agg_table, partitions_remove_and_find)
{
    static const Type ty[] = {TYPE_INT64, TYPE_TEXT};
    enum { WINDOWS = 40, KEYS = 700 };
    Arena *a = arena_new();
    AggTable *t = agg_table_new(ty, 2, 0, 1);
    char buf[32];
    uint32_t g[BATCH_CAP], id[WINDOWS][KEYS];
    for (int w = 0; w < WINDOWS; w++) {
        for (int base = 0; base < KEYS; base += 350) {
            Batch *b = tb_new(a, 2, ty);
            for (int k = base; k < base + 350; k++) {
                snprintf(buf, sizeof buf, "k%d", (k * 37) % KEYS);
                ROW(b, I(w * 10), S(buf));
            }
            probe(t, b, g);
            for (int k = base; k < base + 350; k++) id[w][k] = g[k - base];
            arena_reset(a);
        }
    }
    cr_assert_eq(agg_table_live(t), WINDOWS * KEYS);
    /* Even windows: every third group removed alone; odd: all in bulk. */
    for (int w = 0; w < WINDOWS; w++) {
        if (w % 2 == 0) {
            for (int k = 0; k < KEYS; k += 3) agg_table_remove(t, id[w][k]);
        } else {
            agg_table_remove_many(t, id[w], KEYS);
        }
    }
    cr_assert_eq(agg_table_live(t), (WINDOWS / 2) * (KEYS - (KEYS + 2) / 3));
    uint32_t *map = malloc(sizeof(uint32_t) * agg_table_size(t));
    agg_table_compact(t, map);
    /* Probe everything again: survivors keep their (renumbered) group,
     * removed ones come back as new groups. */
    uint32_t size = agg_table_size(t);
    for (int w = 0; w < WINDOWS; w++) {
        Batch *b = tb_new(a, 2, ty);
        for (int k = 0; k < KEYS; k++) {
            snprintf(buf, sizeof buf, "k%d", (k * 37) % KEYS);
            ROW(b, I(w * 10), S(buf));
        }
        probe(t, b, g);
        for (int k = 0; k < KEYS; k++) {
            bool survived = w % 2 == 0 && k % 3 != 0;
            if (survived) {
                cr_assert_eq(g[k], map[id[w][k]], "window %d key %d", w, k);
                cr_assert_eq(agg_table_key(t, g[k], 0).i, w * 10);
            } else {
                cr_assert_geq(g[k], size, "window %d key %d", w, k);
            }
        }
        arena_reset(a);
    }
    cr_assert_eq(agg_table_live(t), WINDOWS * KEYS);
    free(map);
    agg_table_free(t);
    arena_free(a);
}

/* Columns that are not compared within a partition (the partition column
 * and a window start beside it): NULL still differs from 0, and equal
 * keys of different partitions are different groups. */
Test(agg_table, unmatched_partition_columns)
{
    static const Type ty[] = {TYPE_INT64, TYPE_INT64, TYPE_TEXT};
    Arena *a = arena_new();
    AggTable *t = agg_table_new(ty, 3, 1, 3);     /* end = partition, start follows */
    Batch *b = tb_new(a, 3, ty);
    ROW(b, I(0), I(10), S("k"));
    ROW(b, I(10), I(20), S("k"));
    ROW(b, NUL(TYPE_INT64), NUL(TYPE_INT64), S("k"));
    ROW(b, I(0), I(0), S("k"));
    ROW(b, I(10), I(20), S("k"));
    ROW(b, NUL(TYPE_INT64), NUL(TYPE_INT64), S("k"));
    uint32_t g[8];
    cr_assert_eq(probe(t, b, g), 4);
    uint32_t want[] = {0, 1, 2, 3, 1, 2};
    for (int i = 0; i < 6; i++) cr_expect_eq(g[i], want[i], "row %d", i);
    cr_expect_eq(agg_table_key(t, 1, 0).i, 10);
    cr_expect(agg_table_key(t, 2, 1).is_null);
    agg_table_free(t);
    arena_free(a);
}

/* Closing by partition: groups whose partition value is <= the limit, by
 * value then first seen; NULL partition keys (which share 0's partition)
 * never close; removed groups are not listed, also after compaction. */
Test(agg_table, closed_groups_by_partition)
{
    static const Type ty[] = {TYPE_INT64, TYPE_TEXT};
    Arena *a = arena_new();
    AggTable *t = agg_table_new(ty, 2, 0, 1);
    Batch *b = tb_new(a, 2, ty);
    ROW(b, I(20), S("a"));                  /* 0 */
    ROW(b, I(10), S("b"));                  /* 1 */
    ROW(b, NUL(TYPE_INT64), S("c"));        /* 2 */
    ROW(b, I(0), S("d"));                   /* 3 */
    ROW(b, I(10), S("e"));                  /* 4 */
    ROW(b, I(30), S("f"));                  /* 5 */
    uint32_t g[8];
    cr_assert_eq(probe(t, b, g), 6);
    uint32_t *ids = NULL;
    size_t cap = 0;
    size_t n = agg_table_closed(t, 20, &ids, &cap);
    uint32_t want[] = {3, 1, 4, 0};
    cr_assert_eq(n, 4);
    for (size_t i = 0; i < n; i++) cr_expect_eq(ids[i], want[i], "position %zu", i);

    agg_table_remove(t, 1);                 /* then compact: ids move down */
    uint32_t map[8];
    agg_table_compact(t, map);
    n = agg_table_closed(t, 10, &ids, &cap);
    cr_assert_eq(n, 2);
    cr_expect_eq(ids[0], map[3]);
    cr_expect_eq(ids[1], map[4]);
    agg_table_remove_many(t, ids, n);
    cr_expect_eq(agg_table_closed(t, 10, &ids, &cap), 0);
    cr_expect_eq(agg_table_live(t), 3);     /* a, the NULL one, f */
    free(ids);
    agg_table_free(t);
    arena_free(a);
}

Test(distinct, filters_per_group_and_remaps)
{
    static const Type ty[] = {TYPE_TEXT};
    Arena *a = arena_new();
    DistinctSet *s = distinct_new(TYPE_TEXT);
    Batch *b = tb_new(a, 1, ty);
    ROW(b, S("a"));
    ROW(b, S("a"));
    ROW(b, NUL(TYPE_TEXT));
    ROW(b, S("b"));
    ROW(b, S("a"));
    uint32_t rows[] = {0, 1, 2, 3, 4};
    uint32_t gids[] = {0, 0, 0, 0, 1};
    uint32_t n = distinct_filter(s, &b->cols[0], rows, gids, 5);
    cr_assert_eq(n, 3);
    cr_expect_eq(rows[0], 0);
    cr_expect_eq(rows[1], 3);
    cr_expect_eq(rows[2], 4);
    cr_expect_eq(gids[2], 1);
    arena_reset(a);

    uint32_t map[] = {AGG_GROUP_NONE, 0};
    distinct_remap(s, map);              /* group 0 gone, group 1 is now 0 */
    b = tb_new(a, 1, ty);
    ROW(b, S("a"));
    ROW(b, S("b"));
    uint32_t rows2[] = {0, 1}, gids2[] = {0, 0};
    n = distinct_filter(s, &b->cols[0], rows2, gids2, 2);
    cr_assert_eq(n, 1);
    cr_expect_eq(rows2[0], 1);

    /* Many values grow the set. */
    DistinctSet *si = distinct_new(TYPE_INT64);
    static const Type ti[] = {TYPE_INT64};
    int64_t total = 0;
    for (int round = 0; round < 20; round++) {
        arena_reset(a);
        Batch *bi = tb_new(a, 1, ti);
        uint32_t r[1000], gg[1000];
        for (int i = 0; i < 1000; i++) {
            ROW(bi, I((round * 1000 + i) % 5000));
            r[i] = (uint32_t)i;
            gg[i] = (uint32_t)(i % 2);
        }
        total += distinct_filter(si, &bi->cols[0], r, gg, 1000);
    }
    cr_expect_eq(total, 5000);   /* value v always lands in group v % 2 */
    cr_expect_gt(distinct_bytes(si), 0);
    distinct_clear(si);
    distinct_free(si);
    distinct_free(s);
    arena_free(a);
}
