/* convert — field text to typed column values, for every format.
 *
 * BOOLEAN  true/false/1/0, case-insensitive
 * BIGINT   optional sign and decimal digits, 64-bit, overflow rejected
 * DOUBLE   decimal or exponent notation, NaN/Infinity; never the locale's
 *          decimal comma (strtod_l with the C locale as a fallback only)
 * TIMESTAMP  time_parse_timestamp, or an epoch number (timestamp_format)
 * INTERVAL   time_parse_interval ("10 seconds", "1 hour 30 minutes")
 * Blanks around a non-TEXT value are ignored; an empty value is NULL.
 * TEXT is stored as is, by reference.
 *
 * The integer and simple-decimal paths are by hand: they run once per
 * field of every row. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/base/mem.h"
#include "engine/base/timeutil.h"
#include "io_internal.h"

static void trim(const char **p, size_t *n)
{
    const char *s = *p, *e = s + *n;
    while (s < e && (*s == ' ' || *s == '\t')) s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t')) e--;
    *p = s;
    *n = (size_t)(e - s);
}

bool conv_int64(const char *p, size_t n, int64_t *out)
{
    /* Fast path: an optional '-' and 1 to 18 digits, nothing else. Below
     * 10^18 < 2^63 nothing can overflow, so no check per digit. */
    const bool minus = n > 0 && *p == '-';
    const size_t nd = n - minus;
    if (nd >= 1 && nd <= 18) {
        uint64_t v = 0;
        size_t i = minus;
        for (; i < n; i++) {
            unsigned d = (unsigned)(p[i] - '0');
            if (d > 9) break;
            v = v * 10 + d;
        }
        if (i == n) {
            *out = minus ? -(int64_t)v : (int64_t)v;
            return true;
        }
    }
    trim(&p, &n);
    const char *e = p + n;
    bool neg = false;
    if (p < e && (*p == '-' || *p == '+')) neg = *p++ == '-';
    if (p == e) return false;
    uint64_t v = 0;
    const uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; p < e; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (d > 9) return false;
        if (v > (limit - d) / 10) return false;   /* v * 10 + d > limit */
        v = v * 10 + d;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

