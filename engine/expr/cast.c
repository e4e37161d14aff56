/* cast — CAST between every pair of types, as kernels.
 *
 * A value that does not convert gives NULL (text that does not parse, a
 * double out of BIGINT range, NaN to BIGINT), as in Spark with ANSI off;
 * an explicit CAST also reports it as a row error (expr_row_error), so
 * that it is counted and shown like a bad record. Implicit casts (a NULL
 * literal, TEXT -> TIMESTAMP for time functions) stay quiet.
 * Text is trimmed of surrounding whitespace before parsing; text to BIGINT
 * accepts a fraction and truncates it, as Spark does. BIGINT <-> TIMESTAMP
 * counts seconds since the epoch. Casts that can never work (BOOLEAN <->
 * TIMESTAMP, INTERVAL <-> numbers, ...) are refused at construction
 * (cast_allowed), so they have no kernel. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/base/timeutil.h"
#include "expr_int.h"

bool cast_allowed(Type from, Type to)
{
    if (to == TYPE_NULL) return from == TYPE_NULL;
    if (from == to || from == TYPE_NULL || from == TYPE_TEXT || to == TYPE_TEXT) return true;
    bool fnum = type_is_numeric(from), tnum = type_is_numeric(to);
    if (fnum && tnum) return true;
    if ((fnum && to == TYPE_BOOL) || (from == TYPE_BOOL && tnum)) return true;
    if ((fnum && to == TYPE_TIMESTAMP) || (from == TYPE_TIMESTAMP && tnum)) return true;
    return false;
}

/* ---- text parsing ---------------------------------------------------- */

static inline bool is_blank(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static Str str_trim_blank(Str s)
{
    while (s.len && is_blank(s.ptr[0])) { s.ptr++; s.len--; }
    while (s.len && is_blank(s.ptr[s.len - 1])) s.len--;
    return s;
}

bool cast_text_to_i64(Str s, int64_t *out)
{
    s = str_trim_blank(s);
    const char *p = s.ptr, *end = s.ptr + s.len;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-')) neg = *p++ == '-';
    uint64_t v = 0, limit = neg ? UINT64_C(9223372036854775808) : INT64_MAX;
    const char *digits = p;
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        unsigned dgt = (unsigned)(*p - '0');
        if (v > (limit - dgt) / 10) return false;
        v = v * 10 + dgt;
    }
    bool any = p > digits;
    if (p < end && *p == '.') {           /* fraction: truncated */
        const char *f = ++p;
        while (p < end && *p >= '0' && *p <= '9') p++;
        any = any || p > f;
    }
    if (!any || p != end) return false;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

bool cast_text_to_f64(Str s, double *out)
{
    s = str_trim_blank(s);
    char buf[128];
    if (s.len == 0 || s.len >= sizeof buf) return false;
    memcpy(buf, s.ptr, s.len);
    buf[s.len] = '\0';
    const char *body = buf + (buf[0] == '+' || buf[0] == '-');
    if (strcasecmp(body, "nan") == 0 || strcasecmp(body, "inf") == 0 ||
        strcasecmp(body, "infinity") == 0) {
        double v = body[0] == 'n' || body[0] == 'N' ? NAN : INFINITY;
        *out = buf[0] == '-' ? -v : v;
        return true;
    }
    /* Only decimal notation: strtod would also take hex and "nan(...)". */
    for (const char *p = body; *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' ||
              *p == '+' || *p == '-'))
            return false;
    char *end;
    *out = strtod(buf, &end);
    return *end == '\0' && end != buf;
}

bool cast_text_to_bool(Str s, uint8_t *out)
{
    static const char *const yes[] = {"t", "true", "y", "yes", "1"};
    static const char *const no[] = {"f", "false", "n", "no", "0"};
    s = str_trim_blank(s);
    for (int i = 0; i < 5; i++) {
        if (strlen(yes[i]) == s.len && strncasecmp(yes[i], s.ptr, s.len) == 0) { *out = 1; return true; }
        if (strlen(no[i]) == s.len && strncasecmp(no[i], s.ptr, s.len) == 0) { *out = 0; return true; }
    }
    return false;
}

bool cast_double_to_i64(double d, int64_t *out)
{
    double t = trunc(d);
    if (!f64_fits_i64(t)) return false;
    *out = (int64_t)t;
    return true;
}

/* ---- kernels --------------------------------------------------------- */

/* Report a value that an explicit CAST could not convert. */
static void cast_failed_text(const KernelCtx *k, Str a)
{
    if (k->e->implicit) return;
    expr_row_error(k->ctx->errors, k->e, "invalid input syntax for type %s: \"%.*s\"",
                   type_name(k->e->type), (int)(a.len > 64 ? 64 : a.len), a.ptr);
}

static void cast_failed_f64(const KernelCtx *k, double a)
{
    if (k->e->implicit) return;
    expr_row_error(k->ctx->errors, k->e, "%.17g is out of range for type %s", a, type_name(k->e->type));
}

static void cast_failed_i64(const KernelCtx *k, int64_t a)
{
    if (k->e->implicit) return;
    expr_row_error(k->ctx->errors, k->e, "%lld is out of range for type %s", (long long)a,
                   type_name(k->e->type));
}

/* A kernel from a per-row conversion that may fail: STEP reads `a` and
 * sets `r`, `ok`; FAIL(k, a) reports a failure. Text inputs are read only
 * on valid rows. */
