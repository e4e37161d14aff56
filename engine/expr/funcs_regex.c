/* funcs_regex — pattern matching: LIKE / NOT LIKE and regexp_extract.
 *
 * LIKE: % matches any run of characters, _ exactly one (UTF-8) character,
 * a backslash makes the next character literal. A constant pattern is
 * compiled once at construction into a LikePat (exact, prefix, suffix and
 * contains patterns get memcmp/memmem fast paths); a pattern that varies
 * per row is compiled per row.
 *
 * regexp_extract uses rx (PCRE2 with limits, close to Java's syntax). A
 * constant pattern is compiled once, at construction, into the query
 * arena (a bad pattern, one over a limit, or a bad group index is an
 * analysis error on the pattern literal). A pattern from the data is
 * compiled per kernel call, with a small cache; when it does not compile,
 * or a match hits a limit, the row's value is NULL and the row is counted
 * in ExprCtx.errors (the executor reports it). No match gives '' (Spark). */
#include <stdio.h>
#include <string.h>

#include "expr_int.h"
#include "rx.h"

/* ---- LIKE ------------------------------------------------------------ */

enum { LIKE_ANY1 = 256, LIKE_STAR = 257 };
typedef enum { LIKE_EXACT, LIKE_PREFIX, LIKE_SUFFIX, LIKE_CONTAINS, LIKE_GENERAL } LikeKind;

typedef struct LikePat {
    LikeKind kind;
    Str lit;             /* the literal of the simple kinds */
    uint32_t n;          /* general: program length */
    uint16_t *prog;      /* bytes, LIKE_ANY1, LIKE_STAR */
} LikePat;

static void like_compile(Arena *a, Str pat, LikePat *lp)
{
    uint16_t *prog = arena_alloc(a, (pat.len + 1) * sizeof(uint16_t));
    uint32_t n = 0, stars = 0, any1 = 0;
    for (uint32_t i = 0; i < pat.len; i++) {
        unsigned char c = (unsigned char)pat.ptr[i];
        if (c == '\\' && i + 1 < pat.len) prog[n++] = (unsigned char)pat.ptr[++i];
        else if (c == '%') { if (n == 0 || prog[n - 1] != LIKE_STAR) { prog[n++] = LIKE_STAR; stars++; } }
        else if (c == '_') { prog[n++] = LIKE_ANY1; any1++; }
        else prog[n++] = c;
    }
    lp->prog = prog;
    lp->n = n;
    lp->kind = LIKE_GENERAL;
    if (any1) return;
    bool lead = n && prog[0] == LIKE_STAR, trail = n && prog[n - 1] == LIKE_STAR;
    uint32_t inner = stars - lead - (trail && n > 1);
    if (inner != 0) return;
    uint32_t from = lead, to = n - (trail && n > 1);
    char *lit = arena_alloc(a, to - from + 1);
    for (uint32_t i = from; i < to; i++) lit[i - from] = (char)prog[i];
    lp->lit = (Str){lit, to - from};
    lp->kind = !stars ? LIKE_EXACT : lead && trail ? LIKE_CONTAINS : lead ? LIKE_SUFFIX : LIKE_PREFIX;
}

static inline uint32_t next_char(const unsigned char *s, uint32_t n, uint32_t i)
{
    i++;
    while (i < n && (s[i] & 0xC0) == 0x80) i++;
    return i;
}

/* Wildcard matching with backtracking to the last %: O(n*m) at worst. */
static bool like_general(const uint16_t *p, uint32_t np, const unsigned char *s, uint32_t ns)
{
    uint32_t pi = 0, si = 0, star_p = UINT32_MAX, star_s = 0;
    while (si < ns) {
        if (pi < np && p[pi] == LIKE_STAR) { star_p = ++pi; star_s = si; continue; }
        if (pi < np && (p[pi] == LIKE_ANY1 || p[pi] == s[si])) {
            si = p[pi] == LIKE_ANY1 ? next_char(s, ns, si) : si + 1;
            pi++;
            continue;
        }
        if (star_p == UINT32_MAX) return false;
        pi = star_p;
        si = star_s = next_char(s, ns, star_s);
    }
    while (pi < np && p[pi] == LIKE_STAR) pi++;
    return pi == np;
}

