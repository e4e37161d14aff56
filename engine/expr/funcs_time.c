/* funcs_time — to_timestamp, date_trunc, unix_timestamp and the volatile
 * current_timestamp / proctime / batch_id.
 *
 * to_timestamp(text) reads ISO-8601 ('YYYY-MM-DD[ HH:MM:SS[.f]]');
 * to_timestamp(text, fmt) reads a Java-style pattern: yyyy yy MM M dd d
 * HH H hh h mm m ss s S.. (fraction digits) a (AM/PM), 'quoted text' and
 * any other non-letter as a literal. Text that does not match gives NULL.
 * A constant format or date_trunc unit is compiled at construction, where
 * an unknown one is an error. Everything is UTC. */
#include <string.h>
#include <strings.h>

#include "engine/base/timeutil.h"
#include "expr_int.h"

/* ---- volatile -------------------------------------------------------- */

void kern_now(const KernelCtx *k, const Vector *args, Vector *out)
{
    (void)args;
    int64_t *O = out->data;
    FOR_ROWS(k, i, O[i] = k->ctx->now_us);
}

void kern_batch_id(const KernelCtx *k, const Vector *args, Vector *out)
{
    (void)args;
    int64_t *O = out->data;
    FOR_ROWS(k, i, O[i] = k->ctx->batch_id);
}

void kern_unix_timestamp_now(const KernelCtx *k, const Vector *args, Vector *out)
{
    (void)args;
    int64_t *O = out->data;
    FOR_ROWS(k, i, O[i] = time_floor_div(k->ctx->now_us, US_PER_SEC));
}

void kern_unix_timestamp(const KernelCtx *k, const Vector *args, Vector *out)
{
    const int64_t *restrict A = args[0].data;
    int64_t *restrict O = out->data;
    FOR_ROWS_DENSE(k, i, O[i] = time_floor_div(A[i], US_PER_SEC));
}

/* ---- to_timestamp ---------------------------------------------------- */

void kern_to_timestamp_text(const KernelCtx *k, const Vector *args, Vector *out)
{
    int64_t *O = out->data;
    FOR_ROWS(k, i, if (!out_valid(out, i)) continue;
             Str s = arg_str(&args[0], i);
             if (!time_parse_timestamp(s.ptr, s.len, &O[i])) vec_set_null(out, i, k->arena));
}

void kern_to_timestamp_i64(const KernelCtx *k, const Vector *args, Vector *out)
{
    int64_t *O = out->data;
    FOR_ROWS(k, i, if (!out_valid(out, i)) continue;
             if (__builtin_mul_overflow(arg_i64(&args[0], i), US_PER_SEC, &O[i]))
                 vec_set_null(out, i, k->arena));
}

void kern_to_timestamp_f64(const KernelCtx *k, const Vector *args, Vector *out)
{
    int64_t *O = out->data;
    FOR_ROWS(k, i, if (!out_valid(out, i)) continue;
             if (!cast_double_to_i64(arg_f64(&args[0], i) * 1e6, &O[i]))
                 vec_set_null(out, i, k->arena));
}

typedef enum { TF_LIT, TF_YEAR, TF_MONTH, TF_DAY, TF_HOUR, TF_HOUR12, TF_MINUTE,
               TF_SECOND, TF_FRAC, TF_AMPM } TfKind;

typedef struct TfTok {
    TfKind kind;
    int width;            /* letters in a row; literal: the byte */
} TfTok;

typedef struct TimeFmt {
    int n;
    TfTok *toks;
} TimeFmt;

