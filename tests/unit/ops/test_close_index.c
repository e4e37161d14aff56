/* Unit tests: the close index (agg_heap.h) — ids popped by close time,
 * and memory that follows the open times, not every time ever seen. */
#include <criterion/criterion.h>

#include "engine/state/agg_heap.h"

Test(close_index, pops_in_time_order_then_first_seen)
{
    CloseHeap h = {0};
    close_heap_push(&h, 30, 1);
    close_heap_push(&h, 10, 2);
    close_heap_push(&h, 30, 3);
    close_heap_push(&h, 20, 4);
    CloseEnt e;
    uint32_t got[4];
    int n = 0;
    while (close_heap_pop_le(&h, 25, &e)) got[n++] = e.id;
    cr_assert_eq(n, 2);
    cr_assert_eq(got[0], 2);
    cr_assert_eq(got[1], 4);
    while (close_heap_pop_le(&h, 30, &e)) got[n++] = e.id;
    cr_assert_eq(n, 4);
    cr_assert_eq(got[2], 1);
    cr_assert_eq(got[3], 3);
    close_heap_free(&h);
}

Test(close_index, memory_stays_bounded_by_open_times)
{
    /* A session-like pattern: every id closes at its own time, times grow,
     * and the watermark keeps closing all but the last 100. */
    CloseHeap h = {0};
    CloseEnt e;
    size_t peak_small = 0;
    for (uint32_t i = 0; i < 200000; i++) {
        close_heap_push(&h, (int64_t)i, i);
        while (i >= 100 && close_heap_pop_le(&h, (int64_t)(i - 100), &e)) {}
        if (i == 1000) peak_small = close_heap_bytes(&h);
    }
    cr_assert_leq(close_heap_bytes(&h), peak_small * 4, "%zu vs %zu", close_heap_bytes(&h), peak_small);
    cr_assert_lt(h.n, 1000);
    close_heap_free(&h);
}

Test(close_index, remap_follows_renumbering_and_drops)
{
    CloseHeap h = {0};
    close_heap_push(&h, 5, 0);
    close_heap_push(&h, 5, 1);
    close_heap_push(&h, 7, 2);
    uint32_t map[3] = {UINT32_MAX, 0, 1};
    close_heap_remap(&h, map, 3, UINT32_MAX);
    CloseEnt e;
    cr_assert(close_heap_pop_le(&h, 10, &e));
    cr_assert_eq(e.id, 0);
    cr_assert(close_heap_pop_le(&h, 10, &e));
    cr_assert_eq(e.id, 1);
    cr_assert_not(close_heap_pop_le(&h, 10, &e));
    close_heap_free(&h);
}
