/* fmt_csv — CSV records (RFC 4180) straight into column vectors.
 *
 * A record is a line, unless a quoted field holds line breaks. Fields are
 * split by `delimiter`; a field that starts with the quote character is
 * quoted: delimiters and newlines inside are data and a doubled quote is
 * one quote. A quote inside an unquoted field is an ordinary character.
 *
 * Two paths: a line without any quote character whose newline is in the
 * buffer (the common case) is split by the fast path, which finds the
 * delimiters and the newline 64 bytes at a time with bitmasks (SSE2, or a
 * byte loop elsewhere); otherwise a small state machine splits the record,
 * possibly across lines. Then each needed field is stored: by reference
 * into the read buffer when it needs no unescaping, else copied.
 *
 * NULLs: an unquoted field equal to null_value (default '', so an empty
 * unquoted field) is NULL for every type; a quoted "" is an empty string
 * for TEXT; an empty field of another type is NULL. Blank lines are
 * skipped. A wrong number of fields is a bad record. */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "engine/base/mem.h"
#include "io_internal.h"

enum { F_PLAIN, F_QUOTED, F_ESCAPED };   /* escaped: quoted, with "" inside */

typedef struct Field {
    const char *p;
    uint32_t n;
    uint32_t kind;
} Field;

typedef struct CsvState {
    Field *f;          /* the first n_cols fields of the current record */
} CsvState;

/* What splitting a record found. */
enum { SPLIT_OK, SPLIT_MORE, SPLIT_BAD, SPLIT_BLANK };

static const char *const csv_options[] = {"header", "delimiter", "quote", "null_value", NULL};

static void csv_open(Input *in)
{
    CsvState *st = xcalloc(1, sizeof *st);
    st->f = xcalloc((size_t)in->n_cols + 1, sizeof *st->f);
    in->fstate = st;
}

static void csv_close(Input *in)
{
    CsvState *st = in->fstate;
    if (st) free(st->f);
    free(st);
    in->fstate = NULL;
}

static int csv_check_schema(const InputDef *def, Span span, Diag *d)
{
    (void)span;
    if (def->schema.n < 1)
        return diag_error(d, SPAN_NONE, "format 'csv' needs at least one column");
    return 0;
}

/* Split a line that holds no quote character; returns the field count. */
static int split_plain(Field *f, int ncols, const char *p, const char *le, char delim)
{
    int nf = 0;
    for (;;) {
        const char *q = p;
        while (q < le && *q != delim) q++;
        if (nf < ncols) f[nf] = (Field){p, (uint32_t)(q - p), F_PLAIN};
        nf++;
        if (q == le) return nf;
        p = q + 1;
    }
}

static int64_t count_newlines(const char *p, const char *e)
{
    int64_t n = 0;
    while ((p = memchr(p, '\n', (size_t)(e - p)))) { n++; p++; }
    return n;
}

/* Split a record that may hold quoted fields, from p up to the buffer end.
 * On SPLIT_OK/SPLIT_BAD sets *nf, *next (start of the next record) and
 * *nls (newlines consumed); SPLIT_BAD sets in->reason. SPLIT_MORE: the
 * record is not complete in the buffer yet. */
static int split_quoted(Input *in, Field *f, const char *p, const char *end,
                        bool final, int *nf_out, const char **next, int64_t *nls)
{
    const char delim = in->cfg.delim, quote = (char)in->cfg.quote;
    const char *why = NULL;
    int nf = 0;
    *nls = 0;
    for (;;) {
        Field fld;
        const char *s = p;
        if (s < end && *s == quote) {
            const char *q = s + 1;
            bool esc = false;
            for (;;) {
                const char *qq = memchr(q, quote, (size_t)(end - q));
                if (!qq) {
                    if (!final) return SPLIT_MORE;
                    *nls += count_newlines(s, end);
                    why = "unterminated quoted field";
                    p = end;
                    goto bad;
                }
                if (qq + 1 == end && !final) return SPLIT_MORE;   /* "" or end? */
                if (qq + 1 < end && qq[1] == quote) { esc = true; q = qq + 2; continue; }
                fld = (Field){s + 1, (uint32_t)(qq - s - 1), esc ? F_ESCAPED : F_QUOTED};
                *nls += count_newlines(s, qq);
                p = qq + 1;
                break;
            }
            /* After the closing quote: a delimiter or the end of the record. */
            if (p < end && *p != delim && *p != '\n' &&
                !(*p == '\r' && (p + 1 == end || p[1] == '\n'))) {
                why = "unexpected character after closing quote";
                goto bad;
            }
            if (p < end && *p == '\r' && p + 1 == end && !final) return SPLIT_MORE;
        } else {
            while (p < end && *p != delim && *p != '\n') p++;
            if (p == end && !final) return SPLIT_MORE;
            const char *fe = p;
            if (fe > s && fe[-1] == '\r' && (p == end || *p == '\n')) fe--;
            fld = (Field){s, (uint32_t)(fe - s), F_PLAIN};
        }
        if (nf < in->n_cols) f[nf] = fld;
        nf++;
        if (p < end && *p == '\r') p++;
        if (p == end) { *next = end; break; }
        if (*p == '\n') { *next = p + 1; (*nls)++; break; }
        p++;                                             /* the delimiter */
    }
    *nf_out = nf;
    return SPLIT_OK;

bad:
    /* Skip to the end of the line the error is on. */
    {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl && !final) return SPLIT_MORE;
        *next = nl ? nl + 1 : end;
        *nls += nl != NULL;
    }
    sb_reset(&in->reason);
    sb_printf(&in->reason, "malformed CSV: %s", why);
    return SPLIT_BAD;
}

