/* agg_heap — a min-heap of (close time, id), for watermark eviction.
 *
 * Stateful operators push each group (or session) with the time at which
 * the watermark closes it; at flush they pop while the top is <= the
 * watermark, so finding what closed costs O(closed x log n) instead of a
 * scan of all state. Entries can go stale (the owner removed or moved
 * the id); owners check on pop and rebuild the heap when stale entries
 * pile up. Header-only: a handful of small functions. */
#ifndef SLUICE_AGG_HEAP_H
#define SLUICE_AGG_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../base/mem.h"

typedef struct CloseEnt {
    int64_t at;      /* closes when the watermark reaches this */
    uint32_t id;
} CloseEnt;

typedef struct CloseHeap {
    CloseEnt *e;
    size_t n, cap;
} CloseHeap;

static inline void close_heap_free(CloseHeap *h)
{
    free(h->e);
    h->e = NULL;
    h->n = h->cap = 0;
}

static inline void close_heap_sift_down(CloseHeap *h, size_t i)
{
    CloseEnt x = h->e[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n) break;
        if (c + 1 < h->n && h->e[c + 1].at < h->e[c].at) c++;
        if (h->e[c].at >= x.at) break;
        h->e[i] = h->e[c];
        i = c;
    }
    h->e[i] = x;
}

static inline void close_heap_push(CloseHeap *h, int64_t at, uint32_t id)
{
    h->e = xgrow(h->e, &h->cap, h->n + 1, sizeof(CloseEnt));
    size_t i = h->n++;
    while (i > 0 && h->e[(i - 1) / 2].at > at) {
        h->e[i] = h->e[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->e[i] = (CloseEnt){at, id};
}

/* True and the top entry in *out (removed) if the top closes at <= mark. */
static inline bool close_heap_pop_le(CloseHeap *h, int64_t mark, CloseEnt *out)
{
    if (h->n == 0 || h->e[0].at > mark) return false;
    *out = h->e[0];
    h->e[0] = h->e[--h->n];
    if (h->n) close_heap_sift_down(h, 0);
    return true;
}

/* Restore the heap order after the owner rewrote e[0..n) wholesale. */
static inline void close_heap_build(CloseHeap *h)
{
    for (size_t i = h->n / 2; i-- > 0;) close_heap_sift_down(h, i);
}

#endif
