/* Unit tests: RowStore (row copies that outlive their batch) and StrHeap. */
#include <criterion/criterion.h>

#include "capture.h"
#include "engine/state/rowstore.h"

static const Type types3[] = {TYPE_INT64, TYPE_TEXT, TYPE_DOUBLE};

static char *row_text(const RowStore *rs, size_t r)
{
    StrBuf sb = STRBUF_INIT;
    for (int c = 0; c < rs->n_cols; c++) {
        if (c) sb_putc(&sb, ',');
        Value v = rowstore_get(rs, r, c);
        value_format(&v, &sb);
    }
    return sb_take(&sb);
}

Test(rowstore, append_survives_batch_reset)
{
    Arena *a = arena_new();
    RowStore *rs = rowstore_new(types3, 3);
    Batch *b = tb_new(a, 3, types3);
    ROW(b, I(1), S("one"), D(1.5));
    ROW(b, NUL(TYPE_INT64), S("two"), NUL(TYPE_DOUBLE));
    ROW(b, I(3), NUL(TYPE_TEXT), D(-2));
    rowstore_append(rs, b);
    arena_reset(a);                       /* the batch and its strings are gone */
    void *junk = arena_alloc(a, 4096);
    memset(junk, 'X', 4096);
    cr_assert_eq(rowstore_count(rs), 3);
    const char *want[] = {"1,one,1.5", "NULL,two,NULL", "3,NULL,-2.0"};
    for (size_t r = 0; r < 3; r++) {
        char *s = row_text(rs, r);
        cr_expect_str_eq(s, want[r]);
        free(s);
    }
    cr_expect(rowstore_is_null(rs, 1, 0));
    cr_expect(!rowstore_is_null(rs, 1, 1));
    rowstore_free(rs);
    arena_free(a);
}

Test(rowstore, selection_and_fill_round_trip)
{
    Arena *a = arena_new(), *oa = arena_new();
    RowStore *rs = rowstore_new(types3, 3);
    Batch *b = tb_new(a, 3, types3);
    char name[32];
    for (int i = 0; i < 10; i++) {
        snprintf(name, sizeof name, "s%d", i);
        if (i % 4 == 3) ROW(b, I(i), NUL(TYPE_TEXT), D(i));
        else ROW(b, I(i), S(name), D(i));
    }
    uint32_t sel[] = {1, 3, 8};
    b->sel = sel;
    b->n_sel = 3;
    rowstore_append(rs, b);
    cr_assert_eq(rowstore_count(rs), 3);

    Batch *out = batch_new(oa, types3, 3);
    uint32_t order[] = {2, 0, 1, 1};
    rowstore_fill(rs, order, 4, out);
    cr_assert_eq(out->n_rows, 4);
    cr_assert_eq(out->n_sel, 4);
    cr_assert_null(out->sel);
    Value v = vec_get(&out->cols[1], 0);
    cr_expect(!v.is_null && v.s.len == 2 && memcmp(v.s.ptr, "s8", 2) == 0);
    cr_expect(vec_is_null(&out->cols[1], 2));
    cr_expect(vec_is_null(&out->cols[1], 3));
    cr_expect_eq(vec_get(&out->cols[0], 1).i, 1);
    cr_expect_eq(vec_get(&out->cols[2], 3).d, 3.0);
    cr_expect_gt(rowstore_bytes(rs), 0);

    rowstore_clear(rs);
    cr_expect_eq(rowstore_count(rs), 0);
    rowstore_free(rs);
    arena_free(a);
    arena_free(oa);
}

Test(rowstore, many_rows_and_const_vectors)
{
    static const Type t2[] = {TYPE_BOOL, TYPE_TIMESTAMP};
    Arena *a = arena_new();
    RowStore *rs = rowstore_new(t2, 2);
    for (int round = 0; round < 50; round++) {
        Batch *b = tb_new(a, 2, t2);
        for (int i = 0; i < 1000; i++) ROW(b, B(i & 1), TS(round * 1000 + i));
        b->cols[0].is_const = true;         /* every row: the value of row 0 */
        rowstore_append(rs, b);
        arena_reset(a);
    }
    cr_assert_eq(rowstore_count(rs), 50000);
    for (size_t r = 0; r < 50000; r += 997) {
        Value v0 = rowstore_get(rs, r, 0), v1 = rowstore_get(rs, r, 1);
        cr_expect_eq(v0.b, false);
        cr_expect_eq(v1.i, (int64_t)r);
        cr_expect_eq(v1.type, TYPE_TIMESTAMP);
    }
    rowstore_free(rs);
    arena_free(a);
}

Test(rowstore, strheap_packs_small_strings)
{
    Arena *a = arena_new();
    StrHeap h;
    strheap_init(&h, a);
    Str s1 = strheap_copy(&h, (Str){"abc", 3});
    Str s2 = strheap_copy(&h, (Str){"de", 2});
    Str s0 = strheap_copy(&h, (Str){NULL, 0});
    cr_expect_eq(s2.ptr, s1.ptr + 3);
    cr_expect_eq(s0.len, 0);
    char big[20000];
    memset(big, 'b', sizeof big);
    Str s3 = strheap_copy(&h, (Str){big, sizeof big});
    cr_expect(memcmp(s3.ptr, big, sizeof big) == 0);
    cr_expect(memcmp(s1.ptr, "abc", 3) == 0);
    arena_free(a);
}
