/* agg_table — group hash table and distinct sets (see agg_table.h).
 *
 * The probe path is: gather (normalise key vectors into dense per-column
 * scratch arrays, one typed loop per column), hash (one loop per column),
 * then one find-or-insert loop over the rows. Capacity for a whole batch
 * is reserved before that loop, so it never rehashes midway. */
#include "agg_table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/mem.h"
#include "key_hash.h"
#include "rowstore.h"

/* ---- the group table ----------------------------------------------------- */

enum { SLOT_EMPTY = UINT32_MAX, SLOT_TOMB = UINT32_MAX - 1, MIN_SLOTS = 16 };

typedef struct Slot {
    uint32_t tag;        /* high 32 bits of the hash */
    uint32_t gid;        /* SLOT_EMPTY, SLOT_TOMB or a group id */
} Slot;

struct AggTable {
    int n_keys;
    Type *types;
    int n_fixed, n_text;
    int *fixed_cols, *text_cols;     /* key columns by storage class */

    Slot *slots;
    uint32_t n_slots;                /* power of two */
    uint32_t used;                   /* slots not empty (live + tombstones) */

    /* Per group, indexed by id. */
    uint32_t size, live;
    size_t cap;
    uint64_t *ghash;
    uint64_t *gnull;                 /* bit c: key c is NULL */
    uint8_t *gdead;
    uint64_t **gfixed;               /* [key col] -> bits, fixed cols only */
    Str **gtext;                     /* [key col] -> string, text cols only */
    Arena *arena;                    /* key strings */
    StrHeap strings;

    /* Scratch for one batch, indexed by selected-row number. */
    uint64_t hash[BATCH_CAP];
    uint64_t knull[BATCH_CAP];
    uint64_t **kfixed;
    Str **ktext;
};

AggTable *agg_table_new(const Type *key_types, int n_keys)
{
    AggTable *t = xcalloc(1, sizeof *t);
    int n = n_keys > 0 ? n_keys : 1;
    t->n_keys = n_keys;
    t->types = xcalloc((size_t)n, sizeof(Type));
    t->fixed_cols = xcalloc((size_t)n, sizeof(int));
    t->text_cols = xcalloc((size_t)n, sizeof(int));
    t->gfixed = xcalloc((size_t)n, sizeof(uint64_t *));
    t->gtext = xcalloc((size_t)n, sizeof(Str *));
    t->kfixed = xcalloc((size_t)n, sizeof(uint64_t *));
    t->ktext = xcalloc((size_t)n, sizeof(Str *));
    for (int c = 0; c < n_keys; c++) {
        t->types[c] = key_types[c];
        if (key_types[c] == TYPE_TEXT) {
            t->text_cols[t->n_text++] = c;
            t->ktext[c] = xmalloc(sizeof(Str) * BATCH_CAP);
        } else {
            t->fixed_cols[t->n_fixed++] = c;
            t->kfixed[c] = xmalloc(sizeof(uint64_t) * BATCH_CAP);
        }
    }
    t->n_slots = MIN_SLOTS;
    t->slots = xmalloc(sizeof(Slot) * t->n_slots);
    memset(t->slots, 0xff, sizeof(Slot) * t->n_slots);
    t->arena = arena_new();
    strheap_init(&t->strings, t->arena);
    return t;
}

void agg_table_free(AggTable *t)
{
    if (!t) return;
    for (int c = 0; c < t->n_keys; c++) {
        free(t->gfixed[c]);
        free(t->gtext[c]);
        free(t->kfixed[c]);
        free(t->ktext[c]);
    }
    free(t->gfixed); free(t->gtext); free(t->kfixed); free(t->ktext);
    free(t->types); free(t->fixed_cols); free(t->text_cols);
    free(t->slots); free(t->ghash); free(t->gnull); free(t->gdead);
    arena_free(t->arena);
    free(t);
}

uint32_t agg_table_size(const AggTable *t) { return t->size; }
uint32_t agg_table_live(const AggTable *t) { return t->live; }
bool agg_table_is_live(const AggTable *t, uint32_t g) { return g < t->size && !t->gdead[g]; }

/* Rebuild the slots with n_slots slots from the cached hashes. */
static void rehash(AggTable *t, uint32_t n_slots)
{
    if (n_slots != t->n_slots) {
        free(t->slots);
        t->slots = xmalloc(sizeof(Slot) * n_slots);
        t->n_slots = n_slots;
    }
    memset(t->slots, 0xff, sizeof(Slot) * n_slots);
    const uint32_t mask = n_slots - 1;
    for (uint32_t g = 0; g < t->size; g++) {
        if (t->gdead[g]) continue;
        uint64_t h = t->ghash[g];
        uint32_t pos = (uint32_t)h & mask;
        while (t->slots[pos].gid != SLOT_EMPTY) pos = (pos + 1) & mask;
        t->slots[pos] = (Slot){(uint32_t)(h >> 32), g};
    }
    t->used = t->live;
}