/* Store field c of a record; -1 with in->reason set if it does not convert. */
static int store_field(Input *in, Batch *out, uint32_t row, int c, const Field *f)
{
    const char quote = (char)in->cfg.quote;
    if (f->kind == F_PLAIN && f->n == in->null_len &&
        (f->n == 0 || memcmp(f->p, in->null_value, f->n) == 0)) {
        input_store_null(out, c, row);
        return 0;
    }
    if (f->kind != F_ESCAPED) return input_store(in, out, c, row, f->p, f->n);
    /* Undo the doubled quotes: into the batch arena for TEXT (it is kept),
     * into scratch for a conversion. */
    char *dst;
    if (in->types[c] == TYPE_TEXT) {
        dst = arena_alloc(out->arena, f->n);
    } else {
        sb_reset(&in->scratch);
        sb_reserve(&in->scratch, f->n + 1);
        dst = in->scratch.data;
    }
    size_t n = 0;
    for (uint32_t i = 0; i < f->n; i++) {
        dst[n++] = f->p[i];
        if (f->p[i] == quote) i++;
    }
    return input_store(in, out, c, row, dst, n);
}

/* ---- the fast path ----------------------------------------------------- */

/* Bit i set: p[i] is the delimiter d, the quote q or '\n' (i < n <= 64). */
static uint64_t mask_bytes(const char *p, size_t n, char d, char q)
{
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= (uint64_t)(p[i] == d || p[i] == q || p[i] == '\n') << i;
    return m;
}

/* mask_bytes of 64 bytes. */
static inline uint64_t mask_64(const char *p, char d, char q)
{
#ifdef __SSE2__
    const __m128i vd = _mm_set1_epi8(d), vq = _mm_set1_epi8(q), vn = _mm_set1_epi8('\n');
    uint64_t m = 0;
    for (int i = 0; i < 4; i++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vd), _mm_cmpeq_epi8(x, vq)),
                                   _mm_cmpeq_epi8(x, vn));
        m |= (uint64_t)(uint16_t)_mm_movemask_epi8(hit) << (16 * i);
    }
    return m;
#else
    return mask_bytes(p, 64, d, q);
#endif
}

/* A window of up to 64 bytes [base, wend) of the buffer and the bits of
 * its structural characters not yet consumed. Lives for one csv_parse
 * call (the buffer does not move meanwhile). */
typedef struct Scan {
    const char *base, *wend;
    uint64_t bits;
} Scan;

static void scan_window(Scan *s, const char *p, const char *end, char d, char q)
{
    s->base = p;
    if (end - p >= 64) {
        s->wend = p + 64;
        s->bits = mask_64(p, d, q);
    } else {
        s->wend = end;
        s->bits = mask_bytes(p, (size_t)(end - p), d, q);
    }
}

/* Split the line at p if it holds no quote and its newline is in the
 * buffer: returns the newline, with the fields in f (the first ncols)
 * and their count in *nf, as split_plain does. NULL: take the general
 * path. On success the scan continues right after the newline, so the
 * next line's bytes are not looked at twice; s->base == NULL restarts
 * it at p. */
