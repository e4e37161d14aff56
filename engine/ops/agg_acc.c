/* agg_acc — aggregate accumulators (see agg_acc.h).
 *
 * The update kernels are generated per (kind x argument class) by macros;
 * the kernel of an aggregate is chosen once per batch. */
#include "agg_acc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/base/mem.h"

/* ---- per-group state arrays ------------------------------------------- */

static size_t acc_width(AccType t) { return t == ACC_STR ? sizeof(Str) : t == ACC_NONE ? 0 : 8; }

/* p resized to cap elements of w bytes (w == 0: the array is unused). */
static void *grow(void *p, size_t cap, size_t w)
{
    return w ? xrealloc(p, cap * w) : p;
}

void acc_reserve(AccSet *a, size_t need)
{
    if (need <= a->cap) return;
    size_t cap = a->cap ? a->cap : 64;
    while (cap < need) cap *= 2;
    for (int i = 0; i < a->n; i++) {
        AggState *s = &a->st[i];
        s->n = grow(s->n, cap, sizeof(int64_t));
        s->val = grow(s->val, cap, acc_width(s->acc));
        if (s->room) s->room = grow(s->room, cap, sizeof(uint32_t));
        if (s->isnull) s->isnull = grow(s->isnull, cap, 1);
        if (s->stamp) s->stamp = grow(s->stamp, cap, sizeof(uint32_t));
    }
    a->cap = cap;
}

void acc_reset(AccSet *a, uint32_t from, uint32_t to)
{
    size_t n = to - from;
    for (int i = 0; i < a->n; i++) {
        AggState *s = &a->st[i];
        memset(s->n + from, 0, n * sizeof(int64_t));
        size_t w = acc_width(s->acc);
        if (w) memset((char *)s->val + from * w, 0, n * w);
        if (s->room) memset(s->room + from, 0, n * sizeof(uint32_t));
        if (s->isnull) memset(s->isnull + from, 0, n);
        if (s->stamp) memset(s->stamp + from, 0, n * sizeof(uint32_t));
    }
}

/* Store x as group g's string, reusing its bytes when x fits. */
static inline void set_str(AccSet *a, AggState *s, uint32_t g, Str x)
{
    Str *acc = (Str *)s->val;
    if (x.len > s->room[g]) {
        acc[g].ptr = strheap_alloc(&a->strings, x.len);
        s->room[g] = x.len;
    }
    if (x.len) memcpy((char *)acc[g].ptr, x.ptr, x.len);
    else if (!acc[g].ptr) acc[g].ptr = "";
    acc[g].len = x.len;
}

static inline int str_cmp(Str x, Str y)
{
    uint32_t m = x.len < y.len ? x.len : y.len;
    int c = m ? memcmp(x.ptr, y.ptr, m) : 0;
    return c ? c : (x.len > y.len) - (x.len < y.len);
}

/* ---- update kernels: one per (kind x argument class) --------------------- */

#define VALID(v, r) (!(v)->valid || (((v)->valid[(r) >> 6] >> ((r) & 63)) & 1))
#define KERNEL(name) \
    static void name(AccSet *a, AggState *s, const Vector *v, const uint32_t *rows, \
                     const uint32_t *gids, uint32_t n)

KERNEL(k_count)
{
    (void)a;
    int64_t *cnt = s->n;
    if (!v->valid) {
        for (uint32_t k = 0; k < n; k++) cnt[gids[k]]++;
        return;
    }
    for (uint32_t k = 0; k < n; k++) cnt[gids[k]] += VALID(v, rows[k]);
}

/* sum and avg: acc += x, n counts the non-NULL inputs. */
#define ADD_WRAP(acc, x) ((acc) = (int64_t)((uint64_t)(acc) + (uint64_t)(x)))
#define ADD_DBL(acc, x) ((acc) += (double)(x))
#define DEF_SUM(name, SRC_T, ACC_T, ADD)                                       \
    KERNEL(name)                                                               \
    {                                                                          \
        (void)a;                                                               \
        const SRC_T *src = (const SRC_T *)v->data;                             \
        ACC_T *acc = (ACC_T *)s->val;                                          \
        int64_t *cnt = s->n;                                                   \
        for (uint32_t k = 0; k < n; k++) {                                     \
            uint32_t r = rows[k], g = gids[k];                                 \
            if (!VALID(v, r)) continue;                                        \
            ADD(acc[g], src[r]);                                               \
            cnt[g]++;                                                          \
        }                                                                      \
    }