static uint32_t slots_for(size_t groups)
{
    size_t n = MIN_SLOTS;
    while (n < groups * 2) n *= 2;       /* load <= 1/2 after a rebuild */
    if (n > (size_t)1 << 31) n = (size_t)1 << 31;
    return (uint32_t)n;
}

/* Make room for `extra` insertions at load <= 0.7 without rehashing. */
static void reserve(AggTable *t, uint32_t extra)
{
    if ((uint64_t)(t->used + extra) * 10 <= (uint64_t)t->n_slots * 7) return;
    uint32_t n = slots_for((size_t)t->live + extra);
    rehash(t, n > t->n_slots ? n : t->n_slots);   /* same size purges tombstones */
}

static void grow_groups(AggTable *t, size_t need)
{
    if (need <= t->cap) return;
    size_t cap = t->cap;
    t->ghash = xgrow(t->ghash, &cap, need, sizeof(uint64_t));
    cap = t->cap;
    t->gnull = xgrow(t->gnull, &cap, need, sizeof(uint64_t));
    cap = t->cap;
    t->gdead = xgrow(t->gdead, &cap, need, 1);
    for (int i = 0; i < t->n_fixed; i++) {
        int c = t->fixed_cols[i];
        cap = t->cap;
        t->gfixed[c] = xgrow(t->gfixed[c], &cap, need, sizeof(uint64_t));
    }
    for (int i = 0; i < t->n_text; i++) {
        int c = t->text_cols[i];
        cap = t->cap;
        t->gtext[c] = xgrow(t->gtext[c], &cap, need, sizeof(Str));
    }
    t->cap = cap;
}

/* Normalise the key vectors of the n selected rows into the scratch
 * arrays and hash them. */
static void gather_and_hash(AggTable *t, const Batch *b, const Vector *const *keys)
{
    const uint32_t n = b->n_sel;
    const uint32_t *sel = b->sel;
    memset(t->knull, 0, sizeof(uint64_t) * n);
    for (int c = 0; c < t->n_keys; c++) {
        const Vector *v = keys[c];
        const uint64_t bit = UINT64_C(1) << c;
        if (v->is_const || v->type == TYPE_NULL) {
            /* One value for every row. */
            bool null = v->type == TYPE_NULL || !valid_at(v, 0);
            if (null)
                for (uint32_t k = 0; k < n; k++) t->knull[k] |= bit;
            if (t->types[c] == TYPE_TEXT) {
                Str s = null ? (Str){"", 0} : VEC_STR(v)[0];
                for (uint32_t k = 0; k < n; k++) t->ktext[c][k] = s;
            } else {
                uint64_t x = null ? 0 : fixed_bits(v, 0);
                for (uint32_t k = 0; k < n; k++) t->kfixed[c][k] = x;
            }
            continue;
        }
        switch (v->type) {
        case TYPE_TEXT: {
            const Str *src = VEC_STR(v);
            Str *dst = t->ktext[c];
            for (uint32_t k = 0; k < n; k++) dst[k] = src[sel ? sel[k] : k];
            break;
        }
        case TYPE_DOUBLE: {
            const double *src = VEC_F64(v);
            uint64_t *dst = t->kfixed[c];
            for (uint32_t k = 0; k < n; k++) dst[k] = double_bits(src[sel ? sel[k] : k]);
            break;
        }
        case TYPE_BOOL: {
            const uint8_t *src = VEC_BOOL(v);
            uint64_t *dst = t->kfixed[c];
            for (uint32_t k = 0; k < n; k++) dst[k] = src[sel ? sel[k] : k] != 0;
            break;
        }
        default: {
            const int64_t *src = VEC_I64(v);
            uint64_t *dst = t->kfixed[c];
            for (uint32_t k = 0; k < n; k++) dst[k] = (uint64_t)src[sel ? sel[k] : k];
            break;
        }
        }
        if (v->valid) {
            /* NULL rows: mark, and zero the value so equal NULLs compare equal. */
            for (uint32_t k = 0; k < n; k++) {
                uint32_t r = sel ? sel[k] : k;
                if (valid_at(v, r)) continue;
                t->knull[k] |= bit;
                if (v->type == TYPE_TEXT) t->ktext[c][k] = (Str){"", 0};
                else t->kfixed[c][k] = 0;
            }
        }
    }

    for (uint32_t k = 0; k < n; k++) t->hash[k] = mix(UINT64_C(0x2545f4914f6cdd1d), t->knull[k]);
    for (int i = 0; i < t->n_fixed; i++) {
        const uint64_t *x = t->kfixed[t->fixed_cols[i]];
        for (uint32_t k = 0; k < n; k++) t->hash[k] = mix(t->hash[k], x[k]);
    }
    for (int i = 0; i < t->n_text; i++) {
        const Str *x = t->ktext[t->text_cols[i]];
        for (uint32_t k = 0; k < n; k++)
            t->hash[k] = mix(t->hash[k], hash_bytes(x[k].ptr, x[k].len));
    }
    for (uint32_t k = 0; k < n; k++) t->hash[k] = fmix64(t->hash[k]);
}

