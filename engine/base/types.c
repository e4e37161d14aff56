/* types — names, formatting and ordering of SQL values (see types.h). */
#include "types.h"
#include "timeutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *type_name(Type t)
{
    switch (t) {
    case TYPE_NULL: return "NULL";
    case TYPE_BOOL: return "BOOLEAN";
    case TYPE_INT64: return "BIGINT";
    case TYPE_DOUBLE: return "DOUBLE";
    case TYPE_TEXT: return "TEXT";
    case TYPE_TIMESTAMP: return "TIMESTAMP";
    case TYPE_INTERVAL: return "INTERVAL";
    }
    return "?";
}

static const struct { const char *name; Type type; } type_names[] = {
    {"boolean", TYPE_BOOL}, {"bool", TYPE_BOOL},
    {"int", TYPE_INT64}, {"integer", TYPE_INT64}, {"bigint", TYPE_INT64},
    {"smallint", TYPE_INT64}, {"long", TYPE_INT64},
    {"double", TYPE_DOUBLE}, {"float", TYPE_DOUBLE}, {"real", TYPE_DOUBLE},
    {"text", TYPE_TEXT}, {"varchar", TYPE_TEXT}, {"string", TYPE_TEXT},
    {"char", TYPE_TEXT},
    {"timestamp", TYPE_TIMESTAMP},
    {"interval", TYPE_INTERVAL},
};

bool type_from_name(const char *name, Type *out)
{
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++) {
        if (strcasecmp(name, type_names[i].name) == 0) {
            *out = type_names[i].type;
            return true;
        }
    }
    return false;
}

size_t type_width(Type t)
{
    switch (t) {
    case TYPE_BOOL: return sizeof(uint8_t);
    case TYPE_DOUBLE: return sizeof(double);
    case TYPE_TEXT: return sizeof(Str);
    case TYPE_NULL: return sizeof(uint8_t);
    default: return sizeof(int64_t);
    }
}

bool type_is_numeric(Type t) { return t == TYPE_INT64 || t == TYPE_DOUBLE; }

/* Fast path of format_double for the d nearest a decimal m / 10^k, m an
 * integer of at most 15 digits, k <= 6, 1e-4 <= |d| < 1e15 (prices,
 * averages of integers, 0.908 * price).
 * Why the text is the same: m / 10^k in double is correctly rounded, so
 * the check below proves d is the double nearest the decimal D = m / 10^k;
 * |d - D| is then below half a unit of D's 15th digit, so "%.15g" prints
 * D (fixed notation in this range, trailing zeros dropped) and strtod
 * reads it back as d: the slow path stops at precision 15 with D too.
 * False: not this shape. */
static bool format_double_short(double d, StrBuf *out)
{
    static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
    double a = fabs(d);
    if (!(a >= 1e-4 && a < 1e15)) return false;
    for (int k = 0; k <= 6; k++) {
        double s = a * pow10[k];
        if (s >= 1e15) return false;
        /* The nearest integer is the candidate; the division (of two exact
         * doubles, so correctly rounded, as strtod is) says whether
         * m / 10^k reads back as a. */
        uint64_t m = (uint64_t)floor(s + 0.5);
        if ((double)m / pow10[k] != a) continue;
        /* The digits of m with a point k places from the right. */
        char buf[24], *e = buf + sizeof buf, *p = e;
        int frac = k;
        while (frac > 0 && m % 10 == 0) { m /= 10; frac--; }   /* %g drops trailing zeros */
        for (int i = 0; i < frac; i++) { *--p = (char)('0' + m % 10); m /= 10; }
        if (frac) *--p = '.';
        do { *--p = (char)('0' + m % 10); m /= 10; } while (m);
        if (d < 0) *--p = '-';
        sb_append(out, p, (size_t)(e - p));
        if (!frac) sb_append(out, ".0", 2);
        return true;
    }
    return false;
}

void format_double(double d, StrBuf *out)
{
    if (isnan(d)) { sb_puts(out, "NaN"); return; }
    if (isinf(d)) { sb_puts(out, d < 0 ? "-Infinity" : "Infinity"); return; }
    if (format_double_short(d, out)) return;
    char buf[40];
    /* Shortest precision that reads back exactly. */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (prec == 17 || strtod(buf, NULL) == d) break;
    }
    sb_puts(out, buf);
    if (!strpbrk(buf, ".eEn")) sb_puts(out, ".0");
}

void value_format(const Value *v, StrBuf *out)
{
    if (v->is_null || v->type == TYPE_NULL) { sb_puts(out, "NULL"); return; }
    switch (v->type) {
    case TYPE_BOOL: sb_puts(out, v->b ? "true" : "false"); break;
    case TYPE_INT64: sb_printf(out, "%lld", (long long)v->i); break;
    case TYPE_DOUBLE: format_double(v->d, out); break;
    case TYPE_TEXT: sb_append(out, v->s.ptr, v->s.len); break;
    case TYPE_TIMESTAMP: time_format_timestamp(v->i, out); break;
    case TYPE_INTERVAL: time_format_interval(v->i, out); break;
    case TYPE_NULL: break;
    }
}

int value_compare(const Value *a, const Value *b)
{
    bool an = a->is_null || a->type == TYPE_NULL;
    bool bn = b->is_null || b->type == TYPE_NULL;
    if (an || bn) return an == bn ? 0 : an ? -1 : 1;
    if (a->type == TYPE_DOUBLE || b->type == TYPE_DOUBLE) {
        double x = a->type == TYPE_DOUBLE ? a->d : (double)a->i;
        double y = b->type == TYPE_DOUBLE ? b->d : (double)b->i;
        return x < y ? -1 : x > y ? 1 : 0;
    }
    switch (a->type) {
    case TYPE_BOOL: return (int)a->b - (int)b->b;
    case TYPE_TEXT: {
        uint32_t n = a->s.len < b->s.len ? a->s.len : b->s.len;
        int c = n ? memcmp(a->s.ptr, b->s.ptr, n) : 0;
        if (c) return c < 0 ? -1 : 1;
        return a->s.len < b->s.len ? -1 : a->s.len > b->s.len ? 1 : 0;
    }
    default: return a->i < b->i ? -1 : a->i > b->i ? 1 : 0;
    }
}

int schema_find(const Schema *s, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (s->cols[i].name && strcasecmp(s->cols[i].name, name) == 0) return i;
    return -1;
}

const Option *options_find(const Options *o, const char *key)
{
    for (int i = 0; o && i < o->n; i++)
        if (strcasecmp(o->items[i].key, key) == 0) return &o->items[i];
    return NULL;
}

const char *options_get(const Options *o, const char *key)
{
    const Option *opt = options_find(o, key);
    return opt ? opt->value : NULL;
}
