/* fmt_json — JSON Lines: one object per line, fields matched by name.
 *
 * Keys match column names case-insensitively; a missing key or null is
 * NULL; keys that name no needed column are skipped without being
 * converted. Values:
 *   string        unescaped (\uXXXX and surrogate pairs to UTF-8), then
 *                 converted for non-TEXT columns ("42" reads as BIGINT);
 *   number, true, false   their text, converted (raw text for TEXT);
 *   object, array         raw JSON text for TEXT, else a bad record.
 * A line that is not one JSON object (plus blanks) is a bad record; blank
 * lines are skipped. Nested values are skipped by bracket matching, not
 * validated. Duplicate keys: the last one wins. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "engine/base/mem.h"
#include "io_internal.h"

typedef struct JsonState {
    uint32_t *seen;    /* seen[c] == stamp: the record set column c */
    uint32_t stamp;
    uint64_t *word;    /* column c's name in a word, zero-padded (names <= 8 bytes) */
} JsonState;

static const char *const json_options[] = {NULL};

static void json_open(Input *in)
{
    JsonState *st = xcalloc(1, sizeof *st);
    st->seen = xcalloc((size_t)in->n_cols + 1, sizeof *st->seen);
    st->word = xcalloc((size_t)in->n_cols + 1, sizeof *st->word);
    for (int c = 0; c < in->n_cols; c++)
        if (in->name_lens[c] <= 8) memcpy(&st->word[c], in->names[c], in->name_lens[c]);
    in->fstate = st;
}

static void json_close(Input *in)
{
    JsonState *st = in->fstate;
    if (st) {
        free(st->seen);
        free(st->word);
    }
    free(st);
    in->fstate = NULL;
}

static int json_check_schema(const InputDef *def, Span span, Diag *d)
{
    (void)span;
    if (def->schema.n < 1)
        return diag_error(d, SPAN_NONE, "format 'json' needs at least one column");
    return 0;
}

static inline const char *skip_ws(const char *p, const char *e)
{
    /* Whitespace sorts below '!': one comparison for the usual non-blank. */
    while (p < e && (unsigned char)*p <= ' ' &&
           (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

/* The end of a string whose opening quote is at p[-1] (points at the
 * closing quote), or NULL. *esc: it holds escapes. */
static const char *string_end(const char *p, const char *e, bool *esc)
{
    *esc = false;
#ifdef __SSE2__
    /* 16 bytes at a time to the next quote or backslash. */
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
    while (e - p >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)));
        if (m == 0) {
            p += 16;
            continue;
        }
        p += __builtin_ctz(m);
        if (*p == '"') return p;
        *esc = true;
        p += 2;                             /* the backslash and what it escapes */
    }
#endif
    for (; p < e; p++) {
        if (*p == '"') return p;
        if (*p == '\\') { *esc = true; p++; }
    }
    return NULL;
}

/* The end of a nested object or array starting at p, or NULL. */
static const char *nested_end(const char *p, const char *e)
{
    int depth = 0;
    bool esc;
    for (; p < e; p++) {
        if (*p == '"') {
            if (!(p = string_end(p + 1, e, &esc))) return NULL;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            if (--depth == 0) return p + 1;
        }
    }
    return NULL;
}

static int hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Unescape p[0..n) into dst (room for n bytes: escapes never grow).
 * Returns the length, or -1 on a bad escape. Lone surrogates become
 * U+FFFD. */
static long unescape(const char *p, size_t n, char *dst)
{
    const char *e = p + n;
    char *o = dst;
    while (p < e) {
        if (*p != '\\') { *o++ = *p++; continue; }
        if (++p == e) return -1;
        char c = *p++;
        switch (c) {
        case '"': case '\\': case '/': *o++ = c; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            int u = e - p >= 4 ? hex4(p) : -1;
            if (u < 0) return -1;
            p += 4;
            uint32_t cp = (uint32_t)u;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                int lo = e - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex4(p + 2) : -1;
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
                    p += 6;
                } else {
                    cp = 0xFFFD;
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            o += put_utf8(o, cp);   /* \uXXXX is 6 bytes, UTF-8 at most 4 */
            break;
        }
        default: return -1;
        }
    }
    return o - dst;
}

static int bad_json(Input *in, const char *what, const char *line, const char *at)
{
    sb_reset(&in->reason);
    sb_printf(&in->reason, "invalid JSON: %s at character %ld", what, (long)(at - line) + 1);
    return -1;
}

/* find_column's general case, out of line to keep the fast path small. */
static __attribute__((noinline)) int find_column_slow(Input *in, const char *k, size_t n,
                                                      int hint)
{
    for (int i = 0; i < in->n_cols; i++) {
        int c = (hint + i) % in->n_cols;
        if (in->name_lens[c] == n && strncasecmp(in->names[c], k, n) == 0)
            return in->needed[c] ? c : -1;
    }
    return -1;
}

/* The needed column a key names, or -1. Tries the column after the last
 * match first: records usually repeat the same key order. The key k
 * (n bytes) lies in a line that ends at e. */
static inline int find_column(Input *in, const JsonState *st, const char *k, size_t n, const char *e,
                       int hint)
{
    /* Fast path: the hint column spelled exactly so, compared as one word
     * when the name is short and 8 bytes can be read. The loop below would
     * return it too, as it tries the hint first, but with strncasecmp. */
    if (in->name_lens[hint] == n) {
        bool same;
        if (n <= 8 && e - k >= 8) {
            uint64_t mask = n == 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * n)) - 1;
            same = (load8(k) & mask) == st->word[hint];
        } else {
            same = memcmp(in->names[hint], k, n) == 0;
        }
        if (same) return in->needed[hint] ? hint : -1;
    }
    return find_column_slow(in, k, n, hint);
}