DEF_SUM(k_sum_f64, double, double, ADD_DBL)
DEF_SUM(k_avg_i64, int64_t, double, ADD_DBL)

/* BIGINT (and INTERVAL) sum never wraps: a group whose sum leaves the
 * range is NULL from then on (isnull), and counted for a row error. */
KERNEL(k_sum_i64)
{
    const int64_t *src = (const int64_t *)v->data;
    int64_t *acc = (int64_t *)s->val;
    int64_t *cnt = s->n;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t r = rows[k], g = gids[k];
        if (!VALID(v, r)) continue;
        cnt[g]++;
        if (s->isnull[g]) continue;
        if (__builtin_add_overflow(acc[g], src[r], &acc[g])) {
            s->isnull[g] = 1;
            a->overflows++;
        }
    }
}

/* min and max: n is "has a value". Doubles: NaN above every number. */
#define LT(x, y) ((x) < (y))
#define GT(x, y) ((x) > (y))
#define DLT(x, y) ((x) < (y) || (isnan(y) && !isnan(x)))
#define DGT(x, y) DLT(y, x)
#define DEF_MINMAX(name, SRC_T, ACC_T, BETTER)                                 \
    KERNEL(name)                                                               \
    {                                                                          \
        (void)a;                                                               \
        const SRC_T *src = (const SRC_T *)v->data;                             \
        ACC_T *acc = (ACC_T *)s->val;                                          \
        int64_t *has = s->n;                                                   \
        for (uint32_t k = 0; k < n; k++) {                                     \
            uint32_t r = rows[k], g = gids[k];                                 \
            if (!VALID(v, r)) continue;                                        \
            ACC_T x = (ACC_T)src[r];                                           \
            if (!has[g] || BETTER(x, acc[g])) acc[g] = x;                      \
            has[g] = 1;                                                        \
        }                                                                      \
    }
DEF_MINMAX(k_min_i64, int64_t, int64_t, LT)
DEF_MINMAX(k_max_i64, int64_t, int64_t, GT)
DEF_MINMAX(k_min_bool, uint8_t, int64_t, LT)
DEF_MINMAX(k_max_bool, uint8_t, int64_t, GT)
DEF_MINMAX(k_min_f64, double, double, DLT)
DEF_MINMAX(k_max_f64, double, double, DGT)

/* first and last keep NULLs (Spark's ignoreNulls = false). */
#define DEF_FIRST(name, SRC_T, ACC_T)                                          \
    KERNEL(name)                                                               \
    {                                                                          \
        (void)a;                                                               \
        const SRC_T *src = (const SRC_T *)v->data;                             \
        ACC_T *acc = (ACC_T *)s->val;                                          \
        for (uint32_t k = 0; k < n; k++) {                                     \
            uint32_t r = rows[k], g = gids[k];                                 \
            if (s->n[g]) continue;                                             \
            s->n[g] = 1;                                                       \
            s->isnull[g] = !VALID(v, r);                                       \
            if (!s->isnull[g]) acc[g] = (ACC_T)src[r];                         \
        }                                                                      \
    }
#define DEF_LAST(name, SRC_T, ACC_T)                                           \
    KERNEL(name)                                                               \
    {                                                                          \
        (void)a;                                                               \
        const SRC_T *src = (const SRC_T *)v->data;                             \
        ACC_T *acc = (ACC_T *)s->val;                                          \
        for (uint32_t k = 0; k < n; k++) {                                     \
            uint32_t r = rows[k], g = gids[k];                                 \
            s->n[g] = 1;                                                       \
            s->isnull[g] = !VALID(v, r);                                       \
            if (!s->isnull[g]) acc[g] = (ACC_T)src[r];                         \
        }                                                                      \
    }
DEF_FIRST(k_first_i64, int64_t, int64_t)
DEF_FIRST(k_first_bool, uint8_t, int64_t)
DEF_FIRST(k_first_f64, double, double)
DEF_LAST(k_last_i64, int64_t, int64_t)
DEF_LAST(k_last_bool, uint8_t, int64_t)
DEF_LAST(k_last_f64, double, double)