/* Compile a pattern; false with *bad = the offending letter. */
static bool fmt_compile(Arena *a, Str f, TimeFmt *out, char *bad)
{
    TfTok *t = arena_alloc(a, (f.len + 1) * sizeof(TfTok));
    int n = 0;
    for (uint32_t i = 0; i < f.len;) {
        char c = f.ptr[i];
        if (c == '\'') {                      /* 'quoted' literal, '' = quote */
            if (i + 1 < f.len && f.ptr[i + 1] == '\'') { t[n++] = (TfTok){TF_LIT, '\''}; i += 2; continue; }
            for (i++; i < f.len; i++) {
                if (f.ptr[i] == '\'' && !(i + 1 < f.len && f.ptr[i + 1] == '\'')) break;
                if (f.ptr[i] == '\'') i++;                /* '' inside quotes */
                t[n++] = (TfTok){TF_LIT, (unsigned char)f.ptr[i]};
            }
            i++;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            t[n++] = (TfTok){TF_LIT, (unsigned char)c};
            i++;
            continue;
        }
        uint32_t j = i;
        while (j < f.len && f.ptr[j] == c) j++;
        int w = (int)(j - i);
        TfKind kind;
        switch (c) {
        case 'y': case 'u': kind = TF_YEAR; break;
        case 'M': kind = TF_MONTH; break;
        case 'd': kind = TF_DAY; break;
        case 'H': kind = TF_HOUR; break;
        case 'h': kind = TF_HOUR12; break;
        case 'm': kind = TF_MINUTE; break;
        case 's': kind = TF_SECOND; break;
        case 'S': kind = TF_FRAC; break;
        case 'a': kind = TF_AMPM; break;
        default: *bad = c; return false;
        }
        if (kind == TF_FRAC && w > 9) { *bad = c; return false; }
        t[n++] = (TfTok){kind, w};
        i = j;
    }
    out->n = n;
    out->toks = t;
    return true;
}

static bool read_num(const char **p, const char *end, int min, int max, int64_t *v)
{
    int n = 0;
    *v = 0;
    while (n < max && *p < end && **p >= '0' && **p <= '9') { *v = *v * 10 + (**p - '0'); (*p)++; n++; }
    return n >= min;
}

static bool fmt_parse(const TimeFmt *f, Str s, int64_t *out)
{
    const char *p = s.ptr, *end = s.ptr + s.len;
    int64_t year = 1970, mon = 1, day = 1, hour = 0, min = 0, sec = 0, frac = 0, v;
    int pm = -1;
    bool h12 = false;
    for (int i = 0; i < f->n; i++) {
        const TfTok *t = &f->toks[i];
        int w = t->width;
        /* Width 1 reads one or two digits (years: up to four); wider reads exactly. */
        int lo = t->kind == TF_LIT ? 0 : w, hi = w == 1 ? (t->kind == TF_YEAR ? 4 : 2) : w;
        switch (t->kind) {
        case TF_LIT:
            if (p >= end || (unsigned char)*p != t->width) return false;
            p++;
            break;
        case TF_YEAR:
            if (!read_num(&p, end, lo, hi, &year)) return false;
            if (w == 2) year += 2000;
            break;
        case TF_MONTH: if (!read_num(&p, end, lo, hi, &mon)) return false; break;
        case TF_DAY: if (!read_num(&p, end, lo, hi, &day)) return false; break;
        case TF_HOUR: if (!read_num(&p, end, lo, hi, &hour)) return false; break;
        case TF_HOUR12:
            if (!read_num(&p, end, lo, hi, &hour) || hour < 1 || hour > 12) return false;
            h12 = true;
            break;
        case TF_MINUTE: if (!read_num(&p, end, lo, hi, &min)) return false; break;
        case TF_SECOND: if (!read_num(&p, end, lo, hi, &sec)) return false; break;
        case TF_FRAC:
            if (!read_num(&p, end, w, w, &v)) return false;
            for (int d = w; d < 6; d++) v *= 10;
            for (int d = 6; d < w; d++) v /= 10;
            frac = v;
            break;
        case TF_AMPM:
            if (end - p < 2 || (p[1] != 'M' && p[1] != 'm')) return false;
            if (*p == 'A' || *p == 'a') pm = 0;
            else if (*p == 'P' || *p == 'p') pm = 1;
            else return false;
            p += 2;
            break;
        }
    }
    if (p != end) return false;
    if (h12) hour = hour % 12 + (pm == 1 ? 12 : 0);
    static const int dim[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mon < 1 || mon > 12 || day < 1 || day > dim[mon - 1] || hour > 23 || min > 59 || sec > 59)
        return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (mon == 2 && day == 29 && !leap) return false;
    int64_t days = time_days_from_civil(year, (unsigned)mon, (unsigned)day);
    *out = days * US_PER_DAY + hour * US_PER_HOUR + min * US_PER_MIN + sec * US_PER_SEC + frac;
    return true;
}

int prep_time_format(Arena *aa, Expr *call, Diag *d)
{
    const Expr *f = call->args[1];
    if (f->kind != EXPR_CONST || f->value.is_null || f->value.type != TYPE_TEXT) return 0;
    TimeFmt *tf = ARENA_NEW(aa, TimeFmt);
    char bad = 0;
    if (!fmt_compile(aa, f->value.s, tf, &bad)) {
        diag_error(d, call->span, "invalid to_timestamp format '%.*s': unsupported pattern letter '%c'",
                   (int)f->value.s.len, f->value.s.ptr, bad);
        diag_hint(d, "supported: yyyy MM dd HH hh mm ss S (fraction) a (AM/PM), 'quoted text'");
        return -1;
    }
    call->fn_state = tf;
    return 0;
}

