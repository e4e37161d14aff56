/* funcs_string — text functions: length, upper, lower, trim, ltrim,
 * rtrim, substring, concat (and ||), split_part, replace.
 *
 * Strings are UTF-8; lengths and positions count characters (code points),
 * as Spark does. A result that is a slice of its input points into the
 * input (no copy); new strings are allocated in the batch arena. upper and
 * lower map ASCII directly and other characters through the C.UTF-8
 * locale when it is available (unchanged otherwise). trim removes spaces
 * only (Spark). LIKE and regexp_extract are in funcs_regex.c. */
#include <locale.h>
#include <string.h>
#include <wctype.h>

#include "expr_int.h"

/* Text kernels skip rows whose result is NULL: a NULL row's Str is
 * garbage. */
#define FOR_VALID(k, out, i, ...) \
    FOR_ROWS(k, i, if (!out_valid(out, i)) continue; __VA_ARGS__)

static inline bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

static int64_t utf8_chars(Str s)
{
    int64_t n = 0;
    for (uint32_t i = 0; i < s.len; i++) n += !is_cont((unsigned char)s.ptr[i]);
    return n;
}

/* Byte offset of character `c` (0-based) in s, or s.len if past the end. */
static uint32_t utf8_offset(Str s, int64_t c)
{
    uint32_t i = 0;
    while (i < s.len && c > 0) {
        i++;
        while (i < s.len && is_cont((unsigned char)s.ptr[i])) i++;
        c--;
    }
    return i;
}

void kern_length(const KernelCtx *k, const Vector *args, Vector *out)
{
    int64_t *O = out->data;
    FOR_VALID(k, out, i, O[i] = utf8_chars(arg_str(&args[0], i)));
}

/* ---- case mapping ---------------------------------------------------- */

/* Decode one UTF-8 sequence at p (n bytes left); returns its length, or 0
 * when it is malformed. */
static int utf8_decode(const unsigned char *p, uint32_t n, uint32_t *cp)
{
    if (p[0] < 0x80) { *cp = p[0]; return 1; }
    int len = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 0;
    if (len == 0 || (uint32_t)len > n) return 0;
    uint32_t v = p[0] & (0x7F >> len);
    for (int i = 1; i < len; i++) {
        if (!is_cont(p[i])) return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    *cp = v;
    return len;
}

static int utf8_encode(uint32_t cp, char *o)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F)); return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static void map_case(const KernelCtx *k, const Vector *args, Vector *out, bool up)
{
    Str *O = out->data;
    locale_t loc = (locale_t)0;
    bool loc_tried = false;
    FOR_VALID(k, out, i,
        Str s = arg_str(&args[0], i);
        /* At most 2x: a mapped character never needs more than twice the
         * bytes of the original (ASCII maps to ASCII). */
        char *o = out_str_alloc(k, s.len * 2);
        uint32_t n = 0;
        const unsigned char *p = (const unsigned char *)s.ptr;
        for (uint32_t j = 0; j < s.len;) {
            unsigned char c = p[j];
            if (c < 0x80) {
                o[n++] = (char)(up ? (c >= 'a' && c <= 'z' ? c - 32 : c)
                                   : (c >= 'A' && c <= 'Z' ? c + 32 : c));
                j++;
                continue;
            }
            uint32_t cp;
            int len = utf8_decode(p + j, s.len - j, &cp);
            if (len == 0) { o[n++] = (char)c; j++; continue; }
            if (!loc_tried) { loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0); loc_tried = true; }
            uint32_t m = cp;
            if (loc) m = (uint32_t)(up ? towupper_l((wint_t)cp, loc) : towlower_l((wint_t)cp, loc));
            if (m < 0x80 || m > 0x10FFFF) m = cp;   /* keep non-ASCII out of ASCII */
            n += (uint32_t)utf8_encode(m, o + n);
            j += (uint32_t)len;
        }
        O[i] = (Str){o, n});
    if (loc) freelocale(loc);
}

void kern_upper(const KernelCtx *k, const Vector *args, Vector *out) { map_case(k, args, out, true); }
void kern_lower(const KernelCtx *k, const Vector *args, Vector *out) { map_case(k, args, out, false); }

/* ---- trimming and slicing (results point into the input) ------------- */

static void trim_spaces(const KernelCtx *k, const Vector *args, Vector *out, bool left, bool right)
{
    Str *O = out->data;
    FOR_VALID(k, out, i,
        Str s = arg_str(&args[0], i);
        if (left) while (s.len && s.ptr[0] == ' ') { s.ptr++; s.len--; }
        if (right) while (s.len && s.ptr[s.len - 1] == ' ') s.len--;
        O[i] = s);
}

void kern_trim(const KernelCtx *k, const Vector *args, Vector *out) { trim_spaces(k, args, out, true, true); }
void kern_ltrim(const KernelCtx *k, const Vector *args, Vector *out) { trim_spaces(k, args, out, true, false); }
void kern_rtrim(const KernelCtx *k, const Vector *args, Vector *out) { trim_spaces(k, args, out, false, true); }

/* Spark's substring: 1-based; 0 means 1; a negative position counts from
 * the end; characters before the start of the string are "virtual" and
 * shorten the result. */