/* TEXT: strings are copied only when they become the kept value. */
#define DEF_MINMAX_STR(name, SIGN)                                             \
    KERNEL(name)                                                               \
    {                                                                          \
        const Str *src = VEC_STR(v);                                           \
        const Str *acc = (const Str *)s->val;                                  \
        for (uint32_t k = 0; k < n; k++) {                                     \
            uint32_t r = rows[k], g = gids[k];                                 \
            if (!VALID(v, r)) continue;                                        \
            if (!s->n[g] || SIGN str_cmp(src[r], acc[g]) < 0) set_str(a, s, g, src[r]); \
            s->n[g] = 1;                                                       \
        }                                                                      \
    }
DEF_MINMAX_STR(k_min_str, +)
DEF_MINMAX_STR(k_max_str, -)

KERNEL(k_first_str)
{
    const Str *src = VEC_STR(v);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t r = rows[k], g = gids[k];
        if (s->n[g]) continue;
        s->n[g] = 1;
        s->isnull[g] = !VALID(v, r);
        if (!s->isnull[g]) set_str(a, s, g, src[r]);
    }
}

/* Backwards, so each group copies only its last string of the batch. */
KERNEL(k_last_str)
{
    const Str *src = VEC_STR(v);
    for (uint32_t k = n; k-- > 0;) {
        uint32_t r = rows[k], g = gids[k];
        if (s->stamp[g] == a->round) continue;
        s->stamp[g] = a->round;
        s->n[g] = 1;
        s->isnull[g] = !VALID(v, r);
        if (!s->isnull[g]) set_str(a, s, g, src[r]);
    }
}

typedef void (*Kernel)(AccSet *, AggState *, const Vector *, const uint32_t *,
                       const uint32_t *, uint32_t);

/* The kernel of an aggregate (chosen once per batch, not per row). */
static Kernel kernel_for(const AggState *s)
{
#define BY_CLASS(i64, f64, b, str) \
    return s->cls == CLS_I64 ? i64 : s->cls == CLS_F64 ? f64 : s->cls == CLS_BOOL ? b : str
    switch (s->call.kind) {
    case AGG_COUNT_STAR: return NULL;
    case AGG_COUNT: return k_count;
    case AGG_SUM: return s->cls == CLS_I64 ? k_sum_i64 : k_sum_f64;
    case AGG_AVG: return s->cls == CLS_I64 ? k_avg_i64 : k_sum_f64;
    case AGG_MIN: BY_CLASS(k_min_i64, k_min_f64, k_min_bool, k_min_str);
    case AGG_MAX: BY_CLASS(k_max_i64, k_max_f64, k_max_bool, k_max_str);
    case AGG_FIRST: BY_CLASS(k_first_i64, k_first_f64, k_first_bool, k_first_str);
    case AGG_LAST: BY_CLASS(k_last_i64, k_last_f64, k_last_bool, k_last_str);
    }
#undef BY_CLASS
    return NULL;
}

/* ---- update ------------------------------------------------------------- */

static const Vector *eval(const ExprCtx *ectx, const Expr *e, Batch *in, Vector *scratch)
{
    if (e->kind == EXPR_COLUMN) return &in->cols[e->column];
    expr_eval(ectx, e, in, scratch);
    return scratch;
}

static void update_one(AccSet *a, AggState *s, const ExprCtx *ectx, Batch *in,
                       const uint32_t *rows, const uint32_t *gids, uint32_t n)
{
    if (s->call.kind == AGG_COUNT_STAR) {
        int64_t *cnt = s->n;
        for (uint32_t k = 0; k < n; k++) cnt[gids[k]]++;
        return;
    }
    if (s->cls == CLS_NONE) {               /* a NULL literal: only first/last notice */
        if (s->call.kind == AGG_FIRST || s->call.kind == AGG_LAST)
            for (uint32_t k = 0; k < n; k++) s->n[gids[k]] = 1, s->isnull[gids[k]] = 1;
        return;
    }
    const Vector *v = eval(ectx, s->call.arg, in, &s->scratch);
    const uint32_t *r = v->is_const ? a->zeros : rows;
    const uint32_t *g = gids;
    if (s->distinct) {
        memcpy(a->rows2, r, n * sizeof(uint32_t));
        memcpy(a->gids2, g, n * sizeof(uint32_t));
        n = distinct_filter(s->distinct, v, a->rows2, a->gids2, n);
        r = a->rows2;
        g = a->gids2;
    }
    kernel_for(s)(a, s, v, r, g, n);
    for (; a->overflows > 0; a->overflows--) {
        StrBuf x = STRBUF_INIT;
        expr_print(s->call.arg, &x);
        expr_row_error(ectx->errors, NULL, "sum(%s): %s out of range",
                       sb_str(&x), type_name(s->call.type));
        sb_free(&x);
    }
}