static bool like_match(const LikePat *lp, Str s)
{
    Str l = lp->lit;
    switch (lp->kind) {
    case LIKE_EXACT: return s.len == l.len && (!l.len || memcmp(s.ptr, l.ptr, l.len) == 0);
    case LIKE_PREFIX: return s.len >= l.len && (!l.len || memcmp(s.ptr, l.ptr, l.len) == 0);
    case LIKE_SUFFIX:
        return s.len >= l.len && (!l.len || memcmp(s.ptr + s.len - l.len, l.ptr, l.len) == 0);
    case LIKE_CONTAINS: return !l.len || (s.len && memmem(s.ptr, s.len, l.ptr, l.len));
    case LIKE_GENERAL: break;
    }
    return like_general(lp->prog, lp->n, (const unsigned char *)s.ptr, s.len);
}

int prep_like(Arena *aa, Expr *call, Diag *d)
{
    (void)d;
    const Expr *p = call->args[1];
    if (p->kind == EXPR_CONST && !p->value.is_null && p->value.type == TYPE_TEXT) {
        LikePat *lp = ARENA_NEW(aa, LikePat);
        like_compile(aa, p->value.s, lp);
        call->fn_state = lp;
    }
    return 0;
}

static void like_kernel(const KernelCtx *k, const Vector *args, Vector *out, bool negate)
{
    uint8_t *O = out->data;
    const LikePat *fixed = args[1].is_const ? k->e->fn_state : NULL;
    LikePat tmp;
    if (args[1].is_const && !fixed) {         /* constant, but not at construction */
        like_compile(k->arena, VEC_STR(&args[1])[0], &tmp);
        fixed = &tmp;
    }
    FOR_ROWS(k, i, if (!out_valid(out, i)) continue;
             const LikePat *lp = fixed;
             if (!lp) { like_compile(k->arena, arg_str(&args[1], i), &tmp); lp = &tmp; }
             O[i] = (uint8_t)(like_match(lp, arg_str(&args[0], i)) != negate));
}

void kern_like(const KernelCtx *k, const Vector *args, Vector *out) { like_kernel(k, args, out, false); }
void kern_not_like(const KernelCtx *k, const Vector *args, Vector *out) { like_kernel(k, args, out, true); }

/* ---- regexp_extract -------------------------------------------------- */

/* A pattern or subject quoted in a message, cut at 60 bytes. */
static void quote(StrBuf *sb, Str s)
{
    uint32_t n = s.len > 60 ? 60 : s.len;
    sb_printf(sb, "'%.*s%s'", (int)n, s.ptr ? s.ptr : "", n < s.len ? "..." : "");
}

int prep_regexp(Arena *aa, Expr *call, Diag *d)
{
    const Expr *p = call->args[1];
    if (p->kind != EXPR_CONST || p->value.is_null || p->value.type != TYPE_TEXT) return 0;
    Rx *re = rx_compile_diag(p->value.s, aa, p->span, d);
    if (!re) return -1;
    int groups = rx_groups(re);
    int64_t idx = 1;
    if (call->n_args == 3) {
        const Expr *ie = call->args[2];
        if (ie->kind != EXPR_CONST || ie->value.is_null) { call->fn_state = re; return 0; }
        idx = ie->value.i;
    }
    if (idx < 0 || idx > groups || idx >= RX_MAX_GROUPS)
        return diag_error(d, call->span,
                          "regexp_extract group index %lld is out of range: the pattern has %d group%s",
                          (long long)idx, groups, groups == 1 ? "" : "s");
    call->fn_state = re;
    /* A constant subject too: the call will be folded with no rows to
     * count an error against, so a match over a limit is an error now. */
    const Expr *s = call->args[0];
    if (s->kind == EXPR_CONST && !s->value.is_null && s->value.type == TYPE_TEXT) {
        long so[RX_MAX_GROUPS], eo[RX_MAX_GROUPS];
        char err[200];
        if (rx_match(re, s->value.s, 0, so, eo, 0, err, sizeof err) < 0)
            return diag_error(d, call->span, "regexp_extract: %s", err);
    }
    return 0;
}