/* Parse the object on [s, e) into row `row`. -1 with in->reason set. */
static int json_record(Input *in, JsonState *st, Batch *out, uint32_t row,
                       const char *line, const char *s, const char *e)
{
    const char *p = s;
    bool esc;
    if (*p != '{') {
        sb_reset(&in->reason);
        sb_puts(&in->reason, "not a JSON object");
        return -1;
    }
    if (++st->stamp == 0) {                       /* wrapped: forget old stamps */
        memset(st->seen, 0, (size_t)in->n_cols * sizeof *st->seen);
        st->stamp = 1;
    }
    int hint = 0;
    p = skip_ws(p + 1, e);
    if (p < e && *p == '}') goto closed;
    for (;;) {
        if (p == e || *p != '"') return bad_json(in, "expected a key", line, p);
        const char *k = p + 1, *ke = string_end(k, e, &esc);
        if (!ke) return bad_json(in, "unterminated string", line, p);
        int col;
        if (esc) {
            sb_reset(&in->scratch);
            sb_reserve(&in->scratch, (size_t)(ke - k) + 1);
            long n = unescape(k, (size_t)(ke - k), in->scratch.data);
            if (n < 0) return bad_json(in, "bad escape in key", line, k);
            const char *u = in->scratch.data;
            col = find_column(in, st, u, (size_t)n, u + n, hint);
        } else {
            col = find_column(in, st, k, (size_t)(ke - k), e, hint);
        }
        p = skip_ws(ke + 1, e);
        if (p == e || *p != ':') return bad_json(in, "expected ':'", line, p);
        p = skip_ws(p + 1, e);
        if (p == e) return bad_json(in, "expected a value", line, p);

        const char *v = p, *ve;
        if (*p == '"') {
            if (!(ve = string_end(p + 1, e, &esc)))
                return bad_json(in, "unterminated string", line, p);
            p = ve + 1;
            if (col >= 0) {
                const char *sp = v + 1;
                size_t n = (size_t)(ve - sp);
                if (esc) {
                    char *dst;
                    if (in->types[col] == TYPE_TEXT) {
                        dst = arena_alloc(out->arena, n);
                    } else {
                        sb_reset(&in->scratch);
                        sb_reserve(&in->scratch, n + 1);
                        dst = in->scratch.data;
                    }
                    long m = unescape(sp, n, dst);
                    if (m < 0) return bad_json(in, "bad escape in string", line, v);
                    sp = dst;
                    n = (size_t)m;
                }
                if (input_store(in, out, col, row, sp, n) < 0) return -1;
            }
        } else if (*p == '{' || *p == '[') {
            if (!(p = nested_end(p, e)))
                return bad_json(in, *v == '{' ? "unterminated object" : "unterminated array",
                                line, v);
            if (col >= 0 && input_store(in, out, col, row, v, (size_t)(p - v)) < 0) return -1;
        } else if (e - p >= 4 && memcmp(p, "null", 4) == 0) {
            p += 4;
            if (col >= 0) input_store_null(out, col, row);
        } else {
            /* number, true or false: the bare token */
            while (p < e && *p != ',' && *p != '}' && *p != ' ' && *p != '\t' && *p != '\r')
                p++;
            bool ok = (*v == '-' || (*v >= '0' && *v <= '9')) ||
                      (p - v == 4 && memcmp(v, "true", 4) == 0) ||
                      (p - v == 5 && memcmp(v, "false", 5) == 0);
            if (!ok) return bad_json(in, "unexpected value", line, v);
            if (col >= 0 && input_store(in, out, col, row, v, (size_t)(p - v)) < 0) return -1;
        }
        if (col >= 0) {
            st->seen[col] = st->stamp;
            hint = col + 1 < in->n_cols ? col + 1 : 0;
        }
        p = skip_ws(p, e);
        if (p < e && *p == ',') { p = skip_ws(p + 1, e); continue; }
        if (p < e && *p == '}') break;
        return bad_json(in, "expected ',' or '}'", line, p);
    }
closed:
    if (skip_ws(p + 1, e) != e)
        return bad_json(in, "text after the object", line, skip_ws(p + 1, e));
    for (int c = 0; c < in->n_cols; c++)
        if (in->needed[c] && st->seen[c] != st->stamp) input_store_null(out, c, row);
    return 0;
}

static int json_parse(Input *in, Batch *out, uint32_t *rows, uint32_t max_rows, bool final)
{
    JsonState *st = in->fstate;
    while (*rows < max_rows) {
        const char *p = in->buf + in->pos, *end = in->buf + in->end;
        if (p == end) return 0;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl && !final) return 0;
        const char *le = nl ? nl : end, *next = nl ? nl + 1 : end;
        int64_t line = in->line;
        const char *s = skip_ws(p, le);
        if (s == le) {                                    /* blank line */
            input_consume(in, next, nl != NULL, false);
            continue;
        }
        input_consume(in, next, nl != NULL, true);
        if (input_too_long(in, p, next)) {
            if (input_bad_record(in, line) < 0) return -1;
            continue;
        }
        if (json_record(in, st, out, *rows, p, s, le) < 0) {
            if (input_bad_record(in, line) < 0) return -1;
            continue;
        }
        (*rows)++;
    }
    return 0;
}

const FormatVtab fmt_json = {
    .name = "json",
    .options = json_options,
    .check_schema = json_check_schema,
    .open = json_open,
    .close = json_close,
    .parse = json_parse,
};