void kern_to_timestamp_fmt(const KernelCtx *k, const Vector *args, Vector *out)
{
    int64_t *O = out->data;
    const TimeFmt *fixed = args[1].is_const ? k->e->fn_state : NULL;
    TimeFmt tmp;
    char bad;
    FOR_ROWS(k, i, if (!out_valid(out, i)) continue;
        const TimeFmt *f = fixed;
        if (!f && fmt_compile(k->arena, arg_str(&args[1], i), &tmp, &bad)) f = &tmp;
        if (!f || !fmt_parse(f, arg_str(&args[0], i), &O[i])) vec_set_null(out, i, k->arena));
}

/* ---- date_trunc ------------------------------------------------------ */

typedef enum { TU_NONE, TU_MICRO, TU_MILLI, TU_SECOND, TU_MINUTE, TU_HOUR, TU_DAY,
               TU_WEEK, TU_MONTH, TU_QUARTER, TU_YEAR } TruncUnit;

static TruncUnit trunc_unit(Str s)
{
    static const struct { const char *name; TruncUnit u; } units[] = {
        {"microsecond", TU_MICRO}, {"millisecond", TU_MILLI}, {"second", TU_SECOND},
        {"minute", TU_MINUTE}, {"hour", TU_HOUR}, {"day", TU_DAY}, {"dd", TU_DAY},
        {"week", TU_WEEK}, {"month", TU_MONTH}, {"mon", TU_MONTH}, {"mm", TU_MONTH},
        {"quarter", TU_QUARTER}, {"year", TU_YEAR}, {"yyyy", TU_YEAR}, {"yy", TU_YEAR},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strlen(units[i].name) == s.len && strncasecmp(units[i].name, s.ptr, s.len) == 0)
            return units[i].u;
    return TU_NONE;
}

static int64_t trunc_ts(int64_t us, TruncUnit u)
{
    static const int64_t step[] = {[TU_MICRO] = 1, [TU_MILLI] = 1000, [TU_SECOND] = US_PER_SEC,
                                   [TU_MINUTE] = US_PER_MIN, [TU_HOUR] = US_PER_HOUR,
                                   [TU_DAY] = US_PER_DAY};
    if (u <= TU_DAY) return us - time_floor_mod(us, step[u]);
    int64_t days = time_floor_div(us, US_PER_DAY);
    if (u == TU_WEEK)                        /* 1970-01-01 was a Thursday */
        return (days - time_floor_mod(days + 3, 7)) * US_PER_DAY;
    int64_t y;
    unsigned m, d;
    time_civil_from_days(days, &y, &m, &d);
    if (u == TU_QUARTER) m = (m - 1) / 3 * 3 + 1;
    if (u == TU_YEAR) m = 1;
    return time_days_from_civil(y, m, 1) * US_PER_DAY;
}

int prep_date_trunc(Arena *aa, Expr *call, Diag *d)
{
    const Expr *f = call->args[0];
    if (f->kind != EXPR_CONST || f->value.is_null || f->value.type != TYPE_TEXT) return 0;
    TruncUnit *u = ARENA_NEW(aa, TruncUnit);
    *u = trunc_unit(f->value.s);
    if (*u == TU_NONE) {
        diag_error(d, call->span, "date_trunc unit '%.*s' is not recognized",
                   (int)f->value.s.len, f->value.s.ptr);
        diag_hint(d, "units: microsecond, millisecond, second, minute, hour, day, week, month, quarter, year");
        return -1;
    }
    call->fn_state = u;
    return 0;
}

void kern_date_trunc(const KernelCtx *k, const Vector *args, Vector *out)
{
    int64_t *O = out->data;
    TruncUnit fixed = TU_NONE;
    if (args[0].is_const)
        fixed = k->e->fn_state ? *(const TruncUnit *)k->e->fn_state : trunc_unit(VEC_STR(&args[0])[0]);
    FOR_ROWS(k, i, if (!out_valid(out, i)) continue;
        TruncUnit u = args[0].is_const ? fixed : trunc_unit(arg_str(&args[0], i));
        if (u == TU_NONE) vec_set_null(out, i, k->arena);
        else O[i] = trunc_ts(arg_i64(&args[1], i), u));
}