/* Powers of ten that doubles hold exactly (Clinger's fast path). */
static const double pow10_exact[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* Exact when the mantissa fits in 53 bits and |exponent| <= 22; false
 * means "use the slow path", not "invalid". */
static bool double_fast(const char *p, const char *e, double *out)
{
    bool neg = false;
    if (p < e && (*p == '-' || *p == '+')) neg = *p++ == '-';
    uint64_t m = 0;
    int digits = 0, frac = 0;
    bool any = false;
    for (; p < e && (unsigned)(*p - '0') <= 9; p++, any = true) {
        if (m || *p != '0') digits++;
        m = m * 10 + (unsigned)(*p - '0');
        if (digits > 18) return false;
    }
    if (p < e && *p == '.') {
        for (p++; p < e && (unsigned)(*p - '0') <= 9; p++, any = true) {
            if (m || *p != '0') digits++;
            m = m * 10 + (unsigned)(*p - '0');
            frac++;
            if (digits > 18) return false;
        }
    }
    if (!any) return false;
    int exp = 0;
    if (p < e && (*p == 'e' || *p == 'E')) {
        p++;
        bool eneg = false;
        if (p < e && (*p == '-' || *p == '+')) eneg = *p++ == '-';
        if (p == e) return false;
        for (; p < e && (unsigned)(*p - '0') <= 9; p++) {
            exp = exp * 10 + (*p - '0');
            if (exp > 400) return false;
        }
        if (eneg) exp = -exp;
    }
    if (p != e) return false;
    exp -= frac;
    if (m > (UINT64_C(1) << 53) || exp < -22 || exp > 22) return false;
    double d = (double)m;
    d = exp < 0 ? d / pow10_exact[-exp] : d * pow10_exact[exp];
    *out = neg ? -d : d;
    return true;
}

bool conv_double(const char *p, size_t n, locale_t loc, double *out)
{
    trim(&p, &n);
    if (n == 0) return false;
    if (double_fast(p, p + n, out)) return true;
    /* Slow path: long mantissas, big exponents, NaN and Infinity. */
    char small[64];
    char *s = n < sizeof small ? small : xmalloc(n + 1);
    memcpy(s, p, n);
    s[n] = '\0';
    bool ok = !memchr(s, 'x', n) && !memchr(s, 'X', n);   /* no hex floats */
    char *endp = s;
    if (ok) {
        *out = strtod_l(s, &endp, loc);
        ok = endp == s + n;
    }
    if (s != small) free(s);
    return ok;
}

bool conv_bool(const char *p, size_t n, uint8_t *out)
{
    trim(&p, &n);
    if (n == 1 && (*p == '1' || *p == '0')) { *out = *p == '1'; return true; }
    if (n == 4 && strncasecmp(p, "true", 4) == 0) { *out = 1; return true; }
    if (n == 5 && strncasecmp(p, "false", 5) == 0) { *out = 0; return true; }
    return false;
}

/* An epoch number (integer or decimal, e.g. "1681635600.25") in units of
 * `scale` microseconds. Digits beyond microseconds are truncated. */
static bool epoch_to_us(const char *p, size_t n, int64_t scale, int64_t *out)
{
    const char *e = p + n;
    bool neg = false;
    if (p < e && (*p == '-' || *p == '+')) neg = *p++ == '-';
    const char *ip = p;
    while (p < e && (unsigned)(*p - '0') <= 9) p++;
    int64_t whole;
    if (p == ip) {
        whole = 0;
    } else if (!conv_int64(ip, (size_t)(p - ip), &whole) || whole > INT64_MAX / scale) {
        return false;
    }
    int64_t frac_us = 0;
    if (p < e && *p == '.') {
        const char *fp = ++p;
        int64_t f = 0, div = 1;
        while (p < e && (unsigned)(*p - '0') <= 9) {
            if (p - fp < 6) { f = f * 10 + (*p - '0'); div *= 10; }
            p++;
        }
        if (p == fp && ip == fp - 1) return false;   /* just "." */
        frac_us = f * scale / div;
    } else if (p == ip) {
        return false;
    }
    if (p != e) return false;
    int64_t us = whole * scale;
    if (us > INT64_MAX - frac_us) return false;
    us += frac_us;
    *out = neg ? -us : us;
    return true;
}

/* "HH:MM:SS" at p (8 bytes, read as one little-endian word) as seconds
 * of the day, or -1. Each byte is checked to be a digit or the colon,
 * then digit pairs are combined in place: byte i becomes
 * 10 * digit i + digit i+1. */
static int64_t clock_swar(const char *p)
{
    const uint64_t x = load8(p);
    const uint64_t digits = UINT64_C(0xFFFF00FFFF00FFFF), colons = ~digits;
    const uint64_t d = x & UINT64_C(0x0F0F0F0F0F0F0F0F) & digits;
    if ((x & UINT64_C(0xF0F0F0F0F0F0F0F0) & digits) != (UINT64_C(0x3030303030303030) & digits) ||
        ((d + UINT64_C(0x0606060606060606)) & UINT64_C(0xF0F0F0F0F0F0F0F0) & digits) != 0 ||
        (x & colons) != (UINT64_C(0x3A3A3A3A3A3A3A3A) & colons))
        return -1;
    const uint64_t pairs = d * 10 + (d >> 8);
    const int64_t h = (int64_t)(pairs & 0xFF), m = (int64_t)((pairs >> 24) & 0xFF),
                  s = (int64_t)((pairs >> 48) & 0xFF);
    if (h > 23 || m > 59 || s > 59) return -1;
    return h * 3600 + m * 60 + s;
}

/* "YYYY-MM-DD HH:MM:SS" at p (19 bytes, checked) as microseconds, or -1.
 * The date's value is cached: consecutive rows mostly share it. */
static int64_t second_slow(const char *p, TsCache *cache)
{
    const int64_t secs = clock_swar(p + 11);
    if (secs < 0) return -1;
    if (!cache->valid || load8(p) != load8(cache->date) || p[8] != cache->date[8] ||
        p[9] != cache->date[9]) {
        int64_t day_us;
        if (!time_parse_timestamp(p, 10, &day_us)) return -1;
        memcpy(cache->date, p, 10);
        cache->day_us = day_us;
        cache->valid = true;
    }
    return cache->day_us + secs * US_PER_SEC;
}

/* The common "YYYY-MM-DD HH:MM:SS[.ffffff]" (or 'T') without an offset.
 * Rows close in time share their whole second: its text and value are
 * cached, so most rows compare 19 bytes and read the fraction. false
 * means "not this simple shape": the caller uses the full parser, which
 * also decides what is invalid. */
static bool timestamp_fast(const char *p, size_t n, TsCache *cache, int64_t *out)
{
    if (n < 19 || n > 26 || n == 20 || (p[10] != ' ' && p[10] != 'T') ||
        (n > 19 && p[19] != '.'))
        return false;
    int64_t second_us;
    if (cache->second_valid && load8(p) == load8(cache->second) &&
        load8(p + 8) == load8(cache->second + 8) && load4(p + 15) == load4(cache->second + 15)) {
        second_us = cache->second_us;
    } else {
        if ((second_us = second_slow(p, cache)) < 0) return false;
        memcpy(cache->second, p, 19);
        cache->second_us = second_us;
        cache->second_valid = true;
    }
    int64_t frac = 0;
    for (size_t i = 20; i < n; i++) {
        unsigned d = (unsigned)(p[i] - '0');
        if (d > 9) return false;
        frac = frac * 10 + d;
    }
    static const int64_t scale[] = {100000, 10000, 1000, 100, 10, 1};   /* by digits - 1 */
    if (n > 20) frac *= scale[n - 21];
    *out = second_us + frac;
    return true;
}

bool conv_timestamp(const char *p, size_t n, TsFormat f, TsCache *cache, int64_t *out)
{
    if (f == TS_TEXT)
        return (cache && timestamp_fast(p, n, cache, out)) || time_parse_timestamp(p, n, out);
    trim(&p, &n);
    int64_t scale = f == TS_EPOCH_S ? US_PER_SEC : f == TS_EPOCH_MS ? 1000 : 1;
    int64_t us;
    if (epoch_to_us(p, n, scale, &us)) {
        if (!time_in_range(us)) return false;
        *out = us;
        return true;
    }
    /* Exponent notation (1.6816356e9, as some JSON writers emit). */
    double d;
    if (!memchr(p, 'e', n) && !memchr(p, 'E', n)) return false;
    if (!double_fast(p, p + n, &d)) return false;
    d *= (double)scale;
    if (!(d >= (double)TIME_MIN_US && d <= (double)TIME_MAX_US)) return false;
    *out = (int64_t)d;
    return true;
}

/* Did conv_timestamp refuse p because the time it names is outside the
 * supported range (rather than because it is not a time at all)? */
static bool timestamp_out_of_range(const char *p, size_t n, TsFormat f)
{
    int64_t us;
    if (f == TS_TEXT) return time_parse_timestamp_checked(p, n, &us) == TIME_PARSE_RANGE;
    /* An epoch number: [+-]digits[.digits][e[+-]digits], refused only for
     * its size. */
    trim(&p, &n);
    const char *e = p + n;
    if (p < e && (*p == '-' || *p == '+')) p++;
    const char *d0 = p;
    while (p < e && (unsigned)(*p - '0') <= 9) p++;
    if (p < e && *p == '.') p++;
    while (p < e && (unsigned)(*p - '0') <= 9) p++;
    if (p == d0 || (p == d0 + 1 && *d0 == '.')) return false;
    if (p < e && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < e && (*p == '-' || *p == '+')) p++;
        const char *x0 = p;
        while (p < e && (unsigned)(*p - '0') <= 9) p++;
        if (p == x0) return false;
    }
    return p == e;
}

