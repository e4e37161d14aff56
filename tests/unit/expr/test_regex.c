/* Unit tests: regular expressions (rx, regexp_extract) — Java-like syntax
 * through PCRE2, and the limits that keep hostile patterns from crashing,
 * exhausting memory or running for minutes. */
#include <criterion/criterion.h>
#include <string.h>

#include "engine/expr/rx.h"
#include "helpers.h"

static Arena *A;
static void setup(void) { A = arena_new(); }
static void teardown(void) { arena_free(A); }
TestSuite(regex, .init = setup, .fini = teardown);

static const char *one(Expr *e)
{
    Batch *b = fixture(A);
    b->n_rows = b->n_sel = 1;
    return eval_str(A, e, b);
}

static const char *extract(const char *s, const char *pat, int64_t g)
{
    return one(fn(A, "regexp_extract", 3, lit_s(A, s), lit_s(A, pat), lit_i(A, g)));
}

/* The error of regexp_extract(s, pat, 0) at construction, which must be
 * on the pattern literal. */
static const char *refused(const char *pat, const char **hint)
{
    Expr *p = lit_s(A, pat);
    p->span = (Span){20, 7};
    Expr *args[3] = {coln(A, 2, TYPE_TEXT, "s"), p, lit_i(A, 0)};
    Diag d = {0};
    Expr *e = expr_call(A, "regexp_extract", args, 3, (Span){3, 40}, &d);
    cr_assert_null(e);
    cr_assert(d.set);
    cr_assert_eq(d.span.off, 20);
    cr_assert_eq(d.span.len, 7);
    const char *msg = arena_strdup(A, d.message);
    if (hint) *hint = d.hint ? arena_strdup(A, d.hint) : NULL;
    diag_clear(&d);
    return msg;
}

static char *repeat(const char *unit, int n, const char *tail)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *s = arena_alloc(A, u * (size_t)n + t + 1);
    for (int i = 0; i < n; i++) memcpy(s + u * (size_t)i, unit, u);
    memcpy(s + u * (size_t)n, tail, t + 1);
    return s;
}

Test(regex, java_like_syntax)
{
    /* Leftmost-first alternation and lazy quantifiers, as Java (POSIX
     * gave the longest match: 'ab' and 'aaa'). */
    cr_assert_str_eq(extract("ab", "(a|ab)", 1), "a");
    cr_assert_str_eq(extract("aaa", "(a*?)", 1), "");
    cr_assert_str_eq(extract("aaa", "(a+?)", 1), "a");
    /* Classes, lookaround, named and non-capturing groups, \uhhhh. */
    cr_assert_str_eq(extract("id: abc_9!", "(\\w+)!", 1), "abc_9");
    cr_assert_str_eq(extract("price 42 EUR", "\\d+(?= EUR)", 0), "42");
    cr_assert_str_eq(extract("k=v", "(?<key>\\w)=(?:\\w)", 1), "k");
    cr_assert_str_eq(extract("caf\xc3\xa9!", "\\u00e9(.)", 1), "!");
    cr_assert_str_eq(extract("ABC", "(?i)(b)", 1), "B");
    /* `.` is one UTF-8 character and does not cross a line end. */
    cr_assert_str_eq(extract("\xc3\xa9x", "^(.)", 1), "\xc3\xa9");
    cr_assert_str_eq(extract("a\nb", "(a.b)", 1), "");
    cr_assert_str_eq(extract("a\nb", "(?s)(a.b)", 1), "a\nb");
}

Test(regex, invalid_utf8_subject_never_matches_bad_bytes)
{
    cr_assert_str_eq(extract("a\xff" "b", "(b)", 1), "b");
    cr_assert_str_eq(extract("a\xff" "b", "(a.b)", 1), "");
}

Test(regex, hostile_patterns_refused_at_construction)
{
    const char *hint = NULL;
    cr_assert_str_eq(refused("(.*){1,32000}[bc]", &hint),
                     "regular expression '(.*){1,32000}[bc]' is refused: regular expression is too "
                     "large at offset 17");
    cr_assert_str_eq(hint, "a pattern may have at most 8192 bytes, compile to at most 32 KiB and nest "
                           "parentheses 100 deep; nested or large {n,m} repetitions multiply its size");
    cr_assert_str_eq(refused("(a{1,32767}){1,32767}", NULL),
                     "regular expression '(a{1,32767}){1,32767}' is refused: regular expression is too "
                     "large at offset 21");
    cr_assert_str_eq(refused(repeat("a", 8193, ""), NULL),
                     "regular expression 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' "
                     "is refused: pattern is too long: 8193 bytes, the limit is 8192");
    const char *deep = refused(repeat("(", 101, "a"), NULL);
    cr_assert(strstr(deep, "is refused: parentheses are too deeply nested") != NULL, "%s", deep);
    cr_assert_str_eq(refused("(", NULL), "invalid regular expression '(': missing closing parenthesis at offset 1");
}