#define DEF_CAST(NAME, TA, TO, GET, FAIL, STEP)                               \
    static void NAME(const KernelCtx *k, const Vector *args, Vector *out)     \
    {                                                                         \
        const Vector *va = &args[0];                                          \
        TO *O = out->data;                                                    \
        FOR_ROWS(k, i, if (!out_valid(out, i)) continue;                      \
                 TA a = GET(va, i); TO r = 0; bool ok = true; STEP;           \
                 O[i] = r;                                                    \
                 if (!ok) { vec_set_null(out, i, k->arena); FAIL(k, a); });   \
    }
#define GET_I64(v, i) arg_i64(v, i)
#define GET_F64(v, i) arg_f64(v, i)
#define GET_BOOL(v, i) VEC_BOOL(v)[arg_row(v, i)]
#define GET_STR(v, i) arg_str(v, i)

DEF_CAST(f64_to_i64, double, int64_t, GET_F64, cast_failed_f64, ok = cast_double_to_i64(a, &r))
DEF_CAST(i64_to_ts, int64_t, int64_t, GET_I64, cast_failed_i64,
         ok = !__builtin_mul_overflow(a, US_PER_SEC, &r))
DEF_CAST(f64_to_ts, double, int64_t, GET_F64, cast_failed_f64,
         ok = cast_double_to_i64(a * 1e6, &r))
DEF_CAST(text_to_i64, Str, int64_t, GET_STR, cast_failed_text, ok = cast_text_to_i64(a, &r))
DEF_CAST(text_to_f64, Str, double, GET_STR, cast_failed_text, ok = cast_text_to_f64(a, &r))
DEF_CAST(text_to_bool, Str, uint8_t, GET_STR, cast_failed_text, ok = cast_text_to_bool(a, &r))
DEF_CAST(text_to_ts, Str, int64_t, GET_STR, cast_failed_text,
         ok = time_parse_timestamp(a.ptr, a.len, &r))

static void text_to_iv(const KernelCtx *k, const Vector *args, Vector *out)
{
    int64_t *O = out->data;
    char buf[128];
    FOR_ROWS(k, i, if (!out_valid(out, i)) continue;
             Str s = arg_str(&args[0], i);
             bool ok = s.len < sizeof buf;
             if (ok) { memcpy(buf, s.ptr, s.len); buf[s.len] = '\0';
                       ok = time_parse_interval(buf, NULL, &O[i]); }
             if (!ok) { vec_set_null(out, i, k->arena); cast_failed_text(k, s); });
}

/* Never-failing conversions, safe on garbage rows. */
#define DEF_CONV(NAME, TA, TO, EXPR)                                          \
    static void NAME(const KernelCtx *k, const Vector *args, Vector *out)     \
    {                                                                         \
        const TA *restrict A = args[0].data;                                  \
        TO *restrict O = out->data;                                           \
        FOR_ROWS_DENSE(k, i, TA a = A[i]; O[i] = (EXPR));                     \
    }
DEF_CONV(i64_to_f64, int64_t, double, (double)a)
DEF_CONV(i64_to_bool, int64_t, uint8_t, a != 0)
DEF_CONV(f64_to_bool, double, uint8_t, a != 0)
DEF_CONV(bool_to_i64, uint8_t, int64_t, a != 0)
DEF_CONV(bool_to_f64, uint8_t, double, a != 0)
DEF_CONV(ts_to_i64, int64_t, int64_t, time_floor_div(a, US_PER_SEC))
DEF_CONV(ts_to_f64, int64_t, double, (double)a / 1e6)

/* Anything to text: format each valid row into the arena. */
static void any_to_text(const KernelCtx *k, const Vector *args, Vector *out)
{
    Str *O = out->data;
    StrBuf sb = STRBUF_INIT;
    FOR_ROWS(k, i, if (!out_valid(out, i)) continue;
             Value v = vec_get(&args[0], i);
             char *p;
             switch (v.type) {
             case TYPE_BOOL:
                 O[i] = v.b ? (Str){"true", 4} : (Str){"false", 5};
                 continue;
             case TYPE_INT64: {
                 char buf[24];
                 int n = snprintf(buf, sizeof buf, "%lld", (long long)v.i);
                 p = arena_memdup(k->arena, buf, (size_t)n);
                 O[i] = (Str){p, (uint32_t)n};
                 continue;
             }
             default:
                 sb_reset(&sb);
                 value_format(&v, &sb);
                 p = arena_memdup(k->arena, sb_str(&sb), sb.len ? sb.len : 1);
                 O[i] = (Str){p, (uint32_t)sb.len};
             });
    sb_free(&sb);
}

Kernel cast_kernel(Type from, Type to)
{
    if (to == TYPE_TEXT) return any_to_text;
    switch (from) {
    case TYPE_TEXT:
        switch (to) {
        case TYPE_INT64: return text_to_i64;
        case TYPE_DOUBLE: return text_to_f64;
        case TYPE_BOOL: return text_to_bool;
        case TYPE_TIMESTAMP: return text_to_ts;
        case TYPE_INTERVAL: return text_to_iv;
        default: return NULL;
        }
    case TYPE_INT64:
        return to == TYPE_DOUBLE ? i64_to_f64 : to == TYPE_BOOL ? i64_to_bool
             : to == TYPE_TIMESTAMP ? i64_to_ts : NULL;
    case TYPE_DOUBLE:
        return to == TYPE_INT64 ? f64_to_i64 : to == TYPE_BOOL ? f64_to_bool
             : to == TYPE_TIMESTAMP ? f64_to_ts : NULL;
    case TYPE_BOOL:
        return to == TYPE_INT64 ? bool_to_i64 : to == TYPE_DOUBLE ? bool_to_f64 : NULL;
    case TYPE_TIMESTAMP:
        return to == TYPE_INT64 ? ts_to_i64 : to == TYPE_DOUBLE ? ts_to_f64 : NULL;
    default:
        return NULL;
    }
}
