/* agg_table — the group hash table (see agg_table.h).
 *
 * The probe path is: gather (normalise key vectors into dense per-column
 * scratch arrays, one typed loop per column), hash (one loop per column),
 * then one find-or-insert loop over the rows, which finds each row's
 * partition first (the previous row's, almost always). */
#include "agg_table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/base/arena.h"
#include "engine/base/mem.h"
#include "key_hash.h"
#include "rowstore.h"

/* ---- the group table ----------------------------------------------------- */

#define SLOT_EMPTY UINT32_MAX     /* a free slot of a table */
#define PART_NONE  UINT32_MAX     /* no partition */
enum { MIN_SLOTS = 16 };

typedef struct Slot {
    uint32_t tag;        /* high 32 bits of the hash */
    uint32_t gid;        /* SLOT_EMPTY or a group id */
} Slot;

/* The groups sharing one value of the partition column, in a small
 * open-addressing table of their own (no tombstones: removal shifts the
 * following slots back). */
typedef struct Part {
    int64_t value;
    Slot *slots;         /* NULL: this Part is free */
    uint32_t n_slots;    /* power of two */
    uint32_t live;
    bool dirty;          /* holds removed groups (agg_table_remove_many) */
    uint32_t *gids;      /* its groups in creation (first-seen) order; may */
    size_t n_gids, cap_gids;   /* list removed ones until compaction */
} Part;

/* A Part named with its value, for lists that are sorted. */
typedef struct PartRef {
    int64_t value;
    uint32_t index;
} PartRef;

struct AggTable {
    int n_keys;
    Type *types;
    int n_fixed, n_text;
    int *fixed_cols, *text_cols;     /* key columns by storage class */
    int *match_cols, n_match;        /* fixed columns hashed and compared */
    int part_col;                    /* -1: one partition for all groups */

    Part *parts;
    uint32_t n_parts, parts_cap;
    uint32_t *free_parts;            /* indices of free Parts */
    uint32_t n_free;
    uint32_t *pmap;                  /* partition value -> Part index */
    uint32_t pmap_slots, pmap_used;  /* power of two; entries in use */
    uint32_t last_part;              /* the Part of the last lookup, or PART_NONE */
    uint32_t part_slots;             /* slots of a new Part: the last one released's */
    PartRef *part_list;              /* scratch: Parts (remove_many, closed) */

    /* Per group, indexed by id. */
    uint32_t size, live;
    size_t cap;
    uint64_t *ghash;
    uint64_t *gnull;                 /* bit c: key c is NULL */
    uint64_t ever_null;              /* bit c: some group had key c NULL */
    uint32_t *gpart;                 /* its Part */
    uint8_t *gdead;
    uint64_t **gfixed;               /* [key col] -> bits, fixed cols only */
    Str **gtext;                     /* [key col] -> string, text cols only */
    Arena *arena;                    /* key strings */
    Arena *spare;                    /* the next compaction's arena (reset) */
    StrHeap strings;

    /* Scratch for one batch, indexed by selected-row number. */
    uint64_t hash[BATCH_CAP];
    uint64_t knull[BATCH_CAP];
    uint64_t **kfixed;
    Str **ktext;
};

AggTable *agg_table_new(const Type *key_types, int n_keys, int part_col, uint64_t same_in_part)
{
    AggTable *t = xcalloc(1, sizeof *t);
    int n = n_keys > 0 ? n_keys : 1;
    t->n_keys = n_keys;
    t->types = xcalloc((size_t)n, sizeof(Type));
    t->fixed_cols = xcalloc((size_t)n, sizeof(int));
    t->text_cols = xcalloc((size_t)n, sizeof(int));
    t->match_cols = xcalloc((size_t)n, sizeof(int));
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
    bool fixed = part_col >= 0 && part_col < n_keys && key_types[part_col] != TYPE_TEXT;
    t->part_col = fixed ? part_col : -1;
    /* Within a partition these columns hold one value (NULLs still differ
     * by the NULL bits, which are always compared). */
    for (int i = 0; i < t->n_fixed; i++) {
        int c = t->fixed_cols[i];
        if (!(fixed && c < 64 && (same_in_part >> c) & 1)) t->match_cols[t->n_match++] = c;
    }
    t->last_part = PART_NONE;
    t->pmap_slots = MIN_SLOTS;
    t->pmap = xmalloc(sizeof(uint32_t) * t->pmap_slots);
    memset(t->pmap, 0xff, sizeof(uint32_t) * t->pmap_slots);
    t->arena = arena_new();
    t->spare = arena_new();
    strheap_init(&t->strings, t->arena);
    return t;
}