void acc_update(AccSet *a, const ExprCtx *ectx, Batch *in, const uint32_t *rows,
                const uint32_t *gids, uint32_t n)
{
    if (n == 0) return;
    a->round++;
    for (int i = 0; i < a->n; i++) update_one(a, &a->st[i], ectx, in, rows, gids, n);
}

/* ---- emission ------------------------------------------------------------ */

static void put_f64(Vector *v, uint32_t k, double d)
{
    if (v->type == TYPE_DOUBLE) VEC_F64(v)[k] = d;
    else VEC_I64(v)[k] = (d >= -9.2e18 && d <= 9.2e18) ? (int64_t)d : 0;
}

static void put_i64(Vector *v, uint32_t k, int64_t x)
{
    if (v->type == TYPE_DOUBLE) VEC_F64(v)[k] = (double)x;
    else if (v->type == TYPE_BOOL) VEC_BOOL(v)[k] = x != 0;
    else VEC_I64(v)[k] = x;
}

void acc_emit(const AccSet *a, int i, const uint32_t *gids, uint32_t n, Vector *out,
              Arena *arena)
{
    const AggState *s = &a->st[i];
    const bool count = s->call.kind == AGG_COUNT_STAR || s->call.kind == AGG_COUNT;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t g = gids[k];
        if (count) { put_i64(out, k, s->n[g]); continue; }
        if (!s->n[g] || (s->isnull && s->isnull[g]) || s->acc == ACC_NONE ||
            out->type == TYPE_NULL) {
            vec_set_null(out, k, arena);
            continue;
        }
        switch (s->acc) {
        case ACC_I64: put_i64(out, k, ((const int64_t *)s->val)[g]); break;
        case ACC_F64: {
            double d = ((const double *)s->val)[g];
            put_f64(out, k, s->call.kind == AGG_AVG ? d / (double)s->n[g] : d);
            break;
        }
        case ACC_STR: VEC_STR(out)[k] = ((const Str *)s->val)[g]; break;
        case ACC_NONE: break;
        }
    }
}

/* ---- merging (sessions) ------------------------------------------------- */

/* Copy src's kept value (and NULL flag) over dst's. */
static void take_value(AccSet *a, AggState *s, uint32_t dst, uint32_t src)
{
    s->n[dst] = s->n[src];
    if (s->isnull) s->isnull[dst] = s->isnull[src];
    if (s->isnull && s->isnull[src]) return;
    switch (s->acc) {
    case ACC_I64: ((int64_t *)s->val)[dst] = ((const int64_t *)s->val)[src]; break;
    case ACC_F64: ((double *)s->val)[dst] = ((const double *)s->val)[src]; break;
    case ACC_STR: set_str(a, s, dst, ((const Str *)s->val)[src]); break;
    case ACC_NONE: break;
    }
}

/* Is src's value better than dst's for min (sign -1) or max (sign +1)? */
static bool better(const AggState *s, uint32_t src, uint32_t dst, int sign)
{
    int c = 0;
    switch (s->acc) {
    case ACC_I64: {
        int64_t x = ((const int64_t *)s->val)[src], y = ((const int64_t *)s->val)[dst];
        c = (x > y) - (x < y);
        break;
    }
    case ACC_F64: {
        double x = ((const double *)s->val)[src], y = ((const double *)s->val)[dst];
        c = DLT(y, x) - DLT(x, y);
        break;
    }
    case ACC_STR: c = str_cmp(((const Str *)s->val)[src], ((const Str *)s->val)[dst]); break;
    case ACC_NONE: break;
    }
    return c * sign > 0;
}

