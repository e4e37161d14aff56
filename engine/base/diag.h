/* diag — error reports that point at the source text.
 *
 * A Span is a byte range of the statement text being run (the whole script
 * or -e string), so every stage can blame the exact characters. A Diag
 * collects one error: message, optional detail and hint, optional span.
 * diag_render turns it into the user-visible block:
 *
 *   error: column "latncy" does not exist
 *     at line 2, column 12:
 *       SELECT latncy FROM logs
 *              ^^^^^^
 *   hint: did you mean "latency"?
 *
 * Functions that can fail take a Diag *, fill it, and return -1 (or NULL).
 * The Diag owns its strings (heap); diag_clear frees them. */
#ifndef SLUICE_DIAG_H
#define SLUICE_DIAG_H

#include <stdbool.h>
#include <stdint.h>

#include "strbuf.h"

typedef struct Span {
    uint32_t off;   /* byte offset into the source text */
    uint32_t len;   /* 0 = a point (caret under one column) */
} Span;

#define SPAN_NONE ((Span){UINT32_MAX, 0})
static inline bool span_valid(Span s) { return s.off != UINT32_MAX; }
/* The smallest span covering both (either may be SPAN_NONE). */
Span span_join(Span a, Span b);

typedef struct Diag {
    bool set;         /* an error was reported */
    char *message;
    char *detail;     /* optional extra facts */
    char *hint;       /* optional suggestion */
    Span span;
} Diag;

/* Record an error (the first one wins: later calls are ignored while set).
 * Returns -1 so callers can `return diag_error(...)`. */
int diag_error(Diag *d, Span span, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_hint(Diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void diag_detail(Diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void diag_clear(Diag *d);

/* Append the rendered error to out. src_name names the script ("-e" text
 * passes NULL); src is the text spans refer to (may be NULL). */
void diag_render(const Diag *d, const char *src_name, const char *src,
                 StrBuf *out);

/* 1-based line and column (in bytes) of a byte offset. */
void diag_position(const char *src, uint32_t off, int *line, int *col);

/* Of the candidates, the one closest to `name` by edit distance, if close
 * enough to be a plausible typo; NULL otherwise. Case-insensitive. */
const char *diag_closest(const char *name, const char *const *candidates,
                         int n);

#endif
