/* funcs_regex — pattern matching: LIKE / NOT LIKE and regexp_extract.
 *
 * LIKE: % matches any run of characters, _ exactly one (UTF-8) character,
 * a backslash makes the next character literal. A constant pattern is
 * compiled once at construction into a LikePat (exact, prefix, suffix and
 * contains patterns get memcmp/memmem fast paths); a pattern that varies
 * per row is compiled per row.
 *
 * regexp_extract uses POSIX extended regular expressions (<regex.h>) with
 * \d and \D accepted as in Java. A regex_t owns heap memory that an arena
 * cannot free, so a constant pattern is checked at construction (bad
 * pattern or group index -> error) and compiled once per kernel call (one
 * batch), not once per row. No match gives '' (Spark). */
#include <regex.h>
#include <string.h>

#include "expr_int.h"

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

#define MAX_GROUPS 32

/* The pattern as a NUL-terminated POSIX ERE, with \d and \D outside
 * bracket expressions rewritten. */
static char *regex_translate(Arena *a, Str pat)
{
    char *o = arena_alloc(a, (size_t)pat.len * 6 + 1);
    size_t n = 0;
    bool bracket = false;
    for (uint32_t i = 0; i < pat.len; i++) {
        char c = pat.ptr[i];
        if (!bracket && c == '\\' && i + 1 < pat.len && (pat.ptr[i + 1] == 'd' || pat.ptr[i + 1] == 'D')) {
            const char *rep = pat.ptr[++i] == 'd' ? "[0-9]" : "[^0-9]";
            memcpy(o + n, rep, strlen(rep));
            n += strlen(rep);
            continue;
        }
        if (!bracket && c == '\\' && i + 1 < pat.len) { o[n++] = c; o[n++] = pat.ptr[++i]; continue; }
        if (!bracket && c == '[') {
            bracket = true;
            o[n++] = c;
            if (i + 1 < pat.len && pat.ptr[i + 1] == '^') o[n++] = pat.ptr[++i];
            if (i + 1 < pat.len && pat.ptr[i + 1] == ']') o[n++] = pat.ptr[++i];
            continue;
        }
        if (bracket && c == ']') bracket = false;
        o[n++] = c;
    }
    o[n] = '\0';
    return o;
}

int prep_regexp(Arena *aa, Expr *call, Diag *d)
{
    const Expr *p = call->args[1];
    if (p->kind != EXPR_CONST || p->value.is_null || p->value.type != TYPE_TEXT) return 0;
    char *pat = regex_translate(aa, p->value.s);
    regex_t re;
    int rc = regcomp(&re, pat, REG_EXTENDED);
    if (rc != 0) {
        char msg[128];
        regerror(rc, &re, msg, sizeof msg);
        return diag_error(d, call->span, "invalid regular expression '%.*s': %s",
                          (int)p->value.s.len, p->value.s.ptr, msg);
    }
    size_t groups = re.re_nsub;
    regfree(&re);
    int64_t idx = 1;
    if (call->n_args == 3) {
        const Expr *ie = call->args[2];
        if (ie->kind != EXPR_CONST || ie->value.is_null) { call->fn_state = pat; return 0; }
        idx = ie->value.i;
    }
    if (idx < 0 || (uint64_t)idx > groups || idx >= MAX_GROUPS)
        return diag_error(d, call->span,
                          "regexp_extract group index %lld is out of range: the pattern has %zu group%s",
                          (long long)idx, groups, groups == 1 ? "" : "s");
    call->fn_state = pat;
    return 0;
}

/* One compiled pattern, reused while the pattern text stays the same. */
typedef struct ReCache {
    bool compiled, ok;
    regex_t re;
    Str text;
} ReCache;

static bool cache_get(ReCache *c, Arena *a, Str pat, const char *translated)
{
    if (c->compiled && c->text.len == pat.len &&
        (pat.len == 0 || memcmp(c->text.ptr, pat.ptr, pat.len) == 0))
        return c->ok;
    if (c->compiled && c->ok) regfree(&c->re);
    c->compiled = true;
    c->text = pat;
    c->ok = regcomp(&c->re, translated ? translated : regex_translate(a, pat), REG_EXTENDED) == 0;
    return c->ok;
}

static void extract(const KernelCtx *k, const Vector *args, Vector *out, bool has_idx)
{
    Str *O = out->data;
    ReCache cache = {0};
    const char *fixed = args[1].is_const ? k->e->fn_state : NULL;
    regmatch_t m[MAX_GROUPS];
    FOR_ROWS(k, i, if (!out_valid(out, i)) continue;
        Str s = arg_str(&args[0], i);
        int64_t idx = has_idx ? arg_i64(&args[2], i) : 1;
        if (!cache_get(&cache, k->arena, arg_str(&args[1], i), fixed) ||
            idx < 0 || (uint64_t)idx > cache.re.re_nsub || idx >= MAX_GROUPS) {
            vec_set_null(out, i, k->arena);
            continue;
        }
        m[0].rm_so = 0;
        m[0].rm_eo = (regoff_t)s.len;
        O[i] = (Str){s.ptr, 0};
        if (regexec(&cache.re, s.len ? s.ptr : "", (size_t)idx + 1, m, REG_STARTEND) == 0 &&
            m[idx].rm_so >= 0)
            O[i] = (Str){s.ptr + m[idx].rm_so, (uint32_t)(m[idx].rm_eo - m[idx].rm_so)});
    if (cache.compiled && cache.ok) regfree(&cache.re);
}

void kern_regexp_extract(const KernelCtx *k, const Vector *args, Vector *out) { extract(k, args, out, true); }
void kern_regexp_extract2(const KernelCtx *k, const Vector *args, Vector *out) { extract(k, args, out, false); }