bool conv_interval(const char *p, size_t n, StrBuf *scratch, int64_t *out)
{
    sb_reset(scratch);
    sb_append(scratch, p, n);
    return time_parse_interval(sb_str(scratch), NULL, out);
}

static int bad_value(Input *in, int col, const char *p, size_t n)
{
    sb_reset(&in->reason);
    sb_printf(&in->reason, "column \"%s\": cannot read ", in->names[col]);
    input_quote_text(&in->reason, p, n);
    sb_printf(&in->reason, " as %s", type_name(in->types[col]));
    static const char *const epoch[] = {NULL, "epoch_s", "epoch_ms", "epoch_us"};
    if (in->types[col] == TYPE_TIMESTAMP && in->cfg.ts_format != TS_TEXT)
        sb_printf(&in->reason, " (%s)", epoch[in->cfg.ts_format]);
    if (in->types[col] == TYPE_TIMESTAMP && timestamp_out_of_range(p, n, in->cfg.ts_format))
        sb_puts(&in->reason, ": outside the supported range 0001-01-01 00:00:00 to "
                             "9999-12-31 23:59:59.999999");
    return -1;
}

/* One store function per type (see input_store_fn): the type is known
 * when the input opens, so rows do not switch on it. */
static int store_text(Input *in, Batch *out, int col, uint32_t row, const char *p, size_t n)
{
    (void)in;
    input_store_text(out, col, row, p, n);
    return 0;
}

/* The non-TEXT stores: empty text is NULL, else convert with CONV (an
 * expression over p, n and the element pointer `dst`). */
#define DEFINE_STORE(name, elem, CONV)                                              \
    static int name(Input *in, Batch *out, int col, uint32_t row, const char *p,   \
                    size_t n)                                                       \
    {                                                                               \
        Vector *v = &out->cols[col];                                                \
        if (n == 0) {                                                               \
            input_store_null(out, col, row);                                        \
            return 0;                                                               \
        }                                                                           \
        elem *dst = &((elem *)v->data)[row];                                        \
        if (!(CONV)) return bad_value(in, col, p, n);                               \
        vec_set_valid(v, row);                                                      \
        return 0;                                                                   \
    }

DEFINE_STORE(store_int64, int64_t, conv_int64(p, n, dst))
DEFINE_STORE(store_double, double, conv_double(p, n, in->c_locale, dst))
DEFINE_STORE(store_bool, uint8_t, conv_bool(p, n, dst))
DEFINE_STORE(store_timestamp, int64_t, conv_timestamp(p, n, in->cfg.ts_format, &in->ts_cache, dst))
DEFINE_STORE(store_interval, int64_t, conv_interval(p, n, &in->tmp, dst))

/* A column of type NULL holds NULL or nothing. */
static int store_null(Input *in, Batch *out, int col, uint32_t row, const char *p, size_t n)
{
    if (n) return bad_value(in, col, p, n);
    input_store_null(out, col, row);
    return 0;
}

StoreFn input_store_fn(Type t)
{
    switch (t) {
    case TYPE_TEXT: return store_text;
    case TYPE_INT64: return store_int64;
    case TYPE_DOUBLE: return store_double;
    case TYPE_BOOL: return store_bool;
    case TYPE_TIMESTAMP: return store_timestamp;
    case TYPE_INTERVAL: return store_interval;
    case TYPE_NULL: break;
    }
    return store_null;
}