static void free_parts(AggTable *t)
{
    for (uint32_t i = 0; i < t->n_parts; i++) {
        free(t->parts[i].slots);
        free(t->parts[i].gids);
    }
    t->n_parts = t->n_free = t->pmap_used = 0;
    t->last_part = PART_NONE;
    memset(t->pmap, 0xff, sizeof(uint32_t) * t->pmap_slots);
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
    free_parts(t);
    free(t->parts); free(t->free_parts); free(t->part_list); free(t->pmap);
    free(t->gfixed); free(t->gtext); free(t->kfixed); free(t->ktext);
    free(t->types); free(t->fixed_cols); free(t->text_cols); free(t->match_cols);
    free(t->ghash); free(t->gnull); free(t->gpart); free(t->gdead);
    arena_free(t->arena);
    arena_free(t->spare);
    free(t);
}

uint32_t agg_table_size(const AggTable *t) { return t->size; }
uint32_t agg_table_live(const AggTable *t) { return t->live; }
bool agg_table_is_live(const AggTable *t, uint32_t g) { return g < t->size && !t->gdead[g]; }

/* ---- partitions ---------------------------------------------------------- */

static inline uint32_t pmap_home(const AggTable *t, int64_t value)
{
    return (uint32_t)fmix64((uint64_t)value) & (t->pmap_slots - 1);
}

/* Where the map holds `value`'s Part, or the empty slot where it would go. */
static uint32_t pmap_find(const AggTable *t, int64_t value)
{
    const uint32_t mask = t->pmap_slots - 1;
    uint32_t pos = pmap_home(t, value);
    while (t->pmap[pos] != PART_NONE && t->parts[t->pmap[pos]].value != value)
        pos = (pos + 1) & mask;
    return pos;
}

static void pmap_grow(AggTable *t)
{
    uint32_t *old = t->pmap, n = t->pmap_slots;
    t->pmap_slots = n * 2;
    t->pmap = xmalloc(sizeof(uint32_t) * t->pmap_slots);
    memset(t->pmap, 0xff, sizeof(uint32_t) * t->pmap_slots);
    for (uint32_t i = 0; i < n; i++)
        if (old[i] != PART_NONE) t->pmap[pmap_find(t, t->parts[old[i]].value)] = old[i];
    free(old);
}

/* Is `home` cyclically within (hole, j]? Then the entry at j cannot move
 * back to the hole (linear probing's backward-shift deletion). */
static inline bool stays(uint32_t home, uint32_t hole, uint32_t j)
{
    return hole <= j ? hole < home && home <= j : hole < home || home <= j;
}

static void pmap_delete(AggTable *t, int64_t value)
{
    const uint32_t mask = t->pmap_slots - 1;
    uint32_t hole = pmap_find(t, value), j = hole;
    for (;;) {
        j = (j + 1) & mask;
        if (t->pmap[j] == PART_NONE) break;
        if (stays(pmap_home(t, t->parts[t->pmap[j]].value), hole, j)) continue;
        t->pmap[hole] = t->pmap[j];
        hole = j;
    }
    t->pmap[hole] = PART_NONE;
    t->pmap_used--;
}