void acc_merge(AccSet *a, uint32_t dst, uint32_t src)
{
    for (int i = 0; i < a->n; i++) {
        AggState *s = &a->st[i];
        if (!s->n[src] || s->distinct) continue;    /* DISTINCT: acc_merge_distinct */
        switch (s->call.kind) {
        case AGG_COUNT_STAR: case AGG_COUNT: s->n[dst] += s->n[src]; break;
        case AGG_SUM: case AGG_AVG:
            if (s->acc == ACC_I64 && s->isnull) {
                /* Out of range stays NULL (reported with the next update). */
                int64_t *acc = (int64_t *)s->val;
                if (s->isnull[src] || __builtin_add_overflow(acc[dst], acc[src], &acc[dst])) {
                    a->overflows += !s->isnull[src] && !s->isnull[dst];
                    s->isnull[dst] = 1;
                }
            } else if (s->acc == ACC_I64) ADD_WRAP(((int64_t *)s->val)[dst], ((int64_t *)s->val)[src]);
            else ((double *)s->val)[dst] += ((double *)s->val)[src];
            s->n[dst] += s->n[src];
            break;
        case AGG_MIN: case AGG_MAX:
            if (!s->n[dst] || better(s, src, dst, s->call.kind == AGG_MAX ? 1 : -1))
                take_value(a, s, dst, src);
            break;
        case AGG_FIRST:
            if (!s->n[dst]) take_value(a, s, dst, src);
            break;
        case AGG_LAST: take_value(a, s, dst, src); break;
        }
    }
}

void acc_merge_distinct(AccSet *a, const uint32_t *fwd, uint32_t n_groups)
{
    if (!a->has_distinct) return;
    DistinctMoved moved = {0};
    for (int i = 0; i < a->n; i++) {
        AggState *s = &a->st[i];
        if (!s->distinct) continue;
        moved.n = 0;
        distinct_merge(s->distinct, fwd, n_groups, &moved);
        /* Feed the values new to their group through the plain kernel. */
        Type t = s->call.arg->type;
        Vector v = {.type = t};
        for (size_t off = 0; off < moved.n; off += BATCH_CAP) {
            uint32_t n = moved.n - off < BATCH_CAP ? (uint32_t)(moved.n - off) : BATCH_CAP;
            v.data = moved.bits + off;
            for (uint32_t k = 0; k < n; k++) a->rows2[k] = k;
            kernel_for(s)(a, s, &v, a->rows2, moved.gids + off, n);
        }
    }
    free(moved.gids);
    free(moved.bits);
}

/* ---- compaction and clearing --------------------------------------------- */

static void compact_array(void *arr, size_t w, const uint32_t *map, uint32_t n)
{
    if (!arr || !w) return;
    char *p = arr;
    for (uint32_t g = 0; g < n; g++)
        if (map[g] != AGG_GROUP_NONE && map[g] != g) memcpy(p + map[g] * w, p + g * w, w);
}

void acc_compact(AccSet *a, const uint32_t *map, uint32_t old_size, uint32_t live)
{
    Arena *fresh = arena_new();
    StrHeap heap;
    strheap_init(&heap, fresh);
    for (int i = 0; i < a->n; i++) {
        AggState *s = &a->st[i];
        compact_array(s->n, sizeof(int64_t), map, old_size);
        compact_array(s->val, acc_width(s->acc), map, old_size);
        compact_array(s->room, sizeof(uint32_t), map, old_size);
        compact_array(s->isnull, 1, map, old_size);
        compact_array(s->stamp, sizeof(uint32_t), map, old_size);
        if (s->distinct) distinct_remap(s->distinct, map);
        if (s->acc == ACC_STR) {
            Str *acc = s->val;
            for (uint32_t g = 0; g < live; g++) {
                acc[g] = strheap_copy(&heap, acc[g]);
                s->room[g] = acc[g].len;
            }
        }
    }
    arena_free(a->arena);
    a->arena = fresh;
    a->strings = heap;
}

void acc_clear(AccSet *a)
{
    for (int i = 0; i < a->n; i++)
        if (a->st[i].distinct) distinct_clear(a->st[i].distinct);
    arena_reset(a->arena);
    strheap_reset(&a->strings);
}

size_t acc_bytes(const AccSet *a)
{
    size_t bytes = arena_used(a->arena);
    for (int i = 0; i < a->n; i++) {
        const AggState *s = &a->st[i];
        bytes += a->cap * (sizeof(int64_t) + acc_width(s->acc) + (s->room ? 4 : 0) +
                           (s->isnull ? 1 : 0) + (s->stamp ? 4 : 0));
        if (s->distinct) bytes += distinct_bytes(s->distinct);
    }
    return bytes;
}

