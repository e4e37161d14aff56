/* rx — regular expressions through PCRE2, with limits (see rx.h).
 *
 * Each Rx holds its own compiled code, match data, match context and JIT
 * stack, so one pattern is matched without allocating. It does not cache
 * patterns: callers keep an Rx as long as its pattern text stays the
 * same. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rx.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/base/mem.h"

struct Rx {
    pcre2_code *code;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;   /* NULL when not JIT-compiled */
    int groups;
};

void rx_free(Rx *re)
{
    if (!re) return;
    pcre2_match_data_free(re->md);
    pcre2_match_context_free(re->mctx);
    pcre2_jit_stack_free(re->jit_stack);
    pcre2_code_free(re->code);
    free(re);
}

static void rx_free_deferred(void *re) { rx_free(re); }

Rx *rx_compile(Str pat, Arena *owner, char *err, size_t err_n, bool *is_limit)
{
    *is_limit = false;
    if (pat.len > RX_MAX_PATTERN) {
        *is_limit = true;
        snprintf(err, err_n, "pattern is too long: %u bytes, the limit is %d", pat.len, RX_MAX_PATTERN);
        return NULL;
    }
    pcre2_compile_context *cctx = pcre2_compile_context_create(NULL);
    if (!cctx) abort();       /* out of memory, as xmalloc */
    pcre2_set_max_pattern_length(cctx, RX_MAX_PATTERN);
    pcre2_set_parens_nest_limit(cctx, RX_MAX_NEST);
    pcre2_set_newline(cctx, PCRE2_NEWLINE_ANY);
    pcre2_set_compile_extra_options(cctx, PCRE2_EXTRA_ALT_BSUX);
    int code_err;
    PCRE2_SIZE off;
    /* Invalid UTF-8 in the pattern is an error; in a subject it never
     * matches (PCRE2_MATCH_INVALID_UTF), as text from the data may hold
     * any bytes. */
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)(pat.len ? pat.ptr : ""), pat.len,
                                     PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_ALT_BSUX,
                                     &code_err, &off, cctx);
    pcre2_compile_context_free(cctx);
    if (!code) {
        PCRE2_UCHAR msg[160];
        if (pcre2_get_error_message(code_err, msg, sizeof msg) < 0) snprintf((char *)msg, sizeof msg, "error %d", code_err);
        /* Too large, nested too deeply, too many groups: a limit. */
        *is_limit = code_err == PCRE2_ERROR_PATTERN_TOO_LARGE || code_err == PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP ||
                    code_err == PCRE2_ERROR_PATTERN_TOO_COMPLICATED || code_err == PCRE2_ERROR_HEAP_FAILED ||
                    code_err == PCRE2_ERROR_TOO_MANY_CAPTURES || code_err == PCRE2_ERROR_PATTERN_STRING_TOO_LONG ||
                    code_err == PCRE2_ERROR_QUANTIFIER_TOO_BIG;
        snprintf(err, err_n, "%s at offset %zu", (const char *)msg, (size_t)off);
        return NULL;
    }
    size_t size = 0;
    pcre2_pattern_info(code, PCRE2_INFO_SIZE, &size);
    if (size > RX_MAX_COMPILED) {
        pcre2_code_free(code);
        *is_limit = true;
        snprintf(err, err_n, "pattern is too large: it compiles to %zu bytes, the limit is %d", size,
                 RX_MAX_COMPILED);
        return NULL;
    }
    uint32_t groups = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
    Rx *re = xcalloc(1, sizeof *re);
    re->code = code;
    re->groups = (int)groups;
    re->md = pcre2_match_data_create_from_pattern(code, NULL);
    re->mctx = pcre2_match_context_create(NULL);
    if (!re->md || !re->mctx) abort();
    pcre2_set_match_limit(re->mctx, RX_MATCH_LIMIT);
    pcre2_set_depth_limit(re->mctx, RX_MATCH_LIMIT);
    pcre2_set_heap_limit(re->mctx, RX_HEAP_LIMIT_KIB);
    /* JIT when available (same results; the match limit still applies,
     * and its stack is bounded too). Failing to JIT is not an error. */
    if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0) {
        re->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
        if (re->jit_stack) pcre2_jit_stack_assign(re->mctx, NULL, re->jit_stack);
    }
    if (owner) arena_defer(owner, rx_free_deferred, re);
    return re;
}

Rx *rx_compile_diag(Str pat, Arena *owner, Span span, Diag *d)
{
    char err[256];
    bool limit;
    Rx *re = rx_compile(pat, owner, err, sizeof err, &limit);
    if (re) return re;
    uint32_t n = pat.len > 60 ? 60 : pat.len;
    const char *cut = n < pat.len ? "..." : "";
    if (!limit) {
        diag_error(d, span, "invalid regular expression '%.*s%s': %s", (int)n, pat.ptr ? pat.ptr : "", cut, err);
        return NULL;
    }
    diag_error(d, span, "regular expression '%.*s%s' is refused: %s", (int)n, pat.ptr ? pat.ptr : "", cut, err);
    diag_hint(d, "a pattern may have at most %d bytes, compile to at most %d KiB and nest parentheses "
              "%d deep; nested or large {n,m} repetitions multiply its size",
              RX_MAX_PATTERN, RX_MAX_COMPILED / 1024, RX_MAX_NEST);
    return NULL;
}

int rx_groups(const Rx *re) { return re->groups; }

int rx_match(Rx *re, Str s, size_t start, long *so, long *eo, int n_groups, char *err, size_t err_n)
{
    int rc = pcre2_match(re->code, (PCRE2_SPTR)(s.len ? s.ptr : ""), s.len, start, 0, re->md, re->mctx);
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    if (rc < 0) {
        switch (rc) {
        case PCRE2_ERROR_MATCHLIMIT:
        case PCRE2_ERROR_DEPTHLIMIT:
            snprintf(err, err_n, "matching gave up after %d backtracking steps", RX_MATCH_LIMIT);
            break;
        case PCRE2_ERROR_HEAPLIMIT:
        case PCRE2_ERROR_JIT_STACKLIMIT:
            snprintf(err, err_n, "matching needed more than %d MiB of backtracking memory",
                     RX_HEAP_LIMIT_KIB / 1024);
            break;
        default: {
            PCRE2_UCHAR msg[160];
            if (pcre2_get_error_message(rc, msg, sizeof msg) < 0) snprintf((char *)msg, sizeof msg, "error %d", rc);
            snprintf(err, err_n, "matching failed: %s", (const char *)msg);
        }
        }
        return -1;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
    uint32_t pairs = pcre2_get_ovector_count(re->md);
    for (int g = 0; g <= n_groups; g++) {
        if ((uint32_t)g >= pairs || ov[2 * g] == PCRE2_UNSET) {
            so[g] = eo[g] = -1;
            continue;
        }
        so[g] = (long)ov[2 * g];
        eo[g] = (long)ov[2 * g + 1];
    }
    return 1;
}
