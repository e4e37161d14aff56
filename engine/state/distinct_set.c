/* distinct_set — the values seen per group, for count(DISTINCT x) and
 * friends (see distinct_set.h). */
#include "distinct_set.h"

#include <stdlib.h>
#include <string.h>

#include "engine/base/arena.h"
#include "engine/base/mem.h"
#include "key_hash.h"
#include "rowstore.h"

#define DS_EMPTY UINT32_MAX       /* a free slot */
enum { DS_MIN_SLOTS = 16 };

typedef struct DEntry {
    uint64_t vhash;      /* hash of the value alone */
    uint32_t gid;        /* DS_EMPTY when free */
    uint32_t len;        /* TEXT length */
    uint64_t bits;       /* fixed-width bits, or the TEXT pointer */
} DEntry;

struct DistinctSet {
    bool text;
    DEntry *e;
    uint32_t n_slots, count;
    Arena *arena;
    StrHeap strings;
};

DistinctSet *distinct_new(Type t)
{
    DistinctSet *s = xcalloc(1, sizeof *s);
    s->text = t == TYPE_TEXT;
    s->n_slots = DS_MIN_SLOTS;
    s->e = xmalloc(sizeof(DEntry) * s->n_slots);
    memset(s->e, 0xff, sizeof(DEntry) * s->n_slots);
    s->arena = arena_new();
    strheap_init(&s->strings, s->arena);
    return s;
}

void distinct_free(DistinctSet *s)
{
    if (!s) return;
    free(s->e);
    arena_free(s->arena);
    free(s);
}

static inline uint32_t dslot(uint64_t vhash, uint32_t gid, uint32_t mask)
{
    return (uint32_t)fmix64(vhash ^ ((uint64_t)gid * UINT64_C(0x9e3779b97f4a7c15))) & mask;
}

static inline const char *dptr(const DEntry *e)
{
    return (const char *)(uintptr_t)e->bits;
}

static void distinct_resize(DistinctSet *s, uint32_t n_slots, const uint32_t *map)
{
    DEntry *old = s->e;
    uint32_t old_n = s->n_slots;
    s->e = xmalloc(sizeof(DEntry) * n_slots);
    memset(s->e, 0xff, sizeof(DEntry) * n_slots);
    s->n_slots = n_slots;
    s->count = 0;
    Arena *fresh = map && s->text ? arena_new() : NULL;
    StrHeap heap;
    if (fresh) strheap_init(&heap, fresh);
    for (uint32_t i = 0; i < old_n; i++) {
        DEntry d = old[i];
        if (d.gid == DS_EMPTY) continue;
        if (map) {
            if (map[d.gid] == AGG_GROUP_NONE) continue;
            d.gid = map[d.gid];
            if (fresh) {
                Str c = strheap_copy(&heap, (Str){dptr(&d), d.len});
                d.bits = (uint64_t)(uintptr_t)c.ptr;
            }
        }
        uint32_t pos = dslot(d.vhash, d.gid, n_slots - 1);
        while (s->e[pos].gid != DS_EMPTY) pos = (pos + 1) & (n_slots - 1);
        s->e[pos] = d;
        s->count++;
    }
    if (fresh) {
        arena_free(s->arena);
        s->arena = fresh;
        s->strings = heap;
    }
    free(old);
}

