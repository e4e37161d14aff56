/* agg_heap — which groups (or sessions) close at which time, for
 * watermark eviction.
 *
 * Stateful operators register each group with the time at which the
 * watermark closes it; at flush they pop every id whose time is <= the
 * watermark. Close times repeat a lot (every group of a window shares its
 * end), so ids are kept in buckets, one per distinct time, in a sorted
 * array: registering is an append to the bucket of the last time used
 * (found again by binary search otherwise), popping walks the front
 * buckets. Both cost O(1) per id for the common in-order case, where a
 * heap of one entry per group cost O(log n) cache misses. Entries can go
 * stale (the owner removed or renumbered the id); owners check on pop and
 * remap after compaction. Header-only: a handful of small functions. */
#ifndef SLUICE_AGG_HEAP_H
#define SLUICE_AGG_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/base/mem.h"

typedef struct CloseEnt {
    int64_t at;      /* closes when the watermark reaches this */
    uint32_t id;
} CloseEnt;

typedef struct CloseBucket {
    int64_t at;
    uint32_t *ids;
    size_t n, cap;
    size_t next;     /* ids before this one were popped */
} CloseBucket;

typedef struct CloseHeap {
    CloseBucket *b;  /* buckets [head, n) by ascending time */
    size_t head, n, cap;
    size_t last;     /* the bucket of the last push (a hint) */
    size_t ids;      /* registered ids not yet popped */
    size_t ids_cap;  /* the buckets' cap summed (metrics, read after
                        every chunk by memory_limit, must not walk them) */
} CloseHeap;

static inline void close_heap_free(CloseHeap *h)
{
    for (size_t i = 0; i < h->n; i++) free(h->b[i].ids);
    free(h->b);
    memset(h, 0, sizeof *h);
}

/* Forget every entry (keeps no memory). */
static inline void close_heap_clear(CloseHeap *h)
{
    close_heap_free(h);
}

/* The index of the bucket for `at`, created if missing. */
static inline size_t close_heap_bucket(CloseHeap *h, int64_t at)
{
    if (h->last >= h->head && h->last < h->n && h->b[h->last].at == at) return h->last;
    size_t lo = h->head, hi = h->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->b[mid].at < at) lo = mid + 1;
        else hi = mid;
    }
    if (lo == h->n || h->b[lo].at != at) {
        if (h->head > 0 && h->head * 2 >= h->n) {
            /* The popped prefix dominates: slide the live buckets down, so
             * the array holds the open times, not every time ever seen. */
            size_t live = h->n - h->head;
            memmove(h->b, h->b + h->head, sizeof(CloseBucket) * live);
            lo -= h->head;
            h->n = live;
            h->head = 0;
        }
        h->b = xgrow(h->b, &h->cap, h->n + 1, sizeof(CloseBucket));
        memmove(&h->b[lo + 1], &h->b[lo], sizeof(CloseBucket) * (h->n - lo));
        h->b[lo] = (CloseBucket){.at = at};
        h->n++;
    }
    return h->last = lo;
}

static inline void close_heap_push(CloseHeap *h, int64_t at, uint32_t id)
{
    size_t i = close_heap_bucket(h, at);     /* may move h->b */
    CloseBucket *b = &h->b[i];
    size_t before = b->cap;
    b->ids = xgrow(b->ids, &b->cap, b->n + 1, sizeof(uint32_t));
    h->ids_cap += b->cap - before;
    b->ids[b->n++] = id;
    h->ids++;
}

/* True and the next entry closing at <= mark in *out (removed). */
static inline bool close_heap_pop_le(CloseHeap *h, int64_t mark, CloseEnt *out)
{
    while (h->head < h->n && h->b[h->head].at <= mark) {
        CloseBucket *b = &h->b[h->head];
        if (b->next < b->n) {
            *out = (CloseEnt){b->at, b->ids[b->next++]};
            h->ids--;
            return true;
        }
        free(b->ids);
        h->ids_cap -= b->cap;
        *b = (CloseBucket){0};
        h->head++;
    }
    return false;
}

/* After the owner renumbered its ids (map[old] = new, or a value >= limit
 * for a dropped id): rewrite every bucket. */
static inline void close_heap_remap(CloseHeap *h, const uint32_t *map, uint32_t old, uint32_t none)
{
    h->ids = 0;
    for (size_t i = h->head; i < h->n; i++) {
        CloseBucket *b = &h->b[i];
        size_t j = 0;
        for (size_t k = b->next; k < b->n; k++) {
            uint32_t g = b->ids[k];
            if (g < old && map[g] != none) b->ids[j++] = map[g];
        }
        b->n = j;
        b->next = 0;
        h->ids += j;
    }
}

/* Memory held, for state metrics. */
static inline size_t close_heap_bytes(const CloseHeap *h)
{
    return h->cap * sizeof(CloseBucket) + h->ids_cap * sizeof(uint32_t);
}

#endif