/* part_of's lookup past the last partition used: find or create. */
static uint32_t part_find(AggTable *t, int64_t value)
{
    uint32_t pos = pmap_find(t, value);
    if (t->pmap[pos] == PART_NONE) {
        if ((t->pmap_used + 1) * 2 > t->pmap_slots) {
            pmap_grow(t);
            pos = pmap_find(t, value);
        }
        uint32_t i;
        if (t->n_free > 0) {
            i = t->free_parts[--t->n_free];
        } else {
            if (t->n_parts == t->parts_cap) {
                size_t cap = t->parts_cap;
                t->parts = xgrow(t->parts, &cap, t->n_parts + 1, sizeof(Part));
                cap = t->parts_cap;
                t->free_parts = xgrow(t->free_parts, &cap, t->n_parts + 1, sizeof(uint32_t));
                cap = t->parts_cap;
                t->part_list = xgrow(t->part_list, &cap, t->n_parts + 1, sizeof(PartRef));
                t->parts_cap = (uint32_t)cap;
            }
            i = t->n_parts++;
        }
        /* Windows tend to be alike: start at the size the last one reached. */
        Part *p = &t->parts[i];
        uint32_t n = t->part_slots > MIN_SLOTS ? t->part_slots : MIN_SLOTS;
        *p = (Part){.value = value, .n_slots = n, .slots = xmalloc(sizeof(Slot) * n)};
        memset(p->slots, 0xff, sizeof(Slot) * n);
        t->pmap[pos] = i;
        t->pmap_used++;
    }
    return t->last_part = t->pmap[pos];
}

/* The Part of partition value `value`, created if missing. Rows come
 * mostly in runs of one partition: the last one is checked first. */
static inline uint32_t part_of(AggTable *t, int64_t value)
{
    if (t->last_part != PART_NONE && t->parts[t->last_part].value == value) return t->last_part;
    return part_find(t, value);
}

static void part_release(AggTable *t, uint32_t i)
{
    Part *p = &t->parts[i];
    pmap_delete(t, p->value);
    t->part_slots = p->n_slots;
    free(p->slots);
    free(p->gids);
    p->slots = NULL;
    p->gids = NULL;
    t->free_parts[t->n_free++] = i;
    if (t->last_part == i) t->last_part = PART_NONE;
}

/* Rebuild a Part's slots with n_slots slots from the cached hashes,
 * leaving out removed groups. */
static void part_rehash(AggTable *t, Part *p, uint32_t n_slots)
{
    Slot *old = p->slots;
    const uint32_t n_old = p->n_slots, mask = n_slots - 1;
    p->slots = xmalloc(sizeof(Slot) * n_slots);
    p->n_slots = n_slots;
    memset(p->slots, 0xff, sizeof(Slot) * n_slots);
    for (uint32_t i = 0; i < n_old; i++) {
        if (old[i].gid == SLOT_EMPTY || t->gdead[old[i].gid]) continue;
        uint32_t pos = (uint32_t)t->ghash[old[i].gid] & mask;
        while (p->slots[pos].gid != SLOT_EMPTY) pos = (pos + 1) & mask;
        p->slots[pos] = old[i];
    }
    free(old);
}

/* Remove slot `hole` of p, shifting back the entries after it. */
static void part_delete_slot(const AggTable *t, Part *p, uint32_t hole)
{
    const uint32_t mask = p->n_slots - 1;
    uint32_t j = hole;
    for (;;) {
        j = (j + 1) & mask;
        if (p->slots[j].gid == SLOT_EMPTY) break;
        if (stays((uint32_t)t->ghash[p->slots[j].gid] & mask, hole, j)) continue;
        p->slots[hole] = p->slots[j];
        hole = j;
    }
    p->slots[hole].gid = SLOT_EMPTY;
}