static const char *split_fast(Scan *s, Field *f, int ncols, const char *p, const char *end,
                              char delim, char q, int *nf_out)
{
    if (!s->base) scan_window(s, p, end, delim, q);
    int nf = 0;
    const char *fs = p;                           /* start of the current field */
    for (;;) {
        while (s->bits == 0) {
            if (s->wend == end) return NULL;      /* no newline in the buffer */
            scan_window(s, s->wend, end, delim, q);
        }
        const char *x = s->base + __builtin_ctzll(s->bits);
        s->bits &= s->bits - 1;
        if (*x == delim) {
            if (nf < ncols) f[nf] = (Field){fs, (uint32_t)(x - fs), F_PLAIN};
            nf++;
            fs = x + 1;
        } else if (*x == '\n') {
            /* As split_plain over the line less a final CR. */
            const char *le = x > fs && x[-1] == '\r' ? x - 1 : x;
            if (nf < ncols) f[nf] = (Field){fs, (uint32_t)(le - fs), F_PLAIN};
            *nf_out = nf + 1;
            return x;
        } else {
            return NULL;                          /* a quote */
        }
    }
}

/* The general path for the record at p: frame it and split it. Returns
 * SPLIT_MORE (incomplete), SPLIT_BLANK (a blank line), SPLIT_BAD (in->reason
 * set) or SPLIT_OK, with *next and *nls as split_quoted sets them. */
static int split_record(Input *in, Field *f, const char *p, const char *end, bool final,
                        int *nf, const char **next, int64_t *nls)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl && !final) return SPLIT_MORE;
    const char *le = nl ? nl : end;
    *next = nl ? nl + 1 : end;
    *nls = nl != NULL;
    if (in->cfg.quote >= 0 && memchr(p, in->cfg.quote, (size_t)(le - p)))
        return split_quoted(in, f, p, end, final, nf, next, nls);
    if (le > p && le[-1] == '\r') le--;
    if (le == p) return SPLIT_BLANK;
    *nf = split_plain(f, in->n_cols, p, le, in->cfg.delim);
    return SPLIT_OK;
}

static int csv_parse(Input *in, Batch *out, uint32_t *rows, uint32_t max_rows, bool final)
{
    CsvState *st = in->fstate;
    Field *f = st->f;
    const int ncols = in->n_cols;
    const char delim = in->cfg.delim;
    /* Without quoting, '\n' stands in for the quote in the masks. */
    const char qchar = in->cfg.quote >= 0 ? (char)in->cfg.quote : '\n';
    Scan scan = {0};
    while (*rows < max_rows) {
        const char *p = in->buf + in->pos, *end = in->buf + in->end, *next;
        const int64_t line = in->line;
        int64_t nls = 1;
        int nf, r = SPLIT_OK;
        const char *nl = split_fast(&scan, f, ncols, p, end, delim, qchar, &nf);
        if (nl) {
            next = nl + 1;
            if (nl == p || (nl == p + 1 && *p == '\r')) r = SPLIT_BLANK;
        } else {
            if (p == end) return 0;
            scan.base = NULL;                     /* restart the scan after this record */
            r = split_record(in, f, p, end, final, &nf, &next, &nls);
        }
        if (r == SPLIT_MORE) return 0;
        if (r == SPLIT_BLANK) {
            input_consume(in, next, nls, false);
            continue;
        }
        if (r == SPLIT_BAD) {
            input_consume(in, next, nls, true);
            if (input_bad_record(in, line) < 0) return -1;
            continue;
        }
        if (in->header_pending) {
            in->header_pending = false;
            input_consume(in, next, nls, false);
            continue;
        }
        input_consume(in, next, nls, true);
        if (input_too_long(in, p, next)) {
            if (input_bad_record(in, line) < 0) return -1;
            continue;
        }
        if (nf != ncols) {
            sb_reset(&in->reason);
            sb_printf(&in->reason, "expected %d field%s, found %d", ncols,
                      ncols == 1 ? "" : "s", nf);
            if (input_bad_record(in, line) < 0) return -1;
            continue;
        }
        const uint32_t row = *rows;
        int c = 0;
        for (; c < ncols; c++)
            if (in->needed[c] && store_field(in, out, row, c, &f[c]) < 0) break;
        if (c < ncols) {
            if (input_bad_record(in, line) < 0) return -1;
            continue;
        }
        (*rows)++;
    }
    return 0;
}

const FormatVtab fmt_csv = {
    .name = "csv",
    .options = csv_options,
    .check_schema = csv_check_schema,
    .open = csv_open,
    .close = csv_close,
    .parse = csv_parse,
};