uint32_t distinct_filter(DistinctSet *s, const Vector *v, uint32_t *rows, uint32_t *gids,
                         uint32_t n)
{
    uint32_t out = 0;
    if (v->type == TYPE_NULL) return 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t r = v->is_const ? 0 : rows[k], g = gids[k];
        if (!valid_at(v, r)) continue;
        if ((uint64_t)(s->count + 1) * 10 > (uint64_t)s->n_slots * 7)
            distinct_resize(s, s->n_slots * 2, NULL);
        Str str = {"", 0};
        uint64_t bits = 0, vh;
        if (s->text) {
            str = VEC_STR(v)[r];
            vh = hash_bytes(str.ptr, str.len);
        } else {
            bits = fixed_bits(v, r);
            vh = fmix64(bits);
        }
        const uint32_t mask = s->n_slots - 1;
        uint32_t pos = dslot(vh, g, mask);
        bool seen = false;
        for (DEntry *e; (e = &s->e[pos])->gid != DS_EMPTY; pos = (pos + 1) & mask) {
            if (e->gid != g || e->vhash != vh) continue;
            if (s->text ? str_eq((Str){dptr(e), e->len}, str) : e->bits == bits) {
                seen = true;
                break;
            }
        }
        if (seen) continue;
        DEntry *e = &s->e[pos];
        e->vhash = vh;
        e->gid = g;
        if (s->text) {
            Str c = strheap_copy(&s->strings, str);
            e->len = c.len;
            e->bits = (uint64_t)(uintptr_t)c.ptr;
        } else {
            e->len = 0;
            e->bits = bits;
        }
        s->count++;
        rows[out] = rows[k];
        gids[out] = g;
        out++;
    }
    return out;
}

void distinct_remap(DistinctSet *s, const uint32_t *map)
{
    uint32_t n = table_slots_for(s->count);
    distinct_resize(s, n < s->n_slots ? n : s->n_slots, map);
}

static void dinsert(DistinctSet *s, DEntry d)
{
    const uint32_t mask = s->n_slots - 1;
    uint32_t pos = dslot(d.vhash, d.gid, mask);
    while (s->e[pos].gid != DS_EMPTY) pos = (pos + 1) & mask;
    s->e[pos] = d;
    s->count++;
}

static bool dcontains(const DistinctSet *s, const DEntry *d)
{
    const uint32_t mask = s->n_slots - 1;
    for (uint32_t pos = dslot(d->vhash, d->gid, mask); s->e[pos].gid != DS_EMPTY;
         pos = (pos + 1) & mask) {
        const DEntry *e = &s->e[pos];
        if (e->gid != d->gid || e->vhash != d->vhash) continue;
        if (s->text ? str_eq((Str){dptr(e), e->len}, (Str){dptr(d), d->len}) : e->bits == d->bits)
            return true;
    }
    return false;
}

void distinct_merge(DistinctSet *s, const uint32_t *fwd, uint32_t n_groups,
                    DistinctMoved *moved)
{
    DEntry *old = s->e;
    s->e = xmalloc(sizeof(DEntry) * s->n_slots);
    memset(s->e, 0xff, sizeof(DEntry) * s->n_slots);
    s->count = 0;
    /* Unmoved values first, so that moved ones see their new group whole. */
    for (uint32_t i = 0; i < s->n_slots; i++) {
        DEntry d = old[i];
        if (d.gid != DS_EMPTY && (d.gid >= n_groups || fwd[d.gid] == d.gid)) dinsert(s, d);
    }
    for (uint32_t i = 0; i < s->n_slots; i++) {
        DEntry d = old[i];
        if (d.gid == DS_EMPTY || d.gid >= n_groups || fwd[d.gid] == d.gid) continue;
        d.gid = fwd[d.gid];
        if (dcontains(s, &d)) continue;
        dinsert(s, d);
        if (moved->n == moved->cap) {
            moved->cap = moved->cap ? moved->cap * 2 : 256;
            moved->gids = xrealloc(moved->gids, moved->cap * sizeof(uint32_t));
            moved->bits = xrealloc(moved->bits, moved->cap * sizeof(uint64_t));
        }
        moved->gids[moved->n] = d.gid;
        moved->bits[moved->n++] = d.bits;
    }
    free(old);
}

void distinct_clear(DistinctSet *s)
{
    memset(s->e, 0xff, sizeof(DEntry) * s->n_slots);
    s->count = 0;
    arena_reset(s->arena);
    strheap_reset(&s->strings);
}

size_t distinct_bytes(const DistinctSet *s)
{
    return sizeof(DEntry) * s->n_slots + arena_used(s->arena);
}