static inline bool key_eq(const AggTable *t, uint32_t k, uint32_t g)
{
    if (t->gnull[g] != t->knull[k]) return false;
    for (int i = 0; i < t->n_fixed; i++) {
        int c = t->fixed_cols[i];
        if (t->gfixed[c][g] != t->kfixed[c][k]) return false;
    }
    for (int i = 0; i < t->n_text; i++) {
        int c = t->text_cols[i];
        if (!str_eq(t->gtext[c][g], t->ktext[c][k])) return false;
    }
    return true;
}

static uint32_t new_group(AggTable *t, uint32_t k)
{
    uint32_t g = t->size++;     /* room reserved by agg_table_probe */
    t->live++;
    t->ghash[g] = t->hash[k];
    t->gnull[g] = t->knull[k];
    t->gdead[g] = 0;
    for (int i = 0; i < t->n_fixed; i++) {
        int c = t->fixed_cols[i];
        t->gfixed[c][g] = t->kfixed[c][k];
    }
    for (int i = 0; i < t->n_text; i++) {
        int c = t->text_cols[i];
        t->gtext[c][g] = strheap_copy(&t->strings, t->ktext[c][k]);
    }
    return g;
}

uint32_t agg_table_probe(AggTable *t, const Batch *b, const Vector *const *keys,
                         uint32_t *gids)
{
    const uint32_t n = b->n_sel;
    if (n == 0) return 0;
    gather_and_hash(t, b, keys);
    reserve(t, n);
    grow_groups(t, (size_t)t->size + n);

    const uint32_t before = t->size, mask = t->n_slots - 1;
    Slot *slots = t->slots;
    for (uint32_t k = 0; k < n; k++) {
        const uint64_t h = t->hash[k];
        const uint32_t tag = (uint32_t)(h >> 32);
        uint32_t pos = (uint32_t)h & mask, tomb = SLOT_EMPTY, g;
        for (;;) {
            Slot s = slots[pos];
            if (s.gid == SLOT_EMPTY) break;
            if (s.gid == SLOT_TOMB) {
                if (tomb == SLOT_EMPTY) tomb = pos;
            } else if (s.tag == tag && key_eq(t, k, s.gid)) {
                g = s.gid;
                goto found;
            }
            pos = (pos + 1) & mask;
        }
        g = new_group(t, k);
        if (tomb != SLOT_EMPTY) pos = tomb;     /* reuse; `used` unchanged */
        else t->used++;
        slots[pos] = (Slot){tag, g};
    found:
        gids[k] = g;
    }
    return t->size - before;
}

Value agg_table_key(const AggTable *t, uint32_t g, int c)
{
    Type ty = t->types[c];
    if ((t->gnull[g] >> c) & 1 || ty == TYPE_NULL) return value_null(ty);
    Value v = {.type = ty};
    if (ty == TYPE_TEXT) { v.s = t->gtext[c][g]; return v; }
    uint64_t x = t->gfixed[c][g];
    switch (ty) {
    case TYPE_DOUBLE: memcpy(&v.d, &x, 8); break;
    case TYPE_BOOL: v.b = x != 0; break;
    default: v.i = (int64_t)x; break;
    }
    return v;
}

void agg_table_emit_keys(const AggTable *t, const uint32_t *gids, uint32_t n, Batch *out)
{
    for (int c = 0; c < t->n_keys; c++) {
        Vector *v = &out->cols[c];
        const uint64_t bit = UINT64_C(1) << c;
        Type ty = t->types[c];
        if (ty == TYPE_TEXT) {
            const Str *src = t->gtext[c];
            for (uint32_t k = 0; k < n; k++) VEC_STR(v)[k] = src[gids[k]];
        } else if (ty == TYPE_DOUBLE) {
            const uint64_t *src = t->gfixed[c];
            for (uint32_t k = 0; k < n; k++) memcpy(&VEC_F64(v)[k], &src[gids[k]], 8);
        } else if (ty == TYPE_BOOL) {
            const uint64_t *src = t->gfixed[c];
            for (uint32_t k = 0; k < n; k++) VEC_BOOL(v)[k] = (uint8_t)src[gids[k]];
        } else if (ty != TYPE_NULL) {
            const uint64_t *src = t->gfixed[c];
            for (uint32_t k = 0; k < n; k++) VEC_I64(v)[k] = (int64_t)src[gids[k]];
        }
        for (uint32_t k = 0; k < n; k++)
            if ((t->gnull[gids[k]] & bit) || ty == TYPE_NULL) vec_set_null(v, k, out->arena);
    }
}