static void grow_groups(AggTable *t, size_t need)
{
    if (need <= t->cap) return;
    size_t cap = t->cap;
    t->ghash = xgrow(t->ghash, &cap, need, sizeof(uint64_t));
    cap = t->cap;
    t->gnull = xgrow(t->gnull, &cap, need, sizeof(uint64_t));
    cap = t->cap;
    t->gpart = xgrow(t->gpart, &cap, need, sizeof(uint32_t));
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
    for (int i = 0; i < t->n_match; i++) {
        const uint64_t *x = t->kfixed[t->match_cols[i]];
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
    for (int i = 0; i < t->n_match; i++) {
        int c = t->match_cols[i];
        if (t->gfixed[c][g] != t->kfixed[c][k]) return false;
    }
    for (int i = 0; i < t->n_text; i++) {
        int c = t->text_cols[i];
        if (!str_eq(t->gtext[c][g], t->ktext[c][k])) return false;
    }
    return true;
}

static uint32_t new_group(AggTable *t, uint32_t k, uint32_t part)
{
    uint32_t g = t->size++;     /* room made by agg_table_probe */
    t->live++;
    t->ghash[g] = t->hash[k];
    t->gnull[g] = t->knull[k];
    t->ever_null |= t->knull[k];
    t->gpart[g] = part;
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
    grow_groups(t, (size_t)t->size + n);

    const uint32_t before = t->size;
    const uint64_t *pv = t->part_col >= 0 ? t->kfixed[t->part_col] : NULL;
    for (uint32_t k = 0; k < n; k++) {
        const uint32_t pi = part_of(t, pv ? (int64_t)pv[k] : 0);
        Part *p = &t->parts[pi];
        if ((uint64_t)(p->live + 1) * 10 > (uint64_t)p->n_slots * 7)   /* load <= 0.7 */
            part_rehash(t, p, p->n_slots * 2);
        const uint64_t h = t->hash[k];
        const uint32_t tag = (uint32_t)(h >> 32), mask = p->n_slots - 1;
        Slot *slots = p->slots;
        uint32_t pos = (uint32_t)h & mask, g;
        for (;;) {
            Slot s = slots[pos];
            if (s.gid == SLOT_EMPTY) break;
            if (s.tag == tag && key_eq(t, k, s.gid)) {
                g = s.gid;
                goto found;
            }
            pos = (pos + 1) & mask;
        }
        g = new_group(t, k, pi);
        slots[pos] = (Slot){tag, g};
        p->live++;
        if (p->n_gids == p->cap_gids)
            p->gids = xgrow(p->gids, &p->cap_gids, p->n_gids + 1, sizeof(uint32_t));
        p->gids[p->n_gids++] = g;
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
        if (!(t->ever_null & bit) && ty != TYPE_NULL) continue;
        for (uint32_t k = 0; k < n; k++)
            if ((t->gnull[gids[k]] & bit) || ty == TYPE_NULL) vec_set_null(v, k, out->arena);
    }
}

void agg_table_remove(AggTable *t, uint32_t g)
{
    if (!agg_table_is_live(t, g)) return;
    const uint32_t pi = t->gpart[g];
    Part *p = &t->parts[pi];
    t->gdead[g] = 1;
    t->live--;
    if (--p->live == 0) {               /* the partition's last group */
        part_release(t, pi);
        return;
    }
    const uint32_t mask = p->n_slots - 1;
    uint32_t pos = (uint32_t)t->ghash[g] & mask;
    while (p->slots[pos].gid != g) pos = (pos + 1) & mask;
    part_delete_slot(t, p, pos);
}

static int cmp_part_value(const void *x, const void *y)
{
    int64_t a = ((const PartRef *)x)->value, b = ((const PartRef *)y)->value;
    return (a > b) - (a < b);
}

size_t agg_table_closed(AggTable *t, int64_t limit, uint32_t **ids, size_t *cap)
{
    if (t->part_col < 0) return 0;
    uint32_t np = 0;
    for (uint32_t i = 0; i < t->n_parts; i++)
        if (t->parts[i].slots && t->parts[i].value <= limit)
            t->part_list[np++] = (PartRef){t->parts[i].value, i};
    if (np > 1) qsort(t->part_list, np, sizeof(PartRef), cmp_part_value);
    const uint64_t null_bit = UINT64_C(1) << t->part_col;
    size_t n = 0;
    for (uint32_t i = 0; i < np; i++) {
        const Part *p = &t->parts[t->part_list[i].index];
        *ids = xgrow(*ids, cap, n + p->live, sizeof(uint32_t));
        for (size_t q = 0; q < p->n_gids; q++) {
            uint32_t g = p->gids[q];
            /* A NULL partition key shares the partition of 0 and never closes. */
            if (!t->gdead[g] && !(t->gnull[g] & null_bit)) (*ids)[n++] = g;
        }
    }
    return n;
}

void agg_table_remove_many(AggTable *t, const uint32_t *gids, size_t n)
{
    uint32_t n_dirty = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t g = gids[i];
        if (!agg_table_is_live(t, g)) continue;
        Part *p = &t->parts[t->gpart[g]];
        t->gdead[g] = 1;
        t->live--;
        p->live--;
        if (!p->dirty) {
            p->dirty = true;
            t->part_list[n_dirty++].index = t->gpart[g];
        }
    }
    for (uint32_t i = 0; i < n_dirty; i++) {
        const uint32_t pi = t->part_list[i].index;
        Part *p = &t->parts[pi];
        p->dirty = false;
        if (p->live == 0) part_release(t, pi);
        else part_rehash(t, p, p->n_slots);
    }
}