Test(regex, compiled_size_is_checked)
{
    /* Under PCRE2's own size limit (64 KiB here) but over ours. */
    char err[256];
    bool limit = false;
    Rx *re = rx_compile((Str){"(?:[a-z]x){1000}", 16}, NULL, err, sizeof err, &limit);
    cr_assert_null(re);
    cr_assert(limit);
    cr_assert_str_eq(err, "pattern is too large: it compiles to 41143 bytes, the limit is 32768");
    re = rx_compile((Str){"(?:[a-z]x){500}", 15}, NULL, err, sizeof err, &limit);
    cr_assert_not_null(re);
    cr_assert_not(limit);
    rx_free(re);
}

Test(regex, backtracking_is_bounded)
{
    char err[256];
    bool limit;
    Rx *re = rx_compile((Str){"^(a|a?)+$", 9}, A, err, sizeof err, &limit);
    cr_assert_not_null(re);
    const char *s = repeat("a", 40, "b");
    long so[2], eo[2];
    cr_assert_eq(rx_match(re, (Str){s, 41}, 0, so, eo, 1, err, sizeof err), -1);
    cr_assert_str_eq(err, "matching gave up after 1000000 backtracking steps");
    /* The same pattern still matches what it should. */
    cr_assert_eq(rx_match(re, (Str){"aaa", 3}, 0, so, eo, 1, err, sizeof err), 1);
    cr_assert_eq(so[0], 0);
    cr_assert_eq(eo[0], 3);
}

Test(regex, constant_subject_over_the_limit_is_an_error)
{
    Expr *args[3] = {lit_s(A, repeat("a", 40, "b")), lit_s(A, "^(a|a?)+$"), lit_i(A, 0)};
    cr_assert_str_eq(call_error(A, "regexp_extract", 3, args, NULL),
                     "regexp_extract: matching gave up after 1000000 backtracking steps");
}

/* The first row error's message, NUL-terminated in A. */
static const char *first_row_error(const RowErrors *errs)
{
    Str msg = expr_row_error_first(errs);
    cr_assert_str_eq(errs->effects[0], "NULL");
    return arena_strndup(A, msg.ptr, msg.len);
}

Test(regex, data_patterns_count_row_errors)
{
    static const char *const pats[] = {"(b)", "(", "(a{1,32767}){1,32767}", "NULL", "^(a|a?)+$", "(b)"};
    Batch *b = batch_of(A, TYPE_TEXT, 6, pats);
    Expr *subject = lit_s(A, repeat("a", 40, "b"));
    Expr *e = fn(A, "regexp_extract", 3, subject, coln(A, 0, TYPE_TEXT, "p"), lit_i(A, 0));
    RowErrors errs = {0};
    ExprCtx ctx = {.errors = &errs};
    cr_assert_str_eq(eval_str_ctx(A, &ctx, e, b), "b,NULL,NULL,NULL,NULL,b");
    cr_assert_eq(errs.batch, 3);
    cr_assert_str_eq(first_row_error(&errs), "regexp_extract: regular expression '(' from the data does not compile: "
                                 "missing closing parenthesis at offset 1");
    /* A bounded match on a data subject with a constant pattern. */
    static const char *const subj[] = {"aab", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "aa"};
    Batch *b2 = batch_of(A, TYPE_TEXT, 3, subj);
    Expr *e2 = fn(A, "regexp_extract", 2, coln(A, 0, TYPE_TEXT, "s"), lit_s(A, "^(a|a?)+$"));
    RowErrors errs2 = {0};
    ExprCtx ctx2 = {.errors = &errs2};
    cr_assert_str_eq(eval_str_ctx(A, &ctx2, e2, b2), ",NULL,");
    cr_assert_eq(errs2.batch, 1);
    cr_assert_str_eq(first_row_error(&errs2), "regexp_extract: matching 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab' against "
                                  "'^(a|a?)+$': matching gave up after 1000000 backtracking steps");
    sb_free(&errs.shown);
    sb_free(&errs2.shown);
}