/* Count a row that could not be computed (its value is NULL). */
static void row_error(const KernelCtx *k, Str pat, Str subject, const char *why, bool compile)
{
    RowErrors *e = k->ctx ? k->ctx->errors : NULL;
    if (!e) return;
    StrBuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s: ", k->e->name ? k->e->name : "regexp_extract");
    if (compile) {
        sb_puts(&sb, "regular expression ");
        quote(&sb, pat);
        sb_printf(&sb, " from the data does not compile: %s", why);
    } else {
        sb_puts(&sb, "matching ");
        quote(&sb, subject);
        sb_puts(&sb, " against ");
        quote(&sb, pat);
        sb_printf(&sb, ": %s", why);
    }
    expr_row_error(e, NULL, "%s", sb_str(&sb));
    sb_free(&sb);
}

/* Patterns from the data seen in one kernel call (one batch): the last
 * few compiled ones, failures included, so a column that repeats a
 * handful of patterns compiles each once per batch. */
#define RX_CACHE 8
typedef struct DataPatterns {
    int n, next;
    struct { Str text; Rx *re; char err[200]; } e[RX_CACHE];
} DataPatterns;

static Rx *data_pattern(DataPatterns *c, Str pat, const char **err)
{
    for (int i = 0; i < c->n; i++)
        if (c->e[i].text.len == pat.len && (!pat.len || memcmp(c->e[i].text.ptr, pat.ptr, pat.len) == 0)) {
            *err = c->e[i].err;
            return c->e[i].re;
        }
    int slot = c->n < RX_CACHE ? c->n++ : c->next++ % RX_CACHE;
    rx_free(c->e[slot].re);
    bool limit;
    c->e[slot].text = pat;
    c->e[slot].err[0] = '\0';
    c->e[slot].re = rx_compile(pat, NULL, c->e[slot].err, sizeof c->e[slot].err, &limit);
    *err = c->e[slot].err;
    return c->e[slot].re;
}

static void extract(const KernelCtx *k, const Vector *args, Vector *out, bool has_idx)
{
    Str *O = out->data;
    DataPatterns cache = {0};
    Rx *fixed = args[1].is_const ? k->e->fn_state : NULL;
    long so[RX_MAX_GROUPS], eo[RX_MAX_GROUPS];
    char err[200];
    volatile sig_atomic_t *abort = k->ctx ? k->ctx->abort : NULL;
    FOR_ROWS(k, i, if (!out_valid(out, i)) continue;
        if (abort && *abort) {            /* the query stops: skip the rest */
            vec_set_null(out, i, k->arena);
            continue;
        }
        Str s = arg_str(&args[0], i);
        Str pat = arg_str(&args[1], i);
        int64_t idx = has_idx ? arg_i64(&args[2], i) : 1;
        const char *why = "";
        Rx *re = fixed ? fixed : data_pattern(&cache, pat, &why);
        if (!re) {
            row_error(k, pat, s, why, true);
            vec_set_null(out, i, k->arena);
            continue;
        }
        if (idx < 0 || idx > rx_groups(re) || idx >= RX_MAX_GROUPS) {
            vec_set_null(out, i, k->arena);
            continue;
        }
        O[i] = (Str){s.ptr, 0};
        int rc = rx_match(re, s, 0, so, eo, (int)idx, err, sizeof err);
        if (rc < 0) {
            row_error(k, pat, s, err, false);
            vec_set_null(out, i, k->arena);
        } else if (rc > 0 && so[idx] >= 0 && eo[idx] >= so[idx]) {
            O[i] = (Str){s.ptr + so[idx], (uint32_t)(eo[idx] - so[idx])};
        });
    for (int i = 0; i < cache.n; i++) rx_free(cache.e[i].re);
}

void kern_regexp_extract(const KernelCtx *k, const Vector *args, Vector *out) { extract(k, args, out, true); }
void kern_regexp_extract2(const KernelCtx *k, const Vector *args, Vector *out) { extract(k, args, out, false); }