bool agg_table_wants_compact(const AggTable *t)
{
    uint32_t dead = t->size - t->live;
    return dead > 0 && dead >= t->live;
}

uint32_t agg_table_compact(AggTable *t, uint32_t *map)
{
    Arena *fresh = t->spare;
    StrHeap heap;
    strheap_init(&heap, fresh);
    uint32_t j = 0;
    for (uint32_t g = 0; g < t->size; g++) {
        if (t->gdead[g]) { map[g] = AGG_GROUP_NONE; continue; }
        map[g] = j;
        t->ghash[j] = t->ghash[g];
        t->gnull[j] = t->gnull[g];
        t->gpart[j] = t->gpart[g];
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
    arena_reset(t->arena);
    t->spare = t->arena;
    t->arena = fresh;
    t->strings = heap;
    t->size = t->live = j;
    /* Slots hold live groups only: renumber them, and shrink tables that
     * lost most of their groups. */
    for (uint32_t i = 0; i < t->n_parts; i++) {
        Part *p = &t->parts[i];
        if (!p->slots) continue;
        for (uint32_t q = 0; q < p->n_slots; q++)
            if (p->slots[q].gid != SLOT_EMPTY) p->slots[q].gid = map[p->slots[q].gid];
        size_t m = 0;                     /* the id list keeps its order */
        for (size_t q = 0; q < p->n_gids; q++)
            if (map[p->gids[q]] != AGG_GROUP_NONE) p->gids[m++] = map[p->gids[q]];
        p->n_gids = m;
        uint32_t want = table_slots_for(p->live);
        if (want < p->n_slots) part_rehash(t, p, want);
    }
    return j;
}

void agg_table_clear(AggTable *t)
{
    t->size = t->live = 0;
    t->ever_null = 0;
    free_parts(t);
    arena_reset(t->arena);
    strheap_reset(&t->strings);
}

size_t agg_table_bytes(const AggTable *t)
{
    size_t per_group = 8 + 8 + 4 + 1 + 8 * (size_t)t->n_fixed + sizeof(Str) * (size_t)t->n_text;
    size_t slots = 0;
    for (uint32_t i = 0; i < t->n_parts; i++)
        if (t->parts[i].slots) slots += t->parts[i].n_slots;
    return sizeof(Slot) * slots + sizeof(Part) * t->parts_cap + sizeof(uint32_t) * t->pmap_slots +
           per_group * t->cap + arena_used(t->arena);
}
