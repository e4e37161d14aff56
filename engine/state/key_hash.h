/* key_hash — hashing and comparing key values, shared by the group table
 * (agg_table.c) and the join index (join_table.c).
 *
 * Keys are hashed column-wise: fixed-width values as 64 key bits (doubles
 * canonicalised so that -0.0 equals 0.0 and NaN equals NaN, as Spark
 * groups and joins them), strings with a word-at-a-time hash that handles
 * keys of up to 16 bytes with two loads. Header-only: small inline
 * functions the probe loops call once per row. */
#ifndef SLUICE_KEY_HASH_H
#define SLUICE_KEY_HASH_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "engine/base/batch.h"

static inline uint64_t fmix64(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

static inline uint64_t mix(uint64_t h, uint64_t x)
{
    h = (h ^ x) * UINT64_C(0xbf58476d1ce4e5b9);
    return h ^ (h >> 31);
}

/* The first and last `w` bytes of p[0..n) as two words (w = 8 or 4,
 * n >= w; they overlap when n < 2w), or for n < 4 bytes 0, n/2 and n-1
 * (which cover every byte). With the length, that is all of p for n <= 16,
 * without a loop or a variable-size memcpy. */
static inline void short_words(const char *p, uint32_t n, uint64_t *a, uint64_t *b)
{
    if (n >= 8) {
        memcpy(a, p, 8);
        memcpy(b, p + n - 8, 8);
    } else if (n >= 4) {
        uint32_t x, y;
        memcpy(&x, p, 4);
        memcpy(&y, p + n - 4, 4);
        *a = x;
        *b = y;
    } else {
        *a = n ? (uint64_t)(uint8_t)p[0] | (uint64_t)(uint8_t)p[n / 2] << 8 |
                     (uint64_t)(uint8_t)p[n - 1] << 16
               : 0;
        *b = 0;
    }
}

static inline uint64_t hash_bytes(const char *p, uint32_t n)
{
    uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ n;
    if (n <= 16) {                          /* short keys: two words */
        uint64_t a, b;
        short_words(p, n, &a, &b);
        h = (h ^ a) * UINT64_C(0x87c37b91114253d5);
        h = (h << 29) | (h >> 35);
        return fmix64((h ^ b) * UINT64_C(0x4cf5ad432745937f));
    }
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * UINT64_C(0x87c37b91114253d5);
        h = (h << 29) | (h >> 35);
        p += 8;
        n -= 8;
    }
    if (n) {
        uint64_t w = 0;
        memcpy(&w, p, n);
        h = (h ^ w) * UINT64_C(0x4cf5ad432745937f);
    }
    return fmix64(h);
}

/* Key bits of a fixed-width value: doubles canonicalised for grouping. */
static inline uint64_t double_bits(double d)
{
    uint64_t u;
    if (d == 0) d = 0.0;                    /* -0.0 groups with 0.0 */
    if (isnan(d)) return UINT64_C(0x7ff8000000000000);
    memcpy(&u, &d, 8);
    return u;
}

static inline bool valid_at(const Vector *v, uint32_t r)
{
    return !v->valid || ((v->valid[r >> 6] >> (r & 63)) & 1);
}

static inline bool str_eq(Str a, Str b)
{
    if (a.len != b.len) return false;
    if (a.len <= 16) {                      /* inline: short_words covers every byte */
        uint64_t a1, a2, b1, b2;
        short_words(a.ptr, a.len, &a1, &a2);
        short_words(b.ptr, b.len, &b1, &b2);
        return a1 == b1 && a2 == b2;
    }
    return memcmp(a.ptr, b.ptr, a.len) == 0;
}

/* Value k of v as 64 key bits (v fixed-width, row valid). */
static inline uint64_t fixed_bits(const Vector *v, uint32_t r)
{
    switch (v->type) {
    case TYPE_DOUBLE: return double_bits(VEC_F64(v)[r]);
    case TYPE_BOOL: return VEC_BOOL(v)[r] != 0;
    case TYPE_NULL: case TYPE_TEXT: return 0;
    default: return (uint64_t)VEC_I64(v)[r];
    }
}

/* Slots (a power of two, at least 16) for an open-addressing table of
 * `n` entries rebuilt at load <= 1/2. */
static inline uint32_t table_slots_for(size_t n)
{
    size_t slots = 16;
    while (slots < n * 2) slots *= 2;
    if (slots > (size_t)1 << 31) slots = (size_t)1 << 31;
    return (uint32_t)slots;
}

#endif