static Str substring(Str s, int64_t pos, int64_t len)
{
    int64_t nchars = utf8_chars(s);
    int64_t start = pos > 0 ? pos - 1 : pos < 0 ? nchars + pos : 0;
    int64_t end;
    if (__builtin_add_overflow(start, len, &end)) end = len > 0 ? INT64_MAX : INT64_MIN;
    if (start < 0) start = 0;
    if (end <= start || start >= nchars) return (Str){s.ptr, 0};
    uint32_t b0 = utf8_offset(s, start);
    Str rest = {s.ptr + b0, s.len - b0};
    uint32_t b1 = utf8_offset(rest, end - start);
    return (Str){rest.ptr, b1};
}

void kern_substring2(const KernelCtx *k, const Vector *args, Vector *out)
{
    Str *O = out->data;
    FOR_VALID(k, out, i, O[i] = substring(arg_str(&args[0], i), arg_i64(&args[1], i), INT64_MAX));
}

void kern_substring3(const KernelCtx *k, const Vector *args, Vector *out)
{
    Str *O = out->data;
    FOR_VALID(k, out, i, O[i] = substring(arg_str(&args[0], i), arg_i64(&args[1], i),
                                          arg_i64(&args[2], i)));
}

/* ---- building new strings -------------------------------------------- */

/* concat(a, b, ...) and a || b: NULL if any argument is NULL (the
 * evaluator's validity AND already says so). */
void kern_concat(const KernelCtx *k, const Vector *args, Vector *out)
{
    int n = k->e->n_args;
    Str *O = out->data;
    FOR_VALID(k, out, i,
        uint64_t total = 0;
        for (int a = 0; a < n; a++) total += arg_str(&args[a], i).len;
        if (total > UINT32_MAX) { vec_set_null(out, i, k->arena); continue; }
        char *o = out_str_alloc(k, (uint32_t)total);
        uint32_t at = 0;
        for (int a = 0; a < n; a++) {
            Str s = arg_str(&args[a], i);
            if (s.len) memcpy(o + at, s.ptr, s.len);
            at += s.len;
        }
        O[i] = (Str){o, at});
}

/* The first occurrence of a non-empty needle at or after byte `from`. */
static const char *find(Str hay, uint32_t from, Str needle)
{
    if (from > hay.len || hay.len - from < needle.len) return NULL;
    return memmem(hay.ptr + from, hay.len - from, needle.ptr, needle.len);
}

/* split_part(s, delim, n): the n-th part (1-based; negative counts from
 * the end); out of range gives ''; n = 0 gives NULL; an empty delimiter
 * does not split. */
void kern_split_part(const KernelCtx *k, const Vector *args, Vector *out)
{
    Str *O = out->data;
    FOR_VALID(k, out, i,
        Str s = arg_str(&args[0], i), d = arg_str(&args[1], i);
        int64_t n = arg_i64(&args[2], i);
        if (n == 0) { vec_set_null(out, i, k->arena); continue; }
        if (d.len == 0) { O[i] = (n == 1 || n == -1) ? s : (Str){s.ptr, 0}; continue; }
        int64_t parts = 1;
        for (const char *p = find(s, 0, d); p; p = find(s, (uint32_t)(p - s.ptr) + d.len, d)) parts++;
        int64_t want = n > 0 ? n - 1 : parts + n;   /* 0-based part */
        O[i] = (Str){s.ptr, 0};
        if (want < 0 || want >= parts) continue;
        uint32_t start = 0;
        for (int64_t p = 0; p < want; p++)
            start = (uint32_t)(find(s, start, d) - s.ptr) + d.len;
        const char *stop = find(s, start, d);
        O[i] = (Str){s.ptr + start, stop ? (uint32_t)(stop - s.ptr) - start : s.len - start});
}

/* s with every `from` replaced by `to`; false if the result is too long. */
static bool replace_all(const KernelCtx *k, Str s, Str from, Str to, Str *res)
{
    *res = s;
    if (from.len == 0) return true;
    uint64_t count = 0;
    for (const char *p = find(s, 0, from); p; p = find(s, (uint32_t)(p - s.ptr) + from.len, from))
        count++;
    if (count == 0) return true;
    uint64_t n = s.len + count * to.len - count * from.len;
    if (n > UINT32_MAX) return false;
    char *o = out_str_alloc(k, (uint32_t)n);
    uint32_t at = 0, src = 0;
    for (const char *p = find(s, 0, from); p; p = find(s, src, from)) {
        uint32_t off = (uint32_t)(p - s.ptr);
        memcpy(o + at, s.ptr + src, off - src);
        at += off - src;
        if (to.len) memcpy(o + at, to.ptr, to.len);
        at += to.len;
        src = off + from.len;
    }
    memcpy(o + at, s.ptr + src, s.len - src);
    at += s.len - src;
    *res = (Str){o, at};
    return true;
}

void kern_replace(const KernelCtx *k, const Vector *args, Vector *out)
{
    Str *O = out->data;
    FOR_VALID(k, out, i,
        if (!replace_all(k, arg_str(&args[0], i), arg_str(&args[1], i), arg_str(&args[2], i), &O[i]))
            vec_set_null(out, i, k->arena));
}

/* replace(s, from): remove every occurrence. */
void kern_replace2(const KernelCtx *k, const Vector *args, Vector *out)
{
    Str *O = out->data;
    FOR_VALID(k, out, i,
        if (!replace_all(k, arg_str(&args[0], i), arg_str(&args[1], i), (Str){"", 0}, &O[i]))
            vec_set_null(out, i, k->arena));
}
