/* rx — regular expressions for patterns nobody vetted (PCRE2, with limits).
 *
 * Every regular expression of the language (regexp_extract, regex
 * delimiters of split) goes through here. Syntax: PCRE2 with UTF-8, Java's
 * \uhhhh and \x{h..} escapes, and any Unicode line end as newline (as
 * Java's `.` and `$`); see docs/language.md for what still differs from
 * Java. A pattern may come from the query or from the data, so compiling
 * and matching are bounded:
 *   - a pattern is at most RX_MAX_PATTERN bytes and compiles to at most
 *     RX_MAX_COMPILED bytes, with parentheses nested at most RX_MAX_NEST
 *     deep (no recursion on the C stack: PCRE2 compiles on the heap);
 *   - one match gives up after RX_MATCH_LIMIT backtracking steps, with at
 *     most RX_HEAP_LIMIT_KIB KiB of backtracking memory;
 * and going over a limit is an error (a message), never a crash, a hang
 * or an unbounded allocation. Patterns are JIT-compiled when the platform
 * allows it (same results, same match limit). No global state. */
#ifndef SLUICE_RX_H
#define SLUICE_RX_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/base/arena.h"
#include "engine/base/diag.h"
#include "engine/base/types.h"

#define RX_MAX_PATTERN    8192          /* bytes of pattern text */
#define RX_MAX_COMPILED   (32 * 1024)   /* bytes of compiled pattern */
#define RX_MAX_NEST       100           /* nested parentheses */
#define RX_MATCH_LIMIT    1000000       /* backtracking steps per match */
#define RX_HEAP_LIMIT_KIB (64 * 1024)   /* backtracking memory per match */
#define RX_MAX_GROUPS     64            /* capturing groups one can ask for */

typedef struct Rx Rx;

/* Compile pattern `pat` (any bytes; not NUL-terminated). On success returns
 * a pattern owned by the caller (rx_free) or, when `owner` is not NULL,
 * freed with that arena (reset or free). On failure returns NULL, writes
 * the reason into err (err_n bytes, e.g. "missing closing parenthesis at
 * character 3", "pattern is too long: 9000 bytes, the limit is 8192") and
 * sets *is_limit when a limit was the reason. */
Rx *rx_compile(Str pat, Arena *owner, char *err, size_t err_n, bool *is_limit);
void rx_free(Rx *re);

/* rx_compile(pat, owner) for a pattern written in the query: on failure
 * fills d with an error on `span` (the pattern literal) and returns NULL:
 *   invalid regular expression '(': missing closing parenthesis at offset 1
 *   regular expression '(a{1,32767}){1,32767}' is refused: <limit>
 *     (with a hint giving the limits). */
Rx *rx_compile_diag(Str pat, Arena *owner, Span span, Diag *d);

/* Capturing groups of the pattern (0 for none). */
int rx_groups(const Rx *re);

/* Match re against s from byte `start` (s is the whole subject, so ^ and
 * lookbehind see what precedes start). Returns 1 and fills so[g], eo[g]
 * (byte offsets; -1 for a group that did not take part) for g in
 * [0, n_groups] when it matches, 0 when it does not, -1 when a limit was
 * hit (message in err). n_groups <= rx_groups(re) and < RX_MAX_GROUPS. */
int rx_match(Rx *re, Str s, size_t start, long *so, long *eo, int n_groups,
             char *err, size_t err_n);

#endif