void agg_table_remove(AggTable *t, uint32_t g)
{
    if (!agg_table_is_live(t, g)) return;
    const uint32_t mask = t->n_slots - 1;
    uint32_t pos = (uint32_t)t->ghash[g] & mask;
    while (t->slots[pos].gid != g) pos = (pos + 1) & mask;
    t->slots[pos].gid = SLOT_TOMB;
    t->gdead[g] = 1;
    t->live--;
}

bool agg_table_wants_compact(const AggTable *t)
{
    uint32_t dead = t->size - t->live;
    return dead > 0 && dead >= t->live;
}

uint32_t agg_table_compact(AggTable *t, uint32_t *map)
{
    Arena *fresh = arena_new();
    StrHeap heap;
    strheap_init(&heap, fresh);
    uint32_t j = 0;
    for (uint32_t g = 0; g < t->size; g++) {
        if (t->gdead[g]) { map[g] = AGG_GROUP_NONE; continue; }
        map[g] = j;
        t->ghash[j] = t->ghash[g];
        t->gnull[j] = t->gnull[g];
        t->gdead[j] = 0;
        for (int i = 0; i < t->n_fixed; i++) {
            int c = t->fixed_cols[i];
            t->gfixed[c][j] = t->gfixed[c][g];
        }
        for (int i = 0; i < t->n_text; i++) {
            int c = t->text_cols[i];
            t->gtext[c][j] = strheap_copy(&heap, t->gtext[c][g]);
        }
        j++;
    }
    arena_free(t->arena);
    t->arena = fresh;
    t->strings = heap;
    t->size = t->live = j;
    uint32_t n = slots_for(j);
    rehash(t, n < t->n_slots ? n : t->n_slots);
    return j;
}

void agg_table_clear(AggTable *t)
{
    t->size = t->live = t->used = 0;
    memset(t->slots, 0xff, sizeof(Slot) * t->n_slots);
    arena_reset(t->arena);
    strheap_reset(&t->strings);
}

size_t agg_table_bytes(const AggTable *t)
{
    size_t per_group = 8 + 8 + 1 + 8 * (size_t)t->n_fixed + sizeof(Str) * (size_t)t->n_text;
    return sizeof(Slot) * t->n_slots + per_group * t->cap + arena_used(t->arena);
}

/* ---- distinct sets ----------------------------------------------------- */

typedef struct DEntry {
    uint64_t vhash;      /* hash of the value alone */
    uint32_t gid;        /* SLOT_EMPTY when free */
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
    s->n_slots = MIN_SLOTS;
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
        if (d.gid == SLOT_EMPTY) continue;
        if (map) {
            if (map[d.gid] == AGG_GROUP_NONE) continue;
            d.gid = map[d.gid];
            if (fresh) {
                Str c = strheap_copy(&heap, (Str){dptr(&d), d.len});
                d.bits = (uint64_t)(uintptr_t)c.ptr;
            }
        }
        uint32_t pos = dslot(d.vhash, d.gid, n_slots - 1);
        while (s->e[pos].gid != SLOT_EMPTY) pos = (pos + 1) & (n_slots - 1);
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
        for (DEntry *e; (e = &s->e[pos])->gid != SLOT_EMPTY; pos = (pos + 1) & mask) {
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
    uint32_t n = slots_for(s->count);
    distinct_resize(s, n < s->n_slots ? n : s->n_slots, map);
}

static void dinsert(DistinctSet *s, DEntry d)
{
    const uint32_t mask = s->n_slots - 1;
    uint32_t pos = dslot(d.vhash, d.gid, mask);
    while (s->e[pos].gid != SLOT_EMPTY) pos = (pos + 1) & mask;
    s->e[pos] = d;
    s->count++;
}

static bool dcontains(const DistinctSet *s, const DEntry *d)
{
    const uint32_t mask = s->n_slots - 1;
    for (uint32_t pos = dslot(d->vhash, d->gid, mask); s->e[pos].gid != SLOT_EMPTY;
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
        if (d.gid != SLOT_EMPTY && (d.gid >= n_groups || fwd[d.gid] == d.gid)) dinsert(s, d);
    }
    for (uint32_t i = 0; i < s->n_slots; i++) {
        DEntry d = old[i];
        if (d.gid == SLOT_EMPTY || d.gid >= n_groups || fwd[d.gid] == d.gid) continue;
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