/* ---- setup, EXPLAIN ------------------------------------------------------ */

const char *acc_kind_name(AggKind k)
{
    switch (k) {
    case AGG_COUNT_STAR: case AGG_COUNT: return "count";
    case AGG_SUM: return "sum";
    case AGG_AVG: return "avg";
    case AGG_MIN: return "min";
    case AGG_MAX: return "max";
    case AGG_FIRST: return "first";
    case AGG_LAST: return "last";
    }
    return "?";
}

void acc_describe(const AccSet *a, StrBuf *out)
{
    for (int i = 0; i < a->n; i++) {
        const AggCall *call = &a->st[i].call;
        if (i) sb_puts(out, ", ");
        sb_printf(out, "%s(%s", acc_kind_name(call->kind), call->distinct ? "DISTINCT " : "");
        if (call->arg) expr_print(call->arg, out);
        else sb_putc(out, '*');
        sb_putc(out, ')');
    }
}

static ArgClass class_of(Type t)
{
    switch (t) {
    case TYPE_NULL: return CLS_NONE;
    case TYPE_BOOL: return CLS_BOOL;
    case TYPE_DOUBLE: return CLS_F64;
    case TYPE_TEXT: return CLS_TEXT;
    default: return CLS_I64;
    }
}

/* Set up the state of one aggregate; -1 (diag) if its argument type does
 * not suit it. */
static int state_init(ExecCtx *ctx, AggState *s, const AggCall *call)
{
    s->call = *call;
    s->cls = call->arg ? class_of(call->arg->type) : CLS_NONE;
    switch (call->kind) {
    case AGG_COUNT_STAR: case AGG_COUNT: s->acc = ACC_NONE; break;
    case AGG_SUM: case AGG_AVG:
        if (s->cls == CLS_BOOL || s->cls == CLS_TEXT)
            return diag_error(ctx->diag, call->arg->span, "%s() needs a numeric argument, not %s",
                              acc_kind_name(call->kind), type_name(call->arg->type));
        s->acc = call->kind == AGG_SUM && s->cls == CLS_I64 ? ACC_I64 : ACC_F64;
        break;
    default:
        s->acc = s->cls == CLS_F64 ? ACC_F64 : s->cls == CLS_TEXT ? ACC_STR :
                 s->cls == CLS_NONE ? ACC_NONE : ACC_I64;
        break;
    }
    /* A non-NULL optional array means "this aggregate uses it";
     * acc_reserve grows it to the group capacity. */
    if (call->kind == AGG_FIRST || call->kind == AGG_LAST) s->isnull = xmalloc(1);
    if (call->kind == AGG_SUM && s->acc == ACC_I64) s->isnull = xmalloc(1);   /* overflowed */
    if (s->acc == ACC_STR) s->room = xmalloc(sizeof(uint32_t));
    if (call->kind == AGG_LAST && s->acc == ACC_STR) s->stamp = xmalloc(sizeof(uint32_t));
    bool distinct_matters = call->kind == AGG_COUNT || call->kind == AGG_SUM || call->kind == AGG_AVG;
    if (call->distinct && distinct_matters && s->cls != CLS_NONE)
        s->distinct = distinct_new(call->arg->type);
    return 0;
}

int acc_init(AccSet *a, ExecCtx *ctx, const AggCall *calls, int n)
{
    memset(a, 0, sizeof *a);
    a->st = xcalloc((size_t)(n > 0 ? n : 1), sizeof(AggState));
    a->arena = arena_new();
    strheap_init(&a->strings, a->arena);
    for (int i = 0; i < n; i++) {
        a->n = i + 1;
        if (state_init(ctx, &a->st[i], &calls[i]) < 0) {
            acc_free(a);
            return -1;
        }
        a->has_distinct |= a->st[i].distinct != NULL;
    }
    a->n = n;
    return 0;
}

void acc_free(AccSet *a)
{
    for (int i = 0; i < a->n; i++) {
        AggState *s = &a->st[i];
        free(s->n); free(s->val); free(s->room); free(s->isnull); free(s->stamp);
        distinct_free(s->distinct);
    }
    free(a->st);
    arena_free(a->arena);
    a->st = NULL;
    a->arena = NULL;
    a->n = 0;
}
